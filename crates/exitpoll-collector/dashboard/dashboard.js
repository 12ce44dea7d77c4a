// The exitpoll dashboard: reads the admin API with the site's token and draws
// the summary as self-contained SVG. Nothing is loaded from anywhere else.
// Every piece of text from responses goes in with textContent, so answers
// can never be interpreted as HTML. The summary is polled every two seconds,
// so new responses show up without a reload. Times are shown in the time
// zone chosen in the filters (remembered in localStorage), by default the
// browser's; the summary's days are counted in that zone too. The
// "Responses" view lists single responses, newest first, a page at a time,
// with the labels the summary carries; one opens in a dialog, where it can be
// deleted.

const POLL_MS = 2000;
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

let session = JSON.parse(sessionStorage.getItem("exitpoll-dashboard") || "null");
let timer = 0;
let latest = null;
let latestHooks = null;
/** Survey id → name, of every survey seen: a summary of one survey lists only that one. */
const surveys = new Map();

// ----- time zones ---------------------------------------------------------------

const ZONE_KEY = "exitpoll-dashboard-zone";
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function isZone(z) {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: z });
    return !!z;
  } catch {
    return false;
  }
}

function storedZone() {
  try {
    const z = localStorage.getItem(ZONE_KEY);
    return z && isZone(z) ? z : null;
  } catch {
    // Storage may be blocked: the browser's zone then, every time.
    return null;
  }
}

let zone = storedZone() || BROWSER_ZONE;

/** The zones offered: every IANA zone the browser knows, plus UTC and the current one. */
function zoneList() {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    // An older browser: only the zones below.
  }
  return [...new Set(["UTC", BROWSER_ZONE, zone, ...zones])].sort();
}

/** Minutes east of UTC in `z` at the instant `ms`. */
function offsetMinutes(z, ms) {
  const parts = {};
  const f = new Intl.DateTimeFormat("en-US", { timeZone: z, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
  for (const p of f.formatToParts(new Date(ms))) parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The day (2026-11-22) of the instant `ms` in the chosen zone. */
function zoneDay(ms) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
}

/** The instant midnight starts `day` (2026-11-22) in the chosen zone, as RFC 3339. */
function zoneMidnight(day) {
  const [y, m, d] = day.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let t = wall;
  // Twice: the offset at the first guess may differ from the one at midnight.
  for (let i = 0; i < 2; i++) t = wall - offsetMinutes(zone, t) * 60000;
  return new Date(t).toISOString();
}

/** A timestamp from the API, as date and time in the chosen zone. */
function formatTime(iso, timeStyle = "short") {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? "");
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: "medium", timeStyle }).format(d);
}

/** A <time> element for a timestamp from the API. */
function timeEl(iso) {
  return el("time", { datetime: iso }, formatTime(iso));
}

/** A day key of the summary (already counted in the zone) as a short label. */
function formatDay(day) {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : new Intl.DateTimeFormat(undefined, { timeZone: "UTC", month: "short", day: "numeric" }).format(d);
}

function fillZones() {
  const select = $("tz");
  select.replaceChildren(...zoneList().map((z) => el("option", { value: z }, z === BROWSER_ZONE ? `${z} (this browser)` : z)));
  select.value = zone;
}

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

