//! Making target-supplied text safe to show.
//!
//! Messages and transcripts quote what the target sent. A hostile or broken target can put
//! terminal escape sequences, carriage returns or bidirectional overrides in them to forge or
//! hide lines of a report. Writers pass every model string through these functions; they
//! only ever remove characters or turn line breaks into spaces, never add text.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or a report: C0 controls, DEL, C1 controls, the
/// Unicode bidirectional embedding/override/isolate controls, and the two XML 1.0
/// non-characters U+FFFE and U+FFFF.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// One line of text: tabs, carriage returns and line feeds become a space, every other
/// unsafe character is removed.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\t' | '\r' | '\n' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Several lines of text (a transcript): line feeds and tabs are kept, every other unsafe
/// character (carriage returns included) is removed.
pub fn multi_line(s: &str) -> Cow<'_, str> {
    let keep = |c: char| matches!(c, '\n' | '\t') || !is_unsafe(c);
    if s.chars().all(keep) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| keep(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        assert!(matches!(one_line("plain ünïcode"), Cow::Borrowed(_)));
        assert!(matches!(multi_line("a\n\tb"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_bidi_controls_are_removed() {
        assert_eq!(one_line("a\u{1b}[31mred\u{7f}\u{9b}b"), "a[31mredb");
        assert_eq!(one_line("x\u{202E}y\u{2066}z"), "xyz");
        assert_eq!(one_line("\u{0}nul\u{FFFF}\u{FFFE}"), "nul");
    }

    #[test]
    fn line_breaks_become_spaces_in_one_line_and_stay_in_multi_line() {
        assert_eq!(one_line("a\r\nb\tc"), "a  b c");
        assert_eq!(multi_line("a\r\nb\u{1b}c"), "a\nbc");
    }
}
