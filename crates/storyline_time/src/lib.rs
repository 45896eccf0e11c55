//! # storyline_time
//!
//! Recognition and normalisation of temporal expressions following the
//! TimeML TIMEX3 conventions (TempEval-3), anchoring of relative expressions
//! to the document creation time (DCT) or to the last mentioned date, and
//! inference of the creation date of undated articles.
//!
//! The recogniser is a hand-written, HeidelTime-style rule scanner working on
//! raw text (no external NLP). Offsets are UTF-8 byte offsets into the input.
//!
//! ```
//! use chrono::NaiveDate;
//! use storyline_time::{extract, TimexType};
//!
//! let dct = NaiveDate::from_ymd_opt(2023, 3, 17);
//! let text = "Xi will visit Russia next week, the two nations said on Friday.";
//! let tx = extract(text, dct);
//! assert_eq!(tx[0].text, "next week");
//! assert_eq!(tx[0].value, "2023-W12");
//! assert_eq!(tx[1].text, "Friday");
//! assert_eq!(tx[1].ttype, TimexType::Date);
//! assert_eq!(tx[1].value, "2023-03-17");
//!
//! // Without a DCT, relative expressions stay underspecified.
//! let tx = extract("They met on Feb. 25.", None);
//! assert_eq!(tx[0].value, "XXXX-02-25");
//! ```

#![warn(missing_docs)]

mod dct;
pub mod eval;
mod norm;
mod scan;

use std::fmt;

use chrono::NaiveDate;

pub use dct::{infer_dct, DctHints, InferredDate};
use norm::{Ctx, Tense};
use scan::{Kind, Scanner, Sem, Tok};

/// TIMEX3 `type` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimexType {
    /// A calendar date or period ("Feb. 25", "last week", "2014").
    Date,
    /// A time of day ("9:06 a.m.", "Thursday afternoon").
    Time,
    /// A length of time ("three days", "nearly an hour").
    Duration,
    /// A recurring time ("every year", "weekly").
    Set,
}

impl fmt::Display for TimexType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        })
    }
}

impl TimexType {
    /// Parse "DATE", "TIME", "DURATION" or "SET" (case-insensitive).
    pub fn parse(s: &str) -> Option<TimexType> {
        Some(match s.to_ascii_uppercase().as_str() {
            "DATE" => TimexType::Date,
            "TIME" => TimexType::Time,
            "DURATION" => TimexType::Duration,
            "SET" => TimexType::Set,
            _ => return None,
        })
    }
}

/// One recognised temporal expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timex {
    /// Start byte offset (inclusive) into the input text, on a char boundary.
    pub start: usize,
    /// End byte offset (exclusive), on a char boundary.
    pub end: usize,
    /// The covered text, `&text[start..end]`.
    pub text: String,
    /// TIMEX3 type.
    pub ttype: TimexType,
    /// TIMEX3 value, e.g. "2022-02-25", "2023-W12", "P3D", "PRESENT_REF",
    /// or an underspecified value such as "XXXX-02-25" when no anchor is known.
    pub value: String,
    /// TIMEX3 `mod` (START, END, MID, APPROX, LESS_THAN, MORE_THAN, ...).
    pub modifier: Option<String>,
    /// Whether the value was computed relative to the DCT or a previously
    /// mentioned date.
    pub anchored: bool,
}

/// Optional knobs for [`extract_with`].
#[derive(Clone, Debug)]
pub struct Options {
    /// Anchor "the following day", "two days later", "that year" to the last
    /// mentioned date (default true); when false they use the DCT.
    pub anchor_to_reference: bool,
    /// Tense assumed for clauses without any tense cue (default: past, as in
    /// news reporting).
    pub default_past: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            anchor_to_reference: true,
            default_past: true,
        }
    }
}

/// Precision of a resolved value (see [`resolve_date`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// A day ("2022-02-25").
    Day,
    /// An ISO week ("2022-W08"); the date returned is its Monday.
    Week,
    /// A month ("2022-02"); the date returned is the first.
    Month,
    /// A quarter ("2022-Q1"); the date returned is its first day.
    Quarter,
    /// A year ("2022"); the date returned is January 1.
    Year,
}

/// Recognise and normalise temporal expressions in `text`, anchoring relative
/// ones to `dct` (document creation time). Spans are sorted, non-overlapping
/// and on char boundaries.
pub fn extract(text: &str, dct: Option<NaiveDate>) -> Vec<Timex> {
    extract_with(text, dct, &Options::default())
}

/// [`extract`] with explicit [`Options`].
pub fn extract_with(text: &str, dct: Option<NaiveDate>, opts: &Options) -> Vec<Timex> {
    extract_full(text, dct, opts)
        .into_iter()
        .map(|r| r.timex)
        .collect()
}

/// Internal result with the semantic form kept (used by DCT inference).
pub(crate) struct Rich {
    pub timex: Timex,
    pub sem: Sem,
    pub tense: Tense,
}

