//! Character-set detection and decoding of raw HTML bytes.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes are scanned for a `<meta>` charset declaration
/// (the HTML spec prescans 1024; real pages often put it later).
const PRESCAN: usize = 4096;

/// Decode an HTML page to a `String`.
///
/// Order of precedence: byte-order mark, then a `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`
/// declaration in the first few KB, then UTF-8 if the bytes are valid
/// UTF-8, else Windows-1252. Malformed sequences become U+FFFD. A declared
/// UTF-16 charset is treated as UTF-8 (as the HTML spec requires for
/// ASCII-compatible prescans). Never panics.
pub fn decode_html(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return enc.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(enc) = sniff_meta_charset(&bytes[..bytes.len().min(PRESCAN)]) {
        if enc == UTF_8 {
            return match std::str::from_utf8(bytes) {
                Ok(s) => s.to_owned(),
                Err(_) => String::from_utf8_lossy(bytes).into_owned(),
            };
        }
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Find a charset label in `<meta>` tags of `head` and map it to an
/// encoding (UTF-16 labels map to UTF-8; unknown labels are ignored).
fn sniff_meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut pos = 0;
    while let Some(off) = find(&lower[pos..], b"<meta") {
        let start = pos + off;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(label) = charset_in(tag) {
            if let Some(enc) = Encoding::for_label(label) {
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    return Some(UTF_8);
                }
                if enc == encoding_rs::REPLACEMENT {
                    return None;
                }
                return Some(enc);
            }
        }
        pos = end.max(start + 1);
        if pos >= lower.len() {
            break;
        }
    }
    None
}

/// Extract the label following `charset=` inside one lower-cased tag.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let i = find(tag, b"charset")?;
    let mut rest = &tag[i + 7..];
    rest = trim_start(rest);
    rest = rest.strip_prefix(b"=")?;
    rest = trim_start(rest);
    while let Some((&c, r)) = rest.split_first() {
        if c == b'"' || c == b'\'' {
            rest = r;
        } else {
            break;
        }
    }
    let len = rest
        .iter()
        .position(|&c| {
            c == b'"'
                || c == b'\''
                || c == b';'
                || c == b'/'
                || c == b'>'
                || c.is_ascii_whitespace()
        })
        .unwrap_or(rest.len());
    let label = &rest[..len];
    (!label.is_empty()).then_some(label)
}

fn trim_start(mut s: &[u8]) -> &[u8] {
    while let Some((&c, r)) = s.split_first() {
        if c.is_ascii_whitespace() {
            s = r;
        } else {
            break;
        }
    }
    s
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("<meta charset=windows-1252>é".as_bytes());
        assert!(decode_html(&b).ends_with('é'));
    }

    #[test]
    fn meta_charset_windows_1252() {
        let b = b"<html><head><meta charset=\"windows-1252\"></head><p>\x93Hi\x94 caf\xe9</p>";
        let s = decode_html(b);
        assert!(s.contains("\u{201c}Hi\u{201d} caf\u{e9}"), "{s}");
    }

    #[test]
    fn http_equiv() {
        let b = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>\xe9</p>";
        assert!(decode_html(b).contains('\u{e9}'));
    }

    #[test]
    fn utf8_default_and_fallback() {
        assert_eq!(decode_html("héllo".as_bytes()), "héllo");
        assert_eq!(decode_html(b"h\xe9llo"), "h\u{e9}llo");
        assert_eq!(decode_html(b""), "");
    }

    #[test]
    fn garbage_does_not_panic() {
        let b: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let _ = decode_html(&b);
        let _ = decode_html(b"<meta charset=");
        let _ = decode_html(b"<meta charset=\"");
        let _ = decode_html(b"<meta charset=utf-16>abc");
    }
}
