//! Unit tests: quote shapes and speaker resolution on parsed sentences.

use super::*;

fn quotes(text: &str) -> Vec<Quote> {
    static P: std::sync::OnceLock<storyline_pipeline::Pipeline> = std::sync::OnceLock::new();
    let p = P.get_or_init(|| {
        storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
            raw: true,
            dct: None,
        })
    });
    let doc = p.annotate(&storyline_pipeline::RawArticle::new(
        "t",
        storyline_pipeline::SourceFormat::Text,
        text,
    ));
    extract_quotes(&doc)
}

/// (text, speaker, content substring, kind)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "“We will not retreat,” the minister said.",
        "minister",
        "We will not retreat",
        "direct",
    ),
    (
        "Angela Merkel said: “The talks are over.”",
        "Angela Merkel",
        "The talks are over",
        "direct",
    ),
    (
        "John Smith said the plan would fail.",
        "John Smith",
        "the plan would fail",
        "indirect",
    ),
    (
        "The company denied that it had broken the law.",
        "company",
        "it had broken the law",
        "indirect",
    ),
    (
        "The economy is growing, the central bank said on Monday.",
        "central bank",
        "The economy is growing",
        "indirect",
    ),
    (
        "Maria Lopez urged voters to “stay calm” during the vote.",
        "Maria Lopez",
        "stay calm",
        "mixed",
    ),
    (
        "Prices will rise, according to the Financial Times.",
        "Financial Times",
        "Prices will rise",
        "indirect",
    ),
];

#[test]
fn shapes() {
    for (text, speaker, needle, kind) in CASES {
        let qs = quotes(text);
        assert!(
            qs.iter().any(|q| q.text.contains(needle)
                && q.kind == *kind
                && q.speaker.as_deref().is_some_and(|s| s.contains(speaker))),
            "{text}: {qs:#?}"
        );
    }
}

#[test]
fn names_and_pronouns() {
    let text = "Chinese President Xi Jinping met officials on Monday.\n\nXi said the talks went well. Peace is possible, he said.";
    let qs = quotes(text);
    assert!(
        qs.iter()
            .all(|q| q.speaker.as_deref() == Some("Xi Jinping")),
        "{qs:#?}"
    );
    assert!(qs.iter().any(|q| q.text.contains("Peace is possible")));
}