pub(crate) fn extract_full(text: &str, dct: Option<NaiveDate>, opts: &Options) -> Vec<Rich> {
    let sc = Scanner::new(text);
    let cands = sc.scan();
    let mut ctx = Ctx {
        dct,
        reference: None,
        ref_year: None,
        use_reference: opts.anchor_to_reference,
    };
    let mut out = Vec::with_capacity(cands.len());
    let mut last_year: Option<(i32, usize)> = None;
    let mut last_quarter: Option<(i32, u32, usize)> = None;
    for c in cands {
        let (Some(s), Some(e)) = (
            sc.t.get(c.start),
            c.end.checked_sub(1).and_then(|k| sc.t.get(k)),
        ) else {
            continue;
        };
        let (start, end) = (s.s, e.e);
        if start >= end || end > text.len() {
            continue;
        }
        let mut tense = tense_at(&sc.t, c.start, c.end);
        if tense == Tense::Unknown && opts.default_past {
            tense = Tense::Past;
        }
        // only an explicit year mentioned shortly before serves as
        // reference for "a year earlier"; otherwise the DCT is used
        ctx.ref_year = last_year
            .filter(|&(_, at)| c.start.saturating_sub(at) <= 25)
            .map(|(y, _)| y);
        let mut n = norm::normalize(&c.sem, &ctx, tense);
        if let Some(d) = n.day {
            ctx.reference = Some(d);
        }
        // Financial reporting: "a year ago/earlier" next to a quarter means
        // the same quarter of the previous year.
        if let Sem::UnitOff {
            unit: scan::Unit::Year,
            off: -1,
            ..
        } = c.sem
        {
            let last_word = c
                .end
                .checked_sub(1)
                .and_then(|k| sc.t.get(k))
                .map(|t| t.low.as_str());
            if matches!(last_word, Some("ago" | "earlier" | "period")) {
                if let Some((qy, q, _)) =
                    last_quarter.filter(|&(_, _, at)| c.start.saturating_sub(at) <= 150)
                {
                    n.value = format!("{:04}-Q{q}", qy - 1);
                }
            }
        }
        if let (Sem::Quarter { .. }, Some((y, q))) = (
            &c.sem,
            n.value
                .split_once("-Q")
                .and_then(|(y, q)| Some((y.parse::<i32>().ok()?, q.parse::<u32>().ok()?))),
        ) {
            last_quarter = Some((y, q, c.end));
        }
        match &c.sem {
            Sem::Year(y) | Sem::Cal { y: Some(y), .. } | Sem::Quarter { y: Some(y), .. } => {
                last_year = Some((*y, c.end))
            }
            _ => {}
        }
        out.push(Rich {
            timex: Timex {
                start,
                end,
                text: text[start..end].to_string(),
                ttype: c.ttype,
                value: n.value,
                modifier: c.modi.map(str::to_string),
                anchored: n.anchored,
            },
            sem: c.sem,
            tense,
        });
    }
    out
}

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd", "gov", "sen", "rep",
    "gen", "col", "lt", "sgt", "u", "s", "a", "p", "m", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "mt", "ft", "prof", "tues", "thurs",
];

fn is_boundary(t: &[Tok], i: usize) -> bool {
    let Some(tok) = t.get(i) else { return true };
    match tok.low.as_str() {
        "!" | "?" | ";" => true,
        "." => {
            if i == 0 {
                return true;
            }
            let p = &t[i - 1];
            !(p.kind == Kind::Word
                && (ABBREV.contains(&p.low.as_str()) || p.low.chars().count() == 1))
        }
        _ => false,
    }
}

fn is_past_word(w: &str, cap: bool) -> bool {
    if cap {
        return false;
    }
    match w {
        "said" | "was" | "were" | "had" | "did" | "told" | "ago" | "met" | "began" | "went"
        | "came" | "took" | "made" | "saw" | "gave" | "got" | "left" | "held" | "fell" | "rose"
        | "sold" | "bought" | "paid" | "won" | "lost" | "spoke" | "wrote" | "became"
        | "brought" | "thought" | "knew" | "found" | "sent" | "put" | "set" | "hit" | "ran"
        | "led" | "cut" | "spent" | "struck" | "shot" | "flew" | "last" | "yesterday"
        | "earlier" | "broke" | "chose" | "drew" | "grew" | "kept" | "meant" | "heard"
        | "stood" | "understood" | "wasn" | "weren" | "didn" | "hadn" => true,
        _ => {
            w.len() >= 5
                && w.ends_with("ed")
                && !matches!(
                    w,
                    "indeed"
                        | "proceed"
                        | "exceed"
                        | "succeed"
                        | "hundred"
                        | "speed"
                        | "breed"
                        | "need"
                        | "embed"
                        | "seed"
                        | "feed"
                        | "greed"
                        | "creed"
                )
        }
    }
}

