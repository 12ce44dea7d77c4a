//! Reading a site config from JSON, checking every rule of the site config reference (the protocol crate's README).
//!
//! The decoder is forgiving in one way and strict in another. A survey with an
//! error is dropped, and the rest of the config still works, because an invalid
//! config must never break a merchant's page. But every problem is reported, with
//! its path, so `check-config` and the widget's console can name all of them.
use crate::cat;
use crate::prelude::*;

use super::*;
use crate::decode::{self, Fields};
use crate::json::{self, Value};
use crate::problem::{Path, Problems};
use crate::text::is_locale;

/// The result of decoding: the usable part of the config, and every problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// `None` only when nothing is usable: not JSON, not an object, or no valid `site`.
    pub config: Option<SiteConfig>,
    pub problems: Problems,
}

impl Decoded {
    /// The config when it has no problem at all, warnings included.
    pub fn into_strict(self) -> Result<SiteConfig, Problems> {
        match self.config {
            Some(c) if self.problems.is_empty() => Ok(c),
            _ => Err(self.problems),
        }
    }
}

/// Longest glob, in bytes.
const MAX_GLOB_LEN: usize = 200;
const MAX_SURVEYS: usize = 100;
const MAX_QUESTIONS: usize = 30;
const MAX_CHOICES: usize = 50;

impl SiteConfig {
    /// Parses and checks a site config from JSON text.
    pub fn decode(text: &str) -> Decoded {
        let mut problems = Problems::default();
        let config = match json::parse_document(text) {
            Ok(v) => decode_site(&v, &mut problems),
            Err(e) => {
                problems.error(&Path::ROOT, cat![e]);
                None
            }
        };
        Decoded { config, problems }
    }

    /// Checks a config already parsed into a [`Value`].
    pub fn decode_value(value: &Value) -> Decoded {
        let mut problems = Problems::default();
        let config = decode_site(value, &mut problems);
        Decoded { config, problems }
    }
}

fn decode_site(v: &Value, problems: &mut Problems) -> Option<SiteConfig> {
    let root = Path::ROOT;
    let mut f = Fields::of(v, &root, problems)?;
    // Editors use "$schema" to find the JSON Schema; it means nothing here.
    let _ = f.get("$schema");
    let site = match f.get("site") {
        Some(v) => decode::id(v, &root.key("site"), problems),
        None => {
            problems.error(&root.key("site"), "missing: every config names its site id");
            None
        }
    };
    let throttle = object_or_default(&mut f, "throttle", problems, decode_throttle);
    let privacy = object_or_default(&mut f, "privacy", problems, decode_privacy);
    let theme = object_or_default(&mut f, "theme", problems, decode_theme);
    let stages = object_or_default(&mut f, "stages", problems, decode_stage_globs);
    let strings = match f.get("strings") {
        Some(v) => decode_strings(v, &root.key("strings"), problems),
        None => Vec::new(),
    };
    let surveys = match f.get("surveys") {
        Some(v) => decode_surveys(v, &root.key("surveys"), problems),
        None => Vec::new(),
    };
    f.finish(problems);
    Some(SiteConfig { site: site?, throttle, privacy, theme, stages, strings, surveys })
}

/// Decodes an optional object field with `decode`, or takes the default.
fn object_or_default<T: Default>(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    problems: &mut Problems,
    decode: impl FnOnce(&mut Fields<'_, '_>, &mut Problems) -> T,
) -> T {
    let Some(v) = f.get(key) else {
        return T::default();
    };
    let path = f.path().key(key);
    let Some(mut inner) = Fields::of(v, &path, problems) else {
        return T::default();
    };
    let out = decode(&mut inner, problems);
    inner.finish(problems);
    out
}

