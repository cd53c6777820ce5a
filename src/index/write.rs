//! Single-plan operations used by the API: look up, add or replace, delete. Each
//! write commits before it returns and reloads the reader, so an acknowledged write
//! is searchable at once and survives a restart.

use anyhow::Result;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, TantivyDocument};

use super::doc::{Plan, content_id, id_term};
use super::store::PlanIndex;
use crate::extract::extract;

/// The stored plan with this id.
pub fn plan_by_id(pi: &PlanIndex, id: &str) -> Result<Option<Plan>> {
    let searcher = pi.reader.searcher();
    let q = TermQuery::new(id_term(&pi.fields, id), IndexRecordOption::Basic);
    let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
    match top.first() {
        Some((_, addr)) => {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            Ok(Some(Plan::from_document(&doc, &pi.fields)?))
        }
        None => Ok(None),
    }
}

/// Makes a plan from text sent through the API (no file behind it). `text` is
/// already decoded and normalized by `text::read::decode_plan`.
pub fn plan_from_text(text: String, source: &str) -> Plan {
    let mut meta = extract(&text);
    meta.id = Some(content_id(&text));
    meta.source = Some(source.to_string());
    Plan {
        meta,
        text,
        path: String::new(),
        fingerprint: String::new(),
    }
}

/// Adds or replaces (same id) a plan and commits.
pub fn add_plan(pi: &PlanIndex, writer: &mut IndexWriter, plan: &Plan) -> Result<()> {
    let id = plan.meta.id.clone().unwrap_or_default();
    writer.delete_term(id_term(&pi.fields, &id));
    writer.add_document(plan.to_document(&pi.fields)?)?;
    writer.commit()?;
    pi.reader.reload()?;
    Ok(())
}

/// Test support: an in-memory index of `texts`, the i-th as plan `{i}.txt`, each
/// added and committed alone (one segment each).
#[cfg(test)]
pub(crate) fn index_of<T: AsRef<str>>(texts: &[T]) -> PlanIndex {
    let pi = PlanIndex::create_in_ram().expect("an index in memory");
    let mut writer = pi.writer().expect("a writer");
    for (i, t) in texts.iter().enumerate() {
        let plan = plan_from_text(t.as_ref().to_string(), &format!("{i}.txt"));
        add_plan(&pi, &mut writer, &plan).expect("the plan is added");
    }
    pi
}

/// Test support: the texts of the sample plans in `index-data/plans`, in file order.
#[cfg(test)]
pub(crate) fn sample_texts() -> Vec<String> {
    use crate::text::read::{Format, decode_plan};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("index-data/plans");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the sample plans")
        .map(|e| e.expect("a sample plan").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            decode_plan(&std::fs::read(path).expect("readable"), Format::Text).expect("UTF-8")
        })
        .collect()
}

/// Deletes a plan by id and commits; `false` when there was none.
pub fn delete_plan(pi: &PlanIndex, writer: &mut IndexWriter, id: &str) -> Result<bool> {
    if plan_by_id(pi, id)?.is_none() {
        return Ok(false);
    }
    writer.delete_term(id_term(&pi.fields, id));
    writer.commit()?;
    pi.reader.reload()?;
    Ok(true)
}
