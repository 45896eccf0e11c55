//! The linguistic and temporal annotation of a cleaned document: sentences,
//! tokens (POS, lemma, dependencies), named entities and temporal expressions.

use chrono::NaiveDate;
use storyline_model::{Document, EntityMention, SentenceSpan, TimexMention, TokenInfo};

/// Fills `sentences`, `tokens` and `entities` from the embedded models.
pub fn linguistics(doc: &mut Document) {
    let nlp = storyline_nlp::Nlp::default_models();
    let analysis = nlp.analyze(&doc.text);
    let text = doc.text.as_str();
    doc.sentences = analysis
        .sentences
        .iter()
        .map(|s| SentenceSpan {
            start: s.start,
            end: s.end,
        })
        .collect();
    let words = analysis.sentence_words(text);
    let ner = storyline_ner::Ner::default_model();
    let mut entities = Vec::new();
    for (sent, spans) in analysis.sentences.iter().zip(ner.entities(&words)) {
        for span in spans {
            let (Some(first), Some(last)) = (
                analysis.tokens.get(sent.tokens.start + span.start),
                analysis
                    .tokens
                    .get(sent.tokens.start + span.end.saturating_sub(1)),
            ) else {
                continue;
            };
            if span.end <= span.start || last.end <= first.start {
                continue;
            }
            entities.push(EntityMention {
                start: first.start,
                end: last.end,
                text: text[first.start..last.end].to_string(),
                label: span.label.as_str().to_string(),
                actor: None,
            });
        }
    }
    doc.entities = entities;
    doc.tokens = analysis
        .tokens
        .into_iter()
        .map(|t| TokenInfo {
            start: t.start,
            end: t.end,
            pos: t.upos.as_str().to_string(),
            lemma: t.lemma,
            head: i64::from(t.head),
            dep: t.deprel,
        })
        .collect();
}

/// A raw text analysed as the extractors see it (sentences, tokens, entities, time
/// expressions against `dct`, entities linked to actors), for training and evaluating them on
/// annotated corpora.
pub fn analyze_for_training(text: &str, dct: Option<&str>) -> Document {
    let mut doc = Document::new(String::new(), text.to_string());
    doc.published = dct.map(str::to_string);
    linguistics(&mut doc);
    timexes(&mut doc, dct.and_then(crate::clean::dates::parse_iso_date));
    storyline_actors::link_entities(&mut doc, storyline_actors::ActorKb::default_kb());
    doc
}

/// Fills `timexes`, resolving relative expressions against `dct`.
pub fn timexes(doc: &mut Document, dct: Option<NaiveDate>) {
    doc.timexes = storyline_time::extract(&doc.text, dct)
        .into_iter()
        .map(|t| TimexMention {
            start: t.start,
            end: t.end,
            text: t.text,
            timex_type: t.ttype.to_string(),
            value: t.value,
        })
        .collect();
}

/// Links entities to the actor knowledge base, then finds quotes (speakers resolved
/// to canonical actors) and codes events.
pub fn extraction(doc: &mut Document) {
    let kb = storyline_actors::ActorKb::default_kb();
    storyline_actors::link_entities(doc, kb);
    let mut quotes = storyline_quotes::extract_quotes(doc);
    let actors = storyline_actors::DocActors::build(doc, kb);
    // Names the document itself gives win over the knowledge base's guesses: a speaker
    // the quote finder named after a person mentioned in the text keeps that person,
    // under the actor name its mentions were linked to.
    let mut linked: std::collections::HashMap<&str, Option<&str>> =
        std::collections::HashMap::new();
    for e in &doc.entities {
        let slot = linked.entry(e.text.as_str()).or_insert(None);
        if slot.is_none() {
            *slot = e.actor.as_deref();
        }
    }
    for q in &mut quotes {
        if let Some(name) = q.speaker.as_deref() {
            match linked.get(name) {
                Some(Some(actor)) => {
                    q.speaker = Some((*actor).to_string());
                    continue;
                }
                Some(None) => continue,
                None => {}
            }
        }
        if let (Some(s), Some(e)) = (q.speaker_start, q.speaker_end) {
            if let Some(actor) = actors.resolve(doc, s, e, kb) {
                q.speaker = Some(actor.name);
            }
        }
    }
    doc.quotes = quotes;
    doc.events = storyline_events::extract_mentions(doc, kb);
    doc.events.extend(title_events(doc, kb));
    for e in &mut doc.events {
        // An actor acting on itself is a coding error (an appositive read as an object).
        if e.source.is_some() && e.source == e.target {
            storyline_events::uncode(e);
        }
    }
}

/// Whether most words of a headline start with a capital ("Xi Pushes Putin To Negotiate").
fn is_title_case(title: &str) -> bool {
    let words: Vec<&str> = title
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let upper = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= 3 && upper * 10 >= words.len() * 7
}

