//! Builds the OCR repair model's data files (deterministic output).
//!
//! ```text
//! cargo run --release --example ocr_model -- lexicon ../shared data
//! cargo run --release --example ocr_model -- learn ../shared data
//! ```
//!
//! `lexicon` counts tokens and folded bigrams in clean text: seeds 001 and 002 and every
//! document of `corpus/real/`. Only counts are written, never the documents.
//!
//! `exact` counts exact-form (marked, lower-case) bigrams of the same clean text, for
//! restoring OCR text for display in context (`data/ocr_exact_bigrams.tsv`).
//!
//! `learn` estimates the character-confusion channel by expectation maximisation on
//! the raw text of the OCR seeds (000, 003, 004): each token's candidate syllables are
//! scored with the current channel, the lexicon and bigram context; the alignments of
//! the candidates, weighted by their posterior, are counted; the channel is
//! re-estimated from those counts (backed off to the letter without its tone, then to
//! the bare letter, with OCR strings written relative to the true tone so `ế` → `é`
//! and `ề` → `è` are one event). No corrected text is used.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plansearch::analysis::exact_analyzer;
use plansearch::analysis::ocr::restore::EXACT_BIGRAM_FILE;
use plansearch::analysis::ocr::syllable::{self, Tone};
use plansearch::analysis::ocr::{
    BIGRAM_FILE, CONFUSION_FILE, LEXICON_FILE, OcrRepairer, Params, model::Confusions,
};
use plansearch::text::fold::fold;
use tantivy::tokenizer::TokenStream as _;

const CLEAN_SEEDS: &[&str] = &["001_", "002_"];
const OCR_SEEDS: &[&str] = &["000_", "003_", "004_"];
/// Bigrams seen fewer times are dropped (they carry little and most of the bytes).
const MIN_BIGRAM: u32 = 2;
const ITERATIONS: usize = 6;
/// Backoff weight (pseudo-count) of the pooled estimates.
const BETA: f64 = 4.0;
/// Emissions costlier than this are left to the fallback.
const MAX_COST: f64 = 9.0;
/// Absolute discount of expected counts (see [`discounted`]).
const DISCOUNT: f64 = 1.5;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: ocr_model lexicon|exact|learn SHARED_DIR DATA_DIR");
        std::process::exit(2);
    }
    let shared = PathBuf::from(&args[2]);
    let data = PathBuf::from(&args[3]);
    match args[1].as_str() {
        "lexicon" => lexicon(&shared, &data),
        "exact" => exact_bigrams(&shared, &data),
        "learn" => learn(&shared, &data),
        "explain" => explain(&args[2..]),
        "bench" => bench(&shared),
        other => {
            eprintln!("unknown command {other}");
            std::process::exit(2);
        }
    }
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn files_with_prefix(dir: &Path, prefixes: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            prefixes.iter().any(|pre| name.starts_with(pre))
        })
        .collect();
    out.sort();
    out
}

/// Tokens of `text` as the analyzer sees them before OCR repair, each with whether
/// it follows the previous token across nothing but white space.
fn tokens(text: &str) -> Vec<(String, bool)> {
    let mut analyzer = exact_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    let mut last_end: Option<usize> = None;
    while let Some(t) = stream.next() {
        let joined = last_end.is_some_and(|e| text[e..t.offset_from].trim().is_empty());
        out.push((t.text.clone(), joined));
        last_end = Some(t.offset_to);
    }
    out
}

fn is_word(tok: &str) -> bool {
    tok.chars().any(char::is_alphabetic)
}

/// The clean texts the lexicon is counted from.
fn clean_paths(shared: &Path) -> Vec<PathBuf> {
    let mut paths = files_with_prefix(&shared.join("seeds"), CLEAN_SEEDS);
    let mut corpus = files_with_prefix(&shared.join("corpus/real"), &[""]);
    corpus.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")));
    paths.extend(corpus);
    paths
}

/// Writes `header` then the bigrams seen at least [`MIN_BIGRAM`] times to `path`;
/// returns how many were kept.
fn write_bigrams(mut out: String, bi: &BTreeMap<(String, String), u32>, path: &Path) -> usize {
    let mut kept = 0;
    for ((a, b), n) in bi {
        if *n >= MIN_BIGRAM {
            writeln!(out, "{a}\t{b}\t{n}").unwrap();
            kept += 1;
        }
    }
    std::fs::write(path, out).unwrap();
    kept
}

