//! A plan's stored fields read in place, for search hits.
//!
//! Tantivy's document loader copies every stored value out of the decompressed
//! block, and reads a bytes value one byte at a time (a generic `Vec<T>` decoder):
//! for ten 15 KB plans a page that was a fifth of a search. A hit needs only slices
//! of the block: the text and the metadata JSON. [`StoredDoc`] reads the stored
//! document's layout (tantivy's binary document format: a count, then per value
//! the field id, a type code and the value) and keeps ranges into the block.
//! Anything it does not know (a type code our schema never stores, a truncated
//! value) is an error, and the caller falls back to tantivy's own loader; a test
//! checks that both read the same values from a real index.
//!
//! [`DocStores`] keeps one store reader per segment with its block cache across
//! searches, as tantivy's searcher does for its own loader.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use anyhow::{Result, anyhow, bail};
use tantivy::directory::OwnedBytes;
use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::store::StoreReader;
use tantivy::{DocAddress, Searcher};

use super::doc::stored_utf8;
use crate::fxhash::FxHashMap;

/// Decompressed blocks kept per segment (tantivy's searcher keeps 100).
const CACHED_BLOCKS: usize = 100;

// Type codes of tantivy's binary document format (`schema::document::type_codes`).
const TEXT_CODE: u8 = 0;
const U64_CODE: u8 = 1;
const I64_CODE: u8 = 2;
const BYTES_CODE: u8 = 4;
const DATE_CODE: u8 = 5;
const F64_CODE: u8 = 6;
const BOOL_CODE: u8 = 9;

/// One stored document: the block bytes and where each value lies in them.
pub struct StoredDoc {
    bytes: OwnedBytes,
    /// (field, byte range of a text or bytes value); fixed-size values are skipped.
    values: Vec<(Field, Range<usize>)>,
}

impl StoredDoc {
    /// Reads the layout of a stored document.
    pub fn parse(bytes: OwnedBytes) -> Result<StoredDoc> {
        let data = bytes.as_slice();
        let mut at = 0;
        let count = vint(data, &mut at)?;
        let mut values = Vec::with_capacity(count.min(64) as usize);
        for _ in 0..count {
            let id = data
                .get(at..at + 4)
                .ok_or_else(|| anyhow!("stored document cut in a field id"))?;
            let field = Field::from_field_id(u32::from_le_bytes([id[0], id[1], id[2], id[3]]));
            at += 4;
            let code = *data
                .get(at)
                .ok_or_else(|| anyhow!("stored document cut in a type code"))?;
            at += 1;
            match code {
                TEXT_CODE | BYTES_CODE => {
                    let len = vint(data, &mut at)? as usize;
                    let end = at
                        .checked_add(len)
                        .filter(|&e| e <= data.len())
                        .ok_or_else(|| anyhow!("stored document cut in a value"))?;
                    values.push((field, at..end));
                    at = end;
                }
                U64_CODE | I64_CODE | F64_CODE | DATE_CODE => at += 8,
                BOOL_CODE => at += 1,
                other => bail!("stored value of type {other} is not read in place"),
            }
            if at > data.len() {
                bail!("stored document cut in a value");
            }
        }
        Ok(StoredDoc { bytes, values })
    }

    /// The first text or bytes value of `field`.
    pub fn bytes(&self, field: Field) -> Option<&[u8]> {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, r)| &self.bytes.as_slice()[r.clone()])
    }

    /// The first text or bytes value of `field` as text, checked as UTF-8.
    pub fn str(&self, field: Field) -> Result<Option<&str>> {
        self.bytes(field).map(stored_utf8).transpose()
    }
}

/// A tantivy variable-length integer (7 bits a byte, the last byte's high bit set).
fn vint(data: &[u8], at: &mut usize) -> Result<u64> {
    let mut out = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *data
            .get(*at)
            .ok_or_else(|| anyhow!("stored document cut in a length"))?;
        *at += 1;
        out |= u64::from(b & 0x7f) << shift;
        if b & 0x80 != 0 {
            return Ok(out);
        }
    }
    bail!("stored document has an overlong length")
}

