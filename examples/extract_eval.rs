//! Prints field accuracy and citation / unit / topic precision, recall and F1 of the
//! extractor over the annotated fixtures, per class of document (clean seeds, OCR
//! seeds, real documents).
//!
//! `cargo run --release --example extract_eval [-- --misses]`
use std::path::{Path, PathBuf};

use plansearch::extract::eval::{Expected, Report, score};

fn main() {
    let show_misses = std::env::args().any(|a| a == "--misses");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let classes = [
        (
            "seeds",
            root.join("index-data/plans"),
            root.join("tests/fixtures/metadata"),
        ),
        (
            "real",
            root.join("../shared/corpus/real"),
            root.join("tests/fixtures/metadata/real"),
        ),
    ];
    for (class, docs, fixtures) in classes {
        if !docs.is_dir() {
            println!("skipped {class}: {} not found", docs.display());
            continue;
        }
        let (mut clean, mut ocr) = (Report::default(), Report::default());
        let (mut n_clean, mut n_ocr) = (0, 0);
        for (name, exp) in load(&fixtures) {
            let text = match plansearch::text::read::read_plan_file(&docs.join(&name)) {
                Ok(t) => t,
                Err(e) => {
                    println!("{name}: {e}");
                    continue;
                }
            };
            let r = score(&exp, &plansearch::extract::extract(&text));
            if show_misses {
                for m in &r.misses {
                    println!("{name}: {m}");
                }
            }
            if exp.ocr {
                ocr.add(&r);
                n_ocr += 1;
            } else {
                clean.add(&r);
                n_clean += 1;
            }
        }
        if n_clean > 0 {
            println!(
                "== {class}, clean ({n_clean} documents)\n{}",
                clean.render()
            );
        }
        if n_ocr > 0 {
            println!("== {class}, OCR ({n_ocr} documents)\n{}", ocr.render());
        }
    }
}

fn load(dir: &Path) -> Vec<(String, Expected)> {
    let mut out: Vec<(String, Expected)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().to_string();
            let exp = serde_json::from_str(&std::fs::read_to_string(&p).ok()?).ok()?;
            Some((name, exp))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
