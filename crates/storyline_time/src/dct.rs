//! Inference of the creation date of undated articles.

use chrono::{Datelike, Days, NaiveDate};

use crate::norm::Tense;
use crate::scan::Sem;
use crate::{extract_full, Options};

/// Optional outside knowledge for [`infer_dct`].
#[derive(Clone, Debug, Default)]
pub struct DctHints {
    /// Range of creation dates of other articles in the same corpus
    /// (inclusive). Candidate dates are restricted to it when given.
    pub corpus_range: Option<(NaiveDate, NaiveDate)>,
}

/// An inferred document creation date.
#[derive(Clone, Debug, PartialEq)]
pub struct InferredDate {
    /// The inferred date (day precision; when only the year is supported the
    /// day is a best guess and `confidence` is low).
    pub date: NaiveDate,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Human-readable explanation of the evidence used.
    pub reason: String,
}

struct MonthDay {
    m: u32,
    d: u32,
    wd: Option<u32>,
    start: usize,
    dateline: bool,
}

fn anniversary_years(text: &str) -> Option<i64> {
    let low = text.to_ascii_lowercase();
    let p = low.find("anniversary")?;
    let before: Vec<&str> = low[..p]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .collect();
    // "one-year anniversary", "first anniversary", "10th anniversary"
    for w in &before {
        let n = match *w {
            "first" | "one" => 1,
            "second" | "two" => 2,
            "third" | "three" => 3,
            "fourth" | "four" => 4,
            "fifth" | "five" => 5,
            "tenth" | "ten" => 10,
            "year" => continue,
            x => {
                let digits: String = x.chars().take_while(char::is_ascii_digit).collect();
                match digits.parse::<i64>() {
                    Ok(n) if (1..=200).contains(&n) => n,
                    _ => return None,
                }
            }
        };
        return Some(n);
    }
    None
}