/// A document store reader per segment, kept across searches.
#[derive(Default)]
pub struct DocStores {
    readers: Mutex<FxHashMap<SegmentId, Arc<StoreReader>>>,
}

impl DocStores {
    /// The stored document at `addr`, read in place; `None` when its layout is not
    /// one [`StoredDoc`] reads (the caller then uses tantivy's loader).
    pub fn get(&self, searcher: &Searcher, addr: DocAddress) -> Result<Option<StoredDoc>> {
        let segment = searcher.segment_reader(addr.segment_ord);
        let reader = {
            let mut readers = self.readers.lock().unwrap_or_else(|e| e.into_inner());
            match readers.get(&segment.segment_id()) {
                Some(r) => r.clone(),
                None => {
                    // Segments merged away are dropped with their caches.
                    let live: Vec<SegmentId> = searcher
                        .segment_readers()
                        .iter()
                        .map(|s| s.segment_id())
                        .collect();
                    readers.retain(|id, _| live.contains(id));
                    let r = Arc::new(segment.get_store_reader(CACHED_BLOCKS)?);
                    readers.insert(segment.segment_id(), r.clone());
                    r
                }
            }
        };
        let bytes = reader.get_document_bytes(addr.doc_id)?;
        Ok(StoredDoc::parse(bytes).ok())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::TantivyDocument;
    use tantivy::schema::Value;

    use super::*;
    use crate::index::write::index_of;

    #[test]
    fn values_read_in_place_are_tantivys() {
        let texts = [
            "KẾ HOẠCH Tuyên truyền cải cách hành chính năm 2024\nSố: 12/KH-UBND ngày 5/3/2024"
                .to_string(),
            String::new(),
            "UY BAN NHAN DAN ... ctia Pang s6 38/KH-UBND ".repeat(2000),
        ];
        let pi = index_of(&texts);
        let searcher = pi.reader.searcher();
        let stores = DocStores::default();
        let mut seen = 0;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc_id in 0..segment.max_doc() {
                let addr = DocAddress::new(ord as u32, doc_id);
                let want: TantivyDocument = searcher.doc(addr).unwrap();
                let got = stores.get(&searcher, addr).unwrap().expect("read in place");
                for (field, value) in want.field_values() {
                    let v = value.as_value();
                    if let Some(s) = v.as_str() {
                        assert_eq!(got.str(field).unwrap(), Some(s), "{field:?}");
                    } else if let Some(b) = v.as_bytes() {
                        assert_eq!(got.bytes(field), Some(b), "{field:?}");
                    }
                }
                seen += 1;
            }
        }
        assert_eq!(seen, texts.len());
    }

    #[test]
    fn broken_layouts_are_errors_not_panics() {
        let cases: &[&[u8]] = &[
            &[],
            &[0x81, 0, 0],
            &[0x81, 0, 0, 0, 0, TEXT_CODE, 0x85, b'a'],
            &[0x81, 0, 0, 0, 0, 3],
            &[0x81, 0, 0, 0, 0, I64_CODE, 1, 2],
            &[0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f],
        ];
        for bytes in cases {
            assert!(
                StoredDoc::parse(OwnedBytes::new(bytes.to_vec())).is_err(),
                "{bytes:?}"
            );
        }
        let ok = StoredDoc::parse(OwnedBytes::new(vec![
            0x82, 1, 0, 0, 0, TEXT_CODE, 0x82, b'h', b'i', 2, 0, 0, 0, I64_CODE, 0, 0, 0, 0, 0, 0,
            0, 7,
        ]))
        .unwrap();
        assert_eq!(ok.str(Field::from_field_id(1)).unwrap(), Some("hi"));
        assert_eq!(ok.bytes(Field::from_field_id(2)), None);
    }
}
