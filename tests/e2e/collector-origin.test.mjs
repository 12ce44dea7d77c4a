// A sandboxed iframe on a site the collector does not allow sends
// `Origin: null` with a text/plain POST (no preflight). The collector must
// refuse it: `null` is an origin to check, not a missing one.

import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, writeCollectorConfig, startServe, snapshot, sqliteRows, launchBrowser } from "./lib.mjs";

async function attackerSite(collector) {
  const body = JSON.stringify({ responses: [snapshot(77)] });
  const script = `fetch(${JSON.stringify(collector + "/v1/sites/demo/responses")}, { method: "POST", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(body)} })
    .then((r) => parent.postMessage("status " + r.status, "*"), () => parent.postMessage("blocked", "*"));`;
  const page = `<!doctype html><meta charset="utf-8"><title>elsewhere</title>
<iframe sandbox="allow-scripts" srcdoc="${`<script>${script}</script>`.replaceAll("&", "&amp;").replaceAll('"', "&quot;")}"></iframe>
<script>window.done = new Promise((r) => addEventListener("message", (e) => r(e.data)));</script>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(page);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

test("a sandboxed iframe on a disallowed site (Origin: null) stores nothing", { timeout: 60000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-null-"));
  const port = await freePort();
  const db = join(dir, "null.db");
  const config = writeCollectorConfig(dir, { port, database: `sqlite://${db}`, origins: ["https://shop.example"] });
  const collector = await startServe(config, port);
  const site = await attackerSite(collector.url);
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(site.url);
    const outcome = await page.evaluate(() => window.done);
    // The refusal is readable (the public routes' errors carry CORS headers
    // for the origin that caused them, so a widget can say why): a 403.
    assert.equal(outcome, "status 403", `the frame saw: ${outcome}`);
    const rows = sqliteRows(db, "SELECT response_id FROM responses");
    assert.deepEqual(rows, [], "nothing was stored");
  } finally {
    await browser.close();
    await site.close();
    collector.child.kill("SIGTERM");
    await collector.exited;
  }
});
