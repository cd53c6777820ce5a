//! `GET /api/openapi.json`: the OpenAPI 3 description of the server, generated from
//! the handlers' `#[utoipa::path]` attributes and the response types themselves, so
//! it cannot drift from the code. The document lists every route of the route table
//! in `server/mod.rs` (see `ApiDoc` there).
//!
//! The handlers read their query strings by hand (repeatable parameters, errors
//! that name the parameter), so the search parameters are described here.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn, ParameterStyle};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, RefOr, Required, ResponseBuilder};
use utoipa::{IntoParams, Modify, OpenApi};

use super::ApiDoc;
use super::params::{MAX_CSV_LIMIT, MAX_OFFSET};
use crate::search::request::MAX_LIMIT;

/// Name of the bearer-token scheme that guards writes (the handlers' `security`
/// attributes spell it too: they take a literal).
pub const ADMIN_TOKEN: &str = "admin_token";

/// Adds the bearer-token scheme the write endpoints refer to.
pub struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            ADMIN_TOKEN,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The token given to `serve` by `--admin-token` or \
                         PLANSEARCH_ADMIN_TOKEN; with none configured, writes answer 403.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Documents the answers the HTTP layer gives before any handler runs, which any
/// operation can get: a URL or headers over hyper's limits (long text belongs in
/// the body of `POST /api/similar`).
pub struct TransportLimits;

impl Modify for TransportLimits {
    fn modify(&self, doc: &mut Document) {
        for item in doc.paths.paths.values_mut() {
            for op in operations(item) {
                for (status, why) in [
                    ("414", "The URL is too long for the HTTP layer"),
                    (
                        "431",
                        "The request headers are too large for the HTTP layer",
                    ),
                ] {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| ResponseBuilder::new().description(why).build().into());
                }
            }
        }
    }
}

/// The write and similar-wording bodies are text the handlers refuse when blank:
/// the schema says so (the attribute syntax cannot put bounds on a body).
pub struct NonBlankBodies;

impl Modify for NonBlankBodies {
    fn modify(&self, doc: &mut Document) {
        for item in doc.paths.paths.values_mut() {
            for op in operations(item) {
                let Some(RefOr::T(body)) = op.request_body.as_mut() else {
                    continue;
                };
                for content in body.content.values_mut() {
                    let RefOr::T(content) = content else { continue };
                    content.schema = Some(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .min_length(Some(1))
                            .pattern(Some(r"\S"))
                            .into(),
                    );
                }
            }
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.post.as_mut(),
        item.put.as_mut(),
        item.delete.as_mut(),
        item.patch.as_mut(),
    ]
    .into_iter()
    .flatten()
}

/// The document as JSON, built once.
pub fn document_json() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null))
}

/// `GET /api/openapi.json`
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    summary = "This document",
    responses((status = 200, description = "The OpenAPI 3 description of the server", body = Object))
)]
pub async fn document() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_json().to_string(),
    )
        .into_response()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn integer(min: i64, max: i64) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(Some(max))
}

fn year() -> ObjectBuilder {
    integer(1900, 2100)
}

fn one_of(values: &[&str]) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
}

/// A query parameter that may be repeated (`year=2023&year=2024`); the server also
/// splits each value on commas.
fn repeated(name: &str, item: ObjectBuilder, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(ArrayBuilder::new().items(item).build()))
        .style(Some(ParameterStyle::Form))
        .explode(Some(true))
        .build()
}

fn single(name: &str, schema: ObjectBuilder, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// The query parameters of `GET /api/search` (API.md).
pub struct SearchParams;

impl IntoParams for SearchParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let csv_note = format!(
            "Results per page: at most {MAX_LIMIT}, or {MAX_CSV_LIMIT} with format=csv. Default 10."
        );
        vec![
            single(
                "q",
                string(),
                "Free text; empty means all plans. Diacritics optional; \"quoted phrase\", \
                 -exclusion, a OR b. Years, places, levels, topics and document numbers \
                 named in it are understood as filters or boosts (see `understood`).",
            ),
            repeated(
                "year",
                year(),
                "Plan year; repeatable or comma-separated (2023,2024).",
            ),
            single("year_from", year(), "Earliest plan year."),
            single("year_to", year(), "Latest plan year."),
            repeated("topic", string(), "Topic id (see /api/topics); repeatable."),
            repeated(
                "unit",
                string(),
                "Implementing unit, diacritic- and case-insensitive; repeatable.",
            ),
            repeated(
                "cites",
                string(),
                "A cited document number such as 76/NQ-CP; repeatable.",
            ),
            repeated(
                "province",
                string(),
                "Province, diacritic- and case-insensitive; repeatable.",
            ),
            repeated(
                "level",
                string(),
                "Administrative level: xa, huyen, tinh, so, bo; repeatable.",
            ),
            repeated(
                "issuer",
                string(),
                "Issuing body, diacritic- and case-insensitive; repeatable.",
            ),
            single("limit", integer(0, MAX_CSV_LIMIT as i64), &csv_note),
            single(
                "offset",
                integer(0, MAX_OFFSET as i64),
                "Hits to skip (paging).",
            ),
            single(
                "sort",
                one_of(&["relevance", "date_desc", "date_asc"]),
                "Result order; relevance by default.",
            ),
            single(
                "format",
                one_of(&["json", "csv"]),
                "json (default) or csv: one row per matching plan, for spreadsheets.",
            ),
            repeated(
                "facets",
                string(),
                "Facet counts to return: all (default), none, or names among year, topic, \
                 province, level, unit, cites, issuer (comma-separated or repeated). A caller \
                 that only needs hits answers faster with none.",
            ),
            single(
                "literal",
                one_of(&["true", "false", "1", "0"]),
                "Search q as plain text, without understanding years, places or document names.",
            ),
        ]
    }
}
