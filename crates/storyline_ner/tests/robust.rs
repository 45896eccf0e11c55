//! Robustness: arbitrary tokens never panic, output has input length and tags
//! form valid IOB2.

use proptest::prelude::*;
use storyline_ner::{tag_conll, Ner};

fn valid_iob2(tags: &[String]) -> bool {
    let mut prev: Option<&str> = None;
    for t in tags {
        if t == "O" {
            prev = None;
            continue;
        }
        let Some((p, ty)) = t.split_once('-') else {
            return false;
        };
        if !["PER", "ORG", "LOC", "MISC"].contains(&ty) {
            return false;
        }
        match p {
            "B" => {}
            "I" if prev == Some(ty) => {}
            _ => return false,
        }
        prev = Some(ty);
    }
    true
}

#[test]
fn pathological_tokens() {
    let ner = Ner::default_model();
    let long = "A".repeat(100_000);
    let mixed = "Zürich東京Москва\u{202e}\u{0}\u{7}";
    let toks: Vec<&str> = vec![
        "",
        &long,
        mixed,
        "\n",
        "\t\r",
        " ",
        "’",
        "“",
        "``",
        "''",
        "\u{FEFF}",
        "İstanbul",
        "ß",
        "ǅ",
    ];
    let t = ner.tag_sentence(&toks);
    assert_eq!(t.len(), toks.len());
    assert!(valid_iob2(&t));
    assert!(ner.tag_sentence(&[]).is_empty());
    assert!(ner.tag_document(&[]).is_empty());
    let out = tag_conll(ner, "\u{0}\n-DOCSTART-\n\n\nx y z w v u\n\r\n");
    assert_eq!(out.lines().count(), 6);
    assert_eq!(tag_conll(ner, ""), "");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_tokens(words in prop::collection::vec(".{0,12}", 0..40)) {
        let ner = Ner::default_model();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let t = ner.tag_sentence(&refs);
        prop_assert_eq!(t.len(), refs.len());
        prop_assert!(valid_iob2(&t));
    }

    #[test]
    fn capitalised_word_soup(words in prop::collection::vec("[A-Z][a-z]{0,8}|[a-z]{1,6}|[.,;\"']|[A-Z]{2,5}", 0..60)) {
        let ner = Ner::default_model();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let doc = vec![refs.clone(), refs.clone()];
        let t = ner.tag_document(&doc);
        prop_assert_eq!(t.len(), 2);
        for s in &t {
            prop_assert_eq!(s.len(), refs.len());
            prop_assert!(valid_iob2(s));
        }
        let e = ner.entities(&doc);
        for s in &e {
            for sp in s {
                prop_assert!(sp.start < sp.end && sp.end <= refs.len());
            }
        }
    }

    #[test]
    fn conll_never_panics(input in "(.{0,20}\n){0,30}") {
        let out = tag_conll(Ner::default_model(), &input);
        prop_assert_eq!(out.lines().count(), input.lines().count());
    }
}
