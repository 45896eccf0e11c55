//! TempEval-3 style scoring of TIMEX3 extraction, plus a small TimeML reader.
//!
//! Scores follow the official TE3 scorer: strict span match (identical
//! offsets), relaxed span match (any overlap, one-to-one), and attribute
//! scores counted on relaxed matches: `value F1` uses
//! P = correct values / system timexes and R = correct values / gold timexes.

use chrono::NaiveDate;

use crate::{Timex, TimexType};

/// A gold-standard TIMEX3 annotation on raw text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldTimex {
    /// Start byte offset into [`Doc::text`].
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Covered text.
    pub text: String,
    /// Gold type.
    pub ttype: TimexType,
    /// Gold value.
    pub value: String,
    /// Gold `mod`, if any.
    pub modifier: Option<String>,
}

/// A TimeML document reduced to raw text, DCT and gold TIMEX3 spans.
#[derive(Clone, Debug)]
pub struct Doc {
    /// DOCID (empty when absent).
    pub id: String,
    /// Document creation time (day part of the DCT TIMEX3 value).
    pub dct: Option<NaiveDate>,
    /// Text of `<TEXT>` with all tags removed and entities decoded.
    pub text: String,
    /// Gold TIMEX3 annotations inside `<TEXT>`.
    pub gold: Vec<GoldTimex>,
}

/// The value of attribute `name` in the inside of an XML start tag (`TIMEX3 tid="t1" ...`).
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=\"");
    let mut from = 0;
    while let Some(p) = tag[from..].find(&pat) {
        let at = from + p;
        // make sure it's a whole attribute name
        let ok = at == 0
            || tag
                .as_bytes()
                .get(at - 1)
                .is_some_and(|b| b.is_ascii_whitespace());
        let vs = at + pat.len();
        if ok {
            let ve = tag[vs..].find('"')? + vs;
            return Some(tag[vs..ve].to_string());
        }
        from = vs;
    }
    None
}

/// Appends `s` to `out` with the five predefined XML entities decoded.
pub fn decode_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let r = &rest[p..];
        let (rep, len) = if r.starts_with("&amp;") {
            ("&", 5)
        } else if r.starts_with("&lt;") {
            ("<", 4)
        } else if r.starts_with("&gt;") {
            (">", 4)
        } else if r.starts_with("&quot;") {
            ("\"", 6)
        } else if r.starts_with("&apos;") {
            ("'", 6)
        } else {
            ("&", 1)
        };
        out.push_str(rep);
        rest = &r[len..];
    }
    out.push_str(rest);
}

