//! `plansearch search QUERY`: the API's search, for the terminal.

use std::io::Write;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use crate::index::PlanIndex;
use crate::search::{SearchRequest, Sort, search};

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Query (words, "phrases", -exclusion, OR).
    pub query: Vec<String>,
    #[arg(long, default_value = super::DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Year (repeatable, or 2023,2024).
    #[arg(long, value_delimiter = ',')]
    pub year: Vec<i32>,
    #[arg(long)]
    pub topic: Vec<String>,
    #[arg(long)]
    pub unit: Vec<String>,
    /// Cited document number, e.g. 76/NQ-CP.
    #[arg(long)]
    pub cites: Vec<String>,
    #[arg(long)]
    pub province: Vec<String>,
    #[arg(long)]
    pub level: Vec<String>,
    #[arg(long)]
    pub issuer: Vec<String>,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// relevance, date_desc or date_asc.
    #[arg(long, default_value = "relevance")]
    pub sort: Sort,
    /// Print the API's JSON response body.
    #[arg(long)]
    pub json: bool,
}

/// Turns snippet HTML into terminal text: marks as bold yellow on a terminal,
/// «…» otherwise, entities decoded.
fn terminal_snippet(html: &str, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn run(a: SearchArgs) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    let pi = PlanIndex::open(&a.index)?;
    let req = SearchRequest {
        q: a.query.join(" "),
        years: a.year,
        topics: a.topic,
        units: a.unit,
        cites: a.cites,
        provinces: a.province,
        levels: a.level,
        issuers: a.issuer,
        limit: a.limit,
        offset: a.offset,
        sort: a.sort,
        facets: a.json,
        ..Default::default()
    };
    let resp = search(&pi, &req)?;
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&resp)?)?;
        return Ok(0);
    }
    let color = std::io::stdout().is_terminal();
    writeln!(
        out,
        "{} kế hoạch khớp với «{}» ({} ms)",
        resp.total, resp.query, resp.took_ms
    )?;
    for (i, h) in resp.hits.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "{}. {}",
            a.offset + i + 1,
            h.title.as_deref().unwrap_or("(không có tiêu đề)")
        )?;
        let mut line = Vec::new();
        if let Some(n) = &h.doc_number {
            line.push(format!("Số {n}"));
        }
        if let Some(y) = h.year {
            line.push(format!("năm {y}"));
        }
        if let Some(s) = &h.source {
            line.push(s.clone());
        }
        writeln!(out, "   {}", line.join(" · "))?;
        for s in &h.snippets {
            if let Some(sec) = &s.section {
                writeln!(out, "   [{sec}]")?;
            }
            writeln!(out, "   … {} …", terminal_snippet(&s.html, color))?;
        }
    }
    Ok(0)
}
