//! The detector on its own, cue by cue. Whole scenarios with arming, grace
//! periods and surveys are in the engine's tests.
#[allow(unused_imports)]
use crate::prelude::*;

use super::*;

#[test]
fn pointer_cues() {
    // (moves before leaving, leave y, related target, form control, cue?)
    let cases: &[(&[f64], f64, bool, bool, bool)] = &[
        (&[400.0, 200.0, 30.0], -4.0, false, false, true),
        (&[400.0, 200.0, 30.0], 12.0, false, false, true),
        (&[30.0, 200.0, 400.0], 10.0, false, false, true), // reported y above the last move: moving up
        (&[400.0, 410.0], 420.0, false, false, false),     // down and out at the bottom
        (&[5.0, 10.0, 8.0], -1.0, false, false, false),    // never engaged below the band
        (&[], -1.0, false, false, false),                  // no movement seen at all
        (&[400.0, 30.0], -4.0, true, false, false),        // moved onto another element
        (&[400.0, 30.0], -4.0, false, true, false),        // a <select>'s native popup
    ];
    for (moves, y, related, form, want) in cases {
        let mut d = ExitDetector::new();
        for m in *moves {
            d.pointer_move(*m);
        }
        let cue = d.pointer_out(*y, *related, *form);
        assert_eq!(cue.is_some(), *want, "{moves:?} then out at {y}");
    }
}

#[test]
fn leaving_resets_engagement_until_the_pointer_comes_back_down() {
    let mut d = ExitDetector::new();
    d.pointer_move(300.0);
    d.pointer_move(20.0);
    assert!(d.pointer_out(-2.0, false, false).is_some());
    assert!(d.pointer_over(), "coming back in is a re-entry");
    assert!(!d.pointer_over(), "only once");
    d.pointer_move(10.0);
    assert!(d.pointer_out(-2.0, false, false).is_none(), "back in at the top and out again");
}

#[test]
fn keyboard_cues() {
    let mut d = ExitDetector::new();
    assert_eq!(d.key("l", true, false), Some(ExitCue::AddressBar));
    assert_eq!(d.key("L", false, true), Some(ExitCue::AddressBar));
    assert_eq!(d.key("l", false, false), None);
    assert_eq!(d.key("k", true, false), None);
}

#[test]
fn visibility_cues() {
    let mut d = ExitDetector::new();
    assert_eq!(d.visibility(0, true), None, "visible without being hidden");
    assert_eq!(d.visibility(1000, false), None);
    assert_eq!(d.visibility(1500, true), None, "half a second is a glance");
    d.visibility(2000, false);
    d.visibility(2500, false);
    assert_eq!(d.visibility(3000, true), Some(ExitCue::TabReturn), "hidden since 2000");
}

#[test]
fn scroll_cues() {
    let mut d = ExitDetector::new();
    for (i, y) in [0.0, 400.0, 800.0, 1200.0].iter().enumerate() {
        assert_eq!(d.scroll(i as i64 * 300, *y, 844.0), None);
    }
    assert_eq!(d.max_scroll(), 1200.0);
    // 60 px per 16 ms upward after a pause: the pause does not count, so the cue
    // comes once 150 px are covered from the first upward sample (the fourth).
    let mut fired = Vec::new();
    for i in 1..=10 {
        if d.scroll(2000 + i * 16, 1200.0 - i as f64 * 60.0, 844.0).is_some() {
            fired.push(i);
        }
    }
    assert_eq!(fired, vec![4], "one cue per upward run");
    // Down again, then another fast run up: a new cue.
    d.scroll(3000, 900.0, 844.0);
    let again = (1..=5).any(|i| d.scroll(3100 + i * 16, 900.0 - i as f64 * 80.0, 844.0).is_some());
    assert!(again);
}
