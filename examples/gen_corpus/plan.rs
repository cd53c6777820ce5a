//! One generated plan: its facts (the ground truth) and its structure as blocks, the
//! way real plans are laid out: header (issuer, national motto, number, place and
//! date), "KẾ HOẠCH" and title, preamble citing its basis ("Căn cứ …", "Thực hiện
//! …"), sections I–IV (purpose and requirements, tasks, funding, organisation with
//! each unit's duties), recipients ("Nơi nhận") and signature.

use super::phrases::{self, Bank, Slots};
use super::rng::Rng;
use super::world::{
    DEPARTMENT_UNITS, DEPARTMENTS, GIVEN, MIDDLES, MINISTRIES, MINISTRY_UNITS, NATIONAL_DOCS,
};
use super::world::{SURNAMES, World};

/// How a plan's text arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Clean NFC plain text.
    Text,
    /// Markdown as converted from HTML (bold, sometimes hard-wrapped).
    Markdown,
    /// Clean text in NFD (combining marks).
    Nfd,
    /// Typed without diacritics.
    NoDiacritics,
    /// OCR output: letters mangled through the confusion channel, columns merged.
    Ocr,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::Text => "text",
            Form::Markdown => "markdown",
            Form::Nfd => "nfd",
            Form::NoDiacritics => "nodiac",
            Form::Ocr => "ocr",
        }
    }

    /// Shares of the forms in the corpus.
    const SHARES: [(Form, f64); 5] = [
        (Form::Text, 0.35),
        (Form::Markdown, 0.25),
        (Form::Nfd, 0.10),
        (Form::NoDiacritics, 0.15),
        (Form::Ocr, 0.15),
    ];
}

/// A piece of a plan's layout.
#[derive(Debug, Clone)]
pub enum Block {
    /// Issuer lines (left column) and the national motto (right column).
    Header {
        left: Vec<String>,
        right: Vec<String>,
    },
    /// "Số: …" and the place-and-date line.
    NumberDate {
        number: String,
        date: String,
    },
    /// "KẾ HOẠCH".
    Kind,
    Title(String),
    Para(String),
    /// Section heading: level 1 ("I. …", upper case) or 2 ("1. …").
    Heading(u8, String),
    Bullet(String),
    Recipients(Vec<String>),
    Signature {
        lines: Vec<String>,
        name: String,
    },
}

/// A generated plan.
pub struct Plan {
    pub id: String,
    pub form: Form,
    pub year: i32,
    /// `YYYY-MM-DD`.
    pub issued: String,
    pub province: Option<String>,
    pub district: Option<String>,
    pub level: &'static str,
    pub doc_number: String,
    pub title: String,
    /// Topic ids.
    pub topics: Vec<String>,
    /// Normalized numbers of every cited document.
    pub cited: Vec<String>,
    pub units: Vec<String>,
    pub blocks: Vec<Block>,
    /// OCR intensity (share of letters sent through the channel).
    pub ocr_intensity: f64,
}

/// Level shares: commune, district, province, department, ministry.
const LEVELS: [(&str, f64); 5] = [
    ("xa", 0.35),
    ("huyen", 0.28),
    ("tinh", 0.17),
    ("so", 0.15),
    ("bo", 0.05),
];

fn upper(s: &str) -> String {
    s.to_uppercase()
}

fn cap_first(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_lowercase().chain(cs).collect(),
        None => String::new(),
    }
}

