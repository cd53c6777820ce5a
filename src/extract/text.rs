//! Lines of a plan with markdown decoration stripped, keeping byte offsets into the
//! display text so sections and matches point at the text as written.

/// One line: byte range in the text, the raw line and its cleaned form.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub start: usize,
    pub end: usize,
    pub raw: &'a str,
    /// The line without leading `#`, `>`, `*`, `_`, `|` decoration and trailing `*`/`_`
    /// emphasis, trimmed. A sub-slice of `raw`.
    pub clean: &'a str,
}

/// Strips markdown decoration from both ends of a line.
pub fn clean_line(raw: &str) -> &str {
    let s = raw.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '#' | '>' | '*' | '_' | '|')
    });
    s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '|'))
}

/// The lines of `text`.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split('\n') {
        let end = start + raw.len();
        out.push(Line {
            start,
            end,
            raw,
            clean: clean_line(raw),
        });
        start = end + 1;
    }
    out
}

/// Whether a heading ends a sentence (so the next line is not its continuation).
pub fn heading_break(h: &str) -> bool {
    h.trim_end().ends_with(['.', ':', ';', '!', '?'])
}

/// Removes inline emphasis markers and collapses whitespace.
pub fn tidy(s: &str) -> String {
    let s = s.replace("**", "").replace(['*', '_'], " ");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_lines() {
        let cases = [
            ("#### **1. Phòng Nội vụ:**", "1. Phòng Nội vụ:"),
            ("  - Phòng Nội vụ;", "- Phòng Nội vụ;"),
            ("*Gio Linh, ngày 08*", "Gio Linh, ngày 08"),
            ("| a | b |", "a | b"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_line(raw), want);
        }
        assert_eq!(tidy("**Tuyên  truyền**  năm"), "Tuyên truyền năm");
        let ls = lines("a\n\nb");
        assert_eq!((ls[2].start, ls[2].clean), (3, "b"));
    }
}