async function api(path, { method = "GET" } = {}) {
  const r = await fetch(`/v1/sites/${encodeURIComponent(session.site)}${path}`, {
    method,
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
  return rangeQuery(f.get("since"), f.get("until"), extra);
}

/** The query of the chosen survey from day `since` to day `until` (inclusive; either may be empty), with `extra`. */
function rangeQuery(since, until, extra = {}) {
  const p = new URLSearchParams();
  const survey = $("survey").value;
  if (survey) p.set("survey", survey);
  // Dates are the merchant's: midnight in the chosen zone.
  if (since) p.set("since", zoneMidnight(since));
  if (until) p.set("until", zoneMidnight(addDays(until, 1)));
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The day `n` days after `day` (yyyy-mm-dd). */
function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days from `a` to `b`, both yyyy-mm-dd. */
const daysBetween = (a, b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);

/**
 * Turning the comparison on fills what is empty: the period shown becomes the
 * last 7 days when it has no dates, and the other period the days of the same
 * length just before it.
 */
function startComparing() {
  const since = $("filters").elements.since;
  const until = $("filters").elements.until;
  if (!since.value && !until.value) {
    until.value = zoneDay(Date.now());
    since.value = addDays(until.value, -6);
  } else if (!since.value) {
    since.value = addDays(until.value, -6);
  } else if (!until.value) {
    until.value = zoneDay(Date.now());
  }
  if (!$("compare-since").value && !$("compare-until").value) {
    const length = daysBetween(since.value, until.value) + 1;
    $("compare-until").value = addDays(since.value, -1);
    $("compare-since").value = addDays(since.value, -length);
  }
}

/** A period's dates as the merchant reads them: "1 Dec – 7 Dec 2026", or "all time". */
function periodName(since, until) {
  if (!since && !until) return "all time";
  return `${since ? formatDay(since) : "…"} – ${until ? formatDay(until) : "today"}`;
}

/**
 * The two periods' figures for one survey: the funnel, the rates, NPS, and
 * each choice's share, with the change from the other period to the shown one.
 */
function comparison(a, b, names) {
  const pct = (r) => (r === null || r === undefined ? "–" : `${(r * 100).toFixed(1)}%`);
  const points = (x, y) => (x === null || x === undefined || y === null || y === undefined ? "–" : `${x >= y ? "+" : "−"}${Math.abs((x - y) * 100).toFixed(1)} pts`);
  const relative = (x, y) => (!y ? (x ? "new" : "–") : `${x >= y ? "+" : "−"}${Math.abs(Math.round(((x - y) / y) * 100))}%`);
  const rows = [];
  for (const [label, key] of [["Shown", "shown"], ["Answered", "answered"], ["Completed", "completed"], ["Dismissed", "dismissed"]]) {
    rows.push([label, String(a?.[key] ?? 0), String(b?.[key] ?? 0), relative(a?.[key] ?? 0, b?.[key] ?? 0)]);
  }
  for (const [label, key] of [["Response rate", "response_rate"], ["Completion rate", "completion_rate"]]) {
    rows.push([label, pct(a?.[key]), pct(b?.[key]), points(a?.[key], b?.[key])]);
  }
  if (a?.nps || b?.nps) {
    const score = (s) => s?.nps?.score ?? null;
    const diff = score(a) !== null && score(b) !== null ? `${score(a) >= score(b) ? "+" : "−"}${Math.abs(score(a) - score(b))}` : "–";
    rows.push(["NPS", score(a) ?? "–", score(b) ?? "–", diff].map(String));
  }
  const others = new Map((b?.questions ?? []).map((q) => [q.question_id, q]));
  for (const q of a?.questions ?? []) {
    if (!q.choices) continue;
    const other = others.get(q.question_id);
    const shareOf = (question, id) => {
      const c = question?.choices?.find((x) => x.id === id);
      return question?.responses ? (c?.count ?? 0) / question.responses : null;
    };
    for (const c of q.choices) {
      rows.push([`${q.prompt || q.question_id}: ${c.label}`, pct(shareOf(q, c.id)), pct(shareOf(other, c.id)), points(shareOf(q, c.id), shareOf(other, c.id))]);
    }
  }
  const t = el("table", { id: "comparison-table" });
  const head = el("tr");
  head.append(el("th", { scope: "col" }, "figure"), el("th", { scope: "col" }, `Shown period (${names[0]})`), el("th", { scope: "col" }, `Other period (${names[1]})`), el("th", { scope: "col" }, "change"));
  t.append(head);
  for (const [label, ...cells] of rows) {
    const tr = el("tr");
    tr.append(el("th", { scope: "row" }, label), ...cells.map((c) => el("td", { class: "num" }, c)));
    t.append(tr);
  }
  return t;
}

/** The width to draw a chart in `container` at: its own, within 280 to 520 px. */
function chartWidth(container) {
  return Math.round(Math.min(520, Math.max(280, container.clientWidth || 520)));
}

/**
 * Horizontal bars: rows of [label, value]. Drawn at `width` px so that text
 * keeps its size; below 460 px each label goes above its bar.
 */
function bars(rows, { total, width = 520 } = {}) {
  const max = Math.max(1, ...rows.map(([, v]) => v));
  const narrow = width < 460;
  const rowH = narrow ? 38 : 26;
  const labelW = narrow ? 0 : 180;
  const chars = narrow ? Math.floor((width - 8) / 6.5) : 28;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${rows.length * rowH}`, width, height: rows.length * rowH, role: "img" });
  chart.append(svg("title", {}, rows.map(([l, v]) => `${l}: ${v}`).join(", ")));
  rows.forEach(([label, value], i) => {
    const y = i * rowH;
    const barY = narrow ? y + 18 : y + 5;
    const w = ((width - labelW - 110) * value) / max;
    chart.append(svg("text", { x: 0, y: narrow ? y + 13 : y + 17 }, label.length > chars ? `${label.slice(0, chars - 1)}…` : label));
    chart.append(svg("rect", { x: labelW, y: barY, width: Math.max(w, value ? 2 : 0), height: 16, rx: 3, fill: "var(--accent)", "data-value": value }));
    const pct = total ? ` (${Math.round((100 * value) / Math.max(total, 1))}%)` : "";
    chart.append(svg("text", { x: labelW + 6 + w, y: barY + 12 }, `${value}${pct}`));
  });
  return chart;
}

/** The NPS trend over days, as a line from −100 to 100. */
const TREND_KEY = "exitpoll-dashboard-trend";

/**
 * The summary's days (the merchant's, in the chosen zone) as weeks from
 * Monday: each week's NPS from its days' promoters and detractors, not an
 * average of daily scores. `day` is the week's Monday.
 */
function weeks(days) {
  const byWeek = new Map();
  for (const d of days) {
    const date = new Date(`${d.day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    const monday = date.toISOString().slice(0, 10);
    const w = byWeek.get(monday) ?? { day: monday, nps: { responses: 0, promoters: 0, detractors: 0, score: null } };
    w.nps.responses += d.nps?.responses ?? 0;
    w.nps.promoters += d.nps?.promoters ?? 0;
    w.nps.detractors += d.nps?.detractors ?? 0;
    byWeek.set(monday, w);
  }
  for (const w of byWeek.values()) {
    const n = w.nps;
    if (n.responses) n.score = Math.round(((n.promoters - n.detractors) / n.responses) * 1000) / 10;
  }
  return [...byWeek.values()].sort((a, b) => a.day.localeCompare(b.day));
}

function trend(days, w = 520, by = "day") {
  const points = (by === "week" ? weeks(days) : days).filter((d) => d.nps && d.nps.score !== null && d.nps.score !== undefined);
  const when = (d) => (by === "week" ? `week of ${formatDay(d.day)}` : formatDay(d.day));
  const h = 140;
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: "img" });
  chart.append(svg("title", {}, `NPS by ${by}: ${points.map((d) => `${when(d)} ${d.nps.score}`).join(", ") || "no NPS answers yet"}`));
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
    dot.append(svg("title", {}, `${when(points[i])}: ${points[i].nps.score}`));
    chart.append(dot);
  });
  chart.append(svg("text", { x: 40, y: h - 2, class: "day" }, formatDay(points[0].day)));
  if (points.length > 1) chart.append(svg("text", { x: w, y: h - 2, "text-anchor": "end", class: "day" }, formatDay(points[points.length - 1].day)));
  return chart;
}

