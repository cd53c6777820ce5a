//! The web page, embedded in the binary (no build step, no internet needed).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "web/"]
struct Assets;

fn asset(path: &str) -> Response {
    match Assets::get(path) {
        Some(file) => {
            let mime = file.metadata.mimetype().to_string();
            ([(header::CONTENT_TYPE, mime)], file.data.into_owned()).into_response()
        }
        None => (StatusCode::NOT_FOUND, "không tìm thấy").into_response(),
    }
}

/// `GET /` — the search page.
pub async fn index() -> Response {
    asset("index.html")
}

/// `GET /static/{file}`
pub async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    asset(&file)
}
