//! Rule-based tokenizer and sentence splitter for news English.
//!
//! Tokenisation follows Universal Dependencies / Penn Treebank conventions as used in the
//! English Web Treebank: clitics are split (`don't` → `do n't`, `Russia's` → `Russia 's`),
//! punctuation is separated, hyphenated compounds are split except after common prefixes,
//! abbreviations and initials keep their period, and numbers, dates, times, URLs, e-mail
//! addresses, hashtags and mentions stay whole.

use crate::Span;

/// A sentence as produced by [`split_sentences`]: byte span plus token index range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Start byte offset of the first token.
    pub start: usize,
    /// End byte offset of the last token (exclusive).
    pub end: usize,
    /// Range of token indices.
    pub tokens: std::ops::Range<usize>,
}

/// Abbreviations (lowercase, without the final period) that keep their period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
    "maj", "rep", "reps", "sen", "sens", "gov", "pres", "supt", "st", "ste", "jr", "sr", "rev",
    "hon", "fr", "mt", "ft", "vs", "etc", "inc", "corp", "ltd", "co", "cos", "bros", "llc", "plc",
    "dept", "univ", "assn", "ave", "blvd", "rd", "hwy", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "approx", "al", "cf", "fig", "figs", "vol", "vols", "ed", "eds", "pp",
    "ca", "esp", "est", "min", "max", "mln", "bln", "no", "nos", "op", "gov't", "dist", "div",
    "ct", "mass", "calif", "conn", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mich",
    "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "penn", "tenn", "tex", "va",
    "vt", "wash", "wis", "wyo", "ariz", "ark", "colo", "del", "ala",
];

/// Abbreviations that are titles or otherwise never end a sentence.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
    "maj", "rep", "reps", "sen", "sens", "gov", "pres", "supt", "st", "rev", "hon", "fr", "mt",
    "ft", "vs", "cf", "fig", "vol", "no", "nos", "op", "e.g", "i.e", "approx", "ca",
];

/// Capitalised words that clearly start a sentence after an abbreviation or initial.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "My",
    "In",
    "On",
    "At",
    "For",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "Although",
    "Though",
    "Because",
    "Since",
    "Meanwhile",
    "However",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Every",
    "No",
    "None",
    "One",
    "Other",
    "Others",
    "Such",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Which",
    "Then",
    "Now",
    "Still",
    "Also",
    "Later",
    "Earlier",
    "According",
    "Officials",
    "Police",
    "Asked",
];

/// Prefixes after which a hyphen does not split the word (as in the English Web Treebank).
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "anti", "re", "un", "multi", "ex", "vice", "mid", "sub",
    "inter", "pro", "semi", "self", "counter", "over", "under", "cross", "de", "bi", "tri", "neo",
    "quasi", "ultra", "micro", "macro", "mega", "mini",
];

const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m"];

fn is_sep(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ')
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '«' | '»' | '„' | '‚' | '‹' | '›' | '「' | '」' | '『' | '』'
    )
}

/// Characters that always form tokens of their own (runs of the same dash/dot aside).
fn is_hard(c: char) -> bool {
    is_quote(c)
        || matches!(
            c,
            '(' | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '—'
                | '–'
                | '―'
                | '‒'
                | ';'
                | '!'
                | '?'
                | '…'
                | '|'
                | '•'
                | '·'
                | '='
                | '<'
                | '>'
                | '~'
                | '*'
                | '^'
                | '¡'
                | '¿'
                | '†'
                | '‡'
                | '§'
                | '¶'
                | '。'
                | '、'
                | '，'
                | '！'
                | '？'
        )
}

fn starts_url(s: &str) -> bool {
    let l = s.as_bytes();
    let pre = |p: &str| l.len() > p.len() && l[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    pre("http://") || pre("https://") || pre("www.") || pre("ftp://")
}

fn is_email(s: &str) -> bool {
    match s.find('@') {
        Some(at) if at > 0 => {
            let dom = &s[at + 1..];
            dom.contains('.')
                && !dom.starts_with('.')
                && !dom.ends_with('.')
                && s.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '+'))
        }
        _ => false,
    }
}

