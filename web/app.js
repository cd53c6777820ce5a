// plansearch web page: search as you type, facets, plan view with the query's words
// marked, citations, comparison of two plans, similar wording, overview charts.
// No framework, no build step: the URL holds the state, so any page can be shared,
// bookmarked and opened with the Back button.
"use strict";

const FACETS = [
  ["year", "Năm"],
  ["topic", "Chủ đề"],
  ["unit", "Đơn vị thực hiện"],
  ["cites", "Văn bản được trích dẫn"],
  ["province", "Tỉnh, thành phố"],
  ["level", "Cấp"],
];
const LEVELS = { xa: "Cấp xã", huyen: "Cấp huyện", tinh: "Cấp tỉnh", so: "Sở, ban, ngành", bo: "Bộ, ngành trung ương" };
const VIEWS = ["search", "plan", "cited", "compare", "similar", "overview"];
const PAGE = 10;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const enc = new TextEncoder();
const dec = new TextDecoder();

let state = readUrl();
let timer = null;
let inflight = null;
let topicLabels = null; // id → Vietnamese label, from /api/topics
let lastSearch = ""; // URL of the last search page, for "back to results"

// ---------------------------------------------------------------- URL state

function readUrl() {
  const p = new URLSearchParams(location.search);
  const s = {
    view: p.get("view") || (p.get("plan") ? "plan" : "search"),
    q: p.get("q") || "",
    sort: p.get("sort") || "relevance",
    offset: Math.max(0, +(p.get("offset") || 0) || 0),
    id: p.get("id") || p.get("plan") || "",
    a: p.get("a") || "",
    b: p.get("b") || "",
    number: p.get("number") || "",
    from: p.get("from") || "",
    find: p.get("find") || "",
    text: p.get("text") || "",
    literal: p.get("literal") === "1",
    filters: {},
  };
  if (!VIEWS.includes(s.view)) s.view = "search";
  for (const [f] of FACETS) s.filters[f] = p.getAll(f);
  return s;
}

function searchParams(extra = {}) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort !== "relevance") p.set("sort", state.sort);
  if (state.literal) p.set("literal", "1");
  for (const [f] of FACETS) for (const v of state.filters[f]) p.append(f, v);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/// The URL of a view, from its parameters.
function viewUrl(view, params = {}) {
  const p = new URLSearchParams();
  if (view !== "search") p.set("view", view);
  for (const [k, v] of Object.entries(params)) if (v !== "" && v != null) p.set(k, v);
  const s = p.toString();
  return s ? "/?" + s : "/";
}

function searchUrl() {
  const p = searchParams(state.offset ? { offset: state.offset } : {});
  const s = p.toString();
  return s ? "/?" + s : "/";
}

/// Goes to a URL of this page without reloading it (Back returns).
function go(url) {
  history.pushState(null, "", url);
  state = readUrl();
  route(true);
}

// ------------------------------------------------------------------ helpers

async function getJson(url, signal) {
  const r = await fetch(url, { signal });
  let body = null;
  try { body = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) throw new Error(body?.error?.message || "HTTP " + r.status);
  return body;
}

async function loadTopics() {
  if (topicLabels) return topicLabels;
  try {
    const list = await getJson("/api/topics");
    topicLabels = Object.fromEntries(list.map((t) => [t.id, t.label]));
  } catch (_) {
    topicLabels = {};
  }
  return topicLabels;
}

const topicLabel = (id) => (topicLabels && topicLabels[id]) || id;
const planTitle = (h) => h.title || h.source || h.id;

function planMeta(h) {
  return [h.doc_number && "Số " + h.doc_number, h.issuer, h.province, h.issued_date || h.year]
    .filter(Boolean).map(esc).join(" · ");
}

