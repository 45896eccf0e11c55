//! Corpus logic: what many documents say together. Event mentions from every document are
//! merged into timeline entries (one per real-world event, listing every source), with
//! conflicts between sources, framing terms per outlet and coverage.
//!
//! The merge is one scored clustering, in three steps, each a module:
//!
//! - [`candidates`]: which mention pairs may be one event. Mentions meet only under a shared
//!   blocking key (an actor they involve) and within a date window, so the number of pairs
//!   stays near-linear in the number of mentions: no all-pairs comparison;
//! - [`model`]: how likely a pair is one event, a logistic model over the pair's evidence
//!   (same act, same class, same actors, compatible dates, same article...), trained on
//!   ECB+ (`storyline train merge`) and committed as `models/merge.json`;
//! - [`cluster`]: the pairs, most likely first, join their clusters unless that would put
//!   two different actor pairs, a denial and the act, or days more than a few days apart into
//!   one entry.
//!
//! `entry.rs` then states each cluster as a timeline entry; `framing.rs` counts how outlets
//! name things and which documents cover each entry.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use storyline_model::{Document, Event};

/// One event mention with its provenance: the corpus layer's input, as the store keeps it.
#[derive(Debug, Clone, Default)]
pub struct Mention {
    /// Document id.
    pub document: String,
    /// Document outlet.
    pub outlet: Option<String>,
    /// Document title.
    pub title: Option<String>,
    /// Document publication date.
    pub published: Option<String>,
    /// Whether that date was inferred rather than stated.
    pub published_inferred: bool,
    /// The document this one nearly copies (syndication), if any: copies are not
    /// independent sources.
    pub near_duplicate_of: Option<String>,
    /// The text of the mention's sentence (the title for a title event).
    pub sentence_text: String,
    /// The event mention.
    pub event: Event,
}

/// The text of an event's sentence in its document (the title for a title event), or "".
pub fn sentence_text(doc: &Document, event: &Event) -> String {
    if event.in_title {
        return doc.title.clone().unwrap_or_default();
    }
    doc.sentences
        .get(event.sentence)
        .and_then(|s| doc.text.get(s.start..s.end))
        .unwrap_or_default()
        .to_string()
}

/// Where an entry was reported: the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub struct MentionRef {
    /// Document id.
    pub document: String,
    /// Sentence index in that document (0 for the headline).
    pub sentence: usize,
    /// How this mention presents the event (`asserted`, `intended` for an announcement...).
    pub modality: String,
    /// The document's outlet.
    pub outlet: Option<String>,
    /// The document's title.
    pub title: Option<String>,
    /// The sentence that reports it (the title for a headline).
    pub text: String,
    /// The trigger, with offsets into the document's text (into its title when `in_title`).
    pub trigger: storyline_model::Trigger,
    /// Whether the mention is in the document's title.
    pub in_title: bool,
}

/// One value of a disputed attribute and who gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictValue {
    /// The value.
    pub value: String,
    /// The documents giving it.
    pub documents: Vec<String>,
}

/// An attribute on which sources disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// `date`, `location`, `source`, `target`.
    pub field: String,
    /// The values, most supported first.
    pub values: Vec<ConflictValue>,
}

/// One merged real-world event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) or null.
    pub date: Option<String>,
    /// day, month or year.
    pub precision: Option<String>,
    /// CAMEO code (the most frequent among mentions).
    pub code: String,
    /// PLOVER type.
    pub plover: String,
    /// The event in plain words, built from its type and participants, with its modality
    /// ("Xi Jinping and Vladimir Putin speak by phone", "Xi Jinping plans to visit Russia").
    pub headline: String,
    /// A one-line description in the articles' own words (actor, trigger, actor).
    pub summary: String,
    /// Source actor.
    pub source: Option<String>,
    /// Target actor.
    pub target: Option<String>,
    /// Every actor involved.
    pub actors: Vec<String>,
    /// Where it happened, if said.
    pub location: Option<String>,
    /// How the sources present it, the most common among its mentions: `asserted`,
    /// `negated`, `intended` (planned), `reported` or `hypothetical`.
    pub modality: String,
    /// Documents reporting it.
    pub documents: Vec<String>,
    /// Independent reports: documents, near-duplicate copies counted once.
    pub sources: usize,
    /// How well the entry is supported, 0..1: its mentions' coding scores combined over
    /// independent sources, less when an actor is unknown or no source asserts it.
    pub score: f64,
    /// Whether its date rests on a publication date that was inferred, not stated.
    pub date_inferred: bool,
    /// Every mention.
    pub mentions: Vec<MentionRef>,
    /// Disagreements between sources.
    pub conflicts: Vec<Conflict>,
}

