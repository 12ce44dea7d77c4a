//! The survey dialog, drawn with web-sys into an open shadow root (the
//! WAI-ARIA dialog pattern).
//!
//! It draws the views of `view.rs` and reports what the shopper did as an
//! [`Action`]. It decides nothing: which question comes next, whether an
//! answer is valid, and when to close are the engine's.
//!
//! Every piece of survey text is set with `textContent` or an attribute,
//! never parsed as HTML. Styles come from a constructable stylesheet
//! (`dialog.css`), so a strict Content Security Policy needs no nonce.
//! Controls are native inputs, so the browser gives radio groups their arrow
//! keys and every input its accessible name.
//!
//! Focus: a modal (centred) survey, or one the page opened with `show()`,
//! takes the focus when it opens and gives it back when it closes; a modal
//! also keeps Tab inside. A corner survey a trigger opened leaves the
//! shopper's focus where it is (Tab reaches it at the end of the page).
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use exitpoll_protocol::cat;
use exitpoll_protocol::config::{Position, RatingStyle};
use exitpoll_protocol::response::Answer;
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, Document, Element, HtmlElement, HtmlInputElement, ShadowRoot};

use crate::view::{Controls, Frame, Question};

/// The custom element name of the dialog's host.
pub const HOST_TAG: &str = "exitpoll-widget";
// `dialog.css`, minified by `build.rs`.
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/dialog.min.css"));
/// The value of the "Other" radio button.
const OTHER: &str = "__other";

/// What the shopper did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Submitted the current question: the answer, or `None` for nothing given.
    Submit(Option<Answer>),
    /// Escape or the close button.
    Dismiss,
    /// Something the console should know of (`data-debug`).
    Log(&'static str),
}

/// The kind of controls on screen, which says how to read the answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reading {
    Number,
    Single,
    Multiple,
    Text,
    Cta,
}

/// What the dialog's listeners share with it.
#[derive(Debug, Default)]
struct Current {
    reading: Option<Reading>,
    /// The CTA's button or link was used.
    cta_used: Cell<bool>,
    /// A multiple choice's limit, enforced while choosing.
    max_selections: Option<u32>,
}

/// One open dialog. Dropping it removes its listeners; [`Dialog::close`]
/// also takes it off the page.
pub struct Dialog {
    host: Element,
    root: ShadowRoot,
    frame: HtmlElement,
    body: Element,
    live: Element,
    view: Frame,
    current: Rc<RefCell<Current>>,
    /// Where the focus was before the dialog took it, to give it back.
    restore: Option<HtmlElement>,
    _listeners: Vec<EventListener>,
}

impl std::fmt::Debug for Dialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dialog").field("survey", &self.view.survey_id).finish_non_exhaustive()
    }
}

/// The stylesheet, made once per page and shared by every dialog.
fn style_sheet() -> Result<CssStyleSheet, JsValue> {
    thread_local! {
        static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
    }
    SHEET.with(|cell| {
        if let Some(sheet) = cell.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(STYLE)?;
        *cell.borrow_mut() = Some(sheet.clone());
        Ok(sheet)
    })
}

/// Parses the stylesheet ahead of the first survey, so that opening one does
/// not wait for it.
pub fn prepare() {
    let _ = style_sheet();
}

/// Builds elements and keeps the first error instead of returning at each
/// step: every early return would drop the elements made so far, and that
/// drop code, repeated at each of the dialog's hundred calls, was 3 KB of
/// the module. After an error nothing more is made, and [`Dom::done`] says
/// what failed.
struct Dom {
    doc: Document,
    error: RefCell<Option<JsValue>>,
}

/// What [`Dom`] hands out after an error: an element that is not one, and
/// that nothing calls because `Dom` checks first.
fn nothing() -> Element {
    JsValue::UNDEFINED.unchecked_into()
}

impl Dom {
    fn new(doc: Document) -> Dom {
        Dom { doc, error: RefCell::new(None) }
    }

    fn failed(&self) -> bool {
        self.error.borrow().is_some()
    }

    fn keep(&self, r: Result<impl Sized, JsValue>) {
        if let Err(e) = r
            && !self.failed()
        {
            *self.error.borrow_mut() = Some(e);
        }
    }

