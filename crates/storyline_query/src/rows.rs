//! The JSON row of every corpus command: what `--format json` prints, one [`Row`] per line.
//!
//! Each command has the typed answer its text view reads ([`Corpus::timeline_entries`],
//! [`Corpus::comparison`]...) and a `*_row` function turning one answer into the row that
//! every program sees. The CLI, the Python module and the exports all call these.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;
use serde_json::value::RawValue;
use storyline_corpus::stories::{self, Story, StoryConfig};
use storyline_corpus::{self as corpus, Coverage, TimelineEntry};
use storyline_model::{Document, Event};
use storyline_store::{DocumentSummary, QuoteRow, Stats};

use crate::{Corpus, Error, Result, TimelineQuery};

/// One JSON value, exactly as the command prints it on one line.
pub type Row = Box<RawValue>;

fn row(value: &impl Serialize) -> Result<Row> {
    Ok(serde_json::value::to_raw_value(value)?)
}

/// The row of `storyline stats`.
pub fn stats_row(stats: &Stats) -> Result<Row> {
    row(stats)
}

/// The row of one document in `storyline documents`.
pub fn document_row(doc: &DocumentSummary) -> Result<Row> {
    row(&json!({
        "id": doc.id, "title": doc.title, "published": doc.published, "outlet": doc.outlet,
        "near_duplicate_of": doc.near_duplicate_of,
    }))
}

/// The row of one timeline entry in `storyline timeline`.
pub fn timeline_row(entry: &TimelineEntry) -> Result<Row> {
    row(entry)
}

/// The row of one quote in `storyline quotes`.
pub fn quote_row(quote: &QuoteRow) -> Result<Row> {
    row(quote)
}

/// The row of one event mention in `storyline events`: the event with its document.
pub fn event_row(doc: &Document, event: &Event) -> Result<Row> {
    row(&json!({
        "document": doc.id, "outlet": doc.outlet, "url": doc.url, "sentence": event.sentence,
        "trigger": event.trigger, "code": event.code, "plover": event.plover,
        "source": event.source, "source_code": event.source_code, "target": event.target,
        "target_code": event.target_code, "date": event.date, "precision": event.precision,
        "location": event.location, "modality": event.modality,
    }))
}

/// The row of one story in `storyline stories`.
pub fn story_row(story: &Story) -> Result<Row> {
    row(story)
}

/// How the sources compare: what `storyline compare` shows.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Framing terms and their counts per outlet (or document, without an outlet).
    pub framing: BTreeMap<String, BTreeMap<String, usize>>,
    /// The timeline entries whose sources disagree.
    pub conflicts: Vec<TimelineEntry>,
    /// Which sources report each event and which do not.
    pub coverage: Vec<Coverage>,
}

/// The row of `storyline compare`.
pub fn comparison_row(comparison: &Comparison) -> Result<Row> {
    let conflicts: Vec<serde_json::Value> = comparison
        .conflicts
        .iter()
        .map(|e| json!({"event": e.summary, "date": e.date, "conflicts": e.conflicts}))
        .collect();
    row(&json!({
        "framing": comparison.framing, "conflicts": conflicts, "coverage": comparison.coverage,
    }))
}

impl Corpus {
    /// Corpus counts.
    pub fn stats_json(&self) -> Result<Row> {
        stats_row(&self.store.stats()?)
    }

    /// Stored documents in insertion order: `limit` of them after the first `offset`.
    pub fn documents_json(&self, offset: u64, limit: u64) -> Result<Vec<Row>> {
        self.store
            .list(offset, limit)?
            .iter()
            .map(document_row)
            .collect()
    }

    /// The merged timeline entries the query selects, oldest first: the stored timeline,
    /// filtered and ordered in the database, or a story's own timeline (its articles'
    /// mentions merged among themselves).
    pub fn timeline_entries(&self, query: &TimelineQuery) -> Result<Vec<TimelineEntry>> {
        match query.story {
            // An actor's own timeline: every event it takes part in, coded or not.
            None if query.filter.actor.is_some() => {
                let asked = query.filter.actor.as_deref().unwrap_or_default();
                match storyline_store::resolve_actor(self.store.as_ref(), asked)? {
                    Some(name) => Ok(storyline_store::actor_timeline(
                        self.store.as_ref(),
                        &name,
                        &query.filter,
                    )?),
                    None => Ok(Vec::new()),
                }
            }
            None => Ok(self
                .store
                .timeline(&storyline_store::TimelineQuery {
                    filter: query.filter.clone(),
                    ..Default::default()
                })?
                .entries),
            Some(id) => {
                let all = self.stories()?;
                let Some(story) = all.iter().find(|s| s.id == id) else {
                    return Err(Error::NoStory {
                        id,
                        db: self.db.clone(),
                        count: all.len(),
                    });
                };
                let mentions = self.store.event_mentions_of(&story.documents)?;
                Ok(corpus::filter(corpus::merge(&mentions), &query.filter))
            }
        }
    }

    /// The rows of `storyline timeline`.
    pub fn timeline_json(&self, query: &TimelineQuery) -> Result<Vec<Row>> {
        self.timeline_entries(query)?
            .iter()
            .map(timeline_row)
            .collect()
    }

