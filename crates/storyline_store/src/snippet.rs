//! Search snippets made from a hit's text (the SQLite index keeps no copy of the text to
//! cut them from).

/// The words of a search query: runs of letters and digits, lower-cased.
pub(crate) fn query_words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.dedup();
    words
}

/// Words of the snippet.
const WINDOW: usize = 16;

/// A passage of `text` around the first place with the most query words within
/// [`WINDOW`] words, matches in `[brackets]`, cuts marked ` … `.
pub(crate) fn snippet(text: &str, words: &[String]) -> String {
    // Word spans of the text.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    if spans.is_empty() {
        return String::new();
    }
    let hit: Vec<bool> = spans
        .iter()
        .map(|&(s, e)| {
            let w = text[s..e].to_lowercase();
            words.contains(&w)
        })
        .collect();
    // The window with the most hits, earliest first; it starts a little before its first hit.
    let mut best = (0usize, 0usize);
    for first in 0..spans.len() {
        if !hit[first] {
            continue;
        }
        let n = hit[first..(first + WINDOW).min(spans.len())]
            .iter()
            .filter(|h| **h)
            .count();
        if n > best.1 {
            best = (first, n);
        }
    }
    let from = best.0.saturating_sub(3);
    let to = (from + WINDOW).min(spans.len());
    let mut out = String::new();
    if from > 0 {
        out.push_str(" … ");
    }
    let mut at = spans[from].0;
    for i in from..to {
        let (s, e) = spans[i];
        out.push_str(&text[at..s]);
        if hit[i] {
            out.push('[');
            out.push_str(&text[s..e]);
            out.push(']');
        } else {
            out.push_str(&text[s..e]);
        }
        at = e;
    }
    if to < spans.len() {
        out.push_str(" … ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_matches_around_the_best_place() {
        let text = "The weather was fine. Xi made the offer in a Wednesday phone call and offered to help facilitate peace talks.";
        let s = snippet(text, &query_words("PEACE talks"));
        assert!(s.contains("[peace] [talks]"), "{s}");
        assert!(s.starts_with(" … "), "{s}");
        assert_eq!(snippet("", &query_words("x")), "");
        assert_eq!(query_words("\"a AND (b*"), vec!["a", "and", "b"]);
    }
}
