//! Matching in folded space, tolerant of the three spellings a plan arrives in.
//!
//! Every rule of the extractor compares words after [`fold`]ing, so `Phòng`, `Phong`
//! and the OCR `Phòng` with a lost mark meet. OCR also garbles letters (`chirc` for
//! `chức`, `trin` for `trấn`); two mechanisms cover that: [`word_alternatives`], the
//! hook where the OCR repairer's candidates will be plugged in, and [`ocr_close`], a
//! cheap edit distance in which vowel slips cost half, used only on OCR text and
//! never for short words.

use crate::analysis::segmenter::word_spans;
use crate::fxhash::FxHashMap;
use crate::text::fold::fold;

/// Folds one word for matching: [`fold`], plus the OCR symbols that stand for `e`
/// (`hi¢u`, `ti€u`) and, in OCR text, `w` for `ư` (Vietnamese has no `w`).
pub fn fold_word(word: &str, ocr: bool) -> String {
    let mut f = String::with_capacity(word.len());
    fold_word_into(word, ocr, &mut f);
    f
}

/// Appends [`fold_word`] of `word` to `out`: a phrase's words fold into one string.
fn fold_word_into(word: &str, ocr: bool, out: &mut String) {
    if ocr {
        out.push_str(&crate::analysis::ocr::ocr_fold(word));
        return;
    }
    let from = out.len();
    crate::text::fold::fold_into(word, out);
    if out[from..].contains(['¢', '€']) {
        let own = out[from..].replace(['¢', '€'], "e");
        out.truncate(from);
        out.push_str(&own);
    }
}

/// The folded forms a word of the text may stand for, its own first.
///
/// The hook for `crate::analysis::ocr::OcrRepairer`: once its model lands, its
/// candidates for the word are appended here and every matcher benefits. Today it is
/// the plain fold alone, which [`words`] computes once per word for both forms
/// (folding every word twice was a few per cent of indexing time).
pub fn word_alternatives(word: &str) -> Vec<String> {
    vec![fold(word)]
}

/// A word of the text: byte span in the text and its alternative folded forms.
#[derive(Debug, Clone)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub alts: Vec<String>,
}

impl Word {
    /// The word's own folded form.
    pub fn folded(&self) -> &str {
        &self.alts[0]
    }
}

/// The words of `text` with their alternatives (OCR-aware folding when `ocr`).
pub fn words(text: &str, ocr: bool) -> Vec<Word> {
    word_spans(text)
        .into_iter()
        .map(|(start, end)| {
            // `fold_word(raw, ocr)`, then `word_alternatives(raw)` (the plain fold)
            // unless the same, with the plain fold computed once.
            let plain = fold(&text[start..end]);
            let own = if ocr {
                Some(crate::analysis::ocr::ocr_refold(plain.clone()))
            } else if plain.contains(['¢', '€']) {
                Some(plain.replace(['¢', '€'], "e"))
            } else {
                None
            };
            let alts = match own {
                Some(own) if own != plain => vec![own, plain],
                _ => vec![plain],
            };
            Word { start, end, alts }
        })
        .collect()
}

/// The folded words of a phrase, as a key for lookups (`"Phòng Nội vụ:"` → `phong noi vu`):
/// the own forms of [`words`] joined by spaces, folded straight into one string.
pub fn key(text: &str, ocr: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, (start, end)) in word_spans(text).into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        fold_word_into(&text[start..end], ocr, &mut out);
    }
    out
}

/// Vowels, and the digits OCR reads for marked vowels ("s6" for "số", "b0" for "bộ").
fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | '6' | '0')
}

/// [`ocr_close`] for any word length: a word of up to three letters may take one
/// vowel slip and one dropped `r` ("cira"/"cua", "sy"/"su", "s6"/"so").
pub fn ocr_close_any(seen: &str, want: &str) -> bool {
    if want.chars().count() >= 4 {
        return ocr_close(seen, want);
    }
    let (ls, lw) = (seen.chars().count(), want.chars().count());
    lw >= 2
        && ls >= lw
        && ls <= lw + 1
        && seen.chars().next() == want.chars().next()
        && ocr_distance(seen, want) <= 2
}

