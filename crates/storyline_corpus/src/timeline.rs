//! Corpus logic: what many documents say together. Event mentions from every
//! document are merged into timeline entries (one per real-world event, listing
//! every source), with conflicts between sources, framing terms per outlet and
//! coverage. Merging is blocked by event class and actor pair and then by date, so it
//! stays near-linear in the number of mentions: no all-pairs comparison.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use storyline_events::LEDE_SENTENCES;
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

/// The keys under which a mention may meet the mentions it could be merged with: two mentions
/// end up in one timeline entry only if they share a key (the merge never joins mentions
/// whose actors differ, and every key names an actor the mention involves). A store that keeps
/// merged entries recomputes, when a batch arrives, only the entries holding a mention that
/// shares a key with the batch's mentions.
pub fn blocking_keys(m: &Mention) -> Vec<String> {
    let e = &m.event;
    let mut keys: Vec<String> = [
        actor_key(e.source.as_deref(), e.source_code.as_deref()),
        actor_key(e.target.as_deref(), e.target_code.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    keys.sort();
    keys.dedup();
    keys
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

/// One entry as merged so far (reports only, not dateless references), for the passes
/// that attach more mentions to entries.
#[derive(Default)]
struct Partial {
    /// The blocking key of its first mention.
    first: BlockKey,
    /// The blocking keys of all its mentions.
    keys: BTreeSet<BlockKey>,
    /// Every actor name its mentions give.
    names: BTreeSet<String>,
    /// The one actor name of its first mention when that mention is one-sided.
    alone: Option<String>,
    range: Option<DateRange>,
    /// The dates of its references, for a group of references only.
    ref_range: Option<DateRange>,
    /// The span of its dates finer than a month (a day, a week).
    fine: Option<DateRange>,
    /// The CAMEO codes of its mentions ("042" make a visit, "041" discuss by telephone).
    codes: BTreeSet<String>,
    /// The (source, target) names of its mentions that name both.
    pairs: BTreeSet<(String, String)>,
    size: usize,
}

impl Partial {
    /// The blocking keys of its mentions that name two distinct sides.
    fn complete_keys(&self) -> impl Iterator<Item = &BlockKey> {
        self.keys.iter().filter(|k| two_sided(k))
    }

    /// Both sides known (by one of its mentions).
    fn complete(&self) -> bool {
        self.complete_keys().next().is_some()
    }

    /// Whether it names both actors of one of `pairs`: across days, who did it to whom
    /// identifies an event, not the actors' countries ("Xi met Putin" a month later is the
    /// meeting of Xi and Putin, not any Chinese-Russian consultation).
    fn names_any<'a>(&self, mut pairs: impl Iterator<Item = &'a (String, String)>) -> bool {
        pairs.any(|(a, b)| self.names.contains(a) && self.names.contains(b))
    }
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

/// The entries merged so far, by union-find root: mentions with an actor that are not
/// dateless references (unless `news`, references that are their article's news; with
/// `everything`, all of them, references dating a group only when nothing else does).
fn partials(
    mentions: &[Mention],
    ranges: &[Option<DateRange>],
    parent: &mut [usize],
    news: &BTreeSet<usize>,
    everything: bool,
) -> HashMap<usize, Partial> {
    let mut groups: HashMap<usize, Partial> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let e = &m.event;
        let back = points_back(e) && !news.contains(&i);
        if (e.source.is_none() && e.target.is_none()) || (back && !everything) {
            continue;
        }
        let key = block_key(e);
        let g = groups.entry(find(parent, i)).or_insert_with(|| Partial {
            first: key.clone(),
            alone: match (&e.source, &e.target) {
                (Some(x), None) | (None, Some(x)) => Some(x.clone()),
                _ => None,
            },
            ..Partial::default()
        });
        g.keys.insert(key);
        g.codes.insert(e.code.clone().unwrap_or_default());
        if let (Some(a), Some(b)) = (&e.source, &e.target) {
            g.pairs.insert((a.clone(), b.clone()));
        }
        g.size += 1;
        g.names.extend(e.source.iter().cloned());
        g.names.extend(e.target.iter().cloned());
        if let Some(d) = ranges[i] {
            let fine = !back && (d.1 - d.0).num_days() <= 7;
            for (r, yes) in [
                (&mut g.ref_range, back),
                (&mut g.range, !back),
                (&mut g.fine, fine),
            ] {
                if yes {
                    *r = Some(match *r {
                        Some(x) => (x.0.min(d.0), x.1.max(d.1)),
                        None => d,
                    });
                }
            }
        }
    }
    for g in groups.values_mut() {
        g.range = g.range.or(g.ref_range);
    }
    groups
}

/// Joins the entries of `a` and `b`.
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra] = rb;
    }
}

/// Reports that name only one actor of an event ("Xi and Putin discussed the situation",
/// "Xi said during a call") join the entry of the same event class that names that actor
/// and another one, on a compatible date (for a month, an entry reporting the same act), if
/// that entry is dated to the day or week. Where several such entries qualify, the best
/// reported one wins. Candidates come from an index on (event class, actor): no pairwise
/// comparison of groups.
fn attach_partial(
    mentions: &[Mention],
    ranges: &[Option<DateRange>],
    parent: &mut [usize],
    news: &BTreeSet<usize>,
) {
    let groups = partials(mentions, ranges, parent, news, false);
    // Index the complete, dated groups by class and each actor name they give, and by
    // their two actor keys ("#RUS").
    let mut index: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    for (&r, g) in &groups {
        // An entry dated only to a month or a year cannot tell which of the month's reports
        // of one of its actors are about it.
        if g.fine.is_none() {
            continue;
        }
        for k in g.complete_keys() {
            let keys = [format!("#{}", k.1), format!("#{}", k.2)];
            for n in g.names.iter().cloned().chain(keys) {
                let at = index.entry((k.0.as_str(), n)).or_default();
                if at.last() != Some(&r) {
                    at.push(r);
                }
            }
        }
    }
    let mut joins = Vec::new();
    for (&r, g) in &groups {
        let (Some(actor), Some(range), false) = (&g.alone, g.range, g.complete()) else {
            continue;
        };
        // Class and one actor in a month ("Putin's visit in February") do not tell which
        // of that actor's events it is: then the act must be one the entry reports. Days
        // and weeks, where given, date the group.
        let coarse = g.fine.is_none();
        let range = g.fine.unwrap_or(range);
        // By the actor's name first ("Xi Jinping"), else by its country ("Russia" for an
        // entry of "Russian military" and Ukraine).
        let pick = |who: String| {
            index
                .get(&(g.first.0.as_str(), who))
                .into_iter()
                .flatten()
                .filter(|&&c| {
                    groups[&c]
                        .fine
                        .is_some_and(|cr| date_gap(cr, range) <= MAX_DATE_GAP_DAYS)
                        && (!coarse || !groups[&c].codes.is_disjoint(&g.codes))
                })
                .max_by_key(|&&c| (groups[&c].size, std::cmp::Reverse(c)))
                .copied()
        };
        let own_key = if g.first.1.is_empty() {
            &g.first.2
        } else {
            &g.first.1
        };
        if let Some(c) = pick(actor.clone()).or_else(|| pick(format!("#{own_key}"))) {
            joins.push((r, c));
        }
    }
    for (a, b) in joins {
        union(parent, a, b);
    }
}

