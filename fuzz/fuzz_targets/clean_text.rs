//! Plain-text cleaning: no panic, and cleaning the clean text changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyline_clean::clean_text;

fuzz_target!(|text: &str| {
    let once = clean_text(text, None, None);
    let twice = clean_text(&once.text, once.title.as_deref(), None);
    assert_eq!(once.text, twice.text);
});
