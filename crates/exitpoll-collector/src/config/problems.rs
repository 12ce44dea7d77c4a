//! The problems of a collector config, each at its place in the TOML file,
//! and the list of them as `check-config` and `serve` print it: one problem
//! a line, `line N: key.path: what is wrong`, in the order of the file.
//!
//! Both checks of the file report here: the shape ([`super::shape`]: unknown
//! keys, missing keys, wrong types) and the values (addresses, origins,
//! ranges, ...), so one run lists everything an operator has to fix.

use std::ops::Range;

/// A problem with a key or value of the TOML file, or with the file as a whole.
#[derive(Debug)]
pub struct Problem {
    /// The byte offset of the key or value concerned; `None` for what no line
    /// of the file holds (a value from the environment, a table left out).
    pub offset: Option<usize>,
    /// The key path, such as `sites[0].origins[1]`; empty for a syntax error.
    pub path: String,
    pub message: String,
}

/// Every problem found, in the order found.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// A problem with the key or value at `span`.
    pub fn at(&mut self, span: Range<usize>, path: impl Into<String>, message: impl Into<String>) {
        self.push(Some(span), path, message);
    }

    /// A problem at `span`, or one that no line of the file holds.
    pub fn push(&mut self, span: Option<Range<usize>>, path: impl Into<String>, message: impl Into<String>) {
        let offset = span.map(|s| s.start);
        self.0.push(Problem { offset, path: path.into(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a problem concerns `path` itself or a key inside it
    /// (`sites[0]` holds `sites[0].id` and `sites[0].webhooks[1].url`).
    pub fn within(&self, path: &str) -> bool {
        self.0.iter().any(|p| {
            p.path.strip_prefix(path).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }

    pub fn append(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// The list as printed, `text` being the file the offsets are in: the
    /// problems no line holds first, then by line (and by place on a line);
    /// a message of several lines has the later ones indented.
    pub fn render(mut self, text: &str) -> String {
        self.0.sort_by_key(|p| p.offset);
        let lines: Vec<String> = self
            .0
            .iter()
            .map(|p| {
                let line = p.offset.map(|o| format!("line {}: ", line_of(text, o))).unwrap_or_default();
                let path = if p.path.is_empty() { String::new() } else { format!("{}: ", p.path) };
                format!("{line}{path}{}", p.message.replace('\n', "\n  "))
            })
            .collect();
        match lines.as_slice() {
            [one] => one.clone(),
            _ => format!("{} problems:\n{}", lines.len(), lines.join("\n")),
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1
}
