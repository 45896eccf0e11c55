//! What is not a statement: cues that are denied, required, wanted or refused, participles
//! that modify a noun, and the speaker of a trailing "..., saying".

use storyline_model::Quote;

fn quotes(text: &str) -> Vec<Quote> {
    let pipeline = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig::default());
    let doc = pipeline.annotate(&storyline_pipeline::RawArticle::new(
        "t",
        storyline_pipeline::SourceFormat::Text,
        text.to_string(),
    ));
    storyline_quotes::extract_quotes(&doc)
}

#[test]
fn denied_required_and_refused_cues_report_no_statement() {
    for text in [
        "The United States has regarded Beijing as untrustworthy since China has not condemned \
         Russia's invasion of Ukraine.",
        "Moscow contends that Ukraine must acknowledge the annexation of four regions.",
        "Stoltenberg said Beijing lacks credibility because it was unable to condemn the \
         illegal invasion of Ukraine.",
        "Dmitry Peskov declined to say how long the operation would last.",
        "The Americans presented intelligence showing Russia's troop buildup around Ukraine \
         and beseeched the Chinese to tell Russia not to invade, according to U.S. officials.",
    ] {
        let cues: Vec<_> = quotes(text).into_iter().filter_map(|q| q.cue).collect();
        for bad in ["condemned", "acknowledge", "condemn", "say", "tell"] {
            assert!(!cues.iter().any(|c| c == bad), "{text}\n  cues: {cues:?}");
        }
    }
}

#[test]
fn a_statement_that_was_made_is_kept() {
    let q = quotes("Sergei Lavrov denied that Moscow has plans to occupy Ukraine.");
    assert!(
        q.iter().any(|q| q.cue.as_deref() == Some("denied")
            && q.speaker.as_deref().is_some_and(|s| s.contains("Lavrov"))),
        "{q:#?}"
    );
}

#[test]
fn so_called_is_no_cue() {
    let q = quotes(
        "The plan also called for prisoner exchanges and an end to so-called \"unilateral\" \
         sanctions.",
    );
    assert!(
        q.iter().all(|q| q.text != "unilateral" || q.cue.is_none()),
        "{q:#?}"
    );
}

#[test]
fn a_trailing_participle_speaks_for_its_verbs_subject() {
    let q = quotes(
        "Each time, the Chinese officials rebuffed the Americans, saying they did not think \
         an invasion was in the works.",
    );
    let saying = q
        .iter()
        .find(|q| q.cue.as_deref() == Some("saying"))
        .unwrap_or_else(|| panic!("{q:#?}"));
    let speaker = saying.speaker.as_deref().unwrap_or_default();
    assert!(speaker.contains("officials"), "{q:#?}");
}
