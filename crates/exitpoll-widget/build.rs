//! Minifies the dialog's stylesheet (`src/dialog.css`) into `OUT_DIR`: the
//! comments and the whitespace go, which is 2.6 KB of the module (0.7 KB
//! gzip, 2026-12-03). The stylesheet is ours and simple (no strings with
//! braces, no `url()`), so removing comments and the whitespace around
//! punctuation is all a minifier would do to it that matters here.
use std::path::Path;

fn minify(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        let tight = |c: char| "{};,>:".contains(c);
        // A space before ':' matters in selectors (`.ep :focus-visible`);
        // the stylesheet never puts one before a declaration's colon.
        let keep = !tight(c) || c == ':';
        if pending_space && keep && !out.is_empty() && !out.ends_with(tight) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out.replace(";}", "}")
}

fn main() {
    let source = Path::new("src/dialog.css");
    println!("cargo:rerun-if-changed={}", source.display());
    let css = std::fs::read_to_string(source).expect("src/dialog.css is readable");
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("dialog.min.css");
    std::fs::write(out, minify(&css)).expect("OUT_DIR is writable");
}
