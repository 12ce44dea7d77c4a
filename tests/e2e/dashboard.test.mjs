// The dashboard in headless Chromium: sign in, charts drawn from a seeded
// database, a new response appearing within 5 s, search, a CSV download that
// matches the API, text shown as text, dead letters visible, and a screenshot
// in tests/output/ for review.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TOKEN, freePort, startServe, launchBrowser, openPage, outputPath } from "./lib.mjs";

const SITE = {
  site: "demo",
  surveys: [
    {
      id: "cart-exit",
      name: "Leaving the cart",
      trigger: { type: "exit_intent" },
      questions: [
        { id: "reason", type: "single_choice", prompt: "What stopped you?", allow_other: true, choices: [{ id: "price", label: "Price" }, { id: "shipping", label: "Shipping" }, { id: "browsing", label: "Just browsing" }] },
        { id: "nps", type: "nps", prompt: "How likely?" },
        { id: "note", type: "text", prompt: "Anything else?" },
      ],
    },
  ],
};

const DAY = 86400000;
const REASONS = ["price", "shipping", "browsing"];
const NOTES = ["Delivery was too slow", "Great prices", "Could not find my size", "Checkout kept failing", "Love the beanies"];

function snapshot(n, { daysAgo = 0, status = "completed", answers } = {}) {
  const shown = new Date(Date.now() - daysAgo * DAY - 60000).toISOString();
  return {
    response_id: `0193a1e2-7c5d-7b1e-9f00-${n.toString(16).padStart(12, "0")}`,
    revision: 3,
    survey_id: "cart-exit",
    status,
    answers: answers ?? { reason: REASONS[n % 3], nps: (n * 7) % 11, ...(n % 4 === 0 ? { note: NOTES[n % 5] } : {}) },
    shown_at: shown,
    updated_at: shown,
    visitor_id: `v_${n}`,
    session_id: "s",
    trigger: "exit_intent:pointer_top",
    stage: ["cart", "checkout", "thank_you"][n % 3],
    device: n % 5 === 0 ? "mobile" : "desktop",
    locale: "en",
    page_url: "https://shop.example/cart",
    context: {},
  };
}

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
  for (let n = 1; n <= 150; n++) items.push(snapshot(n, { daysAgo: n % 6, status: n % 10 === 0 ? "dismissed" : n % 7 === 0 ? "partial" : "completed" }));
  for (let i = 0; i < items.length; i += 50) {
    const r = await fetch(`${server.url}/v1/sites/demo/responses`, { method: "POST", body: JSON.stringify({ responses: items.slice(i, i + 50) }) });
    assert.equal(r.status, 200);
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.child.kill("SIGTERM");
  await server?.exited;
});

const admin = (path) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

test("the dashboard shows the seeded results, live updates, search, CSV and dead letters", async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/dashboard`, { viewport: { width: 1280, height: 1400 }, acceptDownloads: true });
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
  assert.equal(await page.locator("#distributions [data-question=reason] rect").count(), 3);
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

  // The CSV download matches the API's.
  await page.fill("#search", "");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
  const csv = readFileSync(await download.path(), "utf8");
  const fromApi = await (await admin(`/v1/sites/demo/responses?format=csv&survey=cart-exit&since=${since}`)).text();
  assert.equal(csv, fromApi);
  assert.equal(csv.trim().split("\r\n").length, s.shown + 2, "header plus every response");

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
