//! The JSON API handlers (API.md). Searches run on the blocking pool; writes go
//! through the one index writer, one at a time.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, ErrorBody};
use super::openapi::SearchParams;
use super::params::{Format, int_param, last, pairs, search_request};
use crate::analysis::{AnalyzedToken, analyze as analyze_text};
use crate::extract::{Citation, PlanMetadata};
use crate::index::write::{add_plan, delete_plan, plan_by_id, plan_from_text};
use crate::search::compare::Comparison;
use crate::search::facets::FacetValue;
use crate::search::highlight::Mark;
use crate::search::overview::Overview;
use crate::search::searcher::hit_of;
use crate::search::similar::SimilarPassage;
use crate::search::{Hit, SearchRequest, SearchResponse, search as run_search};

type ApiResult<T> = Result<T, ApiError>;

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> ApiResult<T> {
    Ok(tokio::task::spawn_blocking(f).await??)
}

/// The value of a path parameter; 400 naming it when it cannot be decoded.
fn path_param(p: Result<Path<String>, PathRejection>, name: &str) -> ApiResult<String> {
    p.map(|Path(v)| v)
        .map_err(|e| ApiError::bad_request(format!("path parameter `{name}`: {e}")))
}

/// `GET /api/search`
#[utoipa::path(
    get,
    path = "/api/search",
    tag = "search",
    summary = "Search plans",
    description = "Words must all match (diacritics optional); filters on one parameter OR \
                   together, different parameters AND together.",
    params(SearchParams),
    responses(
        (status = 200, description = "Matching plans, one page, with facet counts", content(
            (SearchResponse = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A parameter is malformed; the message names it", body = ErrorBody),
    )
)]
pub async fn search(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let (req, format) = search_request(raw.as_deref())?;
    let key = raw.unwrap_or_default();
    // Read before searching: a write committed meanwhile makes the answer newer
    // than its generation, never older, and the next generation clears it.
    let generation = st.index.reader.searcher().generation().generation_id();
    if format == Format::Json
        && let Some(body) = st.search_cache.get(generation, &key)
    {
        return Ok(json_bytes(body, "hit"));
    }
    let pi = st.index.clone();
    let resp = blocking(move || run_search(&pi, &req)).await?;
    Ok(match format {
        Format::Json => {
            let body = Bytes::from(serde_json::to_vec(&resp).map_err(ApiError::internal)?);
            st.search_cache.put(generation, key, body.clone());
            json_bytes(body, "miss")
        }
        Format::Csv => csv_response(&resp)?,
    })
}

/// A JSON answer already serialized, saying whether it came from the cache.
fn json_bytes(body: Bytes, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::HeaderName::from_static("x-plansearch-cache"), cache),
        ],
        body,
    )
        .into_response()
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

/// A plan as `GET /api/plans/{id}` answers it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDetail {
    #[serde(flatten)]
    pub meta: PlanMetadata,
    /// The whole text, as read (what `sections`' offsets and `marks` point into).
    pub text: String,
    /// With `q`: where the query's words are in `text`, as search snippets mark them
    /// (diacritics optional, OCR spellings repaired, acronyms expanded), in UTF-8
    /// byte offsets, sorted and disjoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marks: Option<Vec<Mark>>,
}

/// `GET /api/plans/{id}`
#[utoipa::path(
    get,
    path = "/api/plans/{id}",
    tag = "plans",
    summary = "One plan: metadata, sections and text",
    params(
        ("id" = String, Path, description = "Plan id (from a search hit)"),
        ("q" = Option<String>, Query, description = "A search query whose words to mark in the text (see `marks`)"),
    ),
    responses(
        (status = 200, description = "The plan", body = PlanDetail),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "No plan with this id", body = ErrorBody),
    )
)]
pub async fn plan(
    State(st): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<PlanDetail>> {
    let id = path_param(id, "id")?;
    let q = last(&pairs(raw.as_deref()), "q")
        .unwrap_or_default()
        .to_string();
    let pi = st.index.clone();
    let id2 = id.clone();
    let detail = blocking(move || {
        let Some(plan) = plan_by_id(&pi, &id2)? else {
            return Ok(None);
        };
        let marks = if q.trim().is_empty() {
            None
        } else {
            Some(
                crate::search::highlight::marks(&pi, &q, &id2, &plan.text)?
                    .into_iter()
                    .map(|(start, end)| Mark { start, end })
                    .collect(),
            )
        };
        Ok(Some(PlanDetail {
            meta: plan.meta,
            text: plan.text,
            marks,
        }))
    })
    .await?;
    detail
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no plan with id {id:?}")))
}

/// A page of plan summaries.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanList {
    /// All plans in the index.
    pub total: usize,
    /// Newest first.
    pub plans: Vec<Hit>,
}