/// Filters for the timeline.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    /// Only entries involving this actor (case-insensitive substring of an actor name).
    pub actor: Option<String>,
    /// Only entries on or after this date.
    pub from: Option<NaiveDate>,
    /// Only entries on or before this date.
    pub to: Option<NaiveDate>,
    /// Also entries that are not events of the story: denied or hypothetical ones and
    /// those without a known actor doing them (see [`is_main`]).
    pub all: bool,
}

/// Whether an entry belongs on the timeline of what happened: someone known does something
/// of a PLOVER type (to someone, where the type needs a patient), the sources present it as
/// happening, planned or reported, not as denied or hypothetical, and its support reaches
/// [`MAIN_SCORE`].
pub fn is_main(e: &TimelineEntry) -> bool {
    e.source.is_some()
        && !e.plover.is_empty()
        && (e.target.is_some() || !needs_target(&e.plover))
        && !matches!(e.modality.as_str(), "negated" | "hypothetical")
        && e.score >= MAIN_SCORE
}

/// Whether an event of a PLOVER type is only an event with someone it is done to (a demand,
/// an accusation, an attack, talks...); protests, mobilisations, withdrawals and agreements
/// stand on their own.
fn needs_target(plover: &str) -> bool {
    !matches!(
        plover,
        "PROTEST" | "MOBILIZE" | "RETREAT" | "AGREE" | "COOPERATE"
    )
}

/// The support an entry needs to be shown by default (see [`TimelineEntry::score`]).
pub const MAIN_SCORE: f64 = 0.35;

/// A key a stored mention is filed under, with the days it covers (days from the common era;
/// both 0 for a key that has no time).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FiledKey {
    /// The key: a family, an event class and actors, or a document.
    pub key: String,
    /// The first day.
    pub first: i64,
    /// The last day.
    pub last: i64,
}

/// What a mention looks for: the mentions filed under `key` whose first day lies in
/// `first_from..=first_to` and whose last day is at least `last_from`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Probe {
    /// The key.
    pub key: String,
    /// The earliest first day.
    pub first_from: i64,
    /// The latest first day.
    pub first_to: i64,
    /// The earliest last day.
    pub last_from: i64,
    /// Whether what it finds makes the prober's view: the reports of its class and pair
    /// within two days and its article's reports of its pair, which make a reference back
    /// its article's news.
    pub view: bool,
}

impl Probe {
    /// Whether it finds a mention filed under `k`.
    pub fn finds(&self, k: &FiledKey) -> bool {
        self.key == k.key
            && (self.first_from..=self.first_to).contains(&k.first)
            && k.last >= self.last_from
    }
}

/// The days a key filed with the `FINE` suffix may cover: a day or a week. Longer ranges (a
/// month, a year) are filed under the key with [`COARSE`] appended, so that a probe for a few
/// days scans a few days of a busy key.
const FINE_SPAN: i64 = 7;
/// The suffix of keys filed with a month or a year.
const COARSE: &str = "~";
/// The longest range a date covers (a leap year), less a day.
const COARSE_SPAN: i64 = 365;
/// A probe's bounds for keys that have no time.
const ALWAYS: i64 = 1 << 40;
/// How far after a report a reference back may point to it: the merge's longest reach back
/// (a dateless reference, `candidates::MAX_REFERENCE_DAYS`, bounds the recollections' 62 days).
const REACH_BACK_DAYS: i64 = 1100;

fn day(d: NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.num_days_from_ce())
}

fn key(parts: &[&str]) -> String {
    parts.join("|")
}

/// The probes for the mentions filed under `key` whose days meet `from..=to`.
fn window(key: &str, from: i64, to: i64, view: bool, out: &mut Vec<Probe>) {
    for (suffix, span) in [("", FINE_SPAN), (COARSE, COARSE_SPAN)] {
        out.push(Probe {
            key: format!("{key}{suffix}"),
            first_from: from - span,
            first_to: to,
            last_from: from,
            view,
        });
    }
}

