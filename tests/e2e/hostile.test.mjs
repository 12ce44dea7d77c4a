// Host pages that break what scripts usually rely on cannot break the
// widget, and the widget does not add to their errors. Each case is one a
// black-box test found breaking the widget before it was rebuilt in Rust:
// enumerable properties on Object.prototype, a `then` on Object.prototype,
// `toJSON` on the prototypes, a throwing `dataLayer.push` and a throwing
// `CustomEvent`. (A throwing `attachShadow` is in safety.test.mjs.)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, storePage, launchBrowser, openPage, widgetReady, dialog, responses, eventually } from "./lib.mjs";

const SITE = {
  site: "demo",
  throttle: { cooldown_hours: 0, max_per_session: 100 },
  stages: { cart: ["/basket"] },
  surveys: [
    {
      id: "s",
      trigger: { type: "manual" },
      frequency: { show: "always", recontact_days: 0 },
      questions: [{ id: "q", type: "single_choice", required: true, prompt: "Did you find it?", choices: [{ id: "yes", label: "Yes" }, { id: "no", label: "No" }] }],
    },
  ],
};

/** A page whose own script breaks something before the widget's script runs. */
const hostile = (script) => storePage({ head: `<script>${script}</script>` });

let shop, browser;
before(async () => {
  shop = await startShop({
    siteConfig: SITE,
    pages: {
      "/enumerable": hostile("Object.prototype.foo = 1; Array.prototype.bar = 2;"),
      "/then": hostile("Object.prototype.then = function () {};"),
      "/then-resolves": hostile("Object.prototype.then = function (resolve) { resolve(42); };"),
      "/basket": hostile(
        "Object.prototype.toJSON = function () { return {}; }; Array.prototype.toJSON = function () { return []; };",
      ),
      "/throwing": hostile(`
        window.dataLayer = { push() { throw new Error("dataLayer is broken"); } };
        window.CustomEvent = function () { throw new Error("CustomEvent is broken"); };`),
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

/**
 * Opens `path`, shows the survey and answers "Yes"; resolves to the stored
 * completed row and the page's problems. Nothing here waits on a promise of
 * an object in the page: on a page with Object.prototype.then, Playwright's
 * own promise of it never settles.
 */
async function answer(path) {
  const before = responses(shop.db).length;
  const { page, context, problems } = await openPage(browser, `${shop.shop}${path}`);
  // Polled with evaluate() of a boolean: waitForFunction resolves a handle,
  // an object, which a page with Object.prototype.then never lets settle.
  const ready = await eventually(() => page.evaluate(() => window.exitpoll?.explain?.().length > 0), 10000);
  assert.ok(ready, "the widget runs");
  await page.evaluate(() => void window.exitpoll.show("s"));
  const d = dialog(page);
  await d.waitFor({ state: "visible" });
  await d.getByLabel("Yes").check();
  await d.locator("button[type=submit]").click();
  await d.locator("[part=thanks]").waitFor();
  const row = await eventually(() => responses(shop.db).slice(before).find((r) => r.status === "completed"));
  await context.close();
  return { row, problems };
}

test("enumerable properties on Object.prototype and Array.prototype: the widget starts and works", async () => {
  const { row, problems } = await answer("/enumerable");
  assert.deepEqual(row?.answers, { q: "yes" });
  assert.deepEqual(problems, []);
});

test("a then on Object.prototype that never resolves: the widget starts and works", async () => {
  const { row, problems } = await answer("/then");
  assert.deepEqual(row?.answers, { q: "yes" });
  assert.deepEqual(problems, []);
});

test("a then on Object.prototype that resolves to something else: the widget starts and works", async () => {
  const { row, problems } = await answer("/then-resolves");
  assert.deepEqual(row?.answers, { q: "yes" });
  assert.deepEqual(problems, []);
});

test("toJSON on the prototypes: the stored response keeps its page URL, context and stage", async () => {
  const { row, problems } = await answer("/basket?utm_source=mail");
  assert.deepEqual(row?.answers, { q: "yes" });
  assert.equal(row.stage, "cart", "the config's stage glob matched");
  assert.equal(row.context.utm_source, "mail");
  const [stored] = (await import("./lib.mjs")).sqliteRows(shop.db, `SELECT page_url FROM responses WHERE response_id = '${row.response_id}'`);
  assert.match(stored.page_url, /\/basket\?utm_source=mail$/);
  assert.deepEqual(problems, []);
});

test("a throwing dataLayer.push and a throwing CustomEvent: no uncaught error, one warning each, and the widget works", async () => {
  const warnings = [];
  const { page, context, problems } = await openPage(browser);
  page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  await page.goto(`${shop.shop}/throwing`);
  await widgetReady(page);
  const seen = [];
  await page.exposeFunction("seen", (name) => seen.push(name));
  await page.evaluate(() => window.exitpoll.on("completed", () => window.seen("completed")));
  await page.evaluate(() => window.exitpoll.show("s"));
  const d = dialog(page);
  await d.getByLabel("No").check();
  await d.locator("button[type=submit]").click();
  await d.locator("[part=thanks]").waitFor();
  await eventually(() => seen.includes("completed"));
  assert.deepEqual(problems, [], "nothing uncaught, no error");
  assert.equal(warnings.filter((w) => w.includes("dataLayer.push threw")).length, 1, warnings.join("\n"));
  assert.equal(warnings.filter((w) => w.includes("CustomEvent does not work")).length, 1, warnings.join("\n"));
  await context.close();
});
