//! The stored timeline, kept up to date batch by batch with the corpus layer's one merge.
//!
//! Entries are stored whole (compressed JSON, so that fields the merge gains need no schema
//! change) beside the columns queries filter and order by, and with their members: the
//! stored mentions each entry holds. Every stored mention is filed under its blocking keys
//! ([`storyline_corpus::blocking_keys`]: an event class and actors over the days it covers),
//! and a mention's [`storyline_corpus::probes`] find every stored mention it could pair with
//! or change the pairs of (its neighbours). When a batch arrives:
//!
//! 1. the core: the batch's mentions, their neighbours (whose pairs the batch may change) and
//!    the neighbours of those neighbours that may be references back (whose being their
//!    article's news the batch may change, and with it their neighbours' pairs), with every
//!    mention of the stored entries holding one (closed over shared members and over
//!    articles without a date, which the merge dates from all their mentions);
//! 2. loaded around it: the core's neighbours and theirs (so that the pairs of every mention
//!    that could pair with the core are the full merge's: the merge's indexes keep a bounded
//!    number of pairs per mention and take the latest report of a block), and the neighbours
//!    of the possible references among them (so that their views are the full merge's);
//! 3. a mention outside the core that the loaded mentions' candidate pairs link to the core
//!    at or above the pair model's threshold joins the core, and 1-2 run again;
//! 4. the loaded mentions are merged ([`storyline_corpus::merge`]); the entries of the core
//!    replace the stored entries holding its mentions. Everything else stays as it was.
//!
//! The merge clusters each connected component of its linked pairs on its own, and a
//! mention's pairs depend only on its neighbours, so the core's entries are the full
//! merge's, and the entries outside it are unchanged: the pairs of a mention outside the core
//! are unchanged (the batch is no neighbour of it), and so are its components.
//!
//! An entry lists its mentions by document, sentence and modality, not one by one, so a
//! mention is recorded as a member of every entry listing its document, sentence and
//! modality (two events of one sentence may be in two entries); taking entries is closed
//! over shared members so that no re-merged mention is left in an entry that stays.

use std::collections::{BTreeSet, HashMap};

use chrono::Datelike;
use storyline_corpus::candidates::{self, features};
use storyline_corpus::model::MergeModel;
use storyline_corpus::{
    blocking_keys, date_range, is_main, merge, probes, FiledKey, Mention, Probe, TimelineEntry,
};

use crate::prepare::{EntryRow, MemberKey, Span, WriteTx};
use crate::{codec, Result};

/// What one batch's update read and wrote (for tests and benchmarks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateStats {
    /// Stored mentions read (the batch's own aside).
    pub loaded: usize,
    /// Stored mentions merged again into new entries (the batch's own aside).
    pub remerged: usize,
    /// Stored entries replaced.
    pub replaced: usize,
    /// Entries written.
    pub written: usize,
}

thread_local! {
    /// What the last batch stored on this thread did to the timeline.
    pub(crate) static LAST_UPDATE: std::cell::RefCell<UpdateStats> = Default::default();
}

/// What the last batch stored on this thread did to the stored timeline: how many stored
/// mentions it read and merged again, and how many entries it replaced and wrote.
pub fn last_update() -> UpdateStats {
    LAST_UPDATE.with(|last| last.borrow().clone())
}

/// The mentions an update has read, with their neighbours once asked for.
struct Loaded {
    mentions: HashMap<MemberKey, (Mention, Span)>,
    /// Each neighbour with whether it makes the mention's view ([`Probe::view`]).
    neighbours: HashMap<MemberKey, Vec<(MemberKey, bool)>>,
}

/// Which neighbours to take.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Around {
    /// Every neighbour of every mention.
    All,
    /// The neighbours that make the view of a mention that may be a reference back.
    Views,
}

impl Loaded {
    /// Reads the mentions not read yet.
    fn load(&mut self, tx: &mut impl WriteTx, keys: &BTreeSet<MemberKey>) -> Result<()> {
        let missing: Vec<MemberKey> = keys
            .iter()
            .filter(|k| !self.mentions.contains_key(k))
            .copied()
            .collect();
        if !missing.is_empty() {
            for (k, m, span) in tx.load_mentions(Some(&missing))? {
                self.mentions.insert(k, (m, span));
            }
        }
        Ok(())
    }

