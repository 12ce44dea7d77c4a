//! The per-survey summary (the HTTP API (README.md)): funnel, response rate, answer
//! distributions, NPS, and breakdowns by stage, device and day.
//!
//! It is computed by streaming rows through an [`Aggregator`], the same for
//! every backend, so SQLite and PostgreSQL can never disagree about a number,
//! and memory stays proportional to the number of distinct answers, not rows.

use super::rollup::{self, Counts, RollupSum};
use super::{Filter, Millis, Order, Row, Store, StoreError};
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::config::QuestionKind;
use exitpoll_protocol::json::Value;
use exitpoll_protocol::time::format_day;
use futures::StreamExt;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Funnel {
    /// Responses started (the survey was shown).
    pub shown: u64,
    /// Responses with at least one answer.
    pub answered: u64,
    pub completed: u64,
    pub dismissed: u64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Nps {
    pub responses: u64,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// % promoters − % detractors, −100 to 100; absent without responses.
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct QuestionSummary {
    pub question_id: String,
    /// The prompt, in English when the survey has it.
    pub prompt: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub responses: u64,
    /// Answer value → count: choice ids, scale points, `other`, `clicked`.
    /// Free text is not listed here (see the export); only counted.
    pub distribution: BTreeMap<String, u64>,
    /// Mean of numeric answers (NPS, rating).
    pub average: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nps: Option<Nps>,
    /// Rating questions: the number of points (answers are 1 to `scale`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<u32>,
    /// Choice questions: every configured choice, in the config's order,
    /// with its label and count (zero included), so the dashboard can show
    /// labels rather than ids and list choices nobody picked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<ChoiceCount>,
    /// Choice questions: answers that are not a configured choice (an
    /// "Other" text, a choice since removed from the config).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<OtherAnswers>,
    /// Choice, NPS and rating questions: what the shoppers behind each
    /// answer spent. Choices come in the config's order (every one, zero
    /// included), then "Other"; scale points in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revenue: Vec<AnswerRevenue>,
}

/// What the shoppers who gave one answer spent: the revenue table of a
/// choice, NPS or rating question (README.md, "Revenue per answer").
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AnswerRevenue {
    /// The answer: a choice id, `other`, or a scale point.
    pub value: String,
    /// A choice's label (as in [`ChoiceCount`]), "Other", or the scale point.
    pub label: String,
    /// Responses that gave this answer.
    pub responses: u64,
    /// `responses` ÷ the question's responses.
    pub share: Option<f64>,
    /// `responses` ÷ the survey's response rate: how many of everyone who
    /// was shown the survey would have given this answer, had all answered.
    pub extrapolated: Option<f64>,
    /// Responses whose context carried an `order_value` or a `cart_value`.
    pub with_value: u64,
    /// `with_value` ÷ `responses`.
    pub with_value_share: Option<f64>,
    /// Sums per currency (`context.currency`; null when a value came without one),
    /// sorted by currency code.
    pub currencies: Vec<CurrencyRevenue>,
}

/// Money of one answer in one currency.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct CurrencyRevenue {
    pub currency: Option<String>,
    /// Responses with an `order_value` in this currency, and its sum.
    pub orders: u64,
    pub order_value: f64,
    /// `order_value` ÷ `orders`.
    pub average_order_value: Option<f64>,
    /// Responses with a `cart_value` in this currency, and its sum.
    pub carts: u64,
    pub cart_value: f64,
}

/// A configured choice and how many responses picked it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ChoiceCount {
    pub id: String,
    /// The label in the survey's default locale: English when it has it, else its first.
    pub label: String,
    pub count: u64,
}

/// Answers to a choice question that match no configured choice.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct OtherAnswers {
    /// How many such answers there were.
    pub count: u64,
    /// The most frequent values as given, most frequent first, at most [`OTHER_LISTED`].
    pub values: Vec<AnswerCount>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AnswerCount {
    pub value: String,
    pub count: u64,
}

/// How many "Other" values a summary lists per question.
pub const OTHER_LISTED: usize = 20;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DaySummary {
    pub day: String,
    #[serde(flatten)]
    pub funnel: Funnel,
    pub nps: Nps,
}

/// A free-text answer (text, email, or "Other"), for reading in the dashboard.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct TextAnswer {
    pub question_id: String,
    pub text: String,
    pub response_id: String,
    pub updated_at: String,
    pub stage: Option<String>,
    #[serde(skip)]
    shown_ms: i64,
}

/// How many of the latest text answers a summary carries per survey.
pub const LATEST_TEXTS: usize = 50;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SurveySummary {
    pub survey_id: String,
    pub name: Option<String>,
    #[serde(flatten)]
    pub funnel: Funnel,
    /// answered / shown.
    pub response_rate: Option<f64>,
    /// completed / shown.
    pub completion_rate: Option<f64>,
    /// NPS over the survey's first NPS question, if it has one.
    pub nps: Option<Nps>,
    pub questions: Vec<QuestionSummary>,
    pub by_stage: BTreeMap<String, Funnel>,
    pub by_device: BTreeMap<String, Funnel>,
    pub by_day: Vec<DaySummary>,
    /// The latest text answers (matching the search, when there is one), newest first.
    pub texts: Vec<TextAnswer>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub site: String,
    pub responses: u64,
    pub surveys: Vec<SurveySummary>,
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

/// Builds a [`Summary`] from the facts of responses ([`super::rollup`]):
/// from rows one at a time (a recount), from rollup sums, or both, for
/// different parts of a time range. Either way the numbers are the same,
/// and memory stays proportional to the number of distinct answers, not rows.
#[derive(Debug)]
pub struct Aggregator<'c> {
    config: &'c SiteConfig,
    site: String,
    /// Lowercased search for text answers.
    search: Option<String>,
    /// Added to each response's time before taking its day, so days are the merchant's.
    utc_offset_ms: i64,
    surveys: BTreeMap<String, SurveyFacts>,
}