/// Reads an optional field with `read`, falling back to `default` when it is
/// absent or invalid (the invalid value is reported by `read`).
fn field<T>(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    problems: &mut Problems,
    default: T,
    read: impl FnOnce(&Value, &Path<'_>, &mut Problems) -> Option<T>,
) -> T {
    match f.get(key) {
        Some(v) => read(v, &f.path().key(key), problems).unwrap_or(default),
        None => default,
    }
}

fn uint(min: u32, max: u32) -> impl FnOnce(&Value, &Path<'_>, &mut Problems) -> Option<u32> {
    move |v, p, pr| decode::integer(v, p, pr, i64::from(min), i64::from(max)).map(|n| n as u32)
}

fn enum_of<T: Copy>(
    names: &'static [&'static str],
    all: &'static [T],
) -> impl FnOnce(&Value, &Path<'_>, &mut Problems) -> Option<T> {
    move |v, p, pr| decode::one_of(v, p, pr, names).map(|i| all[i])
}

fn decode_throttle(f: &mut Fields<'_, '_>, problems: &mut Problems) -> Throttle {
    let d = Throttle::default();
    Throttle {
        cooldown_hours: field(f, "cooldown_hours", problems, d.cooldown_hours, uint(0, 8760)),
        max_per_session: field(f, "max_per_session", problems, d.max_per_session, uint(1, 100)),
    }
}

fn decode_privacy(f: &mut Fields<'_, '_>, problems: &mut Problems) -> Privacy {
    let d = Privacy::default();
    Privacy {
        respect_gpc: field(f, "respect_gpc", problems, d.respect_gpc, decode::boolean),
        respect_dnt: field(f, "respect_dnt", problems, d.respect_dnt, decode::boolean),
        require_consent: field(f, "require_consent", problems, d.require_consent, decode::boolean),
    }
}

/// Whether `s` is `#rgb` or `#rrggbb`.
pub fn is_hex_color(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.bytes().all(|c| c.is_ascii_hexdigit()))
}

fn decode_theme(f: &mut Fields<'_, '_>, problems: &mut Problems) -> Theme {
    let d = Theme::default();
    Theme {
        accent: field(f, "accent", problems, d.accent, |v, p, pr| {
            let s = decode::string(v, p, pr)?;
            if is_hex_color(&s) {
                Some(s)
            } else {
                pr.error(p, cat!["\"", s, "\" is not a colour: use #rgb or #rrggbb"]);
                None
            }
        }),
        position: field(f, "position", problems, d.position, enum_of(&Position::NAMES, &Position::ALL)),
        font: field(f, "font", problems, d.font, |v, p, pr| {
            let s = decode::string(v, p, pr)?;
            // The font goes into a CSS custom property; these characters could end the declaration.
            if s.is_empty() || s.len() > 200 || s.contains([';', '{', '}', '<', '>', '\\']) {
                pr.error(
                    p,
                    "must be a CSS font-family list of at most 200 characters, without ; { } < > or \\",
                );
                None
            } else {
                Some(s)
            }
        }),
    }
}

fn glob(v: &Value, p: &Path<'_>, pr: &mut Problems) -> Option<String> {
    let s = decode::string(v, p, pr)?;
    if s.is_empty() || s.len() > MAX_GLOB_LEN {
        pr.error(p, cat!["a glob must have 1 to ", MAX_GLOB_LEN, " characters"]);
        None
    } else if !(s.starts_with('/') || s.starts_with('*')) {
        pr.error(p, cat!["\"", s, "\" must start with / or *: globs match the URL path"]);
        None
    } else {
        Some(s)
    }
}

fn globs(v: &Value, p: &Path<'_>, pr: &mut Problems) -> Option<Vec<String>> {
    let items = decode::array(v, p, pr)?;
    let before = pr.error_count();
    let out: Vec<String> = items.iter().enumerate().filter_map(|(i, v)| glob(v, &p.index(i), pr)).collect();
    (pr.error_count() == before).then_some(out)
}

fn decode_stage_globs(f: &mut Fields<'_, '_>, problems: &mut Problems) -> StageGlobs {
    StageGlobs {
        product: field(f, "product", problems, Vec::new(), globs),
        cart: field(f, "cart", problems, Vec::new(), globs),
        checkout: field(f, "checkout", problems, Vec::new(), globs),
        thank_you: field(f, "thank_you", problems, Vec::new(), globs),
        other: field(f, "other", problems, Vec::new(), globs),
    }
}

