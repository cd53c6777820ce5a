//! Dates as plans write them: "ngày 15 tháng 7 năm 2021", "15/7/2021", "15/07/2021",
//! and OCR's "ngay 15 thang 7 ndm 2021". An impossible date (OCR's "ngày 72") is read
//! as a date that exists but is unreadable: callers report `null`, never a repair.

use std::sync::OnceLock;

use regex::Regex;

use crate::text::fold::fold;

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte range in the text searched.
    pub start: usize,
    pub end: usize,
    /// ISO 8601 when the date is possible, `None` when OCR made it impossible.
    pub iso: Option<String>,
    /// The year as written, when plausible (kept even if day or month are not).
    pub year: Option<i32>,
}

fn written() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "ngày" / OCR "ngdy"; "tháng" / "theng"; "năm" / "ndm", "nim", "niam".
        Regex::new(
            r"(?i)\bng\w{0,2}y\s+(\d{1,2})\s*[,.]?\s*th\w{1,3}ng\s+(\d{1,2})\s*[,.]?\s*n\w{1,3}m\s+(\d{4})\b",
        )
        .expect("written date pattern")
    })
}

fn numeric() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?[/.\-]\s?((?:19|20)\d{2})\b")
            .expect("numeric date pattern")
    })
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// ISO form of a date if it exists (and lies in a plausible range for a plan).
pub fn iso_date(y: i32, m: u32, d: u32) -> Option<String> {
    ((1945..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn make(start: usize, end: usize, d: &str, m: &str, y: &str) -> DateMatch {
    let (d, m, y) = (
        d.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        y.parse().unwrap_or(0),
    );
    DateMatch {
        start,
        end,
        iso: iso_date(y, m, d),
        year: (1945..=2100).contains(&y).then_some(y),
    }
}

/// Every date in `text`, in order. Offsets are into `text` itself.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let folded = fold(text);
    // Folding keeps lengths only for ASCII; map back through char counts otherwise.
    let map = offset_map(text, &folded);
    let mut out: Vec<DateMatch> = Vec::new();
    for c in written().captures_iter(&folded) {
        let w = c.get(0).expect("match");
        out.push(make(map(w.start()), map(w.end()), &c[1], &c[2], &c[3]));
    }
    for c in numeric().captures_iter(&folded) {
        let w = c.get(0).expect("match");
        let (s, e) = (map(w.start()), map(w.end()));
        if out.iter().any(|o| s < o.end && o.start < e) {
            continue;
        }
        out.push(make(s, e, &c[1], &c[3], &c[4]));
    }
    out.sort_by_key(|d| d.start);
    out
}

/// The date starting `text` (after at most a few joining characters such as ", "),
/// as in "76/NQ-CP ngày 15/7/2021 của …".
pub fn date_at_start(text: &str) -> Option<DateMatch> {
    let head = crate::extract::prefix(text, 80);
    find_dates(head).into_iter().next().filter(|d| {
        let before = fold(&head[..d.start]);
        let before = before.trim_matches(|c: char| !c.is_alphanumeric());
        // "ngày 15/7/2021": the numeric form may follow the word.
        before.is_empty()
            || (before.len() <= 4 && before.starts_with("ng") && before.ends_with('y'))
    })
}

/// Maps byte offsets of `fold(text)` back to `text`, assuming each char folds to one
/// char (true for Vietnamese letters; others fall back to the nearest boundary).
fn offset_map<'a>(text: &'a str, folded: &str) -> impl Fn(usize) -> usize + 'a {
    let same = text.len() == folded.len();
    let starts: Vec<usize> = if same {
        Vec::new()
    } else {
        text.char_indices().map(|(i, _)| i).collect()
    };
    let fstarts: Vec<usize> = if same {
        Vec::new()
    } else {
        folded.char_indices().map(|(i, _)| i).collect()
    };
    move |i: usize| {
        if same {
            return i;
        }
        let k = fstarts.partition_point(|&s| s < i);
        starts.get(k).copied().unwrap_or(text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates() {
        let cases = [
            ("ngày 15 tháng 7 năm 2021", Some("2021-07-15")),
            ("ngày 08 tháng 02 năm 2022", Some("2022-02-08")),
            ("15/7/2021", Some("2021-07-15")),
            ("15/07/2021", Some("2021-07-15")),
            ("ngay 15 thang 7 ndm 2021", Some("2021-07-15")),
            ("ngdy 29 thang 02 nam 2024", Some("2024-02-29")),
            ("ngay 05 thang 3 niam 2019", Some("2019-03-05")),
            ("ngay 72 thang 01 nam 2024", None),
            ("29/02/2023", None),
            ("31/4/2020", None),
        ];
        for (text, want) in cases {
            let d = find_dates(text);
            assert_eq!(d.len(), 1, "{text}");
            assert_eq!(d[0].iso.as_deref(), want, "{text}");
        }
        assert_eq!(find_dates("ngay 72 thang 01 nam 2024")[0].year, Some(2024));
    }

    #[test]
    fn offsets_and_start() {
        let t = "Hà Nội, ngày 08 tháng 02 năm 2022";
        let d = &find_dates(t)[0];
        assert_eq!(&t[d.start..d.end], "ngày 08 tháng 02 năm 2022");
        assert!(date_at_start(" ngày 26/01/2022 của UBND").is_some());
        assert!(date_at_start(" của UBND tỉnh ngày 26/01/2022").is_none());
        assert!(find_dates("giai đoạn 2021 - 2025; 6/6 ấp").is_empty());
    }
}
