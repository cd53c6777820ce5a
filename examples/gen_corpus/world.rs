//! What the generated plans talk about: places (data/gazetteer.tsv), topics
//! (data/topics.tsv), units (data/units.tsv), acronyms (data/acronyms.tsv), the OCR
//! channel (data/ocr_confusions.tsv), national documents to cite and people's names.
//! Data files come through `plansearch::resources`, so `PLANSEARCH_DATA_DIR` applies.

use std::collections::HashMap;

use plansearch::resources::{load, tsv_rows};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A province in one era of the administrative map.
#[derive(Debug, Clone)]
pub struct Province {
    pub name: String,
    /// "tỉnh" or "thành phố".
    pub kind: String,
    /// Indices into [`World::districts`] (era 2024 only).
    pub districts: Vec<usize>,
    /// Indices into [`World::communes`].
    pub communes: Vec<usize>,
}

/// A district (era 2024).
#[derive(Debug, Clone)]
pub struct District {
    pub name: String,
    /// "huyện", "quận", "thị xã", "thành phố".
    pub kind: String,
    pub communes: Vec<usize>,
}

/// A commune, ward or town.
#[derive(Debug, Clone)]
pub struct Commune {
    pub name: String,
    /// "xã", "phường", "thị trấn".
    pub kind: String,
    pub district: Option<usize>,
}

/// A topic and the phrase every plan tagged with it contains.
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub label: String,
    /// The first alias that is a plain phrase (no acronym), always written in the
    /// plans that have this topic: recall is measured with it.
    pub key_phrase: String,
    /// Aliases that are acronyms or short forms, used now and then instead.
    pub acronyms: Vec<String>,
}

/// A document plans cite.
#[derive(Debug, Clone)]
pub struct CitedDoc {
    pub kind: &'static str,
    pub number: &'static str,
    /// `YYYY-MM-DD`.
    pub date: &'static str,
    pub issuer: &'static str,
    pub subject: &'static str,
    /// Topic the document is about ("" for general).
    pub topic: &'static str,
}

/// One printed alternative of a letter and its probability.
pub type Emission = (String, f64);

/// Everything loaded once.
pub struct World {
    /// Provinces by era: `[era 2024, era 2025]`.
    pub provinces: [Vec<Province>; 2],
    pub districts: Vec<District>,
    pub communes: Vec<Commune>,
    pub topics: Vec<Topic>,
    pub units: Vec<String>,
    /// Acronym and (multi-word) expansion, longest expansion first.
    pub acronyms: Vec<(String, String)>,
    /// First word of an expansion → indices into `acronyms` (longest first).
    pub acronym_starts: HashMap<String, Vec<usize>>,
    /// Per character below [`TABLE_CHARS`]: index into `ocr_list` (what OCR prints for
    /// a lower-case letter, with probabilities) of the emissions of its lower case (`u16::MAX`: none) and the letter without diacritics (same
    /// case). Lookups per character of 1.5 GB of text must be cheap.
    pub ocr_ix: Vec<u16>,
    pub ocr_list: Vec<Vec<Emission>>,
    pub stripped: Vec<char>,
}

/// Characters covered by the lookup tables (Vietnamese letters end at U+1EF9).
pub const TABLE_CHARS: usize = 0x1F00;

