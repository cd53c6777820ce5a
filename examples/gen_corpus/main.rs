//! A deterministic generator of realistic plans, for benchmarks and scale tests.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --out ../scale-data/corpus --count 100000
//! ```
//!
//! Writes `OUT/plans/NNN/gNNNNNNN.{txt,md}` (1,000 plans per folder, so the first
//! folder is the 1k corpus and the first ten the 10k corpus: plan `i` depends only on
//! the seed and `i`), `OUT/truth.tsv` (the facts of every plan, to measure recall and
//! extraction) and `OUT/topics.tsv` (the phrase each topic's plans always contain).
//!
//! Plans recombine the structure of real plans (header, citations, sections I–IV,
//! units with duties, recipients, signature) over every province and level of
//! data/gazetteer.tsv and the years 2016–2026, with the topics, units and acronyms of
//! data/. Sentences come from templates written for this generator and, unless
//! `--no-learn`, from the clean real plans under `../shared` read at generation time
//! (never copied anywhere else). Forms: clean text 35%, markdown 25%, NFD 10%,
//! without diacritics 15%, OCR 15% (letters through data/ocr_confusions.tsv).
//!
//! Guarantees the benchmarks rely on: a plan tagged with a topic contains that
//! topic's key phrase (in its form: mangled in OCR plans); a plan with a province
//! names it ("tỉnh Quảng Trị") in its preamble.

mod phrases;
mod plan;
mod render;
mod rng;
mod world;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Parser;

use phrases::Bank;
use world::World;

/// Command line.
#[derive(Parser)]
#[command(about = "Generate a deterministic corpus of realistic plans")]
struct Args {
    /// Output folder (plans go to OUT/plans).
    #[arg(long)]
    out: PathBuf,
    /// Number of plans.
    #[arg(long, default_value_t = 1000)]
    count: usize,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Folders of real plans to learn sentences from (default: ../shared/corpus/real
    /// and ../shared/seeds beside the crate, when present).
    #[arg(long)]
    learn: Vec<PathBuf>,
    /// Use only the built-in templates.
    #[arg(long)]
    no_learn: bool,
    /// Replace an existing OUT/plans.
    #[arg(long)]
    force: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

/// Plans per folder.
const PER_DIR: usize = 1000;

fn truth_row(p: &plan::Plan, path: &str) -> String {
    let mut row = String::new();
    let _ = writeln!(
        row,
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        p.id,
        path,
        p.form.name(),
        p.year,
        p.issued,
        p.province.as_deref().unwrap_or(""),
        p.district.as_deref().unwrap_or(""),
        p.level,
        p.doc_number,
        p.topics.join(","),
        p.cited.join(";"),
        p.units.join(";"),
        p.title
    );
    row
}

fn main() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let world = World::load();
    let learn: Vec<PathBuf> = if args.no_learn {
        Vec::new()
    } else if !args.learn.is_empty() {
        args.learn.clone()
    } else {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        [shared.join("corpus/real"), shared.join("seeds")]
            .into_iter()
            .filter(|p| p.is_dir())
            .collect()
    };
    let bank = Bank::learn(&learn.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    eprintln!(
        "learned {} sentences from {} clean plans; templates otherwise",
        bank.sentences.len(),
        bank.files
    );

    let plans_dir = args.out.join("plans");
    if plans_dir.exists() {
        if !args.force {
            bail!("{} exists (use --force to replace it)", plans_dir.display());
        }
        std::fs::remove_dir_all(&plans_dir)
            .with_context(|| format!("cannot remove {}", plans_dir.display()))?;
    }
    for d in 0..args.count.div_ceil(PER_DIR) {
        let dir = plans_dir.join(format!("{d:03}"));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }

    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let next = AtomicUsize::new(0);
    let rows: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::with_capacity(args.count));
    let bytes = AtomicUsize::new(0);
    let failure: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut local = Vec::new();
                loop {
                    let start = next.fetch_add(64, Ordering::Relaxed);
                    if start >= args.count {
                        break;
                    }
                    for i in start..(start + 64).min(args.count) {
                        let p = plan::compose(&world, &bank, args.seed, i as u64);
                        let (text, ext) = render::render(&p, &world, args.seed, i as u64);
                        let rel = format!("plans/{:03}/{}.{ext}", i / PER_DIR, p.id);
                        let path = args.out.join(&rel);
                        if let Err(e) = std::fs::write(&path, &text) {
                            *failure.lock().expect("lock") =
                                Some(anyhow::anyhow!("cannot write {}: {e}", path.display()));
                            return;
                        }
                        bytes.fetch_add(text.len(), Ordering::Relaxed);
                        local.push((i, truth_row(&p, &rel)));
                    }
                }
                rows.lock().expect("lock").extend(local);
            });
        }
    });
    if let Some(e) = failure.into_inner().expect("lock") {
        return Err(e);
    }
    let mut rows = rows.into_inner().expect("lock");
    rows.sort_by_key(|r| r.0);
    let mut truth = std::io::BufWriter::new(std::fs::File::create(args.out.join("truth.tsv"))?);
    writeln!(
        truth,
        "id\tpath\tform\tyear\tissued\tprovince\tdistrict\tlevel\tdoc_number\ttopics\tcited\tunits\ttitle"
    )?;
    for (_, r) in &rows {
        truth.write_all(r.as_bytes())?;
    }
    truth.flush()?;
    let mut topics = String::from("topic\tkey_phrase\n");
    for t in &world.topics {
        let _ = writeln!(topics, "{}\t{}", t.id, t.key_phrase);
    }
    std::fs::write(args.out.join("topics.tsv"), topics)?;
    let secs = started.elapsed().as_secs_f64();
    let bytes = bytes.into_inner();
    eprintln!(
        "wrote {} plans, {:.1} MB, in {:.1} s ({:.0} MB/s) to {}",
        args.count,
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        args.out.display()
    );
    Ok(())
}
