//! End to end: index the shipped seeds with the real binary and search them the way
//! users do (diacritics optional, OCR text, acronyms, numbers, phrases).

mod common;

use common::*;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One index of the seeds shared by the tests of this file.
fn seed_index() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        ok(&[
            "index",
            seeds_dir().to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ]);
        dir
    });
    dir.path().join("index")
}

#[test]
fn dang_with_or_without_diacritics_finds_all_five_seeds() {
    let idx = seed_index();
    for q in ["dang", "Đảng", "đảng", "DANG"] {
        let r = search_json(&idx, q, &[]);
        assert_eq!(r["total"], 5, "{q}: {}", r["total"]);
    }
}

#[test]
fn accented_query_ranks_exact_matches_first() {
    let idx = seed_index();
    let r = search_json(&idx, "Đảng", &[]);
    // The clean seeds write "Đảng"; the OCR ones write "Pang"/"bang".
    let top = r["hits"][0]["source"].as_str().unwrap();
    assert!(
        top.starts_with("001_") || top.starts_with("002_"),
        "top hit {top}"
    );
    let html = r["hits"][0]["snippets"][0]["html"].as_str().unwrap();
    assert!(html.contains("<mark>Đảng</mark>"), "{html}");
}

#[test]
fn acronym_and_expansion_find_the_same_plans() {
    let idx = seed_index();
    let a = sources(&search_json(&idx, "thu tuc hanh chinh", &["--limit", "50"]));
    let b = sources(&search_json(&idx, "thủ tục hành chính", &["--limit", "50"]));
    let c = sources(&search_json(&idx, "TTHC", &["--limit", "50"]));
    assert_eq!(a.len(), 5);
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn document_numbers_find_exactly_the_citing_plans() {
    let idx = seed_index();
    for q in ["59/KH-UBND", "59/kh-ubnd"] {
        let r = search_json(&idx, q, &[]);
        assert_eq!(sources(&r), ["000_daa24168c5c9ca69.txt"], "{q}");
    }
    // 225/QĐ-TTg is cited by seed 002; typed without Đ and in lower case.
    let r = search_json(&idx, "225/qd-ttg", &[]);
    assert_eq!(sources(&r), ["002_5f77db56d2a9fd6a.txt"]);
    let html = r["hits"][0]["snippets"][0]["html"].as_str().unwrap();
    assert!(html.contains("<mark>225/QĐ-TTg</mark>"), "{html}");
}

#[test]
fn ocr_text_is_found_and_highlighted_as_written() {
    let idx = seed_index();
    // Seed 000 writes "tuyén truyén cii cach hanh chinh"; the query is clean.
    let r = search_json(&idx, "tuyên truyền", &["--limit", "10"]);
    assert_eq!(r["total"], 5);
    let ocr_hit = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["source"] == "000_daa24168c5c9ca69.txt")
        .expect("OCR seed 000 found");
    let html = ocr_hit["snippets"][0]["html"].as_str().unwrap();
    assert!(html.contains("<mark>tuyén</mark>"), "{html}");
}

#[test]
fn phrase_matches_ocr_mangled_spelling() {
    let idx = seed_index();
    // Seeds 000, 003 and 004 write "của Đảng" as "ciia Pang", "cia Pang", "ctiia Pang".
    let r = search_json(&idx, "\"của Đảng\"", &["--limit", "10"]);
    assert_eq!(r["total"], 5, "{r}");
    let ocr = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["source"] == "003_f0276c9855d9dc6f.txt")
        .expect("seed 003");
    let html = ocr["snippets"][0]["html"].as_str().unwrap();
    assert!(
        html.contains("<mark>cia</mark> <mark>Pang</mark>"),
        "{html}"
    );
}

#[test]
fn phrases_match_in_order_and_across_line_wraps() {
    let idx = seed_index();
    // Seed 002 wraps its title: "năm 2020  \ntrên địa bàn xã Chiềng Sơn".
    let r = search_json(&idx, "\"năm 2020 trên địa bàn\"", &[]);
    assert_eq!(sources(&r), ["002_5f77db56d2a9fd6a.txt"]);
    // Words present but not in that order do not make the phrase.
    let r = search_json(&idx, "\"bàn địa trên\"", &[]);
    assert_eq!(r["total"], 0);
}

