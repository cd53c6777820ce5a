//! Runs one search many times against an index, for profiling (`perf record`) and
//! for a quick p50 without the full scale benchmark.
//!
//! ```text
//! cargo run --release --example query_probe -- ../scale-data/idx-100k "tuyên truyền" [--facets] [--n 200] [--limit 0]
//! ```
//!
//! Several queries separated by `|` are run in turn, as the scale benchmark does:
//! repeating one query measures an answer whose plans sit in the store's block cache,
//! which is cheaper than a new question.
use std::time::Instant;

use plansearch::index::PlanIndex;
use plansearch::search::{SearchRequest, search};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(index), Some(q)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: query_probe INDEX QUERY [--facets] [--n N] [--limit N] [--no-parts]");
    };
    let facets = args.iter().any(|a| a == "--facets");
    // Without the parts, a profile of the probe is a profile of searching alone.
    let parts = !args.iter().any(|a| a == "--no-parts");
    let n = number_after(&args, "--n", 100);
    // `--limit 0` asks for the total (and facets) alone: what matching costs.
    let limit = number_after(&args, "--limit", 10);
    let pi = PlanIndex::open(std::path::Path::new(index))?;
    let req = SearchRequest {
        q: q.clone(),
        limit,
        facets,
        ..SearchRequest::default()
    };
    let asks: Vec<SearchRequest> = q
        .split('|')
        .map(|one| SearchRequest {
            q: one.to_string(),
            ..req.clone()
        })
        .collect();
    let first = search(&pi, &asks[0])?;
    let mut ms = Vec::with_capacity(n);
    for i in 0..n {
        let ask = &asks[i % asks.len()];
        let t = Instant::now();
        std::hint::black_box(search(&pi, ask)?);
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    if parts {
        print_parts(&pi, &asks[0], n)?;
    }
    println!(
        "{q:?}: total {} hits {}; p50 {:.3} ms, p90 {:.3} ms, min {:.3} ms over {n}",
        first.total,
        first.hits.len(),
        ms[n / 2],
        ms[n * 9 / 10],
        ms[0]
    );
    Ok(())
}

/// The number given after `flag`, or `default` when the flag or its number is missing.
fn number_after(args: &[String], flag: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Ranking alone and counting alone, for the first query.
fn print_parts(pi: &PlanIndex, ask: &SearchRequest, n: usize) -> anyhow::Result<()> {
    // The parts: ranking alone and counting alone (the literal query, no proximity).
    let (query, _) = plansearch::search::searcher::request_query(
        &pi.fields,
        &SearchRequest {
            literal: true,
            ..ask.clone()
        },
    );
    let searcher = pi.reader.searcher();
    let part = |f: &dyn Fn()| {
        let mut v: Vec<f64> = (0..n)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        v.sort_by(f64::total_cmp);
        v[n / 2]
    };
    let rank = part(&|| {
        std::hint::black_box(
            searcher
                .search(
                    query.as_ref(),
                    &tantivy::collector::TopDocs::with_limit(10).order_by_score(),
                )
                .unwrap(),
        );
    });
    let count = part(&|| {
        std::hint::black_box(query.count(&searcher).unwrap());
    });
    println!("  parts (whole query, p50): top 10 {rank:.3} ms, count {count:.3} ms");
    Ok(())
}