function showView(name, focusHeading) {
  for (const v of VIEWS) $(v + "-view").hidden = v !== name;
  for (const a of document.querySelectorAll(".tabs a")) {
    if (a.dataset.view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  for (const a of document.querySelectorAll(".back-link")) a.href = lastSearch || "/";
  if (focusHeading) {
    const h = $(name + "-view").querySelector("h1");
    if (h) { h.setAttribute("tabindex", "-1"); h.focus({ preventScroll: true }); }
    window.scrollTo(0, 0);
  }
}

function setTitle(s) {
  document.title = s ? s + " — plansearch" : "plansearch — Tìm kiếm kế hoạch hành chính";
}

// ------------------------------------------------------------------- search

async function runSearch() {
  lastSearch = searchUrl();
  history.replaceState(null, "", lastSearch);
  if (inflight) inflight.abort();
  inflight = new AbortController();
  $("export-csv").href = "/api/search?" + searchParams({ format: "csv", limit: 10000 });
  $("export-json").href = "/api/search?" + searchParams({ limit: 100 });
  $("results").setAttribute("aria-busy", "true");
  try {
    const body = await getJson("/api/search?" + searchParams({ limit: PAGE, offset: state.offset }), inflight.signal);
    renderSearch(body);
    $("results").setAttribute("aria-busy", "false");
  } catch (e) {
    if (e.name === "AbortError") return; // a newer search is on its way
    $("summary").textContent = "Lỗi: " + e.message;
    $("results").setAttribute("aria-busy", "false");
  }
}

function facetLabel(facet, v) {
  if (facet === "level") return LEVELS[v.value] || v.value;
  if (facet === "topic") return v.label || topicLabel(v.value);
  return v.label || v.value;
}

function renderSearch(body) {
  $("summary").textContent = `${body.total} kế hoạch` + (state.q ? ` khớp với «${state.q}»` : "") + ` · ${body.took_ms} ms`;
  const chips = [];
  for (const [f, name] of FACETS) for (const v of state.filters[f]) {
    const shown = f === "level" ? (LEVELS[v] || v) : f === "topic" ? topicLabel(v) : v;
    chips.push(`<button type="button" class="chip" data-f="${esc(f)}" data-v="${esc(v)}" aria-label="Bỏ lọc ${esc(name)}: ${esc(shown)}">${esc(name)}: ${esc(shown)}</button>`);
  }
  $("active-filters").innerHTML = chips.join("");
  renderUnderstood(body.understood || {});
  $("facets").innerHTML = FACETS.map(([f, name]) => {
    const vals = body.facets?.[f] || [];
    if (!vals.length) return "";
    return `<h2 id="f-${f}">${esc(name)}</h2><ul aria-labelledby="f-${f}">` + vals.slice(0, 12).map((v) => {
      const on = state.filters[f].includes(v.value);
      return `<li><button type="button" data-f="${esc(f)}" data-v="${esc(v.value)}" aria-pressed="${on}"><span>${esc(facetLabel(f, v))}</span><span class="count">${v.count}</span></button></li>`;
    }).join("") + "</ul>";
  }).join("");
  const picked = pickedPlans();
  $("hits").innerHTML = body.hits.map((h) => {
    // The best passage shown, the others (further down the plan) one click away.
    const snip = (s) => `<p class="snippet">${s.section ? `<span class="section">${esc(s.section)}</span>` : ""}… ${s.html} …</p>`;
    const [first, ...more] = h.snippets || [];
    const snips = (first ? snip(first) : "") +
      (more.length ? `<details class="more-snippets"><summary>Thêm ${more.length} đoạn khớp</summary>${more.map(snip).join("")}</details>` : "");
    const on = picked.some((p) => p.id === h.id);
    return `<li class="hit"><h3><a href="${esc(viewUrl("plan", { id: h.id, q: state.q }))}" data-plan="${esc(h.id)}">${esc(planTitle(h))}</a></h3>
      <div class="meta">${planMeta(h)}</div>${snips}
      <label class="pick"><input type="checkbox" data-pick="${esc(h.id)}" data-title="${esc(planTitle(h))}" aria-label="So sánh: ${esc(planTitle(h))}" ${on ? "checked" : ""}> So sánh</label></li>`;
  }).join("");
  const pages = Math.ceil(body.total / PAGE);
  const cur = Math.floor(state.offset / PAGE);
  let html = "";
  if (pages > 1) for (let i = Math.max(0, cur - 4); i < Math.min(pages, cur + 5); i++) {
    html += `<button type="button" data-page="${i}" aria-label="Trang ${i + 1}" ${i === cur ? 'aria-current="page"' : ""}>${i + 1}</button>`;
  }
  $("pager").innerHTML = html;
}

// What the server read in the query ("Quảng Trị 2022" as province and year), as
// chips: × on one searches its words as plain text and keeps the others as ordinary
// filters.
const UNDERSTOOD = [
  ["province", "Tỉnh", "province"],
  ["district", "Huyện", "province"],
  ["year", "Năm", "year"],
  ["level", "Cấp", "level"],
  ["cites", "Trích dẫn", "cites"],
  ["units", "Ưu tiên đơn vị", null],
  ["topics", "Ưu tiên chủ đề", null],
];
let understood = {};

function renderUnderstood(u) {
  understood = u;
  const chips = [];
  for (const [k, name] of UNDERSTOOD) {
    const vals = Array.isArray(u[k]) ? u[k] : u[k] != null ? [u[k]] : [];
    for (const v of vals) {
      const shown = k === "level" ? (LEVELS[v] || v) : k === "topics" ? topicLabel(v) : String(v);
      chips.push(`<button type="button" class="chip understood" data-u="${esc(k)}" aria-label="Không hiểu «${esc(shown)}» là ${esc(name.toLowerCase())}: tìm như chữ thường">${esc(name)}: ${esc(shown)}</button>`);
    }
  }
  $("understood").hidden = !chips.length;
  $("understood").innerHTML = chips.length
    ? `<span>Đã hiểu từ câu tìm:</span> ${chips.join("")} <button type="button" class="linkish" data-u="*">Tìm nguyên văn</button>`
    : "";
}

/// Drops the server's reading of `key` (or of everything, `*`): its words go back
/// into the text, the other understood filters become ordinary filters.
function dropUnderstood(key) {
  const u = understood;
  let q = key === "*" ? state.q : u.text || "";
  for (const [k, , filter] of UNDERSTOOD) {
    if (u[k] == null || !filter || key === "*") continue;
    const v = String(u[k]);
    if (k === key) q += " " + (k === "level" ? (LEVELS[v] || v).toLowerCase() : v);
    else if (!state.filters[filter].includes(v)) state.filters[filter].push(v);
  }
  state.q = q.trim();
  state.literal = true;
  state.offset = 0;
  $("q").value = state.q;
  runSearch();
}

function toggleFilter(f, v) {
  const list = state.filters[f];
  const i = list.indexOf(v);
  if (i >= 0) list.splice(i, 1); else list.push(v);
  state.offset = 0;
  runSearch();
}

// ---------------------------------------------------------- compare picking

function pickedPlans() {
  try { return JSON.parse(sessionStorage.getItem("compare") || "[]"); } catch (_) { return []; }
}

function setPicked(list) {
  sessionStorage.setItem("compare", JSON.stringify(list.slice(-2)));
  renderTray();
}

function togglePick(id, title, on) {
  let list = pickedPlans().filter((p) => p.id !== id);
  if (on) list.push({ id, title });
  if (list.length > 2) list = list.slice(-2); // the oldest choice gives way
  setPicked(list);
  for (const box of document.querySelectorAll("input[data-pick]")) {
    box.checked = pickedPlans().some((p) => p.id === box.dataset.pick);
  }
}

function renderTray() {
  const list = pickedPlans();
  $("compare-tray").hidden = list.length === 0 || state.view === "compare";
  $("tray-items").innerHTML = list.map((p) => `<li><span>${esc(p.title)}</span> <button type="button" class="unpick" data-unpick="${esc(p.id)}" aria-label="Bỏ chọn ${esc(p.title)}">×</button></li>`).join("");
  const go = $("tray-go");
  if (list.length === 2) {
    go.href = viewUrl("compare", { a: list[0].id, b: list[1].id });
    go.removeAttribute("aria-disabled");
    go.textContent = "So sánh 2 kế hoạch";
  } else {
    go.removeAttribute("href");
    go.setAttribute("aria-disabled", "true");
    go.textContent = "Chọn thêm 1 kế hoạch";
  }
}

// --------------------------------------------------------------------- plan

/// HTML of bytes [a, b) of the text, with the marks inside it.
function markedRange(bytes, marks, a, b) {
  let out = "";
  let pos = a;
  for (const m of marks) {
    if (m.end <= a || m.start >= b) continue;
    const s = Math.max(m.start, a);
    const e = Math.min(m.end, b);
    if (s > pos) out += esc(dec.decode(bytes.subarray(pos, s)));
    out += `<mark${m.cls ? ` class="${m.cls}"` : ""}>${esc(dec.decode(bytes.subarray(s, e)))}</mark>`;
    pos = e;
  }
  if (pos < b) out += esc(dec.decode(bytes.subarray(pos, b)));
  return out;
}

/// The text split into its top-level sections (each running to the next one), the
/// heading line of each shown as its title, subsection headings in bold.
function planBody(p, marks) {
  const bytes = enc.encode(p.text || "");
  const top = (p.sections || []).filter((s) => !s.path.includes(".")).sort((x, y) => x.start - y.start);
  const subs = (p.sections || []).filter((s) => s.path.includes("."));
  const lineEnd = (i) => { const n = bytes.indexOf(10, i); return n < 0 ? bytes.length : n; };
  const blocks = [];
  if (!top.length || top[0].start > 0) blocks.push({ start: 0, end: top.length ? top[0].start : bytes.length, section: null });
  top.forEach((s, i) => blocks.push({ start: s.start, end: i + 1 < top.length ? top[i + 1].start : bytes.length, section: s }));
  return blocks.map((b) => {
    let head = "";
    let from = b.start;
    if (b.section) {
      const le = Math.min(lineEnd(b.start), b.end);
      head = `<h2 class="sec-head" id="sec-${esc(b.section.path)}">${markedRange(bytes, marks, b.start, le)}</h2>`;
      from = le;
    } else if (b.end - b.start < 2) {
      return "";
    }
    let body = "";
    let pos = from;
    for (const s of subs) {
      if (s.start < from || s.start >= b.end) continue;
      const le = Math.min(lineEnd(s.start), b.end);
      if (s.start > pos) body += markedRange(bytes, marks, pos, s.start);
      body += `<strong class="sub-head">${markedRange(bytes, marks, s.start, le)}</strong>`;
      pos = le;
    }
    body += markedRange(bytes, marks, pos, b.end);
    const label = b.section ? `aria-labelledby="sec-${esc(b.section.path)}"` : 'aria-label="Phần đầu văn bản"';
    return `<section class="sec" ${label}>${head}<div class="sec-text">${body.replace(/^\n+/, "")}</div></section>`;
  }).join("");
}

async function showPlan() {
  showView("plan", false);
  $("plan").innerHTML = `<p role="status">Đang tải…</p>`;
  await loadTopics();
  let p;
  try {
    p = await getJson("/api/plans/" + encodeURIComponent(state.id) + (state.q ? "?q=" + encodeURIComponent(state.q) : ""));
  } catch (e) {
    $("plan").innerHTML = `<h1 tabindex="-1">Không tìm thấy kế hoạch</h1><p>${esc(e.message)}</p>`;
    showView("plan", true);
    return;
  }
  setTitle(planTitle(p));
  const marks = (p.marks || []).slice();
  let found = -1;
  if (state.find) {
    const i = p.text.indexOf(state.find);
    if (i >= 0) {
      const start = enc.encode(p.text.slice(0, i)).length;
      const end = start + enc.encode(state.find).length;
      // The passage replaces the word marks it overlaps.
      for (let k = marks.length - 1; k >= 0; k--) if (marks[k].start < end && marks[k].end > start) marks.splice(k, 1);
      marks.push({ start, end, cls: "found" });
      marks.sort((x, y) => x.start - y.start);
      found = start;
    }
  }
  const cites = (p.citations || []).map((c) => {
    const what = [c.kind, c.date && "ngày " + c.date, c.issuer && "của " + c.issuer].filter(Boolean).map(esc).join(" ");
    if (!c.number) return `<li>${esc(c.text)}</li>`;
    return `<li><a href="${esc(viewUrl("cited", { number: c.number, from: p.id }))}" data-cited="${esc(c.number)}" title="Các kế hoạch khác trích dẫn văn bản này">${esc(c.number)}</a> ${what}</li>`;
  }).join("");
  const basis = (p.basis || []).map((c) => `<li>${esc(c.text || c.number)}</li>`).join("");
  const topics = (p.topics || []).map((t) => `<li><a class="tag" href="${esc(viewUrl("search", { topic: t }))}">${esc(topicLabel(t))}</a></li>`).join("");
  const row = (k, v) => (v ? `<dt>${k}</dt><dd>${v}</dd>` : "");
  const picked = pickedPlans().some((x) => x.id === p.id);
  const nMarks = (p.marks || []).length;
  $("plan").innerHTML = `<h1 tabindex="-1">${esc(planTitle(p))}</h1>
    <p class="actions">
      <label class="pick"><input type="checkbox" data-pick="${esc(p.id)}" data-title="${esc(planTitle(p))}" ${picked ? "checked" : ""}> Chọn để so sánh</label>
      ${state.q ? `<span class="marks-info" role="status">${nMarks} chỗ khớp với «${esc(state.q)}»</span> ${nMarks ? '<button type="button" id="next-mark">Đến chỗ khớp tiếp theo ↓</button>' : ""}` : ""}
    </p>
    <div class="card"><dl>
      ${row("Số", esc(p.doc_number))}${row("Loại văn bản", esc(p.doc_type))}${row("Cơ quan ban hành", esc(p.issuer))}
      ${row("Cấp", esc(LEVELS[p.level] || p.level))}${row("Tỉnh, thành phố", esc(p.province))}${row("Ngày ban hành", esc(p.issued_date))}
      ${row("Năm kế hoạch", esc(p.year))}${row("Người ký", esc(p.signer))}
      ${row("Căn cứ", basis && `<ul>${basis}</ul>`)}${row("Văn bản trích dẫn", cites && `<ul class="cites">${cites}</ul>`)}
      ${row("Đơn vị thực hiện", esc((p.units || []).map((u) => u.name).join("; ")))}
      ${row("Chủ đề", topics && `<ul class="tags">${topics}</ul>`)}
      ${row("Tệp nguồn", esc(p.source))}${p.quality?.ocr_suspected ? row("Chất lượng", "Văn bản nhận dạng (OCR), có thể sai dấu") : ""}
    </dl></div>
    <div class="plan-text">${planBody(p, marks)}</div>`;
  showView("plan", found < 0);
  if (found >= 0) {
    const m = document.querySelector("mark.found");
    if (m) { m.setAttribute("tabindex", "-1"); m.scrollIntoView({ block: "center" }); m.focus({ preventScroll: true }); }
  }
}

let markCursor = -1;
function nextMark() {
  const all = document.querySelectorAll("#plan .plan-text mark");
  if (!all.length) return;
  markCursor = (markCursor + 1) % all.length;
  const m = all[markCursor];
  for (const x of all) x.classList.remove("current");
  m.classList.add("current");
  m.setAttribute("tabindex", "-1");
  m.scrollIntoView({ block: "center" });
  m.focus({ preventScroll: true });
}

// ----------------------------------------------------------- cited document

async function showCited() {
  showView("cited", false);
  $("cited").innerHTML = `<p role="status">Đang tải…</p>`;
  let c;
  try {
    c = await getJson("/api/citations/" + encodeURIComponent(state.number));
  } catch (e) {
    $("cited").innerHTML = `<h1 tabindex="-1">${esc(state.number)}</h1><p>${esc(e.message)}</p>`;
    showView("cited", true);
    return;
  }
  setTitle(c.number);
  const others = (c.cited_by || []).filter((h) => h.id !== state.from);
  const from = (c.cited_by || []).find((h) => h.id === state.from);
  const what = [c.kind, c.date && "ngày " + c.date, c.issuer && "của " + c.issuer].filter(Boolean).map(esc).join(" ");
  $("cited").innerHTML = `<h1 tabindex="-1">${esc(c.kind || "Văn bản")} ${esc(c.number)}</h1>
    <p class="lead">${what ? what + ". " : ""}Được ${c.count} kế hoạch trích dẫn${from ? `; dưới đây là ${others.length} kế hoạch khác ngoài «${esc(planTitle(from))}»` : ""}.</p>
    ${others.length ? `<ol class="plain-list">${others.map((h) => `<li><a href="${esc(viewUrl("plan", { id: h.id }))}">${esc(planTitle(h))}</a><div class="meta">${planMeta(h)}</div></li>`).join("")}</ol>` : "<p>Không có kế hoạch nào khác trích dẫn văn bản này.</p>"}
    <p><a href="${esc(viewUrl("search", { cites: c.number }))}">Tìm trong các kế hoạch trích dẫn văn bản này →</a></p>`;
  showView("cited", true);
}

// ------------------------------------------------------------------ compare

function splitBlock(title, split, label) {
  const list = (items, cls) => (items.length
    ? `<ul class="tags">${items.map((v) => `<li><span class="tag ${cls}">${esc(label(v))}</span></li>`).join("")}</ul>`
    : `<p class="none">—</p>`);
  return `<section class="split"><h3>${title}</h3><div class="split-cols">
    <div class="col-a"><h4>Chỉ có ở A <span class="count">(${split.only_a.length})</span></h4>${list(split.only_a, "only-a")}</div>
    <div class="col-both"><h4>Cả hai <span class="count">(${split.shared.length})</span></h4>${list(split.shared, "shared")}</div>
    <div class="col-b"><h4>Chỉ có ở B <span class="count">(${split.only_b.length})</span></h4>${list(split.only_b, "only-b")}</div>
  </div></section>`;
}

function sectionCell(ref, plan, side) {
  if (!ref) return `<div class="pair-${side} missing"><p class="none">Không có phần tương ứng ở ${side.toUpperCase()}</p></div>`;
  const sec = (plan.sections || []).find((s) => s.path === ref.path);
  const text = (sec?.text || "").replace(/^[^\n]*\n+/, "");
  // Hard-wrapped lines run on in a narrow column; list items and numbered points
  // keep their own line.
  const flowing = text.replace(/([^\n])\n(?!\n|\s*(?:[-+•*]|\d+[.)]|[a-zđ]\)))/g, "$1 ");
  const short = flowing.length > 320 ? flowing.slice(0, 320).replace(/\s+\S*$/, "") + " …" : flowing;
  return `<div class="pair-${side}"><h4><span class="side">${side.toUpperCase()}</span> ${esc(ref.heading)}</h4>
    <p class="excerpt">${esc(short)}</p>
    ${text.length > short.length ? `<details><summary>Xem toàn văn phần này</summary><div class="sec-text">${esc(text)}</div></details>` : ""}</div>`;
}