function table(breakdown, name) {
  const t = el("table");
  const head = el("tr");
  for (const [h, cls] of [[name, ""], ["shown", "num"], ["answered", "num"], ["completed", "num"], ["dismissed", "num"]]) head.append(el("th", cls ? { class: cls } : {}, h));
  t.append(head);
  for (const [name, f] of Object.entries(breakdown)) {
    const tr = el("tr");
    tr.append(el("td", {}, name));
    for (const k of ["shown", "answered", "completed", "dismissed"]) tr.append(el("td", { class: "num" }, String(f[k])));
    t.append(tr);
  }
  return t;
}

// ----- revenue per answer ---------------------------------------------------------

/** Question id → { key, descending }: how its revenue table is sorted, kept across polls. */
const revenueSort = new Map();

const perCurrency = (amounts) => amounts.filter(([, v]) => v).map(([c, v]) => `${c ?? "?"} ${v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`).join(" · ") || "–";
const share = (r) => (r === null || r === undefined ? "–" : `${Math.round(r * 100)}%`);
/** The revenue table's columns: heading, how a row sorts, how it reads. */
const REVENUE_COLUMNS = [
  ["Answer", (r) => null, (r) => r.label],
  ["Responses", (r) => r.responses, (r) => String(r.responses)],
  ["Share", (r) => r.share ?? -1, (r) => share(r.share)],
  ["Extrapolated", (r) => r.extrapolated ?? -1, (r) => (r.extrapolated === null ? "–" : String(Math.round(r.extrapolated)))],
  ["With a value", (r) => r.with_value_share ?? -1, (r) => `${r.with_value} · ${share(r.with_value_share)}`],
  ["Order value", (r) => r.currencies.reduce((a, c) => a + c.order_value, 0), (r) => perCurrency(r.currencies.map((c) => [c.currency, c.order_value]))],
  ["Average order", (r) => Math.max(-1, ...r.currencies.map((c) => c.average_order_value ?? -1)), (r) => perCurrency(r.currencies.map((c) => [c.currency, c.average_order_value]))],
  ["Cart value", (r) => r.currencies.reduce((a, c) => a + c.cart_value, 0), (r) => perCurrency(r.currencies.map((c) => [c.currency, c.cart_value]))],
];

/**
 * What the shoppers behind each answer spent, as a table sortable by any
 * column: its headings are buttons, and the sort survives the next poll.
 */
function revenueTable(q) {
  const sort = revenueSort.get(q.question_id);
  const rows = [...q.revenue];
  if (sort) {
    const key = REVENUE_COLUMNS[sort.column][1];
    rows.sort((a, b) => (key(a) === null ? a.label.localeCompare(b.label) : key(a) - key(b)) * (sort.descending ? -1 : 1));
  }
  const t = el("table", { class: "revenue" });
  t.append(el("caption", { class: "visually-hidden" }, `Revenue per answer: ${q.prompt || q.question_id}`));
  const head = el("tr");
  REVENUE_COLUMNS.forEach(([name], column) => {
    const th = el("th", column ? { class: "num", scope: "col" } : { scope: "col" });
    if (sort?.column === column) th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
    const b = el("button", { type: "button", class: "sort", id: `sort-${q.question_id}-${column}`, "data-column": String(column) }, name);
    b.addEventListener("click", () => {
      const now = revenueSort.get(q.question_id);
      // A first click sorts figures largest first and answers A to Z; the next one reverses.
      revenueSort.set(q.question_id, { column, descending: now?.column === column ? !now.descending : column > 0 });
      render(latest, latestHooks);
    });
    th.append(b);
    head.append(th);
  });
  t.append(head);
  for (const r of rows) {
    const tr = el("tr", { "data-answer": r.value });
    REVENUE_COLUMNS.forEach(([, , show], column) => tr.append(el(column ? "td" : "th", column ? { class: "num" } : { scope: "row" }, show(r))));
    t.append(tr);
  }
  const box = el("div", { class: "scroll", id: `revenue-${q.question_id}`, tabindex: "0", role: "region", "aria-label": `Revenue per answer: ${q.prompt || q.question_id}` });
  box.append(t);
  return box;
}

