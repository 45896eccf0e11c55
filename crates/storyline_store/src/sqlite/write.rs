//! Storing a batch: the SQLite side of [`WriteTx`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use storyline_corpus::{FiledKey, Mention, Probe};
use storyline_model::Document;

use super::json_ids;
use crate::prepare::{self, DocumentMeta, DocumentRow, EntryRow, MemberKey, Span, WriteTx};
use crate::timeline::UNDATED;
use crate::{codec, Result};

/// The SQLite side of a batch's transaction.
pub(super) struct SqliteTx<'a, 'c> {
    tx: &'a Transaction<'c>,
    /// Blocking key ids seen in this transaction.
    keys: HashMap<String, i64>,
    /// Actor ids seen in this transaction.
    actors: HashMap<String, i64>,
    /// Whether the tables are schema 6's (story terms in a table of their own), while
    /// migration 6 writes into them.
    schema_6: bool,
}

fn json_pairs(pairs: &[MemberKey]) -> String {
    serde_json::to_string(pairs).unwrap_or_else(|_| "[]".into())
}

impl<'a, 'c> SqliteTx<'a, 'c> {
    pub(super) fn new(tx: &'a Transaction<'c>) -> Self {
        SqliteTx {
            tx,
            keys: HashMap::new(),
            actors: HashMap::new(),
            schema_6: false,
        }
    }

    /// Writes into the tables of schema 6 (migration 6 only).
    pub(super) fn schema_6(tx: &'a Transaction<'c>) -> Self {
        SqliteTx {
            schema_6: true,
            ..SqliteTx::new(tx)
        }
    }

    fn key_id(&mut self, key: &str) -> Result<i64> {
        if let Some(&id) = self.keys.get(key) {
            return Ok(id);
        }
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO keys (key) VALUES (?1)")?
            .execute([key])?;
        let id: i64 = self
            .tx
            .prepare_cached("SELECT id FROM keys WHERE key = ?1")?
            .query_row([key], |r| r.get(0))?;
        self.keys.insert(key.to_string(), id);
        Ok(id)
    }

    fn actor_id(&mut self, name: &str) -> Result<i64> {
        if let Some(&id) = self.actors.get(name) {
            return Ok(id);
        }
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO actors (name, name_lc) VALUES (?1, ?2)")?
            .execute([name, &name.to_lowercase()])?;
        let id: i64 = self
            .tx
            .prepare_cached("SELECT id FROM actors WHERE name = ?1")?
            .query_row([name], |r| r.get(0))?;
        self.actors.insert(name.to_string(), id);
        Ok(id)
    }
    /// Writes a document's rows, under a given key or the next one.
    pub(super) fn insert_document_at(
        &mut self,
        row: &DocumentRow<'_>,
        pk: Option<i64>,
    ) -> Result<i64> {
        let doc = row.doc;
        // From schema 7 the story terms are in the document's row (before its blobs, so that
        // reading them reads no more of the row).
        let (terms_column, terms) = if self.schema_6 {
            ("", None)
        } else {
            (", terms", Some(&row.story_terms))
        };
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO documents (pk, id, content_hash, title, published, published_inferred, outlet, byline, url,
                                        near_duplicate_of, similarity, text_z, body, events_z, n_events{terms_column})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15{})",
                if self.schema_6 { "" } else { ", ?16" }
            ))?
            .execute(rusqlite::params_from_iter(
                [
                    &pk as &dyn rusqlite::ToSql,
                    &row.id,
                    &row.hash,
                    &doc.title,
                    &doc.published,
                    &doc.published_inferred,
                    &doc.outlet,
                    &doc.byline,
                    &doc.url,
                    &row.near_duplicate_of,
                    &row.similarity,
                    &row.text_blob,
                    &row.body,
                    &row.events,
                    &(doc.events.len() as i64),
                ]
                .into_iter()
                .chain(terms.map(|t| t as &dyn rusqlite::ToSql)),
            ))?;
        let pk = self.tx.last_insert_rowid();
        self.tx
            .prepare_cached("INSERT INTO documents_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?
            .execute(params![pk, doc.title.as_deref().unwrap_or(""), doc.text])?;
        // No MinHash signature is stored (it would take a third as much as the text): a
        // near-duplicate candidate's is computed again from its text (`near_candidates`).
        for key in &row.band_keys {
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO lsh_keys (key, doc_pk) VALUES (?1, ?2)")?
                .execute(params![key, pk])?;
        }
        for (i, quote) in doc.quotes.iter().enumerate() {
            // A quote's text is its document's text at its offsets (an invariant of the
            // quote finder); it is stored only where it is not.
            let own = doc.text.get(quote.start..quote.end) != Some(quote.text.as_str());
            self.tx
                .prepare_cached(
                    "INSERT INTO quotes (doc_pk, idx, speaker, text, start, end, cue, kind, date)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    pk,
                    i as i64,
                    quote.speaker,
                    own.then_some(quote.text.as_str()),
                    quote.start as i64,
                    quote.end as i64,
                    quote.cue,
                    quote.kind,
                    doc.published
                ])?;
        }
        for (actor, n) in &row.actors {
            let actor = self.actor_id(actor)?;
            self.tx
                .prepare_cached(
                    "INSERT INTO entity_actors (actor_id, doc_pk, mentions) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![actor, pk, n])?;
        }
        if self.schema_6 {
            self.tx
                .prepare_cached("INSERT INTO story_terms (doc_pk, terms) VALUES (?1, ?2)")?
                .execute(params![pk, row.story_terms])?;
        }
        Ok(pk)
    }
}

