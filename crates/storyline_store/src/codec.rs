//! The compact encodings of what the store keeps, shared by both backends.
//!
//! A document is kept in three compressed parts, so that what a query needs can be read
//! without the rest:
//!
//! - its text (search snippets, quotes, the sentences of event mentions);
//! - its body: every other field but the events, as JSON, except the tokens, which are
//!   columns of small integers (offsets as gaps, heads relative to the token, tags and
//!   relations as indices into a table of the document's strings, a lemma equal to the
//!   lower-cased word as a flag);
//! - its event mentions, as JSON, with the span of each mention's sentence.
//!
//! Every compressed blob starts with a format byte, so that a later encoding can be added
//! beside this one and old rows still read. Fields the model gains are kept (they travel in
//! the JSON parts); a token shape this encoding does not know is kept as JSON too.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use storyline_model::{Document, Event, TokenInfo};
use zstd::dict::{DecoderDictionary, EncoderDictionary};

use crate::{Result, StoreError};

/// zstd level: documents are written once and read often.
const LEVEL: i32 = 9;
/// Format byte of a zstd-compressed blob.
const ZSTD: u8 = 1;
/// Format byte of a blob compressed with one of the embedded dictionaries (the next byte
/// says which: [`Dict`]).
const ZSTD_DICT: u8 = 2;
/// Format byte of a document's event mentions in columns ([`crate::columns`]), followed by
/// the columns as a blob of [`compress_with`] (the events dictionary).
const ZSTD_COLUMNS: u8 = 3;
/// Format byte of a document body compressed as [`ZSTD_DICT`] in the layout of
/// [`encode_body`]: tokens keeping each token's tag and relation as one pair (a tag and a
/// relation go together, so a pair takes less than the two apart), then the arrays of
/// [`TABLES`] as columns, then the JSON. (Format byte 2 bodies: tokens with tags and
/// relations apart, then the JSON.)
const ZSTD_BODY_4: u8 = 4;

pub(crate) fn bad(what: &str, reason: impl std::fmt::Display) -> StoreError {
    StoreError::Encoding {
        what: what.to_string(),
        reason: reason.to_string(),
    }
}

/// The zstd dictionaries the store compresses its small JSON parts with. Most stored blobs
/// are a few hundred bytes to a few kilobytes, too short for zstd to learn their field names
/// and common values; a dictionary trained on such blobs gives it them up front (a timeline
/// entry takes about a third of its size). Trained on PolNeAR dev by
/// `scripts/store_dicts.sh`; never change a released dictionary (stored blobs name it by
/// number): add one with a new number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dict {
    /// A document's body (see [`encode_body`]).
    Body = 1,
    /// A document's event mentions ([`encode_events`]).
    Events = 2,
    /// A stored timeline entry.
    Entry = 3,
    /// A document's story terms.
    Terms = 4,
}

impl Dict {
    fn from_byte(b: u8) -> Option<Dict> {
        [Dict::Body, Dict::Events, Dict::Entry, Dict::Terms]
            .into_iter()
            .find(|d| *d as u8 == b)
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Dict::Body => include_bytes!("../dicts/body.zdict"),
            Dict::Events => include_bytes!("../dicts/events.zdict"),
            Dict::Entry => include_bytes!("../dicts/entry.zdict"),
            Dict::Terms => include_bytes!("../dicts/terms.zdict"),
        }
    }

    fn index(self) -> usize {
        self as usize - 1
    }
}

/// The dictionaries prepared once per process, for compressing and for decompressing.
fn prepared() -> &'static [(EncoderDictionary<'static>, DecoderDictionary<'static>); 4] {
    static PREPARED: OnceLock<[(EncoderDictionary<'static>, DecoderDictionary<'static>); 4]> =
        OnceLock::new();
    PREPARED.get_or_init(|| {
        [Dict::Body, Dict::Events, Dict::Entry, Dict::Terms].map(|d| {
            (
                EncoderDictionary::copy(d.bytes(), LEVEL),
                DecoderDictionary::copy(d.bytes()),
            )
        })
    })
}

/// Compresses bytes into a blob (format byte first).
pub(crate) fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![ZSTD];
    // Compressing into memory fails only on allocation failure, which aborts anyway.
    let z = zstd::bulk::compress(bytes, LEVEL).unwrap_or_else(|_| bytes.to_vec());
    out.extend_from_slice(&z);
    out
}