/// Facts as (status, key) → counts.
type Facts = BTreeMap<(String, String), Counts>;

#[derive(Debug, Default)]
struct SurveyFacts {
    totals: Facts,
    /// Day (yyyy-mm-dd, in the zone) → its trend facts.
    days: BTreeMap<String, Facts>,
    /// The latest text answers, newest first, at most [`LATEST_TEXTS`].
    texts: Vec<TextAnswer>,
}

fn add_fact(facts: &mut Facts, status: &str, key: &str, counts: Counts) {
    match facts.get_mut(&(status.to_owned(), key.to_owned())) {
        Some(c) => c.add(counts, 1),
        None => {
            facts.insert((status.to_owned(), key.to_owned()), counts);
        }
    }
}

impl<'c> Aggregator<'c> {
    pub fn new(site: &str, config: &'c SiteConfig) -> Aggregator<'c> {
        // Every configured survey appears, even with no responses yet.
        let surveys = config.surveys.iter().map(|s| (s.id.clone(), SurveyFacts::default())).collect();
        Aggregator { config, site: site.to_owned(), search: None, utc_offset_ms: 0, surveys }
    }

    /// Summarises only the survey `id`, when given: the others configured
    /// are left out rather than listed empty. (The rows are the caller's to
    /// filter.)
    pub fn only(mut self, id: Option<&str>) -> Self {
        if let Some(id) = id {
            self.surveys.retain(|survey, _| survey == id);
        }
        self
    }

    /// Keeps only text answers containing `query` (case-insensitive).
    pub fn search(mut self, query: Option<&str>) -> Self {
        self.search = query.map(str::trim).filter(|q| !q.is_empty()).map(str::to_lowercase);
        self
    }

    /// Whether a text search narrows the texts.
    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    /// Counts days (`by_day`) in a zone `minutes` east of UTC rather than in UTC.
    /// One offset for the whole range: a zone that changes its offset within
    /// it (summer time) gets the responses of that hour near midnight on the
    /// neighbouring day.
    pub fn utc_offset(mut self, minutes: i32) -> Self {
        self.utc_offset_ms = i64::from(minutes) * 60_000;
        self
    }

    pub fn utc_offset_ms(&self) -> i64 {
        self.utc_offset_ms
    }

    fn survey(&mut self, id: &str) -> &mut SurveyFacts {
        if !self.surveys.contains_key(id) {
            self.surveys.insert(id.to_owned(), SurveyFacts::default());
        }
        self.surveys.get_mut(id).expect("inserted")
    }

    /// Counts one response in full: totals, day trend and text answers.
    pub fn add(&mut self, row: &Row) {
        self.add_totals(row);
        self.add_trend(row);
        self.add_texts(row);
    }

    /// Counts a response's facts in the totals.
    pub fn add_totals(&mut self, row: &Row) {
        let facts = rollup::row_facts(row);
        let survey = self.survey(&row.survey_id);
        for (key, counts) in facts {
            add_fact(&mut survey.totals, &row.status, &key, counts);
        }
    }

    /// Counts a response's facts in the day trend.
    pub fn add_trend(&mut self, row: &Row) {
        let day = format_day(row.shown_at + self.utc_offset_ms);
        let facts = rollup::row_facts(row);
        let survey = self.survey(&row.survey_id);
        let day = survey.days.entry(day).or_default();
        for (key, counts) in facts.into_iter().filter(|(k, _)| rollup::is_trend_key(k)) {
            add_fact(day, &row.status, &key, counts);
        }
    }

    /// Adds rollup sums: to the totals, or to the day trend when they are per day.
    pub fn add_sum(&mut self, sum: &RollupSum) {
        let day = sum.day.map(format_day);
        let survey = self.survey(&sum.survey_id);
        let facts = match day {
            Some(day) => survey.days.entry(day).or_default(),
            None => &mut survey.totals,
        };
        add_fact(facts, &sum.status, &sum.key, sum.counts);
    }

    /// Keeps a response's text answers (text and email questions, "Other"
    /// texts) if they are among the latest.
    pub fn add_texts(&mut self, row: &Row) {
        let Some(survey) = self.config.survey(&row.survey_id) else { return };
        let Ok(Value::Object(answers)) = serde_json::from_str::<Value>(&row.answers) else { return };
        let search = self.search.clone();
        let texts = &mut self.survey(&row.survey_id).texts;
        for q in &survey.questions {
            let text = match answers.get(&q.id) {
                Some(Value::String(s))
                    if matches!(q.kind, QuestionKind::Text { .. } | QuestionKind::Email { .. }) =>
                {
                    s
                }
                Some(Value::Object(m)) => match m.get("other").and_then(Value::as_str) {
                    Some(other) => other,
                    None => continue,
                },
                _ => continue,
            };
            if search.as_deref().is_some_and(|s| !text.to_lowercase().contains(s)) {
                continue;
            }
            let t = TextAnswer {
                question_id: q.id.clone(),
                text: text.to_owned(),
                response_id: row.response_id.clone(),
                updated_at: exitpoll_protocol::time::format_timestamp(row.updated_at),
                stage: row.stage.clone(),
                shown_ms: row.shown_at,
            };
            // Newest shown first, ties by response id (as a newest-first
            // listing has them), a response's texts in question order.
            let at = texts.partition_point(|x| (x.shown_ms, &x.response_id) >= (t.shown_ms, &t.response_id));
            if at < LATEST_TEXTS {
                texts.insert(at, t);
                texts.truncate(LATEST_TEXTS);
            }
        }
    }

    /// Whether every survey summarised has its [`LATEST_TEXTS`] texts, or
    /// asks nothing that has any: reading older responses newest first
    /// could then change no text list.
    pub fn texts_full(&self) -> bool {
        self.surveys.iter().all(|(id, s)| {
            s.texts.len() >= LATEST_TEXTS
                || self.config.survey(id).is_none_or(|survey| !survey.questions.iter().any(has_texts))
        })
    }

    pub fn finish(self) -> Summary {
        let config = self.config;
        let mut responses = 0;
        let surveys = self
            .surveys
            .into_iter()
            .map(|(id, facts)| {
                let s = survey_summary(config, id, facts);
                responses += s.funnel.shown;
                s
            })
            .collect();
        Summary { site: self.site, responses, surveys }
    }
}

/// Whether a question's answers can be text: text and email, or a choice with "Other".
fn has_texts(q: &exitpoll_protocol::config::Question) -> bool {
    match &q.kind {
        QuestionKind::Text { .. } | QuestionKind::Email { .. } => true,
        QuestionKind::SingleChoice { allow_other, .. } => *allow_other,
        _ => false,
    }
}

/// The funnel of the facts under one key, over every status.
fn funnel_of(facts: &Facts, key: &str) -> Funnel {
    let mut f = Funnel::default();
    for ((status, k), c) in facts {
        if k != key {
            continue;
        }
        f.shown += c.n as u64;
        f.answered += c.a as u64;
        match status.as_str() {
            "completed" => f.completed += c.n as u64,
            "dismissed" => f.dismissed += c.n as u64,
            _ => {}
        }
    }
    f
}

/// Funnels per value of a prefix (`st:`, `dv:`).
fn funnels_by(facts: &Facts, prefix: &str) -> BTreeMap<String, Funnel> {
    let mut out: BTreeMap<String, Funnel> = BTreeMap::new();
    for ((status, key), c) in facts {
        let Some(value) = key.strip_prefix(prefix) else { continue };
        let f = out.entry(value.to_owned()).or_default();
        f.shown += c.n as u64;
        f.answered += c.a as u64;
        match status.as_str() {
            "completed" => f.completed += c.n as u64,
            "dismissed" => f.dismissed += c.n as u64,
            _ => {}
        }
    }
    out
}

/// One question's answers as its facts count them, over every status.
#[derive(Debug, Default)]
struct Answers {
    numbers: BTreeMap<i64, u64>,
    /// Id strings (choices, `clicked`).
    strings: BTreeMap<String, u64>,
    /// Other strings (free text).
    free: u64,
    /// Responses that answered with a list, and each item.
    lists: u64,
    items: BTreeMap<String, u64>,
    /// "Other" text → count.
    others: BTreeMap<String, u64>,
    /// (answer value, currency) → money.
    money: BTreeMap<(String, String), CurrencyCents>,
}

#[derive(Debug, Default, Clone, Copy)]
struct CurrencyCents {
    orders: u64,
    order_cents: i64,
    carts: u64,
    cart_cents: i64,
    with_value: u64,
}

/// Question id → its answers.
fn answers_of(facts: &Facts) -> BTreeMap<&str, Answers> {
    let mut out: BTreeMap<&str, Answers> = BTreeMap::new();
    for ((_, key), c) in facts {
        let n = c.n as u64;
        let Some((kind, rest)) = key.split_once(':') else { continue };
        match kind {
            "n" | "s" | "a" | "o" => {
                let Some((q, v)) = rest.split_once(':') else { continue };
                let a = out.entry(q).or_default();
                match kind {
                    "n" => *a.numbers.entry(v.parse().unwrap_or(0)).or_default() += n,
                    "s" => *a.strings.entry(v.to_owned()).or_default() += n,
                    "a" => *a.items.entry(v.to_owned()).or_default() += n,
                    _ => *a.others.entry(v.to_owned()).or_default() += n,
                }
            }
            "t" => out.entry(rest).or_default().free += n,
            "q" => out.entry(rest).or_default().lists += n,
            "ro" | "rc" => {
                let mut parts = rest.splitn(3, ':');
                let (Some(cur), Some(q), Some(v)) = (parts.next(), parts.next(), parts.next()) else {
                    continue;
                };
                let m = out.entry(q).or_default().money.entry((v.to_owned(), cur.to_owned())).or_default();
                m.with_value += c.b as u64;
                if kind == "ro" {
                    m.orders += n;
                    m.order_cents += c.a;
                } else {
                    m.carts += n;
                    m.cart_cents += c.a;
                }
            }
            _ => {}
        }
    }
    out
}

fn nps_of(numbers: &BTreeMap<i64, u64>) -> Nps {
    let mut nps = Nps::default();
    for (&x, &n) in numbers {
        nps.responses += n;
        match x {
            9..=10 => nps.promoters += n,
            7..=8 => nps.passives += n,
            _ => nps.detractors += n,
        }
    }
    if nps.responses > 0 {
        nps.score = Some(
            ((nps.promoters as f64 - nps.detractors as f64) / nps.responses as f64 * 1000.0).round() / 10.0,
        );
    }
    nps
}

fn survey_summary(config: &SiteConfig, survey_id: String, facts: SurveyFacts) -> SurveySummary {
    let survey = config.survey(&survey_id);
    let funnel = funnel_of(&facts.totals, "");
    let response_rate = rate(funnel.answered, funnel.shown);
    let answers = answers_of(&facts.totals);
    let empty = Answers::default();
    let questions: Vec<QuestionSummary> = survey
        .map(|s| {
            s.questions
                .iter()
                .map(|q| question_summary(q, answers.get(q.id.as_str()).unwrap_or(&empty), response_rate))
                .collect()
        })
        .unwrap_or_default();
    let first_nps =
        survey.and_then(|s| s.questions.iter().find(|q| matches!(q.kind, QuestionKind::Nps { .. })));
    let by_day = facts
        .days
        .iter()
        .map(|(day, f)| {
            let nps = first_nps
                .and_then(|q| answers_of(f).remove(q.id.as_str()))
                .map(|a| nps_of(&a.numbers))
                .unwrap_or_default();
            DaySummary { day: day.clone(), funnel: funnel_of(f, ""), nps }
        })
        .collect();
    SurveySummary {
        name: survey.and_then(|s| s.name.clone()),
        response_rate,
        completion_rate: rate(funnel.completed, funnel.shown),
        nps: questions.iter().find_map(|q| q.nps.clone()),
        by_stage: funnels_by(&facts.totals, "st:"),
        by_device: funnels_by(&facts.totals, "dv:"),
        funnel,
        questions,
        by_day,
        texts: facts.texts,
        survey_id,
    }
}

fn question_summary(
    q: &exitpoll_protocol::config::Question,
    a: &Answers,
    response_rate: Option<f64>,
) -> QuestionSummary {
    let kind = q.kind.as_str();
    let is_text = matches!(q.kind, QuestionKind::Text { .. } | QuestionKind::Email { .. });
    let configured: Vec<(&str, String)> = match &q.kind {
        QuestionKind::SingleChoice { choices, .. } | QuestionKind::MultipleChoice { choices, .. } => {
            choices.iter().map(|c| (c.id.as_str(), c.label.resolve("en").to_owned())).collect()
        }
        _ => Vec::new(),
    };
    let is_choice = matches!(q.kind, QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. });
    let has_revenue = is_choice || matches!(q.kind, QuestionKind::Nps { .. } | QuestionKind::Rating { .. });
    let numbers: u64 = a.numbers.values().sum();
    let others: u64 = a.others.values().sum();
    let responses = numbers + a.strings.values().sum::<u64>() + a.free + a.lists + others;

