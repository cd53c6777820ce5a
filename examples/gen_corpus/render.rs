//! Writing a plan's blocks out as the file the engine reads: plain text or markdown,
//! then the form's transformation (NFD, diacritics dropped, OCR mangling).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::plan::{Block, Form, Plan};
use super::rng::Rng;
use super::world::World;

/// Appends `text` to `out`, hard-wrapped at `width` characters when `width > 0`.
fn push_wrapped(out: &mut String, text: &str, width: usize) {
    if width == 0 {
        out.push_str(text);
        out.push('\n');
        return;
    }
    let mut col = 0;
    for (i, w) in text.split(' ').enumerate() {
        let n = w.chars().count();
        if i > 0 {
            if col + 1 + n > width {
                out.push('\n');
                col = 0;
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(w);
        col += n;
    }
    out.push('\n');
}

/// The file text of `plan` (before the form's transformation) and its extension.
fn layout(plan: &Plan, r: &mut Rng) -> (String, &'static str) {
    let md = plan.form == Form::Markdown;
    let side_by_side = plan.form == Form::Ocr || (!md && r.chance(0.3));
    let width = match plan.form {
        Form::Ocr => r.range(70, 90),
        Form::Markdown if r.chance(0.5) => r.range(55, 80),
        _ => 0,
    };
    let upper_title = r.chance(0.3);
    let bullet = if r.chance(0.85) { "- " } else { "+ " };
    let (b0, b1) = if md { ("**", "**") } else { ("", "") };
    let mut out = String::with_capacity(16 * 1024);
    for block in &plan.blocks {
        match block {
            Block::Header { left, right } => {
                if side_by_side {
                    for i in 0..left.len().max(right.len()) {
                        let l = left.get(i).map_or("", |s| s.as_str());
                        let rt = right.get(i).map_or("", |s| s.as_str());
                        let pad = 38usize.saturating_sub(l.chars().count());
                        out.push_str(l);
                        out.extend(std::iter::repeat_n(' ', pad.max(2)));
                        out.push_str(rt);
                        out.push('\n');
                    }
                } else {
                    for l in left.iter().chain(right) {
                        out.push_str(b0);
                        out.push_str(l);
                        out.push_str(b1);
                        out.push('\n');
                    }
                }
                if md {
                    out.push_str("-------\n");
                }
            }
            Block::NumberDate { number, date } => {
                if side_by_side {
                    out.push_str(number);
                    out.push_str("        ");
                    out.push_str(date);
                    out.push_str("\n\n");
                } else if md {
                    out.push_str(&format!("{number}\n\n*{date}*\n\n"));
                } else {
                    out.push_str(&format!("{number}\n{date}\n\n"));
                }
            }
            Block::Kind => out.push_str(&format!("{b0}KẾ HOẠCH{b1}\n\n")),
            Block::Title(t) => {
                let t = if upper_title {
                    t.to_uppercase()
                } else {
                    t.clone()
                };
                out.push_str(b0);
                push_wrapped(&mut out, &t, width);
                if md {
                    out.pop();
                    out.push_str(b1);
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Para(p) => {
                push_wrapped(&mut out, p, width);
                out.push('\n');
            }
            Block::Heading(level, h) => {
                let prefix = if md && *level == 1 { "## " } else { "" };
                out.push_str(&format!("{prefix}{b0}{h}{b1}\n\n"));
            }
            Block::Bullet(s) => {
                out.push_str(bullet);
                push_wrapped(&mut out, s, width);
                if md {
                    out.push('\n');
                }
            }
            Block::Recipients(list) => {
                out.push_str(&format!("\n{b0}Nơi nhận:{b1}\n"));
                let n = list.len();
                for (i, x) in list.iter().enumerate() {
                    out.push_str("- ");
                    out.push_str(x);
                    out.push_str(if i + 1 == n { "." } else { ";" });
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Signature { lines, name } => {
                for l in lines {
                    out.push_str(&format!("{b0}{l}{b1}\n"));
                }
                out.push_str("\n(Đã ký)\n\n");
                out.push_str(&format!("{b0}{name}{b1}\n"));
            }
        }
    }
    (out, if md { "md" } else { "txt" })
}

/// Drops diacritics but keeps case (`Đảng` → `Dang`).
fn strip_diacritics(s: &str, world: &World) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match world.stripped.get(c as usize) {
            Some(&b) => out.push(b),
            None => out.extend(c.nfd().filter(|d| !is_combining_mark(*d))),
        }
    }
    out
}

/// Sends a share of the letters through the OCR channel (`ủ` → `ti`, `đ` → `p`,
/// `ố` → `6`), keeping the case of the first printed character.
fn ocr(s: &str, world: &World, intensity: f64, r: &mut Rng) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let k = world.ocr_ix.get(c as usize).copied().unwrap_or(u16::MAX);
        if k == u16::MAX || !r.chance(intensity) {
            out.push(c);
            continue;
        }
        let em = &world.ocr_list[k as usize];
        let mut x = r.unit();
        let mut printed = em.last().map_or("", |e| e.0.as_str());
        for (p, w) in em {
            if x < *w {
                printed = p;
                break;
            }
            x -= w;
        }
        if c.is_uppercase() {
            let mut cs = printed.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(printed);
        }
    }
    out
}

/// The file content of `plan` and its extension.
pub fn render(plan: &Plan, world: &World, seed: u64, index: u64) -> (String, &'static str) {
    let r = &mut Rng::for_plan(seed ^ 0x005E_ED0F_1A70, index);
    let (text, ext) = layout(plan, r);
    let text = match plan.form {
        Form::Text | Form::Markdown => text,
        Form::Nfd => text.nfd().collect(),
        Form::NoDiacritics => strip_diacritics(&text, world),
        Form::Ocr => ocr(&text, world, plan.ocr_intensity, r),
    };
    (text, ext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_diacritics_keeping_case() {
        let world = World::load();
        assert_eq!(
            strip_diacritics("Đảng ủy xã Giao Long", &world),
            "Dang uy xa Giao Long"
        );
    }

    #[test]
    fn wraps_at_width() {
        let mut s = String::new();
        push_wrapped(&mut s, "một hai ba bốn năm", 8);
        assert_eq!(s, "một hai\nba bốn\nnăm\n");
    }
}