impl World {
    pub fn load() -> World {
        let (provinces, districts, communes) = places();
        let mut acronyms: Vec<(String, String)> = tsv_rows(&load("acronyms.tsv"))
            .filter(|r| r.len() >= 2 && r[1].contains(' '))
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        // Longest expansions first, so `cán bộ, công chức, viên chức` wins over
        // `cán bộ, công chức`.
        acronyms.sort_by_key(|(_, long)| std::cmp::Reverse(long.len()));
        let mut acronym_starts: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, (_, long)) in acronyms.iter().enumerate() {
            let first = long.split([' ', ',']).next().unwrap_or("");
            acronym_starts.entry(first.to_string()).or_default().push(k);
        }
        World {
            provinces,
            districts,
            communes,
            topics: topics(),
            units: tsv_rows(&load("units.tsv"))
                .filter_map(|r| r.first().map(|s| s.to_string()))
                .collect(),
            acronyms,
            acronym_starts,
            ocr_ix: Vec::new(),
            ocr_list: Vec::new(),
            stripped: Vec::new(),
        }
        .with_tables(ocr_channel())
    }

    fn with_tables(mut self, ocr: HashMap<char, Vec<Emission>>) -> World {
        let mut keys: Vec<char> = ocr.keys().copied().collect();
        keys.sort();
        let mut ix = vec![u16::MAX; TABLE_CHARS];
        let mut stripped = Vec::with_capacity(TABLE_CHARS);
        for code in 0..TABLE_CHARS as u32 {
            let c = char::from_u32(code).unwrap_or(' ');
            let lower = c.to_lowercase().next().unwrap_or(c);
            if let Ok(k) = keys.binary_search(&lower) {
                ix[code as usize] = k as u16;
            }
            stripped.push(match c {
                'đ' => 'd',
                'Đ' => 'D',
                c => c.nfd().find(|d| !is_combining_mark(*d)).unwrap_or(c),
            });
        }
        self.ocr_list = keys.iter().map(|k| ocr[k].clone()).collect();
        self.ocr_ix = ix;
        self.stripped = stripped;
        self
    }

    /// Units a plan of `level` assigns duties to.
    pub fn units_for(&self, level: &str) -> Vec<&str> {
        let prefixes: &[&str] = match level {
            "xa" => &[
                "Công chức",
                "Đài Truyền thanh",
                "Ủy ban Mặt trận",
                "Đoàn Thanh niên",
                "Hội ",
                "Công an xã",
                "Bộ phận Tiếp nhận",
            ],
            "huyen" => &[
                "Phòng ",
                "Văn phòng HĐND",
                "Trung tâm Văn hóa",
                "Công an huyện",
                "Ủy ban Mặt trận",
                "Trung tâm Phục vụ",
            ],
            "tinh" => &[
                "Sở ",
                "Văn phòng UBND tỉnh",
                "Công an tỉnh",
                "Báo và Đài",
                "Trung tâm Phục vụ",
            ],
            _ => &["Sở ", "Văn phòng UBND tỉnh", "Trung tâm Phục vụ"],
        };
        self.units
            .iter()
            .filter(|u| prefixes.iter().any(|p| u.starts_with(p)))
            .map(String::as_str)
            .collect()
    }
}

fn places() -> ([Vec<Province>; 2], Vec<District>, Vec<Commune>) {
    let text = load("gazetteer.tsv");
    let mut provinces: [Vec<Province>; 2] = [Vec::new(), Vec::new()];
    let mut districts: Vec<District> = Vec::new();
    let mut communes: Vec<Commune> = Vec::new();
    // (era, province) → index; (province, district) → index (era 2024).
    let mut prov_ix: HashMap<(usize, String), usize> = HashMap::new();
    let mut dist_ix: HashMap<(String, String), usize> = HashMap::new();
    let rows: Vec<Vec<String>> = tsv_rows(&text)
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
    let era_of = |r: &[String]| usize::from(r.get(5).is_some_and(|e| e == "2025"));
    for kind in ["province", "district", "commune"] {
        for r in rows.iter().filter(|r| r.len() >= 6 && r[0] == kind) {
            let era = era_of(r);
            let (name, typ, district, province) = (&r[1], &r[2], &r[3], &r[4]);
            match kind {
                "province" => {
                    prov_ix.insert((era, name.clone()), provinces[era].len());
                    provinces[era].push(Province {
                        name: name.clone(),
                        kind: typ.clone(),
                        districts: Vec::new(),
                        communes: Vec::new(),
                    });
                }
                "district" => {
                    let Some(&p) = prov_ix.get(&(era, province.clone())) else {
                        continue;
                    };
                    dist_ix.insert((province.clone(), name.clone()), districts.len());
                    provinces[era][p].districts.push(districts.len());
                    districts.push(District {
                        name: name.clone(),
                        kind: typ.clone(),
                        communes: Vec::new(),
                    });
                }
                _ => {
                    let Some(&p) = prov_ix.get(&(era, province.clone())) else {
                        continue;
                    };
                    let d = if district.is_empty() {
                        None
                    } else {
                        dist_ix.get(&(province.clone(), district.clone())).copied()
                    };
                    if let Some(d) = d {
                        districts[d].communes.push(communes.len());
                    }
                    provinces[era][p].communes.push(communes.len());
                    communes.push(Commune {
                        name: name.clone(),
                        kind: typ.clone(),
                        district: d,
                    });
                }
            }
        }
    }
    (provinces, districts, communes)
}