/// The title with every word but the first lower-cased where its capital is an ASCII letter
/// followed by lower-case letters (names in capitals, "NATO", keep theirs).
fn sentence_case(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut first = true;
    for (i, w) in title.split_inclusive(char::is_whitespace).enumerate() {
        let mut chars = w.chars();
        match chars.next() {
            Some(c)
                if i > 0
                    && c.is_ascii_uppercase()
                    && w.chars()
                        .skip(1)
                        .take_while(|c| c.is_alphabetic())
                        .all(char::is_lowercase)
                    && !first =>
            {
                out.push(c.to_ascii_lowercase());
                out.push_str(chars.as_str());
            }
            _ => out.push_str(w),
        }
        first = false;
    }
    out
}

/// The event mentions of the headline: the title analysed as a document of its own (dated
/// like the article), its mentions marked `in_title`, offsets into the title.
fn title_events(doc: &Document, kb: &storyline_actors::ActorKb) -> Vec<storyline_model::Event> {
    let Some(title) = doc.title.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Vec::new();
    };
    let mut t = Document::new(doc.id.clone(), title.to_string());
    t.published = doc.published.clone();
    if is_title_case(title) {
        // Headline case misleads the tagger ("Storm Kills Forty"): tag and parse the title in
        // sentence case (ASCII letters only, so that every offset stays the same), and take
        // the names from the title as written.
        let mut cased = Document::new(doc.id.clone(), sentence_case(title));
        linguistics(&mut cased);
        linguistics(&mut t);
        t.tokens = cased.tokens;
        t.sentences = cased.sentences;
    } else {
        linguistics(&mut t);
    }
    timexes(
        &mut t,
        doc.published
            .as_deref()
            .and_then(crate::clean::dates::parse_iso_date),
    );
    storyline_actors::link_entities(&mut t, kb);
    let mut events = storyline_events::extract_mentions(&t, kb);
    for e in &mut events {
        e.in_title = true;
        e.sentence = 0;
        // A headline reports the day's news: a past form there is no recollection.
        e.recalled = false;
    }
    events
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Infers a missing publication date. `partial` is a year-less dateline date
/// (`XXXX-03-21`); `corpus` the range of stated dates of the other articles.
pub fn infer_published(
    text: &str,
    partial: Option<&str>,
    corpus: Option<(NaiveDate, NaiveDate)>,
) -> Option<NaiveDate> {
    let hints = storyline_time::DctHints {
        corpus_range: corpus,
    };
    let inferred = storyline_time::infer_dct(text, &hints);
    let Some(partial) = partial else {
        return inferred.filter(|d| d.confidence >= 0.3).map(|d| d.date);
    };
    let month: u32 = partial.get(5..7)?.parse().ok()?;
    let day: u32 = partial.get(8..10)?.parse().ok()?;
    // The weekday that the lead names first is usually the dateline's day or the day before.
    let lead_weekday = text
        .split(|c: char| !c.is_alphabetic())
        .find_map(|w| WEEKDAYS.iter().position(|d| *d == w))
        .map(|i| i as u32);
    let (lo, hi) = match (corpus, &inferred) {
        (Some((a, b)), _) => (
            chrono::Datelike::year(&a) - 1,
            chrono::Datelike::year(&b) + 1,
        ),
        (None, Some(d)) => (
            chrono::Datelike::year(&d.date) - 1,
            chrono::Datelike::year(&d.date) + 1,
        ),
        (None, None) => return None,
    };
    let mut best: Option<(i64, NaiveDate)> = None;
    for year in lo..=hi {
        let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
            continue;
        };
        let mut score = 0i64;
        if let Some((a, b)) = corpus {
            if date >= a && date <= b {
                score += 2;
            }
        }
        if let Some(w) = lead_weekday {
            let wd = chrono::Datelike::weekday(&date).num_days_from_monday();
            if wd == w {
                score += 3;
            } else if wd == (w + 1) % 7 {
                score += 1;
            }
        }
        if let Some(d) = &inferred {
            score -= (date - d.date).num_days().abs() / 366;
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, date));
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dateline_year_from_lead_weekday_and_corpus() {
        let corpus = Some((
            NaiveDate::from_ymd_opt(2022, 2, 25).unwrap(),
            NaiveDate::from_ymd_opt(2023, 4, 26).unwrap(),
        ));
        let text =
            "The two leaders met in the capital on Tuesday. The visitor had arrived on Monday.";
        let d = infer_published(text, Some("XXXX-03-21"), corpus).unwrap();
        assert_eq!(d.to_string(), "2023-03-21");
    }

    #[test]
    fn linguistics_offsets_line_up() {
        let mut doc = Document::new(
            "t".into(),
            "Chinese President Xi Jinping spoke with Vladimir Putin on Friday, the Kremlin said."
                .into(),
        );
        linguistics(&mut doc);
        assert!(!doc.tokens.is_empty());
        assert!(
            doc.entities
                .iter()
                .any(|e| e.text == "Xi Jinping" && e.label == "PER"),
            "{:?}",
            doc.entities
        );
        for e in &doc.entities {
            assert_eq!(&doc.text[e.start..e.end], e.text);
        }
    }
}
