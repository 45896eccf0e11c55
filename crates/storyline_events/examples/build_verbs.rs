//! Rebuild `data/verbs.json.gz`:
//! `cargo run -p storyline_events --example build_verbs -- /work/shared/data/cameo /work/shared/data/plover`
fn main() {
    let mut a = std::env::args().skip(1);
    let cameo = a.next().unwrap_or_else(|| "/work/shared/data/cameo".into());
    let plover = a
        .next()
        .unwrap_or_else(|| "/work/shared/data/plover".into());
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/verbs.json.gz");
    match storyline_events::build_verbs(cameo.as_ref(), plover.as_ref(), &out) {
        Ok((v, p, b)) => println!("{v} verbs, {p} patterns, {b} bytes -> {}", out.display()),
        Err(e) => {
            eprintln!("build_verbs: {e}");
            std::process::exit(1);
        }
    }
}
