//! Repair of OCR-mangled syllables (`ctia` → `của`, `Pang` → `Đảng`, `s6` → `số`).
//!
//! Scanned plans come back from OCR with diacritics turned into look-alike letters,
//! digits and symbols. Each written token is scored against the real syllables it
//! could stand for (see [`model`]): syllable frequency and folded-bigram context from
//! clean text, times a character-confusion channel learned from the OCR seeds
//! (`examples/ocr_model.rs`). The most likely readings are indexed at the token's
//! position next to the token itself, so a wrong guess loses nothing.
//!
//! Clean text must stay untouched: a token seen often in clean text is never
//! searched, and every reading that is not the token itself pays the prior odds of an
//! OCR error, estimated per text from its share of tokens clean text never uses.

pub mod model;
pub mod restore;
pub mod syllable;

use std::sync::{Arc, LazyLock, RwLock};

use tantivy::tokenizer::Token;

use super::filter::Stage;
use crate::fxhash::FxHashMap;
use crate::resources;
use crate::text::fold::fold;
use model::{Confusions, Lexicon, Model};

/// Shipped data files of the model.
pub const LEXICON_FILE: &str = "ocr_lexicon.tsv";
pub const BIGRAM_FILE: &str = "ocr_bigrams.tsv";
pub const CONFUSION_FILE: &str = "ocr_confusions.tsv";

/// Tuning of the repair decision.
#[derive(Debug, Clone)]
pub struct Params {
    /// A token seen this often in clean text is taken as written, without search.
    pub safe_count: u32,
    /// An unmarked token clean text also writes (rarely) unmarked is taken as
    /// written when its folded form is seen this often.
    pub safe_folded: u32,
    /// Channel cost budget of the candidate search (nats).
    pub budget: f32,
    /// ln P of a token that is real but unknown to the lexicon (a name, a loanword).
    pub ln_oov: f32,
    /// ln P of a short number being a number.
    pub ln_number: f32,
    /// Pseudo-count pulling bigram estimates towards the unigram.
    pub kappa: f64,
    /// Bounds of the OCR-error rate estimated per text.
    pub rate_min: f32,
    pub rate_max: f32,
    /// Minimum posterior of an emitted repair.
    pub min_posterior: f32,
    /// Most repairs emitted per token.
    pub max_repairs: usize,
    /// Syllables seen fewer times are not proposed.
    pub min_count: u32,
    /// Below this error rate a text reads as clean: numbers and rare known words are
    /// then taken as written.
    pub ocr_rate: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            safe_count: 30,
            safe_folded: 300,
            budget: 13.0,
            ln_oov: -14.0,
            ln_number: -3.5,
            kappa: 10.0,
            rate_min: 0.005,
            rate_max: 0.6,
            min_posterior: 0.12,
            max_repairs: 3,
            min_count: 2,
            ocr_rate: 0.08,
        }
    }
}

/// A token in context: the word and its neighbours' folded ids.
type Context<'w> = (&'w str, Option<u32>, Option<u32>);

/// Channel candidates of a written token: (syllable, cost).
type Candidates = Arc<[(u32, f32)]>;

/// Distinct tokens whose candidates are kept; beyond this the cache starts over
/// (an entry is some tens of bytes, so this bounds it to a few tens of MB).
const CANDIDATE_CACHE: usize = 400_000;

/// The repair model.
#[derive(Debug)]
pub struct OcrRepairer {
    pub model: Model,
    pub params: Params,
    /// The channel search of each distinct token, shared by every text and thread:
    /// it depends on the token alone, and OCR text repeats its mangled words across
    /// documents as well as within them (profiling a 100k-plan corpus put the
    /// search at a third of indexing time before this cache).
    candidates: RwLock<FxHashMap<Box<str>, Candidates>>,
}

/// A scored reading of one token.
#[derive(Debug, Clone)]
pub struct Reading {
    /// Folded form.
    pub folded: String,
    /// Posterior probability among the readings considered.
    pub posterior: f32,
}

