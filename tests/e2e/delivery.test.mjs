// Answers are never lost: with the collector down, when the shopper leaves
// right after answering, and when the same snapshot is retried.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, storePage, launchBrowser, withShopTab, openPage, widgetReady, dialog, responses, eventually } from "./lib.mjs";

const SITE = {
  site: "demo",
  throttle: { cooldown_hours: 0, max_per_session: 100 },
  surveys: [
    {
      id: "post",
      trigger: { type: "manual" },
      frequency: { show: "always", recontact_days: 0 },
      questions: [{ id: "q", type: "nps", required: true, prompt: "How likely are you to recommend us?" }],
    },
  ],
};

let shop, browser;
before(async () => {
  shop = await startShop({ siteConfig: SITE, pages: { "/": storePage(), "/next": storePage({ body: "<h2>Next page</h2>" }) } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

async function answer(page, score) {
  for (let i = 0; i < score; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  return page.evaluate(() => {
    const raw = localStorage.getItem("exitpoll:demo");
    return raw ? JSON.parse(raw).outbox.map((e) => e.s.response_id) : [];
  });
}

const completed = (id) => responses(shop.db).filter((r) => r.response_id === id);

test("(a) the collector is down when the shopper answers; after it is back and the page reloads, the response is stored once", async () => {
  const { page, context } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  // The survey is on screen (its renderer loaded from the collector), then the collector goes down.
  await page.evaluate(() => window.exitpoll.show("post"));
  await dialog(page).waitFor();
  await shop.stopCollector();
  const pending = await answer(page, 6);
  await dialog(page).locator("[part=thanks]").waitFor();
  assert.equal(pending.length, 1, "the answer waits in localStorage");
  const id = pending[0];
  await page.waitForTimeout(1500); // a retry or two fail while the collector is down
  await shop.startCollector();
  await page.reload();
  await widgetReady(page);
  const rows = await eventually(() => {
    const r = completed(id);
    return r.length && r[0].status === "completed" ? r : null;
  });
  assert.equal(rows?.length, 1);
  assert.deepEqual(rows[0].answers, { q: 6 });
  await eventually(async () => (await page.evaluate(() => JSON.parse(localStorage.getItem("exitpoll:demo")).outbox.length)) === 0);
  await context.close();
});

test("(b) the shopper navigates away right after the last answer; the response is stored", async () => {
  const { page, context } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  await page.evaluate(() => window.exitpoll.show("post"));
  await dialog(page).waitFor();
  for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Tab");
  // Submit and leave in the same task: no time for the fetch to finish. The
  // widget takes the answer in a microtask after the submit event (see
  // deferred.rs), which runs before the task ends, so the snapshot is in
  // storage before the page starts to go.
  const id = await page.evaluate(async () => {
    const root = document.querySelector("exitpoll-widget").shadowRoot;
    root.querySelector("form").requestSubmit();
    await Promise.resolve();
    const outbox = JSON.parse(localStorage.getItem("exitpoll:demo")).outbox;
    location.href = "/next";
    return outbox[outbox.length - 1].s.response_id;
  });
  await page.waitForURL(`${shop.shop}/next`);
  const row = await eventually(() => completed(id).find((r) => r.status === "completed"));
  assert.ok(row, "stored by keepalive fetch or beacon");
  assert.deepEqual(row.answers, { q: 8 });
  await context.close();
});

test("the shopper switches tabs while the answer cannot be sent; the hidden page sends it by beacon", async () => {
  await withShopTab(`${shop.shop}/`, async ({ page, hide }) => {
    // Every fetch of a response fails (as on a flaky connection); anything
    // else the page sends to that URL (a beacon) goes through.
    const kinds = [];
    await page.route(`${shop.collector}/v1/sites/demo/responses`, (route) => {
      const kind = route.request().resourceType();
      kinds.push(kind);
      return kind === "fetch" ? route.abort("connectionfailed") : route.continue();
    });
    await page.evaluate(() => window.exitpoll.show("post"));
    await dialog(page).waitFor();
    const [id] = await answer(page, 7);
    await eventually(() => kinds.includes("fetch"));
    assert.equal(completed(id).length, 0, "the fetch failed, nothing is stored yet");
    // The shopper opens another tab: the shop's page is hidden, and its
    // pending snapshots leave by navigator.sendBeacon.
    await hide();
    const row = await eventually(() => completed(id).find((r) => r.status === "completed"));
    assert.ok(row, `stored while every fetch failed (requests seen: ${kinds.join(", ")})`);
    assert.ok(kinds.includes("ping"), "a beacon (resource type ping) carried it");
    assert.deepEqual(row.answers, { q: 7 });
  });
});

test("(c) the same snapshot retried five times is one row", { timeout: 60000 }, async () => {
  const { page, context } = await openPage(browser, `${shop.shop}/`);
  await widgetReady(page);
  let posts = 0;
  const bodies = [];
  // The collector receives every attempt, but the first four answers are
  // lost on the way back (a 503 to the browser): the widget must retry.
  await page.route(`${shop.collector}/v1/sites/demo/responses`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    posts++;
    bodies.push(route.request().postData());
    const response = await route.fetch();
    if (posts <= 4) {
      await route.fulfill({ status: 503, headers: { "access-control-allow-origin": shop.shop, "retry-after": "0" }, body: "{}" });
    } else {
      await route.fulfill({ response });
    }
  });
  await page.evaluate(() => window.exitpoll.show("post"));
  await dialog(page).waitFor();
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem("exitpoll:demo")).outbox[0].s.response_id);
  // Snapshots of this response, sent and retried until acknowledged.
  await eventually(() => posts >= 5, 30000, 200);
  await eventually(async () => (await page.evaluate(() => JSON.parse(localStorage.getItem("exitpoll:demo")).outbox.length)) === 0, 10000);
  const sameBody = bodies.slice(0, 5).every((b) => b === bodies[0]);
  assert.ok(sameBody, "the same snapshot each time");
  assert.equal(completed(id).length, 1, "one row");
  const metrics = await (await fetch(`${shop.collector}/metrics`)).text();
  const duplicates = Number(/exitpoll_responses_duplicates_total (\d+)/.exec(metrics)[1]);
  assert.ok(duplicates >= 4, `the collector saw the retries as duplicates: ${duplicates}`);
  await context.close();
});

const failEveryPost = (page) =>
  page.route(`${shop.collector}/v1/sites/demo/responses`, (route) =>
    route.request().method() === "POST" ? route.abort("connectionfailed") : route.continue(),
  );
const outboxIds = (page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem("exitpoll:demo")).outbox.map((e) => e.s.response_id));

test("a page view that begins with an answer waiting sends it", async () => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await first.goto(`${shop.shop}/`);
  await widgetReady(first);
  // Nothing the first page sends arrives, not even the beacon when it
  // closes (which no route intercepts): the collector is down meanwhile.
  await first.evaluate(() => window.exitpoll.show("post"));
  await dialog(first).waitFor();
  await shop.stopCollector();
  const [id] = await answer(first, 3);
  await first.close();
  // The closing page's last beacon goes out after close() returns; give it
  // time to fail while the collector is still down, so that only the next
  // page view can deliver the answer.
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok(!completed(id).some((r) => r.status === "completed"), "the answer did not arrive from the first page");
  await shop.startCollector();

  const next = await context.newPage();
  await next.goto(`${shop.shop}/next`);
  await widgetReady(next);
  const row = await eventually(() => completed(id).find((r) => r.status === "completed"));
  assert.ok(row, "the next page view sent the answer that waited");
  assert.deepEqual(row.answers, { q: 3 });
  await eventually(async () => (await outboxIds(next)).length === 0);
  await context.close();
});

