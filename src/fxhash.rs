//! A fast hasher for the hot lookup tables (the OCR lexicon and bigrams, the
//! gazetteer): the Fx hash of rustc and Firefox, a multiply-rotate per word.
//!
//! The standard SipHash resists hash flooding, which these tables do not need: their
//! keys come from our own data files, and a lookup with a hostile key costs one probe
//! sequence like any other. Profiling indexing showed SipHash on short syllables as a
//! visible share of the analyzer's time (one or two lookups per token).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hasher state.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds [`FxHasher`]s.
pub type FxBuildHasher = BuildHasherDefault<FxHasher>;
/// A `HashMap` with the Fx hash.
pub type FxHashMap<K, V> = HashMap<K, V, FxBuildHasher>;
/// A `HashSet` with the Fx hash.
pub type FxHashSet<K> = HashSet<K, FxBuildHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_behave_like_maps() {
        let mut m: FxHashMap<String, u32> = FxHashMap::default();
        for (i, w) in [
            "của",
            "cua",
            "ctia",
            "đảng",
            "dang",
            "",
            "một cửa liên thông",
        ]
        .iter()
        .enumerate()
        {
            m.insert(w.to_string(), i as u32);
        }
        assert_eq!(m.get("ctia"), Some(&2));
        assert_eq!(m.get("một cửa liên thông"), Some(&6));
        assert_eq!(m.get(""), Some(&5));
        assert_eq!(m.get("pang"), None);
        assert_eq!(m.len(), 7);
    }
}
