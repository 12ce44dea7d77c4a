use super::*;
#[allow(unused_imports)]
use crate::prelude::*;

fn state() -> State {
    let mut rng = Rng::new(5);
    let mut s = State::fresh(1000, &mut rng);
    s.record_shown("a", 2000);
    s.record_completed("a", 3000);
    s.record_shown("b", 4000);
    s.remember_utm(vec![("utm_source".into(), "mail".into())], 1000);
    s
}

#[test]
fn round_trips() {
    let s = state();
    let (back, problem) = State::from_json(&s.to_json(), 5000, &mut Rng::new(1));
    assert_eq!(problem, None);
    assert_eq!(back, s);
}

#[test]
fn corrupt_old_or_foreign_state_starts_fresh_and_keeps_readable_answers() {
    let mut rng = Rng::new(1);
    for (text, reason) in [
        ("", "not JSON"),
        ("{\"v\": 0}", "version 0, expected 1"),
        ("{\"v\": 2, \"visitor\": \"x\"}", "version 2"),
        ("[1,2]", "version none"),
        ("{\"v\": 1}", "bad visitor"),
        ("{\"v\": 1, \"visitor\": \"v\", \"session\": {\"id\": 5}}", "bad session id"),
    ] {
        let (s, problem) = State::from_json(text, 10, &mut rng);
        assert!(problem.as_deref().is_some_and(|p| p.contains(reason)), "{text}: {problem:?}");
        assert!(s.surveys.is_empty() && s.last_shown_at.is_none());
    }
    // A broken counter does not cost the answers waiting to be sent.
    let mut good = state();
    let snapshot_json = r#"{"response_id":"0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f","revision":2,"survey_id":"a","status":"completed","shown_at":"2026-11-22T10:00:00.000Z","updated_at":"2026-11-22T10:00:00.000Z"}"#;
    let text = good.to_json().replace(
        "\"outbox\":[]",
        &format!("\"outbox\":[{{\"s\":{snapshot_json},\"n\":3,\"at\":0,\"q\":1}}]"),
    );
    let text = text.replace("\"visitor\":", "\"visitor\":5,\"x\":");
    let (s, problem) = State::from_json(&text, 10, &mut rng);
    assert!(problem.is_some());
    assert_eq!(s.outbox.len(), 1);
    assert_eq!(s.outbox.entries()[0].attempts, 3);
    good.outbox = Outbox::default();
}

#[test]
fn stored_snapshots_are_resent_as_stored_and_unidentifiable_ones_skipped() {
    let mut rng = Rng::new(1);
    let good = r#"{"response_id":"0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f","revision":2,"survey_id":"a","status":"completed","answers":{"q":"yes"}}"#;
    let no_id = r#"{"revision":2,"survey_id":"a"}"#;
    let bad_revision =
        r#"{"response_id":"0193a1e2-7c5d-7b1e-9f00-000000000001","revision":-1,"survey_id":"a"}"#;
    let bad_survey =
        r#"{"response_id":"0193a1e2-7c5d-7b1e-9f00-000000000002","revision":1,"survey_id":"not an id"}"#;
    let bad_id = r#"{"response_id":"r","revision":1,"survey_id":"a"}"#;
    let entries: Vec<String> = [good, no_id, bad_revision, bad_survey, bad_id]
        .iter()
        .map(|s| format!("{{\"s\":{s},\"q\":1}}"))
        .collect();
    let text = state().to_json().replace("\"outbox\":[]", &format!("\"outbox\":[{}]", entries.join(",")));
    let (s, problem) = State::from_json(&text, 10, &mut rng);
    assert_eq!(problem, None);
    assert_eq!(s.outbox.len(), 1, "only the entry with a response id, revision and survey id is kept");
    let e = &s.outbox.entries()[0].snapshot;
    assert_eq!(
        (e.response_id.as_str(), e.survey_id.as_str(), e.revision),
        ("0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f", "a", 2)
    );
    assert_eq!(e.json, good, "sent exactly as it was stored");
    let body = s.outbox.beacon_bodies();
    assert_eq!(body, vec![format!("{{\"responses\":[{good}]}}")]);
}

#[test]
fn sessions_end_after_thirty_quiet_minutes() {
    let mut rng = Rng::new(1);
    let mut s = State::fresh(0, &mut rng);
    s.record_shown("a", 10);
    let id = s.session.id.clone();
    s.touch_session(SESSION_IDLE_MS - 1, &mut rng);
    assert_eq!((s.session.id.as_str(), s.session.shows), (id.as_str(), 1));
    s.touch_session(2 * SESSION_IDLE_MS, &mut rng);
    assert_ne!(s.session.id, id);
    assert_eq!(s.session.shows, 0);
}

#[test]
fn utm_is_first_touch_with_an_expiry() {
    let mut s = state();
    s.remember_utm(vec![("utm_source".into(), "ads".into())], 2000);
    assert_eq!(s.utm.as_ref().unwrap().params[0].1, "mail", "first touch wins");
    s.remember_utm(vec![("utm_source".into(), "ads".into())], 1000 + UTM_TTL_MS);
    assert_eq!(s.utm.as_ref().unwrap().params[0].1, "ads", "after 30 days a new touch counts");
    s.remember_utm(vec![], 1000 + 3 * UTM_TTL_MS);
    assert!(s.utm.is_none(), "expired and nothing new");
}

#[test]
fn merging_another_tabs_state_never_forgets_a_show() {
    let mut a = state();
    let mut b = State::fresh(0, &mut Rng::new(77));
    b.session = a.session.clone();
    b.record_shown("b", 9000);
    b.record_shown("c", 9500);
    a.merge(&b);
    assert_eq!(a.last_shown_at, Some(9500));
    assert_eq!(a.survey("b").unwrap().shown_at, 9000);
    assert!(a.survey("c").is_some());
    assert_eq!(a.survey("a").unwrap().completed_at, Some(3000));
    assert_eq!(a.session.shows, 4, "the higher count of the shared session");
}