fn decode_strings(
    v: &Value,
    path: &Path<'_>,
    problems: &mut Problems,
) -> Vec<(String, Vec<(UiString, String)>)> {
    let Some(map) = v.as_object() else {
        problems.error(path, cat!["expected an object of locale to strings, found ", v.kind()]);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (locale, table) in map.iter() {
        let at = path.key(locale);
        if !is_locale(locale) {
            problems.error(&at, "not a locale: use a language code such as \"en\" or \"pt-BR\"");
            continue;
        }
        let Some(entries) = table.as_object() else {
            problems.error(&at, cat!["expected an object of string names to text, found ", table.kind()]);
            continue;
        };
        let mut strings = Vec::new();
        for (key, text) in entries.iter() {
            let at_key = at.key(key);
            let Some(i) = UiString::NAMES.iter().position(|n| *n == key) else {
                problems
                    .warn(&at_key, cat!["unknown UI string, expected one of ", UiString::NAMES.join(", ")]);
                continue;
            };
            if let Some(s) = decode::string(text, &at_key, problems) {
                strings.push((UiString::ALL[i], s));
            }
        }
        out.push((locale.to_owned(), strings));
    }
    out
}

fn decode_surveys(v: &Value, path: &Path<'_>, problems: &mut Problems) -> Vec<Survey> {
    let Some(items) = decode::array(v, path, problems) else {
        return Vec::new();
    };
    if items.len() > MAX_SURVEYS {
        problems.error(path, cat!["at most ", MAX_SURVEYS, " surveys per site"]);
    }
    let mut surveys: Vec<Survey> = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate().take(MAX_SURVEYS) {
        let at = path.index(i);
        let before = problems.error_count();
        let survey = decode_survey(item, &at, problems);
        if let Some(s) = &survey {
            if let Some((_, first)) = seen.iter().find(|(id, _)| *id == s.id) {
                problems.error(
                    &at.key("id"),
                    cat!["duplicate survey id \"", s.id, "\" (also surveys[", first, "])"],
                );
            } else {
                seen.push((s.id.clone(), i));
            }
        }
        // A survey with any error is dropped; the rest of the site keeps working.
        if let (Some(s), true) = (survey, problems.error_count() == before) {
            surveys.push(s);
        }
    }
    surveys
}

fn decode_survey(v: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Survey> {
    let mut f = Fields::of(v, path, problems)?;
    let id = match f.get("id") {
        Some(v) => decode::id(v, &path.key("id"), problems),
        None => {
            problems.error(&path.key("id"), "missing");
            None
        }
    };
    let name = field(&mut f, "name", problems, None, |v, p, pr| decode::string(v, p, pr).map(Some));
    let status = field(
        &mut f,
        "status",
        problems,
        SurveyStatus::Active,
        enum_of(&SurveyStatus::NAMES, &SurveyStatus::ALL),
    );
    let priority = field(&mut f, "priority", problems, 0, |v, p, pr| {
        decode::integer(v, p, pr, -1000, 1000).map(|n| n as i32)
    });
    let trigger = match f.get("trigger") {
        Some(v) => decode_trigger(v, &path.key("trigger"), problems),
        None => {
            problems.error(
                &path.key("trigger"),
                "missing: say when the survey shows, such as {\"type\": \"exit_intent\"}",
            );
            None
        }
    };
    let audience = object_or_default(&mut f, "audience", problems, |f, pr| Audience {
        sample_percent: field(f, "sample_percent", pr, 100.0, |v, p, pr| decode::number(v, p, pr, 0, 100)),
    });
    let frequency = object_or_default(&mut f, "frequency", problems, |f, pr| {
        let d = Frequency::default();
        Frequency {
            show: field(f, "show", pr, d.show, enum_of(&ShowRule::NAMES, &ShowRule::ALL)),
            recontact_days: field(f, "recontact_days", pr, d.recontact_days, uint(0, 3650)),
            ignore_cooldown: field(f, "ignore_cooldown", pr, false, decode::boolean),
        }
    });
    let questions = match f.get("questions") {
        Some(v) => decode_questions(v, &path.key("questions"), problems),
        None => {
            problems.error(&path.key("questions"), "missing: a survey asks at least one question");
            None
        }
    };
    let logic = match (f.get("logic"), &questions) {
        (Some(v), Some(qs)) => decode_logic(v, &path.key("logic"), qs, problems),
        _ => Vec::new(),
    };
    let thank_you = object_or_default(&mut f, "thank_you", problems, |f, pr| ThankYou {
        title: field(f, "title", pr, None, |v, p, pr| Text::decode(v, p, pr).map(Some)),
        body: field(f, "body", pr, None, |v, p, pr| Text::decode(v, p, pr).map(Some)),
    });
    f.finish(problems);
    Some(Survey {
        id: id?,
        name,
        status,
        priority,
        trigger: trigger?,
        audience,
        frequency,
        questions: questions?,
        logic,
        thank_you,
    })
}

fn decode_trigger(v: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Trigger> {
    let mut f = Fields::of(v, path, problems)?;
    let kind = match f.get("type") {
        None => {
            problems
                .error(&path.key("type"), cat!["missing, expected one of ", TriggerKind::NAMES.join(", ")]);
            None
        }
        Some(t) => match decode::one_of(t, &path.key("type"), problems, &TriggerKind::NAMES) {
            Some(0) => Some(TriggerKind::ExitIntent),
            Some(1) => Some(TriggerKind::PageView),
            Some(2) => required_uint(&mut f, "seconds", 1, 86_400, problems)
                .map(|seconds| TriggerKind::TimeOnPage { seconds }),
            Some(3) => required_uint(&mut f, "percent", 1, 100, problems)
                .map(|percent| TriggerKind::ScrollDepth { percent }),
            Some(4) => required_uint(&mut f, "seconds", 1, 86_400, problems)
                .map(|seconds| TriggerKind::Idle { seconds }),
            Some(_) => Some(TriggerKind::Manual),
            None => {
                // The type is the mistake; the fields of the types are not unknown.
                f.known(&["seconds", "percent", "signals", "sensitivity", "idle_seconds"]);
                None
            }
        },
    };
    let stages = field(&mut f, "stages", problems, Vec::new(), |v, p, pr| {
        list_of(v, p, pr, &Stage::NAMES, &Stage::ALL)
    });
    let urls = object_or_default(&mut f, "urls", problems, |f, pr| UrlRules {
        include: field(f, "include", pr, vec!["*".to_owned()], globs),
        exclude: field(f, "exclude", pr, Vec::new(), globs),
    });
    let devices = field(&mut f, "devices", problems, Vec::new(), |v, p, pr| {
        list_of(v, p, pr, &Device::NAMES, &Device::ALL)
    });
    let min_seconds_on_page = field(&mut f, "min_seconds_on_page", problems, 0, uint(0, 3600));
    let delay_ms = field(&mut f, "delay_ms", problems, 0, uint(0, 60_000));
    let is_exit = kind == Some(TriggerKind::ExitIntent);
    let (signals, sensitivity, idle_seconds) = if is_exit {
        let signals = field(&mut f, "signals", problems, Vec::new(), |v, p, pr| {
            let list = list_of(v, p, pr, &ExitSignal::NAMES, &ExitSignal::ALL)?;
            if list.is_empty() {
                pr.error(p, "must name at least one signal; leave it out for the defaults");
                return None;
            }
            Some(list)
        });
        let sensitivity = field(&mut f, "sensitivity", problems, Trigger::DEFAULT_SENSITIVITY, uint(1, 200));
        let idle_seconds =
            field(&mut f, "idle_seconds", problems, None, |v, p, pr| uint(1, 3600)(v, p, pr).map(Some));
        (signals, sensitivity, idle_seconds)
    } else {
        (Vec::new(), Trigger::DEFAULT_SENSITIVITY, None)
    };
    f.finish(problems);
    Some(Trigger {
        kind: kind?,
        stages,
        urls,
        devices,
        min_seconds_on_page,
        delay_ms,
        signals,
        sensitivity,
        idle_seconds,
    })
}

fn required_uint(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    min: u32,
    max: u32,
    problems: &mut Problems,
) -> Option<u32> {
    let path = f.path().key(key);
    match f.get(key) {
        Some(v) => uint(min, max)(v, &path, problems),
        None => {
            problems.error(&path, "missing: this trigger type needs it");
            None
        }
    }
}

/// An array of names from `names`, without repeats.
fn list_of<T: Copy + PartialEq>(
    v: &Value,
    path: &Path<'_>,
    problems: &mut Problems,
    names: &'static [&'static str],
    all: &'static [T],
) -> Option<Vec<T>> {
    let items = decode::array(v, path, problems)?;
    let before = problems.error_count();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(k) = decode::one_of(item, &path.index(i), problems, names) {
            if out.contains(&all[k]) {
                problems.error(&path.index(i), cat!["\"", names[k], "\" is listed twice"]);
            } else {
                out.push(all[k]);
            }
        }
    }
    (problems.error_count() == before).then_some(out)
}

fn decode_questions(v: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Vec<Question>> {
    let items = decode::array(v, path, problems)?;
    if items.is_empty() {
        problems.error(path, "must not be empty");
        return None;
    }
    if items.len() > MAX_QUESTIONS {
        problems.error(path, cat!["at most ", MAX_QUESTIONS, " questions per survey"]);
        return None;
    }
    let before = problems.error_count();
    let mut out: Vec<Question> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        if let Some(q) = decode_question(item, &at, problems) {
            if let Some(first) = out.iter().position(|o| o.id == q.id) {
                problems.error(
                    &at.key("id"),
                    cat!["duplicate question id \"", q.id, "\" (also questions[", first, "])"],
                );
            }
            out.push(q);
        }
    }
    (problems.error_count() == before).then_some(out)
}

fn optional_text(f: &mut Fields<'_, '_>, key: &'static str, problems: &mut Problems) -> Option<Text> {
    field(f, key, problems, None, |v, p, pr| Text::decode(v, p, pr).map(Some))
}

/// The fields that some question type reads. Without a valid type, none of
/// them is reported as unknown: the type is the mistake.
const QUESTION_TYPE_FIELDS: &[&str] = &[
    "low_label",
    "high_label",
    "scale",
    "style",
    "choices",
    "allow_other",
    "randomize",
    "max_selections",
    "multiline",
    "max_length",
    "placeholder",
    "button",
    "code",
    "url",
];

fn decode_question(v: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Question> {
    let mut f = Fields::of(v, path, problems)?;
    let id = match f.get("id") {
        Some(v) => decode::id(v, &path.key("id"), problems),
        None => {
            problems.error(&path.key("id"), "missing");
            None
        }
    };
    let prompt = match f.get("prompt") {
        Some(v) => Text::decode(v, &path.key("prompt"), problems),
        None => {
            problems.error(&path.key("prompt"), "missing: the question the shopper reads");
            None
        }
    };
    let description = optional_text(&mut f, "description", problems);
    let required = field(&mut f, "required", problems, false, decode::boolean);
    let kind = match f.get("type") {
        None => {
            problems
                .error(&path.key("type"), cat!["missing, expected one of ", QuestionKind::NAMES.join(", ")]);
            f.known(QUESTION_TYPE_FIELDS);
            None
        }
        Some(t) => match decode::one_of(t, &path.key("type"), problems, &QuestionKind::NAMES) {
            Some(0) => Some(QuestionKind::Nps {
                low_label: optional_text(&mut f, "low_label", problems),
                high_label: optional_text(&mut f, "high_label", problems),
            }),
            Some(1) => Some(QuestionKind::Rating {
                scale: field(&mut f, "scale", problems, 5, uint(3, 10)),
                style: field(
                    &mut f,
                    "style",
                    problems,
                    RatingStyle::Stars,
                    enum_of(&RatingStyle::NAMES, &RatingStyle::ALL),
                ),
                low_label: optional_text(&mut f, "low_label", problems),
                high_label: optional_text(&mut f, "high_label", problems),
            }),
            // The other fields are read even when the choices are wrong, so
            // that they are checked, and not reported as unknown.
            Some(2) => {
                let choices = decode_choices(&mut f, problems);
                let allow_other = field(&mut f, "allow_other", problems, false, decode::boolean);
                let randomize = field(&mut f, "randomize", problems, false, decode::boolean);
                choices.map(|choices| QuestionKind::SingleChoice { choices, allow_other, randomize })
            }
            Some(3) => {
                let choices = decode_choices(&mut f, problems);
                // Without valid choices, only the absolute bound can be checked.
                let most = choices.as_ref().map_or(MAX_CHOICES, Vec::len).max(1) as u32;
                let max_selections = field(&mut f, "max_selections", problems, None, |v, p, pr| {
                    uint(1, most)(v, p, pr).map(Some)
                });
                if f.get("allow_other").is_some() {
                    problems.error(&path.key("allow_other"), "only single_choice questions offer \"Other\"");
                }
                let randomize = field(&mut f, "randomize", problems, false, decode::boolean);
                choices.map(|choices| QuestionKind::MultipleChoice { choices, max_selections, randomize })
            }
            Some(4) => Some(QuestionKind::Text {
                multiline: field(&mut f, "multiline", problems, false, decode::boolean),
                max_length: field(&mut f, "max_length", problems, MAX_TEXT_CHARS, uint(1, MAX_TEXT_CHARS)),
                placeholder: optional_text(&mut f, "placeholder", problems),
            }),
            Some(5) => {
                Some(QuestionKind::Email { placeholder: optional_text(&mut f, "placeholder", problems) })
            }
            Some(_) => decode_cta(&mut f, path, problems),
            None => {
                f.known(QUESTION_TYPE_FIELDS);
                None
            }
        },
    };
    f.finish(problems);
    Some(Question { id: id?, prompt: prompt?, description, required, kind: kind? })
}

fn decode_choices(f: &mut Fields<'_, '_>, problems: &mut Problems) -> Option<Vec<Choice>> {
    let path = f.path().key("choices");
    let Some(v) = f.get("choices") else {
        problems.error(&path, "missing: a choice question needs choices");
        return None;
    };
    let items = decode::array(v, &path, problems)?;
    if items.is_empty() {
        problems.error(&path, "must not be empty");
        return None;
    }
    if items.len() > MAX_CHOICES {
        problems.error(&path, cat!["at most ", MAX_CHOICES, " choices"]);
        return None;
    }
    let before = problems.error_count();
    let mut out: Vec<Choice> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Some(mut cf) = Fields::of(item, &at, problems) else { continue };
        let id = match cf.get("id") {
            Some(v) => decode::id(v, &at.key("id"), problems),
            None => {
                problems.error(&at.key("id"), "missing");
                None
            }
        };
        let label = match cf.get("label") {
            Some(v) => Text::decode(v, &at.key("label"), problems),
            None => {
                problems.error(&at.key("label"), "missing");
                None
            }
        };
        cf.finish(problems);
        if let (Some(id), Some(label)) = (id, label) {
            if id == "other" {
                problems.error(&at.key("id"), "\"other\" is reserved for allow_other");
            } else if let Some(first) = out.iter().position(|c| c.id == id) {
                problems.error(
                    &at.key("id"),
                    cat!["duplicate choice id \"", id, "\" (also choices[", first, "])"],
                );
            }
            out.push(Choice { id, label });
        }
    }
    (problems.error_count() == before).then_some(out)
}

/// Whether a link is safe to open from a survey: http(s) or a path on the same site.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://")
        || lower.starts_with("http://")
        || (url.starts_with('/') && !url.starts_with("//")))
        && url.len() <= 2000
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn decode_cta(f: &mut Fields<'_, '_>, path: &Path<'_>, problems: &mut Problems) -> Option<QuestionKind> {
    let button = match f.get("button") {
        Some(v) => Text::decode(v, &path.key("button"), problems),
        None => {
            problems.error(&path.key("button"), "missing: the button's label");
            None
        }
    };
    let code = field(f, "code", problems, None, |v, p, pr| {
        let s = decode::string(v, p, pr)?;
        if s.is_empty() || crate::text::char_count(&s) > 100 {
            pr.error(p, "must have 1 to 100 characters");
            None
        } else {
            Some(Some(s))
        }
    });
    let url = field(f, "url", problems, None, |v, p, pr| {
        let s = decode::string(v, p, pr)?;
        if is_safe_url(&s) {
            Some(Some(s))
        } else {
            pr.error(p, "must be an http(s) URL or a path starting with /");
            None
        }
    });
    if code.is_none() && url.is_none() {
        problems.error(path, "a cta needs a code, a url, or both");
    }
    Some(QuestionKind::Cta { button: button?, code, url })
}

