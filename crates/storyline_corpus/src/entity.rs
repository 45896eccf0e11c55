//! Entity timelines: every event one actor takes part in, merged across sources.
//!
//! The corpus timeline ([`crate::timeline::merge`]) holds the politically coded events. An
//! actor's own timeline adds what else the articles say it does or undergoes: a company
//! delivers aircraft, a court rules, a minister resigns, a president says something. Those
//! mentions carry no CAMEO code; they are grouped here by what happens (the trigger's lemma),
//! the actor's role in it (agent or patient), the other side (the counterpart actor, if
//! any) and the date, so that the same report from three outlets is one entry with three
//! sources and two statements a week apart stay two entries.
//!
//! What a reader sees by default is held to precision: the actor must be a participant
//! (agent, patient or recipient), the mention must be an event rather than a state, asserted,
//! reported or planned rather than denied or hypothetical, dated, and scored at least
//! [`ENTITY_SCORE`]; the rest comes with `all`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use storyline_model::Event;

use crate::timeline::{date_gap, date_range, entry, Mention, TimelineEntry};
use crate::timeline::{MAX_DATE_GAP_DAYS, MAX_ENTRY_SPAN_DAYS};

/// The support an uncoded entry needs to be shown by default: the combined mention scores
/// over its independent sources (see [`TimelineEntry::score`]).
pub const ENTITY_SCORE: f64 = 0.5;

/// The actor's role in a mention: `agent` or `patient` (recipients count as patients), from
/// the coded source and target first, then the participants. `None` when the actor takes no
/// part (or only as `other` or `instrument`, which say too little about what it did).
pub fn role_of(e: &Event, actor: &str) -> Option<&'static str> {
    if e.source.as_deref() == Some(actor) {
        return Some("agent");
    }
    if e.target.as_deref() == Some(actor) {
        return Some("patient");
    }
    e.participants
        .iter()
        .filter(|p| p.actor.as_deref() == Some(actor))
        .find_map(|p| match p.role.as_str() {
            "agent" => Some("agent"),
            "patient" | "recipient" => Some("patient"),
            _ => None,
        })
}

/// Whether an uncoded mention of the actor belongs in the default view (see the module
/// documentation): an event, not a state; asserted, reported or planned; not negated; not
/// an unplanned infinitive; with a
/// date of its own or of its report; and not a dateless nominal reference or a recalled past
/// verb (which may recall an older event under the article's date), except for statements.
fn shown_by_default(e: &Event) -> bool {
    !matches!(e.class.as_str(), "STATE" | "I_STATE")
        && matches!(e.modality.as_str(), "asserted" | "reported" | "intended")
        && e.polarity != "NEG"
        && e.date.is_some()
        && !e.reference
        && (!e.recalled || e.class == "REPORTING")
        // An infinitive is a possible event ("urged Putin to use negotiations"), an actual
        // one only when planned ("agreed to lift").
        && (e.tense.as_deref() != Some("INFINITIVE") || e.modality == "intended")
}

/// The name of a participant as a headline shows it: its actor, else its phrase cut to a
/// few words.
fn participant_name(p: &storyline_model::Participant) -> String {
    // "China's position" is a position, not China: a possessed thing is named as written.
    let possessive = p.text.contains("'s ") || p.text.contains("\u{2019}s ");
    if let (Some(a), false) = (&p.actor, possessive) {
        return a.clone();
    }
    let words: Vec<&str> = p.text.split_whitespace().collect();
    let mut s = words[..words.len().min(6)].join(" ");
    if words.len() > 6 {
        s.push('…');
    }
    s
}

/// The other side of the mention for the actor: the first participant of the opposite role
/// (the patient when the actor is the agent, and the reverse).
fn counterpart<'a>(
    e: &'a Event,
    actor: &str,
    role: &str,
) -> Option<&'a storyline_model::Participant> {
    let want: &[&str] = if role == "agent" {
        &["patient", "recipient"]
    } else {
        &["agent"]
    };
    e.participants
        .iter()
        .find(|p| want.contains(&p.role.as_str()) && p.actor.as_deref() != Some(actor))
}