    /// Whether a read mention may be a reference back.
    fn back(&self, k: &MemberKey) -> bool {
        self.mentions
            .get(k)
            .is_some_and(|(m, _)| m.event.reference || m.event.recalled)
    }

    /// The stored mentions that `keys` probe (read first).
    fn around(
        &mut self,
        tx: &mut impl WriteTx,
        keys: &BTreeSet<MemberKey>,
        which: Around,
    ) -> Result<BTreeSet<MemberKey>> {
        self.load(tx, keys)?;
        let asked: Vec<MemberKey> = keys
            .iter()
            .filter(|k| !self.neighbours.contains_key(k) && self.mentions.contains_key(k))
            .filter(|k| which == Around::All || self.back(k))
            .copied()
            .collect();
        let mut owners = Vec::new();
        let mut all: Vec<Probe> = Vec::new();
        for k in &asked {
            let p = probes(&self.mentions[k].0);
            owners.extend(std::iter::repeat_n(*k, p.len()));
            all.extend(p);
            self.neighbours.insert(*k, Vec::new());
        }
        if !all.is_empty() {
            for (i, found) in tx.mentions_matching(&all)? {
                if let (Some(owner), Some(p)) = (owners.get(i), all.get(i)) {
                    if let Some(list) = self.neighbours.get_mut(owner) {
                        list.push((found, p.view));
                    }
                }
            }
        }
        let mut out = BTreeSet::new();
        for k in keys {
            if which == Around::Views && !self.back(k) {
                continue;
            }
            let list = self.neighbours.get(k).into_iter().flatten();
            out.extend(
                list.filter(|(_, view)| which == Around::All || *view)
                    .map(|(n, _)| *n),
            );
        }
        Ok(out)
    }
}

/// Brings the stored timeline up to date with newly stored mentions (whole documents).
pub(crate) fn update(
    tx: &mut impl WriteTx,
    new: Vec<(MemberKey, Mention, Span)>,
) -> Result<UpdateStats> {
    if new.is_empty() {
        return Ok(UpdateStats::default());
    }
    tx.insert_mention_keys(&filed_rows(&new))?;
    let batch: BTreeSet<MemberKey> = new.iter().map(|(k, _, _)| *k).collect();
    let mut loaded = Loaded {
        mentions: new.into_iter().map(|(k, m, s)| (k, (m, s))).collect(),
        neighbours: HashMap::new(),
    };
    // The batch and the mentions whose pairs it may change: its neighbours, and the
    // neighbours of a reference back whose view it may change (it may make it its article's
    // news).
    let mut core = batch.clone();
    let near = loaded.around(tx, &batch, Around::All)?;
    core.extend(near.iter().copied());
    let _ = loaded.around(tx, &near, Around::Views)?;
    let changed: BTreeSet<MemberKey> = near
        .iter()
        .filter(|k| {
            loaded.back(k)
                && loaded.neighbours[*k]
                    .iter()
                    .any(|(n, view)| *view && batch.contains(n))
        })
        .copied()
        .collect();
    core.extend(loaded.around(tx, &changed, Around::All)?);
    let mut entries: BTreeSet<i64> = BTreeSet::new();
    let mut undated_seen: BTreeSet<i64> = BTreeSet::new();
    loop {
        close_over_entries(tx, &mut core, &mut entries, &mut undated_seen)?;
        // The core's neighbours and theirs, and what makes their views.
        let first = loaded.around(tx, &core, Around::All)?;
        let second = loaded.around(tx, &first, Around::All)?;
        let ring: BTreeSet<MemberKey> = first.union(&second).copied().collect();
        let views = loaded.around(tx, &ring, Around::Views)?;
        let mut all: BTreeSet<MemberKey> = core.clone();
        all.extend(ring);
        all.extend(views);
        loaded.load(tx, &all)?;
        let all: Vec<MemberKey> = all
            .into_iter()
            .filter(|k| loaded.mentions.contains_key(k))
            .collect();
        let mut mentions: Vec<(MemberKey, Mention, Span)> = all
            .iter()
            .map(|k| {
                let (m, s) = &loaded.mentions[k];
                (*k, m.clone(), *s)
            })
            .collect();
        canonical_order(&mut mentions);
        // A mention linked to the core is of its components.
        let joining: BTreeSet<MemberKey> = linked(&mentions)
            .into_iter()
            .filter_map(|(a, b)| {
                let (a, b) = (mentions[a].0, mentions[b].0);
                match (core.contains(&a), core.contains(&b)) {
                    (true, false) => Some(b),
                    (false, true) => Some(a),
                    _ => None,
                }
            })
            .collect();
        if !joining.is_empty() {
            core.extend(joining);
            continue;
        }
        let rows = merged_rows(mentions)?;
        // An entry holding a core mention is the core's (the pairs never link the core with
        // the rest; an entry lists its members by sentence, which a closed core holds).
        let mut outside = BTreeSet::new();
        let mut kept = Vec::new();
        for row in rows {
            if row.members.iter().any(|m| core.contains(m)) {
                outside.extend(row.members.iter().filter(|m| !core.contains(m)).copied());
                kept.push(row);
            }
        }
        if !outside.is_empty() {
            core.extend(outside);
            continue;
        }
        let stats = UpdateStats {
            loaded: loaded.mentions.len() - batch.len(),
            remerged: core.len() - batch.len(),
            replaced: entries.len(),
            written: kept.len(),
        };
        let entries: Vec<i64> = entries.into_iter().collect();
        if !entries.is_empty() {
            tx.delete_entries(Some(&entries))?;
        }
        tx.insert_entries(&kept)?;
        return Ok(stats);
    }
}

