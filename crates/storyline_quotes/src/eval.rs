//! Evaluation against PolNeAR-style brat standoff attributions.
//!
//! Gold `Content` spans (with their `Source`) are read from `.ann` files, whose
//! offsets are Unicode character offsets, and converted to byte offsets. A
//! predicted quote matches a gold content when their overlap covers at least
//! half of the longer span; on matched quotes the speaker is right when the
//! predicted speaker mention overlaps the gold source span.

use std::collections::HashMap;

use storyline_model::Quote;

/// One gold attribution, in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldAttribution {
    /// Content span (first to last fragment).
    pub content: (usize, usize),
    /// Source span, if any.
    pub source: Option<(usize, usize)>,
    /// True when the content starts with a quotation mark.
    pub quoted: bool,
}

/// Maps character offsets to byte offsets (`len+1` entries).
pub fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

fn parse_span(s: &str, map: &[usize]) -> Option<(usize, usize)> {
    // "start end" or "start end;start end": first start to last end.
    let mut lo = usize::MAX;
    let mut hi = 0;
    for frag in s.split(';') {
        let mut it = frag.split_whitespace();
        let a: usize = it.next()?.parse().ok()?;
        let b: usize = it.next()?.parse().ok()?;
        lo = lo.min(a);
        hi = hi.max(b);
    }
    Some((*map.get(lo)?, *map.get(hi)?))
}

/// Parses a brat `.ann` file over `text` into gold attributions.
pub fn parse_ann(ann: &str, text: &str) -> Vec<GoldAttribution> {
    let map = char_to_byte(text);
    let mut spans: HashMap<&str, (&str, (usize, usize))> = HashMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(id), Some(mid)) = (parts.next(), parts.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let mut m = mid.splitn(2, ' ');
            let (Some(label), Some(rest)) = (m.next(), m.next()) else {
                continue;
            };
            if let Some(sp) = parse_span(rest, &map) {
                spans.insert(id, (label, sp));
            }
        } else if id.starts_with('E') {
            events.push(mid);
        }
    }
    let mut out = Vec::new();
    for e in events {
        let mut content = None;
        let mut source = None;
        for role in e.split_whitespace() {
            let Some((r, t)) = role.split_once(':') else {
                continue;
            };
            let sp = spans.get(t).map(|x| x.1);
            match r {
                "Content" => content = sp,
                "Source" => source = sp,
                _ => {}
            }
        }
        if let Some(c) = content {
            let quoted = text
                .get(c.0..)
                .and_then(|s| s.chars().next())
                .is_some_and(|ch| matches!(ch, '"' | '“' | '‘' | '\'' | '«'));
            out.push(GoldAttribution {
                content: c,
                source,
                quoted,
            });
        }
    }
    out
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// True when two spans match: the overlap covers half of the longer one.
pub fn spans_match(a: (usize, usize), b: (usize, usize)) -> bool {
    let longer = (a.1 - a.0).max(b.1 - b.0);
    longer > 0 && overlap(a, b) * 2 >= longer
}

/// Counts of one evaluation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted statements.
    pub predicted: usize,
    /// Gold attributions.
    pub gold: usize,
    /// Matched predictions (one-to-one).
    pub matched: usize,
    /// Matched predictions whose speaker mention overlaps the gold source.
    pub speaker_right: usize,
}

impl Counts {
    /// Adds another count.
    pub fn add(&mut self, o: &Counts) {
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.matched += o.matched;
        self.speaker_right += o.speaker_right;
    }
    /// Precision of content spans.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    /// Recall of content spans.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    /// F1 of content spans.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Speaker accuracy on matched quotes.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_right, self.matched)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores predictions against gold; `quoted_only` restricts both sides to
/// contents that start with a quotation mark (predictions: kind direct, or a
/// mark right before the span).
pub fn score(pred: &[Quote], gold: &[GoldAttribution], text: &str, quoted_only: bool) -> Counts {
    let gold: Vec<&GoldAttribution> = gold.iter().filter(|g| !quoted_only || g.quoted).collect();
    let pred: Vec<&Quote> = pred
        .iter()
        .filter(|q| {
            !quoted_only
                || q.kind == "direct"
                    && text
                        .get(..q.start)
                        .and_then(|s| s.chars().next_back())
                        .is_some_and(crate::marks::is_quote_char)
        })
        .collect();
    let mut used = vec![false; gold.len()];
    let mut c = Counts {
        predicted: pred.len(),
        gold: gold.len(),
        ..Counts::default()
    };
    for q in &pred {
        let ps = (q.start, q.end);
        let best = (0..gold.len())
            .filter(|&i| !used[i] && spans_match(ps, gold[i].content))
            .max_by_key(|&i| overlap(ps, gold[i].content));
        if let Some(i) = best {
            used[i] = true;
            c.matched += 1;
            if let (Some(src), Some(s), Some(e)) = (gold[i].source, q.speaker_start, q.speaker_end)
            {
                if overlap(src, (s, e)) > 0 {
                    c.speaker_right += 1;
                }
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ann_offsets_are_chars() {
        let text = "“Ça va,” he said.";
        let ann = "T1\tSource 9 11\the\nT2\tCue 12 16\tsaid\nT3\tContent 0 8\t“Ça va,”\nE1\tAttribution:T2 Content:T3 Source:T1 Cue:T2\n";
        let g = parse_ann(ann, text);
        assert_eq!(g.len(), 1);
        assert_eq!(&text[g[0].content.0..g[0].content.1], "“Ça va,”");
        assert_eq!(&text[g[0].source.unwrap().0..g[0].source.unwrap().1], "he");
        assert!(g[0].quoted);
    }

    #[test]
    fn matching() {
        assert!(spans_match((0, 10), (2, 10)));
        assert!(!spans_match((0, 10), (8, 30)));
    }
}
