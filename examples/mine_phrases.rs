//! Mines candidate known phrases (`data/phrases.tsv`) from a folder of real plans:
//! runs of 3–6 folded words that many documents share, read with the analyzer the
//! index uses.
//!
//! ```text
//! cargo run --release --example mine_phrases -- ../shared/corpus/real index-data/plans \
//!     --min-share 0.08 --max 1500 > /tmp/phrases.tsv
//! ```
//!
//! A run is kept when it appears in at least `--min-share` of the documents, does
//! not start or end with a function word (`và`, `của`, `các`: a user quotes `cải cách
//! hành chính`, not `của cải cách`), and no run one word longer holds 80 % of its
//! documents (it is then a piece of a longer formula, not an expression). At most `--max` runs
//! are printed, the most widespread first, with their document counts.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use plansearch::analysis::{folded_analyzer, terms};
use plansearch::text::read::read_plan_file;

/// Syllables that do not start or end an expression (folded).
const FUNCTION_WORDS: &[&str] = &[
    "va", "cua", "cac", "nhung", "cho", "duoc", "la", "trong", "voi", "theo", "ve", "de", "tai",
    "tu", "co", "nay", "da", "se", "nhu", "thi", "ma", "hoac", "den", "tren", "o", "khi", "vao",
    "ra", "mot", "so", "nam", "ngay", "thang", "tung", "moi", "bang", "do", "nen", "neu", "cung",
    "con", "hay", "phai", "can", "dang", "sau", "truoc", "giua",
];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let min_share: f64 = value("--min-share").map_or(Ok(0.08), |v| v.parse())?;
    let max: usize = value("--max").map_or(Ok(1500), |v| v.parse())?;
    let mut folders = Vec::new();
    let mut skip = false;
    for a in &args {
        if skip {
            skip = false;
        } else if a.starts_with("--") {
            skip = true;
        } else {
            folders.push(a.clone());
        }
    }
    if folders.is_empty() {
        anyhow::bail!("usage: mine_phrases FOLDER... [--min-share F] [--max N]");
    }
    let stop: HashSet<&str> = FUNCTION_WORDS.iter().copied().collect();
    let mut analyzer = folded_analyzer();
    // Every document as the first reading of each word (the word as written, folded).
    let mut texts: Vec<Vec<String>> = Vec::new();
    for folder in &folders {
        for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
            let entry = entry?;
            let path = entry.path();
            if !entry.file_type().is_file() || !is_text(path) {
                continue;
            }
            let Ok(text) = read_plan_file(path) else {
                continue;
            };
            let mut words: Vec<String> = Vec::new();
            for (p, t) in terms(&mut analyzer, &text) {
                if p == words.len() {
                    words.push(t);
                }
            }
            texts.push(words);
        }
    }
    let docs = texts.len();
    let floor = ((docs as f64) * min_share).ceil() as usize;
    // Pass 1: document counts of the candidate runs.
    let mut df: HashMap<String, usize> = HashMap::new();
    for words in &texts {
        let mut seen: HashSet<String> = HashSet::new();
        for n in 3..=6 {
            for w in words.windows(n) {
                if stop.contains(w[0].as_str())
                    || stop.contains(w[n - 1].as_str())
                    || w.iter().any(|x| !x.chars().all(char::is_alphabetic))
                {
                    continue;
                }
                seen.insert(w.join(" "));
            }
        }
        for s in seen {
            *df.entry(s).or_default() += 1;
        }
    }
    df.retain(|_, c| *c >= floor);
    // Pass 2: document counts of each frequent run's one-word extensions. A run is
    // an expression only if no extension holds nearly all its documents: `hoa xa
    // hoi chu nghia viet` is a piece of a longer formula, `chi so hai long` is not.
    let mut ext: HashMap<String, usize> = HashMap::new();
    for words in &texts {
        let mut seen: HashSet<String> = HashSet::new();
        for n in 4..=7 {
            for w in words.windows(n) {
                let (inner_l, inner_r) = (w[1..].join(" "), w[..n - 1].join(" "));
                if df.contains_key(&inner_l) || df.contains_key(&inner_r) {
                    seen.insert(w.join(" "));
                }
            }
        }
        for s in seen {
            *ext.entry(s).or_default() += 1;
        }
    }
    let mut widest: HashMap<&str, usize> = HashMap::new();
    for (run, c) in &ext {
        let (l, r) = (
            run.split_once(' ').expect("words").1,
            run.rsplit_once(' ').expect("words").0,
        );
        for inner in [l, r] {
            if df.contains_key(inner) {
                let e = widest.entry(inner).or_default();
                *e = (*e).max(*c);
            }
        }
    }
    let mut out: Vec<(String, usize)> = df
        .iter()
        .filter(|(run, c)| widest.get(run.as_str()).copied().unwrap_or(0) * 10 < **c * 8)
        .map(|(r, c)| (r.clone(), *c))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(max);
    eprintln!("{docs} documents, {} phrases", out.len());
    for (run, count) in out {
        println!("{run}\t{count}");
    }
    Ok(())
}

fn is_text(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "txt")
    )
}