/// Edit distance in half-units, `a` as seen and `b` as wanted: a substitution touching
/// a vowel, or inserting or dropping a vowel or `r`, costs 1; another insertion or
/// drop 2; swapping one consonant for another 3 (`P` read for `Đ` is free). OCR
/// mostly garbles vowel marks (`chirc`/`chuc`, `trin`/`tran`), rarely consonants.
pub fn ocr_distance(a: &str, b: &str) -> usize {
    // Words are short: characters and the two DP rows live on the stack.
    const N: usize = 40;
    let (mut ab, mut bb) = (['\0'; N], ['\0'; N]);
    let (mut la, mut lb) = (0, 0);
    for c in a.chars() {
        if la == N {
            return ocr_distance_chars(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            );
        }
        ab[la] = c;
        la += 1;
    }
    for c in b.chars() {
        if lb == N {
            return ocr_distance_chars(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            );
        }
        bb[lb] = c;
        lb += 1;
    }
    ocr_distance_chars(&ab[..la], &bb[..lb])
}

/// [`ocr_distance`] over characters.
fn ocr_distance_chars(a: &[char], b: &[char]) -> usize {
    const N: usize = 41;
    let indel = |c: char| if is_vowel(c) || c == 'r' { 1 } else { 2 };
    let (mut pa, mut ca) = ([0usize; N], [0usize; N]);
    let (mut pv, mut cv) = (Vec::new(), Vec::new());
    let (mut prev, mut cur): (&mut [usize], &mut [usize]) = if b.len() < N {
        (&mut pa[..b.len() + 1], &mut ca[..b.len() + 1])
    } else {
        pv.resize(b.len() + 1, 0);
        cv.resize(b.len() + 1, 0);
        (&mut pv[..], &mut cv[..])
    };
    prev[0] = 0;
    for (j, &cb) in b.iter().enumerate() {
        prev[j + 1] = prev[j] + indel(cb);
    }
    for &ca in a {
        cur[0] = prev[0] + indel(ca);
        for (j, &cb) in b.iter().enumerate() {
            let sub = if ca == cb || (ca == 'p' && cb == 'd') {
                0
            } else if ca.is_ascii_digit() && cb.is_ascii_digit() {
                // "01" is never a misread "06".
                9
            } else if is_vowel(ca) || is_vowel(cb) {
                1
            } else {
                3
            };
            cur[j + 1] = (prev[j] + sub)
                .min(prev[j + 1] + indel(ca))
                .min(cur[j] + indel(cb));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether OCR word `seen` may be a garbled `want` (both folded): same first letter
/// (`P` is OCR's `Đ`), as long or one letter longer, at most one full edit. Never for words shorter
/// than four letters, where a slip makes another real word.
pub fn ocr_close(seen: &str, want: &str) -> bool {
    let (ls, lw) = (seen.chars().count(), want.chars().count());
    // OCR garbles or adds letters far more often than it drops one ("cua" is not "cuoc").
    if lw < 4 || ls < lw || ls > lw + 1 || seen == want {
        return seen == want;
    }
    let (fs, fw) = (seen.chars().next(), want.chars().next());
    let first_ok = fs == fw || (fs == Some('p') && fw == Some('d'));
    first_ok && ocr_distance(seen, want) <= 2
}

/// Whether OCR phrase `seen` may be `want` (both folded, space-separated): the same
/// number of words, each equal or [`ocr_close`] (a short word may differ by one
/// vowel: "phi"/"phu", "iy"/"uy"), at most half of them inexact.
pub fn ocr_phrase_close(seen: &str, want: &str) -> bool {
    let (s, w): (Vec<&str>, Vec<&str>) = (seen.split(' ').collect(), want.split(' ').collect());
    if s.len() != w.len() {
        return false;
    }
    let mut inexact = 0;
    for (a, b) in s.iter().zip(&w) {
        if a == b {
            continue;
        }
        let short_ok = b.len() <= 3 && a.len() == b.len() && ocr_distance(a, b) <= 1;
        if !(short_ok || ocr_close_any(a, b)) {
            return false;
        }
        inexact += 1;
    }
    inexact * 2 <= s.len()
}

/// Similarity of two folded strings in 0..=1, from [`ocr_distance`].
pub fn similarity(a: &str, b: &str) -> f64 {
    let n = a.chars().count().max(b.chars().count());
    if n == 0 {
        return 1.0;
    }
    1.0 - ocr_distance(a, b) as f64 / (2 * n) as f64
}

/// A set of phrases (folded word sequences) with a payload each, found in a word
/// list. Exact matches use any alternative of a word; in OCR text, up to half the
/// words of a phrase of two or more words may be [`ocr_close`] instead.
#[derive(Debug, Default)]
pub struct PhraseSet<T> {
    phrases: Vec<(Vec<String>, T)>,
    /// Each phrase word's id in `word_ids`, parallel to `phrases`: the OCR memo's key.
    phrase_word_ids: Vec<Vec<u32>>,
    /// Distinct words of all phrases.
    word_ids: FxHashMap<String, u32>,
    by_first: FxHashMap<String, Vec<usize>>,
    /// The exact (non-OCR) lookup: one-word phrases, two-word phrases by both words,
    /// longer ones by their first three, so a common first word ("xã", "huyện") or
    /// type phrase ("thành phố", "thị trấn") does not make every occurrence try
    /// thousands of place names (keys joined by U+0001).
    single: FxHashMap<String, Vec<usize>>,
    by_pair: FxHashMap<String, Vec<usize>>,
    by_triple: FxHashMap<String, Vec<usize>>,
    by_initial: FxHashMap<char, Vec<usize>>,
}

/// A phrase found: word range `[first, last)` and the payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<'a, T> {
    pub first: usize,
    pub last: usize,
    pub payload: &'a T,
}

/// [`ocr_close_any`] answers for one text: OCR matching tries every phrase with the
/// same initial against each word, and texts repeat their words. Keyed by ids (the
/// text's distinct words, the set's distinct phrase words), cheaper to hash than the
/// strings.
#[derive(Default)]
struct CloseMemo {
    seen: FxHashMap<(u32, u32), bool>,
}

impl CloseMemo {
    fn close(&mut self, seen: (u32, &str), want: (u32, &str)) -> bool {
        // Most pairs fail on length or first letter, cheaper to check than to hash.
        if !may_be_close(seen.1, want.1) {
            return false;
        }
        *self
            .seen
            .entry((seen.0, want.0))
            .or_insert_with(|| ocr_close_any(seen.1, want.1))
    }
}

/// A necessary condition of [`ocr_close_any`] for ASCII words, checked on bytes:
/// as long or one letter longer, same first letter (`p` for `d`).
fn may_be_close(seen: &str, want: &str) -> bool {
    if !(seen.is_ascii() && want.is_ascii()) {
        return true;
    }
    let (s, w) = (seen.as_bytes(), want.as_bytes());
    w.len() >= 2
        && s.len() >= w.len()
        && s.len() <= w.len() + 1
        && (s[0] == w[0] || (s[0] == b'p' && w[0] == b'd'))
}

/// Writes the lookup key of `parts` into `buf` (reused: no allocation per lookup).
fn join_key<'b>(buf: &'b mut String, parts: &[&str]) -> &'b str {
    buf.clear();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            buf.push('\u{1}');
        }
        buf.push_str(p);
    }
    buf.as_str()
}

