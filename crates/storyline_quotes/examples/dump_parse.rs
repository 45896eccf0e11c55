//! Prints the dependency parse of the sentences of text files containing a word
//! (a debugging aid): `dump_parse [--raw] WORD FILE...`
fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let raw = args.iter().any(|a| a == "--raw");
    args.retain(|a| a != "--raw");
    let Some(word) = args.first().cloned() else {
        return;
    };
    let p =
        storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig { raw, dct: None });
    for path in &args[1..] {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let doc = p.annotate(&storyline_pipeline::RawArticle::new(
            path.as_str(),
            storyline_pipeline::SourceFormat::Text,
            text,
        ));
        for s in &doc.sentences {
            let st = &doc.text[s.start..s.end];
            if !st.contains(word.as_str()) {
                continue;
            }
            println!("=== {st:?}");
            for (i, t) in doc.tokens.iter().enumerate() {
                if t.start >= s.start && t.end <= s.end {
                    println!(
                        "{i}\t{}\t{}\t{}\t{}\t{}",
                        &doc.text[t.start..t.end],
                        t.pos,
                        t.lemma,
                        t.head,
                        t.dep
                    );
                }
            }
            for e in doc
                .entities
                .iter()
                .filter(|e| e.start >= s.start && e.end <= s.end)
            {
                println!("ENT {} {}", e.label, e.text);
            }
        }
    }
}
