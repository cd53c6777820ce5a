//! The gazetteer of Vietnamese administrative units (`data/gazetteer.tsv`, generated
//! by `scripts/gen_gazetteer.py`): provinces, districts and communes before the 2025
//! reorganisation (era 2024) and the 34 provinces with their communes after it (era
//! 2025). Names are looked up folded, so "Lang Son" and OCR "Bén Tre" resolve.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::fuzzy::{Found, PhraseSet, Word};
use crate::resources;

/// Tier of an administrative unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Province,
    District,
    Commune,
}

/// One administrative unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub kind: Kind,
    /// Name without its type, with diacritics ("Châu Thành").
    pub name: String,
    /// "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn"…
    pub typ: String,
    /// The district a commune belongs to (era 2024 only).
    pub district: Option<String>,
    pub province: String,
    pub era: u16,
}

/// A place named in the text, with or without its type word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub place: usize,
    /// Whether the type word was written ("huyện Châu Thành", not just "Châu Thành").
    pub typed: bool,
    /// Word range in the word list searched.
    pub first: usize,
    pub last: usize,
}

/// The loaded gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    pub places: Vec<Place>,
    by_name: HashMap<String, Vec<usize>>,
    phrases: PhraseSet<(usize, bool)>,
}

/// Type words that may precede a name of each kind, folded.
fn type_words(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Province => &["tinh", "thanh pho", "tp"],
        Kind::District => &["huyen", "quan", "thi xa", "thanh pho", "tp"],
        Kind::Commune => &["xa", "phuong", "thi tran", "dac khu"],
    }
}

impl Gazetteer {
    /// Parses rows `kind, name, type, district, province, era`.
    pub fn parse(text: &str) -> Gazetteer {
        let mut places = Vec::new();
        for row in resources::tsv_rows(text) {
            let kind = match row.first().copied() {
                Some("province") => Kind::Province,
                Some("district") => Kind::District,
                Some("commune") => Kind::Commune,
                _ => continue,
            };
            let get = |i: usize| row.get(i).copied().unwrap_or("").to_string();
            let (name, province) = (get(1), get(4));
            if name.is_empty() || province.is_empty() {
                continue;
            }
            places.push(Place {
                kind,
                name,
                typ: get(2),
                district: Some(get(3)).filter(|d| !d.is_empty()),
                province,
                era: get(5).parse().unwrap_or(2024),
            });
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut phrases = PhraseSet::new();
        for (i, p) in places.iter().enumerate() {
            let k = super::fuzzy::key(&p.name, false);
            by_name.entry(k.clone()).or_default().push(i);
            for t in type_words(p.kind) {
                phrases.add(&format!("{t} {k}"), (i, true));
            }
            // Bare names only for provinces: a bare commune name is too often a word.
            if p.kind == Kind::Province {
                phrases.add(&k, (i, false));
            }
        }
        Gazetteer {
            places,
            by_name,
            phrases,
        }
    }

    /// The shipped (or user-overridden) gazetteer.
    pub fn shared() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::parse(&resources::load("gazetteer.tsv")))
    }

    /// Places whose folded name is `name` (any kind, any era).
    pub fn by_name(&self, name: &str) -> impl Iterator<Item = (usize, &Place)> {
        let k = super::fuzzy::key(name, false);
        self.by_name
            .get(&k)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.places[i]))
    }

    /// Every place named in `words`; at each start only the longest names.
    pub fn mentions(&self, words: &[Word]) -> Vec<Mention> {
        let found: Vec<Found<'_, (usize, bool)>> = self.phrases.find_all(words, false);
        let mut out = Vec::new();
        let mut i = 0;
        while i < found.len() {
            let first = found[i].first;
            let longest = found[i].last;
            while i < found.len() && found[i].first == first {
                if found[i].last == longest {
                    let (place, typed) = *found[i].payload;
                    out.push(Mention {
                        place,
                        typed,
                        first,
                        last: longest,
                    });
                }
                i += 1;
            }
        }
        // A bare province name inside a typed mention ("huyện Châu Thành" vs province
        // "Thành …") or right after one is not a separate mention.
        let typed: Vec<(usize, usize)> = out
            .iter()
            .filter(|m| m.typed)
            .map(|m| (m.first, m.last))
            .collect();
        out.retain(|m| m.typed || !typed.iter().any(|&(a, b)| m.first >= a && m.first < b));
        out
    }

    /// The province named `name` in the given era, with its proper spelling.
    pub fn province(&self, name: &str) -> Option<&Place> {
        self.by_name(name)
            .map(|(_, p)| p)
            .find(|p| p.kind == Kind::Province)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::fuzzy::words;

    #[test]
    fn loads_both_eras() {
        let g = Gazetteer::shared();
        let provinces = |era| {
            g.places
                .iter()
                .filter(|p| p.kind == Kind::Province && p.era == era)
                .count()
        };
        assert_eq!(provinces(2024), 63);
        assert_eq!(provinces(2025), 34);
        assert_eq!(
            g.province("Lang Son").map(|p| p.name.as_str()),
            Some("Lạng Sơn")
        );
    }

    #[test]
    fn finds_mentions() {
        let g = Gazetteer::shared();
        let text = "xa Giao Long, huyén Chau Thanh, tinh Bén Tre; Lạng Sơn";
        let ws = words(text, true);
        let names: Vec<(String, Kind, bool)> = g
            .mentions(&ws)
            .iter()
            .map(|m| {
                (
                    g.places[m.place].name.clone(),
                    g.places[m.place].kind,
                    m.typed,
                )
            })
            .collect();
        assert!(names.contains(&("Giao Long".into(), Kind::Commune, true)));
        assert!(names.contains(&("Châu Thành".into(), Kind::District, true)));
        assert!(names.contains(&("Bến Tre".into(), Kind::Province, true)));
        assert!(names.contains(&("Lạng Sơn".into(), Kind::Province, false)));
    }
}
