// A real Rust panic inside the widget is contained: it is reported once, on
// the console and as an `error` event, the widget disables itself and leaves
// the page, and nothing reaches page code.
//
// The published widget has no way to panic on purpose, so this test builds a
// variant with the `panic-probe` feature (target/pkg-probe, never pkg/), in
// which `show("__exitpoll_panic_probe__")` panics, and so does a keydown
// whose key is "__exitpoll_panic_probe__" (a panic in a page listener's
// work), and serves it from the shop.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, startShop, launchBrowser, openPage, widgetReady, dialog } from "./lib.mjs";

const PROBE = "__exitpoll_panic_probe__";
const SITE = {
  site: "demo",
  throttle: { cooldown_hours: 0, max_per_session: 100 },
  surveys: [
    {
      id: "s",
      trigger: { type: "manual" },
      frequency: { show: "always", recontact_days: 0 },
      questions: [{ id: "q", type: "single_choice", prompt: "Did you find what you needed?", choices: [{ id: "yes", label: "Yes" }, { id: "no", label: "No" }] }],
    },
  ],
};

// The script tag loads the probe build from the shop; answers still go to the collector.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Panic probe</title>
<script>
  window.errorEvents = [];
  addEventListener("exitpoll:error", (e) => window.errorEvents.push(e.detail));
  // The page's own error handlers, registered before the widget's script runs.
  window.pageErrors = [];
  window.onerror = (message) => void window.pageErrors.push(String(message));
  addEventListener("error", (e) => window.pageErrors.push(e.message));
  addEventListener("unhandledrejection", (e) => window.pageErrors.push(String(e.reason)));
</script>
<script async src="/exitpoll.js" data-site="demo" data-endpoint="COLLECTOR"></script>
</head><body><h1>Store</h1><p>${"Good things. ".repeat(200)}</p></body></html>`;

let shop, browser;
before(async () => {
  const dir = join(ROOT, "target", "pkg-probe");
  const build = spawnSync(join(ROOT, "crates", "exitpoll-widget", "build-pkg"), [dir], {
    env: { ...process.env, EXITPOLL_WIDGET_FEATURES: "panic-probe" },
    encoding: "utf8",
  });
  assert.equal(build.status, 0, `probe build failed:\n${build.stderr}`);
  shop = await startShop({ siteConfig: SITE, pages: { "/": PAGE }, staticDir: dir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

test("a panic is reported once, disables the widget, removes it, and never reaches page code", async () => {
  const { page, problems } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  // A survey is open when the panic happens.
  await page.evaluate(() => window.exitpoll.show("s"));
  await dialog(page).waitFor({ state: "visible" });

  const outcome = await page.evaluate(async (probe) => {
    let threw = null;
    try {
      window.exitpoll.show(probe);
    } catch (e) {
      threw = String(e);
    }
    // Page code after the call keeps running, and later calls are harmless.
    let later = null;
    try {
      window.exitpoll.show("s");
      window.exitpoll.setContext({ cart_value: 1 });
      later = window.exitpoll.explain();
    } catch (e) {
      later = `threw: ${e}`;
    }
    // Events are dispatched in a microtask, never inside a call into the widget.
    await new Promise((r) => setTimeout(r, 50));
    return { threw, later, events: window.errorEvents, host: document.querySelectorAll("exitpoll-widget").length };
  }, PROBE);

  assert.equal(outcome.threw, null, "the call did not throw into page code");
  assert.deepEqual(outcome.later, [], "a disabled widget answers later calls quietly");
  assert.equal(outcome.host, 0, "the widget's element left the page");
  assert.equal(outcome.events.length, 1, `one error event: ${JSON.stringify(outcome.events)}`);
  assert.equal(outcome.events[0].fatal, true);
  assert.match(outcome.events[0].message, /internal error, the widget is disabled: .*panic probe/s);
  // The only console error is the widget's one report; no uncaught page error.
  assert.equal(problems.length, 1, problems.join("\n"));
  assert.match(problems[0], /^console\.error: exitpoll: internal error, the widget is disabled: .*panic probe/s);
  await page.waitForTimeout(300);
  assert.equal(await dialog(page).count(), 0, "no survey left on screen");
  assert.equal(problems.length, 1, "nothing more was reported afterwards");
});

test("a panic in the work of a page listener is contained the same way, and the page's onerror sees nothing", async () => {
  const { page, problems } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("s"));
  await dialog(page).waitFor({ state: "visible" });
  await page.evaluate((probe) => document.dispatchEvent(new KeyboardEvent("keydown", { key: probe, bubbles: true })), PROBE);
  await page.waitForTimeout(300);
  const outcome = await page.evaluate(() => ({
    events: window.errorEvents.map((e) => [e.fatal, e.message]),
    pageErrors: window.pageErrors,
    host: document.querySelectorAll("exitpoll-widget").length,
    later: JSON.stringify(window.exitpoll.explain()),
  }));
  assert.equal(outcome.events.length, 1, JSON.stringify(outcome.events));
  assert.equal(outcome.events[0][0], true);
  assert.match(outcome.events[0][1], /internal error, the widget is disabled: .*panic probe in a listener/s);
  assert.deepEqual(outcome.pageErrors, [], "nothing reached the page's own error handlers");
  assert.equal(outcome.host, 0, "the dialog left the page");
  assert.equal(outcome.later, "[]");
  // Later input reaches no listener of the widget's any more: nothing more is reported.
  await page.mouse.move(300, 300);
  await page.mouse.move(300, -5, { steps: 4 });
  await page.keyboard.press("Escape");
  await page.waitForTimeout(300);
  assert.equal(problems.length, 1, problems.join("\n"));
  assert.match(problems[0], /^console\.error: exitpoll: internal error, the widget is disabled: .*panic probe in a listener/s);
});
