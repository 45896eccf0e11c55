//! Rules for dates and times written out: clock times with their day, month-day-year
//! combinations (with the calendar check), numeric dates, years, decades and centuries,
//! and weekdays with last/next/this.

use super::tables::{month_of, ordinal_of};
use super::{Anchor, Cand, Kind, Scanner, Sem, NONE};
use crate::TimexType;

impl Scanner {
    pub(super) fn r_time(&self, i: usize) -> Option<Cand> {
        let (t, mut j) = self.clock_at(i)?;
        // "9 a.m. Friday", "noon Thursday", "noon today"
        let mut k = j;
        if self.is(k, ",") {
            k += 1;
        }
        if let Some(c) = self
            .r_calendar(k)
            .filter(|c| matches!(c.sem, Sem::Cal { d: Some(_), .. }))
        {
            return self.cand(
                i,
                c.end,
                TimexType::Time,
                Sem::WithTime {
                    base: Box::new(c.sem),
                    t,
                },
            );
        }
        let base = if let Some((wd, e)) = self.weekday_at(j) {
            j = e;
            Sem::Weekday { wd, rel: 0 }
        } else if let Some((off, e)) = self.dayword(j) {
            j = e;
            Sem::DayOff {
                off,
                anchor: Anchor::Dct,
            }
        } else {
            Sem::DayOff {
                off: 0,
                anchor: Anchor::Dct,
            }
        };
        self.cand(
            i,
            j,
            TimexType::Time,
            Sem::WithTime {
                base: Box::new(base),
                t,
            },
        )
    }

    /// Month-day-year combinations, optionally preceded by a weekday.
    pub(super) fn r_calendar(&self, i: usize) -> Option<Cand> {
        let mut wd = None;
        let mut j = i;
        if let Some((d, e)) = self.weekday_at(i) {
            let mut k = e;
            if self.is(k, ",") {
                k += 1;
            }
            if self.month_at(k).is_some() || self.day_at(k).is_some() {
                wd = Some(d);
                j = k;
            } else {
                return None;
            }
        }
        let start = i;
        // MONTH DAY [, YEAR] | MONTH [of|,] YEAR | MONTH
        if let Some((m, e)) = self.month_at(j) {
            if let Some((d, e2)) = self.day_at(e) {
                let mut end = e2;
                let mut y = None;
                let mut k = e2;
                if self.is(k, ",") {
                    k += 1;
                }
                if let Some((yy, e3)) = self.year_at(k) {
                    y = Some(yy);
                    end = e3;
                } else if self.is(k, "'") && self.num_len(k + 1) == 2 && self.adj(k) {
                    // Feb. 25 '22 -> ambiguous century, keep day unanchored
                    end = k + 2;
                }
                // guard: "March 3" where day is followed by ":" (clock) etc.
                return self.cal(start, end, y, m, Some(d), wd);
            }
            let mut k = e;
            if self.is(k, "of") || self.is(k, ",") {
                k += 1;
            }
            if let Some((yy, e3)) = self.year_at(k) {
                return self.cal(start, e3, Some(yy), m, None, wd);
            }
            if wd.is_some() {
                return None;
            }
            // bare month name: guard against "May" the modal and "March" verb.
            let w = self.w(j);
            if w == "may" {
                let p = if i > 0 { self.w(i - 1) } else { NONE };
                let ok = matches!(
                    p,
                    "in" | "since"
                        | "until"
                        | "by"
                        | "of"
                        | "last"
                        | "next"
                        | "this"
                        | "early"
                        | "late"
                        | "mid"
                        | "-"
                        | "through"
                        | "before"
                        | "after"
                        | "during"
                        | "from"
                        | "to"
                        | "and"
                        | "or"
                );
                if !ok {
                    return None;
                }
            }
            // "the March of the Combatant Mothers"
            if self.is(e, "of") && self.year_at(e + 1).is_none() {
                return None;
            }
            if (w == "march" || w == "may") && self.t.get(j).is_some_and(|t| t.low.len() > 2) {
                // "March" at start of sentence followed by verb-like word
                let nxt = self.w(e);
                if matches!(nxt, "on" | "to" | "for" | "against" | "through") && w == "march" {
                    let p = if i > 0 { self.w(i - 1) } else { NONE };
                    if !matches!(p, "in" | "since" | "until" | "by" | "last" | "next" | "of") {
                        return None;
                    }
                }
            }
            // "January this year", "June last year"
            let yoff = match (self.w(e), self.w(e + 1)) {
                ("this", "year") => Some(0),
                ("last", "year") => Some(-1),
                ("next", "year") => Some(1),
                _ => None,
            };
            if let Some(o) = yoff {
                return self.cand(
                    start,
                    e + 2,
                    TimexType::Date,
                    Sem::Cal {
                        y: None,
                        m,
                        d: None,
                        wd: None,
                        rel: 100 + o,
                    },
                );
            }
            // abbreviations alone are too risky ("Dec", "Jan" as names)
            if month_of(w).is_some_and(|(_, a)| a) {
                return None;
            }
            return self.cal(start, e, None, m, None, None);
        }
        // DAY [of] MONTH [YEAR]
        if let Some((d, e)) = self.day_at(j) {
            let mut k = e;
            if self.is(k, "of") {
                k += 1;
            }
            if let Some((m, e2)) = self.month_at(k) {
                let mut end = e2;
                let mut y = None;
                let mut k2 = e2;
                if self.is(k2, ",") {
                    k2 += 1;
                }
                if let Some((yy, e3)) = self.year_at(k2) {
                    y = Some(yy);
                    end = e3;
                }
                return self.cal(start, end, y, m, Some(d), wd);
            }
        }
        None
    }

