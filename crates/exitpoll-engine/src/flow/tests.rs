use super::*;
#[allow(unused_imports)]
use crate::prelude::*;
use exitpoll_protocol::SiteConfig;

fn survey(json: &str) -> Survey {
    let config = format!(r#"{{"site": "s", "surveys": [{json}]}}"#);
    SiteConfig::decode(&config).into_strict().unwrap_or_else(|p| panic!("{p}")).surveys.remove(0)
}

fn snapshot() -> Snapshot {
    Snapshot {
        response_id: "0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f".into(),
        revision: 1,
        survey_id: "s".into(),
        status: ResponseStatus::Shown,
        answers: Vec::new(),
        shown_at: 0,
        updated_at: 0,
        visitor_id: String::new(),
        session_id: String::new(),
        trigger: "manual".into(),
        stage: None,
        device: None,
        locale: "en".into(),
        page_url: String::new(),
        context: Default::default(),
    }
}

const BRANCHING: &str = r#"{"id": "s", "trigger": {"type": "manual"}, "questions": [
    {"id": "nps", "type": "nps", "prompt": "x", "required": true},
    {"id": "why_low", "type": "text", "prompt": "x", "max_length": 20},
    {"id": "why_high", "type": "multiple_choice", "prompt": "x", "max_selections": 2,
     "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]},
    {"id": "mail", "type": "email", "prompt": "x"},
    {"id": "cta", "type": "cta", "prompt": "x", "button": "Go", "url": "https://x.example/"}],
  "logic": [
    {"if": {"question": "nps", "lte": 6}, "then": {"goto": "why_low"}},
    {"if": {"question": "nps", "gte": 9}, "then": {"goto": "why_high"}},
    {"if": {"question": "nps", "in": [7, 8]}, "then": {"end": true}},
    {"if": {"question": "why_low", "answered": false}, "then": {"goto": "cta"}},
    {"if": {"question": "why_low", "answered": true}, "then": {"goto": "mail"}},
    {"if": {"question": "why_high", "equals": "c"}, "then": {"end": true}}]}"#;

/// Walks the survey with a list of answers; returns the question ids visited and the final status.
fn walk(answers: &[Option<Answer>]) -> (Vec<String>, ResponseStatus, u32) {
    let s = survey(BRANCHING);
    let mut flow = Flow::new(0, snapshot());
    for (i, a) in answers.iter().enumerate() {
        flow.submit(&s, a.clone(), i as i64 + 1).unwrap_or_else(|e| panic!("answer {i}: {e:?}"));
    }
    let visited = flow.visited.iter().map(|&i| s.questions[i].id.clone()).collect();
    (visited, flow.response.status, flow.response.revision)
}

#[test]
fn branching_paths() {
    let n = |x| Some(Answer::Number(x));
    let t = |x: &str| Some(Answer::Text(x.into()));
    let ids = |v: &[&str]| Some(Answer::Choices(v.iter().map(|s| s.to_string()).collect()));
    assert_eq!(
        walk(&[n(3), t("too slow"), t("a@b.co"), t("clicked")]).0,
        vec!["nps", "why_low", "mail", "cta"]
    );
    assert_eq!(
        walk(&[n(3), None, None]),
        (vec!["nps".into(), "why_low".into(), "cta".into()], ResponseStatus::Completed, 4)
    );
    assert_eq!(walk(&[n(8)]), (vec!["nps".into()], ResponseStatus::Completed, 2));
    assert_eq!(
        walk(&[n(10), ids(&["a", "c"])]).0,
        vec!["nps", "why_high"],
        "'equals' matches any selected choice"
    );
    assert_eq!(walk(&[n(10), ids(&["a"]), None, None]).0, vec!["nps", "why_high", "mail", "cta"]);
    let (_, status, _) = walk(&[n(10)]);
    assert_eq!(status, ResponseStatus::Partial);
}

#[test]
fn answers_are_checked_before_they_count() {
    let s = survey(BRANCHING);
    let mut flow = Flow::new(0, snapshot());
    assert_eq!(flow.submit(&s, None, 1), Err(Invalid::Required));
    assert!(
        matches!(flow.submit(&s, Some(Answer::Number(11)), 1), Err(Invalid::Other(m)) if m.contains("between 0 and 10"))
    );
    assert_eq!(flow.response.revision, 1, "a refused answer changes nothing");
    flow.submit(&s, Some(Answer::Number(2)), 1).unwrap();
    assert_eq!(flow.submit(&s, Some(Answer::Text("x".repeat(21))), 2), Err(Invalid::TooLong { max: 20 }));
    flow.submit(&s, Some(Answer::Text("slow".into())), 2).unwrap();
    assert_eq!(flow.submit(&s, Some(Answer::Text("not-an-email".into())), 3), Err(Invalid::InvalidEmail));
    let mut flow = Flow::new(0, snapshot());
    flow.submit(&s, Some(Answer::Number(10)), 1).unwrap();
    let three = Answer::Choices(vec!["a".into(), "b".into(), "c".into()]);
    assert_eq!(flow.submit(&s, Some(three), 2), Err(Invalid::TooMany { max: 2 }));
}

#[test]
fn dismissal_is_final_and_counted_once() {
    let mut flow = Flow::new(0, snapshot());
    assert!(flow.dismiss(5));
    assert_eq!((flow.response.status, flow.response.revision), (ResponseStatus::Dismissed, 2));
    assert!(!flow.dismiss(6));
}

#[test]
fn progress_counts_visited_and_remaining() {
    let s = survey(BRANCHING);
    let mut flow = Flow::new(0, snapshot());
    assert_eq!(flow.progress(&s), (1, 5));
    flow.submit(&s, Some(Answer::Number(10)), 1).unwrap();
    assert_eq!(flow.progress(&s), (2, 4), "why_low was skipped");
}

#[test]
fn randomised_choices_are_stable_per_response_and_differ_between_responses() {
    let s = survey(
        r#"{"id": "s", "trigger": {"type": "manual"}, "questions": [{"id": "q", "type": "single_choice", "prompt": "x", "randomize": true,
            "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}, {"id": "d", "label": "D"}, {"id": "e", "label": "E"}]}]}"#,
    );
    let q = &s.questions[0];
    let first = choice_order("r-1", q);
    let mut sorted = choice_order("r-1", q);
    assert_eq!(first, sorted);
    sorted.sort_unstable();
    assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
    let distinct: std::collections::HashSet<Vec<usize>> =
        (0..50).map(|i| choice_order(&format!("r-{i}"), q)).collect();
    assert!(distinct.len() > 20, "orders vary between responses");
    let plain = survey(
        r#"{"id": "s", "trigger": {"type": "manual"}, "questions": [{"id": "q", "type": "single_choice", "prompt": "x", "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}]}"#,
    );
    assert_eq!(choice_order("r-1", &plain.questions[0]), vec![0, 1]);
}
