//! Metadata extraction throughput (MB/s; documents/s = documents ÷ time per
//! iteration) over the clean seeds, the OCR seeds and `../shared/corpus/real` (when
//! present).
//!
//! Run: `cargo bench --bench extract`. Figures go to BENCHMARKS.md.

use std::hint::black_box;

mod common;

use common::{real_corpus, root, texts};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plansearch::extract::extract;

fn bench_extract(c: &mut Criterion) {
    let root = root();
    let seeds = texts(&root.join("index-data/plans"));
    let (ocr, clean): (Vec<String>, Vec<String>) = seeds
        .into_iter()
        .partition(|t| extract(t).quality.ocr_suspected);
    let mut corpora = vec![("seeds-clean", clean), ("seeds-ocr", ocr)];
    corpora.extend(real_corpus().map(|t| ("real", t)));
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    for (name, docs) in &corpora {
        let bytes: usize = docs.iter().map(String::len).sum();
        eprintln!("{name}: {} documents, {bytes} bytes", docs.len());
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format!("{name}/{}-docs", docs.len()), |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| extract(black_box(d)).units.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