/// Adds to `core` every mention of the stored entries holding one of its mentions (and of
/// those holding one of theirs...), and every mention of an article without a date of which
/// it holds one; `entries` gains the entries taken.
fn close_over_entries(
    tx: &mut impl WriteTx,
    core: &mut BTreeSet<MemberKey>,
    entries: &mut BTreeSet<i64>,
    undated_seen: &mut BTreeSet<i64>,
) -> Result<()> {
    let mut asked: BTreeSet<MemberKey> = BTreeSet::new();
    loop {
        let mut fresh: Vec<MemberKey> = core.difference(&asked).copied().collect();
        if fresh.is_empty() {
            return Ok(());
        }
        asked.extend(fresh.iter().copied());
        // The merge dates an article without a publication date from all its mentions
        // together: such an article is merged whole or not at all.
        let docs: Vec<i64> = fresh
            .iter()
            .map(|(pk, _)| *pk)
            .filter(|pk| undated_seen.insert(*pk))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !docs.is_empty() {
            for (pk, n) in tx.undated_documents(&docs)? {
                for m in (0..n).map(|idx| (pk, idx)) {
                    if core.insert(m) {
                        fresh.push(m);
                    }
                }
            }
        }
        let taken: Vec<i64> = tx
            .entries_of_members(&fresh)?
            .into_iter()
            .filter(|e| entries.insert(*e))
            .collect();
        if !taken.is_empty() {
            core.extend(tx.members_of_entries(&taken)?);
        }
    }
}

/// The candidate pairs of mentions (in [`canonical_order`]) that the pair model scores at or
/// above its threshold, as the merge finds them (indexes into `mentions`).
fn linked(mentions: &[(MemberKey, Mention, Span)]) -> Vec<(usize, usize)> {
    // The merge's order: its coded mentions by place ([`storyline_corpus::merge`]).
    let mut order: Vec<usize> = (0..mentions.len())
        .filter(|&i| mentions[i].1.event.is_coded())
        .collect();
    let place = |i: usize| {
        let m = &mentions[i].1;
        (
            &m.document,
            !m.event.in_title,
            m.event.sentence,
            m.event.trigger.start,
            &m.event.code,
        )
    };
    order.sort_by(|&a, &b| place(a).cmp(&place(b)));
    let sorted: Vec<Mention> = order.iter().map(|&i| mentions[i].1.clone()).collect();
    let views = candidates::views(&sorted);
    let model = MergeModel::default_model();
    candidates::candidates(&sorted, &views)
        .into_iter()
        .filter(|p| model.score(&features(&views[p.a], &views[p.b], p.kind)) >= model.threshold)
        .map(|p| (order[p.a], order[p.b]))
        .collect()
}

