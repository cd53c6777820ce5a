//! The query language end to end: parsing, query building and a real search (with
//! query understanding, facets and snippets) against a small index in memory. Any
//! error is a bug: the API would answer 500 to a user's query.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use plansearch::index::PlanIndex;
use plansearch::index::write::{add_plan, plan_from_text};
use plansearch::search::parse::{MAX_CLAUSES, parse};
use plansearch::search::{SearchRequest, Sort, search};
use plansearch::text::read::{Format, decode_plan};

/// The shipped sample plans plus two short ones, indexed once per process (in the
/// fuzzer's init, so the seconds it takes are not taken for a slow query).
fn index() -> &'static PlanIndex {
    static INDEX: OnceLock<PlanIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let pi = PlanIndex::create_in_ram().expect("index in RAM");
        let mut writer = pi.writer().expect("writer");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../index-data/plans");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .expect("index-data/plans")
            .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
            .filter_map(|b| decode_plan(&b, Format::Text).ok())
            .collect();
        texts.push("KẾ HOẠCH\nCải cách hành chính năm 2024 theo Nghị quyết 76/NQ-CP".into());
        texts.push("KE HOACH\nchuyen doi so, UBND tinh Lang Son, TTHC".into());
        for (i, t) in texts.into_iter().enumerate() {
            let plan = plan_from_text(t, &format!("{i}.txt"));
            add_plan(&pi, &mut writer, &plan).expect("add");
        }
        pi
    })
}

fuzz_target!(init: { index(); }, |data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let q = String::from_utf8_lossy(rest).into_owned();
    let parsed = parse(&q);
    assert!(parsed.must.len() <= MAX_CLAUSES && parsed.must_not.len() <= MAX_CLAUSES);
    let req = SearchRequest {
        q,
        limit: 1 + (flags as usize & 7),
        offset: (flags as usize >> 3) & 3,
        sort: match flags >> 5 & 3 {
            0 => Sort::DateDesc,
            1 => Sort::DateAsc,
            _ => Sort::Relevance,
        },
        facets: flags & 0x80 != 0,
        literal: flags & 0x40 != 0,
        ..Default::default()
    };
    let resp = search(index(), &req).unwrap_or_else(|e| panic!("search {:?}: {e:#}", req.q));
    assert!(resp.hits.len() <= req.limit);
});
