// The robustness suite: starts the real collector binary on 127.0.0.1 and
// puts it through faults and attacks, each bounded in time (README.md here).
// Prints a table of figures and exits non-zero on any violation.
//
//   node tests/robustness/robustness.mjs [PART...]   # parts: kill9 sigterm disk postgres idle fuzz
//
// EXITPOLL_BIN is the collector binary; EXITPOLL_TEST_POSTGRES a PostgreSQL
// URL (the parts that need it are skipped, saying so, without one);
// ROBUSTNESS_SEED replays a fuzz run.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, statfsSync, openSync, writeSync, closeSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";

const BIN = process.env.EXITPOLL_BIN;
const PG = process.env.EXITPOLL_TEST_POSTGRES ?? "";
const TOKEN = "robustness-admin-token-0123456789";
const SEED = Number(process.env.ROBUSTNESS_SEED ?? Date.now() % 1_000_000);
const only = process.argv.slice(2);

const figures = []; // [part, figure, value]
const violations = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const figure = (part, name, value) => {
  figures.push([part, name, String(value)]);
  console.log(`  ${part}: ${name} = ${value}`);
};
const check = (ok, part, message) => {
  if (!ok) {
    violations.push(`${part}: ${message}`);
    console.log(`  VIOLATION ${part}: ${message}`);
  }
};

const SITE_CONFIG = {
  site: "demo",
  surveys: [
    {
      id: "cart-exit",
      trigger: { type: "exit_intent" },
      questions: [
        { id: "reason", type: "single_choice", prompt: "Why?", choices: [{ id: "price", label: "Price" }, { id: "shipping", label: "Shipping" }] },
        { id: "nps", type: "nps", prompt: "How likely?" },
      ],
    },
  ],
};

function writeConfig(dir, { port, database, extra = "" }) {
  writeFileSync(join(dir, "demo.json"), JSON.stringify(SITE_CONFIG));
  const file = join(dir, "exitpoll.toml");
  writeFileSync(
    file,
    `listen = "127.0.0.1:${port}"
database = ${JSON.stringify(database)}
${extra}
[limits]
per_ip_per_minute = 100000000
per_site_per_second = 100000000

[[sites]]
id = "demo"
origins = ["http://127.0.0.1"]
admin_token = "${TOKEN}"
config = "demo.json"
`,
  );
  return file;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Every collector started and not yet exited, killed when a part fails or the suite ends. */
const children = new Set();
const killAll = () => {
  for (const child of children) child.kill("SIGKILL");
};
/** Mounts to undo if the suite is stopped in the middle of a part. */
const mounts = new Set();
process.on("exit", () => {
  killAll();
  for (const dir of mounts) {
    try {
      execFileSync("umount", ["-l", dir], { stdio: "pipe" });
    } catch {}
  }
});
process.on("SIGTERM", () => process.exit(1));

/** `exitpoll-collector serve --config FILE`; resolves once /healthz answers. */
async function startCollector(config, port) {
  const child = spawn(BIN, ["serve", "--config", config], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, EXITPOLL_LOG: "warn" },
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 15000;
  while (Date.now() < until) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) {
        return { child, url, exited, output: () => output };
      }
    } catch {}
    await sleep(20);
  }
  child.kill("SIGKILL");
  throw new Error(`the collector did not start:\n${output}`);
}

async function stop(c, part) {
  c.child.kill("SIGTERM");
  let timer;
  const late = new Promise((r) => (timer = setTimeout(() => r({ code: "still running after 15 s" }), 15000)));
  const { code } = await Promise.race([c.exited, late]);
  clearTimeout(timer);
  check(code === 0, part, `a clean shutdown exits 0, got ${code}\n${c.output().slice(-2000)}`);
  if (c.child.exitCode === null) c.child.kill("SIGKILL");
}

function snapshot(n, revision = 1, status = "shown", pageUrl = "https://shop.example/cart") {
  return {
    response_id: `0193a1e2-7c5d-7b1e-9f00-${n.toString(16).padStart(12, "0")}`,
    revision,
    survey_id: "cart-exit",
    status,
    answers: revision > 1 ? { reason: "price", nps: revision % 11 } : {},
    shown_at: "2026-11-22T10:00:00.000Z",
    updated_at: "2026-11-22T10:00:09.000Z",
    visitor_id: `v_${n}`,
    session_id: "s_1",
    trigger: "exit_intent",
    stage: "cart",
    device: "desktop",
    locale: "en",
    page_url: pageUrl,
    context: { cart_value: 84.5, currency: "EUR" },
  };
}

