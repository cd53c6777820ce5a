//! Sentences of the generated plans: templates written for this generator (with
//! slots for the topic phrase, place, year, unit and issuer) and, when a corpus of
//! real plans is at hand, sentences learned from it at generation time (read in
//! place, never written anywhere but into the generated plans).
//!
//! Slots: `{TP}` topic key phrase, `{PLACE}` "xã …"/"huyện …"/"tỉnh …", `{Y}` year,
//! `{UNIT}` a unit, `{ISSUER}` the issuer's short name ("UBND huyện").

use std::collections::HashSet;
use std::path::Path;

use plansearch::extract::quality::ocr_suspected;
use plansearch::text::read::read_plan_file;

/// "1. Mục đích" bullets.
pub const PURPOSE: &[&str] = &[
    "Tiếp tục quán triệt, triển khai đầy đủ các chủ trương của Đảng, chính sách, pháp luật của Nhà nước về {TP} đến cán bộ, công chức, viên chức và Nhân dân trên địa bàn {PLACE}.",
    "Nâng cao nhận thức, trách nhiệm của người đứng đầu các cơ quan, đơn vị trong việc thực hiện {TP}, coi đây là nhiệm vụ trọng tâm, thường xuyên của năm {Y}.",
    "Tạo sự chuyển biến rõ nét về chất lượng phục vụ người dân, doanh nghiệp; góp phần cải thiện các chỉ số đánh giá của {PLACE} trong năm {Y}.",
    "Huy động sự tham gia của cả hệ thống chính trị, các tổ chức đoàn thể và người dân vào công tác {TP}, bảo đảm thiết thực, hiệu quả.",
    "Xác định cụ thể nội dung, thời gian và trách nhiệm của từng cơ quan, đơn vị để tổ chức triển khai kế hoạch đồng bộ, thống nhất.",
    "Phát hiện, nhân rộng các mô hình hay, cách làm sáng tạo; kịp thời chấn chỉnh những hạn chế, tồn tại trong thực thi công vụ.",
    "Đẩy mạnh ứng dụng công nghệ số trong hoạt động của cơ quan nhà nước, hướng tới nền hành chính phục vụ, chuyên nghiệp, minh bạch.",
    "Góp phần thực hiện thắng lợi các mục tiêu phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh của {PLACE} năm {Y}.",
];

/// "2. Yêu cầu" bullets.
pub const REQUIREMENT: &[&str] = &[
    "Việc triển khai phải bám sát chỉ đạo của cấp trên, phù hợp với điều kiện thực tế của {PLACE}, có trọng tâm, trọng điểm.",
    "Các cơ quan, đơn vị chủ động xây dựng kế hoạch chi tiết, phân công rõ người, rõ việc, rõ thời gian hoàn thành và kết quả cần đạt.",
    "Nội dung tuyên truyền ngắn gọn, dễ hiểu, phù hợp với từng nhóm đối tượng; hình thức đa dạng, sinh động, tránh hình thức, lãng phí.",
    "Gắn việc thực hiện kế hoạch với đánh giá, xếp loại chất lượng tập thể, cá nhân và bình xét thi đua, khen thưởng cuối năm.",
    "Thường xuyên kiểm tra, đôn đốc, kịp thời tháo gỡ khó khăn, vướng mắc phát sinh trong quá trình tổ chức thực hiện.",
    "Bảo đảm sự phối hợp chặt chẽ giữa các cơ quan chuyên môn, các tổ chức chính trị - xã hội và {ISSUER} trong triển khai nhiệm vụ.",
    "Định kỳ báo cáo kết quả thực hiện về {ISSUER} đúng thời gian quy định để tổng hợp, báo cáo cấp trên.",
];

