// Helpers for the end-to-end tests: a real collector process on 127.0.0.1,
// a real headless Chromium driven by Playwright, and direct reads of the
// SQLite file the collector writes.

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const OUTPUT = join(ROOT, "tests", "output");
export const TOKEN = "e2e-admin-token-0123456789";

/** The collector binary built by tests/run (debug unless EXITPOLL_BIN says otherwise). */
export function collectorBin() {
  return process.env.EXITPOLL_BIN ?? join(ROOT, "target", "debug", "exitpoll-collector");
}

/**
 * Starts `exitpoll-collector demo` on a free port with a fresh SQLite file.
 * Resolves to { url, db, dir, stop(), kill() } once it serves requests.
 */
export async function startDemo({ dir = mkdtempSync(join(tmpdir(), "exitpoll-e2e-")), port = 0, env = {} } = {}) {
  const db = join(dir, "responses.db");
  const child = spawn(
    collectorBin(),
    ["demo", "--listen", `127.0.0.1:${port}`, "--database", `sqlite://${db}`, "--admin-token", TOKEN],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, EXITPOLL_LOG: "warn", ...env } },
  );
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const m = /store:\s+(http:\/\/\S+?)\/\s/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => reject(new Error(`collector exited with ${code}:\n${output}`)));
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    url,
    db,
    dir,
    port: Number(new URL(url).port),
    output: () => output,
    /** Graceful stop (SIGTERM). */
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
    /** Hard kill (SIGKILL). */
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * A Chromium whose tabs hide and show as in a desktop browser: a page in a
 * background tab is `visibilityState: "hidden"`. Browsers that Playwright
 * launches keep every page visible (it turns on focus emulation for each), so
 * this one is started here with a DevTools port on 127.0.0.1 and attached with
 * `noDefaults`, which leaves the default context's pages as the browser has
 * them. Resolves to { browser, context, close() }; pages are tabs of one window.
 */
export async function launchBrowserWithTabs() {
  const profile = mkdtempSync(join(tmpdir(), "exitpoll-chromium-"));
  const child = spawn(
    process.env.CHROMIUM ?? "/usr/bin/chromium",
    [...CHROMIUM_ARGS, "--headless=new", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"],
    { stdio: "ignore" },
  );
  const exited = new Promise((resolve) => child.on("exit", resolve));
  // Chromium writes the port it chose into the profile.
  const port = await eventually(() => {
    try {
      return readFileSync(join(profile, "DevToolsActivePort"), "utf8").split("\n")[0];
    } catch {
      return undefined;
    }
  }, 15000);
  const stop = async (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    // Chromium's helper processes may still be writing there for a moment.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // A leftover profile in the temporary directory fails nothing.
    }
  };
  if (!port) {
    await stop("SIGKILL");
    throw new Error("chromium did not open its DevTools port");
  }
  let browser;
  try {
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { noDefaults: true });
  } catch (e) {
    await stop("SIGKILL");
    throw e;
  }
  return {
    browser,
    context: browser.contexts()[0],
    async close() {
      await browser.close();
      await stop("SIGTERM");
    },
  };
}

/**
 * Runs `fn({ page, hide })` with `url` open and the widget ready in a tab of
 * a [launchBrowserWithTabs] browser; `hide()` brings another tab to the front
 * and waits until the page is hidden (`page.bringToFront()` shows it again).
 */
export async function withShopTab(url, fn) {
  const tabs = await launchBrowserWithTabs();
  try {
    const page = await tabs.context.newPage();
    await page.goto(url);
    await widgetReady(page);
    const hide = async () => {
      await (await tabs.context.newPage()).bringToFront();
      // Polled on a timer: a hidden page runs no animation frames.
      await page.waitForFunction(() => document.visibilityState === "hidden", null, { polling: 100, timeout: 5000 });
    };
    await fn({ page, hide });
  } finally {
    await tabs.close();
  }
}

/** Opens a page that records console errors and uncaught page errors. */
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/favicon/.test(m.location().url ?? "")) problems.push(`console.error: ${m.text()}`);
  });
  if (url) await page.goto(url);
  return { context, page, problems };
}

/** Waits until window.exitpoll runs (explain() lists the surveys). */
export async function widgetReady(page) {
  await page.waitForFunction(
    () => window.exitpoll && typeof window.exitpoll.explain === "function" && window.exitpoll.explain().length > 0,
    null,
    { timeout: 10000 },
  );
}

