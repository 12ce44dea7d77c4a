//! Streaming exports of responses: JSON, NDJSON and CSV.
//!
//! Rows are turned into bytes one at a time as the store yields them, so an
//! export of a million responses uses as much memory as one of ten.

use super::AppError;
use crate::store::{Row, RowStream, StoreError};
use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::json::{self, ObjectWriter, Value};
use exitpoll_protocol::response::CANONICAL_CONTEXT_KEYS;
use exitpoll_protocol::time::format_timestamp;
use futures::StreamExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Ndjson,
    Csv(CsvColumns),
}

/// How a CSV export lays out its columns (`columns=`, a comma-separated
/// list): by default the context is one JSON cell and each question's
/// header is `q:<id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvColumns {
    /// `context`: a column per canonical context key (`context.order_id`,
    /// `context.order_value`, …), then `context.other` with the other keys as JSON.
    pub context: bool,
    /// `question_text`: each question's header is its prompt in the survey's
    /// default locale, with its id in brackets when two questions read the same.
    pub question_text: bool,
}

impl CsvColumns {
    pub const NAMES: [&str; 2] = ["context", "question_text"];

    pub fn parse(v: &str) -> Result<CsvColumns, String> {
        let mut out = CsvColumns::default();
        for name in v.split(',').map(str::trim) {
            match name {
                "context" => out.context = true,
                "question_text" => out.question_text = true,
                "" => {
                    return Err(
                        "columns: empty; give context, question_text or both, comma-separated".to_owned()
                    );
                }
                other => {
                    return Err(format!(
                        "columns: \"{other}\" is not one of {}; give one or both, comma-separated",
                        CsvColumns::NAMES.join(", ")
                    ));
                }
            }
        }
        Ok(out)
    }
}

impl Format {
    pub fn parse(v: Option<&str>) -> Result<Format, AppError> {
        match v.unwrap_or("json") {
            "json" => Ok(Format::Json),
            "ndjson" => Ok(Format::Ndjson),
            "csv" => Ok(Format::Csv(CsvColumns::default())),
            other => Err(AppError::BadRequest {
                code: "invalid_query",
                message: format!("format: \"{other}\" is not one of json, ndjson, csv"),
            }),
        }
    }
}

/// A row as a JSON object, in the shape the widget posts (the HTTP API (README.md)).
pub fn row_json(r: &Row, out: &mut String) {
    let mut o = ObjectWriter::new(out);
    o.str("response_id", &r.response_id)
        .int("revision", i64::from(r.revision))
        .str("survey_id", &r.survey_id)
        .str("status", &r.status)
        .raw("answers", &r.answers)
        .str("shown_at", &format_timestamp(r.shown_at))
        .str("updated_at", &format_timestamp(r.updated_at))
        .str("visitor_id", &r.visitor_id)
        .str("session_id", &r.session_id)
        .str("trigger", &r.trigger);
    match &r.stage {
        Some(s) => o.str("stage", s),
        None => o.raw("stage", "null"),
    };
    match &r.device {
        Some(d) => o.str("device", d),
        None => o.raw("device", "null"),
    };
    o.str("locale", &r.locale)
        .str("page_url", &r.page_url)
        .raw("context", &r.context)
        .str("received_at", &format_timestamp(r.received_at));
    o.finish();
}

/// Fixed CSV columns, before the context's column (or columns) and one
/// column per question.
const CSV_COLUMNS: [&str; 14] = [
    "response_id",
    "revision",
    "survey_id",
    "status",
    "shown_at",
    "updated_at",
    "received_at",
    "visitor_id",
    "session_id",
    "trigger",
    "stage",
    "device",
    "locale",
    "page_url",
];

