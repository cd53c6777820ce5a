//! Snippets: the passages of a hit's text that best show the query's words.
//!
//! The index already knows where a plan holds each query term: the folded body is
//! indexed with positions, and position `p` is the `p`-th word of the segmenter's
//! walk over the stored text (every analysis stage adds its terms at the position of
//! the word they stand for). So a snippet reads the positions from the postings of
//! the hit, walks the text's word boundaries once, and marks the words as written.
//! That marks exactly what the index matched — an OCR spelling the analyzer
//! repaired (`cii` for `cải`), an acronym's spelled-out words, a document number's
//! parts — without running the analyzer again: re-analyzing a region of each hit
//! (OCR repair scores every unknown word) was most of a search's time.

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::Result;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, InvertedIndexReader, Searcher, Term};

use crate::analysis::acronym::AcronymTable;
use crate::analysis::segmenter::word_spans;
use crate::text::fold::fold;

/// A fragment of a text with the query's words marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// Byte range of the fragment in the whole text.
    pub range: Range<usize>,
    /// The fragment as HTML, matched words in `<mark>`.
    pub html: String,
}

/// One query term on the folded body.
#[derive(Debug)]
struct QueryTerm {
    term: Term,
    /// Rarer terms weigh more, as in tantivy's `SnippetGenerator`.
    weight: f32,
    /// Word sequences one occurrence may cover: an acronym key stands at the first
    /// word of its expansion; a document number (`76/nq-cp`) at its first part.
    forms: Vec<Vec<String>>,
    /// The word as typed with its diacritics, on the exact body: where the plan
    /// has that form, its other spellings (`đang` for `Đảng`) are not marked.
    exact: Option<Term>,
    /// The term is only ever a word of a quoted phrase: it is marked where it
    /// stands next to another word of a phrase, not wherever it occurs.
    in_phrase: bool,
}

/// One occurrence of a query term in a plan: its word position, the term, and the
/// byte range of the words it covers.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    position: usize,
    term: usize,
    bytes: (usize, usize),
}

/// Makes the snippets of one query's hits.
pub struct SnippetMaker {
    field: Field,
    exact_field: Field,
    terms: Vec<QueryTerm>,
    /// The query has a quoted phrase: query words side by side count fully.
    phrase: bool,
    max_bytes: usize,
}