fn decode_logic(v: &Value, path: &Path<'_>, questions: &[Question], problems: &mut Problems) -> Vec<Rule> {
    let Some(items) = decode::array(v, path, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        if let Some(rule) = decode_rule(item, &at, questions, problems) {
            out.push(rule);
        }
    }
    out
}

fn decode_rule(v: &Value, path: &Path<'_>, questions: &[Question], problems: &mut Problems) -> Option<Rule> {
    let mut f = Fields::of(v, path, problems)?;
    let if_path = path.key("if");
    let condition = match f.get("if") {
        Some(v) => decode_condition(v, &if_path, questions, problems),
        None => {
            problems.error(&if_path, "missing");
            None
        }
    };
    let then_path = path.key("then");
    let action = match f.get("then") {
        Some(v) => decode_action(v, &then_path, questions, problems),
        None => {
            problems.error(&then_path, "missing");
            None
        }
    };
    f.finish(problems);
    let (condition, action) = (condition?, action?);
    if let Action::Goto(target) = &action {
        let from = questions.iter().position(|q| q.id == condition.question);
        let to = questions.iter().position(|q| q.id == *target);
        if let (Some(from), Some(to)) = (from, to) {
            // Jumps only go forward, so every pass through a survey ends.
            if to <= from {
                problems.error(
                    &then_path.key("goto"),
                    cat![
                        "\"",
                        target,
                        "\" does not come after \"",
                        condition.question,
                        "\": a jump back could loop forever"
                    ],
                );
                return None;
            }
        }
    }
    Some(Rule { condition, action })
}

