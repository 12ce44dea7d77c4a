// The collector as a process: two instances sharing one PostgreSQL database,
// graceful shutdown under load, and reloading site configs on SIGHUP.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, writeCollectorConfig, startServe, snapshot, post, sqliteRows, SITE_CONFIG, READ_BACK_BYTES } from "./lib.mjs";

const PG = process.env.EXITPOLL_TEST_POSTGRES;

function psql(sql, url = PG) {
  return execFileSync("psql", [url, "-At", "-c", sql], { encoding: "utf8", maxBuffer: READ_BACK_BYTES, env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" } }).trim();
}

test("two collectors on one PostgreSQL database ingest one stream with no loss and no duplicates", { skip: PG ? false : "EXITPOLL_TEST_POSTGRES is not set (no local PostgreSQL)", timeout: 120000 }, async () => {
  // A database of its own: the collector keeps its tables in the fixed schema `exitpoll`.
  const database = `exitpoll_e2e_${process.pid}_${Date.now()}`;
  psql(`CREATE DATABASE ${database}`);
  try {
    const u = new URL(PG);
    u.pathname = `/${database}`;
    const url = u.toString();
    const dirs = [mkdtempSync(join(tmpdir(), "exitpoll-pg-a-")), mkdtempSync(join(tmpdir(), "exitpoll-pg-b-"))];
    const ports = [await freePort(), await freePort()];
    // Both start at once: migrations must not race.
    const servers = await Promise.all(
      dirs.map((dir, i) => startServe(writeCollectorConfig(dir, { port: ports[i], database: url }), ports[i])),
    );
    const acked = new Map();
    let sends = 0;
    const total = 3000;
    // Each batch goes to one instance, and its retry (a duplicate) to the other;
    // later revisions of the same responses follow, in both directions.
    async function worker(w) {
      for (let n = w; n < total; n += 8) {
        const first = [snapshot(n + 1, 1), snapshot(n + 1, 2, "partial")];
        const second = [snapshot(n + 1, 3, "completed")];
        for (const [batch, target] of [[first, w % 2], [first, (w + 1) % 2], [second, (w + n) % 2]]) {
          sends++;
          const status = await post(servers[target].url, batch);
          assert.equal(status, 200);
          for (const s of batch) acked.set(s.response_id, Math.max(acked.get(s.response_id) ?? 0, s.revision));
        }
      }
    }
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    const seconds = (Date.now() - started) / 1000;
    for (const s of servers) s.child.kill("SIGTERM");
    await Promise.all(servers.map((s) => s.exited));
    const rows = psql(`SELECT response_id, revision FROM exitpoll.responses`, url).split("\n").filter(Boolean);
    const stored = new Map(rows.map((l) => l.split("|")).map(([id, rev]) => [id, Number(rev)]));
    assert.equal(rows.length, stored.size, "one row per response");
    assert.equal(stored.size, total);
    const wrong = [...acked].filter(([id, rev]) => stored.get(id) !== rev);
    assert.deepEqual(wrong, [], "every response at its highest revision");
    console.log(`two instances: ${sends} requests (${Math.round(sends / seconds)}/s), ${total} responses, each stored once at revision 3`);
  } finally {
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
});

test("SIGTERM under load: requests in flight finish, nothing acknowledged is lost, exit within 10 s", { timeout: 60000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-term-"));
  const port = await freePort();
  const db = join(dir, "term.db");
  const server = await startServe(writeCollectorConfig(dir, { port, database: `sqlite://${db}` }), port);
  const acked = new Set();
  let running = true;
  let n = 0;
  const clients = Array.from({ length: 16 }, async () => {
    while (running) {
      const batch = [snapshot(++n), snapshot(++n)];
      if ((await post(server.url, batch)) === 200) for (const s of batch) acked.add(s.response_id);
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  const t0 = Date.now();
  server.child.kill("SIGTERM");
  const { code } = await server.exited;
  const took = Date.now() - t0;
  running = false;
  await Promise.all(clients);
  assert.equal(code, 0);
  assert.ok(took < 10000, `exited after ${took} ms`);
  const stored = new Set(sqliteRows(db, "SELECT response_id FROM responses").map((r) => r.response_id));
  const lost = [...acked].filter((id) => !stored.has(id));
  assert.deepEqual(lost, []);
  assert.ok(acked.size > 50, `load was real: ${acked.size}`);
  console.log(`graceful shutdown: exited in ${took} ms with ${acked.size} acknowledged responses, all stored`);
});

test("SIGHUP reloads site configs; a broken file keeps the running one", { timeout: 30000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-hup-"));
  const port = await freePort();
  const file = writeCollectorConfig(dir, { port, database: `sqlite://${join(dir, "h.db")}` });
  const server = await startServe(file, port);
  const surveys = async () => (await (await fetch(`${server.url}/v1/sites/demo/config`)).json()).surveys.map((s) => s.id);
  assert.deepEqual(await surveys(), ["cart-exit"]);
  const updated = { ...SITE_CONFIG, surveys: [...SITE_CONFIG.surveys, { ...SITE_CONFIG.surveys[0], id: "post-purchase" }] };
  writeFileSync(join(dir, "demo.json"), JSON.stringify(updated));
  server.child.kill("SIGHUP");
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await surveys(), ["cart-exit", "post-purchase"]);
  writeFileSync(join(dir, "demo.json"), "{ broken");
  server.child.kill("SIGHUP");
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await surveys(), ["cart-exit", "post-purchase"], "the running config is kept");
  assert.match(server.output(), /reload failed; keeping the running configuration/);
  server.child.kill("SIGTERM");
  await server.exited;
});

test("check-config lists every problem and exits non-zero", () => {
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-check-"));
  const bad = join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify({ site: "demo", surveys: [{ id: "a", trigger: { type: "exit_intnet" }, questions: [] }] }));
  let out;
  try {
    execFileSync(process.env.EXITPOLL_BIN ?? join(import.meta.dirname, "../../target/debug/exitpoll-collector"), ["check-config", bad], { encoding: "utf8", stdio: "pipe" });
    assert.fail("check-config accepted a bad file");
  } catch (e) {
    out = e.stderr;
    assert.equal(e.status, 1);
  }
  assert.match(out, /surveys\[0\]\.trigger\.type: unknown value "exit_intnet"/);
  assert.match(out, /surveys\[0\]\.questions: must not be empty/);
});