/** POSTs a body the way the widget does; status 0 when no answer came. */
async function post(url, body) {
  try {
    const r = await fetch(`${url}/v1/sites/demo/responses`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body,
      signal: AbortSignal.timeout(10000),
    });
    const text = await r.text();
    return { status: r.status, text };
  } catch (e) {
    return { status: 0, text: String(e?.cause?.code ?? e) };
  }
}

/** Every stored row, through the admin export. */
async function exportRows(url) {
  const r = await fetch(`${url}/v1/sites/demo/responses?format=ndjson`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (r.status !== 200) throw new Error(`export answered ${r.status}: ${await r.text()}`);
  return (await r.text())
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/**
 * Load: `clients` loops posting batches of new responses and later
 * revisions or repeats of acknowledged ones, until `running()` is false. A
 * batch that got no answer (the server was down) is sent again as it was,
 * as the widget does, so a batch that was stored but not acknowledged comes
 * back with the same ids.
 */
function load(url, { clients = 8, running, pageUrl }) {
  const acked = new Map(); // response id -> highest acknowledged revision
  const stats = { sent: 0, acknowledged: 0, refused: 0, s5xx: 0, s4xx: 0, other: [] };
  let next = 1;
  const ids = [];
  async function client(w) {
    let pending = null;
    while (running()) {
      if (!pending) {
        pending = [];
        const size = 1 + ((next + w) % 3);
        for (let i = 0; i < size; i++) {
          if (i === 1 && ids.length > 10) {
            const n = ids[(next * 7919 + w) % ids.length];
            pending.push(snapshot(n, 1 + (next % 4), "completed", pageUrl));
          } else {
            ids.push(next);
            pending.push(snapshot(next++, 1, "shown", pageUrl));
          }
        }
      }
      stats.sent++;
      const r = await post(url(), JSON.stringify({ responses: pending }));
      if (r.status === 200) {
        stats.acknowledged++;
        for (const s of pending) acked.set(s.response_id, Math.max(acked.get(s.response_id) ?? 0, s.revision));
        pending = null;
      } else {
        if (r.status === 0) stats.refused++;
        else if (r.status >= 500) stats.s5xx++;
        else stats.s4xx++;
        if (r.status !== 0 && stats.other.length < 5) stats.other.push(`${r.status} ${r.text.slice(0, 200)}`);
        await sleep(20);
      }
    }
  }
  const done = Promise.all(Array.from({ length: clients }, (_, w) => client(w)));
  return { acked, stats, done };
}

/** Acknowledged against stored: lost (missing, or at a lower revision) and duplicated rows. */
function reconcile(part, acked, rows, stats) {
  const stored = new Map();
  for (const r of rows) stored.set(r.response_id, Math.max(stored.get(r.response_id) ?? 0, r.revision));
  const duplicated = rows.length - stored.size;
  const lost = [...acked].filter(([id, rev]) => !(stored.get(id) >= rev));
  figure(part, "requests sent", stats.sent);
  figure(part, "acknowledged (200)", stats.acknowledged);
  figure(part, "responses acknowledged", acked.size);
  figure(part, "responses stored", stored.size);
  figure(part, "lost", lost.length);
  figure(part, "duplicated", duplicated);
  figure(part, "no answer (server down)", stats.refused);
  figure(part, "5xx", stats.s5xx);
  check(lost.length === 0, part, `acknowledged but not stored: ${lost.slice(0, 5).join(", ")}`);
  check(duplicated === 0, part, `${duplicated} duplicated rows`);
  check(stats.s4xx === 0, part, `${stats.s4xx} 4xx answers to valid bodies: ${stats.other.join(" | ")}`);
  check(stats.acknowledged > 100, part, `the load was not real: ${stats.acknowledged} acknowledged`);
}

// ---------------------------------------------------------------------------

async function kill9() {
  const part = "kill -9";
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-robust-"));
  const port = await freePort();
  const config = writeConfig(dir, { port, database: `sqlite://${join(dir, "r.db")}` });
  let c = await startCollector(config, port);
  let running = true;
  const l = load(() => c.url, { running: () => running });
  const kills = 5;
  for (let k = 0; k < kills; k++) {
    await sleep(500 + ((k * 211) % 400));
    c.child.kill("SIGKILL");
    await c.exited;
    c = await startCollector(config, port);
  }
  await sleep(500);
  running = false;
  await l.done;
  figure(part, "kills", kills);
  reconcile(part, l.acked, await exportRows(c.url), l.stats);
  check(l.stats.s5xx === 0, part, `${l.stats.s5xx} 5xx: ${l.stats.other.join(" | ")}`);
  await stop(c, part);
  rmSync(dir, { recursive: true, force: true });
}

async function sigterm() {
  const part = "SIGTERM";
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-robust-"));
  const port = await freePort();
  const config = writeConfig(dir, { port, database: `sqlite://${join(dir, "r.db")}` });
  let c = await startCollector(config, port);
  let running = true;
  const l = load(() => c.url, { running: () => running });
  const stops = 3;
  for (let k = 0; k < stops; k++) {
    await sleep(600 + ((k * 211) % 400));
    await stop(c, part);
    c = await startCollector(config, port);
  }
  await sleep(500);
  running = false;
  await l.done;
  figure(part, "graceful shutdowns", stops);
  reconcile(part, l.acked, await exportRows(c.url), l.stats);
  check(l.stats.s5xx === 0, part, `${l.stats.s5xx} 5xx: ${l.stats.other.join(" | ")}`);
  await stop(c, part);
  rmSync(dir, { recursive: true, force: true });
}

/** A small tmpfs for the database: mounted directly as root, else none. */
function smallFilesystem(dir, mb) {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${mb}m`, "tmpfs", dir], { stdio: "pipe" });
    mounts.add(dir);
    return {
      unmount: () => {
        mounts.delete(dir);
        execFileSync("umount", ["-l", dir], { stdio: "pipe" });
      },
    };
  } catch (e) {
    return { error: String(e.stderr || e.message).trim().split("\n")[0] };
  }
}

async function disk() {
  const part = "full disk";
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-robust-"));
  const data = join(dir, "data");
  mkdirSync(data);
  const fs = smallFilesystem(data, 8);
  if (fs.error) {
    const reason = `cannot mount a tmpfs here (${fs.error}); the native test store::tests::a_full_sqlite_database_is_unavailable_then_recovers fills a capped SQLite file instead`;
    console.log(`  skipped: ${reason}`);
    figure(part, "skipped", reason);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  try {
    const port = await freePort();
    const config = writeConfig(dir, { port, database: `sqlite://${join(data, "r.db")}` });
    const c = await startCollector(config, port);
    // Ballast leaves about 1.5 MB for the database, its WAL and journal.
    const ballast = join(data, "ballast");
    const { bavail, bsize } = statfsSync(data);
    const fd = openSync(ballast, "w");
    const chunk = Buffer.alloc(1 << 20, 1);
    let left = bavail * bsize - 1.5 * (1 << 20);
    while (left > 0) left -= writeSync(fd, chunk, 0, Math.min(chunk.length, left));
    closeSync(fd);
    // About 8 KB per request: the disk fills after a couple of hundred.
    const acked = new Map();
    let sent = 0, ok = 0, unavailable = 0, other5xx = 0, unexpected = 0, n = 1;
    const until = Date.now() + 20000;
    let consecutive = 0;
    while (Date.now() < until && consecutive < 20) {
      const big = snapshot(n, 1);
      for (const k of ["note_a", "note_b", "note_c", "note_d"]) big.context[k] = `${k}:${n}:`.padEnd(1900, "x");
      const batch = [big, snapshot(n + 1, 1)];
      n += 2;
      sent++;
      const r = await post(c.url, JSON.stringify({ responses: batch }));
      if (r.status === 200) {
        ok++;
        consecutive = 0;
        for (const s of batch) acked.set(s.response_id, s.revision);
      } else if (r.status === 503 && r.text.includes("unavailable")) {
        unavailable++;
        consecutive++;
      } else {
        if (r.status >= 500) other5xx++;
        else unexpected++;
        consecutive++;
        if (unexpected + other5xx <= 3) console.log(`  unexpected answer ${r.status} ${r.text.slice(0, 200)}`);
      }
    }
    const full = consecutive >= 20;
    check(full, part, `the disk did not fill within 20 s (${sent} requests)`);
    const ready = await fetch(`${c.url}/readyz`);
    const health = await fetch(`${c.url}/healthz`);
    check(ready.status === 503, part, `/readyz is 503 while the disk is full, got ${ready.status}`);
    check(health.status === 200, part, `/healthz is 200 while the disk is full, got ${health.status}`);
    // Room again: readiness comes back by itself and writes are acknowledged.
    rmSync(ballast);
    const t0 = Date.now();
    let back = false;
    while (Date.now() - t0 < 10000 && !back) {
      back = (await fetch(`${c.url}/readyz`)).status === 200;
      if (!back) await sleep(100);
    }
    const backMs = Date.now() - t0;
    check(back, part, "/readyz did not become 200 within 10 s of freeing space");
    const after = snapshot(n, 1);
    const r = await post(c.url, JSON.stringify({ responses: [after] }));
    check(r.status === 200, part, `a write after freeing space is acknowledged, got ${r.status} ${r.text}`);
    if (r.status === 200) acked.set(after.response_id, 1);
    const rows = await exportRows(c.url);
    const stored = new Set(rows.map((x) => x.response_id));
    const lost = [...acked.keys()].filter((id) => !stored.has(id));
    figure(part, "requests sent", sent);
    figure(part, "acknowledged (200)", ok);
    figure(part, "503 unavailable while full", unavailable);
    figure(part, "other 5xx", other5xx);
    figure(part, "/readyz 200 again after freeing space", back ? `within ${backMs} ms` : "no");
    figure(part, "lost", lost.length);
    check(lost.length === 0, part, `acknowledged but not stored: ${lost.slice(0, 5).join(", ")}`);
    check(other5xx === 0, part, `${other5xx} 5xx other than 503 unavailable`);
    check(unexpected === 0, part, `${unexpected} answers other than 200 and 503 to valid bodies`);
    await stop(c, part);
  } finally {
    try {
      fs.unmount();
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  }
}

function psql(url, sql) {
  return execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** A fresh PostgreSQL database for a part; null (and a printed reason) without one. */
function pgDatabase(part, name) {
  if (!PG) {
    const reason = "EXITPOLL_TEST_POSTGRES is not set";
    console.log(`  skipped: ${reason}`);
    figure(part, "skipped", reason);
    return null;
  }
  const db = `exitpoll_robust_${name}_${process.pid}`;
  psql(PG, `DROP DATABASE IF EXISTS ${db}`);
  psql(PG, `CREATE DATABASE ${db}`);
  const u = new URL(PG);
  u.pathname = `/${db}`;
  return { name: db, url: u.toString(), drop: () => psql(PG, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`) };
}

async function postgres() {
  const part = "PostgreSQL backends terminated";
  const db = pgDatabase(part, "terminate");
  if (!db) return;
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-robust-"));
  try {
    const port = await freePort();
    const c = await startCollector(writeConfig(dir, { port, database: db.url }), port);
    let running = true;
    const l = load(() => c.url, { running: () => running });
    let terminated = 0;
    const rounds = 5;
    for (let k = 0; k < rounds; k++) {
      await sleep(400 + ((k * 211) % 300));
      const out = psql(
        PG,
        `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()) t`,
      );
      terminated += Number(out);
    }
    await sleep(700);
    running = false;
    await l.done;
    figure(part, "termination rounds", rounds);
    figure(part, "backends terminated", terminated);
    check(terminated > 0, part, "no backend was terminated");
    reconcile(part, l.acked, await exportRows(c.url), l.stats);
    // A commit cut by the termination is written again on a fresh
    // connection before anyone is answered, so a terminated backend costs
    // no request an error.
    check(l.stats.s5xx === 0, part, `${l.stats.s5xx} 5xx while backends were terminated: ${l.stats.other.join(" | ")}`);
    await stop(c, part);
  } finally {
    db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens a connection and resolves to the ms from `since()` until the server closes it (or null at `deadline`). */
function watchClose(port, { onConnect, deadline }) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let from = Date.now();
    let timer = null;
    const done = (v) => {
      clearTimeout(timer);
      clearInterval(s._drip);
      s.destroy();
      resolve(v);
    };
    s.on("connect", () => {
      from = Date.now();
      onConnect(s, (t) => (from = t));
      timer = setTimeout(() => done(null), deadline);
    });
    s.on("data", () => {});
    s.on("error", () => {});
    s.on("close", () => done(Date.now() - from));
  });
}

async function idle() {
  const part = "slowloris and idle";
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-robust-"));
  const port = await freePort();
  const idleSeconds = 1;
  const config = writeConfig(dir, {
    port,
    database: `sqlite://${join(dir, "r.db")}`,
    extra: `[server]\nidle_timeout_seconds = ${idleSeconds}\n`,
  });
  const c = await startCollector(config, port);
  // Closed gracefully after the idle timeout, and dropped a second later at
  // the latest; 1.5 s more for a loaded machine.
  const bound = idleSeconds * 1000 + 1000 + 1500;
  const deadline = bound + 3000;
  let probing = true;
  let healthMax = 0, healthCount = 0, healthBad = 0;
  const probe = (async () => {
    while (probing) {
      const t = performance.now();
      try {
        const r = await fetch(`${c.url}/healthz`, { signal: AbortSignal.timeout(5000) });
        await r.arrayBuffer();
        if (r.status !== 200) healthBad++;
      } catch {
        healthBad++;
      }
      healthMax = Math.max(healthMax, performance.now() - t);
      healthCount++;
      await sleep(50);
    }
  })();
  const head = "POST /v1/sites/demo/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nX-Pad: " + "a".repeat(200);
  const kinds = {
    // Headers a byte every 100 ms: never a whole request.
    slowloris: (s) => {
      let i = 0;
      s._drip = setInterval(() => i < head.length && s.write(head[i++]), 100);
    },
    // One request answered, then a keep-alive connection with nothing to do.
    "HTTP/1 idle after a request": (s, restart) => {
      s.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      s.once("data", () => restart(Date.now()));
    },
    "never sent a byte": () => {},
    // The HTTP/2 connection preface (h2c prior knowledge) and nothing else.
    "HTTP/2 preface only": (s) => s.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
  };
  const perKind = 40;
  const results = await Promise.all(
    Object.entries(kinds).map(async ([name, onConnect]) => {
      const times = await Promise.all(Array.from({ length: perKind }, () => watchClose(port, { onConnect, deadline })));
      return [name, times];
    }),
  );
  probing = false;
  await probe;
  for (const [name, times] of results) {
    const open = times.filter((t) => t === null).length;
    const closed = times.filter((t) => t !== null);
    const max = closed.length ? Math.max(...closed) : 0;
    figure(part, `${name}: ${perKind} connections, closed after (max)`, `${max} ms${open ? `, ${open} still open` : ""}`);
    check(open === 0 && max <= bound, part, `${name}: every connection closed within ${bound} ms (max ${max} ms, ${open} open after ${deadline} ms)`);
  }
  figure(part, "/healthz during the attack (max latency)", `${healthMax.toFixed(1)} ms over ${healthCount} requests`);
  check(healthBad === 0, part, `${healthBad} /healthz requests failed`);
  check(healthMax < 1000, part, `/healthz took ${healthMax.toFixed(0)} ms`);
  await stop(c, part);
  rmSync(dir, { recursive: true, force: true });
}

// --- fuzz -------------------------------------------------------------------

function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)] };
}

