//! The event layer end to end on real-looking news sentences: every event mention with its
//! class, participants and date, political or not, in the body and the title.

use storyline_model::{Document, Event};
use storyline_pipeline::{Pipeline, PipelineConfig, RawArticle, SourceFormat};

fn annotate(text: &str) -> Document {
    let pipe = Pipeline::new(PipelineConfig {
        raw: true,
        dct: chrono::NaiveDate::from_ymd_opt(2013, 3, 21),
    });
    pipe.annotate(&RawArticle::new("t.txt", SourceFormat::Text, text))
}

fn find<'a>(doc: &'a Document, trigger: &str) -> &'a Event {
    doc.events
        .iter()
        .find(|e| e.trigger.text == trigger)
        .unwrap_or_else(|| panic!("no mention {trigger:?} in {:#?}", doc.events))
}

fn role<'a>(e: &'a Event, role: &str) -> Vec<&'a str> {
    e.in_role(role)
        .into_iter()
        .map(|p| p.text.as_str())
        .collect()
}

#[test]
fn business_news_has_events_with_participants_and_dates() {
    let doc = annotate(
        "Airbus delivered 30 aircraft to Emirates on Tuesday, the company said. \
         Shares of the planemaker fell 3 percent after the announcement.",
    );
    let delivered = find(&doc, "delivered");
    assert_eq!(delivered.class, "OCCURRENCE");
    assert_eq!(role(delivered, "agent"), ["Airbus"]);
    assert!(
        role(delivered, "patient")
            .iter()
            .any(|p| p.contains("aircraft")),
        "{delivered:#?}"
    );
    assert_eq!(role(delivered, "recipient"), ["Emirates"]);
    assert_eq!(delivered.date.as_deref(), Some("2013-03-19"));
    assert_eq!(delivered.date_basis.as_deref(), Some("timex"));
    assert_eq!(delivered.tense.as_deref(), Some("PAST"));
    assert!(
        delivered.code.is_none(),
        "a delivery is no political interaction"
    );
    let said = find(&doc, "said");
    assert_eq!(said.class, "REPORTING");
    assert_eq!(role(said, "agent"), ["the company"]);
    let fell = find(&doc, "fell");
    assert!(
        role(fell, "agent").iter().any(|p| p.contains("Shares")),
        "{fell:#?}"
    );
    assert!(doc.events.iter().any(|e| e.trigger.text == "announcement"));
    for e in &doc.events {
        assert!((0.0..=1.0).contains(&e.score), "{e:#?}");
        assert_eq!(&doc.text[e.trigger.start..e.trigger.end], e.trigger.text);
        for p in &e.participants {
            assert_eq!(&doc.text[p.start..p.end], p.text);
        }
    }
}

#[test]
fn passives_control_and_negation() {
    let doc = annotate(
        "A rocket was fired at Israel from Gaza. Iran agreed to lift the sanctions. \
         The minister did not call the president.",
    );
    // The passive subject and what it was fired at are what the act affects; no agent is
    // made up.
    let fired = find(&doc, "fired");
    assert_eq!(role(fired, "patient"), ["A rocket", "Israel"]);
    assert!(role(fired, "agent").is_empty());
    let lift = find(&doc, "lift");
    assert_eq!(role(lift, "agent"), ["Iran"], "{lift:#?}");
    let call = find(&doc, "call");
    assert_eq!(call.polarity, "NEG");
}

#[test]
fn coordinated_actors_are_each_a_participant() {
    let doc = annotate("The United States, Russia and France met in Geneva on Monday.");
    let met = find(&doc, "met");
    let agents = role(met, "agent");
    assert!(
        agents.len() == 3 && agents.contains(&"Russia") && agents.contains(&"France"),
        "{met:#?}"
    );
}

#[test]
fn headline_events_are_marked_and_point_into_the_title() {
    let pipe = Pipeline::new(PipelineConfig {
        raw: false,
        dct: chrono::NaiveDate::from_ymd_opt(2013, 3, 21),
    });
    let doc = pipe.annotate(&RawArticle::new(
        "t.txt",
        SourceFormat::Text,
        "Storm Kills 40 People In Bangladesh\n\nA cyclone struck the coast of Bangladesh on Wednesday, killing at least forty people, officials said.",
    ));
    let title = doc.title.clone().expect("title");
    let in_title: Vec<&Event> = doc.events.iter().filter(|e| e.in_title).collect();
    assert!(
        in_title.iter().any(|e| e.trigger.text == "Kills"),
        "{:#?}",
        doc.events
    );
    for e in in_title {
        assert_eq!(&title[e.trigger.start..e.trigger.end], e.trigger.text);
    }
    let struck = find(&doc, "struck");
    assert!(!struck.in_title);
    assert_eq!(struck.date.as_deref(), Some("2013-03-20"));
}