fn days_in(month: u32, year: i32) -> u32 {
    match month {
        2 if year % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A random date of `year` (month range inclusive).
fn date_in(r: &mut Rng, year: i32, months: (u32, u32)) -> (i32, u32, u32) {
    let m = r.range(months.0 as usize, months.1 as usize) as u32;
    let d = r.range(1, days_in(m, year) as usize) as u32;
    (year, m, d)
}

fn iso((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date as plans write it: "ngày 05 tháng 3 năm 2022" or "ngày 05/3/2022".
fn spoken(r: &mut Rng, (y, m, d): (i32, u32, u32)) -> String {
    if r.chance(0.5) {
        format!("ngày {d:02} tháng {m:02} năm {y}")
    } else {
        format!("ngày {d:02}/{m}/{y}")
    }
}

fn parse_iso(s: &str) -> (i32, u32, u32) {
    let p: Vec<&str> = s.split('-').collect();
    (
        p[0].parse().unwrap_or(2000),
        p[1].parse().unwrap_or(1),
        p[2].parse().unwrap_or(1),
    )
}

/// Writes the acronyms of data/acronyms.tsv in place of their expansions, as plans
/// do after the first mention (`cải cách hành chính` → `CCHC`). One pass over the
/// words, looking expansions up by their first word.
fn shorten(s: &str, world: &World) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let b = s.as_bytes();
    while i < s.len() {
        let at_word = i == 0 || b[i - 1] == b' ';
        if at_word {
            let end = s[i..].find([' ', ',']).map_or(s.len(), |e| i + e);
            if let Some(cands) = world.acronym_starts.get(&s[i..end])
                && let Some(&k) = cands
                    .iter()
                    .find(|&&k| s[i..].starts_with(&world.acronyms[k].1))
            {
                out.push_str(&world.acronyms[k].0);
                i += world.acronyms[k].1.len();
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// A document number as plan-metadata.md normalizes it: letters upper-cased except
/// the conventional `TTg` (`30c/NQ-CP` → `30C/NQ-CP`).
fn normalized(number: &str) -> String {
    number
        .split('-')
        .map(|seg| {
            seg.split('/')
                .map(|p| {
                    if p == "TTg" {
                        p.to_string()
                    } else {
                        p.to_uppercase()
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Composes plan `index`.
pub fn compose(world: &World, bank: &Bank, seed: u64, index: u64) -> Plan {
    let r = &mut Rng::for_plan(seed, index);
    let form_weights: Vec<f64> = Form::SHARES.iter().map(|s| s.1).collect();
    let form = Form::SHARES[r.weighted(&form_weights)].0;
    let year = r.range(2016, 2026) as i32;
    let title_has_year = r.chance(0.75);
    let issued = if title_has_year && r.chance(0.15) {
        date_in(r, year - 1, (12, 12))
    } else {
        date_in(r, year, (1, 12))
    };
    let era = usize::from(iso(issued).as_str() >= "2025-07-01");
    let level_weights: Vec<f64> = LEVELS.iter().map(|l| l.1).collect();
    let mut level = LEVELS[r.weighted(&level_weights)].0;
    if era == 1 && level == "huyen" {
        // Districts were abolished in the 2025 reorganisation.
        level = "xa";
    }

    // Place and issuer.
    let provinces = &world.provinces[era];
    let prov = &provinces[r.below(provinces.len())];
    let prov_full = format!("{} {}", prov.kind, prov.name);
    let mut district = None;
    let mut district_full: Option<String> = None;
    let mut province = Some(prov.name.clone());
    let (issuer, issuer_short, left, place_chain, date_place, symbol, signer_role);
    match level {
        "xa" => {
            let pool: Vec<usize> = if era == 0 {
                prov.communes
                    .iter()
                    .copied()
                    .filter(|&c| world.communes[c].district.is_some())
                    .collect()
            } else {
                prov.communes.clone()
            };
            let c = &world.communes[*r.pick(&pool)];
            let commune = format!("{} {}", c.kind, c.name);
            let mut l = vec!["ỦY BAN NHÂN DÂN".to_string(), upper(&commune)];
            let mut chain = commune.clone();
            if let Some(d) = c.district {
                let d = &world.districts[d];
                district = Some(d.name.clone());
                district_full = Some(format!("{} {}", d.kind, d.name));
                if r.chance(0.4) {
                    // "UBND HUYỆN …" above "UBND XÃ …".
                    l = vec![
                        format!("UBND {}", upper(&format!("{} {}", d.kind, d.name))),
                        format!("UBND {}", upper(&commune)),
                    ];
                }
                chain = format!("{chain}, {} {}", d.kind, d.name);
            }
            chain = format!("{chain}, {prov_full}");
            issuer = format!("UBND {commune}");
            issuer_short = format!("UBND {}", c.kind);
            left = l;
            place_chain = chain;
            date_place = c.name.clone();
            symbol = "UBND".to_string();
            signer_role = vec!["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"];
        }
        "huyen" => {
            let d = &world.districts[*r.pick(&prov.districts)];
            district = Some(d.name.clone());
            let dist = format!("{} {}", d.kind, d.name);
            issuer = format!("UBND {dist}");
            issuer_short = format!("UBND {}", d.kind);
            left = vec!["ỦY BAN NHÂN DÂN".to_string(), upper(&dist)];
            place_chain = format!("{dist}, {prov_full}");
            date_place = d.name.clone();
            symbol = "UBND".to_string();
            signer_role = vec!["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"];
        }
        "tinh" => {
            issuer = format!("UBND {prov_full}");
            issuer_short = format!("UBND {}", prov.kind);
            left = vec!["ỦY BAN NHÂN DÂN".to_string(), upper(&prov_full)];
            place_chain = prov_full.clone();
            date_place = prov.name.clone();
            symbol = "UBND".to_string();
            signer_role = vec!["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"];
        }
        "so" => {
            let (dep, sym) = *r.pick(DEPARTMENTS);
            issuer = format!("{dep} {prov_full}");
            issuer_short = "Sở".to_string();
            left = vec![format!("UBND {}", upper(&prov_full)), upper(dep)];
            place_chain = prov_full.clone();
            date_place = prov.name.clone();
            symbol = sym.to_string();
            signer_role = vec!["GIÁM ĐỐC"];
        }
        _ => {
            let (min, sym) = *r.pick(MINISTRIES);
            province = None;
            issuer = min.to_string();
            issuer_short = "Bộ".to_string();
            left = vec![upper(min)];
            place_chain = "các bộ, ngành và địa phương".to_string();
            date_place = "Hà Nội".to_string();
            symbol = sym.to_string();
            signer_role = vec!["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"];
        }
    }
    let place_short = match level {
        "bo" => "các cơ quan, đơn vị thuộc Bộ".to_string(),
        "so" | "tinh" => prov_full.clone(),
        _ => issuer.trim_start_matches("UBND ").to_string(),
    };

    // Topics: one to four, the first names the plan.
    let n_topics = r.weighted(&[0.35, 0.35, 0.2, 0.1]) + 1;
    let topic_ix = r.distinct(world.topics.len(), n_topics);
    let topics: Vec<&super::world::Topic> = topic_ix.iter().map(|&i| &world.topics[i]).collect();
    let main = topics[0];
    let year_s = year.to_string();
    let title = {
        let mut t = String::new();
        let pattern: &&str = r.pick(phrases::TITLES);
        let slots = Slots {
            topic: &lower_first(&main.label),
            place: "",
            year: "",
            unit: "",
            issuer: "",
        };
        phrases::fill(pattern, &slots, &mut t);
        if level != "bo" {
            t.push_str(" trên địa bàn ");
            t.push_str(&place_short);
        }
        if title_has_year {
            t.push_str(" năm ");
            t.push_str(&year_s);
        } else {
            let start = year - (year - 2016) % 5;
            t.push_str(&format!(" giai đoạn {start} - {}", start + 4));
        }
        t
    };
    let number = r.range(1, if level == "xa" { 250 } else { 999 });
    let doc_number = format!("{number}/KH-{symbol}");

    // Citations: national documents issued before the plan, preferring its topics,
    // and local ones from the level above.
    let issued_iso = iso(issued);
    let mut cited: Vec<String> = Vec::new();
    let mut basis: Vec<String> = Vec::new();
    let eligible: Vec<usize> = (0..NATIONAL_DOCS.len())
        .filter(|&i| NATIONAL_DOCS[i].date < issued_iso.as_str())
        .collect();
    let weights: Vec<f64> = eligible
        .iter()
        .map(|&i| {
            let t = NATIONAL_DOCS[i].topic;
            if t.is_empty() {
                1.0
            } else if topics.iter().any(|x| x.id == t) {
                6.0
            } else {
                0.15
            }
        })
        .collect();
    let n_national = r.range(1, 3).min(eligible.len());
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n_national {
        let i = eligible[r.weighted(&weights)];
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    for &i in &chosen {
        let d = &NATIONAL_DOCS[i];
        let lead = if r.chance(0.6) {
            "Căn cứ"
        } else {
            "Thực hiện"
        };
        let date = spoken(r, parse_iso(d.date));
        basis.push(format!(
            "{lead} {} số {} {date} của {} {} {};",
            d.kind,
            d.number,
            d.issuer,
            if d.kind == "Luật" {
                "ban hành"
            } else {
                "về"
            },
            d.subject
        ));
        cited.push(normalized(d.number));
    }
    // Local documents: the plan of the level above, and the issuer's own decision.
    let above = match level {
        "xa" => district_full
            .as_ref()
            .map_or_else(|| format!("UBND {prov_full}"), |d| format!("UBND {d}")),
        "huyen" | "so" => format!("UBND {prov_full}"),
        "tinh" => format!("HĐND {prov_full}"),
        _ => String::new(),
    };
    let local_date = |r: &mut Rng| {
        let (y, m, _) = issued;
        if m > 1 {
            date_in(r, y, (1, m - 1))
        } else {
            date_in(r, y - 1, (10, 12))
        }
    };
    if !above.is_empty() && r.chance(0.8) {
        let (kind, sym) = if level == "tinh" {
            ("Nghị quyết", "NQ-HĐND")
        } else {
            ("Kế hoạch", "KH-UBND")
        };
        let n = format!("{}/{sym}", r.range(1, 400));
        let date = local_date(r);
        let date = spoken(r, date);
        basis.push(format!(
            "Thực hiện {kind} số {n} {date} của {} về {} năm {year};",
            cap_first(&above),
            lower_first(&main.label)
        ));
        cited.push(n);
    }
    if level != "bo" && r.chance(0.5) {
        let n = format!("{}/QĐ-{symbol}", r.range(1, 3000));
        let date = local_date(r);
        let date = spoken(r, date);
        basis.push(format!(
            "Căn cứ Quyết định số {n} {date} của {issuer} về việc ban hành Kế hoạch cải cách hành chính năm {year};"
        ));
        cited.push(n);
    }

    // Units with duties.
    let unit_pool: Vec<&str> = match level {
        "bo" => MINISTRY_UNITS.to_vec(),
        "so" => DEPARTMENT_UNITS.to_vec(),
        _ => world.units_for(level),
    };
    let n_units = r.range(3, 7).min(unit_pool.len());
    let units: Vec<String> = r
        .distinct(unit_pool.len(), n_units)
        .into_iter()
        .map(|i| unit_pool[i].to_string())
        .collect();

    let uses_short = r.chance(0.6);
    // Plans range from two pages to a dozen: a length factor scales every list.
    let scale = [0.5, 0.75, 1.0, 1.25, 1.6, 2.2][r.weighted(&[0.12, 0.2, 0.28, 0.2, 0.12, 0.08])];
    let n = |r: &mut Rng, lo: usize, hi: usize| -> usize {
        ((r.range(lo, hi) as f64 * scale).round() as usize).max(1)
    };
    let mut blocks: Vec<Block> = Vec::new();
    blocks.push(Block::Header {
        left,
        right: vec![
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string(),
            "Độc lập - Tự do - Hạnh phúc".to_string(),
        ],
    });
    let date_line = {
        let (y, m, d) = issued;
        format!("{date_place}, ngày {d:02} tháng {m:02} năm {y}")
    };
    blocks.push(Block::NumberDate {
        number: format!("Số: {doc_number}"),
        date: date_line,
    });
    blocks.push(Block::Kind);
    blocks.push(Block::Title(title.clone()));
    for b in &basis {
        blocks.push(Block::Para(b.clone()));
    }
    blocks.push(Block::Para(format!(
        "{} ban hành Kế hoạch {} trên địa bàn {place_chain} năm {year} với các nội dung như sau:",
        cap_first(&issuer),
        lower_first(&main.label)
    )));

    let mut text = String::new();
    let unit_for_slot = units.first().cloned().unwrap_or_default();
    let mut sentence = |r: &mut Rng, templates: &[&str], topic: &str, learned: f64| -> String {
        text.clear();
        if !bank.sentences.is_empty() && r.chance(learned) {
            let learned: &String = r.pick(&bank.sentences);
            text.push_str(learned);
        } else {
            let slots = Slots {
                topic,
                place: &place_short,
                year: &year_s,
                unit: &unit_for_slot,
                issuer: &issuer_short,
            };
            let template: &&str = r.pick(templates);
            phrases::fill(template, &slots, &mut text);
        }
        if uses_short && r.chance(0.5) {
            shorten(&text, world)
        } else {
            text.clone()
        }
    };

    // I. Purpose and requirements.
    blocks.push(Block::Heading(1, "I. MỤC ĐÍCH, YÊU CẦU".to_string()));
    blocks.push(Block::Heading(2, "1. Mục đích".to_string()));
    for _ in 0..n(r, 4, 8) {
        let s = sentence(r, phrases::PURPOSE, &main.key_phrase, 0.5);
        blocks.push(Block::Bullet(s));
    }
    blocks.push(Block::Heading(2, "2. Yêu cầu".to_string()));
    for _ in 0..n(r, 3, 5) {
        let s = sentence(r, phrases::REQUIREMENT, &main.key_phrase, 0.5);
        blocks.push(Block::Bullet(s));
    }

    // II. Tasks, one per topic plus general ones.
    blocks.push(Block::Heading(1, "II. NHIỆM VỤ VÀ GIẢI PHÁP".to_string()));
    let n_tasks = topics.len() + n(r, 1, 3);
    for k in 0..n_tasks {
        let t = topics[k % topics.len()];
        let heading = if k < topics.len() {
            format!("{}. Về {}", k + 1, t.key_phrase)
        } else {
            format!("{}. Các nhiệm vụ khác", k + 1)
        };
        blocks.push(Block::Heading(2, heading));
        let phrase = if k >= topics.len() || t.acronyms.is_empty() || r.chance(0.6) {
            t.key_phrase.clone()
        } else {
            r.pick(&t.acronyms).clone()
        };
        for _ in 0..n(r, 6, 12) {
            let s = sentence(r, phrases::TASK, &phrase, 0.45);
            blocks.push(Block::Bullet(s));
        }
        // Now and then a task refers to a national document outside the basis.
        if r.chance(0.25) && !eligible.is_empty() {
            let d = &NATIONAL_DOCS[*r.pick(&eligible)];
            blocks.push(Block::Bullet(format!(
                "Thực hiện đúng các quy định tại {} số {} của {} về {}.",
                d.kind, d.number, d.issuer, d.subject
            )));
            if !cited.contains(&normalized(d.number)) {
                cited.push(normalized(d.number));
            }
        }
    }

    // III. Funding.
    blocks.push(Block::Heading(1, "III. KINH PHÍ THỰC HIỆN".to_string()));
    for _ in 0..r.range(1, 2) {
        let s = sentence(r, phrases::FUNDING, &main.key_phrase, 0.0);
        blocks.push(Block::Para(s));
    }

    // IV. Organisation.
    blocks.push(Block::Heading(1, "IV. TỔ CHỨC THỰC HIỆN".to_string()));
    for (k, u) in units.iter().enumerate() {
        blocks.push(Block::Heading(2, format!("{}. {u}", k + 1)));
        for _ in 0..n(r, 3, 5) {
            let t = topics[r.below(topics.len())];
            let s = sentence(r, phrases::DUTY, &t.key_phrase, 0.3);
            blocks.push(Block::Bullet(s));
        }
    }
    let closing = sentence(r, phrases::CLOSING, &lower_first(&main.label), 0.0);
    blocks.push(Block::Para(closing));

    let mut recipients = match level {
        "xa" => vec![
            "UBND huyện (b/c)",
            "TT Đảng ủy, HĐND xã",
            "CT, các PCT UBND xã",
        ],
        "huyen" => vec!["UBND tỉnh", "Sở Nội vụ", "TT Huyện ủy, HĐND huyện"],
        "tinh" => vec!["Bộ Nội vụ", "TT Tỉnh ủy, HĐND tỉnh", "Các sở, ban, ngành"],
        "so" => vec![
            "UBND tỉnh (b/c)",
            "Giám đốc, các PGĐ Sở",
            "Các phòng, đơn vị thuộc Sở",
        ],
        _ => vec![
            "Thủ tướng Chính phủ (b/c)",
            "Lãnh đạo Bộ",
            "Các đơn vị thuộc Bộ",
        ],
    }
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    recipients.push("Lưu: VT".to_string());
    blocks.push(Block::Recipients(recipients));
    let name = format!("{} {} {}", r.pick(SURNAMES), r.pick(MIDDLES), r.pick(GIVEN));
    blocks.push(Block::Signature {
        lines: signer_role.iter().map(|s| s.to_string()).collect(),
        name,
    });

    Plan {
        id: format!("g{index:07}"),
        form,
        year,
        issued: issued_iso,
        province,
        district,
        level,
        doc_number,
        title,
        topics: topics.iter().map(|t| t.id.clone()).collect(),
        cited,
        units,
        blocks,
        ocr_intensity: 0.5 + 0.5 * r.unit(),
    }
}
