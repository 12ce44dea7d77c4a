use super::*;
use crate::json::{self, Value};
#[allow(unused_imports)]
use crate::prelude::*;
use expect_test::{Expect, expect};
use proptest::prelude::*;

const SPEC_EXAMPLE: &str = include_str!("../../tests/data/spec-example.json");

/// Decodes `input` and compares every problem, one per line, with `want`.
fn check(input: &str, want: Expect) {
    let decoded = SiteConfig::decode(input);
    let mut lines: Vec<String> = decoded.problems.iter().map(ToString::to_string).collect();
    lines.push(format!(
        "=> surveys kept: [{}]",
        decoded
            .config
            .map(|c| c.surveys.iter().map(|s| s.id.clone()).collect::<Vec<_>>().join(", "))
            .unwrap_or_else(|| "no config".into())
    ));
    want.assert_eq(&lines.join("\n"));
}

/// A minimal valid survey, with `extra` fields merged into it (JSON object body, no braces).
fn survey(id: &str, extra: &str) -> String {
    let base = format!(
        r#""id": "{id}", "trigger": {{"type": "exit_intent"}}, "questions": [{{"id": "q", "type": "nps", "prompt": "How likely?"}}]"#
    );
    let mut v = json::parse(&format!("{{{base}}}")).unwrap();
    if !extra.is_empty() {
        let e = json::parse(&format!("{{{extra}}}")).unwrap();
        if let (Value::Object(m), Value::Object(e)) = (&mut v, e) {
            for (k, x) in e.0 {
                m.insert(&k, x);
            }
        }
    }
    v.to_json()
}