async function showCompare() {
  showView("compare", false);
  renderTray();
  if (!state.a || !state.b) {
    $("compare").innerHTML = `<h1 tabindex="-1">So sánh hai kế hoạch</h1><p>Chọn hai kế hoạch trong kết quả tìm kiếm (ô «So sánh» ở mỗi kết quả), rồi bấm «So sánh 2 kế hoạch».</p>`;
    showView("compare", true);
    return;
  }
  $("compare").innerHTML = `<p role="status">Đang so sánh…</p>`;
  let c, pa, pb;
  try {
    await loadTopics();
    [c, pa, pb] = await Promise.all([
      getJson(`/api/compare?a=${encodeURIComponent(state.a)}&b=${encodeURIComponent(state.b)}`),
      getJson("/api/plans/" + encodeURIComponent(state.a)),
      getJson("/api/plans/" + encodeURIComponent(state.b)),
    ]);
  } catch (e) {
    $("compare").innerHTML = `<h1 tabindex="-1">So sánh hai kế hoạch</h1><p>Lỗi: ${esc(e.message)}</p>`;
    showView("compare", true);
    return;
  }
  setTitle("So sánh");
  const card = (h, side) => `<div class="card plan-${side}"><p class="side-label">Kế hoạch ${side.toUpperCase()}</p>
    <h2><a href="${esc(viewUrl("plan", { id: h.id }))}">${esc(planTitle(h))}</a></h2><div class="meta">${planMeta(h)}</div></div>`;
  const pairs = c.sections.map((p) => `<li class="pair">
      ${sectionCell(p.a, pa, "a")}
      <div class="sim" aria-label="Độ giống nhau ${Math.round(p.similarity * 100)}%"><span>${p.a && p.b ? Math.round(p.similarity * 100) + "%" : ""}</span></div>
      ${sectionCell(p.b, pb, "b")}</li>`).join("");
  $("compare").innerHTML = `<h1 tabindex="-1">So sánh hai kế hoạch</h1>
    <div class="two">${card(c.a, "a")}${card(c.b, "b")}</div>
    <h2>Điểm chung và khác biệt</h2>
    <p class="legend"><span class="tag only-a">chỉ có ở A</span> <span class="tag shared">có ở cả hai</span> <span class="tag only-b">chỉ có ở B</span></p>
    ${splitBlock("Chủ đề", c.topics, topicLabel)}
    ${splitBlock("Đơn vị thực hiện", c.units, (v) => v)}
    ${splitBlock("Văn bản trích dẫn", c.citations, (v) => v)}
    <h2>Các phần tương ứng</h2>
    <p class="hint">Mỗi dòng ghép một phần lớn của A với phần giống nó nhất ở B (theo tiêu đề và cách diễn đạt).</p>
    <ol class="pairs">${pairs}</ol>`;
  showView("compare", true);
}

