//! Quotation-mark scanning: finds the spans of text between quotation marks.
//!
//! Handles straight `"`, curly `“”`, single `‘’` (apostrophes are told apart
//! from closing marks by context), guillemets `«»`/`‹›` and low-9 `„`. A
//! paragraph that opens a quote without closing it continues into the next
//! paragraph when that paragraph reopens with a quote mark.

/// A quoted span of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// First byte of the quoted text (after the opening mark).
    pub start: usize,
    /// One past the last byte of the quoted text (before the closing mark).
    pub end: usize,
    /// One past the closing mark (equals `end` when the quote is unclosed).
    pub close_end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    Double,
    Single,
    Guillemet,
    SingleGuillemet,
}

/// What a character can do as a quotation mark.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Open(Family),
    Close(Family),
    Either(Family),
}

fn role(c: char, prev: Option<char>, next: Option<char>) -> Option<Role> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    match c {
        '"' | '\u{FF02}' => Some(Role::Either(Family::Double)),
        '“' | '„' | '‟' => Some(Role::Open(Family::Double)),
        '”' => Some(Role::Close(Family::Double)),
        '«' => Some(Role::Open(Family::Guillemet)),
        '»' => Some(Role::Close(Family::Guillemet)),
        '‹' => Some(Role::Open(Family::SingleGuillemet)),
        '›' => Some(Role::Close(Family::SingleGuillemet)),
        '‘' | '‚' => {
            // An opening single quote starts a word after a non-word.
            if !word(prev) && next.is_some_and(|n| !n.is_whitespace()) {
                Some(Role::Open(Family::Single))
            } else {
                None
            }
        }
        '’' | '\'' => {
            // Inside a word it is an apostrophe (Russia’s, don’t).
            if word(prev) && word(next) {
                None
            } else if !word(prev) && word(next) {
                if c == '\'' {
                    Some(Role::Open(Family::Single))
                } else {
                    // ’90s, ’em: apostrophes
                    None
                }
            } else if prev.is_some_and(|p| !p.is_whitespace()) && !word(next) {
                Some(Role::Close(Family::Single))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '‘'
            | '’'
            | '‚'
            | '\''
            | '\u{FF02}'
    )
}

/// Finds the quoted spans of `text`, in order, not nested (a single-quoted span
/// inside a double-quoted one is part of the outer quote).
pub fn scan(text: &str) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    // (family, open byte, start byte) of the open quote
    let mut open: Option<(Family, usize, usize)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|x| x.1);
        if c == '\n' {
            if let Some((fam, ob, st)) = open {
                // Paragraph ends with an open quote: continue when the next
                // paragraph reopens with a mark of the same family.
                let mut j = i;
                while j < chars.len() && chars[j].1.is_whitespace() {
                    j += 1;
                }
                let reopens = chars.get(j).is_some_and(|&(_, c2)| {
                    let p = if j > 0 { Some(chars[j - 1].1) } else { None };
                    let n = chars.get(j + 1).map(|x| x.1);
                    matches!(role(c2, p, n), Some(Role::Open(f)) | Some(Role::Either(f)) if f == fam)
                });
                if reopens {
                    i = j + 1;
                    continue;
                }
                // Unclosed at paragraph end: the quote ends here, unless it is tiny.
                let end = trim_end(text, st, b);
                if end > st {
                    out.push(QuoteSpan {
                        open: ob,
                        start: st,
                        end,
                        close_end: end,
                    });
                }
                open = None;
            }
            i += 1;
            continue;
        }
        let Some(r) = role(c, prev, next) else {
            i += 1;
            continue;
        };
        let after = b + c.len_utf8();
        match open {
            None => match r {
                Role::Open(f) => open = Some((f, b, after)),
                Role::Either(f) => {
                    // A straight quote opens unless it clearly closes (word before, no word after).
                    if !prev.is_some_and(char::is_alphanumeric)
                        || next.is_some_and(char::is_alphanumeric)
                    {
                        open = Some((f, b, after));
                    }
                }
                Role::Close(_) => {}
            },
            Some((fam, ob, st)) => {
                let closes = match r {
                    Role::Close(f) | Role::Either(f) => f == fam,
                    Role::Open(_) => false,
                };
                if closes {
                    if b > st {
                        out.push(QuoteSpan {
                            open: ob,
                            start: st,
                            end: b,
                            close_end: after,
                        });
                    }
                    open = None;
                } else if let Role::Open(f) = r {
                    // A new double quote while a single one is open: the single was an apostrophe.
                    if fam == Family::Single && f == Family::Double {
                        open = Some((f, b, after));
                    }
                }
            }
        }
        i += 1;
    }
    if let Some((_, ob, st)) = open {
        let end = trim_end(text, st, text.len());
        if end > st {
            out.push(QuoteSpan {
                open: ob,
                start: st,
                end,
                close_end: end,
            });
        }
    }
    out
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let s = &text[start..end];
    start + s.trim_end().len()
}

/// True when `c` is some quotation mark (including apostrophe-like marks).
pub fn is_quote_char(c: char) -> bool {
    is_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<&str> {
        scan(text).iter().map(|q| &text[q.start..q.end]).collect()
    }

    #[test]
    fn marks() {
        let cases: &[(&str, &[&str])] = &[
            ("He said \"go now\" and left.", &["go now"]),
            ("He said “go now” and left.", &["go now"]),
            ("the ‘incursion’ into Russia’s land", &["incursion"]),
            ("Russia’s plans don’t change", &[]),
            ("«Nous» and «vous»", &["Nous", "vous"]),
            ("“A ‘nested’ one,” he said.", &["A ‘nested’ one,"]),
            (
                "“First paragraph.\n\n“Second one,” he said.",
                &["First paragraph.\n\n“Second one,"],
            ),
            (
                "“Unclosed paragraph.\n\nNext paragraph.",
                &["Unclosed paragraph."],
            ),
            ("voters’ choice is ‘clear’.", &["clear"]),
            ("\"", &[]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(&inner(text), want, "{text}");
        }
    }
}
