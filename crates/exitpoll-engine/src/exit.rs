//! The exit-intent detector: raw page events in, exit cues out.
//!
//! The detector knows nothing about surveys. It turns pointer, keyboard,
//! scroll and visibility events into cues ("the pointer left through the top
//! while moving up", "a fast scroll back up"); the engine then decides, per
//! survey, whether a cue counts (its `signals`, `sensitivity`, arming time and
//! grace period).
//!
//! # Thresholds, and why
//!
//! | cue | rule | compared with |
//! |---|---|---|
//! | pointer top | `mouseout` to nowhere (no related target), at or above the survey's `sensitivity` (default 20 px), moving up, after the pointer has been at least [`ENGAGE_PX`] below the top since it entered | ouibounce: 20 px band, no direction check, so it fires on a pointer that merely enters from the top; Typeform checks upward movement, as we do; Formbricks fires on any `clientY <= 0` |
//! | address bar | Ctrl+L or Cmd+L | the clearest keyboard sign of leaving; ouibounce has none |
//! | scroll up (touch) | after reading at least [`READ_MIN_PX`] or half a screen, at least [`SCROLL_UP_MIN_PX`] upward within [`SCROLL_UP_WINDOW_MS`] | exit-intent-js: 200 px per 100 ms from any position; we require reading first, so a shopper who lands and flicks does not count, and a slightly slower flick (a thumb, not a mouse wheel) does |
//! | tab return | visible again after at least [`TAB_RETURN_MIN_HIDDEN_MS`] hidden | no rival has it; a glance under a second is noise |
//!
//! `<select>` dropdowns and autofill popups produce `mouseout` events with a
//! related target, or from a form control; both are ignored. ouibounce fires on
//! them.

use alloc::collections::VecDeque;

/// The pointer must have been this far below the top edge since it last
/// entered before leaving through the top counts. A pointer that comes in from
/// the browser's toolbar and goes straight back is not leaving the page.
pub const ENGAGE_PX: f64 = 40.0;
/// A touch shopper must have scrolled at least this far down (or half a
/// screen, whichever is more) before a scroll back up means anything.
pub const READ_MIN_PX: f64 = 300.0;
/// The upward distance of a scroll that counts as fast.
pub const SCROLL_UP_MIN_PX: f64 = 150.0;
/// ...covered within this time: 0.75 px/ms or faster.
pub const SCROLL_UP_WINDOW_MS: i64 = 200;
/// A page hidden for less than this is a glance, not a trip elsewhere.
pub const TAB_RETURN_MIN_HIDDEN_MS: i64 = 1000;

/// A sign that the shopper may be leaving.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExitCue {
    /// The pointer left through the top edge, moving up, at this `clientY`.
    PointerTop {
        y: f64,
    },
    AddressBar,
    ScrollUp,
    TabReturn,
}

#[derive(Debug, Clone, Default)]
pub struct ExitDetector {
    /// Last pointer `clientY` seen inside the page, and the step before it.
    pointer_y: Option<f64>,
    pointer_dy: f64,
    engaged: bool,
    outside: bool,
    last_scroll: Option<(i64, f64)>,
    max_scroll: f64,
    /// Samples of the current upward scroll run, oldest first.
    up_run: VecDeque<(i64, f64)>,
    up_run_fired: bool,
    hidden_at: Option<i64>,
}

impl ExitDetector {
    pub fn new() -> ExitDetector {
        ExitDetector::default()
    }

    pub fn pointer_move(&mut self, y: f64) {
        if let Some(prev) = self.pointer_y
            && y != prev
        {
            self.pointer_dy = y - prev;
        }
        self.pointer_y = Some(y);
        self.outside = false;
        if y > ENGAGE_PX {
            self.engaged = true;
        }
    }

    /// A `mouseout` on the document. `related_target` is whether the event
    /// names an element the pointer moved to; `from_form_control` whether it
    /// came from a `<select>`, `<option>` or `<input>` (native popups).
    pub fn pointer_out(&mut self, y: f64, related_target: bool, from_form_control: bool) -> Option<ExitCue> {
        if related_target || from_form_control {
            return None;
        }
        let moving_up = match self.pointer_y {
            Some(last) => y < last || (y == last && self.pointer_dy < 0.0),
            None => false,
        };
        let engaged = self.engaged;
        self.engaged = false;
        self.outside = true;
        self.pointer_y = None;
        (engaged && moving_up).then_some(ExitCue::PointerTop { y })
    }

    /// A `mouseover` after the pointer left: returns whether this is a re-entry.
    pub fn pointer_over(&mut self) -> bool {
        core::mem::replace(&mut self.outside, false)
    }

    /// A `keydown`.
    pub fn key(&mut self, key: &str, ctrl: bool, meta: bool) -> Option<ExitCue> {
        ((ctrl || meta) && key.eq_ignore_ascii_case("l")).then_some(ExitCue::AddressBar)
    }

    /// A scroll, with the new `scrollY` and the viewport height.
    pub fn scroll(&mut self, now: i64, y: f64, viewport_height: f64) -> Option<ExitCue> {
        self.max_scroll = self.max_scroll.max(y);
        let previous = self.last_scroll.replace((now, y));
        let (t0, y0) = previous?;
        if y >= y0 {
            if y > y0 {
                self.up_run.clear();
                self.up_run_fired = false;
            }
            return None;
        }
        if self.up_run.is_empty() {
            self.up_run.push_back((t0, y0));
        }
        self.up_run.push_back((now, y));
        while self.up_run.front().is_some_and(|(t, _)| now - t > SCROLL_UP_WINDOW_MS) && self.up_run.len() > 1
        {
            self.up_run.pop_front();
        }
        let (_, window_top) = self.up_run.front().copied().unwrap_or((now, y));
        let read_enough = self.max_scroll >= READ_MIN_PX.max(viewport_height / 2.0);
        if !self.up_run_fired && read_enough && window_top - y >= SCROLL_UP_MIN_PX {
            // One cue per upward run: a long flick is one exit sign, not many.
            self.up_run_fired = true;
            return Some(ExitCue::ScrollUp);
        }
        None
    }

    /// How far down the page the shopper has scrolled, in pixels.
    pub fn max_scroll(&self) -> f64 {
        self.max_scroll
    }

    /// A `visibilitychange`.
    pub fn visibility(&mut self, now: i64, visible: bool) -> Option<ExitCue> {
        if !visible {
            self.hidden_at.get_or_insert(now);
            return None;
        }
        let hidden_at = self.hidden_at.take()?;
        (now - hidden_at >= TAB_RETURN_MIN_HIDDEN_MS).then_some(ExitCue::TabReturn)
    }
}

#[cfg(test)]
mod tests;
