//! URL path globs: `*` matches any run of characters, everything else itself.
use crate::prelude::*;

/// Whether `path` matches `pattern`. Runs in O(len(path) * stars) with no
/// recursion, so a hostile pattern cannot blow up.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let p = pattern.as_bytes();
    let s = path.as_bytes();
    let (mut pi, mut si) = (0, 0);
    // Where the last `*` was, and how much of `s` it has swallowed so far.
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if pi < p.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Whether `path` matches any of `patterns`.
pub fn any_match(patterns: &[String], path: &str) -> bool {
    patterns.iter().any(|p| glob_match(p, path))
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn table() {
        let cases = [
            ("*", "/anything/at/all", true),
            ("*", "", true),
            ("/cart", "/cart", true),
            ("/cart", "/cart/", false),
            ("/basket*", "/basket", true),
            ("/basket*", "/basket/items", true),
            ("/basket*", "/bask", false),
            ("/done/*", "/done/123", true),
            ("/done/*", "/done", false),
            ("/products/*/reviews", "/products/shoe/reviews", true),
            ("/products/*/reviews", "/products/shoe/specs", false),
            ("*/checkout*", "/en-gb/checkout/step-2", true),
            ("/a*b*c", "/aXbYc", true),
            ("/a*b*c", "/aXcYb", false),
            ("**", "/x", true),
        ];
        for (pattern, path, want) in cases {
            assert_eq!(glob_match(pattern, path), want, "{pattern} vs {path}");
        }
    }

    #[test]
    fn hostile_pattern_is_fast_and_false() {
        let pattern = "*a".repeat(50) + "b";
        let path = "a".repeat(2000);
        assert!(!glob_match(&pattern, &path));
    }
}
