//! Tokeniser and hand-written recognition rules (HeidelTime-style).
//!
//! Recognition produces candidate spans with an intermediate semantic form
//! ([`Sem`]); normalisation against a DCT happens in `norm.rs`.

use crate::TimexType;

/// Token kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// One token with byte offsets into the source text.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
    pub kind: Kind,
    /// ASCII-lowercased text.
    pub low: String,
    /// First character is uppercase.
    pub cap: bool,
}

/// Split text into words, digit runs and single punctuation characters.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut it = text.char_indices().peekable();
    while let Some((s, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_alphabetic() {
            Kind::Word
        } else if c.is_ascii_digit() {
            Kind::Num
        } else {
            Kind::Punct
        };
        let mut e = s + c.len_utf8();
        if kind != Kind::Punct {
            while let Some(&(j, d)) = it.peek() {
                let same = match kind {
                    Kind::Word => d.is_alphabetic(),
                    _ => d.is_ascii_digit(),
                };
                if !same {
                    break;
                }
                e = j + d.len_utf8();
                it.next();
            }
        }
        let raw = &text[s..e];
        out.push(Tok {
            s,
            e,
            kind,
            low: raw.to_lowercase(),
            cap: c.is_uppercase(),
        });
    }
    out
}

/// Calendar units.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// ISO-8601/TimeML duration for `n` units (`n` = "X" for unknown).
    pub fn duration(self, n: &str) -> String {
        match self {
            Unit::Second => format!("PT{n}S"),
            Unit::Minute => format!("PT{n}M"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{n}W"),
            Unit::Month => format!("P{n}M"),
            Unit::Quarter => format!("P{n}Q"),
            Unit::Year => format!("P{n}Y"),
            Unit::Decade => format!("P{n}DE"),
            Unit::Century => format!("P{n}CE"),
        }
    }
    /// Duration of `n` and a half units.
    pub fn half_duration(self, n: u64) -> String {
        match self {
            Unit::Second => format!("PT{n}.5S"),
            Unit::Minute => format!("PT{n}M30S"),
            Unit::Hour => format!("PT{n}H30M"),
            Unit::Day => format!("P{n}DT12H"),
            Unit::Week => format!("P{}D", n.saturating_mul(7).saturating_add(3)),
            Unit::Month => format!("P{n}M15D"),
            Unit::Quarter => format!("P{}M", n.saturating_mul(3).saturating_add(1)),
            Unit::Year => format!("P{n}Y6M"),
            Unit::Decade => format!("P{}Y", n.saturating_mul(10).saturating_add(5)),
            Unit::Century => format!("P{}Y", n.saturating_mul(100).saturating_add(50)),
        }
    }

    pub fn set(self) -> &'static str {
        match self {
            Unit::Second => "PT1S",
            Unit::Minute => "PT1M",
            Unit::Hour => "PT1H",
            Unit::Day => "P1D",
            Unit::Week => "P1W",
            Unit::Month => "P1M",
            Unit::Quarter => "P3M",
            Unit::Year => "P1Y",
            Unit::Decade => "P10Y",
            Unit::Century => "P100Y",
        }
    }
}

fn unit_of(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" => (Unit::Minute, false),
        "minutes" => (Unit::Minute, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

pub(crate) fn month_of(w: &str) -> Option<(u32, bool)> {
    // (month, is_abbreviation)
    Some(match w {
        "january" => (1, false),
        "jan" => (1, true),
        "february" => (2, false),
        "feb" => (2, true),
        "march" => (3, false),
        "mar" => (3, true),
        "april" => (4, false),
        "apr" => (4, true),
        "may" => (5, false),
        "june" => (6, false),
        "jun" => (6, true),
        "july" => (7, false),
        "jul" => (7, true),
        "august" => (8, false),
        "aug" => (8, true),
        "september" => (9, false),
        "sept" | "sep" => (9, true),
        "october" => (10, false),
        "oct" => (10, true),
        "november" => (11, false),
        "nov" => (11, true),
        "december" => (12, false),
        "dec" => (12, true),
        _ => return None,
    })
}

pub(crate) fn weekday_of(w: &str) -> Option<u32> {
    Some(match w {
        "monday" | "mon" => 1,
        "tuesday" | "tues" | "tue" => 2,
        "wednesday" => 3,
        "thursday" | "thurs" | "thu" => 4,
        "friday" | "fri" => 5,
        "saturday" => 6,
        "sunday" => 7,
        _ => return None,
    })
}

fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" => "NI",
        _ => return None,
    })
}

fn season_of(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

fn small_number(w: &str) -> Option<u64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "dozen" => 12,
        _ => return None,
    })
}

