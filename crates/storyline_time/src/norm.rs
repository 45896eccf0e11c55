//! Normalisation: turn a recognised [`Sem`] into a TIMEX3 value, anchored to
//! the document creation time (DCT) or to the last mentioned date.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::scan::{Anchor, Sem, Unit};

/// Grammatical tense of the clause around an expression.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tense {
    Past,
    Present,
    Future,
    Unknown,
}

/// Anchoring context carried through a document.
#[derive(Clone, Debug)]
pub(crate) struct Ctx {
    pub dct: Option<NaiveDate>,
    /// Last mentioned day-precision date.
    pub reference: Option<NaiveDate>,
    /// Last mentioned year.
    pub ref_year: Option<i32>,
    /// Whether "the following day" etc. use the last mentioned date.
    pub use_reference: bool,
}

/// Result of normalisation.
pub(crate) struct Norm {
    pub value: String,
    pub anchored: bool,
    /// Day this expression denotes (for reference tracking).
    pub day: Option<NaiveDate>,
    pub year: Option<i32>,
}

fn lit(v: impl Into<String>) -> Norm {
    Norm {
        value: v.into(),
        anchored: false,
        day: None,
        year: None,
    }
}

pub(crate) fn fmt_day(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub(crate) fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn ok_year(y: i32) -> bool {
    (1..=9999).contains(&y)
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let n32 = u32::try_from(n.unsigned_abs()).ok()?;
    if n >= 0 {
        d.checked_add_months(Months::new(n32))
    } else {
        d.checked_sub_months(Months::new(n32))
    }
}

fn day_norm(d: NaiveDate) -> Norm {
    Norm {
        value: fmt_day(d),
        anchored: true,
        day: Some(d),
        year: Some(d.year()),
    }
}

/// Fourth Thursday of November.
pub(crate) fn thanksgiving(y: i32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(y, 11, 1)?;
    let wd = first.weekday().number_from_monday() as i64; // 1..7
    let to_thu = (4 - wd).rem_euclid(7);
    add_days(first, to_thu + 21)
}

/// Resolve a weekday relative to an anchor.
pub(crate) fn resolve_weekday(
    anchor: NaiveDate,
    wd: u32,
    rel: i32,
    tense: Tense,
) -> Option<NaiveDate> {
    let cur = anchor.weekday().number_from_monday() as i64;
    let wd = wd as i64;
    let back = (cur - wd).rem_euclid(7); // days back to previous (0 = same)
    let fwd = (wd - cur).rem_euclid(7);
    match rel {
        -1 | -10 => add_days(anchor, -(if back == 0 { 7 } else { back })),
        1 | 10 => add_days(anchor, if fwd == 0 { 7 } else { fwd }),
        2 => add_days(anchor, wd - cur),
        _ => {
            if back == 0 {
                Some(anchor)
            } else if tense == Tense::Future {
                add_days(anchor, fwd)
            } else {
                add_days(anchor, -back)
            }
        }
    }
}

/// Choose the year for a month(-day) without year given the DCT and tense.
/// `rel`: 0 bare, -1 last, 1 next, 2 this.
pub(crate) fn choose_year(dct: NaiveDate, m: u32, d: Option<u32>, rel: i32, tense: Tense) -> i32 {
    let y = dct.year();
    let key = |mm: u32, dd: u32| mm * 32 + dd;
    let cur = key(dct.month(), if d.is_some() { dct.day() } else { 0 });
    let k = key(m, d.unwrap_or(0));
    if rel >= 90 {
        return y + (rel - 100);
    }
    match rel {
        -1 => {
            if k < cur {
                y
            } else {
                y - 1
            }
        }
        1 => {
            if k > cur {
                y
            } else {
                y + 1
            }
        }
        2 => y,
        _ => {
            if k == cur {
                return y;
            }
            // distance in "month units" for each candidate
            let months_between = |cy: i32| -> i64 {
                (cy as i64 * 12 + m as i64) - (y as i64 * 12 + dct.month() as i64)
            };
            match tense {
                Tense::Future => {
                    if k > cur || months_between(y) >= -1 {
                        y
                    } else {
                        y + 1
                    }
                }
                Tense::Past | Tense::Present => {
                    // a date up to two months ahead in a past-tense sentence
                    // is usually a scheduled event ("said it will pay Dec. 15")
                    let fwd_y = if k > cur { y } else { y + 1 };
                    if months_between(fwd_y) <= 3 {
                        fwd_y
                    } else if k < cur {
                        y
                    } else {
                        y - 1
                    }
                }
                Tense::Unknown => {
                    let diff = months_between(y);
                    if diff > 6 {
                        y - 1
                    } else if diff < -6 {
                        y + 1
                    } else {
                        y
                    }
                }
            }
        }
    }
}

fn season_idx(s: &str) -> i32 {
    match s {
        "SP" => 0,
        "SU" => 1,
        "FA" => 2,
        _ => 3,
    }
}

fn season_of_month(m: u32) -> &'static str {
    match m {
        3..=5 => "SP",
        6..=8 => "SU",
        9..=11 => "FA",
        _ => "WI",
    }
}

