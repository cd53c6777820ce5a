// plansearch web page: search as you type, facets, pagination, plan view.
// The URL holds the query and filters, so a search can be shared or bookmarked.
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
const PAGE = 10;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

let state = readUrl();
let timer = null;
let inflight = null;

function readUrl() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get("q") || "", sort: p.get("sort") || "relevance", offset: +(p.get("offset") || 0), plan: p.get("plan") || "", filters: {} };
  for (const [f] of FACETS) s.filters[f] = p.getAll(f);
  return s;
}

function params(extra = {}) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort !== "relevance") p.set("sort", state.sort);
  for (const [f] of FACETS) for (const v of state.filters[f]) p.append(f, v);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

function writeUrl() {
  const p = params(state.offset ? { offset: state.offset } : {});
  if (state.plan) p.set("plan", state.plan);
  const url = p.toString() ? "?" + p : location.pathname;
  history.replaceState(null, "", url);
}

async function runSearch() {
  writeUrl();
  if (inflight) inflight.abort();
  inflight = new AbortController();
  const p = params({ limit: PAGE, offset: state.offset });
  $("export-csv").href = "/api/search?" + params({ format: "csv", limit: 10000 });
  $("export-json").href = "/api/search?" + params({ limit: 100 });
  try {
    const r = await fetch("/api/search?" + p, { signal: inflight.signal });
    const body = await r.json();
    if (!r.ok) { $("summary").textContent = "Lỗi: " + (body.error?.message || r.status); return; }
    render(body);
  } catch (e) {
    if (e.name !== "AbortError") $("summary").textContent = "Không kết nối được máy chủ.";
  }
}

function label(facet, v) {
  if (facet === "level") return LEVELS[v.value] || v.value;
  return v.label || v.value;
}

function render(body) {
  $("summary").textContent = `${body.total} kế hoạch` + (state.q ? ` khớp với «${state.q}»` : "") + ` · ${body.took_ms} ms`;
  // active filters as removable chips
  const chips = [];
  for (const [f, name] of FACETS) for (const v of state.filters[f]) {
    chips.push(`<button class="chip" data-f="${esc(f)}" data-v="${esc(v)}" aria-label="Bỏ lọc ${esc(name)}: ${esc(v)}">${esc(name)}: ${esc(f === "level" ? (LEVELS[v] || v) : v)}</button>`);
  }
  $("active-filters").innerHTML = chips.join("");
  // facets
  $("facets").innerHTML = FACETS.map(([f, name]) => {
    const vals = body.facets?.[f] || [];
    if (!vals.length) return "";
    return `<h2 id="f-${f}">${esc(name)}</h2><ul aria-labelledby="f-${f}">` + vals.slice(0, 12).map((v) => {
      const on = state.filters[f].includes(v.value);
      return `<li><button data-f="${esc(f)}" data-v="${esc(v.value)}" aria-pressed="${on}"><span>${esc(label(f, v))}</span><span class="count">${v.count}</span></button></li>`;
    }).join("") + "</ul>";
  }).join("");
  // hits
  $("hits").innerHTML = body.hits.map((h) => {
    const meta = [h.doc_number && "Số " + h.doc_number, h.issuer, h.province, h.issued_date || h.year].filter(Boolean).map(esc).join(" · ");
    const snips = (h.snippets || []).map((s) => `<p class="snippet">${s.section ? `<span class="section">${esc(s.section)}</span>` : ""}… ${s.html} …</p>`).join("");
    return `<li><h3><a href="?plan=${encodeURIComponent(h.id)}${state.q ? "&q=" + encodeURIComponent(state.q) : ""}" data-plan="${esc(h.id)}">${esc(h.title || h.source || h.id)}</a></h3><div class="meta">${meta}</div>${snips}</li>`;
  }).join("");
  // pager
  const pages = Math.ceil(body.total / PAGE);
  const cur = Math.floor(state.offset / PAGE);
  let html = "";
  if (pages > 1) for (let i = Math.max(0, cur - 4); i < Math.min(pages, cur + 5); i++) {
    html += `<button data-page="${i}" ${i === cur ? 'aria-current="page"' : ""}>${i + 1}</button>`;
  }
  $("pager").innerHTML = html;
}

