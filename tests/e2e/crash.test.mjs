// Crash test: a load client records every acknowledged response while the
// collector is killed with SIGKILL and restarted, again and again. Afterwards
// every acknowledged response is stored (at its acknowledged revision or a
// later one), there is one row per response, and SQLite's integrity check is ok.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, writeCollectorConfig, startServe, snapshot, post, sqliteRows } from "./lib.mjs";

const KILLS = Number(process.env.EXITPOLL_CRASH_KILLS ?? 12);

test(`every acknowledged response survives ${KILLS} SIGKILLs`, { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-crash-"));
  const port = await freePort();
  const db = join(dir, "crash.db");
  const config = writeCollectorConfig(dir, { port, database: `sqlite://${db}` });
  let server = await startServe(config, port);
  const acked = new Map(); // response id -> highest acknowledged revision
  let next = 1;
  let sent = 0;
  let failed = 0;
  let running = true;

  async function client(worker) {
    while (running) {
      // New responses, and later revisions of earlier ones (retries and updates).
      const batch = [];
      const size = 1 + ((next + worker) % 5);
      for (let i = 0; i < size; i++) {
        if (i % 2 === 1 && next > 10) {
          const n = 1 + ((next * 7919 + worker) % (next - 1));
          batch.push(snapshot(n, 2 + (next % 3), "completed"));
        } else {
          batch.push(snapshot(next++, 1));
        }
      }
      sent++;
      const status = await post(server.url, batch);
      if (status === 200) {
        for (const s of batch) acked.set(s.response_id, Math.max(acked.get(s.response_id) ?? 0, s.revision));
      } else {
        failed++;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  }

  const clients = Array.from({ length: 8 }, (_, w) => client(w));
  for (let k = 0; k < KILLS; k++) {
    await new Promise((r) => setTimeout(r, 300 + ((k * 97) % 400)));
    server.child.kill("SIGKILL");
    await server.exited;
    server = await startServe(config, port);
  }
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await Promise.all(clients);
  server.child.kill("SIGTERM");
  const { code } = await server.exited;
  assert.equal(code, 0, "a clean shutdown after the crashes");

  const rows = sqliteRows(db, "SELECT response_id, revision FROM responses");
  const stored = new Map(rows.map((r) => [r.response_id, r.revision]));
  assert.equal(stored.size, rows.length, "one row per response");
  const missing = [...acked].filter(([id, rev]) => !(stored.get(id) >= rev));
  assert.deepEqual(missing, [], "every acknowledged revision is stored");
  const [{ integrity_check: integrity }] = sqliteRows(db, "PRAGMA integrity_check");
  assert.equal(integrity, "ok");
  console.log(`crash test: ${KILLS} kills, ${sent} requests (${failed} failed while down), ${acked.size} responses acknowledged, all stored, integrity ok`);
  assert.ok(acked.size > 100, "the load was real");
});