/// Quotes a CSV cell, and defuses spreadsheet formulas (OWASP's CSV
/// injection guidance): a cell that a spreadsheet could read as a formula
/// gets a leading `'` and quotes, so a shopper's "=HYPERLINK(...)" is shown
/// as text, never run.
pub fn csv_cell(value: &str, out: &mut String) {
    let dangerous = is_formula_like(value);
    let needs_quotes = dangerous || value.contains([',', '"', '\n', '\r']);
    if needs_quotes {
        out.push('"');
    }
    if dangerous {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if needs_quotes {
        out.push('"');
    }
}

/// Whether a spreadsheet could take `value` for a formula. OWASP names cells
/// starting with `=`, `+`, `-`, `@`, tab or carriage return. Spreadsheets
/// also skip leading whitespace and invisible characters before they look
/// (Excel and LibreOffice trim spaces, no-break spaces and line breaks; a
/// byte order mark or a zero-width space is not even visible), and fold the
/// full-width and small forms of the four signs that CJK input methods type
/// (`＝`, `﹦`, …) into the ASCII ones. So the test is on the first character
/// that is not whitespace, a control or an invisible format character.
fn is_formula_like(value: &str) -> bool {
    if value.starts_with(['\t', '\r']) {
        return true;
    }
    let first = value.chars().find(|c| !(c.is_whitespace() || c.is_control() || is_invisible(*c)));
    first.is_some_and(|c| {
        matches!(
            c,
            '=' | '+' | '-' | '@'
            // Full-width, small and super/subscript forms, and the minus sign.
            | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}'
            | '\u{FE66}' | '\u{FE62}' | '\u{FE63}' | '\u{FE6B}'
            | '\u{207A}' | '\u{207B}' | '\u{207C}' | '\u{208A}' | '\u{208B}' | '\u{208C}'
            | '\u{2212}'
        )
    })
}

/// Format characters that render as nothing: the soft hyphen, zero-width
/// spaces and joiners, direction marks, the word joiner and invisible
/// operators, the Mongolian vowel separator, and the byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}'
    )
}

/// An answer as a CSV cell: numbers and ids as they are, several choices
/// joined with `;`, "Other" as `other: text`.
fn answer_cell(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_str().to_owned(),
        Value::Array(items) => items.iter().map(answer_cell).collect::<Vec<_>>().join(";"),
        Value::Object(m) => match m.get("other").and_then(Value::as_str) {
            Some(t) => format!("other: {t}"),
            None => v.to_json(),
        },
        other => other.to_json(),
    }
}

/// The distinct question ids of a site's surveys, in config order, each with
/// its prompt in the survey's default locale (English when it has it, as the
/// summary labels; from the first survey that asks it).
fn question_columns(config: &SiteConfig) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in &config.surveys {
        for q in &s.questions {
            if !out.iter().any(|(id, _)| *id == q.id) {
                out.push((q.id.clone(), q.prompt.resolve("en").to_owned()));
            }
        }
    }
    out
}

/// The question headers: `q:<id>`, or with `question_text` the prompts,
/// each made unique by its id when another question reads the same.
pub(super) fn question_headers(questions: &[(String, String)], text: bool) -> Vec<String> {
    questions
        .iter()
        .map(|(id, prompt)| {
            if !text {
                format!("q:{id}")
            } else if questions.iter().filter(|(_, p)| p == prompt).count() > 1 || prompt.is_empty() {
                format!("{prompt} [{id}]")
            } else {
                prompt.clone()
            }
        })
        .collect()
}

/// The cells of the context columns: each canonical key's value (a string as
/// it is, anything else as JSON), then the other keys as one JSON object.
fn context_cells(context: &str, out: &mut String) {
    let value = serde_json::from_str::<Value>(context).ok();
    let map = match &value {
        Some(Value::Object(m)) => Some(m),
        _ => None,
    };
    for key in CANONICAL_CONTEXT_KEYS {
        out.push(',');
        if let Some(v) = map.and_then(|m| m.get(key)) {
            match v {
                Value::String(s) => csv_cell(s, out),
                Value::Number(n) => csv_cell(n.as_str(), out),
                other => csv_cell(&other.to_json(), out),
            }
        }
    }
    out.push(',');
    let mut rest = json::Map::default();
    for (k, v) in map.iter().flat_map(|m| m.iter()) {
        if !CANONICAL_CONTEXT_KEYS.contains(&k) {
            rest.insert(k, v.clone());
        }
    }
    if !rest.is_empty() {
        csv_cell(&Value::Object(rest).to_json(), out);
    }
}

fn csv_row(r: &Row, questions: &[(String, String)], columns: CsvColumns) -> String {
    let mut out = String::new();
    let mut revision = String::new();
    json::push_u64(&mut revision, u64::from(r.revision));
    let cells = [
        r.response_id.as_str(),
        &revision,
        &r.survey_id,
        &r.status,
        &format_timestamp(r.shown_at),
        &format_timestamp(r.updated_at),
        &format_timestamp(r.received_at),
        &r.visitor_id,
        &r.session_id,
        &r.trigger,
        r.stage.as_deref().unwrap_or(""),
        r.device.as_deref().unwrap_or(""),
        &r.locale,
        &r.page_url,
    ];
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_cell(cell, &mut out);
    }
    if columns.context {
        context_cells(&r.context, &mut out);
    } else {
        out.push(',');
        csv_cell(&r.context, &mut out);
    }
    // Stored answers are whole numbers and strings, which serde_json reads as written.
    let answers = serde_json::from_str::<Value>(&r.answers).ok();
    for (q, _) in questions {
        out.push(',');
        if let Some(v) = answers.as_ref().and_then(|a| a.get(q)) {
            csv_cell(&answer_cell(v), &mut out);
        }
    }
    out.push_str("\r\n");
    out
}