/// `GET /api/plans?limit=&offset=`
#[utoipa::path(
    get,
    path = "/api/plans",
    tag = "plans",
    summary = "Plan summaries, newest first",
    params(
        ("limit" = Option<usize>, Query, minimum = 0, maximum = 1000, description = "Plans per page (default 50)"),
        ("offset" = Option<usize>, Query, minimum = 0, maximum = 1000000, description = "Plans to skip"),
    ),
    responses(
        (status = 200, description = "Plan summaries (as in search hits, without snippets)", body = PlanList),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
    )
)]
pub async fn plans(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<PlanList>> {
    let p = pairs(raw.as_deref());
    let req = SearchRequest {
        limit: int_param(&p, "limit", 0, 1000)?.unwrap_or(50),
        offset: int_param(&p, "offset", 0, 1_000_000)?.unwrap_or(0),
        sort: crate::search::Sort::DateDesc,
        ..Default::default()
    };
    let pi = st.index.clone();
    let resp = blocking(move || run_search(&pi, &req)).await?;
    Ok(Json(PlanList {
        total: resp.total,
        plans: resp.hits,
    }))
}

/// `GET /api/facets`
#[utoipa::path(
    get,
    path = "/api/facets",
    tag = "search",
    summary = "Facet counts over the whole collection",
    responses((status = 200, description = "By facet name (year, topic, province, level, unit, cites, issuer), the most frequent values", body = BTreeMap<String, Vec<FacetValue>>))
)]
pub async fn facets(
    State(st): State<Arc<AppState>>,
) -> ApiResult<Json<BTreeMap<String, Vec<FacetValue>>>> {
    let req = SearchRequest {
        limit: 0,
        facets: true,
        ..Default::default()
    };
    let pi = st.index.clone();
    let resp = blocking(move || run_search(&pi, &req)).await?;
    Ok(Json(resp.facets))
}

/// A topic of the taxonomy (`data/topics.tsv`).
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicInfo {
    /// The value of the `topic` filter and of plans' `topics`.
    pub id: String,
    /// Vietnamese label.
    pub label: String,
    pub label_en: String,
}

/// `GET /api/topics`
#[utoipa::path(
    get,
    path = "/api/topics",
    tag = "search",
    summary = "The topic taxonomy: ids and labels",
    responses((status = 200, description = "Every topic, in taxonomy order", body = Vec<TopicInfo>))
)]
pub async fn topics() -> Json<Vec<TopicInfo>> {
    let list = crate::extract::topics::Topics::shared()
        .topics
        .iter()
        .map(|t| TopicInfo {
            id: t.id.clone(),
            label: t.label_vi.clone(),
            label_en: t.label_en.clone(),
        })
        .collect();
    Json(list)
}

/// `GET /api/overview`
#[utoipa::path(
    get,
    path = "/api/overview",
    tag = "search",
    summary = "Plans per year and topics per year",
    responses((status = 200, description = "Counts over the whole collection", body = Overview))
)]
pub async fn overview(State(st): State<Arc<AppState>>) -> ApiResult<Json<Overview>> {
    let pi = st.index.clone();
    Ok(Json(
        blocking(move || crate::search::overview::overview(&pi)).await?,
    ))
}

