//! The web page, embedded in the binary (no build step, no internet needed).

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "web/"]
struct Assets;

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "không tìm thấy",
    )
        .into_response()
}

fn asset(path: &str) -> Response {
    match Assets::get(path) {
        Some(file) => {
            let mime = file.metadata.mimetype().to_string();
            ([(header::CONTENT_TYPE, mime)], file.data.into_owned()).into_response()
        }
        None => not_found(),
    }
}

/// `GET /` — the search page.
#[utoipa::path(
    get,
    path = "/",
    tag = "web",
    summary = "The web page",
    responses((status = 200, description = "The search page", content_type = "text/html", body = String))
)]
pub async fn index() -> Response {
    asset("index.html")
}

/// `GET /static/{file}`
#[utoipa::path(
    get,
    path = "/static/{file}",
    tag = "web",
    summary = "Scripts and styles of the web page",
    params(("file" = String, Path, description = "app.js, style.css, …")),
    responses(
        (status = 200, description = "The file"),
        (status = 404, description = "No such file", content_type = "text/plain", body = String),
    )
)]
pub async fn static_file(file: Result<Path<String>, PathRejection>) -> Response {
    match file {
        Ok(Path(file)) => asset(&file),
        Err(_) => not_found(),
    }
}
