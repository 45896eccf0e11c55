//! # storyline_nlp
//!
//! Linguistic analysis for news English, implemented and trained entirely in this crate:
//!
//! * a rule-based [`tokenize`]r and sentence splitter ([`split_sentences`]) tuned for news text
//!   (abbreviations, initials, clitics, quotes, dashes, numbers, dates, URLs, datelines);
//! * an averaged-perceptron UPOS tagger (two greedy passes, hashed features);
//! * a data-driven lemmatizer (form table plus learned suffix rules);
//! * a labelled arc-hybrid dependency parser trained with a dynamic oracle.
//!
//! The trained models live in `models/` (`pos.bin.gz`, `lemma.bin.gz`, `parser.bin.gz`: a small
//! varint-based binary format, 16-bit quantised weights, gzip) and are embedded into the binary,
//! so [`Nlp::default_models`] works from any working directory.
//!
//! ## Training and evaluation
//!
//! ```text
//! cargo run --release -p storyline_nlp --example train_nlp -- /work/shared/data/ud-english-ewt
//! cargo run --release -p storyline_nlp --example eval_nlp -- path/to/file.conllu
//! ```
//!
//! [`train::train_all`] trains on `*-ud-train.conllu` (the parser on jackknifed predicted tags),
//! logs per-epoch progress (and parser dev scores), writes the three model files and returns the
//! scores on `*-ud-dev.conllu`. Training is deterministic for a fixed seed.
//!
//! ## Robustness
//!
//! Any input string is processed without panicking and in time linear in its length; sentences
//! longer than [`MAX_PARSE_LEN`] tokens are parsed in chunks.
//!
//! ```
//! use storyline_nlp::{Nlp, Upos};
//!
//! let nlp = Nlp::default_models();
//! let text = "Xi Jinping met Putin in Moscow on Tuesday. They talked.";
//! let a = nlp.analyze(text);
//! assert_eq!(a.sentences.len(), 2);
//! let first = &a.tokens[0];
//! assert_eq!(&text[first.start..first.end], "Xi");
//! for t in &a.tokens {
//!     // heads are indices into `a.tokens` (or -1 for the sentence root)
//!     assert!(t.head >= -1 && (t.head as i64) < a.tokens.len() as i64);
//! }
//! let tags = nlp.tag(&["The", "cat", "sat", "."]);
//! assert_eq!(tags.len(), 4);
//! assert_eq!(tags[3], Upos::Punct);
//! ```

#![deny(missing_docs)]

pub mod conllu;
mod hash;
mod io;
mod lemma;
mod parser;
mod tagger;
mod tokenize;
pub mod train;
mod upos;

use std::sync::OnceLock;

pub use io::ModelError;

/// The learning primitives the models here are built with, for the other crates' models:
/// hashed feature keys, the averaged perceptron that trains them, the compact quantised
/// table that scores them, and the model file codec.
pub mod learn {
    pub use crate::hash::{feat, feat2, feat3, hash_str};
    pub use crate::io::{gunzip, Linear, ModelError, Perceptron, Reader, Writer};
}
pub use lemma::Lemmatizer;
pub use parser::{Parser, MAX_PARSE_LEN};
pub use tagger::Tagger;
pub use tokenize::{split_sentences, tokenize, SentenceSpan};
pub use upos::{Upos, ALL_UPOS};

/// A half-open byte range `[start, end)` of a token in the input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Start byte offset (on a char boundary).
    pub start: usize,
    /// End byte offset, exclusive (on a char boundary).
    pub end: usize,
}

/// A sentence of an [`Analysis`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Start byte offset of the sentence's first token.
    pub start: usize,
    /// End byte offset of the sentence's last token.
    pub end: usize,
    /// Indices into [`Analysis::tokens`].
    pub tokens: std::ops::Range<usize>,
}

/// An analysed token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Start byte offset in the input.
    pub start: usize,
    /// End byte offset in the input (exclusive).
    pub end: usize,
    /// Universal POS tag.
    pub upos: Upos,
    /// Lemma.
    pub lemma: String,
    /// Head as an index into the document's tokens, `-1` for a sentence root.
    pub head: i32,
    /// Universal Dependencies relation (full label, e.g. `nsubj:pass`).
    pub deprel: String,
}

/// Result of [`Nlp::analyze`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// All tokens of the document in text order.
    pub tokens: Vec<Token>,
}

impl Analysis {
    /// The words of each sentence, as slices of `text` (the text that was analysed): the input
    /// the tagger, the parser and the entity recognizer take.
    pub fn sentence_words<'t>(&self, text: &'t str) -> Vec<Vec<&'t str>> {
        self.sentences
            .iter()
            .map(|s| {
                self.tokens
                    .get(s.tokens.clone())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|t| text.get(t.start..t.end))
                    .collect()
            })
            .collect()
    }
}