/// Whether an alias is an acronym-like form (two capitals in a row).
fn has_acronym(s: &str) -> bool {
    let cs: Vec<char> = s.chars().collect();
    cs.windows(2)
        .any(|w| w[0].is_uppercase() && w[1].is_uppercase())
}

fn topics() -> Vec<Topic> {
    tsv_rows(&load("topics.tsv"))
        .filter(|r| r.len() >= 4)
        .map(|r| {
            let aliases: Vec<&str> = r[3].split(" | ").map(str::trim).collect();
            let key = aliases
                .iter()
                .find(|a| a.split_whitespace().count() >= 2 && !has_acronym(a))
                .copied()
                .unwrap_or(r[1]);
            Topic {
                id: r[0].to_string(),
                label: r[1].to_string(),
                key_phrase: key.to_string(),
                acronyms: aliases
                    .iter()
                    .filter(|a| has_acronym(a))
                    .map(|a| a.to_string())
                    .collect(),
            }
        })
        .collect()
}

/// The OCR channel: `P(printed | true)` from the costs (`-ln P`) of
/// data/ocr_confusions.tsv, renormalized per letter.
fn ocr_channel() -> HashMap<char, Vec<Emission>> {
    let mut out: HashMap<char, Vec<Emission>> = HashMap::new();
    for r in tsv_rows(&load("ocr_confusions.tsv")) {
        if r.len() < 4 || r[0] == "*" {
            continue;
        }
        let mut cs = r[0].chars();
        let (Some(c), None) = (cs.next(), cs.next()) else {
            continue;
        };
        let Ok(cost) = r[3].parse::<f64>() else {
            continue;
        };
        let printed = if r[1] == "∅" { "" } else { r[1] };
        out.entry(c)
            .or_default()
            .push((printed.to_string(), (-cost).exp()));
    }
    for em in out.values_mut() {
        let total: f64 = em.iter().map(|e| e.1).sum();
        for e in em.iter_mut() {
            e.1 /= total;
        }
    }
    out
}

