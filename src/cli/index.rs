//! `plansearch index [PATH...]`: incremental indexing with a summary.

use std::io::Write;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::index::PlanIndex;
use crate::index::ingest::index_paths;

/// Exit status: 1 when nothing could be indexed (API.md), 2 with `--strict` when some
/// file failed, else 0.
pub fn run(mut paths: Vec<PathBuf>, index: &Path, json: bool, strict: bool) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    if paths.is_empty() {
        paths.push(PathBuf::from(super::DEFAULT_DATA));
    }
    let started = Instant::now();
    let pi = PlanIndex::open_or_create(index)?;
    let report = index_paths(&pi, &paths, std::io::stderr().is_terminal())?;
    let secs = started.elapsed().as_secs_f64();
    let total = pi.reader.searcher().num_docs();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        writeln!(
            out,
            "Đã lập chỉ mục {}: {} thêm mới, {} cập nhật, {} không đổi, {} xóa, {} lỗi — {} kế hoạch trong chỉ mục ({:.1} s, {:.1} MB/s).",
            index.display(),
            report.added,
            report.updated,
            report.unchanged,
            report.removed,
            report.failed.len(),
            total,
            secs,
            report.bytes as f64 / 1e6 / secs.max(1e-9)
        )?;
        for f in &report.failed {
            eprintln!("  lỗi: {}: {}", f.path, f.reason);
        }
    }
    // Exit status 0 unless nothing could be indexed (API.md); 2 when some files failed
    // would break scripts that index folders with stray files, so failures are listed.
    let nothing =
        report.added + report.updated + report.unchanged == 0 && !report.failed.is_empty();
    Ok(if nothing {
        1
    } else if strict && !report.failed.is_empty() {
        2
    } else {
        0
    })
}
