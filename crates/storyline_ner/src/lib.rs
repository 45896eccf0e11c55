//! # storyline_ner — named-entity recognition for news text
//!
//! A sequence labeller that finds person (`PER`), organisation (`ORG`),
//! location (`LOC`) and miscellaneous (`MISC`) names in tokenised text.
//! It is a structured averaged perceptron over BILOU tags decoded with a
//! constrained Viterbi search, using hashed features (word, lower case,
//! shape, affixes, context words, jackknifed training-data gazetteers,
//! document-level capitalisation and prediction-history features and,
//! optionally, word clusters). The model is trained by this crate
//! ([`train::train`]) on CoNLL-2003 and embedded in the library, so
//! [`Ner::default_model`] works from any working directory.
//!
//! Training also adds Title Case copies of the corpus' ALL-CAPS headlines,
//! hides word identities at random (word dropout) so unknown words are
//! handled from shape and context, and averages the weights of three runs.
//! Weights are stored as `i16` and scored with integer accumulation.
//!
//! Reproduce the committed model (`models/ner.bin.gz`, deterministic):
//! `cargo run --release -p storyline_ner --example train_ner -- /work/shared/data/conll2003`
//! (it first builds word clusters from the unlabelled corpora next to that
//! folder, see [`clusters::read_corpus`]).
//!
//! Input tokens are expected to come from a PTB/UD-like tokenizer
//! (`"Russia's"` → `"Russia" "'s"`); curly quotes and apostrophes are
//! normalised internally.
//!
//! ```
//! use storyline_ner::{Label, Ner};
//!
//! let ner = Ner::default_model();
//! let words = ["Angela", "Merkel", "visited", "Paris", "."];
//! let tags = ner.tag_sentence(&words);
//! assert_eq!(tags.len(), words.len());
//! let spans = ner.entities(&[words.to_vec()]);
//! for e in &spans[0] {
//!     println!("{} {}", words[e.start..e.end].join(" "), e.label);
//! }
//! assert!(spans[0].iter().any(|e| e.label == Label::Per));
//! ```

pub mod clusters;
mod feats;
mod model;
pub mod train;

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use model::{kind, typ, Model};

/// An entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A person.
    Per,
    /// An organisation (companies, governments, teams, ...).
    Org,
    /// A location (countries, cities, regions, ...).
    Loc,
    /// Other names (nationalities, events, products, ...).
    Misc,
}

impl Label {
    /// All labels, in tag order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    /// The CoNLL name: `"PER"`, `"ORG"`, `"LOC"` or `"MISC"`.
    pub fn as_str(self) -> &'static str {
        model::TYPES[self.index()]
    }

    /// Parse a CoNLL type name (`"PER"`, `"ORG"`, `"LOC"`, `"MISC"`).
    pub fn parse(s: &str) -> Option<Label> {
        match s {
            "PER" => Some(Label::Per),
            "ORG" => Some(Label::Org),
            "LOC" => Some(Label::Loc),
            "MISC" => Some(Label::Misc),
            _ => None,
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Label::Per => 0,
            Label::Org => 1,
            Label::Loc => 2,
            Label::Misc => 3,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entity mention: tokens `start..end` of one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntitySpan {
    /// Index of the first token.
    pub start: usize,
    /// Index one past the last token (exclusive).
    pub end: usize,
    /// Entity type.
    pub label: Label,
}

/// A named-entity recognizer (a loaded model). Thread-safe (`Sync`).
pub struct Ner {
    model: Model,
}

static EMBEDDED: &[u8] = include_bytes!("../models/ner.bin.gz");
static DEFAULT: OnceLock<Ner> = OnceLock::new();

impl Ner {
    /// The model embedded in the library (trained on CoNLL-2003), loaded
    /// lazily once. If the embedded model were unreadable, an empty model
    /// that tags every token `O` is returned instead of panicking.
    pub fn default_model() -> &'static Ner {
        DEFAULT.get_or_init(|| Ner::from_bytes(EMBEDDED).unwrap_or_else(|_| Ner::empty()))
    }

    /// Load a model from the bytes of a `ner.bin.gz` file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Ner, String> {
        Model::load(bytes).map(|model| Ner { model })
    }

    /// Load a model file written by [`train::train`].
    pub fn from_file(path: &Path) -> anyhow::Result<Ner> {
        let b = std::fs::read(path)?;
        Ner::from_bytes(&b).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// A model without weights (tags everything `O`).
    fn empty() -> Ner {
        Ner {
            model: Model {
                index: Default::default(),
                w: Vec::new(),
                scale: 1.0,
                trans: model::constraint_mask(),
                gaz: Default::default(),
                clusters: Default::default(),
            },
        }
    }

    /// Tag one sentence; returns one IOB2 tag (`O`, `B-PER`, `I-PER`, ...)
    /// per token.
    pub fn tag_sentence(&self, words: &[&str]) -> Vec<String> {
        self.tag_document(&[words.to_vec()])
            .pop()
            .unwrap_or_default()
    }

    /// Tag all sentences of one document, using document-level context
    /// (earlier predictions and capitalisation of the same word elsewhere).
    /// Returns IOB2 tags, one vector per sentence.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<String>> {
        self.model
            .tag_doc(sentences)
            .iter()
            .map(|t| model::to_iob2(t))
            .collect()
    }

    /// Entity spans per sentence of one document.
    pub fn entities(&self, sentences: &[Vec<&str>]) -> Vec<Vec<EntitySpan>> {
        self.model
            .tag_doc(sentences)
            .iter()
            .map(|tags| bilou_spans(tags))
            .collect()
    }
}