fn is_future_word(t: &[Tok], i: usize) -> bool {
    let w = t[i].low.as_str();
    let next = t.get(i + 1).map_or("", |x| x.low.as_str());
    match w {
        "will" | "shall" | "tomorrow" | "next" | "upcoming" | "would" | "ll" | "won" => {
            if w == "won" {
                return next == "'" || next == "’";
            }
            if w == "ll" {
                return i > 0 && matches!(t[i - 1].low.as_str(), "'" | "’");
            }
            true
        }
        "plans" | "plan" | "planned" | "planning" | "scheduled" | "expected" | "expects"
        | "expecting" | "intends" | "intended" => true,
        "going" | "due" | "set" | "aims" | "poised" | "slated" => next == "to",
        "to" => matches!(
            next,
            "meet"
                | "visit"
                | "hold"
                | "begin"
                | "start"
                | "sign"
                | "travel"
                | "attend"
                | "vote"
                | "announce"
                | "release"
                | "open"
                | "launch"
                | "return"
                | "resume"
                | "take"
                | "host"
                | "decide"
                | "arrive"
                | "leave"
                | "speak"
                | "testify"
                | "appear"
        ),
        _ => false,
    }
}

fn is_present_word(w: &str) -> bool {
    matches!(w, "is" | "are" | "says" | "say" | "am" | "has" | "have")
}

/// Tense of the clause around tokens `[s, e)`: nearest tense cue wins.
fn tense_at(t: &[Tok], s: usize, e: usize) -> Tense {
    // own words first
    for tok in &t[s..e.min(t.len())] {
        match tok.low.as_str() {
            "last" | "ago" | "past" | "previous" | "yesterday" | "earlier" => return Tense::Past,
            "next" | "coming" | "tomorrow" | "later" | "upcoming" => return Tense::Future,
            _ => {}
        }
    }
    let cue = |i: usize| -> Option<Tense> {
        let tok = &t[i];
        if tok.kind != Kind::Word {
            return None;
        }
        if is_future_word(t, i) {
            return Some(Tense::Future);
        }
        if is_past_word(&tok.low, tok.cap && i > 0 && !is_boundary(t, i - 1)) {
            // "were planning", "was expected": the auxiliary defers
            if i + 1 < t.len() && is_future_word(t, i + 1) {
                return Some(Tense::Future);
            }
            return Some(Tense::Past);
        }
        if is_present_word(&tok.low) {
            // "has/have + -ed" is past-ish: let the participle decide
            if matches!(tok.low.as_str(), "has" | "have") {
                return None;
            }
            return Some(Tense::Present);
        }
        None
    };
    let mut left = None;
    let mut dl = usize::MAX;
    let mut i = s;
    let mut steps = 0;
    while i > 0 && steps < 40 {
        i -= 1;
        steps += 1;
        if is_boundary(t, i) {
            break;
        }
        if let Some(c) = cue(i) {
            left = Some(c);
            dl = s - i;
            break;
        }
    }
    let mut right = None;
    let mut dr = usize::MAX;
    let mut j = e;
    steps = 0;
    while j < t.len() && steps < 40 {
        if is_boundary(t, j) {
            break;
        }
        if let Some(c) = cue(j) {
            right = Some(c);
            dr = j + 1 - e + 1;
            break;
        }
        j += 1;
        steps += 1;
    }
    match (left, right) {
        (Some(l), Some(r)) => {
            if dl <= dr {
                l
            } else {
                r
            }
        }
        (Some(l), None) => l,
        (None, Some(r)) => r,
        (None, None) => Tense::Unknown,
    }
}

/// Parse a TIMEX3 value into the first day it denotes and its precision:
/// "2022-02-25" → day, "2022-02" → month, "2022-W08" → week (Monday),
/// "2022-Q1" → quarter, "2022" → year. Time suffixes ("T09:06", "TAF") are
/// ignored. Returns `None` for durations, references and underspecified values.
pub fn resolve_date(value: &str) -> Option<(NaiveDate, Precision)> {
    let v = value.split('T').next()?;
    let b = v.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let y: i32 = v.get(..4)?.parse().ok()?;
    if b.len() == 4 {
        return Some((NaiveDate::from_ymd_opt(y, 1, 1)?, Precision::Year));
    }
    let rest = v.get(4..)?;
    let rest = rest.strip_prefix('-')?;
    if let Some(w) = rest.strip_prefix('W') {
        let w = w.get(..2).unwrap_or(w);
        let wn: u32 = w.parse().ok()?;
        return Some((
            NaiveDate::from_isoywd_opt(y, wn, chrono::Weekday::Mon)?,
            Precision::Week,
        ));
    }
    if let Some(q) = rest.strip_prefix('Q') {
        let qn: u32 = q.parse().ok()?;
        if !(1..=4).contains(&qn) {
            return None;
        }
        return Some((
            NaiveDate::from_ymd_opt(y, (qn - 1) * 3 + 1, 1)?,
            Precision::Quarter,
        ));
    }
    let mut parts = rest.split('-');
    let m: u32 = parts.next()?.parse().ok()?;
    match parts.next() {
        None => Some((NaiveDate::from_ymd_opt(y, m, 1)?, Precision::Month)),
        Some(d) => {
            let d: u32 = d.parse().ok()?;
            if parts.next().is_some() {
                return None;
            }
            Some((NaiveDate::from_ymd_opt(y, m, d)?, Precision::Day))
        }
    }
}
