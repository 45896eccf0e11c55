//! Print the extraction of one page (plain or gzipped HTML) with candidate
//! scores on stderr. Usage: `debug_extract FILE [URL]`
use std::io::Read;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or_else(|| anyhow::anyhow!("usage: debug_extract FILE [URL]"))?;
    let mut bytes = std::fs::read(path)?;
    if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
        bytes = out;
    }
    let html = storyline_html::decode_html(&bytes);
    let e = storyline_html::extract_debug(&html, args.get(2).map(String::as_str));
    println!("{}", serde_json::to_string_pretty(&e)?);
    Ok(())
}
