//! HTML decoding and main-text extraction on arbitrary bytes: no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = storyline_html::decode_html(data);
    let page = storyline_html::extract(&html, Some("https://example.com/2022/02/25/story"));
    let _ = page.text.len();
});
