//! 64 concurrent searchers while plans are added and deleted through the API: no
//! errors, no stale reads (after a 201 the plan's unique word is found; after a DELETE
//! 200 it is not), and the server's memory stays flat.
//!
//! Runs for `PLANSEARCH_CONCURRENCY_SECS` seconds: 15 by default in `cargo test` to
//! keep CI short; `scripts/concurrency.sh` runs it for 60 s (or what SECS says).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::*;
use reqwest::blocking::Client;
use serde_json::Value;

const TOKEN: &str = "concurrency-test-token";
const SEARCHERS: usize = 64;
const WRITERS: usize = 2;
/// Resident memory may grow by less than this from the warm baseline to the end of
/// the run (a resource check, not a timing one: caches fill, but nothing may grow
/// with the number of requests).
const MAX_RSS_GROWTH_KB: u64 = 100 * 1024;

const QUERIES: &[&str] = &[
    "cải cách hành chính",
    "dang",
    "chuyen doi so",
    "\"thủ tục hành chính\"",
    "TTHC -Zalo",
    "PAPI OR PCI",
    "76/NQ-CP",
    "kế hoạch 2024 lạng sơn",
    "",
    "kiemtra",
];

fn word(writer: usize, n: u64) -> String {
    let mut s = format!("kiemtra{}", (b'a' + writer as u8) as char);
    let mut n = n;
    for _ in 0..5 {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s
}

fn total(client: &Client, base: &str, q: &str) -> Result<u64, String> {
    let r = client
        .get(format!("{base}/api/search"))
        .query(&[("q", q)])
        .send()
        .map_err(|e| e.to_string())?;
    if r.status() != 200 {
        return Err(format!("search {q:?}: {}", r.status()));
    }
    let v: Value = r.json().map_err(|e| e.to_string())?;
    v["total"]
        .as_u64()
        .ok_or_else(|| format!("no total in {v}"))
}

#[test]
fn searches_stay_correct_while_plans_are_added_and_deleted() {
    let secs: u64 = std::env::var("PLANSEARCH_CONCURRENCY_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let dir = tempfile::tempdir().unwrap();
    let plans = copy_seeds(dir.path());
    let s = ServerProc::start(&dir.path().join("idx"), &plans, Some(TOKEN), &[]);
    let base = s.base.clone();
    let client = Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(SEARCHERS + WRITERS)
        .build()
        .unwrap();

    // Warm up: the snippet cache, the analyzer data and the writer exist before the
    // first memory sample.
    for q in QUERIES {
        total(&client, &base, q).unwrap();
    }
    let r = client
        .post(format!("{base}/api/plans"))
        .bearer_auth(TOKEN)
        .body("KẾ HOẠCH\nkhởi động kiemtrawarm")
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    let rss_start = s.rss_kb();

    let deadline = Instant::now() + Duration::from_secs(secs);
    let requests = Arc::new(AtomicU64::new(0));
    let errors: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
    let mut handles = Vec::new();
    for t in 0..SEARCHERS {
        let (client, base, requests, errors) = (
            client.clone(),
            base.clone(),
            requests.clone(),
            errors.clone(),
        );
        handles.push(std::thread::spawn(move || {
            let mut i = t;
            while Instant::now() < deadline {
                let q = QUERIES[i % QUERIES.len()];
                i += 1;
                requests.fetch_add(1, Ordering::Relaxed);
                if let Err(e) = total(&client, &base, q) {
                    errors.lock().unwrap().push(e);
                }
            }
        }));
    }
    let stale = Arc::new(AtomicU64::new(0));
    let writes = Arc::new(AtomicU64::new(0));
    for w in 0..WRITERS {
        let (client, base, requests, errors, stale, writes) = (
            client.clone(),
            base.clone(),
            requests.clone(),
            errors.clone(),
            stale.clone(),
            writes.clone(),
        );
        handles.push(std::thread::spawn(move || {
            let mut n = 0;
            while Instant::now() < deadline {
                let word = word(w, n);
                n += 1;
                let step = || -> Result<(), String> {
                    requests.fetch_add(1, Ordering::Relaxed);
                    let r = client
                        .post(format!("{base}/api/plans?source={word}.txt"))
                        .bearer_auth(TOKEN)
                        .body(format!("KẾ HOẠCH\nThử tải đồng thời {word}\n"))
                        .send()
                        .map_err(|e| e.to_string())?;
                    if r.status() != 201 {
                        return Err(format!("POST: {}", r.status()));
                    }
                    let meta: Value = r.json().map_err(|e| e.to_string())?;
                    let id = meta["id"].as_str().ok_or("no id")?.to_string();
                    requests.fetch_add(1, Ordering::Relaxed);
                    if total(&client, &base, &word)? != 1 {
                        stale.fetch_add(1, Ordering::Relaxed);
                    }
                    requests.fetch_add(1, Ordering::Relaxed);
                    let r = client
                        .delete(format!("{base}/api/plans/{id}"))
                        .bearer_auth(TOKEN)
                        .send()
                        .map_err(|e| e.to_string())?;
                    if r.status() != 200 {
                        return Err(format!("DELETE: {}", r.status()));
                    }
                    requests.fetch_add(1, Ordering::Relaxed);
                    if total(&client, &base, &word)? != 0 {
                        stale.fetch_add(1, Ordering::Relaxed);
                    }
                    writes.fetch_add(2, Ordering::Relaxed);
                    Ok(())
                };
                if let Err(e) = step() {
                    errors.lock().unwrap().push(e);
                }
            }
        }));
    }
    // The baseline is taken under full load once the server has warmed up (its
    // blocking threads exist, the allocator's per-thread arenas are in use): growth
    // after that would grow with the number of requests, which is what a leak does.
    std::thread::sleep(Duration::from_secs((secs / 4).max(1)));
    let rss_warm = s.rss_kb();
    let mut series = vec![(s.rss_kb(), s.status_kb("RssAnon:"))];
    while Instant::now() + Duration::from_secs(5) < deadline {
        std::thread::sleep(Duration::from_secs(5));
        series.push((s.rss_kb(), s.status_kb("RssAnon:")));
    }
    for h in handles {
        h.join().unwrap();
    }
    let rss_end = s.rss_kb();
    let errors = errors.lock().unwrap();
    let (requests, writes, stale) = (
        requests.load(Ordering::Relaxed),
        writes.load(Ordering::Relaxed),
        stale.load(Ordering::Relaxed),
    );
    eprintln!(
        "concurrency: {secs} s, {SEARCHERS} searchers + {WRITERS} writers: {requests} requests \
         ({writes} writes), {} errors, {stale} stale reads; server RSS (kB) idle {rss_start:?}, \
         warm {rss_warm:?}, end {rss_end:?}",
        errors.len()
    );
    eprintln!("concurrency: RSS / RssAnon (kB) every 5 s after warm-up: {series:?}");
    assert!(
        errors.is_empty(),
        "errors: {:?}",
        &errors[..errors.len().min(10)]
    );
    assert_eq!(stale, 0, "stale reads after acknowledged writes");
    assert!(writes > 0 && requests > writes, "nothing ran");
    if let (Some(a), Some(b)) = (rss_warm, rss_end) {
        assert!(
            b < a + MAX_RSS_GROWTH_KB,
            "server memory grew from {a} kB to {b} kB"
        );
    }
    // The index still answers and holds exactly the seeds and the warm-up plan.
    assert_eq!(total(&client, &base, "").unwrap(), 6);
}
