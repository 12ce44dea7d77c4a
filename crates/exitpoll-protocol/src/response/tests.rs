use super::*;
use crate::config::SiteConfig;
#[allow(unused_imports)]
use crate::prelude::*;
use expect_test::{Expect, expect};
use proptest::prelude::*;

const SPEC_SNAPSHOT: &str = r#"{ "responses": [ {
    "response_id": "0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f",
    "revision": 2,
    "survey_id": "cart-exit",
    "status": "completed",
    "answers": { "reason": "price", "offer": "clicked" },
    "shown_at": "2026-11-22T10:00:00.000Z",
    "updated_at": "2026-11-22T10:00:09.000Z",
    "visitor_id": "v_5f2c9a", "session_id": "s_91ab",
    "trigger": "exit_intent", "stage": "cart", "device": "desktop", "locale": "en",
    "page_url": "https://shop.example/cart",
    "context": { "cart_value": 84.5, "currency": "EUR", "utm_source": "newsletter" }
} ] }"#;

const QUESTIONS: &str = r#"{"site": "s", "surveys": [{"id": "all", "trigger": {"type": "manual"}, "questions": [
    {"id": "nps", "type": "nps", "prompt": "x"},
    {"id": "rating", "type": "rating", "prompt": "x", "scale": 5},
    {"id": "one", "type": "single_choice", "prompt": "x", "allow_other": true, "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
    {"id": "closed", "type": "single_choice", "prompt": "x", "choices": [{"id": "a", "label": "A"}]},
    {"id": "many", "type": "multiple_choice", "prompt": "x", "max_selections": 2, "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]},
    {"id": "text", "type": "text", "prompt": "x", "max_length": 10},
    {"id": "email", "type": "email", "prompt": "x"},
    {"id": "cta", "type": "cta", "prompt": "x", "button": "Go", "code": "C"}
]}]}"#;