impl SnippetMaker {
    /// For the terms `query` has on `field` (the folded body, indexed with
    /// positions), rarer terms weighing more; the query's terms on `exact_field`
    /// (the body as written, same positions) tell which words were typed with
    /// diacritics.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        exact_field: Field,
        max_bytes: usize,
    ) -> Result<SnippetMaker> {
        // Each term, and whether it is only ever asked for inside a phrase.
        let mut found: BTreeMap<Term, bool> = BTreeMap::new();
        // Exact terms by their folded form.
        let mut exact: BTreeMap<String, Term> = BTreeMap::new();
        query.query_terms(&mut |term, in_phrase| {
            if term.field() == field {
                *found.entry(term.clone()).or_insert(true) &= in_phrase;
            } else if term.field() == exact_field
                && let Some(t) = term.value().as_str()
            {
                exact.insert(fold(t), term.clone());
            }
        });
        let table = AcronymTable::shared();
        let mut terms = Vec::new();
        for (term, in_phrase) in found {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let df = searcher.doc_freq(&term)?;
            if df == 0 {
                continue;
            }
            let mut forms: Vec<Vec<String>> = table
                .by_key(&text)
                .map(|a| a.forms.clone())
                .unwrap_or_default();
            let parts: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            if parts.len() > 1 {
                forms.push(parts);
            }
            terms.push(QueryTerm {
                exact: exact.get(&text).cloned(),
                term,
                weight: 1.0 / (1.0 + df as f32),
                forms,
                in_phrase,
            });
        }
        Ok(SnippetMaker {
            field,
            exact_field,
            terms,
            phrase: false,
            max_bytes,
        })
    }

    /// Says whether the query has a quoted phrase.
    pub fn with_phrase(mut self, phrase: bool) -> Self {
        self.phrase = phrase;
        self
    }

    /// Up to `max` passages of `text` (the stored text of the plan at `addr`) where
    /// the query's words are, best first, apart from each other: the best stretch of
    /// words and the next ones that score at least half as well, so a user sees where
    /// in a long plan the words are. None when the body holds no query term (the plan
    /// matched by its title or metadata).
    pub fn fragments(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        text: &str,
        max: usize,
    ) -> Result<Vec<Fragment>> {
        let positions = self.positions(searcher, addr)?;
        Ok(self.fragments_at(text, &positions, max))
    }

    /// The positions of each query term in the plan at `addr`, as (position, term).
    /// A word typed with diacritics counts only where the plan writes it so, when it
    /// does anywhere (else the plan is unaccented or OCR text, and every spelling
    /// counts). A phrase's words are left alone: standing together already says
    /// they are the phrase, and one may be written exactly, its neighbour mangled.
    fn positions(&self, searcher: &Searcher, addr: DocAddress) -> Result<Vec<(u32, usize)>> {
        let reader = searcher.segment_reader(addr.segment_ord);
        let folded = reader.inverted_index(self.field)?;
        let exact = reader.inverted_index(self.exact_field)?;
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let mut exact_buf = Vec::new();
        for (i, t) in self.terms.iter().enumerate() {
            if !positions_in(&folded, &t.term, addr.doc_id, &mut buf)? {
                continue;
            }
            if let Some(e) = t.exact.as_ref().filter(|_| !t.in_phrase)
                && positions_in(&exact, e, addr.doc_id, &mut exact_buf)?
            {
                out.extend(exact_buf.iter().map(|&p| (p, i)));
            } else {
                out.extend(buf.iter().map(|&p| (p, i)));
            }
        }
        out.sort_unstable();
        Ok(out)
    }

    /// Every place in `text` (the stored text of the plan at `addr`) where the
    /// query's words are, as byte ranges, sorted and disjoint, at most `max`: what
    /// the snippets mark, over the whole plan.
    pub fn marks(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        text: &str,
        max: usize,
    ) -> Result<Vec<(usize, usize)>> {
        let positions = self.positions(searcher, addr)?;
        let spans = word_spans(text);
        let mut out: Vec<(usize, usize)> = Vec::new();
        for &(p, term) in self.in_phrases(&positions) {
            let Some(o) = self.occurrence(text, &spans, p as usize, term) else {
                continue;
            };
            let full = out.len() == max;
            match out.last_mut() {
                Some(last) if o.bytes.0 < last.1 => last.1 = last.1.max(o.bytes.1),
                _ if full => break,
                _ => out.push(o.bytes),
            }
        }
        Ok(out)
    }

    /// The fragments of `text` given the query terms' positions in it.
    fn fragments_at(&self, text: &str, positions: &[(u32, usize)], max: usize) -> Vec<Fragment> {
        if positions.is_empty() {
            return Vec::new();
        }
        let spans = word_spans(text);
        let occurrences: Vec<Occurrence> = self
            .in_phrases(positions)
            .filter_map(|&(p, term)| self.occurrence(text, &spans, p as usize, term))
            .collect();
        self.best_stretches(&occurrences, max.max(1))
            .into_iter()
            .map(|stretch| self.render(text, &spans, &occurrences, stretch))
            .collect()
    }

    /// The positions that count: a phrase's word only where it stands next to
    /// another of the phrases' words (a phrase query matches the words together; the
    /// same word elsewhere in the plan is not what was asked for).
    fn in_phrases<'a>(
        &'a self,
        positions: &'a [(u32, usize)],
    ) -> impl Iterator<Item = &'a (u32, usize)> + 'a {
        let phrase_at = |p: u32, not: usize| {
            let from = positions.partition_point(|&(q, _)| q < p);
            positions[from..]
                .iter()
                .take_while(|&&(q, _)| q == p)
                .any(|&(_, t)| t != not && self.terms[t].in_phrase)
        };
        positions.iter().filter(move |&&(p, t)| {
            !self.terms[t].in_phrase || (p > 0 && phrase_at(p - 1, t)) || phrase_at(p + 1, t)
        })
    }

    /// The words an occurrence of `term` at `position` covers: the form whose words
    /// the text spells there (most words matching, the longer on ties), else the one
    /// word.
    fn occurrence(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        position: usize,
        term: usize,
    ) -> Option<Occurrence> {
        let &(start, mut end) = spans.get(position)?;
        let mut best: Option<(usize, usize)> = None;
        for form in &self.terms[term].forms {
            if form.len() < 2 || position + form.len() > spans.len() {
                continue;
            }
            let same = form
                .iter()
                .zip(&spans[position..])
                .filter(|(w, (a, b))| fold(&text[*a..*b]) == **w)
                .count();
            if same > 0 && best.is_none_or(|(s, n)| (same, form.len()) > (s, n)) {
                best = Some((same, form.len()));
            }
        }
        if let Some((_, n)) = best {
            end = spans[position + n - 1].1;
        }
        Some(Occurrence {
            position,
            term,
            bytes: (start, end),
        })
    }

    /// Up to `max` stretches that do not overlap, best first, each as the index into
    /// `occ` of its first occurrence and the byte where its last scoring word ends.
    /// A stretch is the occurrences within `max_bytes` of its first, scored by the
    /// weight of its distinct terms plus a bonus for query terms side by side; on
    /// ties the tighter stretch (its score reached in fewer bytes) and then the
    /// earlier wins; a stretch scoring less than half the best is left out.
    fn best_stretches(&self, occ: &[Occurrence], max: usize) -> Vec<(usize, usize)> {
        let mut seen = vec![false; self.terms.len()];
        let bonus = if self.phrase { 1.0 } else { 0.5 };
        // (score, cover in bytes, first occurrence, end of the last scoring word)
        let mut stretches: Vec<(f32, usize, usize, usize)> = Vec::with_capacity(occ.len());
        for i in 0..occ.len() {
            // A later occurrence of the same word at the same place adds nothing.
            if i > 0 && occ[i - 1].bytes.0 == occ[i].bytes.0 {
                continue;
            }
            seen.iter_mut().for_each(|s| *s = false);
            let mut score = 0.0;
            let mut end = occ[i].bytes.1;
            let mut last: Option<&Occurrence> = None;
            for o in &occ[i..] {
                if o.bytes.0 - occ[i].bytes.0 >= self.max_bytes {
                    break;
                }
                let weight = self.terms[o.term].weight;
                let before = score;
                if !seen[o.term] {
                    seen[o.term] = true;
                    score += weight;
                }
                if let Some(l) = last
                    && l.position + 1 == o.position
                    && l.term != o.term
                {
                    score += weight * bonus;
                }
                if score > before {
                    end = end.max(o.bytes.1);
                }
                last = Some(o);
            }
            stretches.push((score, end - occ[i].bytes.0, i, end));
        }
        stretches.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut picked: Vec<(f32, usize, usize, usize)> = Vec::new();
        for s in stretches {
            if picked.len() == max || picked.first().is_some_and(|b| s.0 < b.0 * 0.5) {
                break;
            }
            let at = occ[s.2].bytes.0;
            if picked
                .iter()
                .all(|p| occ[p.2].bytes.0.abs_diff(at) >= 2 * self.max_bytes)
            {
                picked.push(s);
            }
        }
        picked.into_iter().map(|(_, _, i, end)| (i, end)).collect()
    }

    /// The fragment of the stretch starting at `occ[first]` whose scoring words end
    /// at `cover`: those words, a few words of what leads up to them (not across the
    /// end of a sentence) in the room left, then whole words up to `max_bytes`, with
    /// every occurrence inside marked.
    fn render(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        occ: &[Occurrence],
        (first, cover): (usize, usize),
    ) -> Fragment {
        let o = &occ[first];
        let room = self.max_bytes.saturating_sub(cover - o.bytes.0);
        let lead_limit = o.bytes.0.saturating_sub((self.max_bytes / 5).min(room));
        let mut start = o.bytes.0;
        let mut p = o.position;
        while p > 0 {
            let (a, b) = spans[p - 1];
            if a < lead_limit || ends_sentence(&text[b..start]) {
                break;
            }
            start = a;
            p -= 1;
        }
        let limit = start + self.max_bytes.max(cover - start);
        let mut end = cover;
        for &(_, b) in &spans[o.position..] {
            if b > limit {
                break;
            }
            end = end.max(b);
        }
        // The marks: occurrences inside the fragment, overlapping ones merged (an
        // acronym key spans words already marked on their own).
        let mut marks: Vec<(usize, usize)> = Vec::new();
        for x in occ
            .iter()
            .filter(|x| x.bytes.0 >= start && x.bytes.1 <= end)
        {
            match marks.last_mut() {
                Some(last) if x.bytes.0 < last.1 => last.1 = last.1.max(x.bytes.1),
                _ => marks.push(x.bytes),
            }
        }
        let mut html = String::with_capacity(end - start + 16 * marks.len());
        let mut at = start;
        for (a, b) in marks {
            escape_into(&text[at..a], &mut html);
            html.push_str("<mark>");
            escape_into(&text[a..b], &mut html);
            html.push_str("</mark>");
            at = b;
        }
        escape_into(&text[at..end], &mut html);
        Fragment {
            range: start..end,
            html,
        }
    }
}