/// Event class and unordered actor pair.
type BlockKey = (String, String, String);
/// First and last day.
type DateRange = (NaiveDate, NaiveDate);

/// How far back a dateless reference ("since the invasion") may point.
const MAX_REFERENCE_DAYS: i64 = 1100;

/// How far back a recalled past-tense verb ("Xi met Putin", no date, deep in a later report)
/// may point: a simple past without a time adverbial leaves its time to what readers know of
/// recent news, "last month" at the furthest.
const MAX_RECALL_DAYS: i64 = 62;

/// Dateless nominal references ("Xi's state visit to Moscow" in an article a month later,
/// "the invasion" a year on) join the latest entry of the same event class and actors
/// reported on or before their article's date, within about three years, instead of
/// standing as a new event on that date. A one-sided reference looks among the entries
/// naming its one actor. Recalled past-tense verbs ("Xi met Putin") do the same within
/// about two months, and only with an entry that reports the same act (the same CAMEO code:
/// a meeting, not a phone call) and names both its actors: a verb names its act more
/// narrowly than the class, and its actors more narrowly than their countries. Returns
/// the references that found nothing. Indexes are sorted once per block: near-linear.
fn resolve_references(
    mentions: &[Mention],
    ranges: &[Option<DateRange>],
    parent: &mut [usize],
    news: &BTreeSet<usize>,
) -> Vec<usize> {
    let groups = partials(mentions, ranges, parent, news, false);
    let mut by_block: HashMap<BlockKey, Vec<(NaiveDate, usize)>> = HashMap::new();
    let mut by_actor: HashMap<(String, String), Vec<(NaiveDate, usize)>> = HashMap::new();
    for (&r, g) in &groups {
        let Some(range) = g.range else { continue };
        for key in &g.keys {
            by_block.entry(key.clone()).or_default().push((range.1, r));
            if !key.1.is_empty() && !key.2.is_empty() {
                for a in [&key.1, &key.2] {
                    by_actor
                        .entry((key.0.clone(), a.clone()))
                        .or_default()
                        .push((range.1, r));
                }
            }
        }
    }
    for v in by_block.values_mut().chain(by_actor.values_mut()) {
        v.sort_unstable();
    }
    // The latest entry ending on or before `day`, at most `horizon` days before, that fits.
    let latest = |list: Option<&Vec<(NaiveDate, usize)>>,
                  day: NaiveDate,
                  horizon: i64,
                  fits: &dyn Fn(usize) -> bool| {
        let list = list?;
        let k = list.partition_point(|(end, _)| *end <= day);
        list[..k]
            .iter()
            .rev()
            .take_while(|(end, _)| (day - *end).num_days() <= horizon)
            .find(|(_, r)| fits(*r))
            .copied()
    };
    let mut unattached = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let e = &m.event;
        if !points_back(e) || news.contains(&i) || (e.source.is_none() && e.target.is_none()) {
            continue;
        }
        let key = block_key(e);
        let pair = match (&e.source, &e.target) {
            (Some(a), Some(b)) => Some((a.clone(), b.clone())),
            _ => None,
        };
        let same_act = |r: usize| {
            groups[&r]
                .codes
                .contains(e.code.as_deref().unwrap_or_default())
                && groups[&r].names_any(pair.iter())
        };
        // A reference naming only whom it concerns ("a call for Russian withdrawal", "a
        // meeting with Xi") does not say whose act it was: it reaches back only as far as a
        // recollection does.
        let (horizon, fits): (i64, &dyn Fn(usize) -> bool) = if e.reference {
            let reach = if e.source.is_some() {
                MAX_REFERENCE_DAYS
            } else {
                MAX_RECALL_DAYS
            };
            (reach, &|_| true)
        } else {
            (MAX_RECALL_DAYS, &same_act)
        };
        // The most recent of: the same block, and (one-sided) the entries naming its actor.
        let found = ranges[i].and_then(|(_, day)| {
            let same = latest(by_block.get(&key), day, horizon, fits);
            let one = match (key.1.is_empty(), key.2.is_empty()) {
                (true, false) => Some(&key.2),
                (false, true) => Some(&key.1),
                _ => None,
            };
            let named = one.and_then(|a| {
                latest(
                    by_actor.get(&(key.0.clone(), a.clone())),
                    day,
                    horizon,
                    fits,
                )
            });
            same.into_iter().chain(named).max().map(|(_, r)| r)
        });
        match found {
            Some(r) => union(parent, i, r),
            None => unattached.push(i),
        }
    }
    unattached
}

/// The CAMEO root of statements ("said", "told"), which PLOVER leaves without a class.
const STATEMENT_ROOT: &str = "01";
/// The CAMEO root of consultations: talks, calls, meetings, visits.
const CONSULT_ROOT: &str = "04";

/// What one actor told another ("Xi told Putin") within the date tolerance of a
/// consultation between the two (a call, talks, a meeting) was said in that consultation:
/// the statement joins the consultation's entry naming both its actors (the most reported
/// one if several) instead of standing as an event of its own. Indexed by actor pair:
/// near-linear.
fn attach_statements(mentions: &[Mention], ranges: &[Option<DateRange>], parent: &mut [usize]) {
    let groups = partials(mentions, ranges, parent, &BTreeSet::new(), true);
    // The actor pairs of a group's mentions of a class that name two parties.
    let pairs = |g: &'_ Partial, root: &str| -> Vec<(String, String)> {
        g.complete_keys()
            .filter(|k| k.0 == root)
            .map(|k| (k.1.clone(), k.2.clone()))
            .collect()
    };
    let mut consults: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (&r, g) in &groups {
        // A consultation of some day of a month is no day's occasion.
        if g.fine.is_some() {
            for p in pairs(g, CONSULT_ROOT) {
                consults.entry(p).or_default().push(r);
            }
        }
    }
    let mut joins = Vec::new();
    for (&r, g) in &groups {
        let Some(range) = g.fine.or(g.ref_range) else {
            continue;
        };
        if g.keys.iter().any(|k| k.0 != STATEMENT_ROOT) {
            continue;
        }
        let best = pairs(g, STATEMENT_ROOT)
            .iter()
            .filter_map(|p| consults.get(p))
            .flatten()
            .filter(|&&c| {
                groups[&c]
                    .fine
                    .is_some_and(|cr| date_gap(cr, range) <= MAX_DATE_GAP_DAYS)
                    && groups[&c].names_any(g.pairs.iter())
            })
            .max_by_key(|&&c| (groups[&c].size, std::cmp::Reverse(c)));
        if let Some(&c) = best {
            joins.push((r, c));
        }
    }
    for (a, b) in joins {
        union(parent, a, b);
    }
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

/// How far from the event an undated article is about its other undated mentions may be
/// placed: the events an article reports lie around its own time.
const UNDATED_WINDOW_DAYS: i64 = 31;

