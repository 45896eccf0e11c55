//! Tag temporal expressions in text read from stdin.
//!
//! Usage: `echo "He left on Friday." | cargo run -p storyline_time --example tag -- 2023-03-17`

use std::io::Read;

fn main() -> anyhow::Result<()> {
    let dct = std::env::args()
        .nth(1)
        .and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    for t in storyline_time::extract(&text, dct) {
        println!(
            "{}..{}\t{}\t{}\t{}\t{}",
            t.start,
            t.end,
            t.text,
            t.ttype,
            t.value,
            t.modifier.unwrap_or_default()
        );
    }
    Ok(())
}
