// The walking skeleton: on the demo cart page served by the collector, real
// mouse movement out through the top shows the survey; answering it stores
// the response in SQLite, and the admin export returns it.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launchBrowser, openPage, widgetReady, exitThroughTop, dialog, sqliteRows, adminGet, eventually } from "./lib.mjs";

let server, browser;
before(async () => {
  server = await startDemo();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("exit intent on the cart page shows the survey and the answer reaches the database", async () => {
  const { page, problems } = await openPage(browser, `${server.url}/cart.html`);
  await widgetReady(page);
  // The demo survey arms one second after the page loads.
  await page.waitForTimeout(1100);
  assert.equal(await page.locator("exitpoll-widget").count(), 0, "nothing shows before exit intent");

  await exitThroughTop(page);
  const d = dialog(page);
  await d.waitFor({ state: "visible", timeout: 3000 });
  assert.match(await d.locator("h2").textContent(), /What stopped you from checking out today\?/);

  await d.getByLabel("Shipping cost or time").check();
  await d.locator("button[type=submit]").click();
  await d.getByText("Thank you!").first().waitFor({ timeout: 3000 });

  const rows = await eventually(() => {
    const r = sqliteRows(server.db).filter((x) => x.status === "completed");
    return r.length ? r : null;
  });
  assert.ok(rows, "a completed response is in the SQLite file");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].survey_id, "cart-exit");
  assert.deepEqual(JSON.parse(rows[0].answers), { reason: "shipping" });
  assert.equal(JSON.parse(rows[0].context).cart_value, 113);

  const exported = await adminGet(server.url, "/v1/sites/demo/responses");
  assert.equal(exported.status, 200);
  const body = JSON.parse(exported.text);
  assert.equal(body.responses.length, 1);
  assert.equal(body.responses[0].response_id, rows[0].response_id);
  assert.equal(body.responses[0].stage, "cart");
  assert.equal(body.responses[0].trigger, "exit_intent:pointer_top");

  assert.deepEqual(problems, [], "no console errors or page errors");
});

test("the export needs the admin token", async () => {
  const anonymous = await fetch(`${server.url}/v1/sites/demo/responses`);
  assert.equal(anonymous.status, 401);
  const wrong = await fetch(`${server.url}/v1/sites/demo/responses`, { headers: { authorization: "Bearer nope" } });
  assert.equal(wrong.status, 403);
});
