#![deny(missing_docs)]
//! The document model: one article and the stand-off annotations on its clean text.
//!
//! Every span is a half-open range of UTF-8 byte offsets into [`Document::text`]
//! (see `CONTRACTS.md`). Types here do no IO; they serialise to the JSON shape
//! that `storyline annotate` prints.

use serde::{Deserialize, Serialize};

/// How an article reached us, before cleaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain text as scraped.
    Text,
    /// A whole HTML page.
    Html,
    /// One record of a JSON Lines file; its `text` is the body.
    Json,
}

/// An article as read from disk, before cleaning. Produced by `storyline_ingest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    /// Explicit id (JSONL `id`, file stem), if any.
    pub id: Option<String>,
    /// Where it came from: a path, `path:line` or `path#record`, for error messages and provenance.
    pub origin: String,
    /// What `body` is.
    pub format: SourceFormat,
    /// The body: text, decoded HTML, or the JSONL `text` field.
    pub body: String,
    /// Metadata given with the input (JSONL fields, WARC target URI).
    pub title: Option<String>,
    /// Publication date given with the input, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Outlet given with the input.
    pub outlet: Option<String>,
    /// URL given with the input.
    pub url: Option<String>,
    /// Byline given with the input.
    pub byline: Option<String>,
}

impl RawArticle {
    /// A raw article with a body and nothing else.
    pub fn new(origin: impl Into<String>, format: SourceFormat, body: impl Into<String>) -> Self {
        RawArticle {
            id: None,
            origin: origin.into(),
            format,
            body: body.into(),
            title: None,
            published: None,
            outlet: None,
            url: None,
            byline: None,
        }
    }
}

/// Something cleaning took out of the body, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The removed text.
    pub text: String,
    /// Why: `boilerplate`, `repeated title`, `byline`, `date stamp`, `dateline`, ...
    pub reason: String,
}

/// A sentence: a byte span of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A token with its linguistic analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Universal POS tag.
    pub pos: String,
    /// Lemma.
    pub lemma: String,
    /// Index of the head token in the document's token list, -1 for a root.
    pub head: i64,
    /// Universal Dependencies relation to the head.
    pub dep: String,
}

/// A named entity mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The mention text.
    pub text: String,
    /// PER, ORG, LOC or MISC.
    pub label: String,
    /// The canonical actor it resolves to, if any.
    pub actor: Option<String>,
}

/// A temporal expression with its TimeML normalisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimexMention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The expression text.
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub timex_type: String,
    /// TimeML value (`2022-02-25`, `P3D`, `PRESENT_REF`, ...).
    pub value: String,
}

/// A statement and who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// First byte of the quoted content.
    pub start: usize,
    /// One past the last byte of the quoted content.
    pub end: usize,
    /// The content.
    pub text: String,
    /// Canonical speaker name, if known.
    pub speaker: Option<String>,
    /// The speaker mention's first byte.
    pub speaker_start: Option<usize>,
    /// The speaker mention's end byte.
    pub speaker_end: Option<usize>,
    /// The cue verb ("said").
    pub cue: Option<String>,
    /// direct, indirect or mixed.
    pub kind: String,
    /// Where it was said ("on Telegram", "in a readout on CCTV"), if the text says.
    #[serde(default)]
    pub channel: Option<String>,
    /// The outlet or source that relayed it ("according to the Financial Times").
    #[serde(default)]
    pub via: Option<String>,
}

/// A text span of an event trigger.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Trigger {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The trigger text.
    pub text: String,
}

/// Who or what takes part in an event mention, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// `agent` (who does it), `patient` (to whom or what it is done: the theme, the victim),
    /// `recipient`, `instrument` or `other`.
    pub role: String,
    /// First byte of the participant's phrase (into `title` when the event is `in_title`).
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The phrase as written ("the company", "he", "Airbus").
    pub text: String,
    /// What the phrase refers to: the canonical actor name from the knowledge base, else
    /// the name the article gives it ("Airbus" for "the company"), else null.
    pub actor: Option<String>,
}

