//! Print the events coded for the seed articles (`examples/seeds/*.txt` of the workspace).
use storyline_pipeline::{Pipeline, PipelineConfig, RawArticle, SourceFormat};

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    let arts: Vec<RawArticle> = files
        .iter()
        .map(|p| {
            RawArticle::new(
                p.display().to_string(),
                SourceFormat::Text,
                std::fs::read_to_string(p).expect("read"),
            )
        })
        .collect();
    let mut docs = Pipeline::new(PipelineConfig {
        raw: true,
        dct: None,
    })
    .annotate_batch(&arts);
    if let Some(i) = files
        .iter()
        .position(|p| p.to_string_lossy().contains("003_"))
    {
        docs[i] = Pipeline::new(PipelineConfig {
            raw: true,
            dct: chrono::NaiveDate::from_ymd_opt(2023, 3, 17),
        })
        .annotate(&arts[i]);
    }
    let kb = storyline_actors::ActorKb::default_kb();
    for (p, mut doc) in files.iter().zip(docs) {
        storyline_actors::link_entities(&mut doc, kb);
        let t = std::time::Instant::now();
        let evs = storyline_events::extract_events(&doc, kb);
        let el = t.elapsed();
        println!(
            "=== {} published {:?} ({} events, {:?})",
            p.file_name().unwrap().to_string_lossy(),
            doc.published,
            evs.len(),
            el
        );
        let mut last = usize::MAX;
        for e in evs {
            if e.sentence != last {
                last = e.sentence;
                if let Some(s) = doc.sentences.get(e.sentence) {
                    let t: String = doc.text[s.start..s.end].chars().take(160).collect();
                    println!("  # s{}: {}", e.sentence, t.replace('\n', " "));
                }
            }
            println!(
                "  s{:<3} {:5} {:9} {:?}({}) -> {:?}({}) [{}] {:?}/{} {} {:?}",
                e.sentence,
                e.code.unwrap_or_default(),
                e.plover.unwrap_or_default(),
                e.source.unwrap_or_default(),
                e.source_code.unwrap_or_default(),
                e.target.unwrap_or_default(),
                e.target_code.unwrap_or_default(),
                e.trigger.text,
                e.date.unwrap_or_default(),
                e.precision.unwrap_or_default(),
                e.modality,
                e.location
            );
        }
    }
}
