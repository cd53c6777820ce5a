//! `plansearch extract FILE...`: metadata as a JSON array, no index touched.

use std::io::Write;

use std::path::PathBuf;

use crate::extract::extract;
use crate::index::doc::content_id;
use crate::text::read::read_plan_file;

pub fn run(files: &[PathBuf]) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    let mut plans = Vec::new();
    let mut failed = 0;
    for f in files {
        match read_plan_file(f) {
            Ok(text) => {
                let mut m = extract(&text);
                m.id = Some(content_id(&text));
                m.source = Some(f.display().to_string());
                plans.push(m);
            }
            Err(e) => {
                failed += 1;
                eprintln!("lỗi: {}: {e}", f.display());
            }
        }
    }
    writeln!(out, "{}", serde_json::to_string_pretty(&plans)?)?;
    Ok(if failed > 0 && plans.is_empty() { 1 } else { 0 })
}
