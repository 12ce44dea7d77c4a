//! Rollups: the summary's counts, kept per time bucket so that a summary
//! reads a few thousand rows whatever the number of responses.
//!
//! A stored response contributes a handful of *facts*: integer counters
//! under a key, such as `st:cart` (shown on the cart stage, and answered) or
//! `n:nps:9` (answered 9 to the question `nps`). They depend on the response
//! alone, never on the site's config, so a config change never makes stored
//! rollups wrong; the summary reads them through the config
//! ([`super::summary::Aggregator`]). Every backend keeps one row per (site,
//! width, bucket, survey, status, key) with the sums of its facts, at three
//! widths of the response's `shown_at`:
//! - [`DAY`] and [`HOUR`] hold every fact;
//! - [`QUARTER`] (15 minutes) holds the day trend's facts only, for days in
//!   a merchant's time zone (every zone's offset is a multiple of 15 minutes).
//!
//! The rows change in the transaction that stores a response: a new
//! response adds its facts, a higher revision takes the old one's away and
//! adds its own, and erasure and retention take a deleted response's away.
//! All counters are integers (money in cents), so adding and taking away
//! leave exactly what a recount from scratch finds; the conformance suite
//! checks that on every backend.

use super::{Millis, Row};
use exitpoll_protocol::json::Value;
use std::collections::{BTreeMap, HashMap};

pub const QUARTER: Millis = 15 * 60_000;
pub const HOUR: Millis = 3_600_000;
pub const DAY: Millis = 86_400_000;

/// The widths that hold every fact, widest first.
pub const TOTAL_WIDTHS: [Millis; 2] = [DAY, HOUR];

/// One fact's counters. Their meaning depends on the key (see [`facts`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Counts {
    pub n: i64,
    pub a: i64,
    pub b: i64,
}

impl Counts {
    pub const ONE: Counts = Counts { n: 1, a: 0, b: 0 };

    pub fn is_zero(self) -> bool {
        self == Counts::default()
    }

    pub fn add(&mut self, other: Counts, sign: i64) {
        self.n += sign * other.n;
        self.a += sign * other.a;
        self.b += sign * other.b;
    }
}

/// The largest amount of money one response counts with, in either
/// direction: enough for any order, and small enough that sums of billions
/// of responses still fit in 64 bits.
const MAX_MONEY: f64 = 1e9;

/// Money as whole cents, as the summary shows it.
fn cents(v: f64) -> i64 {
    (v.clamp(-MAX_MONEY, MAX_MONEY) * 100.0).round() as i64
}

/// The facts of one response, given its stored columns; the status is kept
/// beside them, not in them. Keys (question and choice ids have no `:`):
///
/// | key | `n` | `a` | `b` |
/// |---|---|---|---|
/// | `` (empty) | shown | answered (any answer) | |
/// | `st:{stage}`, `dv:{device}` (`unknown` when absent) | shown | answered | |
/// | `n:{q}:{x}` | answered the number `x` | | |
/// | `s:{q}:{id}` | answered the string `id` (an id: a choice, `clicked`) | | |
/// | `t:{q}` | answered another string (free text) | | |
/// | `q:{q}` | answered with a list (multiple choice) | | |
/// | `a:{q}:{id}` | the list held `id` | | |
/// | `o:{q}:{text}` | answered "Other" with `text` (trimmed; `other` without one) | | |
/// | `ro:{currency}:{q}:{v}` | gave answer `v` and had an `order_value` | its sum, cents | had a value |
/// | `rc:{currency}:{q}:{v}` | gave answer `v` and had a `cart_value` | its sum, cents | had a value but no order value |
///
/// In `ro` and `rc`, `v` is the answer as the revenue table lists it (a
/// number, a choice id, or `other`) and `currency` is empty when the context
/// names none.
pub fn facts(
    answers: &str,
    context: &str,
    stage: Option<&str>,
    device: Option<&str>,
) -> Vec<(String, Counts)> {
    let answers = serde_json::from_str::<Value>(answers).ok();
    let answers = answers.as_ref().and_then(Value::as_object);
    let answered = i64::from(answers.is_some_and(|a| !a.is_empty()));
    let shown = Counts { n: 1, a: answered, b: 0 };
    let mut out = vec![
        (String::new(), shown),
        (["st:", stage.unwrap_or("unknown")].concat(), shown),
        (["dv:", device.unwrap_or("unknown")].concat(), shown),
    ];
    let Some(answers) = answers else { return out };
    let money = Money::of(context);
    let revenue = |out: &mut Vec<(String, Counts)>, q: &str, v: &str| {
        let cur = money.currency.as_deref().unwrap_or("");
        if let Some(order) = money.order {
            out.push((format!("ro:{cur}:{q}:{v}"), Counts { n: 1, a: cents(order), b: 1 }));
        }
        if let Some(cart) = money.cart {
            let b = i64::from(money.order.is_none());
            out.push((format!("rc:{cur}:{q}:{v}"), Counts { n: 1, a: cents(cart), b }));
        }
    };
    for (q, v) in answers.iter() {
        match v {
            Value::Number(x) => {
                let x = x.as_i64().unwrap_or(0).to_string();
                out.push((format!("n:{q}:{x}"), Counts::ONE));
                revenue(&mut out, q, &x);
            }
            Value::String(s) if exitpoll_protocol::is_valid_id(s) => {
                out.push((format!("s:{q}:{s}"), Counts::ONE));
                revenue(&mut out, q, s);
            }
            Value::String(_) => out.push((format!("t:{q}"), Counts::ONE)),
            Value::Array(items) => {
                out.push((format!("q:{q}"), Counts::ONE));
                for id in items.iter().filter_map(Value::as_str) {
                    out.push((format!("a:{q}:{id}"), Counts::ONE));
                    revenue(&mut out, q, id);
                }
            }
            Value::Object(m) => {
                let text = m.get("other").and_then(Value::as_str).map_or("other", str::trim);
                out.push((format!("o:{q}:{text}"), Counts::ONE));
                revenue(&mut out, q, "other");
            }
            _ => {}
        }
    }
    out
}

