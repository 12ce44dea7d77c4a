// The widget never breaks the host page, and the host page cannot break it:
// hostile global CSS, a strict Content Security Policy, blocked WebAssembly,
// bad script-tag attributes, and destroy() leaving nothing behind.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, storePage, launchBrowser, openPage, widgetReady, dialog, responses, eventually } from "./lib.mjs";

const SITE = {
  site: "demo",
  throttle: { cooldown_hours: 0, max_per_session: 100 },
  theme: { accent: "#b5179e", position: "bottom-left" },
  surveys: [
    {
      id: "s",
      trigger: { type: "manual" },
      frequency: { show: "always", recontact_days: 0 },
      questions: [{ id: "q", type: "single_choice", required: true, prompt: "Did you find what you needed?", choices: [{ id: "yes", label: "Yes" }, { id: "no", label: "No" }] }],
    },
  ],
};

const STRICT = "default-src 'self'; script-src 'self' COLLECTOR 'wasm-unsafe-eval'; style-src 'self'; connect-src COLLECTOR";
const NO_WASM = "default-src 'self'; script-src 'self' COLLECTOR; style-src 'self'; connect-src COLLECTOR";

let shop, browser;
before(async () => {
  shop = await startShop({
    siteConfig: SITE,
    pages: {
      "/": storePage(),
      "/hostile": storePage({ head: "<style>* { all: unset !important; } div { display: none !important; } [role=dialog] { display: none !important; } button { visibility: hidden !important; }</style>" }),
      "/strict": { body: storePage(), headers: { "content-security-policy": STRICT } },
      "/no-wasm": { body: storePage(), headers: { "content-security-policy": NO_WASM } },
      "/bad-attrs": storePage({ attrs: ' data-stage="basket" data-context="{oops" data-consent="maybe"' }),
      "/no-site": storePage().replace(' data-site="demo"', ""),
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

/** Opens the survey, checks it is visible and usable, answers "No". */
async function answerOn(page) {
  await page.evaluate(() => window.exitpoll.show("s"));
  const d = dialog(page);
  await d.waitFor({ state: "visible" });
  const box = await d.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box && box.width > 200 && box.height > 100, `visible: ${JSON.stringify(box)}`);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height, "inside the viewport");
  assert.ok(box.x < 100, "bottom-left, as configured");
  await d.getByLabel("No").click();
  await d.locator("button[type=submit]").click();
  await d.locator("[part=thanks]").waitFor();
}

test("a page with hostile global CSS: the survey still shows and works", async () => {
  const { page, problems } = await openPage(browser, `${shop.shop}/hostile`);
  await widgetReady(page);
  await answerOn(page);
  const accent = await page.evaluate(() => {
    const root = document.querySelector("exitpoll-widget").shadowRoot;
    return getComputedStyle(root.querySelector(".ep-button") || root.querySelector(".ep")).getPropertyValue("--ep-accent").trim();
  });
  assert.match(accent, /b5179e|#b5179e|var/, "the config's accent applies");
  assert.deepEqual(problems, []);
});

test("the page's CSS cannot reach in, and the widget's CSS does not leak out", async () => {
  const { page } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  const before = await page.evaluate(() => getComputedStyle(document.querySelector("#buy")).cssText || JSON.stringify([getComputedStyle(document.querySelector("#buy")).color, getComputedStyle(document.querySelector("#buy")).fontSize]));
  await page.evaluate(() => window.exitpoll.show("s"));
  await dialog(page).waitFor();
  const afterOpen = await page.evaluate(() => getComputedStyle(document.querySelector("#buy")).cssText || JSON.stringify([getComputedStyle(document.querySelector("#buy")).color, getComputedStyle(document.querySelector("#buy")).fontSize]));
  assert.equal(afterOpen, before, "nothing on the page changed style");
  // Theming through custom properties and ::part() from the page works.
  await page.addStyleTag({ content: "exitpoll-widget { --exitpoll-accent: rgb(0, 128, 0); } exitpoll-widget::part(title) { color: rgb(200, 0, 0); }" });
  const themed = await page.evaluate(() => {
    const root = document.querySelector("exitpoll-widget").shadowRoot;
    return [getComputedStyle(root.querySelector(".ep-button")).backgroundColor, getComputedStyle(root.querySelector("[part=title]")).color];
  });
  assert.deepEqual(themed, ["rgb(0, 128, 0)", "rgb(200, 0, 0)"]);
});

test("a strict Content Security Policy: no violation, and the answer is stored", async () => {
  const { page, context, problems } = await openPage(browser, null);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${shop.shop}/strict`);
  await widgetReady(page);
  await answerOn(page);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await eventually(() => responses(shop.db).some((r) => r.answers.q === "no"));
  await context.close();
});

test("blocked WebAssembly fails with one clear console error and nothing else", async () => {
  const { page, context, problems } = await openPage(browser, `${shop.shop}/no-wasm`);
  await page.waitForTimeout(2000);
  const errors = problems.filter((p) => p.includes("exitpoll"));
  assert.equal(errors.length, 1, problems.join("\n"));
  assert.match(errors[0], /wasm-unsafe-eval/);
  assert.ok(!problems.some((p) => p.startsWith("pageerror")), "nothing thrown into the page");
  await context.close();
});

/** Opens the store page with `handler` serving the widget's `file`; also returns the stored row count. */
async function withRoute(file, handler) {
  const opened = await openPage(browser, null);
  await opened.page.route(`${shop.collector}/${file}`, handler);
  await opened.page.goto(`${shop.shop}/`);
  await widgetReady(opened.page);
  return { ...opened, before: responses(shop.db).length };
}

/** Nothing drawn, and nothing sent since `before` rows: the survey was not shown. */
async function assertNotShown(page, before) {
  assert.equal(await page.locator("exitpoll-widget").count(), 0, "nothing drawn");
  assert.equal(responses(shop.db).length, before, "nothing sent: the survey was not shown");
}

test("a page that breaks attachShadow: one clear error, nothing drawn, counted or announced, and the next survey works once it is back", async () => {
  const { page, context, problems, before } = await withRoute("nothing-to-route", (route) => route.continue());
  await page.evaluate(() => {
    window.shownEvents = 0;
    addEventListener("exitpoll:shown", () => window.shownEvents++);
    window.originalAttachShadow = Element.prototype.attachShadow;
    Element.prototype.attachShadow = () => {
      throw new DOMException("attachShadow is disabled on this page", "NotSupportedError");
    };
  });
  await page.evaluate(() => window.exitpoll.show("s"));
  const ours = () => problems.filter((p) => p.includes("exitpoll"));
  await eventually(() => ours().length > 0);
  await page.evaluate(() => window.exitpoll.show("s"));
  await page.waitForTimeout(500);
  assert.equal(ours().length, 1, problems.join("\n"));
  assert.match(ours()[0], /the survey could not be drawn \(attachShadow is disabled on this page\); the survey is not shown/);
  await assertNotShown(page, before);
  assert.equal(await page.evaluate(() => window.shownEvents), 0, "no shown event for a survey nobody saw");
  assert.ok(!problems.some((p) => p.startsWith("pageerror")), "nothing thrown into the page");
  await page.evaluate(() => (Element.prototype.attachShadow = window.originalAttachShadow));
  await answerOn(page);
  await eventually(() => responses(shop.db).length === before + 1);
  await context.close();
});

test("WebAssembly served without its MIME type (a plain static host) still starts, and a survey works", async () => {
  // Streaming compilation refuses such a response; the loader compiles its bytes instead.
  const { page, context, problems, before } = await withRoute("exitpoll_widget_bg.*.wasm", async (route) => {
    const response = await route.fetch();
    const { "content-encoding": _, "content-length": __, ...headers } = response.headers();
    await route.fulfill({ status: 200, body: await response.body(), headers: { ...headers, "content-type": "application/octet-stream" } });
  });
  await answerOn(page);
  await eventually(() => responses(shop.db).length === before + 1);
  assert.deepEqual(problems.filter((p) => p.includes("exitpoll")), []);
  await context.close();
});

test("a WebAssembly file the server does not have: one console error naming the status and the file", async () => {
  const opened = await openPage(browser, null);
  await opened.page.route(`${shop.collector}/exitpoll_widget_bg.*.wasm`, (route) => route.fulfill({ status: 404, body: "not found" }));
  await opened.page.goto(`${shop.shop}/`);
  const ours = () => opened.problems.filter((p) => p.includes("exitpoll"));
  await eventually(() => ours().length > 0);
  await opened.page.waitForTimeout(300);
  assert.equal(ours().length, 1, opened.problems.join("\n"));
  assert.match(ours()[0], /could not start WebAssembly \(HTTP 404 for .*exitpoll_widget_bg\.[0-9a-f]{16}\.wasm\)/);
  assert.ok(!opened.problems.some((p) => p.startsWith("pageerror")), "nothing thrown into the page");
  await opened.context.close();
});

test("bad script-tag attributes: one console error naming each, and the widget still runs", async () => {
  const { page, context, problems } = await openPage(browser, `${shop.shop}/bad-attrs`);
  await widgetReady(page);
  const errors = problems.filter((p) => p.includes("exitpoll"));
  assert.equal(errors.length, 1, problems.join("\n"));
  for (const name of ["data-stage", "data-context", "data-consent"]) assert.ok(errors[0].includes(name), `${name} in ${errors[0]}`);
  await context.close();
  const second = await openPage(browser, `${shop.shop}/no-site`);
  await second.page.waitForTimeout(800);
  assert.equal(second.problems.length, 1);
  assert.match(second.problems[0], /data-site is missing/);
  // The handle stays, so page code that calls it does not throw; it does nothing.
  const calls = await second.page.evaluate(() => {
    try {
      window.exitpoll.setContext({ cart_value: 1 });
      window.exitpoll.show("s");
      return JSON.stringify(window.exitpoll.explain());
    } catch (e) {
      return `threw: ${e}`;
    }
  });
  assert.equal(calls, "[]");
  assert.equal(second.problems.length, 1, "said once");
  await second.context.close();
});

test("destroy() leaves nothing behind; API errors never throw into page code", async () => {
  const { page, context, problems } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  const thrown = await page.evaluate(() => {
    const out = [];
    for (const call of [
      () => window.exitpoll.setStage("basket"),
      () => window.exitpoll.setContext("cart=5"),
      () => window.exitpoll.show(42),
      () => window.exitpoll.on("nope", () => {}),
      () => window.exitpoll.consent("yes"),
    ]) {
      try {
        call();
      } catch (e) {
        out.push(String(e));
      }
    }
    return out;
  });
  assert.deepEqual(thrown, []);
  assert.equal(problems.filter((p) => p.includes("exitpoll:")).length, 5, "each bad call is reported once");
  await page.evaluate(() => window.exitpoll.show("s"));
  await dialog(page).waitFor();
  await page.evaluate(() => window.exitpoll.destroy());
  assert.equal(await page.locator("exitpoll-widget").count(), 0, "no DOM left");
  // No listener left: exit gestures and API calls do nothing, history is back to the browser's own.
  await page.mouse.move(300, 300);
  await page.mouse.move(300, -5, { steps: 4 });
  await page.evaluate(() => window.exitpoll.show("s"));
  await page.waitForTimeout(300);
  assert.equal(await page.locator("exitpoll-widget").count(), 0);
  assert.equal(await page.evaluate(() => history.pushState.toString().includes("native code")), true);
  await context.close();
});

test("no layout shift on the page, and no cookies on either origin", async () => {
  const { page, context, problems } = await openPage(browser, null);
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__shifts.push({ value: e.value, recent: e.hadRecentInput });
    }).observe({ type: "layout-shift", buffered: true });
  });
  const rowsBefore = responses(shop.db).length;
  await page.goto(`${shop.shop}/`);
  await widgetReady(page);
  const buyBefore = await page.locator("#buy").boundingBox();
  await answerOn(page);
  await page.keyboard.press("Escape");
  await page.waitForTimeout(500);
  const buyAfter = await page.locator("#buy").boundingBox();
  assert.deepEqual(buyAfter, buyBefore, "the page's own content did not move");
  // Shifts right after the shopper's own input are not layout shifts by the
  // metric's definition (hadRecentInput); every other one counts.
  const shifts = await page.evaluate(() => window.__shifts);
  const unexpected = shifts.filter((s) => !s.recent);
  assert.deepEqual(unexpected, [], `layout shifts: ${JSON.stringify(shifts)}`);
  await eventually(() => responses(shop.db).length > rowsBefore);
  assert.equal(await page.evaluate(() => document.cookie), "");
  assert.deepEqual(await context.cookies([shop.shop, shop.collector]), []);
  assert.deepEqual(problems, []);
  await context.close();
});
