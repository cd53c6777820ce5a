//! Helpers shared by the end-to-end tests: run the real binary, make scratch folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_plansearch"))
}

/// Runs the binary with `args`; panics with its stderr when it cannot start.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run plansearch")
}

/// Stdout of a successful run.
pub fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "plansearch {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// The shipped sample plans.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("index-data/plans")
}

/// `../shared/corpus/real`, when present beside the repository.
pub fn real_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/corpus/real not found beside the repository");
        None
    }
}

/// Copies the seeds into a fresh folder under `dir`.
pub fn copy_seeds(dir: &Path) -> PathBuf {
    let plans = dir.join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    for e in std::fs::read_dir(seeds_dir()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), plans.join(e.file_name())).unwrap();
    }
    plans
}

/// Search with `--json` and return the parsed response.
pub fn search_json(index: &Path, query: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "search",
        query,
        "--index",
        index.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(&args)).expect("search --json output")
}

/// Sources of the hits of a response, sorted.
pub fn sources(resp: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = resp["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["source"].as_str().unwrap_or_default().to_string())
        .collect();
    v.sort();
    v
}