fn bilou_spans(tags: &[u8]) -> Vec<EntitySpan> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        let t = t as usize;
        if t == 0 || t >= model::NT {
            start = None;
            continue;
        }
        let label = Label::ALL[typ(t)];
        match kind(t) {
            0 => start = Some(i),
            2 => {
                if let Some(s) = start.take() {
                    out.push(EntitySpan {
                        start: s,
                        end: i + 1,
                        label,
                    });
                }
            }
            3 => {
                start = None;
                out.push(EntitySpan {
                    start: i,
                    end: i + 1,
                    label,
                });
            }
            _ => {}
        }
    }
    out
}

/// Tag CoNLL-2003-style text: the token is the first whitespace-separated
/// column (other columns are ignored), sentences are separated by blank
/// lines and documents by `-DOCSTART-` lines. Returns one output line per
/// input line: `"TOKEN TAG"` for token lines, blank and `-DOCSTART-` lines
/// echoed unchanged. Never panics.
pub fn tag_conll(ner: &Ner, input: &str) -> String {
    let lines: Vec<&str> = input.lines().collect();
    let mut tags: Vec<Option<String>> = vec![None; lines.len()];
    // documents -> sentences -> line indices
    let mut docs: Vec<Vec<Vec<usize>>> = vec![Vec::new()];
    let mut cur: Vec<usize> = Vec::new();
    let flush = |cur: &mut Vec<usize>, docs: &mut Vec<Vec<Vec<usize>>>| {
        if !cur.is_empty() {
            if let Some(d) = docs.last_mut() {
                d.push(std::mem::take(cur));
            }
        }
    };
    for (i, l) in lines.iter().enumerate() {
        match l.split_whitespace().next() {
            None => flush(&mut cur, &mut docs),
            Some("-DOCSTART-") => {
                flush(&mut cur, &mut docs);
                docs.push(Vec::new());
            }
            Some(_) => cur.push(i),
        }
    }
    flush(&mut cur, &mut docs);
    let first = |i: usize| lines[i].split_whitespace().next().unwrap_or("");
    for d in docs.iter().filter(|d| !d.is_empty()) {
        let sents: Vec<Vec<&str>> = d
            .iter()
            .map(|s| s.iter().map(|&i| first(i)).collect())
            .collect();
        for (s, t) in d.iter().zip(ner.tag_document(&sents)) {
            for (&i, tag) in s.iter().zip(t) {
                tags[i] = Some(tag);
            }
        }
    }
    let mut out = String::with_capacity(input.len() + lines.len() * 4);
    for (i, l) in lines.iter().enumerate() {
        match &tags[i] {
            Some(t) => {
                out.push_str(first(i));
                out.push(' ');
                out.push_str(t);
            }
            None => out.push_str(l),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_display() {
        assert_eq!(Label::Per.to_string(), "PER");
        assert_eq!(Label::Misc.to_string(), "MISC");
        for l in Label::ALL {
            assert_eq!(Label::parse(l.as_str()), Some(l));
        }
    }

    #[test]
    fn spans_from_bilou() {
        use model::tag_id;
        let t = [
            0u8,
            tag_id(0, 0) as u8,
            tag_id(0, 2) as u8,
            tag_id(2, 3) as u8,
        ];
        assert_eq!(
            bilou_spans(&t),
            vec![
                EntitySpan {
                    start: 1,
                    end: 3,
                    label: Label::Per
                },
                EntitySpan {
                    start: 3,
                    end: 4,
                    label: Label::Loc
                }
            ]
        );
    }

    #[test]
    fn empty_model_tags_o() {
        let n = Ner::empty();
        assert_eq!(n.tag_sentence(&["Paris", "is", "nice"]), vec!["O"; 3]);
        assert!(n.tag_sentence(&[]).is_empty());
    }

    #[test]
    fn conll_lines_preserved() {
        let n = Ner::empty();
        let input = "-DOCSTART- -X- -X- O\n\nParis NNP B-NP B-LOC\nis\n\n  \n";
        let out = tag_conll(&n, input);
        assert_eq!(out, "-DOCSTART- -X- -X- O\n\nParis O\nis O\n\n  \n");
    }
}
