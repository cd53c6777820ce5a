//! `GET /metrics` in the Prometheus text format: request counts and latencies by
//! route, plans and index size, so an operator can see load and growth without logs.
//!
//! Routes are labelled by their pattern (`/api/plans/{id}`), never the raw path, so
//! the number of series stays bounded whatever clients send.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 12] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Label of requests that matched no route, so probes of random paths share a series.
const UNMATCHED: &str = "unmatched";

#[derive(Debug, Default)]
struct Latency {
    /// Cumulative counts per bucket of [`BUCKETS`].
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Debug, Default)]
struct Inner {
    /// (route, method, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latency.
    latency: BTreeMap<String, Latency>,
}

/// Request counters shared by all handlers; one lock held for a few map updates
/// per request is far below the cost of any search.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    fn record(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let Ok(mut m) = self.inner.lock() else { return };
        *m.requests
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        let l = m.latency.entry(route.to_string()).or_default();
        for (b, le) in l.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= le {
                *b += 1;
            }
        }
        l.sum += seconds;
        l.count += 1;
    }

    /// The request metrics in the text format.
    fn render(&self, out: &mut String) {
        let Ok(m) = self.inner.lock() else { return };
        out.push_str(
            "# HELP plansearch_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE plansearch_http_requests_total counter\n");
        for ((route, method, status), n) in &m.requests {
            let _ = writeln!(
                out,
                "plansearch_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                escape(route),
                escape(method)
            );
        }
        out.push_str("# HELP plansearch_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE plansearch_http_request_duration_seconds histogram\n");
        for (route, l) in &m.latency {
            let r = escape(route);
            for (n, le) in l.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "plansearch_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{le}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "plansearch_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}",
                l.count
            );
            let _ = writeln!(
                out,
                "plansearch_http_request_duration_seconds_sum{{route=\"{r}\"}} {}",
                l.sum
            );
            let _ = writeln!(
                out,
                "plansearch_http_request_duration_seconds_count{{route=\"{r}\"}} {}",
                l.count
            );
        }
    }
}

/// Escapes a label value (backslash, quote, newline).
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: counts and times every request under its route pattern.
pub async fn track(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_string(), |p| p.as_str().to_string());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let resp = next.run(req).await;
    st.metrics.record(
        &route,
        &method,
        resp.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    resp
}

/// Bytes of the files in the index folder.
fn index_bytes(dir: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// `GET /metrics`
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "meta",
    summary = "Prometheus metrics",
    responses((status = 200, description = "Request counts and latencies by route, plans, index size (Prometheus text format)", content_type = "text/plain", body = String))
)]
pub async fn metrics(State(st): State<Arc<AppState>>) -> Response {
    let plans = st.index.reader.searcher().num_docs();
    let dir = st.index.dir.clone();
    let bytes = tokio::task::spawn_blocking(move || index_bytes(&dir))
        .await
        .unwrap_or(0);
    let mut out = String::new();
    st.metrics.render(&mut out);
    let _ = writeln!(
        out,
        "# HELP plansearch_plans Plans in the index.\n# TYPE plansearch_plans gauge\nplansearch_plans {plans}"
    );
    let _ = writeln!(
        out,
        "# HELP plansearch_index_size_bytes Size of the index folder on disk.\n# TYPE plansearch_index_size_bytes gauge\nplansearch_index_size_bytes {bytes}"
    );
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_cumulative_buckets() {
        let m = Metrics::default();
        m.record("/api/search", "GET", 200, 0.003);
        m.record("/api/search", "GET", 200, 0.2);
        m.record("/api/plans/{id}", "GET", 404, 0.0001);
        let mut out = String::new();
        m.render(&mut out);
        assert!(out.contains(
            "plansearch_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(out.contains(
            "plansearch_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.005\"} 1"
        ));
        assert!(out.contains(
            "plansearch_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.25\"} 2"
        ));
        assert!(out.contains(
            "plansearch_http_request_duration_seconds_count{route=\"/api/plans/{id}\"} 1"
        ));
    }
}