/// The probe for every mention filed under a key, whatever its days.
fn always(key: &str, view: bool, out: &mut Vec<Probe>) {
    window(key, -ALWAYS, ALWAYS, view, out);
}

/// What the keys need of a mention: the merge's view of it on its own (so with its own
/// `back`, before the merge finds that a reference is its article's news).
struct Keyed {
    view: candidates::View,
    /// Its days.
    days: Option<(i64, i64)>,
    /// The actor keys it names (one or two).
    keys: Vec<String>,
    /// Its actor keys and names.
    actors: Vec<String>,
    /// It names one side ([`candidates::View`]'s `alone`).
    alone: bool,
    /// Its two actor keys are both known.
    both: bool,
    /// It may be a reference back or a repeated fact of its article.
    back_or_dateless: bool,
}

fn keyed(m: &Mention) -> Option<Keyed> {
    if !m.event.is_coded() {
        return None;
    }
    let view = candidates::views(std::slice::from_ref(m)).pop()?;
    let days = view.range.map(|r| (day(r.0), day(r.1)));
    let keys: Vec<String> = [&view.key.1, &view.key.2]
        .into_iter()
        .filter(|k| !k.is_empty())
        .cloned()
        .collect();
    let mut actors: Vec<String> = keys
        .iter()
        .cloned()
        .chain(view.names.iter().flatten().cloned())
        .collect();
    actors.sort();
    actors.dedup();
    let alone = view.names.iter().flatten().count() == 1;
    let both = keys.len() == 2;
    let back_or_dateless = view.back || view.range.is_none();
    Some(Keyed {
        view,
        days,
        keys,
        actors,
        alone,
        both,
        back_or_dateless,
    })
}

/// The keys each mention is filed under (empty for a mention without a political code, which
/// the timeline leaves out), for mentions given with every other mention of their documents.
///
/// Two mentions can pair in the merge ([`candidates`]) or change what the other pairs with
/// (the indexes keep a bounded number of pairs per mention, a reference takes the latest
/// earlier report, a reference that is its article's news is no reference) only if one of
/// them [`probes`] a key the other is filed under over days the other's key covers:
///
/// - `p|class|actor|actor`, the mention's days (both actor keys, sorted; one may be empty):
///   reports of one class and actor pair within two days, a statement and a consultation,
///   whether a reference is its article's news; a dateless reference looks three years back;
/// - `a|class|actor` for each actor key and name of a mention naming two actors, `o|...` for a
///   mention naming one: the one-sided report and the two-sided one (by name or by country)
///   within two days, a one-sided reference and the reports three years before it;
/// - `b|class|actor`, a possible reference back on its day: the reports up to three years
///   before it look for it;
/// - `r|class|actor|actor`, no days, an undated article's undated happening: every dated
///   report of its class and pair may be the event its lede matches;
/// - `d|document|actor|actor`, no days, in a document that has a dateless mention or a
///   reference of that actor pair: repeats of a background fact and the article's own reports
///   of the pair that make a recalled verb its news; `u|document`, no days, every mention of
///   an article without a date (the merge dates such an article from all its mentions).
///
/// A store that keeps merged entries finds, when a batch arrives, the stored mentions its
/// mentions could pair with or change, and theirs, and merges only those again.
pub fn blocking_keys(mentions: &[Mention]) -> Vec<Vec<FiledKey>> {
    let keyed: Vec<Option<Keyed>> = mentions.iter().map(keyed).collect();
    // The actor pairs of each document's dateless mentions and references.
    let mut doc_pairs: std::collections::BTreeSet<(&str, &str, &str)> = Default::default();
    for (m, k) in mentions.iter().zip(&keyed) {
        if let Some(k) = k.as_ref().filter(|k| k.both && k.back_or_dateless) {
            doc_pairs.insert((m.document.as_str(), &k.view.key.1, &k.view.key.2));
        }
    }
    mentions
        .iter()
        .zip(&keyed)
        .map(|(m, k)| {
            let Some(k) = k else { return Vec::new() };
            let v = &k.view;
            let mut out = Vec::new();
            let timeless = |key: String| FiledKey {
                key,
                first: 0,
                last: 0,
            };
            if let Some((first, last)) = k.days {
                let suffix = if last - first > FINE_SPAN { COARSE } else { "" };
                let mut file = |key: String| {
                    out.push(FiledKey {
                        key: format!("{key}{suffix}"),
                        first,
                        last,
                    })
                };
                if !k.keys.is_empty() {
                    file(key(&["p", &v.key.0, &v.key.1, &v.key.2]));
                }
                let family = match (k.both, k.alone) {
                    (true, true) => &["a", "o"][..],
                    (true, false) => &["a"][..],
                    (false, true) => &["o"][..],
                    (false, false) => &[][..],
                };
                for f in family {
                    for a in &k.actors {
                        file(key(&[f, &v.key.0, a]));
                    }
                }
                if v.back {
                    for a in &k.keys {
                        out.push(FiledKey {
                            key: key(&["b", &v.key.0, a]),
                            first: last,
                            last,
                        });
                    }
                }
            } else if m.published.is_none() && v.two_sided() {
                out.push(timeless(key(&["r", &v.root, &v.key.1, &v.key.2])));
            }
            if k.both && doc_pairs.contains(&(m.document.as_str(), &v.key.1, &v.key.2)) {
                out.push(timeless(key(&["d", &m.document, &v.key.1, &v.key.2])));
            }
            if m.published.is_none() {
                out.push(timeless(key(&["u", &m.document])));
            }
            out.sort();
            out.dedup();
            out
        })
        .collect()
}

