//! Cleaning of plain text as scraped: headers, titles, datelines, bylines, date
//! stamps and site boilerplate are recognised by their *shape* (length, position,
//! punctuation, capitalisation, call-to-action vocabulary, repetition within the
//! article and across the batch) and moved to `removed` with a reason.

use std::sync::OnceLock;

use regex::Regex;

use super::dates::{month_number, parse_date_line, parse_iso_date};
use super::LineStats;
use storyline_model::Removed;

/// What plain-text cleaning found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CleanedText {
    /// The body: paragraphs separated by a blank line.
    pub text: String,
    /// What was taken out, in order, with reasons.
    pub removed: Vec<Removed>,
    /// Title (a headline line at the top, or the one given).
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD` from a header or date stamp.
    pub published: Option<String>,
    /// A date without a year from a dateline, as TimeML `XXXX-MM-DD`.
    pub partial_date: Option<String>,
    /// Outlet, from an agency dateline.
    pub outlet: Option<String>,
    /// Byline.
    pub byline: Option<String>,
}

/// Words of web furniture: share/subscribe/comment/cookie calls to action.
/// Only *short* paragraphs are ever judged by this vocabulary.
const CALL_TO_ACTION: &[&str] = &[
    "share this",
    "share on",
    "share:",
    "sign up",
    "signup",
    "subscribe",
    "newsletter",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "add a comment",
    "comment data",
    "your comment",
    "comments are closed",
    "your name",
    "your email",
    "email address",
    "enter your",
    "cookie",
    "privacy policy",
    "terms of use",
    "terms of service",
    "to the terms",
    "i agree",
    "this form",
    "all rights reserved",
    "copyright",
    "©",
    "click here",
    "read more",
    "read also",
    "related articles",
    "related stories",
    "related:",
    "advertisement",
    "follow us",
    "log in",
    "sign in",
    "download the app",
    "download our app",
    "this site uses",
    "learn how",
    "spam",
    "share this post",
    "print this",
    "email this",
    "you may also like",
    "recommended for you",
    "join our",
    "support our",
    "donate",
    "skip to",
    "back to top",
    "most popular",
    "most read",
    "trending now",
    "see also",
    "watch:",
    "listen to this article",
    "reading time",
    "min read",
    "story continues",
    "continue reading",
];

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "March 21 (UPI) —", "MOSCOW, Feb 25 (Reuters) -", "WASHINGTON (AP) —",
        // "KYIV, Ukraine, March 3 (Reuters) -".
        Regex::new(
            r"^(?:(?P<place>[A-Z][A-Za-z.'\-]*(?:[ ,]+[A-Z][A-Za-z.'\-]*){0,4}),?\s+)??(?:(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?\s*)?\((?P<agency>[A-Z][A-Za-z&.\- ]{0,30}?)\)\s*(?:--|[—–-])\s*",
        )
        .expect("static regex")
    })
}

fn caps_dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "KYIV, Ukraine —" (AP style without an agency): the place is in capitals.
    RE.get_or_init(|| {
        Regex::new(r"^(?P<place>[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+){0,3})(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?\s*(?:--|[—–])\s+")
            .expect("static regex")
    })
}

fn caption_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:\b(?:photo|image|picture|file photo|photograph)\s*(?:by|:|credit:?)\s*[^.]{1,80}|\((?:photo|image|credit)[^)]{0,80}\)|\bcredit:\s*[^.]{1,80})\s*$")
            .expect("static regex")
    })
}

/// A cheap test before the caption expression (whose word boundaries are slow on
/// non-ASCII text): the words a photo credit needs.
fn may_be_caption(p: &str) -> bool {
    let tail = &p.as_bytes()[p.len().saturating_sub(120)..];
    let lower: Vec<u8> = tail.iter().map(u8::to_ascii_lowercase).collect();
    [&b"photo"[..], b"image", b"picture", b"credit"]
        .iter()
        .any(|k| lower.windows(k.len()).any(|w| w == *k))
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Lower-cased, with runs of whitespace, quotes and trailing punctuation normalised,
/// for comparing lines.
pub(crate) fn normalise_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            match c {
                '“' | '”' | '„' | '«' | '»' => out.push('"'),
                '‘' | '’' => out.push('\''),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    out.trim_end_matches(['.', '!', ' ']).to_string()
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    t.ends_with(['.', '!', '?', '…', ':'])
}

fn is_call_to_action(p: &str) -> bool {
    if words(p) > 25 {
        return false;
    }
    let lower = p.to_lowercase();
    CALL_TO_ACTION.iter().any(|k| lower.contains(k))
}

fn is_all_caps_label(p: &str) -> bool {
    let n = words(p);
    let letters: Vec<char> = p.chars().filter(|c| c.is_alphabetic()).collect();
    n <= 6 && letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) && !ends_sentence(p)
}

/// A line shaped like a person's name: 2-4 capitalised words, no digits, no
/// sentence punctuation.
fn is_name_line(p: &str) -> bool {
    let ws: Vec<&str> = p.split_whitespace().collect();
    (2..=4).contains(&ws.len())
        && ws.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
}

fn byline_from_by(p: &str) -> Option<String> {
    let rest = p.strip_prefix("By ").or_else(|| p.strip_prefix("BY "))?;
    if words(rest) > 10 || ends_sentence(rest) && !rest.ends_with('.') {
        return None;
    }
    let first = rest.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let name = rest.split(['|', '—', '–']).next().unwrap_or(rest).trim();
    Some(name.trim_end_matches(',').to_string())
}

fn is_credits(p: &str) -> bool {
    if words(p) > 30 {
        return false;
    }
    let l = p.trim_start_matches('(').to_lowercase();
    [
        "reporting by",
        "additional reporting",
        "editing by",
        "writing by",
        "compiled by",
    ]
    .iter()
    .any(|k| l.starts_with(k))
}

fn looks_like_title(p: &str) -> bool {
    let n = words(p);
    (2..=30).contains(&n)
        && !p.trim_end().ends_with(['.', ',', ';', ':'])
        && p.len() < 300
        && !p.contains(". ")
        && !(may_be_caption(p) && caption_re().is_match(p))
}

/// Cleans one plain-text article.
///
/// `given_title` is a title known from metadata; when absent the first line is taken
/// as the title if it has a headline's shape. `stats` (optional) are line counts
/// over the batch, used to drop lines repeated across many articles.
pub fn clean_text(raw: &str, given_title: Option<&str>, stats: Option<&LineStats>) -> CleanedText {
    let mut out = clean_text_once(raw, given_title, stats);
    // Removing one piece can expose another (a header behind a dateline): clean again
    // until nothing changes, so that cleaning is idempotent. Only a stripped dateline
    // changes a kept paragraph, and only a removal can give an untitled text a new
    // first line to read as its title; other rules remove whole paragraphs and would see
    // the same paragraphs again, so the second pass is skipped then.
    let exposed = |c: &CleanedText| {
        c.removed.iter().any(|r| r.reason == "dateline")
            || (c.title.is_none() && !c.removed.is_empty())
            || c.text.trim_start().starts_with("date ")
    };
    if !exposed(&out) {
        return out;
    }
    for _ in 0..4 {
        let again = clean_text_once(&out.text, out.title.as_deref(), stats);
        if again.text == out.text {
            break;
        }
        out.text = again.text;
        out.removed.extend(again.removed);
        out.published = out.published.or(again.published);
        out.partial_date = out.partial_date.or(again.partial_date);
        out.outlet = out.outlet.or(again.outlet);
        out.byline = out.byline.or(again.byline);
    }
    out
}

fn clean_text_once(raw: &str, given_title: Option<&str>, stats: Option<&LineStats>) -> CleanedText {
    let mut out = CleanedText::default();
    let normalised: String = raw
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\u{feff}' => ' ',
            '\u{a0}' | '\u{2009}' | '\u{202f}' => ' ',
            c if c.is_control() && c != '\n' && c != '\t' => ' ',
            c => c,
        })
        .collect();
    let mut body = normalised.as_str();

    // A leading " date YYYY-MM-DD" header.
    let trimmed = body.trim_start();
    if let Some(rest) = trimmed
        .strip_prefix("date ")
        .or_else(|| trimmed.strip_prefix("date: "))
    {
        let rest = rest.trim_start();
        if let Some(date) = rest.get(..10).and_then(parse_iso_date) {
            out.published = Some(date.to_string());
            out.removed.push(Removed {
                text: format!("date {}", &rest[..10]),
                reason: "date header".into(),
            });
            body = &rest[10..];
        }
    }

    let mut paragraphs: Vec<String> = body
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();

    // Title: given, or the first line if it is shaped like a headline or repeats later.
    let mut title = given_title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    if title.is_none() {
        if let Some(first) = paragraphs.first() {
            let repeats = paragraphs
                .iter()
                .skip(1)
                .any(|p| normalise_line(p) == normalise_line(first));
            let next_is_longer = paragraphs.get(1).is_some_and(|p| words(p) > words(first));
            if (looks_like_title(first) && (next_is_longer || repeats))
                || (repeats && words(first) <= 40)
            {
                out.removed.push(Removed {
                    text: first.clone(),
                    reason: "title".into(),
                });
                title = Some(paragraphs.remove(0));
            }
        }
    }
    let title_key = title.as_deref().map(normalise_line);

    let n = paragraphs.len();
    let mut keep = vec![true; n];
    let mut reasons: Vec<Option<&'static str>> = vec![None; n];
    let mut seen = std::collections::HashSet::new();
    let date_lines: Vec<bool> = paragraphs
        .iter()
        .map(|p| parse_date_line(p).is_some())
        .collect();

    for i in 0..n {
        let p = &paragraphs[i];
        let key = normalise_line(p);
        let reason = if title_key.as_deref() == Some(key.as_str()) {
            Some("repeated title")
        } else if date_lines[i] {
            if out.published.is_none() {
                out.published = parse_date_line(p).map(|d| d.to_string());
            }
            Some("date stamp")
        } else if let Some(name) = byline_from_by(p) {
            if out.byline.is_none() {
                out.byline = Some(name);
            }
            Some("byline")
        } else if is_name_line(p)
            && (date_lines.get(i + 1) == Some(&true) || (i > 0 && date_lines[i - 1]))
        {
            if out.byline.is_none() {
                out.byline = Some(p.clone());
            }
            Some("byline")
        } else if is_credits(p) {
            Some("credits")
        } else if (is_call_to_action(p) && (!ends_sentence(p) || words(p) <= 15))
            || is_all_caps_label(p)
        {
            Some("boilerplate")
        } else if stats.is_some_and(|s| words(p) <= 30 && s.is_common(&key)) {
            Some("repeated across articles")
        } else if words(p) >= 4 && !seen.insert(key.clone()) {
            Some("repeated paragraph")
        } else if words(p) <= 80 && may_be_caption(p) && caption_re().is_match(p) {
            Some("photo caption")
        } else {
            None
        };
        if let Some(r) = reason {
            keep[i] = false;
            reasons[i] = Some(r);
        }
    }

    // Trailing furniture: short lines without sentence punctuation after the story.
    for i in (0..n).rev() {
        if !keep[i] {
            continue;
        }
        let p = &paragraphs[i];
        if words(p) <= 12 && !ends_sentence(p) {
            keep[i] = false;
            reasons[i] = Some("boilerplate");
        } else {
            break;
        }
    }

    let mut kept: Vec<String> = Vec::with_capacity(n);
    for (i, p) in paragraphs.into_iter().enumerate() {
        if keep[i] {
            kept.push(p);
        } else {
            out.removed.push(Removed {
                text: p,
                reason: reasons[i].unwrap_or("boilerplate").into(),
            });
        }
    }

    // A dateline opening the first paragraphs: "March 21 (UPI) —".
    for p in kept.iter_mut().take(3) {
        if let Some(c) = dateline_re().captures(p) {
            let whole = c.get(0).map_or(0, |m| m.end());
            let agency = c.name("agency").map(|m| m.as_str().trim().to_string());
            if let (Some(m), Some(d)) = (c.name("month"), c.name("day")) {
                if let (Some(month), Ok(day)) =
                    (month_number(m.as_str()), d.as_str().parse::<u32>())
                {
                    match c.name("year").and_then(|y| y.as_str().parse::<i32>().ok()) {
                        Some(y) => {
                            if let Some(date) = chrono::NaiveDate::from_ymd_opt(y, month, day) {
                                out.published.get_or_insert(date.to_string());
                            }
                        }
                        None if (1..=31).contains(&day) => {
                            out.partial_date = Some(format!("XXXX-{month:02}-{day:02}"));
                        }
                        None => {}
                    }
                }
            }
            if out.outlet.is_none() {
                out.outlet = agency;
            }
            out.removed.push(Removed {
                text: p[..whole].trim_end().to_string(),
                reason: "dateline".into(),
            });
            *p = p[whole..].to_string();
            break;
        } else if let Some(c) = caps_dateline_re().captures(p) {
            let whole = c.get(0).map_or(0, |m| m.end());
            if whole < p.len() {
                out.removed.push(Removed {
                    text: p[..whole].trim_end().to_string(),
                    reason: "dateline".into(),
                });
                *p = p[whole..].to_string();
            }
            break;
        }
    }

    kept.retain(|p| !p.trim().is_empty());
    out.text = kept.join("\n\n");
    out.title = title;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(c: &CleanedText) -> Vec<(&str, &str)> {
        c.removed
            .iter()
            .map(|r| (r.reason.as_str(), r.text.as_str()))
            .collect()
    }

    #[test]
    fn header_title_and_trailer() {
        let raw = " date 2023-04-26 Officials met on Monday to discuss the plan for the region and its future.\n\nThey agreed to meet again.\n\nShare this article!\n\nLeave a Comment\n";
        let c = clean_text(raw, None, None);
        assert_eq!(c.published.as_deref(), Some("2023-04-26"));
        assert_eq!(
            c.text,
            "Officials met on Monday to discuss the plan for the region and its future.\n\nThey agreed to meet again."
        );
        assert_eq!(c.title, None);
        assert!(reasons(&c).contains(&("boilerplate", "Leave a Comment")));
    }

    #[test]
    fn repeated_title_byline_and_stamp() {
        let raw = "Leaders Agree To Talks\n\nShare This Post!\n\nLeaders Agree To Talks\n\nThe leaders of both countries agreed on Friday to hold talks next week in the capital.\n\nMore details emerged later.\n\nJane Q Public\nFri, 02/25/2022 - 09:06\n\nShare This Post!";
        let c = clean_text(raw, None, None);
        assert_eq!(c.title.as_deref(), Some("Leaders Agree To Talks"));
        assert_eq!(c.byline.as_deref(), Some("Jane Q Public"));
        assert_eq!(c.published.as_deref(), Some("2022-02-25"));
        assert_eq!(
            c.text,
            "The leaders of both countries agreed on Friday to hold talks next week in the capital.\n\nMore details emerged later."
        );
        let r = reasons(&c);
        assert!(r.contains(&("repeated title", "Leaders Agree To Talks")));
        assert!(r.contains(&("date stamp", "Fri, 02/25/2022 - 09:06")));
    }

    #[test]
    fn agency_dateline() {
        let raw = "Talks resume in the capital\n\nMarch 21 (UPI) — Negotiators resumed talks on Tuesday after a week-long pause.\n\nThe talks will continue.";
        let c = clean_text(raw, None, None);
        assert_eq!(c.outlet.as_deref(), Some("UPI"));
        assert_eq!(c.partial_date.as_deref(), Some("XXXX-03-21"));
        assert!(c.text.starts_with("Negotiators resumed talks"));

        let c = clean_text(
            "MOSCOW, Feb 25, 2022 (Reuters) - Russia said on Friday it would send a delegation.",
            None,
            None,
        );
        assert_eq!(c.outlet.as_deref(), Some("Reuters"));
        assert_eq!(c.published.as_deref(), Some("2022-02-25"));
        assert_eq!(c.text, "Russia said on Friday it would send a delegation.");
    }

    #[test]
    fn keeps_short_real_paragraphs() {
        let raw = "The ministers met for three hours in the capital on Thursday.\n\nThe statement did not mention Ukraine.";
        let c = clean_text(raw, None, None);
        assert_eq!(c.text, "The ministers met for three hours in the capital on Thursday.\n\nThe statement did not mention Ukraine.");
        assert!(c.removed.is_empty());
    }

    #[test]
    fn long_paragraph_with_cta_words_is_content() {
        let raw = "The company said it would subscribe to the new agreement and sign up more partners in the coming months, a spokesperson said on Monday.";
        let c = clean_text(raw, None, None);
        assert_eq!(c.text, raw);
    }

    #[test]
    fn photo_caption() {
        let raw = "The two leaders met in the capital on Monday. Photo by Pool/Agency\n\nThe two leaders met in the capital on Monday, officials said, and discussed trade.";
        let c = clean_text(raw, None, None);
        assert_eq!(
            c.text,
            "The two leaders met in the capital on Monday, officials said, and discussed trade."
        );
        assert_eq!(c.removed[0].reason, "photo caption");
    }
}
