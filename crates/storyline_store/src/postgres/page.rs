//! Timeline pages on PostgreSQL: the stored entries, filtered, counted and paged in SQL, as
//! SQLite's (`sqlite/page.rs`): a date window is a range of `sort_day` under the index
//! `timeline_days`, and an actor's entries are counted from `entry_actors`, which carries
//! each entry's `main` and days. PostgreSQL's planner picks how to read a page.

use postgres::types::ToSql;
use postgres::Client;

use super::{refs, Params};
use crate::{timeline, Result, TimelinePage, TimelineQuery};

/// The order of stored entries (the merge's: oldest first, undated last, then by summary).
const ORDER: &str = "sort_day, summary, tiebreak";

pub(super) fn timeline(client: &mut Client, query: &TimelineQuery) -> Result<TimelinePage> {
    let mut params: Params = Vec::new();
    let mut param = |p: Box<dyn ToSql + Sync>| {
        params.push(p);
        format!("${}", params.len())
    };
    let f = &query.filter;
    // Conditions on main and the days, which both tables can answer.
    let mut days: Vec<String> = Vec::new();
    if !f.all {
        days.push("main".into());
    }
    if let Some(from) = f.from {
        let from = timeline::day_number(from);
        days.push(format!("end_day >= {}", param(Box::new(from))));
        // No stored entry starts more than the longest span before its last day.
        let span: Option<i64> = client
            .query_one("SELECT MAX(end_day - start_day) FROM timeline", &[])?
            .get(0);
        days.push(format!(
            "sort_day >= {}",
            param(Box::new(from.saturating_sub(span.unwrap_or(0).max(0))))
        ));
    }
    if let Some(to) = f.to {
        days.push(format!(
            "sort_day <= {}",
            param(Box::new(timeline::day_number(to)))
        ));
    }
    let mut actor_sets: Vec<String> = Vec::new();
    if let Some(actor) = &f.actor {
        actor_sets.push(format!(
            "SELECT id FROM actors WHERE strpos(name_lc, {}) > 0",
            param(Box::new(actor.to_lowercase()))
        ));
    }
    if let Some(actor) = &query.actor_exact {
        actor_sets.push(format!(
            "SELECT id FROM actors WHERE name = {}",
            param(Box::new(actor.clone()))
        ));
    }
    let mut other: Vec<String> = Vec::new();
    if let Some(docs) = &query.documents {
        other.push(format!(
            "id IN (SELECT em.entry FROM documents d JOIN entry_members em ON em.doc_pk = d.pk WHERE d.id = ANY({}))",
            param(Box::new(docs.clone()))
        ));
    }
    if query.conflicts_only {
        other.push("conflicts".into());
    }
    let day_sql: String = days.iter().map(|c| format!(" AND {c}")).collect();
    let candidates = (!actor_sets.is_empty()).then(|| {
        actor_sets
            .iter()
            .map(|set| format!("SELECT entry FROM entry_actors WHERE actor_id IN ({set}){day_sql}"))
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
    let total: i64 = match &candidates {
        // Counted from `entry_actors` alone.
        Some(c) if other.is_empty() => {
            let distinct = if actor_sets.len() == 1 {
                c.replacen("SELECT entry", "SELECT DISTINCT entry", 1)
            } else {
                c.clone()
            };
            client
                .query_one(
                    &format!("SELECT COUNT(*) FROM ({distinct}) c"),
                    &refs(&params),
                )?
                .get(0)
        }
        _ => client
            .query_one(
                &format!("SELECT COUNT(*) FROM timeline {filter}"),
                &refs(&params),
            )?
            .get(0),
    };
    let limit = if query.limit == 0 {
        "ALL".to_string()
    } else {
        query.limit.min(i64::MAX as u64).to_string()
    };
    let rows = client.query(
        &format!(
            "SELECT entry FROM timeline {filter} ORDER BY {ORDER} LIMIT {limit} OFFSET {}",
            query.offset.min(i64::MAX as u64)
        ),
        &refs(&params),
    )?;
    let blobs: Vec<Vec<u8>> = rows.iter().map(|r| r.get(0)).collect();
    let entries = timeline::decode_entries(&blobs, |pks| {
        let rows = client.query(
            "SELECT pk, title, outlet, text FROM documents WHERE pk = ANY($1)",
            &[&pks],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    timeline::EntryDocument {
                        title: r.get(1),
                        outlet: r.get(2),
                        text: r.get(3),
                    },
                )
            })
            .collect())
    })?;
    Ok(TimelinePage {
        total: total.max(0) as u64,
        entries,
    })
}
