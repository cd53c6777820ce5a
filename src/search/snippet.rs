//! Snippets: the passage of a hit's text that best shows the query's words.
//!
//! Marking words exactly as the index matched them (accents, OCR spellings, acronym
//! expansions) needs the folded analyzer, and on a whole plan that costs
//! milliseconds — OCR repair scores every unknown word — for each of the ten hits of
//! a page. So a cheap pass comes first: the plan's words are folded as written (no
//! OCR repair, no acronym keys) and the stretch of text holding the most weight of
//! distinct query words is chosen; only a region around it goes through the full
//! analyzer, which picks and marks the fragment as before. A plan where the cheap
//! pass finds none of the words (they occur only OCR-mangled, or only as an acronym
//! the table does not spell out) is analyzed whole, as before.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use anyhow::Result;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, Term};

use crate::analysis::acronym::AcronymTable;
use crate::analysis::cache::snippet_analyzer;
use crate::analysis::segmenter::is_word_char;
#[cfg(test)]
use crate::analysis::segmenter::word_spans;
use crate::fxhash::FxHashMap;
use crate::text::fold::{fold_into, is_mark};
use crate::text::letters;

/// A fragment of a text with the query's words marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// Byte range of the fragment in the whole text.
    pub range: Range<usize>,
    /// The fragment as HTML, matched words in `<mark>`.
    pub html: String,
}

/// Makes the snippets of one query's hits.
pub struct SnippetMaker {
    generator: SnippetGenerator,
    /// Folded word → weight and the query terms it stands for (a bit each), for
    /// the cheap pass.
    words: FxHashMap<String, (f32, u64)>,
    /// All the terms' bits.
    all_terms: u64,
    /// The query has a quoted phrase: on OCR text, a region is trusted only if two
    /// query words stand next to each other in it.
    phrase: bool,
    max_bytes: usize,
}

