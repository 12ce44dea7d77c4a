//! The survey dialog in a shadow root: building it, showing each question,
//! reading the shopper's answer back, and closing it.
//!
//! Every piece of survey text goes in with `set_text_content`, never as HTML.
//! Controls are native form elements (radios, checkboxes, inputs), so the
//! browser provides keyboard behaviour and accessible names; this file adds
//! the WAI-ARIA dialog pattern around them.

use crate::host::Host;
use crate::strings::{ui, ui_with};
use exitpoll_engine::flow::{Flow, Invalid, choice_order};
use exitpoll_protocol::config::{Question, QuestionKind, RatingStyle, SiteConfig, Survey, UiString};
use exitpoll_protocol::response::Answer;
use exitpoll_protocol::text::Text;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CssStyleSheet, Document, Element, HtmlElement, HtmlInputElement, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

/// The name of the element that hosts the shadow root. A custom element name,
/// so page rules such as `div { display: none !important }` never match it.
pub const HOST_TAG: &str = "exitpoll-widget";
const STYLE: &str = include_str!("style.css");

type Result<T> = std::result::Result<T, JsValue>;

/// The open dialog.
#[derive(Debug)]
pub struct Ui {
    document: Document,
    host_element: HtmlElement,
    root: ShadowRoot,
    dialog: HtmlElement,
    body: HtmlElement,
    live: HtmlElement,
    /// Where focus was before the dialog opened; it goes back there on close.
    restore_focus: Option<HtmlElement>,
    cta_clicked: bool,
}