/// The facts of a stored row.
pub fn row_facts(row: &Row) -> Vec<(String, Counts)> {
    facts(&row.answers, &row.context, row.stage.as_deref(), row.device.as_deref())
}

/// Whether the day trend needs this fact: the funnel, and numbers (NPS).
pub fn is_trend_key(key: &str) -> bool {
    key.is_empty() || key.starts_with("n:")
}

/// The money in one response's context: finite numbers and a currency string.
#[derive(Debug, Default)]
struct Money {
    order: Option<f64>,
    cart: Option<f64>,
    currency: Option<String>,
}

impl Money {
    fn of(context: &str) -> Money {
        #[derive(serde::Deserialize, Default)]
        struct Raw {
            #[serde(default)]
            order_value: Option<serde_json::Value>,
            #[serde(default)]
            cart_value: Option<serde_json::Value>,
            #[serde(default)]
            currency: Option<serde_json::Value>,
        }
        let raw: Raw = serde_json::from_str(context).unwrap_or_default();
        let number = |v: Option<serde_json::Value>| {
            v.as_ref().and_then(serde_json::Value::as_f64).filter(|v| v.is_finite())
        };
        Money {
            order: number(raw.order_value),
            cart: number(raw.cart_value),
            currency: raw.currency.and_then(|c| c.as_str().filter(|c| !c.contains(':')).map(str::to_owned)),
        }
    }
}

/// The start of the bucket of `width` that holds `at`.
pub fn bucket(at: Millis, width: Millis) -> Millis {
    at.div_euclid(width) * width
}

/// One rollup row's place: its key within a site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub site: String,
    pub width: Millis,
    pub bucket: Millis,
    pub survey_id: String,
    pub status: String,
    pub key: String,
}

/// The changes one transaction makes to rollup rows, merged: responses of
/// the same hour share their rows, so a commit of many responses touches
/// only a few. Grouped by (site, survey, status, width, bucket) while
/// counting, so that a fact of a row already changed allocates nothing
/// (with one `Place` per fact and width, allocations and the allocator
/// returning their pages took a third of the SQLite writer's time).
#[derive(Debug, Default)]
pub struct Delta {
    groups: Vec<Group>,
    /// The groups of each (width, bucket), so finding a group does not walk
    /// them all: a fold or a fill of responses over a year has tens of
    /// thousands, and the walk made it quadratic.
    by_bucket: HashMap<(Millis, Millis), Vec<usize>>,
}

#[derive(Debug)]
struct Group {
    site: String,
    survey_id: String,
    status: String,
    width: Millis,
    bucket: Millis,
    keys: BTreeMap<String, Counts>,
}

impl Delta {
    /// Adds (`sign` 1) or takes away (`sign` -1) a stored response's facts.
    #[allow(clippy::too_many_arguments)]
    pub fn apply_response(
        &mut self,
        site: &str,
        survey_id: &str,
        status: &str,
        shown_at: Millis,
        answers: &str,
        context: &str,
        stage: Option<&str>,
        device: Option<&str>,
        sign: i64,
    ) {
        let facts = facts(answers, context, stage, device);
        for width in [DAY, HOUR, QUARTER] {
            let at = self.group(site, survey_id, status, width, bucket(shown_at, width));
            let keys = &mut self.groups[at].keys;
            for (key, counts) in &facts {
                if width == QUARTER && !is_trend_key(key) {
                    continue;
                }
                match keys.get_mut(key.as_str()) {
                    Some(c) => c.add(*counts, sign),
                    None => {
                        let mut c = Counts::default();
                        c.add(*counts, sign);
                        keys.insert(key.clone(), c);
                    }
                }
            }
        }
    }