/// Normalise one expression.
pub(crate) fn normalize(sem: &Sem, ctx: &Ctx, tense: Tense) -> Norm {
    let dct = ctx.dct;
    let reference = if ctx.use_reference {
        ctx.reference.or(dct)
    } else {
        dct
    };
    match sem {
        Sem::Lit(v) => lit(v.clone()),
        Sem::BadDay { m, .. } => lit(format!("XXXX-{m:02}-XX")),
        Sem::Year(y) => Norm {
            value: format!("{y:04}"),
            anchored: false,
            day: None,
            year: Some(*y),
        },
        Sem::Decade(d) => lit(format!("{d:03}")),
        Sem::Century(c) => lit(format!("{c:02}")),
        Sem::TwoDigitYear(v) => {
            if *v >= 1000 {
                // decade marker: 1000 + decade*10
                let dec = (*v - 1000) / 10;
                match dct {
                    Some(d) => {
                        let cent = d.year().div_euclid(100);
                        let yy = d.year().rem_euclid(100);
                        let c = if (dec as i32) * 10 > yy {
                            cent - 1
                        } else {
                            cent
                        };
                        let mut n = lit(format!("{c:02}{dec}"));
                        n.anchored = true;
                        n
                    }
                    None => lit(format!("XX{dec}")),
                }
            } else {
                match dct {
                    Some(d) => {
                        let cent = d.year().div_euclid(100) * 100;
                        let mut y = cent + *v as i32;
                        if y > d.year() + 10 {
                            y -= 100;
                        }
                        Norm {
                            value: format!("{y:04}"),
                            anchored: true,
                            day: None,
                            year: Some(y),
                        }
                    }
                    None => lit(format!("XX{v:02}")),
                }
            }
        }
        Sem::Cal { y, m, d, wd, rel } => {
            let (m, d, rel) = (*m, *d, *rel);
            let year = match (y, dct) {
                (Some(y), _) => Some(*y),
                (None, Some(dc)) => {
                    if let (Some(w), Some(dd)) = (wd, d) {
                        // choose the candidate year where the weekday fits
                        let mut best: Option<(i64, i32)> = None;
                        for cy in [dc.year() - 1, dc.year(), dc.year() + 1] {
                            if let Some(nd) = NaiveDate::from_ymd_opt(cy, m, dd) {
                                if nd.weekday().number_from_monday() == *w {
                                    let dist = (nd - dc).num_days().abs();
                                    if !matches!(best, Some(b) if dist >= b.0) {
                                        best = Some((dist, cy));
                                    }
                                }
                            }
                        }
                        Some(best.map_or_else(|| choose_year(dc, m, d, rel, tense), |b| b.1))
                    } else {
                        Some(choose_year(dc, m, d, rel, tense))
                    }
                }
                (None, None) => None,
            };
            match (year, d) {
                (Some(yy), Some(0)) => match thanksgiving(yy) {
                    Some(t) => {
                        let mut n = day_norm(t);
                        n.anchored = y.is_none();
                        n
                    }
                    None => lit("XXXX-11-XX"),
                },
                (None, Some(0)) => lit("XXXX-11-XX"),
                (Some(yy), Some(dd)) => match NaiveDate::from_ymd_opt(yy, m, dd) {
                    Some(nd) if ok_year(yy) => {
                        let mut n = day_norm(nd);
                        n.anchored = y.is_none();
                        n
                    }
                    _ => lit(format!("XXXX-{m:02}-{dd:02}")),
                },
                (Some(yy), None) => Norm {
                    value: format!("{yy:04}-{m:02}"),
                    anchored: y.is_none(),
                    day: None,
                    year: Some(yy),
                },
                (None, Some(dd)) => lit(format!("XXXX-{m:02}-{dd:02}")),
                (None, None) => lit(format!("XXXX-{m:02}")),
            }
        }
        Sem::Weekday { wd, rel } => {
            let base = if rel.abs() == 10 { reference } else { dct };
            match base.and_then(|b| resolve_weekday(b, *wd, *rel, tense)) {
                Some(d) => day_norm(d),
                None => lit(format!("XXXX-WXX-{wd}")),
            }
        }
        Sem::DayOff { off, anchor } => {
            let base = if *anchor == Anchor::Ref {
                reference
            } else {
                dct
            };
            match base.and_then(|b| add_days(b, *off)) {
                Some(d) => day_norm(d),
                None => lit("XXXX-XX-XX"),
            }
        }
        Sem::UnitOff { unit, off, anchor } => {
            let base = match anchor {
                Anchor::Ref => match (unit, ctx.ref_year, ctx.use_reference) {
                    (Unit::Year, Some(ry), true) => NaiveDate::from_ymd_opt(ry, 7, 1).or(reference),
                    (Unit::Year, _, _) => dct,
                    _ => reference,
                },
                Anchor::Dct => dct,
            };
            let Some(b) = base else {
                return lit(match unit {
                    Unit::Week => "XXXX-WXX",
                    Unit::Month => "XXXX-XX",
                    Unit::Day => "XXXX-XX-XX",
                    Unit::Decade => "XXX",
                    Unit::Century => "XX",
                    _ => "XXXX",
                });
            };
            let off = *off;
            let r = match unit {
                Unit::Week => add_days(b, off.saturating_mul(7)).map(|d| (fmt_week(d), d.year())),
                Unit::Month => add_months(b, off)
                    .map(|d| (format!("{:04}-{:02}", d.year(), d.month()), d.year())),
                Unit::Year => {
                    let y = b.year() as i64 + off;
                    i32::try_from(y)
                        .ok()
                        .filter(|y| ok_year(*y))
                        .map(|y| (format!("{y:04}"), y))
                }
                Unit::Quarter => add_months(b, off.saturating_mul(3)).map(|d| {
                    (
                        format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
                        d.year(),
                    )
                }),
                Unit::Decade => {
                    let dec = b.year() as i64 / 10 + off;
                    Some((format!("{dec:03}"), b.year()))
                }
                Unit::Century => {
                    let c = b.year() as i64 / 100 + off;
                    Some((format!("{c:02}"), b.year()))
                }
                Unit::Day => add_days(b, off).map(|d| (fmt_day(d), d.year())),
                _ => None,
            };
            match r {
                Some((v, y)) => Norm {
                    value: v,
                    anchored: true,
                    day: None,
                    year: Some(y),
                },
                None => lit("XXXX"),
            }
        }
        Sem::Quarter { q, y, yoff } => {
            let Some(dc) = dct else {
                return match (y, q) {
                    (Some(y), q) if *q > 0 => lit(format!("{y:04}-Q{q}")),
                    (_, q) if *q > 0 => lit(format!("XXXX-Q{q}")),
                    _ => lit("XXXX-QX"),
                };
            };
            let cur_q = (dc.month() - 1) / 3 + 1;
            if *q == 0 {
                if let Some(y) = y {
                    // "the 1988 quarter": the same quarter as "the quarter", in that year
                    let prev = if cur_q == 1 { 4 } else { cur_q - 1 };
                    return lit(format!("{y:04}-Q{prev}"));
                }
                let mut off = yoff.unwrap_or(0);
                if off == 0 && tense == Tense::Past {
                    off = -1;
                }
                let idx = dc.year() as i64 * 4 + (cur_q as i64 - 1) + off;
                let (yy, qq) = (idx.div_euclid(4), idx.rem_euclid(4) + 1);
                let mut n = lit(format!("{yy:04}-Q{qq}"));
                n.anchored = true;
                return n;
            }
            let year = match (y, yoff) {
                (Some(y), _) => *y,
                (None, Some(o)) => dc.year() + (*o as i32),
                (None, None) => {
                    if tense == Tense::Past && *q > cur_q {
                        dc.year() - 1
                    } else {
                        dc.year()
                    }
                }
            };
            let mut n = lit(format!("{year:04}-Q{q}"));
            n.anchored = y.is_none();
            n.year = Some(year);
            n
        }
        Sem::Season { s, y, rel } => {
            if s.is_empty() {
                // "each season": the season of the DCT
                return match dct {
                    Some(d) => lit(format!("XXXX-{}", season_of_month(d.month()))),
                    None => lit("XXXX-XX"),
                };
            }
            let Some(dc) = dct else {
                return match y {
                    Some(y) => lit(format!("{y:04}-{s}")),
                    None => lit(format!("XXXX-{s}")),
                };
            };
            if let Some(y) = y {
                return lit(format!("{y:04}-{s}"));
            }
            let cur = season_idx(season_of_month(dc.month()));
            let mut cy = dc.year();
            if dc.month() <= 2 {
                cy -= 1; // Jan/Feb belong to last year's winter
            }
            let idx = season_idx(s);
            let year = match rel {
                -1 => {
                    if idx < cur {
                        cy
                    } else {
                        cy - 1
                    }
                }
                1 => {
                    if idx > cur {
                        cy
                    } else {
                        cy + 1
                    }
                }
                2 => cy,
                _ => {
                    if tense == Tense::Past && idx > cur {
                        cy - 1
                    } else if tense == Tense::Future && idx < cur {
                        cy + 1
                    } else {
                        cy
                    }
                }
            };
            let mut n = lit(format!("{year:04}-{s}"));
            n.anchored = true;
            n
        }
        Sem::WithTime { base, t } => {
            let b = normalize(base, ctx, tense);
            if b.day.is_some() {
                Norm {
                    value: format!("{}{}", b.value, t),
                    anchored: b.anchored,
                    day: b.day,
                    year: b.year,
                }
            } else if b.value.starts_with("XXXX-WXX-") {
                lit(format!("{}{}", b.value, t))
            } else {
                lit(format!("XXXX-XX-XX{t}"))
            }
        }
        Sem::Weekend { off } => match dct.and_then(|d| {
            // "the weekend" in a past-tense clause on a weekday: the last one
            let wd = d.weekday().number_from_monday();
            let off = match *off {
                100 => 0,
                0 if tense == Tense::Past && wd < 6 => -1,
                o => o,
            };
            add_days(d, off.saturating_mul(7))
        }) {
            Some(d) => {
                let mut n = lit(format!("{}-WE", fmt_week(d)));
                n.anchored = true;
                n
            }
            None => lit("XXXX-WXX-WE"),
        },
    }
}