/// An event mention: something the text says happens, happened, will or may happen, with its
/// participants and time, and its political coding where it is an interaction between actors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Index of the sentence in [`Document::sentences`] (0 for a title event).
    pub sentence: usize,
    /// The trigger word(s).
    pub trigger: Trigger,
    /// The trigger's lemma ("deliver" for "delivered", "sale" for "sales").
    #[serde(default)]
    pub lemma: String,
    /// TimeML class: OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL or PERCEPTION.
    #[serde(default = "occurrence")]
    pub class: String,
    /// TimeML tense of a verb: PAST, PRESENT, FUTURE, INFINITIVE, PRESPART, PASTPART or NONE.
    #[serde(default)]
    pub tense: Option<String>,
    /// TimeML aspect of a verb: PROGRESSIVE, PERFECTIVE, PERFECTIVE_PROGRESSIVE or NONE.
    #[serde(default)]
    pub aspect: Option<String>,
    /// POS, or NEG when the mention is negated ("did not call").
    #[serde(default = "positive")]
    pub polarity: String,
    /// Who and what take part in it.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// CAMEO code, or null when the mention is no political interaction.
    pub code: Option<String>,
    /// PLOVER type, or null with `code`.
    pub plover: Option<String>,
    /// Source actor of the coded event.
    pub source: Option<String>,
    /// Target actor of the coded event.
    pub target: Option<String>,
    /// CAMEO actor code of the source (`CHNGOV`), if known.
    #[serde(default)]
    pub source_code: Option<String>,
    /// CAMEO actor code of the target, if known.
    #[serde(default)]
    pub target_code: Option<String>,
    /// Date, `YYYY-MM-DD` (or coarser: `YYYY-Www`, `YYYY-MM`, `YYYY`), or null when undated.
    pub date: Option<String>,
    /// day, week, month or year.
    pub precision: Option<String>,
    /// Where the date comes from: `timex` (a time expression governing the clause),
    /// `relative` (a phrase relative to another date, "the day before"), `publication` (the
    /// article's date, for a report of the day's news), or null when undated.
    #[serde(default)]
    pub date_basis: Option<String>,
    /// Where it happened.
    pub location: Option<String>,
    /// asserted, negated, intended, reported or hypothetical.
    pub modality: String,
    /// How sure the extraction is, 0..1: for a coded event, that the coding (type, source and
    /// target) is right; for another mention, that it is an event with these participants.
    #[serde(default)]
    pub score: f32,
    /// True when the trigger is in the document's `title` (its offsets, and its
    /// participants', are into `title`).
    #[serde(default)]
    pub in_title: bool,
    /// A nominal mention with no date of its own ("since the invasion", "Xi's state visit"),
    /// dated by its article for want of better: most likely a reference to an earlier event.
    #[serde(default)]
    pub reference: bool,
    /// A past-tense verb with no date of its own past the lede of its article ("Xi met
    /// Putin" deep in a later report), dated by its article for want of better: it may
    /// recall a recent event rather than report the day's news.
    #[serde(default)]
    pub recalled: bool,
}

fn occurrence() -> String {
    "OCCURRENCE".to_string()
}

fn positive() -> String {
    "POS".to_string()
}

impl Default for Event {
    /// An empty uncoded mention (for struct-update syntax).
    fn default() -> Self {
        Event::mention(0, Trigger::default(), String::new())
    }
}

impl Event {
    /// An uncoded, undated, asserted mention of `trigger` in sentence `sentence`.
    pub fn mention(sentence: usize, trigger: Trigger, lemma: impl Into<String>) -> Self {
        Event {
            sentence,
            trigger,
            lemma: lemma.into(),
            class: occurrence(),
            tense: None,
            aspect: None,
            polarity: positive(),
            participants: Vec::new(),
            code: None,
            plover: None,
            source: None,
            target: None,
            source_code: None,
            target_code: None,
            date: None,
            precision: None,
            date_basis: None,
            location: None,
            modality: "asserted".to_string(),
            score: 0.0,
            in_title: false,
            reference: false,
            recalled: false,
        }
    }

    /// Whether the mention carries a political (CAMEO/PLOVER) coding.
    pub fn is_coded(&self) -> bool {
        self.code.is_some()
    }

    /// The participants in a role.
    pub fn in_role(&self, role: &str) -> Vec<&Participant> {
        self.participants
            .iter()
            .filter(|p| p.role == role)
            .collect()
    }
}

/// One article after the per-document pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// True when `published` was inferred from the text or corpus rather than stated.
    #[serde(default)]
    pub published_inferred: bool,
    /// The outlet (site, agency).
    pub outlet: Option<String>,
    /// The author(s).
    pub byline: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// The clean body text; every offset points into it.
    pub text: String,
    /// What cleaning removed.
    pub removed: Vec<Removed>,
    /// Sentences.
    pub sentences: Vec<SentenceSpan>,
    /// Tokens.
    pub tokens: Vec<TokenInfo>,
    /// Named entities.
    pub entities: Vec<EntityMention>,
    /// Temporal expressions.
    pub timexes: Vec<TimexMention>,
    /// Quotes.
    pub quotes: Vec<Quote>,
    /// Events.
    pub events: Vec<Event>,
}

impl Document {
    /// A document with text and metadata only, no annotations.
    pub fn new(id: String, text: String) -> Self {
        Document {
            id,
            title: None,
            published: None,
            published_inferred: false,
            outlet: None,
            byline: None,
            url: None,
            text,
            removed: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            entities: Vec::new(),
            timexes: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
        }
    }
}
