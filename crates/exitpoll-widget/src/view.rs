//! What the dialog draws, as plain values: the frame of a survey, each
//! question (texts resolved to the shopper's language, choices in the
//! response's order), the validation message and the thank-you screen.
//!
//! Nothing here touches the DOM, so it is tested natively; `dialog.rs` turns
//! these values into elements.
use exitpoll_protocol::cat;

use crate::strings::{ui, ui_with};
use exitpoll_engine::flow::{Flow, Invalid, choice_order};
use exitpoll_protocol::config::{Position, QuestionKind, RatingStyle, SiteConfig, Survey, UiString};

/// The frame of an open survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub survey_id: String,
    pub position: Position,
    /// A centred dialog is modal: a backdrop, `aria-modal`, and Tab stays inside.
    pub modal: bool,
    /// Whether opening it moves the keyboard focus into it: for a modal, and
    /// for a survey the page opened itself with `show()`. A corner survey
    /// that a trigger opened leaves the shopper's focus where it is.
    pub takes_focus: bool,
    pub locale: String,
    pub accent: String,
    /// `None` takes the page's font (`theme.font: "inherit"`).
    pub font: Option<String>,
    pub close: String,
    pub next: String,
    pub submit: String,
    pub copied: String,
}

pub fn frame(config: &SiteConfig, survey: &Survey, locale: &str, trigger: &str) -> Frame {
    let modal = config.theme.position == Position::Center;
    let font = config.theme.font.trim();
    Frame {
        survey_id: survey.id.clone(),
        position: config.theme.position,
        modal,
        takes_focus: modal || trigger == "manual",
        locale: locale.to_owned(),
        accent: config.theme.accent.clone(),
        font: (!font.is_empty() && font != "inherit").then(|| font.to_owned()),
        close: ui(config, locale, UiString::Close).to_owned(),
        next: ui(config, locale, UiString::Next).to_owned(),
        submit: ui(config, locale, UiString::Submit).to_owned(),
        copied: ui(config, locale, UiString::Copied).to_owned(),
    }
}

/// One cell of a rating or NPS scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: u32,
    /// What the cell shows: the number, or an emoji (stars are drawn by the dialog).
    pub face: String,
    /// The accessible name: "3", or "3 / 5".
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Controls {
    Scale {
        style: RatingStyle,
        cells: Vec<Cell>,
        low_label: Option<String>,
        high_label: Option<String>,
    },
    Choices {
        multiple: bool,
        choices: Vec<Choice>,
        /// "Other" with its text box: the label and the placeholder.
        other: Option<(String, String)>,
        /// A multiple choice's limit, told before the shopper submits.
        hint: Option<String>,
        max_selections: Option<u32>,
    },
    Text {
        email: bool,
        multiline: bool,
        max_length: Option<u32>,
        placeholder: String,
    },
    Cta {
        button: String,
        /// The code to copy and the label of its button.
        code: Option<(String, String)>,
        url: Option<String>,
    },
}

/// A question as the dialog draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub description: Option<String>,
    pub required: bool,
    /// "Question 2 of 3", with the position and total, when there is more than one.
    pub progress: Option<(String, usize, usize)>,
    pub last: bool,
    pub controls: Controls,
}

