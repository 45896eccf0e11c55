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
pub mod marks;
mod speakers;
mod view;

use marks::QuoteSpan;
pub use speakers::NameIndex;
use storyline_model::{Document, Quote};
use view::{base_dep, View};

/// Cue verb lemmas (learnt from PolNeAR train cues by frequency, then pruned).
pub const CUE_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "write",
    "add",
    "ask",
    "note",
    "report",
    "announce",
    "suggest",
    "argue",
    "describe",
    "tweet",
    "think",
    "continue",
    "acknowledge",
    "explain",
    "declare",
    "believe",
    "accuse",
    "urge",
    "recall",
    "respond",
    "propose",
    "conclude",
    "claim",
    "warn",
    "promise",
    "insist",
    "state",
    "reply",
    "reveal",
    "indicate",
    "predict",
    "vow",
    "pledge",
    "deny",
    "stress",
    "admit",
    "mention",
    "confirm",
    "post",
    "assure",
    "reiterate",
    "estimate",
    "concede",
    "assert",
    "complain",
    "lament",
    "learn",
    "question",
    "contend",
    "maintain",
    "emphasize",
    "emphasise",
    "observe",
    "allege",
    "inform",
    "boast",
    "quip",
    "recount",
    "remark",
    "testify",
    "charge",
    "hint",
    "imply",
    "signal",
    "caution",
    "point",
    "call",
    "agree",
    "hope",
    "fear",
    "worry",
    "expect",
    "feel",
    "know",
    "decide",
    "demand",
    "order",
    "show",
    "find",
    "acknowledge",
    "criticize",
    "denounce",
    "condemn",
    "welcome",
    "criticise",
    "announce",
    "stress",
    "underline",
    "underscore",
    "highlight",
    "joke",
    "disclose",
    "forecast",
    "answer",
    "counter",
    "retort",
    "tout",
    "brag",
    "explain",
    "guarantee",
    "threaten",
    "plead",
    "appeal",
    "declare",
    "advise",
    "concur",
    "dispute",
    "doubt",
    "cite",
    "wonder",
    "speculate",
    "recommend",
    "instruct",
];

/// Cues whose `xcomp` is reported content ("urged X to ...", "vowed to ...").
const XCOMP_CUES: &[&str] = &[
    "ask",
    "urge",
    "call",
    "tell",
    "vow",
    "promise",
    "pledge",
    "threaten",
    "advise",
    "instruct",
    "order",
    "appeal",
    "plead",
    "recommend",
    "demand",
    "warn",
    "agree",
    "decide",
    "hope",
    "expect",
];

/// Cues whose direct object can be the content ("denied the report").
const OBJ_CUES: &[&str] = &[
    "deny",
    "confirm",
    "announce",
    "reiterate",
    "acknowledge",
    "admit",
    "reveal",
    "question",
    "dispute",
    "predict",
    "propose",
    "report",
    "stress",
    "emphasize",
    "say",
    "write",
    "tweet",
    "post",
    "express",
    "denounce",
    "condemn",
    "criticize",
    "criticise",
    "welcome",
    "describe",
];

/// Nouns that name the place a statement was made.
const CHANNEL_NOUNS: &[&str] = &[
    "telegram",
    "twitter",
    "facebook",
    "instagram",
    "x",
    "weibo",
    "wechat",
    "youtube",
    "tiktok",
    "tv",
    "television",
    "radio",
    "interview",
    "statement",
    "readout",
    "broadcast",
    "briefing",
    "conference",
    "post",
    "video",
    "address",
    "speech",
    "tweet",
    "blog",
    "op-ed",
    "email",
    "letter",
    "podcast",
    "website",
    "call",
    "message",
    "cctv",
    "broadcaster",
    "appearance",
    "remarks",
    "hearing",
    "rally",
    "debate",
    "show",
    "program",
    "programme",
    "newspaper",
    "column",
    "article",
    "memo",
    "release",
    "session",
    "summit",
    "meeting",
    "channel",
    "page",
];

/// Nouns of documents whose author is the real source ("a statement from the Kremlin").
const DOC_NOUNS: &[&str] = &[
    "statement",
    "report",
    "readout",
    "transcript",
    "release",
    "document",
    "communique",
    "communiqué",
    "letter",
    "post",
    "message",
    "note",
    "memo",
    "account",
    "version",
    "summary",
    "notice",
];

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

/// Cue word forms accepted even when the tagger calls them nouns or adjectives.
const SURFACE_CUES: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "asked",
    "noted",
    "stated",
    "declared",
    "insisted",
    "explained",
    "warned",
    "replied",
    "claimed",
    "argued",
    "tweeted",
    "announced",
    "continued",
    "recalled",
    "concluded",
    "stressed",
    "acknowledged",
    "admitted",
    "confirmed",
    "denied",
    "saying",
    "adding",
];

/// Nouns that are dates, not speakers ("said Friday").
fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "week"
            | "month"
            | "year"
            | "morning"
            | "evening"
            | "afternoon"
            | "night"
            | "day"
    )
}

fn is_cue_lemma(l: &str) -> bool {
    CUE_LEMMAS.contains(&l)
}

/// A comma right before the cue only closes an apposition ("Lavrov, the minister, said").
fn segs_allowed_empty(v: &View<'_>, comma: usize, s0: usize) -> bool {
    let mut b = comma;
    while b > s0 && v.toks[b - 1].word != "," && comma - b < 14 {
        b -= 1;
        if matches!(v.toks[b].pos, "VERB" | "AUX" | "SCONJ") {
            return false;
        }
    }
    b > s0 && v.toks[b - 1].word == ","
}

fn first_person(w: &str) -> bool {
    matches!(w, "i" | "we")
}

