//! Temporal expressions: no panic, spans in bounds and on char boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let dct = chrono::NaiveDate::from_ymd_opt(2023, 3, 17);
    for t in storyline_time::extract(text, dct) {
        assert!(t.start <= t.end && t.end <= text.len());
        assert_eq!(&text[t.start..t.end], t.text);
    }
    let _ = storyline_time::infer_dct(text, &Default::default());
});
