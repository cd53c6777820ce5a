//! `plansearch analyze TEXT`.

use std::io::Write;

use crate::analysis::analyze;

pub fn run(text: &str) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string(&analyze(text))?)?;
    Ok(0)
}
