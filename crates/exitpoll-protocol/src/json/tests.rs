use super::*;
#[allow(unused_imports)]
use crate::prelude::*;
use proptest::prelude::*;

#[test]
fn parses_and_writes_back() {
    let cases = [
        ("null", "null"),
        (" true ", "true"),
        ("false", "false"),
        ("0", "0"),
        ("-12.50e+3", "-12.50e+3"),
        (r#""a\"b\\c\/d""#, r#""a\"b\\c/d""#),
        (r#""\u00e9\ud83d\ude00""#, "\"é😀\""),
        ("[1, [2, []], {}]", "[1,[2,[]],{}]"),
        (r#"{"b": 1, "a": {"c": [true]}}"#, r#"{"b":1,"a":{"c":[true]}}"#),
        (r#"{"a": 1, "a": 2}"#, r#"{"a":2}"#),
        ("\"line\nbreak\"", "invalid"),
    ];
    for (input, want) in cases {
        match parse(input) {
            Ok(v) => assert_eq!(v.to_json(), want, "{input}"),
            Err(_) => assert_eq!(want, "invalid", "{input}"),
        }
    }
}

#[test]
fn errors_name_the_offset() {
    let cases = [
        ("", 0, "unexpected end of input"),
        ("[1,]", 3, "unexpected character"),
        ("{\"a\" 1}", 5, "expected ':'"),
        ("{a: 1}", 1, "expected a string key"),
        ("01", 1, "unexpected text after the JSON value"),
        ("1.", 2, "invalid number"),
        ("-", 1, "invalid number"),
        ("\"abc", 4, "unterminated string"),
        (r#""\x""#, 3, "invalid escape"),
        (r#""\ud800x""#, 7, "unpaired surrogate"),
        ("tru", 0, "unexpected character"),
        ("[1] [2]", 4, "unexpected text after the JSON value"),
    ];
    for (input, offset, message) in cases {
        let e = parse(input).expect_err(input);
        assert_eq!((e.offset, e.message), (offset, message), "{input}");
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert_eq!(parse(&deep).unwrap_err().message, "nested too deeply");
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&ok).is_ok());
    let hostile = "[".repeat(1_000_000);
    assert!(parse(&hostile).is_err());
}

#[test]
fn numbers() {
    let cases = [
        ("3", Some(3), 3.0),
        ("3.0", Some(3), 3.0),
        ("3.5", None, 3.5),
        ("-7", Some(-7), -7.0),
        ("1e3", Some(1000), 1000.0),
        ("12.5e-1", None, 1.25),
        ("84.50", None, 84.5),
        ("0.1", None, 0.1),
        ("123456789012345678", Some(123_456_789_012_345_678), 1.234_567_890_123_456_8e17),
    ];
    for (text, int, float) in cases {
        let n = Number::parse(text).unwrap();
        assert_eq!(n.as_i64(), int, "{text}");
        assert!((n.as_f64() - float).abs() <= float.abs() * 1e-15, "{text}: {}", n.as_f64());
    }
    assert!(Number::parse("1.").is_none());
    assert!(Number::parse("+1").is_none());
    assert!(Number::from_f64(f64::NAN).is_none());
    assert_eq!(Number::from_f64(2.0).unwrap().as_str(), "2");
}

#[test]
fn strings_are_escaped_for_json_and_script_contexts() {
    let mut out = String::new();
    push_str_literal(&mut out, "a\"b\\c\n\u{1}\u{2028}</script>");
    assert_eq!(out, r#""a\"b\\c\n\u0001\u2028</script>""#);
    assert_eq!(parse(&out).unwrap().as_str(), Some("a\"b\\c\n\u{1}\u{2028}</script>"));
}

#[test]
fn object_writer() {
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.str("a", "x").int("b", -3).bool("c", true).raw("d", "[1]").value("e", &Value::Null);
    o.finish();
    assert_eq!(out, r#"{"a":"x","b":-3,"c":true,"d":[1],"e":null}"#);
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(Number::from_i64(n))),
        (-1e6f64..1e6).prop_map(|f| Value::Number(Number::from_f64(f).unwrap())),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-z]{0,4}", inner), 0..6).prop_map(|pairs| {
                let mut m = Map::default();
                for (k, v) in pairs {
                    m.insert(&k, v);
                }
                Value::Object(m)
            }),
        ]
    })
}