    /// A new element in `parent`, with attributes and, if given, text.
    fn el(&self, parent: &web_sys::Node, tag: &str, attrs: &[(&str, &str)], text: Option<&str>) -> Element {
        if self.failed() {
            return nothing();
        }
        let e = match self.doc.create_element(tag) {
            Ok(e) => e,
            Err(e) => {
                self.keep(Err::<(), _>(e));
                return nothing();
            }
        };
        for (k, v) in attrs {
            self.keep(e.set_attribute(k, v));
        }
        if let Some(t) = text {
            e.set_text_content(Some(t));
        }
        self.keep(parent.append_child(&e));
        e
    }

    fn set(&self, e: &Element, name: &str, value: &str) {
        if !self.failed() {
            self.keep(e.set_attribute(name, value));
        }
    }

    fn style(&self, e: &Element, property: &str, value: &str) {
        if !self.failed() {
            self.keep(e.unchecked_ref::<HtmlElement>().style().set_property(property, value));
        }
    }

    fn done(self) -> Result<(), JsValue> {
        self.error.into_inner().map_or(Ok(()), Err)
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| "unknown error".to_owned(), |e| String::from(e.message()))
}

impl Dialog {
    /// Draws the frame of a survey and adds it to the page. `on` is called
    /// with what the shopper does. An error names what the page refused
    /// (a page that breaks `attachShadow`, say); nothing is left on the page then.
    pub fn open(view: Frame, on: Rc<dyn Fn(Action)>) -> Result<Dialog, String> {
        let doc = web_sys::window().and_then(|w| w.document()).ok_or("there is no document")?;
        let fail = |e: JsValue| cat!["the survey could not be drawn (", describe(&e), ")"];
        let host = doc.create_element(HOST_TAG).map_err(fail)?;
        let restore = doc.active_element().map(JsCast::unchecked_into::<HtmlElement>);
        let root =
            host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).map_err(fail)?;
        root.set_adopted_style_sheets(&js_sys::Array::of1(&style_sheet().map_err(fail)?.into()));
        let dom = Dom::new(doc.clone());
        if view.modal {
            dom.el(&root, "div", &[("class", "ep-backdrop"), ("part", "backdrop")], None);
        }
        let position = match view.position {
            Position::BottomRight => "ep ep--bottom-right",
            Position::BottomLeft => "ep ep--bottom-left",
            Position::Center => "ep ep--center",
        };
        let attrs = [
            ("class", position),
            ("part", "dialog"),
            ("role", "dialog"),
            ("aria-labelledby", "ep-title"),
            ("tabindex", "-1"),
            ("lang", &view.locale),
            ("data-survey", &view.survey_id),
        ];
        let frame = dom.el(&root, "div", &attrs, None);
        if view.modal {
            dom.set(&frame, "aria-modal", "true");
        }
        dom.style(&frame, "--ep-config-accent", &view.accent);
        let font = match &view.font {
            Some(f) => f.clone(),
            // `theme.font: "inherit"`: the page's own font. The host is reset
            // with `all: initial` against hostile page CSS, so it cannot
            // simply inherit; the page's computed font is copied instead.
            None => page_font(&doc).unwrap_or_default(),
        };
        if !font.is_empty() {
            dom.style(&frame, "--ep-config-font", &font);
        }
        let close = [
            ("type", "button"),
            ("class", "ep-close"),
            ("part", "close"),
            ("aria-label", &view.close),
            ("data-ep", "close"),
        ];
        dom.el(&frame, "button", &close, Some("\u{00d7}"));
        let body = dom.el(&frame, "div", &[("class", "ep-body")], None);
        // A live region that exists before it changes, so screen readers announce it.
        let live =
            dom.el(&frame, "p", &[("class", "ep-sr"), ("role", "status"), ("aria-live", "polite")], None);
        if let Some(page) = doc.body() {
            dom.keep(page.append_child(&host));
        } else {
            dom.keep(Err::<(), _>(JsValue::from_str("the page has no body")));
        }
        if let Err(e) = dom.done() {
            host.remove();
            return Err(fail(e));
        }
        let frame: HtmlElement = frame.unchecked_into();
        let current = Rc::new(RefCell::new(Current::default()));
        let listeners = listen(&root, &frame, &current, view.modal, &view.copied, &live, on);
        Ok(Dialog { host, root, frame, body, live, view, current, restore, _listeners: listeners })
    }

    fn dom(&self) -> Result<Dom, JsValue> {
        self.root.owner_document().map(Dom::new).ok_or_else(|| JsValue::from_str("no document"))
    }

    /// Draws a question in place of what the dialog showed.
    pub fn question(&mut self, q: &Question, focus: bool) -> Result<(), JsValue> {
        let dom = self.dom()?;
        let b = &self.body;
        b.set_text_content(None);
        if let Some((label, position, total)) = &q.progress {
            let track = dom.el(
                b,
                "div",
                &[("class", "ep-progress"), ("part", "progress"), ("aria-hidden", "true")],
                None,
            );
            let bar = dom.el(&track, "div", &[("class", "ep-bar")], None);
            dom.style(&bar, "width", &cat![position * 100 / total.max(&1), "%"]);
            dom.el(b, "p", &[("class", "ep-step"), ("part", "step")], Some(label));
        }
        let form = dom.el(b, "form", &[("class", "ep-form"), ("part", "form"), ("novalidate", "")], None);
        dom.el(&form, "h2", &[("id", "ep-title"), ("class", "ep-title"), ("part", "title")], Some(&q.prompt));
        if let Some(d) = &q.description {
            let attrs = [("id", "ep-description"), ("class", "ep-description"), ("part", "description")];
            dom.el(&form, "p", &attrs, Some(d));
        }
        let (reading, max_selections) = controls(&dom, &form, q);
        dom.el(
            &form,
            "p",
            &[("id", "ep-error"), ("class", "ep-error"), ("part", "error"), ("role", "alert")],
            None,
        );
        let actions = dom.el(&form, "div", &[("class", "ep-actions")], None);
        let label = if q.last { &self.view.submit } else { &self.view.next };
        dom.el(
            &actions,
            "button",
            &[("type", "submit"), ("class", "ep-button"), ("part", "button next")],
            Some(label),
        );
        dom.done()?;
        *self.current.borrow_mut() =
            Current { reading: Some(reading), cta_used: Cell::new(false), max_selections };
        if focus {
            self.focus_first();
        }
        Ok(())
    }

    /// Shows why the answer was not accepted.
    pub fn invalid(&self, message: &str) {
        if let Some(error) = self.root.get_element_by_id("ep-error") {
            error.set_text_content(Some(message));
        }
        if let Ok(list) = self.root.query_selector_all("[aria-describedby~='ep-error']") {
            for i in 0..list.length() {
                if let Some(e) = list.item(i).map(JsCast::unchecked_into::<Element>) {
                    let _ = e.set_attribute("aria-invalid", "true");
                }
            }
        }
        if self.has_focus() || self.view.takes_focus {
            self.focus_first();
        }
    }

    /// The thank-you screen.
    pub fn thanks(&self, title: &str, body: Option<&str>) -> Result<(), JsValue> {
        let dom = self.dom()?;
        self.body.set_text_content(None);
        let wrap = dom.el(&self.body, "div", &[("class", "ep-thanks"), ("part", "thanks")], None);
        dom.el(&wrap, "h2", &[("id", "ep-title"), ("class", "ep-title"), ("part", "title")], Some(title));
        if let Some(b) = body {
            dom.el(&wrap, "p", &[("class", "ep-description"), ("part", "description")], Some(b));
        }
        dom.done()?;
        self.live.set_text_content(Some(&match body {
            Some(b) => cat![title, " ", b],
            None => title.to_owned(),
        }));
        *self.current.borrow_mut() = Current::default();
        // Keep the focus in the dialog when it was there, so it is not lost
        // with the controls that just went away.
        if self.has_focus() || self.view.takes_focus {
            let _ = self.frame.focus();
        }
        Ok(())
    }

    /// Whether the keyboard focus is inside the dialog.
    pub fn has_focus(&self) -> bool {
        self.root.active_element().is_some()
    }

    /// Focuses the first control of the question, or the dialog itself.
    pub fn focus_first(&self) {
        let first = self
            .body
            .query_selector("input:not([hidden]), textarea, a[href], .ep-cta, .ep-button")
            .ok()
            .flatten()
            .map(JsCast::unchecked_into::<HtmlElement>);
        let _ = first.as_ref().unwrap_or(&self.frame).focus();
    }

    /// The frame this dialog was opened with.
    pub fn frame(&self) -> &Frame {
        &self.view
    }

    /// Takes the dialog off the page and gives the focus back.
    pub fn close(self) {
        let had_focus = self.has_focus();
        self.host.remove();
        if had_focus
            && let Some(r) = &self.restore
            && r.is_connected()
        {
            let _ = r.focus();
        }
    }

    /// The host element on the page.
    pub fn host(&self) -> &Element {
        &self.host
    }
}

