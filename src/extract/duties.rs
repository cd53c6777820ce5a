//! Where a plan in clean text names the units it gives duties, read across hard line
//! wraps: the numbered items and bullets of its assignment parts ("Tổ chức thực
//! hiện", "Phân công nhiệm vụ", "Trách nhiệm thực hiện") and its "Đơn vị chủ trì /
//! phối hợp" fields, which markdown conversions wrap mid-name ("**2. Sở Tài\nchính**",
//! "*Đơn vị phối hợp: *Sở Tư\npháp."). Each source gives the unit names as written,
//! ending where the name ends (before the duty), for [`super::units`] to normalize.
//!
//! OCR text keeps the line-based reading in [`super::units`]: its case and
//! punctuation, which the rules here lean on, are not reliable.

use std::sync::OnceLock;

use regex::Regex;

use super::Section;
use super::fuzzy;
use super::text::tidy;
use super::units::{REQUESTS, duty_cut, opens_unit_in_prose};

/// A unit name as written, and whether it was given whole (a bold heading, a heading
/// ended by its colon), so a verb-like word in it is part of the name.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub raw: String,
    pub whole: bool,
}

/// Whether a heading opens a part that assigns duties.
pub fn is_assignment(heading: &str) -> bool {
    let k = fuzzy::key(heading, false);
    [
        "to chuc thuc hien",
        "phan cong nhiem vu",
        "trach nhiem thuc hien",
        "phan cong trach nhiem",
    ]
    .iter()
    .any(|p| k.contains(p))
}

fn marker_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5}|[a-zđ])\s*[.)]\s*")
            .expect("marker")
    })
}

/// The paragraph starting at byte `at` (up to a blank line or a bullet), its lines
/// joined.
fn paragraph_at(text: &str, at: usize) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for (i, l) in text[at..].lines().enumerate() {
        let t = l.trim();
        if t.is_empty() || (i > 0 && (t.starts_with(['-', '+', '•']) || lines.len() >= 8)) {
            break;
        }
        lines.push(t);
    }
    // Lines stay apart (joined by '\n') so a heading alone on its line can be told.
    lines.join("\n")
}

/// The unit part of a numbered item's paragraph: the bold heading when there is one
/// ("**3. Sở Tài\nchính**"), else the text up to its colon, else the opening sentence
/// (the caller ends it before the duty).
fn item_source(para: &str) -> Named {
    let p = para.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '#' | '>'));
    if let Some(inner) = p.strip_prefix("**")
        && let Some(close) = inner.find("**")
    {
        let bold = &inner[..close];
        let name = marker_re().replace(bold, "");
        let name = name.split(':').next().unwrap_or_default().trim();
        if name.chars().any(char::is_alphabetic) {
            return Named {
                raw: one_line(name),
                whole: true,
            };
        }
        return Named {
            raw: one_line(&inner[close + 2..]),
            whole: false,
        };
    }
    let body = marker_re().replace(p, "").to_string();
    // A short heading alone in its paragraph ("2. Tư pháp", "3. Sở\nNông nghiệp và
    // Môi trường" once markdown's bold is gone) names its unit whole.
    let alone =
        body.split_whitespace().count() <= 24 && !body.trim_end().ends_with(['.', ';', ',']);
    match body.find(':') {
        Some(c) if c < 160 => Named {
            raw: one_line(&body[..c]),
            whole: true,
        },
        _ => Named {
            raw: one_line(&body),
            whole: alone,
        },
    }
}

/// `s` with its white space runs (line breaks included) made single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drops a request opening the phrase ("Đề nghị", "Giao").
fn strip_request(s: &str) -> &str {
    let ws = fuzzy::words(s, false);
    for n in [2, 1] {
        if ws.len() > n {
            let k: Vec<&str> = ws[..n].iter().map(fuzzy::Word::folded).collect();
            if REQUESTS.contains(&k.join(" ").as_str()) {
                return &s[ws[n].start..];
            }
        }
    }
    s
}

