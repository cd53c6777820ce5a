//! Scale benchmark: query latency of plansearch and of SQLite FTS5 over the same
//! generated corpus, and recall of both against the generator's ground truth.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --out ../scale-data/corpus --count 100000
//! target/release/plansearch index --index ../scale-data/idx-1k ../scale-data/corpus/plans/000
//! SCALE_SIZES=1k,10k,100k cargo bench --bench scale
//! ```
//!
//! For each size N it opens the plansearch index `DATA/idx-N` (built beforehand by
//! `plansearch index`, whose own timing is the indexing benchmark) and builds, once,
//! an FTS5 table `DATA/fts-N.sqlite` from the texts and metadata stored in that
//! index (`tokenize="unicode61 remove_diacritics 2"`, ranked by bm25), so both
//! engines see the same text and the same extracted metadata. `DATA` is
//! `$SCALE_DATA` or `../scale-data`; anything missing is skipped with a message.
//!
//! Latency: every query class runs once to warm up, then once measured; p50/p99 of
//! the measured pass. plansearch answers as the API does (top 10 with snippets,
//! total, facet counts); FTS5 returns the top 10 by bm25 with `snippet()` and the
//! total (no facets, so the comparison favours FTS5).
//! Recall: for queries whose relevant plans the ground truth names (a topic's key
//! phrase, a province), the share of relevant plans each engine matches at all,
//! by the form of the plan (clean, markdown, NFD, no diacritics, OCR).
//! `SCALE_CLASSES="one word,acronym"` runs only those classes; `SCALE_RECALL=0`
//! skips recall.
//! Results are printed and appended to `DATA/results.jsonl` (plotted by
//! `scripts/plot_scale.py`).

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use plansearch::index::PlanIndex;
use plansearch::index::doc::{Plan, stored_str};
use plansearch::search::searcher::request_query;
use plansearch::search::similar::similar;
use plansearch::search::{SearchRequest, search};
use plansearch::text::fold::fold;
use rusqlite::{Connection, params};
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::{DocAddress, TantivyDocument};

/// One plan of the ground truth.
#[derive(Debug, Clone)]
struct Truth {
    id: String,
    form: String,
    year: i32,
    province: String,
    level: String,
    topics: Vec<String>,
    cited: Vec<String>,
}

/// Topic id and its key phrase.
type KeyPhrase = (String, String);

fn load_truth(dir: &Path) -> Option<(Vec<Truth>, Vec<KeyPhrase>)> {
    let text = std::fs::read_to_string(dir.join("truth.tsv")).ok()?;
    let truth = text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c.len() >= 11).then(|| Truth {
                id: c[0].to_string(),
                form: c[2].to_string(),
                year: c[3].parse().unwrap_or(0),
                province: c[5].to_string(),
                level: c[7].to_string(),
                topics: c[9]
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                cited: c[10]
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            })
        })
        .collect();
    let topics = std::fs::read_to_string(dir.join("topics.tsv"))
        .ok()?
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    Some((truth, topics))
}

/// A small deterministic random source for choosing queries.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// What a query asks of an engine.
#[derive(Debug, Clone)]
enum Ask {
    Search(Box<SearchRequest>),
    Similar(String),
}

/// A query of one class, for plansearch and its FTS5 translation.
#[derive(Debug, Clone)]
struct Query {
    class: &'static str,
    ask: Ask,
    /// FTS5 MATCH expression (empty: no text condition).
    fts: String,
    /// SQL conditions on the metadata: (year, topic, province, level).
    year: Option<i32>,
    topic: Option<String>,
    province: Option<String>,
    level: Option<String>,
}

/// FTS5 MATCH of plain words (all required), each quoted.
fn fts_words(q: &str) -> String {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// FTS5 MATCH of a phrase.
fn fts_phrase(q: &str) -> String {
    let words: Vec<&str> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("\"{}\"", words.join(" "))
}

/// A page of ten hits with snippets and the total, as FTS5 is asked for (an API
/// caller that does not ask for facet counts: `facets=none`).
fn request(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.to_string(),
        limit: 10,
        facets: false,
        ..SearchRequest::default()
    }
}

