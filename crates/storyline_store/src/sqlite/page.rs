//! Timeline pages: the stored entries, filtered, counted and paged in SQL.
//!
//! Entries are ordered by `sort_day` (the first day an entry's date covers, or
//! [`timeline::UNDATED`] past every day), summary and tiebreak: the merge's order. The index
//! `timeline_days (sort_day, end_day, main)` answers a date window and the default view
//! without reading the rows: a window is a range of `sort_day` (no entry starts more than the
//! longest stored span before the window and still reaches it), and the page is read in index
//! order, so only its own rows (and those of its first and last day) are read and sorted.
//! An actor filter is answered from `entry_actors`, which carries each entry's `main`,
//! `sort_day` and `end_day`: the count never reads a timeline row, and the page is read
//! either in timeline order, testing each entry for the actor (an actor in many entries),
//! or from the actor's entries, sorted (an actor in few).

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use super::json_ids;
use crate::{codec, timeline, Result, TimelinePage, TimelineQuery};

/// The order of stored entries (the merge's: oldest first, undated last, then by summary).
const ORDER: &str = "sort_day, summary, tiebreak";

/// How a page with an actor filter is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
pub(super) enum Access {
    /// In timeline order, each entry tested for the actor.
    Ordered,
    /// The actor's entries, sorted.
    Gathered,
}

pub(super) fn timeline(conn: &Connection, query: &TimelineQuery) -> Result<TimelinePage> {
    timeline_with(conn, query, None)
}

/// A page; `access` forces how an actor-filtered page is read (else the cheaper way).
pub(super) fn timeline_with(
    conn: &Connection,
    query: &TimelineQuery,
    access: Option<Access>,
) -> Result<TimelinePage> {
    let mut values: Vec<Value> = Vec::new();
    let mut param = |v: Value| {
        values.push(v);
        format!("?{}", values.len())
    };
    let f = &query.filter;
    // Conditions on main and the days, which both tables can answer.
    let mut days: Vec<String> = Vec::new();
    if !f.all {
        days.push("main = 1".into());
    }
    if let Some(from) = f.from {
        let from = timeline::day_number(from);
        days.push(format!("end_day >= {}", param(from.into())));
        // No stored entry starts more than the longest span before its last day.
        let span: i64 = conn
            .prepare_cached("SELECT MAX(end_day - start_day) FROM timeline")?
            .query_row([], |r| r.get::<_, Option<i64>>(0))?
            .unwrap_or(0);
        days.push(format!(
            "sort_day >= {}",
            param(from.saturating_sub(span.max(0)).into())
        ));
    }
    if let Some(to) = f.to {
        days.push(format!(
            "sort_day <= {}",
            param(timeline::day_number(to).into())
        ));
    }
    // The actor filters, each a set of actor ids.
    let mut actor_sets: Vec<String> = Vec::new();
    if let Some(actor) = &f.actor {
        actor_sets.push(format!(
            "SELECT id FROM actors WHERE instr(name_lc, {}) > 0",
            param(actor.to_lowercase().into())
        ));
    }
    if let Some(actor) = &query.actor_exact {
        actor_sets.push(format!(
            "SELECT id FROM actors WHERE name = {}",
            param(actor.clone().into())
        ));
    }
    let mut other: Vec<String> = Vec::new();
    if let Some(docs) = &query.documents {
        other.push(format!(
            "id IN (SELECT em.entry FROM documents d JOIN entry_members em ON em.doc_pk = d.pk WHERE d.id IN (SELECT value FROM json_each({})))",
            param(serde_json::to_string(docs).unwrap_or_else(|_| "[]".into()).into())
        ));
    }
    if query.conflicts_only {
        other.push("conflicts = 1".into());
    }
    let day_sql: String = days.iter().map(|c| format!(" AND {c}")).collect();
    // The entries involving every actor filter, as a query of entry ids (distinct).
    let candidates = (!actor_sets.is_empty()).then(|| {
        actor_sets
            .iter()
            .map(|set| {
                format!(
                    "SELECT entry FROM entry_actors WHERE actor_id IN ({set}){}",
                    day_sql
                )
            })
            .collect::<Vec<_>>()
            .join(" INTERSECT ")
    });
    let mut conditions: Vec<String> = days.clone();
    if let Some(c) = &candidates {
        conditions.push(format!("id IN ({c})"));
    }
    conditions.extend(other.iter().cloned());
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let params = || rusqlite::params_from_iter(values.iter());
    let total: i64 = match &candidates {
        // Counted from `entry_actors` alone.
        Some(c) if other.is_empty() => {
            let distinct = if actor_sets.len() == 1 {
                c.replacen("SELECT entry", "SELECT DISTINCT entry", 1)
            } else {
                c.clone()
            };
            conn.prepare_cached(&format!("SELECT COUNT(*) FROM ({distinct})"))?
                .query_row(params(), |r| r.get(0))?
        }
        _ => conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM timeline {filter}"))?
            .query_row(params(), |r| r.get(0))?,
    };
    let limit = if query.limit == 0 {
        -1
    } else {
        query.limit.min(i64::MAX as u64) as i64
    };
    let offset = query.offset.min(i64::MAX as u64) as i64;
    // With an actor filter: reading in timeline order reads about (offset + limit) * rows /
    // total rows, reading the actor's entries reads total rows; take the smaller.
    let access = match (&candidates, access) {
        (None, _) => "",
        (Some(_), Some(Access::Ordered)) => "INDEXED BY timeline_days",
        (Some(_), Some(Access::Gathered)) => "NOT INDEXED",
        (Some(_), None) => {
            let rows: i64 = conn
                .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM timeline")?
                .query_row([], |r| r.get(0))?;
            let wanted = if limit < 0 {
                i64::MAX
            } else {
                offset.saturating_add(limit)
            };
            if total > 0 && wanted.saturating_mul(rows) / total < total {
                "INDEXED BY timeline_days"
            } else {
                "NOT INDEXED"
            }
        }
    };
    let sql = format!(
        "SELECT entry FROM timeline {access} {filter} ORDER BY {ORDER} LIMIT {limit} OFFSET {offset}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params())?;
    let mut blobs = Vec::new();
    while let Some(r) = rows.next()? {
        blobs.push(r.get::<_, Vec<u8>>(0)?);
    }
    let entries = timeline::decode_entries(&blobs, |pks| {
        let mut stmt = conn.prepare_cached(
            "SELECT pk, title, outlet, text_z FROM documents WHERE pk IN (SELECT value FROM json_each(?1))",
        )?;
        let mut rows = stmt.query([json_ids(pks)])?;
        let mut docs = HashMap::new();
        while let Some(r) = rows.next()? {
            let pk: i64 = r.get(0)?;
            let text = codec::decompress_text(
                &r.get::<_, Vec<u8>>(3)?,
                &format!("text of stored document {pk}"),
            )?;
            docs.insert(
                pk,
                timeline::EntryDocument {
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    text,
                },
            );
        }
        Ok(docs)
    })?;
    Ok(TimelinePage {
        total: total.max(0) as u64,
        entries,
    })
}