/// The answer of a listing: `next_cursor` is the next page's cursor, in the
/// JSON body (`null` on the last page, or when the listing is not paged);
/// NDJSON and CSV carry it in headers only (`X-Next-Cursor`, `Link`).
pub fn respond(format: Format, rows: RowStream, config: &SiteConfig, next_cursor: Option<&str>) -> Response {
    // A failure after the status line was sent can only cut the body short;
    // log it, so the operator sees why an export ended early.
    let rows: RowStream = Box::pin(rows.inspect(|r| {
        if let Err(e) = r {
            tracing::error!(error = %e, "export stopped early");
        }
    }));
    let (content_type, body) = match format {
        Format::Ndjson => (
            "application/x-ndjson",
            Body::from_stream(rows.map(|r| {
                r.map(|row| {
                    let mut s = String::new();
                    row_json(&row, &mut s);
                    s.push('\n');
                    s
                })
            })),
        ),
        Format::Json => {
            let mut first = true;
            let items = rows.map(move |r| {
                r.map(|row| {
                    let mut s = String::from(if first { "" } else { "," });
                    first = false;
                    row_json(&row, &mut s);
                    s
                })
            });
            let open = futures::stream::once(async { Ok::<_, StoreError>("{\"responses\":[".to_owned()) });
            let mut end = String::from("],\"next_cursor\":");
            match next_cursor {
                Some(c) => json::push_str_literal(&mut end, c),
                None => end.push_str("null"),
            }
            end.push_str("}\n");
            let close = futures::stream::once(async { Ok::<_, StoreError>(end) });
            ("application/json", Body::from_stream(open.chain(items).chain(close)))
        }
        Format::Csv(columns) => {
            let questions = question_columns(config);
            let context: Vec<String> = if columns.context {
                CANONICAL_CONTEXT_KEYS
                    .iter()
                    .map(|k| format!("context.{k}"))
                    .chain(["context.other".to_owned()])
                    .collect()
            } else {
                vec!["context".to_owned()]
            };
            let mut header = String::new();
            for (i, c) in CSV_COLUMNS
                .iter()
                .map(|c| c.to_string())
                .chain(context)
                .chain(question_headers(&questions, columns.question_text))
                .enumerate()
            {
                if i > 0 {
                    header.push(',');
                }
                csv_cell(&c, &mut header);
            }
            header.push_str("\r\n");
            let head = futures::stream::once(async move { Ok::<_, StoreError>(header) });
            let body = rows.map(move |r| r.map(|row| csv_row(&row, &questions, columns)));
            ("text/csv; charset=utf-8", Body::from_stream(head.chain(body)))
        }
    };
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The summary's revenue tables as CSV (`GET …/summary?format=csv`): a row
/// per answer and currency, and one row with an empty currency for an
/// answer no value came with.
pub fn revenue_csv(summary: &crate::store::summary::Summary) -> String {
    let mut out = String::from(
        "survey_id,question_id,question,answer,label,responses,share,extrapolated,with_value,with_value_share,\
         currency,orders,order_value,average_order_value,carts,cart_value\r\n",
    );
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for s in &summary.surveys {
        for q in &s.questions {
            for r in &q.revenue {
                let mut lead = String::new();
                for cell in [&s.survey_id, &q.question_id, &q.prompt, &r.value, &r.label] {
                    csv_cell(cell, &mut lead);
                    lead.push(',');
                }
                lead.push_str(&format!(
                    "{},{},{},{},{},",
                    r.responses,
                    number(r.share),
                    number(r.extrapolated),
                    r.with_value,
                    number(r.with_value_share)
                ));
                if r.currencies.is_empty() {
                    out.push_str(&lead);
                    out.push_str(",,,,,\r\n");
                }
                for c in &r.currencies {
                    out.push_str(&lead);
                    csv_cell(c.currency.as_deref().unwrap_or(""), &mut out);
                    out.push_str(&format!(
                        ",{},{},{},{},{}\r\n",
                        c.orders,
                        c.order_value,
                        number(c.average_order_value),
                        c.carts,
                        c.cart_value
                    ));
                }
            }
        }
    }
    out
}
