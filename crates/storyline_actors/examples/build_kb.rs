//! Rebuild `data/actors.json.gz`: `cargo run -p storyline_actors --example build_kb -- /work/shared/data/cameo`
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/work/shared/data/cameo".into());
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/actors.json.gz");
    match storyline_actors::build_kb(std::path::Path::new(&dir), &out) {
        Ok(s) => println!("{s:?} -> {}", out.display()),
        Err(e) => {
            eprintln!("build_kb: {e}");
            std::process::exit(1);
        }
    }
}