/// A question's controls, in `parent`; how to read its answer, and a
/// multiple choice's limit.
fn controls(dom: &Dom, parent: &Element, q: &Question) -> (Reading, Option<u32>) {
    let wrap = dom.el(parent, "div", &[("class", "ep-fieldset"), ("part", "answers")], None);
    let described = |e: &Element| {
        dom.set(e, "aria-labelledby", "ep-title");
        dom.set(e, "aria-describedby", "ep-error");
        if q.required {
            dom.set(e, "aria-required", "true");
        }
    };
    let option = |group: &Element, kind: &str, value: &str, label: &str| {
        let row = dom.el(group, "label", &[("class", "ep-option"), ("part", "option")], None);
        dom.el(&row, "input", &[("type", kind), ("name", "ep-q"), ("value", value)], None);
        dom.el(&row, "span", &[], Some(label));
    };
    match &q.controls {
        Controls::Scale { style, cells, low_label, high_label } => {
            let class = match style {
                RatingStyle::Stars => "ep-scale ep-stars",
                RatingStyle::Numbers => "ep-scale ep-numbers",
                RatingStyle::Emoji => "ep-scale ep-emoji",
            };
            let group = dom.el(&wrap, "div", &[("class", class), ("role", "radiogroup")], None);
            described(&group);
            for cell in cells {
                let label = dom.el(&group, "label", &[("class", "ep-cell"), ("part", "option")], None);
                let value = cat![cell.value];
                let attrs =
                    [("type", "radio"), ("name", "ep-q"), ("value", &value), ("aria-label", &cell.name)];
                dom.el(&label, "input", &attrs, None);
                let face = if *style == RatingStyle::Stars { "\u{2605}" } else { cell.face.as_str() };
                dom.el(&label, "span", &[("aria-hidden", "true")], Some(face));
            }
            if low_label.is_some() || high_label.is_some() {
                let ends = dom.el(&wrap, "div", &[("class", "ep-ends"), ("aria-hidden", "true")], None);
                dom.el(&ends, "span", &[], Some(low_label.as_deref().unwrap_or("")));
                dom.el(&ends, "span", &[], Some(high_label.as_deref().unwrap_or("")));
            }
            (Reading::Number, None)
        }
        Controls::Choices { multiple, choices, other, hint, max_selections } => {
            if let Some(h) = hint {
                dom.el(&wrap, "p", &[("id", "ep-hint"), ("class", "ep-hint"), ("part", "hint")], Some(h));
            }
            let role = if *multiple { "group" } else { "radiogroup" };
            let group = dom.el(&wrap, "div", &[("class", "ep-options"), ("role", role)], None);
            described(&group);
            if hint.is_some() {
                dom.set(&group, "aria-describedby", "ep-hint ep-error");
            }
            let kind = if *multiple { "checkbox" } else { "radio" };
            for c in choices {
                option(&group, kind, &c.id, &c.label);
            }
            if let Some((label, placeholder)) = other {
                option(&group, "radio", OTHER, label);
                let attrs = [
                    ("type", "text"),
                    ("class", "ep-input ep-other"),
                    ("name", "ep-other"),
                    ("maxlength", "5000"),
                    ("aria-label", label),
                    ("placeholder", placeholder),
                    ("data-ep", "other-text"),
                    ("hidden", ""),
                ];
                dom.el(&wrap, "input", &attrs, None);
            }
            (if *multiple { Reading::Multiple } else { Reading::Single }, *max_selections)
        }
        Controls::Text { email, multiline, max_length, placeholder } => {
            let tag = if *multiline { "textarea" } else { "input" };
            let input = dom.el(
                &wrap,
                tag,
                &[("class", "ep-input"), ("name", "ep-q"), ("placeholder", placeholder)],
                None,
            );
            if !*multiline {
                dom.set(&input, "type", if *email { "email" } else { "text" });
            }
            dom.set(&input, "autocomplete", if *email { "email" } else { "off" });
            if *email {
                dom.set(&input, "inputmode", "email");
            }
            if let Some(max) = max_length {
                dom.set(&input, "maxlength", &cat![max]);
            }
            described(&input);
            (Reading::Text, None)
        }
        Controls::Cta { button, code, url } => {
            if let Some((code, copy_label)) = code {
                dom.el(&wrap, "p", &[("class", "ep-code"), ("part", "code")], Some(code));
                let attrs = [
                    ("type", "button"),
                    ("class", "ep-cta"),
                    ("part", "button cta"),
                    ("data-ep", "copy"),
                    ("data-code", code),
                ];
                dom.el(&wrap, "button", &attrs, Some(copy_label));
            }
            if let Some(url) = url {
                let attrs = [
                    ("class", "ep-cta"),
                    ("part", "button cta"),
                    ("href", url),
                    ("target", "_blank"),
                    ("rel", "noopener noreferrer"),
                    ("data-ep", "cta"),
                ];
                dom.el(&wrap, "a", &attrs, Some(button));
            }
            (Reading::Cta, None)
        }
    }
}

