//! Event mentions: which words of a document denote events, in TimeML's sense (verbs,
//! eventive nouns and adjectives: "fell", "the sale", "bankruptcy", "talks", "was unable"),
//! with their TimeML class, tense, aspect and polarity.
//!
//! The decision is learned: a linear model over each token's features (word, lemma, tag,
//! dependency relation and head, dependents, neighbours, endings, shape, names) scores "no
//! event" against the seven TimeML classes. It is trained by `storyline train mentions` on the
//! TimeBank and AQUAINT files of TempEval-3 (11,145 EVENTs) and committed as
//! `models/mentions.bin.gz`. Scores become probabilities with a softmax whose temperature is
//! fitted on held-out folds, so that [`Detected::score`] reads as the chance the word is an
//! event. Tense and aspect come from the verb group (auxiliaries and the verb's form), polarity
//! from negation words governed by the trigger.

mod features;
pub mod timeml;
pub mod train;

use std::sync::OnceLock;

use storyline_model::Document;
use storyline_nlp::learn::{gunzip, Linear, ModelError, Reader, Writer};

use features::{token_features, TokenView};

/// The TimeML classes, in the model's column order (column 0 is "no event").
pub const CLASSES: [&str; 7] = [
    "OCCURRENCE",
    "REPORTING",
    "STATE",
    "I_ACTION",
    "I_STATE",
    "ASPECTUAL",
    "PERCEPTION",
];

/// Columns of the model: no event, then the classes.
pub(crate) const NCOLS: usize = CLASSES.len() + 1;

const MAGIC: &str = "storyline-mentions-1";

static DEFAULT: OnceLock<MentionModel> = OnceLock::new();
static EMBEDDED: &[u8] = include_bytes!("../../models/mentions.bin.gz");

/// The trained mention model.
pub struct MentionModel {
    lin: Linear,
    /// Softmax temperature fitted on held-out folds.
    temperature: f32,
    /// The event probability from which a word is taken for an event (best held-out F1).
    threshold: f32,
}

/// A token the model takes for an event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    /// Index of the token in the document.
    pub token: usize,
    /// Its TimeML class.
    pub class: &'static str,
    /// Probability that it is an event (of any class).
    pub score: f32,
}

impl MentionModel {
    /// The model embedded in the binary (an empty model, detecting nothing, if it is corrupt).
    pub fn default_model() -> &'static MentionModel {
        DEFAULT.get_or_init(|| {
            MentionModel::from_gzip(EMBEDDED).unwrap_or_else(|_| MentionModel {
                lin: Linear::empty(NCOLS),
                temperature: 1.0,
                threshold: 1.0,
            })
        })
    }

    /// Reads a model written by `storyline train mentions`.
    pub fn from_gzip(bytes: &[u8]) -> Result<MentionModel, ModelError> {
        let raw = gunzip(bytes)?;
        let mut r = Reader::new(&raw);
        if r.str()? != MAGIC {
            return Err(ModelError::Corrupt("not a mention model"));
        }
        let temperature = r.f32()?;
        let threshold = r.f32()?;
        let lin = Linear::read(&mut r)?;
        if lin.ncols != NCOLS {
            return Err(ModelError::Corrupt("mention model columns"));
        }
        Ok(MentionModel {
            lin,
            temperature,
            threshold,
        })
    }

    pub(crate) fn from_parts(lin: Linear, temperature: f32, threshold: f32) -> MentionModel {
        MentionModel {
            lin,
            temperature,
            threshold,
        }
    }

    /// The columns' probabilities for token `i` (column 0: no event).
    fn probabilities(&self, v: &TokenView, i: usize, feats: &mut Vec<u64>) -> [f32; NCOLS] {
        feats.clear();
        token_features(v, i, feats);
        let mut s = [0f32; NCOLS];
        self.lin.score(feats, &mut s);
        softmax(&mut s, self.temperature);
        s
    }

    /// Every token of the document the model takes for an event, in order.
    pub fn detect(&self, doc: &Document) -> Vec<Detected> {
        let v = TokenView::new(doc);
        let mut feats = Vec::with_capacity(64);
        let mut out = Vec::new();
        for i in 0..v.len() {
            if !could_be_event(&doc.tokens[i].pos) {
                continue;
            }
            let p = self.probabilities(&v, i, &mut feats);
            let (best, _) =
                p[1..]
                    .iter()
                    .enumerate()
                    .fold((0, f32::MIN), |a, (k, &x)| if x > a.1 { (k, x) } else { a });
            let event = 1.0 - p[0];
            if event >= self.threshold {
                out.push(Detected {
                    token: i,
                    class: CLASSES[best],
                    score: event,
                });
            }
        }
        out
    }

    /// The most likely TimeML class of token `i`, whether or not it is taken for an event.
    pub fn class_of(&self, doc: &Document, i: usize) -> &'static str {
        if i >= doc.tokens.len() {
            return CLASSES[0];
        }
        let v = TokenView::new(doc);
        let p = self.probabilities(&v, i, &mut Vec::new());
        let best = (1..NCOLS)
            .max_by(|&a, &b| p[a].total_cmp(&p[b]))
            .unwrap_or(1);
        CLASSES[best - 1]
    }

    pub(crate) fn write(
        lin_bytes: &[u8],
        temperature: f32,
        threshold: f32,
    ) -> std::io::Result<Vec<u8>> {
        let mut w = Writer::default();
        w.str(MAGIC);
        w.f32(temperature);
        w.f32(threshold);
        w.buf.extend_from_slice(lin_bytes);
        w.gzip()
    }
}