fn tens_number(w: &str) -> Option<u64> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn ordinal_of(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "twenty-first" => 21,
        _ => return None,
    })
}

/// A parsed count: exact, or vague ("several", "a few").
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Count {
    Exact(u64),
    Vague,
}

impl Count {
    pub fn code(self) -> String {
        match self {
            Count::Exact(n) => n.to_string(),
            Count::Vague => "X".to_string(),
        }
    }
}

/// Who a relative expression is anchored to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Anchor {
    Dct,
    Ref,
}

/// Intermediate semantic form of a recognised expression.
#[derive(Clone, Debug)]
pub(crate) enum Sem {
    /// Final value, independent of any anchor.
    Lit(String),
    /// Calendar date with optional year/day; `wd` = weekday seen next to it;
    /// `rel`: 0 bare, -1 "last", 1 "next", 2 "this".
    Cal {
        y: Option<i32>,
        m: u32,
        d: Option<u32>,
        wd: Option<u32>,
        rel: i32,
    },
    /// Impossible calendar date: month known, day impossible.
    BadDay {
        m: u32,
    },
    Year(i32),
    TwoDigitYear(u32),
    Decade(i32),
    Century(i32),
    Weekday {
        wd: u32,
        rel: i32,
    },
    DayOff {
        off: i64,
        anchor: Anchor,
    },
    UnitOff {
        unit: Unit,
        off: i64,
        anchor: Anchor,
    },
    /// Quarter `q` (0 = "the quarter", current/latest) of optional year;
    /// `yoff` relative year offset when the year is relative.
    Quarter {
        q: u32,
        y: Option<i32>,
        yoff: Option<i64>,
    },
    Season {
        s: &'static str,
        y: Option<i32>,
        rel: i32,
    },
    /// A day expression with a time (`T09:06`) or part of day (`TAF`).
    WithTime {
        base: Box<Sem>,
        t: String,
    },
    /// Weekend of the week `off` weeks from the DCT.
    Weekend {
        off: i64,
    },
}

/// A recognised candidate.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub ttype: TimexType,
    pub sem: Sem,
    pub modi: Option<&'static str>,
}

pub(crate) struct Scanner {
    pub t: Vec<Tok>,
}

const NONE: &str = "";

impl Scanner {
    pub fn new(text: &str) -> Self {
        Scanner { t: tokenize(text) }
    }

