//! Opening and creating the on-disk index, with our analyzers registered and the
//! schema version checked.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use super::schema::{Fields, SCHEMA_VERSION, build_schema};
use super::stored::DocStores;
use crate::analysis;
use crate::analysis::phrases::PhraseLexicon;

/// Name of the file beside tantivy's files that records our schema version.
const VERSION_FILE: &str = "plansearch-version";

/// What the version file records: the layout version and the fingerprint of the
/// known phrases the index was built with (a phrase known to the query side but not
/// indexed as a term would find nothing).
fn version_stamp() -> String {
    format!("{SCHEMA_VERSION} {}", phrases_stamp())
}

fn phrases_stamp() -> String {
    format!("phrases-{:016x}", PhraseLexicon::shared().fingerprint())
}

/// Memory budget of the index writer (split among its threads).
const WRITER_BUDGET: usize = 200_000_000;

/// An open plan index: tantivy index, field handles and a reader.
pub struct PlanIndex {
    pub index: Index,
    pub fields: Fields,
    pub reader: IndexReader,
    pub dir: PathBuf,
    /// Stored documents read in place, for search hits.
    pub stores: DocStores,
}

impl PlanIndex {
    /// Opens the index in `dir`, creating it (and the folder) when absent.
    pub fn open_or_create(dir: &Path) -> Result<PlanIndex> {
        if dir.join("meta.json").exists() {
            return PlanIndex::open(dir);
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the index folder {}", dir.display()))?;
        let (schema, fields) = build_schema();
        let mmap = MmapDirectory::open(dir)
            .with_context(|| format!("cannot open the index folder {}", dir.display()))?;
        let index = Index::open_or_create(mmap, schema)
            .with_context(|| format!("cannot create an index in {}", dir.display()))?;
        std::fs::write(dir.join(VERSION_FILE), version_stamp())?;
        PlanIndex::wrap(index, fields, dir)
    }

    /// Opens an existing index; a clear error when there is none or it was written by
    /// an incompatible version.
    pub fn open(dir: &Path) -> Result<PlanIndex> {
        if !dir.join("meta.json").exists() {
            bail!(
                "no index in {} (build one with `plansearch index`)",
                dir.display()
            );
        }
        let version = std::fs::read_to_string(dir.join(VERSION_FILE)).unwrap_or_default();
        let mut parts = version.split_whitespace();
        if parts.next() == Some(SCHEMA_VERSION.to_string().as_str())
            && parts.next() != Some(phrases_stamp().as_str())
        {
            bail!(
                "chỉ mục trong {0} được tạo với một danh sách cụm từ khác (phrases.tsv, bí \
                 danh chủ đề hoặc từ viết tắt đã thay đổi); hãy xóa thư mục này rồi chạy lại \
                 `plansearch index` (the index in {0} was built with another list of known \
                 phrases: phrases.tsv, topic aliases or acronyms changed since; delete the \
                 folder and run `plansearch index` again)",
                dir.display()
            );
        }
        if version.trim() != version_stamp() {
            bail!(
                "chỉ mục trong {0} được tạo bởi một phiên bản plansearch khác; hãy xóa thư mục \
                 này rồi chạy lại `plansearch index` (the index in {0} was built by another \
                 version of plansearch; delete the folder and run `plansearch index` again)",
                dir.display()
            );
        }
        let index = Index::open_in_dir(dir)
            .with_context(|| format!("cannot open the index in {}", dir.display()))?;
        let (_, fields) = build_schema();
        PlanIndex::wrap(index, fields, dir)
    }

    /// A fresh index held in memory: for fuzzing and tests of the query side, where a
    /// folder on disk would only slow each run down.
    pub fn create_in_ram() -> Result<PlanIndex> {
        let (schema, fields) = build_schema();
        let index = Index::create_in_ram(schema);
        PlanIndex::wrap(index, fields, Path::new(""))
    }

    /// Whether `dir` holds an index of this version.
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").exists()
    }

    fn wrap(index: Index, fields: Fields, dir: &Path) -> Result<PlanIndex> {
        analysis::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(PlanIndex {
            index,
            fields,
            reader,
            dir: dir.to_path_buf(),
            stores: DocStores::default(),
        })
    }

    /// A writer; only one may exist per index at a time (tantivy holds a lock file).
    pub fn writer(&self) -> Result<IndexWriter<TantivyDocument>> {
        self.index.writer(WRITER_BUDGET).with_context(|| {
            format!(
                "cannot write the index in {} (is another plansearch writing it?)",
                self.dir.display()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_of_another_layout_version_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        drop(PlanIndex::open_or_create(dir.path()).unwrap());
        assert!(PlanIndex::open(dir.path()).is_ok());
        std::fs::write(dir.path().join(VERSION_FILE), "1").unwrap();
        let err = format!("{:#}", PlanIndex::open(dir.path()).err().unwrap());
        assert!(err.contains("phiên bản"), "{err}");
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
        // Same layout, another list of known phrases.
        let stamp = format!("{SCHEMA_VERSION} phrases-0000000000000000");
        std::fs::write(dir.path().join(VERSION_FILE), stamp).unwrap();
        let err = format!("{:#}", PlanIndex::open(dir.path()).err().unwrap());
        assert!(err.contains("known phrases"), "{err}");
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
    }
}
