//! Problems found in input, each with the JSON path where it was found.
//!
//! Validation never stops at the first problem: a merchant fixing a config wants
//! the whole list, and the widget wants to know which surveys are still usable.
//! Paths are built on the stack as a linked list and rendered only when a
//! problem is actually reported, so validating a good config allocates nothing
//! for them.
use crate::cat;
use crate::prelude::*;

use crate::cat::Piece;
use core::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The value cannot be used; the enclosing survey (or the whole input) is dropped.
    Error,
    /// The value is ignored but everything else still works, such as an unknown field.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is, such as `surveys[2].questions[0].choices`.
    pub path: String,
    pub message: String,
    pub severity: Severity,
}

impl Piece for Problem {
    fn push_to(&self, out: &mut String) {
        out.push_str(if self.path.is_empty() { "(root)" } else { &self.path });
        out.push_str(": ");
        out.push_str(&self.message);
        if self.severity == Severity::Warning {
            out.push_str(" (ignored)");
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&cat![self])
    }
}

impl core::error::Error for Problem {}

/// A location in a JSON document.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    pub const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };

    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Key(key) }
    }

    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Index(index) }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.render_into(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Index(i) => {
                out.push('[');
                crate::json::push_u64(out, i as u64);
                out.push(']');
            }
        }
    }

    /// Whether `rendered` names this path or a place inside it.
    pub fn contains(&self, rendered: &str) -> bool {
        let own = self.render();
        rendered == own
            || rendered
                .strip_prefix(own.as_str())
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    }
}

/// The list of problems found so far.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn error(&mut self, path: &Path<'_>, message: impl Into<String>) {
        self.push(path, message.into(), Severity::Error);
    }

    pub fn warn(&mut self, path: &Path<'_>, message: impl Into<String>) {
        self.push(path, message.into(), Severity::Warning);
    }

    fn push(&mut self, path: &Path<'_>, message: String, severity: Severity) {
        self.0.push(Problem { path: path.render(), message, severity });
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|p| p.severity == Severity::Error)
    }

    /// Number of errors so far; compare before and after decoding a part to
    /// learn whether that part was valid.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|p| p.severity == Severity::Error).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// One problem per line.
impl Piece for Problems {
    fn push_to(&self, out: &mut String) {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            p.push_to(out);
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&cat![self])
    }
}