impl OcrRepairer {
    /// The shipped model, loaded once.
    pub fn shared() -> &'static OcrRepairer {
        static MODEL: LazyLock<OcrRepairer> = LazyLock::new(|| {
            OcrRepairer::from_tsv(
                &resources::load(LEXICON_FILE),
                &resources::load(BIGRAM_FILE),
                &resources::load(CONFUSION_FILE),
                Params::default(),
            )
        });
        &MODEL
    }

    /// Builds a model from the texts of its three data files.
    pub fn from_tsv(lexicon: &str, bigrams: &str, confusions: &str, params: Params) -> Self {
        let lex = Lexicon::from_tsv(lexicon, bigrams);
        let conf = Confusions::from_tsv(confusions);
        OcrRepairer {
            model: Model::new(lex, &conf, params.min_count),
            params,
            candidates: RwLock::new(FxHashMap::default()),
        }
    }

    /// For each word of a sentence (lower-case NFC as written), the folded forms it
    /// may stand for, best first, not including its own folded form.
    pub fn repair(&self, words: &[&str]) -> Vec<Vec<String>> {
        let rate = self.error_rate(words);
        // A reading depends on the word, its neighbours and the text's error rate:
        // within one text, a repeated (word, neighbours) is scored once.
        let mut memo: FxHashMap<Context<'_>, Vec<String>> = FxHashMap::default();
        (0..words.len())
            .map(|i| {
                let Some((chars, prev, next)) = self.to_score(words, i, rate) else {
                    return Vec::new();
                };
                memo.entry((words[i], prev, next))
                    .or_insert_with(|| {
                        self.score(words[i], &chars, prev, next, rate)
                            .into_iter()
                            .map(|r| r.folded)
                            .collect()
                    })
                    .clone()
            })
            .collect()
    }

    /// A phrase of OCR text written back as the engine best reads it, for display
    /// ("Cac don vi sy nghiép truc thudc" → "Các đơn vị sự nghiệp trực thuộc"): each
    /// word clean text never uses becomes the most frequent clean spelling of its best
    /// reading; words clean text uses, and words with no reading, stay as written.
    /// The spelling is chosen without context (the bigrams are folded), so an unmarked
    /// "thanh" comes back as the commoner "thành" even in "truyền thanh", and OCR's
    /// "tuyén" as "tuyến" in "tuyên truyền": good enough for unit names, which are
    /// matched folded, not yet for running text.
    pub fn restore(&self, phrase: &str) -> String {
        let spans = crate::analysis::segmenter::word_spans(phrase);
        let lower: Vec<String> = spans
            .iter()
            .map(|&(a, b)| phrase[a..b].to_lowercase())
            .collect();
        let words: Vec<&str> = lower.iter().map(String::as_str).collect();
        let repairs = self.repair(&words);
        let lex = &self.model.lex;
        let mut out = String::with_capacity(phrase.len() + 8);
        let mut at = 0;
        for (((a, b), low), alts) in spans.iter().zip(&lower).zip(&repairs) {
            out.push_str(&phrase[at..*a]);
            at = *b;
            let written = &phrase[*a..*b];
            // A word with its marks that clean text uses is taken as written; an
            // unmarked one has most likely lost them.
            let spelled = if !low.is_ascii() && lex.exact.contains_key(low.as_str()) {
                None
            } else {
                alts.first()
                    .and_then(|f| lex.spelling(f))
                    .or_else(|| lex.spelling(&ocr_fold(low)))
            };
            match spelled {
                Some(s) => out.push_str(&match_case(written, s)),
                None => out.push_str(written),
            }
        }
        out.push_str(&phrase[at..]);
        out
    }

    /// The share of tokens with letters that clean text never uses, bounded: the
    /// prior odds that any one token of this text is an OCR error.
    pub fn error_rate(&self, words: &[&str]) -> f32 {
        let mut n = 0u32;
        let mut unknown = 0u32;
        for w in words {
            if !w.chars().any(char::is_alphabetic) {
                continue;
            }
            n += 1;
            if !self.model.lex.exact.contains_key(*w) {
                unknown += 1;
            }
        }
        let r = (unknown as f32 + 0.5) / (n as f32 + 2.0);
        r.clamp(self.params.rate_min, self.params.rate_max)
    }

    /// Whether `word` is taken as written without a search: the common path, one or
    /// two hash lookups and no allocation.
    fn is_settled(&self, word: &str) -> bool {
        let lex = &self.model.lex;
        let p = &self.params;
        if let Some(&n) = lex.exact.get(word) {
            if n >= p.safe_count {
                return true;
            }
            // Written without marks, a common syllable (`cua`, `va`, `cong`) is that
            // syllable with its marks lost, whatever few times clean text writes it
            // so: every reading with its marks folds back to it, adding nothing to
            // the folded field.
            return word.is_ascii()
                && lex
                    .folded_ids
                    .get(word)
                    .is_some_and(|&id| lex.folded_count(id) >= p.safe_folded);
        } else if word.is_ascii()
            && let Some(&id) = lex.folded_ids.get(word)
            && lex.folded_count(id) >= p.safe_count
        {
            return true;
        }
        false
    }

    fn neighbour(&self, words: &[&str], j: Option<usize>) -> Option<u32> {
        let w = words.get(j?)?;
        let lex = &self.model.lex;
        let id = if w.is_ascii() {
            *lex.folded_ids.get(*w)?
        } else {
            *lex.folded_ids.get(&fold(w))?
        };
        (lex.folded_count(id) >= self.params.min_count).then_some(id)
    }

    /// Log-odds that context adds to a folded syllable `f`: how much more likely the
    /// bigrams with the neighbours are than the syllable's own frequency predicts.
    pub fn context(&self, f: u32, prev: Option<u32>, next: Option<u32>) -> f32 {
        let lex = &self.model.lex;
        let k = self.params.kappa;
        let total = lex.total;
        let fc = lex.folded_count(f) as f64;
        let pf = fc.max(0.5) / total;
        let mut s = 0.0f64;
        if let Some(p) = prev {
            let pc = lex.folded_count(p) as f64;
            let b = lex.bigram(p, f) as f64;
            s += ((b + k * pf) / (pc + k) / pf).ln();
        }
        if let Some(n) = next {
            let pn = (lex.folded_count(n) as f64).max(0.5) / total;
            let b = lex.bigram(f, n) as f64;
            s += ((b + k * pn) / (fc + k) / pn).ln();
        }
        s.max(-6.0) as f32
    }

    /// The channel candidates of `word`, from the shared cache or searched.
    fn candidates_of(&self, word: &str, chars: &[char]) -> Candidates {
        if let Some(c) = self
            .candidates
            .read()
            .ok()
            .and_then(|m| m.get(word).cloned())
        {
            return c;
        }
        let found: Candidates = self
            .model
            .candidates(chars, self.params.budget, false)
            .into_iter()
            .map(|c| (c.syl, c.cost))
            .collect();
        if let Ok(mut m) = self.candidates.write() {
            if m.len() >= CANDIDATE_CACHE {
                m.clear();
            }
            m.insert(word.into(), found.clone());
        }
        found
    }

    /// The readings of token `i` other than its own folded form whose posterior
    /// reaches the threshold, best first.
    pub fn readings(&self, words: &[&str], i: usize, rate: f32) -> Vec<Reading> {
        match self.to_score(words, i, rate) {
            Some((chars, prev, next)) => self.score(words[i], &chars, prev, next, rate),
            None => Vec::new(),
        }
    }

    /// Whether token `i` needs scoring: its characters and neighbours if so, `None`
    /// when it is taken as written.
    fn to_score(
        &self,
        words: &[&str],
        i: usize,
        rate: f32,
    ) -> Option<(Vec<char>, Option<u32>, Option<u32>)> {
        let word = words[i];
        let p = &self.params;
        let has_letter = word.chars().any(|c| {
            c.is_alphabetic() || crate::analysis::segmenter::OCR_LETTER_SYMBOLS.contains(&c)
        });
        let number = !has_letter && word.chars().all(|c| c.is_ascii_digit());
        if !(has_letter || number && word.len() <= 2 && rate >= p.ocr_rate) || self.is_settled(word)
        {
            return None;
        }
        // In text that reads as clean, a token clean text uses is taken as written.
        if rate < p.ocr_rate && self.model.lex.exact.contains_key(word) {
            return None;
        }
        let chars: Vec<char> = word.chars().collect();
        if chars.len() > 12 {
            return None;
        }
        let prev = self.neighbour(words, i.checked_sub(1));
        let next = self.neighbour(words, Some(i + 1));
        Some((chars, prev, next))
    }

    /// Scores the readings of `word` between neighbours `prev` and `next`.
    fn score(
        &self,
        word: &str,
        chars: &[char],
        prev: Option<u32>,
        next: Option<u32>,
        rate: f32,
    ) -> Vec<Reading> {
        let p = &self.params;
        let number = !word.chars().any(|c| {
            c.is_alphabetic() || crate::analysis::segmenter::OCR_LETTER_SYMBOLS.contains(&c)
        }) && word.chars().all(|c| c.is_ascii_digit());
        let lex = &self.model.lex;
        let own = fold(word);
        let ln_err = rate.ln();
        let ln_clean = (1.0 - rate).ln();
        // Hypotheses that keep the token as written.
        let mut keep = if number {
            p.ln_number + ln_clean
        } else {
            p.ln_oov + ln_clean
        };
        if let Some(&n) = lex.exact.get(word) {
            let f = lex.folded_ids.get(&own).copied();
            let ctx = f.map_or(0.0, |f| self.context(f, prev, next));
            keep = log_add(keep, (n as f64 / lex.total).ln() as f32 + ctx + ln_clean);
        }
        let mut scored: Vec<(u32, f32)> = Vec::new();
        let cands = self.candidates_of(word, chars);
        // Candidates share folded forms (hành, hạnh, hãnh → hanh): the context of
        // each folded form is computed once.
        let mut contexts: Vec<(u32, f32)> = Vec::with_capacity(32);
        for &(syl, cost) in cands.iter() {
            let s = &self.model.syls[syl as usize];
            let ctx = match contexts.iter().find(|c| c.0 == s.folded) {
                Some(c) => c.1,
                None => {
                    let c = self.context(s.folded, prev, next);
                    contexts.push((s.folded, c));
                    c
                }
            };
            let lm = s.ln_p + ctx;
            scored.push((s.folded, lm - cost + ln_err));
        }
        let own_id = lex.folded_ids.get(&own).copied();
        // Sum by folded form; the own form joins the keep hypotheses.
        let mut by_fold: Vec<(u32, f32)> = Vec::new();
        for (f, s) in scored {
            if Some(f) == own_id {
                keep = log_add(keep, s);
            } else if let Some(e) = by_fold.iter_mut().find(|e| e.0 == f) {
                e.1 = log_add(e.1, s);
            } else {
                by_fold.push((f, s));
            }
        }
        let z = by_fold.iter().fold(keep, |z, e| log_add(z, e.1));
        by_fold.sort_by(|a, b| b.1.total_cmp(&a.1));
        // Posterior first, the folded string only for the readings kept.
        by_fold
            .into_iter()
            .map(|(f, s)| (f, (s - z).exp()))
            .filter(|&(_, posterior)| posterior >= p.min_posterior)
            .take(p.max_repairs)
            .map(|(f, posterior)| Reading {
                folded: lex.folded[f as usize].0.clone(),
                posterior,
            })
            .collect()
    }
}

