// The script tag and JS API as a merchant uses them: events (on(), CustomEvents,
// dataLayer), calls queued before the widget is ready, data-context, consent,
// Global Privacy Control, languages, the centred modal, and storage that
// does not work.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, storePage, launchBrowser, openPage, widgetReady, dialog, responses, eventually } from "./lib.mjs";

const survey = (id, extra = {}) => ({
  id,
  trigger: { type: "manual" },
  frequency: { show: "always", recontact_days: 0 },
  questions: [{ id: "q", type: "single_choice", required: true, prompt: { en: "Did you find it?", de: "Haben Sie es gefunden?", fr: "L'avez-vous trouvé ?" }, choices: [{ id: "yes", label: { en: "Yes", de: "Ja", fr: "Oui" } }, { id: "no", label: { en: "No", de: "Nein", fr: "Non" } }] }],
  ...extra,
});

const SNIPPET = `<script>
  window.dataLayer = [];
  window.exitpoll = window.exitpoll || [];
  exitpoll.push(["setContext", { cart_value: 42.5, currency: "EUR", campaign_note: "early" }]);
  exitpoll.push(["show", "s"]);
  window.seen = [];
  for (const name of ["ready", "shown", "answered", "completed", "dismissed", "error"]) {
    addEventListener("exitpoll:" + name, (e) => seen.push(["event", name, e.detail.survey_id || e.detail.message || null]));
  }
</script>`;

let browser;
const shops = [];
after(async () => {
  await browser?.close();
  for (const s of shops) await s.stop();
});

async function shopWith(siteExtra, pages) {
  browser ??= await launchBrowser();
  const shop = await startShop({ siteConfig: { site: "demo", throttle: { cooldown_hours: 0, max_per_session: 100 }, surveys: [survey("s")], ...siteExtra }, pages });
  shops.push(shop);
  return shop;
}

test("queued snippet calls, data-context, and events as CustomEvents, dataLayer pushes and on()", async () => {
  const shop = await shopWith({}, { "/": storePage({ head: SNIPPET, attrs: ` data-context='{"order_id":"A-1","customer_id":"c9"}'` }) });
  const { page, problems } = await openPage(browser, `${shop.shop}/`);
  const d = dialog(page);
  await d.waitFor();
  await page.evaluate(() => window.exitpoll.on("answered", (x) => window.seen.push(["on", x.question_id, x.value])));
  await d.getByLabel("No").check();
  await d.locator("button[type=submit]").click();
  await d.locator("[part=thanks]").waitFor();
  await page.waitForTimeout(100);
  const seen = await page.evaluate(() => window.seen);
  assert.deepEqual(seen, [
    ["event", "ready", null],
    ["event", "shown", "s"],
    ["on", "q", "no"],
    ["event", "answered", "s"],
    ["event", "completed", "s"],
  ]);
  const layer = await page.evaluate(() => window.dataLayer.map((e) => e.event));
  assert.deepEqual(layer, ["exitpoll.ready", "exitpoll.shown", "exitpoll.answered", "exitpoll.completed"]);
  const row = await eventually(() => responses(shop.db).find((r) => r.status === "completed"));
  assert.deepEqual(row.context, { order_id: "A-1", customer_id: "c9", cart_value: 42.5, currency: "EUR", campaign_note: "early" });
  assert.deepEqual(problems, []);
});

test("consent pending: nothing stored or shown until consent(true); withdrawing clears local state", async () => {
  const shop = await shopWith({}, { "/": storePage({ attrs: ' data-consent="pending"' }) });
  const { page } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("s"));
  await page.waitForTimeout(300);
  assert.equal(await page.locator("exitpoll-widget").count(), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem("exitpoll:demo")), null, "nothing stored");
  assert.deepEqual((await page.evaluate(() => window.exitpoll.explain()))[0].reasons.map((r) => r.code), ["consent", "manual"]);
  await page.evaluate(() => window.exitpoll.consent(true));
  await page.evaluate(() => window.exitpoll.show("s"));
  await dialog(page).waitFor();
  assert.notEqual(await page.evaluate(() => localStorage.getItem("exitpoll:demo")), null);
  await page.evaluate(() => window.exitpoll.consent(false));
  assert.equal(await page.locator("exitpoll-widget").count(), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem("exitpoll:demo")), null, "cleared");
});

test("Global Privacy Control is honoured", async () => {
  const shop = await shopWith({}, { "/": storePage() });
  const { page, context } = await openPage(browser, null);
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  await page.goto(`${shop.shop}/`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("s"));
  await page.waitForTimeout(300);
  assert.equal(await page.locator("exitpoll-widget").count(), 0);
  assert.ok((await page.evaluate(() => window.exitpoll.explain()))[0].reasons.some((r) => r.code === "gpc"));
  await context.close();
});