    fn group(&mut self, site: &str, survey_id: &str, status: &str, width: Millis, bucket: Millis) -> usize {
        let groups = &self.groups;
        let candidates = self.by_bucket.entry((width, bucket)).or_default();
        let found = candidates.iter().copied().find(|&i| {
            let g = &groups[i];
            g.status == status && g.survey_id == survey_id && g.site == site
        });
        found.unwrap_or_else(|| {
            candidates.push(self.groups.len());
            self.groups.push(Group {
                site: site.to_owned(),
                survey_id: survey_id.to_owned(),
                status: status.to_owned(),
                width,
                bucket,
                keys: BTreeMap::new(),
            });
            self.groups.len() - 1
        })
    }

    pub fn add_row(&mut self, site: &str, row: &Row, sign: i64) {
        self.apply_response(
            site,
            &row.survey_id,
            &row.status,
            row.shown_at,
            &row.answers,
            &row.context,
            row.stage.as_deref(),
            row.device.as_deref(),
            sign,
        );
    }

    /// Adds counts to one rollup row: (site, width, bucket, survey, status, key).
    pub fn add_counts(&mut self, place: (&str, Millis, Millis, &str, &str, &str), counts: Counts) {
        let (site, width, bucket, survey_id, status, key) = place;
        let at = self.group(site, survey_id, status, width, bucket);
        match self.groups[at].keys.get_mut(key) {
            Some(c) => c.add(counts, 1),
            None => {
                self.groups[at].keys.insert(key.to_owned(), counts);
            }
        }
    }

    /// Adds another delta's changes.
    pub fn merge(&mut self, other: Delta) {
        for g in other.groups {
            let at = self.group(&g.site, &g.survey_id, &g.status, g.width, g.bucket);
            let keys = &mut self.groups[at].keys;
            for (key, counts) in g.keys {
                keys.entry(key).or_default().add(counts, 1);
            }
        }
    }

    /// The changes that change something, in [`Place`] order (the order
    /// writers lock rows in).
    pub fn nonzero(&self) -> Vec<(Place, Counts)> {
        let mut out: Vec<(Place, Counts)> = self
            .groups
            .iter()
            .flat_map(|g| {
                g.keys.iter().filter(|(_, c)| !c.is_zero()).map(|(key, c)| {
                    let place = Place {
                        site: g.site.clone(),
                        width: g.width,
                        bucket: g.bucket,
                        survey_id: g.survey_id.clone(),
                        status: g.status.clone(),
                        key: key.clone(),
                    };
                    (place, *c)
                })
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|g| g.keys.values().all(|c| c.is_zero()))
    }
}

/// A part of a time range: whole buckets of `width` from `from` to `to`
/// (`to` excluded), or, with `width` 0, the responses themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub width: Millis,
    pub from: Millis,
    pub to: Millis,
}

/// Covers `[from, to)` with as few rows as possible: whole buckets of the
/// widest width that fits, then narrower ones at the edges, and what no
/// bucket covers as raw responses (width 0).
pub fn cover(from: Millis, to: Millis, widths: &[Millis]) -> Vec<Segment> {
    let mut out = Vec::new();
    cover_into(from, to, widths, &mut out);
    out
}

fn cover_into(from: Millis, to: Millis, widths: &[Millis], out: &mut Vec<Segment>) {
    if from >= to {
        return;
    }
    let Some((&w, narrower)) = widths.split_first() else {
        out.push(Segment { width: 0, from, to });
        return;
    };
    let (a, b) = (bucket(from + w - 1, w), bucket(to, w));
    if a < b {
        cover_into(from, a, narrower, out);
        out.push(Segment { width: w, from: a, to: b });
        cover_into(b, to, narrower, out);
    } else {
        cover_into(from, to, narrower, out);
    }
}

/// What to read of a site's rollup rows: one width, a bucket range (or only
/// the listed buckets in it), and optionally one survey and status; summed
/// per (survey, status, key), and per day too when `days_offset` is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupQuery {
    pub survey: Option<String>,
    pub status: Option<String>,
    pub segment: Segment,
    /// Sums per day in the zone this many milliseconds east of UTC (the day
    /// trend) rather than over the whole segment; only trend facts.
    pub days_offset: Option<Millis>,
    /// Only these buckets of the segment (bucket starts), each found through
    /// the index: a few hours of every day of a year, say.
    pub buckets: Option<Vec<Millis>>,
}

