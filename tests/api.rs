//! The HTTP API against the real server (`plansearch serve`) on an ephemeral port.

mod common;

use std::time::Duration;

use common::*;
use reqwest::blocking::Client;
use serde_json::Value;

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn get(s: &Server, path: &str) -> (u16, Value) {
    let r = client().get(format!("{}{}", s.base, path)).send().unwrap();
    let status = r.status().as_u16();
    (status, r.json().unwrap_or(Value::Null))
}

#[test]
fn read_endpoints() {
    let s = start(None);
    let (st, health) = get(&s, "/api/health");
    assert_eq!(
        (st, health["status"].as_str(), health["plans"].as_u64()),
        (200, Some("ok"), Some(5))
    );

    let (st, r) = get(&s, "/api/search?q=dang");
    assert_eq!(st, 200);
    assert_eq!(r["total"], 5);
    for key in ["query", "understood", "took_ms", "hits", "facets"] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    let hit = &r["hits"][0];
    for key in [
        "id",
        "source",
        "title",
        "doc_number",
        "issuer",
        "level",
        "province",
        "year",
        "issued_date",
        "topics",
        "score",
        "snippets",
    ] {
        assert!(hit.get(key).is_some(), "hit misses {key}");
    }
    for facet in ["year", "topic", "province", "level", "unit", "cites"] {
        assert!(r["facets"][facet].is_array(), "facet {facet}");
    }
    assert!(r["facets"]["topic"][0]["label"].is_string());

    // Facets on demand: none, or the ones named; hits and total stay the same.
    let (st, none) = get(&s, "/api/search?q=dang&facets=none");
    assert_eq!(st, 200);
    assert_eq!(none["facets"], serde_json::json!({}));
    assert_eq!((&none["total"], &none["hits"]), (&r["total"], &r["hits"]));
    let (_, some) = get(&s, "/api/search?q=dang&facets=year,topic");
    let names: Vec<&String> = some["facets"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["topic", "year"]);
    assert_eq!(some["facets"]["year"], r["facets"]["year"]);
    let (st, bad) = get(&s, "/api/search?q=dang&facets=colour");
    assert_eq!(st, 400);
    assert!(bad["error"]["message"].as_str().unwrap().contains("facets"));

    // Filters: repeatable year, diacritic-insensitive province.
    let (_, r) = get(&s, "/api/search?year=2024");
    assert_eq!(r["total"], 2);
    let (_, r) = get(&s, "/api/search?year=2024&year=2022");
    assert_eq!(r["total"], 3);
    let (_, r) = get(&s, "/api/search?year=2024,2022&province=lang%20son");
    assert_eq!(r["total"], 1);
    let (_, r) = get(&s, "/api/search?cites=76%2Fnq-cp");
    assert!(r["total"].as_u64().unwrap() >= 1);
    let (_, r) = get(&s, "/api/search?sort=date_desc&limit=5");
    let dates: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["issued_date"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    let id = hit["id"].as_str().unwrap().to_string();
    let (st, plan) = get(&s, &format!("/api/plans/{id}"));
    assert_eq!(st, 200);
    assert!(plan["text"].as_str().unwrap().len() > 1000);
    assert!(
        plan["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| !s["text"].as_str().unwrap_or("").is_empty())
    );
    let (st, list) = get(&s, "/api/plans?limit=3");
    assert_eq!((st, list["plans"].as_array().unwrap().len()), (200, 3));
    let (st, f) = get(&s, "/api/facets");
    assert_eq!(st, 200);
    assert!(f["year"].is_array());
    let (st, c) = get(&s, "/api/citations?limit=5");
    assert_eq!(st, 200);
    let top = &c[0];
    assert!(top["count"].as_u64().unwrap() >= 1 && top["number"].is_string());
    let (st, c) = get(&s, "/api/citations/76%2FNQ-CP");
    assert_eq!(st, 200);
    assert!(!c["cited_by"].as_array().unwrap().is_empty());
    let (st, a) = get(&s, "/api/analyze?text=ctia%20Pang");
    assert_eq!(st, 200);
    assert!(a[1]["terms"].as_array().unwrap().contains(&"dang".into()));

    let r = client()
        .get(format!("{}/api/search?q=TTHC&format=csv", s.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = r.text().unwrap();
    assert_eq!(csv.lines().count(), 6, "{csv}");

    let page = client().get(format!("{}/", s.base)).send().unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().unwrap().contains("Tìm kế hoạch"));
}

#[test]
fn bad_requests_are_400_and_name_the_parameter() {
    let s = start(None);
    for (path, name) in [
        ("/api/search?limit=1000", "limit"),
        ("/api/search?limit=x", "limit"),
        ("/api/search?offset=-3", "offset"),
        ("/api/search?year=abc", "year"),
        ("/api/search?sort=best", "sort"),
        ("/api/search?format=xml", "format"),
        ("/api/analyze", "text"),
    ] {
        let (st, body) = get(&s, path);
        assert_eq!(st, 400, "{path}");
        assert_eq!(body["error"]["code"], "bad_request");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(name),
            "{path}: {body}"
        );
    }
    let (st, body) = get(&s, "/api/plans/does-not-exist");
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    // Over the limits: 400 naming `q` (length, then words), or the filter.
    for (q, what) in [
        ("a%20OR%20".repeat(3000), "characters"),
        ("ab%20".repeat(400), "characters"),
        ("ab%20".repeat(101), "words"),
        ("ab%20OR%20".repeat(100) + "ab", "words"),
        (format!("%22{}%22", "ab%20".repeat(150)), "words"),
    ] {
        let (st, body) = get(&s, &format!("/api/search?q={q}"));
        let msg = body["error"]["message"].as_str().unwrap_or_default();
        assert_eq!(st, 400, "{q}");
        assert!(msg.contains("`q`") && msg.contains(what), "{msg}");
    }
    let (st, body) = get(&s, &format!("/api/search?year={}", "2024,".repeat(101)));
    assert_eq!(st, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`year`")
    );
    // Pathological but within the limits: answered (the client's 30 s timeout bounds
    // the wait; no timing is asserted).
    for q in [
        "a%20OR%20".repeat(99) + "a",
        format!("%22{}%22", "c%E1%BA%A3i%20c%C3%A1ch%20".repeat(45)),
        "-%22".repeat(300),
        "%22-%22-%22--%22%22%22".repeat(40),
        "%22%22%22---%20OR%20OR".to_string(),
        "OR%20".repeat(190),
        format!("{}%20{}", "d".repeat(400), "%C4%91".repeat(300)),
    ] {
        let (st, body) = get(&s, &format!("/api/search?q={q}&limit=100"));
        assert_eq!(st, 200, "{q}: {body}");
    }
}

#[test]
fn writes_need_the_token_and_are_searchable_at_once() {
    let s = start(Some("s3cret"));
    let url = format!("{}/api/plans?source=moi.txt", s.base);
    let body = "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2026 về chữký-duy-nhất-xyz\n";
    // Asked twice, the answer comes from the cache the second time; a write makes
    // it stale, so after one the question is answered afresh (checked below).
    let cache = |path: &str| {
        let r = client().get(format!("{}{path}", s.base)).send().unwrap();
        let h = r.headers()["x-plansearch-cache"]
            .to_str()
            .unwrap()
            .to_string();
        let v: Value = r.json().unwrap();
        (h, v["total"].as_u64().unwrap())
    };
    assert_eq!(cache("/api/search?q=xyz"), ("miss".to_string(), 0));
    assert_eq!(cache("/api/search?q=xyz"), ("hit".to_string(), 0));
    let r = client().post(&url).body(body).send().unwrap();
    assert_eq!(r.status(), 401);
    let r = client()
        .post(&url)
        .bearer_auth("wrong")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = client()
        .post(&url)
        .bearer_auth("s3cret")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    let meta: Value = r.json().unwrap();
    let id = meta["id"].as_str().unwrap().to_string();
    assert_eq!(cache("/api/search?q=xyz"), ("miss".to_string(), 1));
    assert_eq!(cache("/api/search?q=xyz"), ("hit".to_string(), 1));
    // Oversized body: 413, answered from the Content-Length header alone.
    // The server may close the connection before reading the body, so a client
    // that insists on writing 17 MB can see a broken pipe instead of the answer;
    // send the headers only and read what comes back.
    assert_eq!(oversized_post_status(&s, "s3cret"), 413);
    // Delete.
    let del = format!("{}/api/plans/{id}", s.base);
    assert_eq!(client().delete(&del).send().unwrap().status(), 401);
    assert_eq!(
        client()
            .delete(&del)
            .bearer_auth("s3cret")
            .send()
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client()
            .delete(&del)
            .bearer_auth("s3cret")
            .send()
            .unwrap()
            .status(),
        404
    );
    assert_eq!(cache("/api/search?q=xyz"), ("miss".to_string(), 0));

    // No token configured: writes are refused with 403.
    let s2 = start(None);
    let r = client()
        .post(format!("{}/api/plans", s2.base))
        .bearer_auth("x")
        .body("a")
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
}

/// Status line of a POST announcing a 17 MB body, sent over a raw socket
/// without the body.
fn oversized_post_status(s: &Server, token: &str) -> u16 {
    use std::io::{Read, Write};
    let addr = s.base.trim_start_matches("http://");
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST /api/plans?source=big.txt HTTP/1.1\r\nHost: {addr}\r\n\
         Authorization: Bearer {token}\r\nContent-Length: {}\r\n\
         Content-Type: text/plain\r\n\r\n",
        17 * 1024 * 1024
    );
    tcp.write_all(head.as_bytes()).unwrap();
    let mut buf = [0u8; 64];
    let n = tcp.read(&mut buf).unwrap();
    let line = String::from_utf8_lossy(&buf[..n]);
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {line:?}"))
}

/// Id of the seed whose file name starts with `prefix`.
fn seed_id(s: &Server, prefix: &str) -> String {
    let (_, r) = get(s, "/api/plans?limit=100");
    r["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["source"].as_str().unwrap_or("").starts_with(prefix))
        .and_then(|h| h["id"].as_str())
        .unwrap_or_else(|| panic!("no seed {prefix}"))
        .to_string()
}

#[test]
fn compare_two_plans() {
    let s = start(None);
    let (a, b) = (seed_id(&s, "000_"), seed_id(&s, "001_"));
    let (st, c) = get(&s, &format!("/api/compare?a={a}&b={b}"));
    assert_eq!(st, 200, "{c}");
    assert_eq!(c["a"]["id"], a.as_str());
    assert_eq!(c["b"]["id"], b.as_str());
    assert!(!c["topics"]["shared"].as_array().unwrap().is_empty(), "{c}");
    for key in ["topics", "units", "citations"] {
        for part in ["shared", "only_a", "only_b"] {
            assert!(c[key][part].is_array(), "{key}.{part}");
        }
    }
    let sections = c["sections"].as_array().unwrap();
    assert!(!sections.is_empty());
    assert!(
        sections.iter().any(|p| p["a"].is_object()
            && p["b"].is_object()
            && p["similarity"].as_f64() > Some(0.0)),
        "{c}"
    );

    for (path, name) in [
        (format!("/api/compare?a={a}"), "b"),
        (format!("/api/compare?b={b}"), "a"),
        ("/api/compare".to_string(), "a"),
    ] {
        let (st, body) = get(&s, &path);
        assert_eq!(st, 400, "{path}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(name),
            "{path}: {body}"
        );
    }
    let (st, body) = get(&s, &format!("/api/compare?a={a}&b=nope123"));
    assert_eq!(st, 404);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nope123")
    );
}

#[test]
fn similar_passages() {
    let s = start(None);
    let clean = seed_id(&s, "001_");
    let ocr = seed_id(&s, "000_");
    let sentence = "Tăng cường sự tham gia của người dân, tổ chức và doanh nghiệp trong việc \
                    thực hiện CCHC, nâng cao hiểu biết của nhân dân về dịch vụ công trực tuyến";
    let url = format!("{}/api/similar?limit=5", s.base);
    let r = client()
        .get(&url)
        .query(&[("text", sentence)])
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let hits: Value = r.json().unwrap();
    let first = &hits[0];
    assert_eq!(first["plan_id"], clean.as_str(), "{hits}");
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .contains("Tăng cường sự tham gia")
    );
    for key in ["title", "year", "section", "score"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    // The words shared with the input are marked, in the passage as written.
    let text = first["text"].as_str().unwrap();
    let marks = first["marks"].as_array().unwrap();
    assert!(marks.len() >= 10, "{first}");
    let folded_input = plansearch::text::fold::fold(&sentence.to_lowercase());
    for m in marks {
        let (a, b) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let word = plansearch::text::fold::fold(&text[a..b].to_lowercase());
        assert!(folded_input.contains(&word), "{word:?} not in the input");
    }
    assert!(hits.as_array().unwrap().len() <= 5);

    // POST with the text as the body; OCR text in seed 000 is found from clean text.
    let clean_text = "đổi mới, nâng cao chất lượng và hiệu quả công tác xây dựng, thẩm định \
                      và ban hành văn bản quy phạm pháp luật";
    let r = client().post(&url).body(clean_text).send().unwrap();
    assert_eq!(r.status(), 200);
    let hits: Value = r.json().unwrap();
    assert_eq!(hits[0]["plan_id"], ocr.as_str(), "{hits}");
    assert!(hits[0]["text"].as_str().unwrap().contains("tham dinh"));

    // Errors name the parameter.
    let long = "a".repeat(10_001);
    for (q, name) in [
        ("", "text"),
        ("text=", "text"),
        ("text=%20%20", "text"),
        ("text=abc&limit=0", "limit"),
        ("text=abc&limit=51", "limit"),
        ("text=abc&limit=x", "limit"),
    ] {
        let (st, body) = get(&s, &format!("/api/similar?{q}"));
        assert_eq!(st, 400, "{q}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(name),
            "{q}: {body}"
        );
    }
    let (st, _) = get(&s, &format!("/api/similar?text={long}"));
    assert_eq!(st, 400);
    let r = client().post(&url).body(long).send().unwrap();
    assert_eq!(r.status(), 400);
    let r = client().post(&url).body("").send().unwrap();
    assert_eq!(r.status(), 400);
}

/// The value of the metric line starting with `prefix`.
fn metric(body: &str, prefix: &str) -> Option<f64> {
    body.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[test]
fn metrics_count_requests_by_route() {
    let s = start(None);
    let scrape = || {
        let r = client().get(format!("{}/metrics", s.base)).send().unwrap();
        assert_eq!(r.status(), 200);
        r.text().unwrap()
    };
    let line =
        "plansearch_http_requests_total{route=\"/api/health\",method=\"GET\",status=\"200\"}";
    get(&s, "/api/health");
    let before = metric(&scrape(), line).expect("health counter");
    get(&s, "/api/health");
    let body = scrape();
    assert_eq!(metric(&body, line), Some(before + 1.0), "{body}");
    assert!(body.contains("plansearch_http_request_duration_seconds_bucket{route=\"/api/health\""));
    assert_eq!(metric(&body, "plansearch_plans "), Some(5.0));
    assert!(metric(&body, "plansearch_index_size_bytes ").unwrap() > 0.0);
    get(&s, "/api/plans/does-not-exist");
    let body = scrape();
    assert!(
        body.contains("route=\"/api/plans/{id}\",method=\"GET\",status=\"404\""),
        "{body}"
    );
}

/// Every `"$ref"` in a JSON document.
fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r);
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn openapi_describes_every_route() {
    let s = start(None);
    let (st, doc) = get(&s, "/api/openapi.json");
    assert_eq!(st, 200);

    // An OpenAPI 3 document: version, info, paths of operations with responses.
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let paths = doc["paths"].as_object().expect("paths");
    let methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    let mut documented = Vec::new();
    for (path, item) in paths {
        assert!(path.starts_with('/'), "{path}");
        for (method, op) in item.as_object().unwrap() {
            assert!(methods.contains(&method.as_str()), "{method} {path}");
            documented.push((method.clone(), path.clone()));
            let responses = op["responses"].as_object().expect("responses");
            assert!(!responses.is_empty(), "{method} {path}: no responses");
            for code in responses.keys() {
                assert!(
                    code == "default"
                        || (code.len() == 3 && code.parse::<u16>().is_ok_and(|c| c >= 100)),
                    "{method} {path}: status {code}"
                );
            }
            // Each `{param}` of the template is a required path parameter.
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            for p in &params {
                assert!(p["name"].is_string() && p["schema"].is_object(), "{p}");
                assert!(
                    ["query", "path", "header", "cookie"].contains(&p["in"].as_str().unwrap()),
                    "{p}"
                );
            }
            for name in path.split('{').skip(1).filter_map(|x| x.split('}').next()) {
                assert!(
                    params
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path" && p["required"] == true),
                    "{method} {path}: path parameter {name} not declared"
                );
            }
        }
    }
    // Every $ref points at a schema that exists.
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected $ref {r}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "dangling $ref {r}"
        );
    }

    // The routes the router serves (its one route table) are exactly the documented ones.
    let mut routed: Vec<(String, String)> = plansearch::server::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    routed.sort();
    documented.sort();
    assert_eq!(routed, documented);
    assert!(routed.contains(&("get".into(), "/api/openapi.json".into())));

    // And the server does answer each of them (not the "no such endpoint" fallback,
    // not 405): the table is what is routed.
    for (method, path) in &routed {
        let url = format!("{}{}", s.base, path.replace(['{', '}'], ""));
        let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let r = client().request(m, &url).send().unwrap();
        let status = r.status().as_u16();
        let body = r.text().unwrap_or_default();
        assert_ne!(status, 405, "{method} {path}");
        assert!(
            !body.contains("no such endpoint"),
            "{method} {path} is not routed: {status} {body}"
        );
    }
}