fn exact_bigrams(shared: &Path, data: &Path) {
    let mut bi: BTreeMap<(String, String), u32> = BTreeMap::new();
    for p in &clean_paths(shared) {
        let toks = tokens(&read(p));
        for i in 1..toks.len() {
            let (a, (b, joined)) = (&toks[i - 1].0, &toks[i]);
            if *joined && is_word(a) && is_word(b) {
                *bi.entry((a.clone(), b.clone())).or_default() += 1;
            }
        }
    }
    let out = String::from(
        "# OCR display restoration context: exact-form (marked, lower-case) bigrams of\n\
         # adjacent tokens in clean text (seeds 001, 002 and corpus/real), seen at least 2\n\
         # times. Generated by `cargo run --release --example ocr_model -- exact ../shared data`.\n",
    );
    let kept = write_bigrams(out, &bi, &data.join(EXACT_BIGRAM_FILE));
    eprintln!("{kept} exact bigrams");
}

fn lexicon(shared: &Path, data: &Path) {
    let paths = clean_paths(shared);
    let mut uni: BTreeMap<String, u32> = BTreeMap::new();
    let mut bi: BTreeMap<(String, String), u32> = BTreeMap::new();
    for p in &paths {
        let toks = tokens(&read(p));
        for (i, (t, joined)) in toks.iter().enumerate() {
            if !is_word(t) {
                continue;
            }
            *uni.entry(t.clone()).or_default() += 1;
            if *joined && i > 0 && is_word(&toks[i - 1].0) {
                *bi.entry((fold(&toks[i - 1].0), fold(t))).or_default() += 1;
            }
        }
    }
    let mut out = String::from(
        "# OCR repair lexicon: token (lower-case NFC, canonical tone) and its count in\n\
         # clean text (seeds 001, 002 and corpus/real). Generated by\n\
         # `cargo run --release --example ocr_model -- lexicon ../shared data`.\n",
    );
    for (t, n) in &uni {
        writeln!(out, "{t}\t{n}").unwrap();
    }
    std::fs::write(data.join(LEXICON_FILE), out).unwrap();
    let out = String::from(
        "# OCR repair context: folded bigrams of adjacent tokens in clean text, seen at\n\
         # least 2 times. Generated with ocr_lexicon.tsv.\n",
    );
    let kept = write_bigrams(out, &bi, &data.join(BIGRAM_FILE));
    eprintln!(
        "{} files, {} tokens, {} types, {} bigrams kept of {}",
        paths.len(),
        uni.values().sum::<u32>(),
        uni.len(),
        kept,
        bi.len()
    );
}

/// `s` with every letter that carries `tone` written as its base followed by `*`.
fn relative(s: &str, tone: Tone) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let (b, t) = syllable::split_tone(c);
        if t == tone && t != syllable::NGANG {
            out.push(b);
            out.push('*');
        } else {
            out.push(c);
        }
    }
    out
}

