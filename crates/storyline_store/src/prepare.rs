//! What storing a batch means, once for both backends: duplicate and near-duplicate checks,
//! the rows of a document, and the stored timeline's update. A backend implements
//! [`WriteTx`] (the queries, inside its transaction) and calls [`insert_batch`].

use std::collections::{BTreeMap, BTreeSet};

use storyline_corpus::dedup::{self, NEAR_DUPLICATE_THRESHOLD};
use storyline_corpus::{stories, FiledKey, Mention, Probe};
use storyline_model::Document;

use crate::{codec, timeline, Outcome, Result};

/// A stored event mention: its document's key and its position among the document's events.
pub(crate) type MemberKey = (i64, i64);
/// The byte span of a mention's sentence in its document's text (none for a title event).
pub(crate) type Span = Option<(usize, usize)>;

/// Everything stored of one document, computed before it is written.
pub(crate) struct DocumentRow<'a> {
    pub id: String,
    pub hash: String,
    pub doc: &'a Document,
    pub near_duplicate_of: Option<String>,
    pub similarity: Option<f64>,
    /// Compressed text (SQLite keeps it so; PostgreSQL keeps the plain text for its search).
    pub text_blob: Vec<u8>,
    pub body: Vec<u8>,
    pub events: Vec<u8>,
    pub signature: Vec<u8>,
    pub band_keys: Vec<i64>,
    /// Actor and the number of entity mentions resolved to it.
    pub actors: Vec<(String, i64)>,
    /// Compressed story terms.
    pub story_terms: Vec<u8>,
}

/// A stored timeline entry with the columns it is queried by.
pub(crate) struct EntryRow {
    pub blob: Vec<u8>,
    /// Days from the common era of the first and last day the entry's date covers.
    pub start_day: Option<i64>,
    pub end_day: Option<i64>,
    pub main: bool,
    pub conflicts: bool,
    pub summary: String,
    /// Orders entries of one day and summary the same way on every backend.
    pub tiebreak: i64,
    pub score: Option<f64>,
    pub n_documents: i64,
    pub actors: Vec<String>,
    pub members: Vec<MemberKey>,
}