function render(summary, hooks) {
  const surveySelect = $("survey");
  const chosen = surveySelect.value;
  const before = JSON.stringify([...surveys]);
  for (const s of summary.surveys) surveys.set(s.survey_id, s.name || s.survey_id);
  if (before !== JSON.stringify([...surveys])) {
    surveySelect.replaceChildren(...[...surveys].map(([id, name]) => el("option", { value: id }, name)));
    if (chosen) surveySelect.value = chosen;
  }
  const s = summary.surveys.find((x) => x.survey_id === surveySelect.value) || summary.surveys[0];
  if (!s) return;
  $("funnel").replaceChildren(bars([["shown", s.shown], ["answered", s.answered], ["completed", s.completed], ["dismissed", s.dismissed]], { total: s.shown, width: chartWidth($("funnel")) }));
  const pct = (r) => (r === null || r === undefined ? "–" : `${(r * 100).toFixed(1)}%`);
  $("rates").textContent = `Response rate ${pct(s.response_rate)} · completion rate ${pct(s.completion_rate)}`;
  // A survey without an NPS question has no NPS card at all.
  $("nps-card").hidden = !s.nps;
  if (s.nps) {
    const n = s.nps;
    $("nps").textContent = n.score !== null && n.score !== undefined ? String(n.score) : "–";
    $("nps").setAttribute("data-responses", n.responses);
    for (const group of ["promoters", "passives", "detractors"]) {
      const count = n[group];
      const share = n.responses ? `${Math.round((100 * count) / n.responses)}%` : "–";
      const dd = $(`nps-${group}`);
      dd.textContent = `${count} · ${share}`;
      dd.dataset.count = count;
    }
    $("nps-trend").replaceChildren(trend(s.by_day, chartWidth($("nps-trend")), $("trend-by").value));
  }
  const dist = $("distributions");
  // Drawn anew on every poll: whatever had the focus in it gets it back.
  const focused = dist.contains(document.activeElement) ? document.activeElement.id : "";
  dist.replaceChildren();
  for (const q of s.questions) {
    if (!["single_choice", "multiple_choice", "rating", "nps"].includes(q.type)) continue;
    const box = el("div", { class: "question", "data-question": q.question_id });
    box.append(el("h3", {}, `${q.prompt || q.question_id}${q.average !== null && q.average !== undefined ? ` · average ${q.average}` : ""}`));
    let rows;
    if (q.choices) {
      // Every configured choice, in the config's order, by its label; then
      // answers matching none of them, as given, grouped under "Other".
      rows = q.choices.map((c) => [c.label, c.count]);
      if (q.other) rows.push(["Other", q.other.count]);
    } else if (q.type === "nps") {
      rows = Array.from({ length: 11 }, (_, i) => [String(i), q.distribution[String(i)] ?? 0]);
    } else {
      rows = Object.entries(q.distribution).sort((a, b) => Number(a[0]) - Number(b[0]));
    }
    box.append(rows.length ? bars(rows, { total: q.responses, width: chartWidth(dist) }) : el("p", { class: "muted" }, "No answers yet."));
    if (q.other && q.other.values.length) {
      const list = el("ul", { class: "other", "aria-label": `Other answers to ${q.prompt || q.question_id}` });
      for (const v of q.other.values) {
        const li = el("li", {}, v.value);
        li.append(el("span", { class: "num" }, ` · ${v.count}`));
        list.append(li);
      }
      if (q.other.count > q.other.values.reduce((a, v) => a + v.count, 0)) list.append(el("li", { class: "muted" }, "…and more (the CSV has them all)"));
      box.append(list);
    }
    if (q.revenue && q.responses) box.append(revenueTable(q));
    dist.append(box);
  }
  if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
  $("by-stage").replaceChildren(table(s.by_stage, "stage"));
  $("by-device").replaceChildren(table(s.by_device, "device"));
  const list = $("texts");
  list.replaceChildren();
  const prompts = Object.fromEntries(s.questions.map((q) => [q.question_id, q.prompt || q.question_id]));
  for (const t of s.texts) {
    const li = el("li", {}, t.text);
    const meta = el("small", {}, `${prompts[t.question_id] ?? t.question_id} · ${t.stage ?? "?"} · `);
    meta.append(timeEl(t.updated_at));
    li.append(meta);
    list.append(li);
  }
  if (!s.texts.length) list.append(el("li", { class: "muted" }, $("search").value ? "No text answer matches." : "No text answers yet."));
  const w = $("webhooks");
  const focusedHook = w.contains(document.activeElement) ? document.activeElement.id : "";
  w.replaceChildren();
  if (!hooks.webhooks.length) {
    w.append(el("p", { class: "muted" }, "No webhooks configured for this site."));
  } else {
    const o = hooks.outbox;
    w.append(el("p", {}, `${hooks.webhooks.map((h) => `${h.name} (${h.format})`).join(", ")} — delivered ${o.delivered}, pending ${o.pending}, dead letters ${o.dead}`));
    if (o.dead_letters.length) {
      const all = el("button", { type: "button", id: "retry-all" }, `Retry all ${o.dead} dead letters`);
      all.addEventListener("click", () => retry(""));
      w.append(all);
      const t = el("table", { id: "dead-letters" });
      const head = el("tr");
      for (const h of ["dead letter", "webhook", "event", "response", "attempts", "last error", "retry"]) head.append(el("th", {}, h));
      t.append(head);
      for (const d of o.dead_letters.slice(0, 10)) {
        const tr = el("tr", { "data-delivery": d.delivery_id });
        const when = el("td");
        when.append(timeEl(d.created_at));
        tr.append(when);
        for (const v of [d.webhook, d.event, d.response_id, String(d.attempts), d.last_error]) tr.append(el("td", {}, v));
        const cell = el("td");
        const b = el("button", { type: "button", class: "retry", id: `retry-${d.delivery_id}`, "aria-label": `Retry the delivery of ${d.response_id} to ${d.webhook}` }, "Retry");
        b.addEventListener("click", () => retry(d.delivery_id));
        cell.append(b);
        tr.append(cell);
        t.append(tr);
      }
      w.append(t);
      if (o.dead > 10) w.append(el("p", { class: "muted" }, `…and ${o.dead - 10} more (GET /v1/sites/${session.site}/webhooks lists the latest 100).`));
    }
  }
  if (focusedHook) document.getElementById(focusedHook)?.focus({ preventScroll: true });
}