impl<T> PhraseSet<T> {
    pub fn new() -> Self {
        PhraseSet {
            phrases: Vec::new(),
            phrase_word_ids: Vec::new(),
            word_ids: FxHashMap::default(),
            by_first: FxHashMap::default(),
            single: FxHashMap::default(),
            by_pair: FxHashMap::default(),
            by_triple: FxHashMap::default(),
            by_initial: FxHashMap::default(),
        }
    }

    /// Adds a phrase given as text (folded here); empty phrases are ignored.
    pub fn add(&mut self, phrase: &str, payload: T) {
        let ws: Vec<String> = words(phrase, false)
            .into_iter()
            .map(|w| w.alts[0].clone())
            .collect();
        if ws.is_empty() {
            return;
        }
        let i = self.phrases.len();
        self.by_first.entry(ws[0].clone()).or_default().push(i);
        let parts: Vec<&str> = ws.iter().take(3).map(String::as_str).collect();
        let mut buf = String::new();
        let key = join_key(&mut buf, &parts).to_string();
        match parts.len() {
            1 => self.single.entry(key).or_default().push(i),
            2 => self.by_pair.entry(key).or_default().push(i),
            _ => self.by_triple.entry(key).or_default().push(i),
        }
        if let Some(c) = ws[0].chars().next() {
            let c = if c == 'd' { 'p' } else { c };
            self.by_initial.entry(c).or_default().push(i);
        }
        let ids = ws
            .iter()
            .map(|w| {
                let next = self.word_ids.len() as u32;
                *self.word_ids.entry(w.clone()).or_insert(next)
            })
            .collect();
        self.phrase_word_ids.push(ids);
        self.phrases.push((ws, payload));
    }