test("a tab that stores its state keeps the answer another tab queued", async () => {
  const context = await browser.newContext();
  const quiet = await context.newPage();
  await quiet.goto(`${shop.shop}/`);
  await widgetReady(quiet);
  // The quiet tab cannot send either: the answer must wait, not be sent by it.
  await failEveryPost(quiet);

  // Another tab answers while the collector cannot be reached.
  const other = await context.newPage();
  await other.goto(`${shop.shop}/next`);
  await widgetReady(other);
  await failEveryPost(other);
  await other.evaluate(() => window.exitpoll.show("post"));
  await dialog(other).waitFor();
  const [id] = await answer(other, 9);
  assert.deepEqual(await outboxIds(quiet), [id], "queued in the storage both tabs share");

  // The quiet tab stores its state: a single-page navigation with campaign
  // parameters, which it remembers. The other tab sees the write as a
  // storage event.
  // The quiet tab may also write before that (merging what the other tab
  // wrote); the write that counts is the one with the campaign in it.
  await other.evaluate(() => {
    window.quietWrote = new Promise((resolve) =>
      addEventListener(
        "storage",
        (e) => e.key === "exitpoll:demo" && e.newValue?.includes("newsletter") && resolve(e.newValue),
      ),
    );
  });
  await quiet.evaluate(() => history.pushState({}, "", "/cart?utm_source=newsletter"));
  const written = JSON.parse(await other.evaluate(() => window.quietWrote));
  assert.equal(written.utm?.utm_source, "newsletter", "the quiet tab's write");
  assert.ok(
    written.outbox.some((e) => e.s.response_id === id),
    "the quiet tab's write kept the answer waiting",
  );
  await context.close();
});
