use super::*;

#[test]
fn timex_values() {
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("2022-02-25", Some("2022-02-25"), Some("day")),
        ("2022-02-25T10:00", Some("2022-02-25"), Some("day")),
        ("2022-02", Some("2022-02"), Some("month")),
        ("2023-W11", Some("2023-W11"), Some("week")),
        ("2014", Some("2014"), Some("year")),
        ("PRESENT_REF", Some("2023-01-02"), Some("day")),
        ("P3D", None, None),
        ("", None, None),
    ];
    for (v, d, p) in cases {
        let (dd, pp) = timex_date(v, Some("2023-01-02"));
        assert_eq!((dd.as_deref(), pp.as_deref()), (*d, *p), "{v}");
    }
}

#[test]
fn intentions() {
    for (c, w) in [
        ("042", "036"),
        ("071", "033"),
        ("190", "138"),
        ("112", "112"),
        ("01", "01"),
    ] {
        assert_eq!(intent_code(c), w);
    }
}

#[test]
fn past_forms() {
    for (w, l) in [
        ("met", "meet"),
        ("visited", "visit"),
        ("spoke", "speak"),
        ("invited", "invite"),
        ("carried", "carry"),
    ] {
        assert!(recalled_form(w, l), "{w}");
    }
    for (w, l) in [
        ("meet", "meet"),
        ("meets", "meet"),
        ("meeting", "meet"),
        ("carries", "carry"),
        ("uses", "use"),
        ("has", "have"),
        ("put", "put"),
    ] {
        assert!(!recalled_form(w, l), "{w}");
    }
}

/// "Russia attacked Ukraine." as sentence `at` of a document published on 2023-04-26
/// whose other sentences carry no tokens.
fn attack_at(at: usize) -> Document {
    let mut doc = Document::new("x".into(), "Russia attacked Ukraine.".into());
    doc.published = Some("2023-04-26".into());
    for _ in 0..at {
        doc.sentences
            .push(storyline_model::SentenceSpan { start: 0, end: 0 });
    }
    doc.sentences
        .push(storyline_model::SentenceSpan { start: 0, end: 24 });
    for (s, e, pos, lemma, head, dep) in [
        (0, 6, "PROPN", "Russia", 1, "nsubj"),
        (7, 15, "VERB", "attack", -1, "root"),
        (16, 23, "PROPN", "Ukraine", 1, "obj"),
        (23, 24, "PUNCT", ".", 1, "punct"),
    ] {
        doc.tokens.push(TokenInfo {
            start: s,
            end: e,
            pos: pos.into(),
            lemma: lemma.into(),
            head,
            dep: dep.into(),
        });
    }
    for (s, e) in [(0, 6), (16, 23)] {
        doc.entities.push(storyline_model::EntityMention {
            start: s,
            end: e,
            text: doc.text[s..e].into(),
            label: "LOC".into(),
            actor: None,
        });
    }
    doc
}

#[test]
fn an_undated_past_verb_past_the_lede_is_recalled() {
    let kb = ActorKb::embedded();
    let attack = |doc: &Document| {
        extract_events(doc, &kb)
            .into_iter()
            .find(|e| e.trigger.text == "attacked")
            .expect("attack event")
    };
    // In the lede it is the day's news.
    let lede = attack(&attack_at(0));
    assert_eq!(lede.date.as_deref(), Some("2023-04-26"));
    assert!(!lede.recalled && !lede.reference);
    // Further down, with no date of its own, it recalls an earlier event.
    let later = attack(&attack_at(5));
    assert_eq!(later.date.as_deref(), Some("2023-04-26"));
    assert!(later.recalled && !later.reference);
}

#[test]
fn empty_and_broken_documents() {
    let kb = ActorKb::embedded();
    let doc = Document::new("x".into(), String::new());
    assert!(extract_events(&doc, &kb).is_empty());
    let mut doc = Document::new("x".into(), "Russia attacked Ukraine.".into());
    doc.sentences
        .push(storyline_model::SentenceSpan { start: 0, end: 24 });
    for (s, e, pos, lemma, head, dep) in [
        (0, 6, "PROPN", "Russia", 1, "nsubj"),
        (7, 15, "VERB", "attack", 2, "root"),
        (16, 23, "PROPN", "Ukraine", 1, "obj"),
        (23, 24, "PUNCT", ".", 0, "punct"),
    ] {
        doc.tokens.push(TokenInfo {
            start: s,
            end: e,
            pos: pos.into(),
            lemma: lemma.into(),
            head,
            dep: dep.into(),
        });
    }
    // A cycle in heads (1 -> 2 -> 1) must not hang or panic.
    let _ = extract_events(&doc, &kb);
    doc.tokens[1].head = -1;
    for (s, e, l) in [(0, 6, "LOC"), (16, 23, "LOC")] {
        doc.entities.push(storyline_model::EntityMention {
            start: s,
            end: e,
            text: doc.text[s..e].into(),
            label: l.into(),
            actor: None,
        });
    }
    let evs = extract_events(&doc, &kb);
    let e = evs
        .iter()
        .find(|e| e.trigger.text == "attacked")
        .expect("attack event");
    assert_eq!(
        (
            e.code.as_deref().unwrap_or_default(),
            e.plover.as_deref().unwrap_or_default(),
            e.source.as_deref(),
            e.target.as_deref()
        ),
        ("190", "ASSAULT", Some("Russia"), Some("Ukraine"))
    );
    assert_eq!(e.modality, "asserted");
    doc.tokens[0].end = 999;
    assert!(extract_events(&doc, &kb).is_empty());
}
