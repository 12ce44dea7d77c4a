// The dashboard in headless Chromium: sign in, charts drawn from a seeded
// database, a new response appearing within 5 s, search, a CSV download that
// matches the API, text shown as text, dead letters visible; labels and
// prompts rather than ids, choices nobody picked, the NPS split (and no NPS
// card without an NPS question), times in a chosen time zone, two periods
// side by side, a 390 px
// layout without horizontal scrolling, keyboard use and axe; screenshots in
// tests/output/ for review.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, TOKEN, freePort, startServe, launchBrowser, seed, openPage, outputPath } from "./lib.mjs";

const SITE = {
  site: "demo",
  surveys: [
    {
      id: "cart-exit",
      name: "Leaving the cart",
      trigger: { type: "exit_intent" },
      questions: [
        { id: "reason", type: "single_choice", prompt: "What stopped you?", allow_other: true, choices: [{ id: "price", label: "Price" }, { id: "shipping", label: { de: "Versand", en: "Shipping costs" } }, { id: "browsing", label: "Just browsing" }, { id: "gift", label: "Buying a gift" }] },
        { id: "nps", type: "nps", prompt: "How likely?" },
        { id: "note", type: "text", prompt: "Anything else?" },
      ],
    },
    {
      id: "newsletter",
      name: "Newsletter topics",
      trigger: { type: "exit_intent" },
      questions: [{ id: "topics", type: "multiple_choice", prompt: "What should we write about?", choices: [{ id: "deals", label: "Deals" }, { id: "care", label: "Product care" }] }],
    },
  ],
};

const DAY = 86400000;
const REASONS = ["price", "shipping", "browsing"];
const NOTES = ["Delivery was too slow", "Great prices", "Could not find my size", "Checkout kept failing", "Love the beanies"];

/** The seeded NPS answer of response `n`. */
const npsOf = (n) => (n * 7) % 11;
/** Responses 1..SEEDED answer NPS; OTHERS more answer only "Other" with a text. */
const SEEDED = 150;
const OTHERS = 3;

function snapshot(n, { daysAgo = 0, status = "completed", answers, survey = "cart-exit" } = {}) {
  const shown = new Date(Date.now() - daysAgo * DAY - 60000).toISOString();
  return {
    response_id: `0193a1e2-7c5d-7b1e-9f00-${n.toString(16).padStart(12, "0")}`,
    revision: 3,
    survey_id: survey,
    status,
    answers: answers ?? { reason: REASONS[n % 3], nps: npsOf(n), ...(n % 4 === 0 ? { note: NOTES[n % 5] } : {}) },
    shown_at: shown,
    updated_at: shown,
    visitor_id: `v_${n}`,
    session_id: "s",
    trigger: "exit_intent:pointer_top",
    stage: ["cart", "checkout", "thank_you"][n % 3],
    device: n % 5 === 0 ? "mobile" : "desktop",
    locale: "en",
    page_url: "https://shop.example/cart",
    context: contextOf(n),
  };
}

/** Odd responses come from a shopper who ordered: 10 to 50 EUR. */
const contextOf = (n) => (n % 2 ? { order_value: 10 * ((n % 5) + 1), currency: "EUR" } : {});

let server, browser, dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "exitpoll-dash-"));
  const port = await freePort();
  const deadPort = await freePort();
  writeFileSync(join(dir, "demo.json"), JSON.stringify(SITE));
  const file = join(dir, "exitpoll.toml");
  writeFileSync(file, `listen = "127.0.0.1:${port}"
database = "sqlite://${join(dir, "d.db")}"
[webhooks]
give_up_after_seconds = 1
[[sites]]
id = "demo"
admin_token = "${TOKEN}"
config = "demo.json"
[[sites.webhooks]]
name = "crm"
url = "http://127.0.0.1:${deadPort}/hook"
`);
  server = await startServe(file, port);
  const items = [];
  for (let n = 1; n <= SEEDED; n++) items.push(snapshot(n, { daysAgo: n % 6, status: n % 10 === 0 ? "dismissed" : n % 7 === 0 ? "partial" : "completed" }));
  for (let n = SEEDED + 1; n <= SEEDED + OTHERS; n++) items.push(snapshot(n, { answers: { reason: { other: "Too expensive" } } }));
  items.push(snapshot(200, { survey: "newsletter", answers: { topics: ["deals"] } }));
  // One shown at the last 20:30 UTC: the next day in Tokyo, for the time zone test.
  const evening = new Date();
  evening.setUTCHours(20, 30, 0, 0);
  if (evening > Date.now()) evening.setUTCDate(evening.getUTCDate() - 1);
  items.push({ ...snapshot(201, { answers: {} }), shown_at: evening.toISOString(), updated_at: evening.toISOString() });
  await seed(server.url, items);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.child.kill("SIGTERM");
  await server?.exited;
});

