//! Tokenizer and sentence splitter: no panic, tokens in order and in bounds.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let tokens = storyline_nlp::tokenize(text);
    let mut last = 0;
    for t in &tokens {
        assert!(t.start >= last && t.start < t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        last = t.end;
    }
    let _ = storyline_nlp::split_sentences(text, &tokens);
});