test("the page's language picks the survey text and the built-in strings; the config can override them", async () => {
  const shop = await shopWith({ strings: { fr: { submit: "C'est parti" } } }, { "/de": storePage({ lang: "de-AT" }), "/fr": storePage({ lang: "fr-CA" }) });
  const { page } = await openPage(browser, `${shop.shop}/de`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("s"));
  const d = dialog(page);
  await d.waitFor();
  assert.equal(await d.locator("h2").textContent(), "Haben Sie es gefunden?");
  assert.equal(await d.locator("button[type=submit]").textContent(), "Absenden");
  assert.equal(await d.locator("[part=close]").getAttribute("aria-label"), "Schließen");
  await d.locator("button[type=submit]").click();
  assert.equal(await d.locator("[role=alert]").textContent(), "Bitte beantworten Sie diese Frage.");
  await page.goto(`${shop.shop}/fr`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("s"));
  await d.waitFor();
  assert.equal(await d.getByLabel("Oui").count(), 1);
  assert.equal(await d.locator("button[type=submit]").textContent(), "C'est parti");
});

test("a centred modal: aria-modal and a backdrop; bottom sheet on a narrow screen", async () => {
  const shop = await shopWith({ theme: { position: "center", accent: "#1f6feb" } }, { "/": storePage() });
  const { page } = await openPage(browser, `${shop.shop}/`, { viewport: { width: 1280, height: 800 } });
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("s"));
  const d = dialog(page);
  await d.waitFor();
  assert.equal(await d.getAttribute("aria-modal"), "true");
  assert.equal(await page.locator("exitpoll-widget").locator("[part=backdrop]").count(), 1);
  const box = await d.boundingBox();
  assert.ok(Math.abs(box.x + box.width / 2 - 640) < 2 && Math.abs(box.y + box.height / 2 - 400) < 2, `centred: ${JSON.stringify(box)}`);
  await page.setViewportSize({ width: 500, height: 800 });
  const sheet = await d.boundingBox();
  assert.ok(sheet.x === 0 && sheet.width === 500 && Math.round(sheet.y + sheet.height) === 800, `bottom sheet: ${JSON.stringify(sheet)}`);
});

test("storage that throws: the widget keeps working from memory and says so once", async () => {
  const shop = await shopWith({}, { "/": storePage() });
  const { page, context, problems } = await openPage(browser, null);
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", { get() { throw new DOMException("blocked", "SecurityError"); } });
  });
  await page.goto(`${shop.shop}/`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("s"));
  const d = dialog(page);
  await d.getByLabel("Yes").check();
  await d.locator("button[type=submit]").click();
  await d.locator("[part=thanks]").waitFor();
  await eventually(() => responses(shop.db).some((r) => r.status === "completed" && r.answers.q === "yes"));
  const storageErrors = problems.filter((p) => p.includes("localStorage"));
  assert.equal(storageErrors.length, 1, problems.join("\n"));
  assert.ok(!problems.some((p) => p.startsWith("pageerror")));
  await context.close();
});

test("a static site config (data-config) is checked in the browser: each problem is named, and the valid surveys still show", async () => {
  const staticConfig = {
    site: "demo",
    throttle: { cooldown_hours: 0, max_per_session: 100 },
    surveys: [survey("s"), survey("broken", { questions: [{ id: "q", type: "dropdown", prompt: "Which one?" }] })],
  };
  const shop = await shopWith({}, {
    "/": storePage({ head: SNIPPET, attrs: ` data-config="/static/site.json"` }),
    "/static/site.json": { body: JSON.stringify(staticConfig), type: "application/json" },
  });
  const { page, problems } = await openPage(browser);
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(new URL(r.url()).pathname));
  await page.goto(`${shop.shop}/`);
  await dialog(page).waitFor();
  // One module, whatever the config's source, under its content-hashed name.
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/exitpoll_widget_bg\.[0-9a-f]{16}\.wasm$/);
  assert.deepEqual((await page.evaluate(() => window.exitpoll.explain())).map((s) => s.survey_id), ["s"]);
  const reported = problems.filter((p) => p.includes("site config:"));
  assert.equal(reported.length, 1, problems.join("\n"));
  assert.match(reported[0], /surveys\[1\]\.questions\[0\]\.type.*dropdown/);
  const errors = (await page.evaluate(() => window.seen)).filter(([, name]) => name === "error");
  assert.equal(errors.length, 1, "one error event per problem");
});