/// The keys a mention looks for (see [`blocking_keys`]): every stored mention it could pair
/// with, or whose pairs it could change, is filed under one of them over the days it probes.
pub fn probes(m: &Mention) -> Vec<Probe> {
    let Some(k) = keyed(m) else {
        return Vec::new();
    };
    let v = &k.view;
    let gap = MAX_DATE_GAP_DAYS;
    let mut out = Vec::new();
    if let Some((first, last)) = k.days.filter(|_| !k.keys.is_empty()) {
        window(
            &key(&["p", &v.key.0, &v.key.1, &v.key.2]),
            first - gap,
            last + gap,
            true,
            &mut out,
        );
        let other = match v.key.0.as_str() {
            "01" => Some("04"),
            "04" => Some("01"),
            _ => None,
        };
        if let Some(other) = other {
            window(
                &key(&["p", other, &v.key.1, &v.key.2]),
                first - gap,
                last + gap,
                false,
                &mut out,
            );
        }
        for a in &k.actors {
            if k.both {
                window(
                    &key(&["o", &v.key.0, a]),
                    first - gap,
                    last + gap,
                    false,
                    &mut out,
                );
            }
            if k.alone {
                window(
                    &key(&["a", &v.key.0, a]),
                    first - gap,
                    last + gap,
                    false,
                    &mut out,
                );
            }
        }
        // A reference back: the reports it may point to. A report: the references that may
        // point to it.
        if v.back {
            let from = last - REACH_BACK_DAYS;
            window(
                &key(&["p", &v.key.0, &v.key.1, &v.key.2]),
                from,
                last,
                false,
                &mut out,
            );
            for a in &k.keys {
                window(&key(&["a", &v.key.0, a]), from, last, false, &mut out);
            }
        }
        for a in &k.keys {
            out.push(Probe {
                key: key(&["b", &v.key.0, a]),
                first_from: last,
                first_to: last + REACH_BACK_DAYS,
                last_from: last,
                view: false,
            });
        }
        if v.two_sided() {
            always(&key(&["r", &v.root, &v.key.1, &v.key.2]), false, &mut out);
        }
    } else if m.published.is_none() && v.two_sided() {
        // An undated article's happening: any dated report of its class (or of the
        // intention announcing it) and pair.
        always(&key(&["p", &v.root, &v.key.1, &v.key.2]), false, &mut out);
        if matches!(v.root.as_str(), "04" | "05" | "06" | "07" | "08") {
            always(&key(&["p", "03", &v.key.1, &v.key.2]), false, &mut out);
        }
    }
    if k.both && k.back_or_dateless {
        always(
            &key(&["d", &m.document, &v.key.1, &v.key.2]),
            true,
            &mut out,
        );
    }
    if m.published.is_none() {
        always(&key(&["u", &m.document]), false, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// Collects the event mentions of documents.
pub fn mentions_of(doc: &Document) -> Vec<Mention> {
    doc.events
        .iter()
        .map(|e| Mention {
            document: doc.id.clone(),
            outlet: doc.outlet.clone(),
            title: doc.title.clone(),
            published: doc.published.clone(),
            published_inferred: doc.published_inferred,
            near_duplicate_of: None,
            sentence_text: sentence_text(doc, e),
            event: e.clone(),
        })
        .collect()
}

/// The first day and the last day a (possibly coarse) TimeML date covers
/// (`2022`, `2022-02`, `2022-W08`, `2022-02-25`), or `None` for other values.
pub fn date_range(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = value.split('-').collect();
    let year: i32 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        )),
        2 if parts[1].starts_with('W') => {
            let week: u32 = parts[1].get(1..)?.parse().ok()?;
            let start = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?;
            Some((start, start + chrono::Duration::days(6)))
        }
        2 => {
            let month: u32 = parts[1].parse().ok()?;
            let start = NaiveDate::from_ymd_opt(year, month, 1)?;
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)?
            };
            Some((start, next - chrono::Duration::days(1)))
        }
        _ => {
            let d = NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()?;
            Some((d, d))
        }
    }
}

