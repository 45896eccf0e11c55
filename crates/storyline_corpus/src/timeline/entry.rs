//! A cluster of mentions stated as one timeline entry: its date, class, actors, modality,
//! headline, evidence, conflicts between sources and support score.

use std::collections::{BTreeMap, BTreeSet};

use storyline_model::Event;

use super::TimelineEntry;
use super::{most_common, points_back, specificity, Conflict, ConflictValue, Mention, MentionRef};

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

/// The names of the entry's source and target together with the actors coordinated with
/// them on the same trigger ("Vladimir Putin and Sergey Lavrov"): for each trigger that codes
/// the entry's pair, the other sources it codes with the same target and the other targets
/// with the same source. Empty without a pair.
fn coordinated_names<'a>(
    mentions: &'a [Mention],
    members: &[usize],
    source: Option<&'a str>,
    target: Option<&'a str>,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let (Some(s), Some(t)) = (source, target) else {
        return (Vec::new(), Vec::new());
    };
    let at = |i: usize| {
        (
            mentions[i].document.as_str(),
            mentions[i].event.in_title,
            mentions[i].event.trigger.start,
        )
    };
    let triggers: BTreeSet<(&str, bool, usize)> = members
        .iter()
        .filter(|&&i| {
            let e = &mentions[i].event;
            e.source.as_deref() == Some(s) && e.target.as_deref() == Some(t)
        })
        .map(|&i| at(i))
        .collect();
    let (mut more_s, mut more_t): (Vec<&'a str>, Vec<&'a str>) = (vec![s], vec![t]);
    for &i in members {
        if !triggers.contains(&at(i)) {
            continue;
        }
        let e = &mentions[i].event;
        match (e.source.as_deref(), e.target.as_deref()) {
            (Some(x), Some(y)) if y == t && x != s && x != t && !more_s.contains(&x) => {
                more_s.push(x)
            }
            (Some(x), Some(y)) if x == s && y != t && y != s && !more_t.contains(&y) => {
                more_t.push(y)
            }
            _ => {}
        }
    }
    // In the order the sentence names them: where its text has the name, else the name's
    // last word ("Putin" for "Vladimir Putin").
    let position = |name: &str| {
        let last = name.split_whitespace().last().unwrap_or(name);
        members
            .iter()
            .filter(|&&i| triggers.contains(&at(i)))
            .filter_map(|&i| {
                let text = &mentions[i].sentence_text;
                text.find(name).or_else(|| text.find(last))
            })
            .min()
            .unwrap_or(usize::MAX)
    };
    more_s.sort_by_key(|n| position(n));
    more_t.sort_by_key(|n| position(n));
    (more_s, more_t)
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
    // Actors coded on one trigger with the entry's pair are named with it ("the EU freezes
    // the assets of Vladimir Putin and Sergey Lavrov").
    let (sources_named, targets_named) =
        coordinated_names(mentions, members, source.as_deref(), target.as_deref());
    let headline = if sources_named.len() > 1 || targets_named.len() > 1 {
        crate::headline::headline_of(&code, &lemma, &sources_named, &targets_named, &modality)
    } else {
        crate::headline::headline(
            &code,
            &lemma,
            source.as_deref(),
            target.as_deref(),
            &modality,
        )
    };
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
