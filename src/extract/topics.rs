//! Topics (`data/topics.tsv`, the taxonomy of topics.md): a plan is tagged with every
//! topic it names by acronym, name or defining phrase, matched in folded space with
//! each word's alternatives (and OCR slips in OCR text).

use std::sync::OnceLock;

use super::fuzzy::{PhraseSet, Word};
use crate::resources;

/// One topic of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub id: String,
    pub label_vi: String,
    pub label_en: String,
}

/// The taxonomy and its phrase index.
#[derive(Debug)]
pub struct Topics {
    pub topics: Vec<Topic>,
    phrases: PhraseSet<usize>,
}

impl Topics {
    pub fn parse(text: &str) -> Topics {
        let mut topics = Vec::new();
        let mut phrases = PhraseSet::new();
        for row in resources::tsv_rows(text) {
            let Some(id) = row.first().filter(|i| !i.is_empty()) else {
                continue;
            };
            let i = topics.len();
            let label_vi = row.get(1).copied().unwrap_or("").to_string();
            phrases.add(&label_vi, i);
            for a in row.get(3).copied().unwrap_or("").split(" | ") {
                phrases.add(a.trim(), i);
            }
            topics.push(Topic {
                id: id.to_string(),
                label_vi,
                label_en: row.get(2).copied().unwrap_or("").to_string(),
            });
        }
        Topics { topics, phrases }
    }

    pub fn shared() -> &'static Topics {
        static T: OnceLock<Topics> = OnceLock::new();
        T.get_or_init(|| Topics::parse(&resources::load("topics.tsv")))
    }

    /// Topic ids named in `words`, in taxonomy order.
    pub fn find(&self, words: &[Word], ocr: bool) -> Vec<String> {
        let mut hit = vec![false; self.topics.len()];
        for f in self.phrases.find_all(words, ocr) {
            hit[*f.payload] = true;
        }
        self.topics
            .iter()
            .zip(hit)
            .filter(|(_, h)| *h)
            .map(|(t, _)| t.id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::fuzzy::words;

    #[test]
    fn every_topic_of_the_spec_is_shipped() {
        let ids: Vec<&str> = Topics::shared()
            .topics
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(ids.len(), 23);
        for id in [
            "par-index",
            "sipas",
            "online-public-services",
            "project-06",
            "training",
        ] {
            assert!(ids.contains(&id), "{id}");
        }
    }

    #[test]
    fn finds_topics_in_three_spellings() {
        let t = Topics::shared();
        let cases = [
            (
                "khuyến khích người dân sử dụng dịch vụ công trực tuyến",
                false,
                vec!["online-public-services"],
            ),
            (
                "khuyen khich nguoi dan su dung dich vu cong truc tuyen",
                false,
                vec!["online-public-services"],
            ),
            (
                "khuyén khich ngudi dan sir dung dich vu cong truc tuyén",
                true,
                vec!["online-public-services"],
            ),
            (
                "Chi sO CCHC (PAR-INDEX), Chi s0 hai long (SIPAS)",
                true,
                vec!["par-index", "sipas"],
            ),
            ("qua mang xa hoi, Zalo", true, vec!["social-media"]),
            ("ISO 9001:2015", false, vec!["iso-9001"]),
            ("thực hiện công tác năm 2024", false, vec![]),
        ];
        for (text, ocr, want) in cases {
            assert_eq!(t.find(&words(text, ocr), ocr), want, "{text}");
        }
    }
}
