//! Prints the analysis of a text (argument or a built-in sample) in a CoNLL-like table.
//!
//! `cargo run --release -p storyline_nlp --example demo_nlp -- "Some text."`

fn main() {
    let text = std::env::args().nth(1).unwrap_or_else(|| {
        "MOSCOW (Reuters) - Xi Jinping met Putin in Moscow on Tuesday. \"We won't back down,\" Russia's foreign minister said on Feb. 24.\n\nThe talks were held in Geneva.".to_string()
    });
    let nlp = storyline_nlp::Nlp::default_models();
    let a = nlp.analyze(&text);
    for s in &a.sentences {
        println!("# {}", &text[s.start..s.end]);
        for i in s.tokens.clone() {
            let t = &a.tokens[i];
            let head = if t.head < 0 {
                0
            } else {
                t.head as usize - s.tokens.start + 1
            };
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                i - s.tokens.start + 1,
                &text[t.start..t.end],
                t.lemma,
                t.upos,
                head,
                t.deprel
            );
        }
        println!();
    }
}