/// Compresses bytes with a dictionary into a blob (format byte and dictionary first).
pub(crate) fn compress_with(bytes: &[u8], dict: Dict) -> Vec<u8> {
    let compressed = zstd::bulk::Compressor::with_prepared_dictionary(&prepared()[dict.index()].0)
        .and_then(|mut c| c.compress(bytes));
    match compressed {
        Ok(z) => {
            let mut out = vec![ZSTD_DICT, dict as u8];
            out.extend_from_slice(&z);
            out
        }
        Err(_) => compress(bytes),
    }
}

/// The bytes of a blob written by [`compress`] or [`compress_with`]; `what` names it in
/// errors.
pub(crate) fn decompress(blob: &[u8], what: &str) -> Result<Vec<u8>> {
    match blob.split_first() {
        Some((&ZSTD, rest)) => zstd::stream::decode_all(rest).map_err(|e| bad(what, e)),
        Some((&(ZSTD_DICT | ZSTD_BODY_4), rest)) => {
            let (&d, rest) = rest
                .split_first()
                .ok_or_else(|| bad(what, "no dictionary"))?;
            let dict =
                Dict::from_byte(d).ok_or_else(|| bad(what, format!("unknown dictionary {d}")))?;
            let mut decoder = zstd::stream::read::Decoder::with_prepared_dictionary(
                rest,
                &prepared()[dict.index()].1,
            )
            .map_err(|e| bad(what, e))?;
            let mut out = Vec::new();
            decoder.read_to_end(&mut out).map_err(|e| bad(what, e))?;
            Ok(out)
        }
        Some((b, _)) => Err(bad(what, format!("unknown format byte {b}"))),
        None => Err(bad(what, "empty blob")),
    }
}

/// A value serialised as compressed JSON.
pub(crate) fn compress_json<T: Serialize + ?Sized>(
    value: &T,
    dict: Dict,
    what: &str,
) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(value).map_err(|e| bad(what, e))?;
    Ok(compress_with(&json, dict))
}

/// A value read back from [`compress_json`].
pub(crate) fn decompress_json<T: for<'de> Deserialize<'de>>(blob: &[u8], what: &str) -> Result<T> {
    let json = decompress(blob, what)?;
    serde_json::from_slice(&json).map_err(|e| bad(what, e))
}

/// Compressed text.
pub(crate) fn compress_text(text: &str) -> Vec<u8> {
    compress(text.as_bytes())
}

/// Text read back from [`compress_text`].
pub(crate) fn decompress_text(blob: &[u8], what: &str) -> Result<String> {
    String::from_utf8(decompress(blob, what)?).map_err(|e| bad(what, e))
}

/// The stored event mentions of a document: each event and the byte span of its sentence
/// in the text (none for a title event or an unknown sentence).
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredEvents {
    pub events: Vec<Event>,
    pub spans: Vec<Option<(usize, usize)>>,
}

/// The byte span of an event's sentence in its document's text (none for a title event or
/// an unknown sentence).
pub(crate) fn sentence_span(doc: &Document, event: &Event) -> Option<(usize, usize)> {
    if event.in_title {
        return None;
    }
    doc.sentences
        .get(event.sentence)
        .filter(|s| doc.text.get(s.start..s.end).is_some())
        .map(|s| (s.start, s.end))
}

/// Writes an event's score (an `f32`) with the fewest digits that read back as it: as JSON
/// goes through `f64`, it would otherwise take seventeen digits, a fifth of an events blob
/// once compressed.
fn shorten_score(stored: &mut serde_json::Value, score: f32) {
    let short = score.to_string();
    let Ok(wide) = short.parse::<f64>() else {
        return;
    };
    // Read back through f64 into f32, as serde does: keep the short form only if it is exact.
    if wide as f32 != score {
        return;
    }
    if let (Some(obj), Some(n)) = (stored.as_object_mut(), serde_json::Number::from_f64(wide)) {
        obj.insert("score".into(), serde_json::Value::Number(n));
    }
}

/// The events blob of a document.
pub(crate) fn encode_events(doc: &Document, what: &str) -> Result<Vec<u8>> {
    let spans: Vec<Option<(usize, usize)>> =
        doc.events.iter().map(|e| sentence_span(doc, e)).collect();
    let mut events = serde_json::to_value(&doc.events).map_err(|e| bad(what, e))?;
    elide_text(&mut events, &doc.text);
    if let Some(columns) = crate::columns::encode(&events, &spans) {
        let mut out = vec![ZSTD_COLUMNS];
        out.extend(compress_with(&columns, Dict::Events));
        return Ok(out);
    }
    if let Some(list) = events.as_array_mut() {
        for (event, stored) in doc.events.iter().zip(list) {
            shorten_score(stored, event.score);
        }
    }
    let value = serde_json::json!({"events": events, "spans": spans});
    compress_json(&value, Dict::Events, what)
}