/// Inverse of [`relative`] for a letter of tone `tone`.
fn realize(rel: &str, tone: Tone) -> String {
    let mut out = String::new();
    let chars: Vec<char> = rel.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if i + 1 < chars.len() && chars[i + 1] == '*' {
            out.push(syllable::with_tone(chars[i], tone));
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn confusion_tsv(
    rows: &BTreeMap<char, BTreeMap<String, (f64, f64)>>,
    fallback: [f32; 3],
) -> String {
    let mut out = String::from(
        "# OCR character confusions: true letter, what OCR printed (∅ = nothing), expected\n\
         # count in the OCR seeds, cost = -ln P(printed | true). `*` rows: cost of an\n\
         # unlisted string of that length. Generated by\n\
         # `cargo run --release --example ocr_model -- learn ../shared data`.\n",
    );
    for (k, c) in fallback.iter().enumerate() {
        writeln!(out, "*\t{k}\t0\t{c:.2}").unwrap();
    }
    for (t, row) in rows {
        let mut row: Vec<(&String, &(f64, f64))> = row.iter().collect();
        row.sort_by(|a, b| a.1.1.total_cmp(&b.1.1).then(a.0.cmp(b.0)));
        for (s, (n, cost)) in row {
            let s = if s.is_empty() { "∅" } else { s.as_str() };
            writeln!(out, "{t}\t{s}\t{n:.1}\t{cost:.2}").unwrap();
        }
    }
    out
}

fn learn(shared: &Path, data: &Path) {
    let lexicon = read(&data.join(LEXICON_FILE));
    let bigrams = read(&data.join(BIGRAM_FILE));
    let docs: Vec<Vec<String>> = files_with_prefix(&shared.join("seeds"), OCR_SEEDS)
        .iter()
        .map(|p| tokens(&read(p)).into_iter().map(|t| t.0).collect())
        .collect();
    let params = Params {
        budget: 14.0,
        ..Params::default()
    };
    // Alphabet: every letter of a candidate syllable.
    let probe = OcrRepairer::from_tsv(&lexicon, &bigrams, "", params.clone());
    let mut alphabet: Vec<char> = probe
        .model
        .syls
        .iter()
        .flat_map(|s| s.text.chars())
        .collect();
    alphabet.sort();
    alphabet.dedup();
    let init = Confusions::initial(alphabet.iter().copied());
    let mut rows: BTreeMap<char, BTreeMap<String, (f64, f64)>> = BTreeMap::new();
    for (t, es) in &init.rows {
        for e in es {
            rows.entry(*t)
                .or_default()
                .insert(e.ocr.iter().collect(), (0.0, e.cost as f64));
        }
    }
    let fallback = [9.0f32, 8.0, 10.0];
    let mut text = confusion_tsv(&rows, fallback);
    for iter in 0..ITERATIONS {
        let rep = OcrRepairer::from_tsv(&lexicon, &bigrams, &text, params.clone());
        let lex = &rep.model.lex;
        let mut counts: HashMap<char, HashMap<String, f64>> = HashMap::new();
        let mut loglik = 0.0f64;
        let mut used = 0usize;
        for words in &docs {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            for (i, w) in refs.iter().enumerate() {
                if !is_word(w) && !w.chars().any(|c| "¢€¥£§".contains(c)) {
                    continue;
                }
                if lex.exact.contains_key(*w) && !syllable::is_valid(w) {
                    continue; // acronyms and loanwords
                }
                let chars: Vec<char> = w.chars().collect();
                if chars.len() > 10 {
                    continue;
                }
                let cands = rep.model.candidates(&chars, params.budget, true);
                let nb = |j: Option<usize>| -> Option<u32> {
                    let id = *lex.folded_ids.get(&fold(refs.get(j?)?))?;
                    (lex.folded_count(id) >= 2).then_some(id)
                };
                let (prev, next) = (nb(i.checked_sub(1)), nb(Some(i + 1)));
                let scores: Vec<f64> = cands
                    .iter()
                    .map(|c| {
                        let s = &rep.model.syls[c.syl as usize];
                        (s.count as f64 / lex.total).ln() + rep.context(s.folded, prev, next) as f64
                            - c.cost as f64
                    })
                    .collect();
                let z = scores
                    .iter()
                    .fold(params.ln_oov as f64, |z, &s| log_add(z, s));
                loglik += z;
                used += 1;
                for (c, s) in cands.iter().zip(&scores) {
                    let post = (s - z).exp();
                    if post < 1e-3 {
                        continue;
                    }
                    for (t, o) in &c.path {
                        *counts.entry(*t).or_default().entry(o.clone()).or_default() += post;
                    }
                }
            }
        }
        eprintln!(
            "iteration {iter}: {used} tokens, mean log-likelihood {:.3}",
            loglik / used as f64
        );
        rows = reestimate(&alphabet, &counts);
        text = confusion_tsv(&rows, fallback);
    }
    std::fs::write(data.join(CONFUSION_FILE), &text).unwrap();
}

/// Probability of an event seen `n` times out of `total`, with a fixed discount
/// taken from every count and given to the backoff estimate `back`: an emission the
/// EM pass credited once or twice (often by chance alignment) does not become a
/// cheap one, and rare letters lean on their pooled family.
fn discounted(n: f64, total: f64, back: f64) -> f64 {
    if total <= 0.0 {
        return back;
    }
    ((n - DISCOUNT).max(0.0) + BETA * back) / (total + BETA)
}

fn log_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// New channel rows from expected counts, smoothed through two pooled levels.
fn reestimate(
    alphabet: &[char],
    counts: &HashMap<char, HashMap<String, f64>>,
) -> BTreeMap<char, BTreeMap<String, (f64, f64)>> {
    // Pools keyed by the tone-free letter and by the bare letter, strings relative to
    // the true tone.
    let mut pool1: HashMap<char, HashMap<String, f64>> = HashMap::new();
    let mut pool2: HashMap<char, HashMap<String, f64>> = HashMap::new();
    let mut own: HashMap<char, HashMap<String, f64>> = HashMap::new();
    for &t in alphabet {
        let mut row = counts.get(&t).cloned().unwrap_or_default();
        // A little mass on printing the letter as itself, so that letters the OCR
        // seeds never show stay reachable.
        *row.entry(t.to_string()).or_default() += 0.5;
        let (b, tone) = syllable::split_tone(t);
        let g2 = syllable::fold_char(t);
        for (s, n) in &row {
            let r = relative(s, tone);
            *pool1.entry(b).or_default().entry(r.clone()).or_default() += n;
            *pool2.entry(g2).or_default().entry(r).or_default() += n;
        }
        own.insert(t, row);
    }
    let total = |m: &HashMap<String, f64>| m.values().sum::<f64>();
    let mut out = BTreeMap::new();
    for &t in alphabet {
        let (b, tone) = syllable::split_tone(t);
        let g2 = syllable::fold_char(t);
        let row = &own[&t];
        let p1 = &pool1[&b];
        let p2 = &pool2[&g2];
        let (n_t, n1, n2) = (total(row), total(p1), total(p2));
        let mut strings: Vec<String> = row.keys().cloned().collect();
        strings.extend(p1.keys().map(|r| realize(r, tone)));
        strings.extend(p2.keys().map(|r| realize(r, tone)));
        strings.sort();
        strings.dedup();
        let mut res = BTreeMap::new();
        for s in strings {
            let r = relative(&s, tone);
            let q2 = discounted(p2.get(&r).copied().unwrap_or(0.0), n2, 0.0);
            let q1 = discounted(p1.get(&r).copied().unwrap_or(0.0), n1, q2);
            let n = row.get(&s).copied().unwrap_or(0.0);
            let q = discounted(n, n_t, q1);
            let cost = -q.ln();
            if cost <= MAX_COST {
                res.insert(s, (n, cost));
            }
        }
        out.insert(t, res);
    }
    out
}

/// Prints the scored candidates of each token of a text (for reading, not for data).
fn explain(args: &[String]) {
    let rep = OcrRepairer::shared();
    let text = args[2..].join(" ");
    let words: Vec<String> = tokens(&text).into_iter().map(|t| t.0).collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let rate = rep.error_rate(&refs);
    println!("rate {rate:.3}");
    for (i, w) in refs.iter().enumerate() {
        let chars: Vec<char> = w.chars().collect();
        let mut cands = rep.model.candidates(&chars, rep.params.budget, true);
        cands.sort_by(|a, b| {
            let sa = &rep.model.syls[a.syl as usize];
            let sb = &rep.model.syls[b.syl as usize];
            ((sb.count as f32).ln() - b.cost).total_cmp(&((sa.count as f32).ln() - a.cost))
        });
        let reads = rep.readings(&refs, i, rate);
        println!(
            "{w}: {:?}",
            reads
                .iter()
                .map(|r| format!("{} {:.2}", r.folded, r.posterior))
                .collect::<Vec<_>>()
        );
        for c in cands.iter().take(6) {
            let s = &rep.model.syls[c.syl as usize];
            println!(
                "    {} n={} cost={:.2} {:?}",
                s.text, s.count, c.cost, c.path
            );
        }
    }
}

/// Throughput of the folded analyzer (with OCR repair) over seeds and corpus.
fn bench(shared: &Path) {
    let mut paths = files_with_prefix(&shared.join("seeds"), &[""]);
    paths.extend(files_with_prefix(&shared.join("corpus/real"), &[""]));
    let texts: Vec<String> = paths.iter().map(|p| read(p)).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let _ = OcrRepairer::shared();
    let mut analyzer = plansearch::analysis::folded_analyzer();
    for round in 0..2 {
        let start = std::time::Instant::now();
        let mut n = 0usize;
        for t in &texts {
            let mut stream = analyzer.token_stream(t);
            while stream.advance() {
                n += 1;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "round {round}: {} files, {:.1} MB, {n} terms, {secs:.2} s, {:.1} MB/s",
            texts.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
    }
    let mut exact = exact_analyzer();
    let start = std::time::Instant::now();
    for t in &texts {
        let mut stream = exact.token_stream(t);
        while stream.advance() {}
    }
    println!(
        "exact analyzer (no folding, no OCR stage): {:.1} MB/s",
        bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
    );
    use plansearch::analysis::{acronym, docnumber, filter, normalize, segmenter};
    let mut no_ocr = tantivy::tokenizer::TextAnalyzer::builder(segmenter::SyllableTokenizer)
        .filter(filter::MapFilter(normalize::Nfc))
        .filter(filter::MapFilter(normalize::ToneMarks))
        .filter(tantivy::tokenizer::LowerCaser)
        .filter(filter::MapFilter(normalize::Fold))
        .filter(filter::StageFilter(acronym::Acronyms))
        .filter(filter::StageFilter(docnumber::DocNumbers))
        .build();
    let start = std::time::Instant::now();
    for t in &texts {
        let mut stream = no_ocr.token_stream(t);
        while stream.advance() {}
    }
    println!(
        "folded analyzer without the OCR stage: {:.1} MB/s",
        bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
    );
    let ocr: Vec<&String> = texts.iter().take(5).collect();
    let start = std::time::Instant::now();
    let ocr_bytes: usize = ocr.iter().map(|t| t.len()).sum();
    for t in &ocr {
        let mut stream = analyzer.token_stream(t);
        while stream.advance() {}
    }
    let secs = start.elapsed().as_secs_f64();
    println!("seeds only: {:.2} MB/s", ocr_bytes as f64 / 1e6 / secs);
}