fn is_abbrev(core: &str, next_is_digit: bool) -> bool {
    if core.is_empty() || core.len() > 12 {
        return false;
    }
    let mut chars = core.chars();
    let first = chars.next().unwrap_or(' ');
    // single letter initial: "J."
    if chars.next().is_none() {
        return first.is_alphabetic();
    }
    // letters with internal dots: "U.S", "a.m", "Ph.D"
    if core.contains('.')
        && core.chars().all(|c| c.is_alphabetic() || c == '.')
        && !core.contains("..")
    {
        return true;
    }
    let lower = core.to_lowercase();
    if lower == "no" || lower == "nos" {
        return next_is_digit && first.is_uppercase();
    }
    ABBREVIATIONS.contains(&lower.as_str())
}

struct Tok<'a> {
    text: &'a str,
    out: Vec<Span>,
}

impl<'a> Tok<'a> {
    fn emit(&mut self, a: usize, b: usize) {
        if a < b {
            self.out.push(Span { start: a, end: b });
        }
    }

    /// Next non-separator char after byte offset `b`.
    fn next_char(&self, b: usize) -> Option<char> {
        self.text
            .get(b..)?
            .chars()
            .find(|c| !is_sep(*c) && !is_quote(*c))
    }

    fn chunk(&mut self, a: usize, b: usize) {
        let s = &self.text[a..b];
        // URLs, e-mails (after trimming edge punctuation)
        let (la, lb) = trim_edges(s);
        let core = &s[la..lb];
        if starts_url(core) || is_email(core) {
            self.edge_punct(a, a + la);
            self.emit(a + la, a + lb);
            self.edge_punct(a + lb, b);
            return;
        }
        // split at hard characters with context exceptions
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let n = chars.len();
        let mut piece_start = 0usize; // byte offset within s
        let mut i = 0;
        while i < n {
            let (off, c) = chars[i];
            let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
            let next = chars.get(i + 1).map(|x| x.1);
            let digit_both = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|x| x.is_ascii_digit());
            let split_len: Option<usize> = if is_hard(c) {
                // keep runs of the same dash together
                let mut j = i + 1;
                if matches!(c, '—' | '–') {
                    while j < n && chars[j].1 == c {
                        j += 1;
                    }
                } else if matches!(c, '!' | '?') {
                    while j < n && matches!(chars[j].1, '!' | '?') {
                        j += 1;
                    }
                }
                Some(j - i)
            } else if c == '.' && next == Some('.') {
                let mut j = i + 1;
                while j < n && chars[j].1 == '.' {
                    j += 1;
                }
                Some(j - i)
            } else if c == ',' {
                let three = i + 3 < n
                    && chars[i + 1..i + 4].iter().all(|x| x.1.is_ascii_digit())
                    && chars.get(i + 4).is_none_or(|x| !x.1.is_ascii_digit());
                if prev.is_some_and(|p| p.is_ascii_digit()) && three {
                    None
                } else {
                    Some(1)
                }
            } else if c == ':' || c == '/' {
                if digit_both {
                    None
                } else {
                    Some(1)
                }
            } else if c == '-' {
                if next == Some('-') {
                    let mut j = i + 1;
                    while j < n && chars[j].1 == '-' {
                        j += 1;
                    }
                    Some(j - i)
                } else if digit_both
                    || (i == piece_start_index(&chars, piece_start)
                        && next.is_some_and(|x| x.is_ascii_digit()))
                    || next.is_none()
                    || prev.is_none()
                {
                    if prev.is_none() || next.is_none() {
                        // leading/trailing hyphen: negative number keeps it
                        if prev.is_none() && next.is_some_and(|x| x.is_ascii_digit()) {
                            None
                        } else {
                            Some(1)
                        }
                    } else {
                        None
                    }
                } else {
                    let left = &s[piece_start..off];
                    let left_ok = {
                        let l = left.trim_start_matches(|c: char| is_apos(c) || c == '$');
                        let lc = l.to_lowercase();
                        (l.chars().count() == 1 && l.chars().all(|c| c.is_alphabetic()))
                            || HYPHEN_PREFIXES.contains(&lc.as_str())
                    };
                    if left_ok && next.is_some_and(|x| x.is_alphanumeric()) {
                        None
                    } else {
                        Some(1)
                    }
                }
            } else {
                None
            };
            if let Some(len) = split_len {
                self.piece(a + piece_start, a + off);
                let end = chars.get(i + len).map_or(s.len(), |x| x.0);
                self.emit(a + off, a + end);
                i += len;
                piece_start = end;
            } else {
                i += 1;
            }
        }
        self.piece(a + piece_start, b);
    }

    /// Emits edge punctuation characters one per token.
    fn edge_punct(&mut self, a: usize, b: usize) {
        for (o, c) in self.text[a..b].char_indices() {
            self.emit(a + o, a + o + c.len_utf8());
        }
    }

    /// Handles a piece without hard characters: edge apostrophes, currency, %, periods, clitics.
    fn piece(&mut self, mut a: usize, mut b: usize) {
        if a >= b {
            return;
        }
        let mut suffix: Vec<Span> = Vec::new();
        // leading
        loop {
            let s = &self.text[a..b];
            let Some(c) = s.chars().next() else { break };
            if is_apos(c) && s.len() > c.len_utf8() {
                let rest = &s[c.len_utf8()..];
                let rl = rest.to_lowercase();
                if CLITICS.contains(&rl.as_str())
                    || rl == "t"
                    || rl == "em"
                    || rl == "til"
                    || rl == "cause"
                {
                    break;
                }
                if rest.starts_with(|x: char| x.is_ascii_digit()) && rest.len() <= 4 {
                    break; // '90s
                }
                self.emit(a, a + c.len_utf8());
                a += c.len_utf8();
            } else if matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₽' | '#' | '@')
                && s.len() > c.len_utf8()
            {
                if matches!(c, '#' | '@') {
                    break; // hashtag / mention kept whole
                }
                self.emit(a, a + c.len_utf8());
                a += c.len_utf8();
            } else {
                break;
            }
        }
        // trailing
        loop {
            if a >= b {
                break;
            }
            let s = &self.text[a..b];
            let Some(c) = s.chars().next_back() else {
                break;
            };
            let cl = c.len_utf8();
            if s.len() == cl {
                break;
            }
            if is_apos(c) || c == '%' || c == ',' || c == ':' || c == '/' || c == '-' || c == '&' {
                suffix.push(Span {
                    start: b - cl,
                    end: b,
                });
                b -= cl;
            } else if c == '.' {
                let core = &s[..s.len() - 1];
                if is_abbrev(core, self.next_char(b).is_some_and(|x| x.is_ascii_digit())) {
                    break;
                }
                suffix.push(Span {
                    start: b - 1,
                    end: b,
                });
                b -= 1;
            } else {
                break;
            }
        }
        if a < b {
            self.core(a, b);
        }
        for sp in suffix.into_iter().rev() {
            self.out.push(sp);
        }
    }

    /// Splits clitics off a word.
    fn core(&mut self, a: usize, b: usize) {
        let s = &self.text[a..b];
        if s.len() > 64 || s.starts_with('#') || s.starts_with('@') {
            self.emit(a, b);
            return;
        }
        if s.contains(['\'', '’']) {
            for apos in ["'", "’"] {
                for (pre, cl) in std::iter::once(("n", "t")).chain(CLITICS.iter().map(|c| ("", *c)))
                {
                    let len = pre.len() + apos.len() + cl.len();
                    if s.len() <= len || !s.is_char_boundary(s.len() - len) {
                        continue;
                    }
                    let tail = &s.as_bytes()[s.len() - len..];
                    let want = [pre.as_bytes(), apos.as_bytes(), cl.as_bytes()].concat();
                    if tail.eq_ignore_ascii_case(&want) {
                        let cut = b - len;
                        self.emit(a, cut);
                        self.emit(cut, b);
                        return;
                    }
                }
            }
        } else if s.len() <= 6 {
            for (w, k) in [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)] {
                if s.eq_ignore_ascii_case(w) {
                    self.emit(a, a + k);
                    self.emit(a + k, b);
                    return;
                }
            }
        }
        self.emit(a, b);
    }
}

