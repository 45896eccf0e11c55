//! One actor's timeline over a store: the name a user types resolved to a stored actor, and
//! every event that actor takes part in (the coded entries of the stored timeline and its
//! uncoded mentions merged across sources, see [`storyline_corpus::entity`]).

use storyline_corpus::{entity, TimelineEntry, TimelineFilter};

use crate::{Result, Store, TimelineQuery};

/// The most documents an actor's uncoded mentions are read from (the first stored ones
/// mentioning it); the coded entries come from the stored timeline whatever the count.
pub const MAX_ACTOR_DOCUMENTS: u64 = 20_000;

/// The stored actor a name the user gives stands for: the actor of that exact name (any
/// case); else the one the actor knowledge base gives for it as an alias ("Xi", "President
/// Putin", "the Kremlin"); else the most mentioned actor whose name holds every word of it
/// ("Putin", "lavrov"). `None` when no stored actor matches.
pub fn resolve_actor<S: Store + ?Sized>(store: &S, query: &str) -> Result<Option<String>> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(None);
    }
    let actors = store.actors()?;
    let lower = query.to_lowercase();
    if let Some(a) = actors.iter().find(|a| a.name.to_lowercase() == lower) {
        return Ok(Some(a.name.clone()));
    }
    if let Some(kb) = storyline_actors::ActorKb::default_kb().lookup(query) {
        if let Some(a) = actors.iter().find(|a| a.name == kb.name) {
            return Ok(Some(a.name.clone()));
        }
    }
    let words: Vec<String> = words(&lower);
    let best = actors
        .iter()
        .filter(|a| {
            let name = words_of(&a.name);
            words.iter().all(|w| name.contains(w))
        })
        .max_by(|a, b| {
            (a.mentions + a.quotes)
                .cmp(&(b.mentions + b.quotes))
                .then(b.name.cmp(&a.name))
        });
    Ok(best.map(|a| a.name.clone()))
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn words_of(name: &str) -> Vec<String> {
    words(&name.to_lowercase())
}

/// Every event the actor named exactly `name` takes part in, oldest first (undated last):
/// the stored timeline's entries involving it (coded political events, merged over the
/// whole corpus) and its other mentions merged across sources, both as the filter's `all`
/// and dates select.
pub fn actor_timeline<S: Store + ?Sized>(
    store: &S,
    name: &str,
    filter: &TimelineFilter,
) -> Result<Vec<TimelineEntry>> {
    let coded = store
        .timeline(&TimelineQuery {
            filter: TimelineFilter {
                actor: None,
                ..filter.clone()
            },
            actor_exact: Some(name.to_string()),
            ..Default::default()
        })?
        .entries;
    let documents = store.documents_mentioning(name, MAX_ACTOR_DOCUMENTS)?;
    let mentions = store.event_mentions_of(&documents)?;
    let uncoded = storyline_corpus::filter(
        entity::uncoded_entries(&mentions, name, filter.all),
        &TimelineFilter {
            actor: None,
            all: true,
            ..filter.clone()
        },
    );
    Ok(entity::combine(coded, uncoded))
}