    /// Stored quotes, of speakers whose name contains `speaker` (any case) when given.
    pub fn quotes(&self, speaker: Option<&str>) -> Result<Vec<QuoteRow>> {
        Ok(self.store.quotes(speaker)?)
    }

    /// The rows of `storyline quotes`.
    pub fn quotes_json(&self, speaker: Option<&str>) -> Result<Vec<Row>> {
        self.quotes(speaker)?.iter().map(quote_row).collect()
    }

    /// Visits every stored event mention with its document, in insertion order, one
    /// document in memory at a time; stops at the first error `f` returns.
    pub fn for_each_event<E: From<Error>>(
        &self,
        mut f: impl FnMut(&Document, &Event) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut result = Ok(());
        self.store
            .for_each_document(&mut |doc| {
                if result.is_err() {
                    return;
                }
                for event in &doc.events {
                    if let Err(err) = f(&doc, event) {
                        result = Err(err);
                        return;
                    }
                }
            })
            .map_err(|e| E::from(Error::Store(e)))?;
        result
    }

    /// The rows of `storyline events --format json`, all in memory (see
    /// [`Corpus::for_each_event`] to stream them).
    pub fn events_json(&self) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        self.for_each_event(|doc, event| -> Result<()> {
            rows.push(event_row(doc, event)?);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Articles grouped into stories, oldest first.
    pub fn stories(&self) -> Result<Vec<Story>> {
        Ok(stories::group(
            &self.store.story_docs()?,
            &StoryConfig::default(),
        ))
    }

    /// The rows of `storyline stories`.
    pub fn stories_json(&self) -> Result<Vec<Row>> {
        self.stories()?.iter().map(story_row).collect()
    }

    /// Framing per outlet, conflicts between sources and coverage.
    pub fn comparison(&self) -> Result<Comparison> {
        let mut docs = Vec::new();
        self.store.for_each_document(&mut |d| docs.push(d))?;
        let refs: Vec<&Document> = docs.iter().collect();
        let entries = self
            .store
            .timeline(&storyline_store::TimelineQuery {
                filter: corpus::TimelineFilter {
                    all: true,
                    ..Default::default()
                },
                ..Default::default()
            })?
            .entries;
        Ok(Comparison {
            framing: corpus::framing(&refs, true),
            coverage: corpus::coverage(&entries, &refs),
            conflicts: entries
                .into_iter()
                .filter(|e| !e.conflicts.is_empty())
                .collect(),
        })
    }

    /// The row of `storyline compare`.
    pub fn compare_json(&self) -> Result<Row> {
        comparison_row(&self.comparison()?)
    }
}

#[cfg(test)]
mod tests {
    use storyline_model::Trigger;

    use super::*;

    fn corpus_with_one_event() -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        let mut corpus = Corpus::open(&dir.path().join("q.db")).unwrap();
        let mut doc = Document::new("a1".into(), "Xi met Putin in Moscow.".into());
        doc.published = Some("2023-03-21".into());
        doc.sentences = vec![storyline_model::SentenceSpan { start: 0, end: 23 }];
        let trigger = Trigger {
            start: 3,
            end: 6,
            text: "met".into(),
        };
        doc.events.push(Event {
            code: Some("040".into()),
            plover: Some("CONSULT".into()),
            source: Some("Xi Jinping".into()),
            target: Some("Vladimir Putin".into()),
            modality: "asserted".into(),
            score: 0.9,
            ..Event::mention(0, trigger, "meet")
        });
        corpus.store_mut().insert_batch(&[doc]).unwrap();
        (dir, corpus)
    }

    #[test]
    fn rows_keep_the_key_order_the_commands_print() {
        let (_dir, corpus) = corpus_with_one_event();
        let stats = corpus.stats_json().unwrap();
        assert!(stats
            .get()
            .starts_with(r#"{"documents":1,"near_duplicates":0,"events":1,"#));
        let docs = corpus.documents_json(0, 10).unwrap();
        assert_eq!(
            docs[0].get(),
            r#"{"id":"a1","near_duplicate_of":null,"outlet":null,"published":"2023-03-21","title":null}"#
        );
        let events = corpus.events_json().unwrap();
        assert_eq!(events.len(), 1);
        assert!(
            events[0]
                .get()
                .starts_with(r#"{"code":"040","date":null,"document":"a1""#),
            "{}",
            events[0].get()
        );
        let timeline = corpus.timeline_json(&TimelineQuery::default()).unwrap();
        assert_eq!(timeline.len(), 1);
        assert!(
            timeline[0].get().starts_with(r#"{"date":"#),
            "{}",
            timeline[0].get()
        );
    }

    #[test]
    fn a_missing_story_names_the_database_and_the_count() {
        let (dir, corpus) = corpus_with_one_event();
        let query = TimelineQuery {
            story: Some(7),
            ..TimelineQuery::default()
        };
        let err = corpus.timeline_json(&query).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "no story 7 in {} (1 stories: see storyline stories)",
                dir.path().join("q.db").display()
            )
        );
    }

    #[test]
    fn a_database_that_cannot_be_opened_says_which_and_why() {
        let err = Corpus::open(std::path::Path::new("/nonexistent/dir/x.db")).unwrap_err();
        let message = crate::error_message(&err);
        assert!(
            message.starts_with("cannot open database /nonexistent/dir/x.db: database error:"),
            "{message}"
        );
    }
}