/// Parse a TimeML document: DCT, raw text of `<TEXT>` and gold TIMEX3 spans.
/// Returns `None` when there is no `<TEXT>` element.
pub fn parse_timeml(xml: &str) -> Option<Doc> {
    let id = xml
        .find("<DOCID>")
        .and_then(|s| {
            let rest = &xml[s + 7..];
            rest.find("</DOCID>").map(|e| rest[..e].trim().to_string())
        })
        .unwrap_or_default();
    let dct = xml.find("<DCT>").and_then(|s| {
        let rest = &xml[s..];
        let tag_end = rest.find('>')?;
        let inner = &rest[tag_end..];
        let t = inner.find("<TIMEX3")?;
        let te = inner[t..].find('>')? + t;
        let v = attr(&inner[t..te], "value")?;
        let d = v.get(..10).unwrap_or(&v);
        NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
    });
    let ts = xml.find("<TEXT>")? + "<TEXT>".len();
    let te = xml[ts..].find("</TEXT>").map_or(xml.len(), |e| ts + e);
    let body = &xml[ts..te];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        decode_into(&mut text, &rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if tag.starts_with("TIMEX3") {
            open = Some((text.len(), tag.to_string()));
        } else if tag.starts_with("/TIMEX3") {
            if let Some((s, t)) = open.take() {
                let ttype = attr(&t, "type")
                    .and_then(|x| TimexType::parse(&x))
                    .unwrap_or(TimexType::Date);
                gold.push(GoldTimex {
                    start: s,
                    end: text.len(),
                    text: text[s..].to_string(),
                    ttype,
                    value: attr(&t, "value").unwrap_or_default(),
                    modifier: attr(&t, "mod"),
                });
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    decode_into(&mut text, rest);
    Some(Doc {
        id,
        dct,
        text,
        gold,
    })
}

/// Alignment of system output with gold for one document.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    /// (gold index, system index) pairs whose spans overlap (one-to-one).
    pub pairs: Vec<(usize, usize)>,
    /// Gold indices without an overlapping system timex.
    pub missed: Vec<usize>,
    /// System indices without an overlapping gold timex.
    pub spurious: Vec<usize>,
}

/// Align gold and system spans by overlap (both lists sorted by start).
pub fn align(gold: &[GoldTimex], sys: &[Timex]) -> Alignment {
    let mut a = Alignment::default();
    let mut used = vec![false; sys.len()];
    for (gi, g) in gold.iter().enumerate() {
        // prefer an exact match, else the first overlapping unused one
        let mut pick = None;
        for (si, s) in sys.iter().enumerate() {
            if used[si] || s.end <= g.start || s.start >= g.end {
                continue;
            }
            if s.start == g.start && s.end == g.end {
                pick = Some(si);
                break;
            }
            if pick.is_none() {
                pick = Some(si);
            }
        }
        match pick {
            Some(si) => {
                used[si] = true;
                a.pairs.push((gi, si));
            }
            None => a.missed.push(gi),
        }
    }
    a.spurious = (0..sys.len()).filter(|&i| !used[i]).collect();
    a
}

/// Accumulated counts over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold timexes.
    pub gold: usize,
    /// System timexes.
    pub sys: usize,
    /// Exact span matches.
    pub strict: usize,
    /// Overlapping (relaxed) matches.
    pub relaxed: usize,
    /// Relaxed matches with the right type.
    pub type_ok: usize,
    /// Relaxed matches with the right value.
    pub value_ok: usize,
}

/// Precision, recall and F1 (in percent).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// Precision in percent.
    pub p: f64,
    /// Recall in percent.
    pub r: f64,
    /// F1 in percent.
    pub f1: f64,
}

impl Prf {
    /// Compute from counts.
    pub fn new(correct: usize, sys: usize, gold: usize) -> Prf {
        let p = if sys == 0 {
            0.0
        } else {
            correct as f64 / sys as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            correct as f64 / gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf {
            p: p * 100.0,
            r: r * 100.0,
            f1: f1 * 100.0,
        }
    }
}

/// TE3 scores.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    /// Strict span P/R/F1.
    pub strict: Prf,
    /// Relaxed span P/R/F1.
    pub relaxed: Prf,
    /// Type accuracy on relaxed matches (percent).
    pub type_accuracy: f64,
    /// Type F1 (type right on relaxed matches).
    pub type_f1: Prf,
    /// Value accuracy on relaxed matches (percent).
    pub value_accuracy: f64,
    /// Value F1 (value right on relaxed matches).
    pub value_f1: Prf,
}

impl Counts {
    /// Add one document.
    pub fn add(&mut self, gold: &[GoldTimex], sys: &[Timex]) -> Alignment {
        let a = align(gold, sys);
        self.gold += gold.len();
        self.sys += sys.len();
        for &(gi, si) in &a.pairs {
            let (g, s) = (&gold[gi], &sys[si]);
            self.relaxed += 1;
            if g.start == s.start && g.end == s.end {
                self.strict += 1;
            }
            if g.ttype == s.ttype {
                self.type_ok += 1;
            }
            if g.value == s.value {
                self.value_ok += 1;
            }
        }
        a
    }

    /// Merge counts.
    pub fn merge(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.sys += o.sys;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.type_ok += o.type_ok;
        self.value_ok += o.value_ok;
    }

    /// Compute scores.
    pub fn scores(&self) -> Scores {
        let acc = |n: usize| {
            if self.relaxed == 0 {
                0.0
            } else {
                100.0 * n as f64 / self.relaxed as f64
            }
        };
        Scores {
            strict: Prf::new(self.strict, self.sys, self.gold),
            relaxed: Prf::new(self.relaxed, self.sys, self.gold),
            type_accuracy: acc(self.type_ok),
            type_f1: Prf::new(self.type_ok, self.sys, self.gold),
            value_accuracy: acc(self.value_ok),
            value_f1: Prf::new(self.value_ok, self.sys, self.gold),
        }
    }
}