/// The same with every facet count, as the web page asks.
fn request_with_facets(q: &str) -> SearchRequest {
    SearchRequest {
        facets: true,
        ..request(q)
    }
}

const ONE_WORDS: &[&str] = &[
    "tuyên", "Đảng", "bưu", "kiểm", "Zalo", "khảo", "tập", "niêm", "iso", "truyền", "thanh",
    "dịch", "xã", "huấn", "cổng", "thủ", "đánh", "kinh", "phí", "hội", "dan", "cong", "tin",
    "chuyển", "số", "mạng", "giáo", "pháp", "luật", "phục",
];

const ACRONYMS: &[&str] = &[
    "CCHC", "TTHC", "DVCTT", "PAPI", "SIPAS", "PCI", "CBCCVC", "CNTT", "UBND", "HĐND", "QPPL",
    "CĐS", "DTI", "KT-XH", "MTTQ",
];

const PER_CLASS: usize = 60;

/// The benchmark queries over the first `n` plans of the truth.
fn make_queries(truth: &[Truth], topics: &[(String, String)]) -> Vec<Query> {
    let mut r = Lcg(2026);
    let mut out = Vec::new();
    let base = |class, ask, fts: String| Query {
        class,
        ask,
        fts,
        year: None,
        topic: None,
        province: None,
        level: None,
    };
    for k in 0..PER_CLASS {
        let w = ONE_WORDS[k % ONE_WORDS.len()];
        out.push(base(
            "one word",
            Ask::Search(Box::new(request(w))),
            fts_words(w),
        ));
    }
    for k in 0..PER_CLASS {
        let w = ONE_WORDS[k % ONE_WORDS.len()];
        out.push(base(
            "one word + all facets",
            Ask::Search(Box::new(request_with_facets(w))),
            fts_words(w),
        ));
    }
    // Three unaccented words: windows of the topics' key phrases, folded.
    let windows: Vec<String> = topics
        .iter()
        .flat_map(|(_, p)| {
            let ws: Vec<String> = fold(p)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
            ws.windows(3).map(|w| w.join(" ")).collect::<Vec<_>>()
        })
        .collect();
    for k in 0..PER_CLASS {
        let q = &windows[k % windows.len()];
        out.push(base(
            "3 unaccented words",
            Ask::Search(Box::new(request(q))),
            fts_words(q),
        ));
    }
    for k in 0..PER_CLASS {
        let (_, p) = &topics[k % topics.len()];
        let q = format!("\"{p}\"");
        out.push(base(
            "accented phrase",
            Ask::Search(Box::new(request(&q))),
            fts_phrase(p),
        ));
    }
    for k in 0..PER_CLASS {
        let a = ACRONYMS[k % ACRONYMS.len()];
        out.push(base(
            "acronym",
            Ask::Search(Box::new(request(a))),
            fts_phrase(a),
        ));
    }
    let cited: Vec<&String> = truth.iter().flat_map(|t| &t.cited).collect();
    for _ in 0..PER_CLASS {
        let c = cited[r.below(cited.len())];
        out.push(base(
            "citation number",
            Ask::Search(Box::new(request(c))),
            fts_phrase(c),
        ));
    }
    for _ in 0..PER_CLASS {
        let t = &truth[r.below(truth.len())];
        let topic = t.topics.first().cloned().unwrap_or_default();
        let mut req = request("");
        req.years = vec![t.year];
        req.topics = vec![topic.clone()];
        let mut q = base(
            "filter only (year+topic)",
            Ask::Search(Box::new(req)),
            String::new(),
        );
        q.year = Some(t.year);
        q.topic = Some(topic);
        out.push(q);
    }
    for k in 0..PER_CLASS {
        let t = &truth[r.below(truth.len())];
        let w = ONE_WORDS[k % ONE_WORDS.len()];
        let topic = t.topics.first().cloned().unwrap_or_default();
        let mut req = request_with_facets(w);
        req.years = vec![t.year];
        req.topics = vec![topic.clone()];
        req.levels = vec![t.level.clone()];
        if !t.province.is_empty() {
            req.provinces = vec![t.province.clone()];
        }
        let mut q = base("all facets", Ask::Search(Box::new(req)), fts_words(w));
        q.year = Some(t.year);
        q.topic = Some(topic);
        q.level = Some(t.level.clone());
        q.province = Some(t.province.clone()).filter(|p| !p.is_empty());
        out.push(q);
    }
    out
}