fn decode_condition(
    v: &Value,
    path: &Path<'_>,
    questions: &[Question],
    problems: &mut Problems,
) -> Option<Condition> {
    let mut f = Fields::of(v, path, problems)?;
    let q_path = path.key("question");
    let question = match f.get("question") {
        Some(v) => decode::string(v, &q_path, problems),
        None => {
            problems.error(&q_path, "missing");
            None
        }
    };
    let target = question.as_deref().and_then(|id| {
        let q = questions.iter().find(|q| q.id == id);
        if q.is_none() {
            problems.error(&q_path, cat!["no question \"", id, "\" in this survey"]);
        }
        q
    });
    let mut tests = Vec::new();
    for (i, name) in Test::NAMES.iter().enumerate() {
        if let Some(v) = f.get(name) {
            tests.push((i, *name, v));
        }
    }
    f.finish(problems);
    let test = match tests.as_slice() {
        [] => {
            problems.error(path, cat!["needs one test: ", Test::NAMES.join(", ")]);
            None
        }
        [(i, name, v)] => decode_test(*i, v, &path.key(name), target, problems),
        _ => {
            problems.error(path, "has more than one test; use one rule per test");
            None
        }
    };
    Some(Condition { question: question?, test: test? })
}

fn decode_test(
    which: usize,
    v: &Value,
    path: &Path<'_>,
    question: Option<&Question>,
    problems: &mut Problems,
) -> Option<Test> {
    let numeric = |pr: &mut Problems| -> Option<f64> {
        if let Some(q) = question
            && !matches!(q.kind, QuestionKind::Nps { .. } | QuestionKind::Rating { .. })
        {
            pr.error(
                path,
                cat![
                    "compares numbers, but \"",
                    q.id,
                    "\" is ",
                    decode::with_article(q.kind.as_str()),
                    " question"
                ],
            );
            return None;
        }
        decode::number(v, path, pr, -1_000_000, 1_000_000)
    };
    match which {
        0 => {
            check_comparable(v, path, question, problems)?;
            Some(Test::Equals(v.clone()))
        }
        1 => {
            let items = decode::array(v, path, problems)?;
            if items.is_empty() {
                problems.error(path, "must not be empty");
                return None;
            }
            let before = problems.error_count();
            for (i, item) in items.iter().enumerate() {
                check_comparable(item, &path.index(i), question, problems);
            }
            (problems.error_count() == before).then(|| Test::In(items.to_vec()))
        }
        2 => numeric(problems).map(Test::Lt),
        3 => numeric(problems).map(Test::Lte),
        4 => numeric(problems).map(Test::Gt),
        5 => numeric(problems).map(Test::Gte),
        _ => decode::boolean(v, path, problems).map(Test::Answered),
    }
}