impl WriteTx for SqliteTx<'_, '_> {
    fn find_hash(&mut self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
            .query_row([hash], |r| r.get::<_, String>(0))
            .optional()?)
    }

    fn id_taken(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM documents WHERE id = ?1)")?
            .query_row([id], |r| r.get(0))?)
    }

    fn near_candidates(&mut self, keys: &[i64]) -> Result<Vec<(String, Vec<u8>)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT d.id, d.text_z FROM documents d
             WHERE d.pk IN (SELECT doc_pk FROM lsh_keys WHERE key IN (SELECT value FROM json_each(?1)))
               AND d.near_duplicate_of IS NULL ORDER BY d.pk",
        )?;
        let mut rows = stmt.query([json_ids(keys)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let text = codec::decompress_text(&r.get::<_, Vec<u8>>(1)?, &format!("document {id}"))?;
            let signature = storyline_corpus::dedup::signature(&text);
            out.push((id, storyline_corpus::dedup::signature_to_bytes(&signature)));
        }
        Ok(out)
    }

    fn insert_document(&mut self, row: &DocumentRow<'_>) -> Result<i64> {
        self.insert_document_at(row, None)
    }

    fn insert_mention_keys(&mut self, rows: &[(FiledKey, MemberKey)]) -> Result<()> {
        for (key, (pk, idx)) in rows {
            let id = self.key_id(&key.key)?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO mention_keys (key_id, day_lo, day_hi, doc_pk, idx)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, key.first, key.last, pk, idx])?;
        }
        Ok(())
    }

    fn mentions_matching(&mut self, probes: &[Probe]) -> Result<Vec<(usize, MemberKey)>> {
        let json = serde_json::Value::Array(
            probes
                .iter()
                .map(|p| serde_json::json!([p.key, p.first_from, p.first_to, p.last_from]))
                .collect(),
        )
        .to_string();
        let mut stmt = self.tx.prepare_cached(
            "SELECT j.key, mk.doc_pk, mk.idx FROM json_each(?1) j
             JOIN keys k ON k.key = json_extract(j.value, '$[0]')
             JOIN mention_keys mk ON mk.key_id = k.id
              AND mk.day_lo BETWEEN json_extract(j.value, '$[1]') AND json_extract(j.value, '$[2]')
              AND mk.day_hi >= json_extract(j.value, '$[3]')",
        )?;
        let rows = stmt.query_map([json], |r| {
            Ok((r.get::<_, i64>(0)? as usize, (r.get(1)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn members_of_entries(&mut self, entries: &[i64]) -> Result<Vec<MemberKey>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, members FROM timeline WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let mut rows = stmt.query([json_ids(entries)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let blob: Vec<u8> = r.get(1)?;
            out.extend(codec::decode_members(
                &blob,
                &format!("members of timeline entry {id}"),
            )?);
        }
        Ok(out)
    }

    fn undated_documents(&mut self, pks: &[i64]) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT pk, n_events FROM documents WHERE pk IN (SELECT value FROM json_each(?1)) AND published IS NULL",
        )?;
        let rows = stmt.query_map([json_ids(pks)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn entries_of_members(&mut self, members: &[MemberKey]) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT DISTINCT em.entry FROM json_each(?1) j JOIN entry_members em
             ON em.doc_pk = json_extract(j.value, '$[0]') AND em.idx = json_extract(j.value, '$[1]')",
        )?;
        let rows = stmt.query_map([json_pairs(members)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn load_mentions(
        &mut self,
        members: Option<&[MemberKey]>,
    ) -> Result<Vec<(MemberKey, Mention, Span)>> {
        load_mentions(self.tx, members)
    }

    fn delete_entries(&mut self, entries: Option<&[i64]>) -> Result<()> {
        match entries {
            None => self.tx.execute_batch(
                "DELETE FROM entry_members; DELETE FROM entry_actors; DELETE FROM timeline;",
            )?,
            Some(ids) => {
                // An entry's members are in its row: each is removed from the index by key.
                let mut members = Vec::new();
                for &id in ids {
                    let blob: Option<Vec<u8>> = self
                        .tx
                        .prepare_cached("SELECT members FROM timeline WHERE id = ?1")?
                        .query_row([id], |r| r.get(0))
                        .optional()?;
                    if let Some(blob) = blob {
                        let what = format!("members of timeline entry {id}");
                        for (pk, idx) in codec::decode_members(&blob, &what)? {
                            members.push((pk, idx, id));
                        }
                    }
                }
                let mut del = self.tx.prepare_cached(
                    "DELETE FROM entry_members WHERE doc_pk = ?1 AND idx = ?2 AND entry = ?3",
                )?;
                for (pk, idx, id) in members {
                    del.execute(params![pk, idx, id])?;
                }
                let json = json_ids(ids);
                for sql in [
                    "DELETE FROM entry_actors WHERE entry IN (SELECT value FROM json_each(?1))",
                    "DELETE FROM timeline WHERE id IN (SELECT value FROM json_each(?1))",
                ] {
                    self.tx.prepare_cached(sql)?.execute([&json])?;
                }
            }
        }
        Ok(())
    }

    fn insert_entries(&mut self, rows: &[EntryRow]) -> Result<()> {
        for e in rows {
            let sort_day = e.start_day.unwrap_or(UNDATED);
            self.tx
                .prepare_cached(
                    "INSERT INTO timeline (start_day, end_day, sort_day, main, conflicts, summary, tiebreak, score,
                                           n_documents, members, entry)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?
                .execute(params![
                    e.start_day,
                    e.end_day,
                    sort_day,
                    e.main,
                    e.conflicts,
                    e.summary,
                    e.tiebreak,
                    e.score,
                    e.n_documents,
                    codec::encode_members(&e.members),
                    e.blob
                ])?;
            let id = self.tx.last_insert_rowid();
            for a in &e.actors {
                let actor = self.actor_id(a)?;
                self.tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO entry_actors (actor_id, entry, main, sort_day, end_day)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![actor, id, e.main, sort_day, e.end_day])?;
            }
            let mut m = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO entry_members (doc_pk, idx, entry) VALUES (?1, ?2, ?3)",
            )?;
            for (pk, idx) in &e.members {
                m.execute(params![pk, idx, id])?;
            }
        }
        Ok(())
    }
}

/// Stored mentions, whole: of some documents' positions, or all.
pub(super) fn load_mentions(
    conn: &Connection,
    members: Option<&[MemberKey]>,
) -> Result<Vec<(MemberKey, Mention, Span)>> {
    const COLUMNS: &str =
        "pk, id, title, outlet, published, published_inferred, near_duplicate_of, text_z, events_z";
    let mut out = Vec::new();
    let mut one = |r: &rusqlite::Row<'_>, wanted: Option<&BTreeSet<i64>>| -> Result<()> {
        let meta = DocumentMeta {
            pk: r.get(0)?,
            id: r.get(1)?,
            title: r.get(2)?,
            outlet: r.get(3)?,
            published: r.get(4)?,
            published_inferred: r.get(5)?,
            near_duplicate_of: r.get(6)?,
        };
        let text = codec::decompress_text(
            &r.get::<_, Vec<u8>>(7)?,
            &format!("text of document {}", meta.id),
        )?;
        let events: Vec<u8> = r.get(8)?;
        prepare::mentions_of_row(meta, &text, &events, wanted, &mut out)
    };
    match members {
        None => {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM documents WHERE n_events > 0 ORDER BY pk"
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                one(r, None)?;
            }
        }
        Some(members) => {
            let mut by_doc: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
            for (pk, idx) in members {
                by_doc.entry(*pk).or_default().insert(*idx);
            }
            let mut stmt =
                conn.prepare_cached(&format!("SELECT {COLUMNS} FROM documents WHERE pk = ?1"))?;
            for (pk, wanted) in &by_doc {
                let mut rows = stmt.query([pk])?;
                if let Some(r) = rows.next()? {
                    one(r, Some(wanted))?;
                }
            }
        }
    }
    Ok(out)
}

pub(super) fn decode_row(r: &rusqlite::Row<'_>) -> Result<Document> {
    let id: String = r.get(0)?;
    let what = format!("document {id}");
    let text = codec::decompress_text(&r.get::<_, Vec<u8>>(1)?, &what)?;
    let body: Vec<u8> = r.get(2)?;
    let events: Vec<u8> = r.get(3)?;
    let mut doc = codec::decode_document(text, &body, Some(&events), &what)?;
    doc.id = id;
    Ok(doc)
}
