//! Debug view of one sentence: tokens with tags, heads, dependencies, entities and the coded
//! events. `cargo run -p storyline_events --example parse -- "Russia attacked Ukraine."`
fn main() {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let mut doc = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
        raw: true,
        dct: chrono::NaiveDate::from_ymd_opt(2000, 1, 1),
    })
    .annotate(&storyline_pipeline::RawArticle::new(
        "x",
        storyline_pipeline::SourceFormat::Text,
        text,
    ));
    let kb = storyline_actors::ActorKb::default_kb();
    storyline_actors::link_entities(&mut doc, kb);
    for (i, t) in doc.tokens.iter().enumerate() {
        println!(
            "{i:3} {:15} {:6} {:12} {:3} {}",
            &doc.text[t.start..t.end],
            t.pos,
            t.lemma,
            t.head,
            t.dep
        );
    }
    for e in &doc.entities {
        println!("ent {:4} {:30} -> {:?}", e.label, e.text, e.actor);
    }
    for ev in storyline_events::extract_scored(&doc, kb) {
        let e = &ev.event;
        println!(
            "{:5.1} {} {} {:?}({:?}) -> {:?}({:?}) [{}] {}",
            ev.score,
            e.code.as_deref().unwrap_or_default(),
            e.plover.as_deref().unwrap_or_default(),
            e.source,
            e.source_code,
            e.target,
            e.target_code,
            e.trigger.text,
            e.modality
        );
    }
}