/** Moves the real mouse from the middle of the page up and out through the top edge. */
export async function exitThroughTop(page) {
  await page.mouse.move(400, 420);
  await page.mouse.move(400, 60, { steps: 8 });
  await page.mouse.move(400, -8, { steps: 3 });
}

/** The survey dialog inside the widget's shadow root. */
export function dialog(page) {
  return page.locator("exitpoll-widget").locator("[role=dialog]");
}

/**
 * Room for what a test reads back from a database: the load tests store as
 * many rows as the machine takes in their time, more than the default 1 MiB
 * of output on a fast one.
 */
export const READ_BACK_BYTES = 512 * 1024 * 1024;

/** Rows of the responses table, read straight from the SQLite file. */
export function sqliteRows(db, sql = "SELECT response_id, revision, survey_id, status, answers, context FROM responses") {
  const script = "import json,sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nc.row_factory=sqlite3.Row\nprint(json.dumps([dict(r) for r in c.execute(sys.argv[2])]))";
  return JSON.parse(execFileSync("python3", ["-c", script, db, sql], { encoding: "utf8", maxBuffer: READ_BACK_BYTES }));
}

/** GET with the admin token. */
export async function adminGet(base, path) {
  const r = await fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

export function outputPath(name) {
  mkdirSync(OUTPUT, { recursive: true });
  return join(OUTPUT, name);
}

export function writeOutput(name, text) {
  writeFileSync(outputPath(name), text);
}

/** Polls `fn` until it returns a truthy value or `ms` pass. */
export async function eventually(fn, ms = 5000, step = 100) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, step));
  }
}

/** A free TCP port on 127.0.0.1. */
const portsGiven = new Set();
/** A port nothing listens on now, and never one this process was given before. */
export async function freePort() {
  const net = await import("node:net");
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const s = net.createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
    // The system may hand the same free port out twice in a row.
    if (!portsGiven.has(port)) {
      portsGiven.add(port);
      return port;
    }
  }
}

