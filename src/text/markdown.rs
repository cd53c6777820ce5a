//! Markdown to display text: the markup (`**`, `#`, table pipes, escapes) goes, the
//! words and the line structure stay, so snippets read like the plan and phrases are
//! not broken by markup.

/// Converts markdown to plain display text.
pub fn to_plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let trimmed = line.trim();
        // Table separator rows and decoration-only lines carry no words.
        if !trimmed.is_empty()
            && trimmed
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '='))
            && trimmed.contains('|')
        {
            out.push('\n');
            continue;
        }
        let mut l = trimmed.trim_start_matches('#').trim_start();
        if l.len() != trimmed.len() && !trimmed.starts_with('#') {
            l = trimmed;
        }
        let l = l.trim_start_matches('>').trim_start();
        let l = l.strip_prefix('|').unwrap_or(l);
        let l = l.strip_suffix('|').unwrap_or(l).trim();
        push_inline(l, &mut out);
        out.push('\n');
    }
    out
}

/// Removes inline emphasis and escapes from one line.
fn push_inline(line: &str, out: &mut String) {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '*' | '_' => {
                // A run of emphasis markers: drop it unless it is a list bullet
                // ("* item") or stands alone between spaces.
                let mut j = i;
                while j < chars.len() && chars[j] == c {
                    j += 1;
                }
                let before_space = i == 0 || chars[i - 1].is_whitespace();
                let after_space = j >= chars.len() || chars[j].is_whitespace();
                let bullet = c == '*' && i == 0 && j - i == 1 && after_space;
                if bullet || (before_space && after_space && j - i == 1 && c == '_') {
                    out.extend(&chars[i..j]);
                } else if c == '_' && !before_space && !after_space {
                    // snake_case or OCR debris inside a word: keep
                    out.extend(&chars[i..j]);
                }
                i = j;
                continue;
            }
            '|' => {
                out.push_str(" | ");
                i += 1;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_markup() {
        let cases = [
            ("## **KẾ HOẠCH**", "KẾ HOẠCH\n"),
            (
                "*Gio Linh, ngày 08 tháng 02 năm 2022*",
                "Gio Linh, ngày 08 tháng 02 năm 2022\n",
            ),
            ("| a | b |", "a  |  b\n"),
            ("|---|---|", "\n"),
            ("* item", "* item\n"),
            ("văn bản số 1\\. trên", "văn bản số 1. trên\n"),
            (
                "**Tuyên truyền năm 2020  \ntrên địa bàn**",
                "Tuyên truyền năm 2020\ntrên địa bàn\n",
            ),
        ];
        for (md, want) in cases {
            assert_eq!(to_plain(md), want, "to_plain({md:?})");
        }
    }
}
