//! Helpers shared by the end-to-end tests: run the real binary, make scratch folders.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

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

/// A running server; killed on drop.
pub struct Server {
    child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `plansearch serve` on the seeds at an ephemeral port, with `token` as
/// the admin token; the URL is read from its first line on stderr.
pub fn start(token: Option<&str>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let plans = copy_seeds(dir.path());
    let index = dir.path().join("index");
    let mut cmd = bin();
    cmd.args([
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--index",
        index.to_str().unwrap(),
        "--data",
        plans.to_str().unwrap(),
    ])
    .env_remove("PLANSEARCH_ADMIN_TOKEN")
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    if let Some(t) = token {
        cmd.args(["--admin-token", t]);
    }
    let mut child = cmd.spawn().expect("start server");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("server exited before listening")
            .unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break format!("http://{}", rest.split('/').next().unwrap());
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        base,
        _dir: dir,
    }
}
