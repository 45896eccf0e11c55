//! # storyline_ingest
//!
//! Reads articles from files and folders into [`RawArticle`]s. Formats are
//! recognised by content first (gzip magic, `WARC/` header, JSON objects, HTML
//! tags), then by extension: plain text, HTML, JSON Lines, WARC, and any of them
//! gzipped. Large inputs (JSONL, WARC) are streamed record by record, so memory
//! stays flat as files grow.
//!
//! Every problem is an [`IngestError`] naming the file (and line or record); a bad
//! record never stops the rest of its file or batch.
//!
//! ```no_run
//! for item in storyline_ingest::read_path(std::path::Path::new("examples/seeds/000_afccd8825d600d50.txt")) {
//!     match item {
//!         Ok(article) => println!("{} ({} bytes)", article.origin, article.body.len()),
//!         Err(err) => eprintln!("{err}"),
//!     }
//! }
//! ```
#![deny(missing_docs)]

mod detect;
mod warc;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use storyline_model::{RawArticle, SourceFormat};

pub use detect::{sniff, Format};

/// Largest single article (text or HTML file, or WARC record) we read, in bytes.
pub const MAX_ARTICLE_BYTES: u64 = 32 * 1024 * 1024;

/// A problem with one input: the file (and line or record) and what is wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// The file is empty or holds only whitespace.
    #[error("{path}: empty file")]
    Empty {
        /// The file.
        path: String,
    },
    /// The file is not text.
    #[error("{path}: binary file, not an article ({detail})")]
    Binary {
        /// The file.
        path: String,
        /// What gave it away.
        detail: String,
    },
    /// The file or record is larger than [`MAX_ARTICLE_BYTES`].
    #[error("{path}: {size} bytes is larger than the {limit}-byte limit for one article")]
    TooLarge {
        /// The file or record.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A JSON Lines record is broken.
    #[error("{path}:{line}: {message}")]
    Json {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A gzip stream is corrupt or truncated.
    #[error("{path}: broken gzip data: {message}")]
    Gzip {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A WARC file is malformed or truncated.
    #[error("{path}: WARC record {record}: {message}")]
    Warc {
        /// The file.
        path: String,
        /// 1-based record number.
        record: usize,
        /// What is wrong.
        message: String,
    },
    /// A text given in memory (not a file) is empty or holds only whitespace.
    #[error("{path}: empty text")]
    EmptyText {
        /// What names the text (e.g. `item 3`).
        path: String,
    },
    /// An HTML page with no article text.
    #[error("{path}: no article text found")]
    NoText {
        /// The file or record.
        path: String,
    },
}

/// The result of reading one article.
pub type Item = Result<RawArticle, IngestError>;

/// Expands files and folders (recursively, sorted, hidden files skipped) into files.
/// Paths that do not exist come back as errors.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        walk(p, &mut files, &mut errors, 0);
    }
    (files, errors)
}

fn walk(path: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>, depth: usize) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(source) => {
            errors.push(IngestError::Io {
                path: path.display().to_string(),
                source,
            });
            return;
        }
    };
    if meta.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    if !meta.is_dir() || depth > 64 {
        return;
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(source) => {
            errors.push(IngestError::Io {
                path: path.display().to_string(),
                source,
            });
            return;
        }
    };
    entries.sort();
    for e in entries {
        let hidden = e
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if !hidden {
            walk(&e, files, errors, depth + 1);
        }
    }
}

/// The id of a single-article file: its stem (without `.txt`, `.html`, `.gz`...).
fn file_id(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let mut stem = name;
    for ext in [".gz", ".txt", ".html", ".htm", ".text"] {
        if let Some(s) = stem.strip_suffix(ext) {
            stem = s;
        }
    }
    (!stem.is_empty()).then(|| stem.to_string())
}

/// Reads every article in one file, streaming. Errors name the file.
pub fn read_path(path: &Path) -> Box<dyn Iterator<Item = Item>> {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(source) => return one(Err(IngestError::Io { path: name, source })),
    };
    read_reader(
        Box::new(file),
        &name,
        file_id(path),
        path.extension().and_then(|e| e.to_str()),
    )
}

fn one(item: Item) -> Box<dyn Iterator<Item = Item>> {
    Box::new(std::iter::once(item))
}