/// Reads an events blob; `text` is the document's.
pub(crate) fn decode_events(blob: &[u8], text: &str, what: &str) -> Result<StoredEvents> {
    let mut value: serde_json::Value = match blob.split_first() {
        Some((&ZSTD_COLUMNS, rest)) => {
            let columns = decompress(rest, what)?;
            let (events, spans) =
                crate::columns::decode(&columns).ok_or_else(|| bad(what, "bad event columns"))?;
            serde_json::json!({"events": events, "spans": spans})
        }
        _ => decompress_json(blob, what)?,
    };
    restore_text(&mut value, text);
    let stored: StoredEvents = serde_json::from_value(value).map_err(|e| bad(what, e))?;
    if stored.spans.len() != stored.events.len() {
        return Err(bad(what, "events and sentence spans differ in number"));
    }
    Ok(stored)
}

/// The key that stands for a `text` equal to the document's text between `start` and `end`.
const ELIDED: &str = "~text";

/// Drops, from every object with `start`, `end` and `text`, a text that is the document's
/// own text at those offsets (quotes, entities, timexes, triggers, participants): it is
/// stored once, in the text.
fn elide_text(value: &mut serde_json::Value, text: &str) {
    match value {
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| elide_text(v, text)),
        serde_json::Value::Object(obj) => {
            let span = match (obj.get("start"), obj.get("end"), obj.get("text")) {
                (Some(s), Some(e), Some(serde_json::Value::String(t))) => s
                    .as_u64()
                    .zip(e.as_u64())
                    .and_then(|(s, e)| text.get(s as usize..e as usize))
                    .is_some_and(|slice| slice == t),
                _ => false,
            };
            if span {
                obj.remove("text");
                obj.insert(ELIDED.into(), serde_json::Value::Bool(true));
            }
            obj.values_mut().for_each(|v| elide_text(v, text));
        }
        _ => {}
    }
}

/// Puts back what [`elide_text`] dropped.
fn restore_text(value: &mut serde_json::Value, text: &str) {
    match value {
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| restore_text(v, text)),
        serde_json::Value::Object(obj) => {
            if obj.remove(ELIDED).is_some() {
                let slice = obj
                    .get("start")
                    .and_then(|s| s.as_u64())
                    .zip(obj.get("end").and_then(|e| e.as_u64()))
                    .and_then(|(s, e)| text.get(s as usize..e as usize))
                    .unwrap_or_default();
                obj.insert("text".into(), serde_json::Value::String(slice.to_string()));
            }
            obj.values_mut().for_each(|v| restore_text(v, text));
        }
        _ => {}
    }
}

/// The body blob of a document: every field but text and events.
pub(crate) fn encode_body(doc: &Document, what: &str) -> Result<Vec<u8>> {
    let mut value = serde_json::to_value(doc).map_err(|e| bad(what, e))?;
    let obj = value
        .as_object_mut()
        .ok_or_else(|| bad(what, "a document is not a JSON object"))?;
    obj.insert("text".into(), serde_json::Value::String(String::new()));
    obj.insert("events".into(), serde_json::Value::Array(Vec::new()));
    // Token spans are the columns below; every other text span points into the text.
    let tokens_json = obj.remove("tokens");
    elide_text(&mut value, &doc.text);
    let obj = value
        .as_object_mut()
        .ok_or_else(|| bad(what, "a document is not a JSON object"))?;
    if let Some(t) = tokens_json {
        obj.insert("tokens".into(), t);
    }
    let tokens = match encode_tokens(&doc.text, &doc.tokens) {
        Some(bytes) => {
            obj.insert("tokens".into(), serde_json::Value::Array(Vec::new()));
            bytes
        }
        // A token shape the columns do not know stays in the JSON.
        None => Vec::new(),
    };
    // Arrays of objects as columns (`columns::encode_table`).
    let mut tables: Vec<(&str, Vec<u8>)> = Vec::new();
    for key in TABLES {
        let rows = match obj.get(*key) {
            Some(serde_json::Value::Array(rows)) if !rows.is_empty() => rows,
            _ => continue,
        };
        if let Some(bytes) = crate::columns::encode_table(rows) {
            tables.push((key, bytes));
            obj.insert((*key).to_string(), serde_json::Value::Array(Vec::new()));
        }
    }
    let json = serde_json::to_vec(&value).map_err(|e| bad(what, e))?;
    let mut raw = Vec::with_capacity(json.len() + tokens.len() + 8);
    put_varint(&mut raw, tokens.len() as u64);
    raw.extend_from_slice(&tokens);
    put_varint(&mut raw, tables.len() as u64);
    for (key, bytes) in &tables {
        put_varint(&mut raw, key.len() as u64);
        raw.extend_from_slice(key.as_bytes());
        put_varint(&mut raw, bytes.len() as u64);
        raw.extend_from_slice(bytes);
    }
    raw.extend_from_slice(&json);
    let mut blob = compress_with(&raw, Dict::Body);
    if blob.first() != Some(&ZSTD_DICT) {
        return Err(bad(what, "compression failed"));
    }
    blob[0] = ZSTD_BODY_4;
    Ok(blob)
}

