//! A streaming WARC reader: yields the HTML pages of `response` records (as in
//! CC-NEWS) one at a time, skipping request/metadata records, without holding more
//! than one record in memory.

use std::io::{BufRead, Read};

use storyline_model::{RawArticle, SourceFormat};

use crate::{io_or_gzip, IngestError, Item, MAX_ARTICLE_BYTES};

pub(crate) struct WarcRecords<R> {
    reader: R,
    name: String,
    record: usize,
    done: bool,
}

struct Header {
    warc_type: String,
    target_uri: Option<String>,
    record_id: Option<String>,
    content_length: u64,
}

impl<R: BufRead> WarcRecords<R> {
    pub(crate) fn new(reader: R, name: String) -> Self {
        WarcRecords {
            reader,
            name,
            record: 0,
            done: false,
        }
    }

    fn error(&mut self, message: impl Into<String>) -> Item {
        self.done = true;
        Err(IngestError::Warc {
            path: self.name.clone(),
            record: self.record,
            message: message.into(),
        })
    }

    fn read_line(&mut self) -> Result<Option<String>, IngestError> {
        let mut line = Vec::new();
        let n = (&mut self.reader)
            .take(64 * 1024)
            .read_until(b'\n', &mut line)
            .map_err(|e| io_or_gzip(&self.name, e))?;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(
            String::from_utf8_lossy(&line)
                .trim_end_matches(['\r', '\n'])
                .to_string(),
        ))
    }

    /// Reads the next record header, or `None` at a clean end of file.
    fn header(&mut self) -> Result<Option<Header>, String> {
        // Skip the blank lines between records.
        let first = loop {
            match self.read_line() {
                Ok(None) => return Ok(None),
                Ok(Some(l)) if l.trim().is_empty() => continue,
                Ok(Some(l)) => break l,
                Err(e) => return Err(e.to_string()),
            }
        };
        if !first.starts_with("WARC/") {
            return Err(format!(
                "expected a WARC/ version line, found {:?}",
                first.chars().take(40).collect::<String>()
            ));
        }
        let mut header = Header {
            warc_type: String::new(),
            target_uri: None,
            record_id: None,
            content_length: 0,
        };
        let mut has_length = false;
        loop {
            let line = match self.read_line() {
                Ok(Some(l)) => l,
                Ok(None) => return Err("file ends inside a record header (truncated)".into()),
                Err(e) => return Err(e.to_string()),
            };
            if line.is_empty() {
                break;
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "warc-type" => header.warc_type = value.to_ascii_lowercase(),
                "warc-target-uri" => {
                    header.target_uri = Some(value.trim_matches(['<', '>']).to_string())
                }
                "warc-record-id" => {
                    header.record_id = Some(value.trim_matches(['<', '>']).to_string())
                }
                "content-length" => {
                    header.content_length = value
                        .parse()
                        .map_err(|_| format!("bad Content-Length {value:?}"))?;
                    has_length = true;
                }
                _ => {}
            }
        }
        if !has_length {
            return Err("record header has no Content-Length".into());
        }
        Ok(Some(header))
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.record += 1;
            let header = match self.header() {
                Ok(Some(h)) => h,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(message) => return Some(self.error(message)),
            };
            let wanted =
                header.warc_type == "response" && header.content_length <= MAX_ARTICLE_BYTES;
            if !wanted {
                // Skip the block without keeping it.
                match std::io::copy(
                    &mut (&mut self.reader).take(header.content_length),
                    &mut std::io::sink(),
                ) {
                    Ok(n) if n == header.content_length => continue,
                    Ok(_) => return Some(self.error("file ends inside a record (truncated)")),
                    Err(e) => return Some(self.error(e.to_string())),
                }
            }
            let mut block = Vec::with_capacity(header.content_length as usize);
            match (&mut self.reader)
                .take(header.content_length)
                .read_to_end(&mut block)
            {
                Ok(n) if n as u64 == header.content_length => {}
                Ok(_) => return Some(self.error("file ends inside a record (truncated)")),
                Err(e) => return Some(self.error(e.to_string())),
            }
            let origin = format!("{}#{}", self.name, self.record);
            match http_html(&block) {
                Some(html) => {
                    let mut article = RawArticle::new(
                        origin,
                        SourceFormat::Html,
                        storyline_html::decode_html(html),
                    );
                    article.id = header
                        .record_id
                        .as_deref()
                        .map(|id| id.trim_start_matches("urn:uuid:").to_string());
                    article.url = header.target_uri;
                    return Some(Ok(article));
                }
                None => continue,
            }
        }
        None
    }
}

/// The payload of an HTTP response holding HTML with status 200, else `None`.
fn http_html(block: &[u8]) -> Option<&[u8]> {
    let split = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, p + 2))
        })?;
    let head = String::from_utf8_lossy(&block[..split.0]).to_ascii_lowercase();
    let status_ok = head
        .lines()
        .next()
        .is_some_and(|l| l.split_whitespace().nth(1) == Some("200"));
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("content-type:"))
        .unwrap_or("text/html");
    (status_ok && content_type.contains("html")).then_some(&block[split.1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, payload: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Length: {}\r\n\r\n{payload}\r\n\r\n",
            uri.len(),
            payload.len()
        )
    }

    fn read(s: &[u8]) -> Vec<Item> {
        WarcRecords::new(std::io::Cursor::new(s.to_vec()), "t.warc".into()).collect()
    }

    #[test]
    fn responses_only() {
        let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Story</p></body></html>";
        let data = record("warcinfo", "", "software: x")
            + &record("request", "http://a/", "GET / HTTP/1.1\r\n\r\n")
            + &record("response", "http://a/1", page)
            + &record(
                "response",
                "http://a/img",
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG",
            );
        let items = read(data.as_bytes());
        assert_eq!(items.len(), 1);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.url.as_deref(), Some("http://a/1"));
        assert!(a.body.contains("<p>Story</p>"));
    }

    #[test]
    fn truncated_record_is_an_error_after_good_ones() {
        let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Story</p></body></html>";
        let data = record("response", "http://a/1", page) + &record("response", "http://a/2", page);
        let cut = &data.as_bytes()[..data.len() - 30];
        let items = read(cut);
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok());
        let e = items[1].as_ref().unwrap_err().to_string();
        assert!(
            e.contains("t.warc") && e.contains("record 2") && e.contains("truncated"),
            "{e}"
        );
    }

    #[test]
    fn garbage_is_an_error() {
        let items = read(b"WARC/1.0\r\nno colon here\r\n\r\n");
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("Content-Length"));
    }
}