/// An article without a publication date leaves its mentions without a date unless they
/// give one. Its undated mentions of one event class and actor pair are one happening (an
/// article about two meetings of the same leaders dates at least one of them), an
/// announcement ("will visit") counting in the class it announces. A news article is about
/// what its lede reports: the lede's happening that matches one dated entry of its class
/// and pair naming both actors of one of its mentions better than any other, by the acts
/// they share (CAMEO codes: a visit, not a phone call), joins that entry, and the article's
/// other happenings join the entry of their class and pair within a month of it that
/// shares most acts with them. Whatever is ambiguous stays one undated entry per happening.
/// Indexed by block: near-linear.
fn resolve_undated(mentions: &[Mention], ranges: &[Option<DateRange>], parent: &mut [usize]) {
    let groups = partials(mentions, ranges, parent, &BTreeSet::new(), true);
    let mut by_block: HashMap<&BlockKey, Vec<usize>> = HashMap::new();
    for (&r, g) in &groups {
        if g.range.is_some() {
            for k in &g.keys {
                by_block.entry(k).or_default().push(r);
            }
        }
    }
    for v in by_block.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    // Per article, its happenings by class and pair.
    let mut happenings: BTreeMap<&str, BTreeMap<BlockKey, Vec<usize>>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let e = &m.event;
        // What the article asserts or announces, not what others suggest may happen.
        let said = e.modality == "asserted" || announced_root(e).is_some();
        if m.published.is_some() || ranges[i].is_some() || !said {
            continue;
        }
        let mut key = block_key(e);
        if let Some(root) = announced_root(e) {
            key.0 = root.to_string();
        }
        if !two_sided(&key) {
            continue;
        }
        happenings
            .entry(m.document.as_str())
            .or_default()
            .entry(key)
            .or_default()
            .push(i);
    }
    // The candidate entries of a happening, the most acts shared first.
    let ranked = |key: &BlockKey, members: &[usize]| -> Vec<(usize, usize)> {
        let codes: BTreeSet<&str> = members
            .iter()
            .map(|&i| &mentions[i].event)
            .filter(|e| announced_root(e).is_none())
            .map(|e| e.code.as_deref().unwrap_or_default())
            .collect();
        let pairs: Vec<(String, String)> = members
            .iter()
            .filter_map(|&i| {
                let e = &mentions[i].event;
                Some((e.source.clone()?, e.target.clone()?))
            })
            .collect();
        let mut v: Vec<(usize, usize)> = by_block
            .get(key)
            .into_iter()
            .flatten()
            .filter(|&&r| groups[&r].names_any(pairs.iter()))
            .map(|&r| {
                let shared = codes.iter().filter(|c| groups[&r].codes.contains(**c));
                (shared.count(), r)
            })
            .collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    };
    // The best candidate if it is better than the next.
    let best = |v: &[(usize, usize)]| match v {
        [(_, r)] => Some(*r),
        [(a, r), (b, _), ..] if a > b => Some(*r),
        _ => None,
    };
    for article in happenings.values() {
        let mut order: Vec<(&BlockKey, &Vec<usize>)> = article.iter().collect();
        order.sort_by_key(|(_, members)| members.iter().map(|&i| mentions[i].event.sentence).min());
        // What the lede reports decides: of its happenings that match one entry better
        // than any other by shared acts, the one sharing most (the earliest of those).
        let anchor = order
            .iter()
            .filter(|(_, members)| {
                members
                    .iter()
                    .any(|&i| mentions[i].event.sentence < LEDE_SENTENCES)
            })
            .filter_map(|(key, members)| {
                let v = ranked(key, members);
                best(&v).filter(|_| v[0].0 > 0).map(|r| (v[0].0, r))
            })
            .fold(None, |acc: Option<(usize, usize)>, x| match acc {
                Some(a) if a.0 >= x.0 => Some(a),
                _ => Some(x),
            })
            .map(|(_, r)| r);
        let anchor_range = anchor.and_then(|r| groups[&r].range);
        for (key, members) in order {
            for &i in &members[1..] {
                union(parent, i, members[0]);
            }
            let Some(ar) = anchor_range else { continue };
            let near: Vec<(usize, usize)> = ranked(key, members)
                .into_iter()
                .filter(|(_, r)| {
                    groups[r]
                        .range
                        .is_some_and(|cr| date_gap(cr, ar) <= UNDATED_WINDOW_DAYS)
                })
                .collect();
            if let Some(r) = best(&near) {
                union(parent, members[0], r);
            }
        }
    }
}

/// Links the mentions of each block in date order: each to the nearest earlier one within
/// the date tolerance, as long as the entry's days stay within a few days of each other (a
/// war reported every day is many entries, not one that chains across months). A coarse
/// date (a month) joins a day inside it only for the same act (CAMEO code).
fn sweep(
    mentions: &[Mention],
    blocks: &HashMap<BlockKey, Vec<usize>>,
    ranges: &[Option<DateRange>],
    parent: &mut [usize],
) {
    for members in blocks.values() {
        let mut dated: Vec<(usize, DateRange)> = members
            .iter()
            .filter_map(|&i| ranges[i].map(|r| (i, r)))
            .collect();
        dated.sort_by_key(|(_, r)| (r.0, r.1));
        let mut span: HashMap<usize, DateRange> = HashMap::new();
        let fine = |r: DateRange| (r.1 - r.0).num_days() <= 7;
        for &(i, r) in &dated {
            if fine(r) {
                span.insert(i, r);
            }
        }
        for k in 1..dated.len() {
            for j in (0..k).rev() {
                if dated[k].1 .0 - dated[j].1 .1 > chrono::Duration::days(MAX_DATE_GAP_DAYS + 31) {
                    break;
                }
                // A month does not tell which of the month's events of the class it is:
                // the act must be the same ("visit" and "visit", not a call).
                let (a, b) = (dated[j].0, dated[k].0);
                if date_gap(dated[j].1, dated[k].1) > MAX_DATE_GAP_DAYS
                    || (!(fine(dated[j].1) && fine(dated[k].1))
                        && mentions[a].event.code != mentions[b].event.code)
                {
                    continue;
                }
                let (a, b) = (find(parent, dated[j].0), find(parent, dated[k].0));
                if a == b {
                    break;
                }
                let joined = match (span.get(&a), span.get(&b)) {
                    (Some(x), Some(y)) => Some((x.0.min(y.0), x.1.max(y.1))),
                    (Some(x), None) | (None, Some(x)) => Some(*x),
                    (None, None) => None,
                };
                if joined.is_some_and(|(f, l)| (l - f).num_days() > MAX_ENTRY_SPAN_DAYS) {
                    continue;
                }
                parent[a] = b;
                if let Some(r) = joined {
                    span.insert(b, r);
                }
                break;
            }
        }
    }
}

