//! Whitespace normalisation helpers.

/// Collapse every run of whitespace to one space and trim both ends.
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Length in chars of `s` once whitespace runs are collapsed (leading and
/// trailing whitespace count as one char each at most).
pub fn collapsed_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_ws = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_ws {
                n += 1;
                in_ws = true;
            }
        } else {
            n += 1;
            in_ws = false;
        }
    }
    n
}

/// Truncate to at most `max` chars, appending `…` when cut.
pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ws() {
        assert_eq!(normalize_ws("  a \n\t b  "), "a b");
        assert_eq!(normalize_ws(""), "");
        assert_eq!(collapsed_len("a  b"), 3);
        assert_eq!(truncate_chars("héllo", 2), "hé…");
        assert_eq!(truncate_chars("hé", 2), "hé");
    }
}