const FIELDS = ["response_id", "revision", "survey_id", "status", "answers", "shown_at", "updated_at", "visitor_id", "session_id", "trigger", "stage", "device", "locale", "page_url", "context"];
const WRONG = ["null", "true", "0", "-1", "1e400", '""', '"x"', "[]", "{}", "[1,2]", '{"a":1}', '"\\u0000"', '"\\ud800"', "18446744073709551616"];
const NUMBERS = ["1e400", "-1e400", "1e-400", "-0", "0", "-1", "1.5", "4294967295", "4294967296", "99999999999999999999999999", "1E+2", "0x10", "NaN", "Infinity", "01"];
const TIMES = ['"2026-13-40T25:61:61.000Z"', '"9999-12-31T23:59:59.999Z"', '"0000-01-01T00:00:00Z"', '"+275760-09-13T00:00:00.000Z"', '"2026-11-22"', '""', '"2026-11-22T10:00:00.000+99:99"'];

/** Replaces the value of `"field": <value>` (first occurrence) with `value`. */
function setField(body, field, value) {
  const re = new RegExp(`"${field}":("(?:[^"\\\\]|\\\\.)*"|-?[0-9.eE+]+|\\{[^{}]*\\}|\\[[^\\[\\]]*\\]|null|true|false)`);
  return body.replace(re, `"${field}":${value}`);
}

