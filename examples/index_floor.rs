//! Indexing floor: tantivy alone, with its own simple tokenizer, on the same texts
//! and the same three positional body fields, plus the stored text; what indexing
//! would cost with no Vietnamese analysis and no metadata extraction.
//!
//! `cargo run --release --example index_floor -- DIR… [--fields N]`
use std::path::PathBuf;
use std::time::Instant;

use tantivy::schema::{STORED, Schema, TEXT};
use tantivy::{Index, TantivyDocument};

fn main() -> anyhow::Result<()> {
    let mut dirs = Vec::new();
    let mut nfields = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--fields" {
            nfields = args.next().unwrap().parse()?;
        } else {
            dirs.push(PathBuf::from(a));
        }
    }
    let mut files = Vec::new();
    for d in &dirs {
        for e in walkdir::WalkDir::new(d).follow_links(true) {
            let e = e?;
            if e.file_type().is_file() {
                files.push(e.path().to_path_buf());
            }
        }
    }
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut b = Schema::builder();
    let fields: Vec<_> = (0..nfields)
        .map(|i| b.add_text_field(&format!("f{i}"), TEXT))
        .collect();
    let stored = b.add_text_field("stored", STORED);
    let dir = tempfile::tempdir()?;
    let index = Index::create_in_dir(dir.path(), b.build())?;
    let t = Instant::now();
    let mut w = index.writer::<TantivyDocument>(200_000_000)?;
    for text in &texts {
        let mut doc = TantivyDocument::new();
        for &f in &fields {
            doc.add_text(f, text);
        }
        doc.add_text(stored, text);
        w.add_document(doc)?;
    }
    w.commit()?;
    w.wait_merging_threads()?;
    let s = t.elapsed().as_secs_f64();
    println!(
        "{} plans, {:.1} MB, {nfields} fields: {s:.2} s wall, {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / s
    );
    Ok(())
}