/// Merges event mentions into timeline entries, oldest first.
pub fn merge(mentions: &[Mention]) -> Vec<TimelineEntry> {
    // The timeline is built from the politically coded mentions; the others are listed by
    // `storyline events` (and feed the entity timelines once those are merged too).
    let coded: Vec<Mention>;
    let mentions = if mentions.iter().all(|m| m.event.is_coded()) {
        mentions
    } else {
        coded = mentions
            .iter()
            .filter(|m| m.event.is_coded())
            .cloned()
            .collect();
        &coded
    };
    let n = mentions.len();
    let ranges: Vec<Option<(NaiveDate, NaiveDate)>> = mentions
        .iter()
        .map(|m| m.event.date.as_deref().and_then(date_range))
        .collect();
    let mut parent: Vec<usize> = (0..n).collect();
    // Reports that date the event themselves are merged first; dateless nominal
    // references ("since the invasion") then join the event they point to.
    let mut blocks: HashMap<BlockKey, Vec<usize>> = HashMap::new();
    let mut references = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        // Events without any actor cannot be told apart across documents: keep them alone.
        if m.event.source.is_none() && m.event.target.is_none() {
            continue;
        }
        if points_back(&m.event) {
            references.push(i);
        } else {
            blocks.entry(block_key(&m.event)).or_default().push(i);
        }
    }
    // A reference dated by an article that reports the same kind of event between the
    // same actors within the date tolerance is that day's news, not a reference back; so
    // is a recalled verb whose own article dates any event between the same two actors
    // then ("the two leaders met" in the report of their summit).
    let mut pair_days: HashMap<(&str, BlockKey), Vec<NaiveDate>> = HashMap::new();
    for members in blocks.values() {
        for &i in members {
            let (_, a, b) = block_key(&mentions[i].event);
            if let (Some(r), false, false) = (ranges[i], a.is_empty(), b.is_empty()) {
                pair_days
                    .entry((mentions[i].document.as_str(), (String::new(), a, b)))
                    .or_default()
                    .push(r.0);
            }
        }
    }
    for v in pair_days.values_mut() {
        v.sort_unstable();
    }
    let mut starts: HashMap<&BlockKey, Vec<NaiveDate>> = HashMap::new();
    for (k, members) in &blocks {
        let mut v: Vec<NaiveDate> = members
            .iter()
            .filter_map(|&i| ranges[i].map(|r| r.0))
            .collect();
        v.sort_unstable();
        starts.insert(k, v);
    }
    // Whether a sorted list of days has one within the date tolerance of `r`.
    let near = |v: Option<&Vec<NaiveDate>>, r: DateRange| {
        v.is_some_and(|v| {
            let lo = r.0 - chrono::Duration::days(MAX_DATE_GAP_DAYS);
            let k = v.partition_point(|d| *d < lo);
            v.get(k)
                .is_some_and(|d| *d <= r.1 + chrono::Duration::days(MAX_DATE_GAP_DAYS))
        })
    };
    let mut news = Vec::new();
    for &i in &references {
        let e = &mentions[i].event;
        let key = block_key(e);
        let pair = (
            mentions[i].document.as_str(),
            (String::new(), key.1.clone(), key.2.clone()),
        );
        let is_news = ranges[i].is_some_and(|r| {
            near(starts.get(&key), r) || (e.recalled && near(pair_days.get(&pair), r))
        });
        if is_news {
            news.push((key, i));
        }
    }
    drop(starts);
    drop(pair_days);
    let is_news: BTreeSet<usize> = news.iter().map(|(_, i)| *i).collect();
    for (key, i) in news {
        blocks.entry(key).or_default().push(i);
    }
    sweep(mentions, &blocks, &ranges, &mut parent);
    attach_partial(mentions, &ranges, &mut parent, &is_news);
    let unattached = resolve_references(mentions, &ranges, &mut parent, &is_news);
    // References to nothing reported earlier are merged among themselves like reports.
    let mut blocks: HashMap<BlockKey, Vec<usize>> = HashMap::new();
    for &i in &unattached {
        blocks
            .entry(block_key(&mentions[i].event))
            .or_default()
            .push(i);
    }
    sweep(mentions, &blocks, &ranges, &mut parent);
    // A recalled verb that recalls nothing is what it seemed: a report of its article's day,
    // which one-sided reports of that day may join.
    let reports: BTreeSet<usize> = unattached
        .iter()
        .filter(|&&i| mentions[i].event.recalled)
        .chain(&is_news)
        .copied()
        .collect();
    attach_partial(mentions, &ranges, &mut parent, &reports);
    attach_statements(mentions, &ranges, &mut parent);
    resolve_undated(mentions, &ranges, &mut parent);
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
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

fn value_conflict(
    field: &str,
    mentions: &[Mention],
    members: &[usize],
    get: impl Fn(&Mention) -> Option<String>,
) -> Option<Conflict> {
    let mut by_value: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for &i in members {
        if let Some(v) = get(&mentions[i]) {
            by_value
                .entry(v)
                .or_default()
                .insert(mentions[i].document.clone());
        }
    }
    // A disagreement is between sources: one article giving two values is not one.
    let sources: BTreeSet<&String> = by_value.values().flatten().collect();
    if by_value.len() < 2 || sources.len() < 2 {
        return None;
    }
    let mut values: Vec<ConflictValue> = by_value
        .into_iter()
        .map(|(value, docs)| ConflictValue {
            value,
            documents: docs.into_iter().collect(),
        })
        .collect();
    values.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(a.value.cmp(&b.value))
    });
    Some(Conflict {
        field: field.to_string(),
        values,
    })
}

