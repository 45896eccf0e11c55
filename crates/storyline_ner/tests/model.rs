//! Tests of the committed (embedded) model and of end-to-end training on a
//! tiny fixture. None of these need `/work/shared`.

use std::path::Path;

use storyline_ner::train::{evaluate, train_with, TrainOptions};
use storyline_ner::{tag_conll, EntitySpan, Label, Ner};

fn ents(words: &[&str]) -> Vec<(String, Label)> {
    let ner = Ner::default_model();
    ner.entities(&[words.to_vec()])
        .remove(0)
        .into_iter()
        .map(|EntitySpan { start, end, label }| (words[start..end].join(" "), label))
        .collect()
}

fn has(e: &[(String, Label)], text: &str, label: Label) -> bool {
    e.iter().any(|(t, l)| t == text && *l == label)
}

#[test]
fn xi_putin_kremlin() {
    let w: Vec<&str> =
        "Chinese President Xi Jinping spoke with Vladimir Putin on Friday , the Kremlin said ."
            .split(' ')
            .collect();
    let e = ents(&w);
    assert!(has(&e, "Xi Jinping", Label::Per), "{e:?}");
    assert!(has(&e, "Vladimir Putin", Label::Per), "{e:?}");
    assert!(has(&e, "Chinese", Label::Misc), "{e:?}");
    // CoNLL-2003 annotates "Kremlin" as LOC (metonymy not resolved), so the
    // model may say LOC or ORG; it must find it as an entity.
    assert!(
        has(&e, "Kremlin", Label::Org) || has(&e, "Kremlin", Label::Loc),
        "{e:?}"
    );
}

#[test]
fn zelenskiy_kyiv() {
    let w: Vec<&str> = "Ukrainian President Volodymyr Zelenskiy visited Kyiv ."
        .split(' ')
        .collect();
    let e = ents(&w);
    assert!(has(&e, "Volodymyr Zelenskiy", Label::Per), "{e:?}");
    assert!(has(&e, "Ukrainian", Label::Misc), "{e:?}");
    // Known weakness: "Kyiv" never occurs in the 1996 training data or the
    // unlabelled corpus, and "visited X ." is ambiguous there; it must at
    // least be found as an entity ...
    assert!(e.iter().any(|(t, _)| t == "Kyiv"), "{e:?}");
    // ... and with a clearer context it is a location.
    let w: Vec<&str> = "Zelenskiy returned to Kyiv on Friday after talks in Brussels ."
        .split(' ')
        .collect();
    let e = ents(&w);
    assert!(has(&e, "Kyiv", Label::Loc), "{e:?}");
    assert!(has(&e, "Brussels", Label::Loc), "{e:?}");
}

#[test]
fn mixed_case_news_and_curly_quotes() {
    let w: Vec<&str> =
        "The European Union and NATO met in Brussels on Tuesday to discuss Russia ’s war in Ukraine ."
            .split(' ')
            .collect();
    let e = ents(&w);
    assert!(has(&e, "Brussels", Label::Loc), "{e:?}");
    assert!(has(&e, "Russia", Label::Loc), "{e:?}");
    assert!(has(&e, "Ukraine", Label::Loc), "{e:?}");
    assert!(has(&e, "NATO", Label::Org), "{e:?}");
    let w: Vec<&str> = "Apple shares rose after Tim Cook said the company would expand in India ."
        .split(' ')
        .collect();
    let e = ents(&w);
    assert!(has(&e, "Tim Cook", Label::Per), "{e:?}");
    assert!(has(&e, "India", Label::Loc), "{e:?}");
}

#[test]
fn no_entities_in_plain_lowercase_text() {
    let w: Vec<&str> = "the weather was cold and the roads were icy ."
        .split(' ')
        .collect();
    assert!(ents(&w).is_empty());
}

#[test]
fn document_and_sentence_apis_agree_in_length() {
    let ner = Ner::default_model();
    let doc = vec![
        vec!["Germany", "beat", "France", "."],
        vec![],
        vec!["Merkel", "spoke", "."],
    ];
    let tags = ner.tag_document(&doc);
    assert_eq!(tags.len(), 3);
    for (s, t) in doc.iter().zip(&tags) {
        assert_eq!(s.len(), t.len());
    }
    assert_eq!(ner.tag_sentence(&[]), Vec::<String>::new());
}

#[test]
fn conll_io_on_fixture() {
    let text = include_str!("fixtures/tiny.conll");
    let out = tag_conll(Ner::default_model(), text);
    assert_eq!(out.lines().count(), text.lines().count());
    for (a, b) in text.lines().zip(out.lines()) {
        if a.trim().is_empty() || a.starts_with("-DOCSTART-") {
            assert_eq!(a, b);
        } else {
            let mut it = b.split(' ');
            assert_eq!(it.next(), a.split_whitespace().next());
            assert!(it.next().is_some());
        }
    }
    let rep = evaluate(Ner::default_model(), text);
    assert!(rep.overall.gold > 0);
}

#[test]
fn training_runs_end_to_end_on_fixture() {
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.conll");
    let dir = std::env::temp_dir().join(format!("storyline_ner_test_{}", std::process::id()));
    let out = dir.join("tiny.bin.gz");
    let opts = TrainOptions {
        epochs: 5,
        gaz_folds: 2,
        prune: 0.0,
        clusters: None,
        word_dropout: 0.0,
        runs: 1,
        title_case_augment: true,
        verbose: false,
    };
    let rep = train_with(&fx, &fx, &out, 7, &opts).expect("training failed");
    // It has seen the fixture: it must fit most of it.
    assert!(rep.overall.f1 > 60.0, "{rep}");
    let ner = Ner::from_file(&out).expect("load");
    let rep2 = evaluate(&ner, include_str!("fixtures/tiny.conll"));
    assert!((rep2.overall.f1 - rep.overall.f1).abs() < 1e-9);
    // deterministic for a fixed seed
    let out2 = dir.join("tiny2.bin.gz");
    train_with(&fx, &fx, &out2, 7, &opts).expect("training failed");
    assert_eq!(std::fs::read(&out).ok(), std::fs::read(&out2).ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn loads_quickly() {
    let t = std::time::Instant::now();
    let _ = Ner::default_model().tag_sentence(&["Paris"]);
    // generous bound for debug-ish test builds on a shared machine
    assert!(t.elapsed().as_secs_f64() < 2.0);
}

#[test]
fn title_case_headline_is_not_one_big_entity() {
    let w: Vec<&str> = "Storm Forces Thousands to Flee Homes in Southern Brazil"
        .split(' ')
        .collect();
    let e = ents(&w);
    for bad in ["Storm", "Forces", "Thousands", "Flee", "Homes"] {
        assert!(!e.iter().any(|(t, _)| t.contains(bad)), "{e:?}");
    }
    assert!(
        e.iter()
            .any(|(t, l)| t.ends_with("Brazil") && *l == Label::Loc),
        "{e:?}"
    );
}

#[test]
fn all_caps_headline_and_dateline() {
    let doc = vec![
        "ECONOMY - GERMAN FACTORY ORDERS FALL IN MARCH"
            .split(' ')
            .collect::<Vec<_>>(),
        "BERLIN 2024-05-06".split(' ').collect(),
        "German factory orders fell in March , the Economy Ministry in Berlin said on Monday ."
            .split(' ')
            .collect(),
    ];
    let e = Ner::default_model().entities(&doc);
    assert!(
        e[1].iter().any(|s| s.start == 0 && s.label == Label::Loc),
        "{e:?}"
    );
    assert!(e[2].iter().any(|s| s.label == Label::Loc), "{e:?}");
}