impl SnippetMaker {
    /// For the terms `query` has on `field` (the folded body), rarer terms weighing
    /// more, as tantivy's `SnippetGenerator::create` does.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        max_bytes: usize,
    ) -> Result<SnippetMaker> {
        let mut terms: BTreeSet<Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.insert(term.clone());
            }
        });
        let mut weights = BTreeMap::new();
        for term in terms {
            if let Some(text) = term.value().as_str() {
                let df = searcher.doc_freq(&term)?;
                if df > 0 {
                    weights.insert(text.to_string(), 1.0 / (1.0 + df as f32));
                }
            }
        }
        Ok(SnippetMaker::from_weights(weights, field, max_bytes))
    }

    /// For folded terms with their weights.
    pub fn from_weights(weights: BTreeMap<String, f32>, field: Field, max_bytes: usize) -> Self {
        let words = cheap_words(&weights);
        let all_terms = words.values().fold(0, |acc, (_, bits)| acc | bits);
        SnippetMaker {
            generator: SnippetGenerator::new(weights, snippet_analyzer(), field, max_bytes),
            words,
            all_terms,
            phrase: false,
            max_bytes,
        }
    }

    /// Says whether the query has a quoted phrase.
    pub fn with_phrase(mut self, phrase: bool) -> Self {
        self.phrase = phrase;
        self
    }

    /// The best fragment of `text`, if any query word is in it. `ocr` says the text
    /// is OCR output: there the cheap pass misses mangled words, so unless the region
    /// it found holds every query term, the whole text is analyzed.
    pub fn fragment(&self, text: &str, ocr: bool) -> Option<Fragment> {
        self.fragments(text, ocr, 1).pop()
    }

    /// Up to `max` passages of `text` where the query's words are, best first, apart
    /// from each other: the best stretch of words and the next ones that score at
    /// least half as well, so a user sees where in a long plan the words are. OCR
    /// text whose best stretch lacks a query term gets one passage, from the whole
    /// text (as [`SnippetMaker::fragment`]).
    pub fn fragments(&self, text: &str, ocr: bool, max: usize) -> Vec<Fragment> {
        let regions = self.regions(text, max.max(1));
        let mut out: Vec<Fragment> = Vec::new();
        if regions
            .first()
            .is_some_and(|(_, complete)| *complete || !ocr)
        {
            for (region, _) in regions {
                if let Some(f) = self.fragment_of(text, region)
                    && !out
                        .iter()
                        .any(|o| f.range.start < o.range.end && o.range.start < f.range.end)
                {
                    out.push(f);
                }
            }
        }
        if out.is_empty() {
            out.extend(self.fragment_of(text, 0..text.len()));
        }
        out
    }

    fn fragment_of(&self, text: &str, region: Range<usize>) -> Option<Fragment> {
        let mut s = self.generator.snippet(&text[region.clone()]);
        if s.is_empty() {
            return None;
        }
        s.set_snippet_prefix_postfix("<mark>", "</mark>");
        let r = s.fragment_range();
        Some(Fragment {
            range: region.start + r.start..region.start + r.end,
            html: s.to_html(),
        })
    }

    /// The region of `text` around the densest stretch of query words found by
    /// folding the words as written (query words next to each other count extra),
    /// and whether that stretch holds every query term (and, for a phrase query, two
    /// of them side by side); `None` when there is no query word at all.
    #[cfg(test)]
    fn region(&self, text: &str) -> Option<(Range<usize>, bool)> {
        self.regions(text, 1).pop()
    }

    /// Up to `max` regions around stretches of query words that do not overlap, the
    /// best first, then those scoring at least half as well (see [`Self::region`]).
    fn regions(&self, text: &str, max: usize) -> Vec<(Range<usize>, bool)> {
        if self.words.is_empty() {
            return Vec::new();
        }
        // (offset, word index) of each occurrence of a query word.
        let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
        // (offset, word number, word id, weight, term bits)
        let mut hits: Vec<(usize, usize, usize, f32, u64)> = Vec::new();
        let mut n = 0;
        for_each_folded_word(text, |a, w| {
            if let Some((k, &(weight, bits))) = self.words.get_key_value(w) {
                let next = ids.len();
                let id = *ids.entry(k.as_str()).or_insert(next);
                hits.push((a, n, id, weight, bits));
            }
            n += 1;
        });
        // Each stretch of at most `max_bytes` from a query word: the weight of its
        // distinct words, its start, the terms it holds, whether two stand together.
        let mut stretches: Vec<(f32, usize, u64, bool)> = Vec::with_capacity(hits.len());
        let mut seen = vec![false; ids.len()];
        for i in 0..hits.len() {
            seen.iter_mut().for_each(|s| *s = false);
            let (mut score, mut terms, mut adjacent) = (0.0, 0u64, false);
            let mut last: Option<(usize, usize)> = None;
            for &(at, n, id, weight, bits) in &hits[i..] {
                if at - hits[i].0 >= self.max_bytes {
                    break;
                }
                terms |= bits;
                if !seen[id] {
                    seen[id] = true;
                    score += weight;
                }
                if let Some((ln, lid)) = last
                    && ln + 1 == n
                    && lid != id
                {
                    adjacent = true;
                    score += weight * 0.5;
                }
                last = Some((n, id));
            }
            stretches.push((score, hits[i].0, terms, adjacent));
        }
        // Best first; the earliest on ties.
        stretches.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut picked: Vec<(f32, usize, u64, bool)> = Vec::new();
        for s in stretches {
            if picked.len() == max || picked.first().is_some_and(|b| s.0 < b.0 * 0.5) {
                break;
            }
            if picked
                .iter()
                .all(|p| p.1.abs_diff(s.1) >= 2 * self.max_bytes)
            {
                picked.push(s);
            }
        }
        picked
            .into_iter()
            .map(|(_, at, terms, adjacent)| {
                // Room on both sides for the fragment the analyzer centres on the words.
                let start = floor_boundary(text, at.saturating_sub(self.max_bytes));
                let end = ceil_boundary(text, (at + 2 * self.max_bytes).min(text.len()));
                let complete = terms == self.all_terms && (adjacent || !self.phrase);
                (start..end, complete)
            })
            .collect()
    }
}

