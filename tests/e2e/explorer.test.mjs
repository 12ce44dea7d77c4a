// The dashboard's responses explorer in headless Chromium: single responses,
// newest first, with choice labels; the detractors of a survey found with the
// answer filter and "Load more"; one response opened by keyboard with its
// text answer and order; deleted after a confirmation, gone from the list and
// the API; a 390 px layout without horizontal scrolling; axe-core with the
// list and the dialog open; screenshots in tests/output/ for review.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
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
        { id: "reason", type: "single_choice", prompt: "What stopped you?", allow_other: true, choices: [{ id: "price", label: "Price" }, { id: "shipping", label: { de: "Versand", en: "Shipping costs" } }, { id: "browsing", label: "Just browsing" }] },
        { id: "nps", type: "nps", prompt: "How likely are you to recommend us?" },
        { id: "note", type: "text", prompt: "Anything else?" },
      ],
    },
    { id: "newsletter", trigger: { type: "exit_intent" }, questions: [{ id: "topics", type: "multiple_choice", prompt: "Topics?", choices: [{ id: "deals", label: "Deals" }] }, { id: "stars", type: "rating", scale: 5, prompt: "How was signing up?" }] },
  ],
};

const MINUTE = 60000;
const REASONS = ["price", "shipping", "browsing"];
const SEEDED = 140;
/** The seeded NPS answer of response `n`: 0 to 10 in turn. */
const npsOf = (n) => n % 11;
/** Response `n` was shown `n` minutes ago (the lower, the newer). */
const shownAt = (n) => new Date(Date.now() - (n + 1) * MINUTE).toISOString();
const idOf = (n) => `0193a1e2-7c5d-7b1e-9f00-${n.toString(16).padStart(12, "0")}`;
/** The one response the test opens and deletes: a detractor with a note and an order. */
const CHOSEN = 37;
const NOTE = "The delivery fee was a surprise at checkout";

function snapshot(n) {
  const chosen = n === CHOSEN;
  return {
    response_id: idOf(n),
    revision: 2,
    survey_id: "cart-exit",
    status: n % 9 === 0 ? "partial" : "completed",
    answers: chosen ? { reason: "shipping", nps: 3, note: NOTE } : { reason: n % 13 === 0 ? { other: "No stock in my size" } : REASONS[n % 3], nps: npsOf(n), ...(n % 4 === 0 ? { note: `Note ${n}` } : {}) },
    shown_at: shownAt(n),
    updated_at: shownAt(n),
    visitor_id: `v_${n}`,
    session_id: "s",
    trigger: "exit_intent:pointer_top",
    stage: chosen ? "thank_you" : ["cart", "checkout"][n % 2],
    device: n % 5 === 0 ? "mobile" : "desktop",
    locale: "en",
    page_url: chosen ? "https://shop.example/thank-you?order=1001" : "https://shop.example/cart",
    context: chosen ? { order_id: "o-1001", order_value: 129.9, currency: "EUR", utm_source: "newsletter", utm_campaign: "winter" } : { cart_value: 20 + n, currency: "EUR" },
  };
}

/** Newsletter responses with a rating: response `n` gave `starsOf(n)` of 5. */
const STARRED = 12;
const starsOf = (n) => (n % 5) + 1;
const starredId = (n) => `0193a1e2-7c5d-7b1e-9f01-${n.toString(16).padStart(12, "0")}`;
function starred(n) {
  return { ...snapshot(1000 + n), response_id: starredId(n), survey_id: "newsletter", answers: { topics: ["deals"], stars: starsOf(n) } };
}

/** Detractors (NPS 0–6) among the seeded responses. */
const DETRACTORS = Array.from({ length: SEEDED }, (_, i) => i + 1).filter((n) => (n === CHOSEN ? 3 : npsOf(n)) <= 6);

let server, browser;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-explorer-"));
  const port = await freePort();
  writeFileSync(join(dir, "demo.json"), JSON.stringify(SITE));
  const file = join(dir, "exitpoll.toml");
  writeFileSync(file, `listen = "127.0.0.1:${port}"
database = "sqlite://${join(dir, "d.db")}"
[[sites]]
id = "demo"
admin_token = "${TOKEN}"
config = "demo.json"
`);
  server = await startServe(file, port);
  const items = [];
  for (let n = 1; n <= SEEDED; n++) items.push(snapshot(n));
  for (let n = 1; n <= STARRED; n++) items.push(starred(n));
  await seed(server.url, items);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.child.kill("SIGTERM");
  await server?.exited;
});

