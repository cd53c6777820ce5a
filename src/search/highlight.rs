//! The words of a query marked in a whole plan, for the plan page.
//!
//! Marking happens on the server, from the index's positions as the search
//! snippets do (see [`super::snippet`]), so a query typed without diacritics marks
//! `cải cách` and OCR text such as `cii cach` (repaired to `cai cach` when indexed),
//! an acronym marks its written-out form, and a word typed with diacritics marks
//! that spelling. The browser could only compare folded strings and would miss most
//! of these.

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use utoipa::ToSchema;

use super::build::text_query;
use super::parse::parse;
use super::snippet::SnippetMaker;
use crate::index::PlanIndex;
use crate::index::doc::id_term;

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

/// Byte ranges `[start, end)` of `text`, the text of the plan `id`, matching the
/// required words of `q`, sorted and without overlaps. Excluded words (`-word`) are
/// not marked.
pub fn marks(pi: &PlanIndex, q: &str, id: &str, text: &str) -> Result<Vec<(usize, usize)>> {
    let f = &pi.fields;
    let parsed = parse(q);
    let Some(query) = text_query(f, &parsed) else {
        return Ok(Vec::new());
    };
    let searcher = pi.reader.searcher();
    let by_id = TermQuery::new(id_term(f, id), IndexRecordOption::Basic);
    let Some(&(_, addr)) = searcher
        .search(&by_id, &TopDocs::with_limit(1).order_by_score())?
        .first()
    else {
        return Ok(Vec::new());
    };
    SnippetMaker::new(&searcher, query.as_ref(), f, 1)?
        .with_phrases(&parsed)
        .marks(&searcher, addr, text, MAX_MARKS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::write::{add_plan, plan_from_text};

    fn marked(q: &str, text: &str) -> Vec<String> {
        ranges(q, text)
            .into_iter()
            .map(|(a, b)| text[a..b].to_string())
            .collect()
    }

    fn ranges(q: &str, text: &str) -> Vec<(usize, usize)> {
        let pi = PlanIndex::create_in_ram().unwrap();
        let mut writer = pi.writer().unwrap();
        let plan = plan_from_text(text.to_string(), "t.txt");
        add_plan(&pi, &mut writer, &plan).unwrap();
        marks(&pi, q, plan.meta.id.as_deref().unwrap(), text).unwrap()
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
        let r = ranges("TTHC", text);
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(r.windows(2).all(|w| w[0].1 <= w[1].0), "{r:?}");
        assert!(
            r.iter()
                .all(|&(a, b)| text.is_char_boundary(a) && text.is_char_boundary(b))
        );
    }

    #[test]
    fn a_plan_the_index_lacks_has_no_marks() {
        let pi = PlanIndex::create_in_ram().unwrap();
        assert!(marks(&pi, "cai", "nope", "cải cách").unwrap().is_empty());
    }
}
