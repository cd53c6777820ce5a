//! Scoring extraction against hand-annotated fixtures (`tests/fixtures/metadata`):
//! field accuracy and citation / unit / topic / recipient precision, recall and F1.
//! Used by `tests/extract_seeds.rs` and `examples/extract_eval.rs`.
//!
//! Fixtures record the truth as read by a person. Text fields of OCR documents are
//! compared by folded similarity (the engine returns them "as best restored"), all
//! others exactly; a field missing from a fixture is not scored.

use serde::Deserialize;
use serde_json::Value;

use super::fuzzy::{key, similarity};
use super::{Citation, PlanMetadata};

/// One annotated document.
#[derive(Debug, Clone, Deserialize)]
pub struct Expected {
    #[serde(default)]
    pub ocr: bool,
    #[serde(flatten)]
    pub fields: serde_json::Map<String, Value>,
}

/// Scalar fields scored, in report order.
pub const FIELDS: &[&str] = &[
    "doc_type",
    "doc_number",
    "title",
    "issuer",
    "level",
    "place",
    "district",
    "province",
    "issued_date",
    "year",
    "signer",
];

/// Counts of one set-valued field.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The score of one document (or a sum of several).
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// (field, right, total)
    pub fields: Vec<(String, usize, usize)>,
    pub citations: Prf,
    /// Of matched citations: (right, total) for date, issuer, kind.
    pub citation_date: (usize, usize),
    pub citation_issuer: (usize, usize),
    pub citation_kind: (usize, usize),
    pub basis: Prf,
    pub units: Prf,
    pub topics: Prf,
    pub recipients: Prf,
    /// OCR documents' text fields (title, issuer, signer): (exactly right, total) and
    /// (syllables right in place, syllables wanted) — how well they are restored.
    pub ocr_text_exact: (usize, usize),
    pub ocr_text_syllables: (usize, usize),
    /// Human-readable differences.
    pub misses: Vec<String>,
}

impl Report {
    pub fn add(&mut self, o: &Report) {
        for (f, r, t) in &o.fields {
            match self.fields.iter_mut().find(|(n, ..)| n == f) {
                Some(e) => {
                    e.1 += r;
                    e.2 += t;
                }
                None => self.fields.push((f.clone(), *r, *t)),
            }
        }
        self.citations.add(o.citations);
        self.basis.add(o.basis);
        self.units.add(o.units);
        self.topics.add(o.topics);
        self.recipients.add(o.recipients);
        for (a, b) in [
            (&mut self.ocr_text_exact, o.ocr_text_exact),
            (&mut self.ocr_text_syllables, o.ocr_text_syllables),
            (&mut self.citation_date, o.citation_date),
            (&mut self.citation_issuer, o.citation_issuer),
            (&mut self.citation_kind, o.citation_kind),
        ] {
            a.0 += b.0;
            a.1 += b.1;
        }
        self.misses.extend(o.misses.iter().cloned());
    }

    /// Right / total over all scalar fields.
    pub fn field_accuracy(&self) -> f64 {
        let (r, t) = self
            .fields
            .iter()
            .fold((0, 0), |(r, t), f| (r + f.1, t + f.2));
        ratio(r, t)
    }

    /// A printable table.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for (f, r, t) in &self.fields {
            s.push_str(&format!("  {f:<12} {r}/{t}\n"));
        }
        s.push_str(&format!(
            "  fields       accuracy {:.3}\n",
            self.field_accuracy()
        ));
        for (name, p) in [
            ("citations", self.citations),
            ("basis", self.basis),
            ("units", self.units),
            ("topics", self.topics),
            ("recipients", self.recipients),
        ] {
            s.push_str(&format!(
                "  {name:<12} P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})\n",
                p.precision(),
                p.recall(),
                p.f1(),
                p.tp,
                p.fp,
                p.fn_
            ));
        }
        if self.ocr_text_exact.1 > 0 {
            s.push_str(&format!(
                "  OCR text     exact {}/{}, syllables {}/{}\n",
                self.ocr_text_exact.0,
                self.ocr_text_exact.1,
                self.ocr_text_syllables.0,
                self.ocr_text_syllables.1
            ));
        }
        for (name, (r, t)) in [
            ("cit. kind", self.citation_kind),
            ("cit. date", self.citation_date),
            ("cit. issuer", self.citation_issuer),
        ] {
            s.push_str(&format!("  {name:<12} {r}/{t}\n"));
        }
        s
    }
}

fn text_eq(want: &str, got: &str, ocr: bool) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if !ocr {
        return norm(want) == norm(got);
    }
    let (a, b) = (key(want, true), key(got, true));
    a == b || similarity(&a, &b) >= 0.85
}

/// Whether `got` spells `want` exactly (white space aside), and how many of `want`'s
/// syllables `got` has in the same place, exactly spelt (case aside).
pub fn syllable_match(want: &str, got: &str) -> (bool, usize, usize) {
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (w, g) = (split(want), split(got));
    let right = w.iter().zip(&g).filter(|(a, b)| a == b).count();
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    (norm(want) == norm(got), right, w.len())
}

