//! The clause-level coding rules on real news sentences (the CAMEO manual's examples that PLOVER's
//! gold records use, and the seed articles): the best event of the sentence, as the PLOVER
//! evaluation takes it, must have the expected type, source and target.
use storyline_actors::ActorKb;
use storyline_events::{extract_scored, ScoredEvent};
use storyline_pipeline::{Pipeline, PipelineConfig, RawArticle, SourceFormat};

fn events(text: &str) -> Vec<ScoredEvent> {
    let mut doc = Pipeline::new(PipelineConfig {
        raw: true,
        dct: chrono::NaiveDate::from_ymd_opt(2000, 1, 1),
    })
    .annotate(&RawArticle::new("t", SourceFormat::Text, text.to_string()));
    let kb = ActorKb::default_kb();
    storyline_actors::link_entities(&mut doc, kb);
    extract_scored(&doc, kb)
}

fn best(text: &str) -> ScoredEvent {
    events(text)
        .into_iter()
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .unwrap_or_else(|| panic!("no event in {text:?}"))
}

/// (rule, sentence, PLOVER type, source contains, target contains)
const CASES: &[(&str, &str, &str, &str, Option<&str>)] = &[
    (
        "threat: target is the subject of its condition",
        "Russia has threatened to stop negotiations to reduce long-range nuclear weapons if the \
         United States goes ahead with the planned deployment of new medium-range nuclear \
         missiles in Europe.",
        "THREATEN",
        "Russia",
        Some("United States"),
    ),
    (
        "governing verb takes its complement's target",
        "The Azerbaijani parliament threatened on Monday to break relations with Russia unless \
         the Kremlin closed its radar base in the republic.",
        "THREATEN",
        "Azerbaijan",
        Some("Russia"),
    ),
    (
        "'X said Y must ...' is a demand by X on Y",
        "Russia said on Tuesday that Sudan must return a Mi-26 helicopter that was captured by \
         the Sudanese authorities last week.",
        "REQUEST",
        "Russia",
        Some("Sudan"),
    ),
    (
        "'X contends Y must ...' is a demand too",
        "Moscow contends that Ukraine must acknowledge the annexation of four regions in the \
         east and south of the country.",
        "REQUEST",
        "Russia",
        Some("Ukraine"),
    ),
    (
        "a group takes the organisation named before it",
        "Hamas leaders rejected the Egyptian proposal for a truce with Israel on Sunday.",
        "REJECT",
        "Hamas",
        None,
    ),
    (
        "a group named by a name phrase keeps the name",
        "Senior Biden administration officials held urgent meetings with top Chinese officials \
         in December.",
        "CONSULT",
        "Biden administration officials",
        Some("Chin"),
    ),
    (
        "a verb with an object hung beside a name is the name's act",
        "Russian President Boris Yeltsin on Saturday hosted Japanese Prime Minister Ryutaro \
         Hashimoto in this Siberian city for an informal meeting.",
        "CONSULT",
        "Yeltsin",
        None,
    ),
    (
        "negated acceptance is a rejection",
        "Syria says it will not accept any more refugees if war starts in Iraq.",
        "REJECT",
        "Syria",
        None,
    ),
    (
        "support verb + eventive noun; group actor; purpose clause gives the target",
        "Islamic fundamentalists continued their hunger strike to demand the resignation of \
         Algerian President Ahmed Ben Bella.",
        "PROTEST",
        "fundamentalists",
        Some("Ben Bella"),
    ),
    (
        "target through the object's agent",
        "Berlin rejected recent calls by Belarus's rulers for immediate economic aid.",
        "REJECT",
        "German",
        Some("Belarus"),
    ),
    (
        "verb lemma from the form when the tagger's is unknown",
        "Palestinian prisoners rioted Monday at this jail in northern Israel.",
        "PROTEST",
        "Palestin",
        None,
    ),
    (
        "spelling alternatives kept in the verb table; the place as target",
        "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.",
        "PROTEST",
        "Albania",
        Some("Serbia"),
    ),
    (
        "expelling inspectors is a sanction; group noun 'of' an organisation",
        "North Korea expelled inspectors of the International Atomic Energy Agency from frozen \
         nuclear facilities at Yongbyon.",
        "SANCTION",
        "North Korea",
        Some("Atomic Energy"),
    ),
    (
        "an official protest is a complaint",
        "Serbia lodged an official protest with Albania today.",
        "ACCUSE",
        "Serbia",
        Some("Albania"),
    ),
    (
        "passive agent",
        "A temporary camp for Congolese refugees was attacked by Burundian militiamen armed \
         with machetes.",
        "ASSAULT",
        "Burundi",
        Some("Congo"),
    ),
];