fn site(surveys: &[String]) -> String {
    format!(r#"{{"site": "s", "surveys": [{}]}}"#, surveys.join(","))
}

#[test]
fn the_spec_example_is_valid() {
    let decoded = SiteConfig::decode(SPEC_EXAMPLE);
    assert!(decoded.problems.is_empty(), "{}", decoded.problems);
    let c = decoded.config.unwrap();
    assert_eq!(c.throttle, Throttle { cooldown_hours: 72, max_per_session: 1 });
    assert_eq!(c.stages.cart, vec!["/basket*"]);
    let s = &c.surveys[0];
    assert_eq!(s.trigger.kind, TriggerKind::ExitIntent);
    assert_eq!(s.trigger.stages, vec![Stage::Cart, Stage::Checkout]);
    assert_eq!(s.trigger.min_seconds_on_page, 3);
    assert_eq!(s.questions.len(), 2);
    assert!(
        matches!(&s.questions[0].kind, QuestionKind::SingleChoice { allow_other: true, choices, .. } if choices.len() == 3)
    );
    assert!(matches!(&s.questions[1].kind, QuestionKind::Cta { code: Some(c), .. } if c == "SAVE10"));
    assert_eq!(s.logic[0].action, Action::End);
}

#[test]
fn defaults_fill_what_is_left_out() {
    let c = SiteConfig::decode(&site(&[survey("a", "")])).into_strict().unwrap();
    assert_eq!(c.throttle, Throttle::default());
    assert_eq!(c.privacy, Privacy::default());
    assert_eq!(c.theme, Theme::default());
    let s = &c.surveys[0];
    assert_eq!(s.status, SurveyStatus::Active);
    assert_eq!(s.frequency, Frequency::default());
    assert_eq!(s.audience.sample_percent, 100.0);
    assert_eq!(s.trigger.urls.include, vec!["*"]);
    assert!(s.trigger.signals.is_empty() && s.trigger.signal_enabled(ExitSignal::PointerTop));
    assert!(!s.trigger.signal_enabled(ExitSignal::Idle), "idle is opt-in");
}

#[test]
fn unreadable_input() {
    check(
        "",
        expect![[r#"
            (root): invalid JSON: EOF while parsing a value at line 1 column 0
            => surveys kept: [no config]"#]],
    );
    check(
        "[]",
        expect![[r#"
        (root): expected an object, found an array
        => surveys kept: [no config]"#]],
    );
    check(
        "{}",
        expect![[r#"
        site: missing: every config names its site id
        => surveys kept: [no config]"#]],
    );
    check(
        r#"{"site": "bad id!"}"#,
        expect![[r#"
        site: "bad id!" is not a valid id: use 1 to 64 letters, digits, '_' or '-'
        => surveys kept: [no config]"#]],
    );
}

#[test]
fn top_level_values_out_of_range() {
    check(
        r#"{"site": "s", "throttle": {"cooldown_hours": -1, "max_per_session": 0},
            "theme": {"accent": "blue", "position": "top", "font": "x;}"},
            "privacy": {"respect_gpc": "yes"}, "stages": {"cart": ["basket"]}}"#,
        expect![[r#"
            throttle.cooldown_hours: must be between 0 and 8760, found -1
            throttle.max_per_session: must be between 1 and 100, found 0
            privacy.respect_gpc: expected true or false, found a string
            theme.accent: "blue" is not a colour: use #rgb or #rrggbb
            theme.position: unknown value "top", expected one of bottom-right, bottom-left, center
            theme.font: must be a CSS font-family list of at most 200 characters, without ; { } < > or \
            stages.cart[0]: "basket" must start with / or *: globs match the URL path
            => surveys kept: []"#]],
    );
}

#[test]
fn unknown_fields_are_reported_with_a_suggestion() {
    check(
        &site(&[survey(
            "a",
            r#""priorty": 3, "trigger": {"type": "exit_intent", "min_second_on_page": 2, "zzz": 1}"#,
        )]),
        expect![[r#"
            surveys[0].trigger.min_second_on_page: unknown field, did you mean "min_seconds_on_page"? (ignored)
            surveys[0].trigger.zzz: unknown field (ignored)
            surveys[0].priorty: unknown field, did you mean "priority"? (ignored)
            => surveys kept: [a]"#]],
    );
}

#[test]
fn a_broken_survey_is_dropped_and_the_others_kept() {
    check(
        &site(&[survey("good", ""), survey("bad", r#""questions": []"#), survey("good2", "")]),
        expect![[r#"
            surveys[1].questions: must not be empty
            => surveys kept: [good, good2]"#]],
    );
}

#[test]
fn duplicate_ids() {
    check(
        &site(&[
            survey("a", ""),
            survey("a", ""),
            survey(
                "b",
                r#""questions": [{"id": "q", "type": "nps", "prompt": "x"}, {"id": "q", "type": "email", "prompt": "y"},
                    {"id": "c", "type": "single_choice", "prompt": "z", "choices": [{"id": "x", "label": "X"}, {"id": "x", "label": "X2"}]}]"#,
            ),
        ]),
        expect![[r#"
            surveys[1].id: duplicate survey id "a" (also surveys[0])
            surveys[2].questions[1].id: duplicate question id "q" (also questions[0])
            surveys[2].questions[2].choices[1].id: duplicate choice id "x" (also choices[0])
            => surveys kept: [a]"#]],
    );
}

#[test]
fn questions_check_their_own_rules() {
    let qs = r#""questions": [
        {"id": "r", "type": "rating", "prompt": "x", "scale": 12, "style": "hearts"},
        {"id": "c", "type": "single_choice", "prompt": "x", "choices": []},
        {"id": "m", "type": "multiple_choice", "prompt": "x", "choices": [{"id": "a", "label": "A"}], "max_selections": 2, "allow_other": true},
        {"id": "t", "type": "text", "prompt": "x", "max_length": 6000},
        {"id": "k", "type": "cta", "prompt": "x", "button": "Go"},
        {"id": "u", "type": "cta", "prompt": "x", "button": "Go", "url": "javascript:alert(1)"},
        {"id": "o", "type": "single_choice", "prompt": "x", "choices": [{"id": "other", "label": "O"}]},
        {"id": "p", "type": "poll", "prompt": ""},
        {"type": "nps", "prompt": {"en": "x", "not a locale!": "y"}}
    ]"#;
    check(
        &site(&[survey("a", qs)]),
        expect![[r#"
            surveys[0].questions[0].scale: must be between 3 and 10, found 12
            surveys[0].questions[0].style: unknown value "hearts", expected one of stars, numbers, emoji
            surveys[0].questions[1].choices: must not be empty
            surveys[0].questions[2].max_selections: must be between 1 and 1, found 2
            surveys[0].questions[2].allow_other: only single_choice questions offer "Other"
            surveys[0].questions[3].max_length: must be between 1 and 5000, found 6000
            surveys[0].questions[4]: a cta needs a code, a url, or both
            surveys[0].questions[5].url: must be an http(s) URL or a path starting with /
            surveys[0].questions[5]: a cta needs a code, a url, or both
            surveys[0].questions[6].choices[0].id: "other" is reserved for allow_other
            surveys[0].questions[7].prompt: must not be empty
            surveys[0].questions[7].type: unknown value "poll", expected one of nps, rating, single_choice, multiple_choice, text, email, cta
            surveys[0].questions[8].id: missing
            surveys[0].questions[8].prompt.not a locale!: not a locale: use a language code such as "en" or "pt-BR"
            => surveys kept: []"#]],
    );
}

/// A field the question's type knows is never called unknown because
/// something else in the question is wrong (its choices, or its type), nor
/// a trigger's field because of a wrong trigger type.
#[test]
fn a_known_field_is_not_unknown_because_of_another_error() {
    let qs = r#""questions": [
        {"id": "m", "type": "multiple_choice", "prompt": "x", "choices": [], "max_selections": 2, "randomize": true},
        {"id": "n", "type": "multiple_choice", "prompt": "x", "choices": [{"id": "other", "label": "O"}], "max_selections": 0},
        {"id": "s", "type": "single_choice", "prompt": "x", "choices": [{"id": "a"}], "allow_other": true, "randomize": "yes"},
        {"id": "p", "type": "poll", "prompt": "x", "scale": 5, "max_selections": 2, "button": "Go", "max_lenght": 3},
        {"id": "q", "prompt": "x", "placeholder": "y"}
    ]"#;
    let trigger = r#""trigger": {"type": "hover", "seconds": 3, "signals": ["idle"], "delay_msec": 1}"#;
    check(
        &site(&[survey("a", qs), survey("b", trigger)]),
        expect![[r#"
            surveys[0].questions[0].choices: must not be empty
            surveys[0].questions[1].choices[0].id: "other" is reserved for allow_other
            surveys[0].questions[1].max_selections: must be between 1 and 50, found 0
            surveys[0].questions[2].choices[0].label: missing
            surveys[0].questions[2].randomize: expected true or false, found a string
            surveys[0].questions[3].type: unknown value "poll", expected one of nps, rating, single_choice, multiple_choice, text, email, cta
            surveys[0].questions[3].max_lenght: unknown field, did you mean "max_length"? (ignored)
            surveys[0].questions[4].type: missing, expected one of nps, rating, single_choice, multiple_choice, text, email, cta
            surveys[1].trigger.type: unknown value "hover", expected one of exit_intent, page_view, time_on_page, scroll_depth, idle, manual
            surveys[1].trigger.delay_msec: unknown field, did you mean "delay_ms"? (ignored)
            => surveys kept: []"#]],
    );
}

#[test]
fn triggers_check_their_own_rules() {
    check(
        &site(&[
            survey("a", r#""trigger": {"type": "time_on_page"}"#),
            survey("b", r#""trigger": {"type": "scroll_depth", "percent": 120}"#),
            survey(
                "c",
                r#""trigger": {"type": "exit_intent", "signals": ["pointer_top", "telepathy"], "stages": ["cart", "cart"], "devices": ["watch"]}"#,
            ),
            survey("d", r#""trigger": {"type": "page_view", "signals": ["idle"], "delay_ms": 99999999}"#),
            survey("e", r#""trigger": {"kind": "exit_intent"}"#),
        ]),
        expect![[r#"
            surveys[0].trigger.seconds: missing: this trigger type needs it
            surveys[1].trigger.percent: must be between 1 and 100, found 120
            surveys[2].trigger.stages[1]: "cart" is listed twice
            surveys[2].trigger.devices[0]: unknown value "watch", expected one of desktop, mobile, tablet
            surveys[2].trigger.signals[1]: unknown value "telepathy", expected one of pointer_top, address_bar, scroll_up, tab_return, idle
            surveys[3].trigger.delay_ms: must be between 0 and 60000, found 99999999
            surveys[3].trigger.signals: unknown field (ignored)
            surveys[4].trigger.type: missing, expected one of exit_intent, page_view, time_on_page, scroll_depth, idle, manual
            surveys[4].trigger.kind: unknown field (ignored)
            => surveys kept: []"#]],
    );
}

#[test]
fn logic_must_name_real_questions_and_only_jump_forward() {
    let qs = r#""questions": [
        {"id": "a", "type": "nps", "prompt": "x"},
        {"id": "b", "type": "single_choice", "prompt": "x", "choices": [{"id": "y", "label": "Y"}]},
        {"id": "c", "type": "email", "prompt": "x"}
    ]"#;
    let logic = r#""logic": [
        {"if": {"question": "b", "equals": "y"}, "then": {"goto": "a"}},
        {"if": {"question": "c", "answered": true}, "then": {"goto": "c"}},
        {"if": {"question": "zz", "gt": 3}, "then": {"end": true}},
        {"if": {"question": "a", "gte": 9}, "then": {"goto": "nope"}},
        {"if": {"question": "b", "equals": "n"}, "then": {"end": true}},
        {"if": {"question": "b", "lt": 3}, "then": {"end": true}},
        {"if": {"question": "a", "gt": 1, "lt": 5}, "then": {"end": true}},
        {"if": {"question": "a"}, "then": {"end": false}},
        {"if": {"question": "a", "in": ["x"]}, "then": {"goto": "c", "end": true}},
        {"if": {"question": "a", "lte": 6}, "then": {"goto": "c"}}
    ]"#;
    check(
        &site(&[survey("s", &format!("{qs}, {logic}"))]),
        expect![[r#"
            surveys[0].logic[0].then.goto: "a" does not come after "b": a jump back could loop forever
            surveys[0].logic[1].then.goto: "c" does not come after "c": a jump back could loop forever
            surveys[0].logic[2].if.question: no question "zz" in this survey
            surveys[0].logic[3].then.goto: no question "nope" in this survey
            surveys[0].logic[4].if.equals: "n" is not a choice of "b"
            surveys[0].logic[5].if.lt: compares numbers, but "b" is a single_choice question
            surveys[0].logic[6].if: has more than one test; use one rule per test
            surveys[0].logic[7].if: needs one test: equals, in, lt, lte, gt, gte, answered
            surveys[0].logic[7].then.end: only `"end": true` is meaningful
            surveys[0].logic[8].if.in[0]: expected a whole number, since "a" is an nps question
            surveys[0].logic[8].then: needs exactly one of goto or end
            => surveys kept: []"#]],
    );
}

#[test]
fn ui_string_overrides() {
    check(
        r#"{"site": "s", "strings": {"de": {"next": "Los", "nxt": "?"}, "xx-": {}}}"#,
        expect![[r#"
            strings.de.nxt: unknown UI string, expected one of next, submit, close, required, invalid_email, too_long, too_many, other, other_placeholder, copy, copied, thank_you, progress, nps_low, nps_high, text_placeholder, email_placeholder, choose_up_to (ignored)
            strings.xx-: not a locale: use a language code such as "en" or "pt-BR"
            => surveys kept: []"#]],
    );
    let c = SiteConfig::decode(r#"{"site": "s", "strings": {"de": {"next": "Los"}}}"#).into_strict().unwrap();
    assert_eq!(c.ui_string("de-CH", UiString::Next), Some("Los"));
    assert_eq!(c.ui_string("fr", UiString::Next), None);
}

#[test]
fn localized_text_resolves_by_locale() {
    let t = Text::Localized(vec![
        ("en".into(), "Price".into()),
        ("fr".into(), "Prix".into()),
        ("pt-BR".into(), "Preço".into()),
    ]);
    for (locale, want) in [
        ("fr", "Prix"),
        ("fr-CA", "Prix"),
        ("pt", "Preço"),
        ("PT-br", "Preço"),
        ("de", "Price"),
        ("en-GB", "Price"),
    ] {
        assert_eq!(t.resolve(locale), want, "{locale}");
    }
}

#[test]
fn serde_serialisation_decodes_back_to_the_same_config() {
    let c = SiteConfig::decode(SPEC_EXAMPLE).into_strict().unwrap();
    let text = serde_json::to_string(&c).unwrap();
    let back = SiteConfig::decode(&text).into_strict().unwrap_or_else(|p| panic!("{p}\n{text}"));
    assert_eq!(back, c);
    let via_serde: SiteConfig = serde_json::from_str(SPEC_EXAMPLE).unwrap();
    assert_eq!(via_serde, c);
    let err = serde_json::from_str::<SiteConfig>(r#"{"site": "s", "surveys": 3}"#).unwrap_err();
    assert!(err.to_string().contains("surveys: expected an array"), "{err}");
}

/// JSON values shaped like configs, so the decoder's deeper paths are reached.
fn arb_config_like() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "site",
        "surveys",
        "id",
        "trigger",
        "type",
        "questions",
        "prompt",
        "choices",
        "label",
        "logic",
        "if",
        "then",
        "goto",
        "end",
        "question",
        "equals",
        "in",
        "lt",
        "answered",
        "exit_intent",
        "nps",
        "single_choice",
        "cta",
        "throttle",
        "cooldown_hours",
        "stages",
        "cart",
        "theme",
        "accent",
        "strings",
        "en",
        "frequency",
        "show",
        "scale",
        "max_selections",
        "url",
        "code",
        "button",
        "signals",
        "urls",
        "include",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..200).prop_map(|n| Value::Number(json::Number::from_i64(n))),
        prop::sample::select(vec![
            "a",
            "q",
            "exit_intent",
            "nps",
            "single_choice",
            "cta",
            "/x*",
            "#fff",
            "en",
            "",
            "javascript:x"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(6, 200, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|pairs| {
                let mut m = json::Map::default();
                for (k, v) in pairs {
                    m.insert(k, v);
                }
                Value::Object(m)
            }),
        ]
    })
}

proptest! {
    #[test]
    fn the_decoder_never_panics_on_arbitrary_text(text in ".{0,300}") {
        let _ = SiteConfig::decode(&text);
    }

    #[test]
    fn the_decoder_never_panics_on_config_shaped_values(v in arb_config_like()) {
        let decoded = SiteConfig::decode_value(&v);
        // Whatever it keeps serialises to a config without a single problem
        // (this is what the collector serves), and decodes back to itself.
        if let Some(c) = decoded.config {
            let text = serde_json::to_string(&c).unwrap();
            let again = SiteConfig::decode(&text);
            prop_assert!(again.problems.is_empty(), "{}\n{}", again.problems, text);
            prop_assert_eq!(again.config.as_ref(), Some(&c));
        }
    }
}

#[test]
fn every_trigger_and_question_type_serialises_without_a_problem() {
    let text = r#"{"site": "s", "strings": {"de": {"next": "Los"}}, "stages": {"cart": ["/b*"]}, "surveys": [
        {"id": "a", "trigger": {"type": "exit_intent", "signals": ["idle"], "idle_seconds": 9, "sensitivity": 5}, "questions": [
            {"id": "n", "type": "nps", "prompt": "x", "low_label": "lo"},
            {"id": "r", "type": "rating", "prompt": "x", "scale": 7, "style": "emoji"},
            {"id": "c", "type": "single_choice", "prompt": "x", "allow_other": true, "randomize": true, "choices": [{"id": "p", "label": {"en": "P", "de": "Q"}}]},
            {"id": "m", "type": "multiple_choice", "prompt": "x", "max_selections": 1, "choices": [{"id": "p", "label": "P"}]},
            {"id": "t", "type": "text", "prompt": "x", "multiline": true, "max_length": 10, "placeholder": "..."},
            {"id": "e", "type": "email", "prompt": "x", "required": true},
            {"id": "k", "type": "cta", "prompt": "x", "button": "Go", "code": "C", "url": "/x"}],
         "logic": [{"if": {"question": "n", "lt": 5}, "then": {"goto": "t"}}, {"if": {"question": "c", "in": ["p"]}, "then": {"end": true}}],
         "thank_you": {"title": "T", "body": "B"}},
        {"id": "b", "trigger": {"type": "page_view", "delay_ms": 5}, "questions": [{"id": "n", "type": "nps", "prompt": "x"}]},
        {"id": "c", "trigger": {"type": "time_on_page", "seconds": 5}, "questions": [{"id": "n", "type": "nps", "prompt": "x"}]},
        {"id": "d", "trigger": {"type": "scroll_depth", "percent": 50}, "questions": [{"id": "n", "type": "nps", "prompt": "x"}]},
        {"id": "e", "trigger": {"type": "idle", "seconds": 20}, "questions": [{"id": "n", "type": "nps", "prompt": "x"}]},
        {"id": "f", "trigger": {"type": "manual"}, "status": "draft", "questions": [{"id": "n", "type": "nps", "prompt": "x"}]}
    ]}"#;
    let c = SiteConfig::decode(text).into_strict().unwrap_or_else(|p| panic!("{p}"));
    let served = serde_json::to_string(&c).unwrap();
    let again = SiteConfig::decode(&served);
    assert!(again.problems.is_empty(), "{}\n{served}", again.problems);
    assert_eq!(again.config.unwrap(), c);
}