pub(crate) fn entry(mentions: &[Mention], members: &[usize]) -> TimelineEntry {
    let events: Vec<&Event> = members.iter().map(|&i| &mentions[i].event).collect();
    // Dates come from the reports that date the event themselves; references ("the
    // visit" a month later) only when nothing else dates it.
    let dating: Vec<&Event> = {
        let own: Vec<&Event> = events
            .iter()
            .copied()
            .filter(|e| !points_back(e) && e.date.is_some())
            .collect();
        if own.is_empty() {
            events.clone()
        } else {
            own
        }
    };
    // The date: the most common among the finest-precision values.
    let day_dates: Vec<&str> = dating
        .iter()
        .filter(|e| e.precision.as_deref() == Some("day"))
        .filter_map(|e| e.date.as_deref())
        .collect();
    let date = if !day_dates.is_empty() {
        most_common(day_dates.iter().copied())
    } else {
        most_common(dating.iter().filter_map(|e| e.date.as_deref()))
    };
    let precision = date.as_deref().map(|d| match d.len() {
        4 => "year".to_string(),
        7 if !d.contains('W') => "month".to_string(),
        7 | 8 => "week".to_string(),
        _ => "day".to_string(),
    });
    // The class: the most common code among the mentions PLOVER classes (statements made
    // during a call are part of the call), else among all.
    let classed: Vec<&str> = events
        .iter()
        .filter(|e| e.plover.as_deref().is_some_and(|p| !p.is_empty()))
        .map(|e| e.code.as_deref().unwrap_or_default())
        .collect();
    let code: String = most_common(classed.iter().copied())
        .or_else(|| most_common(events.iter().map(|e| e.code.as_deref().unwrap_or_default())))
        .unwrap_or_default();
    let plover = most_common(
        events
            .iter()
            .filter(|e| e.code.as_deref() == Some(code.as_str()))
            .map(|e| e.plover.as_deref().unwrap_or_default()),
    )
    .unwrap_or_default();
    // Source and target as one ordered pair: the mentions that name both actors decide,
    // so that "A called B" and "B called A" never become "A called A". Among pairs
    // reported at least half as often as the most reported one, named people and
    // organisations win over countries and their governments ("Xi Jinping called
    // Volodymyr Zelensky" over "Chinese government called Ukraine").
    let mut pairs: BTreeMap<(&str, &str), (usize, u8)> = BTreeMap::new();
    for e in &events {
        if let (Some(s), Some(t)) = (&e.source, &e.target) {
            if s != t {
                let spec = specificity(s, e.source_code.as_deref())
                    + specificity(t, e.target_code.as_deref());
                let v = pairs.entry((s.as_str(), t.as_str())).or_insert((0, spec));
                v.0 += 1;
                v.1 = v.1.max(spec);
            }
        }
    }
    let top = pairs.values().map(|v| v.0).max().unwrap_or(0);
    let pair = pairs
        .iter()
        .filter(|(_, v)| 2 * v.0 >= top)
        .max_by(|a, b| (a.1 .1, a.1 .0).cmp(&(b.1 .1, b.1 .0)).then(b.0.cmp(a.0)))
        .map(|((s, t), _)| format!("{s}\u{1f}{t}"));
    let (source, target) = match pair.as_deref().and_then(|p| p.split_once('\u{1f}')) {
        Some((s, t)) => (Some(s.to_string()), Some(t.to_string())),
        None => (
            most_common(events.iter().filter_map(|e| e.source.as_deref())),
            most_common(events.iter().filter_map(|e| e.target.as_deref())),
        ),
    };
    let location = most_common(events.iter().filter_map(|e| e.location.as_deref()));
    // One source reporting it as done makes it a happening; the others announced or
    // expected it.
    let modality = if events.iter().any(|e| e.modality == "asserted") {
        "asserted".to_string()
    } else {
        most_common(events.iter().map(|e| e.modality.as_str())).unwrap_or_else(|| "asserted".into())
    };
    let trigger = most_common(events.iter().map(|e| e.trigger.text.as_str())).unwrap_or_default();
    let mut actors: BTreeSet<String> = BTreeSet::new();
    for e in &events {
        actors.extend(e.source.iter().cloned());
        actors.extend(e.target.iter().cloned());
    }
    let mut documents: Vec<String> = members
        .iter()
        .map(|&i| mentions[i].document.clone())
        .collect();
    documents.sort();
    documents.dedup();
    let mut refs: Vec<MentionRef> = members
        .iter()
        .map(|&i| MentionRef {
            document: mentions[i].document.clone(),
            sentence: mentions[i].event.sentence,
            modality: mentions[i].event.modality.clone(),
            outlet: mentions[i].outlet.clone(),
            title: mentions[i].title.clone(),
            text: mentions[i].sentence_text.clone(),
            trigger: mentions[i].event.trigger.clone(),
            in_title: mentions[i].event.in_title,
        })
        .collect();
    refs.sort();
    refs.dedup();
    let mut conflicts = Vec::new();
    conflicts.extend(value_conflict("date", mentions, members, |m| {
        (m.event.precision.as_deref() == Some("day") && !points_back(&m.event))
            .then(|| m.event.date.clone())
            .flatten()
    }));
    conflicts.extend(value_conflict("location", mentions, members, |m| {
        m.event.location.clone()
    }));
    let summary = format!(
        "{} {} {}",
        source.as_deref().unwrap_or("someone"),
        if trigger.is_empty() {
            plover.to_lowercase()
        } else {
            trigger.clone()
        },
        target.as_deref().unwrap_or("")
    )
    .trim()
    .to_string();
    let lemma = most_common(
        events
            .iter()
            .filter(|e| e.code.as_deref() == Some(code.as_str()))
            .map(|e| e.lemma.as_str()),
    )
    .unwrap_or_default();
    let headline = crate::headline::headline(
        &code,
        &lemma,
        source.as_deref(),
        target.as_deref(),
        &modality,
    );
    // Independent reports: a near-duplicate copy counts with the document it copies.
    let mut roots: Vec<&str> = members
        .iter()
        .map(|&i| {
            mentions[i]
                .near_duplicate_of
                .as_deref()
                .unwrap_or(mentions[i].document.as_str())
        })
        .collect();
    roots.sort_unstable();
    roots.dedup();
    let sources = roots.len();
    // Support: the best coding score of each independent source, combined as independent
    // evidence, then discounted for a missing actor and for never being asserted.
    let mut best_by_root: BTreeMap<&str, f32> = BTreeMap::new();
    for &i in members {
        let m = &mentions[i];
        let root = m
            .near_duplicate_of
            .as_deref()
            .unwrap_or(m.document.as_str());
        let v = best_by_root.entry(root).or_insert(0.0);
        *v = v.max(m.event.score.clamp(0.0, 1.0));
    }
    let miss: f32 = best_by_root.values().map(|s| 1.0 - s).product();
    let mut score = 1.0 - miss;
    if source.is_none() || target.is_none() {
        score *= 0.7;
    }
    if modality != "asserted" {
        score *= 0.8;
    }
    // Three decimals: what a reader compares, and the same number through any JSON path.
    let score = (f64::from(score) * 1000.0).round() / 1000.0;
    let date_inferred = date.is_some()
        && members.iter().all(|&i| {
            let m = &mentions[i];
            m.event.date != date
                || (m.published_inferred && m.event.date_basis.as_deref() != Some("timex"))
        });
    TimelineEntry {
        date,
        precision,
        code,
        plover,
        headline,
        sources,
        score,
        date_inferred,
        summary,
        source,
        target,
        actors: actors.into_iter().collect(),
        location,
        modality,
        documents,
        mentions: refs,
        conflicts,
    }
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

/// Terms by which outlets name the same kind of thing; each group is one concept.
pub const FRAMING_TERMS: &[(&str, &[&str])] = &[
    (
        "armed conflict",
        &[
            "invasion",
            "special military operation",
            "unique military operation",
            "military operation",
            "incursion",
            "military campaign",
            "offensive",
            "aggression",
            "war",
            "conflict",
            "crisis",
            "attack",
            "occupation",
            "annexation",
            "liberation",
        ],
    ),
    (
        "armed actors",
        &[
            "troops",
            "forces",
            "militants",
            "terrorists",
            "rebels",
            "separatists",
            "insurgents",
            "fighters",
            "freedom fighters",
        ],
    ),
    (
        "diplomacy",
        &[
            "peace plan",
            "peace proposal",
            "peace initiative",
            "talks",
            "negotiations",
            "ceasefire",
            "truce",
            "mediation",
        ],
    ),
];

fn count_term(text: &str, term: &str) -> usize {
    let lower = text.to_lowercase();
    let mut n = 0;
    let mut from = 0;
    while let Some(pos) = lower[from..].find(term) {
        let start = from + pos;
        let end = start + term.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        // "war" must not count inside "warfare"; a longer term of the group is counted on its own.
        if boundary(before) && (boundary(after) || (term.len() > 3 && after == Some('s'))) {
            n += 1;
        }
        from = end;
    }
    n
}

/// Framing: per document or outlet, how often each framing term is used. A term that
/// is part of a longer term of its group ("military operation" in "special military
/// operation") is counted only where it stands alone.
pub fn framing(docs: &[&Document], by_outlet: bool) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for doc in docs {
        let key = if by_outlet {
            doc.outlet.clone().unwrap_or_else(|| doc.id.clone())
        } else {
            doc.id.clone()
        };
        let counts = out.entry(key).or_default();
        for (_, terms) in FRAMING_TERMS {
            let mut raw: Vec<(&str, usize)> = terms
                .iter()
                .map(|t| (*t, count_term(&doc.text, t)))
                .collect();
            // Subtract occurrences inside longer terms of the same group.
            for i in 0..raw.len() {
                let (t, _) = raw[i];
                let inside: usize = raw
                    .iter()
                    .filter(|(u, _)| u.len() > t.len() && u.contains(t))
                    .map(|(u, _)| count_term(&doc.text, u))
                    .sum();
                raw[i].1 = raw[i].1.saturating_sub(inside);
            }
            for (t, c) in raw {
                if c > 0 {
                    *counts.entry(t.to_string()).or_insert(0) += c;
                }
            }
        }
    }
    out
}