#[test]
fn clause_rules_on_real_sentences() {
    let mut failures = Vec::new();
    for (rule, text, ty, src, tgt) in CASES {
        let b = best(text);
        let e = &b.event;
        let ok = e.plover.as_deref() == Some(*ty)
            && e.source.as_deref().is_some_and(|s| s.contains(src))
            && tgt.is_none_or(|t| e.target.as_deref().is_some_and(|x| x.contains(t)));
        if !ok {
            failures.push(format!(
                "{rule}: {text}\n    got {} {} {:?} -> {:?} [{}]",
                e.code.as_deref().unwrap_or_default(),
                e.plover.as_deref().unwrap_or_default(),
                e.source,
                e.target,
                e.trigger.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn plain_statements_are_no_events() {
    let evs =
        events("The foreign ministry said the talks were useful, a spokesman told reporters.");
    for e in &evs {
        assert!(
            e.event.plover.as_deref().is_some_and(|p| !p.is_empty()) || e.event.target.is_some(),
            "statement without target: {:?}",
            e.event
        );
        assert_ne!(e.event.trigger.text, "said");
    }
}

#[test]
fn who_condemns_an_invasion_did_not_invade() {
    let evs = events(
        "Chinese state media used carefully considered language to discuss the incursion into \
         Ukraine.",
    );
    for e in &evs {
        if e.event.trigger.text == "incursion" {
            assert!(
                !e.event
                    .source
                    .as_deref()
                    .is_some_and(|s| s.contains("media")),
                "{:?}",
                e.event
            );
        }
    }
    let evs = events("China has not condemned Russia's invasion of Ukraine.");
    let inv = evs
        .iter()
        .find(|e| e.event.trigger.text == "invasion")
        .expect("invasion");
    assert_eq!(inv.event.plover.as_deref(), Some("ASSAULT"));
    assert_eq!(inv.event.source.as_deref(), Some("Russia"));
    assert_eq!(inv.event.target.as_deref(), Some("Ukraine"));
    let con = evs
        .iter()
        .find(|e| e.event.trigger.text == "condemned")
        .expect("condemned");
    assert_eq!(con.event.modality, "negated");
}

#[test]
fn the_broadcaster_carrying_a_readout_is_no_party_to_the_call() {
    let evs = events(
        "In a readout of the call on state broadcaster CCTV, Xi Jinping said China supports \
         talks.",
    );
    no_target_named(&evs, "CCTV");
}

/// With a secondary predicate "call" names someone or something; it is no consultation. A
/// plain "called" with an object keeps its coding.
#[test]
fn calling_something_a_name_is_no_consultation() {
    for text in [
        "Donald Trump has called climate change a hoax perpetrated by China.",
        "Barack Obama called Hillary Clinton a champion of working families.",
    ] {
        assert!(
            events(text)
                .iter()
                .all(|e| e.event.plover.as_deref() != Some("CONSULT")),
            "{text}: {:?}",
            events(text)
                .iter()
                .map(|e| (&e.event.code, &e.event.trigger.text))
                .collect::<Vec<_>>()
        );
    }
    // Without one, "called" keeps its coding.
    let call = best("Chinese President Xi Jinping called Russian President Vladimir Putin.");
    assert_eq!(call.event.trigger.text, "called");
    assert!(call.event.plover.is_some(), "{:?}", call.event);
}

/// No event of `evs` has a target whose name contains `name`.
fn no_target_named(evs: &[ScoredEvent], name: &str) {
    for e in evs {
        assert!(
            !e.event.target.as_deref().is_some_and(|t| t.contains(name)),
            "{:?}",
            e.event
        );
    }
}

/// The coded event whose trigger is `word`.
fn on(evs: &[ScoredEvent], word: &str) -> Option<storyline_model::Event> {
    evs.iter()
        .find(|e| e.event.trigger.text == word)
        .map(|e| e.event.clone())
}

#[test]
fn a_government_does_not_speak_to_its_own_country() {
    // The target of "insisted" comes from its clause's subject: that is the speaker's own side.
    for text in [
        "Putin insisted that Russia was ready for talks.",
        "Sergei Lavrov denied that Moscow has plans to occupy Ukraine.",
    ] {
        for e in events(text) {
            let e = e.event;
            assert!(
                !(e.source_code
                    .as_deref()
                    .is_some_and(|s| s.starts_with("RUS"))
                    && e.target_code
                        .as_deref()
                        .is_some_and(|t| t.starts_with("RUS"))),
                "{text}: {e:?}"
            );
        }
    }
    // What a government does in its own country keeps the country (CAMEO codes it so).
    let b = best("Sudan's government on Sunday lifted a state of emergency in Sudan.");
    assert_eq!(b.event.plover.as_deref(), Some("CONCEDE"));
}

#[test]
fn what_is_missing_or_called_for_did_not_happen() {
    let evs = events("The joint statement lacked a call for Russian withdrawal from Ukraine.");
    let e = on(&evs, "withdrawal").expect("withdrawal");
    assert_eq!(e.modality, "negated", "{e:?}");
    assert_ne!(e.plover.as_deref(), Some("REJECT"), "{e:?}");
    let evs = events("Obama sounded a call for Congress to accept more refugees.");
    let e = on(&evs, "accept").expect("accept");
    assert_eq!(e.modality, "hypothetical", "{e:?}");
}

#[test]
fn a_conjoined_verb_shares_its_frame() {
    let evs =
        events("Iran is ready to resume talks with the United States and release the prisoners.");
    let e = on(&evs, "release").expect("release");
    assert_eq!(e.modality, "intended", "{e:?}");
    // The parse hangs the second verb on the frame adjective itself.
    let evs = events(
        "China was willing to work with all parties and firmly safeguard the international \
         system with the United Nations at its core.",
    );
    let e = on(&evs, "safeguard").expect("safeguard");
    assert_eq!(e.modality, "intended", "{e:?}");
    let evs = events("Russia was potentially sending troops to Belarus.");
    let e = on(&evs, "sending").expect("sending");
    assert_eq!(e.modality, "hypothetical", "{e:?}");
}

#[test]
fn what_is_discussed_is_no_party() {
    let evs = events("Putin and Erdogan discussed Syria in Sochi on Monday.");
    let e = on(&evs, "discussed").expect("discussed");
    assert!(
        e.target.as_deref().is_some_and(|t| t.contains("Erdogan")),
        "{e:?}"
    );
    no_target_named(&evs, "Syria");
}

#[test]
fn lifting_sanctions_eases_them() {
    for text in [
        "Germany agreed to lift the sanctions on Iran.",
        "The European Union lifted its arms embargo on Libya.",
    ] {
        let evs = events(text);
        assert!(
            !evs.iter()
                .any(|e| e.event.plover.as_deref() == Some("SANCTION")),
            "{text}: {:?}",
            evs.iter().map(|e| &e.event).collect::<Vec<_>>()
        );
        assert!(
            evs.iter().any(|e| e.event.code.as_deref() == Some("085")),
            "{text}: {:?}",
            evs.iter().map(|e| &e.event).collect::<Vec<_>>()
        );
    }
}

#[test]
fn irregular_forms_are_read_from_the_dictionary() {
    let evs = events("Canada froze the assets of Russian banks.");
    assert!(
        evs.iter()
            .any(|e| e.event.plover.as_deref() == Some("SANCTION")),
        "{:?}",
        evs.iter().map(|e| &e.event).collect::<Vec<_>>()
    );
}

#[test]
fn force_without_an_agent_comes_from_its_origin() {
    let b = best("A rocket was fired at Israel from Gaza on Sunday.");
    assert_eq!(b.event.plover.as_deref(), Some("ASSAULT"));
    assert!(
        b.event
            .source
            .as_deref()
            .is_some_and(|s| s.contains("Gaza")),
        "{:?}",
        b.event
    );
    let evs = events("Ten Russian soldiers were killed in Ukraine.");
    let e = on(&evs, "killed").expect("killed");
    assert_eq!(e.source.as_deref(), Some("Ukraine"), "{e:?}");
    assert!(
        e.target_code
            .as_deref()
            .is_some_and(|t| t.starts_with("RUS")),
        "{e:?}"
    );
    // Civilians killed in their own country: no side is named.
    let evs = events("Three Iraqi civilians were killed in central Baghdad.");
    let e = on(&evs, "killed").expect("killed");
    assert_eq!(e.source, None, "{e:?}");
}

#[test]
fn an_announced_asset_freeze_is_a_sanction_of_who_announced_it() {
    let evs = events("The Canadian government announced asset freezes on Russian banks.");
    let e = on(&evs, "freezes").expect("freezes");
    assert_eq!(e.plover.as_deref(), Some("SANCTION"), "{e:?}");
    assert!(
        e.source.as_deref().is_some_and(|s| s.contains("Canada")),
        "{e:?}"
    );
    assert!(
        e.target.as_deref().is_some_and(|t| t.contains("Russia")),
        "{e:?}"
    );
    let evs = events("The company announced a hiring freeze.");
    assert!(on(&evs, "freeze").is_none());
}

#[test]
fn who_is_to_blame_is_blamed() {
    for text in [
        "Russia says NATO expansionism is to blame for the war in Ukraine.",
        "NATO is to blame for the war, the Kremlin said.",
    ] {
        for e in events(text) {
            assert!(
                !(e.event
                    .source
                    .as_deref()
                    .is_some_and(|s| s.contains("NATO"))
                    || e.event
                        .source_code
                        .as_deref()
                        .is_some_and(|s| s.contains("NATO"))),
                "{text}: {:?}",
                e.event
            );
        }
    }
}

#[test]
fn what_a_journey_is_for_is_as_certain_as_the_journey() {
    let evs =
        events("Russia was potentially sending a delegation to Minsk for talks with Ukraine.");
    let e = on(&evs, "talks").expect("talks");
    assert_eq!(e.modality, "hypothetical", "{e:?}");
    // CAMEO codes a journey for talks as the talks.
    let evs = events("U.S. and Russian negotiators return to Geneva this week for talks.");
    let e = on(&evs, "talks").expect("talks");
    assert_eq!(e.modality, "asserted", "{e:?}");
}

#[test]
fn from_names_whom_an_act_comes_from_but_not_the_place_left() {
    let evs = events("Pakistan welcomed an offer of aid from China.");
    assert!(
        evs.iter().any(|e| e.event.plover.as_deref() == Some("AID")
            && e.event.source.as_deref() == Some("China")),
        "{evs:#?}"
    );
    let evs = events("Russia announced the withdrawal of its troops from Syria.");
    assert!(
        evs.iter()
            .all(|e| e.event.source.as_deref() != Some("Syria")),
        "{evs:#?}"
    );
}

#[test]
fn a_fronted_adjunct_completes_no_pattern_of_the_verb() {
    // "announce" + "visit" is an intention to meet in the verb dictionary; here the visit only
    // sets the scene.
    let evs = events(
        "During Putin's visit to Beijing for the opening of the Winter Olympics, China and \
         Russia announced a partnership.",
    );
    assert!(
        evs.iter()
            .all(|e| !(e.event.trigger.text == "announced"
                && e.event.code.as_deref() == Some("036"))),
        "{evs:#?}"
    );
}

/// The (source, target) pairs coded on trigger `word`.
fn pairs(evs: &[ScoredEvent], word: &str) -> Vec<(Option<String>, Option<String>)> {
    evs.iter()
        .filter(|e| e.event.trigger.text == word)
        .map(|e| (e.event.source.clone(), e.event.target.clone()))
        .collect()
}

fn pair(s: &str, t: &str) -> (Option<String>, Option<String>) {
    (Some(s.to_string()), Some(t.to_string()))
}

#[test]
fn coordinated_actors_are_each_an_event() {
    // Sources times targets.
    let evs = events("The United States and Britain imposed sanctions on Russia and Iran.");
    let got = pairs(&evs, "sanctions");
    for want in [
        pair("United States", "Russia"),
        pair("United States", "Iran"),
        pair("United Kingdom", "Russia"),
        pair("United Kingdom", "Iran"),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:#?}");
    }
    assert_eq!(got.len(), 4, "{got:#?}");
    // A meeting of three is three meetings, one per pair.
    let evs = events("The United States, Russia and France met in Geneva on Monday.");
    let got = pairs(&evs, "met");
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(got.contains(&pair("Russia", "France")), "{got:#?}");
    // The parties named by "between", even when the parse chains the conjuncts.
    let evs = events("Talks between Russia, Ukraine and Turkey ended on Friday.");
    let got = pairs(&evs, "Talks");
    assert!(got.contains(&pair("Russia", "Ukraine")), "{got:#?}");
    assert!(got.contains(&pair("Ukraine", "Turkey")), "{got:#?}");
    // Alternatives are not each an actor.
    let evs = events("The United States or Britain may impose sanctions on Russia.");
    assert!(pairs(&evs, "sanctions").len() <= 1, "{evs:#?}");
}

#[test]
fn arguing_a_case_is_no_disapproval() {
    // The dictionary's 110 for "argue", "claim" and "contend" was wrong in 13 of 15 labelled
    // news codings: a position stated, not an act of disapproval.
    for (text, word) in [
        (
            "While Kyiv and its Western allies argue that Moscow's actions represent an \
             imperial-style land grab, Russia claims that its actions in Ukraine are defensive.",
            "argue",
        ),
        (
            "Sen. David Perdue said he didn't believe those characterizations did Romney in, \
             arguing that it was divisions in the Republican Party.",
            "arguing",
        ),
    ] {
        let evs = events(text);
        assert!(
            on(&evs, word).is_none_or(|e| e.plover.as_deref() != Some("ACCUSE")),
            "{evs:#?}"
        );
    }
}