export const SITE_CONFIG = {
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

/** Writes a collector config into `dir` and returns its path. */
export function writeCollectorConfig(dir, { port, database, origins = ["http://127.0.0.1"], limits = {} }) {
  writeFileSync(join(dir, "demo.json"), JSON.stringify(SITE_CONFIG));
  const limitLines = Object.entries({ per_ip_per_minute: 1000000, per_site_per_second: 1000000, ...limits })
    .map(([k, v]) => `${k} = ${v}`)
    .join("\n");
  const toml = `listen = "127.0.0.1:${port}"
database = ${JSON.stringify(database)}

[limits]
${limitLines}

[[sites]]
id = "demo"
origins = ${JSON.stringify(origins)}
admin_token = "${TOKEN}"
config = "demo.json"
`;
  const file = join(dir, "exitpoll.toml");
  writeFileSync(file, toml);
  return file;
}

/** Starts `exitpoll-collector serve --config FILE`; resolves once /healthz answers. */
export async function startServe(configFile, port, env = {}) {
  const child = spawn(collectorBin(), ["serve", "--config", configFile], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, EXITPOLL_LOG: "warn", ...env },
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const up = await eventually(async () => {
    if (child.exitCode !== null) return "exited";
    try {
      return (await fetch(`${url}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 15000, 20);
  if (up !== true) throw new Error(`collector did not start:\n${output}`);
  return { child, url, exited, output: () => output };
}

/** A response snapshot for the test site. */
export function snapshot(n, revision = 1, status = "shown") {
  const id = `0193a1e2-7c5d-7b1e-9f00-${n.toString(16).padStart(12, "0")}`;
  const answers = revision > 1 ? { reason: "price", nps: revision % 11 } : {};
  return {
    response_id: id,
    revision,
    survey_id: "cart-exit",
    status,
    answers,
    shown_at: "2026-11-22T10:00:00.000Z",
    updated_at: "2026-11-22T10:00:09.000Z",
    visitor_id: `v_${n}`,
    session_id: "s_1",
    trigger: "exit_intent",
    stage: "cart",
    device: "desktop",
    locale: "en",
    page_url: "https://shop.example/cart",
    context: {},
  };
}

/** POSTs snapshots; resolves to the HTTP status, or 0 when the connection failed. */
/** Stores `snapshots` on site "demo" in batches of 50 (the collector's limit); throws unless each is a 200. */
export async function seed(url, snapshots) {
  for (let i = 0; i < snapshots.length; i += 50) {
    const r = await fetch(`${url}/v1/sites/demo/responses`, { method: "POST", body: JSON.stringify({ responses: snapshots.slice(i, i + 50) }) });
    if (r.status !== 200) throw new Error(`seeding answered ${r.status}: ${await r.text()}`);
  }
}

export async function post(url, snapshots) {
  try {
    const r = await fetch(`${url}/v1/sites/demo/responses`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ responses: snapshots }),
      signal: AbortSignal.timeout(5000),
    });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

/**
 * A store on its own origin (a small static server) with the collector on
 * another: the real cross-origin setup of a merchant. `pages` maps a path to
 * HTML (or { body, headers }); "COLLECTOR" in it becomes the collector's URL.
 */
export async function startShop({ siteConfig, pages, limits = {}, staticDir }) {
  const http = await import("node:http");
  const dir = mkdtempSync(join(tmpdir(), "exitpoll-shop-"));
  const served = [];
  let collector = "";
  const server = http.createServer((req, res) => {
    const path = req.url.split("?")[0];
    served.push(path);
    let page = pages[path];
    if (page === undefined && staticDir) {
      const file = join(staticDir, path.endsWith("/") ? `${path}index.html` : path);
      if (file.startsWith(staticDir) && existsSync(file)) {
        const types = { html: "text/html; charset=utf-8", js: "text/javascript", css: "text/css", wasm: "application/wasm" };
        res.writeHead(200, { "content-type": types[file.split(".").pop()] ?? "application/octet-stream" });
        return res.end(readFileSync(file));
      }
    }
    if (page === undefined) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    const { body, headers = {}, type = "text/html; charset=utf-8" } = typeof page === "string" ? { body: page } : page;
    const fill = (s) => s.replaceAll("COLLECTOR", collector);
    const h = { "content-type": type, "cache-control": "no-store" };
    for (const [k, v] of Object.entries(headers)) h[k] = fill(v);
    res.writeHead(200, h);
    res.end(fill(body));
  });
  // The shop listens before the collector's port is chosen: two ports picked
  // before either is taken can be the same one (a run failed so).
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const shop = `http://127.0.0.1:${server.address().port}`;
  const collectorPort = await freePort();
  collector = `http://127.0.0.1:${collectorPort}`;
  writeFileSync(join(dir, "demo.json"), JSON.stringify(siteConfig));
  const config = writeCollectorConfig(dir, { port: collectorPort, database: `sqlite://${join(dir, "shop.db")}`, origins: [shop], limits });
  writeFileSync(join(dir, "demo.json"), JSON.stringify(siteConfig));
  let c = await startServe(config, collectorPort);
  return {
    shop,
    collector,
    db: join(dir, "shop.db"),
    served,
    /** Stops the collector (the shop keeps serving). */
    async stopCollector() {
      c.child.kill("SIGTERM");
      await c.exited;
    },
    async startCollector() {
      c = await startServe(config, collectorPort);
    },
    async stop() {
      c.child.kill("SIGTERM");
      await c.exited;
      await new Promise((r) => server.close(r));
    },
    collectorOutput: () => c.output(),
  };
}

/** A plain store page with the script tag; `head` and `body` are added. */
export function storePage({ head = "", body = "", attrs = "", lang = "en" } = {}) {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test store</title>${head}
<script async src="COLLECTOR/exitpoll.js" data-site="demo" data-endpoint="COLLECTOR"${attrs}></script>
</head><body><header><h1>Test store</h1><button id="buy">Buy</button></header>
<main>${body}<p>${"Good things for good days. ".repeat(400)}</p></main></body></html>`;
}

/** Rows of the shop's database, answers and context parsed. */
export function responses(db) {
  return sqliteRows(db, "SELECT response_id, revision, survey_id, status, answers, context, trigger, stage, device FROM responses ORDER BY received_at").map((r) => ({
    ...r,
    answers: JSON.parse(r.answers),
    context: JSON.parse(r.context),
  }));
}

/** Runs axe-core on the survey dialog (in its shadow root); returns violations. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ path: join(ROOT, "tests", "node_modules", "axe-core", "axe.min.js") });
  }
  return page.evaluate(async () => {
    const result = await window.axe.run({ include: [["exitpoll-widget", "[role=dialog]"]] }, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}
