//! Data files that users may extend (acronyms, document symbols, OCR statistics,
//! topics, gazetteer), read once at start-up.
//!
//! Each file ships inside the binary so a fresh install works anywhere; a file of the
//! same name in the directory named by `PLANSEARCH_DATA_DIR` replaces the shipped one,
//! so a user can add an acronym or a topic alias without recompiling.

use std::borrow::Cow;
use std::path::PathBuf;

/// Environment variable naming a directory whose files override the shipped data.
pub const DATA_DIR_ENV: &str = "PLANSEARCH_DATA_DIR";

/// The shipped data files, by name.
const SHIPPED: &[(&str, &str)] = &[
    ("acronyms.tsv", include_str!("../data/acronyms.tsv")),
    ("doc_symbols.tsv", include_str!("../data/doc_symbols.tsv")),
    ("ocr_lexicon.tsv", include_str!("../data/ocr_lexicon.tsv")),
    ("ocr_bigrams.tsv", include_str!("../data/ocr_bigrams.tsv")),
    (
        "ocr_exact_bigrams.tsv",
        include_str!("../data/ocr_exact_bigrams.tsv"),
    ),
    (
        "ocr_confusions.tsv",
        include_str!("../data/ocr_confusions.tsv"),
    ),
    (
        "doc_symbols_extra.tsv",
        include_str!("../data/doc_symbols_extra.tsv"),
    ),
    ("doc_kinds.tsv", include_str!("../data/doc_kinds.tsv")),
    ("issuers.tsv", include_str!("../data/issuers.tsv")),
    ("units.tsv", include_str!("../data/units.tsv")),
    (
        "recipient_notes.tsv",
        include_str!("../data/recipient_notes.tsv"),
    ),
    ("topics.tsv", include_str!("../data/topics.tsv")),
    ("phrases.tsv", include_str!("../data/phrases.tsv")),
    ("gazetteer.tsv", include_str!("../data/gazetteer.tsv")),
    (
        "legacy_encodings.tsv",
        include_str!("../data/legacy_encodings.tsv"),
    ),
];

/// Returns the content of data file `name`: the override if one exists, else the
/// shipped copy. Panics only for a name that is not shipped (a programming error).
pub fn load(name: &str) -> Cow<'static, str> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV) {
        let path = PathBuf::from(dir).join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => return Cow::Owned(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(
                "cannot read {}: {e}; using the shipped copy",
                path.display()
            ),
        }
    }
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| Cow::Borrowed(*text))
        .unwrap_or_else(|| panic!("no shipped data file named {name}"))
}

/// Iterates the data rows of a TSV file: `#` comments and blank lines skipped,
/// fields split on tabs and trimmed.
pub fn tsv_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}
