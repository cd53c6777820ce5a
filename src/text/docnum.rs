//! Document numbers ("số hiệu văn bản") such as `76/NQ-CP`, `63/2010/NĐ-CP`,
//! `01-NQ/TU`: found in running text and normalized, so that searching for a number
//! finds exactly the plans that cite it however the number was typed or OCR-read.
//!
//! Normal form (plan-metadata.md): no spacing, letters upper-case except the
//! conventional `TTg`, `Đ` restored where OCR or an unaccented keyboard lost it
//! (`Qb-UBND`, `QD-UBND` → `QĐ-UBND`; `ND-CP` → `NĐ-CP`), from `data/doc_symbols.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::resources;
use crate::text::fold::fold;

/// A document number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumberMatch {
    /// Byte offset of the match in the text.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
    /// The number in normal form.
    pub normalized: String,
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // number [ /year ] separator symbol( separator symbol )*; the symbol parts are
        // letters (an upper-case one first, OCR may lower-case the rest), digits, `&`.
        Regex::new(
            r"(?x)
            (?-u:\b)(\d{1,5}[a-z]?)
            (?:\s?/\s?((?:19|20)\d{2}))?
            \s?[/\-–]\s?
            ((?:[A-ZĐ][\p{L}&]*\d*)(?:\s?[\-–/]\s?[A-ZĐ][\p{L}&]*\d*){0,3})
            ",
        )
        .expect("document number pattern")
    })
}

fn symbol_table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The main table wins over the extractor's additions.
        let mut table = HashMap::new();
        for name in ["doc_symbols_extra.tsv", "doc_symbols.tsv"] {
            let text = resources::load(name);
            table.extend(
                resources::tsv_rows(&text)
                    .filter(|r| r.len() >= 2)
                    .map(|r| (r[0].to_uppercase(), r[1].to_string())),
            );
        }
        table
    })
}

/// Normalizes one symbol segment (`nq`, `Qb`, `ttg`) to its canonical spelling.
fn normalize_segment(seg: &str) -> Option<String> {
    let folded = fold(seg).to_uppercase();
    if folded.is_empty()
        || !folded
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '&')
    {
        return None;
    }
    if let Some(canon) = symbol_table().get(&folded) {
        return Some(canon.clone());
    }
    // Keep a written Đ; otherwise upper-case.
    Some(seg.to_uppercase())
}

/// Normalizes a raw document number such as `38 /KH-UBND` or `76/nq-cp`.
/// Returns `None` when `raw` is not shaped like a document number.
pub fn normalize_doc_number(raw: &str) -> Option<String> {
    // Typed numbers may be all lower case; the pattern wants capitals.
    let raw = raw.trim().to_uppercase();
    let raw = raw.as_str();
    let m = find_doc_numbers(raw).into_iter().next()?;
    (m.start == 0 && m.end == raw.len()).then_some(m.normalized)
}

enum Piece<'a> {
    Segment(&'a str),
    Sep(char),
}

/// Splits `KH - UBND/TU` into segments and unified separators (`-` or `/`).
fn split_keeping_separators(symbol: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pending_sep: Option<char> = None;
    for (i, c) in symbol.char_indices() {
        if matches!(c, '-' | '–' | '/' | ' ') {
            if start < i {
                out.push(Piece::Segment(&symbol[start..i]));
            }
            if c != ' ' {
                pending_sep = Some(if c == '/' { '/' } else { '-' });
            }
            start = i + c.len_utf8();
        } else if let Some(sep) = pending_sep.take() {
            out.push(Piece::Sep(sep));
        }
    }
    if start < symbol.len() {
        out.push(Piece::Segment(&symbol[start..]));
    }
    out
}

/// Every document number in `text`, in order.
pub fn find_doc_numbers(text: &str) -> Vec<DocNumberMatch> {
    let mut out = Vec::new();
    for caps in pattern().captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let number = &caps[1];
        let symbol = &caps[3];
        // Require a real symbol: at least two capital letters overall (KH, NQ, QĐ…),
        // so "2021-Hà" or "5-Tuyên" are not taken for numbers.
        let capitals = symbol.chars().filter(|c| c.is_uppercase()).count();
        if capitals < 2 {
            continue;
        }
        let mut normalized = number.to_uppercase();
        if let Some(year) = caps.get(2) {
            normalized.push('/');
            normalized.push_str(year.as_str());
        }
        // The separator before the symbol as written: `/` or `-`.
        let between = &text[caps.get(2).unwrap_or(caps.get(1).expect("number")).end()
            ..caps.get(3).expect("symbol").start()];
        normalized.push(if between.contains('/') { '/' } else { '-' });
        let mut ok = true;
        for piece in split_keeping_separators(symbol) {
            match piece {
                Piece::Sep(sep) => normalized.push(sep),
                Piece::Segment(seg) => match normalize_segment(seg) {
                    Some(s) => normalized.push_str(&s),
                    None => ok = false,
                },
            }
        }
        if ok {
            out.push(DocNumberMatch {
                start: whole.start(),
                end: whole.end(),
                normalized,
            });
        }
    }
    out
}

/// The search key of a normalized number: folded to lower-case ASCII, so that
/// `76/nq-cp`, `76/NQ-CP` and OCR spellings meet at one index term.
pub fn doc_number_key(normalized: &str) -> String {
    fold(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_numbers() {
        let cases = [
            ("76/NQ-CP", Some("76/NQ-CP")),
            ("76/nq-cp", Some("76/NQ-CP")),
            ("63/2010/NĐ-CP", Some("63/2010/NĐ-CP")),
            ("63/2010/ND-CP", Some("63/2010/NĐ-CP")),
            ("01-NQ/TU", Some("01-NQ/TU")),
            ("38 /KH-UBND", Some("38/KH-UBND")),
            ("05/Qb-UBND", Some("05/QĐ-UBND")),
            ("05/QD-UBND", Some("05/QĐ-UBND")),
            ("225/QĐ-TTg", Some("225/QĐ-TTg")),
            ("225/QD-TTG", Some("225/QĐ-TTg")),
            ("28 /KH-SLDTBXH", Some("28/KH-SLĐTBXH")),
            ("57-NQ/TW", Some("57-NQ/TW")),
            ("11299/VPCP-KGVX", Some("11299/VPCP-KGVX")),
            ("01-DA/TU", Some("01-ĐA/TU")),
            ("01-ĐA/HU", Some("01-ĐA/HU")),
            ("15/7/2021", None),
            ("2021 - 2025", None),
            ("hello", None),
        ];
        for (raw, want) in cases {
            assert_eq!(
                normalize_doc_number(raw).as_deref(),
                want,
                "normalize_doc_number({raw:?})"
            );
        }
    }

    #[test]
    fn finds_numbers_in_text() {
        let text = "Căn cứ Kế hoạch số 59/KH-UBND ngày 10 tháng 01 năm 2024 và Nghị quyết 76/NQ-CP; S6: 38 /KH-UBND Giao Long";
        let found: Vec<_> = find_doc_numbers(text)
            .into_iter()
            .map(|m| m.normalized)
            .collect();
        assert_eq!(found, ["59/KH-UBND", "76/NQ-CP", "38/KH-UBND"]);
    }

    #[test]
    fn keys_are_folded() {
        assert_eq!(doc_number_key("63/2010/NĐ-CP"), "63/2010/nd-cp");
        assert_eq!(doc_number_key("225/QĐ-TTg"), "225/qd-ttg");
    }
}
