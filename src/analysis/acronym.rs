//! Acronyms and their expansions (`TTHC` ↔ `thủ tục hành chính`), from
//! `data/acronyms.tsv`.
//!
//! Both sides are reduced to one key term, the acronym folded without punctuation
//! (`tthc`, `ktxh` for `KT-XH`). Wherever the text spells the expansion, or spells the
//! acronym over several tokens (`KT-XH`), the key is indexed at the first word's
//! position with offsets covering the whole span, so a search for either side finds
//! both and the snippet marks the words as written.

use std::collections::HashMap;
use std::sync::OnceLock;

use tantivy::tokenizer::Token;

use super::filter::Stage;
use super::segmenter::word_spans;
use crate::resources;
use crate::text::fold::fold;

/// One acronym with its expansions, as folded token sequences.
#[derive(Debug, Clone)]
pub struct Acronym {
    /// The acronym as usually written (`KT-XH`).
    pub display: String,
    /// The index key (`ktxh`).
    pub key: String,
    /// Token sequences that mean this acronym: its own spelling and each expansion.
    pub forms: Vec<Vec<String>>,
    /// Expansions as written in the data file, for display.
    pub expansions: Vec<String>,
}

/// The acronym table, indexed by the first folded token of each form.
#[derive(Debug, Default)]
pub struct AcronymTable {
    acronyms: Vec<Acronym>,
    by_first: HashMap<String, Vec<(usize, usize)>>,
    by_key: HashMap<String, usize>,
}

/// Folded tokens of a phrase, as the analyzer would see them.
pub fn folded_words(s: &str) -> Vec<String> {
    word_spans(s)
        .into_iter()
        .map(|(a, b)| fold(&s[a..b]))
        .collect()
}

impl AcronymTable {
    /// Parses the TSV data (acronym, expansion).
    pub fn parse(text: &str) -> AcronymTable {
        let mut table = AcronymTable::default();
        for row in resources::tsv_rows(text) {
            let (Some(acr), Some(exp)) = (row.first(), row.get(1)) else {
                continue;
            };
            let key: String = folded_words(acr).concat();
            let expansion = folded_words(exp);
            if key.is_empty() || expansion.is_empty() {
                continue;
            }
            let idx = *table.by_key.entry(key.clone()).or_insert_with(|| {
                table.acronyms.push(Acronym {
                    display: acr.to_string(),
                    key: key.clone(),
                    forms: vec![folded_words(acr)],
                    expansions: Vec::new(),
                });
                table.acronyms.len() - 1
            });
            let a = &mut table.acronyms[idx];
            if !a.forms.contains(&expansion) {
                a.forms.push(expansion);
                a.expansions.push(exp.to_string());
            }
            let own = folded_words(acr);
            if !a.forms.contains(&own) {
                a.forms.push(own);
            }
        }
        for (i, a) in table.acronyms.iter().enumerate() {
            for (f, form) in a.forms.iter().enumerate() {
                table
                    .by_first
                    .entry(form[0].clone())
                    .or_default()
                    .push((i, f));
            }
        }
        table
    }

    /// The shipped (or user-overridden) table.
    pub fn shared() -> &'static AcronymTable {
        static TABLE: OnceLock<AcronymTable> = OnceLock::new();
        TABLE.get_or_init(|| AcronymTable::parse(&resources::load("acronyms.tsv")))
    }

    /// The acronym whose key is `key`, if any.
    pub fn by_key(&self, key: &str) -> Option<&Acronym> {
        self.by_key.get(key).map(|&i| &self.acronyms[i])
    }

    /// All acronyms.
    pub fn all(&self) -> &[Acronym] {
        &self.acronyms
    }

    /// Matches starting at word `i` of `words` (each word a set of alternative folded
    /// terms): `(acronym, number of words covered)`.
    pub fn matches_at<'a>(&'a self, words: &[Vec<&str>], i: usize) -> Vec<(&'a Acronym, usize)> {
        let mut out = Vec::new();
        for first in &words[i] {
            let Some(cands) = self.by_first.get(*first) else {
                continue;
            };
            for &(a, f) in cands {
                let form = &self.acronyms[a].forms[f];
                if i + form.len() > words.len() {
                    continue;
                }
                let all = form
                    .iter()
                    .enumerate()
                    .all(|(k, w)| words[i + k].iter().any(|t| t == w));
                if all
                    && !out.iter().any(|(x, n): &(&Acronym, usize)| {
                        x.key == self.acronyms[a].key && *n == form.len()
                    })
                {
                    out.push((&self.acronyms[a], form.len()));
                }
            }
        }
        out
    }
}

/// The analyzer stage that indexes acronym keys.
#[derive(Clone, Copy, Default)]
pub struct Acronyms;

impl Stage for Acronyms {
    fn process(&self, _text: &str, tokens: &mut Vec<Token>) {
        let table = AcronymTable::shared();
        // Group the alternative terms by position.
        let Some(last) = tokens.iter().map(|t| t.position).max() else {
            return;
        };
        let mut words: Vec<Vec<&str>> = vec![Vec::new(); last + 1];
        let mut spans: Vec<(usize, usize)> = vec![(0, 0); last + 1];
        for t in tokens.iter() {
            if words[t.position].is_empty() {
                spans[t.position] = (t.offset_from, t.offset_to);
            }
            words[t.position].push(t.text.as_str());
        }
        let mut added = Vec::new();
        for i in 0..words.len() {
            if words[i].is_empty() {
                continue;
            }
            for (acr, n) in table.matches_at(&words, i) {
                if n == 1 && words[i].contains(&acr.key.as_str()) {
                    continue;
                }
                added.push(Token {
                    offset_from: spans[i].0,
                    offset_to: spans[i + n - 1].1,
                    position: i,
                    text: acr.key.clone(),
                    position_length: 1,
                });
            }
        }
        tokens.extend(added);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_table() {
        let t = AcronymTable::parse("TTHC\tthủ tục hành chính\nKT-XH\tkinh tế - xã hội\n");
        let a = t.by_key("tthc").unwrap();
        assert_eq!(a.forms[1], ["thu", "tuc", "hanh", "chinh"]);
        let k = t.by_key("ktxh").unwrap();
        assert!(k.forms.contains(&vec!["kt".to_string(), "xh".to_string()]));
    }
}