/// The page's own computed font family, for `theme.font: "inherit"`.
fn page_font(doc: &Document) -> Option<String> {
    let body = doc.body()?;
    let style = web_sys::window()?.get_computed_style(&body).ok()??;
    style.get_property_value("font-family").ok().filter(|f| !f.is_empty())
}

/// What the dialog's listeners share: one closure type for all of them
/// (each closure type is a copy of gloo's and wasm-bindgen's code).
struct Context {
    root: ShadowRoot,
    frame: HtmlElement,
    current: Rc<RefCell<Current>>,
    modal: bool,
    copied: String,
    live: Element,
    on: Rc<dyn Fn(Action)>,
}

#[derive(Clone, Copy)]
enum Listener {
    Submit,
    Click,
    Key,
    Change,
}

/// The dialog's listeners, on its shadow root: they read what the shopper
/// did off the DOM and report it through `on`.
fn listen(
    root: &ShadowRoot,
    frame: &HtmlElement,
    current: &Rc<RefCell<Current>>,
    modal: bool,
    copied: &str,
    live: &Element,
    on: Rc<dyn Fn(Action)>,
) -> Vec<EventListener> {
    let context = Rc::new(Context {
        root: root.clone(),
        frame: frame.clone(),
        current: current.clone(),
        modal,
        copied: copied.to_owned(),
        live: live.clone(),
        on,
    });
    // Submit and Escape are taken from the page (preventDefault): not passive.
    let active = EventListenerOptions::enable_prevent_default();
    [
        ("submit", Listener::Submit),
        ("click", Listener::Click),
        ("keydown", Listener::Key),
        ("change", Listener::Change),
        ("input", Listener::Change),
    ]
    .into_iter()
    .map(|(event, kind)| {
        let context = context.clone();
        EventListener::new_with_options(root, event, active, move |e| handle(&context, kind, e))
    })
    .collect()
}

