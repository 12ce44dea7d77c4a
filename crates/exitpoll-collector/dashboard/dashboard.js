// The exitpoll dashboard: reads the admin API with the site's token and draws
// the summary as self-contained SVG. Nothing is loaded from anywhere else.
// Every piece of text from responses goes in with textContent, so answers
// can never be interpreted as HTML. The summary is polled every two seconds,
// so new responses show up without a reload.

const POLL_MS = 2000;
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

let session = JSON.parse(sessionStorage.getItem("exitpoll-dashboard") || "null");
let timer = 0;
let latest = null;

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

async function api(path) {
  const r = await fetch(`/v1/sites/${encodeURIComponent(session.site)}${path}`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  if (!r.ok) {
    let message = `HTTP ${r.status}`;
    try {
      message = (await r.json()).error.message;
    } catch {
      // Not JSON: keep the status.
    }
    const e = new Error(message);
    e.status = r.status;
    throw e;
  }
  return r;
}

function query(extra = {}) {
  const f = new FormData($("filters"));
  const p = new URLSearchParams();
  if (f.get("survey")) p.set("survey", f.get("survey"));
  if (f.get("since")) p.set("since", f.get("since"));
  if (f.get("until")) {
    // The "to" date is inclusive: until the next day's midnight.
    const d = new Date(`${f.get("until")}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    p.set("until", d.toISOString().slice(0, 10));
  }
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Horizontal bars: rows of [label, value]. */
function bars(rows, { total } = {}) {
  const max = Math.max(1, ...rows.map(([, v]) => v));
  const width = 520;
  const rowH = 26;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${rows.length * rowH}`, width, height: rows.length * rowH, role: "img" });
  chart.append(svg("title", {}, rows.map(([l, v]) => `${l}: ${v}`).join(", ")));
  rows.forEach(([label, value], i) => {
    const y = i * rowH;
    const w = ((width - 290) * value) / max;
    chart.append(svg("text", { x: 0, y: y + 17 }, label.length > 28 ? `${label.slice(0, 27)}…` : label));
    chart.append(svg("rect", { x: 180, y: y + 5, width: Math.max(w, value ? 2 : 0), height: 16, rx: 3, fill: "var(--accent)", "data-value": value }));
    const pct = total ? ` (${Math.round((100 * value) / Math.max(total, 1))}%)` : "";
    chart.append(svg("text", { x: 186 + w, y: y + 17 }, `${value}${pct}`));
  });
  return chart;
}

/** The NPS trend over days, as a line from −100 to 100. */
function trend(days) {
  const points = days.filter((d) => d.nps && d.nps.score !== null && d.nps.score !== undefined);
  const w = 520;
  const h = 140;
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: "img" });
  chart.append(svg("title", {}, `NPS by day: ${points.map((d) => `${d.day} ${d.nps.score}`).join(", ") || "no NPS answers yet"}`));
  const y = (v) => 10 + ((100 - v) / 200) * (h - 30);
  chart.append(svg("line", { x1: 30, x2: w, y1: y(0), y2: y(0), stroke: "var(--line)" }));
  chart.append(svg("text", { x: 0, y: y(100) + 4 }, "100"));
  chart.append(svg("text", { x: 6, y: y(0) + 4 }, "0"));
  chart.append(svg("text", { x: 0, y: y(-100) + 4 }, "−100"));
  if (!points.length) return chart;
  const step = points.length > 1 ? (w - 50) / (points.length - 1) : 0;
  const coords = points.map((d, i) => [40 + i * step, y(d.nps.score)]);
  chart.append(svg("polyline", { points: coords.map((c) => c.join(",")).join(" "), fill: "none", stroke: "var(--accent)", "stroke-width": 2 }));
  coords.forEach(([cx, cy], i) => {
    const dot = svg("circle", { cx, cy, r: 3.5, fill: "var(--accent)" });
    dot.append(svg("title", {}, `${points[i].day}: ${points[i].nps.score}`));
    chart.append(dot);
  });
  chart.append(svg("text", { x: 40, y: h - 2 }, points[0].day));
  if (points.length > 1) chart.append(svg("text", { x: w - 70, y: h - 2 }, points[points.length - 1].day));
  return chart;
}

function table(breakdown) {
  const t = el("table");
  const head = el("tr");
  for (const [h, cls] of [["", ""], ["shown", "num"], ["answered", "num"], ["completed", "num"], ["dismissed", "num"]]) head.append(el("th", cls ? { class: cls } : {}, h));
  t.append(head);
  for (const [name, f] of Object.entries(breakdown)) {
    const tr = el("tr");
    tr.append(el("td", {}, name));
    for (const k of ["shown", "answered", "completed", "dismissed"]) tr.append(el("td", { class: "num" }, String(f[k])));
    t.append(tr);
  }
  return t;
}