/// Task bullets, each about the topic of its task.
pub const TASK: &[&str] = &[
    "Tổ chức quán triệt, phổ biến các văn bản mới về {TP} đến toàn thể cán bộ, công chức, viên chức của cơ quan, đơn vị.",
    "Rà soát, đánh giá kết quả thực hiện {TP} năm trước, chỉ rõ nguyên nhân của những hạn chế để đề ra giải pháp khắc phục trong năm {Y}.",
    "Xây dựng chuyên mục về {TP} trên cổng thông tin điện tử và hệ thống truyền thanh cơ sở, cập nhật tin bài ít nhất mỗi tháng một lần.",
    "Lồng ghép nội dung {TP} vào các hội nghị, buổi sinh hoạt của chi bộ, đoàn thể và các cuộc họp thôn, tổ dân phố.",
    "Bố trí cán bộ có năng lực, am hiểu chuyên môn theo dõi, hướng dẫn việc thực hiện {TP} tại {PLACE}.",
    "Tăng cường kiểm tra việc thực hiện {TP} tại các cơ quan, đơn vị; xử lý nghiêm các trường hợp gây phiền hà, sách nhiễu người dân.",
    "Tiếp nhận, xử lý kịp thời các phản ánh, kiến nghị của người dân, doanh nghiệp liên quan đến {TP}.",
    "Biên soạn tài liệu hỏi - đáp, tờ rơi, áp phích về {TP} và cấp phát đến các thôn, bản, khu dân cư.",
    "Phấn đấu đến hết năm {Y}, tỷ lệ hồ sơ được giải quyết đúng hạn đạt trên 98%; công khai kết quả trên cổng thông tin của {PLACE}.",
    "Tổ chức sơ kết, đánh giá việc thực hiện {TP}; biểu dương, khen thưởng kịp thời tập thể, cá nhân có thành tích xuất sắc.",
    "Phối hợp với các cơ quan báo chí xây dựng phóng sự, tin bài phản ánh kết quả thực hiện {TP} trên địa bàn.",
    "Cử cán bộ, công chức tham gia các lớp tập huấn chuyên sâu về {TP} do cấp trên tổ chức.",
    "Hướng dẫn người dân sử dụng tài khoản định danh điện tử khi thực hiện các nội dung liên quan đến {TP}.",
    "Đưa chỉ tiêu về {TP} vào chương trình công tác năm {Y} của {ISSUER} và theo dõi, đánh giá hằng quý.",
    "Khảo sát ý kiến người dân, tổ chức về chất lượng thực hiện {TP}, làm cơ sở điều chỉnh giải pháp cho phù hợp.",
    "Bảo đảm cơ sở vật chất, trang thiết bị phục vụ việc thực hiện {TP}, ưu tiên bố trí kinh phí cho các nhiệm vụ trọng tâm.",
];

/// Duties of a unit in "Tổ chức thực hiện".
pub const DUTY: &[&str] = &[
    "Chủ trì, phối hợp với các cơ quan, đơn vị liên quan triển khai thực hiện các nội dung của Kế hoạch này; tham mưu {ISSUER} theo dõi, đôn đốc việc thực hiện.",
    "Căn cứ chức năng, nhiệm vụ được giao, chủ động xây dựng kế hoạch triển khai {TP} tại đơn vị, bảo đảm đúng tiến độ.",
    "Tổng hợp kết quả thực hiện, báo cáo {ISSUER} trước ngày 15 tháng 12 năm {Y}.",
    "Phối hợp tuyên truyền sâu rộng về {TP} trong đoàn viên, hội viên và Nhân dân.",
    "Tham mưu bố trí kinh phí thực hiện Kế hoạch từ nguồn ngân sách được giao năm {Y} theo quy định.",
    "Thực hiện tốt việc tiếp nhận, giải quyết hồ sơ của người dân, doanh nghiệp; niêm yết đầy đủ, kịp thời các nội dung theo quy định.",
    "Theo dõi, kiểm tra việc thực hiện {TP} tại các cơ quan, đơn vị và báo cáo kết quả về {ISSUER}.",
    "Xây dựng tin, bài, phóng sự tuyên truyền về {TP}, phát trên sóng truyền thanh ít nhất hai lần mỗi tuần.",
    "Phối hợp với {UNIT} hướng dẫn, kiểm tra các cơ quan, đơn vị trong quá trình thực hiện; đề xuất biện pháp xử lý những trường hợp chậm trễ.",
];

/// "Kinh phí" paragraphs.
pub const FUNDING: &[&str] = &[
    "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước giao cho các cơ quan, đơn vị trong dự toán năm {Y} và các nguồn hợp pháp khác theo quy định.",
    "Các cơ quan, đơn vị sử dụng kinh phí được giao trong dự toán hằng năm để thực hiện; việc quản lý, sử dụng, thanh quyết toán thực hiện theo quy định hiện hành.",
    "Giao cơ quan tài chính cùng cấp thẩm định, tham mưu bố trí kinh phí thực hiện Kế hoạch theo khả năng cân đối ngân sách của {PLACE}.",
];

/// Closing paragraphs.
pub const CLOSING: &[&str] = &[
    "Trên đây là Kế hoạch {TP} năm {Y} của {ISSUER}. Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện; trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời phản ánh về {ISSUER} để xem xét, giải quyết./.",
    "Yêu cầu thủ trưởng các cơ quan, đơn vị có liên quan căn cứ Kế hoạch này tổ chức thực hiện, định kỳ báo cáo kết quả về {ISSUER} theo quy định./.",
];

