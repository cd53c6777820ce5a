//! The JSON API handlers (API.md). Searches run on the blocking pool; writes go
//! through the one index writer, one at a time.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use super::AppState;
use super::error::ApiError;
use super::params::{Format, int_param, last, pairs, search_request};
use crate::analysis::analyze as analyze_text;
use crate::extract::Citation;
use crate::index::write::{add_plan, delete_plan, plan_by_id, plan_from_text};
use crate::search::searcher::hit_of;
use crate::search::{Hit, SearchRequest, SearchResponse, search as run_search};

type ApiResult<T> = Result<T, ApiError>;

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> ApiResult<T> {
    Ok(tokio::task::spawn_blocking(f).await??)
}

/// `GET /api/search`
pub async fn search(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let (req, format) = search_request(raw.as_deref())?;
    let pi = st.index.clone();
    let resp = blocking(move || run_search(&pi, &req)).await?;
    Ok(match format {
        Format::Json => Json(resp).into_response(),
        Format::Csv => csv_response(&resp)?,
    })
}

/// One CSV row per plan, with its metadata, for spreadsheets.
fn csv_response(resp: &SearchResponse) -> ApiResult<Response> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "source",
        "doc_number",
        "title",
        "issuer",
        "level",
        "province",
        "year",
        "issued_date",
        "topics",
        "score",
    ];
    w.write_record(header).map_err(ApiError::internal)?;
    for h in &resp.hits {
        let row = [
            h.id.clone(),
            h.source.clone().unwrap_or_default(),
            h.doc_number.clone().unwrap_or_default(),
            h.title.clone().unwrap_or_default(),
            h.issuer.clone().unwrap_or_default(),
            h.level.clone().unwrap_or_default(),
            h.province.clone().unwrap_or_default(),
            h.year.map(|y| y.to_string()).unwrap_or_default(),
            h.issued_date.clone().unwrap_or_default(),
            h.topics.join(";"),
            format!("{:.3}", h.score),
        ];
        w.write_record(row).map_err(ApiError::internal)?;
    }
    let mut body = vec![0xEF, 0xBB, 0xBF]; // BOM: spreadsheet programs read UTF-8 then
    body.extend(w.into_inner().map_err(ApiError::internal)?);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"plansearch.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// `GET /api/plans/{id}`
pub async fn plan(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let pi = st.index.clone();
    let id2 = id.clone();
    let plan = blocking(move || plan_by_id(&pi, &id2)).await?;
    let plan = plan.ok_or_else(|| ApiError::not_found(format!("no plan with id {id:?}")))?;
    let mut v = serde_json::to_value(&plan.meta).map_err(ApiError::internal)?;
    v["text"] = Value::String(plan.text);
    Ok(Json(v))
}

/// `GET /api/plans?limit=&offset=`
pub async fn plans(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let p = pairs(raw.as_deref());
    let req = SearchRequest {
        limit: int_param(&p, "limit", 0, 1000)?.unwrap_or(50),
        offset: int_param(&p, "offset", 0, 1_000_000)?.unwrap_or(0),
        sort: crate::search::Sort::DateDesc,
        ..Default::default()
    };
    let pi = st.index.clone();
    let resp = blocking(move || run_search(&pi, &req)).await?;
    Ok(Json(json!({ "total": resp.total, "plans": resp.hits })))
}

/// `GET /api/facets`
pub async fn facets(State(st): State<Arc<AppState>>) -> ApiResult<Json<Value>> {
    let req = SearchRequest {
        limit: 0,
        facets: true,
        ..Default::default()
    };
    let pi = st.index.clone();
    let resp = blocking(move || run_search(&pi, &req)).await?;
    Ok(Json(
        serde_json::to_value(resp.facets).map_err(ApiError::internal)?,
    ))
}

/// A cited document with its plans.
#[derive(Serialize)]
struct Cited {
    number: String,
    kind: Option<String>,
    issuer: Option<String>,
    date: Option<String>,
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    cited_by: Option<Vec<Hit>>,
}

