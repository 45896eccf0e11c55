//! Tag a CoNLL file with the embedded (or a given) model and print `TOKEN TAG` lines.
//!
//! Usage: `cargo run --release -p storyline_ner --example tag_conll -- FILE [--model PATH]`

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .ok_or_else(|| anyhow::anyhow!("usage: tag_conll FILE [--model PATH]"))?;
    let owned;
    let ner = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let p = args
                .get(i + 1)
                .ok_or_else(|| anyhow::anyhow!("--model needs a path"))?;
            owned = storyline_ner::Ner::from_file(std::path::Path::new(p))?;
            &owned
        }
        None => storyline_ner::Ner::default_model(),
    };
    let text = std::fs::read_to_string(file)?;
    print!("{}", storyline_ner::tag_conll(ner, &text));
    Ok(())
}