/// National documents that plans cite (numbers in their normalized spelling), with
/// the topic they concern. Representative of what plans cite, not a legal reference.
pub const NATIONAL_DOCS: &[CitedDoc] = &[
    CitedDoc {
        kind: "Nghị quyết",
        number: "30c/NQ-CP",
        date: "2011-11-08",
        issuer: "Chính phủ",
        subject: "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020",
        topic: "",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "225/QĐ-TTg",
        date: "2016-02-04",
        issuer: "Thủ tướng Chính phủ",
        subject: "phê duyệt Kế hoạch cải cách hành chính nhà nước giai đoạn 2016 - 2020",
        topic: "",
    },
    CitedDoc {
        kind: "Nghị quyết",
        number: "76/NQ-CP",
        date: "2021-07-15",
        issuer: "Chính phủ",
        subject: "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
        topic: "",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "63/2010/NĐ-CP",
        date: "2010-06-08",
        issuer: "Chính phủ",
        subject: "kiểm soát thủ tục hành chính",
        topic: "administrative-procedures",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "48/2013/NĐ-CP",
        date: "2013-05-14",
        issuer: "Chính phủ",
        subject: "sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính",
        topic: "administrative-procedures",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "92/2017/NĐ-CP",
        date: "2017-08-07",
        issuer: "Chính phủ",
        subject: "sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính",
        topic: "administrative-procedures",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "61/2018/NĐ-CP",
        date: "2018-04-23",
        issuer: "Chính phủ",
        subject: "thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        topic: "one-stop-shop",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "107/2021/NĐ-CP",
        date: "2021-12-06",
        issuer: "Chính phủ",
        subject: "sửa đổi, bổ sung một số điều của Nghị định về thực hiện cơ chế một cửa, một cửa liên thông",
        topic: "one-stop-shop",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "468/QĐ-TTg",
        date: "2021-03-27",
        issuer: "Thủ tướng Chính phủ",
        subject: "phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông",
        topic: "one-stop-shop",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "45/2020/NĐ-CP",
        date: "2020-04-08",
        issuer: "Chính phủ",
        subject: "thực hiện thủ tục hành chính trên môi trường điện tử",
        topic: "online-public-services",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "42/2022/NĐ-CP",
        date: "2022-06-24",
        issuer: "Chính phủ",
        subject: "cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
        topic: "online-public-services",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "06/QĐ-TTg",
        date: "2022-01-06",
        issuer: "Thủ tướng Chính phủ",
        subject: "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia",
        topic: "project-06",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "749/QĐ-TTg",
        date: "2020-06-03",
        issuer: "Thủ tướng Chính phủ",
        subject: "phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030",
        topic: "digital-government",
    },
    CitedDoc {
        kind: "Nghị quyết",
        number: "17/NQ-CP",
        date: "2019-03-07",
        issuer: "Chính phủ",
        subject: "một số nhiệm vụ, giải pháp trọng tâm phát triển Chính phủ điện tử giai đoạn 2019 - 2020",
        topic: "digital-government",
    },
    CitedDoc {
        kind: "Nghị quyết",
        number: "57-NQ/TW",
        date: "2024-12-22",
        issuer: "Bộ Chính trị",
        subject: "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        topic: "digital-government",
    },
    CitedDoc {
        kind: "Nghị quyết",
        number: "18-NQ/TW",
        date: "2017-10-25",
        issuer: "Ban Chấp hành Trung ương",
        subject: "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
        topic: "organizational-reform",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "2640/QĐ-BNV",
        date: "2017-10-10",
        issuer: "Bộ Nội vụ",
        subject: "phê duyệt Đề án đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
        topic: "sipas",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "1847/QĐ-TTg",
        date: "2018-12-27",
        issuer: "Thủ tướng Chính phủ",
        subject: "phê duyệt Đề án văn hóa công vụ",
        topic: "civil-service-reform",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "30/2020/NĐ-CP",
        date: "2020-03-05",
        issuer: "Chính phủ",
        subject: "công tác văn thư",
        topic: "",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "09/2019/NĐ-CP",
        date: "2019-01-24",
        issuer: "Chính phủ",
        subject: "quy định về chế độ báo cáo của cơ quan hành chính nhà nước",
        topic: "",
    },
    CitedDoc {
        kind: "Thông tư",
        number: "01/2018/TT-VPCP",
        date: "2018-10-23",
        issuer: "Văn phòng Chính phủ",
        subject: "hướng dẫn thi hành một số quy định của Nghị định về thực hiện cơ chế một cửa, một cửa liên thông",
        topic: "one-stop-shop",
    },
    CitedDoc {
        kind: "Thông tư",
        number: "02/2017/TT-VPCP",
        date: "2017-10-31",
        issuer: "Văn phòng Chính phủ",
        subject: "hướng dẫn về nghiệp vụ kiểm soát thủ tục hành chính",
        topic: "administrative-procedures",
    },
    CitedDoc {
        kind: "Luật",
        number: "80/2015/QH13",
        date: "2015-06-22",
        issuer: "Quốc hội",
        subject: "Luật Ban hành văn bản quy phạm pháp luật",
        topic: "institutional-reform",
    },
    CitedDoc {
        kind: "Luật",
        number: "14/2012/QH13",
        date: "2012-06-20",
        issuer: "Quốc hội",
        subject: "Luật Phổ biến, giáo dục pháp luật",
        topic: "legal-education",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "19/2014/QĐ-TTg",
        date: "2014-03-05",
        issuer: "Thủ tướng Chính phủ",
        subject: "áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
        topic: "iso-9001",
    },
    CitedDoc {
        kind: "Nghị định",
        number: "101/2020/NĐ-CP",
        date: "2020-08-28",
        issuer: "Chính phủ",
        subject: "sửa đổi, bổ sung một số điều của Nghị định về đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
        topic: "training",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "45/2016/QĐ-TTg",
        date: "2016-10-19",
        issuer: "Thủ tướng Chính phủ",
        subject: "tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích",
        topic: "public-postal-service",
    },
    CitedDoc {
        kind: "Chỉ thị",
        number: "26/CT-TTg",
        date: "2016-09-05",
        issuer: "Thủ tướng Chính phủ",
        subject: "tăng cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các cấp",
        topic: "civil-service-reform",
    },
    CitedDoc {
        kind: "Nghị quyết",
        number: "02/NQ-CP",
        date: "2024-01-05",
        issuer: "Chính phủ",
        subject: "những nhiệm vụ, giải pháp chủ yếu cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh quốc gia",
        topic: "pci",
    },
    CitedDoc {
        kind: "Quyết định",
        number: "922/QĐ-TTg",
        date: "2022-08-02",
        issuer: "Thủ tướng Chính phủ",
        subject: "phê duyệt Đề án đánh giá mức độ chuyển đổi số của các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và các tỉnh, thành phố",
        topic: "dti",
    },
];