/// Reads every article from a byte stream. `name` is used in errors and
/// provenance, `id` is the id of a single-article input, `ext` its extension.
pub fn read_reader(
    reader: Box<dyn Read>,
    name: &str,
    id: Option<String>,
    ext: Option<&str>,
) -> Box<dyn Iterator<Item = Item>> {
    let mut buf = BufReader::with_capacity(64 * 1024, reader);
    let head = match buf.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(source) => {
            return one(Err(IngestError::Io {
                path: name.to_string(),
                source,
            }))
        }
    };
    if head.starts_with(&[0x1f, 0x8b]) {
        let inner = MultiGzDecoder::new(buf);
        // `.gz` is not the real extension: look at the one before it.
        let inner_ext = Path::new(name.strip_suffix(".gz").unwrap_or(name))
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_string);
        let gz_name = name.to_string();
        let items = read_reader(
            Box::new(GzErrors {
                inner,
                name: gz_name,
            }),
            name,
            id,
            inner_ext.as_deref(),
        );
        return items;
    }
    match sniff(&head, ext) {
        Format::Empty => one(Err(IngestError::Empty {
            path: name.to_string(),
        })),
        Format::Binary(detail) => one(Err(IngestError::Binary {
            path: name.to_string(),
            detail,
        })),
        Format::Warc => Box::new(warc::WarcRecords::new(buf, name.to_string())),
        Format::Jsonl => Box::new(jsonl(buf, name.to_string())),
        Format::Html | Format::Text => {
            let is_html = matches!(sniff(&head, ext), Format::Html);
            one(read_single(buf, name, id, is_html))
        }
    }
}

/// Turns gzip stream errors into messages that say "gzip".
struct GzErrors<R> {
    inner: MultiGzDecoder<R>,
    name: String,
}

impl<R: BufRead> Read for GzErrors<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(out).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("gzip stream of {} is broken or truncated: {e}", self.name),
            )
        })
    }
}

fn read_all_limited(reader: impl Read, name: &str) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    let mut limited = reader.take(MAX_ARTICLE_BYTES + 1);
    limited
        .read_to_end(&mut bytes)
        .map_err(|source| io_or_gzip(name, source))?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(IngestError::TooLarge {
            path: name.to_string(),
            size: bytes.len() as u64,
            limit: MAX_ARTICLE_BYTES,
        });
    }
    Ok(bytes)
}

fn io_or_gzip(name: &str, source: std::io::Error) -> IngestError {
    let msg = source.to_string();
    if msg.contains("gzip stream") {
        IngestError::Gzip {
            path: name.to_string(),
            message: msg,
        }
    } else {
        IngestError::Io {
            path: name.to_string(),
            source,
        }
    }
}

fn read_single(reader: impl Read, name: &str, id: Option<String>, is_html: bool) -> Item {
    let bytes = read_all_limited(reader, name)?;
    if is_html {
        let html = storyline_html::decode_html(&bytes);
        let mut article = RawArticle::new(name, SourceFormat::Html, html);
        article.id = id;
        return Ok(article);
    }
    let text = decode_text(&bytes, name)?;
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            path: name.to_string(),
        });
    }
    let mut article = RawArticle::new(name, SourceFormat::Text, text);
    article.id = id;
    Ok(article)
}

/// Decodes plain text: UTF-8 (BOM stripped), else Windows-1252 when the bytes look
/// like text in that encoding, else an error.
pub fn decode_text(bytes: &[u8], name: &str) -> Result<String, IngestError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            if let Format::Binary(detail) = sniff(bytes, None) {
                return Err(IngestError::Binary {
                    path: name.to_string(),
                    detail,
                });
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

fn jsonl(reader: impl BufRead, name: String) -> impl Iterator<Item = Item> {
    reader
        .split(b'\n')
        .enumerate()
        .filter_map(move |(i, line)| {
            let line_no = i + 1;
            let line = match line {
                Ok(l) => l,
                Err(source) => return Some(Err(io_or_gzip(&name, source))),
            };
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                return None;
            }
            Some(parse_json_line(&line, &name, line_no))
        })
}

fn parse_json_line(line: &[u8], name: &str, line_no: usize) -> Item {
    let err = |message: String| IngestError::Json {
        path: name.to_string(),
        line: line_no,
        message,
    };
    let value: serde_json::Value =
        serde_json::from_slice(line).map_err(|e| err(format!("not JSON: {e}")))?;
    let obj = value
        .as_object()
        .ok_or_else(|| err("not a JSON object".into()))?;
    article_from_json(obj, format!("{name}:{line_no}")).map_err(err)
}

/// The article of one JSON Lines record (its fields as `CONTRACTS.md` lists them: `text`
/// required, `id`, `title`, `published`, `outlet`, `url`, `byline`; other fields ignored), with
/// `origin` as its provenance. The error says what is wrong with the record.
pub fn article_from_json(
    obj: &serde_json::Map<String, serde_json::Value>,
    origin: String,
) -> Result<RawArticle, String> {
    let field = |k: &str| {
        obj.get(k)
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .filter(|s| !s.trim().is_empty())
    };
    let text = match obj.get("text") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(serde_json::Value::String(_)) => return Err("field \"text\" is empty".into()),
        Some(_) => return Err("field \"text\" is not a string".into()),
        None => return Err("missing required field \"text\"".into()),
    };
    let mut article = RawArticle::new(origin, SourceFormat::Json, text);
    article.id = obj.get("id").and_then(|v| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    article.title = field("title");
    article.published = field("published");
    article.outlet = field("outlet");
    article.url = field("url");
    article.byline = field("byline");
    Ok(article)
}

