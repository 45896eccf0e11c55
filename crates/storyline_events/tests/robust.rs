//! No panics on random text through the whole pipeline; events stay in bounds.
use proptest::prelude::*;

fn check(text: &str) {
    let kb = storyline_actors::ActorKb::default_kb();
    let mut doc = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
        raw: true,
        dct: None,
    })
    .annotate(&storyline_pipeline::RawArticle::new(
        "p",
        storyline_pipeline::SourceFormat::Text,
        text,
    ));
    storyline_actors::link_entities(&mut doc, kb);
    for e in &doc.entities {
        if e.start < e.end && e.end <= doc.text.len() {
            let _ = storyline_actors::resolve_mention(&doc, e.start, e.end, kb);
        }
    }
    for e in storyline_events::extract_events(&doc, kb) {
        assert!(e.sentence < doc.sentences.len());
        assert!(e.trigger.start <= e.trigger.end && e.trigger.end <= doc.text.len());
        assert_eq!(&doc.text[e.trigger.start..e.trigger.end], e.trigger.text);
        let row = storyline_events::gdelt_row(&e, &doc);
        assert_eq!(row.len(), storyline_events::GDELT_COLUMNS.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_text(s in "\\PC{0,300}") {
        check(&s);
    }

    #[test]
    fn random_news_words(words in proptest::collection::vec(prop::sample::select(vec![
        "Putin", "Xi", "Jinping", "said", "met", "with", "the", "Kremlin", "Beijing", "invaded", "Ukraine", "on", "Monday",
        "Chinese", "President", "sanctions", "he", "denied", "will", "visit", "Moscow", ".", ",", "“", "”", "’s", "not", "call",
        "2022", "Feb.", "25", "Zelenskiy", "troops", "U.S.", "officials", "warrant", "for", "to", "in", "\n\n",
    ]), 0..60)) {
        check(&words.join(" "));
    }
}

#[test]
fn fixed_edge_cases() {
    for t in [
        "",
        " ",
        ".",
        "\u{feff}Putin",
        "He said he said he said.",
        "Xi’s visit to Moscow’s Kremlin.",
        "“”",
        "Putin,,,,Xi",
    ] {
        check(t);
    }
}