/// Similar-wording queries: a sentence of a plan's text.
fn similar_queries(pi: &PlanIndex, n: usize) -> Vec<Query> {
    let searcher = pi.reader.searcher();
    let mut r = Lcg(7);
    let mut out = Vec::new();
    let addrs: Vec<DocAddress> = searcher
        .search(&AllQuery, &DocSetCollector)
        .map(|s| s.into_iter().collect())
        .unwrap_or_default();
    let mut tries = 0;
    while out.len() < PER_CLASS.min(n) && tries < 10 * PER_CLASS {
        tries += 1;
        let addr = addrs[r.below(addrs.len())];
        let Ok(doc) = searcher.doc::<TantivyDocument>(addr) else {
            continue;
        };
        let Ok(plan) = Plan::from_document(&doc, &pi.fields) else {
            continue;
        };
        let lines: Vec<&str> = plan
            .text
            .lines()
            .filter(|l| l.starts_with("- ") && l.len() > 80)
            .collect();
        if lines.is_empty() {
            continue;
        }
        let passage = lines[r.below(lines.len())]
            .trim_start_matches("- ")
            .to_string();
        let words: Vec<String> = fold(&passage)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 1)
            .map(|w| format!("\"{w}\""))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut words = words;
        words.sort();
        out.push(Query {
            class: "similar wording",
            ask: Ask::Similar(passage),
            fts: words.join(" OR "),
            year: None,
            topic: None,
            province: None,
            level: None,
        });
    }
    out
}