/// Infer the creation date of an undated article from its text.
///
/// Evidence: weekday + month-day pairs ("on Thursday, Feb. 24" fits only some
/// years), explicit years (the latest year mentioned is a lower bound),
/// "the one-year anniversary of …", a month-day dateline ("March 21 (UPI) --"),
/// explicit full dates, and optionally the corpus date range.
pub fn infer_dct(text: &str, hints: &DctHints) -> Option<InferredDate> {
    let rich = extract_full(
        text,
        None,
        &Options {
            anchor_to_reference: false,
            default_past: true,
        },
    );
    let mut years: Vec<i32> = Vec::new();
    let mut full: Vec<NaiveDate> = Vec::new();
    let mut mds: Vec<MonthDay> = Vec::new();
    for r in &rich {
        match &r.sem {
            Sem::Year(y) if r.tense != Tense::Future => years.push(*y),
            Sem::Cal {
                y: Some(y), m, d, ..
            } => {
                if r.tense != Tense::Future {
                    years.push(*y);
                }
                if let Some(d) = d {
                    if let Some(nd) = NaiveDate::from_ymd_opt(*y, *m, *d) {
                        if r.tense != Tense::Future {
                            full.push(nd);
                        }
                    }
                }
            }
            Sem::Cal {
                y: None,
                m,
                d: Some(d),
                wd,
                ..
            } if *d > 0 => {
                let after = text[r.timex.end..].trim_start();
                let dateline = r.timex.start < 200
                    && (after.starts_with('(')
                        || after.starts_with("--")
                        || after.starts_with('—')
                        || after.starts_with('–')
                        || after.starts_with(" -"));
                mds.push(MonthDay {
                    m: *m,
                    d: *d,
                    wd: *wd,
                    start: r.timex.start,
                    dateline,
                });
            }
            _ => {}
        }
    }
    let range = hints.corpus_range;
    if let Some((_, b)) = range {
        // years after the corpus' last article are predictions, not evidence
        years.retain(|&y| y <= b.year());
        full.retain(|&d| d <= b);
    }
    if years.is_empty() && full.is_empty() && mds.is_empty() {
        return None;
    }
    let max_year = years.iter().copied().max();
    let anniv = anniversary_years(text).and_then(|n| max_year.map(|y| y as i64 + n));
    // candidate years
    let (lo, hi) = match range {
        Some((a, b)) => (a.year(), b.year()),
        None => {
            let now = chrono::Utc::now().date_naive().year();
            match (max_year, anniv) {
                (_, Some(a)) => (a as i32 - 1, a as i32 + 1),
                (Some(y), None) => (y, y + 2),
                (None, None) if !mds.is_empty() => (now - 20, now),
                _ => return None,
            }
        }
    };
    if lo > hi || hi - lo > 400 {
        return None;
    }
    let mut reasons: Vec<String> = Vec::new();
    let mut best: Option<(f32, i32)> = None;
    let mut second = f32::MIN;
    for y in lo..=hi {
        let mut s = 0.0f32;
        if let Some(my) = max_year {
            if y < my {
                s -= 10.0;
            }
            s -= 0.3 * (y - my).max(0) as f32;
        }
        for md in &mds {
            if let Some(w) = md.wd {
                match NaiveDate::from_ymd_opt(y, md.m, md.d) {
                    Some(nd) if nd.weekday().number_from_monday() == w => s += 4.0,
                    _ => s -= 4.0,
                }
            }
        }
        if let Some((a, b)) = range {
            // the date we would return for year y (the latest month-day
            // mentioned) must fall inside the corpus range
            let latest = mds
                .iter()
                .filter_map(|md| NaiveDate::from_ymd_opt(y, md.m, md.d))
                .max();
            if let Some(l) = latest {
                let lo = a.checked_sub_days(Days::new(14)).unwrap_or(a);
                let hi = b.checked_add_days(Days::new(14)).unwrap_or(b);
                if l < lo || l > hi {
                    s -= 3.0;
                }
            }
        }
        if let Some(a) = anniv {
            if y as i64 == a {
                s += 5.0;
            } else {
                s -= 2.0;
            }
        }
        if let Some(&f) = full.iter().max() {
            if y < f.year() {
                s -= 10.0;
            }
        }
        match best {
            Some((bs, _)) if s <= bs => second = second.max(s),
            _ => {
                if let Some((bs, _)) = best {
                    second = second.max(bs);
                }
                best = Some((s, y));
            }
        }
    }
    let (score, year) = best?;
    let margin = if second == f32::MIN {
        5.0
    } else {
        score - second
    };
    let mut conf: f32 = 0.25 + (margin / 10.0).clamp(0.0, 0.4);
    if mds.iter().any(|m| m.wd.is_some()) {
        reasons.push("weekday+date pair fits the year".into());
    }
    if anniv.is_some() {
        reasons.push("anniversary of a dated event".into());
    }
    if let Some(my) = max_year {
        reasons.push(format!("latest year mentioned {my}"));
    }
    if range.is_some() {
        reasons.push("corpus range".into());
    }
    // day
    let dateline = mds.iter().filter(|m| m.dateline).min_by_key(|m| m.start);
    let date = if let Some(dl) = dateline.and_then(|m| NaiveDate::from_ymd_opt(year, m.m, m.d)) {
        reasons.push("dateline month-day".into());
        conf += 0.3;
        dl
    } else {
        let mut days: Vec<NaiveDate> = mds
            .iter()
            .filter_map(|m| NaiveDate::from_ymd_opt(year, m.m, m.d))
            .collect();
        days.extend(full.iter().filter(|d| d.year() == year));
        match days.iter().max() {
            Some(&d) => {
                reasons.push("latest date mentioned".into());
                conf += 0.15;
                d
            }
            None => {
                reasons.push("year only".into());
                conf *= 0.5;
                let mid = NaiveDate::from_ymd_opt(year, 7, 1)?;
                match range {
                    Some((a, b)) => mid.clamp(a, b),
                    None => mid,
                }
            }
        }
    };
    if let Some((a, b)) = range {
        if date < a || date > b {
            conf *= 0.5;
            reasons.push("outside corpus range".into());
        }
    }
    Some(InferredDate {
        date,
        confidence: conf.clamp(0.0, 0.95),
        reason: reasons.join("; "),
    })
}
