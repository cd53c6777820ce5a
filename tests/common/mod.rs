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

/// A running `plansearch serve` on an ephemeral loopback port; killed on drop.
pub struct ServerProc {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// Everything the server wrote to stderr so far.
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProc {
    /// Starts a server on `index` (indexing `data` first when there is no index),
    /// with `token` for writes and extra environment variables.
    pub fn start(
        index: &Path,
        data: &Path,
        token: Option<&str>,
        env: &[(&str, &str)],
    ) -> ServerProc {
        use std::io::{BufRead, BufReader};
        let mut cmd = bin();
        cmd.args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--index",
            index.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ])
        .env_remove("PLANSEARCH_ADMIN_TOKEN")
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
        if let Some(t) = token {
            // Through the environment, as an operator should (argv is world-readable).
            cmd.env("PLANSEARCH_ADMIN_TOKEN", t);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start server");
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let base = loop {
            let line = lines
                .next()
                .expect("server exited before listening")
                .unwrap();
            log.lock().unwrap().push_str(&line);
            log.lock().unwrap().push('\n');
            if let Some(rest) = line.split("http://").nth(1) {
                break format!("http://{}", rest.split('/').next().unwrap());
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        let log2 = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut l = log2.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        ServerProc {
            child,
            base,
            stderr: log,
        }
    }

    /// Resident memory of the server process in kB (Linux), from /proc.
    pub fn rss_kb(&self) -> Option<u64> {
        self.status_kb("VmRSS:")
    }

    /// A `kB` field of /proc/PID/status: `RssAnon:` is the heap and stacks, without
    /// the memory-mapped index files that `VmRSS` also counts.
    pub fn status_kb(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with(field))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }

    /// Kills the server with SIGKILL (no shutdown code runs) and reaps it.
    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small xorshift generator: seeded, so a failing run can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    /// Uniform in `lo..hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
    }
}

/// A server on a scratch copy of the seeds; killed (and its folder removed) on drop.
pub struct Server {
    proc_: ServerProc,
    pub base: String,
    _dir: tempfile::TempDir,
}

/// Starts `plansearch serve` on a scratch copy of the seeds at an ephemeral port,
/// with `token` as the admin token.
pub fn start(token: Option<&str>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let plans = copy_seeds(dir.path());
    let index = dir.path().join("index");
    let proc_ = ServerProc::start(&index, &plans, token, &[]);
    Server {
        base: proc_.base.clone(),
        proc_,
        _dir: dir,
    }
}
