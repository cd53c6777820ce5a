//! Crash safety: `kill -9` of the indexer at random points, and of the server in the
//! middle of a burst of `POST /api/plans`. After each kill the index opens, shows
//! either the old or the new state (never a part of a run), and every write that was
//! acknowledged with a 201 is there, by id and by search.
//!
//! Delays come from a seeded generator (`PLANSEARCH_CRASH_SEED` replays a run); how
//! many kills landed mid-run is printed, not asserted (it depends on machine speed).

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use plansearch::index::PlanIndex;
use plansearch::search::{SearchRequest, search};
use reqwest::blocking::Client;
use serde_json::Value;

fn seed() -> u64 {
    std::env::var("PLANSEARCH_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_c0de)
}

/// Plans in the index and hits for `q`, read in this process like a fresh reader.
fn state(idx: &Path, q: &str) -> (u64, usize) {
    let pi = PlanIndex::open(idx).expect("the index opens after a kill");
    let n = pi.reader.searcher().num_docs();
    let req = SearchRequest {
        q: q.into(),
        limit: 10,
        literal: true,
        ..Default::default()
    };
    (n, search(&pi, &req).expect("search").total)
}

/// Copies the first `n` files of the real corpus into `dir`.
fn corpus_subset(real: &Path, dir: &Path, n: usize) -> std::path::PathBuf {
    let out = dir.join("subset");
    std::fs::create_dir_all(&out).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(real)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    files.sort();
    for f in files.into_iter().take(n) {
        std::fs::copy(&f, out.join(f.file_name().unwrap())).unwrap();
    }
    out
}

const KILLS: usize = 20;

/// Copies the files of folder `from` into `to` (an index folder is flat).
fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn the_indexer_killed_at_random_points_never_leaves_a_partial_index() {
    let Some(real) = real_corpus() else {
        eprintln!("SKIP: kill -9 of the indexer needs ../shared/corpus/real");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let subset = corpus_subset(&real, dir.path(), 12);
    let seeds = seeds_dir();
    let (seeds, subset) = (seeds.to_str().unwrap(), subset.to_str().unwrap());
    let idx = dir.path().join("idx");
    let i = idx.to_str().unwrap();

    // The state every round starts from: the seeds, indexed once and copied.
    let pristine = dir.path().join("pristine");
    ok(&["index", seeds, "--index", pristine.to_str().unwrap()]);
    assert_eq!(state(&pristine, "").0, 5);
    // Calibration: how long one full run takes here, and what it leaves.
    copy_dir(&pristine, &idx);
    let started = std::time::Instant::now();
    ok(&["index", seeds, subset, "--index", i]);
    let full_ms = started.elapsed().as_millis() as u64;
    let (full_n, _) = state(&idx, "");
    assert!(full_n > 5 + 8, "{full_n}");

    let mut rng = Rng(seed());
    let (mut before_commit, mut after) = (0, 0);
    for round in 0..KILLS {
        copy_dir(&pristine, &idx);
        // Anywhere from start-up to the end of a run (the commit included).
        let delay = rng.range(10, full_ms + 20);
        let mut child = bin()
            .args(["index", seeds, subset, "--index", i])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let (n, found) = state(&idx, "59/KH-UBND");
        assert!(
            n == 5 || n == full_n,
            "round {round} (kill after {delay} ms): {n} plans visible; a partial run \
             (neither 5 nor {full_n})"
        );
        assert_eq!(found, 1, "round {round}: a seed plan is no longer found");
        if n == 5 {
            before_commit += 1;
        } else {
            after += 1;
        }
    }
    // The killed writers left no lock behind: a normal run completes.
    ok(&["index", seeds, subset, "--index", i]);
    assert_eq!(state(&idx, "").0, full_n);
    eprintln!(
        "indexer: {KILLS} kill -9 (seed {:#x}, full run {full_ms} ms): {before_commit} \
         before the commit (old index intact), {after} after it (new index whole); never \
         a partial index",
        seed()
    );
}

const TOKEN: &str = "crash-test-token";

/// Letters-only unique word (digits would make it a number or document-number token).
fn word(n: u64) -> String {
    let mut s = String::from("kiemtra");
    let mut n = n;
    for _ in 0..6 {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s
}

fn plan_text(w: &str) -> String {
    format!("KẾ HOẠCH\nKiểm thử ghi dữ liệu {w} khi máy chủ bị dừng đột ngột.\n")
}

#[test]
fn the_server_killed_mid_burst_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let plans = copy_seeds(dir.path());
    let idx = dir.path().join("idx");
    let client = Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut rng = Rng(seed() ^ 0xb0057);
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let sent: Arc<Mutex<HashSet<String>>> = Arc::default();
    let counter = Arc::new(std::sync::atomic::AtomicU64::new(seed() % 1000 * 1000));
    let rounds = 5;
    for round in 0..rounds {
        let s = ServerProc::start(&idx, &plans, Some(TOKEN), &[]);
        let stop = Arc::new(AtomicBool::new(false));
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let (base, stop, acked, sent, counter) = (
                    s.base.clone(),
                    stop.clone(),
                    acked.clone(),
                    sent.clone(),
                    counter.clone(),
                );
                let client = client.clone();
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let w = word(counter.fetch_add(1, Ordering::Relaxed));
                        sent.lock().unwrap().insert(w.clone());
                        let r = client
                            .post(format!("{base}/api/plans?source={w}.txt"))
                            .bearer_auth(TOKEN)
                            .body(plan_text(&w))
                            .send();
                        match r {
                            Ok(r) if r.status() == 201 => {
                                let meta: Value = r.json().unwrap_or(Value::Null);
                                if let Some(id) = meta["id"].as_str() {
                                    acked.lock().unwrap().push((id.to_string(), w));
                                }
                            }
                            Ok(r) => panic!("POST answered {}", r.status()),
                            Err(_) => return, // the server is gone
                        }
                    }
                })
            })
            .collect();
        // Kill after a few acknowledged writes, at a random moment while the next
        // ones are in flight (counted in writes, not time, so a slow machine does
        // not make the burst empty).
        let want = acked.lock().unwrap().len() + rng.range(2, 8) as usize;
        while acked.lock().unwrap().len() < want && !workers.iter().all(|w| w.is_finished()) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(rng.range(0, 60)));
        s.kill9();
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            w.join().unwrap();
        }

        // Restart on the same index: every acknowledged write is there.
        let s = ServerProc::start(&idx, &plans, Some(TOKEN), &[]);
        let acked_now = acked.lock().unwrap().clone();
        for (id, w) in &acked_now {
            let r = client
                .get(format!("{}/api/plans/{id}", s.base))
                .send()
                .unwrap();
            assert_eq!(
                r.status(),
                200,
                "round {round}: acknowledged plan {id} lost"
            );
            let plan: Value = r.json().unwrap();
            assert_eq!(plan["text"].as_str(), Some(plan_text(w).as_str()));
            let r: Value = client
                .get(format!("{}/api/search?q={w}", s.base))
                .send()
                .unwrap()
                .json()
                .unwrap();
            assert_eq!(r["total"], 1, "round {round}: {w} not found by search");
        }
        // Nothing half-written: every plan is a seed or one sent, complete.
        let list: Value = client
            .get(format!("{}/api/plans?limit=1000", s.base))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let total = list["total"].as_u64().unwrap() as usize;
        assert!(total >= 5 + acked_now.len(), "round {round}: {total} plans");
        let sent_now = sent.lock().unwrap().clone();
        for p in list["plans"].as_array().unwrap() {
            let source = p["source"].as_str().unwrap_or_default();
            if let Some(w) = source
                .strip_suffix(".txt")
                .filter(|w| w.starts_with("kiemtra"))
            {
                assert!(sent_now.contains(w), "unknown plan {source}");
                let id = p["id"].as_str().unwrap();
                let full: Value = client
                    .get(format!("{}/api/plans/{id}", s.base))
                    .send()
                    .unwrap()
                    .json()
                    .unwrap();
                assert_eq!(full["text"].as_str(), Some(plan_text(w).as_str()));
            }
        }
        drop(s);
    }
    let acked = acked.lock().unwrap().len();
    assert!(
        acked > 0,
        "no write was acknowledged: the test tested nothing"
    );
    eprintln!(
        "server: {rounds} kill -9 mid-burst, {acked} acknowledged writes ({} sent), 0 lost",
        sent.lock().unwrap().len()
    );
}
