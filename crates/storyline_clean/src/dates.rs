//! Small, strict parsers for the date shapes that cleaning meets in headers,
//! date stamps and datelines. The full temporal tagger lives in `storyline_time`;
//! this module only recognises lines that *are* a date.

use chrono::NaiveDate;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month number (1-12) of an English month name or abbreviation ("Feb", "Feb.", "Sept").
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = word.trim_end_matches(['.', ',']).to_ascii_lowercase();
    w.len() >= 3
        && DAYS
            .iter()
            .any(|d| *d == w || (w.len() <= 4 && d.starts_with(&w)))
}

fn is_time(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.']);
    let mut parts = w.split(':');
    match (parts.next(), parts.next()) {
        (Some(h), Some(m)) => {
            !h.is_empty()
                && h.len() <= 2
                && h.bytes().all(|b| b.is_ascii_digit())
                && m.len() >= 2
                && m.bytes().take(2).all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

fn is_filler(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| c == ',' || c == ':' || c == '|' || c == '(' || c == ')')
        .to_ascii_lowercase();
    matches!(
        w.as_str(),
        "" | "-"
            | "–"
            | "—"
            | "|"
            | "updated"
            | "published"
            | "posted"
            | "last"
            | "on"
            | "at"
            | "am"
            | "pm"
            | "a.m."
            | "p.m."
            | "a.m"
            | "p.m"
            | "et"
            | "est"
            | "edt"
            | "gmt"
            | "utc"
            | "bst"
            | "cet"
            | "cest"
            | "pt"
            | "pst"
            | "pdt"
            | "ist"
            | "jst"
            | "msk"
    ) || (w.starts_with('+') && w.len() <= 6 && w[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// Parses `YYYY-MM-DD` (also with a `T...` time suffix).
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

fn parse_numeric(word: &str) -> Option<NaiveDate> {
    let w = word.trim_end_matches([',', '.']);
    if let Some(d) = parse_iso_date(w) {
        return Some(d);
    }
    let parts: Vec<&str> = w.split(['/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if parts[2].len() != 4 {
        return None;
    }
    let year = nums[2] as i32;
    // US order (month/day) first, as in "02/25/2022"; fall back to day/month when
    // the first number cannot be a month.
    NaiveDate::from_ymd_opt(year, nums[0], nums[1])
        .or_else(|| NaiveDate::from_ymd_opt(year, nums[1], nums[0]))
}

/// If the whole line is a date stamp ("Fri, 02/25/2022 - 09:06",
/// "Updated: February 25, 2022 9:06 AM ET", "25 Feb 2022"), returns the date.
pub fn parse_date_line(line: &str) -> Option<NaiveDate> {
    let line = line.trim();
    if line.is_empty() || line.len() > 80 {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut rest: Vec<&str> = Vec::new();
    for w in &words {
        if is_filler(w) || is_weekday(w) || is_time(w) {
            continue;
        }
        rest.push(w.trim_end_matches(','));
    }
    match rest.as_slice() {
        [one] => parse_numeric(one),
        [a, b, c] => {
            let num = |s: &str| -> Option<u32> {
                let s = s.trim_end_matches([',', '.']);
                let s = s
                    .strip_suffix("st")
                    .or_else(|| s.strip_suffix("nd"))
                    .or_else(|| s.strip_suffix("rd"))
                    .or_else(|| s.strip_suffix("th"))
                    .unwrap_or(s);
                if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                s.parse().ok()
            };
            // "February 25, 2022" or "25 February 2022".
            if let (Some(m), Some(d), Some(y)) = (month_number(a), num(b), num(c)) {
                return NaiveDate::from_ymd_opt(y as i32, m, d).filter(|_| y >= 1000);
            }
            if let (Some(d), Some(m), Some(y)) = (num(a), month_number(b), num(c)) {
                return NaiveDate::from_ymd_opt(y as i32, m, d).filter(|_| y >= 1000);
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expect: Option<&str>) {
        let got = parse_date_line(line).map(|d| d.to_string());
        assert_eq!(got.as_deref(), expect, "{line}");
    }

    #[test]
    fn date_lines() {
        check("Fri, 02/25/2022 – 09:06", Some("2022-02-25"));
        check("Fri, 02/25/2022 - 09:06", Some("2022-02-25"));
        check("Updated: February 25, 2022 9:06 AM ET", Some("2022-02-25"));
        check("25 Feb 2022", Some("2022-02-25"));
        check("2023-04-26", Some("2023-04-26"));
        check("Published 2023-04-26T10:00:00Z", Some("2023-04-26"));
        check("March 21 (UPI) — Chinese President", None);
        check("Tyler Durden", None);
        check("The meeting was on February 25, 2022", None);
        check("02/30/2022", None);
        check("", None);
    }

    #[test]
    fn months() {
        assert_eq!(month_number("Feb."), Some(2));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("September"), Some(9));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mayor"), None);
    }
}