    let mut distribution: BTreeMap<String, u64> = BTreeMap::new();
    for (x, n) in &a.numbers {
        *distribution.entry(x.to_string()).or_default() += n;
    }
    for (s, n) in &a.strings {
        let key = if is_text { "(text)".to_owned() } else { s.clone() };
        *distribution.entry(key).or_default() += n;
    }
    if a.free > 0 {
        *distribution.entry("(text)".into()).or_default() += a.free;
    }
    for (id, n) in &a.items {
        *distribution.entry(id.clone()).or_default() += n;
    }
    if others > 0 {
        *distribution.entry("other".into()).or_default() += others;
    }
    let average = (numbers > 0).then(|| {
        let sum: f64 = a.numbers.iter().map(|(x, n)| *x as f64 * *n as f64).sum();
        (sum / responses as f64 * 100.0).round() / 100.0
    });

    // Choices in the config's order; everything else is "Other".
    let mut choices: Vec<ChoiceCount> = configured
        .iter()
        .map(|(id, label)| ChoiceCount { id: (*id).to_owned(), label: label.clone(), count: 0 })
        .collect();
    let mut other: Option<OtherAnswers> = None;
    let mut other_values: BTreeMap<String, u64> = BTreeMap::new();
    if is_choice {
        let picked = a
            .strings
            .iter()
            .chain(&a.items)
            .map(|(v, n)| (v, *n))
            .chain(a.others.iter().map(|(t, n)| (t, *n)));
        for (i, (value, n)) in picked.enumerate() {
            let from_others = i >= a.strings.len() + a.items.len();
            match choices.iter_mut().find(|c| !from_others && c.id == *value) {
                Some(c) => c.count += n,
                None => {
                    other.get_or_insert_with(OtherAnswers::default).count += n;
                    *other_values.entry(value.clone()).or_default() += n;
                }
            }
        }
        if let Some(o) = &mut other {
            let mut values: Vec<AnswerCount> =
                other_values.into_iter().map(|(value, count)| AnswerCount { value, count }).collect();
            // Most frequent first; ties in the values' order, so the list is stable.
            values.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.value.cmp(&y.value)));
            values.truncate(OTHER_LISTED);
            o.values = values;
        }
    }

    let revenue = if has_revenue {
        revenue_table(a, &configured, is_choice, responses, response_rate)
    } else {
        Vec::new()
    };
    QuestionSummary {
        question_id: q.id.clone(),
        prompt: q.prompt.resolve("en").to_owned(),
        kind: kind.to_owned(),
        responses,
        distribution,
        average,
        nps: matches!(q.kind, QuestionKind::Nps { .. }).then(|| nps_of(&a.numbers)),
        scale: match q.kind {
            QuestionKind::Rating { scale, .. } => Some(scale),
            _ => None,
        },
        choices: if is_choice { choices } else { Vec::new() },
        other,
        revenue,
    }
}

