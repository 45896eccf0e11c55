//! Every coded mention the event layer finds in text files, before the coding score's
//! threshold, as JSON lines: the material for labelling coded mentions right or wrong on real
//! news (see `storyline train coding --labels`).
//!
//! `cargo run --release -p storyline_events --example dump_coded -- OUT.jsonl FILE...`
//!
//! Each line: `id` (file name `#` trigger start), the sentence, the trigger, the PLOVER type
//! and CAMEO code, source, target, modality and the current score.
use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: dump_coded OUT.jsonl FILE...");
        std::process::exit(2)
    };
    let kb = storyline_actors::ActorKb::default_kb();
    let pipe = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
        raw: true,
        dct: chrono::NaiveDate::from_ymd_opt(2000, 1, 1),
    });
    let fail = |e: std::io::Error| -> ! {
        eprintln!("error: cannot write {out}: {e}");
        std::process::exit(1)
    };
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out).unwrap_or_else(|e| fail(e)));
    let mut n = 0;
    for path in args {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping {path}: unreadable");
            continue;
        };
        let name = std::path::Path::new(&path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = pipe.annotate(&storyline_pipeline::RawArticle::new(
            &name,
            storyline_pipeline::SourceFormat::Text,
            text,
        ));
        for (e, ev) in storyline_events::extract_mentions_with_evidence(&doc, kb) {
            if ev.is_none() || !e.is_coded() {
                continue;
            }
            let sentence = doc
                .sentences
                .get(e.sentence)
                .and_then(|s| doc.text.get(s.start..s.end))
                .unwrap_or_default();
            let line = serde_json::json!({
                "id": format!("{name}#{}", e.trigger.start),
                "sentence": sentence,
                "trigger": e.trigger.text,
                "plover": e.plover,
                "code": e.code,
                "source": e.source,
                "target": e.target,
                "modality": e.modality,
                "score": e.score,
            });
            writeln!(w, "{line}").unwrap_or_else(|e| fail(e));
            n += 1;
        }
    }
    w.flush().unwrap_or_else(|e| fail(e));
    eprintln!("{n} coded mentions written to {out}");
}