    /// Where phrase `p` ends if it occurs at word `i`; `text_ids` are the words' ids
    /// for the OCR memo (see [`text_word_ids`]).
    fn matches_at(
        &self,
        words: &[Word],
        i: usize,
        p: usize,
        ocr: bool,
        text_ids: &[u32],
        close: &mut CloseMemo,
    ) -> Option<usize> {
        let (ws, _) = &self.phrases[p];
        if i + ws.len() > words.len() {
            return None;
        }
        let mut fuzzy = 0;
        for (k, want) in ws.iter().enumerate() {
            let w = &words[i + k];
            if w.alts.iter().any(|a| a == want) {
                continue;
            }
            if ocr
                && ws.len() >= 2
                && close.close(
                    (text_ids[i + k], w.folded()),
                    (self.phrase_word_ids[p][k], want),
                )
            {
                fuzzy += 1;
                continue;
            }
            return None;
        }
        (fuzzy * 2 <= ws.len()).then_some(i + ws.len())
    }

    /// Every occurrence, longest first at each start, overlapping allowed.
    pub fn find_all<'w>(&'w self, words: &'w [Word], ocr: bool) -> Vec<Found<'w, T>> {
        let mut out = Vec::new();
        let mut key = String::new();
        let mut close = CloseMemo::default();
        let text_ids = if ocr {
            text_word_ids(words)
        } else {
            Vec::new()
        };
        let mut cands: Vec<usize> = Vec::new();
        let mut here: Vec<Found<'_, T>> = Vec::new();
        for i in 0..words.len() {
            cands.clear();
            // Whether `cands` is one list, sorted and without repeats, as given.
            let mut sorted = true;
            if ocr {
                // Every phrase with the word's initial (`p` for `d`) is tried; that
                // holds the phrases starting with the word's own form, not always
                // those starting with its plain fold (`wong` is `uong`).
                let initial = words[i].folded().chars().next();
                let initial = initial.map(|c| if c == 'd' { 'p' } else { c });
                if let Some(v) = initial.and_then(|c| self.by_initial.get(&c)) {
                    cands.extend(v);
                }
                let skip = usize::from(initial.is_some());
                for a in &words[i].alts[skip..] {
                    if let Some(v) = self.by_first.get(a) {
                        sorted &= cands.is_empty();
                        cands.extend(v);
                    }
                }
            } else {
                // Exact matching needs the first (up to) three words exactly: same
                // result as trying every phrase that starts with the first word.
                let none: &[String] = &[];
                let next = |k: usize| words.get(i + k).map_or(none, |w| w.alts.as_slice());
                sorted = false;
                for a in &words[i].alts {
                    if let Some(v) = self.single.get(a) {
                        cands.extend(v);
                    }
                    if !self.by_first.contains_key(a) {
                        continue;
                    }
                    for b in next(1) {
                        if let Some(v) = self.by_pair.get(join_key(&mut key, &[a, b])) {
                            cands.extend(v);
                        }
                        for c in next(2) {
                            if let Some(v) = self.by_triple.get(join_key(&mut key, &[a, b, c])) {
                                cands.extend(v);
                            }
                        }
                    }
                }
            }
            if cands.is_empty() {
                continue;
            }
            if !sorted {
                cands.sort_unstable();
                cands.dedup();
            }
            here.clear();
            here.extend(cands.iter().filter_map(|&p| {
                self.matches_at(words, i, p, ocr, &text_ids, &mut close)
                    .map(|last| Found {
                        first: i,
                        last,
                        payload: &self.phrases[p].1,
                    })
            }));
            here.sort_by_key(|f| std::cmp::Reverse(f.last));
            out.append(&mut here);
        }
        out
    }
}