/// Calls `f(start, folded)` for each word of `text` in order: the words of
/// [`word_spans`], folded as [`fold_into`] folds them, in one walk over the bytes into
/// one reused buffer. The cheap pass reads ten whole plans per page of hits, and
/// splitting then folding each word separately was most of a search's time.
fn for_each_folded_word(text: &str, mut f: impl FnMut(usize, &str)) {
    let bytes = text.as_bytes();
    let mut word = String::with_capacity(32);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                start.get_or_insert(i);
                word.push(b.to_ascii_lowercase() as char);
            } else if let Some(s) = start.take() {
                f(s, &word);
                word.clear();
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("a char starts here");
        let len = c.len_utf8();
        if let Some(folded) = letters::fold_letter(c) {
            start.get_or_insert(i);
            word.push(folded);
        } else if is_mark(c) {
            // Marks fold away; one that follows no letter separates, as in
            // `word_spans`' general walk.
        } else if is_word_char(c) {
            start.get_or_insert(i);
            fold_into(&text[i..i + len], &mut word);
        } else if let Some(s) = start.take() {
            f(s, &word);
            word.clear();
        }
        i += len;
    }
    if let Some(s) = start {
        f(s, &word);
    }
}

/// The words the cheap pass looks for, from the folded query terms: a word as is; an
/// acronym key also as the words of its forms (`tthc` → `thu tuc hanh chinh`); a
/// document number as its parts (`76/nq-cp` → `76`, `nq`, `cp`). Each word carries
/// its best weight and a bit for each term it stands for (terms past the 64th share
/// the last bit).
fn cheap_words(weights: &BTreeMap<String, f32>) -> FxHashMap<String, (f32, u64)> {
    let table = AcronymTable::shared();
    let mut out: FxHashMap<String, (f32, u64)> = FxHashMap::default();
    for (i, (term, &weight)) in weights.iter().enumerate() {
        let bit = 1u64 << i.min(63);
        let mut add = |w: &str, weight: f32| {
            let e = out.entry(w.to_string()).or_insert((0.0, 0));
            e.0 = e.0.max(weight);
            e.1 |= bit;
        };
        if let Some(a) = table.by_key(term) {
            for form in &a.forms {
                for w in form {
                    add(w, weight / form.len() as f32);
                }
            }
        }
        let parts: Vec<&str> = term
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        for p in &parts {
            add(p, weight / parts.len() as f32);
        }
    }
    out
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(pairs: &[(&str, f32)]) -> BTreeMap<String, f32> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn cheap_words_spell_out_acronyms_and_split_numbers() {
        let w = cheap_words(&weights(&[("tthc", 0.5), ("76/nq-cp", 0.3), ("dang", 0.1)]));
        for k in [
            "tthc", "thu", "tuc", "hanh", "chinh", "76", "nq", "cp", "dang",
        ] {
            assert!(w.contains_key(k), "{k}: {w:?}");
        }
        assert!(!w.contains_key("76/nq-cp"));
        assert!((w["dang"].0 - 0.1).abs() < 1e-6);
        assert_eq!(w["thu"].1, w["tthc"].1);
        assert_ne!(w["dang"].1, w["tthc"].1);
    }

    fn maker(pairs: &[(&str, f32)]) -> SnippetMaker {
        SnippetMaker::from_weights(weights(pairs), Field::from_field_id(0), 120)
    }

    /// The fragment's text, tags removed, is the text at its range (the test texts
    /// have nothing HTML would escape).
    fn check(f: &Fragment, text: &str) {
        let plain = f.html.replace("<mark>", "").replace("</mark>", "");
        assert_eq!(plain, &text[f.range.clone()]);
    }

    #[test]
    fn far_words_are_found_through_the_region() {
        let filler = "Các nội dung khác của kế hoạch được triển khai theo quy định. ".repeat(200);
        let text = format!("{filler}Đẩy mạnh cải cách thủ tục hành chính ở cấp xã. {filler}");
        let m = maker(&[("cai", 0.2), ("cach", 0.2)]);
        let (region, complete) = m.region(&text).unwrap();
        assert!(complete);
        assert!(region.end - region.start <= 3 * 120 + 4, "{region:?}");
        let f = m.fragment(&text, false).unwrap();
        assert!(
            f.html.contains("<mark>cải</mark> <mark>cách</mark>"),
            "{}",
            f.html
        );
        check(&f, &text);
    }

    #[test]
    fn ocr_only_words_fall_back_to_the_whole_text() {
        // "cii" is found only by the full analyzer's OCR repair; the region holds
        // "cach" alone and the whole text is searched when the region has nothing.
        let text = "Théng tin, tuyén truyén cii cach hanh chinh ctia huyén nim 2024.";
        let m = maker(&[("cai", 0.5)]);
        assert!(m.region(text).is_none());
        let f = m.fragment(text, true).unwrap();
        assert!(f.html.contains("<mark>cii</mark>"), "{}", f.html);
        check(&f, text);
    }

    #[test]
    fn ocr_text_missing_a_word_in_the_region_is_analyzed_whole() {
        // "của" is in the text clean, "Đảng" only as OCR's "Pang".
        let filler = "Nội dung khác của kế hoạch. ".repeat(60);
        let text = format!("{filler}Nâng cao vai trò lãnh đạo cia Pang trong công tác. {filler}");
        let m = maker(&[("cua", 0.2), ("dang", 0.3)]);
        let (_, complete) = m.region(&text).unwrap();
        assert!(!complete);
        let f = m.fragment(&text, true).unwrap();
        assert!(f.html.contains("<mark>Pang</mark>"), "{}", f.html);
        check(&f, &text);
    }

    #[test]
    fn ocr_phrase_needs_the_words_side_by_side_in_the_region() {
        // "của" and "đa dạng" are clean; the phrase "của Đảng" is OCR's "cia Pang".
        let text = "Trách nhiệm của cán bộ. Đổi mới và đa dạng các hình thức.\n\
                    Nâng cao vai trò lãnh đạo cia Pang trong công tác.";
        let m = maker(&[("cua", 0.2), ("dang", 0.3)]);
        assert!(m.region(text).unwrap().1);
        let m = maker(&[("cua", 0.2), ("dang", 0.3)]).with_phrase(true);
        assert!(!m.region(text).unwrap().1);
        let f = m.fragment(text, true).unwrap();
        assert!(
            f.html.contains("<mark>cia</mark> <mark>Pang</mark>"),
            "{}",
            f.html
        );
    }

    #[test]
    fn acronym_queries_find_the_spelled_out_words() {
        let filler = "Nội dung khác. ".repeat(100);
        let text = format!("{filler}Giải quyết thủ tục hành chính đúng hạn. {filler}");
        let m = maker(&[("tthc", 0.5)]);
        let (region, _) = m.region(&text).unwrap();
        assert!(text[region].contains("thủ tục hành chính"));
        let f = m.fragment(&text, false).unwrap();
        assert!(f.html.contains("<mark>"), "{}", f.html);
    }

    #[test]
    fn several_passages_far_apart_best_first() {
        let filler = "Các nội dung khác của kế hoạch được triển khai theo quy định. ".repeat(30);
        let text = format!(
            "{filler}Tuyên truyền cải cách hành chính. {filler}Cải cách thủ tục. {filler}\
             Cải cách hành chính nhà nước. {filler}"
        );
        let m = maker(&[("cai", 0.2), ("cach", 0.2), ("hanh", 0.3), ("chinh", 0.3)]);
        let f = m.fragments(&text, false, 3);
        assert_eq!(f.len(), 2, "{f:?}");
        for x in &f {
            check(x, &text);
            assert!(
                x.html.contains("<mark>hành</mark> <mark>chính</mark>"),
                "{}",
                x.html
            );
        }
        assert!(f[0].range.start < f[1].range.start);
        assert_eq!(m.fragments(&text, false, 1).len(), 1);
    }

    #[test]
    fn folded_words_are_the_split_words_folded() {
        let texts = [
            "Tuyên truyền cải cách hành chính (CCHC) năm 2024.",
            "ĐẢNG ỦY xã Giao Long; Uỷ ban nhân dân — số 76/NQ-CP",
            "NFD: Đa\u{0309}ng ca\u{0309}i ca\u{0301}ch",
            "OCR: hi¢u ti€u ctia Pang s6 Øresund x²",
            "",
            "   ",
        ];
        for t in texts {
            let want: Vec<(usize, String)> = word_spans(t)
                .into_iter()
                .map(|(a, b)| (a, crate::text::fold::fold(&t[a..b])))
                .collect();
            let mut got = Vec::new();
            for_each_folded_word(t, |a, w| got.push((a, w.to_string())));
            assert_eq!(got, want, "{t}");
        }
    }

    #[test]
    fn boundaries_stay_on_characters() {
        let t = "ấp ủ";
        assert_eq!(floor_boundary(t, 1), 0);
        assert_eq!(ceil_boundary(t, 1), 3);
        assert_eq!(ceil_boundary(t, t.len()), t.len());
    }
}
