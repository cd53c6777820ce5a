//! Province and district of the issuer: from the issuer's own unit looked up in the
//! gazetteer, disambiguated by the places the text names ("xã Giao Long … huyện Châu
//! Thành … tỉnh Bến Tre"); else the province the text names most. A name that stays
//! ambiguous gives `null`.

use std::collections::HashMap;

use super::fuzzy::Word;
use super::gazetteer::{Gazetteer, Kind, Place};
use super::header::Header;

/// (district, province) of the issuer.
pub fn resolve(h: &Header, words: &[Word], era: u16) -> (Option<String>, Option<String>) {
    let g = Gazetteer::shared();
    let mentions = g.mentions(words);
    let mut provinces: HashMap<&str, usize> = HashMap::new();
    let mut districts: HashMap<(&str, &str), usize> = HashMap::new();
    for m in &mentions {
        let p = &g.places[m.place];
        match p.kind {
            Kind::Province => *provinces.entry(p.province.as_str()).or_default() += 1,
            Kind::District if m.typed => {
                *districts
                    .entry((p.name.as_str(), p.province.as_str()))
                    .or_default() += 1
            }
            _ => {}
        }
    }
    // Typed district mentions also vouch (weakly) for their province when unique.
    let most_named = provinces
        .iter()
        .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)))
        .filter(|(_, n)| **n > 0)
        .map(|(p, _)| p.to_string());
    if let Some(p) = &h.parent_province {
        return (None, Some(p.clone()));
    }
    let Some((kind, name)) = &h.issuer_place else {
        let province = h
            .place
            .as_deref()
            .and_then(|p| g.province(p))
            .map(|p| p.name.clone())
            .or(most_named);
        return (None, province);
    };
    let cands: Vec<&Place> = g
        .by_name(name)
        .map(|(_, p)| p)
        .filter(|p| p.kind == *kind)
        .collect();
    if *kind == Kind::Province {
        return (None, cands.first().map(|p| p.province.clone()));
    }
    let score = |p: &Place| -> usize {
        let prov = provinces.get(p.province.as_str()).copied().unwrap_or(0);
        let dist = match (&p.district, p.kind) {
            (Some(d), _) => districts
                .get(&(d.as_str(), p.province.as_str()))
                .copied()
                .unwrap_or(0),
            (None, Kind::District) => 0,
            _ => 0,
        };
        prov + 3 * dist.min(3) + usize::from(p.era == era)
    };
    let mut ranked: Vec<(usize, &Place)> = cands.iter().map(|p| (score(p), *p)).collect();
    ranked.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
    let best = match ranked.as_slice() {
        [] => None,
        [(_, p)] => Some(*p),
        [(s0, p), (s1, q), ..] => {
            // Same unit in both eras counts as one.
            if s0 > s1 || (p.province == q.province && p.era != q.era) {
                Some(*p)
            } else {
                None
            }
        }
    };
    let Some(best) = best else {
        return (None, most_named);
    };
    let district = match best.kind {
        Kind::District => Some(best.name.clone()),
        _ => best.district.clone(),
    };
    (district, Some(best.province.clone()))
}