#[test]
fn a_unit_named_in_the_query_boosts_the_plans_that_give_it_duties() {
    let idx = seed_index();
    // Only the Gio Linh plan (001) gives "Phòng Nội vụ" a duty; the words alone
    // ("phong", "noi", "vu", "tuyen truyen") occur in every seed.
    let r = search_json(&idx, "phong noi vu tuyen truyen", &[]);
    assert_eq!(r["understood"]["units"][0], "Phòng Nội vụ", "{r}");
    assert_eq!(r["understood"]["text"], "phong noi vu tuyen truyen");
    let hits = r["hits"].as_array().unwrap();
    assert!(hits.len() >= 2, "{r}");
    assert!(
        hits[0]["source"].as_str().unwrap().starts_with("001_"),
        "{r}"
    );
    let (top, next) = (
        hits[0]["score"].as_f64().unwrap(),
        hits[1]["score"].as_f64().unwrap(),
    );
    assert!(top > 2.0 * next, "{top} vs {next}");
    // As a filter, a unit matches with or without a locality after it, whatever the
    // diacritics and case: 001 names "Văn phòng HĐND và UBND huyện", 002 "… xã".
    let r = search_json(&idx, "", &["--unit", "van phong HDND va UBND"]);
    let found = sources(&r);
    assert_eq!(found.len(), 2, "{r}");
    assert!(
        found[0].starts_with("001_") && found[1].starts_with("002_"),
        "{found:?}"
    );
    let r = search_json(&idx, "", &["--unit", "Văn phòng HĐND và UBND huyện"]);
    assert_eq!(sources(&r).len(), 1, "{r}");
    assert!(sources(&r)[0].starts_with("001_"), "{r}");
    let r = search_json(&idx, "", &["--unit", "Văn phòng HĐND"]);
    assert_eq!(r["total"], 0, "a prefix of a name is not the unit: {r}");
    // Quoted, it is only text.
    let r = search_json(&idx, "\"phong noi vu\" tuyen truyen", &[]);
    assert!(r["understood"].get("units").is_none(), "{r}");
}

#[test]
fn hits_carry_the_passages_that_matched_with_their_sections() {
    let idx = seed_index();
    let r = search_json(&idx, "cai cach hanh chinh", &[]);
    for h in r["hits"].as_array().unwrap() {
        let snippets = h["snippets"].as_array().unwrap();
        assert!((1..=3).contains(&snippets.len()), "{h}");
        for s in snippets {
            assert!(s["html"].as_str().unwrap().contains("<mark>"), "{s}");
        }
    }
    // The long clean plan 001: three passages, from different sections.
    let h = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["source"].as_str().unwrap().starts_with("001_"))
        .unwrap();
    let sections: Vec<&str> = h["snippets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["section"].as_str())
        .collect();
    assert!(sections.len() >= 2, "{h}");
    assert_ne!(sections[0], sections[1]);
}

#[test]
fn exclusion_and_or() {
    let idx = seed_index();
    let zalo = search_json(&idx, "Zalo", &[]);
    let zalo_n = zalo["total"].as_u64().unwrap();
    assert!((1..5).contains(&zalo_n));
    let without = search_json(&idx, "tuyên truyền -Zalo", &[]);
    assert_eq!(without["total"].as_u64().unwrap(), 5 - zalo_n);
    let either = search_json(&idx, "Zalo OR Facebook", &[]);
    assert!(either["total"].as_u64().unwrap() >= zalo_n);
}

#[test]
fn human_output_shows_title_number_year_and_marks() {
    let idx = seed_index();
    let out = ok(&["search", "Gio Linh", "--index", idx.to_str().unwrap()]);
    assert!(
        out.contains("Tuyên truyền cải cách hành chính huyện Gio Linh năm 2022"),
        "{out}"
    );
    assert!(out.contains("Số 23/KH-UBND"), "{out}");
    assert!(out.contains("năm 2022"), "{out}");
    assert!(
        out.contains("«Gio» «Linh»") || out.contains("«Gio Linh»"),
        "{out}"
    );
}

#[test]
fn analyze_prints_the_api_shape() {
    let out = ok(&["analyze", "ctia Đảng"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &v[0];
    assert_eq!(first["position"], 0);
    assert_eq!(first["start"], 0);
    assert_eq!(first["end"], 4);
    assert_eq!(first["text"], "ctia");
    assert!(first["terms"].as_array().unwrap().contains(&"ctia".into()));
    assert!(
        first["terms"].as_array().unwrap().contains(&"cua".into()),
        "{out}"
    );
    // Text starting with a dash is text, not an option.
    let out = ok(&["analyze", "- Nhằm đẩy mạnh"]);
    assert!(out.contains("\"nhằm\""), "{out}");
    assert!(v[1]["terms"].as_array().unwrap().contains(&"dang".into()));
}

#[test]
fn searching_without_an_index_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "search",
        "dang",
        "--index",
        dir.path().join("none").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("plansearch index"), "{err}");
}