/// The full pipeline: tokenizer, tagger, lemmatizer and parser.
pub struct Nlp {
    tagger: Tagger,
    lemmatizer: Lemmatizer,
    parser: Parser,
}

static POS_BYTES: &[u8] = include_bytes!("../models/pos.bin.gz");
static LEMMA_BYTES: &[u8] = include_bytes!("../models/lemma.bin.gz");
static PARSER_BYTES: &[u8] = include_bytes!("../models/parser.bin.gz");
static DEFAULT: OnceLock<Nlp> = OnceLock::new();

impl Nlp {
    /// The models committed in `models/`, embedded in the binary and loaded once, lazily.
    ///
    /// If the embedded data were unusable (e.g. an untrained checkout with placeholder files),
    /// an empty model is used instead, so this never panics.
    pub fn default_models() -> &'static Nlp {
        DEFAULT.get_or_init(|| {
            Nlp::from_gzip_bytes(POS_BYTES, LEMMA_BYTES, PARSER_BYTES)
                .unwrap_or_else(|_| Nlp::empty())
        })
    }

    /// Loads the pipeline from gzip-compressed model files' contents.
    pub fn from_gzip_bytes(pos: &[u8], lemma: &[u8], parser: &[u8]) -> Result<Nlp, ModelError> {
        Ok(Nlp {
            tagger: Tagger::read(&io::gunzip(pos)?)?,
            lemmatizer: Lemmatizer::read(&io::gunzip(lemma)?)?,
            parser: Parser::read(&io::gunzip(parser)?)?,
        })
    }

    /// Loads `pos.bin.gz`, `lemma.bin.gz` and `parser.bin.gz` from a directory.
    pub fn load_dir(dir: &std::path::Path) -> Result<Nlp, ModelError> {
        Nlp::from_gzip_bytes(
            &std::fs::read(dir.join("pos.bin.gz"))?,
            &std::fs::read(dir.join("lemma.bin.gz"))?,
            &std::fs::read(dir.join("parser.bin.gz"))?,
        )
    }

    /// A pipeline with untrained (empty) models; outputs are well-formed but uninformative.
    pub fn empty() -> Nlp {
        // Build through the readers so the structures stay private.
        let mut pos = io::Writer::default();
        pos.varint(0);
        for _ in 0..2 {
            pos.varint(17);
            pos.f32(1.0);
            pos.varint(0);
        }
        let mut lem = io::Writer::default();
        lem.varint(0);
        lem.varint(0);
        let mut par = io::Writer::default();
        par.varint(1);
        par.str("dep");
        par.varint(3);
        par.f32(1.0);
        par.varint(0);
        par.varint(1);
        par.f32(1.0);
        par.varint(0);
        match (
            Tagger::read(&pos.buf),
            Lemmatizer::read(&lem.buf),
            Parser::read(&par.buf),
        ) {
            (Ok(tagger), Ok(lemmatizer), Ok(parser)) => Nlp {
                tagger,
                lemmatizer,
                parser,
            },
            _ => unreachable!("empty models are well-formed"),
        }
    }

    pub(crate) fn from_parts(tagger: Tagger, lemmatizer: Lemmatizer, parser: Parser) -> Nlp {
        Nlp {
            tagger,
            lemmatizer,
            parser,
        }
    }

    /// Stored (rows, cells) of the tagger and of the parser's two tables.
    pub fn sizes(&self) -> [(usize, usize); 3] {
        let [a, l] = self.parser.size();
        [self.tagger.size(), a, l]
    }
    /// Tags a sequence of words (one sentence).
    pub fn tag(&self, words: &[&str]) -> Vec<Upos> {
        self.tagger.tag(words)
    }

    /// Lemma of a word given its tag.
    pub fn lemma(&self, word: &str, upos: Upos) -> String {
        self.lemmatizer.lemma(word, upos)
    }

    /// Parses one sentence. Returns, per word, the head index within the sentence (`-1` = root)
    /// and the relation. Sentences longer than [`MAX_PARSE_LEN`] are parsed in chunks whose roots
    /// are attached to the first chunk's root.
    pub fn parse(&self, words: &[&str], tags: &[Upos]) -> Vec<(i32, String)> {
        let mut out: Vec<(i32, String)> = Vec::with_capacity(words.len());
        let mut first_root: i32 = -1;
        let mut start = 0;
        while start < words.len() {
            let end = (start + MAX_PARSE_LEN).min(words.len());
            let tg: Vec<Upos> = (start..end)
                .map(|i| tags.get(i).copied().unwrap_or(Upos::X))
                .collect();
            for (h, l) in self.parser.parse_chunk(&words[start..end], &tg) {
                if h < 0 {
                    if first_root < 0 {
                        first_root = out.len() as i32;
                        out.push((-1, l));
                    } else {
                        out.push((first_root, "parataxis".to_string()));
                    }
                } else {
                    out.push((h + start as i32, l));
                }
            }
            start = end;
        }
        out
    }

    /// Full analysis of a text: tokens, sentences, tags, lemmas and dependencies.
    pub fn analyze(&self, text: &str) -> Analysis {
        let spans = tokenize(text);
        let sents = split_sentences(text, &spans);
        let mut out = Analysis {
            sentences: Vec::with_capacity(sents.len()),
            tokens: Vec::with_capacity(spans.len()),
        };
        for s in sents {
            let range = s.tokens.clone();
            let words: Vec<&str> = spans[range.clone()]
                .iter()
                .map(|sp| &text[sp.start..sp.end])
                .collect();
            let tags = self.tag(&words);
            let deps = self.parse(&words, &tags);
            let base = range.start as i32;
            let mut deps = deps.into_iter();
            for (i, sp) in spans[range.clone()].iter().enumerate() {
                let (h, l) = deps.next().unwrap_or_else(|| (-1, "dep".to_string()));
                let upos = tags.get(i).copied().unwrap_or(Upos::X);
                out.tokens.push(Token {
                    start: sp.start,
                    end: sp.end,
                    upos,
                    lemma: self.lemma(words[i], upos),
                    head: if h < 0 { -1 } else { h + base },
                    deprel: l,
                });
            }
            out.sentences.push(Sentence {
                start: s.start,
                end: s.end,
                tokens: range,
            });
        }
        out
    }
}

