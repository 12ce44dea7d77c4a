//! What the dialog draws, checked natively (no browser).
use super::*;
use exitpoll_engine::flow::Flow;
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::response::{ResponseStatus, Snapshot};

fn config(theme: &str, questions: &str) -> SiteConfig {
    SiteConfig::decode(&format!(
        r#"{{"site": "s", "theme": {theme}, "surveys": [{{"id": "a", "trigger": {{"type": "manual"}}, "questions": [{questions}]}}]}}"#
    ))
    .into_strict()
    .unwrap_or_else(|p| panic!("{p}"))
}

fn flow() -> Flow {
    let snapshot = Snapshot {
        response_id: "0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f".into(),
        revision: 1,
        survey_id: "a".into(),
        status: ResponseStatus::Shown,
        answers: Vec::new(),
        shown_at: 0,
        updated_at: 0,
        visitor_id: "v".into(),
        session_id: "s".into(),
        trigger: "manual".into(),
        stage: None,
        device: None,
        locale: "en".into(),
        page_url: String::new(),
        context: Default::default(),
    };
    Flow::new(0, snapshot)
}

#[test]
fn a_corner_survey_a_trigger_opened_leaves_the_focus_where_it_is() {
    let q = r#"{"id": "q", "type": "nps", "prompt": "?"}"#;
    let corner = config(r#"{"position": "bottom-left"}"#, q);
    let centre = config(r#"{"position": "center"}"#, q);
    let s = |c: &SiteConfig| c.surveys[0].clone();
    let f = frame(&corner, &s(&corner), "en", "exit_intent:pointer_top");
    assert_eq!((f.modal, f.takes_focus), (false, false));
    let f = frame(&corner, &s(&corner), "en", "manual");
    assert_eq!((f.modal, f.takes_focus), (false, true), "show() from the page moves the focus");
    let f = frame(&centre, &s(&centre), "en", "page_view");
    assert_eq!((f.modal, f.takes_focus), (true, true));
}

#[test]
fn the_page_font_is_kept_for_inherit_and_the_configured_one_otherwise() {
    let q = r#"{"id": "q", "type": "nps", "prompt": "?"}"#;
    for (theme, want) in [
        (r#"{}"#, None),
        (r#"{"font": "inherit"}"#, None),
        (r#"{"font": "Georgia, serif"}"#, Some("Georgia, serif")),
    ] {
        let c = config(theme, q);
        assert_eq!(frame(&c, &c.surveys[0], "en", "manual").font.as_deref(), want, "{theme}");
    }
}

#[test]
fn a_multiple_choice_limit_is_told_before_submitting() {
    let c = config(
        "{}",
        r#"{"id": "m", "type": "multiple_choice", "prompt": "?", "max_selections": 2,
            "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]}"#,
    );
    let q = question(&c, &c.surveys[0], &flow(), "en").unwrap();
    let Controls::Choices { hint, max_selections, multiple, .. } = q.controls else { panic!("{q:?}") };
    assert_eq!((hint.as_deref(), max_selections, multiple), (Some("Choose up to 2."), Some(2), true));
    let q = question(&c, &c.surveys[0], &flow(), "de").unwrap();
    let Controls::Choices { hint, .. } = q.controls else { panic!() };
    assert_eq!(hint.as_deref(), Some("Wählen Sie bis zu 2."));
    // A limit as large as the list is no limit: nothing to tell.
    let c = config(
        "{}",
        r#"{"id": "m", "type": "multiple_choice", "prompt": "?", "max_selections": 2,
            "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}"#,
    );
    let q = question(&c, &c.surveys[0], &flow(), "en").unwrap();
    let Controls::Choices { hint, .. } = q.controls else { panic!() };
    assert_eq!(hint, None);
}

#[test]
fn scales_name_every_cell() {
    let c = config("{}", r#"{"id": "r", "type": "rating", "prompt": "?", "scale": 5, "style": "stars"}"#);
    let q = question(&c, &c.surveys[0], &flow(), "en").unwrap();
    let Controls::Scale { cells, style, .. } = q.controls else { panic!() };
    assert_eq!(style, RatingStyle::Stars);
    let names: Vec<&str> = cells.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["1 / 5", "2 / 5", "3 / 5", "4 / 5", "5 / 5"]);
    let c = config("{}", r#"{"id": "n", "type": "nps", "prompt": "?"}"#);
    let q = question(&c, &c.surveys[0], &flow(), "en").unwrap();
    let Controls::Scale { cells, low_label, high_label, .. } = q.controls else { panic!() };
    assert_eq!((cells.len(), cells[0].face.as_str(), cells[10].name.as_str()), (11, "0", "10"));
    assert_eq!((low_label.as_deref(), high_label.as_deref()), (Some("Not likely"), Some("Very likely")));
}