#[test]
fn errors_from_the_http_layer_are_json_too() {
    let s = start(None);
    // A method the route lacks: 405 with the JSON error body and `Allow`.
    let r = client()
        .put(format!("{}/api/search", s.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 405);
    assert!(r.headers().contains_key("allow"));
    let body: Value = r.json().unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    // A path parameter that is not UTF-8 once decoded: 400 naming it.
    let (st, body) = get(&s, "/api/plans/%FF%FE");
    assert_eq!(st, 400, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("id"),
        "{body}"
    );
    let (st, body) = get(&s, "/api/search?literal=maybe");
    assert_eq!(st, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("literal")
    );
}

#[test]
fn plan_marks_query_words_and_topics_have_labels() {
    let s = start(None);
    let ocr = seed_id(&s, "000_");
    // An unaccented query marks the OCR spellings of the plan ("cii cach").
    let (st, p) = get(&s, &format!("/api/plans/{ocr}?q=cai%20cach"));
    assert_eq!(st, 200);
    let text = p["text"].as_str().unwrap();
    let marks = p["marks"].as_array().unwrap();
    assert!(marks.len() >= 5, "{}", marks.len());
    let words: Vec<&str> = marks
        .iter()
        .map(|m| &text[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize])
        .collect();
    assert!(words.contains(&"cii"), "{words:?}");
    assert!(
        words.iter().all(|w| {
            let f = plansearch::text::fold::fold(&w.to_lowercase());
            f.starts_with('c')
        }),
        "{words:?}"
    );
    // Without q, no marks.
    let (_, p) = get(&s, &format!("/api/plans/{ocr}"));
    assert!(p.get("marks").is_none());

    let (st, topics) = get(&s, "/api/topics");
    assert_eq!(st, 200);
    let list = topics.as_array().unwrap();
    assert!(list.len() > 10);
    assert!(
        list.iter()
            .all(|t| t["id"].is_string() && t["label"].is_string())
    );

    let (st, o) = get(&s, "/api/overview");
    assert_eq!(st, 200);
    let years = o["years"].as_array().unwrap();
    let sum: u64 = years.iter().map(|y| y["plans"].as_u64().unwrap()).sum();
    assert_eq!(
        sum + o["undated"].as_u64().unwrap(),
        o["plans"].as_u64().unwrap()
    );
    assert_eq!(o["plans"], 5);
    let (_, y2024) = get(&s, "/api/search?year=2024&limit=0");
    let y = years.iter().find(|y| y["year"] == 2024).unwrap();
    assert_eq!(y["plans"], y2024["total"]);
    assert!(y["topics"][0]["label"].is_string());
}

#[test]
fn cors_lets_any_origin_read_but_writes_still_need_the_token() {
    let s = start(Some("cors-token-4711"));
    let origin = "http://elsewhere.example";
    let c = client();
    // The browser's preflight for a cross-origin POST with a bearer token.
    for method in ["POST", "DELETE"] {
        let r = c
            .request(reqwest::Method::OPTIONS, format!("{}/api/plans/x", s.base))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .header(
                "Access-Control-Request-Headers",
                "authorization,content-type",
            )
            .send()
            .unwrap();
        assert!(
            r.status().is_success(),
            "{method} preflight: {}",
            r.status()
        );
        let h = r.headers();
        let get = |k: &str| {
            h.get(k)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_lowercase()
        };
        assert_eq!(get("access-control-allow-origin"), "*");
        assert!(get("access-control-allow-methods").contains(&method.to_lowercase()));
        assert!(get("access-control-allow-headers").contains("authorization"));
        // No credentials (cookies) across origins: the token must be sent explicitly.
        assert!(h.get("access-control-allow-credentials").is_none());
    }
    // Reads from anywhere.
    let r = c
        .get(format!("{}/api/search?q=dang", s.base))
        .header("Origin", origin)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    // Cross-origin writes without the right token are refused, readable by the page.
    let url = format!("{}/api/plans?source=cors.txt", s.base);
    let body = "KẾ HOẠCH\nThử CORS corsword";
    let r = c
        .post(&url)
        .header("Origin", origin)
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let r = c
        .post(&url)
        .header("Origin", origin)
        .bearer_auth("cors-token-4712")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = c
        .delete(format!("{}/api/plans/anything", s.base))
        .header("Origin", origin)
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .post(&url)
        .header("Origin", origin)
        .bearer_auth("cors-token-4711")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
}

#[test]
fn the_token_is_never_logged_even_at_trace_level() {
    let token = "tok-never-log-9f2c41e7";
    let dir = tempfile::tempdir().unwrap();
    let plans = copy_seeds(dir.path());
    let s = ServerProc::start(
        &dir.path().join("idx"),
        &plans,
        Some(token),
        &[("RUST_LOG", "trace")],
    );
    let c = client();
    let url = format!("{}/api/plans?source=log.txt", s.base);
    let r = c
        .post(&url)
        .bearer_auth(token)
        .body("KẾ HOẠCH\nNhật ký logword")
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // A wrong token close to the real one, and a near-miss prefix.
    for wrong in [&token[..token.len() - 1], "tok-never-log-9f2c41e8"] {
        let r = c.post(&url).bearer_auth(wrong).body("x").send().unwrap();
        assert_eq!(r.status(), 403);
    }
    let r = c
        .delete(format!("{}/api/plans/{id}", s.base))
        .bearer_auth(token)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("{}/api/search?q=logword", s.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    // Let the log lines of the last requests arrive.
    std::thread::sleep(Duration::from_millis(300));
    let log = s.stderr.lock().unwrap().clone();
    // The log is really at trace level (else this test would prove nothing)…
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "no debug log: {log:.2000}"
    );
    assert!(log.lines().count() > 20, "{log:.2000}");
    // …and the token is nowhere in it, whole or in part.
    assert!(!log.contains(token), "token logged");
    assert!(!log.contains("9f2c41e"), "part of the token logged");
}