/// Title patterns: `{T}` is the topic label in lower case.
pub const TITLES: &[&str] = &[
    "Tuyên truyền về {T}",
    "Triển khai thực hiện {T}",
    "Nâng cao hiệu quả {T}",
    "Thực hiện công tác {T}",
    "Kiểm tra, đánh giá {T}",
];

/// Fills the slots of a template into `out`.
pub fn fill(template: &str, slots: &Slots, out: &mut String) {
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(j) = after.find('}') else {
            out.push_str(after);
            return;
        };
        match &after[1..j] {
            "TP" => out.push_str(slots.topic),
            "PLACE" => out.push_str(slots.place),
            "Y" => out.push_str(slots.year),
            "UNIT" => out.push_str(slots.unit),
            "ISSUER" => out.push_str(slots.issuer),
            "T" => out.push_str(slots.topic),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[j + 1..];
    }
    out.push_str(rest);
}

/// Values of the slots.
pub struct Slots<'a> {
    pub topic: &'a str,
    pub place: &'a str,
    pub year: &'a str,
    pub unit: &'a str,
    pub issuer: &'a str,
}

/// Sentences learned from real plans.
#[derive(Default)]
pub struct Bank {
    pub sentences: Vec<String>,
    pub files: usize,
}

/// Words after which a capitalized word is a place name: sentences naming a place
/// would contradict the generated plan's own place, so they are left out.
const PLACE_WORDS: &[&str] = &[
    "tỉnh",
    "huyện",
    "xã",
    "phố",
    "quận",
    "phường",
    "trấn",
    "thị",
];

/// Whether a sentence is usable anywhere: no numbers (document numbers and dates
/// belong to the generated plan's facts), no place names, no markup.
fn usable(s: &str) -> bool {
    if s.len() < 60 || s.len() > 360 {
        return false;
    }
    if s.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, '/' | '|' | '*' | '#' | '_' | '[' | ']' | '<' | '>')
    }) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if !first.is_uppercase() {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words
        .iter()
        .filter(|w| w.chars().all(|c| !c.is_lowercase()))
        .count()
        * 3
        > words.len()
    {
        return false;
    }
    !words.windows(2).any(|w| {
        PLACE_WORDS.contains(&w[0].to_lowercase().as_str())
            && w[1].chars().next().is_some_and(char::is_uppercase)
    })
}

impl Bank {
    /// Learns sentences from the clean plans under `dirs` (files read in place, in
    /// name order, so the bank and therefore the corpus are deterministic).
    pub fn learn(dirs: &[&Path]) -> Bank {
        let mut bank = Bank::default();
        let mut seen = HashSet::new();
        for dir in dirs {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            paths.sort();
            for p in paths {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !matches!(ext, "txt" | "md") {
                    continue;
                }
                let Ok(text) = read_plan_file(&p) else {
                    continue;
                };
                if ocr_suspected(&text) {
                    continue;
                }
                bank.files += 1;
                for para in text.split("\n\n") {
                    let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
                    let para = para.trim_start_matches(['-', '+', '•', ' ']);
                    for s in split_sentences(para) {
                        if usable(s) && seen.insert(s.to_string()) {
                            bank.sentences.push(s.to_string());
                        }
                    }
                }
            }
        }
        bank
    }
}

/// Sentences of a paragraph: cut after `;` or `.` followed by a space.
fn split_sentences(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = p.as_bytes();
    for i in 0..b.len() {
        if (b[i] == b';' || b[i] == b'.') && b.get(i + 1) == Some(&b' ') {
            out.push(p[start..=i].trim());
            start = i + 2;
        }
    }
    if start < p.len() {
        out.push(p[start..].trim());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_slots() {
        let slots = Slots {
            topic: "một cửa",
            place: "xã A",
            year: "2024",
            unit: "Phòng Nội vụ",
            issuer: "UBND xã",
        };
        let mut out = String::new();
        fill("{TP} tại {PLACE} năm {Y}, {ISSUER} {X}", &slots, &mut out);
        assert_eq!(out, "một cửa tại xã A năm 2024, UBND xã {X}");
    }

    #[test]
    fn keeps_only_neutral_sentences() {
        assert!(usable(
            "Tăng cường công tác tuyên truyền, phổ biến các chủ trương của Đảng đến cán bộ và Nhân dân."
        ));
        assert!(!usable(
            "Thực hiện Nghị định số 61/2018/NĐ-CP của Chính phủ về cơ chế một cửa, một cửa liên thông."
        ));
        assert!(!usable(
            "Nâng cao chất lượng phục vụ người dân trên địa bàn tỉnh Quảng Trị trong thời gian tới."
        ));
    }
}
