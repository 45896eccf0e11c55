use super::*;
use storyline_model::Trigger;

/// The merge with every candidate pair joined: what the candidate indexes propose and the
/// clustering's constraints allow, whatever the trained weights say (those are tested on
/// sentences below and measured by `storyline train merge`).
fn merge(ms: &[Mention]) -> Vec<TimelineEntry> {
    merge_with(ms, &model::MergeModel::prior())
}

fn ev(code: &str, src: &str, tgt: &str, date: &str, sentence: usize) -> Event {
    Event {
        sentence,
        trigger: Trigger {
            start: 0,
            end: 4,
            text: "call".into(),
        },
        code: Some(code.into()),
        plover: Some("CONSULT".into()),
        source: Some(src.into()),
        target: Some(tgt.into()),
        date: Some(date.into()),
        precision: Some(if date.len() == 10 {
            "day".into()
        } else {
            "month".into()
        }),
        score: 0.9,
        ..Default::default()
    }
}

fn m(doc: &str, e: Event) -> Mention {
    Mention {
        document: doc.into(),
        event: e,
        ..Default::default()
    }
}

#[test]
fn same_call_from_two_sources_with_date_conflict() {
    let ms = vec![
        m(
            "a",
            ev("040", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
        ),
        m(
            "b",
            ev("040", "Vladimir Putin", "Xi Jinping", "2022-02-24", 5),
        ),
        m(
            "b",
            ev("042", "Xi Jinping", "Vladimir Putin", "2023-03-20", 9),
        ),
        m(
            "c",
            ev("040", "Xi Jinping", "Volodymyr Zelenskiy", "2023-04-26", 0),
        ),
    ];
    let entries = merge(&ms);
    assert_eq!(entries.len(), 3, "{entries:#?}");
    let call = &entries[0];
    assert_eq!(call.documents, vec!["a", "b"]);
    assert_eq!(call.conflicts.len(), 1);
    assert_eq!(call.conflicts[0].field, "date");
    assert_eq!(entries[1].date.as_deref(), Some("2023-03-20"));
    let f = TimelineFilter {
        actor: Some("zelensk".into()),
        ..Default::default()
    };
    assert_eq!(filter(entries, &f).len(), 1);
}

#[test]
fn one_source_giving_two_dates_is_no_conflict() {
    let ms = vec![
        m(
            "a",
            ev("040", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
        ),
        m(
            "a",
            ev("040", "Xi Jinping", "Vladimir Putin", "2022-02-24", 5),
        ),
    ];
    let entries = merge(&ms);
    assert_eq!(entries.len(), 1);
    assert!(entries[0].conflicts.is_empty());
}

#[test]
fn daily_reports_of_a_war_do_not_chain_into_one_entry() {
    let ms: Vec<Mention> = (1..=20)
        .map(|d| {
            m(
                &format!("doc{d}"),
                ev("190", "Russia", "Ukraine", &format!("2022-03-{d:02}"), 1),
            )
        })
        .collect();
    let t = merge(&ms);
    assert!(t.len() >= 4, "{}", t.len());
    for e in &t {
        let days: Vec<&str> = e.documents.iter().map(String::as_str).collect();
        assert!(days.len() <= 5, "{days:?}");
    }
}

#[test]
fn one_episode_between_two_governments_is_one_entry() {
    let coded = |src: &str, sc: &str, tgt: &str, tc: &str, date: &str| {
        let mut e = ev("042", src, tgt, date, 1);
        e.source_code = Some(sc.into());
        e.target_code = Some(tc.into());
        e
    };
    let ms = vec![
        m(
            "a",
            coded(
                "Xi Jinping",
                "CHNGOV",
                "Russian government",
                "RUSGOV",
                "2023-03-20",
            ),
        ),
        m(
            "b",
            coded(
                "Xi Jinping",
                "CHNGOV",
                "Vladimir Putin",
                "RUSGOV",
                "2023-03-21",
            ),
        ),
        m(
            "b",
            coded(
                "Xi Jinping",
                "CHNGOV",
                "Vladimir Putin",
                "RUSGOV",
                "2023-03-21",
            ),
        ),
        // Another pair of countries stays apart.
        m(
            "c",
            coded(
                "Xi Jinping",
                "CHNGOV",
                "Volodymyr Zelensky",
                "UKRGOV",
                "2023-03-21",
            ),
        ),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 2, "{t:#?}");
    let visit = t
        .iter()
        .find(|e| e.documents == ["a", "b"])
        .expect("one visit");
    assert_eq!(visit.target.as_deref(), Some("Vladimir Putin"));
}

#[test]
fn a_reference_naming_only_its_target_does_not_reach_far_back() {
    // "a call for Russian withdrawal" a year after Xi asked Putin: whose call is unknown.
    let mut vague = ev("020", "", "Russia", "2023-03-21", 6);
    vague.source = None;
    vague.reference = true;
    // "the Russian invasion" a year later names its agent and joins.
    let mut invasion = ev("190", "Russia", "", "2023-04-26", 9);
    invasion.target = None;
    invasion.reference = true;
    let ms = vec![
        m("a", ev("020", "Xi Jinping", "Russia", "2022-02-25", 1)),
        m("b", ev("190", "Russia", "Ukraine", "2022-02-24", 1)),
        m("c", vague),
        m("d", invasion),
    ];
    let t = merge(&ms);
    assert!(t.iter().any(|e| e.documents == ["a"]), "{t:#?}");
    assert!(t.iter().any(|e| e.documents == ["b", "d"]), "{t:#?}");
}

#[test]
fn one_source_reporting_it_done_makes_the_entry_a_happening() {
    let mut planned = ev("020", "Xi Jinping", "Vladimir Putin", "2022-02-25", 3);
    planned.modality = "intended".into();
    let ms = vec![
        m(
            "a",
            ev("020", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
        ),
        m("b", planned.clone()),
        m("b", planned),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].modality, "asserted");
}

#[test]
fn a_dateless_reference_joins_the_earlier_event() {
    let mut recalled = ev("042", "Xi Jinping", "Vladimir Putin", "2023-04-26", 7);
    recalled.reference = true;
    let ms = vec![
        m(
            "a",
            ev("042", "Xi Jinping", "Vladimir Putin", "2023-03-20", 1),
        ),
        m(
            "b",
            ev("042", "Xi Jinping", "Vladimir Putin", "2022-02-04", 1),
        ),
        m("c", recalled),
        // A reference with nothing earlier to point to stays on its own date.
        m("c", {
            let mut e = ev("042", "Xi Jinping", "Olaf Scholz", "2023-04-26", 9);
            e.reference = true;
            e
        }),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 3, "{t:#?}");
    let visit = t
        .iter()
        .find(|e| e.documents == ["a", "c"])
        .expect("recalled visit");
    assert_eq!(visit.date.as_deref(), Some("2023-03-20"));
    assert!(
        visit.conflicts.is_empty(),
        "a reference's date is no conflict"
    );
    assert!(t.iter().any(|e| e.date.as_deref() == Some("2023-04-26")));
}

#[test]
fn weakly_supported_entries_are_left_out_by_default() {
    let mut weak = ev("111", "China", "Russia", "2022-02-25", 1);
    weak.score = 0.2;
    let t = merge(&[m("a", weak)]);
    assert_eq!(t.len(), 1);
    assert!(t[0].score < MAIN_SCORE);
    assert!(filter(t.clone(), &TimelineFilter::default()).is_empty());
    let all = TimelineFilter {
        all: true,
        ..Default::default()
    };
    assert_eq!(filter(t, &all).len(), 1);
}

#[test]
fn a_demand_without_a_target_is_left_out_by_default() {
    let mut e = ev("100", "China", "Russia", "2022-02-25", 1);
    e.target = None;
    e.plover = Some("REQUEST".into());
    let t = merge(&[m("a", e)]);
    assert!(filter(t, &TimelineFilter::default()).is_empty());
}

#[test]
fn a_denial_is_not_merged_with_the_event() {
    let mut denied = ev("111", "China", "Russia", "2022-02-25", 2);
    denied.modality = "negated".into();
    let ms = vec![
        m("a", ev("111", "China", "Russia", "2022-02-25", 1)),
        m("b", denied),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 2, "{t:#?}");
    assert!(t
        .iter()
        .any(|e| e.modality == "negated" && e.documents == ["b"]));
    // The timeline of what happened leaves the denial out unless asked for everything.
    assert_eq!(filter(t.clone(), &TimelineFilter::default()).len(), 1);
    let all = TimelineFilter {
        all: true,
        ..Default::default()
    };
    assert_eq!(filter(t, &all).len(), 2);
}

#[test]
fn one_sided_reports_join_the_full_entry_and_the_pair_keeps_its_order() {
    let mut partial = ev("041", "Xi Jinping", "", "2022-02-24", 3);
    partial.target = None;
    let ms = vec![
        m(
            "a",
            ev("041", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
        ),
        m(
            "b",
            ev("041", "Xi Jinping", "Vladimir Putin", "2022-02-25", 4),
        ),
        m(
            "b",
            ev("041", "Vladimir Putin", "Xi Jinping", "2022-02-25", 5),
        ),
        m("b", partial),
        // Another actor's one-sided report stays apart.
        m("c", {
            let mut e = ev("041", "Joe Biden", "", "2022-02-25", 1);
            e.target = None;
            e
        }),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 2, "{t:#?}");
    let call = t
        .iter()
        .find(|e| e.documents == ["a", "b"])
        .expect("merged call");
    assert_eq!(call.mentions.len(), 4);
    assert_eq!(call.source.as_deref(), Some("Xi Jinping"));
    assert_eq!(call.target.as_deref(), Some("Vladimir Putin"));
    assert_eq!(call.conflicts[0].field, "date");
}

fn recalled(mut e: Event) -> Event {
    e.recalled = true;
    e
}

fn undated(mut e: Event, sentence: usize) -> Event {
    e.date = None;
    e.precision = None;
    e.sentence = sentence;
    e
}

fn in_article(doc: &str, published: Option<&str>, e: Event) -> Mention {
    Mention {
        published: published.map(str::to_string),
        ..m(doc, e)
    }
}

#[test]
fn an_article_coming_back_to_a_background_fact_is_one_entry() {
    // "despite Zelenskiy's repeated requests for a meeting with Xi" (a reference dated only
    // by the article) ... "Zelenskiy had repeatedly requested a call with Xi" (undated).
    let mention = |doc: &str, sentence: usize, lemma: &str, text: &str, dated: bool| {
        let mut m = worded(
            doc,
            "1042",
            "Volodymyr Zelensky",
            "Xi Jinping",
            "2023-04-26",
            lemma,
            text,
        );
        m.event.sentence = sentence;
        m.event.reference = dated;
        if !dated {
            m.event = undated(m.event, sentence);
        }
        m
    };
    let ms = vec![
        mention(
            "d",
            12,
            "request",
            "The phone call followed the release of a peace plan despite Zelenskiy's repeated \
             requests for a meeting with Xi.",
            true,
        ),
        mention(
            "d",
            20,
            "request",
            "Andrew Small said Zelenskiy had repeatedly requested a call with Xi.",
            false,
        ),
        // The same background told by another article stays that article's.
        mention(
            "e",
            4,
            "request",
            "Zelenskiy had repeatedly requested a call with Xi, Small said.",
            false,
        ),
    ];
    for t in [
        merge(&ms),
        merge_with(&ms, model::MergeModel::default_model()),
    ] {
        let d: Vec<_> = t
            .iter()
            .filter(|e| e.documents.contains(&"d".to_string()))
            .collect();
        assert_eq!(d.len(), 1, "{t:#?}");
        assert_eq!(d[0].mentions.len(), 2, "{t:#?}");
        assert!(!d[0].documents.contains(&"e".to_string()), "{t:#?}");
    }
}

#[test]
fn a_recalled_verb_joins_the_recent_event_of_the_same_act() {
    let ms = vec![
        m(
            "a",
            ev("040", "Xi Jinping", "Vladimir Putin", "2023-03-20", 0),
        ),
        // "Xi met Putin" deep in a report a month later: the March meeting.
        m(
            "c",
            recalled(ev("040", "Xi Jinping", "Vladimir Putin", "2023-04-26", 9)),
        ),
        // "Xi phoned Putin": another act, not the meeting.
        m(
            "c",
            recalled(ev("041", "Xi Jinping", "Vladimir Putin", "2023-04-26", 12)),
        ),
        // Half a year on, "Xi met Putin" is no recollection of March.
        m(
            "d",
            recalled(ev("040", "Xi Jinping", "Vladimir Putin", "2023-09-20", 7)),
        ),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 3, "{t:#?}");
    let meeting = t
        .iter()
        .find(|e| e.documents == ["a", "c"])
        .expect("recalled meeting");
    assert_eq!(meeting.date.as_deref(), Some("2023-03-20"));
    assert!(meeting.conflicts.is_empty(), "{meeting:#?}");
    assert!(t.iter().any(|e| e.documents == ["c"] && e.code == "041"));
    assert!(t.iter().any(|e| e.documents == ["d"]));
}

#[test]
fn a_recalled_verb_that_recalls_nothing_is_a_report_of_its_day() {
    let mut alone = ev("120", "Vladimir Putin", "", "2022-02-25", 3);
    alone.target = None;
    let ms = vec![
        m(
            "a",
            recalled(ev("120", "Vladimir Putin", "Joe Biden", "2022-02-25", 9)),
        ),
        m("b", alone),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].date.as_deref(), Some("2022-02-25"));
}

#[test]
fn a_recalled_verb_in_the_report_of_that_day_is_its_news() {
    let ms = vec![
        m(
            "a",
            ev("040", "Xi Jinping", "Vladimir Putin", "2023-04-20", 0),
        ),
        // The article dates a signing between the two that day: its undated "the two
        // leaders met" further down is part of that day's news.
        m(
            "b",
            ev("057", "Xi Jinping", "Vladimir Putin", "2023-05-10", 0),
        ),
        m(
            "b",
            recalled(ev("040", "Vladimir Putin", "Xi Jinping", "2023-05-10", 6)),
        ),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 3, "{t:#?}");
    assert!(t.iter().any(|e| e.code == "040"
        && e.documents == ["b"]
        && e.date.as_deref() == Some("2023-05-10")));
}

#[test]
fn what_one_told_the_other_joins_their_call_of_that_day() {
    let told = |doc: &str, tgt: &str, s: usize| {
        let mut e = ev("010", "Xi Jinping", tgt, "2022-02-25", s);
        e.plover = None;
        m(doc, e)
    };
    let ms = vec![
        m(
            "a",
            ev("041", "Xi Jinping", "Vladimir Putin", "2022-02-25", 0),
        ),
        told("a", "Vladimir Putin", 1),
        told("b", "Vladimir Putin", 3),
        told("b", "Vladimir Putin", 4),
        // No call with him that day: what Xi told him stands alone.
        told("b", "Joe Biden", 5),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 2, "{t:#?}");
    let call = t
        .iter()
        .find(|e| e.actors.contains(&"Vladimir Putin".to_string()))
        .unwrap();
    assert_eq!(call.mentions.len(), 4);
    // The entry is the call, not a statement, though statements are more numerous.
    assert_eq!(
        (call.code.as_str(), call.plover.as_str()),
        ("041", "CONSULT")
    );
}

#[test]
fn an_undated_article_joins_the_entry_its_lede_reports() {
    let day = |doc: &str, code: &str, date: &str| {
        in_article(
            doc,
            Some(date),
            ev(code, "Xi Jinping", "Vladimir Putin", date, 1),
        )
    };
    let mut announced = undated(ev("036", "Xi Jinping", "Vladimir Putin", "", 0), 0);
    announced.modality = "intended".into();
    let ms = vec![
        // A call in 2022 and a visit in 2023, both with a meeting ("040").
        day("a", "041", "2022-02-25"),
        day("a", "040", "2022-02-25"),
        day("a", "051", "2022-02-25"),
        day("b", "042", "2023-03-20"),
        day("b", "040", "2023-03-21"),
        // No publication date: "Xi will visit Putin" (an intention, "036"), "to meet
        // Putin", and later "Xi's visit to Putin".
        in_article("u", None, announced),
        in_article(
            "u",
            None,
            undated(ev("040", "Xi Jinping", "Vladimir Putin", "", 0), 0),
        ),
        in_article(
            "u",
            None,
            undated(ev("042", "Xi Jinping", "Vladimir Putin", "", 0), 3),
        ),
        // Further down, an act only the 2022 entries report: a year away from what the
        // article is about, it stays undated.
        in_article(
            "u",
            None,
            undated(ev("051", "Vladimir Putin", "Xi Jinping", "", 0), 9),
        ),
    ];
    let t = merge(&ms);
    let visit = t
        .iter()
        .find(|e| e.date.as_deref() == Some("2023-03-20"))
        .expect("the visit");
    assert_eq!(visit.documents, ["b", "u"], "{t:#?}");
    assert_eq!(visit.modality, "asserted");
    assert!(visit
        .mentions
        .iter()
        .any(|r| r.document == "u" && r.modality == "intended"));
    assert!(t
        .iter()
        .filter(|e| e.date.as_deref().is_some_and(|d| d.starts_with("2022")))
        .all(|e| e.documents == ["a"]));
    assert!(t
        .iter()
        .any(|e| e.date.is_none() && e.documents == ["u"] && e.code == "051"));
}

#[test]
fn an_undated_article_with_an_ambiguous_lede_joins_nothing() {
    let ms = vec![
        in_article(
            "a",
            Some("2022-02-25"),
            ev("040", "Xi Jinping", "Vladimir Putin", "2022-02-25", 1),
        ),
        in_article(
            "b",
            Some("2023-03-21"),
            ev("040", "Xi Jinping", "Vladimir Putin", "2023-03-21", 1),
        ),
        in_article(
            "u",
            None,
            undated(ev("040", "Xi Jinping", "Vladimir Putin", "", 0), 0),
        ),
        in_article(
            "u",
            None,
            undated(ev("040", "Vladimir Putin", "Xi Jinping", "", 0), 4),
        ),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 3, "{t:#?}");
    assert!(t.iter().any(|e| e.date.is_none() && e.mentions.len() == 2));
}

#[test]
fn a_month_report_of_one_actor_joins_only_the_same_act() {
    let one_sided = |code: &str, date: &str| {
        let mut e = ev(code, "Vladimir Putin", "", date, 2);
        e.target = None;
        e
    };
    let ms = vec![
        m(
            "a",
            ev("041", "Xi Jinping", "Vladimir Putin", "2022-02-25", 0),
        ),
        m("a", one_sided("041", "2022-02-25")),
        // "Putin's visit in February": another act than the call.
        m("b", one_sided("042", "2022-02")),
        // "Putin's call in February": the call.
        m("c", one_sided("041", "2022-02")),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 2, "{t:#?}");
    assert!(t.iter().any(|e| e.documents == ["a", "c"]));
    assert!(t.iter().any(|e| e.documents == ["b"]));
}

#[test]
fn an_entry_dated_to_a_year_does_not_absorb_one_sided_reports() {
    let one_sided = |doc: &str, date: &str| {
        let mut e = ev("040", "Hillary Clinton", "", date, 2);
        e.target = None;
        m(doc, e)
    };
    let mut year = ev("040", "Hillary Clinton", "Bernie Sanders", "2016", 1);
    year.precision = Some("year".into());
    let ms = vec![
        m("a", year),
        one_sided("b", "2016-02-20"),
        one_sided("c", "2016-07-31"),
    ];
    let t = merge(&ms);
    assert_eq!(t.len(), 3, "{t:#?}");
}

#[test]
fn month_precision_merges_with_day_inside_it() {
    let ms = vec![
        m(
            "a",
            ev("042", "Xi Jinping", "Vladimir Putin", "2023-03-21", 0),
        ),
        m("b", ev("042", "Xi Jinping", "Vladimir Putin", "2023-03", 2)),
    ];
    let entries = merge(&ms);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].date.as_deref(), Some("2023-03-21"));
    assert!(entries[0].conflicts.is_empty());
}

