//! HTTP load test of `GET /api/search`: N connections, each sending a realistic mix
//! of queries back to back for a fixed time; prints requests per second and latency
//! percentiles. Used for BENCHMARKS.md.
//!
//! ```text
//! cargo run --release --example loadtest -- --url http://127.0.0.1:8080 \
//!     --connections 8 --duration 20
//! ```
//!
//! Each connection keeps one keep-alive HTTP/1.1 connection (its own client), so N
//! is the number of concurrent requests the server sees. Queries cycle through
//! [`QUERIES`], each connection starting at a different one.

use std::time::{Duration, Instant};

use clap::Parser;

/// The query mix: what researchers and civil servants type (accented and not,
/// acronyms, phrases, exclusions, OR, document numbers, understood places and
/// years), plus filters, sorting, paging and the empty query (all plans + facets).
const QUERIES: &[&str] = &[
    "q=c%E1%BA%A3i+c%C3%A1ch+h%C3%A0nh+ch%C3%ADnh",
    "q=cai+cach+hanh+chinh",
    "q=TTHC",
    "q=th%E1%BB%A7+t%E1%BB%A5c+h%C3%A0nh+ch%C3%ADnh&sort=date_desc",
    "q=chuyen+doi+so",
    "q=%22d%E1%BB%8Bch+v%E1%BB%A5+c%C3%B4ng+tr%E1%BB%B1c+tuy%E1%BA%BFn%22",
    "q=76%2FNQ-CP",
    "q=Ngh%E1%BB%8B+quy%E1%BA%BFt+76",
    "q=ch%E1%BB%89+s%E1%BB%91+h%C3%A0i+l%C3%B2ng+H%C6%B0ng+Y%C3%AAn+2025",
    "q=tuyen+truyen+-bao",
    "q=m%E1%BB%99t+c%E1%BB%ADa+OR+li%C3%AAn+th%C3%B4ng",
    "q=CCHC&year=2024",
    "q=ki%E1%BB%83m+so%C3%A1t+th%E1%BB%A7+t%E1%BB%A5c&level=huyen",
    "q=v%C4%83n+h%C3%B3a+c%C3%B4ng+v%E1%BB%A5",
    "",
    "year=2023,2024&sort=date_desc",
    "q=cai+cach&offset=10",
    "q=ph%E1%BB%95+bi%E1%BA%BFn+gi%C3%A1o+d%E1%BB%A5c+ph%C3%A1p+lu%E1%BA%ADt",
    "q=ISO+9001",
    "q=ubnd+xa+ke+hoach+tuyen+truyen",
];

#[derive(Parser)]
#[command(about = "Load test of GET /api/search")]
struct Args {
    /// Base URL of a running `plansearch serve`.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Seconds of measurement.
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// Seconds of unmeasured warm-up before it.
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Parameters added to every query, e.g. `facets=none` for a caller that wants
    /// hits only.
    #[arg(long, default_value = "")]
    extra: String,
    /// A query string to send instead of the mix (repeat for several), e.g.
    /// `--query 'q=xyzzy&facets=none'` for the cost of the HTTP layer alone.
    #[arg(long = "query")]
    queries: Vec<String>,
}

/// Latencies (µs) and errors of one connection.
#[derive(Default)]
struct Tally {
    latencies: Vec<u64>,
    errors: u64,
}

async fn connection(
    queries: std::sync::Arc<Vec<String>>,
    base: String,
    extra: String,
    first: usize,
    warm_until: Instant,
    until: Instant,
) -> Tally {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("HTTP client");
    let mut t = Tally::default();
    let mut i = first;
    loop {
        let now = Instant::now();
        if now >= until {
            return t;
        }
        let q = &queries[i % queries.len()];
        let url = match (q.is_empty(), extra.is_empty()) {
            (_, true) => format!("{base}/api/search?{q}"),
            (true, false) => format!("{base}/api/search?{extra}"),
            (false, false) => format!("{base}/api/search?{q}&{extra}"),
        };
        i += 1;
        let ok = match client.get(&url).send().await {
            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
            Err(_) => false,
        };
        if now < warm_until {
            continue;
        }
        if ok {
            t.latencies.push(now.elapsed().as_micros() as u64);
        } else {
            t.errors += 1;
        }
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let base = args.url.trim_end_matches('/').to_string();
    let start = Instant::now();
    let warm_until = start + Duration::from_secs(args.warmup);
    let until = warm_until + Duration::from_secs(args.duration);
    let queries = std::sync::Arc::new(if args.queries.is_empty() {
        QUERIES.iter().map(|q| q.to_string()).collect()
    } else {
        args.queries.clone()
    });
    let tasks: Vec<_> = (0..args.connections.max(1))
        .map(|c| {
            tokio::spawn(connection(
                queries.clone(),
                base.clone(),
                args.extra.clone(),
                c * 7,
                warm_until,
                until,
            ))
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let t = t.await.expect("connection task");
        all.extend(t.latencies);
        errors += t.errors;
    }
    all.sort_unstable();
    let secs = args.duration as f64;
    println!(
        "connections={} duration={}s requests={} errors={} rps={:.1} p50={:.2}ms p90={:.2}ms p99={:.2}ms max={:.2}ms",
        args.connections,
        args.duration,
        all.len(),
        errors,
        all.len() as f64 / secs,
        percentile(&all, 0.50),
        percentile(&all, 0.90),
        percentile(&all, 0.99),
        percentile(&all, 1.0),
    );
}