proptest! {
    #[test]
    fn string_literals_parse_back_and_are_script_safe(text in any::<String>(), mix in "[\\x00-\\x7f\u{2028}\u{2029}\u{2027}\u{202a}é€\\\\\"]{0,24}") {
        for s in [text, mix] {
            let mut out = String::new();
            push_str_literal(&mut out, &s);
            let back = parse(&out).unwrap();
            prop_assert_eq!(back.as_str(), Some(s.as_str()));
            let separators = ['\u{2028}', '\u{2029}'];
            prop_assert!(!out.contains(separators), "a raw line separator in {:?}", out);
            prop_assert!(!out.bytes().any(|b| b < 0x20), "a raw control character in {:?}", out);
        }
    }

    #[test]
    fn parser_never_panics(text in ".{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn parser_never_panics_on_json_like_bytes(text in r#"[\[\]{}",:0-9a-z\\ .eE+-]{0,120}"#) {
        let _ = parse(&text);
    }

    #[test]
    fn written_values_parse_back_equal(v in arb_value()) {
        let text = v.to_json();
        prop_assert_eq!(parse(&text).unwrap(), v);
    }

    #[test]
    fn agrees_with_serde_json_on_validity(text in r#"[\[\]{}",:0-9a-z .-]{0,40}"#) {
        prop_assert_eq!(parse(&text).is_ok(), serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{}", text);
    }
}

/// JSON text with what tells parsers apart: numbers written in every form,
/// escapes, repeated keys, whitespace.
fn arb_json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,3})?",
        r#""([a-c /]|\\n|\\/|\\"|\\u00e9|\\ud83d\\ude00|é){0,4}""#,
    ];
    let gap = || prop_oneof![Just(""), Just(" "), Just("\n\t")];
    leaf.prop_recursive(4, 32, 4, move |inner| {
        prop_oneof![
            prop::collection::vec((gap(), inner.clone()), 0..4).prop_map(|items| {
                let items: Vec<String> = items.into_iter().map(|(g, v)| format!("{g}{v}{g}")).collect();
                format!("[{}]", items.join(","))
            }),
            prop::collection::vec(("[ab]\\\\?n?", gap(), inner), 0..4).prop_map(|pairs| {
                let pairs: Vec<String> =
                    pairs.into_iter().map(|(k, g, v)| format!("\"{k}\"{g}:{g}{v}")).collect();
                format!("{{{}}}", pairs.join(","))
            }),
        ]
    })
}

#[test]
fn from_text_reads_as_parse_does() {
    for text in [
        r#"{"b": 1, "a": {"c": [true, null]}, "b": 3}"#,
        r#"[84.50, -0, 1e400, 1E+2, 12345678901234567890123, "caf\u00e9 \ud83d\ude00", "a\/b"]"#,
        r#"{"a\u0062": "x", "ab": "y"}"#,
    ] {
        assert_eq!(from_text(text).unwrap(), parse(text).unwrap(), "{text}");
    }
    assert_eq!(from_text(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap().to_json(), r#"{"b":3,"a":2}"#);
    assert_eq!(from_text("[84.50, 1e400]").unwrap().to_json(), "[84.50,1e400]");
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert_eq!(from_text(&ok).unwrap(), parse(&ok).unwrap());
}

#[test]
fn from_text_errors_name_the_line_and_column() {
    let cases = [
        ("", "EOF while parsing a value at line 1 column 0"),
        ("{\"a\" 1}", "expected `:` at line 1 column 6"),
        ("[1,]", "trailing comma at line 1 column 4"),
        ("[1] [2]", "trailing characters at line 1 column 5"),
        (
            "\"line\nbreak\"",
            "control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0",
        ),
        // Found on reading a part again, and still placed in the whole text.
        ("[{\"a\": [\n  \"\\ud800\"]}]", "unexpected end of hex escape at line 2 column 10"),
    ];
    for (text, want) in cases {
        assert_eq!(from_text(text).unwrap_err().to_string(), want, "{text:?}");
    }
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert_eq!(from_text(&deep).unwrap_err().to_string(), "nested too deeply at line 1 column 66");
    let hostile = "[".repeat(1_000_000);
    assert!(from_text(&hostile).is_err());
}

proptest! {
    #[test]
    fn from_text_agrees_with_parse(text in arb_json_text()) {
        prop_assert_eq!(from_text(&text).ok(), parse(&text).ok(), "{}", text);
    }

    #[test]
    fn from_text_agrees_with_parse_on_validity(text in r#"[\[\]{}",:0-9a-z\\ .eE+-]{0,60}"#) {
        prop_assert_eq!(from_text(&text).is_ok(), parse(&text).is_ok(), "{}", text);
    }
}