fn scalar(m: &PlanMetadata, f: &str) -> Value {
    serde_json::to_value(m)
        .ok()
        .and_then(|v| v.get(f).cloned())
        .unwrap_or(Value::Null)
}

fn citation_key(c: &Citation) -> String {
    match &c.number {
        Some(n) => crate::text::docnum::doc_number_key(n),
        None => format!("~{}", key(c.kind.as_deref().unwrap_or(""), false)),
    }
}

fn prf_sets(
    want: &[String],
    got: &[String],
    eq: impl Fn(&str, &str) -> bool,
    what: &str,
    misses: &mut Vec<String>,
) -> Prf {
    let mut used = vec![false; got.len()];
    let mut p = Prf::default();
    for w in want {
        match got
            .iter()
            .enumerate()
            .position(|(i, g)| !used[i] && eq(w, g))
        {
            Some(i) => {
                used[i] = true;
                p.tp += 1;
            }
            None => {
                p.fn_ += 1;
                misses.push(format!("{what}: missed {w:?}"));
            }
        }
    }
    for (g, u) in got.iter().zip(&used) {
        if !u {
            p.fp += 1;
            misses.push(format!("{what}: extra {g:?}"));
        }
    }
    p
}

fn citations_of(v: &Value) -> Option<Vec<Citation>> {
    serde_json::from_value(v.clone()).ok()
}

/// Scores one document.
pub fn score(exp: &Expected, got: &PlanMetadata) -> Report {
    let mut r = Report::default();
    let ocr = exp.ocr;
    for &f in FIELDS {
        let Some(want) = exp.fields.get(f) else {
            continue;
        };
        let have = scalar(got, f);
        let ok = match (want, &have) {
            (Value::String(a), Value::String(b)) => {
                let texty = matches!(f, "title" | "signer" | "issuer" | "place");
                if texty { text_eq(a, b, ocr) } else { a == b }
            }
            (a, b) => a == b,
        };
        if !ok {
            r.misses.push(format!("{f}: want {want}, got {have}"));
        }
        if ocr
            && matches!(f, "title" | "issuer" | "signer")
            && let Value::String(w) = want
        {
            let g = have.as_str().unwrap_or("");
            let (exact, right, total) = syllable_match(w, g);
            r.ocr_text_exact.0 += usize::from(exact);
            r.ocr_text_exact.1 += 1;
            r.ocr_text_syllables.0 += right;
            r.ocr_text_syllables.1 += total;
            if !exact {
                r.misses.push(format!("{f} text: want {w:?}, got {g:?}"));
            }
        }
        r.fields.push((f.to_string(), usize::from(ok), 1));
    }
    for (name, target) in [("citations", &got.citations), ("basis", &got.basis)] {
        let Some(want) = exp.fields.get(name).and_then(citations_of) else {
            continue;
        };
        let wk: Vec<String> = want.iter().map(citation_key).collect();
        let gk: Vec<String> = target.iter().map(citation_key).collect();
        let p = prf_sets(&wk, &gk, |a, b| a == b, name, &mut r.misses);
        if name == "basis" {
            r.basis = p;
            continue;
        }
        r.citations = p;
        for w in &want {
            let Some(g) = target.iter().find(|g| citation_key(g) == citation_key(w)) else {
                continue;
            };
            let label = w.number.clone().unwrap_or_default();
            for (slot, a, b, what) in [
                (&mut r.citation_date, &w.date, &g.date, "date"),
                (&mut r.citation_kind, &w.kind, &g.kind, "kind"),
                (&mut r.citation_issuer, &w.issuer, &g.issuer, "issuer"),
            ] {
                slot.1 += 1;
                if a == b {
                    slot.0 += 1;
                } else {
                    r.misses
                        .push(format!("citation {label} {what}: want {a:?}, got {b:?}"));
                }
            }
        }
    }
    if let Some(Value::Array(units)) = exp.fields.get("units") {
        let want: Vec<String> = units
            .iter()
            .filter_map(|u| u.get("name").and_then(Value::as_str).map(str::to_string))
            .collect();
        let gotn: Vec<String> = got.units.iter().map(|u| u.name.clone()).collect();
        r.units = prf_sets(
            &want,
            &gotn,
            |a, b| key(a, false) == key(b, false),
            "unit",
            &mut r.misses,
        );
    }
    if let Some(Value::Array(t)) = exp.fields.get("topics") {
        let want: Vec<String> = t
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect();
        r.topics = prf_sets(&want, &got.topics, |a, b| a == b, "topic", &mut r.misses);
    }
    if let Some(Value::Array(t)) = exp.fields.get("recipients") {
        let want: Vec<String> = t
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect();
        r.recipients = prf_sets(
            &want,
            &got.recipients,
            |a, b| text_eq(a, b, ocr),
            "recipient",
            &mut r.misses,
        );
    }
    r
}