/// Builds the FTS5 database from the texts and metadata stored in the index.
fn build_fts(pi: &PlanIndex, path: &Path) -> anyhow::Result<(Connection, f64)> {
    let started = Instant::now();
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let conn = Connection::open(&tmp)?;
    conn.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
         CREATE TABLE docs(id INTEGER PRIMARY KEY, source TEXT, year INT, province TEXT,
                           level TEXT, date INT);
         CREATE TABLE topics(doc INT, topic TEXT);
         CREATE VIRTUAL TABLE fts USING fts5(title, body,
                           tokenize = \"unicode61 remove_diacritics 2\");",
    )?;
    let searcher = pi.reader.searcher();
    let addrs = searcher.search(&AllQuery, &DocSetCollector)?;
    let mut addrs: Vec<DocAddress> = addrs.into_iter().collect();
    addrs.sort();
    conn.execute_batch("BEGIN")?;
    {
        let mut ins_doc = conn.prepare("INSERT INTO docs VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        let mut ins_topic = conn.prepare("INSERT INTO topics VALUES (?1, ?2)")?;
        let mut ins_fts =
            conn.prepare("INSERT INTO fts(rowid, title, body) VALUES (?1, ?2, ?3)")?;
        for (i, addr) in addrs.iter().enumerate() {
            let Ok(doc) = searcher.doc::<TantivyDocument>(*addr) else {
                continue;
            };
            let Ok(plan) = Plan::from_document(&doc, &pi.fields) else {
                continue;
            };
            let m = &plan.meta;
            let date: Option<i64> = m
                .issued_date
                .as_deref()
                .and_then(|d| d.replace('-', "").parse().ok());
            ins_doc.execute(params![
                i as i64,
                stored_str(&doc, pi.fields.source).unwrap_or_default(),
                m.year,
                m.province,
                m.level,
                date
            ])?;
            for t in &m.topics {
                ins_topic.execute(params![i as i64, t])?;
            }
            ins_fts.execute(params![
                i as i64,
                m.title.as_deref().unwrap_or(""),
                plan.text
            ])?;
        }
    }
    conn.execute_batch(
        "COMMIT; CREATE INDEX topics_by_topic ON topics(topic, doc);
         CREATE INDEX docs_by_year ON docs(year);
         INSERT INTO fts(fts) VALUES('optimize');",
    )?;
    drop(conn);
    std::fs::rename(&tmp, path)?;
    let secs = started.elapsed().as_secs_f64();
    Ok((Connection::open(path)?, secs))
}

/// SQL of a query: top 10 with snippets, and the count. FTS5 drives (its MATCH
/// first, metadata as a rowid subquery), the idiomatic form: a join on `docs` can
/// make SQLite scan `docs` and probe the full-text index per row.
fn fts_sql(q: &Query) -> (String, String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<V> = Vec::new();
    if let Some(y) = q.year {
        conds.push("d.year = ?".into());
        args.push(V::Integer(y as i64));
    }
    if let Some(t) = &q.topic {
        conds.push("d.id IN (SELECT doc FROM topics WHERE topic = ?)".into());
        args.push(V::Text(t.clone()));
    }
    if let Some(p) = &q.province {
        conds.push("d.province = ?".into());
        args.push(V::Text(p.clone()));
    }
    if let Some(l) = &q.level {
        conds.push("d.level = ?".into());
        args.push(V::Text(l.clone()));
    }
    if q.fts.is_empty() {
        let wh = conds.join(" AND ");
        return (
            format!("SELECT d.id, d.source FROM docs d WHERE {wh} ORDER BY d.date DESC LIMIT 10"),
            format!("SELECT count(*) FROM docs d WHERE {wh}"),
            args,
        );
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(
            " AND rowid IN (SELECT d.id FROM docs d WHERE {})",
            conds.join(" AND ")
        )
    };
    let mut all = vec![V::Text(q.fts.clone())];
    all.extend(args);
    (
        format!(
            "SELECT rowid, snippet(fts, 1, '<mark>', '</mark>', '…', 40) FROM fts
             WHERE fts MATCH ?{filter} ORDER BY bm25(fts, 2.0, 1.0) LIMIT 10"
        ),
        format!("SELECT count(*) FROM fts WHERE fts MATCH ?{filter}"),
        all,
    )
}

fn run_fts(conn: &Connection, q: &Query) -> rusqlite::Result<usize> {
    let (top, count, args) = fts_sql(q);
    let mut st = conn.prepare_cached(&top)?;
    let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let _: i64 = row.get(0)?;
        n += 1;
    }
    if !matches!(q.ask, Ask::Similar(_)) {
        let mut st = conn.prepare_cached(&count)?;
        let _: i64 = st.query_row(rusqlite::params_from_iter(args.iter()), |row| row.get(0))?;
    }
    Ok(n)
}