fn handle(c: &Context, kind: Listener, e: &web_sys::Event) {
    match kind {
        Listener::Submit => {
            e.prevent_default();
            let answer = c.current.try_borrow().ok().and_then(|cur| read_answer(&c.root, &cur));
            (c.on)(Action::Submit(answer));
        }
        Listener::Click => {
            // A click's target is an element.
            let Some(t) = e.target().map(JsCast::unchecked_into::<Element>) else { return };
            let Some(t) = t.closest("[data-ep]").ok().flatten() else { return };
            let used = || {
                if let Ok(cur) = c.current.try_borrow() {
                    cur.cta_used.set(true);
                }
            };
            match t.get_attribute("data-ep").as_deref() {
                Some("close") => (c.on)(Action::Dismiss),
                Some("cta") => used(),
                Some("copy") => {
                    used();
                    copy_code(&t, &c.copied, &c.live, &c.on);
                }
                _ => {}
            }
        }
        Listener::Key => {
            let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
            if k.key() == "Escape" {
                e.prevent_default();
                (c.on)(Action::Dismiss);
            } else if k.key() == "Tab" && c.modal {
                trap_tab(&c.root, &c.frame, k);
            }
        }
        Listener::Change => changed(c),
    }
}

/// A new choice or a word typed.
fn changed(c: &Context) {
    let root = &c.root;
    // The last message no longer applies.
    if let Some(error) = root.get_element_by_id("ep-error")
        && error.text_content().is_some_and(|t| !t.is_empty())
    {
        error.set_text_content(None);
        if let Ok(list) = root.query_selector_all("[aria-invalid]") {
            for i in 0..list.length() {
                if let Some(e) = list.item(i).map(JsCast::unchecked_into::<Element>) {
                    let _ = e.remove_attribute("aria-invalid");
                }
            }
        }
    }
    // "Other" reveals its text box only when chosen.
    if let Ok(Some(text)) = root.query_selector("[data-ep='other-text']") {
        let chosen = checked_values(root).iter().any(|v| v == OTHER);
        let text: HtmlElement = text.unchecked_into();
        if text.hidden() == chosen {
            text.set_hidden(!chosen);
        }
    }
    // A multiple choice at its limit: the other boxes wait until one is unticked.
    let max = c.current.try_borrow().ok().and_then(|cur| cur.max_selections);
    if let Some(max) = max {
        let full = checked_values(root).len() >= max as usize;
        if let Ok(list) = root.query_selector_all("input[type=checkbox][name='ep-q']") {
            for i in 0..list.length() {
                if let Some(input) = list.item(i).map(JsCast::unchecked_into::<HtmlInputElement>) {
                    input.set_disabled(full && !input.checked());
                }
            }
        }
    }
}

