//! `plansearch serve`: index `--data` first when there is no index, then serve.

use std::net::SocketAddr;
use std::path::Path;

use crate::index::PlanIndex;
use crate::index::ingest::index_paths;

pub fn run(
    addr: SocketAddr,
    index: &Path,
    data: &Path,
    token: Option<String>,
    search_cache: usize,
) -> anyhow::Result<i32> {
    let pi = if PlanIndex::exists(index) {
        PlanIndex::open(index)?
    } else {
        eprintln!("Chưa có chỉ mục: đang lập chỉ mục {} …", data.display());
        let pi = PlanIndex::open_or_create(index)?;
        let report = index_paths(&pi, &[data.to_path_buf()], true)?;
        eprintln!(
            "Đã lập chỉ mục {} kế hoạch ({} lỗi).",
            report.added,
            report.failed.len()
        );
        for f in &report.failed {
            eprintln!("  lỗi: {}: {}", f.path, f.reason);
        }
        pi
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(crate::server::serve(pi, addr, token, search_cache))?;
    Ok(0)
}
