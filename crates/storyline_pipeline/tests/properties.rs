//! Property tests: cleaning is idempotent, every span of the pipeline is in bounds
//! and on character boundaries, whatever the input.

use proptest::prelude::*;
use storyline_clean::clean_text;
use storyline_pipeline::{Pipeline, PipelineConfig, RawArticle, SourceFormat};

/// Text made of news-like pieces, furniture, odd characters and line breaks.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Xi Jinping met Vladimir Putin in Moscow on Tuesday.".to_string()),
        Just("“We will not give up,” he said.".to_string()),
        Just("Share this article!".to_string()),
        Just("Leave a Comment".to_string()),
        Just(" date 2023-04-26 ".to_string()),
        Just("March 21 (UPI) — ".to_string()),
        Just("Fri, 02/25/2022 – 09:06".to_string()),
        Just("Tyler Durden".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("«".to_string()),
        Just("\"".to_string()),
        Just("Feb. 30, '22 5/6 99999999999999999999 days".to_string()),
        "[a-zA-Z ,.!?]{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn cleaning_is_idempotent(raw in newsish()) {
        let once = clean_text(&raw, None, None);
        let twice = clean_text(&once.text, once.title.as_deref(), None);
        prop_assert_eq!(&twice.text, &once.text);
    }

    #[test]
    fn spans_are_in_bounds(raw in newsish(), is_raw in any::<bool>()) {
        let article = RawArticle::new("prop", SourceFormat::Text, raw);
        let doc = Pipeline::new(PipelineConfig { raw: is_raw, dct: None }).annotate(&article);
        let text = &doc.text;
        let ok = |s: usize, e: usize| s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e);
        let mut last = 0;
        for s in &doc.sentences {
            prop_assert!(ok(s.start, s.end));
            prop_assert!(s.start >= last);
            last = s.end;
        }
        let mut last = 0;
        for t in &doc.tokens {
            prop_assert!(ok(t.start, t.end));
            prop_assert!(t.start >= last, "tokens overlap");
            last = t.end;
            prop_assert!(t.head >= -1 && t.head < doc.tokens.len() as i64);
        }
        for e in &doc.entities {
            prop_assert!(ok(e.start, e.end));
            prop_assert_eq!(&text[e.start..e.end], e.text.as_str());
        }
        for t in &doc.timexes {
            prop_assert!(ok(t.start, t.end));
            prop_assert_eq!(&text[t.start..t.end], t.text.as_str());
        }
        for q in &doc.quotes {
            prop_assert!(ok(q.start, q.end));
        }
        if is_raw {
            prop_assert_eq!(text.as_str(), article.body.as_str());
        }
    }
}