/// The values of the checked inputs of the question.
fn checked_values(root: &ShadowRoot) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(list) = root.query_selector_all("input[name='ep-q']:checked") {
        for i in 0..list.length() {
            if let Some(input) = list.item(i).map(JsCast::unchecked_into::<HtmlInputElement>) {
                out.push(input.value());
            }
        }
    }
    out
}

/// The answer in its wire shape, or `None` when nothing was given.
fn read_answer(root: &ShadowRoot, current: &Current) -> Option<Answer> {
    let field = |selector: &str| -> Option<String> {
        let e = root.query_selector(selector).ok()??;
        // An input or a textarea: both have `value`.
        let value = e.unchecked_ref::<HtmlInputElement>().value();
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    };
    match current.reading? {
        Reading::Number => checked_values(root).first()?.parse().ok().map(Answer::Number),
        Reading::Single => {
            let v = checked_values(root).into_iter().next()?;
            if v == OTHER {
                field("input[name='ep-other']").map(Answer::Other)
            } else {
                Some(Answer::Text(v))
            }
        }
        Reading::Multiple => Some(checked_values(root)).filter(|v| !v.is_empty()).map(Answer::Choices),
        Reading::Text => field("[name='ep-q']").map(Answer::Text),
        Reading::Cta => current.cta_used.get().then(|| Answer::Text("clicked".to_owned())),
    }
}

/// Copies a discount code; the button says so once the clipboard answers.
fn copy_code(button: &Element, copied: &str, live: &Element, on: &Rc<dyn Fn(Action)>) {
    let code = button.get_attribute("data-code").unwrap_or_default();
    let done = {
        let (button, copied, live) = (button.clone(), copied.to_owned(), live.clone());
        move || {
            // The clipboard answers asynchronously; by then the survey may have moved on.
            if button.is_connected() {
                button.set_text_content(Some(&copied));
                live.set_text_content(Some(&copied));
            }
        }
    };
    let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
    let Some(clipboard) = clipboard else { return done() };
    let promise = clipboard.write_text(&code);
    let on = on.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
            on(Action::Log("the clipboard is not available; the code stays on screen"));
        }
        done();
    });
}

/// Keeps Tab inside a modal dialog.
fn trap_tab(root: &ShadowRoot, frame: &HtmlElement, e: &web_sys::KeyboardEvent) {
    let items = focusables(frame);
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    let active = root.active_element();
    let is = |x: &HtmlElement| active.as_ref().is_some_and(|a| a == x.unchecked_ref::<Element>());
    let on_frame = active.as_ref().is_none_or(|a| a == frame.unchecked_ref::<Element>());
    if e.shift_key() && (is(first) || on_frame) {
        e.prevent_default();
        let _ = last.focus();
    } else if !e.shift_key() && (is(last) || active.is_none()) {
        e.prevent_default();
        let _ = first.focus();
    }
}

/// The dialog's tab stops in order; a radio group is one stop (its checked radio, or else its first).
fn focusables(frame: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = frame.query_selector_all("button, a[href], input, textarea") else { return Vec::new() };
    let mut out: Vec<HtmlElement> = Vec::new();
    let mut groups_seen: Vec<String> = Vec::new();
    for i in 0..list.length() {
        let Some(e) = list.item(i).map(JsCast::unchecked_into::<HtmlElement>) else { continue };
        if e.hidden() {
            continue;
        }
        if e.tag_name() == "INPUT" {
            let input = e.unchecked_ref::<HtmlInputElement>();
            if input.disabled() {
                continue;
            }
            if input.type_() == "radio" {
                let name = input.name();
                if groups_seen.contains(&name) {
                    continue;
                }
                groups_seen.push(name.clone());
                let chosen = frame
                    .query_selector(&cat!["input[type=radio][name='", name, "']:checked"])
                    .ok()
                    .flatten()
                    .map(JsCast::unchecked_into::<HtmlElement>);
                out.push(chosen.unwrap_or(e));
                continue;
            }
        }
        out.push(e);
    }
    out
}