function toggle(f, v) {
  const list = state.filters[f];
  const i = list.indexOf(v);
  if (i >= 0) list.splice(i, 1); else list.push(v);
  state.offset = 0;
  runSearch();
}

// Highlight the query's words in plan text, the way the analyzer would match them:
// the server's /api/analyze gives folded terms; here we compare folded words.
function fold(s) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}
function markWords(text, q) {
  const words = new Set(fold(q).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1));
  if (!words.size) return esc(text);
  return text.split(/([\p{L}\p{N}\p{M}]+)/u).map((part) => words.has(fold(part)) ? `<mark>${esc(part)}</mark>` : esc(part)).join("");
}

async function showPlan(id) {
  state.plan = id;
  writeUrl();
  $("search-view").hidden = true;
  $("plan-view").hidden = false;
  const r = await fetch("/api/plans/" + encodeURIComponent(id));
  const p = await r.json();
  if (!r.ok) { $("plan").textContent = "Không tìm thấy kế hoạch."; return; }
  const cites = (p.citations || []).map((c) => `<li>${esc(c.kind || "")} <a href="?cites=${encodeURIComponent(c.number || "")}">${esc(c.number || c.text)}</a>${c.date ? " ngày " + esc(c.date) : ""}${c.issuer ? " của " + esc(c.issuer) : ""}</li>`).join("");
  const basis = (p.basis || []).map((c) => `<li>${esc(c.text || c.number)}</li>`).join("");
  const row = (k, v) => v ? `<dt>${k}</dt><dd>${v}</dd>` : "";
  // Top-level sections hold their subsections' text: show those alone.
  const sections = (p.sections || []).filter((s) => s.text && !s.path.includes("."));
  const body = sections.length
    ? sections.map((s) => `<section><h3>${esc(s.path)} · ${esc(s.heading)}</h3>${markWords(s.text, state.q)}</section>`).join("")
    : `<section>${markWords(p.text || "", state.q)}</section>`;
  $("plan").innerHTML = `<h1>${esc(p.title || p.source)}</h1>
    <div class="card"><dl>
      ${row("Số", esc(p.doc_number))}${row("Loại văn bản", esc(p.doc_type))}${row("Cơ quan ban hành", esc(p.issuer))}
      ${row("Cấp", esc(LEVELS[p.level] || p.level))}${row("Tỉnh, thành phố", esc(p.province))}${row("Ngày ban hành", esc(p.issued_date))}
      ${row("Năm kế hoạch", esc(p.year))}${row("Người ký", esc(p.signer))}
      ${row("Căn cứ", basis && `<ul>${basis}</ul>`)}${row("Trích dẫn", cites && `<ul>${cites}</ul>`)}
      ${row("Đơn vị thực hiện", esc((p.units || []).map((u) => u.name).join("; ")))}
      ${row("Chủ đề", esc((p.topics || []).join(", ")))}
      ${row("Tệp nguồn", esc(p.source))}${p.quality?.ocr_suspected ? row("Chất lượng", "Văn bản nhận dạng (OCR), có thể sai dấu") : ""}
    </dl></div>
    <div class="plan-text">${body}</div>`;
}

function showSearch() {
  state.plan = "";
  $("plan-view").hidden = true;
  $("search-view").hidden = false;
  runSearch();
}

$("q").value = state.q;
$("sort").value = state.sort;
$("q").addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => { state.q = $("q").value.trim(); state.offset = 0; if (state.plan) showSearch(); else runSearch(); }, 200);
});
$("search-form").addEventListener("submit", (e) => { e.preventDefault(); state.q = $("q").value.trim(); state.offset = 0; showSearch(); });
$("sort").addEventListener("change", () => { state.sort = $("sort").value; state.offset = 0; runSearch(); });
document.addEventListener("click", (e) => {
  const b = e.target.closest("button[data-f]");
  if (b) { toggle(b.dataset.f, b.dataset.v); return; }
  const pg = e.target.closest("button[data-page]");
  if (pg) { state.offset = +pg.dataset.page * PAGE; runSearch(); window.scrollTo(0, 0); return; }
  const a = e.target.closest("a[data-plan]");
  if (a) { e.preventDefault(); showPlan(a.dataset.plan); return; }
  if (e.target.id === "back") { e.preventDefault(); showSearch(); }
});
if (state.plan) showPlan(state.plan); else runSearch();