/// Only content words and auxiliaries used as main verbs can be events.
fn could_be_event(pos: &str) -> bool {
    matches!(
        pos,
        "VERB" | "NOUN" | "ADJ" | "AUX" | "PROPN" | "ADV" | "NUM"
    )
}

pub(crate) fn softmax(s: &mut [f32], temperature: f32) {
    let t = temperature.max(1e-3);
    let m = s.iter().fold(f32::MIN, |a, &b| a.max(b));
    let mut z = 0.0;
    for x in s.iter_mut() {
        *x = ((*x - m) / t).exp();
        z += *x;
    }
    for x in s.iter_mut() {
        *x /= z;
    }
}

/// TimeML tense and aspect of a verb trigger, from its auxiliaries and form; `None` for
/// nouns and adjectives without a verb group. `children[i]` lists the tokens depending on
/// token `i` (as the event layer's context keeps them).
pub fn tense_aspect(
    doc: &Document,
    children: &[Vec<u32>],
    i: usize,
) -> (Option<&'static str>, Option<&'static str>) {
    let Some(t) = doc.tokens.get(i) else {
        return (None, None);
    };
    let word = doc.text.get(t.start..t.end).unwrap_or("").to_lowercase();
    let mut auxes: Vec<String> = Vec::new();
    let mut infinitive = false;
    let mut is_verbal = matches!(t.pos.as_str(), "VERB" | "AUX");
    for &c in children.get(i).map(Vec::as_slice).unwrap_or_default() {
        let Some(ct) = doc.tokens.get(c as usize) else {
            continue;
        };
        let cw = doc.text.get(ct.start..ct.end).unwrap_or("").to_lowercase();
        match ct.dep.as_str() {
            "aux" | "aux:pass" | "cop" => {
                auxes.push(cw);
                is_verbal = true;
            }
            "mark" if cw == "to" => infinitive = true,
            _ => {}
        }
    }
    if !is_verbal {
        return (None, None);
    }
    let has = |ws: &[&str]| auxes.iter().any(|a| ws.contains(&a.as_str()));
    let perfect = has(&["have", "has", "had", "having", "'ve"]);
    let progressive = word.ends_with("ing")
        && has(&[
            "be", "is", "are", "was", "were", "am", "been", "'s", "'re", "'m",
        ]);
    let aspect = match (perfect, progressive) {
        (true, true) => "PERFECTIVE_PROGRESSIVE",
        (true, false) => "PERFECTIVE",
        (false, true) => "PROGRESSIVE",
        _ => "NONE",
    };
    // The finite element of the group decides the tense: the first auxiliary, else the verb.
    let finite = auxes.first().map(String::as_str).unwrap_or(word.as_str());
    let tense = if has(&["will", "shall", "'ll"]) {
        "FUTURE"
    } else if auxes.is_empty() && infinitive {
        "INFINITIVE"
    } else if auxes.is_empty() && word.ends_with("ing") {
        "PRESPART"
    } else if matches!(
        finite,
        "was" | "were" | "had" | "did" | "could" | "would" | "might" | "should"
    ) {
        "PAST"
    } else if matches!(
        finite,
        "is" | "are"
            | "am"
            | "has"
            | "have"
            | "does"
            | "do"
            | "'s"
            | "'re"
            | "'m"
            | "can"
            | "may"
            | "must"
    ) {
        "PRESENT"
    } else if auxes.is_empty()
        && word != t.lemma.to_lowercase()
        && !word.ends_with('s')
        && t.pos == "VERB"
    {
        // A bare form that is not the lemma and not a third-person -s: a past form, unless it
        // is a participle modifying a noun.
        if matches!(t.dep.as_str(), "amod" | "acl") {
            "PASTPART"
        } else {
            "PAST"
        }
    } else if infinitive {
        "INFINITIVE"
    } else if t.pos == "VERB" || t.pos == "AUX" {
        "PRESENT"
    } else {
        "NONE"
    };
    (Some(tense), Some(aspect))
}

/// Whether the trigger at token `i` is negated ("did not call", "no agreement", "never met"),
/// itself or through the verbs whose complement it is ("would not try to impede", "did not
/// agree to lift").
pub fn negated(doc: &Document, children: &[Vec<u32>], i: usize) -> bool {
    let mut cur = i;
    for _ in 0..3 {
        if negated_here(doc, children, cur) {
            return true;
        }
        let t = &doc.tokens[cur];
        if !matches!(t.dep.as_str(), "xcomp") || t.head < 0 {
            return false;
        }
        let h = t.head as usize;
        if h >= doc.tokens.len() || h == cur {
            return false;
        }
        cur = h;
    }
    false
}

fn negated_here(doc: &Document, children: &[Vec<u32>], i: usize) -> bool {
    let kids = children.get(i).map(Vec::as_slice).unwrap_or_default();
    kids.iter()
        .filter_map(|&c| doc.tokens.get(c as usize))
        .any(|ct| {
            matches!(
                doc.text
                    .get(ct.start..ct.end)
                    .unwrap_or("")
                    .to_lowercase()
                    .as_str(),
                "not" | "n't" | "never" | "no" | "without"
            ) && matches!(
                ct.dep.as_str(),
                "advmod" | "det" | "aux" | "neg" | "case" | "mark" | "cc"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_sums_to_one() {
        let mut s = [1.0, 2.0, 3.0];
        softmax(&mut s, 1.5);
        assert!((s.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(s[2] > s[1] && s[1] > s[0]);
    }
}