/// The revenue table: choices in the config's order (every one), then
/// "Other" (answers beyond the configured choices); scale points in order.
fn revenue_table(
    a: &Answers,
    configured: &[(&str, String)],
    is_choice: bool,
    question_responses: u64,
    response_rate: Option<f64>,
) -> Vec<AnswerRevenue> {
    // The table's value of an answer: unknown choices group under "other".
    let value_of = |v: &str| -> String {
        if is_choice && v != "other" && !configured.iter().any(|(id, _)| *id == v) {
            "other".into()
        } else {
            v.to_owned()
        }
    };
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    if is_choice {
        for (v, n) in a.strings.iter().chain(&a.items) {
            *counts.entry(value_of(v)).or_default() += n;
        }
        let others: u64 = a.others.values().sum();
        if others > 0 {
            *counts.entry("other".into()).or_default() += others;
        }
    } else {
        for (x, n) in &a.numbers {
            *counts.entry(x.to_string()).or_default() += n;
        }
    }
    let mut money: BTreeMap<String, BTreeMap<String, CurrencyCents>> = BTreeMap::new();
    for ((v, cur), m) in &a.money {
        let e = money.entry(value_of(v)).or_default().entry(cur.clone()).or_default();
        e.orders += m.orders;
        e.order_cents += m.order_cents;
        e.carts += m.carts;
        e.cart_cents += m.cart_cents;
        e.with_value += m.with_value;
    }
    let row = |value: String, label: String| -> AnswerRevenue {
        let responses = counts.get(&value).copied().unwrap_or(0);
        let by_currency = money.get(&value);
        let with_value = by_currency.map_or(0, |m| m.values().map(|c| c.with_value).sum());
        let currencies = by_currency
            .map(|m| {
                m.iter()
                    .map(|(cur, c)| CurrencyRevenue {
                        currency: (!cur.is_empty()).then(|| cur.clone()),
                        orders: c.orders,
                        order_value: c.order_cents as f64 / 100.0,
                        average_order_value: (c.orders > 0)
                            .then(|| (c.order_cents as f64 / c.orders as f64).round() / 100.0),
                        carts: c.carts,
                        cart_value: c.cart_cents as f64 / 100.0,
                    })
                    .collect()
            })
            .unwrap_or_default();
        AnswerRevenue {
            share: rate(responses, question_responses),
            extrapolated: response_rate
                .filter(|r| *r > 0.0)
                .map(|r| (responses as f64 / r * 10.0).round() / 10.0),
            with_value_share: rate(with_value, responses),
            value,
            label,
            responses,
            with_value,
            currencies,
        }
    };
    if is_choice {
        let mut table: Vec<AnswerRevenue> =
            configured.iter().map(|(id, label)| row((*id).to_owned(), label.clone())).collect();
        if counts.contains_key("other") {
            table.push(row("other".into(), "Other".into()));
        }
        table
    } else {
        let mut points: Vec<i64> = a.numbers.keys().copied().collect();
        points.sort_unstable();
        points.into_iter().map(|x| row(x.to_string(), x.to_string())).collect()
    }
}