pub fn question(config: &SiteConfig, survey: &Survey, flow: &Flow, locale: &str) -> Option<Question> {
    let index = flow.current?;
    let q = &survey.questions[index];
    let (position, total) = flow.progress(survey);
    let text = |t: &exitpoll_protocol::Text| t.resolve(locale).to_owned();
    let or_ui = |t: &Option<exitpoll_protocol::Text>, key| {
        t.as_ref().map_or_else(|| ui(config, locale, key).to_owned(), text)
    };
    let controls = match &q.kind {
        QuestionKind::Nps { low_label, high_label } => Controls::Scale {
            style: RatingStyle::Numbers,
            cells: scale(0, 10, RatingStyle::Numbers),
            low_label: Some(or_ui(low_label, UiString::NpsLow)),
            high_label: Some(or_ui(high_label, UiString::NpsHigh)),
        },
        QuestionKind::Rating { scale: n, style, low_label, high_label } => Controls::Scale {
            style: *style,
            cells: scale(1, *n, *style),
            low_label: low_label.as_ref().map(text),
            high_label: high_label.as_ref().map(text),
        },
        QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } => {
            let choices = q.kind.choices();
            let (multiple, allow_other, max_selections) = match q.kind {
                QuestionKind::SingleChoice { allow_other, .. } => (false, allow_other, None),
                QuestionKind::MultipleChoice { max_selections, .. } => (true, false, max_selections),
                _ => (false, false, None),
            };
            Controls::Choices {
                multiple,
                choices: choice_order(&flow.response.response_id, q)
                    .into_iter()
                    .map(|i| Choice {
                        id: choices[i].id.clone(),
                        label: choices[i].label.resolve(locale).to_owned(),
                    })
                    .collect(),
                other: allow_other.then(|| {
                    (
                        ui(config, locale, UiString::Other).to_owned(),
                        ui(config, locale, UiString::OtherPlaceholder).to_owned(),
                    )
                }),
                // Told before the shopper submits, unless the limit is no limit.
                hint: max_selections
                    .filter(|&m| (m as usize) < choices.len())
                    .map(|m| ui_with(config, locale, UiString::ChooseUpTo, &[("max", m as usize)])),
                max_selections,
            }
        }
        QuestionKind::Text { multiline, max_length, placeholder } => Controls::Text {
            email: false,
            multiline: *multiline,
            max_length: Some(*max_length),
            placeholder: or_ui(placeholder, UiString::TextPlaceholder),
        },
        QuestionKind::Email { placeholder } => Controls::Text {
            email: true,
            multiline: false,
            max_length: None,
            placeholder: or_ui(placeholder, UiString::EmailPlaceholder),
        },
        QuestionKind::Cta { button, code, url } => Controls::Cta {
            button: button.resolve(locale).to_owned(),
            code: code.as_ref().map(|c| {
                let copy =
                    if url.is_some() { ui(config, locale, UiString::Copy) } else { button.resolve(locale) };
                (c.clone(), copy.to_owned())
            }),
            url: url.clone(),
        },
    };
    Some(Question {
        id: q.id.clone(),
        prompt: q.prompt.resolve(locale).to_owned(),
        description: q.description.as_ref().map(text),
        required: q.required,
        progress: (total > 1).then(|| {
            let label =
                ui_with(config, locale, UiString::Progress, &[("current", position), ("total", total)]);
            (label, position, total)
        }),
        last: index + 1 == survey.questions.len(),
        controls,
    })
}

/// Scale cells: value, the face shown, and the accessible name.
fn scale(from: u32, to: u32, style: RatingStyle) -> Vec<Cell> {
    const EMOJI: [&str; 5] = ["\u{1f61e}", "\u{1f615}", "\u{1f610}", "\u{1f642}", "\u{1f60d}"];
    (from..=to)
        .map(|n| {
            let value = cat![n];
            let face = match style {
                RatingStyle::Numbers => value.clone(),
                RatingStyle::Stars => String::new(),
                // Spread the five faces over the scale.
                RatingStyle::Emoji => EMOJI
                    [(((n - from) * 4 + (to - from) / 2) / (to - from).max(1)).min(4) as usize]
                    .to_owned(),
            };
            let name = if style == RatingStyle::Numbers { value } else { cat![value, " / ", to] };
            Cell { value: n, face, name }
        })
        .collect()
}

/// The message for an answer the engine did not accept.
pub fn invalid(config: &SiteConfig, locale: &str, invalid: &Invalid) -> String {
    match invalid {
        Invalid::Required => ui(config, locale, UiString::Required).to_owned(),
        Invalid::InvalidEmail => ui(config, locale, UiString::InvalidEmail).to_owned(),
        Invalid::TooLong { max } => ui_with(config, locale, UiString::TooLong, &[("max", *max as usize)]),
        Invalid::TooMany { max } => ui_with(config, locale, UiString::TooMany, &[("max", *max as usize)]),
        Invalid::Other(m) => m.clone(),
    }
}

/// The thank-you screen: title and body.
pub fn thanks(config: &SiteConfig, survey: &Survey, locale: &str) -> (String, Option<String>) {
    let title =
        survey.thank_you.title.as_ref().map_or(ui(config, locale, UiString::ThankYou), |t| t.resolve(locale));
    (title.to_owned(), survey.thank_you.body.as_ref().map(|b| b.resolve(locale).to_owned()))
}

#[cfg(test)]
mod tests;