const admin = (path) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

async function openExplorer(page) {
  await page.goto(`${server.url}/dashboard?site=demo`);
  await page.fill("input[name=token]", TOKEN);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.exitpollDashboard.summary && document.querySelector("#distributions .question"));
  await page.click("#view-responses");
  await page.waitForSelector("#responses-body tr");
  assert.equal(await page.getAttribute("#view-responses", "aria-pressed"), "true");
}

/** The response ids in the table, top to bottom. */
const rowIds = (page) => page.$$eval("#responses-body tr", (trs) => trs.map((tr) => tr.dataset.response));

/** Waits until the explorer has drawn a page for the current filters. */
const settled = (page) => page.waitForFunction(() => !/Loading/.test(document.getElementById("explorer-status").textContent));

async function axePage(page) {
  await page.addScriptTag({ path: join(ROOT, "tests", "node_modules", "axe-core", "axe.min.js") });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}

test("the explorer lists responses with labels, finds the detractors, opens one and deletes it", async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: { width: 1280, height: 1000 }, timezoneId: "UTC", locale: "en-US" });
  await openExplorer(page);
  // Newest first, a page of 50, labels rather than ids.
  const first = await rowIds(page);
  assert.deepEqual(first, Array.from({ length: 50 }, (_, i) => idOf(i + 1)));
  const reasons = await page.$$eval("#responses-body td[data-question=reason]", (tds) => tds.map((td) => td.textContent));
  assert.equal(reasons[0], "Shipping costs", "response 1 gave the shipping choice, shown by its English label");
  assert.ok(reasons.includes("Other: No stock in my size"), reasons.join("|"));
  assert.ok(!reasons.some((r) => REASONS.includes(r)), `no choice ids: ${reasons.join("|")}`);
  assert.deepEqual(await page.$$eval("#responses-head th", (ths) => ths.map((th) => th.textContent)), ["Shown", "Status", "Stage", "Device", "What stopped you?", "How likely are you to recommend us?", "Anything else?"]);

  // The detractors, page after page: every one, once, newest first.
  await page.selectOption("#answer-filter", { label: "Detractors (0–6)" });
  await page.waitForFunction((n) => document.querySelectorAll("#responses-body tr").length === n, 50);
  await settled(page);
  while (await page.isVisible("#load-more")) {
    const before = (await rowIds(page)).length;
    await page.click("#load-more");
    await page.waitForFunction((n) => document.querySelectorAll("#responses-body tr").length > n, before);
    await settled(page);
  }
  assert.deepEqual(await rowIds(page), DETRACTORS.map(idOf));
  const scores = await page.$$eval("#responses-body td[data-question=nps]", (tds) => tds.map((td) => Number(td.textContent)));
  assert.ok(scores.every((s) => s >= 0 && s <= 6), scores.join(","));
  assert.match(await page.textContent("#explorer-status"), new RegExp(`^${DETRACTORS.length} responses, newest first\\.$`));

  // Narrowed further by stage and a text search, then opened by keyboard.
  await page.selectOption("select[name=stage]", "thank_you");
  await Promise.all([page.waitForResponse((r) => r.url().includes("q=SURPRISE")), page.fill("#explorer-search", "SURPRISE")]);
  await page.waitForFunction((id) => {
    const rows = document.querySelectorAll("#responses-body tr");
    return rows.length === 1 && rows[0].dataset.response === id;
  }, idOf(CHOSEN));
  await settled(page);
  await page.focus("#responses-body tr button");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#response-dialog[open]");
  const detail = (key) => page.textContent(`#response-detail [data-key=${key}] dd`);
  assert.equal(await detail("answer-note"), NOTE);
  assert.equal(await detail("answer-reason"), "Shipping costs");
  assert.equal(await detail("answer-nps"), "3");
  assert.equal(await detail("order_value"), "€129.90");
  assert.equal(await detail("order_id"), "o-1001");
  assert.equal(await detail("utm_source"), "newsletter");
  assert.equal(await detail("page_url"), "https://shop.example/thank-you?order=1001");
  assert.equal(await detail("stage"), "Thank-you page");
  await page.screenshot({ path: outputPath("explorer-dialog-1280.png") });
  // Escape closes it and gives focus back to the row.
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.getElementById("response-dialog").open);
  assert.equal(await page.evaluate(() => document.activeElement.closest("tr")?.dataset.response), idOf(CHOSEN));

  // Deleted after a confirmation: gone from the table and from the API.
  await page.keyboard.press("Enter");
  await page.waitForSelector("#response-dialog[open]");
  await page.click("#delete-response");
  assert.equal(await page.isVisible("#confirm-delete"), true, "asks first");
  assert.equal(await page.evaluate(() => document.activeElement.id), "confirm-delete-no", "the safe choice has focus");
  const [deleted] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "DELETE"),
    page.click("#confirm-delete-yes"),
  ]);
  assert.equal(deleted.status(), 204);
  await page.waitForFunction(() => !document.getElementById("response-dialog").open);
  assert.deepEqual(await rowIds(page), []);
  assert.match(await page.textContent("#explorer-status"), /^Response deleted\./);
  const api = await (await admin(`/v1/sites/demo/responses?q=surprise`)).json();
  assert.deepEqual(api.responses, []);

  // Back to all detractors for the screenshot.
  await page.fill("#explorer-search", "");
  await page.selectOption("select[name=stage]", "");
  await page.waitForFunction(() => document.querySelectorAll("#responses-body tr").length === 50);
  await settled(page);
  await page.screenshot({ path: outputPath("explorer-1280.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("at 390 px the explorer fits without horizontal scrolling and passes axe, list and dialog", async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: { width: 390, height: 844 }, timezoneId: "Europe/Berlin", locale: "en-US", bypassCSP: true });
  await openExplorer(page);
  await page.selectOption("#answer-filter", { label: "Detractors (0–6)" });
  await page.waitForFunction(() => document.querySelectorAll("#responses-body tr").length === 50 && !/Loading/.test(document.getElementById("explorer-status").textContent));
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok((await width()) <= 390, `the page is ${await width()} px wide at 390`);
  // Times in the dashboard's zone.
  const time = page.locator("#responses-body tr time").first();
  const iso = await time.getAttribute("datetime");
  assert.equal(await time.textContent(), new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Berlin", dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)));
  // The filters and the first cards (the whole page is 50 cards long).
  await page.screenshot({ path: outputPath("explorer-390.png"), clip: { x: 0, y: 0, width: 390, height: 1600 }, fullPage: true });
  assert.deepEqual(await axePage(page), []);

  await page.click("#responses-body tr:nth-child(2) td[data-question=reason]");
  await page.waitForSelector("#response-dialog[open]");
  assert.ok((await width()) <= 390, `with the dialog open the page is ${await width()} px wide at 390`);
  await page.screenshot({ path: outputPath("explorer-dialog-390.png") });
  assert.deepEqual(await axePage(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the answer filter offers each point of a rating and finds the responses that gave it", async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: { width: 1280, height: 1000 }, timezoneId: "UTC", locale: "en-US" });
  await openExplorer(page);
  await page.selectOption("#survey", "newsletter");
  await page.waitForFunction(() => [...document.querySelectorAll("#answer-filter option")].some((o) => o.textContent === "4 of 5"));
  const points = await page.$$eval("#answer-filter optgroup[label='How was signing up?'] option", (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(points, [1, 2, 3, 4, 5].map((n) => [`stars=${n}`, `${n} of 5`]));
  await page.selectOption("#answer-filter", { label: "4 of 5" });
  const want = Array.from({ length: STARRED }, (_, i) => i + 1).filter((n) => starsOf(n) === 4).map(starredId);
  await page.waitForFunction((n) => document.querySelectorAll("#responses-body tr").length === n && !/Loading/.test(document.getElementById("explorer-status").textContent), want.length);
  assert.deepEqual(await rowIds(page), want);
  const stars = await page.$$eval("#responses-body td[data-question=stars]", (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(stars, want.map(() => "4"));
  assert.deepEqual(problems, []);
  await context.close();
});