/// The blocking keys of stored mentions (whole documents), as rows.
pub(crate) fn filed_rows(mentions: &[(MemberKey, Mention, Span)]) -> Vec<(FiledKey, MemberKey)> {
    let list: Vec<Mention> = mentions.iter().map(|(_, m, _)| m.clone()).collect();
    blocking_keys(&list)
        .into_iter()
        .zip(mentions)
        .flat_map(|(keys, (k, _, _))| keys.into_iter().map(move |key| (key, *k)))
        .collect()
}

/// Recomputes every stored entry (and every mention's blocking keys) from the stored mentions.
pub(crate) fn rebuild(tx: &mut impl WriteTx) -> Result<Vec<(FiledKey, MemberKey)>> {
    let all = tx.load_mentions(None)?;
    let key_rows = filed_rows(&all);
    let rows = merged_rows(all)?;
    tx.delete_entries(None)?;
    tx.insert_entries(&rows)?;
    Ok(key_rows)
}

/// Mentions in the order the merge is given them on every backend and in every run: by
/// document id, then position in the document (insertion order differs between workers).
pub(crate) fn canonical_order<T>(mentions: &mut [(MemberKey, Mention, T)]) {
    mentions.sort_by(|a, b| {
        a.1.document
            .cmp(&b.1.document)
            .then(a.0 .1.cmp(&b.0 .1))
            .then(a.0 .0.cmp(&b.0 .0))
    });
}