const admin = (path) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

async function signIn(page) {
  await page.goto(`${server.url}/dashboard?site=demo`);
  await page.fill("input[name=token]", TOKEN);
  await page.click("#sign-in button[type=submit]");
  await page.waitForFunction(() => window.exitpollDashboard.summary);
}

/** Waits until the dashboard has drawn the summary of survey `id`. */
async function drawn(page, id) {
  await page.waitForFunction((id) => {
    const s = window.exitpollDashboard.summary;
    return s && s.surveys.length === 1 && s.surveys[0].survey_id === id && document.querySelector("#distributions .question");
  }, id);
}

/** axe-core on the whole page; returns the violations. */
async function axePage(page) {
  await page.addScriptTag({ path: join(ROOT, "tests", "node_modules", "axe-core", "axe.min.js") });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}

/** The text of each bar of a question's chart, label and count: ["Price: 50", ...]. */
const barTitles = (page, question) => page.$eval(`#distributions [data-question=${question}] svg title`, (t) => t.textContent.split(", "));

test("the dashboard shows labels and prompts, every choice, Other answers and the NPS split", async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: { width: 1280, height: 1400 }, timezoneId: "UTC", locale: "en-US" });
  await signIn(page);
  await drawn(page, "cart-exit");
  const reasons = { price: 0, shipping: 0, browsing: 0 };
  for (let n = 1; n <= SEEDED; n++) reasons[REASONS[n % 3]]++;
  // Labels (English from a localized one), in the config's order, a choice
  // nobody picked with 0, and the "Other" texts counted and listed as typed.
  assert.deepEqual(await barTitles(page, "reason"), [
    `Price: ${reasons.price}`,
    `Shipping costs: ${reasons.shipping}`,
    `Just browsing: ${reasons.browsing}`,
    "Buying a gift: 0",
    `Other: ${OTHERS}`,
  ]);
  const labels = await page.$$eval("#distributions [data-question=reason] svg text", (ts) => ts.map((t) => t.textContent));
  assert.ok(labels.includes("Buying a gift") && labels.includes("Just browsing"), labels.join("|"));
  assert.ok(!labels.includes("browsing") && !labels.includes("gift"), `no choice ids: ${labels.join("|")}`);
  assert.match(await page.textContent("#distributions [data-question=reason] .other"), /Too expensive · 3/);
  // Text answers name their question by its prompt.
  const meta = await page.$$eval("#texts li small", (ss) => ss.map((s) => s.textContent.split(" · ")[0]));
  assert.deepEqual([...new Set(meta)].sort(), ["Anything else?", "What stopped you?"]);

  // The NPS split, counted here from the seeded answers.
  const split = { promoters: 0, passives: 0, detractors: 0 };
  for (let n = 1; n <= SEEDED; n++) {
    const v = npsOf(n);
    split[v >= 9 ? "promoters" : v >= 7 ? "passives" : "detractors"]++;
  }
  const score = Math.round(((split.promoters - split.detractors) / SEEDED) * 1000) / 10;
  const shown = await page.evaluate(() => ["nps", "nps-promoters", "nps-passives", "nps-detractors"].map((id) => document.getElementById(id)?.textContent));
  assert.deepEqual(shown, [String(score), ...Object.values(split).map((count) => `${count} · ${Math.round((100 * count) / SEEDED)}%`)]);
  assert.match(await page.textContent("#nps-card"), /Promoters \(9–10\)[\s\S]*Passives \(7–8\)[\s\S]*Detractors \(0–6\)/);
  await page.screenshot({ path: outputPath("dashboard-1280.png"), fullPage: true });

  // The trend by week: a point per week from Monday, its NPS from the week's
  // promoters and detractors (not an average of days), and the choice is remembered.
  const days = (await (await admin("/v1/sites/demo/summary?survey=cart-exit&utc_offset=0")).json()).surveys[0].by_day;
  const byWeek = new Map();
  for (const d of days) {
    const date = new Date(`${d.day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    const w = byWeek.get(date.getTime()) ?? { n: 0, p: 0, d: 0 };
    byWeek.set(date.getTime(), { n: w.n + d.nps.responses, p: w.p + d.nps.promoters, d: w.d + d.nps.detractors });
  }
  const weekly = [...byWeek].sort((a, b) => a[0] - b[0]).filter(([, w]) => w.n).map(([, w]) => String(Math.round(((w.p - w.d) / w.n) * 1000) / 10));
  await page.selectOption("#trend-by", "week");
  await page.waitForFunction(() => document.querySelector("#nps-trend svg > title")?.textContent.startsWith("NPS by week: week of"));
  const points = await page.$$eval("#nps-trend circle title", (ts) => ts.map((t) => t.textContent.split(": ")[1]));
  assert.deepEqual(points, weekly);
  await page.reload();
  await page.waitForFunction(() => document.querySelector("#nps-trend svg > title")?.textContent.startsWith("NPS by week"));
  await page.selectOption("#trend-by", "day");

  // A survey without an NPS question: no NPS card; its choices all listed.
  const npsHeading = page.getByRole("heading", { name: "NPS", exact: true });
  const withNps = await npsHeading.isVisible();
  await page.selectOption("#survey", "newsletter");
  await drawn(page, "newsletter");
  assert.deepEqual([withNps, await npsHeading.isVisible()], [true, false], "an NPS card for cart-exit, none for the newsletter survey");
  assert.deepEqual(await barTitles(page, "topics"), ["Deals: 1", "Product care: 0"]);
  assert.equal(await page.textContent("#survey option:checked"), "Newsletter topics");
  assert.deepEqual(problems, []);
  await context.close();
});

test("revenue per answer: a table beside each chart, sortable by any column, and its CSV matches the API", async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: { width: 1280, height: 1400 }, acceptDownloads: true, timezoneId: "UTC", locale: "en-US" });
  await signIn(page);
  await drawn(page, "cart-exit");
  const spent = { price: 0, shipping: 0, browsing: 0, gift: 0, other: 0 };
  for (let n = 1; n <= SEEDED; n++) spent[REASONS[n % 3]] += contextOf(n).order_value ?? 0;
  for (let n = SEEDED + 1; n <= SEEDED + OTHERS; n++) spent.other += contextOf(n).order_value ?? 0;
  const table = "#distributions [data-question=reason] table.revenue";
  const order = () => page.$$eval(`${table} tr[data-answer]`, (rows) => rows.map((r) => r.dataset.answer));
  const cell = (answer, column) => page.textContent(`${table} tr[data-answer=${answer}] :nth-child(${column})`);
  // In the config's order first, "Other" last, each with what its shoppers spent.
  assert.deepEqual(await order(), ["price", "shipping", "browsing", "gift", "other"]);
  assert.equal(await cell("price", 6), `EUR ${spent.price.toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
  assert.equal(await cell("gift", 6), "–", "a choice nobody picked has no revenue");
  // Sorted by order value, largest first; a second click reverses it.
  // (Answers that tie may come in either order: the figures are compared.)
  const values = async () => (await order()).map((a) => spent[a]);
  const byValue = Object.values(spent).sort((a, b) => b - a);
  const sortButton = `${table} button.sort[data-column="5"]`;
  await page.click(sortButton);
  await page.waitForFunction((t) => document.querySelector(`${t} th[aria-sort]`), table);
  assert.deepEqual(await values(), byValue);
  assert.equal(await page.getAttribute(`${table} th:nth-child(6)`, "aria-sort"), "descending");
  // The sort holds across the next poll, and the button keeps the focus.
  await page.waitForTimeout(2500);
  assert.deepEqual(await values(), byValue);
  await page.keyboard.press("Enter");
  await page.waitForFunction((t) => document.querySelector(`${t} th[aria-sort=ascending]`), table);
  assert.deepEqual(await values(), [...byValue].reverse());
  // The revenue CSV is the API's.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#revenue-csv")]);
  const csv = readFileSync(await download.path(), "utf8");
  const since = new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10);
  const fromApi = await (await admin(`/v1/sites/demo/summary?format=csv&survey=cart-exit&since=${since}&utc_offset=0`)).text();
  assert.equal(csv, fromApi);
  assert.match(csv, new RegExp(`^cart-exit,reason,What stopped you\\?,price,Price,\\d+,[0-9.]+,[0-9.]+,\\d+,[0-9.]+,EUR,\\d+,${spent.price},`, "m"));
  await page.screenshot({ path: outputPath("dashboard-revenue.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("times show in the chosen time zone, which defaults to the browser's and is remembered", async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: { width: 1280, height: 1000 }, timezoneId: "America/New_York", locale: "en-US" });
  await signIn(page);
  await drawn(page, "cart-exit");
  assert.equal(await page.inputValue("#tz"), "America/New_York");
  assert.ok((await page.locator("#tz option").count()) > 300, "every IANA zone is offered");
  const first = page.locator("#texts li time").first();
  const iso = await first.getAttribute("datetime");
  const inZone = (timeZone) => new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  assert.equal(await first.textContent(), inZone("America/New_York"));
  await page.selectOption("#tz", "Asia/Tokyo");
  await page.waitForFunction((want) => document.querySelector("#texts li time")?.textContent === want, inZone("Asia/Tokyo"));
  // The days are counted in the zone: as the API counts them at +9:00
  // (the response seeded at 20:30 UTC is on the next day there).
  const since = await page.inputValue("input[name=since]");
  const local = new Date(Date.parse(`${since}T00:00:00Z`) - 540 * 60000).toISOString();
  const api = await (await admin(`/v1/sites/demo/summary?survey=cart-exit&since=${encodeURIComponent(local)}&utc_offset=540`)).json();
  const days = (s) => s.surveys[0].by_day.map((d) => `${d.day} ${d.shown}`).join(", ");
  await page.waitForFunction((want) => window.exitpollDashboard.summary.surveys[0].by_day.map((d) => `${d.day} ${d.shown}`).join(", ") === want, days(api), { timeout: 5000 }).catch(() => {});
  assert.equal(await page.evaluate(() => window.exitpollDashboard.summary.surveys[0].by_day.map((d) => `${d.day} ${d.shown}`).join(", ")), days(api));
  // Remembered across a reload.
  await page.reload();
  await page.waitForFunction(() => window.exitpollDashboard.summary);
  assert.equal(await page.inputValue("#tz"), "Asia/Tokyo");
  assert.deepEqual(problems, []);
  await context.close();
});

test("two periods side by side: the other one defaults to the days just before, and both match the API", async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: { width: 1280, height: 1400 }, timezoneId: "UTC", locale: "en-US", bypassCSP: true });
  await signIn(page);
  await drawn(page, "cart-exit");
  const day = (n) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
  await page.fill("input[name=since]", day(2));
  await page.fill("input[name=until]", day(1));
  await page.check("#compare");
  await page.waitForSelector("#comparison-table");
  // Two days shown, so the other period is the two days before them.
  assert.equal(await page.inputValue("#compare-since"), day(4));
  assert.equal(await page.inputValue("#compare-until"), day(3));
  const summary = async (since, until) => {
    const q = `survey=cart-exit&since=${since}T00:00:00.000Z&until=${until}T00:00:00.000Z`;
    return (await (await admin(`/v1/sites/demo/summary?${q}`)).json()).surveys[0];
  };
  const shown = await summary(day(2), day(0));
  const other = await summary(day(4), day(2));
  assert.ok(shown.shown > 0 && other.shown > 0, "both periods have responses");
  const row = (label) => page.$$eval("#comparison-table tr", (rows, label) => rows.map((r) => [...r.children].map((c) => c.textContent)).find((cells) => cells[0] === label), label);
  const expectRow = async (label, want) => {
    await page.waitForFunction(({ label, want }) => [...document.querySelectorAll("#comparison-table tr")].some((r) => [...r.children].map((c) => c.textContent).join("|") === [label, ...want].join("|")), { label, want }, { timeout: 5000 }).catch(() => {});
    assert.deepEqual((await row(label)).slice(1), want, label);
  };
  const relative = (a, b) => `${a >= b ? "+" : "−"}${Math.abs(Math.round(((a - b) / b) * 100))}%`;
  await expectRow("Shown", [String(shown.shown), String(other.shown), relative(shown.shown, other.shown)]);
  await expectRow("Completed", [String(shown.completed), String(other.completed), relative(shown.completed, other.completed)]);
  const price = (s) => s.questions.find((q) => q.question_id === "reason");
  const share = (q) => q.choices.find((c) => c.id === "price").count / q.responses;
  const pts = (a, b) => `${a >= b ? "+" : "−"}${Math.abs((a - b) * 100).toFixed(1)} pts`;
  await expectRow("What stopped you?: Price", [`${(share(price(shown)) * 100).toFixed(1)}%`, `${(share(price(other)) * 100).toFixed(1)}%`, pts(share(price(shown)), share(price(other)))]);
  const nps = [shown.nps.score, other.nps.score];
  await expectRow("NPS", [String(nps[0]), String(nps[1]), `${nps[0] >= nps[1] ? "+" : "−"}${Math.abs(nps[0] - nps[1])}`]);
  // The column headers name the periods.
  const heads = await page.$$eval("#comparison-table th[scope=col]", (t) => t.map((x) => x.textContent));
  const fmt = (d) => new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" }).format(new Date(`${d}T00:00:00Z`));
  assert.deepEqual(heads.slice(1, 3), [`Shown period (${fmt(day(2))} – ${fmt(day(1))})`, `Other period (${fmt(day(4))} – ${fmt(day(3))})`]);
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide at 390 with the comparison`);
  await page.screenshot({ path: outputPath("dashboard-compare-390.png"), fullPage: true });
  assert.deepEqual(await axePage(page), []);
  // Turned off, the card goes.
  await page.uncheck("#compare");
  await page.waitForFunction(() => document.getElementById("compare-card").hidden);
  assert.deepEqual(problems, []);
  await context.close();
});

test("at 390 px the dashboard fits without horizontal scrolling, works by keyboard and passes axe", async () => {
  // bypassCSP lets axe-core's script in; the CSP itself is the last test's.
  const { page, context, problems } = await openPage(browser, null, { viewport: { width: 390, height: 844 }, timezoneId: "UTC", locale: "en-US", bypassCSP: true });
  await page.goto(`${server.url}/dashboard?site=demo`);
  // Sign in by keyboard alone.
  await page.focus("input[name=token]");
  await page.keyboard.type(TOKEN);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.exitpollDashboard.summary);
  await drawn(page, "cart-exit");
  await page.waitForSelector("#dead-letters tr:nth-child(2)", { timeout: 10000 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide at 390`);

  // Tab reaches every control, each with a visible focus indicator.
  // From the top of the page, Tab until focus comes round again (a date
  // input takes a Tab per field: the same element several times in a row).
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  });
  const reached = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return { id: e.id || e.name || e.tagName, outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 };
    });
    if (reached.at(-1)?.id === f.id) continue;
    if (reached.some((r) => r.id === f.id) || f.id === "BODY") break;
    reached.push(f);
  }
  const ids = reached.map((r) => r.id);
  const controls = ["sign-out", "survey", "since", "until", "tz", "csv", "revenue-csv", "sort-reason-0", "sort-reason-7", "revenue-reason", "revenue-nps", "by-stage", "by-device", "search", "texts", "webhooks"];
  assert.deepEqual(controls.filter((id) => !ids.includes(id)), [], `not reached by Tab (reached: ${ids.join(", ")})`);
  assert.deepEqual(reached.filter((r) => !r.outline).map((r) => r.id), [], "every focused control shows a focus ring");
  // The survey select is operable from the keyboard.
  await page.focus("#survey");
  await page.keyboard.press("ArrowDown");
  await drawn(page, "newsletter");

  await page.focus("#survey");
  await page.keyboard.press("ArrowUp");
  await drawn(page, "cart-exit");
  await page.screenshot({ path: outputPath("dashboard-390.png"), fullPage: true });
  assert.deepEqual(await axePage(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the dashboard shows the seeded results, live updates, search, CSV and dead letters", async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/dashboard`, { viewport: { width: 1280, height: 1400 }, acceptDownloads: true, timezoneId: "UTC" });
  await page.fill("input[name=site]", "demo");
  await page.fill("input[name=token]", "wrong-token");
  await page.click("#sign-in button[type=submit]");
  await page.waitForFunction(() => document.getElementById("sign-in-error").textContent.includes("not valid"));
  await page.fill("input[name=token]", TOKEN);
  await page.click("#sign-in button[type=submit]");
  await page.waitForFunction(() => window.exitpollDashboard.summary);

  const since = new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10);
  const api = await (await admin(`/v1/sites/demo/summary?survey=cart-exit&since=${since}`)).json();
  const s = api.surveys[0];
  assert.equal(await page.textContent("#nps"), String(s.nps.score));
  const funnel = await page.$$eval("#funnel rect", (rs) => rs.map((r) => Number(r.dataset.value)));
  assert.deepEqual(funnel, [s.shown, s.answered, s.completed, s.dismissed]);
  assert.equal(await page.locator("#distributions [data-question=reason] rect").count(), 5, "four choices and Other");
  assert.equal(await page.locator("#distributions [data-question=nps] rect").count(), 11);
  assert.ok((await page.locator("#nps-trend circle").count()) >= 5, "a point per day");
  assert.match(await page.textContent("#by-stage"), /checkout/);
  assert.match(await page.textContent("#by-device"), /mobile/);
  assert.equal(await page.locator("#texts li").count(), s.texts.length);

  // A new response, with markup in its text, appears within 5 s, as text.
  const hostile = "<img src=x onerror=\"window.pwned=1\"> Too pricey";
  const t0 = Date.now();
  const r = await fetch(`${server.url}/v1/sites/demo/responses`, {
    method: "POST",
    body: JSON.stringify({ responses: [snapshot(999, { answers: { reason: "price", nps: 2, note: hostile } })] }),
  });
  assert.equal(r.status, 200);
  await page.waitForFunction((text) => [...document.querySelectorAll("#texts li")].some((li) => li.firstChild.textContent === text), hostile, { timeout: 5000 });
  const seconds = (Date.now() - t0) / 1000;
  assert.ok(seconds < 5, `appeared after ${seconds} s`);
  assert.equal(Number((await page.$$eval("#funnel rect", (rs) => rs.map((x) => x.dataset.value)))[0]), s.shown + 1);
  assert.equal(await page.locator("#texts img").count(), 0, "no element from the answer's markup");
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  // Search filters the text answers.
  await page.fill("#search", "size");
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll("#texts li")];
    return items.length > 0 && items.every((li) => /size/i.test(li.firstChild.textContent));
  });

  // The webhook's receiver never answered: its deliveries are dead letters, shown here.
  await page.waitForSelector("#dead-letters tr:nth-child(2)", { timeout: 10000 });
  assert.match(await page.textContent("#webhooks"), /dead letters [1-9]/);

  // "Retry" queues one dead letter again, "Retry all" every one; the metrics count them.
  const retries = async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return Number(/^exitpoll_webhook_retries_total\{webhook="crm"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };
  const before = await retries();
  const first = await page.getAttribute("#dead-letters tr[data-delivery]", "data-delivery");
  await page.click(`#dead-letters tr[data-delivery="${first}"] button.retry`);
  await page.waitForFunction(() => /^1 delivery queued again/.test(document.getElementById("retry-status").textContent));
  assert.equal(await retries(), before + 1);
  const dead = (await (await admin("/v1/sites/demo/webhooks")).json()).outbox.dead;
  await page.click("#retry-all");
  await page.waitForFunction(() => /deliveries queued again/.test(document.getElementById("retry-status").textContent));
  const queued = Number(/^(\d+)/.exec(await page.textContent("#retry-status"))[1]);
  assert.ok(queued >= dead - 1 && queued > 0, `${queued} queued of ${dead} dead`);
  assert.equal(await retries(), before + 1 + queued);

  // The CSV download matches the API's.
  await page.fill("#search", "");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
  const csv = readFileSync(await download.path(), "utf8");
  const fromApi = await (await admin(`/v1/sites/demo/responses?format=csv&survey=cart-exit&since=${since}`)).text();
  assert.equal(csv, fromApi);
  assert.equal(csv.trim().split("\r\n").length, s.shown + 2, "header plus every response");
  // With spreadsheet columns: a column per context key, question text as headers.
  await page.check("#csv-wide");
  const [wide] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
  const wideCsv = readFileSync(await wide.path(), "utf8");
  const wideApi = await (await admin(`/v1/sites/demo/responses?format=csv&survey=cart-exit&since=${since}&columns=context,question_text`)).text();
  assert.equal(wideCsv, wideApi);
  const header = wideCsv.split("\r\n")[0];
  assert.match(header, /,context\.order_id,context\.order_value,/);
  assert.doesNotMatch(header, /,context,|q:/);

  await page.screenshot({ path: outputPath("dashboard.png"), fullPage: true });
  assert.deepEqual(problems.filter((p) => !p.includes("Failed to load resource: the server responded with a status of 403")), []);
  await context.close();
});

test("the dashboard loads nothing from other origins and runs under its own strict CSP", async () => {
  const r = await fetch(`${server.url}/dashboard`);
  assert.match(r.headers.get("content-security-policy"), /default-src 'self'/);
  const { page, context } = await openPage(browser, null);
  const hosts = new Set();
  page.on("request", (req) => hosts.add(new URL(req.url()).host));
  await page.goto(`${server.url}/dashboard?site=demo`);
  await page.fill("input[name=token]", TOKEN);
  await page.click("#sign-in button[type=submit]");
  await page.waitForFunction(() => window.exitpollDashboard.summary);
  assert.deepEqual([...hosts], [new URL(server.url).host]);
  await context.close();
});
