//! Analyzer throughput (MB/s) and end-to-end indexing of the seeds plus
//! `../shared/corpus/real` (when present).
//!
//! Run: `cargo bench --bench analyzer`. Figures go to BENCHMARKS.md.

use std::hint::black_box;

mod common;

use common::{real_corpus, root, texts};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use plansearch::analysis::{exact_analyzer, folded_analyzer};
use plansearch::index::PlanIndex;
use plansearch::index::ingest::index_paths;

fn count_tokens(analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}

fn bench_analyzers(c: &mut Criterion) {
    let root = root();
    let mut corpora = vec![("seeds", texts(&root.join("index-data/plans")))];
    corpora.extend(real_corpus().map(|t| ("real", t)));
    let mut group = c.benchmark_group("analyzer");
    group.sample_size(10);
    for (name, docs) in &corpora {
        let bytes: usize = docs.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format!("exact/{name}"), |b| {
            let mut a = exact_analyzer();
            b.iter(|| {
                docs.iter()
                    .map(|d| count_tokens(&mut a, black_box(d)))
                    .sum::<usize>()
            })
        });
        group.bench_function(format!("folded/{name}"), |b| {
            let mut a = folded_analyzer();
            b.iter(|| {
                docs.iter()
                    .map(|d| count_tokens(&mut a, black_box(d)))
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

fn bench_indexing(c: &mut Criterion) {
    let root = root();
    let mut paths = vec![root.join("index-data/plans")];
    let real = root.join("../shared/corpus/real");
    if real.is_dir() {
        paths.push(real);
    }
    let bytes: u64 = paths
        .iter()
        .flat_map(|p| std::fs::read_dir(p).into_iter().flatten())
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    let mut group = c.benchmark_group("indexing");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("seeds+real/end-to-end", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let pi = PlanIndex::open_or_create(&dir.path().join("idx")).unwrap();
                let report = index_paths(&pi, &paths, false).unwrap();
                black_box(report.added);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_analyzers, bench_indexing);
criterion_main!(benches);
