//! The story across sources, end to end over the seeds: `ingest`, then `stories` and
//! `timeline` read the database.

use std::path::Path;

use serde_json::Value;

use crate::cli::{self, run_db, seeds_dir};

/// Runs a command on the database; it must succeed; its JSON Lines output.
fn json_lines(db: &Path, args: &[&str]) -> Vec<Value> {
    cli::json_lines(run_db(db, args))
}

fn ingested() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let out = run_db(&db, &["ingest", "-q", seeds_dir().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, db)
}

/// Whether a timeline entry names an actor matching `f`.
fn has_actor(e: &Value, f: impl Fn(&str) -> bool) -> bool {
    e["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| f(a.as_str().unwrap()))
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap()[..3].to_string())
        .collect()
}

#[test]
fn the_2022_call_is_one_entry_with_both_sources_and_the_date_conflict() {
    let (_dir, db) = ingested();
    let entries = json_lines(&db, &["timeline", "--format", "json"]);
    // Oldest first (years compared: dates come as days, ISO weeks, months or years).
    let years: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["date"].as_str())
        .map(|d| &d[..4])
        .collect();
    assert!(years.windows(2).all(|w| w[0] <= w[1]), "{years:?}");
    let call: Vec<&Value> = entries
        .iter()
        .filter(|e| {
            e["plover"] == "CONSULT"
                && e["date"].as_str().is_some_and(|d| d.starts_with("2022-02"))
                && has_actor(e, |a| a == "Xi Jinping")
                && has_actor(e, |a| a == "Vladimir Putin")
        })
        .collect();
    assert_eq!(call.len(), 1, "one entry for the Xi-Putin call: {call:#?}");
    let call = call[0];
    let docs = ids(&call["documents"]);
    assert!(
        docs.contains(&"000".into()) && docs.contains(&"001".into()),
        "{docs:?}"
    );
    // The 2023 articles' meetings, summits and calls with Xi are other events.
    assert!(
        !docs.contains(&"002".into()) && !docs.contains(&"004".into()),
        "{docs:?}"
    );
    assert_eq!(call["source"], "Xi Jinping", "{call:#}");
    assert_eq!(call["target"], "Vladimir Putin", "{call:#}");
    // 000 dates the call Feb. 25, 001 also "Thursday afternoon" (Feb. 24).
    let conflict = call["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "date")
        .unwrap_or_else(|| panic!("date conflict flagged: {call:#}"));
    let values: Vec<&str> = conflict["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    assert!(
        values.contains(&"2022-02-25") && values.contains(&"2022-02-24"),
        "{values:?}"
    );
    // The invasion is one entry: reported on 25 February 2022 by 000 and 001 and referred
    // back to ("the invasion", no date of its own) by the 2023 articles.
    let invasion: Vec<&Value> = entries
        .iter()
        .filter(|e| {
            e["plover"] == "ASSAULT"
                && has_actor(e, |a| a.starts_with("Russia"))
                && has_actor(e, |a| a == "Ukraine")
                && e["date"].as_str().is_some()
        })
        .collect();
    assert_eq!(invasion.len(), 1, "{invasion:#?}");
    assert!(invasion[0]["date"].as_str().unwrap().starts_with("2022-02"));
    let docs = ids(&invasion[0]["documents"]);
    assert!(
        docs.len() >= 3 && docs.contains(&"000".into()) && docs.contains(&"004".into()),
        "{docs:?}"
    );
    // The 2023 Xi-Zelenskiy call stays apart.
    let z: Vec<&Value> = entries
        .iter()
        .filter(|e| {
            e["plover"] == "CONSULT"
                && has_actor(e, |a| a == "Xi Jinping")
                && has_actor(e, |a| a.starts_with("Volodymyr Zelens"))
                && e["date"].as_str().is_some_and(|d| d.starts_with("2023-04"))
        })
        .collect();
    assert!(!z.is_empty(), "the Xi-Zelenskiy call is on the timeline");
    assert!(z
        .iter()
        .all(|e| !ids(&e["documents"]).contains(&"000".into())));
    // 004's lede ("his first call with Zelenskiy since Russia invaded in February 2022") dates
    // the call to its own day, not to the invasion's month.
    assert!(
        !entries.iter().any(|e| {
            e["plover"] == "CONSULT"
                && has_actor(e, |a| a == "Xi Jinping")
                && (has_actor(e, |a| a.starts_with("Volodymyr Zelens"))
                    || has_actor(e, |a| a == "Ukraine"))
                && e["date"].as_str().is_some_and(|d| d.starts_with("2022"))
        }),
        "no Xi-Zelenskiy/Ukraine call in 2022"
    );
}

