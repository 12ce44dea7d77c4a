// Frequency rules hold across page loads, and explain() names the reason.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, storePage, launchBrowser, openPage, widgetReady, dialog } from "./lib.mjs";

let browser;
const shops = [];
after(async () => {
  await browser?.close();
  for (const s of shops) await s.stop();
});

const pageView = (id, frequency, extra = {}) => ({
  id,
  trigger: { type: "page_view" },
  frequency,
  questions: [{ id: "q", type: "nps", prompt: `Survey ${id}?` }],
  ...extra,
});

/** One shopper's browser on a shop with these surveys. */
async function visit(siteConfig) {
  browser ??= await launchBrowser();
  const shop = await startShop({ siteConfig: { site: "demo", ...siteConfig }, pages: { "/": storePage() } });
  shops.push(shop);
  // A blank page first: every page view of the shop is one that load() makes
  // (a page view of its own here could show a survey that load() then misses).
  const { page } = await openPage(browser);
  /** Loads the page; resolves to the survey on screen. `expected` sets how long to wait. */
  const load = async (expected) => {
    await page.goto(`${shop.shop}/`);
    await widgetReady(page);
    // Wait as long as it takes for a survey that should come (the module
    // loads in idle time after the load event, slow on a busy machine), and
    // 1.5 s for one that must not.
    await dialog(page)
      .waitFor({ timeout: expected ? 10000 : 1500 })
      .catch(() => {});
    const open = await page.evaluate(() => document.querySelector("exitpoll-widget")?.shadowRoot.querySelector("[role=dialog]")?.dataset.survey ?? null);
    return open;
  };
  const reasons = async (id) => (await page.evaluate(() => window.exitpoll.explain())).find((e) => e.survey_id === id).reasons.map((r) => r.code);
  /**
   * The shopper goes to the survey: a corner survey that a trigger opened
   * does not take the focus (dialog.rs), so keys reach it once it has it.
   */
  const focusSurvey = () => dialog(page).locator("input").first().focus();
  const dismiss = async () => {
    await focusSurvey();
    await page.keyboard.press("Escape");
  };
  return { page, load, reasons, focusSurvey, dismiss };
}

test("once: never again after it was shown", async () => {
  const { page, load, reasons, focusSurvey, dismiss } = await visit({ throttle: { cooldown_hours: 0, max_per_session: 100 }, surveys: [pageView("a", { show: "once" })] });
  assert.equal(await load("a"), "a");
  await dismiss();
  for (let i = 0; i < 3; i++) assert.equal(await load(null), null);
  assert.deepEqual(await reasons("a"), ["frequency"]);
});

test("until_answered: again after a dismissal, never after completion", async () => {
  const { page, load, reasons, focusSurvey, dismiss } = await visit({
    throttle: { cooldown_hours: 0, max_per_session: 100 },
    surveys: [pageView("a", { show: "until_answered", recontact_days: 0 })],
  });
  assert.equal(await load("a"), "a");
  await dismiss();
  assert.equal(await load("a"), "a", "dismissed: asked again");
  await focusSurvey();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await dialog(page).locator("[part=thanks]").waitFor();
  assert.equal(await load(null), null, "completed: never again");
  assert.deepEqual(await reasons("a"), ["frequency"]);
});

test("the cooldown keeps a second survey away", async () => {
  const { page, load, reasons, focusSurvey, dismiss } = await visit({
    throttle: { cooldown_hours: 24, max_per_session: 100 },
    surveys: [pageView("a", { show: "once" }, { priority: 2 }), pageView("b", { show: "once" })],
  });
  assert.equal(await load("a"), "a");
  await dismiss();
  assert.equal(await load(null), null);
  assert.deepEqual(await reasons("b"), ["cooldown"]);
});

test("the session cap holds across reloads", async () => {
  const { page, load, reasons, focusSurvey, dismiss } = await visit({
    throttle: { cooldown_hours: 0, max_per_session: 2 },
    surveys: [pageView("a", { show: "always", recontact_days: 0 })],
  });
  assert.equal(await load("a"), "a");
  await dismiss();
  assert.equal(await load("a"), "a");
  await dismiss();
  assert.equal(await load(null), null);
  assert.deepEqual(await reasons("a"), ["session_cap"]);
});