fn piece_start_index(chars: &[(usize, char)], byte: usize) -> usize {
    chars.iter().position(|x| x.0 == byte).unwrap_or(usize::MAX)
}

/// Byte range of `s` without leading/trailing punctuation that can surround a URL or e-mail.
fn trim_edges(s: &str) -> (usize, usize) {
    let edge = |c: char| {
        is_quote(c)
            || is_apos(c)
            || matches!(
                c,
                '(' | ')' | '[' | ']' | '<' | '>' | ',' | ';' | ':' | '!' | '?' | '.'
            )
    };
    let start = s
        .char_indices()
        .find(|(_, c)| !edge(*c))
        .map_or(s.len(), |x| x.0);
    let end = s
        .char_indices()
        .rev()
        .find(|(_, c)| !edge(*c))
        .map_or(start, |(o, c)| o + c.len_utf8());
    (start, end.max(start))
}

/// Splits `text` into tokens (byte spans, increasing, non-overlapping, on char boundaries).
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut t = Tok {
        text,
        out: Vec::with_capacity(text.len() / 5 + 1),
    };
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_sep(c) {
            if let Some(s) = start.take() {
                t.chunk(s, i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        t.chunk(s, text.len());
    }
    t.out
}

fn is_terminal(tok: &str) -> bool {
    !tok.is_empty()
        && tok
            .chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？'))
}

fn is_closer(tok: &str) -> bool {
    tok.chars().count() == 1
        && tok.chars().all(|c| {
            matches!(
                c,
                '"' | '”' | '’' | '\'' | '»' | ')' | ']' | '}' | '›' | '」' | '』'
            )
        })
}

fn is_opener(tok: &str) -> bool {
    tok.chars().count() == 1
        && tok
            .chars()
            .all(|c| matches!(c, '"' | '“' | '‘' | '\'' | '«' | '(' | '[' | '„' | '‹'))
}

fn starts_lower(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| c.is_lowercase())
}

