//! Print linked entities of a text file: `cargo run -p storyline_events --example entities -- FILE [YYYY-MM-DD]`
fn main() {
    let mut a = std::env::args().skip(1);
    let path = a.next().expect("file");
    let dct = a
        .next()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let text = std::fs::read_to_string(path).expect("read");
    let mut doc =
        storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig { raw: true, dct })
            .annotate(&storyline_pipeline::RawArticle::new(
                "x",
                storyline_pipeline::SourceFormat::Text,
                text,
            ));
    storyline_actors::link_entities(&mut doc, storyline_actors::ActorKb::default_kb());
    for e in &doc.entities {
        println!("{:5} {:4} {:40} -> {:?}", e.start, e.label, e.text, e.actor);
    }
}
