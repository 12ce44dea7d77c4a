//! Timestamps on the wire: RFC 3339 in UTC, to the millisecond.
//!
//! Everything inside exitpoll counts milliseconds since the Unix epoch as an
//! `i64`; only the JSON carries text. The conversion is written out here (Howard
//! Hinnant's days-from-civil algorithm) because a date crate would add weight to
//! the widget for two small functions.
use crate::prelude::*;

/// Earliest timestamp accepted: 2000-01-01T00:00:00Z.
pub const MIN_MS: i64 = 946_684_800_000;
/// Latest timestamp accepted: 2100-01-01T00:00:00Z.
pub const MAX_MS: i64 = 4_102_444_800_000;

const MS_PER_DAY: i64 = 86_400_000;

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Formats milliseconds since the epoch as `2026-11-22T10:00:09.000Z`.
pub fn format_timestamp(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let rem = ms.rem_euclid(MS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    let mut out = String::with_capacity(24);
    let mut pad = |n: i64, width: usize, sep: &str| {
        let s = {
            let mut s = String::new();
            crate::json::push_i64(&mut s, n);
            s
        };
        for _ in s.len()..width {
            out.push('0');
        }
        out.push_str(&s);
        out.push_str(sep);
    };
    pad(y, 4, "-");
    pad(m, 2, "-");
    pad(d, 2, "T");
    pad(rem / 3_600_000, 2, ":");
    pad(rem / 60_000 % 60, 2, ":");
    pad(rem / 1000 % 60, 2, ".");
    pad(rem % 1000, 3, "Z");
    out
}

/// The UTC calendar day of a timestamp, as `2026-11-22`.
pub fn format_day(ms: i64) -> String {
    let mut s = format_timestamp(ms);
    s.truncate(10);
    s
}

/// Parses an RFC 3339 timestamp (`Z` or a `±hh:mm` offset, optional fraction)
/// into milliseconds since the epoch. Returns `None` for anything else.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().try_fold(0i64, |acc, c| c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0')))
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 3 {
                millis = millis * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        let digits = i - start;
        if digits == 0 {
            return None;
        }
        for _ in digits..3 {
            millis *= 10;
        }
    }
    let offset_minutes = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (oh, om) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let m = oh * 60 + om;
            if *sign == b'-' { -m } else { m }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    let ms = days * MS_PER_DAY + ((h * 60 + mi - offset_minutes) * 60 + sec.min(59)) * 1000 + millis;
    Some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_known_instants() {
        for (text, ms) in [
            ("1970-01-01T00:00:00.000Z", 0),
            ("2000-01-01T00:00:00.000Z", MIN_MS),
            ("2026-11-22T10:00:09.000Z", 1_795_341_609_000),
            ("2024-02-29T23:59:59.999Z", 1_709_251_199_999),
            ("2100-01-01T00:00:00.000Z", MAX_MS),
        ] {
            assert_eq!(parse_timestamp(text), Some(ms), "{text}");
            assert_eq!(format_timestamp(ms), text);
        }
    }

    #[test]
    fn accepts_offsets_and_short_fractions() {
        assert_eq!(parse_timestamp("2026-11-22T11:00:09+01:00"), parse_timestamp("2026-11-22T10:00:09Z"));
        assert_eq!(parse_timestamp("2026-11-22T10:00:09.5Z"), Some(1_795_341_609_500));
        assert_eq!(parse_timestamp("2026-11-22T10:00:09.123456Z"), Some(1_795_341_609_123));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "2026-11-22",
            "2026-11-22T10:00:09",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T10:00:09.Z",
            "2026-11-22T10:00:09+1:00",
            "2026-11-22T10:00:09Zjunk",
            "２026-11-22T10:00:09Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_day_round_trips() {
        let mut ms = MIN_MS;
        while ms < MAX_MS {
            assert_eq!(parse_timestamp(&format_timestamp(ms)), Some(ms));
            ms += MS_PER_DAY + 3_723_004;
        }
    }
}
