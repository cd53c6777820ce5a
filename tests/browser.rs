//! The web page in a real browser: headless Chromium driven over the DevTools
//! protocol (a WebSocket, via `tungstenite`), against the real server on the seeds.
//!
//! Each scenario acts as a user would (typing, clicking, pressing keys) and asserts
//! on the DOM. Without Chromium the test prints a SKIP line and passes. With
//! `PLANSEARCH_SCREENSHOTS=DIR` it also saves screenshots of every page at 1280 and
//! 360 px wide (how docs/screenshots is made).

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Server, start};
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// How long a condition may take to become true in the page.
const WAIT: Duration = Duration::from_secs(15);

/// The Chromium binary: `PLANSEARCH_CHROMIUM`, or the first of the usual names on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PLANSEARCH_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
    .find(|p| p.is_file())
}

/// A headless Chromium and a DevTools session on its first page.
struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.ws.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn launch(bin: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--lang=vi",
                "--window-size=1280,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…"
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("{} exited before listening", bin.display()))
                .unwrap();
            if let Some(rest) = line.split("ws://").nth(1) {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        let targets: Value = reqwest::blocking::get(format!("http://{addr}/json/list"))
            .and_then(|r| r.json())
            .expect("DevTools target list");
        let page = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .expect("a page target")
            .to_string();
        let tcp = TcpStream::connect(&addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let (ws, _) = tungstenite::client(page.as_str(), tcp).expect("DevTools WebSocket");
        let mut b = Browser {
            child,
            ws,
            next_id: 0,
            _profile: profile,
        };
        b.call("Page.enable", json!({}));
        b.call("Runtime.enable", json!({}));
        b.set_width(1280);
        b
    }

    /// Sends a DevTools command and returns its result (events in between are dropped).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let msg = json!({ "id": id, "method": method, "params": params }).to_string();
        self.ws.send(Message::text(msg)).unwrap();
        loop {
            let Message::Text(text) = self.ws.read().expect("DevTools message") else {
                continue;
            };
            let v: Value = serde_json::from_str(text.as_str()).unwrap();
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
        }
    }

    /// Evaluates a JavaScript expression (awaiting a promise) and returns its value.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "{expr}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Waits until `expr` is truthy; returns its value or fails naming `what`.
    fn wait(&mut self, what: &str, expr: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.eval(expr);
            if !(v.is_null() || v == false || v == 0 || v == "") {
                return v;
            }
            if started.elapsed() > WAIT {
                let page =
                    self.eval("location.href + '\\n' + document.body.innerText.slice(0, 1500)");
                panic!("timed out waiting for {what} ({expr})\npage: {page}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.wait(
            "the page to load",
            "document.readyState === 'complete' && !!document.getElementById('q')",
        );
    }

    /// Clicks the centre of the first element matching `selector`, as a mouse would.
    fn click(&mut self, selector: &str) {
        let sel = serde_json::to_string(selector).unwrap();
        let at = self.wait(
            &format!("{selector} to be visible"),
            &format!(
                "(() => {{ const e = document.querySelector({sel}); if (!e) return null;
                   e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
                   return r.width && r.height ? [r.x + r.width / 2, r.y + r.height / 2] : null; }})()"
            ),
        );
        let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            );
        }
    }

    /// Types text into the focused element.
    fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    fn press(&mut self, key: &str, code: u32, text: Option<&str>) {
        // As Chrome's own input does: a key that types text is a keyDown, others a rawKeyDown.
        let kind = if text.is_some() {
            "keyDown"
        } else {
            "rawKeyDown"
        };
        let mut down =
            json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code });
        if let Some(t) = text {
            down["text"] = json!(t);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code }),
        );
    }

    fn set_width(&mut self, width: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
    }

    /// Saves a PNG of the page, down to `max_height` px: the window is made as tall
    /// as that, so what sticks to its bottom (the comparison tray) is drawn there.
    fn screenshot(&mut self, path: &Path, width: u32, max_height: u32) {
        let h = self
            .eval("document.documentElement.scrollHeight")
            .as_f64()
            .unwrap()
            .min(f64::from(max_height));
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": h as u32, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
        self.eval("new Promise(r => setTimeout(r, 200))");
        let r = self.call(
            "Page.captureScreenshot",
            json!({ "format": "png", "clip": { "x": 0, "y": 0, "width": width, "height": h, "scale": 1 } }),
        );
        self.set_width(width);
        let png = data_encoding::BASE64
            .decode(r["data"].as_str().unwrap().as_bytes())
            .unwrap();
        std::fs::write(path, png).unwrap();
    }

    fn text(&mut self, selector: &str) -> String {
        let sel = serde_json::to_string(selector).unwrap();
        self.eval(&format!("document.querySelector({sel})?.innerText ?? ''"))
            .as_str()
            .unwrap()
            .to_string()
    }
}