/// Checks that `v` is a value the question's answers can equal.
fn check_comparable(
    v: &Value,
    path: &Path<'_>,
    question: Option<&Question>,
    problems: &mut Problems,
) -> Option<()> {
    let q = question?;
    match &q.kind {
        QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } => {
            let choices = q.kind.choices();
            let allow_other = matches!(q.kind, QuestionKind::SingleChoice { allow_other: true, .. });
            let Some(id) = v.as_str() else {
                problems.error(path, cat!["expected a choice id of \"", q.id, "\", found ", v.kind()]);
                return None;
            };
            let known = choices.iter().any(|c| c.id == id) || (allow_other && id == "other");
            if !known {
                problems.error(path, cat!["\"", id, "\" is not a choice of \"", q.id, "\""]);
                return None;
            }
        }
        QuestionKind::Nps { .. } | QuestionKind::Rating { .. } => {
            if v.as_i64().is_none() {
                problems.error(
                    path,
                    cat![
                        "expected a whole number, since \"",
                        q.id,
                        "\" is ",
                        decode::with_article(q.kind.as_str()),
                        " question"
                    ],
                );
                return None;
            }
        }
        QuestionKind::Cta { .. } => {
            if v.as_str() != Some("clicked") {
                problems.error(path, "a cta is only ever \"clicked\"");
                return None;
            }
        }
        QuestionKind::Text { .. } | QuestionKind::Email { .. } => {
            if v.as_str().is_none() {
                problems.error(path, cat!["expected a string, found ", v.kind()]);
                return None;
            }
        }
    }
    Some(())
}

fn decode_action(
    v: &Value,
    path: &Path<'_>,
    questions: &[Question],
    problems: &mut Problems,
) -> Option<Action> {
    let mut f = Fields::of(v, path, problems)?;
    let goto = f.get("goto");
    let end = f.get("end");
    f.finish(problems);
    match (goto, end) {
        (Some(g), None) => {
            let id = decode::string(g, &path.key("goto"), problems)?;
            if questions.iter().any(|q| q.id == id) {
                Some(Action::Goto(id))
            } else {
                problems.error(&path.key("goto"), cat!["no question \"", id, "\" in this survey"]);
                None
            }
        }
        (None, Some(e)) => match decode::boolean(e, &path.key("end"), problems)? {
            true => Some(Action::End),
            false => {
                problems.error(&path.key("end"), "only `\"end\": true` is meaningful");
                None
            }
        },
        _ => {
            problems.error(path, "needs exactly one of goto or end");
            None
        }
    }
}