fn starts_upper_or_digit(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || is_opener(&c.to_string())
            || matches!(c, '•' | '*' | '-' | '–' | '—')
    })
}

const CONTINUERS: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "for", "with", "by", "from",
    "that", "is", "was", "were", "are", "be", "as", "but", "his", "her", "their", "its", "said",
    "says", "has", "have", "had", "will", "would",
];

fn is_dash(t: &str) -> bool {
    matches!(t, "-" | "--" | "—" | "–")
}

/// If a dateline (`MOSCOW (Reuters) -`, `KYIV, Ukraine, Feb 24 (AP) —`) starts at `start`,
/// returns the index of its closing dash.
fn dateline_end<'t>(tok: &dyn Fn(usize) -> &'t str, start: usize, n: usize) -> Option<usize> {
    let first = tok(start);
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2
        || first.chars().any(|c| c.is_lowercase())
        || !first.chars().all(|c| c.is_alphabetic() || c == '.')
    {
        return None;
    }
    let mut in_paren = false;
    for j in start + 1..n.min(start + 14) {
        let t = tok(j);
        if in_paren {
            if t == ")" {
                in_paren = false;
            }
            continue;
        }
        if is_dash(t) {
            return if j + 1 < n && starts_upper_or_digit(tok(j + 1)) {
                Some(j)
            } else {
                None
            };
        }
        let ok = t == ","
            || t == "("
            || t.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if !ok {
            return None;
        }
        if t == "(" {
            in_paren = true;
        }
    }
    None
}