fn el(document: &Document, tag: &str, class: &str) -> Result<HtmlElement> {
    let e: HtmlElement = document.create_element(tag)?.unchecked_into();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

fn with_text(e: HtmlElement, text: &str) -> HtmlElement {
    e.set_text_content(Some(text));
    e
}

fn set(e: &Element, name: &str, value: &str) -> Result<()> {
    e.set_attribute(name, value)
}

impl Ui {
    /// Builds the dialog for `survey` and puts it on the page.
    pub fn open(
        document: &Document,
        host: &Host,
        config: &SiteConfig,
        survey: &Survey,
        locale: &str,
    ) -> Result<Ui> {
        let restore_focus = document.active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let host_element = el(document, HOST_TAG, "")?;
        let init = ShadowRootInit::new(ShadowRootMode::Open);
        let root = host_element.attach_shadow(&init)?;
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(STYLE)?;
        root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));

        let position = config.theme.position;
        let modal = position == exitpoll_protocol::config::Position::Center;
        if modal {
            let backdrop = el(document, "div", "ep-backdrop")?;
            set(&backdrop, "part", "backdrop")?;
            root.append_child(&backdrop)?;
        }
        let dialog = el(document, "div", &["ep ep--", position.as_str()].concat())?;
        set(&dialog, "part", "dialog")?;
        set(&dialog, "role", "dialog")?;
        set(&dialog, "aria-labelledby", "ep-title")?;
        set(&dialog, "tabindex", "-1")?;
        set(&dialog, "lang", locale)?;
        set(&dialog, "data-survey", &survey.id)?;
        if modal {
            set(&dialog, "aria-modal", "true")?;
        }
        let style = dialog.style();
        style.set_property("--ep-config-accent", &config.theme.accent)?;
        if config.theme.font != "inherit" {
            style.set_property("--ep-config-font", &config.theme.font)?;
        } else {
            style.set_property("--ep-config-font", "inherit")?;
        }
        let close = with_text(el(document, "button", "ep-close")?, "\u{00d7}");
        set(&close, "type", "button")?;
        set(&close, "part", "close")?;
        set(&close, "data-ep", "close")?;
        set(&close, "aria-label", ui(config, locale, UiString::Close))?;
        let body = el(document, "div", "ep-body")?;
        let live = el(document, "p", "ep-sr")?;
        set(&live, "role", "status")?;
        set(&live, "aria-live", "polite")?;
        dialog.append_child(&close)?;
        dialog.append_child(&body)?;
        dialog.append_child(&live)?;
        root.append_child(&dialog)?;
        document
            .body()
            .ok_or_else(|| JsValue::from_str("the page has no <body>"))?
            .append_child(&host_element)?;
        host.attach(&root);
        Ok(Ui {
            document: document.clone(),
            host_element,
            root,
            dialog,
            body,
            live,
            restore_focus,
            cta_clicked: false,
        })
    }

    /// Shows the flow's current question.
    pub fn show_question(
        &mut self,
        config: &SiteConfig,
        survey: &Survey,
        flow: &Flow,
        locale: &str,
    ) -> Result<()> {
        let Some(index) = flow.current else { return Ok(()) };
        let q = &survey.questions[index];
        let d = &self.document;
        self.cta_clicked = false;
        self.body.set_text_content(None);

        let (position, total) = flow.progress(survey);
        if total > 1 {
            let bar_track = el(d, "div", "ep-progress")?;
            set(&bar_track, "part", "progress")?;
            set(&bar_track, "aria-hidden", "true")?;
            let bar = el(d, "div", "ep-bar")?;
            let mut pct = String::new();
            exitpoll_protocol::json::push_u64(&mut pct, (position * 100 / total) as u64);
            pct.push('%');
            bar.style().set_property("width", &pct)?;
            bar_track.append_child(&bar)?;
            self.body.append_child(&bar_track)?;
            let step = with_text(
                el(d, "p", "ep-step")?,
                &ui_with(config, locale, UiString::Progress, &[("current", position), ("total", total)]),
            );
            set(&step, "part", "step")?;
            self.body.append_child(&step)?;
        }

        let form = el(d, "form", "ep-form")?;
        set(&form, "part", "form")?;
        set(&form, "novalidate", "")?;
        let title = with_text(el(d, "h2", "ep-title")?, q.prompt.resolve(locale));
        set(&title, "id", "ep-title")?;
        set(&title, "part", "title")?;
        form.append_child(&title)?;
        if let Some(desc) = &q.description {
            let p = with_text(el(d, "p", "ep-description")?, desc.resolve(locale));
            set(&p, "part", "description")?;
            set(&p, "id", "ep-description")?;
            form.append_child(&p)?;
        }
        let answers = self.controls(config, q, &flow.response.response_id, locale)?;
        form.append_child(&answers)?;
        let error = el(d, "p", "ep-error")?;
        set(&error, "id", "ep-error")?;
        set(&error, "part", "error")?;
        set(&error, "role", "alert")?;
        form.append_child(&error)?;
        let actions = el(d, "div", "ep-actions")?;
        let last = index + 1 == survey.questions.len();
        let label = ui(config, locale, if last { UiString::Submit } else { UiString::Next });
        let next = with_text(el(d, "button", "ep-button")?, label);
        set(&next, "type", "submit")?;
        set(&next, "part", "button next")?;
        actions.append_child(&next)?;
        form.append_child(&actions)?;
        self.body.append_child(&form)?;
        self.focus_first();
        Ok(())
    }

    fn controls(
        &self,
        config: &SiteConfig,
        q: &Question,
        response_id: &str,
        locale: &str,
    ) -> Result<HtmlElement> {
        let d = &self.document;
        let wrap = el(d, "div", "ep-fieldset")?;
        set(&wrap, "part", "answers")?;
        match &q.kind {
            QuestionKind::Nps { low_label, high_label } => {
                let low =
                    low_label.as_ref().map_or(ui(config, locale, UiString::NpsLow), |t| t.resolve(locale));
                let high =
                    high_label.as_ref().map_or(ui(config, locale, UiString::NpsHigh), |t| t.resolve(locale));
                self.scale(&wrap, q, 0, 10, RatingStyle::Numbers, Some((low, high)))?;
            }
            QuestionKind::Rating { scale, style, low_label, high_label } => {
                let ends = match (low_label, high_label) {
                    (Some(l), Some(h)) => Some((l.resolve(locale), h.resolve(locale))),
                    _ => None,
                };
                self.scale(&wrap, q, 1, *scale, *style, ends)?;
            }
            QuestionKind::SingleChoice { choices, allow_other, .. } => {
                let group = self.group(&wrap, q, "radiogroup")?;
                for i in choice_order(response_id, q) {
                    self.option(&group, "radio", &choices[i].id, &choices[i].label, locale)?;
                }
                if *allow_other {
                    let other = Text::Plain(ui(config, locale, UiString::Other).to_owned());
                    self.option(&group, "radio", "__other", &other, locale)?;
                    let input: HtmlInputElement = el(d, "input", "ep-input ep-other")?.unchecked_into();
                    input.set_type("text");
                    input.set_name("ep-other");
                    set(&input, "maxlength", "5000")?;
                    set(&input, "aria-label", ui(config, locale, UiString::Other))?;
                    set(&input, "placeholder", ui(config, locale, UiString::OtherPlaceholder))?;
                    set(&input, "data-ep", "other-text")?;
                    wrap.append_child(&input)?;
                }
            }
            QuestionKind::MultipleChoice { choices, .. } => {
                let group = self.group(&wrap, q, "group")?;
                for i in choice_order(response_id, q) {
                    self.option(&group, "checkbox", &choices[i].id, &choices[i].label, locale)?;
                }
            }
            QuestionKind::Text { multiline, max_length, placeholder } => {
                let tag = if *multiline { "textarea" } else { "input" };
                let input = el(d, tag, "ep-input")?;
                if !multiline {
                    set(&input, "type", "text")?;
                }
                set(&input, "name", "ep-q")?;
                let mut max = String::new();
                exitpoll_protocol::json::push_u64(&mut max, u64::from(*max_length));
                set(&input, "maxlength", &max)?;
                let ph = placeholder
                    .as_ref()
                    .map_or(ui(config, locale, UiString::TextPlaceholder), |t| t.resolve(locale));
                set(&input, "placeholder", ph)?;
                self.label_input(&input, q)?;
                wrap.append_child(&input)?;
            }
            QuestionKind::Email { placeholder } => {
                let input = el(d, "input", "ep-input")?;
                set(&input, "type", "email")?;
                set(&input, "name", "ep-q")?;
                set(&input, "autocomplete", "email")?;
                set(&input, "inputmode", "email")?;
                let ph = placeholder
                    .as_ref()
                    .map_or(ui(config, locale, UiString::EmailPlaceholder), |t| t.resolve(locale));
                set(&input, "placeholder", ph)?;
                self.label_input(&input, q)?;
                wrap.append_child(&input)?;
            }
            QuestionKind::Cta { button, code, url } => {
                if let Some(code) = code {
                    let c = with_text(el(d, "p", "ep-code")?, code);
                    set(&c, "part", "code")?;
                    wrap.append_child(&c)?;
                    let label = if url.is_some() {
                        ui(config, locale, UiString::Copy)
                    } else {
                        button.resolve(locale)
                    };
                    let b = with_text(el(d, "button", "ep-cta")?, label);
                    set(&b, "type", "button")?;
                    set(&b, "part", "button cta")?;
                    set(&b, "data-ep", "copy")?;
                    set(&b, "data-code", code)?;
                    wrap.append_child(&b)?;
                }
                if let Some(url) = url {
                    let a = with_text(el(d, "a", "ep-cta")?, button.resolve(locale));
                    set(&a, "href", url)?;
                    set(&a, "target", "_blank")?;
                    set(&a, "rel", "noopener noreferrer")?;
                    set(&a, "part", "button cta")?;
                    set(&a, "data-ep", "cta")?;
                    wrap.append_child(&a)?;
                }
            }
        }
        Ok(wrap)
    }

    fn group(&self, wrap: &HtmlElement, q: &Question, role: &str) -> Result<HtmlElement> {
        let group = el(&self.document, "div", "ep-options")?;
        set(&group, "role", role)?;
        set(&group, "aria-labelledby", "ep-title")?;
        if q.required && role == "radiogroup" {
            set(&group, "aria-required", "true")?;
        }
        set(&group, "aria-describedby", "ep-error")?;
        wrap.append_child(&group)?;
        Ok(group)
    }

    fn label_input(&self, input: &HtmlElement, q: &Question) -> Result<()> {
        set(input, "aria-labelledby", "ep-title")?;
        set(input, "aria-describedby", "ep-error")?;
        if q.required {
            set(input, "aria-required", "true")?;
        }
        Ok(())
    }

    fn option(&self, group: &HtmlElement, kind: &str, value: &str, label: &Text, locale: &str) -> Result<()> {
        let d = &self.document;
        let row = el(d, "label", "ep-option")?;
        set(&row, "part", "option")?;
        let input: HtmlInputElement = el(d, "input", "")?.unchecked_into();
        input.set_type(kind);
        input.set_name("ep-q");
        input.set_value(value);
        row.append_child(&input)?;
        row.append_child(&with_text(el(d, "span", "")?, label.resolve(locale)))?;
        group.append_child(&row)?;
        Ok(())
    }

    /// A row of radio cells from `from` to `to` (NPS, rating).
    fn scale(
        &self,
        wrap: &HtmlElement,
        q: &Question,
        from: u32,
        to: u32,
        style: RatingStyle,
        ends: Option<(&str, &str)>,
    ) -> Result<()> {
        let d = &self.document;
        let class = match style {
            RatingStyle::Stars => "ep-scale ep-stars",
            RatingStyle::Emoji => "ep-scale ep-emoji",
            RatingStyle::Numbers => "ep-scale",
        };
        let group = el(d, "div", class)?;
        set(&group, "role", "radiogroup")?;
        set(&group, "aria-labelledby", "ep-title")?;
        set(&group, "aria-describedby", "ep-error")?;
        if q.required {
            set(&group, "aria-required", "true")?;
        }
        const EMOJI: [&str; 5] = ["\u{1f61e}", "\u{1f615}", "\u{1f610}", "\u{1f642}", "\u{1f60d}"];
        for n in from..=to {
            let mut number = String::new();
            exitpoll_protocol::json::push_u64(&mut number, u64::from(n));
            let cell = el(d, "label", "ep-cell")?;
            set(&cell, "part", "option")?;
            let input: HtmlInputElement = el(d, "input", "")?.unchecked_into();
            input.set_type("radio");
            input.set_name("ep-q");
            input.set_value(&number);
            let face = match style {
                RatingStyle::Numbers => number.clone(),
                RatingStyle::Stars => "\u{2605}".to_owned(),
                RatingStyle::Emoji => {
                    // Spread the five faces over the scale.
                    let i = ((n - from) * 4 + (to - from) / 2) / (to - from).max(1);
                    EMOJI[i.min(4) as usize].to_owned()
                }
            };
            if style != RatingStyle::Numbers {
                let mut name = number.clone();
                name.push_str(" / ");
                exitpoll_protocol::json::push_u64(&mut name, u64::from(to));
                set(&input, "aria-label", &name)?;
            }
            let span = with_text(el(d, "span", "")?, &face);
            set(&span, "aria-hidden", if style == RatingStyle::Numbers { "false" } else { "true" })?;
            cell.append_child(&input)?;
            cell.append_child(&span)?;
            group.append_child(&cell)?;
        }
        wrap.append_child(&group)?;
        if let Some((low, high)) = ends {
            let row = el(d, "div", "ep-ends")?;
            row.append_child(&with_text(el(d, "span", "")?, low))?;
            row.append_child(&with_text(el(d, "span", "")?, high))?;
            wrap.append_child(&row)?;
        }
        Ok(())
    }

    /// Reads the answer from the controls; `None` when nothing was given.
    pub fn read_answer(&self, q: &Question) -> Option<Answer> {
        let query = |sel: &str| self.root.query_selector(sel).ok().flatten();
        let value_of = |e: Element| e.unchecked_into::<HtmlInputElement>().value();
        match &q.kind {
            QuestionKind::Nps { .. } | QuestionKind::Rating { .. } => {
                let v = value_of(query("input[name='ep-q']:checked")?);
                parse_int(&v).map(Answer::Number)
            }
            QuestionKind::SingleChoice { .. } => {
                let v = value_of(query("input[name='ep-q']:checked")?);
                if v == "__other" {
                    let text = value_of(query("input[name='ep-other']")?);
                    let text = text.trim();
                    (!text.is_empty()).then(|| Answer::Other(text.to_owned()))
                } else {
                    Some(Answer::Text(v))
                }
            }
            QuestionKind::MultipleChoice { .. } => {
                let list = self.root.query_selector_all("input[name='ep-q']:checked").ok()?;
                let ids: Vec<String> = (0..list.length())
                    .filter_map(|i| list.item(i))
                    .map(|n| n.unchecked_into::<HtmlInputElement>().value())
                    .collect();
                (!ids.is_empty()).then_some(Answer::Choices(ids))
            }
            QuestionKind::Text { multiline, .. } => {
                let e = query("[name='ep-q']")?;
                let v = if *multiline {
                    e.unchecked_into::<web_sys::HtmlTextAreaElement>().value()
                } else {
                    value_of(e)
                };
                let v = v.trim();
                (!v.is_empty()).then(|| Answer::Text(v.to_owned()))
            }
            QuestionKind::Email { .. } => {
                let v = value_of(query("[name='ep-q']")?);
                let v = v.trim();
                (!v.is_empty()).then(|| Answer::Text(v.to_owned()))
            }
            QuestionKind::Cta { .. } => self.cta_clicked.then(|| Answer::Text("clicked".into())),
        }
    }

    /// Marks the CTA as used; returns the code to copy, if this was the copy button.
    pub fn cta_used(&mut self, copied_label: &str, action: &str) -> Option<String> {
        self.cta_clicked = true;
        if action != "copy" {
            return None;
        }
        let button = self.root.query_selector("[data-ep='copy']").ok().flatten()?;
        let code = button.get_attribute("data-code");
        button.set_text_content(Some(copied_label));
        self.live.set_text_content(Some(copied_label));
        code
    }

    pub fn show_invalid(&self, config: &SiteConfig, locale: &str, invalid: &Invalid) {
        let text = match invalid {
            Invalid::Required => ui(config, locale, UiString::Required).to_owned(),
            Invalid::InvalidEmail => ui(config, locale, UiString::InvalidEmail).to_owned(),
            Invalid::TooLong { max } => ui_with(config, locale, UiString::TooLong, &[("max", *max as usize)]),
            Invalid::TooMany { max } => ui_with(config, locale, UiString::TooMany, &[("max", *max as usize)]),
            Invalid::Other(message) => message.clone(),
        };
        if let Ok(Some(error)) = self.root.query_selector("#ep-error") {
            error.set_text_content(Some(&text));
        }
        if let Ok(list) = self.root.query_selector_all("[aria-describedby='ep-error']") {
            for i in 0..list.length() {
                if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let _ = e.set_attribute("aria-invalid", "true");
                }
            }
        }
        self.focus_first();
    }

    pub fn show_thanks(&mut self, config: &SiteConfig, survey: &Survey, locale: &str) -> Result<()> {
        let d = &self.document;
        self.body.set_text_content(None);
        let title_text = survey
            .thank_you
            .title
            .as_ref()
            .map_or(ui(config, locale, UiString::ThankYou), |t| t.resolve(locale));
        let wrap = el(d, "div", "ep-thanks")?;
        set(&wrap, "part", "thanks")?;
        let title = with_text(el(d, "h2", "ep-title")?, title_text);
        set(&title, "id", "ep-title")?;
        set(&title, "part", "title")?;
        wrap.append_child(&title)?;
        let mut announce = title_text.to_owned();
        if let Some(body) = &survey.thank_you.body {
            let text = body.resolve(locale);
            let p = with_text(el(d, "p", "ep-description")?, text);
            set(&p, "part", "description")?;
            wrap.append_child(&p)?;
            announce.push(' ');
            announce.push_str(text);
        }
        self.body.append_child(&wrap)?;
        // The live region existed before this change, so screen readers announce it.
        self.live.set_text_content(Some(&announce));
        let _ = self.dialog.focus();
        Ok(())
    }

    fn focusables(&self) -> Vec<HtmlElement> {
        let Ok(list) = self.dialog.query_selector_all(
            "button, a[href], input:not([type='radio']), input[type='radio']:checked, textarea, select",
        ) else {
            return Vec::new();
        };
        let mut out: Vec<HtmlElement> = (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .collect();
        // A radio group is one tab stop: its checked radio, or else its first.
        if let Ok(groups) = self.dialog.query_selector_all("[role='radiogroup']") {
            for i in 0..groups.length() {
                let Some(group) = groups.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
                if group.query_selector("input:checked").ok().flatten().is_none()
                    && let Some(first) = group.query_selector("input").ok().flatten()
                {
                    out.push(first.unchecked_into());
                }
            }
        }
        out.sort_by(|a, b| {
            let pos = a.compare_document_position(b);
            if pos & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0 {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            }
        });
        out
    }

    fn focus_first(&self) {
        let first = self
            .body
            .query_selector("input, textarea, a[href], .ep-cta, .ep-button")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let _ = match first {
            Some(e) => e.focus(),
            None => self.dialog.focus(),
        };
    }

    /// Keeps Tab inside the dialog. Returns true when it moved focus itself
    /// (the caller then prevents the browser's default).
    pub fn tab(&self, backwards: bool) -> bool {
        let items = self.focusables();
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return false;
        };
        let active = self.root.active_element();
        let at = |e: &HtmlElement| active.as_ref().is_some_and(|a| a == e.unchecked_ref::<Element>());
        let target = if backwards && (at(first) || active.is_none()) {
            last
        } else if !backwards && (at(last) || active.is_none()) {
            first
        } else {
            return false;
        };
        let _ = target.focus();
        true
    }

    /// Takes the dialog off the page and gives focus back.
    pub fn close(self) {
        self.host_element.remove();
        if let Some(e) = self.restore_focus
            && e.is_connected()
        {
            let _ = e.focus();
        }
    }
}

fn parse_int(s: &str) -> Option<i64> {
    exitpoll_protocol::json::Number::parse(s)?.as_i64()
}
