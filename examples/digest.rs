//! Prints, for every plan file under the given paths, a digest of what indexing
//! derives from it: extracted metadata, exact tokens and folded tokens (text,
//! position, offsets). Two runs diff line by line, so a speed-up of the analyzers or
//! the extractor can be checked to change no output.
//!
//! ```text
//! cargo run --release --example digest -- ../shared/corpus/real ../scale-data/corpus/plans/000 > before.tsv
//! ```

use std::path::PathBuf;

use plansearch::analysis::{exact_analyzer, folded_analyzer};
use plansearch::extract::extract;
use plansearch::text::read::{EXTENSIONS, read_plan_file};
use tantivy::tokenizer::{TextAnalyzer, TokenStream as _};

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

fn token_digest(analyzer: &mut TextAnalyzer, text: &str) -> (usize, String) {
    let mut h = blake3::Hasher::new();
    let mut n = 0;
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
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
    for arg in std::env::args().skip(1) {
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
        let (ne, he) = token_digest(&mut exact, &text);
        let t3 = cpu();
        let (nf, hf) = token_digest(&mut folded, &text);
        let t4 = cpu();
        let k = usize::from(m.quality.ocr_suspected);
        bytes[k] += text.len();
        for (s, d) in secs[k].iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3]) {
            *s += d;
        }
        println!(
            "{}\t{}\t{ne}\t{he}\t{nf}\t{hf}",
            f.display(),
            &blake3::hash(meta.as_bytes()).to_hex()[..16]
        );
    }
    for (k, name) in ["clean", "ocr"].iter().enumerate() {
        let mb = bytes[k] as f64 / 1e6;
        let [r, x, e, f] = secs[k];
        eprintln!(
            "{name}: {mb:.1} MB; MB/s read {:.1}, extract {:.1}, exact {:.1}, folded {:.1}, all {:.2}",
            mb / r,
            mb / x,
            mb / e,
            mb / f,
            mb / (r + x + e + f)
        );
    }
    Ok(())
}