/// Every plan's citations, grouped by normalized number.
fn citation_table(st: &AppState) -> anyhow::Result<BTreeMap<String, (Citation, Vec<Hit>)>> {
    let req = SearchRequest {
        limit: 1_000_000,
        sort: crate::search::Sort::DateDesc,
        ..Default::default()
    };
    let searcher = st.index.reader.searcher();
    let (query, _) = crate::search::searcher::request_query(&st.index.fields, &req);
    let top = searcher.search(
        query.as_ref(),
        &tantivy::collector::TopDocs::with_limit(req.limit.max(1)).order_by_score(),
    )?;
    let mut table: BTreeMap<String, (Citation, Vec<Hit>)> = BTreeMap::new();
    for (_, addr) in top {
        let doc: tantivy::TantivyDocument = searcher.doc(addr)?;
        let plan = crate::index::Plan::from_document(&doc, &st.index.fields)?;
        for c in &plan.meta.citations {
            let Some(n) = &c.number else { continue };
            let entry = table
                .entry(n.clone())
                .or_insert_with(|| (c.clone(), Vec::new()));
            if entry
                .1
                .iter()
                .all(|h| Some(h.id.as_str()) != plan.meta.id.as_deref())
            {
                entry.1.push(hit_of(&plan, 0.0));
            }
            for (mine, theirs) in [
                (&mut entry.0.kind, &c.kind),
                (&mut entry.0.issuer, &c.issuer),
                (&mut entry.0.date, &c.date),
            ] {
                if mine.is_none() {
                    mine.clone_from(theirs);
                }
            }
        }
    }
    Ok(table)
}

/// `GET /api/citations?limit=`
pub async fn citations(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Vec<Value>>> {
    let p = pairs(raw.as_deref());
    let limit = int_param(&p, "limit", 1, 1000)?.unwrap_or(20);
    let st2 = st.clone();
    let table = blocking(move || citation_table(&st2)).await?;
    let mut list: Vec<Cited> = table
        .into_iter()
        .map(|(number, (c, by))| Cited {
            number,
            kind: c.kind,
            issuer: c.issuer,
            date: c.date,
            count: by.len(),
            cited_by: None,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.number.cmp(&b.number)));
    list.truncate(limit);
    Ok(Json(
        list.into_iter()
            .map(|c| serde_json::to_value(c).unwrap_or_default())
            .collect(),
    ))
}

/// `GET /api/citations/{number}`
pub async fn citation(
    State(st): State<Arc<AppState>>,
    Path(number): Path<String>,
) -> ApiResult<Json<Value>> {
    let key = crate::index::doc::cites_key(&number);
    let st2 = st.clone();
    let table = blocking(move || citation_table(&st2)).await?;
    let found = table
        .into_iter()
        .find(|(n, _)| crate::index::doc::cites_key(n) == key)
        .ok_or_else(|| ApiError::not_found(format!("no plan cites {number:?}")))?;
    let (n, (c, by)) = found;
    let cited = Cited {
        number: n,
        kind: c.kind,
        issuer: c.issuer,
        date: c.date,
        count: by.len(),
        cited_by: Some(by),
    };
    Ok(Json(
        serde_json::to_value(cited).map_err(ApiError::internal)?,
    ))
}

/// Longest text accepted by `/api/analyze`.
const MAX_ANALYZE_BYTES: usize = 100_000;

/// `GET /api/analyze?text=`
pub async fn analyze(RawQuery(raw): RawQuery) -> ApiResult<Json<Value>> {
    let p = pairs(raw.as_deref());
    let text = last(&p, "text")
        .map(str::to_string)
        .ok_or_else(|| ApiError::bad_request("parameter `text` is required"))?;
    if text.len() > MAX_ANALYZE_BYTES {
        return Err(ApiError::bad_request(format!(
            "parameter `text` is longer than {MAX_ANALYZE_BYTES} bytes"
        )));
    }
    let tokens = blocking(move || Ok(analyze_text(&text))).await?;
    Ok(Json(
        serde_json::to_value(tokens).map_err(ApiError::internal)?,
    ))
}

/// `GET /api/health`
pub async fn health(State(st): State<Arc<AppState>>) -> Json<Value> {
    let n = st.index.reader.searcher().num_docs();
    Json(json!({ "status": "ok", "plans": n }))
}

/// Checks the bearer token in constant time, never logging or echoing it: 403 when
/// writes are disabled (no token configured) or the token is wrong, 401 when none was
/// sent.
fn authorize(st: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(expected) = &st.admin_token else {
        return Err(ApiError::forbidden(
            "writes are disabled: the server has no admin token",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            ApiError::unauthorized("an `Authorization: Bearer <token>` header is required")
        })?;
    // Compare digests, not the tokens: equal length whatever was sent, so neither the
    // comparison time nor an early length check tells anything about the token.
    let (given, expected) = (
        blake3::hash(given.as_bytes()),
        blake3::hash(expected.as_bytes()),
    );
    if bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::forbidden("wrong token"))
    }
}