/// Fills `buf` with the positions of `term` in document `doc`; false when the
/// document does not hold it.
fn positions_in(
    inverted: &InvertedIndexReader,
    term: &Term,
    doc: DocId,
    buf: &mut Vec<u32>,
) -> Result<bool> {
    buf.clear();
    let Some(mut postings): Option<SegmentPostings> =
        inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)?
    else {
        return Ok(false);
    };
    if postings.doc() > doc || postings.seek(doc) != doc {
        return Ok(false);
    }
    postings.positions(buf);
    Ok(true)
}

/// Whether the gap between two words ends a sentence or a paragraph: a lead-in stops
/// there.
fn ends_sentence(gap: &str) -> bool {
    gap.contains(['.', ';', '!', '?', ':']) || gap.contains("\n\n")
}

/// Appends `s` to `out` with the characters HTML gives meaning escaped.
fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::PlanIndex;
    use crate::index::write::{add_plan, plan_from_text};
    use crate::search::build::text_query;
    use crate::search::parse::parse;

    /// The fragments of `q` in `text`, indexed alone, with room `max_bytes`.
    fn fragments(text: &str, q: &str, max_bytes: usize, max: usize) -> Vec<Fragment> {
        let pi = PlanIndex::create_in_ram().unwrap();
        let mut writer = pi.writer().unwrap();
        add_plan(&pi, &mut writer, &plan_from_text(text.to_string(), "t.txt")).unwrap();
        let searcher = pi.reader.searcher();
        let parsed = parse(q);
        let query = text_query(&pi.fields, &parsed).unwrap();
        let f = &pi.fields;
        let m = SnippetMaker::new(&searcher, query.as_ref(), f.body_folded, f.body, max_bytes)
            .unwrap()
            .with_phrase(parsed.has_phrase());
        let out = m
            .fragments(&searcher, DocAddress::new(0, 0), text, max)
            .unwrap();
        for f in &out {
            check(f, text);
        }
        out
    }

    fn one(text: &str, q: &str) -> Fragment {
        let mut f = fragments(text, q, 120, 1);
        assert_eq!(f.len(), 1, "{q}: {f:?}");
        f.pop().unwrap()
    }

    /// The fragment's text, tags removed and entities decoded, is the text at its
    /// range; marks are never nested.
    fn check(f: &Fragment, text: &str) {
        let plain = f
            .html
            .replace("<mark>", "")
            .replace("</mark>", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&amp;", "&");
        assert_eq!(plain, &text[f.range.clone()]);
        assert!(!f.html.contains("<mark><mark>"), "{}", f.html);
    }

    #[test]
    fn far_words_are_marked_as_written() {
        let filler = "Các nội dung khác của kế hoạch được triển khai theo quy định. ".repeat(200);
        let text = format!("{filler}Đẩy mạnh cải cách thủ tục ở cấp xã. {filler}");
        let f = one(&text, "cai cach");
        assert!(
            f.html.contains("<mark>cải</mark> <mark>cách</mark>"),
            "{}",
            f.html
        );
        assert!(f.range.end - f.range.start <= 120, "{:?}", f.range);
    }

    #[test]
    fn ocr_spellings_the_index_repaired_are_marked() {
        let text = "Théng tin, tuyén truyén cii cach hanh chinh ctia huyén nim 2024.";
        let f = one(text, "cải cách");
        assert!(
            f.html.contains("<mark>cii</mark> <mark>cach</mark>"),
            "{}",
            f.html
        );
    }

    #[test]
    fn ocr_phrase_is_found_where_its_words_stand_together() {
        // "của" and "đa dạng" are clean; the phrase "của Đảng" is OCR's "cia Pang".
        let filler = "Nội dung khác của kế hoạch, đa dạng hình thức. ".repeat(20);
        let text = format!(
            "{filler}Nâng cao vai trò lãnh đạo cia Pang trong công tác tuyén truyén. {filler}"
        );
        let f = one(&text, "\"của Đảng\"");
        assert!(
            f.html.contains("<mark>cia</mark> <mark>Pang</mark>"),
            "{}",
            f.html
        );
    }

    #[test]
    fn acronyms_mark_their_spelled_out_words_and_numbers_mark_whole() {
        let filler = "Nội dung khác. ".repeat(100);
        let text = format!("{filler}Giải quyết thủ tục hành chính đúng hạn. {filler}");
        let f = one(&text, "TTHC");
        assert!(
            f.html.contains("<mark>thủ tục hành chính</mark>"),
            "{}",
            f.html
        );
        let text = format!("{filler}Căn cứ Nghị quyết số 76/NQ-CP của Chính phủ. {filler}");
        let f = one(&text, "76/NQ-CP");
        assert!(f.html.contains("<mark>76/NQ-CP</mark>"), "{}", f.html);
    }

    #[test]
    fn several_passages_far_apart_best_first() {
        let filler = "Các nội dung khác của kế hoạch được triển khai theo quy định. ".repeat(30);
        let text = format!(
            "{filler}Tuyên truyền cải cách hành chính. {filler}Cải cách thủ tục. {filler}\
             Cải cách hành chính nhà nước. {filler}"
        );
        let q = "cai cach hanh chinh";
        let f = fragments(&text, q, 120, 3);
        assert_eq!(f.len(), 2, "{f:?}");
        for x in &f {
            assert!(x.html.contains("hành chính</mark>"), "{}", x.html);
        }
        assert!(f[0].range.start < f[1].range.start);
        assert_eq!(fragments(&text, q, 120, 1).len(), 1);
    }

    #[test]
    fn the_lead_in_stops_at_the_end_of_a_sentence() {
        let text = "Một câu khác hẳn. Tăng cường kỷ luật trong cơ quan.";
        let f = one(text, "ky luat");
        assert!(
            f.html
                .starts_with("Tăng cường <mark>kỷ</mark> <mark>luật</mark>"),
            "{}",
            f.html
        );
        let f = one("Đầu văn bản: kỷ luật.", "ky luat");
        assert!(f.html.starts_with("<mark>kỷ</mark>"), "{}", f.html);
    }

    #[test]
    fn html_in_the_text_is_escaped() {
        let text = "Mục <b>1</b> & \"cải cách\" của 'xã'.";
        let f = one(text, "cai cach");
        assert!(
            f.html
                .contains("&lt;b&gt;1&lt;/b&gt; &amp; &quot;<mark>cải</mark>"),
            "{}",
            f.html
        );
        assert!(!f.html.contains("<b>"), "{}", f.html);
    }

    #[test]
    fn a_body_without_the_words_has_no_fragment() {
        assert!(fragments("Kế hoạch năm 2024.", "cai cach", 120, 3).is_empty());
    }

    #[test]
    fn a_phrase_marks_its_words_where_they_stand_together() {
        let text = "Chỉ đạo chuyên môn. Đẩy mạnh chuyển đổi số trong cơ quan, theo dõi cơ sở.";
        let f = one(text, "\"chuyển đổi số\"");
        assert!(
            f.html
                .contains("<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>"),
            "{}",
            f.html
        );
        for stray in ["chuyên", "dõi", "sở"] {
            assert!(!f.html.contains(&format!("<mark>{stray}")), "{}", f.html);
        }
        // The same words unquoted are marked wherever they are.
        let f = one(text, "chuyen doi so");
        assert!(
            f.html.contains("theo <mark>dõi</mark> cơ <mark>sở</mark>"),
            "{}",
            f.html
        );
    }

    #[test]
    fn a_word_typed_with_diacritics_marks_that_spelling_where_the_plan_has_it() {
        let filler = "Nội dung khác của kế hoạch. ".repeat(20);
        let text = format!("Dự án đang triển khai. {filler}Lãnh đạo của Đảng ủy xã. {filler}");
        let f = one(&text, "Đảng");
        assert!(f.html.contains("<mark>Đảng</mark>"), "{}", f.html);
        assert!(!f.html.contains("<mark>đang"), "{}", f.html);
        // Typed without diacritics, the first spelling is as good as any.
        assert!(one(&text, "dang").html.contains("<mark>đang</mark>"));
        // A plan that never writes "Đảng" (OCR "Pang") still gets its spellings.
        let f = one(
            "Vai trò lãnh đạo cia Pang trong công tác tuyén truyén.",
            "Đảng",
        );
        assert!(f.html.contains("<mark>Pang</mark>"), "{}", f.html);
    }
}