/// The headline of an uncoded entry: the agent does what the trigger says to the patient,
/// as the modality presents it ("Airbus delivers 30 aircraft", "Someone arrests Ahmed Ali",
/// "Visit by Vladimir Putin (China)").
pub fn uncoded_headline(
    lemma: &str,
    verbal: bool,
    agent: Option<&str>,
    patient: Option<&str>,
    modality: &str,
) -> String {
    if !verbal {
        let mut word = lemma.to_string();
        if let Some(c) = word.get(..1) {
            word = format!("{}{}", c.to_uppercase(), &word[1..]);
        }
        return match (agent, patient) {
            (Some(a), Some(p)) => format!("{word} by {a} ({p})"),
            (Some(a), None) => format!("{word} by {a}"),
            (None, Some(p)) => format!("{word} of {p}"),
            (None, None) => word,
        };
    }
    let subject = agent.unwrap_or("Someone");
    let object = patient.map(|p| format!(" {p}")).unwrap_or_default();
    let base = format!("{lemma}{object}");
    let phrase = match modality {
        "intended" => format!("plans to {base}"),
        "negated" => format!("does not {base}"),
        "hypothetical" => format!("may {base}"),
        "reported" => format!(
            "{}, according to reports",
            crate::headline::third_person(&base)
        ),
        _ => crate::headline::third_person(&base),
    };
    format!("{subject} {phrase}")
}

/// Whether a mention's trigger is a verb (it has a tense) rather than an eventive noun or
/// adjective.
fn is_verbal(e: &Event) -> bool {
    e.tense.as_deref().is_some_and(|t| t != "NONE")
}