const MUTATIONS = {
  "byte flips": (b, r) => {
    const buf = Buffer.from(b);
    for (let k = 0, n = 1 + r.int(4); k < n; k++) buf[r.int(buf.length)] = r.int(256);
    return buf;
  },
  truncation: (b, r) => Buffer.from(b).subarray(0, r.int(b.length)),
  "huge and odd numbers": (b, r) => setField(b, r.pick(["revision", "context"]), r.pick(NUMBERS)),
  "numbers in context": (b, r) => setField(b, "context", `{"cart_value":${r.pick(NUMBERS)},"n":[${r.pick(NUMBERS)}]}`),
  "NUL escaped": (b, r) => setField(b, r.pick(["visitor_id", "page_url", "locale", "stage", "session_id"]), '"a\\u0000b"'),
  "NUL raw": (b, r) => {
    const buf = Buffer.from(b);
    const at = b.indexOf("https://") + 3;
    return Buffer.concat([buf.subarray(0, at), Buffer.from([0]), buf.subarray(at)]);
  },
  "lone surrogates": (b, r) => setField(b, r.pick(["visitor_id", "page_url", "answers", "context"]), r.pick(['"\\ud800"', '"\\udc00x"', '"\\ud800\\u0041"', '{"reason":"\\udfff"}', '{"k\\ud800":1}'])),
  "wrong types": (b, r) => setField(b, r.pick(FIELDS), r.pick(WRONG)),
  "wrong top level": (b, r) => r.pick(["", " ", "null", "[]", "{}", "0", '"x"', '{"responses":null}', '{"responses":{}}', '{"responses":[null]}', '{"responses":[1]}', '{"responses":[]}', "\ufeff" + b, b + b, b + "x"]),
  "deep nesting": (b, r) => {
    const d = r.pick([64, 128, 1000, 10000, 30000]);
    const open = r.next() < 0.5 ? "[" : '{"a":';
    const close = open === "[" ? "]" : "}";
    return setField(b, r.pick(["context", "answers"]), open.repeat(d) + "1" + close.repeat(d));
  },
  "duplicate keys": (b, r) => {
    const f = r.pick(["response_id", "revision", "status", "survey_id"]);
    const v = { response_id: '"0193a1e2-7c5d-7b1e-9f00-0000000000ff"', revision: "7", status: '"completed"', survey_id: '"other"' }[f];
    return b.replace(`"${f}":`, `"${f}":${v},"${f}":`);
  },
  "invalid UTF-8": (b, r) => {
    const buf = Buffer.from(b);
    const at = b.indexOf("v_") + 2;
    const bad = r.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]);
    return Buffer.concat([buf.subarray(0, at), Buffer.from(bad), buf.subarray(at)]);
  },
  "huge strings": (b, r) => setField(b, r.pick(["page_url", "visitor_id", "response_id", "locale"]), JSON.stringify("x".repeat(r.pick([300, 5000, 60000, 70000])))),
  "bad timestamps": (b, r) => setField(b, r.pick(["shown_at", "updated_at"]), r.pick(TIMES)),
  "odd ids and enums": (b, r) => setField(b, r.pick(["response_id", "survey_id", "status", "trigger", "device"]), JSON.stringify(r.pick(["", " ", "../../etc/passwd", "a'; DROP TABLE responses;--", "é", "\u202e", "x".repeat(200), "=cmd|' /C calc'!A0"]))),
  "many items": (b, r) => {
    const item = b.slice(14, -2);
    // Chained after another mutation (a 70,000-character string, many items
    // already) the item may be large: the body stays near the collector's
    // size limit instead of past what a JavaScript string can hold.
    const count = Math.max(2, Math.min(r.pick([100, 500, 2000]), Math.floor(4_000_000 / Math.max(1, item.length))));
    return `{"responses":[${Array.from({ length: count }, () => item).join(",")}]}`;
  },
  "unknown fields": (b) => b.replace('"revision":', '"extra":{"x":[1,2,{"y":null}]},"revision":'),
};