/// The article of one text already in memory, as a file holding it would give: an HTML page
/// or plain text, recognised by content (no charset decoding: the text is already text).
/// `origin` names it in errors and provenance.
pub fn article_from_text(text: &str, origin: &str) -> Item {
    let format = match sniff(text.as_bytes(), None) {
        Format::Empty => {
            return Err(IngestError::EmptyText {
                path: origin.to_string(),
            })
        }
        Format::Binary(detail) => {
            return Err(IngestError::Binary {
                path: origin.to_string(),
                detail,
            })
        }
        Format::Html => SourceFormat::Html,
        // One text is one article, even if it starts like a JSON or WARC record.
        Format::Text | Format::Jsonl | Format::Warc => SourceFormat::Text,
    };
    Ok(RawArticle::new(origin, format, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_bytes(bytes: &[u8], name: &str) -> Vec<Item> {
        let ext = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_string);
        read_reader(
            Box::new(std::io::Cursor::new(bytes.to_vec())),
            name,
            file_id(Path::new(name)),
            ext.as_deref(),
        )
        .collect()
    }

    #[test]
    fn plain_text_gets_file_stem_id() {
        let items = read_bytes(b"Hello world. This is news.", "dir/000_abc.txt");
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.id.as_deref(), Some("000_abc"));
        assert_eq!(a.format, SourceFormat::Text);
    }

    #[test]
    fn jsonl_good_and_bad_lines() {
        let data = b"{\"id\":\"a\",\"text\":\"One.\",\"published\":\"2022-02-25\"}\nnot json\n\n{\"title\":\"x\"}\n{\"id\":7,\"text\":\"Two.\"}\n";
        let items = read_bytes(data, "feed.jsonl");
        assert_eq!(items.len(), 4);
        assert_eq!(
            items[0].as_ref().unwrap().published.as_deref(),
            Some("2022-02-25")
        );
        let e = items[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("feed.jsonl:2: not JSON"), "{e}");
        let e = items[2].as_ref().unwrap_err().to_string();
        assert!(
            e.contains("feed.jsonl:4") && e.contains("missing required field"),
            "{e}"
        );
        assert_eq!(items[3].as_ref().unwrap().id.as_deref(), Some("7"));
    }

    #[test]
    fn jsonl_recognised_by_content() {
        let items = read_bytes(b"{\"text\":\"One.\"}\n{\"text\":\"Two.\"}\n", "feed.data");
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn gzip_text_and_truncated_gzip() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all("Caf\u{e9} news. ".repeat(2000).as_bytes())
            .unwrap();
        let gz = enc.finish().unwrap();
        let items = read_bytes(&gz, "a.txt.gz");
        assert!(items[0].as_ref().unwrap().body.starts_with("Café news."));
        assert_eq!(items[0].as_ref().unwrap().id.as_deref(), Some("a"));
        let items = read_bytes(&gz[..gz.len() / 2], "a.txt.gz");
        let e = items[0].as_ref().unwrap_err().to_string();
        assert!(e.contains("a.txt.gz") && e.contains("gzip"), "{e}");
    }

    #[test]
    fn empty_binary_and_latin1() {
        assert!(matches!(
            read_bytes(b"  \n ", "e.txt")[0],
            Err(IngestError::Empty { .. })
        ));
        assert!(matches!(
            read_bytes(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0", "x.txt")[0],
            Err(IngestError::Binary { .. })
        ));
        let items = read_bytes(b"He said \x93no\x94 to the caf\xe9.", "w.txt");
        assert_eq!(
            items[0].as_ref().unwrap().body,
            "He said \u{201c}no\u{201d} to the café."
        );
    }

    #[test]
    fn a_record_in_memory_reads_like_a_jsonl_line() {
        let line = br#"{"id":7,"text":"Two.","title":"T","published":"2022-02-25","extra":1}"#;
        let from_line = parse_json_line(line, "feed.jsonl", 3).unwrap();
        let value: serde_json::Value = serde_json::from_slice(line).unwrap();
        let from_map =
            article_from_json(value.as_object().unwrap(), "feed.jsonl:3".into()).unwrap();
        assert_eq!(from_line, from_map);
        assert_eq!(from_map.id.as_deref(), Some("7"));
        let no_text = serde_json::json!({"title": "x"});
        assert_eq!(
            article_from_json(no_text.as_object().unwrap(), "item 0".into()).unwrap_err(),
            "missing required field \"text\""
        );
    }

    #[test]
    fn a_text_in_memory_is_one_article_by_content() {
        let html = article_from_text("<html><body><p>Hi</p></body></html>", "item 0").unwrap();
        assert_eq!(html.format, SourceFormat::Html);
        let text = article_from_text("{not a record} but news.", "item 1").unwrap();
        assert_eq!(text.format, SourceFormat::Text);
        assert_eq!(text.body, "{not a record} but news.");
        let e = article_from_text(" \n", "item 2").unwrap_err().to_string();
        assert_eq!(e, "item 2: empty text");
    }

    #[test]
    fn html_by_content() {
        let items = read_bytes(
            b"<!DOCTYPE html><html><body><p>Hi</p></body></html>",
            "page.bin",
        );
        assert_eq!(items[0].as_ref().unwrap().format, SourceFormat::Html);
    }
}