/// One sum that a [`RollupQuery`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupSum {
    pub survey_id: String,
    /// The day's start in the zone, as milliseconds with the offset added
    /// (so that `format_day` names it), for a per-day query.
    pub day: Option<Millis>,
    pub status: String,
    pub key: String,
    pub counts: Counts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_of_a_response_count_each_answer_and_its_money() {
        let got = facts(
            r#"{"reason": "price", "nps": 3, "topics": ["a", "b"], "why": {"other": " stock "}, "note": "Too dear!"}"#,
            r#"{"order_value": 10.005, "cart_value": 12, "currency": "EUR"}"#,
            Some("cart"),
            None,
        );
        let keys: Vec<(&str, Counts)> = got.iter().map(|(k, c)| (k.as_str(), *c)).collect();
        let c = |n, a, b| Counts { n, a, b };
        assert_eq!(
            keys,
            [
                ("", c(1, 1, 0)),
                ("st:cart", c(1, 1, 0)),
                ("dv:unknown", c(1, 1, 0)),
                ("s:reason:price", c(1, 0, 0)),
                ("ro:EUR:reason:price", c(1, 1001, 1)),
                ("rc:EUR:reason:price", c(1, 1200, 0)),
                ("n:nps:3", c(1, 0, 0)),
                ("ro:EUR:nps:3", c(1, 1001, 1)),
                ("rc:EUR:nps:3", c(1, 1200, 0)),
                ("q:topics", c(1, 0, 0)),
                ("a:topics:a", c(1, 0, 0)),
                ("ro:EUR:topics:a", c(1, 1001, 1)),
                ("rc:EUR:topics:a", c(1, 1200, 0)),
                ("a:topics:b", c(1, 0, 0)),
                ("ro:EUR:topics:b", c(1, 1001, 1)),
                ("rc:EUR:topics:b", c(1, 1200, 0)),
                ("o:why:stock", c(1, 0, 0)),
                ("ro:EUR:why:other", c(1, 1001, 1)),
                ("rc:EUR:why:other", c(1, 1200, 0)),
                ("t:note", c(1, 0, 0)),
            ]
        );
        let none = facts("{}", r#"{"cart_value": "12"}"#, None, Some("mobile"));
        assert_eq!(none.len(), 3);
        assert_eq!(none[0].1, c(1, 0, 0), "shown, not answered");
    }

    #[test]
    fn a_range_is_covered_by_whole_days_then_hours_then_responses() {
        let t = |d: i64, h: i64, m: i64| 1_795_000_000_000 / DAY * DAY + d * DAY + h * HOUR + m * 60_000;
        let seg = |width, from, to| Segment { width, from, to };
        assert_eq!(
            cover(t(0, 22, 30), t(3, 1, 10), &TOTAL_WIDTHS),
            [
                seg(0, t(0, 22, 30), t(0, 23, 0)),
                seg(HOUR, t(0, 23, 0), t(1, 0, 0)),
                seg(DAY, t(1, 0, 0), t(3, 0, 0)),
                seg(HOUR, t(3, 0, 0), t(3, 1, 0)),
                seg(0, t(3, 1, 0), t(3, 1, 10)),
            ]
        );
        assert_eq!(cover(t(0, 1, 5), t(0, 1, 50), &TOTAL_WIDTHS), [seg(0, t(0, 1, 5), t(0, 1, 50))]);
        assert_eq!(cover(t(0, 0, 0), t(1, 0, 0), &TOTAL_WIDTHS), [seg(DAY, t(0, 0, 0), t(1, 0, 0))]);
        assert_eq!(cover(t(0, 5, 0), t(0, 5, 0), &TOTAL_WIDTHS), []);
        assert_eq!(cover(t(0, 5, 30), t(0, 7, 0), &[QUARTER]), [seg(QUARTER, t(0, 5, 30), t(0, 7, 0))]);
    }

    #[test]
    fn a_revision_moves_its_counts_and_equal_facts_cancel() {
        let mut d = Delta::default();
        d.apply_response("s", "x", "partial", 0, r#"{"nps": 9}"#, "{}", None, None, 1);
        d.apply_response("s", "x", "partial", 0, r#"{"nps": 9}"#, "{}", None, None, -1);
        assert!(d.is_empty());
        d.apply_response("s", "x", "completed", 0, r#"{"nps": 9}"#, "{}", None, None, 1);
        // 4 facts at 2 widths, and 2 trend facts at the quarter width.
        assert_eq!(d.nonzero().len(), 4 * 2 + 2);
    }
}