fn run_plansearch(pi: &PlanIndex, q: &Query) -> usize {
    match &q.ask {
        Ask::Search(req) => search(pi, req).map(|r| r.hits.len()).unwrap_or(0),
        Ask::Similar(text) => similar(pi, text, 10).map(|r| r.len()).unwrap_or(0),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// p50 and p99 in milliseconds of `run` over `queries` (after one warm-up pass).
fn latency(queries: &[&Query], mut run: impl FnMut(&Query)) -> (f64, f64) {
    for q in queries {
        run(q);
    }
    let mut ms: Vec<f64> = queries
        .iter()
        .map(|q| {
            let t = Instant::now();
            run(q);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.5), percentile(&ms, 0.99))
}

/// Recall queries: (class, query text, relevant ids).
fn recall_queries(
    truth: &[Truth],
    topics: &[(String, String)],
) -> Vec<(String, String, HashSet<String>)> {
    let mut out = Vec::new();
    for (id, phrase) in topics {
        let rel: HashSet<String> = truth
            .iter()
            .filter(|t| t.topics.contains(id))
            .map(|t| t.id.clone())
            .collect();
        if rel.is_empty() {
            continue;
        }
        let folded = fold(phrase);
        let has_d = phrase.to_lowercase().contains('đ');
        out.push(("accented".to_string(), phrase.clone(), rel.clone()));
        let class = if has_d {
            "unaccented, with đ"
        } else {
            "unaccented"
        };
        out.push((class.to_string(), folded, rel));
    }
    let mut provinces: Vec<&str> = truth.iter().map(|t| t.province.as_str()).collect();
    provinces.sort();
    provinces.dedup();
    for p in provinces.into_iter().filter(|p| !p.is_empty()) {
        let rel: HashSet<String> = truth
            .iter()
            .filter(|t| t.province == p)
            .map(|t| t.id.clone())
            .collect();
        let has_d = p.to_lowercase().contains('đ');
        out.push(("accented".to_string(), p.to_string(), rel.clone()));
        let class = if has_d {
            "unaccented, with đ"
        } else {
            "unaccented"
        };
        out.push((class.to_string(), fold(p), rel));
    }
    out
}

/// Ids (file stems) of every plan plansearch matches for `q` as plain text.
fn plansearch_matches(pi: &PlanIndex, q: &str) -> HashSet<String> {
    let req = SearchRequest {
        q: q.to_string(),
        literal: true,
        ..SearchRequest::default()
    };
    let (query, _) = request_query(&pi.fields, &req);
    let searcher = pi.reader.searcher();
    let Ok(found) = searcher.search(query.as_ref(), &DocSetCollector) else {
        return HashSet::new();
    };
    found
        .into_iter()
        .filter_map(|a| {
            let doc: TantivyDocument = searcher.doc(a).ok()?;
            let src = stored_str(&doc, pi.fields.source)?;
            Some(stem(src))
        })
        .collect()
}

fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn fts_matches(conn: &Connection, q: &str) -> HashSet<String> {
    let sql =
        "SELECT d.source FROM docs d WHERE d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?1)";
    let Ok(mut st) = conn.prepare_cached(sql) else {
        return HashSet::new();
    };
    st.query_map([fts_words(q)], |row| row.get::<_, String>(0))
        .map(|rows| rows.filter_map(|r| r.ok()).map(|s| stem(&s)).collect())
        .unwrap_or_default()
}

fn main() {
    let data = std::env::var_os("SCALE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../scale-data"));
    let Some((truth, topics)) = load_truth(&data.join("corpus")) else {
        println!(
            "SKIP: no generated corpus at {} (run examples/gen_corpus first)",
            data.join("corpus").display()
        );
        return;
    };
    let sizes = std::env::var("SCALE_SIZES").unwrap_or_else(|_| "1k,10k,100k".to_string());
    let mut results = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(data.join("results.jsonl"))
        .expect("results file");
    for size in sizes.split(',').map(str::trim) {
        let n: usize = size.trim_end_matches('k').parse::<usize>().unwrap_or(0) * 1000;
        let idx = data.join(format!("idx-{size}"));
        let Ok(pi) = PlanIndex::open(&idx) else {
            println!(
                "SKIP {size}: no index at {} (run plansearch index)",
                idx.display()
            );
            continue;
        };
        let docs = pi.reader.searcher().num_docs() as usize;
        println!("== {size}: {docs} plans in {}", idx.display());
        let fts_path = data.join(format!("fts-{size}.sqlite"));
        let (conn, fts_build) = if fts_path.exists() {
            (Connection::open(&fts_path).expect("open fts"), f64::NAN)
        } else {
            build_fts(&pi, &fts_path).expect("build fts")
        };
        let fts_bytes = std::fs::metadata(&fts_path).map(|m| m.len()).unwrap_or(0);
        println!(
            "FTS5 table: {:.1} MB{}",
            fts_bytes as f64 / 1e6,
            if fts_build.is_nan() {
                String::new()
            } else {
                format!(", built from the stored texts in {fts_build:.1} s")
            }
        );
        let truth_n = &truth[..n.min(truth.len())];
        let mut queries = make_queries(truth_n, &topics);
        queries.extend(similar_queries(&pi, docs));
        if let Ok(only) = std::env::var("SCALE_CLASSES") {
            let wanted: Vec<&str> = only.split(',').map(str::trim).collect();
            queries.retain(|q| wanted.contains(&q.class));
        }
        let mut classes: Vec<&'static str> = queries.iter().map(|q| q.class).collect();
        classes.dedup();
        println!(
            "{:<26} {:>10} {:>10} {:>10} {:>10} {:>8}",
            "class", "ps p50 ms", "ps p99 ms", "fts p50", "fts p99", "p50 ×"
        );
        for class in classes {
            let qs: Vec<&Query> = queries.iter().filter(|q| q.class == class).collect();
            let (p50, p99) = latency(&qs, |q| {
                std::hint::black_box(run_plansearch(&pi, q));
            });
            let (f50, f99) = latency(&qs, |q| {
                std::hint::black_box(run_fts(&conn, q).unwrap_or(0));
            });
            println!(
                "{class:<26} {p50:>10.2} {p99:>10.2} {f50:>10.2} {f99:>10.2} {:>8.1}",
                f50 / p50
            );
            let _ = writeln!(
                results,
                "{{\"size\":{docs},\"class\":\"{class}\",\"ps_p50\":{p50:.4},\"ps_p99\":{p99:.4},\"fts_p50\":{f50:.4},\"fts_p99\":{f99:.4}}}"
            );
        }
        if std::env::var("SCALE_RECALL").is_ok_and(|v| v == "0") {
            continue;
        }
        // Recall by query class and plan form.
        let form_of: HashMap<&str, &str> = truth_n
            .iter()
            .map(|t| (t.id.as_str(), t.form.as_str()))
            .collect();
        let mut tally: HashMap<(String, String), [usize; 3]> = HashMap::new();
        for (class, q, rel) in recall_queries(truth_n, &topics) {
            let ps = plansearch_matches(&pi, &q);
            let fts = fts_matches(&conn, &q);
            for id in &rel {
                let form = form_of.get(id.as_str()).copied().unwrap_or("?");
                let e = tally.entry((class.clone(), form.to_string())).or_default();
                e[0] += 1;
                e[1] += usize::from(ps.contains(id));
                e[2] += usize::from(fts.contains(id));
            }
        }
        let mut keys: Vec<_> = tally.keys().cloned().collect();
        keys.sort();
        println!(
            "{:<20} {:<10} {:>9} {:>12} {:>10}",
            "recall: query", "form", "relevant", "plansearch", "FTS5"
        );
        for k in keys {
            let [rel, ps, fts] = tally[&k];
            println!(
                "{:<20} {:<10} {rel:>9} {:>12.3} {:>10.3}",
                k.0,
                k.1,
                ps as f64 / rel as f64,
                fts as f64 / rel as f64
            );
            let _ = writeln!(
                results,
                "{{\"size\":{docs},\"recall\":\"{}\",\"form\":\"{}\",\"relevant\":{rel},\"ps\":{:.4},\"fts\":{:.4}}}",
                k.0,
                k.1,
                ps as f64 / rel as f64,
                fts as f64 / rel as f64
            );
        }
    }
}
