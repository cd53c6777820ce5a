//! End-to-end extraction on the five seed plans and on annotated real documents,
//! scored against fixtures established by reading each document
//! (`tests/fixtures/metadata`). Floors are the aims of the extractor: every field
//! right on clean seeds; F1 ≥ 0.9 for citations and topics on OCR seeds.

use std::path::{Path, PathBuf};

use plansearch::extract::eval::{Expected, Report, score};
use plansearch::extract::extract;
use plansearch::text::read::read_plan_file;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures(dir: &Path) -> Vec<(String, Expected)> {
    let mut out: Vec<(String, Expected)> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().expect("stem").to_string_lossy().to_string();
            let exp: Expected = serde_json::from_str(&std::fs::read_to_string(&p).expect("read"))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, exp)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn run(docs: &Path, fx: &Path) -> Vec<(String, bool, Report)> {
    fixtures(fx)
        .into_iter()
        .map(|(name, exp)| {
            let text = read_plan_file(&docs.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            let got = extract(&text);
            let r = score(&exp, &got);
            println!("== {name}\n{}", r.render());
            for m in &r.misses {
                println!("   {m}");
            }
            (name, exp.ocr, r)
        })
        .collect()
}

#[test]
fn seeds_match_their_annotations() {
    let results = run(
        &root().join("index-data/plans"),
        &root().join("tests/fixtures/metadata"),
    );
    assert_eq!(results.len(), 5, "five seed fixtures");
    let (mut clean, mut ocr) = (Report::default(), Report::default());
    for (_, is_ocr, r) in &results {
        if *is_ocr { ocr.add(r) } else { clean.add(r) }
    }
    println!(
        "== clean seeds\n{}\n== OCR seeds\n{}",
        clean.render(),
        ocr.render()
    );
    assert_eq!(
        clean.field_accuracy(),
        1.0,
        "every field right on clean seeds"
    );
    assert_eq!(clean.citations.f1(), 1.0);
    assert_eq!(clean.topics.f1(), 1.0);
    assert_eq!(clean.units.f1(), 1.0);
    assert!(ocr.citations.f1() >= 0.9, "OCR citations F1");
    assert!(ocr.topics.f1() >= 0.9, "OCR topics F1");
    // Regression floors at the level reached (see the report for what is missing).
    assert!(ocr.field_accuracy() >= 0.9, "OCR fields");
    assert!(ocr.units.f1() >= 0.6, "OCR units F1");
}

#[test]
fn real_documents_match_their_annotations() {
    let docs = root().join("../shared/corpus/real");
    if !docs.is_dir() {
        println!("skipped: ../shared/corpus/real not found");
        return;
    }
    let results = run(&docs, &root().join("tests/fixtures/metadata/real"));
    let mut all = Report::default();
    for (_, _, r) in &results {
        all.add(r);
    }
    println!("== real documents ({})\n{}", results.len(), all.render());
    assert!(results.len() >= 10, "at least ten annotated real documents");
    assert!(all.field_accuracy() >= 0.8, "real documents: fields");
    assert!(all.basis.f1() >= 0.8, "real documents: basis citations");
}

#[test]
fn extraction_is_deterministic() {
    let text =
        read_plan_file(&root().join("index-data/plans/001_51ff2d4f316e873f.txt")).expect("seed");
    assert_eq!(extract(&text), extract(&text));
}
