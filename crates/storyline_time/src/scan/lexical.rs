//! Fixed words: now, recently, the future, holidays, year-end...

use super::tables::unit_of;
use super::{Anchor, Cand, Kind, Scanner, Sem, Unit, NONE};
use crate::TimexType;

impl Scanner {
    /// Fixed words: now, recently, the future, holidays...
    pub(super) fn r_lexical(&self, i: usize) -> Option<Cand> {
        let w = self.w(i);
        let lit = |end: usize, v: &str| self.cand(i, end, TimexType::Date, Sem::Lit(v.to_string()));
        match w {
            "now" => {
                if self.is(i + 1, "that") {
                    return None;
                }
                return lit(i + 1, "PRESENT_REF");
            }

            "currently" | "nowadays" => return lit(i + 1, "PRESENT_REF"),
            "year" if self.is(i + 1, "-") && self.adj(i) && self.is(i + 2, "end") => {
                let mut c = self.cand(
                    i,
                    i + 3,
                    TimexType::Date,
                    Sem::UnitOff {
                        unit: Unit::Year,
                        off: 0,
                        anchor: Anchor::Dct,
                    },
                )?;
                c.modi = Some("END");
                return Some(c);
            }
            "current" => {
                // adjective use only: "current market", not "the current" / "current account"
                let next_ok = self.kind(i + 1) == Some(Kind::Word)
                    && !self.cap(i + 1)
                    && !matches!(
                        self.w(i + 1),
                        "account"
                            | "accounts"
                            | "and"
                            | "or"
                            | "of"
                            | "is"
                            | "was"
                            | "flowing"
                            | "flows"
                    );
                let prev = if i > 0 { self.w(i - 1) } else { NONE };
                if next_ok
                    && !matches!(
                        prev,
                        "electric" | "electrical" | "ocean" | "alternating" | "direct"
                    )
                {
                    return lit(i + 1, "PRESENT_REF");
                }
                return None;
            }
            "these" if self.is(i + 1, "days") => return lit(i + 2, "PRESENT_REF"),
            "the" if self.is(i + 1, "moment") && i > 0 && self.is(i - 1, "at") => {
                return lit(i + 2, "PRESENT_REF")
            }
            "the"
                if self.is(i + 1, "present")
                    && i > 0
                    && matches!(self.w(i - 1), "at" | "until") =>
            {
                return lit(i + 2, "PRESENT_REF")
            }
            "present" if i > 0 && self.is(i - 1, "at") => return lit(i + 1, "PRESENT_REF"),
            "recently" | "formerly" | "lately" => return lit(i + 1, "PAST_REF"),
            "recent"
                if matches!(
                    self.w(i + 1),
                    "years" | "months" | "weeks" | "days" | "decades"
                ) =>
            {
                return lit(i + 2, "PAST_REF")
            }
            "the"
                if self.is(i + 1, "past")
                    && !self.t.get(i + 2).is_some_and(|t| {
                        t.kind == Kind::Word
                            && !matches!(
                                t.low.as_str(),
                                "and"
                                    | "or"
                                    | "but"
                                    | "is"
                                    | "was"
                                    | "has"
                                    | "have"
                                    | "decade"
                                    | "century"
                                    | "year"
                                    | "month"
                                    | "week"
                            )
                    }) =>
            {
                if unit_of(self.w(i + 2)).is_some() || self.count_at(i + 2).is_some() {
                    return None;
                }
                return lit(i + 2, "PAST_REF");
            }
            "the" if self.is(i + 1, "future") => return lit(i + 2, "FUTURE_REF"),
            "the"
                if matches!(self.w(i + 1), "near" | "foreseeable" | "distant")
                    && self.is(i + 2, "future") =>
            {
                return lit(i + 3, "FUTURE_REF")
            }
            "the"
                if matches!(self.w(i + 1), "near" | "short" | "long") && self.is(i + 2, "term") =>
            {
                return lit(i + 3, "FUTURE_REF")
            }
            "soon" => {
                if self.is(i + 1, "after") || self.is(i + 1, "as") {
                    return None;
                }
                return lit(i + 1, "FUTURE_REF");
            }
            "future" if i > 0 && self.is(i - 1, "in") => return lit(i + 1, "FUTURE_REF"),
            _ => {}
        }
        // holidays
        let (m, d, e) = match w {
            "christmas" if self.cap(i) => {
                if self.is(i + 1, "eve") {
                    (12, 24, i + 2)
                } else if self.is(i + 1, "day") {
                    (12, 25, i + 2)
                } else {
                    (12, 25, i + 1)
                }
            }
            "new"
                if self.cap(i)
                    && self.is(i + 1, "year")
                    && self.is(i + 2, "'")
                    && self.is(i + 3, "s") =>
            {
                match self.w(i + 4) {
                    "day" => (1, 1, i + 5),
                    "eve" => (12, 31, i + 5),
                    _ => return None,
                }
            }
            "halloween" if self.cap(i) => (10, 31, i + 1),
            "valentine"
                if self.cap(i)
                    && self.is(i + 1, "'")
                    && self.is(i + 2, "s")
                    && self.is(i + 3, "day") =>
            {
                (2, 14, i + 4)
            }
            "independence" if self.cap(i) && self.is(i + 1, "day") => (7, 4, i + 2),
            "thanksgiving" if self.cap(i) => {
                let e = if self.is(i + 1, "day") { i + 2 } else { i + 1 };
                // fourth Thursday of November: encoded as day 0 -> resolved in norm
                (11, 0, e)
            }
            _ => return None,
        };
        let mut end = e;
        let mut y = None;
        if let Some((yy, e2)) = self.year_at(end) {
            y = Some(yy);
            end = e2;
        }
        let (w0, _) = (w, 0);
        let _ = w0;
        if d == 0 {
            return self.cand(
                i,
                end,
                TimexType::Date,
                Sem::Cal {
                    y,
                    m,
                    d: Some(0),
                    wd: None,
                    rel: 0,
                },
            );
        }
        self.cand(
            i,
            end,
            TimexType::Date,
            Sem::Cal {
                y,
                m,
                d: Some(d),
                wd: None,
                rel: 0,
            },
        )
    }
}
