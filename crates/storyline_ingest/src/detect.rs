//! Format recognition by content (and extension as a tie-breaker).

/// What a byte stream holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// Nothing but whitespace.
    Empty,
    /// Not text; the reason.
    Binary(String),
    /// A WARC file.
    Warc,
    /// JSON Lines.
    Jsonl,
    /// An HTML page.
    Html,
    /// Plain text.
    Text,
}

/// Recognises the format of a stream from its first bytes (already decompressed)
/// and its extension.
pub fn sniff(head: &[u8], ext: Option<&str>) -> Format {
    let ext = ext.map(|e| e.to_ascii_lowercase());
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Format::Empty;
    };
    let body = &head[start..];
    if body.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let sample = &head[..head.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if nul > 0 || control * 20 > sample.len() {
        return Format::Binary(format!(
            "{nul} NUL and {control} control bytes in the first {} bytes",
            sample.len()
        ));
    }
    if body.starts_with(b"{") || matches!(ext.as_deref(), Some("jsonl" | "ndjson")) {
        return Format::Jsonl;
    }
    let lower: Vec<u8> = body[..body.len().min(2048)].to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if body.starts_with(b"<")
        && (has(b"<!doctype html")
            || has(b"<html")
            || has(b"<head")
            || has(b"<body")
            || has(b"<meta")
            || has(b"<div")
            || has(b"<p>"))
    {
        return Format::Html;
    }
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
        return Format::Html;
    }
    Format::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&[u8], Option<&str>, Format)] = &[
            (b"", None, Format::Empty),
            (b"  \n", Some("txt"), Format::Empty),
            (b"WARC/1.0\r\n", None, Format::Warc),
            (b"{\"text\": \"x\"}\n", None, Format::Jsonl),
            (b"<!DOCTYPE html><html>", Some("txt"), Format::Html),
            (b"  <html><body>", None, Format::Html),
            (b"Plain news text.", Some("html"), Format::Html),
            (b"Plain news text.", Some("txt"), Format::Text),
            (b"<b>bold</b> claim", None, Format::Text),
        ];
        for (head, ext, want) in cases {
            assert_eq!(
                &sniff(head, *ext),
                want,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
        assert!(matches!(sniff(b"abc\0def", None), Format::Binary(_)));
    }
}