impl Extractor<'_, '_> {
    fn in_quote(&self, byte: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.end <= byte);
        self.quotes.get(i).is_some_and(|q| q.start <= byte)
    }

    fn is_cue(&self, t: usize) -> bool {
        let tok = &self.v.toks[t];
        (tok.pos == "VERB" && is_cue_lemma(&tok.lemma)
            || matches!(tok.pos, "NOUN" | "ADJ" | "PROPN" | "AUX")
                && SURFACE_CUES.contains(&tok.lower.as_ref())
            || matches!(tok.lower.as_ref(), "read" | "reads")
                && t > 0
                && DOC_NOUNS.contains(&self.v.toks[t - 1].lemma.as_ref()))
            && !self.in_quote(tok.start)
    }

    fn own_subject(&self, c: usize) -> Option<usize> {
        let v = self.v;
        for &ch in &v.children[c] {
            let d = v.toks[ch].dep;
            if (d == "nsubj" || d == "csubj") && !is_time_word(&v.toks[ch].lower) {
                let w = v.toks[ch].lower.as_ref();
                if matches!(w, "who" | "that" | "which") && v.toks[c].dep.starts_with("acl") {
                    return v.toks[c].head;
                }
                if w.ends_with("self") && ch > 0 && v.toks[ch - 1].pos == "PROPN" {
                    return Some(ch - 1);
                }
                return Some(ch);
            }
        }
        // Passive: the agent ("was told by X").
        for &ch in &v.children[c] {
            if v.toks[ch].dep == "obl:agent"
                || (base_dep(v.toks[ch].dep) == "obl"
                    && v.children[ch].iter().any(|&g| v.toks[g].lower == "by"))
            {
                if v.children[c].iter().any(|&g| v.toks[g].dep == "aux:pass") {
                    return Some(ch);
                }
            }
        }
        None
    }

    /// The speaker head of cue `c`: its subject, or the one of the cue or verb it depends on.
    fn speaker_of(&self, c: usize) -> Option<usize> {
        self.speaker_of_depth(c, 0)
    }

    /// The subject noun phrase right before a cue, read off the surface:
    /// "Sergei Lavrov, the Russian Foreign Minister, said" → (head of "Sergei Lavrov",
    /// its first token, true when a clause and comma precede it: "..., he said").
    fn surface_subject(&self, c: usize) -> Option<(usize, usize, bool)> {
        let v = self.v;
        let sent = &v.sents[v.toks[c].sent];
        let s0 = sent.toks.start;
        let nominal = |t: usize| {
            let tok = &v.toks[t];
            matches!(tok.pos, "NOUN" | "PROPN")
                || (tok.pos == "PRON"
                    && !matches!(tok.lower.as_ref(), "who" | "which" | "that" | "what"))
                || (tok.pos == "ADJ"
                    && t > s0
                    && tok.word.chars().next().is_some_and(char::is_uppercase))
        };
        // Tokens that may sit inside a subject segment.
        let inner = |t: usize| {
            let tok = &v.toks[t];
            match tok.pos {
                "VERB" | "AUX" | "SCONJ" => false,
                "PUNCT" => matches!(tok.word, "’s" | "'s" | "-" | "."),
                "CCONJ" => t > s0 && v.toks[t - 1].pos == "PROPN",
                "PRON" => !matches!(tok.lower.as_ref(), "who" | "which" | "that" | "what"),
                _ => !self.in_quote(tok.start),
            }
        };
        let mut j = c;
        // Skip adverbs and auxiliaries: "has also said".
        while j > s0
            && matches!(v.toks[j - 1].pos, "ADV" | "AUX" | "PART")
            && c - j < 3
            && v.toks[j - 1].lower != "to"
        {
            j -= 1;
        }
        if j == s0 || c - j > 0 && v.toks[j].pos == "PART" && v.toks[j].lower == "to" {
            return None;
        }
        // Segments between commas, right to left: (start, end) inclusive.
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let mut end = j - 1;
        let mut blocked = false;
        loop {
            if v.toks[end].word == "," {
                if segs.is_empty() && !segs_allowed_empty(v, end, s0) {
                    return None;
                }
                if end == s0 {
                    break;
                }
                end -= 1;
                continue;
            }
            let mut a = end;
            while a > s0 && inner(a - 1) && v.toks[a - 1].word != "," && end - a < 14 {
                a -= 1;
            }
            if !inner(end) || !(a..=end).any(nominal) {
                blocked = true;
                break;
            }
            let boundary_ok = a == s0
                || matches!(v.toks[a - 1].word, ",")
                || matches!(
                    v.toks[a - 1].pos,
                    "SCONJ" | "CCONJ" | "PRON" | "ADV" | "VERB" | "AUX" | "PUNCT"
                );
            if !boundary_ok
                || matches!(v.toks[a].pos, "ADP") && !segs.is_empty()
                || v.toks[a].lower == "according"
            {
                blocked = true;
                break;
            }
            segs.push((a, end));
            if segs.len() >= 4 || a == s0 || v.toks[a - 1].word != "," || a < s0 + 2 {
                break;
            }
            end = a - 2;
            // The next segment left must be verbless to count as an apposition.
            let mut b = end;
            while b > s0 && v.toks[b - 1].word != "," && end - b < 14 {
                b -= 1;
            }
            if (b..=end).any(|t| matches!(v.toks[t].pos, "VERB" | "AUX" | "SCONJ"))
                || matches!(v.toks[b].pos, "ADP")
                || v.toks[b].lower == "according"
            {
                blocked = true;
                break;
            }
        }
        let _ = blocked;
        if segs.is_empty() {
            return None;
        }
        // Prefer the leftmost segment naming a person, else the leftmost.
        let person = |&(a, e): &(usize, usize)| {
            (a..=e).find(|&k| {
                v.toks[k].pos == "PROPN"
                    && self
                        .names
                        .mention_at(v.toks[k].start, v.toks[k].end)
                        .is_some()
            })
        };
        let pick = segs
            .iter()
            .rev()
            .find(|sg| person(sg).is_some())
            .copied()
            .unwrap_or(*segs.last().unwrap_or(&segs[0]));
        let (a, e) = pick;
        let head = person(&pick).unwrap_or_else(|| {
            let stop = (a + 1..=e)
                .find(|&k| v.toks[k].pos == "ADP" && !matches!(v.toks[k].word, "’s" | "'s"))
                .map_or(e, |k| k - 1);
            (a..=stop).rev().find(|&k| nominal(k)).unwrap_or(e)
        });
        if is_time_word(&v.toks[head].lower) {
            return None;
        }
        let (la, _) = *segs.last().unwrap_or(&pick);
        let after_clause = la > s0 + 1
            && v.toks[la - 1].word == ","
            && (s0..la - 1).any(|t| matches!(v.toks[t].pos, "VERB" | "AUX"));
        // Trailing attribution needs the cue at the end of its clause: "he said (on Friday)(, as ...)."
        let mut k = c + 1;
        while k < sent.toks.end
            && (matches!(v.toks[k].pos, "ADV" | "NUM" | "PROPN" | "ADP" | "DET") && k < c + 6
                || is_time_word(&v.toks[k].lower))
        {
            if v.toks[k].pos == "ADP"
                && !matches!(v.toks[k].lower.as_ref(), "on" | "in" | "at" | "during")
            {
                break;
            }
            k += 1;
        }
        let tail_ok = k >= sent.toks.end
            || matches!(v.toks[k].word, "," | "." | ";" | "!" | "?")
            || matches!(
                v.toks[k].lower.as_ref(),
                "when" | "while" | "as" | "after" | "before" | "in" | "on"
            );
        Some((head, a, after_clause && tail_ok))
    }

    fn speaker_of_depth(&self, c: usize, depth: usize) -> Option<usize> {
        let v = self.v;
        // Inverted attribution: "..., added Yu Jun, deputy head ..." / "”, said the ministry."
        if c > 0 && matches!(v.toks[c - 1].word, "," | "”" | "\"" | "’" | "'") {
            let mut j = c + 1;
            while j < v.toks.len()
                && v.toks[j].sent == v.toks[c].sent
                && matches!(v.toks[j].pos, "DET" | "ADJ")
            {
                j += 1;
            }
            if j < v.toks.len()
                && v.toks[j].sent == v.toks[c].sent
                && matches!(v.toks[j].pos, "PROPN" | "NOUN")
                && !is_time_word(&v.toks[j].lower)
                && !v.toks[c].word.ends_with("ing")
                && self.own_subject(c).is_none_or(|s| s > c)
            {
                // The head of the noun phrase: the last noun of the run.
                let mut k = j;
                while k + 1 < v.toks.len()
                    && matches!(v.toks[k + 1].pos, "PROPN" | "NOUN")
                    && v.toks[k + 1].sent == v.toks[c].sent
                {
                    k += 1;
                }
                let next = v.toks.get(k + 1).filter(|t| t.sent == v.toks[c].sent);
                if next.is_none_or(|t| t.pos == "PUNCT") {
                    return Some(if v.toks[j].pos == "PROPN" { j } else { k });
                }
            }
        }
        if let Some((s, _, _)) = self.surface_subject(c) {
            return Some(s);
        }
        if let Some(s) = self.own_subject(c).filter(|&s| s < c) {
            return Some(s);
        }
        // "”, the joint statement read." with the cue mis-tagged: the noun phrase right before it.
        if c > 0
            && v.toks[c].pos != "VERB"
            && matches!(v.toks[c - 1].pos, "NOUN" | "PROPN" | "PRON")
        {
            let mut j = c - 1;
            while j > 0
                && matches!(v.toks[j - 1].pos, "NOUN" | "PROPN" | "ADJ" | "DET" | "PART")
                && v.toks[j - 1].sent == v.toks[c].sent
            {
                j -= 1;
            }
            if j == v.sents[v.toks[c].sent].toks.start
                || matches!(v.toks[j - 1].word, "," | "”" | "\"" | "’")
            {
                return Some(c - 1);
            }
        }
        if v.toks[c].dep.starts_with("acl")
            && !v.toks[c].word.ends_with("ed")
            && c > 0
            && v.toks[c - 1].word != ","
            && v.toks[c]
                .head
                .is_some_and(|h| matches!(v.toks[h].pos, "NOUN" | "PROPN"))
        {
            return v.toks[c].head;
        }
        let mut cur = c;
        let mut fallback = None;
        for _ in 0..5 {
            let Some(h) = v.toks[cur].head else { break };
            if self.is_cue(h) && depth < 4 {
                if let Some(s) = self.speaker_of_depth(h, depth + 1) {
                    return Some(s);
                }
            } else if fallback.is_none() && v.toks[h].pos == "VERB" {
                fallback = self.own_subject(h).filter(|&s| s < c);
            }
            cur = h;
        }
        if fallback.is_some() {
            return fallback;
        }
        // The nearest person named before the cue in its clause.
        let sent = v.toks[c].sent;
        let mut j = c;
        for _ in 0..15 {
            if j == 0 {
                break;
            }
            j -= 1;
            let t = &v.toks[j];
            if t.sent != sent || t.pos == "VERB" || self.in_quote(t.start) {
                break;
            }
            if t.pos == "PROPN" && self.names.mention_at(t.start, t.end).is_some() {
                // Head of the name: its first token's head chain within the name.
                let mut h = j;
                while let Some(p) = v.toks[h].head.filter(|&p| {
                    p < c && v.toks[p].pos == "PROPN" && base_dep(v.toks[h].dep) == "flat"
                }) {
                    h = p;
                }
                return Some(h);
            }
        }
        None
    }

    /// The noun phrase core of a speaker head: determiners, modifiers and name parts, no clauses.
    fn core_np(&self, s: usize) -> (usize, usize) {
        let v = self.v;
        let mut a = s;
        let mut b = s;
        for &ch in &v.children[s] {
            let d = base_dep(v.toks[ch].dep);
            if ch < s
                && matches!(d, "det" | "amod" | "compound" | "flat" | "nmod" | "nummod")
                && (d != "nmod" || v.toks[ch].dep == "nmod:poss")
            {
                a = a.min(v.span[ch].0);
            }
            if ch > s && matches!(d, "flat" | "compound") {
                b = b.max(v.span[ch].1);
            }
        }
        (a, b)
    }

    fn content_from(&self, c: usize, a: usize, b: usize) -> Option<(usize, usize)> {
        let v = self.v;
        let (a, mut b) = v.trim(a, b)?;
        // Cut at a nested subjectless cue that reports its own content (", adding ...").
        for t in a + 1..=b {
            if t != c
                && self.is_cue(t)
                && self.own_subject(t).is_none()
                && matches!(v.toks[t].word.chars().next(), Some(ch) if ch.is_lowercase())
                && v.toks[t].word.ends_with("ing")
            {
                b = t.checked_sub(1)?;
                break;
            }
        }
        let (a, b) = v.trim(a, b)?;
        Some(v.bytes(a, b))
    }

    fn frame_for(&self, c: usize) -> Option<Frame> {
        let v = self.v;
        let tok = &v.toks[c];
        let lemma = tok.lemma.as_ref();
        let sent = &v.sents[tok.sent];
        let mut f = Frame {
            cue: c,
            cue_text: tok.word.to_string(),
            ..Frame::default()
        };
        if let Some(p) = v.children[c]
            .iter()
            .find(|&&ch| v.toks[ch].dep == "compound:prt")
        {
            f.cue_text = format!("{} {}", tok.word, v.toks[*p].word);
        }
        // Colon speech: "said Wednesday: We note ..."
        let mut colon = None;
        for t in c + 1..sent.toks.end.min(c + 40) {
            if v.toks[t].word == ":" {
                colon = Some(t);
                break;
            }
            if !v.dominates(c, t)
                || self.is_cue(t)
                || (v.toks[t].pos == "VERB" && v.toks[t].head == Some(c) && t > c + 12)
            {
                break;
            }
        }
        let subordinate = |x: usize| {
            let first = v.span[x].0;
            matches!(
                v.toks[first].lower.as_ref(),
                "when" | "while" | "as" | "after" | "before" | "if" | "because" | "since" | "until"
            )
        };
        let comps: Vec<usize> = v.children[c]
            .iter()
            .copied()
            .filter(|&ch| {
                let d = v.toks[ch].dep;
                (d == "ccomp"
                    || (d == "parataxis" && ch > c)
                    || (d == "xcomp" && XCOMP_CUES.contains(&lemma))
                    || d == "csubj:pass")
                    && !subordinate(ch)
            })
            .collect();
        let comp = comps
            .iter()
            .copied()
            .find(|&x| x > c)
            .or_else(|| comps.first().copied());
        let surface = self.surface_subject(c);
        // "denounced “bloc confrontation.”": a quotation straight after the cue is what it
        // reports, whatever clause comes before the subject.
        if let Some(q) = v.toks.get(c + 1).and_then(|t| {
            let k = self.quotes.partition_point(|q| q.open < t.start);
            self.quotes.get(k).filter(|q| q.open == t.start)
        }) {
            let a = v.toks.partition_point(|t| t.start < q.start);
            let b = v.toks.partition_point(|t| t.end <= q.end);
            if a < b {
                f.content = self.content_from(c, a, (b - 1).min(sent.toks.end - 1));
            }
        }
        if let Some((_, a, true)) = surface.filter(|_| f.content.is_none()) {
            if colon.is_none() {
                // "<clause>, he said ..." : the clause before the comma.
                let mut from = sent.toks.start;
                if let Some(q) = self
                    .quotes
                    .iter()
                    .rev()
                    .find(|q| q.close_end <= v.toks[a].start && q.close_end > sent.start)
                {
                    let _ = q;
                    from = sent.toks.start;
                }
                f.content = self.content_from(c, from, a - 2);
                f.trailing = f.content.is_some();
            }
        }
        if let Some(k) = colon.filter(|&k| k + 1 < sent.toks.end && f.content.is_none()) {
            f.content = self.content_from(c, k + 1, sent.toks.end - 1);
            f.colon = f.content.is_some();
            // "insisted that X: Y" keeps "that X" too.
            if let Some(x) = comp.filter(|&x| v.span[x].1 < k && v.span[x].0 > c) {
                let (a, b) = v.span[x];
                f.extra = self.content_from(c, a, b);
            }
        }
        if f.content.is_none() {
            if let Some(x) = comp {
                let (a, b) = v.span[x];
                if b < c {
                    f.trailing = true;
                }
                f.content = self.content_from(c, a, b);
            }
        }
        if f.content.is_none()
            && matches!(
                tok.dep,
                "parataxis" | "root" | "conj" | "acl" | "dep" | "obj"
            )
        {
            // "..., he said": the cue hangs off the clause it reports.
            if let Some(h) = tok.head.filter(|_| tok.dep == "parataxis") {
                let (ha, hb) = v.span[h];
                let (ca, cb) = v.span[c];
                if ca > h && ca > ha && !tok.word.ends_with("ing") {
                    f.content = self.content_from(c, ha, ca - 1);
                    f.trailing = true;
                } else if cb < hb && !tok.word.ends_with("ing") {
                    f.content = self.content_from(c, cb + 1, hb);
                }
            }
        }
        if f.content.is_none() {
            // "said on Feb. 25 that ...", "told journalists that ...": a "that" clause soon after the cue.
            for t in c + 1..sent.toks.end.min(c + 12) {
                let w = v.toks[t].lower.as_ref();
                if w == "that" && t + 1 < sent.toks.end {
                    f.content = self.content_from(c, t + 1, sent.toks.end - 1);
                    break;
                }
                // "urged voters to “stay calm”": the infinitive after an object.
                if w == "to"
                    && XCOMP_CUES.contains(&lemma)
                    && t + 1 < sent.toks.end
                    && (v.toks[t].pos == "PART"
                        || v.toks[t + 1].pos == "VERB"
                        || v.toks[t + 1].word.chars().all(marks::is_quote_char))
                {
                    f.content = self.content_from(c, t, sent.toks.end - 1);
                    break;
                }
                if v.toks[t].pos == "VERB"
                    || matches!(w, "," | ";" | ":" | "." | "and" | "but")
                    || self.in_quote(v.toks[t].start)
                {
                    break;
                }
            }
        }
        if f.content.is_none() {
            // "saying Beijing would not ...": an object straight followed by an auxiliary is
            // the subject of a reported clause the parser split off.
            if let Some(o) = v.child(c, &["obj"]) {
                let (a, b) = v.span[o];
                if a > c && b + 1 < sent.toks.end && v.toks[b + 1].pos == "AUX" {
                    f.content = self.content_from(c, a, sent.toks.end - 1);
                }
            }
        }
        if f.content.is_none() && tok.word.ends_with("ing") && v.span[c].1 > c + 1 {
            f.content = self.content_from(c, c + 1, v.span[c].1);
        }
        if f.content.is_none() && OBJ_CUES.contains(&lemma) {
            if let Some(o) = v.child(c, &["obj"]) {
                let (a, b) = v.span[o];
                if b > a + 1 && a > c {
                    f.content = self.content_from(c, a, b);
                }
            }
        }
        if f.content.is_none() {
            // Surface trailing attribution: "<clause>, the ministry said." / "<clause>, said Smith."
            if let Some(comma) = (sent.toks.start..c)
                .rev()
                .take(8)
                .find(|&t| v.toks[t].word == ",")
            {
                // The tail may hold circumstances ("when reading the appeal", "after
                // meeting Xi") but no clause of its own.
                let tail_ok = (c + 1..sent.toks.end).take(10).all(|t| {
                    v.toks[t].pos != "VERB"
                        || t > c + 1
                            && matches!(
                                v.toks[t - 1].lower.as_ref(),
                                "when" | "while" | "after" | "before" | "as" | "upon" | "without"
                            )
                }) || c + 1 < sent.toks.end && v.toks[c + 1].word == ",";
                let between_ok = (comma + 1..c).all(|t| {
                    matches!(
                        v.toks[t].pos,
                        "NOUN" | "PROPN" | "PRON" | "DET" | "ADJ" | "PART" | "NUM" | "ADV"
                    )
                });
                if tail_ok && between_ok && comma > sent.toks.start {
                    f.content = self.content_from(c, sent.toks.start, comma - 1);
                    f.trailing = f.content.is_some();
                }
            }
        }
        if f.content.is_none() && tok.dep == "parataxis" {
            return None;
        }
        f.speaker = self.speaker_of(c);
        if let Some(s) = f.speaker {
            let (mut a, mut b) = self.core_np(s);
            if let Some((h, sa, _)) = self.surface_subject(c).filter(|x| x.0 == s) {
                a = sa.min(h);
                b = h.max(a);
                while b + 1 < c && matches!(v.toks[b + 1].pos, "PROPN") {
                    b += 1;
                }
            }
            f.speaker_span = Some(v.bytes(a, b));
        }
        f.channel = self.channel(c, comp);
        Some(f)
    }

    fn channel(&self, c: usize, comp: Option<usize>) -> Option<String> {
        let v = self.v;
        let mut stack: Vec<(usize, usize)> = v.children[c].iter().map(|&x| (x, 0)).collect();
        while let Some((x, depth)) = stack.pop() {
            if Some(x) == comp {
                continue;
            }
            let d = base_dep(v.toks[x].dep);
            if d == "obl" || d == "nmod" {
                let (a, b) = v.span[x];
                let has_case = v.children[x].iter().any(|&g| {
                    matches!(
                        v.toks[g].lower.as_ref(),
                        "on" | "in" | "via" | "during" | "to"
                    )
                });
                if has_case && CHANNEL_NOUNS.contains(&v.toks[x].lower.as_ref())
                    || has_case && depth > 0 && CHANNEL_NOUNS.contains(&v.toks[x].lower.as_ref())
                {
                    let (s, e) = v.bytes(a, b);
                    let t = v.text[s..e]
                        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
                    if x > c && !t.is_empty() {
                        return Some(t.to_string());
                    }
                }
            }
            if depth < 2 && x > c && matches!(d, "advcl" | "obl" | "ccomp" | "xcomp" | "obj") {
                stack.extend(v.children[x].iter().map(|&g| (g, depth + 1)));
            }
        }
        None
    }

    /// "according to X": a frame of its own, or the `via` of the clause's cue.
    fn according(&self, frames: &mut Vec<Frame>) {
        let v = self.v;
        for i in 0..v.toks.len().saturating_sub(1) {
            if v.toks[i].lower != "according"
                || v.toks[i + 1].lower != "to"
                || self.in_quote(v.toks[i].start)
            {
                continue;
            }
            let sent = v.toks[i].sent;
            let send = v.sents[sent].toks.end;
            // The source noun phrase after "according to", read off the surface.
            let mut xb = i + 1;
            let mut x = None;
            let mut doc_head = None;
            let mut t = i + 2;
            while t < send {
                let tok = &v.toks[t];
                let np = matches!(tok.pos, "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM" | "PRON")
                    || matches!(tok.word, "’s" | "'s" | "." | "-")
                        && t + 1 < send
                        && v.toks[t + 1].pos != "PUNCT";
                let link = matches!(tok.lower.as_ref(), "of" | "from" | "by") && x.is_some();
                if np {
                    if matches!(tok.pos, "NOUN" | "PROPN" | "PRON") && doc_head.is_none() {
                        x = Some(t);
                    }
                    xb = t;
                } else if link
                    && x.is_some_and(|h| DOC_NOUNS.contains(&v.toks[h].lemma.as_ref()))
                    && doc_head.is_none()
                {
                    doc_head = x;
                    x = None;
                } else {
                    break;
                }
                t += 1;
            }
            let Some(x) = x.or(doc_head) else { continue };
            let src_span = v.bytes(i + 2, xb);
            let name = {
                let a = if doc_head.is_some() {
                    (i + 2..=xb)
                        .rev()
                        .take_while(|&k| !matches!(v.toks[k].lower.as_ref(), "of" | "from" | "by"))
                        .last()
                        .unwrap_or(x)
                } else {
                    i + 2
                };
                self.plain_name(a, xb, x)
            };
            // A cue in the same sentence keeps its speaker; X is only the relay.
            let mut relayed = false;
            for f in frames.iter_mut() {
                if v.toks[f.cue].sent == sent {
                    f.via = Some(name.clone());
                    relayed = true;
                }
            }
            if relayed {
                continue;
            }
            let (ss, se) = (v.sents[sent].toks.start, send - 1);
            let (pa, pb) = (i, xb);
            let content = if pb < se && (pa == ss || pb + 1 < se && se - pb > pa.saturating_sub(ss))
            {
                self.content_from(i, pb + 1, se)
            } else if pa > ss {
                self.content_from(i, ss, pa - 1)
            } else {
                None
            };
            if content.is_none() {
                continue;
            }
            frames.push(Frame {
                cue: i,
                cue_text: "according to".into(),
                speaker: Some(x),
                speaker_span: Some(src_span),
                speaker_name: Some(name),
                content,
                trailing: pa > ss,
                ..Frame::default()
            });
        }
    }
    /// A quote inside a clause whose subject is a named person ("Xi discussed the
    /// importance of “...”"): the clause's verb stands in as the cue.
    fn subject_frame(&self, q: &QuoteSpan) -> Option<Frame> {
        let v = self.v;
        let i = v.toks.partition_point(|t| t.start < q.start);
        let tok = v.toks.get(i)?;
        if tok.start >= q.end {
            return None;
        }
        let mut cur = i;
        for _ in 0..8 {
            cur = v.toks[cur].head?;
            if v.toks[cur].pos == "VERB" && !self.in_quote(v.toks[cur].start) {
                break;
            }
        }
        if v.toks[cur].pos != "VERB"
            || v.toks[cur].head.is_some() && !matches!(v.toks[cur].dep, "conj" | "parataxis")
        {
            return None;
        }
        let s = self
            .surface_subject(cur)
            .map(|x| x.0)
            .or_else(|| self.own_subject(cur).filter(|&s| s < cur))?;
        let (a, b) = self.core_np(s);
        let (ss, se) = v.bytes(a, b);
        self.names.mention_at(ss, se)?;
        Some(Frame {
            cue: cur,
            cue_text: v.toks[cur].word.to_string(),
            speaker: Some(s),
            speaker_span: Some((ss, se)),
            ..Frame::default()
        })
    }

    fn plain_name(&self, a: usize, b: usize, head: usize) -> String {
        let v = self.v;
        let mut a = a;
        while a < b && matches!(v.toks[a].pos, "DET" | "PRON") {
            a += 1;
        }
        let (s, e) = v.bytes(a, b);
        let t = v.text[s..e]
            .trim_end_matches("’s")
            .trim_end_matches("'s")
            .trim();
        if t.is_empty() {
            v.toks[head].word.to_string()
        } else {
            t.to_string()
        }
    }

    fn run(&self) -> Vec<Quote> {
        let v = self.v;
        let mut frames: Vec<Frame> = Vec::new();
        for c in 0..v.toks.len() {
            if self.is_cue(c) {
                if let Some(f) = self.frame_for(c) {
                    frames.push(f);
                }
            }
        }
        self.according(&mut frames);
        frames.sort_by_key(|f| v.toks[f.cue].start);
        if debug() {
            for f in &frames {
                eprintln!(
                    "FRAME {} {:?} spk={:?} content={:?}",
                    f.cue_text,
                    v.sents[v.toks[f.cue].sent].start,
                    f.speaker_span.map(|s| &v.text[s.0..s.1]),
                    f.content.map(|s| &v.text[s.0..s.1])
                );
            }
            for q in self.quotes {
                eprintln!(
                    "QUOTE {} {:?} sent {:?}",
                    q.open,
                    &v.text[q.start..q.end],
                    v.sent_at(q.open)
                );
            }
        }

        // Statements from frames; quotes they cover become direct or mixed.
        let mut owned = vec![false; self.quotes.len()];
        let mut stmts: Vec<Stmt> = Vec::new();
        for (fi, f) in frames.iter().enumerate() {
            let Some((cs, mut ce)) = f.content else {
                continue;
            };
            let qi0 = self.quotes.partition_point(|q| q.close_end <= cs);
            if let Some(q) = self
                .quotes
                .get(self.quotes.partition_point(|q| q.open < ce))
            {
                let same_sent = v.sent_at(q.open).is_some_and(|si| si == v.toks[f.cue].sent)
                    && v.sent_at(ce.saturating_sub(1)) == v.sent_at(q.open);
                let gap = v.text.get(ce..q.open).unwrap_or(";");
                let no_cue_between = !frames.iter().any(|g| {
                    let t = v.toks[g.cue].start;
                    t >= ce && t < q.open
                });
                if same_sent
                    && !f.trailing
                    && gap.len() <= 80
                    && !gap.contains([';', ':'])
                    && no_cue_between
                    && q.close_end > q.end
                {
                    ce = q.close_end;
                }
            }
            let mut kind = if f.colon { "direct" } else { "indirect" };
            let (mut s, mut e) = (cs, ce);
            let over: Vec<usize> = (qi0..self.quotes.len())
                .take_while(|&k| self.quotes[k].open < ce)
                .collect();
            if !over.is_empty() {
                let qa = self.quotes[over[0]];
                let qb = self.quotes[*over.last().unwrap_or(&over[0])];
                let covered: usize = over
                    .iter()
                    .map(|&k| {
                        self.quotes[k]
                            .end
                            .min(ce)
                            .saturating_sub(self.quotes[k].start.max(cs))
                    })
                    .sum();
                if covered * 10 >= (ce - cs) * 7 {
                    kind = "direct";
                    s = qa.start;
                    e = qb.end;
                } else {
                    kind = "mixed";
                }
                for &k in &over {
                    owned[k] = true;
                }
            }
            stmts.push(Stmt {
                start: s,
                end: e,
                kind,
                frame: Some(fi),
                continues: false,
            });
            if let Some((xs, xe)) = f.extra {
                stmts.push(Stmt {
                    start: xs,
                    end: xe,
                    kind: "indirect",
                    frame: Some(fi),
                    continues: false,
                });
            }
        }
        // Quotes not covered by a frame: attach to the nearest cue of their sentences.
        let mut pseudo: Vec<(Frame, usize, usize, &'static str)> = Vec::new();
        for (qi, q) in self.quotes.iter().enumerate() {
            if owned[qi] {
                continue;
            }
            let words = v.text[q.start..q.end].split_whitespace().count();
            let p_open = v.para(q.open);
            let p_close = v.para(q.close_end.saturating_sub(1).max(q.open));
            let s_open = v.sent_at(q.open).or_else(|| v.sent_at(q.start));
            let s_close = v.sent_at(q.close_end.saturating_sub(1)).or(s_open);
            let mut best: Option<(usize, usize)> = None; // (distance, frame)
            for (fi, f) in frames.iter().enumerate() {
                let ct = &v.toks[f.cue];
                let (Some(so), Some(sc)) = (s_open, s_close) else {
                    break;
                };
                let cp = v.para(ct.start);
                if cp < p_open || cp > p_close {
                    continue;
                }
                let dist = if ct.end <= q.open {
                    if ct.sent + 1 < so || ct.sent > sc {
                        continue;
                    }
                    // The cue's sentence must lead into the quote.
                    if ct.sent < so {
                        let tail = v.text[ct.end..q.open].trim_end();
                        if !tail.ends_with(':') {
                            continue;
                        }
                    }
                    q.open - ct.end
                } else if ct.start >= q.close_end {
                    if ct.sent > sc + 1 || ct.sent < so {
                        continue;
                    }
                    if ct.sent > sc {
                        // Next sentence: only a bare attribution ("He said.")
                        if ct.start - q.close_end > 40 {
                            continue;
                        }
                    }
                    ct.start - q.close_end
                } else {
                    continue;
                };
                if best.is_none_or(|(d, _)| dist < d) {
                    best = Some((dist, fi));
                }
            }
            let kind = if words <= 3 { "mixed" } else { "direct" };
            match best {
                Some(_) if words <= 2 => {}
                Some((_, fi)) => {
                    stmts.push(Stmt {
                        start: q.start,
                        end: q.end,
                        kind,
                        frame: Some(fi),
                        continues: false,
                    });
                }
                None => {
                    if let Some(f) = self.subject_frame(q) {
                        pseudo.push((f, q.start, q.end, kind));
                    } else if words >= 6 {
                        stmts.push(Stmt {
                            start: q.start,
                            end: q.end,
                            kind: "direct",
                            frame: None,
                            continues: true,
                        });
                    }
                }
            }
        }
        for (f, s, e, kind) in pseudo {
            frames.push(f);
            stmts.push(Stmt {
                start: s,
                end: e,
                kind,
                frame: Some(frames.len() - 1),
                continues: false,
            });
        }
        stmts.sort_by_key(|s| (s.start, s.end));

        if self.opts.extend_back {
            self.extend_back(&frames, &mut stmts);
        }
        // First-person cues inside someone's speech are part of it ("We note that ...").
        let inside: Vec<bool> = stmts
            .iter()
            .map(|st| {
                st.frame.is_some_and(|fi| {
                    let f = &frames[fi];
                    let cue = v.toks[f.cue].start;
                    f.speaker.is_some_and(|s| first_person(&v.toks[s].lower))
                        && stmts
                            .iter()
                            .any(|o| o.start <= cue && cue < o.end && o.frame != st.frame)
                })
            })
            .collect();
        let mut k = 0;
        stmts.retain(|_| {
            k += 1;
            !inside[k - 1]
        });

        // Speakers, in text order (pronouns look back).
        let mut history: Vec<(usize, String, bool)> = self.subject_candidates(&frames);
        let mut resolved: Vec<Option<(String, bool)>> = vec![None; frames.len()];
        let mut order: Vec<usize> = (0..frames.len()).collect();
        order.sort_by_key(|&i| {
            frames[i]
                .speaker_span
                .map_or(v.toks[frames[i].cue].start, |s| s.0)
        });
        for fi in order {
            let f = &frames[fi];
            let r = self.resolve(f, &history);
            if let (Some((name, person)), Some((s, _))) = (&r, f.speaker_span) {
                let at = history.partition_point(|h| h.0 <= s);
                history.insert(at, (s, name.clone(), *person));
            }
            resolved[fi] = r;
        }

        let mut out: Vec<Quote> = Vec::new();
        let mut last: Option<(
            usize,
            Option<String>,
            Option<(usize, usize)>,
            Option<String>,
        )> = None;
        for st in &stmts {
            let text = &v.text;
            let (mut s, mut e) = (st.start, st.end);
            // Trim whitespace and a trailing comma inside quotes.
            let inner = &text[s..e];
            let lead = inner.len() - inner.trim_start().len();
            s += lead;
            let t = text[s..e].trim_end().trim_end_matches(',').trim_end();
            e = s + t.len();
            if e <= s {
                continue;
            }
            let (speaker, sspan, cue, channel, via) = match st.frame {
                Some(fi) => {
                    let f = &frames[fi];
                    (
                        resolved[fi].as_ref().map(|r| r.0.clone()),
                        f.speaker_span,
                        Some(f.cue_text.clone()),
                        f.channel.clone(),
                        f.via.clone(),
                    )
                }
                None => match &last {
                    Some((end, sp, span, _)) if st.continues && v.para(*end) + 2 >= v.para(s) => {
                        (sp.clone(), *span, None, None, None)
                    }
                    _ if self.opts.orphan_quotes => (None, None, None, None, None),
                    _ => continue,
                },
            };
            last = Some((e, speaker.clone(), sspan, cue.clone()));
            out.push(Quote {
                start: s,
                end: e,
                text: text[s..e].to_string(),
                speaker,
                speaker_start: sspan.map(|x| x.0),
                speaker_end: sspan.map(|x| x.1),
                cue,
                kind: st.kind.to_string(),
                channel,
                via,
            });
        }
        out.sort_by_key(|q| (q.start, q.end));
        out.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        out
    }

    /// Unmarked speech with a trailing attribution ("... . More of it, Small said.")
    /// reaches back over preceding unattributed sentences of its paragraph.
    fn extend_back(&self, frames: &[Frame], stmts: &mut Vec<Stmt>) {
        let v = self.v;
        let mut drop = vec![false; stmts.len()];
        for i in 0..stmts.len() {
            let Some(fi) = stmts[i].frame else { continue };
            let f = &frames[fi];
            if !f.trailing || stmts[i].kind != "indirect" {
                continue;
            }
            let Some(si) = v.sent_at(stmts[i].start) else {
                continue;
            };
            let sent = &v.sents[si];
            // The content must start the sentence.
            if v.text[sent.start..stmts[i].start]
                .chars()
                .any(char::is_alphanumeric)
            {
                continue;
            }
            let para = v.para(stmts[i].start);
            let mut start = stmts[i].start;
            let mut k = si;
            while k > 0 && si - k < 4 {
                let prev = &v.sents[k - 1];
                if v.para(prev.start) != para
                    || v.text[prev.start..prev.end]
                        .chars()
                        .any(|c| matches!(c, '"' | '“' | '”' | '«' | '»'))
                {
                    break;
                }
                // Attributed by someone else (not a first-person cue inside the speech)?
                let attributed = frames.iter().any(|g| {
                    let ct = &v.toks[g.cue];
                    ct.sent == k - 1 && !g.speaker.is_some_and(|s| first_person(&v.toks[s].lower))
                });
                if attributed {
                    break;
                }
                start = prev.start;
                k -= 1;
            }
            if start < stmts[i].start {
                for (j, st) in stmts.iter().enumerate() {
                    if j != i && st.start >= start && st.end <= stmts[i].start {
                        drop[j] = true;
                    }
                }
                stmts[i].start = start;
            }
        }
        let mut j = 0;
        stmts.retain(|_| {
            j += 1;
            !drop[j - 1]
        });
    }

    /// Person subjects of main clauses outside quotes: antecedents for pronouns.
    fn subject_candidates(&self, _frames: &[Frame]) -> Vec<(usize, String, bool)> {
        let v = self.v;
        let mut out = Vec::new();
        for t in 0..v.toks.len() {
            let tok = &v.toks[t];
            if tok.dep != "nsubj" || self.in_quote(tok.start) {
                continue;
            }
            let Some(h) = tok.head else { continue };
            let hd = v.toks[h].dep;
            if !(v.toks[h].head.is_none() || hd == "conj" || hd == "parataxis") {
                continue;
            }
            let (a, b) = self.core_np(t);
            let (s, e) = v.bytes(a, b);
            if let Some(n) = self.names.mention_at(s, e) {
                out.push((s, n, true));
            }
        }
        out
    }

    /// The canonical speaker of a frame and whether it is a person.
    fn resolve(&self, f: &Frame, history: &[(usize, String, bool)]) -> Option<(String, bool)> {
        let v = self.v;
        if let Some(n) = &f.speaker_name {
            if let Some((s, e)) = f.speaker_span {
                if let Some(p) = self.names.mention_at(s, e) {
                    if f.cue_text != "according to" || v.text[s..e].split_whitespace().count() <= 3
                    {
                        return Some((p, true));
                    }
                }
            }
            return Some((n.clone(), false));
        }
        let s = f.speaker?;
        let (ms, me) = f.speaker_span?;
        let tok = &v.toks[s];
        if tok.pos == "PRON" {
            let w = tok.lower.as_ref();
            let want_person = matches!(w, "he" | "she" | "him" | "her" | "i");
            let cand = history
                .iter()
                .rev()
                .find(|h| h.0 < ms && (!want_person || h.2));
            return cand
                .map(|h| (h.1.clone(), h.2))
                .or_else(|| Some((tok.word.to_string(), false)));
        }
        if let Some(p) = self.names.mention_at(ms, me) {
            return Some((p, true));
        }
        // An apposition naming the person ("the spokeswoman, Wang Wenbin,").
        let (fa, fb) = v.span[s];
        if fb > fa {
            let (fs, fe) = v.bytes(fa, fb);
            if let Some(p) = self.names.mention_at(fs, fe) {
                return Some((p, true));
            }
        }
        let (a, b) = self.core_np(s);
        let mut written = self.plain_name(a, b, s);
        let span_text = v.text[ms..me].trim();
        if span_text.split_whitespace().count() <= 6 && !span_text.contains(',') {
            let mut t = span_text;
            for det in ["the ", "The ", "a ", "A ", "an ", "An ", "this ", "This "] {
                t = t.strip_prefix(det).unwrap_or(t);
            }
            let t = t.trim_end_matches("’s").trim_end_matches("'s").trim();
            if !t.is_empty() {
                written = t.to_string();
            }
        }
        if tok.pos == "PROPN" {
            if let Some(p) = self.names.person(&written) {
                return Some((p, true));
            }
            return Some((written, false));
        }
        if DOC_NOUNS.contains(&tok.lemma.as_ref()) {
            if let Some(poss) = v.children[s]
                .iter()
                .copied()
                .find(|&c| v.toks[c].dep == "nmod:poss")
            {
                let (a, b) = self.core_np(poss);
                let name = self.plain_name(a, b, poss);
                return Some((self.names.person(&name).unwrap_or(name), false));
            }
        }
        if speakers::PERSON_TITLES.contains(&tok.lemma.as_ref()) {
            let words: Vec<String> = (a..=b).map(|t| v.toks[t].lower.to_string()).collect();
            if let Some(p) = self.names.title(v, &words, ms) {
                return Some((p, true));
            }
        }
        Some((written, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<Quote> {
        static P: std::sync::OnceLock<storyline_pipeline::Pipeline> = std::sync::OnceLock::new();
        let p = P.get_or_init(|| {
            storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
                raw: true,
                dct: None,
            })
        });
        let doc = p.annotate(&storyline_pipeline::RawArticle::new(
            "t",
            storyline_pipeline::SourceFormat::Text,
            text,
        ));
        extract_quotes(&doc)
    }

    /// (text, speaker, content substring, kind)
    const CASES: &[(&str, &str, &str, &str)] = &[
        (
            "“We will not retreat,” the minister said.",
            "minister",
            "We will not retreat",
            "direct",
        ),
        (
            "Angela Merkel said: “The talks are over.”",
            "Angela Merkel",
            "The talks are over",
            "direct",
        ),
        (
            "John Smith said the plan would fail.",
            "John Smith",
            "the plan would fail",
            "indirect",
        ),
        (
            "The company denied that it had broken the law.",
            "company",
            "it had broken the law",
            "indirect",
        ),
        (
            "The economy is growing, the central bank said on Monday.",
            "central bank",
            "The economy is growing",
            "indirect",
        ),
        (
            "Maria Lopez urged voters to “stay calm” during the vote.",
            "Maria Lopez",
            "stay calm",
            "mixed",
        ),
        (
            "Prices will rise, according to the Financial Times.",
            "Financial Times",
            "Prices will rise",
            "indirect",
        ),
    ];

    #[test]
    fn shapes() {
        for (text, speaker, needle, kind) in CASES {
            let qs = quotes(text);
            assert!(
                qs.iter().any(|q| q.text.contains(needle)
                    && q.kind == *kind
                    && q.speaker.as_deref().is_some_and(|s| s.contains(speaker))),
                "{text}: {qs:#?}"
            );
        }
    }

    #[test]
    fn names_and_pronouns() {
        let text = "Chinese President Xi Jinping met officials on Monday.\n\nXi said the talks went well. Peace is possible, he said.";
        let qs = quotes(text);
        assert!(
            qs.iter()
                .all(|q| q.speaker.as_deref() == Some("Xi Jinping")),
            "{qs:#?}"
        );
        assert!(qs.iter().any(|q| q.text.contains("Peace is possible")));
    }
}
