//! A cache of `/api/search` answers, as Solr's query result cache: a web page asks
//! the same questions again (back and forward, paging, facet clicks, the landing
//! page's empty query), and an answer computed once is served from memory.
//!
//! Entries belong to one state of the index: the key carries the reader's
//! generation, which every committed write advances, so an answer is never served
//! after the plans it was computed from have changed. Least recently used answers
//! are dropped first.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use axum::body::Bytes;
use lru::LruCache;

/// Answers kept by default (`serve --search-cache`).
pub const DEFAULT_ENTRIES: usize = 1000;

/// Answers larger than this are not kept (CSV exports, huge pages).
const MAX_ENTRY_BYTES: usize = 256 * 1024;

/// The cache; a capacity of 0 turns it off.
pub struct SearchCache {
    inner: Option<Mutex<Inner>>,
}

struct Inner {
    generation: u64,
    entries: LruCache<String, Bytes>,
}

impl SearchCache {
    /// A cache of at most `entries` answers (0: no cache).
    pub fn new(entries: usize) -> SearchCache {
        SearchCache {
            inner: NonZeroUsize::new(entries).map(|n| {
                Mutex::new(Inner {
                    generation: 0,
                    entries: LruCache::new(n),
                })
            }),
        }
    }

    /// The answer to `key` computed at index generation `generation`, if kept.
    pub fn get(&self, generation: u64, key: &str) -> Option<Bytes> {
        let mut inner = self.inner.as_ref()?.lock().ok()?;
        if inner.generation != generation {
            return None;
        }
        inner.entries.get(key).cloned()
    }

    /// Keeps the answer to `key` computed at `generation`; answers of any other
    /// generation are dropped.
    pub fn put(&self, generation: u64, key: String, body: Bytes) {
        if body.len() > MAX_ENTRY_BYTES {
            return;
        }
        let Some(Ok(mut inner)) = self.inner.as_ref().map(Mutex::lock) else {
            return;
        };
        if inner.generation != generation {
            inner.entries.clear();
            inner.generation = generation;
        }
        inner.entries.put(key, body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_belong_to_one_generation() {
        let c = SearchCache::new(2);
        c.put(1, "q=a".into(), Bytes::from_static(b"A"));
        assert_eq!(c.get(1, "q=a").as_deref(), Some(&b"A"[..]));
        assert_eq!(c.get(2, "q=a"), None);
        c.put(2, "q=b".into(), Bytes::from_static(b"B"));
        assert_eq!(c.get(2, "q=a"), None, "cleared by the new generation");
        assert_eq!(c.get(1, "q=a"), None);
    }

    #[test]
    fn least_recently_used_go_first_and_zero_is_off() {
        let c = SearchCache::new(2);
        c.put(1, "a".into(), Bytes::from_static(b"A"));
        c.put(1, "b".into(), Bytes::from_static(b"B"));
        assert!(c.get(1, "a").is_some());
        c.put(1, "c".into(), Bytes::from_static(b"C"));
        assert!(c.get(1, "b").is_none());
        assert!(c.get(1, "a").is_some() && c.get(1, "c").is_some());
        let off = SearchCache::new(0);
        off.put(1, "a".into(), Bytes::from_static(b"A"));
        assert!(off.get(1, "a").is_none());
        let big = SearchCache::new(2);
        big.put(1, "a".into(), Bytes::from(vec![b'x'; MAX_ENTRY_BYTES + 1]));
        assert!(big.get(1, "a").is_none());
    }
}