/// Groups tokens into sentences. A leading news dateline (`MOSCOW (Reuters) -`) is its own
/// sentence. Breaks after `.`, `!`, `?`, `…` (plus closing quotes or
/// brackets) unless a lowercase word follows; after abbreviations or initials only when a clear
/// sentence start follows; at blank lines; and after heading-like lines without final punctuation.
pub fn split_sentences(text: &str, tokens: &[Span]) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    let tok = |i: usize| -> &str {
        tokens
            .get(i)
            .and_then(|s| text.get(s.start..s.end))
            .unwrap_or("")
    };
    let gap = |i: usize| -> &str {
        match (tokens.get(i), tokens.get(i + 1)) {
            (Some(a), Some(b)) if a.end <= b.start => text.get(a.end..b.start).unwrap_or(""),
            _ => "",
        }
    };
    let mut start = 0usize;
    let mut i = 0usize;
    while i < tokens.len() {
        if i == start {
            if let Some(j) = dateline_end(&tok, start, tokens.len()) {
                out.push(SentenceSpan {
                    start: tokens[start].start,
                    end: tokens[j].end,
                    tokens: start..j + 1,
                });
                start = j + 1;
                i = j + 1;
                continue;
            }
        }
        let t = tok(i);
        let mut brk = false;
        let mut last = i;
        if is_terminal(t) {
            // absorb attached closing quotes/brackets
            while last + 1 < tokens.len() && is_closer(tok(last + 1)) && gap(last).is_empty() {
                last += 1;
            }
            let next = tok(last + 1);
            let nl = gap(last).contains('\n');
            brk = last + 1 >= tokens.len()
                || nl
                || !(starts_lower(next) || matches!(next, "," | ";" | ":" | ")" | "-"));
            if !brk {
                last = i;
            }
        } else if t.len() >= 2 && t.ends_with('.') && !t.ends_with("..") {
            // abbreviation or initial
            let core = t[..t.len() - 1].to_lowercase();
            let next = tok(i + 1);
            let after_quote = is_opener(next) && starts_upper_or_digit(tok(i + 2));
            let clear = STARTERS.contains(&next) || (after_quote && !next.is_empty());
            brk = !NEVER_FINAL.contains(&core.as_str()) && (clear || gap(i).contains('\n'));
        }
        let g = gap(last);
        let newlines = g.matches('\n').count();
        if !brk && newlines >= 2 {
            brk = true;
        } else if !brk && newlines == 1 {
            let t = tok(last);
            let next = tok(last + 1);
            let ends_punct = t.chars().all(|c| !c.is_alphanumeric()) && !is_closer(t);
            let cont = CONTINUERS.contains(&t.to_lowercase().as_str());
            if !ends_punct && !cont && starts_upper_or_digit(next) {
                brk = true;
            }
        }
        if brk || last + 1 >= tokens.len() {
            out.push(SentenceSpan {
                start: tokens[start].start,
                end: tokens[last].end,
                tokens: start..last + 1,
            });
            start = last + 1;
        }
        i = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|sp| &s[sp.start..sp.end]).collect()
    }

    fn sents(s: &str) -> Vec<&str> {
        let t = tokenize(s);
        split_sentences(s, &t)
            .iter()
            .map(|x| &s[x.start..x.end])
            .collect()
    }

    #[test]
    fn tokenizer_table() {
        let cases: &[(&str, &[&str])] = &[
            ("I don't know.", &["I", "do", "n't", "know", "."]),
            ("Russia's army", &["Russia", "'s", "army"]),
            ("Russia’s army", &["Russia", "’s", "army"]),
            (
                "They can't, won’t",
                &["They", "ca", "n't", ",", "wo", "n’t"],
            ),
            ("we're here", &["we", "'re", "here"]),
            ("the students' union", &["the", "students", "'", "union"]),
            (
                "In Feb. 2022 the U.S. said",
                &["In", "Feb.", "2022", "the", "U.S.", "said"],
            ),
            (
                "Gen. Mark Milley and Mr. Smith",
                &["Gen.", "Mark", "Milley", "and", "Mr.", "Smith"],
            ),
            (
                "Apple Inc. and Jan. 5",
                &["Apple", "Inc.", "and", "Jan.", "5"],
            ),
            ("J. R. R. Tolkien", &["J.", "R.", "R.", "Tolkien"]),
            (
                "\"Hello,\" he said.",
                &["\"", "Hello", ",", "\"", "he", "said", "."],
            ),
            (
                "“Quoted” and ‘single’",
                &["“", "Quoted", "”", "and", "‘", "single", "’"],
            ),
            (
                "«Bonjour» „Hallo“",
                &["«", "Bonjour", "»", "„", "Hallo", "“"],
            ),
            ("'Scare quotes'", &["'", "Scare", "quotes", "'"]),
            (
                "war—and peace – maybe",
                &["war", "—", "and", "peace", "–", "maybe"],
            ),
            ("a 12-point lead", &["a", "12", "-", "point", "lead"]),
            (
                "an e-mail from a co-worker",
                &["an", "e-mail", "from", "a", "co-worker"],
            ),
            (
                "$1,000.50 and 3.5% of 10,000",
                &["$", "1,000.50", "and", "3.5", "%", "of", "10,000"],
            ),
            (
                "on 02/25/2022 at 10:30",
                &["on", "02/25/2022", "at", "10:30"],
            ),
            (
                "see https://example.com/a?b=c. Or",
                &["see", "https://example.com/a?b=c", ".", "Or"],
            ),
            (
                "mail john.doe@example.org now",
                &["mail", "john.doe@example.org", "now"],
            ),
            ("#Ukraine and @POTUS", &["#Ukraine", "and", "@POTUS"]),
            ("Wait… what...", &["Wait", "…", "what", "..."]),
            (
                "MOSCOW (Reuters) - Russia",
                &["MOSCOW", "(", "Reuters", ")", "-", "Russia"],
            ),
            ("and/or", &["and", "/", "or"]),
            ("the '90s", &["the", "'90s"]),
            ("-5 degrees", &["-5", "degrees"]),
            ("Really?!", &["Really", "?!"]),
            ("(see above).", &["(", "see", "above", ")", "."]),
            ("I cannot", &["I", "can", "not"]),
            ("at 5 p.m. today", &["at", "5", "p.m.", "today"]),
        ];
        for (input, expected) in cases {
            assert_eq!(&toks(input), expected, "input: {input}");
        }
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            ("He left. She stayed.", &["He left.", "She stayed."]),
            (
                "Mr. Smith met Gen. Jones in the U.S. capital. Then he left.",
                &[
                    "Mr. Smith met Gen. Jones in the U.S. capital.",
                    "Then he left.",
                ],
            ),
            (
                "\"Go!\" he said. We went.",
                &["\"Go!\" he said.", "We went."],
            ),
            (
                "She said: \"It's over.\" Then she left.",
                &["She said: \"It's over.\"", "Then she left."],
            ),
            (
                "He works for Apple Inc. The firm grew.",
                &["He works for Apple Inc.", "The firm grew."],
            ),
            (
                "J. R. R. Tolkien wrote it. Really?",
                &["J. R. R. Tolkien wrote it.", "Really?"],
            ),
            (
                "Big Headline\nMOSCOW (Reuters) - Troops moved.",
                &["Big Headline", "MOSCOW (Reuters) -", "Troops moved."],
            ),
            (
                "KYIV, Ukraine (AP) — Sirens sounded. NATO met.",
                &["KYIV, Ukraine (AP) —", "Sirens sounded.", "NATO met."],
            ),
            (
                "NATO - the alliance - met.",
                &["NATO - the alliance - met."],
            ),
            (
                "First para without stop\n\nSecond para.",
                &["First para without stop", "Second para."],
            ),
            (
                "On Feb. 24 troops crossed. Why?",
                &["On Feb. 24 troops crossed.", "Why?"],
            ),
            (
                "Wait… what happened (really)? Nothing.",
                &["Wait… what happened (really)?", "Nothing."],
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(&sents(input), expected, "input: {input}");
        }
    }

    #[test]
    fn weird_inputs() {
        for s in [
            "",
            " ",
            "\n\n\n",
            "\u{0}\u{1}abc\u{7}",
            "'''",
            "\"\"\"",
            "...",
            "-",
            "--",
            "'s",
            "a'",
            "Ł'ódź’s",
            "日本語のテキスト。次の文。",
            "x".repeat(10000).as_str(),
        ] {
            let t = tokenize(s);
            for w in t.windows(2) {
                assert!(w[0].end <= w[1].start);
            }
            for sp in &t {
                assert!(
                    sp.start < sp.end && s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end)
                );
            }
            let ss = split_sentences(s, &t);
            let covered: usize = ss.iter().map(|x| x.tokens.len()).sum();
            assert_eq!(covered, t.len());
        }
    }
}