/// A cited document with its plans.
#[derive(Debug, Serialize, ToSchema)]
pub struct Cited {
    /// The document number, normalized (`76/NQ-CP`).
    pub number: String,
    pub kind: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    /// Plans citing it.
    pub count: usize,
    /// Those plans, newest first (only from `/api/citations/{number}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited_by: Option<Vec<Hit>>,
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
                entry.1.push(hit_of(&plan.meta, 0.0));
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
#[utoipa::path(
    get,
    path = "/api/citations",
    tag = "citations",
    summary = "The most-cited documents",
    params(("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "How many (default 20)")),
    responses(
        (status = 200, description = "Most cited first", body = Vec<Cited>),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
    )
)]
pub async fn citations(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Vec<Cited>>> {
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
    Ok(Json(list))
}

/// `GET /api/citations/{number}`
#[utoipa::path(
    get,
    path = "/api/citations/{number}",
    tag = "citations",
    summary = "A cited document and the plans citing it",
    params(("number" = String, Path, description = "Document number, URL-encoded (76%2FNQ-CP); case and separators do not matter")),
    responses(
        (status = 200, description = "The document with `cited_by`", body = Cited),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "No plan cites it", body = ErrorBody),
    )
)]
pub async fn citation(
    State(st): State<Arc<AppState>>,
    number: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<Cited>> {
    let number = path_param(number, "number")?;
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
    Ok(Json(cited))
}

/// Longest text accepted by `/api/analyze`.
const MAX_ANALYZE_BYTES: usize = 100_000;

/// `GET /api/analyze?text=`
#[utoipa::path(
    get,
    path = "/api/analyze",
    tag = "meta",
    summary = "The analyzer's tokens for a text",
    description = "As `plansearch analyze` prints them: each word with every index term emitted at its position.",
    params(("text" = String, Query, max_length = 100000, description = "The text to analyze (at most 100,000 bytes)")),
    responses(
        (status = 200, description = "One entry per word", body = Vec<AnalyzedToken>),
        (status = 400, description = "Missing or too long `text`", body = ErrorBody),
    )
)]
pub async fn analyze(RawQuery(raw): RawQuery) -> ApiResult<Json<Vec<AnalyzedToken>>> {
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
    Ok(Json(tokens))
}

/// The answer of `GET /api/health`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// Plans in the index.
    pub plans: u64,
}

/// `GET /api/health`
#[utoipa::path(
    get,
    path = "/api/health",
    tag = "meta",
    summary = "Liveness and plan count",
    responses((status = 200, description = "The server is up", body = Health))
)]
pub async fn health(State(st): State<Arc<AppState>>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        plans: st.index.reader.searcher().num_docs(),
    })
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
#[utoipa::path(
    post,
    path = "/api/plans",
    tag = "plans",
    summary = "Add or replace a plan",
    description = "The plan is searchable as soon as this answers.",
    params(("source" = Option<String>, Query, description = "File name to record; `.md` reads the body as markdown (default api.txt)")),
    request_body(content = String, content_type = "text/plain", description = "The document as text (UTF-8, UTF-16 with BOM or Windows-1258)"),
    security(("admin_token" = [])),
    responses(
        (status = 201, description = "Indexed; its metadata", body = PlanMetadata),
        (status = 400, description = "The body cannot be read", body = ErrorBody),
        (status = 401, description = "No bearer token sent", body = ErrorBody),
        (status = 403, description = "Wrong token, or writes disabled", body = ErrorBody),
        (status = 413, description = "Body over 16 MiB", body = ErrorBody),
    )
)]
pub async fn add(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<PlanMetadata>)> {
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
    Ok((StatusCode::CREATED, Json(meta)))
}

/// The answer of `DELETE /api/plans/{id}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deleted {
    /// The id of the removed plan.
    pub deleted: String,
}

/// `DELETE /api/plans/{id}`
#[utoipa::path(
    delete,
    path = "/api/plans/{id}",
    tag = "plans",
    summary = "Remove a plan",
    params(("id" = String, Path, description = "Plan id")),
    security(("admin_token" = [])),
    responses(
        (status = 200, description = "Removed", body = Deleted),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 401, description = "No bearer token sent", body = ErrorBody),
        (status = 403, description = "Wrong token, or writes disabled", body = ErrorBody),
        (status = 404, description = "No plan with this id", body = ErrorBody),
    )
)]
pub async fn delete(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<Deleted>> {
    authorize(&st, &headers)?;
    let id = path_param(id, "id")?;
    let st2 = st.clone();
    let id2 = id.clone();
    let deleted = blocking(move || st2.with_writer(|pi, w| delete_plan(pi, w, &id2))).await?;
    if !deleted {
        return Err(ApiError::not_found(format!("no plan with id {id:?}")));
    }
    Ok(Json(Deleted { deleted: id }))
}

/// The value of a required parameter; 400 naming it when missing or blank.
fn required(p: &[(String, String)], key: &str) -> ApiResult<String> {
    last(p, key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("parameter `{key}` is required")))
}