fn api(s: &Server, path: &str) -> Value {
    reqwest::blocking::get(format!("{}{}", s.base, path))
        .and_then(|r| r.json())
        .unwrap()
}

fn seed_id(s: &Server, prefix: &str) -> String {
    api(s, "/api/plans?limit=100")["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["source"].as_str().unwrap_or("").starts_with(prefix))
        .and_then(|h| h["id"].as_str())
        .unwrap()
        .to_string()
}

#[test]
fn web_page_in_chromium() {
    let Some(bin) = chromium() else {
        println!("SKIP: web_page_in_chromium: no chromium on PATH (set PLANSEARCH_CHROMIUM)");
        return;
    };
    let s = start(None);
    let mut b = Browser::launch(&bin);
    let base = s.base.clone();
    let ocr = seed_id(&s, "000_");
    let clean = seed_id(&s, "001_");

    // 1. A query typed without diacritics, as you type: results with the OCR seed's
    //    words marked, and the query in the URL.
    b.open(&format!("{base}/"));
    b.click("#q");
    b.type_text("cai cach hanh chinh");
    let marks = b.wait(
        "the OCR seed among the hits, with marked words",
        &format!(
            "(() => {{ const a = document.querySelector('#hits a[data-plan=\"{ocr}\"]');
               return a ? a.closest('li').querySelectorAll('mark').length : 0; }})()"
        ),
    );
    assert!(marks.as_u64().unwrap() >= 1);
    let marked = b.eval(&format!(
        "[...document.querySelector('#hits a[data-plan=\"{ocr}\"]').closest('li').querySelectorAll('mark')].map(m => m.textContent.toLowerCase())"
    ));
    assert!(
        marked
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().contains("cach")),
        "marks in the OCR hit: {marked}"
    );
    assert!(
        b.eval("location.search")
            .as_str()
            .unwrap()
            .contains("q=cai+cach+hanh+chinh")
    );
    let total = api(&s, "/api/search?q=cai%20cach%20hanh%20chinh")["total"].clone();
    assert!(b.text("#summary").starts_with(&format!("{total} kế hoạch")));

    // 2. Clicking a facet filters the list and shows a removable chip.
    let filtered = api(&s, "/api/search?q=cai%20cach%20hanh%20chinh&year=2024")["total"]
        .as_u64()
        .unwrap();
    b.click("#facets button[data-f='year'][data-v='2024']");
    b.wait(
        "the year filter to apply",
        &format!(
            "document.querySelectorAll('#hits > li').length === {filtered} && \
             document.querySelector('#summary').innerText.startsWith('{filtered} kế hoạch')"
        ),
    );
    assert!(b.text("#active-filters").contains("Năm: 2024"));
    assert!(
        b.eval("location.search")
            .as_str()
            .unwrap()
            .contains("year=2024")
    );
    b.click("#active-filters .chip");
    b.wait(
        "the filter to be removed",
        &format!("document.querySelector('#summary').innerText.startsWith('{total} kế hoạch')"),
    );

    // 2b. A place named in the query is read as a filter and shown as a chip; × on
    //     it searches the name as plain words instead.
    let narrowed = api(&s, "/api/search?q=cai%20cach%20hanh%20chinh%20Lang%20Son")["total"]
        .as_u64()
        .unwrap();
    let literal = api(
        &s,
        "/api/search?q=cai%20cach%20hanh%20chinh%20L%E1%BA%A1ng%20S%C6%A1n&literal=1",
    )["total"]
        .as_u64()
        .unwrap();
    b.open(&format!("{base}/?q=cai+cach+hanh+chinh+Lang+Son"));
    b.wait(
        "the understood province",
        "document.querySelectorAll('#understood .chip').length > 0",
    );
    assert!(
        b.text("#understood").contains("Tỉnh: Lạng Sơn"),
        "{}",
        b.text("#understood")
    );
    b.wait(
        "the province filter to apply",
        &format!("document.querySelectorAll('#hits > li').length === {narrowed}"),
    );
    b.click("#understood .chip[data-u='province']");
    b.wait(
        "the name searched as text",
        &format!(
            "location.search.includes('literal=1') && \
             document.querySelector('#summary').innerText.startsWith('{literal} kế hoạch') && \
             document.getElementById('understood').hidden"
        ),
    );
    assert_eq!(
        b.eval("document.getElementById('q').value"),
        json!("cai cach hanh chinh Lạng Sơn")
    );
    b.open(&format!("{base}/?q=cai+cach+hanh+chinh"));
    b.wait(
        "the results of step 1 again",
        &format!("document.querySelector('#summary').innerText.startsWith('{total} kế hoạch')"),
    );

    // 3. Opening a plan: its text with the query's words marked by the server (OCR
    //    spellings included), topic labels, citations leading to the plans citing them.
    b.click(&format!("#hits a[data-plan='{ocr}']"));
    b.wait(
        "the plan page",
        "!document.getElementById('plan-view').hidden && document.querySelectorAll('#plan .plan-text mark').length > 0",
    );
    let plan = api(&s, &format!("/api/plans/{ocr}?q=cai%20cach%20hanh%20chinh"));
    let n_marks = b.eval("document.querySelectorAll('#plan .plan-text mark').length");
    assert_eq!(
        n_marks.as_u64().unwrap() as usize,
        plan["marks"].as_array().unwrap().len()
    );
    let ocr_marked = b.eval("[...document.querySelectorAll('#plan .plan-text mark')].some(m => /(^|\\s)cii\\s/.test(m.textContent))");
    assert_eq!(ocr_marked, true, "OCR spelling 'cii' not marked");
    let sections = b.eval("document.querySelectorAll('#plan .plan-text h2.sec-head').length");
    assert!(sections.as_u64().unwrap() >= 3);
    let topics = api(&s, "/api/topics");
    let label = |id: &str| {
        topics
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["label"].as_str().unwrap().to_string())
            .unwrap()
    };
    let shown = b.eval("[...document.querySelectorAll('#plan .tags a')].map(a => a.textContent)");
    let expected: Vec<String> = plan["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| label(t.as_str().unwrap()))
        .collect();
    assert_eq!(shown, json!(expected), "topic labels on the plan page");
    b.click("#plan a[data-cited='76/NQ-CP']");
    b.wait(
        "the plans citing 76/NQ-CP",
        "!document.getElementById('cited-view').hidden && document.querySelector('#cited h1')?.innerText.includes('76/NQ-CP')",
    );
    let cited = api(&s, "/api/citations/76%2FNQ-CP");
    let others = b.eval("[...document.querySelectorAll('#cited .plain-list a')].map(a => new URLSearchParams(a.search).get('id'))");
    let others = others.as_array().unwrap();
    assert_eq!(
        others.len(),
        cited["cited_by"].as_array().unwrap().len() - 1
    );
    assert!(!others.contains(&json!(ocr)), "the plan itself is listed");
    // Escape leads back to the results.
    b.press("Escape", 27, None);
    b.wait(
        "the results after Escape",
        "!document.getElementById('search-view').hidden && \
         document.getElementById('results').getAttribute('aria-busy') === 'false' && \
         document.querySelectorAll('#hits > li').length > 0",
    );

    // 4. Compare: tick two hits, then the tray's button.
    b.click(&format!("input[data-pick='{ocr}']"));
    b.wait(
        "the first pick",
        &format!("document.querySelector(\"input[data-pick='{ocr}']\").checked"),
    );
    b.click(&format!("input[data-pick='{clean}']"));
    b.wait(
        "the tray to offer the comparison",
        "!document.getElementById('compare-tray').hidden && document.getElementById('tray-go').hasAttribute('href')",
    );
    b.click("#tray-go");
    b.wait(
        "the comparison",
        "!document.getElementById('compare-view').hidden && document.querySelectorAll('#compare .pair').length > 0",
    );
    let cmp = api(&s, &format!("/api/compare?a={ocr}&b={clean}"));
    let titles = b.eval("[...document.querySelectorAll('#compare .two h2')].map(h => h.innerText)");
    assert_eq!(
        titles,
        json!([cmp["a"]["title"], cmp["b"]["title"]]),
        "the two plans, in the order picked"
    );
    let shared =
        b.eval("document.querySelectorAll('#compare .split:first-of-type .tag.shared').length");
    assert_eq!(
        shared.as_u64().unwrap() as usize,
        cmp["topics"]["shared"].as_array().unwrap().len()
    );
    let pairs = b.eval("document.querySelectorAll('#compare .pair').length");
    assert_eq!(
        pairs.as_u64().unwrap() as usize,
        cmp["sections"].as_array().unwrap().len()
    );
    let first_shared = label(cmp["topics"]["shared"][0].as_str().unwrap());
    assert!(b.text("#compare").contains(&first_shared), "topic labels");

    // 5. Similar wording: paste a sentence, Enter, passages with their plan and section.
    b.click(".tabs a[data-view='similar']");
    b.wait(
        "the similar-wording page",
        "!document.getElementById('similar-view').hidden",
    );
    b.click("#similar-text");
    b.type_text(
        "Tăng cường sự tham gia của người dân, tổ chức và doanh nghiệp trong việc thực hiện CCHC",
    );
    b.press("Enter", 13, Some("\r"));
    b.wait(
        "similar passages",
        "document.querySelectorAll('#similar-results .passage').length > 0",
    );
    let first = b.eval("new URLSearchParams(document.querySelector('#similar-results .passage a').search).get('id')");
    assert_eq!(first, json!(clean));
    assert!(
        b.text("#similar-results .passage blockquote")
            .contains("Tăng cường sự tham gia")
    );
    let with_section =
        b.eval("document.querySelectorAll('#similar-results .passage .section-inline').length");
    assert!(
        with_section.as_u64().unwrap() >= 1,
        "no passage names its section"
    );
    b.click("#similar-results .passage a");
    b.wait(
        "the passage found in its plan",
        "!document.getElementById('plan-view').hidden && document.querySelector('#plan mark.found')?.innerText.includes('Tăng cường sự tham gia')",
    );

    // 6. Overview: both charts, one bar per year, with accessible text.
    let overview = api(&s, "/api/overview");
    b.click(".tabs a[data-view='overview']");
    b.wait(
        "the charts",
        "document.querySelectorAll('#overview svg.chart').length === 2",
    );
    let years = overview["years"].as_array().unwrap();
    // One bar per year from the first to the last, years without plans as zeros.
    let span =
        years.last().unwrap()["year"].as_i64().unwrap() - years[0]["year"].as_i64().unwrap() + 1;
    let bars = b.eval("document.querySelectorAll('#overview svg.chart rect.bar').length");
    assert_eq!(bars.as_i64().unwrap(), span);
    let desc = b.text("#overview");
    for y in years {
        assert!(desc.contains(&y["year"].to_string()));
    }
    let desc = b.eval("document.getElementById('bars-desc').textContent");
    assert!(desc.as_str().unwrap().contains(&format!(
        "Năm {}: {} kế hoạch",
        years[0]["year"], years[0]["plans"]
    )));

    // 7. Keyboard: '/' focuses the search box, Escape empties it.
    b.press("/", 191, Some("/"));
    assert_eq!(b.eval("document.activeElement.id"), json!("q"));
    b.type_text("dang");
    b.press("Escape", 27, None);
    assert_eq!(b.eval("document.getElementById('q').value"), json!(""));
    // Tab moves on to the sort order, with a visible focus ring.
    b.press("Tab", 9, None);
    assert_eq!(b.eval("document.activeElement.id"), json!("sort"));
    assert_ne!(
        b.eval("getComputedStyle(document.activeElement).outlineStyle"),
        json!("none"),
        "no focus style on the sort order"
    );

    // Every page at 360 px: nothing wider than the screen.
    let pages = page_urls(&base, &ocr, &clean);
    b.set_width(360);
    for (name, url, ready) in &pages {
        b.open(url);
        b.wait(&format!("{name} at 360 px"), ready);
        let overflow =
            b.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assert!(
            overflow.as_f64().unwrap() <= 0.0,
            "{name} is {overflow} px wider than a 360 px screen"
        );
    }
    if let Some(dir) = std::env::var_os("PLANSEARCH_SCREENSHOTS") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        for width in [1280, 360] {
            b.set_width(width);
            for (name, url, ready) in &pages {
                b.open(url);
                b.wait(name, ready);
                b.eval("document.activeElement?.blur(); new Promise(r => setTimeout(r, 250))");
                b.screenshot(&dir.join(format!("{name}-{width}.png")), width, 2400);
            }
        }
    }
}

/// Name, URL and readiness condition of each page of the web app.
fn page_urls(base: &str, ocr: &str, clean: &str) -> Vec<(&'static str, String, String)> {
    let similar = "nâng cao chất lượng và hiệu quả công tác xây dựng văn bản quy phạm pháp luật";
    vec![
        (
            "search",
            format!("{base}/?q=cai+cach+hanh+chinh"),
            "document.querySelectorAll('#hits > li mark').length > 0".into(),
        ),
        (
            "plan",
            format!("{base}/?view=plan&id={ocr}&q=cai+cach+hanh+chinh"),
            "document.querySelectorAll('#plan .plan-text mark').length > 0".into(),
        ),
        (
            "compare",
            format!("{base}/?view=compare&a={ocr}&b={clean}"),
            "document.querySelectorAll('#compare .pair').length > 0".into(),
        ),
        (
            "similar",
            format!("{base}/?view=similar&text={}", similar.replace(' ', "+")),
            "document.querySelectorAll('#similar-results .passage').length > 0".into(),
        ),
        (
            "overview",
            format!("{base}/?view=overview"),
            "document.querySelectorAll('#overview svg.chart').length === 2".into(),
        ),
    ]
}