#[test]
fn stories_group_every_article_once_and_filter_the_timeline() {
    let (_dir, db) = ingested();
    let stories = json_lines(&db, &["stories", "--format", "json"]);
    let mut all: Vec<String> = stories.iter().flat_map(|s| ids(&s["documents"])).collect();
    all.sort();
    assert_eq!(
        all,
        ["000", "001", "002", "003", "004"],
        "each article in one story"
    );
    let first = stories
        .iter()
        .find(|s| ids(&s["documents"]).contains(&"000".into()))
        .unwrap();
    assert!(
        ids(&first["documents"]).contains(&"001".into()),
        "the two reports of the 2022 call: {stories:#?}"
    );
    assert!(
        !ids(&first["documents"]).contains(&"002".into()),
        "the 2023 visit is another story"
    );
    let id = first["id"].as_u64().unwrap().to_string();
    let entries = json_lines(&db, &["timeline", "--story", &id, "--format", "json"]);
    assert!(!entries.is_empty());
    for e in &entries {
        for d in ids(&e["documents"]) {
            assert!(ids(&first["documents"]).contains(&d), "{e:#}");
        }
    }
    // A story id that does not exist is a clear error, not an empty answer.
    let out = run_db(&db, &["timeline", "--story", "999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no story 999"));
}

#[test]
fn the_2023_visit_is_one_entry_announced_reported_and_recalled() {
    let (_dir, db) = ingested();
    let entries = json_lines(&db, &["timeline", "--format", "json"]);
    let xi_putin = |e: &&Value| {
        e["plover"] == "CONSULT"
            && has_actor(e, |a| a == "Xi Jinping")
            && has_actor(e, |a| a == "Vladimir Putin" || a.starts_with("Russia"))
    };
    // Announced in 003 (no publication date: "will visit Russia next week to meet
    // Putin"), reported in 002, recalled in 004 a month later ("Xi met Putin", no date).
    let visit: Vec<&Value> = entries
        .iter()
        .filter(xi_putin)
        .filter(|e| e["date"].as_str().is_none_or(|d| !d.starts_with("2022")))
        .collect();
    assert_eq!(visit.len(), 1, "one entry for the 2023 visit: {visit:#?}");
    let visit = visit[0];
    assert!(
        visit["date"].as_str().unwrap().starts_with("2023-03"),
        "{visit:#}"
    );
    let docs = ids(&visit["documents"]);
    for d in ["002", "003", "004"] {
        assert!(docs.contains(&d.to_string()), "{d} in {docs:?}");
    }
    assert!(!docs.contains(&"000".into()) && !docs.contains(&"001".into()));
    // 003 announces it: its mentions keep their modality.
    assert!(
        visit["mentions"].as_array().unwrap().iter().any(|m| {
            m["document"].as_str().unwrap().starts_with("003") && m["modality"] == "intended"
        }),
        "{visit:#}"
    );
    assert!(
        visit["conflicts"].as_array().unwrap().is_empty(),
        "a recollection's article date is no conflict: {visit:#}"
    );
    // What Xi told Putin on the day of the 2022 call is part of the call.
    assert!(
        !entries.iter().any(|e| e["plover"] == ""
            && has_actor(e, |a| a == "Xi Jinping")
            && has_actor(e, |a| a == "Vladimir Putin")),
        "no unclassed Xi-Putin fragment"
    );
}

/// `timeline --actor` is the actor's own timeline: any alias finds it, it lists events no
/// political coding covers beside the coded ones, every entry involves the actor, and each
/// entry of the default view is dated.
#[test]
fn actor_timelines_list_every_event_of_the_actor_dated() {
    let (_dir, db) = ingested();
    for (alias, name) in [
        ("Putin", "Vladimir Putin"),
        ("vladimir putin", "Vladimir Putin"),
        ("Xi", "Xi Jinping"),
        ("Zelensky", "Volodymyr Zelensky"),
        ("Lavrov", "Sergey Lavrov"),
        ("Peskov", "Dmitry Peskov"),
    ] {
        let entries = json_lines(&db, &["timeline", "--actor", alias, "--format", "json"]);
        assert!(!entries.is_empty(), "no events for {alias}");
        for e in &entries {
            assert!(has_actor(e, |a| a == name), "{alias}: {e}");
        }
        // Statements and acts no CAMEO code covers are there too ("Sergey Lavrov says").
        let uncoded: Vec<&Value> = entries.iter().filter(|e| e["code"] == "").collect();
        assert!(!uncoded.is_empty(), "{alias}: only coded events");
        for e in &uncoded {
            assert!(e["date"].is_string(), "{alias}: undated {e}");
            assert!(
                e["headline"].as_str().unwrap().contains(name),
                "{alias}: {e}"
            );
            assert!(e["score"].as_f64().unwrap() >= 0.5, "{alias}: {e}");
        }
    }
    // Two spellings, one timeline.
    assert_eq!(
        json_lines(&db, &["timeline", "--actor", "Putin", "--format", "json"]),
        json_lines(
            &db,
            &["timeline", "--actor", "Vladimir Putin", "--format", "json"]
        )
    );
    // `--all` adds what the default view holds back (undated or denied mentions).
    let default = json_lines(&db, &["timeline", "--actor", "Xi", "--format", "json"]).len();
    let all = json_lines(
        &db,
        &["timeline", "--actor", "Xi", "--all", "--format", "json"],
    )
    .len();
    assert!(all > default, "{all} vs {default}");
    // Nobody of that name: no events, and no error.
    assert!(json_lines(
        &db,
        &["timeline", "--actor", "Nobody Atall", "--format", "json"]
    )
    .is_empty());
}