/// The entries of `actor`'s timeline that no political coding covers: its uncoded mentions
/// among `mentions` merged across sources, oldest first (undated last). With `all` false
/// only what the default view keeps (see the module documentation) and entries of support at least [`ENTITY_SCORE`];
/// with `all` true every mention the actor takes part in.
pub fn uncoded_entries(mentions: &[Mention], actor: &str, all: bool) -> Vec<TimelineEntry> {
    // Each mention with its grouping key: what happens, to whom, in what role.
    struct Item {
        key: (String, String, &'static str, String),
        range: Option<(NaiveDate, NaiveDate)>,
        verbal: bool,
    }
    let mut items: Vec<Item> = Vec::new();
    // The mentions as the entry builder reads them, one per item (same index).
    let mut plain: Vec<Mention> = Vec::new();
    for m in mentions {
        let e = &m.event;
        if e.is_coded() || e.lemma.is_empty() {
            continue;
        }
        let Some(role) = role_of(e, actor) else {
            continue;
        };
        if !all && !shown_by_default(e) {
            continue;
        }
        let other = counterpart(e, actor, role);
        let other_name = other.map(participant_name);
        // The entry builder reads the agent and patient from the source and target.
        let mut mention = m.clone();
        let (agent, patient) = if role == "agent" {
            (Some(actor.to_string()), other_name.clone())
        } else {
            (other_name.clone(), Some(actor.to_string()))
        };
        mention.event.source = agent;
        mention.event.target = patient;
        items.push(Item {
            key: (
                e.lemma.to_lowercase(),
                e.polarity.clone(),
                role,
                other.and_then(|p| p.actor.clone()).unwrap_or_default(),
            ),
            range: e.date.as_deref().and_then(date_range),
            verbal: is_verbal(e),
        });
        plain.push(mention);
    }
    // Within one key, dated mentions chain while each is within the date tolerance of the
    // group's first; undated mentions join the group of their own document's dated mention
    // of the same key if there is exactly one, else stay alone.
    let mut by_key: BTreeMap<&(String, String, &'static str, String), Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        by_key.entry(&it.key).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for members in by_key.values() {
        let mut dated: Vec<(usize, (NaiveDate, NaiveDate))> = members
            .iter()
            .filter_map(|&i| items[i].range.map(|r| (i, r)))
            .collect();
        dated.sort_by_key(|&(i, r)| (r, i));
        let first_group = groups.len();
        // The current group of this key: its first and its latest date.
        let mut open: Option<((NaiveDate, NaiveDate), (NaiveDate, NaiveDate))> = None;
        for (i, r) in dated {
            let joins = open.is_some_and(|(s, l)| {
                date_gap(l, r) <= MAX_DATE_GAP_DAYS && (r.0 - s.0).num_days() <= MAX_ENTRY_SPAN_DAYS
            });
            match (joins, groups.last_mut()) {
                (true, Some(g)) => g.push(i),
                _ => {
                    groups.push(vec![i]);
                    open = Some((r, r));
                }
            }
            if let Some((_, l)) = open.as_mut() {
                *l = r;
            }
        }
        for &i in members.iter().filter(|&&i| items[i].range.is_none()) {
            let doc = &plain[i].document;
            let own: Vec<usize> = (first_group..groups.len())
                .filter(|&g| groups[g].iter().any(|&j| &plain[j].document == doc))
                .collect();
            match own.as_slice() {
                [g] => groups[*g].push(i),
                _ => groups.push(vec![i]),
            }
        }
    }
    let mut entries: Vec<TimelineEntry> = groups
        .into_iter()
        .map(|members| {
            let verbal = members.iter().filter(|&&i| items[i].verbal).count() * 2 >= members.len();
            let lemma = items[members[0]].key.0.clone();
            let mut e = entry(&plain, &members);
            // The entry builder discounts a missing counterpart, which an uncoded event
            // ("shares fell") often has by nature: the score is the mentions' support.
            let mut best: BTreeMap<&str, f32> = BTreeMap::new();
            for &i in &members {
                let m = &plain[i];
                let root = m.near_duplicate_of.as_deref().unwrap_or(&m.document);
                let v = best.entry(root).or_insert(0.0);
                *v = v.max(m.event.score.clamp(0.0, 1.0));
            }
            let miss: f32 = best.values().map(|s| 1.0 - s).product();
            let mut score = f64::from(1.0 - miss);
            if e.modality != "asserted" {
                score *= 0.8;
            }
            e.score = (score * 1000.0).round() / 1000.0;
            e.code = String::new();
            e.plover = String::new();
            e.headline = uncoded_headline(
                &lemma,
                verbal,
                e.source.as_deref(),
                e.target.as_deref(),
                &e.modality,
            );
            // Only real actors are the entry's actors (a patient "30 aircraft" is not one).
            e.actors = members
                .iter()
                .flat_map(|&i| {
                    plain[i]
                        .event
                        .participants
                        .iter()
                        .filter_map(|p| p.actor.clone())
                })
                .chain(std::iter::once(actor.to_string()))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            e
        })
        .filter(|e| all || e.score >= ENTITY_SCORE)
        .collect();
    entries.sort_by_cached_key(|e| {
        let start = e.date.as_deref().and_then(date_range).map(|r| r.0);
        (start.is_none(), start, e.headline.clone())
    });
    entries
}

/// Merges coded entries (the actor's part of the corpus timeline) and uncoded ones into one
/// timeline, oldest first, undated last.
pub fn combine(mut coded: Vec<TimelineEntry>, uncoded: Vec<TimelineEntry>) -> Vec<TimelineEntry> {
    coded.extend(uncoded);
    coded.sort_by_cached_key(|e| {
        let start = e.date.as_deref().and_then(date_range).map(|r| r.0);
        (start.is_none(), start, e.headline.clone())
    });
    coded
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{Participant, Trigger};

    fn part(role: &str, text: &str, actor: Option<&str>) -> Participant {
        Participant {
            role: role.into(),
            start: 0,
            end: text.len(),
            text: text.into(),
            actor: actor.map(str::to_string),
        }
    }

    fn mention(doc: &str, lemma: &str, date: Option<&str>, parts: Vec<Participant>) -> Mention {
        let mut e = Event::mention(1, Trigger::default(), lemma);
        e.tense = Some("PAST".into());
        e.participants = parts;
        e.date = date.map(str::to_string);
        e.precision = date.map(|_| "day".to_string());
        e.score = 0.9;
        Mention {
            document: doc.into(),
            sentence_text: format!("{lemma} sentence"),
            event: e,
            ..Default::default()
        }
    }

    #[test]
    fn one_delivery_from_three_outlets_and_another_a_week_later() {
        let airbus = || part("agent", "Airbus", Some("Airbus"));
        let planes = || part("patient", "30 aircraft", None);
        let ms = vec![
            mention("a", "deliver", Some("2024-01-10"), vec![airbus(), planes()]),
            mention("b", "deliver", Some("2024-01-11"), vec![airbus(), planes()]),
            mention("c", "deliver", Some("2024-01-10"), vec![airbus(), planes()]),
            mention("d", "deliver", Some("2024-01-18"), vec![airbus(), planes()]),
            // Someone else's delivery is not Airbus's.
            mention(
                "e",
                "deliver",
                Some("2024-01-10"),
                vec![part("agent", "Boeing", Some("Boeing"))],
            ),
        ];
        let entries = uncoded_entries(&ms, "Airbus", false);
        assert_eq!(entries.len(), 2, "{entries:#?}");
        assert_eq!(entries[0].documents, vec!["a", "b", "c"]);
        assert_eq!(entries[0].sources, 3);
        assert_eq!(entries[0].headline, "Airbus delivers 30 aircraft");
        assert_eq!(entries[0].date.as_deref(), Some("2024-01-10"));
        assert_eq!(entries[1].documents, vec!["d"]);
        assert!(entries[0].code.is_empty() && entries[0].plover.is_empty());
    }

    #[test]
    fn agent_and_patient_roles_are_kept_apart() {
        let ms = vec![
            mention(
                "a",
                "sue",
                Some("2024-03-01"),
                vec![
                    part("agent", "Acme", Some("Acme")),
                    part("patient", "Globex", Some("Globex")),
                ],
            ),
            mention(
                "b",
                "sue",
                Some("2024-03-01"),
                vec![
                    part("agent", "Globex", Some("Globex")),
                    part("patient", "Acme", Some("Acme")),
                ],
            ),
        ];
        let entries = uncoded_entries(&ms, "Acme", false);
        let heads: Vec<&str> = entries.iter().map(|e| e.headline.as_str()).collect();
        assert_eq!(heads, vec!["Acme sues Globex", "Globex sues Acme"]);
    }

    #[test]
    fn the_default_view_holds_to_precision() {
        let acme = || part("agent", "Acme", Some("Acme"));
        let mut negated = mention("a", "merge", Some("2024-03-01"), vec![acme()]);
        negated.event.modality = "negated".into();
        let mut state = mention("a", "own", Some("2024-03-01"), vec![acme()]);
        state.event.class = "STATE".into();
        let undated = mention("a", "hire", None, vec![acme()]);
        let mut weak = mention("a", "plan", Some("2024-03-01"), vec![acme()]);
        weak.event.score = 0.2;
        let other = mention(
            "a",
            "fire",
            Some("2024-03-01"),
            vec![part("other", "Acme", Some("Acme"))],
        );
        let good = mention("a", "open", Some("2024-03-02"), vec![acme()]);
        let ms = vec![negated, state, undated, weak, other, good];
        let shown = uncoded_entries(&ms, "Acme", false);
        assert_eq!(
            shown
                .iter()
                .map(|e| e.headline.as_str())
                .collect::<Vec<_>>(),
            vec!["Acme opens"]
        );
        // `all` shows every mention the actor takes part in, the undated one last.
        let every = uncoded_entries(&ms, "Acme", true);
        assert_eq!(every.len(), 5, "{every:#?}");
        assert_eq!(every.last().unwrap().date, None);
    }

    #[test]
    fn an_undated_mention_joins_its_own_articles_dated_report() {
        let acme = || part("agent", "Acme", Some("Acme"));
        let ms = vec![
            mention("a", "recall", Some("2024-05-02"), vec![acme()]),
            mention("a", "recall", None, vec![acme()]),
            mention("b", "recall", None, vec![acme()]),
        ];
        let mut ms = ms;
        ms[1].event.sentence = 4;
        let entries = uncoded_entries(&ms, "Acme", true);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].mentions.len(), 2);
        assert_eq!(entries[0].date.as_deref(), Some("2024-05-02"));
        assert_eq!(entries[1].date, None);
    }

    #[test]
    fn nominal_and_modal_headlines() {
        assert_eq!(
            uncoded_headline(
                "visit",
                false,
                Some("Vladimir Putin"),
                Some("China"),
                "asserted"
            ),
            "Visit by Vladimir Putin (China)"
        );
        assert_eq!(
            uncoded_headline("resign", true, Some("Jane Doe"), None, "intended"),
            "Jane Doe plans to resign"
        );
        assert_eq!(
            uncoded_headline("fall", true, Some("Acme"), None, "reported"),
            "Acme falls, according to reports"
        );
    }
}