function validBody(n, revision) {
  return JSON.stringify({ responses: [snapshot(n, revision, revision > 1 ? "completed" : "shown")] });
}

async function fuzzBackend(part, database) {
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-robust-"));
  const port = await freePort();
  const c = await startCollector(writeConfig(dir, { port, database }), port);
  const r = rng(SEED);
  const names = Object.keys(MUTATIONS);
  const limit = 3000, until = Date.now() + 40000;
  const statuses = new Map();
  const failures = [];
  let sent = 0, noAnswer = 0, unchanged = 0;
  async function worker() {
    while (sent < limit && Date.now() < until) {
      const i = sent++;
      const valid = validBody(1 + r.int(50), 1 + r.int(3));
      let body = valid;
      const applied = [];
      for (let k = 0, n = r.next() < 0.2 ? 2 : 1; k < n; k++) {
        const name = r.pick(names);
        applied.push(name);
        const m = MUTATIONS[name](typeof body === "string" ? body : body.toString("latin1"), r);
        body = m;
      }
      if (Buffer.from(body).equals(Buffer.from(valid))) unchanged++;
      const res = await post(c.url, body);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 0) noAnswer++;
      if (res.status >= 500 && failures.length < 10) {
        failures.push(`#${i} ${applied.join("+")}: ${res.status} ${res.text.slice(0, 160)} <- ${Buffer.from(body).toString("latin1").slice(0, 160)}`);
      }
    }
  }
  await Promise.all(Array.from({ length: 6 }, worker));
  const s5xx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
  const histogram = [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s || "no answer"}: ${n}`).join(", ");
  figure(part, "requests (seed)", `${sent} (ROBUSTNESS_SEED=${SEED})`);
  figure(part, "answers", histogram);
  figure(part, "5xx", s5xx);
  figure(part, "bodies a mutation left as they were", unchanged);
  check(unchanged <= sent / 10, part, `${unchanged} of ${sent} mutations changed nothing: the fuzz is not fuzzing`);
  check(s5xx === 0, part, `${s5xx} 5xx:\n    ${failures.join("\n    ")}`);
  // Connections the server closed while a refused body was still being sent
  // (413) are not answers; anything more means it stopped answering.
  check(noAnswer <= sent / 20, part, `${noAnswer} requests got no answer`);
  check(c.child.exitCode === null, part, `the collector exited: ${c.output().slice(-2000)}`);
  const after = await post(c.url, validBody(100000, 1));
  figure(part, "a valid body afterwards", after.status);
  check(after.status === 200, part, `a valid body afterwards got ${after.status} ${after.text}`);
  await stop(c, part);
  rmSync(dir, { recursive: true, force: true });
}

async function fuzz() {
  // Printed first, so that a run which fails part-way can be replayed.
  console.log(`  fuzz: ROBUSTNESS_SEED=${SEED}`);
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-robust-"));
  await fuzzBackend("fuzz SQLite", `sqlite://${join(dir, "f.db")}`);
  rmSync(dir, { recursive: true, force: true });
  const db = pgDatabase("fuzz PostgreSQL", "fuzz");
  if (!db) return;
  try {
    await fuzzBackend("fuzz PostgreSQL", db.url);
  } finally {
    db.drop();
  }
}

