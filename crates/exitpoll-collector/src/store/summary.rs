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
    #[serde(skip)]
    sum: f64,
    /// Answer value → its revenue, while counting.
    #[serde(skip)]
    revenue_by_value: BTreeMap<String, AnswerRevenue>,
    /// Other value → count; at most [`OTHER_DISTINCT`] distinct values.
    #[serde(skip)]
    other_values: BTreeMap<String, u64>,
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

/// The money in one response's context.
#[derive(Debug, Default, serde::Deserialize)]
struct Money {
    #[serde(default)]
    order_value: Option<serde_json::Value>,
    #[serde(default)]
    cart_value: Option<serde_json::Value>,
    #[serde(default)]
    currency: Option<serde_json::Value>,
}

impl Money {
    fn of(context: &str) -> Money {
        serde_json::from_str(context).unwrap_or_default()
    }

    fn order(&self) -> Option<f64> {
        self.order_value.as_ref().and_then(serde_json::Value::as_f64).filter(|v| v.is_finite())
    }

    fn cart(&self) -> Option<f64> {
        self.cart_value.as_ref().and_then(serde_json::Value::as_f64).filter(|v| v.is_finite())
    }

    fn currency(&self) -> Option<&str> {
        self.currency.as_ref().and_then(serde_json::Value::as_str)
    }
}

impl AnswerRevenue {
    fn add(&mut self, money: &Money) {
        self.responses += 1;
        let (order, cart) = (money.order(), money.cart());
        if order.is_none() && cart.is_none() {
            return;
        }
        self.with_value += 1;
        let currency = money.currency();
        let at = match self.currencies.iter().position(|c| c.currency.as_deref() == currency) {
            Some(at) => at,
            None => {
                self.currencies.push(CurrencyRevenue {
                    currency: currency.map(str::to_owned),
                    ..CurrencyRevenue::default()
                });
                self.currencies.len() - 1
            }
        };
        let c = &mut self.currencies[at];
        if let Some(v) = order {
            c.orders += 1;
            c.order_value += v;
        }
        if let Some(v) = cart {
            c.carts += 1;
            c.cart_value += v;
        }
    }

    fn finish(&mut self, question_responses: u64, response_rate: Option<f64>) {
        self.share = rate(self.responses, question_responses);
        self.with_value_share = rate(self.with_value, self.responses);
        self.extrapolated =
            response_rate.filter(|r| *r > 0.0).map(|r| (self.responses as f64 / r * 10.0).round() / 10.0);
        self.currencies.sort_by(|a, b| a.currency.cmp(&b.currency));
        for c in &mut self.currencies {
            c.order_value = cents(c.order_value);
            c.cart_value = cents(c.cart_value);
            c.average_order_value = (c.orders > 0).then(|| cents(c.order_value / c.orders as f64));
        }
    }
}

/// Money rounded to hundredths, as currencies are shown.
fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
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

/// How many distinct "Other" values a question remembers while counting:
/// free text could otherwise make a summary's memory grow with its rows.
/// Values beyond it still count in [`OtherAnswers::count`].
pub const OTHER_DISTINCT: usize = 1000;

/// How many "Other" values a summary lists per question.
pub const OTHER_LISTED: usize = 20;

impl QuestionSummary {
    /// Counts a choice-question answer: a configured choice, or an other value.
    fn count_choice(&mut self, value: &str, is_choice: bool) {
        if is_choice && let Some(c) = self.choices.iter_mut().find(|c| c.id == value) {
            c.count += 1;
            return;
        }
        let other = self.other.get_or_insert_with(OtherAnswers::default);
        other.count += 1;
        if let Some(n) = self.other_values.get_mut(value) {
            *n += 1;
        } else if self.other_values.len() < OTHER_DISTINCT {
            self.other_values.insert(value.to_owned(), 1);
        }
    }

    fn is_choice_question(&self) -> bool {
        self.kind == "single_choice" || self.kind == "multiple_choice"
    }

    /// Whether the question has a revenue table: it has a fixed set of answers.
    fn has_revenue(&self) -> bool {
        self.is_choice_question() || self.kind == "nps" || self.kind == "rating"
    }

    /// Counts one response's answer `value` (a choice id, `other`, a scale point) in the revenue table.
    fn count_revenue(&mut self, value: &str, money: &Money) {
        if !self.has_revenue() {
            return;
        }
        // Values beyond the configured choices (removed since) group under
        // "other", so free text cannot grow the table.
        let known = !self.is_choice_question() || self.choices.iter().any(|c| c.id == value);
        let key = if known { value } else { "other" };
        match self.revenue_by_value.get_mut(key) {
            Some(r) => r.add(money),
            None => {
                let mut r = AnswerRevenue { value: key.to_owned(), ..AnswerRevenue::default() };
                r.add(money);
                self.revenue_by_value.insert(key.to_owned(), r);
            }
        }
    }