/** Queues one dead letter (`id`) or all of them again, says how many, and redraws. */
async function retry(id) {
  try {
    const r = await api(`/webhooks/retry${id ? `?delivery_id=${encodeURIComponent(id)}` : ""}`, { method: "POST" });
    const { retried } = await r.json();
    $("retry-status").textContent = `${retried} ${retried === 1 ? "delivery" : "deliveries"} queued again.`;
  } catch (e) {
    $("retry-status").textContent = `Retry failed: ${e.message}`;
  }
  await refresh();
}

async function refresh() {
  clearTimeout(timer);
  try {
    const comparing = $("compare").checked;
    const offset = String(offsetMinutes(zone, Date.now()));
    const [summary, hooks, other] = await Promise.all([
      api(`/summary${query({ q: $("search").value.trim(), utc_offset: offset })}`).then((r) => r.json()),
      api("/webhooks").then((r) => r.json()),
      comparing ? api(`/summary${rangeQuery($("compare-since").value, $("compare-until").value, { utc_offset: offset })}`).then((r) => r.json()) : null,
    ]);
    latest = summary;
    latestHooks = hooks;
    render(summary, hooks);
    $("compare-card").hidden = !comparing;
    if (comparing) {
      const id = $("survey").value;
      const pick = (s) => s.surveys.find((x) => x.survey_id === id) || null;
      const f = $("filters").elements;
      const names = [periodName(f.since.value, f.until.value), periodName($("compare-since").value, $("compare-until").value)];
      $("comparison").replaceChildren(comparison(pick(summary), pick(other), names));
    }
    $("updated").textContent = `${summary.responses} responses · updated ${new Intl.DateTimeFormat(undefined, { timeZone: zone, timeStyle: "medium" }).format(new Date())}`;
  } catch (e) {
    if (e.status === 401 || e.status === 403) return signOut(e.message);
    $("updated").textContent = `Could not refresh: ${e.message}`;
  }
  // Another refresh may have ended meanwhile (a filter changed): one timer.
  clearTimeout(timer);
  timer = setTimeout(refresh, POLL_MS);
}