/// The queries storing a batch needs, run inside the backend's transaction.
pub(crate) trait WriteTx {
    /// The id of the stored document with this content hash.
    fn find_hash(&mut self, hash: &str) -> Result<Option<String>>;
    /// Whether a stored document has this id.
    fn id_taken(&mut self, id: &str) -> Result<bool>;
    /// Stored documents (not themselves near-duplicates) sharing an LSH band key, with
    /// their MinHash signatures.
    fn near_candidates(&mut self, keys: &[i64]) -> Result<Vec<(String, Vec<u8>)>>;
    /// Writes a document's rows; returns its key.
    fn insert_document(&mut self, row: &DocumentRow<'_>) -> Result<i64>;
    /// Records the blocking keys of stored mentions.
    fn insert_mention_keys(&mut self, rows: &[(FiledKey, MemberKey)]) -> Result<()>;
    /// The stored mentions each probe finds (the probe's index and the mention).
    fn mentions_matching(&mut self, probes: &[Probe]) -> Result<Vec<(usize, MemberKey)>>;
    /// The mentions of stored entries.
    fn members_of_entries(&mut self, entries: &[i64]) -> Result<Vec<MemberKey>>;
    /// Of these stored documents, those without a publication date, with their numbers of
    /// event mentions.
    fn undated_documents(&mut self, pks: &[i64]) -> Result<Vec<(i64, i64)>>;
    /// The stored entries holding these mentions.
    fn entries_of_members(&mut self, members: &[MemberKey]) -> Result<Vec<i64>>;
    /// Stored mentions, whole (`None`: every stored mention).
    fn load_mentions(
        &mut self,
        members: Option<&[MemberKey]>,
    ) -> Result<Vec<(MemberKey, Mention, Span)>>;
    /// Removes stored entries (`None`: all of them).
    fn delete_entries(&mut self, entries: Option<&[i64]>) -> Result<()>;
    /// Adds entries.
    fn insert_entries(&mut self, rows: &[EntryRow]) -> Result<()>;
}

/// Stores a batch: each document unless an identical one is stored, linked to the stored
/// document it nearly copies; then the timeline entries the batch touches are re-merged.
pub(crate) fn insert_batch(tx: &mut impl WriteTx, docs: &[Document]) -> Result<Vec<Outcome>> {
    let mut out = Vec::with_capacity(docs.len());
    let mut new_mentions: Vec<(MemberKey, Mention, Span)> = Vec::new();
    for doc in docs {
        let (outcome, pk) = insert_one(tx, doc)?;
        let stored = match (&outcome, pk) {
            (Outcome::Added { id }, Some(pk)) => Some((pk, id.clone(), None)),
            (Outcome::NearDuplicate { id, of, .. }, Some(pk)) => {
                Some((pk, id.clone(), Some(of.clone())))
            }
            _ => None,
        };
        if let Some((pk, id, of)) = stored {
            for (idx, mut m) in storyline_corpus::mentions_of(doc).into_iter().enumerate() {
                m.document = id.clone();
                m.near_duplicate_of = of.clone();
                let span = codec::sentence_span(doc, &m.event);
                // The sentence as the store gives it back (`mentions_of_row`), so that the
                // merge of a batch sees what a later full merge of the stored mentions sees.
                if !m.event.in_title {
                    m.sentence_text = span
                        .and_then(|(s, e)| doc.text.get(s..e))
                        .unwrap_or_default()
                        .to_string();
                }
                new_mentions.push(((pk, idx as i64), m, span));
            }
        }
        out.push(outcome);
    }
    let stats = timeline::update(tx, new_mentions)?;
    timeline::LAST_UPDATE.with(|last| *last.borrow_mut() = stats);
    Ok(out)
}

fn insert_one(tx: &mut impl WriteTx, doc: &Document) -> Result<(Outcome, Option<i64>)> {
    let hash = dedup::content_hash(&doc.text);
    if let Some(of) = tx.find_hash(&hash)? {
        return Ok((Outcome::Duplicate { of }, None));
    }
    // An id already used by a different document gets a suffix from the content hash.
    let mut id = doc.id.clone();
    if tx.id_taken(&id)? {
        id = format!("{}-{}", doc.id, &hash[..8]);
    }
    let sig = dedup::signature(&doc.text);
    // Band keys hash the band number too, so one lookup on the key finds every candidate
    // sharing any band.
    let band_keys: Vec<i64> = dedup::band_keys(&sig).iter().map(|k| *k as i64).collect();
    let mut best: Option<(String, f64)> = None;
    for (other, bytes) in tx.near_candidates(&band_keys)? {
        let sim = dedup::similarity(&sig, &dedup::signature_from_bytes(&bytes));
        if sim >= NEAR_DUPLICATE_THRESHOLD && best.as_ref().is_none_or(|(_, s)| sim > *s) {
            best = Some((other, sim));
        }
    }
    let row = document_row(doc, id, hash, &sig, best.clone())?;
    let pk = tx.insert_document(&row)?;
    let id = row.id;
    Ok((
        match best {
            Some((of, similarity)) => Outcome::NearDuplicate { id, of, similarity },
            None => Outcome::Added { id },
        },
        Some(pk),
    ))
}

/// The rows of a document to store under `id`, linked to `near` when it nearly copies it.
pub(crate) fn document_row<'a>(
    doc: &'a Document,
    id: String,
    hash: String,
    sig: &[u64],
    near: Option<(String, f64)>,
) -> Result<DocumentRow<'a>> {
    let mut actors: BTreeMap<&str, i64> = BTreeMap::new();
    for ent in &doc.entities {
        if let Some(a) = ent.actor.as_deref() {
            *actors.entry(a).or_insert(0) += 1;
        }
    }
    let what = format!("document {id}");
    Ok(DocumentRow {
        hash,
        doc,
        near_duplicate_of: near.as_ref().map(|(o, _)| o.clone()),
        similarity: near.as_ref().map(|(_, s)| *s),
        text_blob: codec::compress_text(&doc.text),
        body: codec::encode_body(doc, &what)?,
        events: codec::encode_events(doc, &what)?,
        signature: dedup::signature_to_bytes(sig),
        // Band keys hash the band number too, so one lookup on the key finds every
        // candidate sharing any band.
        band_keys: dedup::band_keys(sig).iter().map(|k| *k as i64).collect(),
        actors: actors
            .into_iter()
            .map(|(a, n)| (a.to_string(), n))
            .collect(),
        story_terms: codec::compress_json(
            &stories::story_doc(doc).terms,
            codec::Dict::Terms,
            &what,
        )?,
        id,
    })
}

/// What the mentions of a stored document carry of their document.
pub(crate) struct DocumentMeta {
    pub pk: i64,
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub published_inferred: bool,
    pub near_duplicate_of: Option<String>,
}

/// Decodes the mentions of one document.
pub(crate) fn mentions_of_row(
    meta: DocumentMeta,
    text: &str,
    events_blob: &[u8],
    wanted: Option<&BTreeSet<i64>>,
    out: &mut Vec<(MemberKey, Mention, Span)>,
) -> Result<()> {
    let what = format!("events of document {}", meta.id);
    let stored = codec::decode_events(events_blob, text, &what)?;
    for (idx, (event, span)) in stored.events.into_iter().zip(stored.spans).enumerate() {
        let idx = idx as i64;
        if wanted.is_some_and(|w| !w.contains(&idx)) {
            continue;
        }
        let sentence_text = if event.in_title {
            meta.title.clone().unwrap_or_default()
        } else {
            span.and_then(|(s, e)| text.get(s..e))
                .unwrap_or_default()
                .to_string()
        };
        out.push((
            (meta.pk, idx),
            Mention {
                document: meta.id.clone(),
                outlet: meta.outlet.clone(),
                title: meta.title.clone(),
                published: meta.published.clone(),
                published_inferred: meta.published_inferred,
                near_duplicate_of: meta.near_duplicate_of.clone(),
                sentence_text,
                event,
            },
            span,
        ));
    }
    Ok(())
}
