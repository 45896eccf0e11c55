//! Serialisation into paragraphs (text, line and block breaks, link text counted) and the
//! paragraph filters: call-to-action and link-list lines, datelines, short labels.

use super::tables::MONTHS;
use crate::text::{collapsed_len, normalize_ws};

/// Builds paragraphs from a stream of text and breaks.
#[derive(Default)]
pub(super) struct Serializer {
    paras: Vec<Para>,
    cur: String,
    cur_link: usize,
    pub(super) link_depth: usize,
}

/// One output paragraph with the amount of its text inside links.
pub(super) struct Para {
    pub(super) text: String,
    link_chars: usize,
}

impl Serializer {
    pub(super) fn text(&mut self, t: &str) {
        if self.link_depth > 0 {
            self.cur_link += collapsed_len(t);
        }
        self.cur.push_str(t);
    }
    pub(super) fn line_break(&mut self) {
        self.cur.push('\n');
    }
    pub(super) fn block_break(&mut self) {
        if self.cur.trim().is_empty() {
            self.cur.clear();
            self.cur_link = 0;
            return;
        }
        let lines: Vec<String> = self
            .cur
            .split('\n')
            .map(|l| tidy_punct(&normalize_ws(l)))
            .filter(|l| !l.is_empty())
            .collect();
        self.cur.clear();
        if !lines.is_empty() {
            self.paras.push(Para {
                text: lines.join("\n"),
                link_chars: self.cur_link,
            });
        }
        self.cur_link = 0;
    }
    pub(super) fn finish(mut self) -> Vec<Para> {
        self.block_break();
        self.paras
    }
}

/// Remove the space that link separation leaves before closing
/// punctuation and after opening brackets.
fn tidy_punct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            if let Some(&n) = chars.peek() {
                if matches!(n, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']') {
                    continue;
                }
            }
            if out.ends_with(['(', '[']) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A short heading-like line without sentence punctuation.
pub(super) fn is_label(p: &str) -> bool {
    let len = p.chars().count();
    len < 40
        && !p.contains('\n')
        && !p.ends_with([
            '.', '!', '?', '"', '\u{201d}', ')', '\u{3002}', '\u{ff01}', '\u{ff1f}',
        ])
        && p.split_whitespace().count() <= 6
}

/// `dd/mm/yyyy`, `dd.mm.yyyy` or `yyyy-mm-dd` somewhere in `p`.
fn has_numeric_date(p: &str) -> bool {
    let b = p.as_bytes();
    b.windows(10).any(|w| {
        let d = |i: usize| w[i].is_ascii_digit();
        let sep = |i: usize| matches!(w[i], b'/' | b'.' | b'-');
        (d(0) && d(1) && sep(2) && d(3) && d(4) && sep(5) && d(6) && d(7) && d(8) && d(9))
            || (d(0) && d(1) && d(2) && d(3) && sep(4) && d(5) && d(6) && sep(7) && d(8) && d(9))
    })
}

/// A short line that only carries a date/time (a dateline or timestamp).
pub(super) fn is_dateline(p: &str) -> bool {
    let words = p.split_whitespace().count();
    if words > 14 || p.len() > 120 || p.contains('@') || p.starts_with('\u{2014}') {
        return false;
    }
    let has_year = p.as_bytes().windows(4).enumerate().any(|(i, w)| {
        w.iter().all(u8::is_ascii_digit)
            && (w.starts_with(b"19") || w.starts_with(b"20"))
            && (i == 0 || !p.as_bytes()[i - 1].is_ascii_digit())
            && p.as_bytes().get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    });
    if !has_year {
        return false;
    }
    let lower = p.to_lowercase();
    let has_time = lower
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    let has_month = MONTHS.iter().any(|m| lower.contains(m)) || has_numeric_date(p);
    let sentence = p.ends_with('.') && words > 6;
    (has_time
        || has_month
        || lower.contains("updated")
        || lower.contains("published")
        || lower.contains("publicado"))
        && !sentence
}

/// Call-to-action / label paragraphs: ad labels, "Read more: ...",
/// newsletter sign-up pitches.
pub(super) fn is_boilerplate_para(p: &Para) -> Option<&'static str> {
    let text = p.text.as_str();
    let len = text.chars().count();
    let lower = text.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(
        trimmed,
        "advertisement"
            | "advert"
            | "ad"
            | "sponsored"
            | "anzeige"
            | "publicidade"
            | "publicidad"
            | "story continues below advertisement"
            | "continue reading below"
    ) {
        return Some("advertisement");
    }
    let ld = p.link_chars as f64 / len.max(1) as f64;
    const LEADS: &[&str] = &[
        "read more",
        "see more",
        "read also",
        "also read",
        "related:",
        "more:",
        "watch:",
        "don't miss",
        "don’t miss",
        "recommended",
        "click here",
        "follow us",
        "share this",
        "most read",
        "you may also like",
        "you might also like",
    ];
    if len < 200 && ld > 0.4 && LEADS.iter().any(|l| lower.starts_with(l)) {
        return Some("related links");
    }
    const TAG_LEADS: &[&str] = &["tags:", "tagged:", "tagged with", "filed under", "topics:"];
    if len < 300
        && TAG_LEADS
            .iter()
            .any(|l| trimmed.starts_with(l) || lower.starts_with(l))
    {
        return Some("tags");
    }
    if len < 400
        && (lower.contains("newsletter") || lower.contains("inbox"))
        && (lower.contains("sign up") || lower.contains("subscribe"))
    {
        return Some("newsletter");
    }
    if len < 120 && ld > 0.9 && !text.ends_with('.') {
        return Some("link-dense");
    }
    // A list of links rendered as lines (`<br>`-separated).
    let lines = text.lines().count();
    if lines >= 2 && ld > 0.8 && len / lines < 120 {
        return Some("link-dense");
    }
    None
}
