//! Robustness: random texts with quotation marks never panic and every span is sound.

use proptest::prelude::*;
use storyline_model::{Document, Quote};

fn check(doc: &Document, quotes: &[Quote]) {
    let text = &doc.text;
    let mut prev = 0;
    for q in quotes {
        assert!(q.start < q.end && q.end <= text.len(), "span {q:?}");
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        assert_eq!(&text[q.start..q.end], q.text);
        assert!(q.start >= prev, "sorted");
        prev = q.start;
        if let (Some(s), Some(e)) = (q.speaker_start, q.speaker_end) {
            assert!(
                s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
            );
        }
        assert!(matches!(q.kind.as_str(), "direct" | "indirect" | "mixed"));
    }
}

const PIECES: &[&str] = &[
    "He said",
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "«",
    "»",
    " ",
    ", ",
    ". ",
    ": ",
    "\n\n",
    "\n",
    "Putin",
    "Xi Jinping",
    "the Kremlin",
    "told reporters",
    "according to",
    "Reuters",
    "we will win",
    "that",
    "denied",
    "é",
    "日本",
    "🙂",
    "'s",
    "it was",
    "she added",
    "Lavrov said:",
    "saying,",
];

fn pipeline() -> &'static storyline_pipeline::Pipeline {
    static P: std::sync::OnceLock<storyline_pipeline::Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
            raw: true,
            dct: None,
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_texts(parts in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let text: String = parts.iter().map(|&i| PIECES[i]).collect();
        let doc = pipeline().annotate(&storyline_pipeline::RawArticle::new("p", storyline_pipeline::SourceFormat::Text, text.as_str()));
        let quotes = storyline_quotes::extract_quotes(&doc);
        check(&doc, &quotes);
    }

    #[test]
    fn inconsistent_annotations(text in "[a-z“”\" .,:\n]{0,80}", shift in 0usize..40) {
        // A parse of another text: offsets and heads are garbage for this one.
        let other = "“We will not give up,” Putin said on Friday. Lavrov said: “No.”";
        let mut doc = pipeline().annotate(&storyline_pipeline::RawArticle::new("p", storyline_pipeline::SourceFormat::Text, other));
        doc.text = text;
        for t in &mut doc.tokens {
            t.start += shift;
            t.end += shift;
            t.head += 3;
        }
        let quotes = storyline_quotes::extract_quotes(&doc);
        check(&doc, &quotes);
    }
}

#[test]
fn edge_cases() {
    for text in [
        "",
        "“",
        "\"\"\"",
        "“unclosed quote that runs to the end",
        "”closing first“",
        "\n\n“\n\n”\n\n",
        "a\u{a0}“b”",
    ] {
        let doc = pipeline().annotate(&storyline_pipeline::RawArticle::new(
            "p",
            storyline_pipeline::SourceFormat::Text,
            text,
        ));
        let quotes = storyline_quotes::extract_quotes(&doc);
        check(&doc, &quotes);
        let bare = Document::new("d".into(), text.to_string());
        check(&bare, &storyline_quotes::extract_quotes(&bare));
    }
}
