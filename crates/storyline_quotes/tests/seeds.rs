//! Golden test over the user's seed articles: who said what must be found.
//!
//! The expectations are the right answers for these articles; the extractor has
//! no rule written for them.

use std::path::PathBuf;

use storyline_model::Quote;

fn seeds() -> Vec<(String, Vec<Quote>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("seed dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let pipeline = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig::default());
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("seed");
            let doc = pipeline.annotate(&storyline_pipeline::RawArticle::new(
                p.display().to_string(),
                storyline_pipeline::SourceFormat::Text,
                text,
            ));
            let quotes = storyline_quotes::extract_quotes(&doc);
            for q in &quotes {
                assert_eq!(&doc.text[q.start..q.end], q.text);
            }
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                quotes,
            )
        })
        .collect()
}

/// (file prefix, speaker, distinctive content substring)
const EXPECTED: &[(&str, &str, &str)] = &[
    ("000", "Xi Jinping", "negotiate"),
    ("000", "Xi Jinping", "balanced negotiations"),
    ("000", "Xi Jinping", "China respects all countries"),
    ("000", "Chinese media", "special military operation"),
    (
        "000",
        "Dmitry Peskov",
        "for talks with a Ukrainian delegation",
    ),
    (
        "000",
        "Dmitry Peskov",
        "demilitarization and denazification",
    ),
    ("000", "Sergei Lavrov", "free Ukraine from oppression"),
    ("000", "Sergei Lavrov", "Putin decided to conduct"),
    ("000", "Sergei Lavrov", "Moscow has plans to occupy Ukraine"),
    ("000", "Sergei Lavrov", "No one is going to occupy Ukraine"),
    ("000", "Kremlin", "retaliatory measures"),
    ("000", "Dmitry Peskov", "sanctions would pose challenges"),
    ("000", "Dmitry Peskov", "directed to the military"),
    ("000", "European Union", "preparing to freeze the assets"),
    ("001", "Xi Jinping", "the Ukraine crisis"),
    ("001", "Xi Jinping", "situation in eastern Ukraine"),
    ("001", "Foreign Ministry", "discussed the situation"),
    ("001", "Xi Jinping", "abandoning the Cold War mentality"),
    (
        "001",
        "Xi Jinping",
        "negotiations must be the preferred route",
    ),
    ("001", "Putin", "long ignored Russia"),
    ("001", "Putin", "high-level"),
    ("001", "Xi Jinping", "willing to work with all parties"),
    ("002", "joint statement", "bloc confrontation"),
    ("002", "statement", "respect all countries"),
    ("002", "joint statement", "Both sides call for a halt"),
    ("002", "Xinhua", "informal meeting"),
    ("002", "foreign ministry", "in-depth and frank exchange"),
    ("002", "Antony Blinken", "provide diplomatic cover"),
    ("003", "Wang Wenbin", "harmony"),
    ("003", "Wang Wenbin", "two presidents will also discuss"),
    ("003", "Kremlin", "relevant issues concerning"),
    ("003", "China and Russia", "no limits"),
    ("003", "Ukraine", "parts of the plan"),
    ("003", "Russia", "careful analysis"),
    ("004", "Chinese state media", "Xi made the offer"),
    ("004", "Xi Jinping", "would not watch the fire"),
    (
        "004",
        "Volodymyr Zelenskiy",
        "the two discussed possible cooperation",
    ),
    ("004", "Volodymyr Zelenskiy", "There can be no peace"),
    (
        "004",
        "Volodymyr Zelenskiy",
        "territorial integrity must be restored",
    ),
    ("004", "Yu Jun", "What China has done"),
    (
        "004",
        "Xi Jinping",
        "Negotiation is the only viable way out",
    ),
    ("004", "Xi Jinping", "There is no winner in a nuclear war"),
    (
        "004",
        "Xi Jinping",
        "all parties concerned should remain calm",
    ),
    ("004", "Vladimir Putin", "Xi had questions and concerns"),
    (
        "004",
        "Chinese official",
        "send a delegation to Ukraine and other countries",
    ),
    ("004", "Jens Stoltenberg", "much credibility"),
    ("004", "Andrew Small", "repeatedly requested a call"),
    ("004", "Andrew Small", "It was always a card"),
    ("004", "Andrew Small", "effort to change the narrative"),
    (
        "004",
        "Russian Foreign Ministry",
        "We note that the Chinese side",
    ),
];

fn find<'a>(all: &'a [(String, Vec<Quote>)], file: &str, needle: &str) -> Vec<&'a Quote> {
    all.iter()
        .filter(|(f, _)| f.starts_with(file))
        .flat_map(|(_, qs)| qs.iter())
        .filter(|q| q.text.contains(needle))
        .collect()
}

#[test]
fn seeds_who_said_what() {
    let all = seeds();
    let mut failures = Vec::new();
    for (file, speaker, needle) in EXPECTED {
        let found = find(&all, file, needle);
        if !found
            .iter()
            .any(|q| q.speaker.as_deref().is_some_and(|s| s.contains(speaker)))
        {
            failures.push(format!(
                "{file}: {speaker:?} / {needle:?}: got {:?}",
                found.iter().map(|q| q.speaker.clone()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} missing:\n{}",
        failures.len(),
        EXPECTED.len(),
        failures.join("\n")
    );

    // Shapes: kinds, channel and relay.
    let told = find(&all, "000", "balanced negotiations");
    assert!(told
        .iter()
        .any(|q| q.kind == "mixed" && q.via.as_deref() == Some("Financial Times")));
    let colon = find(&all, "000", "Putin decided to conduct");
    assert!(colon
        .iter()
        .any(|q| q.kind == "direct" && q.cue.as_deref() == Some("said")));
    let telegram = find(&all, "004", "territorial integrity must be restored");
    assert!(telegram
        .iter()
        .any(|q| q.channel.as_deref().is_some_and(|c| c.contains("Telegram"))));
    let read = find(&all, "002", "Both sides call for a halt");
    assert!(read
        .iter()
        .any(|q| q.kind == "direct" && q.speaker.as_deref() == Some("joint statement")));
}