function render(summary, hooks) {
  const surveySelect = $("survey");
  const chosen = surveySelect.value;
  const known = [...surveySelect.options].map((o) => o.value).join();
  if (known !== summary.surveys.map((s) => s.survey_id).join()) {
    surveySelect.textContent = "";
    for (const s of summary.surveys) surveySelect.append(el("option", { value: s.survey_id }, s.name ? `${s.name} (${s.survey_id})` : s.survey_id));
    if (chosen) surveySelect.value = chosen;
  }
  const s = summary.surveys.find((x) => x.survey_id === surveySelect.value) || summary.surveys[0];
  if (!s) return;
  $("funnel").replaceChildren(bars([["shown", s.shown], ["answered", s.answered], ["completed", s.completed], ["dismissed", s.dismissed]], { total: s.shown }));
  const pct = (r) => (r === null || r === undefined ? "–" : `${(r * 100).toFixed(1)}%`);
  $("rates").textContent = `Response rate ${pct(s.response_rate)} · completion rate ${pct(s.completion_rate)}`;
  $("nps").textContent = s.nps && s.nps.score !== null && s.nps.score !== undefined ? String(s.nps.score) : "–";
  $("nps").setAttribute("data-responses", s.nps ? s.nps.responses : 0);
  $("nps-trend").replaceChildren(trend(s.by_day));
  const dist = $("distributions");
  dist.replaceChildren();
  for (const q of s.questions) {
    if (!["single_choice", "multiple_choice", "rating", "nps"].includes(q.type)) continue;
    const box = el("div", { class: "question", "data-question": q.question_id });
    box.append(el("h3", {}, `${q.prompt || q.question_id}${q.average !== null && q.average !== undefined ? ` · average ${q.average}` : ""}`));
    let rows = Object.entries(q.distribution);
    if (q.type === "nps" || q.type === "rating") rows.sort((a, b) => Number(a[0]) - Number(b[0]));
    else rows.sort((a, b) => b[1] - a[1]);
    box.append(rows.length ? bars(rows, { total: q.responses }) : el("p", { class: "muted" }, "No answers yet."));
    dist.append(box);
  }
  $("by-stage").replaceChildren(table(s.by_stage));
  $("by-device").replaceChildren(table(s.by_device));
  const list = $("texts");
  list.replaceChildren();
  for (const t of s.texts) {
    const li = el("li", {}, t.text);
    li.append(el("small", {}, `${t.question_id} · ${t.stage ?? "?"} · ${t.updated_at}`));
    list.append(li);
  }
  if (!s.texts.length) list.append(el("li", { class: "muted" }, $("search").value ? "No text answer matches." : "No text answers yet."));
  const w = $("webhooks");
  w.replaceChildren();
  if (!hooks.webhooks.length) {
    w.append(el("p", { class: "muted" }, "No webhooks configured for this site."));
  } else {
    const o = hooks.outbox;
    w.append(el("p", {}, `${hooks.webhooks.map((h) => `${h.name} (${h.format})`).join(", ")} — delivered ${o.delivered}, pending ${o.pending}, dead letters ${o.dead}`));
    if (o.dead_letters.length) {
      const t = el("table", { id: "dead-letters" });
      const head = el("tr");
      for (const h of ["dead letter", "webhook", "event", "response", "attempts", "last error"]) head.append(el("th", {}, h));
      t.append(head);
      for (const d of o.dead_letters.slice(0, 10)) {
        const tr = el("tr");
        for (const v of [d.created_at, d.webhook, d.event, d.response_id, String(d.attempts), d.last_error]) tr.append(el("td", {}, v));
        t.append(tr);
      }
      w.append(t);
      if (o.dead > 10) w.append(el("p", { class: "muted" }, `…and ${o.dead - 10} more (GET /v1/sites/${session.site}/webhooks lists the latest 100).`));
    }
  }
}

async function refresh() {
  clearTimeout(timer);
  try {
    const [summary, hooks] = await Promise.all([
      api(`/summary${query({ q: $("search").value.trim() })}`).then((r) => r.json()),
      api("/webhooks").then((r) => r.json()),
    ]);
    latest = summary;
    render(summary, hooks);
    $("updated").textContent = `${summary.responses} responses · updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    if (e.status === 401 || e.status === 403) return signOut(e.message);
    $("updated").textContent = `Could not refresh: ${e.message}`;
  }
  timer = setTimeout(refresh, POLL_MS);
}

async function downloadCsv() {
  const r = await api(`/responses${query({ format: "csv" })}`);
  const blob = await r.blob();
  const a = el("a", { href: URL.createObjectURL(blob), download: `exitpoll-${session.site}-${new Date().toISOString().slice(0, 10)}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function show() {
  const signedIn = !!session;
  $("sign-in").hidden = signedIn;
  $("app").hidden = !signedIn;
  $("sign-out").hidden = !signedIn;
  $("site-name").textContent = signedIn ? `· ${session.site}` : "";
  if (signedIn) refresh();
}

function signOut(message) {
  clearTimeout(timer);
  session = null;
  sessionStorage.removeItem("exitpoll-dashboard");
  $("sign-in-error").textContent = message || "";
  show();
}

$("sign-in").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  session = { site: String(f.get("site")).trim(), token: String(f.get("token")) };
  try {
    await api("/summary?status=completed&since=2100-01-01");
  } catch (err) {
    session = null;
    // The collector answers an unknown site as it answers a wrong token.
    $("sign-in-error").textContent = err.status === 403 ? "The site id or the admin token is not valid." : err.message;
    return;
  }
  sessionStorage.setItem("exitpoll-dashboard", JSON.stringify(session));
  $("sign-in-error").textContent = "";
  show();
});
$("sign-out").addEventListener("click", () => signOut());
$("filters").addEventListener("change", refresh);
$("csv").addEventListener("click", () => downloadCsv().catch((e) => ($("updated").textContent = `CSV failed: ${e.message}`)));
let searchTimer = 0;
$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(refresh, 250);
});
const prefill = new URLSearchParams(location.search).get("site");
if (prefill) $("sign-in").elements.site.value = prefill;
const since = new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
$("filters").elements.since.value = since;
show();
// For tests and curious operators: the last summary drawn.
window.exitpollDashboard = { get summary() { return latest; } };