/// `POST /api/plans?source=name.txt` with the document as the body.
pub async fn add(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    authorize(&st, &headers)?;
    let p = pairs(raw.as_deref());
    let source = last(&p, "source").unwrap_or("api.txt").to_string();
    let format = if source.ends_with(".md") {
        crate::text::read::Format::Markdown
    } else {
        crate::text::read::Format::Text
    };
    let text = crate::text::read::decode_plan(&body, format)
        .map_err(|e| ApiError::bad_request(format!("request body: {e}")))?;
    let st2 = st.clone();
    let meta = blocking(move || {
        let plan = plan_from_text(text, &source);
        st2.with_writer(|pi, w| add_plan(pi, w, &plan))?;
        Ok(plan.meta)
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::to_value(meta).map_err(ApiError::internal)?),
    ))
}

/// `DELETE /api/plans/{id}`
pub async fn delete(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    authorize(&st, &headers)?;
    let st2 = st.clone();
    let id2 = id.clone();
    let deleted = blocking(move || st2.with_writer(|pi, w| delete_plan(pi, w, &id2))).await?;
    if !deleted {
        return Err(ApiError::not_found(format!("no plan with id {id:?}")));
    }
    Ok(Json(json!({ "deleted": id })))
}

/// The value of a required parameter; 400 naming it when missing or blank.
fn required(p: &[(String, String)], key: &str) -> ApiResult<String> {
    last(p, key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("parameter `{key}` is required")))
}

/// `GET /api/compare?a=&b=`
pub async fn compare(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let p = pairs(raw.as_deref());
    let (a, b) = (required(&p, "a")?, required(&p, "b")?);
    let pi = st.index.clone();
    let (ida, idb) = (a.clone(), b.clone());
    let (pa, pb) = blocking(move || Ok((plan_by_id(&pi, &ida)?, plan_by_id(&pi, &idb)?))).await?;
    let missing = |id: &str| ApiError::not_found(format!("no plan with id {id:?}"));
    let pa = pa.ok_or_else(|| missing(&a))?;
    let pb = pb.ok_or_else(|| missing(&b))?;
    let cmp = blocking(move || Ok(crate::search::compare::compare(&pa, &pb))).await?;
    Ok(Json(serde_json::to_value(cmp).map_err(ApiError::internal)?))
}

/// Longest text accepted by `/api/similar`: a duty or a paragraph, not a plan.
const MAX_SIMILAR_BYTES: usize = 10_000;
/// Largest `limit` of `/api/similar`.
const MAX_SIMILAR_LIMIT: usize = 50;

async fn run_similar(st: &AppState, text: String, limit: usize) -> ApiResult<Json<Value>> {
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("parameter `text` is required"));
    }
    if text.len() > MAX_SIMILAR_BYTES {
        return Err(ApiError::bad_request(format!(
            "parameter `text` is longer than {MAX_SIMILAR_BYTES} bytes"
        )));
    }
    let pi = st.index.clone();
    let hits = blocking(move || crate::search::similar::similar(&pi, &text, limit)).await?;
    Ok(Json(
        serde_json::to_value(hits).map_err(ApiError::internal)?,
    ))
}

fn similar_limit(p: &[(String, String)]) -> ApiResult<usize> {
    Ok(int_param(p, "limit", 1, MAX_SIMILAR_LIMIT)?.unwrap_or(10))
}

/// `GET /api/similar?text=&limit=`
pub async fn similar(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let p = pairs(raw.as_deref());
    let limit = similar_limit(&p)?;
    let text = required(&p, "text")?;
    run_similar(&st, text, limit).await
}

/// `POST /api/similar?limit=` with the text as the body.
pub async fn similar_body(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let p = pairs(raw.as_deref());
    let limit = similar_limit(&p)?;
    if body.len() > MAX_SIMILAR_BYTES {
        return Err(ApiError::bad_request(format!(
            "parameter `text` (the body) is longer than {MAX_SIMILAR_BYTES} bytes"
        )));
    }
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::bad_request("parameter `text` (the body) is not UTF-8"))?;
    run_similar(&st, text, limit).await
}
