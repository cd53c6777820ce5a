//! Table-driven tests of the whole analyzer (`analyze`), one row per rule: Unicode
//! forms, tone placement, folding, đ, punctuation, line wraps, acronyms, document
//! numbers, OCR forms.

use super::analyze;

/// (input, word position, terms that must be emitted at that position)
type Case = (&'static str, usize, &'static [&'static str]);

const CASES: &[Case] = &[
    // NFC and NFD input give the same terms.
    ("Đảng", 0, &["đảng", "dang"]),
    ("Đa\u{0309}ng", 0, &["đảng", "dang"]),
    ("ca\u{0309}i ca\u{0301}ch", 0, &["cải", "cai"]),
    ("ca\u{0309}i ca\u{0301}ch", 1, &["cách", "cach"]),
    ("nhân dân", 1, &["dân", "dan"]),
    ("Vie\u{0323}\u{0302}t Nam", 0, &["việt", "viet"]),
    ("NGHỊ QUYẾT", 1, &["quyết", "quyet"]),
    ("Cộng hòa", 0, &["cộng", "cong"]),
    // Tone placement: old and new spellings are one word.
    ("hoà", 0, &["hòa", "hoa"]),
    ("hòa", 0, &["hòa", "hoa"]),
    ("thuỷ", 0, &["thủy", "thuy"]),
    ("Uỷ ban", 0, &["ủy", "uy"]),
    ("Ủy ban", 0, &["ủy", "uy"]),
    ("khoẻ", 0, &["khỏe", "khoe"]),
    ("hoá", 0, &["hóa", "hoa"]),
    ("tuỳ", 0, &["tùy", "tuy"]),
    ("quý", 0, &["quý", "quy"]),
    ("hòang", 0, &["hoàng", "hoang"]),
    ("HOÀ BÌNH", 0, &["hòa", "hoa"]),
    ("Thuỵ", 0, &["thụy", "thuy"]),
    ("hoạ", 0, &["họa", "hoa"]),
    ("xoè", 0, &["xòe", "xoe"]),
    // đ folds to d, in both cases.
    ("đơn vị", 0, &["đơn", "don"]),
    ("ĐỊA BÀN", 0, &["địa", "dia"]),
    ("đ", 0, &["đ", "d"]),
    ("Đồng Tháp", 0, &["đồng", "dong"]),
    ("đẩy mạnh", 0, &["đẩy", "day"]),
    // Text without diacritics stays as typed.
    ("cai cach hanh chinh", 2, &["hanh"]),
    ("dang", 0, &["dang"]),
    ("Uy ban nhan dan", 0, &["uy"]),
    // Lower-casing.
    ("KẾ HOẠCH", 0, &["kế", "ke"]),
    ("Kế Hoạch", 1, &["hoạch", "hoach"]),
    // Punctuation separates words and never becomes a term.
    ("(CCHC);", 0, &["cchc"]),
    ("“Tăng cường”", 0, &["tăng", "tang"]),
    ("a, b; c.", 2, &["c"]),
    ("v.v…", 1, &["v"]),
    ("TP.HCM", 1, &["hcm"]),
    ("**KẾ HOẠCH**", 0, &["kế"]),
    ("| Phòng Nội vụ |", 0, &["phòng", "phong"]),
    ("- Tuyên truyền", 0, &["tuyên", "tuyen"]),
    // Line wraps: words on either side of a newline are neighbours.
    ("cải cách\nhành chính", 2, &["hành", "hanh"]),
    ("cải cách\r\nhành chính", 3, &["chính", "chinh"]),
    ("năm 2020  \ntrên địa bàn", 2, &["trên", "tren"]),
    ("PHÁT\nTRIỂN", 1, &["triển", "trien"]),
    // Numbers.
    ("năm 2024", 1, &["2024"]),
    ("giai đoạn 2021-2025", 2, &["2021"]),
    ("giai đoạn 2021-2025", 3, &["2025"]),
    ("15/7/2021", 0, &["15"]),
    ("ISO 9001:2015", 1, &["9001"]),
    // Document numbers are also indexed whole, normalized.
    ("Nghị quyết 76/NQ-CP", 2, &["76", "76/nq-cp"]),
    ("số 63/2010/NĐ-CP", 1, &["63/2010/nd-cp"]),
    ("số 01-NQ/TU", 1, &["01-nq/tu"]),
    ("S6: 38 /KH-UBND", 1, &["38/kh-ubnd"]),
    ("05/Qb-UBND", 0, &["05/qd-ubnd"]),
    ("225/QĐ-TTg", 0, &["225/qd-ttg"]),
    ("76/nq-cp", 0, &["76"]),
    // Acronyms: the expansion carries the acronym key.
    ("thủ tục hành chính", 0, &["thủ", "thu", "tthc"]),
    ("thu tuc hanh chinh", 0, &["tthc"]),
    ("cải cách hành chính", 0, &["cchc"]),
    ("Ủy ban nhân dân", 0, &["ubnd"]),
    ("Uỷ ban nhân dân", 0, &["ubnd"]),
    ("Hội đồng nhân dân", 0, &["hdnd"]),
    ("cán bộ, công chức", 0, &["cbcc"]),
    ("cán bộ, công chức, viên chức", 0, &["cbcc", "cbccvc"]),
    ("dịch vụ công trực tuyến", 0, &["dvctt", "dvc"]),
    ("Mặt trận Tổ quốc", 0, &["mttq"]),
    ("văn bản quy phạm pháp luật", 0, &["vbqppl"]),
    ("công nghệ thông tin", 0, &["cntt"]),
    ("kinh tế - xã hội", 0, &["ktxh"]),
    ("KT-XH", 0, &["kt", "ktxh"]),
    ("HĐND", 0, &["hđnd", "hdnd"]),
    ("TTHC", 0, &["tthc"]),
    ("Phòng VH&TT", 1, &["vh", "vhtt"]),
    // OCR forms are repaired at the same position (the written form stays too).
    ("ctia Pang", 0, &["ctia", "cua"]),
    ("ctia Pang", 1, &["pang", "dang"]),
    ("Cin ctr Ké hoach s6 59", 4, &["s6", "so"]),
    ("t6 chirc", 1, &["chirc", "chuc"]),
    ("UBND x4 xay dung", 1, &["x4", "xa"]),
    ("CCHC nim 2024", 1, &["nim", "nam"]),
    ("Théng tin", 0, &["théng", "thong"]),
    ("tang cudng", 1, &["cudng", "cuong"]),
    ("hi¢u qua", 0, &["hieu"]),
];

/// (input, word position, terms that must NOT be emitted there)
const NEGATIVE: &[Case] = &[
    // Clean words are not "repaired" into others.
    ("của Đảng", 1, &["đang"]),
    ("đang làm", 0, &["đảng"]),
    ("cải cách", 0, &["cchc"]),
    ("hành chính", 0, &["tthc", "cchc"]),
    ("Zalo Facebook", 0, &["dalo"]),
    // A date is not a document number.
    ("15/7/2021", 0, &["15/7/2021"]),
];

#[test]
fn analyzer_table() {
    let mut failures = Vec::new();
    for (text, pos, want) in CASES {
        let tokens = analyze(text);
        let Some(tok) = tokens.iter().find(|t| t.position == *pos) else {
            failures.push(format!("{text:?}: no token at position {pos}: {tokens:?}"));
            continue;
        };
        for w in *want {
            if !tok.terms.iter().any(|t| t == w) {
                failures.push(format!("{text:?}@{pos}: missing {w:?} in {:?}", tok.terms));
            }
        }
    }
    for (text, pos, banned) in NEGATIVE {
        let tokens = analyze(text);
        let terms: Vec<&String> = tokens
            .iter()
            .filter(|t| t.position == *pos)
            .flat_map(|t| &t.terms)
            .collect();
        for b in *banned {
            if terms.iter().any(|t| t == b) && !(b == &"cua" && text.starts_with("của")) {
                failures.push(format!("{text:?}@{pos}: must not emit {b:?}: {terms:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(CASES.len() + NEGATIVE.len() >= 60);
}

#[test]
fn offsets_point_into_the_original_text() {
    let text = "Đa\u{0309}ng ủy\nhoà";
    for t in analyze(text) {
        assert_eq!(&text[t.start..t.end], t.text);
    }
    let t = &analyze("  Uỷ ban")[0];
    assert_eq!((t.start, t.end), (2, 6));
}

#[test]
fn nfc_and_nfd_documents_analyze_alike() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = "Kế hoạch tuyên truyền cải cách hành chính năm 2024 của Ủy ban nhân dân huyện";
    let nfd: String = nfc.nfd().collect();
    let terms = |s: &str| analyze(s).into_iter().map(|t| t.terms).collect::<Vec<_>>();
    assert_eq!(terms(nfc), terms(&nfd));
}

#[test]
fn empty_and_symbol_only_input() {
    assert!(analyze("").is_empty());
    assert!(analyze("  \n\t ").is_empty());
    assert!(analyze("--- | *** |").is_empty());
}
