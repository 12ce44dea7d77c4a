// The npm package: importing it under Node has no side effects (server-side
// rendering); it runs as plain ES modules in a browser; and a Vite-built
// single-page storefront (www/headless) uses it with no plugin.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, startShop, launchBrowser, openPage, dialog, exitThroughTop, responses, eventually } from "./lib.mjs";

const SITE = {
  site: "demo",
  throttle: { cooldown_hours: 0, max_per_session: 100 },
  surveys: [
    {
      id: "cart-exit",
      trigger: { type: "exit_intent", stages: ["cart"] },
      frequency: { show: "always", recontact_days: 0 },
      questions: [{ id: "reason", type: "single_choice", required: true, prompt: "What stopped you?", choices: [{ id: "price", label: "Price" }, { id: "shipping", label: "Shipping" }] }],
    },
    {
      id: "post-purchase",
      trigger: { type: "page_view", stages: ["thank_you"] },
      frequency: { show: "always", recontact_days: 0 },
      questions: [{ id: "source", type: "single_choice", required: true, prompt: "How did you hear about us?", choices: [{ id: "friend", label: "A friend" }, { id: "ad", label: "An ad" }] }],
    },
  ],
};

const MODULE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ESM</title>
<script type="module">
  import { init } from "COLLECTOR/index.js";
  window.widget = await init({ site: "demo", endpoint: "COLLECTOR" });
</script></head><body><h1>Plain ES modules</h1></body></html>`;

let shop, browser;
before(async () => {
  const headless = join(ROOT, "www", "headless");
  execFileSync(join(headless, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], { cwd: headless, stdio: "pipe" });
  shop = await startShop({ siteConfig: SITE, pages: { "/esm": MODULE_PAGE }, staticDir: join(headless, "dist") });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

test("importing the package under Node has no side effects", () => {
  const script = `
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    const m = await import(${JSON.stringify(join(ROOT, "pkg", "index.js"))});
    const added = Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k));
    console.log(JSON.stringify({ exports: Object.keys(m).sort(), added, window: typeof window }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
  assert.deepEqual(out, { exports: ["createWidget", "init"], added: [], window: "undefined" });
  const rejected = execFileSync(process.execPath, ["--input-type=module", "-e", `
    const { init } = await import(${JSON.stringify(join(ROOT, "pkg", "index.js"))});
    try { await init({ endpoint: 5 }); } catch (e) { console.log(e.message); }`], { encoding: "utf8" });
  // Server-side rendering: init() says where it runs instead of failing to fetch.
  assert.match(rejected, /init\(\) runs in a browser only/);
});

test("plain ES modules in a browser, no bundler", async () => {
  const { page, context, problems } = await openPage(browser, `${shop.shop}/esm`);
  await page.waitForFunction(() => window.widget && window.widget.explain().length === 2);
  await page.evaluate(() => window.widget.show("cart-exit"));
  const d = dialog(page);
  await d.getByLabel("Price").check();
  await d.locator("button[type=submit]").click();
  await d.locator("[part=thanks]").waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test("a Vite single-page store: stage and context from the app, surveys across client-side navigation", async () => {
  const { page, context, problems } = await openPage(browser, `${shop.shop}/index.html?collector=${encodeURIComponent(shop.collector)}`);
  await page.waitForFunction(() => window.storeWidget);
  await page.locator("[data-add=runner]").click();
  await page.locator("[data-add=beanie]").click();
  await page.locator("#cart-link").click();
  await page.waitForTimeout(300);
  await exitThroughTop(page);
  const d = dialog(page);
  await d.getByLabel("Shipping").check();
  await d.locator("button[type=submit]").click();
  await d.locator("[part=thanks]").waitFor();
  await page.keyboard.press("Escape");
  await page.locator("#checkout").click();
  // The thank-you route is a new page view for the widget: its survey shows.
  await d.getByLabel("A friend").check();
  await d.locator("button[type=submit]").click();
  await page.waitForFunction(() => document.body.dataset.exitpollCompleted === "post-purchase");
  const rows = await eventually(() => {
    const r = responses(shop.db).filter((x) => x.status === "completed" && x.trigger !== "manual");
    return r.length === 2 ? r : null;
  });
  assert.ok(rows, JSON.stringify(responses(shop.db)));
  const cartRow = rows.find((r) => r.survey_id === "cart-exit");
  assert.equal(cartRow.stage, "cart");
  assert.deepEqual(cartRow.context, { cart_value: 113, currency: "EUR", cart_items: 2 });
  const thanks = rows.find((r) => r.survey_id === "post-purchase");
  assert.equal(thanks.stage, "thank_you");
  assert.equal(thanks.context.order_id, "HL-1001");
  assert.deepEqual(problems, []);
  await context.close();
});