test("a static site config that is not JSON is named as such, with the browser's reason, and nothing shows", async () => {
  const shop = await shopWith({}, {
    "/": storePage({ head: SNIPPET, attrs: ` data-config="/static/site.json"` }),
    "/static/site.json": { body: '{"site": "demo", "surveys": [}', type: "application/json" },
  });
  const { page, problems } = await openPage(browser);
  await page.goto(`${shop.shop}/`);
  await page.waitForFunction(() => (window.seen || []).some(([, name]) => name === "error"));
  const reported = problems.filter((p) => p.includes("site config:"));
  assert.equal(reported.length, 1, problems.join("\n"));
  assert.match(reported[0], /site config: .*not JSON: \S/);
  assert.equal(await page.locator("exitpoll-widget").count(), 0, "no dialog");
});

test("data-debug logs the decisions (here the survey opening, with its trigger); without it nothing is logged", async () => {
  const shop = await shopWith({}, {
    "/": storePage({ head: SNIPPET, attrs: ` data-debug="true"` }),
    "/quiet": storePage({ head: SNIPPET }),
  });
  const runs = {};
  for (const path of ["/", "/quiet"]) {
    const { context, page, problems } = await openPage(browser);
    const run = { wasm: [], logs: [] };
    page.on("request", (r) => r.url().endsWith(".wasm") && run.wasm.push(new URL(r.url()).pathname));
    page.on("console", (m) => m.type() === "log" && m.text().startsWith("exitpoll: ") && run.logs.push(m.text()));
    await page.goto(`${shop.shop}${path}`);
    await dialog(page).waitFor();
    assert.deepEqual(problems, []);
    runs[path] = run;
    await context.close();
  }
  assert.ok(runs["/"].logs.includes("exitpoll: s: opening (manual)"), JSON.stringify(runs["/"].logs));
  assert.deepEqual(runs["/quiet"].logs, [], "without data-debug nothing is logged");
  assert.deepEqual(runs["/"].wasm, runs["/quiet"].wasm, "one build for both");
});

test("the collector's config: calls queued before the module runs carry over, and one row is stored", async () => {
  const shop = await shopWith({}, { "/": storePage({ head: SNIPPET }) });
  const { page, problems } = await openPage(browser);
  await page.goto(`${shop.shop}/`);
  const d = dialog(page);
  await d.waitFor();
  await d.getByLabel("No").check();
  await d.locator("button[type=submit]").click();
  await d.locator("[part=thanks]").waitFor();
  await eventually(() => responses(shop.db).length === 1 && responses(shop.db)[0].status === "completed");
  const [row] = responses(shop.db);
  assert.equal(row.trigger, "manual");
  assert.equal(row.context.cart_value, 42.5, "setContext() queued before the module ran");
  const seen = await page.evaluate(() => window.seen);
  assert.deepEqual(seen.filter(([, name]) => name !== "answered"), [
    ["event", "ready", null],
    ["event", "shown", "s"],
    ["event", "completed", "s"],
  ]);
  const headers = await page.evaluate(async (url) => [...(await fetch(url)).headers.keys()], `${shop.collector}/v1/sites/demo/config`);
  assert.ok(!headers.includes("exitpoll-config"), "no build hint: every config is checked in the browser");
  assert.deepEqual(problems, []);
});

test("a page on an origin the site does not allow: the console says what the collector said", async () => {
  const shop = await shopWith({}, { "/": storePage() });
  // The same store page, served from another origin than the one the site lists.
  const http = await import("node:http");
  const page = storePage().replaceAll("COLLECTOR", shop.collector);
  const foreign = http.createServer((req, res) => {
    res.writeHead(req.url === "/" ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(req.url === "/" ? page : "");
  });
  await new Promise((r) => foreign.listen(0, "127.0.0.1", r));
  try {
    const opened = await openPage(browser, `http://127.0.0.1:${foreign.address().port}/`);
    const ours = () => opened.problems.filter((p) => p.includes("exitpoll:"));
    await eventually(() => ours().length > 0, 10000);
    assert.equal(ours().length, 1, opened.problems.join("\n"));
    assert.match(ours()[0], /HTTP 403 origin_not_allowed: origin http:\/\/127\.0\.0\.1:\d+ is not allowed for site "demo"/);
    assert.ok(!opened.problems.some((p) => /CORS/.test(p)), `no CORS error: ${opened.problems.join("\n")}`);
    await opened.context.close();
  } finally {
    await new Promise((r) => foreign.close(r));
  }
});