    fn cal(
        &self,
        start: usize,
        end: usize,
        y: Option<i32>,
        m: u32,
        d: Option<u32>,
        wd: Option<u32>,
    ) -> Option<Cand> {
        if let Some(dd) = d {
            let max = match m {
                2 => 29,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            let leap_ok = match y {
                Some(yy) if m == 2 && dd == 29 => {
                    chrono::NaiveDate::from_ymd_opt(yy, 2, 29).is_some()
                }
                _ => true,
            };
            if dd > max || !leap_ok {
                return self.cand(start, end, TimexType::Date, Sem::BadDay { m });
            }
        }
        self.cand(
            start,
            end,
            TimexType::Date,
            Sem::Cal {
                y,
                m,
                d,
                wd,
                rel: 0,
            },
        )
    }

    /// 2022-02-25, 02/25/2022, 5/6.
    pub(super) fn r_numeric_date(&self, i: usize) -> Option<Cand> {
        if self.kind(i) != Some(Kind::Num) {
            return None;
        }
        if i > 0 && self.adj(i - 1) && matches!(self.w(i - 1), "/" | "-" | "." | "$" | ":" | ",") {
            return None;
        }
        let sep = self.w(i + 1);
        if !(sep == "/" || sep == "-") || !self.adj(i) || !self.adj(i + 1) {
            return None;
        }
        if self.kind(i + 2) != Some(Kind::Num) {
            return None;
        }
        let a = self.num(i)?;
        let b = self.num(i + 2)?;
        let three = self.adj(i + 2)
            && self.is(i + 3, sep)
            && self.adj(i + 3)
            && self.kind(i + 4) == Some(Kind::Num);
        if three {
            let c = self.num(i + 4)?;
            let end = i + 5;
            if self.adj(i + 4)
                && matches!(self.w(i + 5), "/" | "-" | ".")
                && self.kind(i + 6) == Some(Kind::Num)
            {
                return None;
            }
            let (y, m, d) = if self.num_len(i) == 4 {
                (a as i32, b, c)
            } else if self.num_len(i + 4) == 4 && sep == "/" {
                (c as i32, a, b)
            } else if self.num_len(i + 4) == 2 && sep == "/" {
                // 2-digit year: century unknown
                if !(1..=12).contains(&a) || !(1..=31).contains(&b) {
                    return None;
                }
                return self.cand(
                    i,
                    end,
                    TimexType::Date,
                    Sem::Lit(format!("XX{c:02}-{a:02}-{b:02}")),
                );
            } else {
                return None;
            };
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=2199).contains(&y) {
                return None;
            }
            return self.cal(i, end, Some(y), m as u32, Some(d as u32), None);
        }
        if sep != "/" || self.num_len(i) > 2 || self.num_len(i + 2) > 2 {
            // 2022-02 (year-month)
            if sep == "-" && self.num_len(i) == 4 && self.num_len(i + 2) == 2 {
                let y = a as i32;
                if (1000..=2199).contains(&y) && (1..=12).contains(&b) {
                    if self.adj(i + 2) && matches!(self.w(i + 3), "-" | "/") {
                        return None;
                    }
                    return self.cal(i, i + 3, Some(y), b as u32, None, None);
                }
            }
            return None;
        }
        // M/D ambiguous: "2 1/2", "3 5/8" are fractions
        if i > 0 && self.kind(i - 1) == Some(Kind::Num) {
            return None;
        }
        if self.adj(i + 2)
            && (matches!(self.w(i + 3), "/" | "%")
                || (self.is(i + 3, ".") && self.adj(i + 3) && self.kind(i + 4) == Some(Kind::Num)))
        {
            return None;
        }
        if !(1..=12).contains(&a) || !(1..=31).contains(&b) {
            return None;
        }
        // 1/2, 3/4, 7/8, 5/16: fractions, not dates
        if matches!(b, 2 | 4 | 8 | 16 | 32) && a < b {
            return None;
        }
        self.cal(i, i + 3, None, a as u32, Some(b as u32), None)
    }

