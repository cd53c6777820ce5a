//! The words of a query marked in a whole plan, for the plan page.
//!
//! Marking happens on the server, through the same folded analyzer the index uses,
//! so a query typed without diacritics marks `cải cách` and OCR text such as `cii
//! cach` (repaired to `cai cach`), and an acronym marks its written-out form. The
//! browser could only compare folded strings and would miss both.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::query::Query;
use utoipa::ToSchema;

use super::build::text_query;
use super::parse::parse;
use crate::analysis::cache::folded_tokens;
use crate::index::schema::Fields;

/// A byte range `[start, end)` of a text (UTF-8 offsets, as the API's other
/// offsets), to show marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
}

/// Most ranges returned for one plan: enough for any real page, bounded for a query
/// of common words over a huge text.
pub const MAX_MARKS: usize = 5000;

/// Byte ranges `[start, end)` of `text` matching the required words of `q`, sorted
/// and without overlaps. Excluded words (`-word`) are not marked.
pub fn marks(fields: &Fields, q: &str, text: &str) -> Vec<(usize, usize)> {
    let Some(query) = text_query(fields, &parse(q)) else {
        return Vec::new();
    };
    let terms = body_terms(fields, query.as_ref());
    if terms.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    for t in folded_tokens(text).iter() {
        if !terms.contains(t.text.as_str()) {
            continue;
        }
        let (start, end) = (t.offset_from, t.offset_to);
        match out.last_mut() {
            // Tokens at one position share offsets; an acronym key spans the words
            // already marked: merge instead of nesting.
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => {
                if out.len() == MAX_MARKS {
                    break;
                }
                out.push((start, end));
            }
        }
    }
    out
}

/// The folded body terms of a query: the words, acronym keys and document numbers
/// the plan text is searched for.
fn body_terms(fields: &Fields, query: &dyn Query) -> HashSet<String> {
    let mut terms = HashSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == fields.body_folded
            && let Some(s) = term.value().as_str()
        {
            terms.insert(s.to_string());
        }
    });
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::build_schema;

    fn fields() -> Fields {
        build_schema().1
    }

    fn marked(q: &str, text: &str) -> Vec<String> {
        marks(&fields(), q, text)
            .into_iter()
            .map(|(a, b)| text[a..b].to_string())
            .collect()
    }

    #[test]
    fn unaccented_query_marks_accented_and_ocr_words() {
        // OCR repair weighs a word by how mangled the whole text is: the second
        // sentence is OCR output, as in the seeds.
        let text =
            "Kế hoạch cải cách hành chính; tuyén truyén cii cach hanh chinh ctia huyén nim 2024.";
        let m = marked("cai cach", text);
        assert_eq!(m, ["cải", "cách", "cii", "cach"]);
    }

    #[test]
    fn excluded_and_empty_queries_mark_nothing() {
        let text = "cải cách hành chính";
        assert_eq!(marked("cai -hanh", text), ["cải"]);
        assert!(marked("", text).is_empty());
        assert!(marked("\"\" -", text).is_empty());
    }

    #[test]
    fn ranges_are_sorted_and_disjoint() {
        let text = "thủ tục hành chính (TTHC) và TTHC";
        let r = marks(&fields(), "TTHC", text);
        assert!(!r.is_empty());
        assert!(r.windows(2).all(|w| w[0].1 <= w[1].0), "{r:?}");
        assert!(
            r.iter()
                .all(|&(a, b)| text.is_char_boundary(a) && text.is_char_boundary(b))
        );
    }
}