/// Coverage of one timeline entry: which sources report it and which leave it out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// The entry's summary.
    pub event: String,
    /// Its date.
    pub date: Option<String>,
    /// Documents (or outlets) reporting it.
    pub reported_by: Vec<String>,
    /// Documents (or outlets) of the corpus that do not.
    pub not_reported_by: Vec<String>,
}

/// Which sources report each multi-source-worthy entry and which leave it out.
pub fn coverage(entries: &[TimelineEntry], docs: &[&Document]) -> Vec<Coverage> {
    let all: BTreeSet<String> = docs.iter().map(|d| d.id.clone()).collect();
    entries
        .iter()
        .map(|e| {
            let by: BTreeSet<String> = e.documents.iter().cloned().collect();
            Coverage {
                event: e.summary.clone(),
                date: e.date.clone(),
                reported_by: by.iter().cloned().collect(),
                not_reported_by: all.difference(&by).cloned().collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::Trigger;

    fn ev(code: &str, src: &str, tgt: &str, date: &str, sentence: usize) -> Event {
        Event {
            sentence,
            trigger: Trigger {
                start: 0,
                end: 4,
                text: "call".into(),
            },
            code: Some(code.into()),
            plover: Some("CONSULT".into()),
            source: Some(src.into()),
            target: Some(tgt.into()),
            date: Some(date.into()),
            precision: Some(if date.len() == 10 {
                "day".into()
            } else {
                "month".into()
            }),
            score: 0.9,
            ..Default::default()
        }
    }

    fn m(doc: &str, e: Event) -> Mention {
        Mention {
            document: doc.into(),
            event: e,
            ..Default::default()
        }
    }

    #[test]
    fn same_call_from_two_sources_with_date_conflict() {
        let ms = vec![
            m(
                "a",
                ev("040", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
            ),
            m(
                "b",
                ev("040", "Vladimir Putin", "Xi Jinping", "2022-02-24", 5),
            ),
            m(
                "b",
                ev("042", "Xi Jinping", "Vladimir Putin", "2023-03-20", 9),
            ),
            m(
                "c",
                ev("040", "Xi Jinping", "Volodymyr Zelenskiy", "2023-04-26", 0),
            ),
        ];
        let entries = merge(&ms);
        assert_eq!(entries.len(), 3, "{entries:#?}");
        let call = &entries[0];
        assert_eq!(call.documents, vec!["a", "b"]);
        assert_eq!(call.conflicts.len(), 1);
        assert_eq!(call.conflicts[0].field, "date");
        assert_eq!(entries[1].date.as_deref(), Some("2023-03-20"));
        let f = TimelineFilter {
            actor: Some("zelensk".into()),
            ..Default::default()
        };
        assert_eq!(filter(entries, &f).len(), 1);
    }

    #[test]
    fn one_source_giving_two_dates_is_no_conflict() {
        let ms = vec![
            m(
                "a",
                ev("040", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
            ),
            m(
                "a",
                ev("040", "Xi Jinping", "Vladimir Putin", "2022-02-24", 5),
            ),
        ];
        let entries = merge(&ms);
        assert_eq!(entries.len(), 1);
        assert!(entries[0].conflicts.is_empty());
    }

    #[test]
    fn daily_reports_of_a_war_do_not_chain_into_one_entry() {
        let ms: Vec<Mention> = (1..=20)
            .map(|d| {
                m(
                    &format!("doc{d}"),
                    ev("190", "Russia", "Ukraine", &format!("2022-03-{d:02}"), 1),
                )
            })
            .collect();
        let t = merge(&ms);
        assert!(t.len() >= 4, "{}", t.len());
        for e in &t {
            let days: Vec<&str> = e.documents.iter().map(String::as_str).collect();
            assert!(days.len() <= 5, "{days:?}");
        }
    }

    #[test]
    fn one_episode_between_two_governments_is_one_entry() {
        let coded = |src: &str, sc: &str, tgt: &str, tc: &str, date: &str| {
            let mut e = ev("042", src, tgt, date, 1);
            e.source_code = Some(sc.into());
            e.target_code = Some(tc.into());
            e
        };
        let ms = vec![
            m(
                "a",
                coded(
                    "Xi Jinping",
                    "CHNGOV",
                    "Russian government",
                    "RUSGOV",
                    "2023-03-20",
                ),
            ),
            m(
                "b",
                coded(
                    "Xi Jinping",
                    "CHNGOV",
                    "Vladimir Putin",
                    "RUSGOV",
                    "2023-03-21",
                ),
            ),
            m(
                "b",
                coded(
                    "Xi Jinping",
                    "CHNGOV",
                    "Vladimir Putin",
                    "RUSGOV",
                    "2023-03-21",
                ),
            ),
            // Another pair of countries stays apart.
            m(
                "c",
                coded(
                    "Xi Jinping",
                    "CHNGOV",
                    "Volodymyr Zelensky",
                    "UKRGOV",
                    "2023-03-21",
                ),
            ),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 2, "{t:#?}");
        let visit = t
            .iter()
            .find(|e| e.documents == ["a", "b"])
            .expect("one visit");
        assert_eq!(visit.target.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn a_reference_naming_only_its_target_does_not_reach_far_back() {
        // "a call for Russian withdrawal" a year after Xi asked Putin: whose call is unknown.
        let mut vague = ev("020", "", "Russia", "2023-03-21", 6);
        vague.source = None;
        vague.reference = true;
        // "the Russian invasion" a year later names its agent and joins.
        let mut invasion = ev("190", "Russia", "", "2023-04-26", 9);
        invasion.target = None;
        invasion.reference = true;
        let ms = vec![
            m("a", ev("020", "Xi Jinping", "Russia", "2022-02-25", 1)),
            m("b", ev("190", "Russia", "Ukraine", "2022-02-24", 1)),
            m("c", vague),
            m("d", invasion),
        ];
        let t = merge(&ms);
        assert!(t.iter().any(|e| e.documents == ["a"]), "{t:#?}");
        assert!(t.iter().any(|e| e.documents == ["b", "d"]), "{t:#?}");
    }

    #[test]
    fn one_source_reporting_it_done_makes_the_entry_a_happening() {
        let mut planned = ev("020", "Xi Jinping", "Vladimir Putin", "2022-02-25", 3);
        planned.modality = "intended".into();
        let ms = vec![
            m(
                "a",
                ev("020", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
            ),
            m("b", planned.clone()),
            m("b", planned),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].modality, "asserted");
    }

    #[test]
    fn a_dateless_reference_joins_the_earlier_event() {
        let mut recalled = ev("042", "Xi Jinping", "Vladimir Putin", "2023-04-26", 7);
        recalled.reference = true;
        let ms = vec![
            m(
                "a",
                ev("042", "Xi Jinping", "Vladimir Putin", "2023-03-20", 1),
            ),
            m(
                "b",
                ev("042", "Xi Jinping", "Vladimir Putin", "2022-02-04", 1),
            ),
            m("c", recalled),
            // A reference with nothing earlier to point to stays on its own date.
            m("c", {
                let mut e = ev("042", "Xi Jinping", "Olaf Scholz", "2023-04-26", 9);
                e.reference = true;
                e
            }),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 3, "{t:#?}");
        let visit = t
            .iter()
            .find(|e| e.documents == ["a", "c"])
            .expect("recalled visit");
        assert_eq!(visit.date.as_deref(), Some("2023-03-20"));
        assert!(
            visit.conflicts.is_empty(),
            "a reference's date is no conflict"
        );
        assert!(t.iter().any(|e| e.date.as_deref() == Some("2023-04-26")));
    }

    #[test]
    fn weakly_supported_entries_are_left_out_by_default() {
        let mut weak = ev("111", "China", "Russia", "2022-02-25", 1);
        weak.score = 0.2;
        let t = merge(&[m("a", weak)]);
        assert_eq!(t.len(), 1);
        assert!(t[0].score < MAIN_SCORE);
        assert!(filter(t.clone(), &TimelineFilter::default()).is_empty());
        let all = TimelineFilter {
            all: true,
            ..Default::default()
        };
        assert_eq!(filter(t, &all).len(), 1);
    }

    #[test]
    fn a_demand_without_a_target_is_left_out_by_default() {
        let mut e = ev("100", "China", "Russia", "2022-02-25", 1);
        e.target = None;
        e.plover = Some("REQUEST".into());
        let t = merge(&[m("a", e)]);
        assert!(filter(t, &TimelineFilter::default()).is_empty());
    }

    #[test]
    fn a_denial_is_not_merged_with_the_event() {
        let mut denied = ev("111", "China", "Russia", "2022-02-25", 2);
        denied.modality = "negated".into();
        let ms = vec![
            m("a", ev("111", "China", "Russia", "2022-02-25", 1)),
            m("b", denied),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 2, "{t:#?}");
        assert!(t
            .iter()
            .any(|e| e.modality == "negated" && e.documents == ["b"]));
        // The timeline of what happened leaves the denial out unless asked for everything.
        assert_eq!(filter(t.clone(), &TimelineFilter::default()).len(), 1);
        let all = TimelineFilter {
            all: true,
            ..Default::default()
        };
        assert_eq!(filter(t, &all).len(), 2);
    }

    #[test]
    fn one_sided_reports_join_the_full_entry_and_the_pair_keeps_its_order() {
        let mut partial = ev("041", "Xi Jinping", "", "2022-02-24", 3);
        partial.target = None;
        let ms = vec![
            m(
                "a",
                ev("041", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
            ),
            m(
                "b",
                ev("041", "Xi Jinping", "Vladimir Putin", "2022-02-25", 4),
            ),
            m(
                "b",
                ev("041", "Vladimir Putin", "Xi Jinping", "2022-02-25", 5),
            ),
            m("b", partial),
            // Another actor's one-sided report stays apart.
            m("c", {
                let mut e = ev("041", "Joe Biden", "", "2022-02-25", 1);
                e.target = None;
                e
            }),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 2, "{t:#?}");
        let call = t
            .iter()
            .find(|e| e.documents == ["a", "b"])
            .expect("merged call");
        assert_eq!(call.mentions.len(), 4);
        assert_eq!(call.source.as_deref(), Some("Xi Jinping"));
        assert_eq!(call.target.as_deref(), Some("Vladimir Putin"));
        assert_eq!(call.conflicts[0].field, "date");
    }

    fn recalled(mut e: Event) -> Event {
        e.recalled = true;
        e
    }

    fn undated(mut e: Event, sentence: usize) -> Event {
        e.date = None;
        e.precision = None;
        e.sentence = sentence;
        e
    }

    fn in_article(doc: &str, published: Option<&str>, e: Event) -> Mention {
        Mention {
            published: published.map(str::to_string),
            ..m(doc, e)
        }
    }

    #[test]
    fn a_recalled_verb_joins_the_recent_event_of_the_same_act() {
        let ms = vec![
            m(
                "a",
                ev("040", "Xi Jinping", "Vladimir Putin", "2023-03-20", 0),
            ),
            // "Xi met Putin" deep in a report a month later: the March meeting.
            m(
                "c",
                recalled(ev("040", "Xi Jinping", "Vladimir Putin", "2023-04-26", 9)),
            ),
            // "Xi phoned Putin": another act, not the meeting.
            m(
                "c",
                recalled(ev("041", "Xi Jinping", "Vladimir Putin", "2023-04-26", 12)),
            ),
            // Half a year on, "Xi met Putin" is no recollection of March.
            m(
                "d",
                recalled(ev("040", "Xi Jinping", "Vladimir Putin", "2023-09-20", 7)),
            ),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 3, "{t:#?}");
        let meeting = t
            .iter()
            .find(|e| e.documents == ["a", "c"])
            .expect("recalled meeting");
        assert_eq!(meeting.date.as_deref(), Some("2023-03-20"));
        assert!(meeting.conflicts.is_empty(), "{meeting:#?}");
        assert!(t.iter().any(|e| e.documents == ["c"] && e.code == "041"));
        assert!(t.iter().any(|e| e.documents == ["d"]));
    }

    #[test]
    fn a_recalled_verb_that_recalls_nothing_is_a_report_of_its_day() {
        let mut alone = ev("120", "Vladimir Putin", "", "2022-02-25", 3);
        alone.target = None;
        let ms = vec![
            m(
                "a",
                recalled(ev("120", "Vladimir Putin", "Joe Biden", "2022-02-25", 9)),
            ),
            m("b", alone),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].date.as_deref(), Some("2022-02-25"));
    }

    #[test]
    fn a_recalled_verb_in_the_report_of_that_day_is_its_news() {
        let ms = vec![
            m(
                "a",
                ev("040", "Xi Jinping", "Vladimir Putin", "2023-04-20", 0),
            ),
            // The article dates a signing between the two that day: its undated "the two
            // leaders met" further down is part of that day's news.
            m(
                "b",
                ev("057", "Xi Jinping", "Vladimir Putin", "2023-05-10", 0),
            ),
            m(
                "b",
                recalled(ev("040", "Vladimir Putin", "Xi Jinping", "2023-05-10", 6)),
            ),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 3, "{t:#?}");
        assert!(t.iter().any(|e| e.code == "040"
            && e.documents == ["b"]
            && e.date.as_deref() == Some("2023-05-10")));
    }

    #[test]
    fn what_one_told_the_other_joins_their_call_of_that_day() {
        let told = |doc: &str, tgt: &str, s: usize| {
            let mut e = ev("010", "Xi Jinping", tgt, "2022-02-25", s);
            e.plover = None;
            m(doc, e)
        };
        let ms = vec![
            m(
                "a",
                ev("041", "Xi Jinping", "Vladimir Putin", "2022-02-25", 0),
            ),
            told("a", "Vladimir Putin", 1),
            told("b", "Vladimir Putin", 3),
            told("b", "Vladimir Putin", 4),
            // No call with him that day: what Xi told him stands alone.
            told("b", "Joe Biden", 5),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 2, "{t:#?}");
        let call = t
            .iter()
            .find(|e| e.actors.contains(&"Vladimir Putin".to_string()))
            .unwrap();
        assert_eq!(call.mentions.len(), 4);
        // The entry is the call, not a statement, though statements are more numerous.
        assert_eq!(
            (call.code.as_str(), call.plover.as_str()),
            ("041", "CONSULT")
        );
    }

    #[test]
    fn an_undated_article_joins_the_entry_its_lede_reports() {
        let day = |doc: &str, code: &str, date: &str| {
            in_article(
                doc,
                Some(date),
                ev(code, "Xi Jinping", "Vladimir Putin", date, 1),
            )
        };
        let mut announced = undated(ev("036", "Xi Jinping", "Vladimir Putin", "", 0), 0);
        announced.modality = "intended".into();
        let ms = vec![
            // A call in 2022 and a visit in 2023, both with a meeting ("040").
            day("a", "041", "2022-02-25"),
            day("a", "040", "2022-02-25"),
            day("a", "051", "2022-02-25"),
            day("b", "042", "2023-03-20"),
            day("b", "040", "2023-03-21"),
            // No publication date: "Xi will visit Putin" (an intention, "036"), "to meet
            // Putin", and later "Xi's visit to Putin".
            in_article("u", None, announced),
            in_article(
                "u",
                None,
                undated(ev("040", "Xi Jinping", "Vladimir Putin", "", 0), 0),
            ),
            in_article(
                "u",
                None,
                undated(ev("042", "Xi Jinping", "Vladimir Putin", "", 0), 3),
            ),
            // Further down, an act only the 2022 entries report: a year away from what the
            // article is about, it stays undated.
            in_article(
                "u",
                None,
                undated(ev("051", "Vladimir Putin", "Xi Jinping", "", 0), 9),
            ),
        ];
        let t = merge(&ms);
        let visit = t
            .iter()
            .find(|e| e.date.as_deref() == Some("2023-03-20"))
            .expect("the visit");
        assert_eq!(visit.documents, ["b", "u"], "{t:#?}");
        assert_eq!(visit.modality, "asserted");
        assert!(visit
            .mentions
            .iter()
            .any(|r| r.document == "u" && r.modality == "intended"));
        assert!(t
            .iter()
            .filter(|e| e.date.as_deref().is_some_and(|d| d.starts_with("2022")))
            .all(|e| e.documents == ["a"]));
        assert!(t
            .iter()
            .any(|e| e.date.is_none() && e.documents == ["u"] && e.code == "051"));
    }

    #[test]
    fn an_undated_article_with_an_ambiguous_lede_joins_nothing() {
        let ms = vec![
            in_article(
                "a",
                Some("2022-02-25"),
                ev("040", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
            ),
            in_article(
                "b",
                Some("2023-03-21"),
                ev("040", "Xi Jinping", "Vladimir Putin", "2023-03-21", 1),
            ),
            in_article(
                "u",
                None,
                undated(ev("040", "Xi Jinping", "Vladimir Putin", "", 0), 0),
            ),
            in_article(
                "u",
                None,
                undated(ev("040", "Vladimir Putin", "Xi Jinping", "", 0), 4),
            ),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 3, "{t:#?}");
        assert!(t.iter().any(|e| e.date.is_none() && e.mentions.len() == 2));
    }

    #[test]
    fn a_month_report_of_one_actor_joins_only_the_same_act() {
        let one_sided = |code: &str, date: &str| {
            let mut e = ev(code, "Vladimir Putin", "", date, 2);
            e.target = None;
            e
        };
        let ms = vec![
            m(
                "a",
                ev("041", "Xi Jinping", "Vladimir Putin", "2022-02-25", 0),
            ),
            m("a", one_sided("041", "2022-02-25")),
            // "Putin's visit in February": another act than the call.
            m("b", one_sided("042", "2022-02")),
            // "Putin's call in February": the call.
            m("c", one_sided("041", "2022-02")),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 2, "{t:#?}");
        assert!(t.iter().any(|e| e.documents == ["a", "c"]));
        assert!(t.iter().any(|e| e.documents == ["b"]));
    }

    #[test]
    fn an_entry_dated_to_a_year_does_not_absorb_one_sided_reports() {
        let one_sided = |doc: &str, date: &str| {
            let mut e = ev("040", "Hillary Clinton", "", date, 2);
            e.target = None;
            m(doc, e)
        };
        let mut year = ev("040", "Hillary Clinton", "Bernie Sanders", "2016", 1);
        year.precision = Some("year".into());
        let ms = vec![
            m("a", year),
            one_sided("b", "2016-02-20"),
            one_sided("c", "2016-07-31"),
        ];
        let t = merge(&ms);
        assert_eq!(t.len(), 3, "{t:#?}");
    }

    #[test]
    fn month_precision_merges_with_day_inside_it() {
        let ms = vec![
            m(
                "a",
                ev("042", "Xi Jinping", "Vladimir Putin", "2023-03-21", 0),
            ),
            m("b", ev("042", "Xi Jinping", "Vladimir Putin", "2023-03", 2)),
        ];
        let entries = merge(&ms);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].date.as_deref(), Some("2023-03-21"));
        assert!(entries[0].conflicts.is_empty());
    }

    #[test]
    fn framing_counts_longest_terms() {
        let mut d = Document::new("d".into(), "Moscow calls it a special military operation; others call it an invasion. The war goes on; warfare too.".into());
        d.outlet = Some("X".into());
        let f = framing(&[&d], true);
        let x = &f["X"];
        assert_eq!(x.get("special military operation"), Some(&1));
        assert_eq!(x.get("military operation"), None);
        assert_eq!(x.get("invasion"), Some(&1));
        assert_eq!(x.get("war"), Some(&1));
    }
}