/// Days by which two date ranges miss each other (0 when they overlap).
pub(crate) fn date_gap(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> i64 {
    if a.1 < b.0 {
        (b.0 - a.1).num_days()
    } else if b.1 < a.0 {
        (a.0 - b.1).num_days()
    } else {
        0
    }
}

/// How far apart two reports of one event may date it (sources disagree by a day or
/// two: "Thursday" against "Feb. 25").
pub(crate) const MAX_DATE_GAP_DAYS: i64 = 2;

/// The most days one entry's day-precision reports may span.
pub(crate) const MAX_ENTRY_SPAN_DAYS: i64 = 4;

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut root = i;
    while parent[root] != root {
        root = parent[root];
    }
    let mut j = i;
    while parent[j] != root {
        let next = parent[j];
        parent[j] = root;
        j = next;
    }
    root
}

/// Who an actor is for merging: its country when its code names one ("Xi Jinping" CHNGOV,
/// "Chinese government" and "China" are all CHN, so that "Xi arrived in Russia", "Xi met
/// Putin" and "China's talks with the Russian government" of one day are one episode);
/// an organisation's whole code (IGO...); else its name.
fn actor_key(name: Option<&str>, code: Option<&str>) -> Option<String> {
    match code {
        Some(c)
            if c.len() >= 3
                && !c.starts_with("IGO")
                && c.as_bytes()[..3].iter().all(u8::is_ascii_uppercase) =>
        {
            Some(c[..3].to_string())
        }
        Some(c) if !c.is_empty() => Some(c.to_string()),
        _ => name.map(str::to_string),
    }
}

/// How specific an actor name is: 2 for a named person or organisation, 1 for a
/// government, military or other sector of a country, 0 for a country or an uncoded group.
fn specificity(name: &str, code: Option<&str>) -> u8 {
    let generic = [
        "government",
        "military",
        "police",
        "media",
        "officials",
        "forces",
    ];
    match code {
        None => 0,
        Some(c) if c.len() <= 3 => 0,
        Some(_) if generic.iter().any(|g| name.to_lowercase().ends_with(g)) => 1,
        Some(_) => 2,
    }
}

/// The blocking key of a mention: event class (CAMEO root) and the unordered actor pair.
fn block_key(e: &Event) -> (String, String, String) {
    // What did not happen ("denied that ...", "has not condemned") is never merged with
    // what did: the class carries the negation.
    let mut root: String = e
        .code
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take(2)
        .collect();
    if e.modality == "negated" {
        root.push('!');
    }
    let a = actor_key(e.source.as_deref(), e.source_code.as_deref()).unwrap_or_default();
    let b = actor_key(e.target.as_deref(), e.target_code.as_deref()).unwrap_or_default();
    if a <= b {
        (root, a, b)
    } else {
        (root, b, a)
    }
}

pub(crate) fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(v, _)| v.to_string())
}

/// Whether a blocking key names two distinct sides.
fn two_sided(k: &BlockKey) -> bool {
    !k.1.is_empty() && !k.2.is_empty() && k.1 != k.2
}

/// Whether a mention has no date of its own and may point back to an earlier event: a
/// nominal reference, or a recalled past-tense verb naming both parties (with one, a verb
/// says too little to tell which earlier event it recalls).
fn points_back(e: &Event) -> bool {
    e.reference || (e.recalled && e.source.is_some() && e.target.is_some())
}

