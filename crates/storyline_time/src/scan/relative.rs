//! Relative expressions: last/this/next week, the following day, two days ago, quarters,
//! seasons, weekends.

use super::tables::{month_of, ordinal_of, part_of_day, season_of, unit_of};
use super::{Anchor, Cand, Count, Kind, Scanner, Sem, Unit};
use crate::TimexType;

impl Scanner {
    /// last/this/next week, the following day, yesterday, two days ago, quarters, seasons...
    pub(super) fn r_relative(&self, i: usize) -> Option<Cand> {
        let w = self.w(i);
        // dayword
        if let Some((off, e)) = self.dayword(i) {
            return self.cand(
                i,
                e,
                TimexType::Date,
                Sem::DayOff {
                    off,
                    anchor: Anchor::Dct,
                },
            );
        }
        match w {
            // "that night", "that morning": the last mentioned day
            // "the next morning", "the following evening"
            "the"
                if matches!(self.w(i + 1), "next" | "following")
                    && part_of_day(self.w(i + 2)).is_some() =>
            {
                let p = part_of_day(self.w(i + 2)).unwrap_or("MO");
                return self.cand(
                    i,
                    i + 3,
                    TimexType::Time,
                    Sem::WithTime {
                        base: Box::new(Sem::DayOff {
                            off: 1,
                            anchor: Anchor::Ref,
                        }),
                        t: format!("T{p}"),
                    },
                );
            }
            // "that same day"
            "that" if self.is(i + 1, "same") && self.is(i + 2, "day") => {
                return self.cand(
                    i,
                    i + 3,
                    TimexType::Date,
                    Sem::DayOff {
                        off: 0,
                        anchor: Anchor::Ref,
                    },
                );
            }
            "that" if part_of_day(self.w(i + 1)).is_some() => {
                let p = part_of_day(self.w(i + 1)).unwrap_or("NI");
                return self.cand(
                    i,
                    i + 2,
                    TimexType::Time,
                    Sem::WithTime {
                        base: Box::new(Sem::DayOff {
                            off: 0,
                            anchor: Anchor::Ref,
                        }),
                        t: format!("T{p}"),
                    },
                );
            }
            // "the day before", "the day after" at the end of a clause
            "the"
                if self.is(i + 1, "day")
                    && matches!(self.w(i + 2), "before" | "after")
                    && !matches!(self.kind(i + 3), Some(Kind::Word) | Some(Kind::Num)) =>
            {
                let off = if self.is(i + 2, "before") { -1 } else { 1 };
                return self.cand(
                    i,
                    i + 3,
                    TimexType::Date,
                    Sem::DayOff {
                        off,
                        anchor: Anchor::Ref,
                    },
                );
            }
            // "the early hours of Sunday"
            "the" | "early"
                if (self.is(i, "early") || self.is(i + 1, "early"))
                    && self.is(i + if self.is(i, "the") { 2 } else { 1 }, "hours")
                    && self.is(i + if self.is(i, "the") { 3 } else { 2 }, "of") =>
            {
                let k = i + if self.is(i, "the") { 4 } else { 3 };
                let base = if let Some((wd, e)) = self.weekday_at(k) {
                    Some((Sem::Weekday { wd, rel: 0 }, e))
                } else {
                    self.dayword(k).map(|(off, e)| {
                        (
                            Sem::DayOff {
                                off,
                                anchor: Anchor::Dct,
                            },
                            e,
                        )
                    })
                };
                let (b, e) = base?;
                return self.cand(
                    i,
                    e,
                    TimexType::Time,
                    Sem::WithTime {
                        base: Box::new(b),
                        t: "TMO".into(),
                    },
                );
            }
            "tonight" => {
                return self.cand(
                    i,
                    i + 1,
                    TimexType::Time,
                    Sem::WithTime {
                        base: Box::new(Sem::DayOff {
                            off: 0,
                            anchor: Anchor::Dct,
                        }),
                        t: "TNI".into(),
                    },
                )
            }
            "overnight" => {
                return self.cand(
                    i,
                    i + 1,
                    TimexType::Time,
                    Sem::WithTime {
                        base: Box::new(Sem::DayOff {
                            off: -1,
                            anchor: Anchor::Dct,
                        }),
                        t: "TNI".into(),
                    },
                )
            }
            _ => {}
        }
        // "this morning", "last night", "tomorrow night" (handled by extend), "yesterday afternoon"
        if matches!(w, "this" | "last") {
            if let Some(p) = part_of_day(self.w(i + 1)) {
                let off = if w == "last" && p == "NI" { -1 } else { 0 };
                if w == "last" && p != "NI" {
                    return None;
                }
                return self.cand(
                    i,
                    i + 2,
                    TimexType::Time,
                    Sem::WithTime {
                        base: Box::new(Sem::DayOff {
                            off,
                            anchor: Anchor::Dct,
                        }),
                        t: format!("T{p}"),
                    },
                );
            }
        }
        // "this year's third quarter", "last year's quarter"
        if matches!(w, "this" | "last" | "next")
            && self.is(i + 1, "year")
            && self.is(i + 2, "'")
            && self.is(i + 3, "s")
        {
            let off = match w {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            let k = i + 4;
            if let Some(q) = ordinal_of(self.w(k)).filter(|q| *q <= 4) {
                if self.is(k + 1, "quarter") {
                    return self.cand(
                        i,
                        k + 2,
                        TimexType::Date,
                        Sem::Quarter {
                            q,
                            y: None,
                            yoff: Some(off),
                        },
                    );
                }
            }
            if self.is(k, "quarter") {
                return self.cand(
                    i,
                    k + 1,
                    TimexType::Date,
                    Sem::Quarter {
                        q: 0,
                        y: None,
                        yoff: Some(off * 4 - 1),
                    },
                );
            }
        }
        // "year-ago", "year-earlier" (+ quarter/period)
        {
            let (k, the) = if w == "the" {
                (i + 1, true)
            } else {
                (i, false)
            };
            let k = if matches!(self.w(k), "comparable" | "corresponding") {
                k + 1
            } else {
                k
            };
            if self.is(k, "year")
                && self.is(k + 1, "-")
                && matches!(self.w(k + 2), "ago" | "earlier")
            {
                let e = k + 3;
                // "the year-earlier third quarter"
                if let Some(q) = ordinal_of(self.w(e)).filter(|q| *q <= 4) {
                    if self.is(e + 1, "quarter") {
                        return self.cand(
                            i,
                            e + 2,
                            TimexType::Date,
                            Sem::Quarter {
                                q,
                                y: None,
                                yoff: Some(-1),
                            },
                        );
                    }
                }
                if matches!(self.w(e), "quarter" | "period") {
                    let sem = if self.is(e, "quarter") {
                        Sem::Quarter {
                            q: 0,
                            y: None,
                            yoff: Some(-5),
                        }
                    } else {
                        Sem::UnitOff {
                            unit: Unit::Year,
                            off: -1,
                            anchor: Anchor::Dct,
                        }
                    };
                    return self.cand(i, e + 1, TimexType::Date, sem);
                }
                if !the {
                    return self.cand(
                        i,
                        e,
                        TimexType::Date,
                        Sem::UnitOff {
                            unit: Unit::Year,
                            off: -1,
                            anchor: Anchor::Dct,
                        },
                    );
                }
            }
        }
        // earlier/later this year
        if matches!(w, "earlier" | "later")
            && matches!(self.w(i + 1), "this" | "that" | "last" | "next")
        {
            let mut c = self.r_relative(i + 1)?;
            if !matches!(
                c.sem,
                Sem::UnitOff {
                    unit: Unit::Year,
                    ..
                }
            ) {
                return None;
            }
            c.start = i;
            c.modi = Some(if w == "earlier" { "START" } else { "END" });
            return Some(c);
        }
        // "the year before", "the month after" at the end of a clause
        if w == "the"
            && matches!(self.w(i + 1), "year" | "month" | "week")
            && matches!(self.w(i + 2), "before" | "after")
            && !matches!(self.kind(i + 3), Some(Kind::Word) | Some(Kind::Num))
        {
            if let Some((u, false)) = unit_of(self.w(i + 1)) {
                let off = if self.is(i + 2, "before") { -1 } else { 1 };
                return self.cand(
                    i,
                    i + 3,
                    TimexType::Date,
                    Sem::UnitOff {
                        unit: u,
                        off,
                        anchor: Anchor::Ref,
                    },
                );
            }
        }
        // the day before yesterday / after tomorrow
        if w == "the" && self.is(i + 1, "day") {
            if self.is(i + 2, "before") && self.is(i + 3, "yesterday") {
                return self.cand(
                    i,
                    i + 4,
                    TimexType::Date,
                    Sem::DayOff {
                        off: -2,
                        anchor: Anchor::Dct,
                    },
                );
            }
            if self.is(i + 2, "after") && self.is(i + 3, "tomorrow") {
                return self.cand(
                    i,
                    i + 4,
                    TimexType::Date,
                    Sem::DayOff {
                        off: 2,
                        anchor: Anchor::Dct,
                    },
                );
            }
        }
        // determiners
        let (rel, anchor, j): (i64, Anchor, usize) = match w {
            "last" => (-1, Anchor::Dct, i + 1),
            "next" => (1, Anchor::Dct, i + 1),
            "this" if self.is(i + 1, "past") => (-1, Anchor::Dct, i + 2),
            "this" if self.is(i + 1, "coming") => (1, Anchor::Dct, i + 2),
            "this" | "current" => (0, Anchor::Dct, i + 1),
            "that" => (0, Anchor::Ref, i + 1),
            "the" => match self.w(i + 1) {
                "following" | "next" => (1, Anchor::Ref, i + 2),
                "previous" | "preceding" | "prior" => (-1, Anchor::Ref, i + 2),
                "same" => (0, Anchor::Ref, i + 2),
                "current" | "present" => (0, Anchor::Dct, i + 2),
                "coming" => (1, Anchor::Dct, i + 2),
                "past" | "last" => (-1, Anchor::Dct, i + 2),
                "latest" | "most" if self.is(i + 1, "latest") => (-1, Anchor::Dct, i + 2),
                _ => (0, Anchor::Dct, i + 1),
            },
            _ => (99, Anchor::Dct, i),
        };
        if rel != 99 {
            let nw = self.w(j);
            // quarter handled below
            if let Some((u, false)) = unit_of(nw) {
                if u == Unit::Quarter {
                    return self.quarter(i, j, rel, w);
                }
                if w == "the" && self.is(i + 1, "day") {
                    return None;
                }
                if w == "the" && j == i + 1 {
                    // "the year" / "the week": weak; only "the year", "the week" "the month"
                    if matches!(u, Unit::Year) && !self.is(j + 1, "-") && !self.is(j + 1, "'") {
                        return self.cand(
                            i,
                            j + 1,
                            TimexType::Date,
                            Sem::UnitOff {
                                unit: u,
                                off: 0,
                                anchor: Anchor::Dct,
                            },
                        );
                    }
                    return None;
                }
                if u == Unit::Second || u == Unit::Minute || u == Unit::Hour {
                    return None;
                }
                // "the next day" refers to the reference; "next week" to DCT.
                if anchor == Anchor::Ref && u == Unit::Day && rel == 0 && w == "that" {
                    return self.cand(
                        i,
                        j + 1,
                        TimexType::Date,
                        Sem::DayOff {
                            off: 0,
                            anchor: Anchor::Ref,
                        },
                    );
                }
                if u == Unit::Day {
                    if rel == 0 && anchor == Anchor::Dct {
                        return None;
                    }
                    return self.cand(i, j + 1, TimexType::Date, Sem::DayOff { off: rel, anchor });
                }
                // "the past week" etc: a DATE of the previous unit
                let mut c = self.cand(
                    i,
                    j + 1,
                    TimexType::Date,
                    Sem::UnitOff {
                        unit: u,
                        off: rel,
                        anchor,
                    },
                )?;
                // "the past year" followed by "or so": leave
                if self.is(j + 1, "'") && self.is(j + 2, "s") {
                    // "last year's": keep span without 's
                }
                c.end = j + 1;
                return Some(c);
            }
            if nw == "weekend" {
                let off = if anchor == Anchor::Dct { rel } else { 0 };
                // "this weekend": the DCT's own week, no tense adjustment
                let off = if w == "this" && off == 0 { 100 } else { off };
                return self.cand(i, j + 1, TimexType::Date, Sem::Weekend { off });
            }
            if let Some(s) = season_of(nw) {
                if nw == "fall" && w == "the" && j == i + 1 {
                    // "the fall of Rome"
                    if self.is(j + 1, "of") && self.year_at(j + 2).is_none() {
                        return None;
                    }
                }
                let mut end = j + 1;
                let mut y = None;
                if self.is(end, "of") {
                    if let Some((yy, e)) = self.year_at(end + 1) {
                        y = Some(yy);
                        end = e;
                    }
                }
                let r = if anchor == Anchor::Ref { 0 } else { rel as i32 };
                return self.cand(
                    i,
                    end,
                    TimexType::Date,
                    Sem::Season {
                        s,
                        y,
                        rel: if w == "the" && j == i + 1 {
                            0
                        } else if r == 0 {
                            2
                        } else {
                            r
                        },
                    },
                );
            }
            if let Some((m, e)) = self.month_at(j) {
                if w == "the" {
                    return None;
                }
                if month_of(self.w(j)).is_some_and(|(_, a)| a) && e == j + 1 {
                    return None;
                }
                let r = match rel {
                    -1 => -1,
                    1 => 1,
                    _ => 2,
                };
                return self.cand(
                    i,
                    e,
                    TimexType::Date,
                    Sem::Cal {
                        y: None,
                        m,
                        d: None,
                        wd: None,
                        rel: r,
                    },
                );
            }
            // the first/second quarter
            if let Some(q) = ordinal_of(nw) {
                if q <= 4 {
                    let mut k = j + 1;
                    if self.is(k, "-") {
                        k += 1;
                    }
                    if self.is(k, "fiscal") {
                        k += 1;
                    }
                    if self.is(k, "quarter") {
                        return self.quarter_n(
                            i,
                            k + 1,
                            q,
                            if w == "the" && j == i + 1 { 0 } else { rel },
                            w == "last" || w == "next" || w == "this",
                        );
                    }
                }
            }
            if w == "the" && self.is(j, "fiscal") {
                if let Some(q) = ordinal_of(self.w(j + 1)) {
                    if q <= 4 && self.is(j + 2, "quarter") {
                        return self.quarter_n(i, j + 3, q, 0, false);
                    }
                }
                if self.is(j + 1, "year") {
                    return self.cand(
                        i,
                        j + 2,
                        TimexType::Date,
                        Sem::UnitOff {
                            unit: Unit::Year,
                            off: 0,
                            anchor: Anchor::Dct,
                        },
                    );
                }
            }
        }
        // bare ordinal quarter: "third-quarter", "first quarter"
        if let Some(q) = ordinal_of(w) {
            if q <= 4 {
                let mut k = i + 1;
                if self.is(k, "-") {
                    k += 1;
                }
                if self.is(k, "quarter") {
                    return self.quarter_n(i, k + 1, q, 0, false);
                }
            }
        }
        // N units ago / later / earlier
        let (cnt, e) = self.count_at(i)?;
        let (u, _) = unit_of(self.w(e))?;
        let mut e = e;
        if self.is(e + 1, "or") && self.is(e + 2, "so") {
            e += 2;
        }
        let after = self.w(e + 1);
        let n = match cnt {
            Count::Exact(n) => Some(n as i64),
            Count::Vague => None,
        };
        let end_ok = |k: usize| !matches!(self.kind(k), Some(Kind::Word) | Some(Kind::Num));
        let (sign, anchor) = match after {
            "ago" => (-1, Anchor::Dct),
            "earlier" => (-1, Anchor::Ref),
            "later" => (1, Anchor::Ref),
            "before" if end_ok(e + 2) => (-1, Anchor::Ref),
            "after" if end_ok(e + 2) => (1, Anchor::Ref),
            "from" if self.is(e + 2, "now") => (1, Anchor::Dct),
            _ => return None,
        };
        let end = if after == "from" { e + 3 } else { e + 2 };
        let Some(n) = n else {
            // "several years ago" -> PAST_REF-like underspecified
            let v = if sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
            return self.cand(i, end, TimexType::Date, Sem::Lit(v.into()));
        };
        if n > 100_000 {
            return self.cand(
                i,
                end,
                TimexType::Date,
                Sem::Lit(if sign < 0 {
                    "PAST_REF".into()
                } else {
                    "FUTURE_REF".into()
                }),
            );
        }
        let off = sign * n;
        if u == Unit::Day {
            return self.cand(i, end, TimexType::Date, Sem::DayOff { off, anchor });
        }
        if matches!(u, Unit::Second | Unit::Minute | Unit::Hour) && after != "ago" {
            // "two hours later": the clock time is unknown; tag the duration
            let v = u.duration(&n.to_string());
            return self.cand(i, e + 1, TimexType::Duration, Sem::Lit(v));
        }
        if matches!(u, Unit::Second | Unit::Minute | Unit::Hour) {
            return self.cand(
                i,
                end,
                TimexType::Time,
                Sem::Lit(if sign < 0 {
                    "PAST_REF".into()
                } else {
                    "FUTURE_REF".into()
                }),
            );
        }
        // "a decade ago" denotes a year, not a decade
        let (u, off) = match u {
            Unit::Decade => (Unit::Year, off.saturating_mul(10)),
            Unit::Century => (Unit::Year, off.saturating_mul(100)),
            _ => (u, off),
        };
        self.cand(
            i,
            end,
            TimexType::Date,
            Sem::UnitOff {
                unit: u,
                off,
                anchor,
            },
        )
    }

    fn quarter(&self, i: usize, j: usize, rel: i64, w: &str) -> Option<Cand> {
        // "last quarter", "the quarter", "this quarter", "the latest quarter"
        let _ = w;
        self.cand(
            i,
            j + 1,
            TimexType::Date,
            Sem::Quarter {
                q: 0,
                y: None,
                yoff: Some(rel),
            },
        )
    }

    fn quarter_n(
        &self,
        i: usize,
        end: usize,
        q: u32,
        rel: i64,
        relative_year: bool,
    ) -> Option<Cand> {
        let mut end = end;
        let mut y = None;
        // "the third quarter of 1990", "third quarter 1990"
        let k = if self.is(end, "of") { end + 1 } else { end };
        if let Some((yy, e)) = self.year_at(k) {
            y = Some(yy);
            end = e;
        }
        let yoff = if relative_year { Some(rel) } else { None };
        // "the third-quarter results": the determiner belongs to the noun
        let hyph = (i..end).any(|k| self.is(k, "-"));
        let start =
            if hyph && matches!(self.w(i), "the" | "that" | "its" | "this") && !relative_year {
                i + 1
            } else {
                i
            };
        self.cand(start, end, TimexType::Date, Sem::Quarter { q, y, yoff })
    }
}
