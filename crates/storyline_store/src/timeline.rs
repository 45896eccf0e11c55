//! The stored timeline, kept up to date batch by batch with the corpus layer's one merge.
//!
//! Entries are stored whole (compressed JSON, so that fields the merge gains need no schema
//! change) beside the columns queries filter and order by, and with their members: the
//! stored mentions each entry holds. When a batch arrives, the entries holding a stored
//! mention that shares a blocking key ([`storyline_corpus::blocking_keys`]) with one of the
//! batch's mentions are taken, with every entry holding one of their mentions (and, to a
//! fixpoint, every entry holding a mention that shares a key with a taken one); the union of
//! their mentions and the batch's is merged again ([`storyline_corpus::merge`]) and replaces
//! them. Everything else stays as it was.
//!
//! An entry lists its mentions by document, sentence and modality, not one by one, so a
//! mention is recorded as a member of every entry listing its document, sentence and
//! modality (two events of one sentence may be in two entries); taking entries is closed
//! over shared members so that no re-merged mention is left in an entry that stays. The
//! merge dates an article without a publication date from all its mentions together, so
//! such an article's mentions are taken all or none (and the entries holding them too).

use std::collections::{BTreeSet, HashMap};

use chrono::Datelike;
use storyline_corpus::{blocking_keys, date_range, is_main, merge, Mention, TimelineEntry};

use crate::prepare::{EntryRow, MemberKey, Span, WriteTx};
use crate::{codec, Result};

/// Brings the stored timeline up to date with newly stored mentions.
pub(crate) fn update(tx: &mut impl WriteTx, new: Vec<(MemberKey, Mention, Span)>) -> Result<()> {
    if new.is_empty() {
        return Ok(());
    }
    let mut key_rows: Vec<(String, MemberKey)> = Vec::new();
    for (k, m, _) in &new {
        for key in blocking_keys(m) {
            key_rows.push((key, *k));
        }
    }
    let keys: Vec<String> = key_rows
        .iter()
        .map(|(key, _)| key.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut entries: BTreeSet<i64> = tx.entries_with_keys(&keys)?.into_iter().collect();
    let mut members: BTreeSet<MemberKey> = BTreeSet::new();
    let mut undated_seen: BTreeSet<i64> = BTreeSet::new();
    let mut keys_seen: BTreeSet<String> = keys.iter().cloned().collect();
    let mut loaded: BTreeSet<MemberKey> = BTreeSet::new();
    // Every taken member's mention, loaded once as the fixpoint reaches it.
    let mut all = Vec::new();
    let mut frontier: Vec<i64> = entries.iter().copied().collect();
    // Closed over shared members, then over shared blocking keys: the merge's indexes keep a
    // bounded number of pairs per mention and pick the latest report of a block, so a block
    // merged in part could pair differently than in a full merge. Every mention sharing a key
    // with a taken one is taken too (a fixpoint), so the batch's merge is the full merge's.
    loop {
        while !frontier.is_empty() {
            let mut found: Vec<MemberKey> = tx
                .members_of_entries(&frontier)?
                .into_iter()
                .filter(|m| members.insert(*m))
                .collect();
            // The merge dates an article without a publication date from all its mentions
            // together: such an article is merged whole or not at all.
            let docs: Vec<i64> = found
                .iter()
                .map(|(pk, _)| *pk)
                .filter(|pk| undated_seen.insert(*pk))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if !docs.is_empty() {
                for (pk, n) in tx.undated_documents(&docs)? {
                    found.extend((0..n).map(|idx| (pk, idx)).filter(|m| members.insert(*m)));
                }
            }
            frontier = if found.is_empty() {
                Vec::new()
            } else {
                tx.entries_of_members(&found)?
                    .into_iter()
                    .filter(|e| entries.insert(*e))
                    .collect()
            };
        }
        let fresh: Vec<MemberKey> = members.difference(&loaded).copied().collect();
        if fresh.is_empty() {
            break;
        }
        loaded.extend(fresh.iter().copied());
        let start = all.len();
        all.extend(tx.load_mentions(Some(&fresh))?);
        let more: Vec<String> = all[start..]
            .iter()
            .flat_map(|(_, m, _)| blocking_keys(m))
            .filter(|k| keys_seen.insert(k.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if more.is_empty() {
            break;
        }
        frontier = tx
            .entries_with_keys(&more)?
            .into_iter()
            .filter(|e| entries.insert(*e))
            .collect();
        if frontier.is_empty() {
            break;
        }
    }
    tx.insert_mention_keys(&key_rows)?;
    // The loop ends only once every member is loaded.
    debug_assert_eq!(loaded, members);
    all.extend(new);
    let rows = merged_rows(all)?;
    let entries: Vec<i64> = entries.into_iter().collect();
    if !entries.is_empty() {
        tx.delete_entries(Some(&entries))?;
    }
    tx.insert_entries(&rows)
}

/// Recomputes every stored entry (and every mention's blocking keys) from the stored mentions.
pub(crate) fn rebuild(tx: &mut impl WriteTx) -> Result<Vec<(String, MemberKey)>> {
    let all = tx.load_mentions(None)?;
    let key_rows = all
        .iter()
        .flat_map(|(k, m, _)| blocking_keys(m).into_iter().map(|key| (key, *k)))
        .collect();
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
