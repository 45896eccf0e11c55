//! Linking and coreference through the real pipeline.
use storyline_actors::{link_entities, resolve_mention, ActorKb};

fn annotate(text: &str, dct: &str) -> storyline_model::Document {
    let d = chrono::NaiveDate::parse_from_str(dct, "%Y-%m-%d").ok();
    storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig { raw: true, dct: d })
        .annotate(&storyline_pipeline::RawArticle::new(
            "t",
            storyline_pipeline::SourceFormat::Text,
            text,
        ))
}

fn actor_of(doc: &storyline_model::Document, text: &str, nth: usize) -> Option<String> {
    doc.entities
        .iter()
        .filter(|e| e.text == text)
        .nth(nth)
        .and_then(|e| e.actor.clone())
}

#[test]
fn links_names_titles_and_metonyms() {
    let kb = ActorKb::default_kb();
    let mut doc = annotate(
        "Chinese President Xi Jinping spoke with Ukrainian President Volodymyr Zelenskiy on Wednesday. \
         Xi said Beijing would send an envoy. Zelenskyy said the call was long. \
         The Kremlin said it was studying the plan. Foreign Minister Sergei Lavrov met reporters in Moscow.",
        "2023-04-26",
    );
    link_entities(&mut doc, kb);
    let cases = [
        ("Xi Jinping", 0, Some("Xi Jinping")),
        ("Xi", 0, Some("Xi Jinping")),
        ("Volodymyr Zelenskiy", 0, Some("Volodymyr Zelensky")),
        ("Zelenskyy", 0, Some("Volodymyr Zelensky")),
        ("Beijing", 0, Some("Chinese government")),
        ("Sergei Lavrov", 0, Some("Sergey Lavrov")),
        ("Moscow", 0, None),
    ];
    for (text, nth, want) in cases {
        if doc.entities.iter().any(|e| e.text == text) {
            assert_eq!(
                actor_of(&doc, text, nth).as_deref(),
                want,
                "{text}: {:?}",
                doc.entities
            );
        }
    }
    let kremlin = doc.text.find("Kremlin").unwrap();
    let r = resolve_mention(&doc, kremlin - 4, kremlin + 7, kb).unwrap();
    assert_eq!(r.code.as_deref(), Some("RUSGOV"));
    assert_eq!(r.name, "Russian government");
}

#[test]
fn resolves_descriptions_and_pronouns() {
    let kb = ActorKb::default_kb();
    let doc = annotate(
        "Chinese President Xi Jinping arrived in Moscow on Monday. The Chinese president met officials. \
         He said talks were useful. Russian troops moved west and U.S. officials warned.",
        "2023-03-20",
    );
    let cases = [
        ("The Chinese president", Some(("Xi Jinping", "CHNGOV"))),
        ("He", Some(("Xi Jinping", "CHNGOV"))),
        ("Russian troops", Some(("Russian military", "RUSMIL"))),
        ("U.S. officials", Some(("U.S. government", "USAGOV"))),
    ];
    for (span, want) in cases {
        let s = doc.text.find(span).unwrap();
        let r = resolve_mention(&doc, s, s + span.len(), kb);
        assert_eq!(
            r.as_ref()
                .map(|r| (r.name.as_str(), r.code.as_deref().unwrap_or(""))),
            want,
            "{span}"
        );
    }
    // The KB's president when the text never named him.
    let doc = annotate("The Russian president said nothing.", "2023-03-20");
    let r = resolve_mention(&doc, 0, 22, kb).unwrap();
    assert_eq!(r.name, "Vladimir Putin");
}

#[test]
fn empty_and_odd_documents() {
    let kb = ActorKb::default_kb();
    let mut doc = storyline_model::Document::new("x".into(), String::new());
    link_entities(&mut doc, kb);
    assert!(resolve_mention(&doc, 0, 10, kb).is_none());
    let mut doc = annotate("Putin.", "2023-01-01");
    doc.tokens.iter_mut().for_each(|t| t.head = 99);
    link_entities(&mut doc, kb);
    assert!(resolve_mention(&doc, 3, 1, kb).is_none());
}
