//! Property tests: offsets, sentence coverage and head ranges hold for arbitrary input.

use proptest::prelude::*;
use storyline_nlp::{split_sentences, tokenize, Nlp};

fn texty() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("Mr.".to_string()),
            Just("U.S.".to_string()),
            Just("don't".to_string()),
            Just("Russia’s".to_string()),
            Just("\"".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("'".to_string()),
            Just("—".to_string()),
            Just("-".to_string()),
            Just("...".to_string()),
            Just("…".to_string()),
            Just(".".to_string()),
            Just("?".to_string()),
            Just("\n\n".to_string()),
            Just("\n".to_string()),
            Just(" ".to_string()),
            Just("1,000.50".to_string()),
            Just("https://x.org/a".to_string()),
            "[a-zA-Z]{1,8}",
            "\\PC{1,4}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    );
    pieces.prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn tokens_and_sentences_are_well_formed(text in prop_oneof![texty(), any::<String>()]) {
        let toks = tokenize(&text);
        let mut prev = 0;
        for t in &toks {
            prop_assert!(t.start >= prev && t.start < t.end && t.end <= text.len());
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert!(!text[t.start..t.end].chars().any(char::is_whitespace));
            prev = t.end;
        }
        let sents = split_sentences(&text, &toks);
        let mut next = 0;
        let mut prev_end = 0;
        for s in &sents {
            prop_assert_eq!(s.tokens.start, next);
            prop_assert!(s.tokens.end > s.tokens.start);
            prop_assert!(s.start >= prev_end && s.start < s.end);
            prop_assert_eq!(s.start, toks[s.tokens.start].start);
            prop_assert_eq!(s.end, toks[s.tokens.end - 1].end);
            next = s.tokens.end;
            prev_end = s.end;
        }
        prop_assert_eq!(next, toks.len());
    }

    #[test]
    fn analysis_heads_in_range(text in texty()) {
        let nlp = Nlp::default_models();
        let a = nlp.analyze(&text);
        let n = a.tokens.len() as i32;
        for s in &a.sentences {
            for t in &a.tokens[s.tokens.clone()] {
                prop_assert!(t.head == -1 || s.tokens.contains(&(t.head as usize)));
                prop_assert!(t.head < n);
            }
        }
    }
}
