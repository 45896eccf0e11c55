//! Tokeniser and hand-written recognition rules (HeidelTime-style).
//!
//! Recognition produces candidate spans with an intermediate semantic form
//! ([`Sem`]); normalisation against a DCT happens in `norm.rs`.
//!
//! This module holds the tokens, the semantic form, the [`Scanner`]'s token accessors
//! and its driver (greedy longest match over all rules). The rules live in `dates`,
//! `relative`, `modified`, `durations` and `lexical`; `readers` reads single pieces
//! (a month, a day, a count, a clock time) and `tables` holds the word tables.

mod dates;
mod durations;
mod lexical;
mod modified;
mod readers;
mod relative;
mod tables;

use crate::TimexType;
use tables::part_of_day;

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
}
