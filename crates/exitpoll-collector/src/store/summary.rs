//! The per-survey summary (the HTTP API (README.md)): funnel, response rate, answer
//! distributions, NPS, and breakdowns by stage, device and day.
//!
//! It is computed by streaming rows through an [`Aggregator`], the same for
//! every backend, so SQLite and PostgreSQL can never disagree about a number,
//! and memory stays proportional to the number of distinct answers, not rows.

use super::Row;
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::config::QuestionKind;
use exitpoll_protocol::json::Value;
use exitpoll_protocol::time::format_day;
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

impl Nps {
    fn add(&mut self, n: i64) {
        self.responses += 1;
        match n {
            9..=10 => self.promoters += 1,
            7..=8 => self.passives += 1,
            _ => self.detractors += 1,
        }
        self.score = Some(
            ((self.promoters as f64 - self.detractors as f64) / self.responses as f64 * 1000.0).round()
                / 10.0,
        );
    }
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
    #[serde(skip)]
    sum: f64,
}

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
    updated_ms: i64,
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

/// Builds a [`Summary`] one row at a time.
#[derive(Debug)]
pub struct Aggregator<'c> {
    config: &'c SiteConfig,
    site: String,
    /// Lowercased search for text answers.
    search: Option<String>,
    responses: u64,
    surveys: BTreeMap<String, (SurveySummary, BTreeMap<String, DaySummary>)>,
}

impl<'c> Aggregator<'c> {
    pub fn new(site: &str, config: &'c SiteConfig) -> Aggregator<'c> {
        let mut surveys = BTreeMap::new();
        // Every configured survey appears, even with no responses yet.
        for s in &config.surveys {
            surveys.insert(s.id.clone(), (Self::empty(s.id.clone(), config), BTreeMap::new()));
        }
        Aggregator { config, site: site.to_owned(), search: None, responses: 0, surveys }
    }

    /// Keeps only text answers containing `query` (case-insensitive).
    pub fn search(mut self, query: Option<&str>) -> Self {
        self.search = query.map(str::trim).filter(|q| !q.is_empty()).map(str::to_lowercase);
        self
    }

    fn empty(survey_id: String, config: &SiteConfig) -> SurveySummary {
        let survey = config.survey(&survey_id);
        SurveySummary {
            name: survey.and_then(|s| s.name.clone()),
            questions: survey
                .map(|s| {
                    s.questions
                        .iter()
                        .map(|q| QuestionSummary {
                            question_id: q.id.clone(),
                            prompt: q.prompt.resolve("en").to_owned(),
                            kind: q.kind.as_str().to_owned(),
                            nps: matches!(q.kind, QuestionKind::Nps { .. }).then(Nps::default),
                            ..QuestionSummary::default()
                        })
                        .collect()
                })
                .unwrap_or_default(),
            survey_id,
            ..SurveySummary::default()
        }
    }

    pub fn add(&mut self, row: &Row) {
        self.responses += 1;
        let config = self.config;
        let (summary, days) = self
            .surveys
            .entry(row.survey_id.clone())
            .or_insert_with(|| (Self::empty(row.survey_id.clone(), config), BTreeMap::new()));
        let answers = serde_json::from_str::<Value>(&row.answers).ok();
        let answers = answers.as_ref().and_then(Value::as_object);
        let answered = answers.is_some_and(|a| !a.is_empty());
        let count = |f: &mut Funnel| {
            f.shown += 1;
            f.answered += u64::from(answered);
            f.completed += u64::from(row.status == "completed");
            f.dismissed += u64::from(row.status == "dismissed");
        };
        count(&mut summary.funnel);
        count(summary.by_stage.entry(row.stage.clone().unwrap_or_else(|| "unknown".into())).or_default());
        count(summary.by_device.entry(row.device.clone().unwrap_or_else(|| "unknown".into())).or_default());
        let day_key = format_day(row.shown_at);
        let day = days
            .entry(day_key.clone())
            .or_insert_with(|| DaySummary { day: day_key, ..DaySummary::default() });
        count(&mut day.funnel);
        let Some(answers) = answers else { return };
        let search = self.search.as_deref();
        let mut keep_text = |question_id: &str, text: &str| {
            if search.is_some_and(|q| !text.to_lowercase().contains(q)) {
                return;
            }
            let t = TextAnswer {
                question_id: question_id.to_owned(),
                text: text.to_owned(),
                response_id: row.response_id.clone(),
                updated_at: exitpoll_protocol::time::format_timestamp(row.updated_at),
                stage: row.stage.clone(),
                updated_ms: row.updated_at,
            };
            // Newest first, at most LATEST_TEXTS.
            let at = summary.texts.partition_point(|x| x.updated_ms >= t.updated_ms);
            if at < LATEST_TEXTS {
                summary.texts.insert(at, t);
                summary.texts.truncate(LATEST_TEXTS);
            }
        };
        for q in &summary.questions {
            match answers.get(&q.question_id) {
                Some(Value::String(s)) if q.kind == "text" || q.kind == "email" => {
                    keep_text(&q.question_id, s)
                }
                Some(Value::Object(m)) => {
                    if let Some(other) = m.get("other").and_then(Value::as_str) {
                        keep_text(&q.question_id, other);
                    }
                }
                _ => {}
            }
        }
        let mut day_nps_done = false;
        for q in &mut summary.questions {
            let Some(v) = answers.get(&q.question_id) else { continue };
            q.responses += 1;
            match v {
                Value::Number(n) => {
                    let x = n.as_i64().unwrap_or(0);
                    *q.distribution.entry(x.to_string()).or_default() += 1;
                    q.sum += x as f64;
                    q.average = Some((q.sum / q.responses as f64 * 100.0).round() / 100.0);
                    if let Some(nps) = &mut q.nps {
                        nps.add(x);
                        if !day_nps_done {
                            day.nps.add(x);
                            day_nps_done = true;
                        }
                    }
                }
                Value::String(s) if q.kind == "text" || q.kind == "email" => {
                    let _ = s;
                    *q.distribution.entry("(text)".into()).or_default() += 1;
                }
                Value::String(s) => *q.distribution.entry(s.clone()).or_default() += 1,
                Value::Array(items) => {
                    for id in items.iter().filter_map(Value::as_str) {
                        *q.distribution.entry(id.to_owned()).or_default() += 1;
                    }
                }
                Value::Object(_) => *q.distribution.entry("other".into()).or_default() += 1,
                _ => {}
            }
        }
    }

    pub fn finish(self) -> Summary {
        let surveys = self
            .surveys
            .into_values()
            .map(|(mut s, days)| {
                s.response_rate = rate(s.funnel.answered, s.funnel.shown);
                s.completion_rate = rate(s.funnel.completed, s.funnel.shown);
                s.nps = s.questions.iter().find_map(|q| q.nps.clone());
                s.by_day = days.into_values().collect();
                s
            })
            .collect();
        Summary { site: self.site, responses: self.responses, surveys }
    }
}
