//! Whether a text came out of OCR: Vietnamese syllables never mix letters and digits
//! ("s6" for "số", "b0" for "bộ") and never contain `w`, `j`, `f` or the symbols OCR
//! puts for marked vowels (`¢`, `€`). A few per hundred words mean OCR; text that is
//! merely typed without diacritics has none.

use crate::analysis::segmenter::word_spans;

/// Whether one word (as written) is impossible in Vietnamese in a way OCR produces.
pub fn is_ocr_word(w: &str) -> bool {
    let has_digit = w.chars().any(|c| c.is_ascii_digit());
    let has_alpha = w.chars().any(char::is_alphabetic);
    let first_alpha = w.chars().next().is_some_and(char::is_alphabetic);
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    // "s6", "t6", "b0", "1ap" (not codes such as "5G", "H2O", "CT3").
    if has_digit && has_alpha && w.chars().count() <= 4 && upper <= 1 {
        let letters_then_digit =
            first_alpha && w.chars().last().is_some_and(|c| c.is_ascii_digit());
        let digit_then_lower = w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars().skip(1).all(|c| c.is_lowercase());
        return letters_then_digit || digit_then_lower && w.chars().count() >= 3;
    }
    if w.contains(['¢', '€', '¥', '£', '§']) {
        return true;
    }
    // "Tw", "nwéc", "ctia" patterns: w inside a lowercase word, mixed with marks.
    // Only `w` and `W` lower-case to `w`: most words need no lower-cased copy.
    if !w.contains(['w', 'W']) {
        return false;
    }
    let lower = w.to_lowercase();
    lower.len() > 1
        && lower.chars().skip(1).any(|c| c == 'w')
        && !lower.starts_with("ww")
        && !lower.contains("ow")
}

/// Share of OCR-impossible words above which a text is taken for OCR output.
const THRESHOLD: f64 = 0.008;

/// Whether `text` looks like OCR output.
pub fn ocr_suspected(text: &str) -> bool {
    let head = crate::extract::prefix(text, 200_000);
    let spans = word_spans(head);
    if spans.len() < 20 {
        return false;
    }
    let bad = spans
        .iter()
        .filter(|&&(a, b)| is_ocr_word(&head[a..b]))
        .count();
    bad as f64 / spans.len() as f64 > THRESHOLD && bad >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_words() {
        for w in ["s6", "t6", "b0", "x4", "1ap", "hi¢u", "Tw", "nwéc"] {
            assert!(is_ocr_word(w), "{w}");
        }
        for w in [
            "5G", "H2O", "CT3", "2024", "của", "Zalo", "show", "IoT", "4.0",
        ] {
            assert!(!is_ocr_word(w), "{w}");
        }
    }

    #[test]
    fn detects_ocr_text() {
        let clean = "Căn cứ Kế hoạch số 59/KH-UBND ngày 10 tháng 01 năm 2024 của Ủy ban nhân dân huyện về việc thực hiện thông tin, tuyên truyền cải cách hành chính năm 2024 với các nội dung cụ thể như sau";
        let bare = crate::text::fold::fold(clean);
        let ocr = "Cin ctr Ké hoach s6 59/KH-UBND ngay 10 thang 01 nim 2024 cua Uy ban nhan dan huyén vé viéc thuc hién t6 chirc b0 may, Tw phap va cac ndi dung cy thé nhu sau";
        assert!(!ocr_suspected(clean));
        assert!(!ocr_suspected(&bare));
        assert!(ocr_suspected(ocr));
    }
}
