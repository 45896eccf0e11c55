//! Durations ("the past two years", "three-month", bare plurals) and sets ("every year",
//! "weekly", "twice a day").

use super::tables::{part_of_day, unit_of};
use super::{Cand, Count, Kind, Scanner, Sem, Unit};
use crate::TimexType;

impl Scanner {
    /// Durations: [mod] [the] [past|next|first|last] N unit(s), bare plurals, "N-year".
    pub(super) fn r_duration(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let mut modi: Option<&'static str> = None;
        let w = self.w(i);
        match w {
            "nearly" | "almost" => {
                modi = Some("EQUAL_OR_LESS");
                j += 1;
            }
            "around" | "approximately" | "roughly" | "some" if self.count_at(i + 1).is_some() => {
                modi = Some("APPROX");
                j += 1;
            }
            "over" if matches!(self.count_at(i + 1), Some((Count::Exact(_), _))) => {
                modi = Some("MORE_THAN");
                j += 1;
            }
            "more" | "less" | "fewer" if self.is(i + 1, "than") => {
                modi = Some(if w == "more" {
                    "MORE_THAN"
                } else {
                    "LESS_THAN"
                });
                j += 2;
            }
            "at" if matches!(self.w(i + 1), "least" | "most") => {
                modi = Some(if self.is(i + 1, "least") {
                    "EQUAL_OR_MORE"
                } else {
                    "EQUAL_OR_LESS"
                });
                j += 2;
            }
            "up" if self.is(i + 1, "to") => {
                modi = Some("EQUAL_OR_LESS");
                j += 2;
            }
            "no" if matches!(self.w(i + 1), "more" | "less") && self.is(i + 2, "than") => {
                modi = Some(if self.is(i + 1, "more") {
                    "EQUAL_OR_LESS"
                } else {
                    "EQUAL_OR_MORE"
                });
                j += 3;
            }
            _ => {}
        }
        let mut the_block = false;
        if self.is(j, "the") {
            the_block = true;
            j += 1;
        }
        let mut span_rel = false;
        if matches!(
            self.w(j),
            "past"
                | "last"
                | "next"
                | "first"
                | "coming"
                | "previous"
                | "following"
                | "latest"
                | "final"
                | "remaining"
                | "same"
                | "initial"
        ) {
            span_rel = true;
            j += 1;
        }
        if the_block && !span_rel {
            // "the nine months", "the four days" are fine
        }
        if !the_block
            && span_rel
            && !matches!(self.w(j - 1), "past" | "last" | "next" | "first" | "coming")
        {
            return None;
        }
        // count
        let (cnt, mut e) = match self.count_at(j) {
            Some(x) => x,
            None => {
                // bare plural unit: "years", "the past several months" handled by count
                if let Some((u, true)) = unit_of(self.w(j)) {
                    if self.is(j + 1, "ago")
                        || self.is(j + 1, "later")
                        || self.is(j + 1, "earlier")
                        || self.is(j + 1, "old")
                        || (j > 0 && self.kind(j - 1) == Some(Kind::Num))
                    {
                        return None;
                    }
                    if (the_block && !span_rel) || matches!(u, Unit::Quarter | Unit::Second) {
                        return None;
                    }
                    if self.is(j + 1, "-") || self.is(j + 1, "'") {
                        return None;
                    }
                    let mut c =
                        self.cand(i, j + 1, TimexType::Duration, Sem::Lit(u.duration("X")))?;
                    c.modi = modi;
                    return Some(c);
                }
                return None;
            }
        };
        // "a year and a half" -> P1.5Y not supported; "two to three weeks"
        if matches!(self.w(e), "to" | "or")
            && matches!(cnt, Count::Exact(n) if n < 1000)
            && self.count_at(e + 1).is_some()
            && unit_of(self.w(e + 2)).is_some()
        {
            e += 2;
        }
        let mut half = false;
        if self.num(e) == Some(1)
            && self.adj(e)
            && self.is(e + 1, "/")
            && self.adj(e + 1)
            && self.num(e + 2) == Some(2)
            && matches!(cnt, Count::Exact(_))
        {
            half = true;
            e += 3;
        }
        let hyphen = self.is(e, "-") && self.adj(e - 1);
        let ue = if hyphen { e + 1 } else { e };
        let (u, plural) = unit_of(self.w(ue))?;
        if (self.is(j, "a") || self.is(j, "an") || self.is(j, "one")) && cnt == Count::Exact(1) {
            // "a second" (ordinal) / "a quarter" (fraction)
            if matches!(u, Unit::Second | Unit::Quarter) {
                return None;
            }
            if plural {
                return None;
            }
        }
        if cnt == Count::Exact(1)
            && matches!(self.w(j), "a" | "an")
            && (j.saturating_sub(3)..j).any(|k| self.kind(k) == Some(Kind::Num))
        {
            // a rate ("$1.76 a year", "700 seats a week"), not a duration
            return None;
        }
        if self.num_len(j) == 4 && matches!(u, Unit::Second | Unit::Quarter) {
            return None;
        }
        if hyphen && u == Unit::Quarter {
            return None;
        }
        // ages: "6-year-old", "52 years old"
        if (hyphen && self.is(ue + 1, "-") && matches!(self.w(ue + 2), "old" | "olds"))
            || self.is(ue + 1, "old")
        {
            return None;
        }
        if let Count::Exact(n) = cnt {
            if n == 0 && !self.is(j, "0") {
                return None;
            }
        }
        let mut end = ue + 1;
        // ago/later/earlier belong to relative rule
        if matches!(self.w(end), "ago" | "later" | "earlier")
            || (self.is(end, "from") && self.is(end + 1, "now"))
        {
            return None;
        }
        let _ = plural;
        // "or so"
        if self.is(end, "or") && self.is(end + 1, "so") {
            end += 2;
        }
        if self.is(end, "and") && self.is(end + 1, "a") && self.is(end + 2, "half") {
            half = true;
            end += 3;
        }
        let v = match (half, cnt) {
            (true, Count::Exact(n)) => u.half_duration(n),
            _ => u.duration(&cnt.code()),
        };
        // "a day" in "twice a day" / "once a week" -> set, handled by r_set
        let start = if the_block && !span_rel && modi.is_none() && (hyphen || !plural) {
            j
        } else {
            i
        };
        let mut c = self.cand(start, end, TimexType::Duration, Sem::Lit(v))?;
        c.modi = modi;
        if modi.is_none() && span_rel && matches!(self.w(j - 1), "past" | "last") {
            c.modi = None;
        }
        Some(c)
    }

