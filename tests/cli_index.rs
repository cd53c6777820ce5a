//! End to end: incremental indexing, bad files, and the real corpus (kills of the
//! indexer are in crash.rs).

mod common;

use common::*;

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

/// "Kế hoạch tuyên truyền cải cách hành chính năm 2024 của tỉnh Lạng Sơn" in TCVN3.
const TCVN3: &[u8] = b"K\xd5 ho\xb9ch tuy\xaan truy\xd2n c\xb6i c\xb8ch h\xb5nh ch\xddnh n\xa8m 2024 c\xf1a t\xd8nh L\xb9ng S\xacn tcvnword";
/// The same in VNI-Windows.
const VNI: &[u8] = b"Ke\xe1 hoa\xefch tuye\xe2n truye\xe0n ca\xfbi ca\xf9ch ha\xf8nh ch\xednh na\xeam 2024 cu\xfba t\xe6nh La\xefng S\xf4n vniword";

#[test]
fn every_kind_of_bad_file_is_reported_with_its_path_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let plans = copy_seeds(dir.path());
    std::fs::write(plans.join("zero.txt"), "").unwrap();
    std::fs::write(plans.join("tcvn3.txt"), TCVN3).unwrap();
    std::fs::write(plans.join("vni.txt"), VNI).unwrap();
    // A 2 GB sparse file: refused from its size, never read.
    std::fs::File::create(plans.join("huge.txt"))
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    // A folder named like a plan is walked like any folder.
    std::fs::create_dir(plans.join("folder.txt")).unwrap();
    std::fs::write(
        plans.join("folder.txt/inner.md"),
        "# Kế hoạch\n\nđổi mới innerword",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        // Dangling symlink, a device, a loop back to the folder.
        symlink(dir.path().join("nowhere.txt"), plans.join("dangling.txt")).unwrap();
        symlink("/dev/zero", plans.join("zeros.txt")).unwrap();
        symlink(&plans, plans.join("loop")).unwrap();
        // A FIFO with no writer: opening it would block the whole run.
        let fifo = std::ffi::CString::new(plans.join("pipe.txt").to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    }
    // Unreadable by permissions: only testable when not root (root reads anything).
    #[cfg(unix)]
    let root = unsafe { libc::geteuid() } == 0;
    #[cfg(unix)]
    if root {
        eprintln!("SKIP: chmod 000 case (running as root, which reads any file)");
    } else {
        use std::os::unix::fs::PermissionsExt;
        let p = plans.join("secret.txt");
        std::fs::write(&p, "KẾ HOẠCH bí mật").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    }

    let idx = dir.path().join("idx");
    let out = run(&[
        "index",
        plans.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed: Vec<(String, String)> = report["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let reason = |name: &str| {
        failed
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{name} not reported: {failed:?}"))
    };
    assert!(reason("zero.txt").contains("empty"));
    assert!(reason("huge.txt").contains("too large"));
    #[cfg(unix)]
    {
        assert!(reason("dangling.txt").contains("No such file"));
        assert!(reason("zeros.txt").contains("a device"));
        assert!(reason("pipe.txt").contains("a FIFO"));
        assert!(reason("loop").contains("loop"));
        if !root {
            assert!(reason("secret.txt").contains("ermission"));
        }
    }
    // 5 seeds, the two legacy files (converted) and the plan inside folder.txt.
    assert_eq!(report["added"], 8, "{report}");
    for (q, n) in [("tcvnword", 1), ("vniword", 1), ("innerword", 1)] {
        assert_eq!(search_json(&idx, q, &[])["total"], n, "{q}");
    }
    // Converted to Unicode: found with and without diacritics.
    for w in ["tcvnword", "vniword"] {
        let q = format!("\"cải cách hành chính năm 2024 của tỉnh Lạng Sơn\" {w}");
        assert_eq!(search_json(&idx, &q, &[])["total"], 1, "{q}");
    }
    assert_eq!(
        search_json(&idx, "lang son tuyen truyen tcvnword", &[])["total"],
        1
    );

    // --strict: the exit status says that some files failed.
    let out = run(&[
        "index",
        plans.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pipe.txt") || !cfg!(unix), "{err}");
    // A FIFO given by name is reported too, not opened.
    #[cfg(unix)]
    {
        let out = run(&[
            "index",
            plans.join("pipe.txt").to_str().unwrap(),
            "--index",
            idx.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("a FIFO"));
    }
}