/// The arrays of a document's body kept as columns.
const TABLES: &[&str] = &["sentences", "entities", "timexes", "quotes"];

/// The whole document from its text, body and events blobs.
pub(crate) fn decode_document(
    text: String,
    body: &[u8],
    events: Option<&[u8]>,
    what: &str,
) -> Result<Document> {
    let raw = decompress(body, what)?;
    let mut r = Reader::new(&raw);
    let n_tokens = r.varint().ok_or_else(|| bad(what, "truncated body"))? as usize;
    let token_bytes = r
        .take(n_tokens)
        .ok_or_else(|| bad(what, "truncated body"))?;
    let layout_4 = body.first() == Some(&ZSTD_BODY_4);
    let mut tables = Vec::new();
    if layout_4 {
        let truncated = || bad(what, "truncated body");
        let n = r.varint().ok_or_else(truncated)?;
        for _ in 0..n {
            let len = r.varint().ok_or_else(truncated)? as usize;
            let key = std::str::from_utf8(r.take(len).ok_or_else(truncated)?)
                .map_err(|e| bad(what, e))?;
            let len = r.varint().ok_or_else(truncated)? as usize;
            let rows = crate::columns::decode_table(r.take(len).ok_or_else(truncated)?)
                .ok_or_else(|| bad(what, format!("bad {key} columns")))?;
            tables.push((key, rows));
        }
    }
    let mut value: serde_json::Value =
        serde_json::from_slice(r.rest()).map_err(|e| bad(what, e))?;
    if let Some(obj) = value.as_object_mut() {
        for (key, rows) in tables {
            obj.insert(key.to_string(), serde_json::Value::Array(rows));
        }
    }
    restore_text(&mut value, &text);
    let mut doc: Document = serde_json::from_value(value).map_err(|e| bad(what, e))?;
    if n_tokens > 0 {
        doc.tokens =
            decode_tokens(&text, token_bytes, layout_4).ok_or_else(|| bad(what, "bad tokens"))?;
    }
    doc.text = text;
    if let Some(blob) = events {
        doc.events = decode_events(blob, &doc.text, what)?.events;
    }
    Ok(doc)
}

/// Whether the token type serialises as exactly the six fields the columns encode; a
/// field added to the model makes the store keep tokens as JSON until this encoding learns it.
fn tokens_have_known_shape(token: &TokenInfo) -> bool {
    const KNOWN: [&str; 6] = ["start", "end", "pos", "lemma", "head", "dep"];
    match serde_json::to_value(token) {
        Ok(serde_json::Value::Object(m)) => {
            m.len() == KNOWN.len() && KNOWN.iter().all(|k| m.contains_key(*k))
        }
        _ => false,
    }
}

/// Tokens as columns, or `None` when they do not fit the encoding (and stay JSON); the tag
/// and relation of a token are one column of pairs (numbered in a table of the pairs).
fn encode_tokens(text: &str, tokens: &[TokenInfo]) -> Option<Vec<u8>> {
    encode_tokens_layout(text, tokens, true)
}