/// How many responses, newest first, a summary reads for its latest text
/// answers when no search narrows them: the texts are the latest among
/// these. (With a search, every response in range is read.)
pub const TEXT_SCAN: usize = 20_000;

/// The summary of a site's responses that `filter` selects (its survey,
/// time range and status), counted by `aggregator`: from the rollups, with
/// only the edges of the range that no rollup bucket covers read as
/// responses, and the latest text answers read newest first.
pub async fn summarise(
    store: &dyn Store,
    site: &str,
    filter: &Filter,
    mut aggregator: Aggregator<'_>,
) -> Result<Summary, StoreError> {
    use rollup::{DAY, QUARTER, RollupQuery, TOTAL_WIDTHS, cover};
    // Every stored response is within these (the protocol's time limits).
    let first = rollup::bucket(exitpoll_protocol::time::MIN_MS, DAY);
    let last = rollup::bucket(exitpoll_protocol::time::MAX_MS, DAY) + DAY;
    let from = filter.since.unwrap_or(first).clamp(first, last);
    let to = filter.until.unwrap_or(last).clamp(from, last);
    let offset = aggregator.utc_offset_ms();
    let totals = cover(from, to, &TOTAL_WIDTHS);
    // Days in UTC come with the totals' buckets. In a zone, its whole days
    // come from day rows (`ZonedDays`), and the part days at the ends of
    // the range from quarter hours.
    let zoned = if offset == 0 { None } else { ZonedDays::within(from, to, offset) };
    let trend = match &zoned {
        _ if offset == 0 => totals.clone(),
        Some(z) => [cover(from, z.from, &[QUARTER]), cover(z.to, to, &[QUARTER])].concat(),
        None => cover(from, to, &[QUARTER]),
    };
    let query = |segment, days_offset| RollupQuery {
        survey: filter.survey.clone(),
        status: filter.status.map(|s| s.as_str().to_owned()),
        segment,
        days_offset,
        buckets: None,
    };
    let raw = |segment: rollup::Segment| Filter {
        survey: filter.survey.clone(),
        status: filter.status,
        since: Some(segment.from),
        until: Some(segment.to),
        ..Filter::default()
    };
    for &segment in &totals {
        if segment.width == 0 {
            let mut rows = store.export(site, raw(segment)).await?;
            while let Some(row) = rows.next().await {
                let row = row?;
                aggregator.add_totals(&row);
                if offset == 0 {
                    aggregator.add_trend(&row);
                }
            }
            continue;
        }
        for sum in store.rollup_sums(site, &query(segment, None)).await? {
            aggregator.add_sum(&sum);
        }
    }
    for &segment in &trend {
        if segment.width == 0 {
            if offset != 0 {
                let mut rows = store.export(site, raw(segment)).await?;
                while let Some(row) = rows.next().await {
                    aggregator.add_trend(&row?);
                }
            }
            continue;
        }
        for sum in store.rollup_sums(site, &query(segment, Some(offset))).await? {
            aggregator.add_sum(&sum);
        }
    }
    if let Some(zoned) = zoned {
        for sum in zoned.sums(store, site, &query(zoned.day_rows(), None)).await? {
            aggregator.add_sum(&sum);
        }
    }
    // The latest text answers: newest first, until every survey has its list.
    let newest = Filter { order: Order::NewestFirst, since: Some(from), until: Some(to), ..filter.clone() };
    let cap = if aggregator.searching() { usize::MAX } else { TEXT_SCAN };
    let mut rows = store.export(site, newest).await?;
    let mut read = 0;
    while !aggregator.texts_full() && read < cap {
        let Some(row) = rows.next().await else { break };
        aggregator.add_texts(&row?);
        read += 1;
    }
    Ok(aggregator.finish())
}

