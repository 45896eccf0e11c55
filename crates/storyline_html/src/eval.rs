//! The article-body metric of the Zyte/Scrapinghub article-extraction
//! benchmark: token 4-shingle precision/recall, computed per page on
//! normalised TP/FP/FN counts and averaged over pages.
//!
//! Replicates the reference `evaluate.py`: tokens are maximal runs of
//! Unicode word characters (`\w+`, case preserved); a text with fewer than
//! four tokens yields one shorter shingle; an empty text yields none.
//! (Rust's `char::is_alphanumeric` is used for `\w`; it differs from
//! Python only on some combining marks.)
//! Per-page precision is averaged over pages with a non-empty prediction,
//! recall over pages with a non-empty ground truth, and F1 is the harmonic
//! mean of the two averages.

use std::collections::HashMap;

/// Normalised true positives, false positives and false negatives of one
/// page (summing to 1, or all zero when both texts are empty).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TpFpFn {
    /// True positives.
    pub tp: f64,
    /// False positives.
    pub fp: f64,
    /// False negatives.
    pub fn_: f64,
}

impl TpFpFn {
    /// Page precision as in the reference script.
    pub fn precision(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            return 1.0;
        }
        if self.tp == 0.0 && self.fp == 0.0 {
            return 0.0;
        }
        self.tp / (self.tp + self.fp)
    }

    /// Page recall as in the reference script.
    pub fn recall(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            return 1.0;
        }
        if self.tp == 0.0 && self.fn_ == 0.0 {
            return 0.0;
        }
        self.tp / (self.tp + self.fn_)
    }

    /// Page F1 (harmonic mean of page precision and recall).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Aggregate scores over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Mean precision over pages with a non-empty prediction.
    pub precision: f64,
    /// Mean recall over pages with a non-empty ground truth.
    pub recall: f64,
    /// Harmonic mean of `precision` and `recall`.
    pub f1: f64,
}

/// Split into `\w+` tokens (Unicode alphanumerics and `_`).
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric() || c == '_';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, u32> {
    let tokens = tokenize(text);
    let mut map: HashMap<Vec<&str>, u32> = HashMap::new();
    if tokens.is_empty() {
        return map;
    }
    let count = tokens.len().saturating_sub(n) + 1;
    for i in 0..count.max(1) {
        let end = (i + n).min(tokens.len());
        *map.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    map
}

/// Shingle matching of one page (`n = 4` in the benchmark).
pub fn shingle_matching(truth: &str, pred: &str, n: usize) -> TpFpFn {
    let t = shingles(truth, n);
    let p = shingles(pred, n);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        tp += f64::from(pc.min(tc));
        fp += f64::from(pc.saturating_sub(tc));
    }
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        fn_ += f64::from(tc.saturating_sub(pc));
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        TpFpFn {
            tp: tp / s,
            fp: fp / s,
            fn_: fn_ / s,
        }
    } else {
        TpFpFn::default()
    }
}

/// Aggregate per-page results as the reference script does.
pub fn aggregate(pages: &[TpFpFn]) -> Scores {
    let mean = |v: Vec<f64>| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let precision = mean(
        pages
            .iter()
            .filter(|x| x.tp + x.fp > 0.0)
            .map(TpFpFn::precision)
            .collect(),
    );
    let recall = mean(
        pages
            .iter()
            .filter(|x| x.tp + x.fn_ > 0.0)
            .map(TpFpFn::recall)
            .collect(),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_matches_word_regex() {
        assert_eq!(
            tokenize("Hello, world! it's 3.5 — naïve_x"),
            vec!["Hello", "world", "it", "s", "3", "5", "naïve_x"]
        );
    }

    #[test]
    fn identical_texts_score_one() {
        let r = shingle_matching("a b c d e f", "a b c d e f", 4);
        assert!((r.tp - 1.0).abs() < 1e-12);
        assert_eq!(r.precision(), 1.0);
        assert_eq!(r.recall(), 1.0);
    }

    #[test]
    fn short_texts_and_empty() {
        // Fewer than n tokens: one short shingle.
        let r = shingle_matching("a b", "a b", 4);
        assert_eq!(r.f1(), 1.0);
        // Empty prediction: precision excluded, recall zero.
        let r = shingle_matching("a b c d", "", 4);
        assert_eq!(r.tp + r.fp, 0.0);
        assert_eq!(r.recall(), 0.0);
        let s = aggregate(&[r, shingle_matching("a b c d", "a b c d", 4)]);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 0.5);
        // Both empty: all zero, excluded from both means.
        assert_eq!(shingle_matching("", "", 4), TpFpFn::default());
    }

    #[test]
    fn partial_overlap() {
        let r = shingle_matching("a b c d e", "a b c d x", 4);
        // truth shingles: abcd, bcde ; pred: abcd, bcdx
        assert!((r.precision() - 0.5).abs() < 1e-12);
        assert!((r.recall() - 0.5).abs() < 1e-12);
    }
}