    /// The revenue table in display order, with its shares.
    fn finish_revenue(&mut self, response_rate: Option<f64>) {
        if !self.has_revenue() {
            return;
        }
        let mut by_value = std::mem::take(&mut self.revenue_by_value);
        let mut table = Vec::new();
        if self.is_choice_question() {
            for c in &self.choices {
                let r = by_value
                    .remove(&c.id)
                    .unwrap_or_else(|| AnswerRevenue { value: c.id.clone(), ..AnswerRevenue::default() });
                table.push(AnswerRevenue { label: c.label.clone(), ..r });
            }
            if let Some(r) = by_value.remove("other") {
                table.push(AnswerRevenue { label: "Other".into(), ..r });
            }
        } else {
            let mut points: Vec<(i64, AnswerRevenue)> =
                by_value.into_values().map(|r| (r.value.parse().unwrap_or(i64::MAX), r)).collect();
            points.sort_by_key(|(n, _)| *n);
            table = points.into_iter().map(|(_, r)| AnswerRevenue { label: r.value.clone(), ..r }).collect();
        }
        for r in &mut table {
            r.finish(self.responses, response_rate);
        }
        self.revenue = table;
    }
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
    /// Added to each response's time before taking its day, so days are the merchant's.
    utc_offset_ms: i64,
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
        Aggregator { config, site: site.to_owned(), search: None, utc_offset_ms: 0, responses: 0, surveys }
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

    /// Counts days (`by_day`) in a zone `minutes` east of UTC rather than in UTC.
    /// One offset for the whole range: a zone that changes its offset within
    /// it (summer time) gets the responses of that hour near midnight on the
    /// neighbouring day.
    pub fn utc_offset(mut self, minutes: i32) -> Self {
        self.utc_offset_ms = i64::from(minutes) * 60_000;
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
                            scale: match q.kind {
                                QuestionKind::Rating { scale, .. } => Some(scale),
                                _ => None,
                            },
                            choices: match &q.kind {
                                QuestionKind::SingleChoice { choices, .. }
                                | QuestionKind::MultipleChoice { choices, .. } => choices
                                    .iter()
                                    .map(|c| ChoiceCount {
                                        id: c.id.clone(),
                                        label: c.label.resolve("en").to_owned(),
                                        count: 0,
                                    })
                                    .collect(),
                                _ => Vec::new(),
                            },
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
        let day_key = format_day(row.shown_at + self.utc_offset_ms);
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
        // Only surveys with a revenue table read the context.
        let money = if summary.questions.iter().any(QuestionSummary::has_revenue) {
            Money::of(&row.context)
        } else {
            Money::default()
        };
        let mut day_nps_done = false;
        for q in &mut summary.questions {
            let Some(v) = answers.get(&q.question_id) else { continue };
            q.responses += 1;
            match v {
                Value::Number(n) => {
                    let x = n.as_i64().unwrap_or(0);
                    q.count_revenue(&x.to_string(), &money);
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
                Value::String(s) => {
                    q.count_revenue(s, &money);
                    *q.distribution.entry(s.clone()).or_default() += 1;
                    if q.is_choice_question() {
                        q.count_choice(s, true);
                    }
                }
                Value::Array(items) => {
                    for id in items.iter().filter_map(Value::as_str) {
                        q.count_revenue(id, &money);
                        *q.distribution.entry(id.to_owned()).or_default() += 1;
                        if q.is_choice_question() {
                            q.count_choice(id, true);
                        }
                    }
                }
                Value::Object(m) => {
                    q.count_revenue("other", &money);
                    *q.distribution.entry("other".into()).or_default() += 1;
                    if q.is_choice_question() {
                        // The text as typed; "other" itself when it has none.
                        let text = m.get("other").and_then(Value::as_str).map_or("other", str::trim);
                        q.count_choice(text, false);
                    }
                }
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
                for q in &mut s.questions {
                    q.finish_revenue(s.response_rate);
                    let mut values: Vec<AnswerCount> = std::mem::take(&mut q.other_values)
                        .into_iter()
                        .map(|(value, count)| AnswerCount { value, count })
                        .collect();
                    // Most frequent first; ties in the values' order, so the list is stable.
                    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                    values.truncate(OTHER_LISTED);
                    if let Some(other) = &mut q.other {
                        other.values = values;
                    }
                }
                s.by_day = days.into_values().collect();
                s
            })
            .collect();
        Summary { site: self.site, responses: self.responses, surveys }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