/// The unit names in a phrase: the part before the duty, split into the units it
/// lists. A part opens a new unit when it reads like a unit's name written as one
/// (capitalized, or a collective "các …"); other parts go on the previous name ("Sở
/// Văn hóa, Thể thao và Du lịch", "Các Sở, ban, ngành"). Parts before the first unit
/// ("Căn cứ kế hoạch này, Giám đốc các Sở") are not units.
pub fn names_in(phrase: &str, whole: bool) -> Vec<String> {
    let t = tidy(&strip_parens(phrase));
    let mut t = strip_request(t.trim()).trim().to_string();
    if !whole {
        if let Some(p) = sentence_end(&t) {
            t.truncate(p);
        }
        if let Some(c) = duty_cut(&t, false) {
            t.truncate(c);
        }
    }
    let t = t.trim().trim_end_matches([',', ';', '.', ':']).trim();
    if whole && is_topic_heading(t) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let mut in_unit = false;
    for (sep, part) in parts(t) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        let known = sep == " và "
            && out
                .last()
                .is_some_and(|last| known_unit(&format!("{last} và {p}")));
        if known && let Some(last) = out.last_mut() {
            last.push_str(sep);
            last.push_str(p);
        } else if opens_unit(p) || (whole && out.is_empty() && !in_unit) {
            out.push(p.to_string());
            in_unit = true;
        } else if in_unit && let Some(last) = out.last_mut() {
            last.push_str(sep);
            last.push_str(p);
        }
    }
    if out.is_empty() && whole && !t.is_empty() && !is_topic_heading(t) {
        out.push(t.to_string());
    }
    out.retain(|u| u.split_whitespace().count() <= 24);
    out
}

/// Whether `name` is a unit of `data/units.tsv` as a whole ("Văn phòng Đoàn đại biểu
/// Quốc hội và HĐND tỉnh", which "và" must not split).
fn known_unit(name: &str) -> bool {
    super::units::UnitTable::shared().is_known(name)
}

/// A heading that names a topic of the part ("Thời gian thực hiện", "Trách nhiệm thực
/// hiện", "Kinh phí"), not a unit.
fn is_topic_heading(h: &str) -> bool {
    let k = fuzzy::key(h, false);
    is_assignment(h)
        || [
            "thoi gian",
            "kinh phi",
            "che do bao cao",
            "nhiem vu",
            "khen thuong",
        ]
        .iter()
        .any(|p| k.starts_with(p))
}

/// Whether a part of a list opens a unit's name as written in clean text.
fn opens_unit(part: &str) -> bool {
    let p = strip_request(part);
    let first = p.chars().next().unwrap_or(' ');
    let key = fuzzy::key(p, false);
    let collective = key.starts_with("cac ");
    (first.is_uppercase() || collective)
        && key.split(' ').count() >= 2
        && opens_unit_in_prose(&key, false)
}

