//! `plansearch serve`: the HTTP API (API.md) and the web page on axum/tokio.

mod api;
pub mod cache;
pub mod error;
mod metrics;
pub mod openapi;
pub mod params;
mod web;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, header};
use axum::middleware::{from_fn, from_fn_with_state};
use tantivy::{IndexWriter, TantivyDocument};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::index::PlanIndex;
use openapi::{BearerAuth, NonBlankBodies, TransportLimits};

/// Largest request body (a plan sent with `POST /api/plans`).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Shared state of the handlers.
pub struct AppState {
    pub index: Arc<PlanIndex>,
    /// The one index writer, made on the first write.
    pub writer: Mutex<Option<IndexWriter<TantivyDocument>>>,
    /// Bearer token for writes; `None` disables writes.
    pub admin_token: Option<String>,
    /// Request counters and latencies for `/metrics`.
    pub metrics: metrics::Metrics,
    /// Recent `/api/search` answers (see [`cache::SearchCache`]).
    pub search_cache: cache::SearchCache,
}

impl AppState {
    /// Runs `f` with the index writer, made on first use; writes are serialized here.
    /// `f` commits before it returns, so the caller acknowledges only durable writes.
    pub fn with_writer<T>(
        &self,
        f: impl FnOnce(&PlanIndex, &mut IndexWriter<TantivyDocument>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| anyhow::anyhow!("writer lock poisoned"))?;
        if guard.is_none() {
            *guard = Some(self.index.writer()?);
        }
        let result = f(&self.index, guard.as_mut().expect("writer made above"));
        if result.is_err() {
            // A failed write (disk full, I/O error) may leave the writer unusable: drop
            // it, which rolls back what was not committed, and make a fresh one next time.
            *guard = None;
        }
        result
    }
}

/// Declares the route table once and makes from it the router's routes
/// (`add_routes`), the list of routes ([`ROUTES`]) and the OpenAPI document
/// ([`ApiDoc`]), so a route cannot be served without being documented.
macro_rules! route_table {
    ($($method:ident $path:literal => $module:ident :: $handler:ident,)*) => {
        /// `(method, path)` of every route the server answers, as routed.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path),)*];

        fn add_routes(r: Router<Arc<AppState>>) -> Router<Arc<AppState>> {
            r$(.route($path, axum::routing::$method($module::$handler)))*
        }

        /// The OpenAPI description of every route of [`ROUTES`], served at
        /// `/api/openapi.json`. Each entry comes from the handler's
        /// `#[utoipa::path]`; a test checks it names the same method and path.
        #[derive(utoipa::OpenApi)]
        #[openapi(
            info(
                title = "plansearch",
                description = "Search engine for Vietnamese administrative plans. \
                               Errors are a 4xx status with `{\"error\": {\"code\", \"message\"}}`; \
                               bad input never yields a 5xx. Writes need `Authorization: Bearer <token>`.",
            ),
            paths($($module::$handler,)*),
            modifiers(&BearerAuth, &TransportLimits, &NonBlankBodies),
        )]
        pub struct ApiDoc;
    };
}

route_table! {
    get "/" => web::index,
    get "/static/{file}" => web::static_file,
    get "/api/search" => api::search,
    get "/api/plans" => api::plans,
    post "/api/plans" => api::add,
    get "/api/plans/{id}" => api::plan,
    delete "/api/plans/{id}" => api::delete,
    get "/api/facets" => api::facets,
    get "/api/topics" => api::topics,
    get "/api/overview" => api::overview,
    get "/api/citations" => api::citations,
    get "/api/citations/{number}" => api::citation,
    get "/api/analyze" => api::analyze,
    get "/api/health" => api::health,
    get "/api/compare" => api::compare,
    get "/api/similar" => api::similar,
    post "/api/similar" => api::similar_body,
    get "/api/openapi.json" => openapi::document,
    get "/metrics" => metrics::metrics,
}

/// The application router.
pub fn router(state: Arc<AppState>) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    add_routes(Router::new())
        .fallback(|| async { error::ApiError::not_found("no such endpoint") })
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Outside the body limit, so its 413 gets the JSON error body too.
        .layer(from_fn(error::json_errors))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(
    index: PlanIndex,
    addr: SocketAddr,
    admin_token: Option<String>,
    search_cache: usize,
) -> Result<()> {
    // Warm the analyzer's data (OCR model, gazetteer) so the first answer is fast.
    tokio::task::spawn_blocking(|| crate::analysis::analyze("khởi động ctia")).await?;
    let state = Arc::new(AppState {
        index: Arc::new(index),
        writer: Mutex::new(None),
        admin_token: admin_token.filter(|t| !t.is_empty()),
        metrics: metrics::Metrics::default(),
        search_cache: cache::SearchCache::new(search_cache),
    });
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    eprintln!("plansearch đang chạy tại http://{local}/ (Ctrl-C để dừng)");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    eprintln!("đã dừng.");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    // Let in-flight requests finish, but do not wait forever.
    tokio::spawn(async {
        tokio::time::sleep(Duration::from_secs(10)).await;
        std::process::exit(0);
    });
}