/// Family names, middle names and given names of signers.
pub const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Mai",
];
pub const MIDDLES: &[&str] = &[
    "Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc", "Xuân", "Thành", "Công", "Đình",
    "Thu", "Kim", "Anh",
];
pub const GIVEN: &[&str] = &[
    "Hùng", "Lan", "Dũng", "Hạnh", "Tuấn", "Hương", "Bình", "Sơn", "Hải", "Mai", "Long", "Phúc",
    "Trang", "Nam", "Thảo", "Quang", "Hòa", "Vinh", "Đạt", "Khánh", "Nhung", "Lộc", "Tâm", "Yến",
    "Cường", "Thắng", "Hiếu", "Trung",
];

/// Provincial departments (for `so` plans) with their symbol.
pub const DEPARTMENTS: &[(&str, &str)] = &[
    ("Sở Nội vụ", "SNV"),
    ("Sở Thông tin và Truyền thông", "STTTT"),
    ("Sở Tư pháp", "STP"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Tài chính", "STC"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
];

/// Ministries (for `bo` plans) with their symbol.
pub const MINISTRIES: &[(&str, &str)] = &[
    ("Bộ Nội vụ", "BNV"),
    ("Bộ Tư pháp", "BTP"),
    ("Bộ Thông tin và Truyền thông", "BTTTT"),
    ("Bộ Tài chính", "BTC"),
    ("Bộ Khoa học và Công nghệ", "BKHCN"),
];

/// Units of a ministry (for `bo` plans).
pub const MINISTRY_UNITS: &[&str] = &[
    "Văn phòng Bộ",
    "Vụ Tổ chức cán bộ",
    "Vụ Pháp chế",
    "Vụ Kế hoạch - Tài chính",
    "Trung tâm Thông tin",
    "Thanh tra Bộ",
];

/// Units of a provincial department (for `so` plans).
pub const DEPARTMENT_UNITS: &[&str] = &[
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Tổ chức cán bộ",
    "Trung tâm Phục vụ hành chính công",
    "Các đơn vị sự nghiệp trực thuộc Sở",
];