/// The event class an announcement is about: "will visit" is coded as an intention
/// ("036", express intent to meet or negotiate) and announces a consultation ("04"); so
/// for the other cooperative intentions. `None` for anything else.
fn announced_root(e: &Event) -> Option<&'static str> {
    if e.modality != "intended" {
        return None;
    }
    Some(match e.code.as_deref().unwrap_or_default() {
        "036" => "04",
        "032" => "05",
        "031" => "06",
        "033" => "07",
        "035" => "08",
        _ => return None,
    })
}

/// Event class and unordered actor pair.
type BlockKey = (String, String, String);
/// First and last day.
type DateRange = (NaiveDate, NaiveDate);

/// Merges event mentions into timeline entries, oldest first: one scored clustering (see
/// the module documentation) with the committed pair model.
pub fn merge(mentions: &[Mention]) -> Vec<TimelineEntry> {
    merge_with(mentions, model::MergeModel::default_model())
}

/// [`merge`] with a given pair model.
pub fn merge_with(mentions: &[Mention], model: &model::MergeModel) -> Vec<TimelineEntry> {
    // The timeline is built from the politically coded mentions; the others are listed by
    // `storyline events` and merged into the entity timelines ([`crate::entity`]).
    // In the order of their places (one trigger's coordinated actors by their names), so
    // that what the indexes propose (each keeps a bounded number of pairs per mention) never
    // depends on the order mentions come in: a batch merged against stored mentions and a
    // full merge of the store agree.
    let mut sorted: Vec<&Mention> = mentions.iter().filter(|m| m.event.is_coded()).collect();
    sorted.sort_by(|a, b| {
        (
            &a.document,
            !a.event.in_title,
            a.event.sentence,
            a.event.trigger.start,
            &a.event.code,
            (&a.event.source, &a.event.target),
        )
            .cmp(&(
                &b.document,
                !b.event.in_title,
                b.event.sentence,
                b.event.trigger.start,
                &b.event.code,
                (&b.event.source, &b.event.target),
            ))
    });
    let owned: Vec<Mention> = sorted.into_iter().cloned().collect();
    let mentions = &owned;
    let mut parent = clusters(mentions, model);
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..mentions.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut entries: Vec<TimelineEntry> = groups
        .into_values()
        .map(|members| entry(mentions, &members))
        .collect();
    // Oldest first; entries without a date go last.
    entries.sort_by_cached_key(|e| {
        let start = e.date.as_deref().and_then(date_range).map(|r| r.0);
        (start.is_none(), start, e.summary.clone())
    });
    entries
}

/// The clustering of mentions into events, as a union-find parent array: candidate pairs,
/// scored by the pair model, joined most likely first.
pub fn clusters(mentions: &[Mention], model: &model::MergeModel) -> Vec<usize> {
    let views = candidates::views(mentions);
    let pairs = candidates::candidates(mentions, &views);
    let scored: Vec<(f32, usize, usize)> = pairs
        .into_iter()
        .map(|p| {
            let x = candidates::features(&views[p.a], &views[p.b], p.kind);
            (model.score(&x), p.a, p.b)
        })
        .collect();
    cluster::cluster(&views, scored, model.threshold)
}

/// Keeps the entries that pass the filter.
pub fn filter(entries: Vec<TimelineEntry>, f: &TimelineFilter) -> Vec<TimelineEntry> {
    let actor = f.actor.as_deref().map(str::to_lowercase);
    entries
        .into_iter()
        .filter(|e| f.all || is_main(e))
        .filter(|e| {
            actor
                .as_deref()
                .is_none_or(|a| e.actors.iter().any(|x| x.to_lowercase().contains(a)))
        })
        .filter(|e| {
            let range = e.date.as_deref().and_then(date_range);
            match (range, f.from, f.to) {
                (None, None, None) => true,
                (None, _, _) => false,
                (Some(r), from, to) => from.is_none_or(|d| r.1 >= d) && to.is_none_or(|d| r.0 <= d),
            }
        })
        .collect()
}

pub mod candidates;
pub mod cluster;
mod entry;
mod framing;
pub mod model;
#[cfg(test)]
mod tests;

pub(crate) use entry::entry;
pub use framing::{coverage, framing, Coverage, FRAMING_TERMS};
