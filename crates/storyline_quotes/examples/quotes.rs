//! Prints the quotes of text files, run through the pipeline in normal mode:
//! `cargo run --release -p storyline_quotes --example quotes -- examples/seeds/*.txt`
fn main() {
    let pipeline = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig::default());
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let doc = pipeline.annotate(&storyline_pipeline::RawArticle::new(
            path.as_str(),
            storyline_pipeline::SourceFormat::Text,
            text,
        ));
        println!("== {path}");
        for q in storyline_quotes::extract_quotes(&doc) {
            let mention = q
                .speaker_start
                .zip(q.speaker_end)
                .and_then(|(s, e)| doc.text.get(s..e))
                .unwrap_or("-");
            print!(
                "[{}] {} ({:?}, cue {:?})",
                q.kind,
                q.speaker.as_deref().unwrap_or("?"),
                mention,
                q.cue.as_deref().unwrap_or("-")
            );
            if let Some(c) = &q.channel {
                print!(" channel {c:?}");
            }
            if let Some(v) = &q.via {
                print!(" via {v:?}");
            }
            println!("\n    {:?}", q.text);
        }
    }
}
