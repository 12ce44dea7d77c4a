//! The query of `GET /v1/sites/{site}/responses`: its filters, its order,
//! and its pages (`limit`, `cursor`).
//!
//! Every parameter is checked before the store is asked, and a bad one is a
//! 400 `invalid_query` whose message starts with the parameter's name.
//! Answer filters (`answer.<question_id>=`) are read against the site's
//! surveys, so a value that no answer could have (a choice the question does
//! not offer, an NPS of 11) is refused rather than matching nothing.

use super::export::{CsvColumns, Format};
use super::{AppError, ListQuery};
use crate::store::{AnswerFilter, AnswerMatch, Filter, Order, Position, Row, TextSearch};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::config::{Device, QuestionKind, Stage};

/// The most responses one page holds.
pub const MAX_LIMIT: usize = 1000;

/// The parameters, besides `answer.<question_id>`.
const PARAMETERS: [&str; 13] = [
    "format",
    "columns",
    "survey",
    "since",
    "until",
    "status",
    "stage",
    "device",
    "q",
    "order",
    "limit",
    "cursor",
    "answer.<question_id>",
];

/// What a request to list responses asks for.
#[derive(Debug)]
pub struct Listing {
    pub format: Format,
    /// With `limit` as asked: the caller reads one row more to learn whether
    /// there is a next page.
    pub filter: Filter,
}

fn invalid(message: String) -> AppError {
    AppError::BadRequest { code: "invalid_query", message }
}

impl Listing {
    /// Reads the query's pairs (as decoded) against the site's surveys.
    pub fn parse(pairs: &[(String, String)], config: &SiteConfig) -> Result<Listing, AppError> {
        let mut base = ListQuery { format: None, survey: None, since: None, until: None, status: None };
        let (mut stage, mut device, mut q, mut order, mut limit, mut cursor, mut columns) =
            (None, None, None, None, None, None, None);
        let mut answers: Vec<(&str, &str)> = Vec::new();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "format" => &mut base.format,
                "survey" => &mut base.survey,
                "since" => &mut base.since,
                "until" => &mut base.until,
                "status" => &mut base.status,
                "stage" => &mut stage,
                "device" => &mut device,
                "q" => &mut q,
                "order" => &mut order,
                "limit" => &mut limit,
                "cursor" => &mut cursor,
                "columns" => &mut columns,
                other => {
                    if let Some(id) = other.strip_prefix("answer.") {
                        if answers.iter().any(|(seen, _)| *seen == id) {
                            return Err(invalid(format!("{other}: given twice; one value per question")));
                        }
                        answers.push((id, value));
                        continue;
                    }
                    // As serde words it for the other admin routes.
                    let expected = PARAMETERS.map(|p| format!("`{p}`")).join(", ");
                    return Err(invalid(format!("unknown field `{other}`, expected one of {expected}")));
                }
            };
            if slot.replace(value.clone()).is_some() {
                return Err(invalid(format!("{key}: given twice")));
            }
        }
        let mut format = Format::parse(base.format.as_deref())?;
        if let Some(c) = columns {
            let Format::Csv(layout) = &mut format else {
                return Err(invalid("columns: only a CSV export has columns; add format=csv".to_owned()));
            };
            *layout = CsvColumns::parse(&c).map_err(invalid)?;
        }
        let survey = base.survey.clone();
        let mut filter = base.filter()?;
        filter.stage = stage
            .map(|s| {
                Stage::parse(&s).ok_or_else(|| {
                    invalid(format!("stage: \"{s}\" is not one of {}", Stage::NAMES.join(", ")))
                })
            })
            .transpose()?;
        filter.device = device
            .map(|d| {
                Device::parse(&d).ok_or_else(|| {
                    invalid(format!("device: \"{d}\" is not one of {}", Device::NAMES.join(", ")))
                })
            })
            .transpose()?;
        for (id, value) in answers {
            filter.answers.push(answer_filter(id, value, survey.as_deref(), config)?);
        }
        filter.text = q.as_deref().and_then(|q| TextSearch::new(q, config));
        filter.order = match order.as_deref() {
            None | Some("oldest") => Order::OldestFirst,
            Some("newest") => Order::NewestFirst,
            Some(o) => return Err(invalid(format!("order: \"{o}\" is not one of oldest, newest"))),
        };
        filter.limit = limit.map(|l| parse_limit(&l)).transpose()?;
        if let Some(c) = cursor {
            let (order, position) = decode_cursor(&c)?;
            if order != filter.order {
                return Err(invalid(format!(
                    "cursor: it continues a listing with order={}; ask with the same order",
                    order_name(order)
                )));
            }
            filter.after = Some(position);
        }
        Ok(Listing { format, filter })
    }
}

