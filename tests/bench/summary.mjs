// How long the dashboard's summary and the responses explorer take over many
// stored responses, on SQLite and on PostgreSQL (a benchmark, not a test):
//
//   node tests/bench/summary.mjs [RESPONSES] [POSTGRES_RESPONSES] [--no-csv] [--keep]
//
// --keep leaves the seeded PostgreSQL database in place and prints its name
// (to look at the plans with EXPLAIN, say); drop it when done.
// --reuse=NAME times a database that --keep left instead of seeding one
// (SQLite is then skipped); it stays in place.
//
// RESPONSES (default 100,000) go into SQLite, and into PostgreSQL too unless
// POSTGRES_RESPONSES says otherwise (the issue's scale: 1000000 10000000).
// Builds the collector in release mode, seeds the responses through the API
// (responses over 365 days, with choice, NPS and text answers, in batches of
// 50 from 8 connections, with progress), then times, median of 5 each:
// GET /v1/sites/demo/summary computed (the cache left to go stale first) and
// from the summary cache; the last 30 days in UTC−5 and the whole year in
// UTC+1 (days in a zone), computed; the explorer's first page (50 newest) filtered to
// NPS detractors; and, unless --no-csv, the whole CSV export.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, TOKEN, freePort, writeCollectorConfig, startServe } from "../e2e/lib.mjs";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const withCsv = !process.argv.includes("--no-csv");
const keep = process.argv.includes("--keep");
const reuse = process.argv.find((a) => a.startsWith("--reuse="))?.slice("--reuse=".length);
const unknown = process.argv.slice(2).filter((a) => a.startsWith("--") && a !== "--no-csv" && a !== "--keep" && !a.startsWith("--reuse="));
if (unknown.length) throw new Error(`unknown option ${unknown[0]}: use --no-csv, --keep or --reuse=NAME`);
if (reuse !== undefined && !/^exitpoll_bench_[0-9]+$/.test(reuse)) throw new Error(`--reuse=${reuse}: expected a database name that --keep printed, such as exitpoll_bench_1234`);
const sizes = { sqlite: Number(args[0] ?? 100000) };
sizes.postgres = Number(args[1] ?? sizes.sqlite);
for (const [name, n] of Object.entries(sizes)) {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}: "${n}" is not a number of responses`);
}
execFileSync("cargo", ["build", "--release", "--locked", "-q", "-p", "exitpoll-collector"], { cwd: ROOT, stdio: "inherit" });
process.env.EXITPOLL_BIN = join(ROOT, "target", "release", "exitpoll-collector");
const DAY = 86400000;
const notes = ["Too expensive", "Shipping takes too long", "Just looking around", "Could not find my size", "Great shop"];

function snapshot(n) {
  const shown = new Date(Date.now() - (n % 365) * DAY - (n % 86400) * 1000).toISOString();
  return {
    response_id: `0193a1e2-7c5d-7b1e-9f00-${n.toString(16).padStart(12, "0")}`,
    revision: 3,
    survey_id: "cart-exit",
    status: n % 9 === 0 ? "dismissed" : "completed",
    answers: n % 9 === 0 ? {} : { reason: ["price", "shipping"][n % 2], nps: n % 11, ...(n % 5 === 0 ? { note: notes[n % 5] } : {}) },
    shown_at: shown,
    updated_at: shown,
    visitor_id: `v_${n}`,
    session_id: `s_${n}`,
    trigger: "exit_intent:pointer_top",
    stage: ["cart", "checkout", "thank_you"][n % 3],
    device: n % 4 === 0 ? "mobile" : "desktop",
    locale: "en",
    page_url: "https://shop.example/cart",
    context: { cart_value: 50 + (n % 100), currency: "EUR" },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bench(name, database, total) {
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-bench-"));
  const port = await freePort();
  const file = writeCollectorConfig(dir, { port, database });
  // The summary's survey needs the note question; the default test config has two questions.
  const { writeFileSync } = await import("node:fs");
  writeFileSync(join(dir, "demo.json"), JSON.stringify({
    site: "demo",
    surveys: [{ id: "cart-exit", trigger: { type: "exit_intent" }, questions: [
      { id: "reason", type: "single_choice", prompt: "Why?", choices: [{ id: "price", label: "Price" }, { id: "shipping", label: "Shipping" }] },
      { id: "nps", type: "nps", prompt: "How likely?" },
      { id: "note", type: "text", prompt: "Anything else?" },
    ] }],
  }));
  const server = await startServe(file, port);
  if (total === 0) {
    const r = await fetch(`${server.url}/v1/sites/demo/responses?limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (r.status !== 200) throw new Error(`the reused database does not answer: HTTP ${r.status} ${await r.text()}`);
  }
  const t0 = Date.now();
  let next = 0;
  let reported = 0;
  const worker = async () => {
    while (next < total) {
      const batch = [];
      while (batch.length < 50 && next < total) batch.push(snapshot(++next));
      const r = await fetch(`${server.url}/v1/sites/demo/responses`, { method: "POST", body: JSON.stringify({ responses: batch }) });
      if (r.status !== 200) throw new Error(`seeding failed: ${r.status} ${await r.text()}`);
      if (next - reported >= total / 10 && next < total) {
        reported = next;
        const s = (Date.now() - t0) / 1000;
        console.log(`${name.padEnd(10)} seeding: ${next} of ${total} in ${s.toFixed(0)} s (${(next / s).toFixed(0)}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const seeded = (Date.now() - t0) / 1000;
  // `want` is the summary's source: "computed" waits until the cached one is
  // stale (it is kept for twice as long as it took), "cache" asks at once.
  const timed = async (path, want) => {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      if (want === "computed") await new Promise((r) => setTimeout(r, Math.max(1000, 2 * (times.at(-1) ?? 0)) + 100));
      const t = performance.now();
      const r = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const body = await r.arrayBuffer();
      bytes = body.byteLength;
      times.push(performance.now() - t);
      const source = r.headers.get("x-exitpoll-summary");
      if (want && source !== want) {
        const text = new TextDecoder().decode(body).slice(0, 300);
        throw new Error(`expected a ${want} summary, got ${source}: HTTP ${r.status} after ${Math.round(times.at(-1))} ms: ${text}`);
      }
    }
    return { ms: median(times), bytes };
  };
  const summary = await timed("/v1/sites/demo/summary", "computed");
  const cached = await timed("/v1/sites/demo/summary", "cache");
  // The dashboard's view of the last 30 days in New York (UTC−5): its days
  // come from day rows and 5 hours of each day, its range starts and ends at 05:00 UTC.
  const midnight = (daysAgo) => new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY + 5 * 3600000).toISOString();
  const month = await timed(`/v1/sites/demo/summary?since=${midnight(29)}&until=${midnight(-1)}&utc_offset=-300`, "computed");
  // A year of days in a zone other than UTC.
  const yearZoned = await timed("/v1/sites/demo/summary?utc_offset=60", "computed");
  const explorer = await timed("/v1/sites/demo/responses?limit=50&order=newest&survey=cart-exit&answer.nps=0-6");
  const csv = withCsv ? await timed("/v1/sites/demo/responses?format=csv") : null;
  console.log(
    `${name.padEnd(10)} ${total ? `seeded ${total} in ${seeded.toFixed(1)} s (${(total / seeded).toFixed(0)}/s)` : "reused"}; ` +
      `summary median ${summary.ms.toFixed(1)} ms computed, ${cached.ms.toFixed(1)} ms from the cache (${summary.bytes} B); ` +
      `the last 30 days in UTC−5 ${month.ms.toFixed(1)} ms; the year in UTC+1 ${yearZoned.ms.toFixed(1)} ms; ` +
      `explorer first page, detractors, median ${explorer.ms.toFixed(1)} ms` +
      (csv ? `; CSV export median ${csv.ms.toFixed(0)} ms (${(csv.bytes / 1e6).toFixed(1)} MB)` : ""),
  );
  server.child.kill("SIGTERM");
  await server.exited;
}

if (reuse) console.log(`the PostgreSQL database ${reuse} as it was kept, 5 runs each, medians; the collector and this script share the machine`);
else {
  console.log(`${sizes.sqlite} responses in SQLite, ${sizes.postgres} in PostgreSQL, 5 runs each, medians; the collector and this script share the machine`);
  await bench("sqlite", `sqlite://${join(mkdtempSync(join(tmpdir(), "exitpoll-bench-db-")), "bench.db")}`, sizes.sqlite);
}
const pg = process.env.EXITPOLL_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/test";
try {
  execFileSync("psql", [pg, "-Atc", "select 1"], { stdio: "pipe" });
  // A database of its own: the collector keeps its tables in the fixed schema `exitpoll`.
  const database = reuse ?? `exitpoll_bench_${process.pid}`;
  if (!reuse) execFileSync("psql", [pg, "-qc", `CREATE DATABASE ${database}`], { stdio: "pipe" });
  try {
    const url = new URL(pg);
    url.pathname = `/${database}`;
    await bench("postgres", url.toString(), reuse ? 0 : sizes.postgres);
  } finally {
    if (reuse) { /* it stays, as it was */ }
    else if (keep) console.log(`postgres   kept the database: ${database} (DROP DATABASE ${database} when done)`);
    else execFileSync("psql", [pg, "-qc", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`], { stdio: "pipe" });
  }
} catch (e) {
  console.log(`postgres   failed: ${e.stack}\n${e.cause ? e.cause.stack ?? e.cause : ""}`);
}
