//! The section tree of a plan: "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) …", "2.1. …",
//! each with a path ("IV.1", "II.2.1", "IV.3.b") so a search hit can say where it is.
//!
//! Markers are read from the start of lines after markdown decoration (`####`, `**`)
//! is stripped. OCR misreads Roman numerals ("IL.", "I11.", "l1l."), so a numeral with
//! OCR letters in it takes the next number in sequence instead of its face value.

use std::sync::OnceLock;

use regex::Regex;

use super::Section;
use super::text::{Line, heading_break, lines};
use crate::text::fold::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Roman(u32),
    Arabic(usize),
    Letter,
}

fn roman_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^([IVXLl1]{1,5})\s*[.\-/)]\s*(\S.*)?$").expect("roman"))
}

fn arabic_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s*(\S.*)$").expect("arabic"))
}

fn letter_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^([a-zA-ZđĐ¢])\s*\)\s*(\S.*)$").expect("letter"))
}

fn roman_value(s: &str) -> Option<u32> {
    let val = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(val).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&n| n > d) {
            total -= d as i32;
        } else {
            total += d as i32;
        }
    }
    (total > 0 && total <= 20).then_some(total as u32)
}

/// Roman numeral for a section number.
pub fn to_roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Reads a section marker at the start of a cleaned line: the marker, its path
/// component and the rest of the line.
fn marker(clean: &str, prev_roman: u32) -> Option<(Marker, String)> {
    if let Some(c) = roman_re().captures(clean) {
        let tok = &c[1];
        let rest = c.get(2).map_or("", |m| m.as_str());
        let rest_ok = rest.chars().next().is_none_or(|ch| ch.is_uppercase());
        let romanish =
            tok.contains(['I', 'V', 'X']) || (tok.len() >= 2 && tok.contains(['l', 'L']));
        if romanish && rest_ok {
            let mapped: String = tok
                .chars()
                .map(|ch| {
                    if matches!(ch, 'l' | 'L' | '1') {
                        'I'
                    } else {
                        ch
                    }
                })
                .collect();
            let ocr = mapped != tok;
            let face = roman_value(&mapped);
            let v = match face {
                Some(v) if v == prev_roman + 1 || (!ocr && v > prev_roman) => v,
                _ if ocr || face.is_none() => prev_roman + 1,
                _ => return None,
            };
            return Some((Marker::Roman(v), to_roman(v)));
        }
    }
    if let Some(c) = arabic_re().captures(clean) {
        let num = c[1].to_string();
        let first = c[2].chars().next()?;
        let ok = first.is_alphabetic()
            && num
                .split('.')
                .all(|p| p.parse::<u32>().is_ok_and(|v| (1..=40).contains(&v)));
        if ok {
            return Some((Marker::Arabic(num.matches('.').count() + 1), num));
        }
    }
    if let Some(c) = letter_re().captures(clean) {
        let l = c[1].chars().next()?;
        let first = c[2].chars().next()?;
        if first.is_alphabetic() {
            let l = match l {
                '¢' => 'c',
                'Đ' | 'đ' => 'đ',
                l => l.to_ascii_lowercase(),
            };
            return Some((Marker::Letter, l.to_string()));
        }
    }
    None
}

fn level(m: Marker) -> usize {
    match m {
        Marker::Roman(_) => 1,
        Marker::Arabic(depth) => 1 + depth,
        Marker::Letter => 10,
    }
}