/// Tokens as columns: with `pairs`, tags and relations as one column of pairs; else a
/// column of tags and one of relations.
fn encode_tokens_layout(text: &str, tokens: &[TokenInfo], pairs: bool) -> Option<Vec<u8>> {
    let first = tokens.first()?;
    if !tokens_have_known_shape(first) {
        return None;
    }
    let mut strings: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, u64> = HashMap::new();
    let mut gaps = Vec::with_capacity(tokens.len());
    let mut lens = Vec::with_capacity(tokens.len());
    let mut pos = Vec::with_capacity(tokens.len());
    let mut deps = Vec::with_capacity(tokens.len());
    let mut heads = Vec::with_capacity(tokens.len());
    let mut lemmas = Vec::with_capacity(tokens.len());
    let mut prev_end = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if t.start < prev_end || t.end < t.start {
            return None;
        }
        let word = text.get(t.start..t.end)?;
        gaps.push((t.start - prev_end) as u64);
        lens.push((t.end - t.start) as u64);
        prev_end = t.end;
        pos.push(intern(&t.pos, &mut strings, &mut index));
        deps.push(intern(&t.dep, &mut strings, &mut index));
        // 0: the lower-cased word; 1: the word itself; else 2 + the string's index.
        let lemma = if t.lemma == word.to_lowercase() {
            0
        } else if t.lemma == word {
            1
        } else {
            2 + intern(&t.lemma, &mut strings, &mut index)
        };
        lemmas.push(lemma);
        heads.push(zigzag(t.head - i as i64));
    }
    let mut out = Vec::with_capacity(tokens.len() * 6 + 64);
    put_varint(&mut out, tokens.len() as u64);
    put_varint(&mut out, strings.len() as u64);
    for s in &strings {
        put_varint(&mut out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }
    let columns = if pairs {
        let mut table: Vec<(u64, u64)> = Vec::new();
        let mut numbers: HashMap<(u64, u64), u64> = HashMap::new();
        let pair_column: Vec<u64> = pos
            .iter()
            .zip(&deps)
            .map(|(&p, &d)| {
                *numbers.entry((p, d)).or_insert_with(|| {
                    table.push((p, d));
                    table.len() as u64 - 1
                })
            })
            .collect();
        put_varint(&mut out, table.len() as u64);
        for (p, d) in table {
            put_varint(&mut out, p);
            put_varint(&mut out, d);
        }
        vec![gaps, lens, pair_column, lemmas, heads]
    } else {
        vec![gaps, lens, pos, deps, lemmas, heads]
    };
    // Column by column: similar numbers side by side compress best.
    for column in &columns {
        for &v in column {
            put_varint(&mut out, v);
        }
    }
    Some(out)
}

/// The index of a string in the document's table, added on first use.
fn intern<'a>(s: &'a str, strings: &mut Vec<&'a str>, index: &mut HashMap<&'a str, u64>) -> u64 {
    *index.entry(s).or_insert_with(|| {
        strings.push(s);
        strings.len() as u64 - 1
    })
}

fn decode_tokens(text: &str, bytes: &[u8], pairs: bool) -> Option<Vec<TokenInfo>> {
    let mut r = Reader::new(bytes);
    let n = r.varint()? as usize;
    let n_strings = r.varint()? as usize;
    let mut strings = Vec::with_capacity(n_strings.min(bytes.len()));
    for _ in 0..n_strings {
        let len = r.varint()? as usize;
        strings.push(std::str::from_utf8(r.take(len)?).ok()?.to_string());
    }
    let mut table = Vec::new();
    if pairs {
        let n_pairs = r.varint()? as usize;
        for _ in 0..n_pairs.min(bytes.len()) {
            table.push((r.varint()?, r.varint()?));
        }
    }
    let mut column = || -> Option<Vec<u64>> { (0..n).map(|_| r.varint()).collect() };
    let gaps = column()?;
    let lens = column()?;
    let (pos, deps) = if pairs {
        column()?
            .into_iter()
            .map(|k| table.get(k as usize).copied())
            .collect::<Option<Vec<(u64, u64)>>>()?
            .into_iter()
            .unzip()
    } else {
        let pos = column()?;
        (pos, column()?)
    };
    let lemmas = column()?;
    let heads = column()?;
    let string = |k: u64| strings.get(k as usize).cloned();
    let mut tokens = Vec::with_capacity(n);
    let mut prev_end = 0usize;
    for i in 0..n {
        let start = prev_end.checked_add(gaps[i] as usize)?;
        let end = start.checked_add(lens[i] as usize)?;
        prev_end = end;
        let word = text.get(start..end)?;
        let lemma = match lemmas[i] {
            0 => word.to_lowercase(),
            1 => word.to_string(),
            k => string(k - 2)?,
        };
        tokens.push(TokenInfo {
            start,
            end,
            pos: string(pos[i])?,
            lemma,
            head: unzigzag(heads[i]) + i as i64,
            dep: string(deps[i])?,
        });
    }
    Some(tokens)
}