/// An id per distinct own form of the words of a text, for [`CloseMemo`].
fn text_word_ids(words: &[Word]) -> Vec<u32> {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    words
        .iter()
        .map(|w| {
            let next = ids.len() as u32;
            *ids.entry(w.folded()).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_ocr_words() {
        let cases = [
            ("Phòng", false, "phong"),
            ("hi¢u", false, "hieu"),
            ("Hwong", true, "huong"),
            ("Hwong", false, "hwong"),
            ("www", true, "www"),
            ("Pang", true, "dang"),
            ("Phòng", true, "phong"),
        ];
        for (w, ocr, want) in cases {
            assert_eq!(fold_word(w, ocr), want, "{w}");
        }
    }

    #[test]
    fn ocr_closeness() {
        let cases = [
            ("chirc", "chuc", true),
            ("trin", "tran", true),
            ("gido", "giao", true),
            ("chure", "chuc", true),
            ("pang", "dang", true),
            ("phuong", "phong", true),
            ("tinh", "tinh", true),
            ("cua", "cui", false), // too short
            ("thanh", "tranh", false),
            ("lang", "long", true),
            ("bien", "chien", false),
            ("01", "06", false),
            ("cua", "cuoc", false),
            ("s6", "so", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(ocr_close(a, b), want, "{a} ~ {b}");
        }
    }

    /// The cheap filter before the memo never rejects a pair [`ocr_close_any`] takes.
    #[test]
    fn the_quick_filter_keeps_every_close_pair() {
        let ws = [
            "chirc", "chuc", "trin", "tran", "gido", "giao", "pang", "dang", "phuong", "phong",
            "cua", "cira", "cui", "s6", "so", "sy", "su", "01", "06", "a", "ab", "tinh", "thanh",
            "hwong", "huong", "", "đảng", "dang", "x",
        ];
        let mut kept = 0;
        for a in ws {
            for b in ws {
                if ocr_close_any(a, b) {
                    kept += 1;
                    assert!(may_be_close(a, b), "{a} ~ {b}");
                }
            }
        }
        assert!(
            kept > ws.len(),
            "the table has close pairs besides identities"
        );
    }

    #[test]
    fn finds_phrases() {
        let mut set = PhraseSet::new();
        set.add("dịch vụ công trực tuyến", "dvc");
        set.add("một cửa", "1c");
        set.add("PAPI", "papi");
        let text = "sử dụng dịch vu cong truc tuyến, cơ chế mot cửa; (PAPI)";
        let ws = words(text, false);
        let got: Vec<_> = set
            .find_all(&ws, false)
            .iter()
            .map(|f| *f.payload)
            .collect();
        assert_eq!(got, ["dvc", "1c", "papi"]);
        // OCR: one garbled word of four is tolerated.
        let ws = words("khuyén khich dich vu cong truc tuyén", true);
        assert_eq!(set.find_all(&ws, true).len(), 1);
        let ws = words("thuc hien cong tac", true);
        assert!(set.find_all(&ws, true).is_empty());
    }

    #[test]
    fn similarity_of_names() {
        assert!(
            similarity(
                "cong chure tw phap - ho tich",
                "cong chuc tu phap - ho tich"
            ) > 0.85
        );
        assert!(similarity("phong noi vu", "phong tu phap") < 0.8);
    }
}
