//! # storyline_quotes
//!
//! Who said what: direct quotes, partial quotes, unmarked speech and indirect
//! speech, with their speakers resolved to one canonical name per document.
//!
//! The input is a [`Document`] with sentences, tokens (UPOS, lemma, dependency
//! head and relation) and entities, as produced by `storyline_pipeline`'s pipeline.
//! [`extract_quotes`] returns [`Quote`]s sorted by start; every offset is a
//! UTF-8 byte offset into `doc.text`.
//!
//! How it works, in short:
//! 1. quotation marks are paired into quoted spans ([`marks`]);
//! 2. cue verbs ("said", "told", "denied", ... and "according to") are found in
//!    the dependency parse; each gets a speaker (its subject, the agent of a
//!    passive, or the speaker inherited from the verb it hangs off: "..., saying")
//!    and a content (its clausal complement, the clause it is appended to in
//!    "..., he said", or the speech after a colon);
//! 3. quoted spans are attached to the cue whose content covers them (direct or
//!    mixed) or to the nearest cue of their sentences; long quotes without a
//!    cue continue the previous speaker;
//! 4. speaker mentions resolve to canonical names: people to the fullest name
//!    seen in the document, pronouns to the most recent compatible speaker or
//!    subject, titles ("the Russian leader") to the person introduced with them,
//!    institutions ("the Kremlin") to their name as written.
//!
//! ```
//! use storyline_model::Document;
//! // Without a parse only quoted text is found, with no speaker.
//! let doc = Document::new("d".into(), "“We will never give up, not now and not ever,” the statement went on.".into());
//! let quotes = storyline_quotes::extract_quotes(&doc);
//! assert_eq!(quotes[0].text, "We will never give up, not now and not ever");
//! ```
#![deny(missing_docs)]
#![allow(
    clippy::needless_range_loop,
    clippy::collapsible_if,
    clippy::type_complexity
)]

pub mod eval;
mod frames;
pub mod marks;
mod resolve;
mod speakers;
mod statements;
mod subject;
mod tables;
mod view;

use marks::QuoteSpan;
pub use speakers::NameIndex;
use storyline_model::{Document, Quote};
pub use tables::CUE_LEMMAS;
use view::View;

/// A cue with its speaker and content.
#[derive(Debug, Clone, Default)]
struct Frame {
    /// The cue token (for "according to": the "according" token).
    cue: usize,
    cue_text: String,
    /// Speaker head token.
    speaker: Option<usize>,
    /// Byte span of the speaker mention.
    speaker_span: Option<(usize, usize)>,
    /// Canonical name fixed at frame building time (a document's author).
    speaker_name: Option<String>,
    /// Byte span of the content.
    content: Option<(usize, usize)>,
    /// The content precedes the cue ("..., he said").
    trailing: bool,
    /// Speech after a colon.
    colon: bool,
    /// A second, indirect content ("insisted that X: Y" → "X").
    extra: Option<(usize, usize)>,
    channel: Option<String>,
    via: Option<String>,
}

/// A statement before speaker resolution.
#[derive(Debug, Clone)]
struct Stmt {
    start: usize,
    end: usize,
    kind: &'static str,
    frame: Option<usize>,
    /// Inherits the speaker of the previous statement.
    continues: bool,
}

/// Options of the extractor (for evaluation of variants).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Extend unmarked speech with a trailing attribution back over preceding
    /// unattributed sentences of the paragraph.
    pub extend_back: bool,
    /// Keep quotes that have no cue and no previous speaker.
    pub orphan_quotes: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            extend_back: true,
            orphan_quotes: true,
        }
    }
}

/// Every statement of the document with its speaker, sorted by start.
pub fn extract_quotes(doc: &Document) -> Vec<Quote> {
    extract_quotes_with(doc, Options::default())
}

/// [`extract_quotes`] with explicit [`Options`].
pub fn extract_quotes_with(doc: &Document, opts: Options) -> Vec<Quote> {
    let view = View::new(doc);
    let names = NameIndex::new(doc);
    let quotes = marks::scan(&doc.text);
    Extractor {
        v: &view,
        names: &names,
        quotes: &quotes,
        opts,
    }
    .run()
}

/// The canonical person names of a document with their mention counts, most
/// frequent first ("Xi", "President Xi", "Xi Jinping" count as "Xi Jinping").
pub fn canonical_speakers(doc: &Document) -> Vec<(String, usize)> {
    NameIndex::new(doc).people()
}

struct Extractor<'a, 'b> {
    v: &'a View<'b>,
    names: &'a NameIndex,
    quotes: &'a [QuoteSpan],
    opts: Options,
}

fn debug() -> bool {
    static DEBUG: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("STORYLINE_QUOTES_DEBUG").is_some())
}

#[cfg(test)]
mod tests;
