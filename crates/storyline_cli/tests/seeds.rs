//! The user's five example articles, end to end through `storyline annotate`.

use std::path::PathBuf;

use serde_json::Value;

use crate::cli::{json_lines, run, seeds_dir};

fn annotate_seeds() -> Vec<Value> {
    json_lines(run(&["annotate", seeds_dir().to_str().unwrap()]))
}

fn by_id<'a>(docs: &'a [Value], prefix: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["id"].as_str().unwrap().starts_with(prefix))
        .unwrap()
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_paragraph_stays_and_boilerplate_goes() {
    let docs = annotate_seeds();
    assert_eq!(docs.len(), 5);
    for doc in &docs {
        let id = doc["id"].as_str().unwrap();
        let raw = std::fs::read_to_string(seeds_dir().join(format!("{id}.txt"))).unwrap();
        let text = normalise(doc["text"].as_str().unwrap());
        let removed: Vec<(String, String)> = doc["removed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["reason"].as_str().unwrap().to_string(),
                    normalise(r["text"].as_str().unwrap()),
                )
            })
            .collect();
        for line in raw
            .lines()
            .map(normalise)
            .filter(|l| l.split(' ').count() >= 12)
        {
            let line = line.trim_start_matches("date ").to_string();
            // A paragraph stays (minus a dateline or header it starts with), unless it is a photo caption.
            let kept = text.contains(&line)
                || line
                    .split_once(" — ")
                    .is_some_and(|(_, rest)| text.contains(rest))
                || line
                    .get(11..)
                    .is_some_and(|rest| text.contains(rest.trim()));
            let caption = removed
                .iter()
                .any(|(reason, t)| reason == "photo caption" && *t == line);
            let furniture = line.contains("Akismet");
            assert!(kept || caption || furniture, "{id}: paragraph lost: {line}");
        }
        for junk in [
            "Sign up",
            "Share This Post",
            "Leave a Comment",
            "Akismet",
            "LEAVE A REPLY",
            "Please enter",
            "Tyler Durden",
            "09:06",
            "agree to the terms",
        ] {
            assert!(!text.contains(junk), "{id}: boilerplate kept: {junk}");
        }
        assert!(!text.starts_with("date "), "{id}");
        assert!(!text.contains("(UPI)"), "{id}");
        for (reason, _) in &removed {
            assert!(!reason.is_empty());
        }
    }
}

#[test]
fn metadata_of_the_seeds() {
    let docs = annotate_seeds();
    let d1 = by_id(&docs, "001");
    assert_eq!(
        d1["title"],
        "President Xi Pushes Putin To “Negotiate” With Ukraine After Incursion"
    );
    assert_eq!(d1["published"], "2022-02-25");
    assert_eq!(d1["byline"], "Tyler Durden");
    let d2 = by_id(&docs, "002");
    assert_eq!(
        d2["title"],
        "Xi Jinping, Vladimir Putin discuss Ukraine, denounce ‘bloc confrontation’"
    );
    assert_eq!(d2["outlet"], "UPI");
    assert_eq!(d2["published"], "2023-03-21");
    assert_eq!(d2["published_inferred"], true);
    let d4 = by_id(&docs, "004");
    assert_eq!(d4["published"], "2023-04-26");
    assert_eq!(d4["published_inferred"], false);
    // The repeated title of 001 is removed, not lost.
    let reasons: Vec<&str> = d1["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"repeated title")
            && reasons.contains(&"date stamp")
            && reasons.contains(&"byline")
    );
}

#[test]
fn annotations_line_up_with_the_text() {
    for doc in annotate_seeds() {
        let text = doc["text"].as_str().unwrap();
        for field in ["sentences", "tokens", "entities", "timexes", "quotes"] {
            for span in doc[field].as_array().unwrap() {
                let (s, e) = (
                    span["start"].as_u64().unwrap() as usize,
                    span["end"].as_u64().unwrap() as usize,
                );
                assert!(
                    s <= e
                        && e <= text.len()
                        && text.is_char_boundary(s)
                        && text.is_char_boundary(e),
                    "{field} {span}"
                );
                if let Some(t) = span.get("text").and_then(|t| t.as_str()) {
                    assert_eq!(&text[s..e], t, "{field}");
                }
            }
        }
        assert!(!doc["tokens"].as_array().unwrap().is_empty());
    }
}

#[test]
fn entities_and_dates_of_the_seeds() {
    let docs = annotate_seeds();
    let d0 = by_id(&docs, "000");
    let ents: Vec<(&str, &str)> = d0["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["text"].as_str().unwrap(), e["label"].as_str().unwrap()))
        .collect();
    assert!(ents.contains(&("Xi Jinping", "PER")), "{ents:?}");
    assert!(ents.contains(&("Dmitry Peskov", "PER")), "{ents:?}");
    let timexes: Vec<(&str, &str)> = d0["timexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["text"].as_str().unwrap(), t["value"].as_str().unwrap()))
        .collect();
    assert!(timexes.contains(&("Feb. 25", "2022-02-25")), "{timexes:?}");
    assert!(
        timexes.contains(&("Thursday, Feb. 24", "2022-02-24")),
        "{timexes:?}"
    );
    let d4 = by_id(&docs, "004");
    let timexes: Vec<(&str, &str)> = d4["timexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["text"].as_str().unwrap(), t["value"].as_str().unwrap()))
        .collect();
    assert!(
        timexes.contains(&("last September", "2022-09")),
        "{timexes:?}"
    );
    assert!(
        timexes.contains(&("Wednesday", "2023-04-26")),
        "{timexes:?}"
    );
}

/// Golden test: the text view of each seed (metadata, removed pieces, the cleaned text, and
/// the entities, dates, quotes and events found in it) is snapshotted in `tests/snapshots/`;
/// set `UPDATE_SNAPSHOTS=1` to accept a change.
#[test]
fn cleaned_seeds_snapshot() {
    let out = run(&[
        "annotate",
        "--format",
        "text",
        seeds_dir().to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/seeds_cleaned.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert!(
        got == want,
        "cleaned seeds differ from {}; run with UPDATE_SNAPSHOTS=1 to accept",
        path.display()
    );
}