#[test]
fn framing_counts_longest_terms() {
    let mut d = Document::new("d".into(), "Moscow calls it a special military operation; others call it an invasion. The war goes on; warfare too.".into());
    d.outlet = Some("X".into());
    let f = framing(&[&d], true);
    let x = &f["X"];
    assert_eq!(x.get("special military operation"), Some(&1));
    assert_eq!(x.get("military operation"), None);
    assert_eq!(x.get("invasion"), Some(&1));
    assert_eq!(x.get("war"), Some(&1));
}

/// A report as an outlet words it: the pair model reads lemmas and sentences.
fn worded(
    doc: &str,
    code: &str,
    src: &str,
    tgt: &str,
    date: &str,
    lemma: &str,
    text: &str,
) -> Mention {
    let mut e = ev(code, src, tgt, date, 1);
    e.lemma = lemma.into();
    e.trigger.text = lemma.into();
    Mention {
        sentence_text: text.into(),
        published: Some(date.into()),
        ..m(doc, e)
    }
}

#[test]
fn the_trained_model_joins_one_visit_told_twice_and_doubts_two_accusations() {
    let model = model::MergeModel::default_model();
    let ms = vec![
            worded("a", "042", "Xi Jinping", "Vladimir Putin", "2023-03-20", "visit",
                "Chinese President Xi Jinping arrived in Moscow on Monday for a state visit to Russia, meeting Vladimir Putin."),
            worded("b", "042", "Xi Jinping", "Vladimir Putin", "2023-03-20", "visit",
                "Xi Jinping began a state visit to Moscow on Monday, where he was welcomed by Vladimir Putin at the Kremlin."),
            worded("c", "112", "Donald Trump", "Hillary Clinton", "2016-06-01", "accuse",
                "Trump accused Clinton of lying about her private email server at a rally in San Jose."),
            worded("d", "112", "Donald Trump", "Hillary Clinton", "2016-06-02", "accuse",
                "In a fundraising letter, Trump accused Clinton of having no plan for jobs in Ohio."),
        ];
    let t = merge_with(&ms, model);
    let visit = t
        .iter()
        .find(|e| e.documents.contains(&"a".to_string()))
        .unwrap();
    assert_eq!(visit.documents, ["a", "b"], "{t:#?}");
    // Two accusations a day apart with little wording in common score well below one
    // visit told twice.
    let views = candidates::views(&ms);
    let score = |a: usize, b: usize| {
        model.score(&candidates::features(
            &views[a],
            &views[b],
            candidates::Kind::Reports,
        ))
    };
    assert!(score(0, 1) > 0.9, "{}", score(0, 1));
    assert!(
        score(2, 3) < score(0, 1) - 0.3,
        "{} vs {}",
        score(2, 3),
        score(0, 1)
    );
}

#[test]
fn actors_coordinated_on_one_trigger_are_named_together() {
    // "The EU is to freeze the assets of Putin and Lavrov": one coded mention per target, on
    // one trigger.
    let freeze = |tgt: &str| {
        let mut e = ev("163", "European Union", tgt, "2022-02-25", 3);

        e.plover = Some("SANCTION".into());
        e.lemma = "freeze".into();
        e.trigger.text = "freeze".into();
        e.source_code = Some("IGOEUREEC".into());
        e.target_code = Some("RUSGOV".into());
        e
    };
    let said = |e: Event| Mention {
        sentence_text: "The EU is to freeze the assets of Putin and his foreign minister \
                        Sergey Lavrov."
            .into(),
        ..m("a", e)
    };
    let ms = vec![
        said(freeze("Sergey Lavrov")),
        said(freeze("Vladimir Putin")),
    ];
    let entries = merge(&ms);
    let named: Vec<&str> = entries.iter().map(|e| e.headline.as_str()).collect();
    // In the sentence's order.
    assert_eq!(
        named,
        vec!["European Union freezes the assets of Vladimir Putin and Sergey Lavrov"]
    );
}
