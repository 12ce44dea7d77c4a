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