fn log_add(a: f32, b: f32) -> f32 {
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// The analyzer stage: adds each repair at the position of the word it repairs.
#[derive(Clone, Copy, Default)]
pub struct OcrRepair;

impl Stage for OcrRepair {
    fn process(&self, _text: &str, tokens: &mut Vec<Token>) {
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let repairs = OcrRepairer::shared().repair(&words);
        let mut added = Vec::new();
        for (tok, reps) in tokens.iter().zip(repairs) {
            for r in reps {
                added.push(Token {
                    text: r,
                    ..tok.clone()
                });
            }
        }
        tokens.extend(added);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repairs_in(text: &str, word: &str) -> Vec<String> {
        let words: Vec<&str> = text.split(' ').collect();
        let i = words.iter().position(|w| *w == word).unwrap();
        OcrRepairer::shared().repair(&words).swap_remove(i)
    }

    /// In text written without marks, a common syllable is taken as written: its
    /// marked readings all fold back to it, and the others were false repairs
    /// (`chu` → `thu`, `su` → `du`, `Tam` → `tai`) that also cost most of the
    /// analysis time of such text.
    #[test]
    fn unmarked_common_syllables_are_taken_as_written() {
        let text = "thuc hien nhiem vu cua ong tam ve su kien han che chu truong";
        let words: Vec<&str> = text.split(' ').collect();
        let repairs = OcrRepairer::shared().repair(&words);
        for (w, r) in words.iter().zip(&repairs) {
            assert!(r.is_empty(), "{w}: {r:?}");
        }
        // Unmarked words clean text does not use are still repaired.
        assert!(repairs_in("ban chap hanh pang bo", "pang").contains(&"dang".to_string()));
    }

    #[test]
    fn repairs_mangled_syllables() {
        // (text as the stage sees it, mangled word, folded reading expected among the
        // repairs)
        let cases = [
            ("ctia", "ctia", "cua"),
            ("ban chap hanh pang bo", "pang", "dang"),
            ("s6", "s6", "so"),
            ("chirc", "chirc", "chuc"),
            ("uy ban nhan dan x4", "x4", "xa"),
            ("théng", "théng", "thong"),
            ("tang cudng", "cudng", "cuong"),
            ("dugc", "dugc", "duoc"),
            ("hi¢u qua", "hi¢u", "hieu"),
            ("muc ti€u", "ti€u", "tieu"),
            ("gop ¥ kien", "¥", "y"),
            ("1a", "1a", "la"),
            ("can b0 cong chuc", "b0", "bo"),
            ("ting cuong", "ting", "tang"),
            ("ndi dung", "ndi", "noi"),
            ("nhiém vu", "nhiém", "nhiem"),
            ("ké hoach nim 2024", "nim", "nam"),
            ("ctr", "ctr", "cu"),
            ("vdi", "vdi", "voi"),
            ("nguoi ding dau", "ding", "dung"),
            ("chit luong", "chit", "chat"),
        ];
        for (text, word, want) in cases {
            let got = repairs_in(text, word);
            // `nhiém` folds to its own reading already: nothing to add.
            if word == "nhiém" {
                assert!(got.is_empty(), "{word} in {text:?}: {got:?}");
                continue;
            }
            assert!(got.iter().any(|g| g == want), "{word} in {text:?}: {got:?}");
        }
    }

    #[test]
    fn leaves_clean_text_alone() {
        let texts = [
            "căn cứ kế hoạch số 59 của ủy ban nhân dân huyện về việc thực hiện",
            "tăng cường sự tham gia của người dân doanh nghiệp và các tổ chức xã hội",
            "giữ gìn bản sắc văn hóa dân tộc gắn với phát triển du lịch",
            "đăng tải trên zalo facebook internet và cổng thông tin điện tử",
            "đạt tiêu chuẩn iso 9001 năm 2024",
            "nâng cao chất lượng hiệu quả công tác cải cách hành chính nhà nước",
            "thong tin tuyen truyen cai cach hanh chinh",
        ];
        for text in texts {
            let words: Vec<&str> = text.split(' ').collect();
            let reps = OcrRepairer::shared().repair(&words);
            for (w, r) in words.iter().zip(reps) {
                assert!(r.is_empty(), "{w} in {text:?} repaired to {r:?}");
            }
        }
    }

    #[test]
    fn repairs_exclude_own_fold_and_are_ascii() {
        let words = ["hién", "ctia", "véi", "thyc"];
        for (w, reps) in words.iter().zip(OcrRepairer::shared().repair(&words)) {
            for r in reps {
                assert_ne!(r, fold(w));
                assert!(r.is_ascii(), "{r}");
            }
        }
    }
}

/// Folds a word of OCR text: [`fold`], plus the symbols OCR reads for `e` (`hi¢u`,
/// `ti€u`), `w` for `ư` (Vietnamese has no `w`) and `P` for `Đ` (Vietnamese writes
/// `p` only in `ph`: "Pang" → "dang").
pub fn ocr_fold(word: &str) -> String {
    ocr_refold(fold(word))
}

/// [`ocr_fold`] of a word from its plain [`fold`].
pub fn ocr_refold(mut f: String) -> String {
    if f.contains(['¢', '€']) {
        f = f.replace(['¢', '€'], "e");
    }
    if f.len() > 1 && f.contains('w') && !f.starts_with("ww") {
        f = f.replace('w', "u");
    }
    if f.len() > 1 && f.starts_with('p') && !f.starts_with("ph") {
        f.replace_range(..1, "d");
    }
    f
}

/// `word` (lower case) in the case of `like`: upper case, capitalized or as is.
fn match_case(like: &str, word: &str) -> String {
    let letters = || like.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return word.to_uppercase();
    }
    if like.chars().next().is_some_and(char::is_uppercase) {
        let mut c = word.chars();
        return c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
    }
    word.to_string()
}

#[cfg(test)]
mod restore_tests {
    use super::OcrRepairer;

    #[test]
    fn restores_ocr_phrases_for_display() {
        let r = OcrRepairer::shared();
        let cases = [
            ("Cac don vi truc thudc", "Các đơn vị trực thuộc"),
            ("Cong chirc Tw phap", "Công chức Tư pháp"),
            ("Phòng Nội vụ", "Phòng Nội vụ"),
            ("UBND", "UBND"),
        ];
        for (seen, want) in cases {
            assert_eq!(r.restore(seen), want, "{seen}");
        }
    }
}