/// The whole days of a time zone inside a range, for the day trend, summed
/// from UTC day rows instead of from every quarter hour (a year in UTC+1 read
/// 35,000 quarter hours of rows). Each UTC day row counts for the zone day
/// that holds most of it; the hours (and quarter hours) of the rest of that
/// UTC day, which belong to the zone day beside it, are moved over, read
/// bucket by bucket through the index. In UTC−5 that is 5 hours of each day
/// with responses, in UTC+1 one hour, in UTC+5:30 five hours and two quarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ZonedDays {
    /// The zone's offset east of UTC.
    offset: Millis,
    /// The first and the last zone midnight of the range, as instants: the
    /// days are those from `from` to `to`.
    from: Millis,
    to: Millis,
    /// The UTC time of day at which the zone's days start.
    midnight: Millis,
}

impl ZonedDays {
    /// The zone's whole days in `[from, to)`, if there are any and its days
    /// start on a quarter hour (every zone today).
    fn within(from: Millis, to: Millis, offset: Millis) -> Option<ZonedDays> {
        use rollup::{DAY, QUARTER};
        let midnight = (-offset).rem_euclid(DAY);
        if midnight == 0 || midnight % QUARTER != 0 {
            return None;
        }
        let first = from + (midnight - from).rem_euclid(DAY);
        let last = to - (to - midnight).rem_euclid(DAY);
        (first < last).then_some(ZonedDays { offset, from: first, to: last, midnight })
    }

    /// When the zone day starts less than half a day after UTC's, a UTC day
    /// counts for the zone day that starts during it, and its first
    /// `midnight` hours move back to the day before; otherwise it counts for
    /// the zone day that started the day before, and its hours from
    /// `midnight` on move forward.
    fn moves_back(&self) -> bool {
        self.midnight <= rollup::DAY / 2
    }

    /// The UTC day rows read: every UTC day that overlaps the zone days.
    fn day_rows(&self) -> rollup::Segment {
        use rollup::DAY;
        rollup::Segment { width: DAY, from: self.from - self.midnight, to: self.to - self.midnight + DAY }
    }

    /// The day trend's sums of the zone days, in `Aggregator::add_sum`'s terms.
    async fn sums(
        &self,
        store: &dyn Store,
        site: &str,
        days: &rollup::RollupQuery,
    ) -> Result<Vec<RollupSum>, StoreError> {
        use rollup::{DAY, HOUR, QUARTER, cover};
        let back = self.moves_back();
        // A day row's zone day, as `days_offset` names days: the zone day's
        // start plus the offset, which is a whole number of days here.
        let assigned = if back { self.midnight + self.offset } else { self.midnight - DAY + self.offset };
        let mut sums: BTreeMap<(String, Millis, String, String), Counts> = BTreeMap::new();
        let mut add = |sum: RollupSum, day: Millis, sign: i64| {
            sums.entry((sum.survey_id, day, sum.status, sum.key)).or_default().add(sum.counts, sign);
        };
        let mut with_rows = Vec::new();
        let day_rows = rollup::RollupQuery { days_offset: Some(assigned), ..days.clone() };
        for sum in store.rollup_sums(site, &day_rows).await? {
            let day = sum.day.unwrap_or_default();
            with_rows.push(day - assigned);
            add(sum, day, 1);
        }
        with_rows.sort_unstable();
        with_rows.dedup();
        // The part of each UTC day that moves, in whole hours and quarters;
        // only days with rows can have rows in it.
        let (start, end) = if back { (0, self.midnight) } else { (self.midnight, DAY) };
        let mut buckets: BTreeMap<Millis, Vec<Millis>> = BTreeMap::new();
        for &utc_day in &with_rows {
            for part in cover(utc_day + start, utc_day + end, &[HOUR, QUARTER]) {
                let list = buckets.entry(part.width).or_default();
                list.extend((part.from..part.to).step_by(part.width as usize));
            }
        }
        for (width, list) in buckets {
            let (Some(&first), Some(&last)) = (list.first(), list.last()) else { continue };
            let q = rollup::RollupQuery {
                segment: rollup::Segment { width, from: first, to: last + width },
                days_offset: Some(self.offset),
                buckets: Some(list),
                ..days.clone()
            };
            for sum in store.rollup_sums(site, &q).await? {
                // Counted in its UTC day's row for the zone day beside its own.
                let own = sum.day.unwrap_or_default();
                let counted = if back { own + DAY } else { own - DAY };
                add(sum.clone(), own, 1);
                add(sum, counted, -1);
            }
        }
        let range = self.from + self.offset..self.to + self.offset;
        Ok(sums
            .into_iter()
            .filter(|((_, day, _, _), counts)| range.contains(day) && !counts.is_zero())
            .map(|((survey_id, day, status, key), counts)| RollupSum {
                survey_id,
                day: Some(day),
                status,
                key,
                counts,
            })
            .collect())
    }
}

