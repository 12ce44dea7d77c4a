//! `cat!`: a message built from pieces, without `core::fmt`.
//!
//! The crates the widget's WebAssembly is made of build their messages with
//! `cat!["at most ", MAX_KEYS, " keys, found ", n]` instead of `format!`, so
//! the module carries no `core::fmt::write` and builds no format arguments at
//! each message (ARCHITECTURE.md, "Size").
//! Pieces are strings, integers and the few types below; the output is the
//! same text `format!("{}")` gives for them.
use alloc::string::String;

/// The macro's output type, reachable from other crates as `$crate::cat::Text`.
#[doc(hidden)]
pub type Text = String;

/// Something that can be appended to a message.
pub trait Piece {
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

macro_rules! via_i64 {
    ($($t:ty)*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                crate::json::push_i64(out, i64::from(*self));
            }
        }
    )*};
}
via_i64!(u8 u16 u32 i32 i64);

macro_rules! via_u64 {
    ($($t:ty)*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                crate::json::push_u64(out, *self as u64);
            }
        }
    )*};
}
via_u64!(usize u64);

/// Concatenates pieces (see [`Piece`]) into a `String`.
#[macro_export]
macro_rules! cat {
    () => {
        $crate::cat::Text::new()
    };
    ($($piece:expr),+ $(,)?) => {{
        let mut out = $crate::cat::Text::new();
        $( $crate::cat::Piece::push_to(&$piece, &mut out); )+
        out
    }};
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    fn pieces_read_as_format_would_write_them() {
        let (name, count, big, neg) = ("q1".to_owned(), 3usize, u64::MAX, -42i64);
        let kind: &str = "an object";
        let got =
            crate::cat!["\"", name, "\" has ", count, " of ", big, ", ", neg, "; found ", kind, 7u8, ""];
        assert_eq!(got, format!("\"{name}\" has {count} of {big}, {neg}; found {kind}7"));
        assert_eq!(crate::cat![], "");
    }
}
