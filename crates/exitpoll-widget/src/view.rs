//! What the JavaScript renderer draws, as JSON: the dialog, each question
//! (texts resolved to the shopper's language, choices in the response's
//! order), the validation message and the thank-you screen.
use crate::prelude::*;
use exitpoll_protocol::cat;

use crate::strings::{ui, ui_with};
use exitpoll_engine::flow::{Flow, Invalid, choice_order};
use exitpoll_protocol::config::{Position, QuestionKind, RatingStyle, SiteConfig, Survey, UiString};
use exitpoll_protocol::json::{ObjectWriter, push_str_literal, push_u64};

fn num(n: u64) -> String {
    let mut s = String::new();
    push_u64(&mut s, n);
    s
}

pub fn open(config: &SiteConfig, survey: &Survey, locale: &str) -> String {
    let mut strings = String::new();
    let mut w = ObjectWriter::new(&mut strings);
    for key in [UiString::Close, UiString::Next, UiString::Submit, UiString::Copied] {
        w.str(key.as_str(), ui(config, locale, key));
    }
    w.finish();
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.str("kind", "open")
        .str("survey_id", &survey.id)
        .str("position", config.theme.position.as_str())
        .bool("modal", config.theme.position == Position::Center)
        .str("locale", locale)
        .str("accent", &config.theme.accent)
        .str("font", &config.theme.font)
        .raw("strings", &strings);
    o.finish();
    out
}

pub fn question(config: &SiteConfig, survey: &Survey, flow: &Flow, locale: &str) -> Option<String> {
    let index = flow.current?;
    let q = &survey.questions[index];
    let (position, total) = flow.progress(survey);
    let text = |t: &exitpoll_protocol::Text| t.resolve(locale).to_owned();
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.str("kind", "question")
        .str("id", &q.id)
        .str("type", q.kind.as_str())
        .str("prompt", q.prompt.resolve(locale))
        .bool("required", q.required)
        .int("position", position as i64)
        .int("total", total as i64)
        .str(
            "progress",
            &ui_with(config, locale, UiString::Progress, &[("current", position), ("total", total)]),
        )
        .bool("last", index + 1 == survey.questions.len());
    if let Some(d) = &q.description {
        o.str("description", d.resolve(locale));
    }
    match &q.kind {
        QuestionKind::Nps { low_label, high_label } => {
            let low =
                low_label.as_ref().map_or_else(|| ui(config, locale, UiString::NpsLow).to_owned(), text);
            let high =
                high_label.as_ref().map_or_else(|| ui(config, locale, UiString::NpsHigh).to_owned(), text);
            o.str("style", "numbers")
                .raw("scale", &scale(0, 10, RatingStyle::Numbers))
                .str("low_label", &low)
                .str("high_label", &high);
        }
        QuestionKind::Rating { scale: n, style, low_label, high_label } => {
            let name = ["stars", "numbers", "emoji"][*style as usize];
            o.str("style", name).raw("scale", &scale(1, *n, *style));
            if let Some(l) = low_label {
                o.str("low_label", l.resolve(locale));
            }
            if let Some(h) = high_label {
                o.str("high_label", h.resolve(locale));
            }
        }
        QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } => {
            let choices = q.kind.choices();
            let allow_other = matches!(q.kind, QuestionKind::SingleChoice { allow_other: true, .. });
            let mut list = String::from("[");
            for (n, i) in choice_order(&flow.response.response_id, q).into_iter().enumerate() {
                if n > 0 {
                    list.push(',');
                }
                ObjectWriter::new(&mut list)
                    .str("id", &choices[i].id)
                    .str("label", choices[i].label.resolve(locale))
                    .finish();
            }
            list.push(']');
            o.raw("choices", &list);
            if allow_other {
                o.str("other", ui(config, locale, UiString::Other))
                    .str("other_placeholder", ui(config, locale, UiString::OtherPlaceholder));
            }
        }
        QuestionKind::Text { multiline, max_length, placeholder } => {
            let ph = placeholder
                .as_ref()
                .map_or_else(|| ui(config, locale, UiString::TextPlaceholder).to_owned(), text);
            o.bool("multiline", *multiline).int("max_length", i64::from(*max_length)).str("placeholder", &ph);
        }
        QuestionKind::Email { placeholder } => {
            let ph = placeholder
                .as_ref()
                .map_or_else(|| ui(config, locale, UiString::EmailPlaceholder).to_owned(), text);
            o.str("placeholder", &ph);
        }
        QuestionKind::Cta { button, code, url } => {
            o.str("button", button.resolve(locale));
            if let Some(c) = code {
                let copy =
                    if url.is_some() { ui(config, locale, UiString::Copy) } else { button.resolve(locale) };
                o.str("code", c).str("copy_label", copy);
            }
            if let Some(u) = url {
                o.str("url", u);
            }
        }
    }
    o.finish();
    Some(out)
}

/// Scale cells: value, the face shown, and the accessible name.
fn scale(from: u32, to: u32, style: RatingStyle) -> String {
    const EMOJI: [&str; 5] = ["\u{1f61e}", "\u{1f615}", "\u{1f610}", "\u{1f642}", "\u{1f60d}"];
    let mut out = String::from("[");
    for n in from..=to {
        if n > from {
            out.push(',');
        }
        let value = num(u64::from(n));
        let face = match style {
            RatingStyle::Numbers => value.clone(),
            RatingStyle::Stars => "\u{2605}".to_owned(),
            // Spread the five faces over the scale.
            RatingStyle::Emoji => {
                EMOJI[(((n - from) * 4 + (to - from) / 2) / (to - from).max(1)).min(4) as usize].to_owned()
            }
        };
        let name = if style == RatingStyle::Numbers {
            value.clone()
        } else {
            cat![value, " / ", num(u64::from(to))]
        };
        out.push_str("{\"value\":");
        out.push_str(&value);
        out.push_str(",\"face\":");
        push_str_literal(&mut out, &face);
        out.push_str(",\"name\":");
        push_str_literal(&mut out, &name);
        out.push('}');
    }
    out.push(']');
    out
}

pub fn invalid(config: &SiteConfig, locale: &str, invalid: &Invalid) -> String {
    let message = match invalid {
        Invalid::Required => ui(config, locale, UiString::Required).to_owned(),
        Invalid::InvalidEmail => ui(config, locale, UiString::InvalidEmail).to_owned(),
        Invalid::TooLong { max } => ui_with(config, locale, UiString::TooLong, &[("max", *max as usize)]),
        Invalid::TooMany { max } => ui_with(config, locale, UiString::TooMany, &[("max", *max as usize)]),
        Invalid::Other(m) => m.clone(),
    };
    let mut out = String::new();
    ObjectWriter::new(&mut out).str("kind", "invalid").str("message", &message).finish();
    out
}

pub fn thanks(config: &SiteConfig, survey: &Survey, locale: &str) -> String {
    let title =
        survey.thank_you.title.as_ref().map_or(ui(config, locale, UiString::ThankYou), |t| t.resolve(locale));
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.str("kind", "thanks").str("title", title);
    if let Some(b) = &survey.thank_you.body {
        o.str("body", b.resolve(locale));
    }
    o.finish();
    out
}

pub const CLOSE: &str = r#"{"kind":"close"}"#;