/// The members of a stored timeline entry (document key, position) as bytes: sorted, each
/// document key as the gap from the previous one (zigzag varints), then the position.
pub(crate) fn encode_members(members: &[(i64, i64)]) -> Vec<u8> {
    let mut sorted = members.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = Vec::with_capacity(sorted.len() * 3 + 1);
    put_varint(&mut out, sorted.len() as u64);
    let mut prev = 0i64;
    for (pk, idx) in sorted {
        put_varint(&mut out, zigzag(pk.wrapping_sub(prev)));
        put_varint(&mut out, zigzag(idx));
        prev = pk;
    }
    out
}

/// Members read back from [`encode_members`].
pub(crate) fn decode_members(bytes: &[u8], what: &str) -> Result<Vec<(i64, i64)>> {
    let mut r = Reader::new(bytes);
    let truncated = || bad(what, "truncated members");
    let n = r.varint().ok_or_else(truncated)? as usize;
    let mut out = Vec::with_capacity(n.min(bytes.len()));
    let mut prev = 0i64;
    for _ in 0..n {
        let pk = prev.wrapping_add(unzigzag(r.varint().ok_or_else(truncated)?));
        let idx = unzigzag(r.varint().ok_or_else(truncated)?);
        out.push((pk, idx));
        prev = pk;
    }
    if !r.rest().is_empty() {
        return Err(bad(what, "bytes after the members"));
    }
    Ok(out)
}

pub(crate) fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub(crate) fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub(crate) fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            if shift > 63 {
                return None;
            }
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
        }
    }

    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at.min(self.bytes.len())..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(start: usize, end: usize, lemma: &str, head: i64) -> TokenInfo {
        TokenInfo {
            start,
            end,
            pos: "NOUN".into(),
            lemma: lemma.into(),
            head,
            dep: "nsubj".into(),
        }
    }

    #[test]
    fn members_round_trip() {
        let members = vec![(7, 3), (2, 0), (7, 1), (1 << 40, 12), (2, 0)];
        let bytes = encode_members(&members);
        assert_eq!(
            decode_members(&bytes, "m").unwrap(),
            vec![(2, 0), (7, 1), (7, 3), (1 << 40, 12)]
        );
        assert!(decode_members(&bytes[..bytes.len() - 1], "m").is_err());
        assert!(decode_members(&[], "m").is_err());
        assert_eq!(decode_members(&encode_members(&[]), "m").unwrap(), vec![]);
    }

    #[test]
    fn tokens_round_trip() {
        let text = "Xi met Putin in Moscow.";
        let tokens = vec![
            token(0, 2, "xi", 1),
            token(3, 6, "meet", -1),
            token(7, 12, "Putin", 1),
            token(13, 15, "in", 4),
            token(16, 22, "moscow", 1),
            token(22, 23, ".", 1),
        ];
        let bytes = encode_tokens(text, &tokens).unwrap();
        assert_eq!(decode_tokens(text, &bytes, true).unwrap(), tokens);
        // The layout of schema 6 (tags and relations apart) still reads.
        let apart = encode_tokens_layout(text, &tokens, false).unwrap();
        assert_eq!(decode_tokens(text, &apart, false).unwrap(), tokens);
        assert_ne!(apart, bytes);
        // Overlapping tokens do not fit the columns: they stay JSON.
        assert!(encode_tokens(text, &[token(0, 6, "x", -1), token(3, 6, "y", 0)]).is_none());
    }

    #[test]
    fn corrupt_blobs_are_errors() {
        assert!(decompress(&[], "x").is_err());
        assert!(decompress(&[7, 1, 2], "x").is_err());
        assert!(decompress(&[ZSTD, 1, 2], "x").is_err());
        assert_eq!(decompress(&compress(b"abc"), "x").unwrap(), b"abc");
        for dict in [Dict::Body, Dict::Events, Dict::Entry, Dict::Terms] {
            let json = br#"{"mentions":[{"document":"a","sentence":3}],"score":0.5}"#;
            let blob = compress_with(json, dict);
            assert_eq!(blob[..2], [ZSTD_DICT, dict as u8]);
            assert_eq!(decompress(&blob, "x").unwrap(), json);
        }
        assert!(decompress(&[ZSTD_DICT], "x").is_err());
        assert!(decompress(&[ZSTD_DICT, 99, 1], "x").is_err());
    }

    #[test]
    fn zigzag_round_trips() {
        for v in [0i64, 1, -1, 5, -300, i64::MAX / 2, -(i64::MAX / 2)] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }
}
