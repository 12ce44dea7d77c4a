// Exit intent in the browser: a fast touch scroll up on a phone shows the
// survey and a slow one does not; coming back to a hidden tab shows it.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, storePage, launchBrowser, withShopTab, openPage, widgetReady, dialog, responses, eventually } from "./lib.mjs";

const SITE = {
  site: "demo",
  throttle: { cooldown_hours: 0, max_per_session: 100 },
  surveys: [
    {
      id: "leaving",
      trigger: { type: "exit_intent" },
      frequency: { show: "always", recontact_days: 0 },
      questions: [{ id: "q", type: "nps", prompt: "How likely are you to come back?" }],
    },
  ],
};

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
};

let shop, browser;
before(async () => {
  shop = await startShop({ siteConfig: SITE, pages: { "/": storePage() } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

/**
 * A real touch drag (CDP Input.dispatchTouchEvent: touchstart, touchmove…,
 * touchend), which Chromium scrolls like a finger, fling included. The
 * finger moves from `fromY` to `toY` over `ms`.
 */
async function drag(page, fromY, toY, ms, steps = 20) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: 200, y: fromY }] });
  for (let i = 1; i <= steps; i++) {
    await new Promise((r) => setTimeout(r, ms / steps));
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: 200, y: fromY + ((toY - fromY) * i) / steps }] });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

/** Reads down the page: three unhurried swipes up. */
async function readDown(page) {
  for (let i = 0; i < 3; i++) {
    await drag(page, 700, 300, 600);
    await page.waitForTimeout(400);
  }
}

test("phone: a fast scroll back up after reading shows the survey", async () => {
  const { page, context, problems } = await openPage(browser, `${shop.shop}/`, PHONE);
  await widgetReady(page);
  assert.equal(await page.evaluate(() => matchMedia("(pointer: coarse)").matches), true, "touch emulation");
  await readDown(page);
  assert.ok(await page.evaluate(() => window.scrollY) > 800, "read down the page");
  assert.equal(await page.locator("exitpoll-widget").count(), 0, "reading down shows nothing");
  await drag(page, 200, 750, 120);
  const d = dialog(page);
  await d.waitFor({ timeout: 3000 });
  const box = await d.boundingBox();
  assert.ok(box.width >= 389 && box.y + box.height >= 843, `a bottom sheet on a phone: ${JSON.stringify(box)}`);
  assert.ok(await page.evaluate(() => window.scrollY) > 0);
  await page.keyboard.press("Escape");
  const row = await eventually(() => responses(shop.db).find((r) => r.trigger === "exit_intent:scroll_up"));
  assert.equal(row?.device, "mobile");
  assert.deepEqual(problems, []);
  await context.close();
});

test("phone: a slow scroll back up does not", async () => {
  const { page, context } = await openPage(browser, `${shop.shop}/`, PHONE);
  await widgetReady(page);
  await readDown(page);
  const before = await page.evaluate(() => window.scrollY);
  await drag(page, 300, 700, 3000, 60);
  await page.waitForTimeout(1000);
  assert.ok(before - (await page.evaluate(() => window.scrollY)) > 250, "it did scroll up");
  assert.equal(await page.locator("exitpoll-widget").count(), 0);
  const explain = await page.evaluate(() => window.exitpoll.explain());
  assert.deepEqual(explain[0].reasons.map((r) => r.code), ["trigger"]);
  await context.close();
});

test("returning to a hidden tab shows the survey", async () => {
  // A real tab switch: the shop's tab goes to the background (hidden) while
  // another tab is in front, then comes back.
  await withShopTab(`${shop.shop}/`, async ({ page, hide }) => {
    await page.evaluate(() => {
      window.seen = [];
      document.addEventListener("visibilitychange", () => window.seen.push(document.visibilityState));
    });
    await hide();
    await page.waitForTimeout(1200);
    assert.equal(await page.locator("exitpoll-widget").count(), 0, "nothing shows in a background tab");
    await page.bringToFront();
    await dialog(page).waitFor({ timeout: 3000 });
    assert.deepEqual(await page.evaluate(() => window.seen), ["hidden", "visible"]);
    await page.keyboard.press("Escape");
    const row = await eventually(() => responses(shop.db).find((r) => r.trigger === "exit_intent:tab_return"));
    assert.ok(row);
  });
});