/// Reads CoNLL-U, keeps ID/FORM (and XPOS/FEATS/MISC) and comment lines, and fills UPOS, LEMMA,
/// HEAD and DEPREL with the pipeline's predictions. Malformed lines are dropped; the output is
/// always valid CoNLL-U (sentences renumbered if their IDs were not `1..n`). Never panics.
pub fn tag_conllu(nlp: &Nlp, input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 4);
    let mut block: Vec<&str> = Vec::new();
    for line in input.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            // a block of comments only is kept and joined to the next sentence
            if block.iter().any(|l| !l.starts_with('#')) {
                flush_block(nlp, &block, &mut out);
                block.clear();
            }
        } else {
            block.push(line);
        }
    }
    flush_block(nlp, &block, &mut out);
    out
}

fn clean_field(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if t.is_empty() {
        "_".to_string()
    } else {
        t
    }
}

fn flush_block(nlp: &Nlp, block: &[&str], out: &mut String) {
    if block.is_empty() {
        return;
    }
    enum L<'a> {
        Comment(&'a str),
        Other(&'a str),
        Word(Vec<&'a str>),
    }
    let mut lines: Vec<L> = Vec::new();
    for &line in block {
        if line.starts_with('#') {
            lines.push(L::Comment(line));
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 || cols[1].is_empty() {
            continue;
        }
        let id = cols[0];
        if id.parse::<usize>().is_ok() {
            lines.push(L::Word(cols));
        } else if cols.len() == 10 && (id.contains('-') || id.contains('.')) {
            lines.push(L::Other(line));
        }
    }
    let words: Vec<&[&str]> = lines
        .iter()
        .filter_map(|l| {
            if let L::Word(c) = l {
                Some(c.as_slice())
            } else {
                None
            }
        })
        .collect();
    if words.is_empty() {
        return;
    }
    let sequential = words
        .iter()
        .enumerate()
        .all(|(i, c)| c[0].parse::<usize>().ok() == Some(i + 1));
    let forms: Vec<String> = words.iter().map(|c| clean_field(c[1])).collect();
    let fr: Vec<&str> = forms.iter().map(|s| s.as_str()).collect();
    let tags = nlp.tag(&fr);
    let deps = nlp.parse(&fr, &tags);
    let mut wi = 0;
    for l in &lines {
        match l {
            L::Comment(c) => {
                out.push_str(c);
                out.push('\n');
            }
            L::Other(o) => {
                if sequential {
                    out.push_str(o);
                    out.push('\n');
                }
            }
            L::Word(cols) => {
                let col = |k: usize| cols.get(k).map_or("_".to_string(), |s| clean_field(s));
                let upos = tags.get(wi).copied().unwrap_or(Upos::X);
                let (h, rel) = deps.get(wi).cloned().unwrap_or((-1, "dep".to_string()));
                let lemma = clean_field(&nlp.lemma(&forms[wi], upos));
                let line = format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}\n",
                    wi + 1,
                    forms[wi],
                    lemma,
                    upos,
                    col(4),
                    col(5),
                    h + 1,
                    rel,
                    col(9)
                );
                out.push_str(&line);
                wi += 1;
            }
        }
    }
    out.push('\n');
}
