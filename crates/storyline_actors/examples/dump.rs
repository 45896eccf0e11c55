fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let doc = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
        raw: true,
        dct: None,
    })
    .annotate(&storyline_pipeline::RawArticle::new(
        "x",
        storyline_pipeline::SourceFormat::Text,
        text,
    ));
    println!("published {:?}", doc.published);
    for (si, s) in doc.sentences.iter().enumerate() {
        println!("--- S{si}: {}", &doc.text[s.start..s.end]);
        for (i, t) in doc.tokens.iter().enumerate() {
            if t.start >= s.start && t.end <= s.end {
                println!(
                    "{i}\t{}\t{}\t{}\t{}\t{}",
                    &doc.text[t.start..t.end],
                    t.lemma,
                    t.pos,
                    t.head,
                    t.dep
                );
            }
        }
        for e in &doc.entities {
            if e.start >= s.start && e.end <= s.end {
                println!("ENT {} {}", e.label, e.text);
            }
        }
        for e in &doc.timexes {
            if e.start >= s.start && e.end <= s.end {
                println!("TIMEX {} {} {}", e.timex_type, e.text, e.value);
            }
        }
    }
}