    /// Sets: every year, each season, weekly, twice a day.
    pub(super) fn r_set(&self, i: usize) -> Option<Cand> {
        let w = self.w(i);
        let lit = |end: usize, v: String| self.cand(i, end, TimexType::Set, Sem::Lit(v));
        match w {
            // "the Communist Party daily Granma" is a newspaper
            "daily" if !(self.cap(i + 1) || i > 0 && self.cap(i - 1) && !self.cap(i)) => {
                return lit(i + 1, "P1D".into())
            }
            "weekly" => return lit(i + 1, "P1W".into()),
            "monthly" => return lit(i + 1, "P1M".into()),
            "annually" | "yearly" => return lit(i + 1, "P1Y".into()),
            "hourly" => return lit(i + 1, "PT1H".into()),
            "nightly" => return lit(i + 1, "XXXX-XX-XXTNI".into()),
            _ => {}
        }
        if matches!(w, "every" | "each") {
            let mut j = i + 1;
            if self.is(j, "other") {
                if let Some((u, false)) = unit_of(self.w(j + 1)) {
                    return lit(j + 2, u.duration("2"));
                }
            }
            if self.is(j, "season") {
                return self.cand(
                    i,
                    j + 1,
                    TimexType::Set,
                    Sem::Season {
                        s: "",
                        y: None,
                        rel: 0,
                    },
                );
            }
            if let Some((wd, e)) = self.weekday_at(j) {
                let mut v = format!("XXXX-WXX-{wd}");
                let mut end = e;
                if let Some(p) = part_of_day(self.w(e)) {
                    v.push_str(&format!("T{p}"));
                    end += 1;
                }
                return lit(end, v);
            }
            if let Some(p) = part_of_day(self.w(j)) {
                return lit(j + 1, format!("XXXX-XX-XXT{p}"));
            }
            if let Some((m, e)) = self.month_at(j) {
                return lit(e, format!("XXXX-{m:02}"));
            }
            if let Some((u, false)) = unit_of(self.w(j)) {
                return lit(j + 1, u.set().to_string());
            }
            if let Some((Count::Exact(n), e)) = self.count_at(j) {
                if let Some((u, true)) = unit_of(self.w(e)) {
                    return lit(e + 1, u.duration(&n.to_string()));
                }
            }
            j += 0;
            let _ = j;
            return None;
        }
        // once/twice/N times a week
        let (k, ok) = match w {
            "once" | "twice" => (i + 1, true),
            _ => match self.count_at(i) {
                Some((_, e)) if self.is(e, "times") => (e + 1, true),
                _ => (i, false),
            },
        };
        if ok && matches!(self.w(k), "a" | "an" | "per" | "each" | "every") {
            if let Some((u, false)) = unit_of(self.w(k + 1)) {
                return lit(k + 2, u.set().to_string());
            }
        }
        // "Tuesday nights", "Sundays"
        None
    }
}