/// The same summary counted from every response (a recount from scratch):
/// what the rollups must always agree with.
pub async fn recount(
    store: &dyn Store,
    site: &str,
    filter: &Filter,
    mut aggregator: Aggregator<'_>,
) -> Result<Summary, StoreError> {
    let mut rows = store.export(site, filter.clone()).await?;
    while let Some(row) = rows.next().await {
        aggregator.add(&row?);
    }
    Ok(aggregator.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoned_days_are_the_whole_zone_days_of_a_range() {
        use rollup::{DAY, HOUR};
        // UTC−5: the days start at 05:00 UTC, and the first 5 hours of each
        // UTC day move back to the zone day before.
        let z = ZonedDays::within(0, 3 * DAY, -5 * HOUR).unwrap();
        assert_eq!(
            (z.from, z.to, z.midnight, z.moves_back()),
            (5 * HOUR, 2 * DAY + 5 * HOUR, 5 * HOUR, true)
        );
        assert_eq!(z.day_rows(), rollup::Segment { width: DAY, from: 0, to: 3 * DAY });
        // UTC+1: they start at 23:00 UTC, and each UTC day's last hour moves forward.
        let z = ZonedDays::within(0, 3 * DAY, HOUR).unwrap();
        assert_eq!(
            (z.from, z.to, z.midnight, z.moves_back()),
            (23 * HOUR, 2 * DAY + 23 * HOUR, 23 * HOUR, false)
        );
        // Less than a whole zone day, UTC itself, or days that start off the
        // quarter hour: none (the trend is read from quarter hours).
        assert_eq!(ZonedDays::within(6 * HOUR, DAY + 4 * HOUR, -5 * HOUR), None);
        assert_eq!(ZonedDays::within(0, 3 * DAY, 0), None);
        assert_eq!(ZonedDays::within(0, 3 * DAY, 7 * 60_000), None);
    }

    const CONFIG: &str = r#"{"site": "demo", "surveys": [
      {"id": "cart-exit", "trigger": {"type": "exit_intent"}, "questions": [
        {"id": "reason", "type": "single_choice", "prompt": {"de": "Warum?", "en": "Why?"}, "allow_other": true,
         "choices": [{"id": "price", "label": {"de": "Preis", "en": "Price"}}, {"id": "shipping", "label": "Shipping"},
                     {"id": "gift", "label": {"fr": "Cadeau", "de": "Geschenk"}}]},
        {"id": "topics", "type": "multiple_choice", "prompt": "Topics?",
         "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "nps", "type": "nps", "prompt": "How likely?"}]},
      {"id": "plain", "trigger": {"type": "exit_intent"}, "questions": [
        {"id": "note", "type": "text", "prompt": "Anything else?"}]}]}"#;

    fn row(n: u32, survey: &str, answers: &str, shown_at: i64) -> Row {
        Row {
            response_id: format!("r{n}"),
            revision: 1,
            survey_id: survey.into(),
            status: "completed".into(),
            answers: answers.into(),
            shown_at,
            updated_at: shown_at,
            visitor_id: "v".into(),
            session_id: "s".into(),
            trigger: "exit_intent".into(),
            stage: None,
            device: None,
            locale: "en".into(),
            page_url: "https://shop.example/".into(),
            context: "{}".into(),
            received_at: shown_at,
        }
    }

    fn with_context(mut r: Row, context: &str) -> Row {
        r.context = context.into();
        r
    }

    #[test]
    fn revenue_per_answer_sums_each_currency_and_extrapolates_by_the_response_rate() {
        let rows = [
            with_context(
                row(1, "cart-exit", r#"{"reason": "price", "nps": 3}"#, LATE),
                r#"{"order_value": 100, "currency": "EUR", "cart_value": 120}"#,
            ),
            with_context(
                row(2, "cart-exit", r#"{"reason": "price", "nps": 10}"#, LATE),
                r#"{"order_value": 50.255, "currency": "EUR"}"#,
            ),
            with_context(
                row(3, "cart-exit", r#"{"reason": "price"}"#, LATE),
                r#"{"order_value": 30, "currency": "USD"}"#,
            ),
            with_context(
                row(4, "cart-exit", r#"{"reason": {"other": "stock"}}"#, LATE),
                r#"{"cart_value": 9.5}"#,
            ),
            // No money at all, and a value that is not a number.
            with_context(row(5, "cart-exit", r#"{"reason": "shipping"}"#, LATE), r#"{"order_value": "12"}"#),
            // Shown, never answered: it lowers the response rate to 5 of 6.
            row(6, "cart-exit", "{}", LATE),
        ];
        let s = summarise(&rows, 0);
        let survey = &s.surveys[0];
        assert_eq!(survey.response_rate, Some(0.8333));
        let reason = &survey.questions[0];
        let table: Vec<(&str, &str, u64, u64)> = reason
            .revenue
            .iter()
            .map(|r| (r.value.as_str(), r.label.as_str(), r.responses, r.with_value))
            .collect();
        assert_eq!(
            table,
            [
                ("price", "Price", 3, 3),
                ("shipping", "Shipping", 1, 0),
                ("gift", "Cadeau", 0, 0),
                ("other", "Other", 1, 1)
            ]
        );
        let price = &reason.revenue[0];
        assert_eq!(price.share, Some(0.6));
        assert_eq!(price.extrapolated, Some(3.6), "3 ÷ 0.8333");
        assert_eq!(price.with_value_share, Some(1.0));
        let eur = CurrencyRevenue {
            currency: Some("EUR".into()),
            orders: 2,
            order_value: 150.26,
            average_order_value: Some(75.13),
            carts: 1,
            cart_value: 120.0,
        };
        let usd = CurrencyRevenue {
            currency: Some("USD".into()),
            orders: 1,
            order_value: 30.0,
            average_order_value: Some(30.0),
            carts: 0,
            cart_value: 0.0,
        };
        assert_eq!(price.currencies, [eur, usd]);
        let other = &reason.revenue[3].currencies;
        assert_eq!(
            (other[0].currency.as_deref(), other[0].carts, other[0].cart_value, other[0].average_order_value),
            (None, 1, 9.5, None)
        );
        assert_eq!(reason.revenue[2].share, Some(0.0), "a choice nobody picked is listed with a zero share");
        let nps: Vec<(&str, u64)> =
            survey.questions[2].revenue.iter().map(|r| (r.value.as_str(), r.responses)).collect();
        assert_eq!(nps, [("3", 1), ("10", 1)], "scale points in numeric order");
        assert!(s.surveys[1].questions[0].revenue.is_empty(), "a text question has no revenue table");
    }

    fn summarise(rows: &[Row], utc_offset: i32) -> Summary {
        let config = SiteConfig::decode(CONFIG).into_strict().unwrap();
        let mut a = Aggregator::new("demo", &config).utc_offset(utc_offset);
        rows.iter().for_each(|r| a.add(r));
        a.finish()
    }

    /// 2026-11-22T23:30:00Z.
    const LATE: i64 = 1_795_390_200_000;

    #[test]
    fn summary_lists_every_choice_in_order_with_its_label_and_count() {
        let rows = [
            row(1, "cart-exit", r#"{"reason": "price", "topics": ["b"]}"#, LATE),
            row(2, "cart-exit", r#"{"reason": "price", "topics": ["a", "b"]}"#, LATE),
        ];
        let q = &summarise(&rows, 0).surveys[0].questions;
        let got: Vec<(&str, &str, u64)> =
            q[0].choices.iter().map(|c| (c.id.as_str(), c.label.as_str(), c.count)).collect();
        assert_eq!(got, [("price", "Price", 2), ("shipping", "Shipping", 0), ("gift", "Cadeau", 0)]);
        assert_eq!(q[0].prompt, "Why?");
        let got: Vec<(&str, u64)> = q[1].choices.iter().map(|c| (c.id.as_str(), c.count)).collect();
        assert_eq!(got, [("a", 1), ("b", 2)]);
        assert_eq!(q[0].other, None, "no other answers, no other group");
        assert!(q[2].choices.is_empty(), "an NPS question has no choices");
    }

    #[test]
    fn summary_groups_other_texts_and_removed_choices_as_they_are() {
        let rows = [
            row(1, "cart-exit", r#"{"reason": {"other": "no stock"}}"#, LATE),
            row(2, "cart-exit", r#"{"reason": {"other": " no stock "}}"#, LATE),
            row(3, "cart-exit", r#"{"reason": "coupon", "topics": ["a", "gone"]}"#, LATE),
            row(4, "cart-exit", r#"{"reason": "shipping"}"#, LATE),
        ];
        let q = &summarise(&rows, 0).surveys[0].questions;
        let other = |o: &Option<OtherAnswers>| {
            let o = o.as_ref().unwrap();
            (o.count, o.values.iter().map(|v| (v.value.clone(), v.count)).collect::<Vec<_>>())
        };
        assert_eq!(other(&q[0].other), (3, vec![("no stock".into(), 2), ("coupon".into(), 1)]));
        assert_eq!(other(&q[1].other), (1, vec![("gone".into(), 1)]));
        assert_eq!(q[0].choices[1].count, 1);
    }

    #[test]
    fn summary_lists_at_most_twenty_other_values_but_counts_them_all() {
        let rows: Vec<Row> = (0..30)
            .map(|n| row(n, "cart-exit", &format!(r#"{{"reason": {{"other": "t{n:02}"}}}}"#), LATE))
            .collect();
        let q = &summarise(&rows, 0).surveys[0].questions[0];
        let other = q.other.as_ref().unwrap();
        assert_eq!((other.count, other.values.len()), (30, OTHER_LISTED));
        assert_eq!(other.values[0].value, "t00");
    }

    #[test]
    fn summary_has_no_nps_for_a_survey_without_an_nps_question() {
        let rows = [row(1, "plain", r#"{"note": "hi"}"#, LATE), row(2, "cart-exit", r#"{"nps": 9}"#, LATE)];
        let s = summarise(&rows, 0);
        let nps = |id: &str| s.surveys.iter().find(|x| x.survey_id == id).unwrap().nps.clone();
        assert_eq!(nps("plain"), None);
        assert_eq!(nps("cart-exit").map(|n| (n.promoters, n.score)), Some((1, Some(100.0))));
    }

    #[test]
    fn summary_counts_days_in_the_given_utc_offset() {
        let rows = [row(1, "cart-exit", "{}", LATE), row(2, "cart-exit", "{}", LATE - 2 * 3_600_000)];
        let days = |offset| -> Vec<(String, u64)> {
            summarise(&rows, offset).surveys[0]
                .by_day
                .iter()
                .map(|d| (d.day.clone(), d.funnel.shown))
                .collect()
        };
        assert_eq!(days(0), [("2026-11-22".into(), 2)]);
        assert_eq!(days(60), [("2026-11-22".into(), 1), ("2026-11-23".into(), 1)]);
        assert_eq!(days(-300), [("2026-11-22".into(), 2)]);
        assert_eq!(days(-22 * 60), [("2026-11-21".into(), 1), ("2026-11-22".into(), 1)]);
    }
}