    /// Years, decades, centuries.
    pub(super) fn r_year(&self, i: usize) -> Option<Cand> {
        let w = self.w(i);
        // "the 1990s", "the '80s", "the nineties", "the 20th century"
        let (the, j) = if w == "the" {
            (true, i + 1)
        } else {
            (false, i)
        };
        let mut j = j;
        let mut dmod: Option<&'static str> = None;
        if the {
            match self.w(j) {
                "early" => dmod = Some("START"),
                "late" => dmod = Some("END"),
                "mid" => dmod = Some("MID"),
                _ => {}
            }
            if dmod.is_some() {
                j += 1;
                if self.is(j, "-") {
                    j += 1;
                }
            }
        }
        // decade digits: 1990s
        if self.num_len(j) == 4 && self.adj(j) && self.is(j + 1, "s") {
            let y = self.num(j)? as i32;
            if y.rem_euclid(10) == 0 && (1000..=2190).contains(&y) {
                let mut c = self.cand(i, j + 2, TimexType::Date, Sem::Decade(y / 10))?;
                c.modi = dmod;
                return Some(c);
            }
        }
        // '80s
        if (self.is(j, "'") || self.is(j, "’")) && self.adj(j) && self.num_len(j + 1) == 2 {
            let y = self.num(j + 1)? as u32;
            if self.adj(j + 1) && self.is(j + 2, "s") && y.rem_euclid(10) == 0 {
                let mut c =
                    self.cand(i, j + 3, TimexType::Date, Sem::Lit(format!("XX{}", y / 10)))?;
                c.sem = Sem::TwoDigitYear(y + 1000); // marker: decade of 2-digit year
                c.modi = dmod;
                return Some(c);
            }
            if !(the
                || self.adj(j + 1) && self.kind(j + 2) == Some(Kind::Word)
                || self.cap(j + 2) && self.kind(j + 2) == Some(Kind::Word))
            {
                return self.cand(i, j + 2, TimexType::Date, Sem::TwoDigitYear(y));
            }
        }
        if the {
            let dec = match self.w(j) {
                "twenties" => Some(2),
                "thirties" => Some(3),
                "forties" => Some(4),
                "fifties" => Some(5),
                "sixties" => Some(6),
                "seventies" => Some(7),
                "eighties" => Some(8),
                "nineties" => Some(9),
                _ => None,
            };
            if let Some(d) = dec {
                let mut c =
                    self.cand(i, j + 1, TimexType::Date, Sem::TwoDigitYear(1000 + d * 10))?;
                c.modi = dmod;
                return Some(c);
            }
            // the 20th century / the twentieth century
            let mut k = j;
            let ord = if let Some(n) = self.num(k) {
                if self.adj(k) && matches!(self.w(k + 1), "st" | "nd" | "rd" | "th") {
                    k += 2;
                    Some(n as i32)
                } else {
                    None
                }
            } else {
                let o = match self.w(k) {
                    "nineteenth" => Some(19),
                    "twentieth" => Some(20),
                    "eighteenth" => Some(18),
                    "twenty" if self.is(k + 1, "-") && self.is(k + 2, "first") => {
                        k += 2;
                        Some(21)
                    }
                    _ => None,
                };
                if o.is_some() {
                    k += 1;
                }
                o
            };
            if self.is(j, "year") {
                if let Some((y, e)) = self.year_at(j + 1) {
                    return self.cand(i, e, TimexType::Date, Sem::Year(y));
                }
            }
            if let Some((y, e)) = self.year_at(j) {
                let mut k = e;
                if self.is(k, "fiscal") {
                    k += 1;
                }
                if let Some(q) = ordinal_of(self.w(k)).filter(|q| *q <= 4) {
                    if self.is(k + 1, "quarter") {
                        return self.cand(
                            i,
                            k + 2,
                            TimexType::Date,
                            Sem::Quarter {
                                q,
                                y: Some(y),
                                yoff: None,
                            },
                        );
                    }
                }
                if matches!(self.w(k), "period" | "quarter" | "season") && dmod.is_none() {
                    let _ = y;
                    return self.cand(
                        i,
                        k + 1,
                        TimexType::Date,
                        if self.is(k, "quarter") {
                            Sem::Quarter {
                                q: 0,
                                y: Some(y),
                                yoff: None,
                            }
                        } else {
                            Sem::Year(y)
                        },
                    );
                }
            }
            if let Some(n) = ord {
                if self.is(k, "century") && (1..=30).contains(&n) {
                    let mut c = self.cand(i, k + 1, TimexType::Date, Sem::Century(n - 1))?;
                    c.modi = dmod;
                    return Some(c);
                }
            }
            return None;
        }
        // "fiscal 1989"
        let (k, fiscal) = if w == "fiscal" {
            (i + 1, true)
        } else {
            (i, false)
        };
        let (y, e) = self.year_at(k)?;
        let _ = fiscal;
        // reject things that look like quantities: "1990 people"? Keep most.
        if k > 0
            && matches!(
                self.w(k - 1),
                "$" | "#" | "no" | "number" | "room" | "flight" | "route"
            )
        {
            return None;
        }
        if matches!(self.w(e), "%" | "percent") {
            return None;
        }
        // "Kopp's 1987 Chevrolet": a model year, not a date
        if k > 1 && self.is(k - 1, "s") && self.is(k - 2, "'") && self.cap(e) {
            return None;
        }
        self.cand(i, e, TimexType::Date, Sem::Year(y))
    }

    /// Weekdays with optional last/next/this.
    pub(super) fn r_weekday(&self, i: usize) -> Option<Cand> {
        let w = self.w(i);
        let (rel, j) = match w {
            "last" => (-1, i + 1),
            "next" => (1, i + 1),
            "this" if self.is(i + 1, "coming") => (1, i + 2),
            "this" if self.is(i + 1, "past") => (-1, i + 2),
            "this" => (2, i + 1),
            "the" if matches!(self.w(i + 1), "previous" | "preceding") => (-10, i + 2),
            "the" if matches!(self.w(i + 1), "following") => (10, i + 2),
            "early" | "late" => (0, i),
            _ => (0, i),
        };
        let (wd, e) = self.weekday_at(j)?;
        // "Friday's" keeps the possessive outside the span
        self.cand(i, e, TimexType::Date, Sem::Weekday { wd, rel })
    }
}
