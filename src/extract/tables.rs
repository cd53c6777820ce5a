//! Appendix tables as the corpus's conversions write them: one cell per run of lines,
//! a line holding only "|" after each cell, and a row opened by its own "|" line (so
//! an empty chunk between two separators is a row boundary or an empty cell). The
//! display text ([`crate::text::markdown::to_plain`]) keeps that shape with each
//! "|" line made blank, so a blank line separates too. Plans list who does each task
//! in such tables ("Đơn vị chủ trì" / "Cơ quan phối hợp" columns); [`role_cells`]
//! gives those cells' text for the unit reader.

use super::fuzzy;

/// Text of the separated chunks of `text`: the lines between two consecutive
/// separators ("|" or blank lines), joined by single spaces (empty for two adjacent
/// separators).
fn chunks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<&str>> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t == "|" {
            if let Some(c) = cur.take() {
                out.push(c.join(" ").split_whitespace().collect::<Vec<_>>().join(" "));
            }
            cur = Some(Vec::new());
        } else if let Some(c) = cur.as_mut() {
            c.push(t);
        }
    }
    out
}

/// A cell without its markdown emphasis.
fn plain(cell: &str) -> String {
    cell.replace('*', "").trim().to_string()
}

/// Whether a header cell names a column of responsible units.
fn is_role_header(cell: &str) -> bool {
    let k = fuzzy::key(&plain(cell), false);
    if k.split(' ').count() > 8 {
        return false;
    }
    let head = k.starts_with("co quan") || k.starts_with("don vi");
    (head && (k.contains("chu tri") || k.contains("phoi hop") || k.contains("thuc hien")))
        || k == "chu tri"
        || k == "phoi hop"
}

/// Whether a header cell is the row-number column ("STT", "TT", "Số TT").
fn is_number_header(cell: &str) -> bool {
    // Every chunk of the text is asked: a paragraph is not folded to learn it is not
    // "STT".
    cell.len() <= 32
        && matches!(
            fuzzy::key(&plain(cell), false).as_str(),
            "stt" | "tt" | "so tt"
        )
}

/// Whether a cell is a body row's number as written ("1", "2.3", "12."); in markdown
/// a bold number opens a group row whose cells are merged.
fn is_row_number(cell: &str) -> bool {
    let c = cell.trim().trim_end_matches('.');
    !c.is_empty()
        && !cell.contains('*')
        && c.split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Cells of the responsible-unit columns of every table in `text` whose header row
/// opens with a row-number column. A body row is read only when it is whole: it
/// opens with a plain row number after a row boundary and has as many cells as the
/// header, ending at the next boundary (merged group rows are skipped).
pub fn role_cells(text: &str) -> Vec<String> {
    let cells = chunks(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        if !is_number_header(&cells[i]) {
            i += 1;
            continue;
        }
        let n = cells[i..].iter().take_while(|c| !c.is_empty()).count();
        let roles: Vec<usize> = (0..n).filter(|&j| is_role_header(&cells[i + j])).collect();
        if roles.is_empty() {
            i += n.max(1);
            continue;
        }
        let mut r = i + n;
        while r < cells.len() {
            if is_number_header(&cells[r]) {
                break;
            }
            let whole = cells[r - 1].is_empty()
                && is_row_number(&cells[r])
                && cells.get(r + n).is_none_or(String::is_empty);
            if whole && r + n <= cells.len() {
                for &j in &roles {
                    let c = &cells[r + j];
                    if !c.is_empty() && !c.contains("**") {
                        out.push(plain(c));
                    }
                }
                r += n;
            } else {
                r += 1;
            }
        }
        i = r;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_role_columns_of_whole_rows() {
        // (table text, expected role cells)
        let cases: &[(&str, &[&str])] = &[
            (
                // Two role columns, a wrapped cell, a merged group row, an empty cell.
                "Lời dẫn\n\n|\n**STT**\n|\n**Việc cần làm**\n|\n**Cơ quan chủ trì**\n|\n\
                 **Cơ quan phối hợp**\n|\n**Thời hạn**\n|\n|\n**A**\n|\n**Nhóm việc**\n|\n|\n\
                 1\n|\nLập danh sách\n|\nSở Văn hóa,\nThể thao và Du lịch\n|\nCác sở, ngành; \
                 UBND các xã\n|\n2026\n|\n|\n2.1\n|\nKiểm tra\n|\nSở Nội vụ\n|\n|\nQuý I\n|\n",
                &[
                    "Sở Văn hóa, Thể thao và Du lịch",
                    "Các sở, ngành; UBND các xã",
                    "Sở Nội vụ",
                ],
            ),
            (
                // "Đơn vị thực hiện" heads the column; the last row has no trailing row.
                "|\n**TT**\n|\n**Chỉ tiêu**\n|\n**Đơn vị thực hiện**\n|\n|\n3\n|\nĐạt 90%\n|\n\
                 Công an tỉnh\n|\n",
                &["Công an tỉnh"],
            ),
            (
                // No role column: nothing is read.
                "|\n**STT**\n|\n**Tiêu chí**\n|\n**Điểm**\n|\n|\n1\n|\nSở Y tế\n|\n20\n|\n",
                &[],
            ),
            (
                // A bold row number opens a group row: its cells are not units.
                "|\n**TT**\n|\n**Nội dung**\n|\n**Chủ trì**\n|\n|\n**2**\n|\n**Thương mại**\n|\n\
                 **Ghi chú**\n|\n",
                &[],
            ),
            (
                // The display text: each "|" line made blank, emphasis gone.
                "Lời dẫn\n\n\nTT\n\nViệc\n\nĐơn vị phối hợp\n\n\n1\n\nHọp\n\nSở Tư\npháp\n\n\n\
                 Đoạn văn sau bảng.\n",
                &["Sở Tư pháp"],
            ),
            ("Không có bảng nào ở đây.\n\nMột đoạn nữa.\n", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(role_cells(text), *want, "{text}");
        }
    }
}
