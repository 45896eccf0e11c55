//! Modified expressions: early/mid/late X, "the end of X", "mid-2023", and approximate
//! relative ones ("nearly two years ago").

use super::tables::unit_of;
use super::{Anchor, Cand, Scanner, Sem};
use crate::TimexType;

impl Scanner {
    /// early/mid/late + X, "the end of X", "mid-2023", "the middle of October".
    pub(super) fn r_modified(&self, i: usize) -> Option<Cand> {
        let w = self.w(i);
        let (modi, j) = match w {
            "early" if self.is(i + 1, "-") && self.adj(i) => ("START", i + 2),
            "late" if self.is(i + 1, "-") && self.adj(i) => ("END", i + 2),
            "early" => ("START", i + 1),
            "late" => ("END", i + 1),
            "mid" if self.is(i + 1, "-") && self.adj(i) => ("MID", i + 2),
            "mid" => ("MID", i + 1),
            "the" | "this" => {
                let k = i + 1;
                let m = match self.w(k) {
                    "end" => "END",
                    "beginning" | "start" => "START",
                    "middle" => "MID",
                    _ => return None,
                };
                if !self.is(k + 1, "of") {
                    return None;
                }
                (m, k + 2)
            }
            _ => {
                // "mid-November" tokenised as "mid" "-" ... handled above;
                // "midsummer" etc. not handled.
                return None;
            }
        };
        let mut inner = self.inner_best(j)?;
        if matches!(inner.ttype, TimexType::Duration | TimexType::Set) {
            return None;
        }
        if let Sem::Lit(_) = inner.sem {
            return None;
        }
        if let Sem::Decade(_) = inner.sem {
            // "the late 1970s": the determiner belongs outside
        }
        inner.start = i;
        inner.modi = Some(modi);
        Some(inner)
    }

    fn inner_best(&self, i: usize) -> Option<Cand> {
        if i >= self.t.len() {
            return None;
        }
        let rules: [fn(&Self, usize) -> Option<Cand>; 5] = [
            Self::r_calendar,
            Self::r_relative,
            Self::r_weekday,
            Self::r_year,
            Self::r_lexical,
        ];
        let mut best: Option<Cand> = None;
        for r in rules {
            if let Some(c) = r(self, i) {
                if !matches!(&best, Some(b) if c.end <= b.end) {
                    best = Some(c);
                }
            }
        }
        if best.is_none() {
            // "the end of the year/month/week"
            if self.is(i, "the") {
                if let Some((u, false)) = unit_of(self.w(i + 1)) {
                    return self.cand(
                        i,
                        i + 2,
                        TimexType::Date,
                        Sem::UnitOff {
                            unit: u,
                            off: 0,
                            anchor: Anchor::Dct,
                        },
                    );
                }
            }
        }
        best
    }

    /// "nearly two years ago", "about a week later".
    pub(super) fn r_approx(&self, i: usize) -> Option<Cand> {
        let (modi, k) = match self.w(i) {
            "nearly" | "almost" => ("EQUAL_OR_LESS", i + 1),
            "around" | "approximately" | "roughly" | "some" => ("APPROX", i + 1),
            "more" if self.is(i + 1, "than") => ("MORE_THAN", i + 2),
            "less" if self.is(i + 1, "than") => ("LESS_THAN", i + 2),
            _ => return None,
        };
        let mut c = self.r_relative(k)?;
        let last = self.w(c.end.checked_sub(1)?);
        if !matches!(last, "ago" | "later" | "earlier" | "now") {
            return None;
        }
        c.start = i;
        c.modi = Some(modi);
        Some(c)
    }
}
