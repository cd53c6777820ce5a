//! What the criterion benchmarks share: the corpora they read.

use std::path::{Path, PathBuf};

use plansearch::text::read::read_plan_file;

/// The plans of `dir` as read for indexing, in file-name order (unreadable files
/// left out).
pub fn texts(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| read_plan_file(p).ok())
        .collect()
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus/real` read whole, when present (said on stderr otherwise).
pub fn real_corpus() -> Option<Vec<String>> {
    let real = root().join("../shared/corpus/real");
    if real.is_dir() {
        Some(texts(&real))
    } else {
        eprintln!("skipped the real corpus: ../shared/corpus/real not found");
        None
    }
}
