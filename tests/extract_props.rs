//! Extraction never panics on malformed input and reports nulls for what it cannot
//! read: no header, no sections, a 5 MB single line, a table-only file, random bytes.

use plansearch::extract::{PlanMetadata, extract};
use proptest::prelude::*;

fn no_header_fields(m: &PlanMetadata) -> bool {
    m.doc_number.is_none() && m.issued_date.is_none() && m.signer.is_none()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4000)) {
        let text = String::from_utf8_lossy(&bytes);
        let m = extract(&text);
        for s in &m.sections {
            prop_assert!(s.start <= s.end && s.end <= text.len());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,2000}") {
        let _ = extract(&text);
    }

    #[test]
    fn plan_like_fragments_never_panic(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("KẾ HOẠCH\n"), Just("Số: 38 /KH-UBND\n"), Just("ngày 72 tháng 13 năm 2024\n"),
                Just("I. MỤC ĐÍCH\n"), Just("IV. TỔ CHỨC THỰC HIỆN\n"), Just("1. Phòng Nội vụ:\n"),
                Just("a) "), Just("Nơi nhận:\n- "), Just("của Chính phủ"), Just("Nghị quyết số 76/NQ-CP "),
                Just("Đề án 06"), Just("| a | b |\n"), Just("ỦY BAN NHÂN DÂN\n"), Just("xã Giao Long "),
                Just("ử"), Just("¢€"), Just("\n\n"), Just("**"), Just("#### "), Just("Ký bởi: Lê Văn A\n"),
            ],
            0..60,
        )
    ) {
        let text: String = parts.concat();
        let _ = extract(&text);
    }
}

#[test]
fn no_header_no_sections() {
    let m = extract("chỉ là một đoạn văn không có tiêu đề, không có số hiệu, không có ngày tháng.");
    assert!(no_header_fields(&m));
    assert!(m.sections.is_empty() && m.citations.is_empty() && m.units.is_empty());
    assert_eq!(m.doc_type, None);
    assert_eq!(m.year, None);
}

#[test]
fn five_megabyte_single_line() {
    let unit = "Tuyên truyền cải cách hành chính theo Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; ";
    let text = unit.repeat(5 * 1024 * 1024 / unit.len());
    let m = extract(&text);
    assert_eq!(m.citations.len(), 1, "one entry per distinct document");
    assert!(m.sections.is_empty());
    assert_eq!(m.issued_date, None);
}

#[test]
fn table_only_file() {
    let mut text =
        String::from("| TT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n");
    for i in 1..200 {
        text.push_str(&format!(
            "| {i} | Tuyên truyền | Phòng Nội vụ | Quý {} |\n",
            i % 4 + 1
        ));
    }
    let m = extract(&text);
    assert!(no_header_fields(&m));
    assert_eq!(m.title, None);
}

#[test]
fn impossible_dates_are_null() {
    let m = extract(
        "UBND XÃ GIAO LONG\nSố: 38/KH-UBND Giao Long, ngày 32 tháng 13 năm 2024\nKẾ HOẠCH\nTuyên truyền\n",
    );
    assert_eq!(m.issued_date, None);
    assert_eq!(m.doc_number.as_deref(), Some("38/KH-UBND"));
}