/// Merges mentions and makes the rows of the entries.
fn merged_rows(mut all: Vec<(MemberKey, Mention, Span)>) -> Result<Vec<EntryRow>> {
    canonical_order(&mut all);
    let mut keys = Vec::with_capacity(all.len());
    let mut spans = Vec::with_capacity(all.len());
    let mut mentions = Vec::with_capacity(all.len());
    for (k, m, span) in all {
        keys.push(k);
        spans.push(span);
        mentions.push(m);
    }
    let entries = merge(&mentions);
    // Where each (document, sentence) is stored: the document's key and the sentence's span,
    // so that an entry keeps its mentions by reference.
    let mut places: HashMap<(&str, usize, bool), (i64, Span)> = HashMap::new();
    for ((k, m), span) in keys.iter().zip(&mentions).zip(&spans) {
        places
            .entry((m.document.as_str(), m.event.sentence, m.event.in_title))
            .or_insert((k.0, *span));
    }
    // Which entries list each (document, sentence, modality).
    let mut by_ref: HashMap<(&str, usize, &str), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for r in &e.mentions {
            by_ref
                .entry((r.document.as_str(), r.sentence, r.modality.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut members: Vec<Vec<MemberKey>> = vec![Vec::new(); entries.len()];
    for (k, m) in keys.iter().zip(&mentions) {
        let r = (
            m.document.as_str(),
            m.event.sentence,
            m.event.modality.as_str(),
        );
        for &i in by_ref.get(&r).map(Vec::as_slice).unwrap_or_default() {
            members[i].push(*k);
        }
    }
    entries
        .iter()
        .zip(members)
        .map(|(e, members)| entry_row(e, members, &places))
        .collect()
}

/// Days from the common era.
pub(crate) fn day_number(d: chrono::NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn entry_row(
    e: &TimelineEntry,
    members: Vec<MemberKey>,
    places: &HashMap<(&str, usize, bool), (i64, Span)>,
) -> Result<EntryRow> {
    let range = e.date.as_deref().and_then(date_range);
    // Serialised once: the stored score is the one the entry's JSON shows (rounded), and the
    // blob is made from the same value.
    let value = serde_json::to_value(e).map_err(|err| codec::bad("timeline entry", err))?;
    let score = value.get("score").and_then(|s| s.as_f64());
    Ok(EntryRow {
        blob: compact_entry(e, value, places)?,
        start_day: range.map(|r| day_number(r.0)),
        end_day: range.map(|r| day_number(r.1)),
        main: is_main(e),
        conflicts: !e.conflicts.is_empty(),
        summary: e.summary.clone(),
        tiebreak: e
            .mentions
            .first()
            .map(|m| tiebreak(&m.document, m.sentence))
            .unwrap_or_default(),
        score,
        n_documents: e.documents.len() as i64,
        actors: e.actors.clone(),
        members,
    })
}

/// A number that orders entries of one start day and summary by their first mention, the
/// same on every backend (FNV-1a of its document and sentence).
fn tiebreak(document: &str, sentence: usize) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in document.bytes().chain(sentence.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

/// The key of a mention kept by reference: the stored document it is in.
const DOC_KEY: &str = "~doc";
/// The key of a mention's sentence span in its document's text (null for a title event).
const SPAN_KEY: &str = "~span";

/// The blob of an entry from its JSON `value`: each mention's outlet, title and sentence
/// text left out and the stored document and sentence span put in their place (they are
/// read back from the document when the entry is read: [`decode_entries`]). A mention
/// whose document is not known here keeps them.
fn compact_entry(
    e: &TimelineEntry,
    mut value: serde_json::Value,
    places: &HashMap<(&str, usize, bool), (i64, Span)>,
) -> Result<Vec<u8>> {
    let what = "timeline entry";
    if let Some(mentions) = value.get_mut("mentions").and_then(|m| m.as_array_mut()) {
        for (r, v) in e.mentions.iter().zip(mentions.iter_mut()) {
            let Some(&(pk, span)) = places.get(&(r.document.as_str(), r.sentence, r.in_title))
            else {
                continue;
            };
            let Some(obj) = v.as_object_mut() else {
                continue;
            };
            obj.remove("outlet");
            obj.remove("title");
            obj.remove("text");
            obj.insert(DOC_KEY.to_string(), pk.into());
            obj.insert(
                SPAN_KEY.to_string(),
                match span {
                    Some((s, e)) => serde_json::json!([s, e]),
                    None => serde_json::Value::Null,
                },
            );
        }
    }
    codec::compress_json(&value, codec::Dict::Entry, what)
}

/// What a reader of entries needs of a stored document: its title, outlet and text.
pub(crate) struct EntryDocument {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub text: String,
}

/// Stored entries read back, their mentions' outlets, titles and sentences filled from
/// their documents; `fetch` gives the documents of some primary keys.
pub(crate) fn decode_entries(
    blobs: &[Vec<u8>],
    fetch: impl FnOnce(&[i64]) -> Result<HashMap<i64, EntryDocument>>,
) -> Result<Vec<TimelineEntry>> {
    let what = "timeline entry (written by another storyline? run `storyline reindex`)";
    let mut values: Vec<serde_json::Value> = blobs
        .iter()
        .map(|b| codec::decompress_json(b, what))
        .collect::<Result<_>>()?;
    let mut pks: BTreeSet<i64> = BTreeSet::new();
    for v in &values {
        for m in mention_objects(v) {
            if let Some(pk) = m.get(DOC_KEY).and_then(|p| p.as_i64()) {
                pks.insert(pk);
            }
        }
    }
    let docs = if pks.is_empty() {
        HashMap::new()
    } else {
        fetch(&pks.into_iter().collect::<Vec<_>>())?
    };
    for v in &mut values {
        let Some(mentions) = v.get_mut("mentions").and_then(|m| m.as_array_mut()) else {
            continue;
        };
        for m in mentions {
            let Some(obj) = m.as_object_mut() else {
                continue;
            };
            let Some(pk) = obj.remove(DOC_KEY).and_then(|p| p.as_i64()) else {
                continue;
            };
            let span = obj.remove(SPAN_KEY).and_then(|s| {
                let s = s.as_array()?;
                Some((s.first()?.as_u64()? as usize, s.get(1)?.as_u64()? as usize))
            });
            let doc = docs.get(&pk);
            let in_title = obj.get("in_title").and_then(|b| b.as_bool()) == Some(true);
            let title = doc.and_then(|d| d.title.clone());
            let text = if in_title {
                title.clone().unwrap_or_default()
            } else {
                span.zip(doc)
                    .and_then(|((s, e), d)| d.text.get(s..e))
                    .unwrap_or_default()
                    .to_string()
            };
            obj.insert("outlet".into(), doc.and_then(|d| d.outlet.clone()).into());
            obj.insert("title".into(), title.into());
            obj.insert("text".into(), text.into());
        }
    }
    values
        .into_iter()
        .map(|v| serde_json::from_value(v).map_err(|e| codec::bad(what, e)))
        .collect()
}

fn mention_objects(v: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    v.get("mentions")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
}

/// The `sort_day` of an undated entry (the first key of the stored entries' order: the
/// merge's, oldest first, undated last, then by summary and tiebreak): after every day.
pub(crate) const UNDATED: i64 = i64::MAX;