fn snapshot_with(answers: &str) -> String {
    SPEC_SNAPSHOT.replace(r#"{ "reason": "price", "offer": "clicked" }"#, answers).replace("cart-exit", "all")
}

/// Decodes a batch and checks it against the test survey; compares every problem.
fn check(body: &str, want: Expect) {
    let config = SiteConfig::decode(QUESTIONS).into_strict().unwrap();
    let mut problems = match decode_batch(body) {
        Err(p) => p,
        Ok(list) => {
            let mut p = Problems::default();
            let root = Path::ROOT;
            let at = root.key("responses");
            for (i, s) in list.iter().enumerate() {
                s.check_against(&config.surveys[0], &at.index(i), &mut p);
            }
            p
        }
    };
    problems.0.retain(|p| p.severity == crate::Severity::Error);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    want.assert_eq(&if text.is_empty() { "ok".to_owned() } else { text.join("\n") });
}

#[test]
fn the_spec_example_decodes() {
    let list = decode_batch(SPEC_SNAPSHOT).unwrap();
    let s = &list[0];
    assert_eq!(s.revision, 2);
    assert_eq!(s.status, ResponseStatus::Completed);
    assert_eq!(s.answer("reason"), Some(&Answer::Text("price".into())));
    assert_eq!(s.shown_at, 1_795_341_600_000);
    assert_eq!(s.stage, Some(Stage::Cart));
    assert_eq!(s.context.get("cart_value").unwrap().to_json(), "84.5");
}

#[test]
fn snapshots_round_trip_through_their_wire_form() {
    let s = decode_batch(SPEC_SNAPSHOT).unwrap().remove(0);
    let again = decode_batch(&encode_batch([&s])).unwrap().remove(0);
    assert_eq!(again, s);
}

#[test]
fn every_answer_type_is_checked_against_its_question() {
    check(
        &snapshot_with(
            r#"{"nps": 10, "rating": 5, "one": {"other": "too pricey"}, "many": ["a", "c"], "text": "short", "email": "a@b.co", "cta": "clicked"}"#,
        ),
        expect!["ok"],
    );
    check(
        &snapshot_with(
            r#"{"nps": 11, "rating": 0, "one": "z", "closed": {"other": "x"}, "many": ["a", "a", "d"], "text": "far too long here", "email": "nope", "cta": "yes", "ghost": 1}"#,
        ),
        expect![[r#"
            responses[0].answers.nps: must be between 0 and 10, found 11
            responses[0].answers.rating: must be between 1 and 5, found 0
            responses[0].answers.one: unknown choice "z"
            responses[0].answers.closed: this question does not allow "Other"
            responses[0].answers.many: at most 2 selections, found 3
            responses[0].answers.many[1]: choice "a" selected twice
            responses[0].answers.many[2]: unknown choice "d"
            responses[0].answers.text: at most 10 characters, found 17
            responses[0].answers.email: not an email address
            responses[0].answers.cta: expected "clicked" for a cta question
            responses[0].answers.ghost: no question "ghost" in survey "all""#]],
    );
    check(
        &snapshot_with(r#"{"nps": "ten", "one": 3, "many": "a", "text": 5, "email": ["x"]}"#),
        expect![[r#"
            responses[0].answers.nps: expected a whole number from 0 to 10 for an nps question
            responses[0].answers.one: expected a choice id or {"other": "text"} for a single_choice question
            responses[0].answers.many: expected an array of choice ids for a multiple_choice question
            responses[0].answers.text: expected a string for a text question
            responses[0].answers.email: expected an email address for an email question"#]],
    );
    // A fraction is not a whole number for any question; the decoder stops there.
    check(
        &snapshot_with(r#"{"rating": 2.5}"#),
        expect!["responses[0].answers.rating: expected a whole number, found 2.5"],
    );
}

#[test]
fn shape_and_limits() {
    check("{}", expect!["responses: missing"]);
    check(r#"{"responses": []}"#, expect!["responses: must not be empty"]);
    let many = format!(r#"{{"responses": [{}]}}"#, vec!["{}"; 51].join(","));
    check(&many, expect!["responses: at most 50 responses per request, found 51"]);
    check(
        r#"{"responses": [{"response_id": "nope", "revision": 0, "survey_id": "all", "status": "done",
            "shown_at": "yesterday", "updated_at": "2026-11-22T10:00:00Z", "stage": "basket", "context": []}]}"#,
        expect![[r#"
            responses[0].response_id: must be a UUID such as 0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f
            responses[0].revision: must be between 1 and 4294967295, found 0
            responses[0].status: unknown value "done", expected one of shown, partial, completed, dismissed
            responses[0].shown_at: must be an RFC 3339 timestamp such as 2026-11-22T10:00:09.000Z
            responses[0].stage: unknown value "basket", expected one of product, cart, checkout, thank_you, other
            responses[0].context: expected an object, found an array"#]],
    );
    let long = "x".repeat(5001);
    check(
        &snapshot_with(&format!(r#"{{"one": {{"other": "{long}"}}}}"#)),
        expect!["responses[0].answers.one: at most 5000 characters, found 5001"],
    );
}

#[test]
fn canonical_context_keys_have_fixed_types() {
    let ctx = r#"{ "order_id": 5, "order_value": "84", "currency": "euro", "cart_items": 1.5, "utm_source": "x", "custom": {"any": ["thing"]} }"#;
    check(
        &SPEC_SNAPSHOT
            .replace(r#"{ "cart_value": 84.5, "currency": "EUR", "utm_source": "newsletter" }"#, ctx)
            .replace(r#"{ "reason": "price", "offer": "clicked" }"#, "{}")
            .replace("cart-exit", "all"),
        expect![[r#"
            responses[0].context.order_id: must be a string of at most 2000 characters, found a number
            responses[0].context.order_value: must be a number, found a string
            responses[0].context.currency: must be an ISO 4217 currency code such as "EUR", found a string
            responses[0].context.cart_items: must be a whole number, found a number"#]],
    );
    let fifty_one: Vec<String> = (0..51).map(|i| format!(r#""k{i}": 1"#)).collect();
    check(
        &SPEC_SNAPSHOT
            .replace(
                r#"{ "cart_value": 84.5, "currency": "EUR", "utm_source": "newsletter" }"#,
                &format!("{{{}}}", fifty_one.join(",")),
            )
            .replace(r#"{ "reason": "price", "offer": "clicked" }"#, "{}")
            .replace("cart-exit", "all"),
        expect!["responses[0].context: at most 50 keys, found 51"],
    );
}

#[test]
fn email_and_uuid_checks() {
    for (s, ok) in [
        ("a@b.co", true),
        ("a.b+c@sub.example.org", true),
        ("a@b", false),
        ("@b.co", false),
        ("a@@b.co", false),
        ("a b@c.de", false),
        ("a@.com", false),
        ("a@b..com", false),
    ] {
        assert_eq!(is_email(s), ok, "{s}");
    }
    assert!(is_uuid("0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f"));
    assert!(!is_uuid("0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8"));
    assert!(!is_uuid("0193a1e2x7c5d-7b1e-9f00-3a4b5c6d7e8f"));
}

proptest! {
    #[test]
    fn batch_decoder_never_panics(text in ".{0,300}") {
        let _ = decode_batch(&text);
    }

    #[test]
    fn mutated_snapshots_never_panic(cut in 0usize..600, insert in ".{0,5}") {
        let mut text = SPEC_SNAPSHOT.to_owned();
        let at = cut.min(text.len());
        if text.is_char_boundary(at) {
            text.insert_str(at, &insert);
        }
        let _ = decode_batch(&text);
    }
}

/// Values for each snapshot field, valid and not, in the plain shape and out
/// of it; the property below builds bodies from them.
fn field_variants() -> Vec<(&'static str, Vec<String>)> {
    let s = |v: &str| v.to_owned();
    let long = |n: usize| format!("\"{}\"", "x".repeat(n));
    let keys =
        |n: usize| format!("{{{}}}", (0..n).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(", "));
    vec![
        (
            "response_id",
            vec![
                s(r#""0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f""#),
                s(r#""0193A1E2-7C5D-7B1E-9F00-3A4B5C6D7E8F""#),
                s(r#""not-a-uuid""#),
                s("7"),
                s("null"),
                s(r#""0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8\u0066""#),
            ],
        ),
        (
            "revision",
            vec![
                s("1"),
                s("2"),
                s("0"),
                s("-1"),
                s("4294967295"),
                s("4294967296"),
                s("2.0"),
                s("2.5"),
                s("1e0"),
                s("1E2"),
                s(r#""2""#),
                s("null"),
                s("03"),
                s("-"),
                s("2."),
            ],
        ),
        ("survey_id", vec![s(r#""cart-exit""#), s(r#""bad id""#), s(r#""""#), s("1"), s(r#""a\u0062""#)]),
        ("status", vec![s(r#""completed""#), s(r#""partial""#), s(r#""done""#), s("3")]),
        (
            "answers",
            vec![
                s("{}"),
                s(r#"{"reason": "price", "nps": 9}"#),
                s(r#"{"n": 9.0}"#),
                s(r#"{"n": 9.5}"#),
                s(r#"{"n": -0}"#),
                s(r#"{"m": ["a", "b"]}"#),
                s(r#"{"m": []}"#),
                s(r#"{"m": [1]}"#),
                s(r#"{"m": ["a",]}"#),
                s(r#"{"o": {"other": "x"}}"#),
                s(r#"{"o": {"other": null}}"#),
                s(r#"{"o": {"other": "x", "y": 1}}"#),
                s(r#"{"o": {}}"#),
                s(r#"{"o": {"othr": "x"}}"#),
                s(r#"{"a": 1, "a": 2}"#),
                s(r#"{"t": true}"#),
                s(r#"{"t": null}"#),
                s("[]"),
                s(r#"{"e": "line\nbreak"}"#),
                s("{\"u\": \"caf\u{e9} \u{1f600}\"}"),
                s(r#"{"n": 1e400}"#),
                s(r#"{"n": 999999999999999999, "k": -999999999999999999}"#),
                s(r#"{"n": 1000000000000000000}"#),
                s(r#"{"n": 18446744073709551616}"#),
                s(r#"{"o": {"other": "x", "other": "y"}}"#),
                s(r#"{"o": {"other": "a\"b"}, "m": ["a\u0062"], "r\u0065ason": "price"}"#),
                s("null"),
            ],
        ),
        (
            "shown_at",
            vec![
                s(r#""2026-11-22T10:00:00.000Z""#),
                s(r#""2026-11-22T10:00:10Z""#),
                s(r#""1999-01-01T00:00:00Z""#),
                s(r#""yesterday""#),
                s("5"),
            ],
        ),
        (
            "updated_at",
            vec![
                s(r#""2026-11-22T10:00:09.000Z""#),
                s(r#""2026-11-22T10:00:00.000Z""#),
                s(r#""2026-11-22T10:00:00+01:00""#),
            ],
        ),
        ("visitor_id", vec![s(r#""v_1""#), long(64), long(65), s("1"), s(r#""""#), s(r#""v\u005f1""#)]),
        ("session_id", vec![s(r#""s_1""#), long(65)]),
        ("trigger", vec![s(r#""exit_intent""#), long(64), s("null")]),
        ("stage", vec![s(r#""cart""#), s(r#""basket""#), s("null"), s("1")]),
        ("device", vec![s(r#""mobile""#), s(r#""phone""#)]),
        ("locale", vec![s(r#""en""#), long(35), long(36)]),
        (
            "page_url",
            vec![s(r#""https://shop.example/cart""#), long(2000), long(2001), s(r#""https:\/\/x""#)],
        ),
        (
            "context",
            vec![
                s("{}"),
                s(r#"{"cart_value": 84.5, "currency": "EUR"}"#),
                s(r#"{"currency": "eur"}"#),
                s(r#"{"cart_items": 2.5}"#),
                s(r#"{"cart_items": 3}"#),
                s(r#"{"cart_items": 3.0}"#),
                s(r#"{"x": true, "y": false}"#),
                s(r#"{"x": null}"#),
                s(r#"{"x": [1]}"#),
                s(r#"{"x": {"y": 1}}"#),
                s(r#"{"": 1}"#),
                s(r#"{"k": 1, "k": 2}"#),
                s(r#"{"order_id": 5}"#),
                s(r#"{"cart_value": "5"}"#),
                s(r#"{"utm_source": "caf\u00e9"}"#),
                format!("{{\"referrer\": {}}}", long(2001)),
                keys(50),
                keys(51),
                s(r#"{"x": tru}"#),
                s(r#"{"cart_value": 84.50, "x": [1.50, {"y": 1e2, "y": null}]}"#),
                s(r#"{"k": "a\"b", "k\u0032": -0, "order_value": 1e400}"#),
                s(r#"{"x": "\ud800"}"#),
                s("[]"),
            ],
        ),
    ]
}

/// A request body built from `picks`: which value each field takes (or none),
/// whitespace, field order, an unknown or repeated field now and then.
fn body_from(picks: &[u16], snapshots: usize) -> String {
    let fields = field_variants();
    let mut next = picks.iter().copied().cycle();
    let mut pick = |n: usize| usize::from(next.next().unwrap_or(0)) % n;
    let gaps = ["", " ", "\n\t ", "\r\n"];
    let mut items = Vec::new();
    for _ in 0..snapshots {
        // The first value of each field is the valid, plain one; up to two
        // fields take another value, or are left out.
        let mut choice = vec![Some(0); fields.len()];
        for _ in 0..pick(3) {
            let f = pick(fields.len());
            let v = pick(fields[f].1.len() + 1);
            choice[f] = (v < fields[f].1.len()).then_some(v);
        }
        let mut parts: Vec<String> = Vec::new();
        for ((name, values), choice) in fields.iter().zip(choice) {
            let Some(v) = choice else { continue };
            let gap = gaps[pick(gaps.len())];
            parts.push(format!("\"{name}\"{gap}:{gap}{}", values[v]));
        }
        match pick(12) {
            9 => parts.push("\"extra\": 1".to_owned()),
            10 if !parts.is_empty() => parts.push(parts[0].clone()),
            11 if parts.len() > 1 => {
                let last = parts.len() - 1;
                parts.swap(0, last);
            }
            _ => {}
        }
        let gap = gaps[pick(gaps.len())];
        items.push(format!("{{{gap}{}{gap}}}", parts.join(&format!(",{gap}"))));
    }
    let gap = gaps[pick(gaps.len())];
    format!("{gap}{{{gap}\"responses\"{gap}:{gap}[{}]{gap}}}{gap}", items.join(","))
}

#[test]
fn the_fast_path_takes_plain_bodies() {
    let bench = r#"{"responses":[{"response_id":"0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f","revision":2,"survey_id":"cart-exit","status":"completed","answers":{"reason":"price","nps":9},"shown_at":"2026-11-22T10:00:00.000Z","updated_at":"2026-11-22T10:00:09.000Z","visitor_id":"v_bench","session_id":"s_bench","trigger":"exit_intent","stage":"cart","device":"desktop","locale":"en","page_url":"https://shop.example/cart","context":{"cart_value":84.5,"currency":"EUR"}}]}"#;
    let widget = encode_batch(&decode_batch(SPEC_SNAPSHOT).unwrap());
    let null_stage = SPEC_SNAPSHOT.replace("\"stage\": \"cart\"", "\"stage\": null");
    let escaped = SPEC_SNAPSHOT.replace("https://", "https:\\/\\/").replace("\"price\"", "\"pr\\u0069ce\"");
    for body in [SPEC_SNAPSHOT, bench, &widget, &body_from(&[0], 3), &null_stage, &escaped] {
        let fast = wire::decode_batch(body).unwrap_or_else(|| panic!("not taken by the fast path: {body}"));
        assert_eq!(Ok(fast), decode_batch_in_general(body), "{body}");
    }
    // Outside the plain shape, or failing a check, the general decoder
    // answers, with its problems or its warnings.
    for (from, to) in [
        ("revision\": 2", "revision\": 0"),
        ("revision\": 2", "revision\": 2.0"),
        ("\"locale\": \"en\"", "\"locale\": \"en\", \"extra\": 1"),
        ("\"locale\": \"en\"", "\"locale\": \"en\", \"locale\": \"de\""),
        ("\"offer\": \"clicked\"", "\"offer\": \"clicked\", \"reason\": \"x\""),
    ] {
        let body = SPEC_SNAPSHOT.replace(from, to);
        assert_ne!(body, SPEC_SNAPSHOT);
        assert!(wire::decode_batch(&body).is_none(), "{body}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Whatever the fast path accepts, the general decoder accepts too, with
    /// the same snapshots; whatever the general decoder rejects, the fast path
    /// leaves to it.
    #[test]
    fn fast_path_agrees_with_the_general_decoder(
        picks in prop::collection::vec(any::<u16>(), 64),
        snapshots in 0usize..4,
    ) {
        let body = body_from(&picks, snapshots);
        let general = decode_batch_in_general(&body);
        if let Some(fast) = wire::decode_batch(&body) {
            prop_assert_eq!(Ok(fast), general, "{}", body);
        } else {
            prop_assert_eq!(decode_batch(&body), general);
        }
    }
}

/// The property above says something only if its bodies take both paths.
#[test]
fn the_property_bodies_exercise_both_paths() {
    let mut state = 0x9e37_79b9_u32;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state >> 16) as u16
    };
    let (mut taken, mut left, mut valid_but_left) = (0, 0, 0);
    for i in 0..1000 {
        let picks: Vec<u16> = (0..64).map(|_| next()).collect();
        let body = body_from(&picks, 1 + i % 3);
        match wire::decode_batch(&body) {
            Some(_) => taken += 1,
            None if decode_batch_in_general(&body).is_ok() => valid_but_left += 1,
            None => left += 1,
        }
    }
    assert!(
        taken > 200 && left > 200 && valid_but_left > 50,
        "{taken} taken, {left} left, {valid_but_left} valid but left"
    );
}
