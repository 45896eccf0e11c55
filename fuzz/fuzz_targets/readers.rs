//! Every reader (format sniffing, gzip, WARC, JSONL, text, HTML decoding) on arbitrary bytes: no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for ext in [None, Some("txt"), Some("jsonl"), Some("warc"), Some("html")] {
        let reader = Box::new(std::io::Cursor::new(data.to_vec()));
        for item in storyline_ingest::read_reader(reader, "fuzz", None, ext).take(1000) {
            let _ = item.map(|a| a.body.len());
        }
    }
});
