//! Readers of one piece of an expression at a token, each returning what it read and the
//! next index: month and weekday names, day of month, year (digits or written), counts
//! ("several", "twenty-one", "1,000"), clock times and the day words (today, yesterday,
//! tomorrow).

use super::tables::{is_tz, month_of, small_number, tens_number, weekday_of};
use super::{Count, Kind, Scanner};

impl Scanner {
    /// Month name at i (capitalised); returns (month, next index).
    pub(super) fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.t.get(i)?;
        if t.kind != Kind::Word || !t.cap {
            return None;
        }
        let (m, abbr) = month_of(&t.low)?;
        if abbr && self.adj(i) && self.is(i + 1, ".") {
            return Some((m, i + 2));
        }
        if abbr && t.low.len() < 3 {
            return None;
        }
        Some((m, i + 1))
    }

    pub(super) fn weekday_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.t.get(i)?;
        if t.kind != Kind::Word || !t.cap {
            return None;
        }
        let wd = weekday_of(&t.low)?;
        let full = t.low.len() > 4 || t.low == "friday" || t.low == "monday";
        if !full {
            if self.adj(i) && self.is(i + 1, ".") {
                return Some((wd, i + 2));
            }
            return None;
        }
        Some((wd, i + 1))
    }

    /// Day of month (1-31 with optional st/nd/rd/th) at i.
    pub(super) fn day_at(&self, i: usize) -> Option<(u32, usize)> {
        if self.num_len(i) > 2 {
            return None;
        }
        let d = self.num(i)?;
        if !(1..=31).contains(&d) {
            return None;
        }
        if self.adj(i) && matches!(self.w(i + 1), "st" | "nd" | "rd" | "th") {
            return Some((d as u32, i + 2));
        }
        if self.adj(i) && self.kind(i + 1) == Some(Kind::Word) {
            return None;
        }
        if !self.clean_num(i) {
            return None;
        }
        Some((d as u32, i + 1))
    }

    /// Four-digit year at i.
    pub(super) fn year_at(&self, i: usize) -> Option<(i32, usize)> {
        if self.kind(i) == Some(Kind::Word) {
            return self.written_year_at(i);
        }
        if self.num_len(i) != 4 || !self.clean_num(i) {
            return None;
        }
        let y = self.num(i)? as i32;
        if !(1000..=2199).contains(&y) {
            return None;
        }
        if self.adj(i) && self.kind(i + 1) == Some(Kind::Word) {
            return None;
        }
        Some((y, i + 1))
    }

    /// "nineteen ninety-six", "two thousand (and) one".
    fn written_year_at(&self, i: usize) -> Option<(i32, usize)> {
        match self.w(i) {
            "nineteen" | "eighteen" => {
                let hi = if self.is(i, "nineteen") { 1900 } else { 1800 };
                let nw = self.w(i + 1);
                if tens_number(nw).is_some() {
                    if let Some((Count::Exact(n), e)) = self.count_at(i + 1) {
                        return Some((hi + n as i32, e));
                    }
                }
                if nw == "oh" {
                    if let Some(o) = small_number(self.w(i + 2)).filter(|o| *o < 10) {
                        return Some((hi + o as i32, i + 3));
                    }
                }
                if let Some(n) = small_number(nw).filter(|n| (10..=19).contains(n)) {
                    return Some((hi + n as i32, i + 2));
                }
                None
            }
            "two" if self.is(i + 1, "thousand") => {
                let mut k = i + 2;
                if self.is(k, "and") {
                    k += 1;
                }
                match small_number(self.w(k)) {
                    Some(o) if o < 20 => Some((2000 + o as i32, k + 1)),
                    _ => Some((2000, i + 2)),
                }
            }
            _ => None,
        }
    }

    /// Written or digit count at i; returns (count, next).
    pub(super) fn count_at(&self, i: usize) -> Option<(Count, usize)> {
        let t = self.t.get(i)?;
        if t.kind == Kind::Num {
            // 1,000 style groups
            let mut j = i;
            let mut digits = t.low.clone();
            while self.adj(j) && self.is(j + 1, ",") && self.adj(j + 1) && self.num_len(j + 2) == 3
            {
                if let Some(n) = self.t.get(j + 2) {
                    digits.push_str(&n.low);
                }
                j += 2;
            }
            if i > 0 && self.adj(i - 1) && matches!(self.w(i - 1), "." | "," | ":" | "$") {
                return None;
            }
            if self.adj(j)
                && matches!(self.w(j + 1), "." | ":" | "/")
                && self.adj(j + 1)
                && self.kind(j + 2) == Some(Kind::Num)
            {
                return None;
            }
            let c = match digits.parse::<u64>() {
                Ok(n) if n < 1_000_000_000 => Count::Exact(n),
                _ => Count::Vague,
            };
            return Some((c, j + 1));
        }
        if t.kind != Kind::Word {
            return None;
        }
        let w = t.low.as_str();
        match w {
            "a" | "an" => {
                if self.is(i + 1, "few") {
                    return Some((Count::Vague, i + 2));
                }
                if self.is(i + 1, "couple") && self.is(i + 2, "of") {
                    return Some((Count::Vague, i + 3));
                }
                if self.is(i + 1, "dozen") {
                    return Some((Count::Exact(12), i + 2));
                }
                if self.is(i + 1, "hundred") {
                    return Some((Count::Exact(100), i + 2));
                }
                if self.is(i + 1, "thousand") {
                    return Some((Count::Exact(1000), i + 2));
                }
                if self.is(i + 1, "number") && self.is(i + 2, "of") {
                    return Some((Count::Vague, i + 3));
                }
                return Some((Count::Exact(1), i + 1));
            }
            "several" | "few" | "many" | "some" | "numerous" => {
                return Some((Count::Vague, i + 1));
            }
            "couple" if self.is(i + 1, "of") => return Some((Count::Vague, i + 2)),
            _ => {}
        }
        if let Some(tn) = tens_number(w) {
            let mut j = i + 1;
            let mut n = tn;
            let k = if self.is(j, "-") && self.adj(i) && self.adj(j) {
                j + 1
            } else {
                j
            };
            if let Some(o) = small_number(self.w(k)) {
                if o < 10 {
                    n += o;
                    j = k + 1;
                }
            }
            return Some((Count::Exact(n), j));
        }
        if let Some(n) = small_number(w) {
            if w == "dozen" {
                return None;
            }
            if self.is(i + 1, "hundred") {
                return Some((Count::Exact(n * 100), i + 2));
            }
            if self.is(i + 1, "thousand") {
                return Some((Count::Exact(n * 1000), i + 2));
            }
            return Some((Count::Exact(n), i + 1));
        }
        if w == "hundred" || w == "hundreds" || w == "thousands" {
            return None;
        }
        None
    }

    /// Clock time: 9:06 a.m., 10 p.m., noon, midnight. Returns ("T09:06", next).
    pub(super) fn clock_at(&self, i: usize) -> Option<(String, usize)> {
        match self.w(i) {
            "noon" | "midday" if i == 0 || !self.is(i - 1, "high") => {
                return Some(("T12:00".into(), i + 1))
            }
            "midnight" => return Some(("T24:00".into(), i + 1)),
            _ => {}
        }
        if self.num_len(i) == 0 || self.num_len(i) > 2 {
            return None;
        }
        if i > 0 && self.adj(i - 1) && matches!(self.w(i - 1), "." | "," | ":" | "$" | "/") {
            return None;
        }
        let h = self.num(i)?;
        let mut j = i + 1;
        let mut mi = 0u64;
        let mut has_min = false;
        if self.adj(i) && self.is(i + 1, ":") && self.adj(i + 1) && self.num_len(i + 2) == 2 {
            mi = self.num(i + 2)?;
            has_min = true;
            j = i + 3;
        }
        // am / pm
        let mut ampm: Option<bool> = None;
        let w = self.w(j);
        if w == "am" || w == "pm" {
            ampm = Some(w == "pm");
            j += 1;
        } else if (w == "a" || w == "p") && self.is(j + 1, ".") && self.is(j + 2, "m") {
            ampm = Some(w == "p");
            j += 3;
            if self.adj(j - 1) && self.is(j, ".") {
                j += 1;
            }
        } else if w == "o" && self.is(j + 1, "'") && self.is(j + 2, "clock") {
            j += 3;
            ampm = Some(false);
        }
        if ampm.is_none() && !has_min {
            return None;
        }
        if has_min && ampm.is_none() {
            // bare hh:mm: be careful with scores / ratios: require "at" before
            // or a time-zone after.
            let before_at = i > 0 && matches!(self.w(i - 1), "at" | "by" | "until" | "about");
            if !before_at && !is_tz(self.w(j)) {
                return None;
            }
        }
        if mi > 59 {
            return None;
        }
        let h = match ampm {
            Some(true) if h < 12 => h + 12,
            Some(false) if h == 12 && w != "o" => 0,
            _ => h,
        };
        if h > 24 || (ampm.is_some() && (h == 0 && !has_min && w == "o")) {
            return None;
        }
        if is_tz(self.w(j)) {
            j += 1;
        }
        Some((format!("T{h:02}:{mi:02}"), j))
    }

    pub(super) fn dayword(&self, i: usize) -> Option<(i64, usize)> {
        Some(match self.w(i) {
            "today" => (0, i + 1),
            "yesterday" => (-1, i + 1),
            "tomorrow" => (1, i + 1),
            _ => return None,
        })
    }
}