    pub fn w(&self, i: usize) -> &str {
        self.t.get(i).map_or(NONE, |t| t.low.as_str())
    }
    fn is(&self, i: usize, s: &str) -> bool {
        self.w(i) == s
    }
    fn cap(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.cap)
    }
    fn kind(&self, i: usize) -> Option<Kind> {
        self.t.get(i).map(|t| t.kind)
    }
    /// No whitespace between token i and i+1.
    fn adj(&self, i: usize) -> bool {
        match (self.t.get(i), self.t.get(i + 1)) {
            (Some(a), Some(b)) => a.e == b.s,
            _ => false,
        }
    }
    fn num(&self, i: usize) -> Option<u64> {
        let t = self.t.get(i)?;
        if t.kind != Kind::Num || t.low.len() > 18 {
            return None;
        }
        t.low.parse().ok()
    }
    fn num_len(&self, i: usize) -> usize {
        self.t
            .get(i)
            .filter(|t| t.kind == Kind::Num)
            .map_or(0, |t| t.low.len())
    }
    /// Whether token i is alone as a number (not part of 1,000 / 3.5 / 12:30 / $5).
    fn clean_num(&self, i: usize) -> bool {
        if i > 0 && self.adj(i - 1) {
            let p = self.w(i - 1);
            if matches!(p, "," | "." | ":" | "$" | "/" | "#" | "£" | "€") {
                return false;
            }
            if p == "-" && i > 1 && self.kind(i - 2) == Some(Kind::Num) && self.adj(i - 2) {
                return false;
            }
        }
        if self.adj(i) {
            let n = self.w(i + 1);
            if matches!(n, "," | "." | ":" | "/" | "%" | "-")
                && self.kind(i + 2) == Some(Kind::Num)
                && self.adj(i + 1)
            {
                return false;
            }
            if n == "%" {
                return false;
            }
        }
        true
    }

    /// Month name at i (capitalised); returns (month, next index).
    fn month_at(&self, i: usize) -> Option<(u32, usize)> {
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

    fn weekday_at(&self, i: usize) -> Option<(u32, usize)> {
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
    fn day_at(&self, i: usize) -> Option<(u32, usize)> {
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
    fn year_at(&self, i: usize) -> Option<(i32, usize)> {
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
    fn count_at(&self, i: usize) -> Option<(Count, usize)> {
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

    /// Recognise all expressions: greedy longest match, left to right.
    pub fn scan(&self) -> Vec<Cand> {
        let mut out = Vec::new();
        let mut i = 0;
        let n = self.t.len();
        while i < n {
            match self.best_at(i) {
                Some(c) if c.end > i => {
                    i = c.end;
                    out.push(c);
                }
                _ => i += 1,
            }
        }
        out
    }

    fn best_at(&self, i: usize) -> Option<Cand> {
        // Cheap pre-filter: only tokens that can start an expression.
        let t = &self.t[i];
        if t.kind == Kind::Punct && t.low != "'" && t.low != "’" {
            return None;
        }
        let mut best: Option<Cand> = None;
        let rules: [fn(&Self, usize) -> Option<Cand>; 11] = [
            Self::r_approx,
            Self::r_modified,
            Self::r_calendar,
            Self::r_numeric_date,
            Self::r_relative,
            Self::r_duration,
            Self::r_lexical,
            Self::r_time,
            Self::r_weekday,
            Self::r_year,
            Self::r_set,
        ];
        for r in rules {
            if let Some(c) = r(self, i) {
                if !matches!(&best, Some(b) if c.end <= b.end) {
                    best = Some(c);
                }
            }
        }
        // A day expression followed by a part of day or a clock time.
        if let Some(b) = best.as_mut() {
            self.extend_time(b);
        }
        best
    }

    fn cand(&self, start: usize, end: usize, ttype: TimexType, sem: Sem) -> Option<Cand> {
        Some(Cand {
            start,
            end,
            ttype,
            sem,
            modi: None,
        })
    }

    fn is_dayish(sem: &Sem) -> bool {
        matches!(
            sem,
            Sem::Weekday { .. } | Sem::DayOff { .. } | Sem::Cal { d: Some(_), .. }
        )
    }

    fn extend_time(&self, c: &mut Cand) {
        if !Self::is_dayish(&c.sem) {
            return;
        }
        let j = c.end;
        if let Some(p) = part_of_day(self.w(j)) {
            c.sem = Sem::WithTime {
                base: Box::new(c.sem.clone()),
                t: format!("T{p}"),
            };
            c.ttype = TimexType::Time;
            c.end = j + 1;
            return;
        }
        if self.is(j, "at") || self.is(j, ",") {
            return;
        }
        if let Some((t, e)) = self.clock_at(j) {
            c.sem = Sem::WithTime {
                base: Box::new(c.sem.clone()),
                t,
            };
            c.ttype = TimexType::Time;
            c.end = e;
        }
    }

    /// Clock time: 9:06 a.m., 10 p.m., noon, midnight. Returns ("T09:06", next).
    fn clock_at(&self, i: usize) -> Option<(String, usize)> {
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

    fn r_time(&self, i: usize) -> Option<Cand> {
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

    fn dayword(&self, i: usize) -> Option<(i64, usize)> {
        Some(match self.w(i) {
            "today" => (0, i + 1),
            "yesterday" => (-1, i + 1),
            "tomorrow" => (1, i + 1),
            _ => return None,
        })
    }

    /// early/mid/late + X, "the end of X", "mid-2023", "the middle of October".
    fn r_modified(&self, i: usize) -> Option<Cand> {
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

    /// Month-day-year combinations, optionally preceded by a weekday.
    fn r_calendar(&self, i: usize) -> Option<Cand> {
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
    fn r_numeric_date(&self, i: usize) -> Option<Cand> {
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

    /// "nearly two years ago", "about a week later".
    fn r_approx(&self, i: usize) -> Option<Cand> {
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

    /// Years, decades, centuries.
    fn r_year(&self, i: usize) -> Option<Cand> {
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
    fn r_weekday(&self, i: usize) -> Option<Cand> {
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

    /// last/this/next week, the following day, yesterday, two days ago, quarters, seasons...
    fn r_relative(&self, i: usize) -> Option<Cand> {
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

    /// Durations: [mod] [the] [past|next|first|last] N unit(s), bare plurals, "N-year".
    fn r_duration(&self, i: usize) -> Option<Cand> {
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

    /// Fixed words: now, recently, the future, holidays...
    fn r_lexical(&self, i: usize) -> Option<Cand> {
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

    /// Sets: every year, each season, weekly, twice a day.
    fn r_set(&self, i: usize) -> Option<Cand> {
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

fn is_tz(w: &str) -> bool {
    matches!(
        w,
        "est"
            | "edt"
            | "et"
            | "gmt"
            | "utc"
            | "pst"
            | "pdt"
            | "cst"
            | "cdt"
            | "mst"
            | "mdt"
            | "bst"
            | "cet"
    )
}