fn parse_limit(v: &str) -> Result<usize, AppError> {
    match v.parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Ok(n) if n > MAX_LIMIT => Err(invalid(format!(
            "limit: {n} is more than {MAX_LIMIT}, the most one page holds; follow next_cursor"
        ))),
        _ => Err(invalid(format!("limit: \"{v}\" is not a whole number from 1 to {MAX_LIMIT}"))),
    }
}

fn order_name(order: Order) -> &'static str {
    match order {
        Order::OldestFirst => "oldest",
        Order::NewestFirst => "newest",
    }
}

/// The cursor of the page after `last`: opaque to clients, it holds the
/// order and the place of the last row (base64url of `v1 o|n shown_at
/// response_id`).
pub fn encode_cursor(order: Order, last: &Row) -> String {
    let p = Position::of(last);
    let o = if order == Order::NewestFirst { 'n' } else { 'o' };
    URL_SAFE_NO_PAD.encode(format!("v1 {o} {} {}", p.shown_at, p.response_id))
}

fn decode_cursor(c: &str) -> Result<(Order, Position), AppError> {
    let bad = || {
        invalid(format!("cursor: \"{c}\" is not a cursor this collector gave; pass next_cursor as it came"))
    };
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let mut parts = text.split(' ');
    let (Some("v1"), Some(o), Some(t), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let order = match o {
        "o" => Order::OldestFirst,
        "n" => Order::NewestFirst,
        _ => return Err(bad()),
    };
    let shown_at = t.parse::<i64>().map_err(|_| bad())?;
    let response_id = exitpoll_protocol::response::is_uuid(id).then(|| id.to_owned()).ok_or_else(bad)?;
    Ok((order, Position { shown_at, response_id }))
}

/// `answer.<id>=<value>`, read against every survey in scope (the one named,
/// or all of the site's) that has a question `id`. The value must mean
/// something for at least one of them, and the same for all it fits.
fn answer_filter(
    id: &str,
    value: &str,
    survey: Option<&str>,
    config: &SiteConfig,
) -> Result<AnswerFilter, AppError> {
    let name = format!("answer.{id}");
    let questions: Vec<(&str, &QuestionKind)> = config
        .surveys
        .iter()
        .filter(|s| survey.is_none_or(|want| s.id == want))
        .flat_map(|s| s.questions.iter().filter(|q| q.id == id).map(move |q| (s.id.as_str(), &q.kind)))
        .collect();
    if questions.is_empty() {
        return Err(invalid(match survey {
            Some(s) => format!("{name}: survey \"{s}\" has no question \"{id}\""),
            None => format!("{name}: no survey of this site has a question \"{id}\""),
        }));
    }
    let mut first_error = None;
    let mut found: Option<(&str, AnswerMatch)> = None;
    for (survey_id, kind) in questions {
        match answer_match(&name, kind, value) {
            Ok(m) => match &found {
                Some((other, seen)) if *seen != m => {
                    return Err(invalid(format!(
                        "{name}: \"{value}\" means different things in surveys \"{other}\" and \"{survey_id}\"; \
                         name one with survey="
                    )));
                }
                Some(_) => {}
                None => found = Some((survey_id, m)),
            },
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (found, first_error) {
        (Some((_, matches)), _) => Ok(AnswerFilter { question_id: id.to_owned(), matches }),
        (None, Some(e)) => Err(e),
        (None, None) => unreachable!("at least one question was read"),
    }
}

fn answer_match(name: &str, kind: &QuestionKind, value: &str) -> Result<AnswerMatch, AppError> {
    match kind {
        QuestionKind::SingleChoice { choices, .. } | QuestionKind::MultipleChoice { choices, .. } => {
            if choices.iter().any(|c| c.id == value) {
                Ok(AnswerMatch::Choice(value.to_owned()))
            } else if value == "other" {
                Ok(AnswerMatch::Other)
            } else {
                let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
                Err(invalid(format!("{name}: \"{value}\" is not one of {}, other", ids.join(", "))))
            }
        }
        QuestionKind::Nps { .. } => range(name, value, 0, 10),
        QuestionKind::Rating { scale, .. } => range(name, value, 1, i64::from(*scale)),
        QuestionKind::Cta { .. } if value == "clicked" => Ok(AnswerMatch::Choice(value.to_owned())),
        QuestionKind::Cta { .. } => {
            Err(invalid(format!("{name}: a call to action is answered only \"clicked\"")))
        }
        QuestionKind::Text { .. } | QuestionKind::Email { .. } => {
            Err(invalid(format!("{name}: a free-text question; search text answers with q=")))
        }
    }
}

/// `7` or `0-6`, within `min..=max`.
fn range(name: &str, value: &str, min: i64, max: i64) -> Result<AnswerMatch, AppError> {
    let bad = || {
        invalid(format!("{name}: \"{value}\" is not a number or a range (such as 0-6) from {min} to {max}"))
    };
    let number = |s: &str| s.trim().parse::<i64>().ok().filter(|n| (min..=max).contains(n));
    let (lo, hi) = match value.split_once('-') {
        Some((a, b)) => (number(a).ok_or_else(bad)?, number(b).ok_or_else(bad)?),
        None => {
            let n = number(value).ok_or_else(bad)?;
            (n, n)
        }
    };
    if lo > hi {
        return Err(invalid(format!(
            "{name}: \"{value}\" is an empty range; write the smaller number first"
        )));
    }
    Ok(AnswerMatch::Between(lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{"site": "demo", "surveys": [
      {"id": "cart-exit", "trigger": {"type": "exit_intent"}, "questions": [
        {"id": "reason", "type": "single_choice", "prompt": "Why?", "allow_other": true,
         "choices": [{"id": "price", "label": "Price"}, {"id": "shipping", "label": "Shipping"}]},
        {"id": "nps", "type": "nps", "prompt": "How likely?"},
        {"id": "stars", "type": "rating", "scale": 5, "prompt": "Stars?"},
        {"id": "offer", "type": "cta", "prompt": "10% off", "button": "Copy", "code": "SAVE10"},
        {"id": "note", "type": "text", "prompt": "Anything else?"}]},
      {"id": "post-purchase", "trigger": {"type": "exit_intent"}, "questions": [
        {"id": "reason", "type": "nps", "prompt": "How likely?"}]}]}"#;

    /// The filter a query gives, or its error message.
    fn parse(query: &str) -> Result<Filter, String> {
        let config = SiteConfig::decode(CONFIG).into_strict().unwrap();
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
        Listing::parse(&pairs, &config).map(|l| l.filter).map_err(|e| match e {
            AppError::BadRequest { message, .. } => message,
            other => panic!("{other:?}"),
        })
    }

    fn check_answer(query: &str, expect: Result<AnswerMatch, &str>) {
        let got = parse(query).map(|f| f.answers.into_iter().next().unwrap().matches);
        match expect {
            Ok(m) => assert_eq!(got, Ok(m), "{query}"),
            Err(want) => {
                let message = got.expect_err(query);
                assert!(message.contains(want), "{query}: {message}");
            }
        }
    }

    #[test]
    fn answer_filters_are_read_against_the_question() {
        use AnswerMatch::*;
        check_answer("survey=cart-exit&answer.reason=price", Ok(Choice("price".into())));
        check_answer("survey=cart-exit&answer.reason=other", Ok(Other));
        check_answer(
            "survey=cart-exit&answer.reason=cheap",
            Err(r#"answer.reason: "cheap" is not one of price, shipping, other"#),
        );
        check_answer("answer.nps=0-6", Ok(Between(0, 6)));
        check_answer("answer.nps=10", Ok(Between(10, 10)));
        check_answer(
            "answer.nps=11",
            Err(r#"answer.nps: "11" is not a number or a range (such as 0-6) from 0 to 10"#),
        );
        check_answer("answer.nps=6-0", Err("answer.nps: \"6-0\" is an empty range"));
        check_answer("answer.nps=low", Err("answer.nps: \"low\" is not a number"));
        check_answer("answer.nps=-1", Err("answer.nps: \"-1\" is not a number"));
        check_answer("answer.stars=1-5", Ok(Between(1, 5)));
        check_answer("answer.stars=0", Err("from 1 to 5"));
        check_answer("answer.offer=clicked", Ok(Choice("clicked".into())));
        check_answer("answer.offer=yes", Err("answer.offer: a call to action"));
        check_answer("answer.note=hi", Err("answer.note: a free-text question; search text answers with q="));
        check_answer("answer.nope=1", Err("answer.nope: no survey of this site has a question \"nope\""));
        check_answer(
            "survey=post-purchase&answer.note=1",
            Err("answer.note: survey \"post-purchase\" has no question"),
        );
        // `reason` is a choice in one survey and an NPS in the other.
        check_answer("answer.reason=price", Ok(Choice("price".into())));
        check_answer("answer.reason=3", Ok(Between(3, 3)));
        check_answer("survey=post-purchase&answer.reason=price", Err("from 0 to 10"));
    }

    #[test]
    fn every_bad_parameter_is_named() {
        for (query, want) in [
            ("limit=0", "limit: \"0\" is not a whole number from 1 to 1000"),
            ("limit=ten", "limit: \"ten\" is not a whole number"),
            ("limit=-5", "limit: \"-5\" is not a whole number"),
            ("limit=1001", "limit: 1001 is more than 1000"),
            ("stage=basket", "stage: \"basket\" is not one of product, cart, checkout, thank_you, other"),
            ("device=watch", "device: \"watch\" is not one of desktop, mobile, tablet"),
            ("order=random", "order: \"random\" is not one of oldest, newest"),
            ("cursor=abc", "cursor: \"abc\" is not a cursor this collector gave"),
            ("cursor=djEgbyAxMCB4", "cursor: \"djEgbyAxMCB4\" is not a cursor"),
            ("status=done", "status: \"done\" is not one of"),
            ("stage=cart&stage=cart", "stage: given twice"),
            ("answer.nps=1&answer.nps=2", "answer.nps: given twice"),
            ("colour=blue", "unknown field `colour`, expected one of `format`"),
        ] {
            let message = parse(query).expect_err(query);
            assert!(message.contains(want), "{query}: {message}");
        }
    }

    #[test]
    fn a_cursor_holds_its_order_and_place() {
        let row = crate::store::tests::row(5, 1, "completed", 1_795_390_200_000);
        let cursor = encode_cursor(Order::NewestFirst, &row);
        let f = parse(&format!("order=newest&limit=2&cursor={cursor}")).unwrap();
        assert_eq!(f.after, Some(Position::of(&row)));
        assert_eq!((f.order, f.limit), (Order::NewestFirst, Some(2)));
        let message = parse(&format!("cursor={cursor}")).unwrap_err();
        assert_eq!(message, "cursor: it continues a listing with order=newest; ask with the same order");
        assert!(cursor.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{cursor}");
    }

    #[test]
    fn filters_combine() {
        let f = parse(
            "survey=cart-exit&stage=cart&device=mobile&answer.nps=0-6&answer.reason=price&q=%20Slow%20",
        )
        .unwrap();
        assert_eq!((f.stage, f.device), (Some(Stage::Cart), Some(Device::Mobile)));
        assert_eq!(f.answers.len(), 2);
        assert!(f.text.is_some());
        assert_eq!(parse("q=%20%20").unwrap().text, None, "a blank search is no search");
    }
}