// ---------------------------------------------------------------------------

const parts = { kill9, sigterm, disk, postgres, idle, fuzz };
const unknown = only.filter((p) => !(p in parts));
if (unknown.length) {
  console.error(`unknown part ${unknown.join(", ")}; the parts are ${Object.keys(parts).join(" ")}`);
  process.exit(2);
}
const started = Date.now();
let partsPassed = 0, partsFailed = 0;
for (const [name, run] of Object.entries(parts)) {
  if (only.length && !only.includes(name)) continue;
  const t0 = Date.now();
  const before = violations.length;
  console.log(`== ${name}`);
  try {
    await run();
  } catch (e) {
    check(false, name, `the part failed: ${e.stack ?? e}`);
    killAll();
  }
  figure(name, "seconds", ((Date.now() - t0) / 1000).toFixed(1));
  if (violations.length === before) partsPassed++;
  else partsFailed++;
}

console.log("\n== robustness summary");
const w0 = Math.max(...figures.map((f) => f[0].length));
const w1 = Math.max(...figures.map((f) => f[1].length));
for (const [p, f, v] of figures) console.log(`  ${p.padEnd(w0)}  ${f.padEnd(w1)}  ${v}`);
console.log(`  total ${((Date.now() - started) / 1000).toFixed(1)} s, ${violations.length} violations`);
// Counted by tests/run like node --test's totals.
console.log(`# pass ${partsPassed}\n# fail ${partsFailed}`);
if (violations.length) {
  console.log("\nviolations:");
  for (const v of violations) console.log(`  - ${v}`);
  process.exit(1);
}