/// `s` split at ",", ";" and " và ", each part with the separator before it.
fn parts(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut sep = "";
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let hit = if b[i] == b',' {
            Some(", ")
        } else if b[i] == b';' {
            Some("; ")
        } else if rest.starts_with(" và ") {
            Some(" và ")
        } else {
            None
        };
        match hit {
            Some(h) => {
                out.push((sep, &s[start..i]));
                sep = h;
                i += if h == " và " { " và ".len() } else { 1 };
                start = i;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out.push((sep, &s[start..]));
    out
}

/// Byte offset where the first sentence of `s` ends (". ", ":", ";").
fn sentence_end(s: &str) -> Option<usize> {
    let colon = s.find([':', ';']);
    let dot = s
        .find(". ")
        .or_else(|| s.ends_with('.').then(|| s.len() - 1));
    colon.into_iter().chain(dot).min()
}

/// `s` without parenthesized asides ("Sở Nội vụ (Phòng Thi đua)").
fn strip_parens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Units named by the assignment parts of a clean plan: each numbered item under
/// such a heading, and each bullet of the part's own text that opens with a unit.
pub fn assigned(text: &str, sections: &[Section]) -> Vec<Named> {
    let mut out = Vec::new();
    for s in sections.iter().filter(|s| is_assignment(&s.heading)) {
        let prefix = format!("{}.", s.path);
        for child in sections
            .iter()
            .filter(|c| c.path.starts_with(&prefix) && !c.path[prefix.len()..].contains('.'))
        {
            if child.start >= text.len() {
                continue;
            }
            let src = item_source(&paragraph_at(text, child.start));
            for raw in names_in(&src.raw, src.whole) {
                out.push(Named {
                    raw,
                    whole: src.whole,
                });
            }
        }
        out.extend(bullets(&s.text));
    }
    out
}

/// Units opening the bullets of a text ("- Sở Nội vụ hướng dẫn …").
fn bullets(text: &str) -> Vec<Named> {
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(rest) = joined.strip_prefix(['-', '+', '•']) else {
            continue;
        };
        let rest = rest.trim();
        if !opens_unit(rest.split([',', ';']).next().unwrap_or_default()) {
            continue;
        }
        for raw in names_in(rest, false) {
            out.push(Named { raw, whole: false });
        }
    }
    out
}

/// Units of the "Đơn vị chủ trì: …", "Cơ quan phối hợp: …", "Đơn vị thực hiện: …"
/// fields, read with their wrapped lines joined.
pub fn fields(text: &str) -> Vec<Named> {
    let mut out = Vec::new();
    for para in text.split("\n\n").flat_map(items) {
        let joined = tidy(&para.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut from = 0;
        while let Some(c) = joined[from..].find(':') {
            let colon = from + c;
            from = colon + 1;
            let label_start = joined[..colon]
                .rfind(['.', ';', '-', '+', ':'])
                .map_or(0, |p| p + 1);
            if !is_field_label(&joined[label_start..colon]) {
                continue;
            }
            let value = &joined[colon + 1..];
            let end = value
                .find(". ")
                .or_else(|| value.find(':'))
                .unwrap_or(value.len());
            let value = &value[..end];
            if value.len() > 300 {
                continue;
            }
            out.extend(value_names(value));
        }
    }
    out
}

/// The units a table's cell lists ([`value_names`]), each opening like a unit's name
/// or known as one: a cell of a group row ("Thương mại") names a topic, not a unit.
/// A cross-reference closing a cell ("… tại điểm d, khoản 1, mục III") is cut, and
/// so is a duty written after a unit ("Sở KH&CN chủ trì hướng dẫn").
pub fn cell_names(cell: &str) -> Vec<Named> {
    let mut out = Vec::new();
    for item in cell.split(';') {
        let mut item = item.trim();
        for r in [
            " tại điểm ",
            " tại khoản ",
            " tại mục ",
            " tại Phụ lục ",
            // A column "chủ trì theo dõi" gives the unit its verb.
            " thúc đẩy",
        ] {
            if let Some(p) = item.find(r) {
                item = &item[..p];
            }
        }
        if let Some(c) = duty_cut(item, false) {
            item = &item[..c];
        }
        out.extend(
            names_in(item, true)
                .into_iter()
                .filter(|n| opens_unit(n) || known_unit(n))
                .map(|raw| Named { raw, whole: true }),
        );
    }
    out
}

/// The units a field's value or a table's cell lists, given whole: "Sở Tư pháp; Các
/// sở, ban, ngành; UBND các phường, xã" names three.
pub fn value_names(value: &str) -> Vec<Named> {
    value
        .split(';')
        .flat_map(|item| names_in(item, true))
        .map(|raw| Named { raw, whole: true })
        .collect()
}

/// A paragraph cut into its bullet items (a new item at each line opening with a
/// bullet).
fn items(para: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in para.lines() {
        let t = l.trim();
        if out.is_empty() || t.starts_with(['-', '+', '•']) {
            out.push(t.to_string());
        } else if let Some(last) = out.last_mut() {
            last.push(' ');
            last.push_str(t);
        }
    }
    out
}

/// "Cơ quan chủ trì", "Đơn vị phối hợp thực hiện", "Đơn vị chủ trì tham mưu thực
/// hiện", "Chủ trì", "Đơn vị thực hiện".
fn is_field_label(label: &str) -> bool {
    let k = fuzzy::key(label, false);
    let n = k.split(' ').count();
    if n > 8 {
        return false;
    }
    let head = k.starts_with("co quan") || k.starts_with("don vi");
    let role = k.contains("chu tri") || k.contains("phoi hop") || k.contains("thuc hien");
    (head && role) || k == "chu tri" || k == "phoi hop"
}

/// The key that makes two spellings of one collective one unit ("Các cơ quan, đơn
/// vị có liên quan" = "Các cơ quan, đơn vị"; "UBND cấp xã" = "UBND các xã,
/// phường"): folded words without "các", "cấp", "(có) liên quan", as a set, with
/// "phường" and "thị trấn" taken into "xã".
pub fn collective_key(name: &str) -> String {
    let mut k = fuzzy::key(name, false);
    // A collective's qualifiers do not make another collective.
    if k.starts_with("cac ") {
        for q in [
            " theo quy dinh",
            " co lien quan",
            " lien quan",
            " cap tinh",
            " thuoc tinh",
            " thanh pho",
            " tinh",
        ] {
            if let Some(x) = k.strip_suffix(q) {
                k = x.to_string();
            }
        }
    }
    let k = k.replace("co lien quan", "").replace("lien quan", "");
    let k = k.replace("thi tran", "phuong");
    let mut ws: Vec<&str> = k
        .split(' ')
        .filter(|w| !w.is_empty() && !matches!(*w, "cac" | "cap"))
        .collect();
    if ws.contains(&"xa") {
        ws.retain(|w| *w != "phuong");
    }
    ws.sort_unstable();
    ws.dedup();
    ws.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_end_where_the_name_ends() {
        let cases: &[(&str, bool, &[&str])] = &[
            (
                "Căn cứ kế hoạch này, Giám đốc các Sở, Thủ trưởng các ngành, cơ quan cấp tỉnh, \
                 UBND các xã, phường, các cơ quan, đơn vị có liên quan xây dựng kế hoạch",
                false,
                &["UBND các xã, phường", "các cơ quan, đơn vị có liên quan"],
            ),
            (
                "Các Sở, ngành, đơn vị liên quan kiện toàn và nâng cao trình độ",
                false,
                &["Các Sở, ngành, đơn vị liên quan"],
            ),
            (
                "Sở Văn hóa, Thể thao và Du lịch phối hợp với Ban Tuyên giáo",
                false,
                &["Sở Văn hóa, Thể thao và Du lịch"],
            ),
            (
                "Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan căn cứ Kế hoạch này",
                false,
                &[
                    "Các Sở, ban, ngành",
                    "UBND xã, phường",
                    "các cơ quan, tổ chức có liên quan",
                ],
            ),
            (
                "Liên đoàn Lao động, Hội Nông dân, Liên minh Hợp tác xã",
                true,
                &["Liên đoàn Lao động", "Hội Nông dân", "Liên minh Hợp tác xã"],
            ),
            (
                "Báo và Phát thanh, Truyền hình tỉnh và các cơ quan báo chí đóng trên địa bàn",
                true,
                &[
                    "Báo và Phát thanh, Truyền hình tỉnh",
                    "các cơ quan báo chí đóng trên địa bàn",
                ],
            ),
            (
                "Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội phát huy mạnh mẽ",
                false,
                &[
                    "Ủy ban Mặt trận Tổ quốc tỉnh",
                    "các tổ chức chính trị-xã hội",
                ],
            ),
            ("Tư pháp", true, &["Tư pháp"]),
            ("Thời gian thực hiện", true, &[]),
            ("Trách nhiệm thực hiện", true, &[]),
            (
                "Đề nghị Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng và Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh, Thuế tỉnh tăng cường",
                false,
                &[
                    "Văn phòng Tỉnh ủy",
                    "các Ban Xây dựng Đảng",
                    "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",
                    "Thuế tỉnh",
                ],
            ),
            (
                "Tăng cường sự lãnh đạo của cấp ủy, tổ chức đảng",
                false,
                &[],
            ),
            (
                "Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp",
                true,
                &["Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp"],
            ),
        ];
        for (phrase, whole, want) in cases {
            assert_eq!(names_in(phrase, *whole), *want, "{phrase}");
        }
    }

    #[test]
    fn items_join_wrapped_headings() {
        let cases: &[(&str, &str, bool)] = &[
            ("**2. Sở Tài\nchính**\n\nChủ trì", "Sở Tài chính", true),
            (
                "**8. Ngân hàng Nhà nước Việt\nNam - Chi nhánh Khu vực II:** Chủ trì",
                "Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II",
                true,
            ),
            (
                "**1. **Các cơ quan, đơn vị,\nđịa phương xây dựng Kế hoạch",
                "Các cơ quan, đơn vị, địa phương xây dựng Kế hoạch",
                false,
            ),
            ("1. Phòng Nội vụ:\nChủ trì", "Phòng Nội vụ", true),
            ("2. Tư pháp\n\nXây dựng kế hoạch", "Tư pháp", true),
            (
                "1. Sở Khoa học và Công nghệ\ntheo dõi, đôn đốc các Sở, ban, ngành triển khai \
                 thực hiện nhiệm vụ được nêu trong Kế hoạch theo đúng tiến độ.",
                "Sở Khoa học và Công nghệ theo dõi, đôn đốc các Sở, ban, ngành triển khai \
                 thực hiện nhiệm vụ được nêu trong Kế hoạch theo đúng tiến độ.",
                false,
            ),
        ];
        for (text, raw, whole) in cases {
            let got = item_source(&paragraph_at(text, 0));
            assert_eq!((got.raw.as_str(), got.whole), (*raw, *whole), "{text}");
        }
    }

    #[test]
    fn reads_wrapped_fields() {
        let text = "*Đơn vị chủ trì tham mưu thực\nhiện: *Sở Tư\npháp.\n\n*Đơn vị phối hợp: *Sở\nTư pháp; các cơ quan, đơn vị, địa phương liên quan.\n\n*Thời gian thực hiện: *Thường\nxuyên.";
        let got: Vec<String> = fields(text).into_iter().map(|n| n.raw).collect();
        assert_eq!(
            got,
            [
                "Sở Tư pháp",
                "Sở Tư pháp",
                "các cơ quan, đơn vị, địa phương liên quan"
            ]
        );
    }

    #[test]
    fn cells_name_units_without_their_duty_or_reference() {
        let names = |c: &str| -> Vec<String> { cell_names(c).into_iter().map(|n| n.raw).collect() };
        assert_eq!(
            names("Sở Nội vụ; Các phòng, ban chuyên môn; UBND các xã, thị trấn"),
            [
                "Sở Nội vụ",
                "Các phòng, ban chuyên môn",
                "UBND các xã, thị trấn"
            ]
        );
        assert_eq!(names("Sở Y tế chủ trì tổng hợp, báo cáo"), ["Sở Y tế"]);
        assert_eq!(
            names("Các đơn vị được giao tại khoản 2, mục IV"),
            ["Các đơn vị được giao"]
        );
        assert_eq!(names("Sở Xây dựng thúc đẩy, theo dõi"), ["Sở Xây dựng"]);
        // A group row's title is not a unit.
        assert!(names("Hạ tầng và dữ liệu").is_empty());
    }

    #[test]
    fn collectives_are_one() {
        let cases = [
            ("UBND cấp xã", "UBND các xã, phường", true),
            (
                "Các cơ quan, đơn vị có liên quan",
                "Các cơ quan, đơn vị",
                true,
            ),
            ("Sở Tư pháp", "Sở Tài chính", false),
            (
                "Các sở, ban, ngành",
                "Các sở, ban, ngành, đoàn thể cấp tỉnh",
                false,
            ),
        ];
        for (a, b, same) in cases {
            assert_eq!(collective_key(a) == collective_key(b), same, "{a} / {b}");
        }
    }
}