/** Downloads `path` (an admin API path with its query) as the file `name`. */
async function downloadCsv(path, name) {
  const r = await api(path);
  const blob = await r.blob();
  const a = el("a", { href: URL.createObjectURL(blob), download: `exitpoll-${session.site}-${name}-${zoneDay(Date.now())}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// ----- the responses explorer ---------------------------------------------------

/** Responses per page ("Load more" asks for the next). */
const PAGE = 50;
const STATUS_LABELS = { completed: "Completed", partial: "Partly answered", dismissed: "Dismissed", shown: "Shown, no answer" };
const STAGE_LABELS = { product: "Product page", cart: "Cart", checkout: "Checkout", thank_you: "Thank-you page", other: "Other pages" };
const DEVICE_LABELS = { desktop: "Desktop", mobile: "Mobile", tablet: "Tablet" };
/** Context keys with a fixed meaning (the HTTP API), in the order shown, with their names. */
const CONTEXT_LABELS = [
  ["order_id", "Order"], ["order_value", "Order value"], ["cart_value", "Cart value"], ["currency", "Currency"],
  ["cart_items", "Items in cart"], ["customer_id", "Customer"], ["utm_source", "UTM source"], ["utm_medium", "UTM medium"],
  ["utm_campaign", "UTM campaign"], ["utm_term", "UTM term"], ["utm_content", "UTM content"], ["referrer", "Referrer"],
];

const explorer = {
  /** Response id → response, of the rows in the table. */
  rows: new Map(),
  cursor: null,
  /** Counts requests, so that only the latest one draws. */
  ticket: 0,
  /** The survey the answer filter's options are for. */
  answersFor: null,
  /** The response in the dialog, and the control that opened it. */
  open: null,
  focusAfterClose: null,
};

/** The questions of the chosen survey, as the summary has them: prompts and choice labels. */
function surveyQuestions() {
  const s = latest?.surveys.find((x) => x.survey_id === $("survey").value);
  return s ? s.questions : [];
}

/** The options of the answer filter: each choice, "Other", and the NPS groups. */
function fillAnswerFilter(questions) {
  const select = $("answer-filter");
  const groups = [];
  for (const q of questions) {
    const options = [];
    if (q.choices) {
      for (const c of q.choices) options.push([`${q.question_id}=${c.id}`, c.label]);
      if (q.type === "single_choice") options.push([`${q.question_id}=other`, "Other (own words)"]);
    } else if (q.type === "nps") {
      options.push([`${q.question_id}=0-6`, "Detractors (0–6)"], [`${q.question_id}=7-8`, "Passives (7–8)"], [`${q.question_id}=9-10`, "Promoters (9–10)"]);
    } else if (q.type === "rating" && q.scale) {
      for (let n = 1; n <= q.scale; n++) options.push([`${q.question_id}=${n}`, `${n} of ${q.scale}`]);
    }
    if (!options.length) continue;
    const group = el("optgroup", { label: q.prompt || q.question_id });
    group.append(...options.map(([value, label]) => el("option", { value }, label)));
    groups.push(group);
  }
  select.replaceChildren(el("option", { value: "" }, "Any answer"), ...groups);
}

/** The listing's query: the shared filters (survey, dates) and the explorer's own. */
function explorerQuery(cursor) {
  const f = new FormData($("explorer-filters"));
  const extra = { order: "newest", limit: String(PAGE), status: f.get("status"), stage: f.get("stage"), device: f.get("device"), q: String(f.get("q") || "").trim() };
  const answer = String(f.get("answer") || "");
  const at = answer.indexOf("=");
  if (at > 0) extra[`answer.${answer.slice(0, at)}`] = answer.slice(at + 1);
  if (cursor) extra.cursor = cursor;
  return query(extra);
}

/** An answer as the merchant reads it: labels for choices, "Other: …" for own words. */
function answerText(q, v) {
  if (v === undefined || v === null) return "";
  const label = (id) => q?.choices?.find((c) => c.id === id)?.label ?? String(id);
  if (Array.isArray(v)) return v.map(label).join(", ");
  if (typeof v === "object") return v.other !== undefined ? `Other: ${v.other}` : JSON.stringify(v);
  if (q?.type === "cta" && v === "clicked") return "Clicked";
  if (q?.choices) return label(v);
  return String(v);
}

function money(value, currency) {
  if (typeof value !== "number") return String(value);
  try {
    if (currency) return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(value);
  } catch {
    // Not an ISO 4217 code: the number and the code as given.
  }
  return currency ? `${value} ${currency}` : String(value);
}

function drawHead(questions) {
  const head = $("responses-head");
  head.replaceChildren(...["Shown", "Status", "Stage", "Device"].map((h) => el("th", { scope: "col" }, h)));
  for (const q of questions) head.append(el("th", { scope: "col" }, q.prompt || q.question_id));
}

function responseRow(r, questions) {
  const tr = el("tr", { "data-response": r.response_id });
  const first = el("td", { "data-label": "Shown" });
  const open = el("button", { type: "button", class: "row-open", "aria-haspopup": "dialog" });
  open.append(timeEl(r.shown_at));
  first.append(open);
  tr.append(
    first,
    el("td", { "data-label": "Status" }, STATUS_LABELS[r.status] ?? r.status),
    el("td", { "data-label": "Stage" }, STAGE_LABELS[r.stage] ?? r.stage ?? "–"),
    el("td", { "data-label": "Device" }, DEVICE_LABELS[r.device] ?? r.device ?? "–"),
  );
  for (const q of questions) {
    const text = answerText(q, r.answers[q.question_id]);
    const td = el("td", { class: "answer", "data-label": q.prompt || q.question_id, "data-question": q.question_id }, text || "–");
    if (!text) td.classList.add("muted");
    tr.append(td);
  }
  return tr;
}

function explorerStatus() {
  const n = explorer.rows.size;
  if (!n) return "No response matches these filters.";
  return `${n} ${n === 1 ? "response" : "responses"}, newest first${explorer.cursor ? "; more to load" : ""}.`;
}

/** Draws the first page for the filters, or (`more`) adds the next page. */
async function loadResponses({ more = false } = {}) {
  const ticket = ++explorer.ticket;
  const survey = $("survey").value;
  const questions = surveyQuestions();
  if (!more && explorer.answersFor !== survey && questions.length) {
    fillAnswerFilter(questions);
    explorer.answersFor = survey;
  }
  $("explorer-status").textContent = "Loading responses…";
  let page;
  try {
    page = await (await api(`/responses${explorerQuery(more ? explorer.cursor : null)}`)).json();
  } catch (e) {
    if (e.status === 401 || e.status === 403) return signOut(e.message);
    if (ticket === explorer.ticket) $("explorer-status").textContent = `Could not load responses: ${e.message}`;
    return;
  }
  if (ticket !== explorer.ticket) return;
  const body = $("responses-body");
  if (!more) {
    explorer.rows.clear();
    body.replaceChildren();
    drawHead(questions);
  }
  const added = [];
  for (const r of page.responses) {
    explorer.rows.set(r.response_id, r);
    const tr = responseRow(r, questions);
    added.push(tr);
    body.append(tr);
  }
  explorer.cursor = page.next_cursor;
  const loadMore = $("load-more");
  const hadFocus = document.activeElement === loadMore;
  loadMore.hidden = !page.next_cursor;
  // "Load more" gone with the last page: focus goes on to the first new row.
  if (hadFocus && loadMore.hidden && added.length) added[0].querySelector("button").focus();
  $("explorer-status").textContent = explorerStatus();
}

/** A <dl> of [term, value, key] items; values are text, or a node. */
function details(items) {
  const dl = el("dl", { class: "detail" });
  for (const [term, value, key] of items) {
    const item = el("div", key ? { "data-key": key } : {});
    const dd = el("dd");
    if (value instanceof Node) dd.append(value);
    else dd.textContent = value === "" || value === undefined || value === null ? "–" : String(value);
    item.append(el("dt", {}, term), dd);
    dl.append(item);
  }
  return dl;
}

function openResponse(id, opener) {
  const r = explorer.rows.get(id);
  if (!r) return;
  explorer.open = { id, opener };
  const questions = surveyQuestions();
  const answers = questions.map((q) => [q.prompt || q.question_id, answerText(q, r.answers[q.question_id]) || "not answered", `answer-${q.question_id}`]);
  // Answers to questions no longer in the survey, as stored.
  for (const [k, v] of Object.entries(r.answers)) if (!questions.some((q) => q.question_id === k)) answers.push([k, answerText(null, v), `answer-${k}`]);
  const ctx = r.context || {};
  const context = CONTEXT_LABELS.filter(([k]) => ctx[k] !== undefined).map(([k, name]) => [name, k.endsWith("_value") ? money(ctx[k], ctx.currency) : ctx[k], k]);
  for (const [k, v] of Object.entries(ctx)) if (!CONTEXT_LABELS.some(([known]) => known === k)) context.push([k, typeof v === "string" ? v : JSON.stringify(v), k]);
  context.push(["Page", r.page_url, "page_url"]);
  const shown = timeEl(r.shown_at);
  const updated = timeEl(r.updated_at);
  const facts = [
    ["Status", STATUS_LABELS[r.status] ?? r.status, "status"],
    ["Stage", STAGE_LABELS[r.stage] ?? r.stage, "stage"],
    ["Device", DEVICE_LABELS[r.device] ?? r.device, "device"],
    ["Shown", shown, "shown_at"],
    ["Last answer", updated, "updated_at"],
    ["Trigger", r.trigger, "trigger"],
    ["Language", r.locale, "locale"],
    ["Response id", r.response_id, "response_id"],
    ["Visitor id", r.visitor_id, "visitor_id"],
  ];
  $("response-h").textContent = `Response of ${formatTime(r.shown_at)}`;
  $("response-detail").replaceChildren(
    el("h3", {}, "Answers"), details(answers),
    el("h3", {}, "Order and visit"), details(context),
    el("h3", {}, "Response"), details(facts),
  );
  $("confirm-delete").hidden = true;
  $("delete-response").hidden = false;
  $("delete-error").textContent = "";
  $("response-dialog").showModal();
  $("close-response").focus();
}

async function deleteOpenResponse() {
  const { id } = explorer.open;
  try {
    await api(`/responses/${encodeURIComponent(id)}`, { method: "DELETE" });
  } catch (e) {
    if (e.status === 401 || e.status === 403) return signOut(e.message);
    // 404: already gone (deleted in another tab); the row goes all the same.
    if (e.status !== 404) {
      $("delete-error").textContent = `Could not delete it: ${e.message}`;
      return;
    }
  }
  const tr = [...$("responses-body").rows].find((row) => row.dataset.response === id);
  const next = tr?.nextElementSibling || tr?.previousElementSibling;
  tr?.remove();
  explorer.rows.delete(id);
  explorer.focusAfterClose = next?.querySelector("button") || $("responses-h");
  $("response-dialog").close();
  $("explorer-status").textContent = `Response deleted. ${explorerStatus()}`;
  refresh();
}

function showView(name) {
  const responses = name === "responses";
  $("summary-view").hidden = responses;
  $("responses-view").hidden = !responses;
  $("view-summary").setAttribute("aria-pressed", String(!responses));
  $("view-responses").setAttribute("aria-pressed", String(responses));
  history.replaceState(null, "", responses ? "#responses" : location.pathname + location.search);
  if (responses) loadResponses();
}

function show() {
  const signedIn = !!session;
  $("sign-in").hidden = signedIn;
  $("app").hidden = !signedIn;
  $("sign-out").hidden = !signedIn;
  $("site-name").textContent = signedIn ? `· ${session.site}` : "";
  // A link to #responses opens the explorer, once the first summary has its labels.
  if (signedIn) refresh().then(() => location.hash === "#responses" && showView("responses"));
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
$("filters").addEventListener("change", async (e) => {
  if (e.target.id === "compare") {
    for (const range of document.querySelectorAll(".compare-range")) range.hidden = !e.target.checked;
    if (e.target.checked) startComparing();
  }
  if (e.target.id === "tz" && isZone(e.target.value)) {
    zone = e.target.value;
    try {
      localStorage.setItem(ZONE_KEY, zone);
    } catch {
      // Not remembered, still used in this tab.
    }
  }
  // The explorer waits for the summary: its labels come from there.
  await refresh();
  if (!$("responses-view").hidden) loadResponses();
});
{
  const by = $("trend-by");
  try {
    if (["day", "week"].includes(localStorage.getItem(TREND_KEY))) by.value = localStorage.getItem(TREND_KEY);
  } catch {
    // Storage refused: days, as by default.
  }
  by.addEventListener("change", () => {
    try {
      localStorage.setItem(TREND_KEY, by.value);
    } catch {
      // Not remembered, still used in this tab.
    }
    if (latest && latestHooks) render(latest, latestHooks);
  });
}
$("csv").addEventListener("click", () => downloadCsv(`/responses${query({ format: "csv", columns: $("csv-wide").checked ? "context,question_text" : "" })}`, "responses").catch((e) => ($("updated").textContent = `CSV failed: ${e.message}`)));
$("revenue-csv").addEventListener("click", () => downloadCsv(`/summary${query({ format: "csv", utc_offset: String(offsetMinutes(zone, Date.now())) })}`, "revenue").catch((e) => ($("updated").textContent = `CSV failed: ${e.message}`)));
$("explorer-filters").addEventListener("submit", (e) => e.preventDefault());
$("explorer-filters").addEventListener("change", (e) => {
  // The search box reloads as it is typed in (below), not again on blur.
  if (e.target.id !== "explorer-search") loadResponses();
});
let explorerSearchTimer = 0;
$("explorer-search").addEventListener("input", () => {
  clearTimeout(explorerSearchTimer);
  explorerSearchTimer = setTimeout(loadResponses, 300);
});
$("view-summary").addEventListener("click", () => showView("summary"));
$("view-responses").addEventListener("click", () => showView("responses"));
$("load-more").addEventListener("click", () => loadResponses({ more: true }));
$("responses-body").addEventListener("click", (e) => {
  const tr = e.target.closest("tr[data-response]");
  if (tr) openResponse(tr.dataset.response, tr.querySelector("button"));
});
$("close-response").addEventListener("click", () => $("response-dialog").close());
$("response-dialog").addEventListener("close", () => {
  // The row's button, found again: the table may have been drawn anew meanwhile.
  const id = explorer.open?.id;
  const row = [...$("responses-body").rows].find((tr) => tr.dataset.response === id);
  const target = explorer.focusAfterClose || row?.querySelector("button") || explorer.open?.opener;
  explorer.open = null;
  explorer.focusAfterClose = null;
  if (target?.isConnected) target.focus();
});
$("delete-response").addEventListener("click", () => {
  $("delete-response").hidden = true;
  $("confirm-delete").hidden = false;
  $("confirm-delete-no").focus();
});
$("confirm-delete-no").addEventListener("click", () => {
  $("confirm-delete").hidden = true;
  $("delete-response").hidden = false;
  $("delete-response").focus();
});
$("confirm-delete-yes").addEventListener("click", () => deleteOpenResponse());
// Charts are drawn for their width: redraw when it changes.
let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => latest && latestHooks && render(latest, latestHooks), 100);
});
let searchTimer = 0;
$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(refresh, 250);
});
const prefill = new URLSearchParams(location.search).get("site");
if (prefill) $("sign-in").elements.site.value = prefill;
fillZones();
$("filters").elements.since.value = zoneDay(Date.now() - 29 * 86400000);
show();
// For tests and curious operators: the last summary drawn, and the explorer's rows.
window.exitpollDashboard = {
  get summary() {
    return latest;
  },
  get responses() {
    return [...explorer.rows.values()];
  },
};
