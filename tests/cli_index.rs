//! End to end: incremental indexing, bad files, atomicity, and the real corpus.

mod common;

use common::*;
use std::process::Stdio;
use std::time::Duration;

fn index_json(paths: &[&str], index: &str) -> serde_json::Value {
    let mut args = vec!["index"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["--index", index, "--json"]);
    serde_json::from_str(&ok(&args)).unwrap()
}

#[test]
fn indexing_is_incremental() {
    let dir = tempfile::tempdir().unwrap();
    let plans = copy_seeds(dir.path());
    let p = plans.to_str().unwrap();
    let idx = dir.path().join("idx");
    let i = idx.to_str().unwrap();

    let r = index_json(&[p], i);
    assert_eq!(
        (r["added"].as_u64(), r["unchanged"].as_u64()),
        (Some(5), Some(0))
    );
    let r = index_json(&[p], i);
    assert_eq!(
        (r["added"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(5))
    );

    // Change one, remove one, add one.
    let f = plans.join("002_5f77db56d2a9fd6a.txt");
    let mut text = std::fs::read_to_string(&f).unwrap();
    text.push_str("\nPhụ lục bổ sung: chuyenmucthunghiem\n");
    std::fs::write(&f, text).unwrap();
    std::fs::remove_file(plans.join("003_f0276c9855d9dc6f.txt")).unwrap();
    std::fs::write(
        plans.join("new.md"),
        "# Kế hoạch\n\n**Tuyên truyền** về Đề án 06",
    )
    .unwrap();
    let r = index_json(&[p], i);
    assert_eq!(r["added"], 1, "{r}");
    assert_eq!(r["updated"], 1, "{r}");
    assert_eq!(r["removed"], 1, "{r}");
    assert_eq!(r["unchanged"], 3, "{r}");

    assert_eq!(search_json(&idx, "chuyenmucthunghiem", &[])["total"], 1);
    assert_eq!(
        search_json(&idx, "11/KH-UBND", &[])["total"],
        0,
        "removed plan still found"
    );
    assert_eq!(search_json(&idx, "", &[])["total"], 5);
}

#[test]
fn bad_files_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let plans = copy_seeds(dir.path());
    std::fs::write(plans.join("empty.txt"), "").unwrap();
    std::fs::write(plans.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(
        plans.join("latin1.txt"),
        b"K\xe9 ho\xe1ch tuy\xean truy\xean",
    )
    .unwrap();
    let idx = dir.path().join("idx");
    let out = run(&[
        "index",
        plans.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
    assert!(
        err.contains("binary.txt") && err.contains("binary"),
        "{err}"
    );
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("5 thêm mới") && stdout.contains("3 lỗi"),
        "{stdout}"
    );

    // Nothing indexable at all: exit status 1.
    let only_bad = dir.path().join("bad");
    std::fs::create_dir(&only_bad).unwrap();
    std::fs::write(only_bad.join("x.txt"), "").unwrap();
    let out = run(&[
        "index",
        only_bad.to_str().unwrap(),
        "--index",
        dir.path().join("i2").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_killed_run_leaves_the_previous_index_intact() {
    let Some(real) = real_corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let i = idx.to_str().unwrap();
    ok(&["index", seeds_dir().to_str().unwrap(), "--index", i]);
    for delay_ms in [150, 400, 900] {
        let mut child = bin()
            .args(["index", real.to_str().unwrap(), "--index", i])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        // The index opens and still answers; the lock of the killed writer is gone.
        let total = search_json(&idx, "", &[])["total"].as_u64().unwrap();
        // Either the old index or the whole new run: never a partial one.
        assert!(
            total == 5 || total >= 5 + 380,
            "partial index visible: {total} plans"
        );
        assert_eq!(search_json(&idx, "59/KH-UBND", &[])["total"], 1);
    }
}

#[test]
fn the_real_corpus_indexes_and_searches() {
    let Some(real) = real_corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let r = index_json(&[real.to_str().unwrap()], idx.to_str().unwrap());
    let added = r["added"].as_u64().unwrap();
    assert!(added >= 380, "{r}");
    assert_eq!(
        r["failed"].as_array().unwrap().len() as u64,
        383 - added,
        "{r}"
    );
    // A citation common in this corpus, typed in lower case without Đ.
    let resp = search_json(&idx, "57-nq/tw", &["--limit", "100"]);
    assert!(resp["total"].as_u64().unwrap() >= 5, "{}", resp["total"]);
    // Diacritics optional on real clean text.
    let a = search_json(&idx, "chuyen doi so", &[])["total"]
        .as_u64()
        .unwrap();
    let b = search_json(&idx, "chuyển đổi số", &[])["total"]
        .as_u64()
        .unwrap();
    assert_eq!(a, b);
    assert!(a > 50);
}