/// Heading text of a marker line: up to a colon, markdown decoration removed, with
/// the following line(s) when the heading visibly continues there.
fn heading_of(all: &[Line<'_>], idx: usize, m: Marker) -> String {
    let clean = all[idx].clean;
    // A bold heading whose `**` closes on a later line wraps there
    // ("**8. Ngân hàng Nhà nước Việt\nNam - Chi nhánh Khu vực II:** Chủ trì …").
    if all[idx].raw.matches("**").count() % 2 == 1 {
        let mut h = clean.trim().to_string();
        for next in all.iter().skip(idx + 1).take(2) {
            let next = next.raw.trim();
            let close = next.find("**");
            let stop = next.find(':').into_iter().chain(close).min();
            h.push(' ');
            h.push_str(stop.map_or(next, |p| &next[..p]));
            if stop.is_some() {
                break;
            }
        }
        let h = h.split(':').next().unwrap_or_default();
        return h
            .trim_matches(|c: char| c == '*' || c.is_whitespace())
            .to_string();
    }
    if let Some(p) = clean.find(':') {
        return clean[..p].trim().trim_end_matches('*').trim().to_string();
    }
    let mut h = clean.trim().to_string();
    if m != Marker::Letter {
        let mut j = idx + 1;
        while j < all.len() && j <= idx + 2 && !heading_break(&h) {
            let next = all[j].clean.trim();
            if next.is_empty() || next.starts_with(['-', '+', '•']) || marker(next, 0).is_some() {
                break;
            }
            // A wrapped heading goes on in lower case, or with a word or two ("CCHC").
            let lower = next.chars().next().is_some_and(char::is_lowercase);
            let short = next.split_whitespace().count() <= 3 && !heading_break(next);
            if !lower && !short {
                break;
            }
            let cut = next.find([':', ';', '.']).map_or(next, |p| &next[..p]);
            h.push(' ');
            h.push_str(cut.trim());
            if cut.len() < next.len() {
                break;
            }
            j += 1;
        }
    }
    h.trim_matches(|c: char| c == '*' || c.is_whitespace())
        .to_string()
}

/// The section tree of `text`, in document order (parents before children).
pub fn sections(text: &str) -> Vec<Section> {
    let all = lines(text);
    // The body ends where the recipient list or the appendix begins.
    let end_of_body = all
        .iter()
        .position(|l| {
            let f = fold(l.clean);
            f.starts_with("noi nhan") || f.starts_with("noi nhgn")
        })
        .map_or(text.len(), |i| all[i].start);
    struct Open {
        idx: usize,
        level: usize,
        comp: String,
    }
    let mut out: Vec<Section> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut prev_roman = 0;
    let mut body_start: Vec<usize> = Vec::new();
    let mut first_child: Vec<Option<usize>> = Vec::new();
    for (i, line) in all.iter().enumerate() {
        if line.start >= end_of_body {
            break;
        }
        let Some((m, comp)) = marker(line.clean, prev_roman) else {
            continue;
        };
        if let Marker::Roman(v) = m {
            prev_roman = v;
        }
        let lv = level(m);
        while stack.last().is_some_and(|o| o.level >= lv) {
            let o = stack.pop().expect("open");
            out[o.idx].end = line.start;
        }
        let comp = match stack.last() {
            Some(parent) if comp.starts_with(&format!("{}.", parent.comp)) => {
                comp[parent.comp.len() + 1..].to_string()
            }
            _ => comp,
        };
        let path = match stack.last() {
            Some(p) => format!("{}.{}", out[p.idx].path, comp),
            None => comp.clone(),
        };
        if let Some(p) = stack.last()
            && first_child[p.idx].is_none()
        {
            first_child[p.idx] = Some(line.start);
        }
        let heading = heading_of(&all, i, m);
        stack.push(Open {
            idx: out.len(),
            level: lv,
            comp,
        });
        out.push(Section {
            path,
            heading,
            text: String::new(),
            start: line.start,
            end: end_of_body,
        });
        body_start.push(line.end);
        first_child.push(None);
    }
    for (k, s) in out.iter_mut().enumerate() {
        let own_end = first_child[k]
            .unwrap_or(s.end)
            .max(body_start[k])
            .min(s.end.max(body_start[k]));
        let from = body_start[k].min(own_end);
        s.text = text[from..own_end].trim().to_string();
    }
    out
}

/// The chain of sections containing byte `offset`, outermost first.
pub fn chain_at(sections: &[Section], offset: usize) -> Vec<&Section> {
    let mut chain: Vec<&Section> = sections
        .iter()
        .filter(|s| s.start <= offset && offset < s.end)
        .collect();
    chain.sort_by_key(|s| s.path.matches('.').count());
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("III"), Some(3));
        assert_eq!(to_roman(4), "IV");
        assert_eq!(to_roman(9), "IX");
    }

    #[test]
    fn builds_tree() {
        let text = "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n1. Mục đích\n- nâng cao\n2. Yêu cầu\na) một\nb) hai\nIL. NỘI DUNG\n2.1. Tuyên truyền\nl1l. TỔ CHỨC\n#### **1. Phòng Nội vụ:**\nChủ trì.\nNơi nhận:\n- A;";
        let s = sections(text);
        let paths: Vec<&str> = s.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "I", "I.1", "I.2", "I.2.a", "I.2.b", "II", "II.2.1", "III", "III.1"
            ]
        );
        assert_eq!(s[8].heading, "1. Phòng Nội vụ");
        assert_eq!(s[8].text, "Chủ trì.");
        assert_eq!(s[1].text, "- nâng cao");
        let off = text.find("Chủ trì").unwrap();
        let chain: Vec<&str> = chain_at(&s, off).iter().map(|s| s.path.as_str()).collect();
        assert_eq!(chain, ["III", "III.1"]);
        assert!(chain_at(&s, text.find("A;").unwrap()).is_empty());
    }

    #[test]
    fn heading_continues() {
        let text = "IV. TỔ CHỨC\n**8. Ngân hàng Nhà nước Việt\nNam - Chi nhánh Khu vực II:** Chủ trì.\n**9. Công an tỉnh:** Chủ trì.";
        let s = sections(text);
        assert_eq!(
            s[1].heading,
            "8. Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II"
        );
        assert_eq!(s[2].heading, "9. Công an tỉnh");
        let text = "I. ND\n2. Tuyên truyền về các hoạt động trong công tác\nCCHC\n\n- nội dung";
        let s = sections(text);
        assert_eq!(
            s[1].heading,
            "2. Tuyên truyền về các hoạt động trong công tác CCHC"
        );
    }
}