/// `GET /api/compare?a=&b=`
#[utoipa::path(
    get,
    path = "/api/compare",
    tag = "plans",
    summary = "Two plans side by side",
    params(
        ("a" = String, Query, pattern = r"\S", description = "Id of the first plan"),
        ("b" = String, Query, pattern = r"\S", description = "Id of the second plan"),
    ),
    responses(
        (status = 200, description = "Shared and distinct topics, units and citations; sections paired", body = Comparison),
        (status = 400, description = "Missing `a` or `b`", body = ErrorBody),
        (status = 404, description = "No plan with one of the ids", body = ErrorBody),
    )
)]
pub async fn compare(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Comparison>> {
    let p = pairs(raw.as_deref());
    let (a, b) = (required(&p, "a")?, required(&p, "b")?);
    let pi = st.index.clone();
    let (ida, idb) = (a.clone(), b.clone());
    let (pa, pb) = blocking(move || Ok((plan_by_id(&pi, &ida)?, plan_by_id(&pi, &idb)?))).await?;
    let missing = |id: &str| ApiError::not_found(format!("no plan with id {id:?}"));
    let pa = pa.ok_or_else(|| missing(&a))?;
    let pb = pb.ok_or_else(|| missing(&b))?;
    let cmp = blocking(move || Ok(crate::search::compare::compare(&pa, &pb))).await?;
    Ok(Json(cmp))
}

/// Longest text accepted by `/api/similar`: a duty or a paragraph, not a plan.
const MAX_SIMILAR_BYTES: usize = 10_000;
/// Largest `limit` of `/api/similar`.
const MAX_SIMILAR_LIMIT: usize = 50;

async fn run_similar(
    st: &AppState,
    text: String,
    limit: usize,
) -> ApiResult<Json<Vec<SimilarPassage>>> {
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
    Ok(Json(hits))
}

fn similar_limit(p: &[(String, String)]) -> ApiResult<usize> {
    Ok(int_param(p, "limit", 1, MAX_SIMILAR_LIMIT)?.unwrap_or(10))
}

/// `GET /api/similar?text=&limit=`
#[utoipa::path(
    get,
    path = "/api/similar",
    tag = "search",
    summary = "Passages worded like a text",
    description = "Passages of the plans whose wording is close to `text` (shared syllables and syllable pairs, diacritics and OCR spelling aside).",
    params(
        ("text" = String, Query, max_length = 10000, pattern = r"\S", description = "A duty, a sentence or a paragraph (at most 10,000 bytes)"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 50, description = "Passages (default 10)"),
    ),
    responses(
        (status = 200, description = "Closest first", body = Vec<SimilarPassage>),
        (status = 400, description = "Missing or too long `text`, or bad `limit`", body = ErrorBody),
    )
)]
pub async fn similar(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Vec<SimilarPassage>>> {
    let p = pairs(raw.as_deref());
    let limit = similar_limit(&p)?;
    let text = required(&p, "text")?;
    run_similar(&st, text, limit).await
}

/// `POST /api/similar?limit=` with the text as the body.
#[utoipa::path(
    post,
    path = "/api/similar",
    tag = "search",
    summary = "Passages worded like a text (text in the body)",
    params(("limit" = Option<usize>, Query, minimum = 1, maximum = 50, description = "Passages (default 10)")),
    request_body(content = String, content_type = "text/plain", description = "The text, UTF-8, at most 10,000 bytes"),
    responses(
        (status = 200, description = "Closest first", body = Vec<SimilarPassage>),
        (status = 400, description = "Empty, too long or non-UTF-8 body, or bad `limit`", body = ErrorBody),
    )
)]
pub async fn similar_body(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Vec<SimilarPassage>>> {
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