// ------------------------------------------------------------------ similar

async function runSimilar() {
  const text = state.text.trim();
  $("similar-text").value = state.text;
  if (!text) { $("similar-summary").textContent = ""; $("similar-results").innerHTML = ""; return; }
  $("similar-summary").textContent = "Đang tìm…";
  let hits;
  try {
    const r = await fetch("/api/similar?limit=10", { method: "POST", body: text, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    hits = await r.json();
    if (!r.ok) throw new Error(hits?.error?.message || "HTTP " + r.status);
  } catch (e) {
    $("similar-summary").textContent = "Lỗi: " + e.message;
    return;
  }
  $("similar-summary").textContent = hits.length ? `${hits.length} đoạn có cách diễn đạt gần giống` : "Không tìm thấy đoạn nào gần giống.";
  $("similar-results").innerHTML = hits.map((h) => `<li class="passage">
      <blockquote>${(() => { const bytes = enc.encode(h.text); return markedRange(bytes, h.marks || [], 0, bytes.length); })()}</blockquote>
      <p class="meta"><a href="${esc(viewUrl("plan", { id: h.plan_id, find: h.text }))}">${esc(h.title || h.plan_id)}</a>${h.year ? " · " + esc(h.year) : ""}${h.section ? ` · <span class="section-inline">${esc(h.section)}</span>` : ""} · <span class="score">giống ${Math.round(h.score * 100)}%</span></p>
    </li>`).join("");
}

function showSimilar(focus) {
  showView("similar", false);
  setTitle("Tìm cách diễn đạt tương tự");
  runSimilar();
  if (focus) $("similar-text").focus();
}

// ----------------------------------------------------------------- overview

const NS = "http://www.w3.org/2000/svg";

/// A vertical bar chart of plans per year; each bar links to that year's plans.
function barChart(years, width) {
  const h = 260, left = 44, right = 12, top = 16, bottom = 44;
  const max = Math.max(1, ...years.map((y) => y.plans));
  const step = max <= 5 ? 1 : Math.ceil(max / 5 / (10 ** Math.floor(Math.log10(max / 5)))) * (10 ** Math.floor(Math.log10(max / 5)));
  const ymax = Math.ceil(max / step) * step;
  const plotH = h - top - bottom;
  // Bars at most 90 px apart: a few years do not make a wall of blue.
  const bw = Math.min(90, (width - left - right) / Math.max(1, years.length));
  const plotW = bw * years.length;
  width = left + plotW + right;
  const y = (v) => top + plotH - (v / ymax) * plotH;
  let s = `<svg xmlns="${NS}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" role="img" aria-labelledby="bars-title bars-desc" class="chart">
    <title id="bars-title">Số kế hoạch theo năm</title>
    <desc id="bars-desc">${years.map((d) => `Năm ${d.year}: ${d.plans} kế hoạch`).join("; ")}.</desc>`;
  for (let v = 0; v <= ymax; v += step) {
    s += `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${v}</text>`;
  }
  const labelEvery = Math.ceil(years.length / Math.max(1, Math.floor(plotW / 44)));
  years.forEach((d, i) => {
    const x = left + i * bw + bw * 0.15, w = bw * 0.7;
    s += `<a href="${esc(viewUrl("search", { year: d.year }))}" aria-label="Năm ${d.year}: ${d.plans} kế hoạch — xem danh sách">
      <rect x="${x}" y="${y(d.plans)}" width="${w}" height="${top + plotH - y(d.plans)}" class="bar"><title>Năm ${d.year}: ${d.plans} kế hoạch</title></rect>
      <text x="${x + w / 2}" y="${y(d.plans) - 4}" text-anchor="middle" class="value">${d.plans}</text></a>`;
    if (i % labelEvery === 0) s += `<text x="${x + w / 2}" y="${top + plotH + 16}" text-anchor="middle" class="tick">${d.year}</text>`;
  });
  s += `<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" class="axis"/>
    <text x="${left + plotW / 2}" y="${h - 6}" text-anchor="middle" class="axis-label">Năm kế hoạch</text>
    <text transform="translate(12 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis-label">Số kế hoạch</text></svg>`;
  return s;
}

/// A heat map of topics (rows) by year (columns): the count in each cell, the
/// shade growing with the share of that year's plans naming the topic.
function heatMap(years, width) {
  const totals = new Map();
  for (const y of years) for (const t of y.topics) totals.set(t.value, (totals.get(t.value) || 0) + t.count);
  const topics = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 12).map(([id]) => id);
  const narrow = width < 640;
  const labelW = narrow ? 0 : Math.min(300, width * 0.38);
  const rowLabelH = narrow ? 18 : 0;
  const cellH = 26, top = 28, left = labelW + 4, right = 8;
  const cellW = Math.max(30, Math.min(90, (width - left - right) / Math.max(1, years.length)));
  width = Math.max(narrow ? width : 0, left + cellW * years.length + right);
  const rowH = cellH + rowLabelH + 4;
  const h = top + topics.length * rowH + 4;
  const count = (y, id) => (y.topics.find((t) => t.value === id) || { count: 0 }).count;
  let s = `<svg xmlns="${NS}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" role="img" aria-labelledby="heat-title heat-desc" class="chart">
    <title id="heat-title">Chủ đề theo năm</title>
    <desc id="heat-desc">Số kế hoạch nêu mỗi chủ đề, theo năm. ${topics.map((id) => `${topicLabel(id)}: ${years.map((y) => `${y.year} ${count(y, id)}`).join(", ")}`).join("; ")}.</desc>`;
  years.forEach((y, j) => {
    s += `<text x="${left + j * cellW + cellW / 2}" y="${top - 10}" text-anchor="middle" class="tick">${y.year}</text>`;
  });
  const maxChars = narrow ? Math.floor(width / 7) : Math.floor(labelW / 7);
  topics.forEach((id, i) => {
    const label = topicLabel(id);
    const shown = label.length > maxChars ? label.slice(0, maxChars - 1) + "…" : label;
    const ry = top + i * rowH;
    s += narrow
      ? `<text x="0" y="${ry + 13}" class="row-label">${esc(shown)}<title>${esc(label)}</title></text>`
      : `<text x="${labelW - 6}" y="${ry + cellH / 2 + 5}" text-anchor="end" class="row-label">${esc(shown)}<title>${esc(label)}</title></text>`;
    years.forEach((y, j) => {
      const n = count(y, id);
      const share = y.plans ? n / y.plans : 0;
      const x = left + j * cellW, cy = ry + rowLabelH;
      s += `<rect x="${x + 1}" y="${cy}" width="${cellW - 2}" height="${cellH}" rx="3" class="cell" style="fill-opacity:${n ? 0.15 + 0.85 * share : 0}"><title>${esc(label)}, năm ${y.year}: ${n}/${y.plans} kế hoạch</title></rect>`;
      s += `<text x="${x + cellW / 2}" y="${cy + cellH / 2 + 5}" text-anchor="middle" class="cell-value${share > 0.55 ? " on-dark" : ""}">${n || ""}</text>`;
    });
  });
  s += "</svg>";
  return { svg: s, topics };
}

function dataTable(caption, head, rows) {
  return `<details class="table-details"><summary>Xem số liệu dạng bảng: ${esc(caption)}</summary><div class="table-wrap"><table><caption>${esc(caption)}</caption>
    <thead><tr>${head.map((c) => `<th scope="col">${esc(c)}</th>`).join("")}</tr></thead>
    <tbody>${rows.map((r) => `<tr><th scope="row">${esc(r[0])}</th>${r.slice(1).map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</tbody></table></div></details>`;
}

let overviewData = null;
async function showOverview() {
  showView("overview", true);
  setTitle("Tổng quan");
  if (!overviewData) {
    $("overview-summary").textContent = "Đang tải…";
    try {
      await loadTopics();
      overviewData = await getJson("/api/overview");
    } catch (e) {
      $("overview-summary").textContent = "Lỗi: " + e.message;
      return;
    }
  }
  renderOverview();
}

/// Years from the first to the last, those without plans included (as zeros), so
/// the charts show gaps in the collection instead of hiding them.
function allYears(years) {
  if (years.length < 2 || years[years.length - 1].year - years[0].year > 60) return years;
  const out = [];
  for (let y = years[0].year, i = 0; y <= years[years.length - 1].year; y++) {
    if (years[i].year === y) out.push(years[i++]);
    else out.push({ year: y, plans: 0, topics: [] });
  }
  return out;
}

function renderOverview() {
  const o = overviewData;
  if (!o || state.view !== "overview") return;
  const ys = allYears(o.years);
  $("overview-summary").textContent = ys.length
    ? `${o.plans} kế hoạch, từ năm ${ys[0].year} đến năm ${ys[ys.length - 1].year}` + (o.undated ? `; ${o.undated} kế hoạch chưa rõ năm.` : ".")
    : `${o.plans} kế hoạch, chưa rõ năm.`;
  // The figures' content box: their padding and border are 34 px.
  const width = Math.max(280, Math.min(1160, ($("overview").clientWidth || 320) - 34));
  const heat = heatMap(ys, width);
  $("overview").innerHTML = `<figure class="figure"><figcaption><h2>Số kế hoạch theo năm</h2><p class="hint">Bấm vào một cột để xem các kế hoạch của năm đó.</p></figcaption>
      ${barChart(ys, width)}
      ${dataTable("Số kế hoạch theo năm", ["Năm", "Số kế hoạch"], ys.map((y) => [y.year, y.plans]))}</figure>
    <figure class="figure"><figcaption><h2>Chủ đề theo năm</h2><p class="hint">${heat.topics.length} chủ đề được nêu nhiều nhất; mỗi ô là số kế hoạch của năm nêu chủ đề đó; ô càng đậm, tỉ lệ kế hoạch của năm đó nêu chủ đề càng cao.</p></figcaption>
      ${heat.svg}
      ${dataTable("Chủ đề theo năm", ["Chủ đề", ...ys.map((y) => String(y.year))], heat.topics.map((id) => [topicLabel(id), ...ys.map((y) => (y.topics.find((t) => t.value === id) || { count: 0 }).count)]))}</figure>`;
}

// ------------------------------------------------------------------- router

function route(focus) {
  renderTray();
  $("q").value = state.q;
  $("sort").value = state.sort;
  switch (state.view) {
    case "plan": return showPlan();
    case "cited": return showCited();
    case "compare": return showCompare();
    case "similar": return showSimilar(focus);
    case "overview": return showOverview();
    default:
      showView("search", false);
      setTitle(state.q);
      return runSearch();
  }
}

$("q").addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    state.q = $("q").value.trim();
    state.offset = 0;
    state.literal = false;
    if (state.view !== "search") { state.view = "search"; showView("search", false); }
    runSearch();
  }, 180);
});
$("q").addEventListener("keydown", (e) => {
  if (e.key === "Escape" && $("q").value) {
    e.preventDefault();
    e.stopPropagation();
    $("q").value = "";
    $("q").dispatchEvent(new Event("input"));
  }
});
$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(timer);
  if (state.q !== $("q").value.trim()) state.literal = false;
  state.q = $("q").value.trim();
  state.offset = 0;
  if (state.view !== "search") go(searchUrl()); else runSearch();
  // Enter leads to the results: the first hit is one Tab away.
});
$("sort").addEventListener("change", () => { state.sort = $("sort").value; state.offset = 0; if (state.view === "search") runSearch(); else go(searchUrl()); });
$("similar-form").addEventListener("submit", (e) => {
  e.preventDefault();
  go(viewUrl("similar", { text: $("similar-text").value.trim() }));
});
$("similar-text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("similar-form").requestSubmit(); }
});

document.addEventListener("click", (e) => {
  const b = e.target.closest("button[data-f]");
  if (b) { toggleFilter(b.dataset.f, b.dataset.v); return; }
  const ub = e.target.closest("button[data-u]");
  if (ub) { dropUnderstood(ub.dataset.u); return; }
  const pg = e.target.closest("button[data-page]");
  if (pg) { state.offset = +pg.dataset.page * PAGE; runSearch(); window.scrollTo(0, 0); return; }
  const un = e.target.closest("button[data-unpick]");
  if (un) { togglePick(un.dataset.unpick, "", false); return; }
  if (e.target.closest("#next-mark")) { nextMark(); return; }
  const a = e.target.closest("a[href]");
  if (a && !e.defaultPrevented && e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
    // SVG links carry their href as an attribute only.
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin === location.origin && url.pathname === "/") { e.preventDefault(); go(url.pathname + url.search); }
  }
});
document.addEventListener("change", (e) => {
  const box = e.target.closest("input[data-pick]");
  if (box) togglePick(box.dataset.pick, box.dataset.title, box.checked);
});
document.addEventListener("keydown", (e) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
  if (e.key === "/" && !typing) { e.preventDefault(); $("q").focus(); $("q").select(); return; }
  if (e.key === "Escape" && state.view !== "search" && !(e.target.tagName === "TEXTAREA" && e.target.value)) {
    e.preventDefault();
    go(lastSearch || "/");
  }
});
window.addEventListener("popstate", () => { state = readUrl(); route(false); });
let resizeTimer = null;
window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(renderOverview, 150); });

if (state.view !== "search") lastSearch = "/";
loadTopics().then(() => { if (state.view === "search" && state.filters.topic.length) runSearch(); });
route(false);
