//! The `plansearch` command line (API.md): `index`, `search`, `analyze`, `extract`,
//! `serve`. Messages for people are in Vietnamese; `--json` output is the API's.

mod analyze;
mod extract;
mod index;
mod search;
mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Default folder of plan files.
pub const DEFAULT_DATA: &str = "index-data/plans";
/// Default index folder.
pub const DEFAULT_INDEX: &str = "index-data/index";

#[derive(Parser, Debug)]
#[command(
    name = "plansearch",
    version,
    about = "Tìm kiếm kế hoạch hành chính tiếng Việt (search Vietnamese administrative plans)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lập chỉ mục các tệp kế hoạch (.txt, .md) — index plan files incrementally.
    Index {
        /// Files or folders (default: index-data/plans).
        paths: Vec<PathBuf>,
        /// Index folder.
        #[arg(long, default_value = DEFAULT_INDEX)]
        index: PathBuf,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Exit with status 2 when any file could not be indexed (by default only a
        /// run that indexed nothing fails).
        #[arg(long)]
        strict: bool,
    },
    /// Chạy máy chủ API và trang web — serve the HTTP API and the web page.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Index folder.
        #[arg(long, default_value = DEFAULT_INDEX)]
        index: PathBuf,
        /// Plans to index first when the index does not exist.
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Bearer token that allows writes (POST/DELETE); without it writes answer 403.
        #[arg(long, env = "PLANSEARCH_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
        /// Search answers kept in memory for repeated queries (0 turns the cache off).
        #[arg(long, env = "PLANSEARCH_SEARCH_CACHE", default_value_t = crate::server::cache::DEFAULT_ENTRIES)]
        search_cache: usize,
    },
    /// Tìm kiếm — search the index.
    Search(search::SearchArgs),
    /// In các token mà bộ phân tích tạo ra — print the analyzer's tokens as JSON.
    Analyze {
        /// Text to analyze.
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// In siêu dữ liệu của tệp dưới dạng JSON — print extracted metadata as JSON.
    Extract {
        /// Plan files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Runs the parsed command; the exit code comes back as the error's kind.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Index {
            paths,
            index,
            json,
            strict,
        } => index::run(paths, &index, json, strict),
        Command::Search(args) => search::run(args),
        Command::Serve {
            addr,
            index,
            data,
            admin_token,
            search_cache,
        } => serve::run(addr, &index, &data, admin_token, search_cache),
        Command::Analyze { text } => analyze::run(&text),
        Command::Extract { files } => extract::run(&files),
    }
}
