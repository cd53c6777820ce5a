//! Prints, for every plan file under the given paths, a digest of what indexing
//! derives from it: extracted metadata, exact, folded and pair tokens (text,
//! position, offsets) from the one-pass analysis indexing uses, checked against the
//! `vi_exact` and `vi_folded` analyzers. Two runs diff line by line, so a speed-up of the analyzers or
//! the extractor can be checked to change no output.
//!
//! ```text
//! cargo run --release --example digest -- ../shared/corpus/real ../scale-data/corpus/plans/000 > before.tsv
//! ```

use std::path::PathBuf;

use plansearch::analysis::fields::analyze_fields;
use plansearch::analysis::{exact_analyzer, folded_analyzer};
use plansearch::extract::extract;
use plansearch::text::read::{EXTENSIONS, read_plan_file};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream as _};

/// CPU time of this thread in seconds: the machine is shared, and wall time
/// measures the neighbours as much as the code.
fn cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

fn token_digest(tokens: &[Token]) -> (usize, String) {
    let mut h = blake3::Hasher::new();
    let mut n = 0;
    for t in tokens {
        h.update(t.text.as_bytes());
        h.update(&[0]);
        h.update(&(t.position as u64).to_le_bytes());
        h.update(&(t.offset_from as u64).to_le_bytes());
        h.update(&(t.offset_to as u64).to_le_bytes());
        n += 1;
    }
    (n, h.finalize().to_hex()[..16].to_string())
}

fn main() -> anyhow::Result<()> {
    let mut files: Vec<PathBuf> = Vec::new();
    // `--no-check` skips running the analyzers next to the one-pass analysis (for
    // timing the indexing path alone).
    let check = !std::env::args().any(|a| a == "--no-check");
    for arg in std::env::args().skip(1).filter(|a| !a.starts_with("--")) {
        for e in walkdir::WalkDir::new(&arg)
            .follow_links(true)
            .sort_by_file_name()
        {
            let e = e?;
            let ok = e
                .path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x));
            if e.file_type().is_file() && ok {
                files.push(e.into_path());
            }
        }
    }
    let mut exact = exact_analyzer();
    let mut folded = folded_analyzer();
    // CPU seconds and bytes per stage, for clean and OCR-suspected texts: printed to
    // stderr so the digest itself stays comparable.
    let mut secs = [[0f64; 4]; 2];
    let mut bytes = [0usize; 2];
    for f in files {
        let t0 = cpu();
        let Ok(text) = read_plan_file(&f) else {
            println!("{}\tunreadable", f.display());
            continue;
        };
        let t1 = cpu();
        let m = extract(&text);
        let t2 = cpu();
        let meta = serde_json::to_string(&m)?;
        // The one-pass analysis indexing uses, checked against the analyzers.
        let fields = analyze_fields(&text);
        let pairs = plansearch::analysis::pairs::pairs(&fields.folded, &fields.exact);
        let t3 = cpu();
        if check {
            assert_eq!(fields.exact, tokens(&mut exact, &text), "{}", f.display());
            assert_eq!(fields.folded, tokens(&mut folded, &text), "{}", f.display());
        }
        let t4 = cpu();
        let (ne, he) = token_digest(&fields.exact);
        let (nf, hf) = token_digest(&fields.folded);
        let (np, hp) = token_digest(&pairs);
        let k = usize::from(m.quality.ocr_suspected);
        bytes[k] += text.len();
        for (s, d) in secs[k].iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3]) {
            *s += d;
        }
        println!(
            "{}\t{}\t{ne}\t{he}\t{nf}\t{hf}\t{np}\t{hp}",
            f.display(),
            &blake3::hash(meta.as_bytes()).to_hex()[..16]
        );
    }
    for (k, name) in ["clean", "ocr"].iter().enumerate() {
        let mb = bytes[k] as f64 / 1e6;
        let [r, x, e, f] = secs[k];
        eprintln!(
            "{name}: {mb:.1} MB; MB/s read {:.1}, extract {:.1}, one-pass analysis {:.1}, analyzers (check) {:.1}, all {:.2}",
            mb / r,
            mb / x,
            mb / e,
            mb / f,
            mb / (r + x + e + f)
        );
    }
    Ok(())
}
