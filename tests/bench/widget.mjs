// What the widget costs a shopper on a slow phone (a benchmark, not a test):
//
//   node tests/bench/widget.mjs [RUNS]
//
// Opens the demo cart page in headless Chromium at a 4x CPU slowdown, RUNS
// times (default 7) in fresh browser contexts, and reports medians of:
//
// 1. exit cue to dialog visible: from the `mouseout` that leaves the document
//    (relatedTarget null) to the first animation frame in which the survey's
//    `[role=dialog]` has a box, on loopback, DevTools' Fast 4G and Slow 4G,
//    and offline (the network cut after the widget is ready), with the
//    requests issued in between;
// 2. bytes: what the widget transfers in a page view that shows a survey,
//    and the gzip size of exitpoll.js and the module as the collector sends
//    them, against the budget;
// 3. a second page view in the same context: the module's bytes, and whether
//    its request left the browser's cache;
// 4. main thread: long tasks after the load event, the widget's own long tasks (told
//    apart in a trace of extra views), and the widget's script
//    time up to `exitpoll:ready`, each next to the same page without the widget.
//
// It reports and never asserts: a figure that misses its budget or goal is
// marked so, and the exit code is non-zero only when the benchmark itself
// crashed. The last line, `bench-widget: {...}`, is the summary as JSON.
import { get } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startDemo, launchBrowser, exitThroughTop, dialog, widgetReady, ROOT } from "../e2e/lib.mjs";

const RUNS = Number(process.argv[2] ?? 7);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error("usage: node tests/bench/widget.mjs [RUNS], RUNS a whole number of at least 1");
  process.exit(2);
}
const CPU_SLOWDOWN = 4;
const BYTES_BUDGET = 90 * 1024;
const BYTES_GOAL = 57 * 1024;
const SCRIPT_GOAL_MS = 10;
// A run takes about half a minute; the limit leaves room for a slow machine
// and still stops a hung browser well before anyone wonders.
const DEADLINE_MS = 90_000 + RUNS * 60_000;

// DevTools' presets (front_end/core/sdk/NetworkManager.ts), in the units
// Network.emulateNetworkConditions takes: bytes per second and milliseconds.
// DevTools scales the nominal round trip and throughput by fixed factors so
// that its per-request emulation lands near the real link; we keep them, so
// the figures match what an engineer sees in the Network panel.
const FAST_4G = { offline: false, latency: 60 * 2.75, downloadThroughput: ((9 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((1.5 * 1000 * 1000) / 8) * 0.9 };
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const OFFLINE = { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
const NETWORKS = [
  { key: "loopback", label: "loopback (no emulation)" },
  { key: "fast4g", label: "Fast 4G", conditions: FAST_4G },
  { key: "slow4g", label: "Slow 4G", conditions: SLOW_4G },
  { key: "offline", label: "offline once ready", offlineOnceReady: true },
];

const WIDGET_URL = /\/exitpoll\.js(\?|$)|\/exitpoll_widget_bg\.[0-9a-f]+\.wasm$|\/v1\//;
const SCRIPT_TAG = /<script async src="\/exitpoll\.js"[^>]*><\/script>/;

/**
 * Runs in the page before any of its scripts, so that its `mouseout`
 * listener (capture phase, on window) sees the cue before the widget's own
 * listeners do. Everything it records is in the page's `performance.now()`.
 */
function probe({ blank }) {
  const b = (window.__bench = { long: [], frames: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.long.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  // Long tasks say nothing of which script ran; long animation frames list
  // the scripts over 5 ms in each, with their source URL.
  if (PerformanceObserver.supportedEntryTypes.includes("long-animation-frame")) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        b.frames.push({ start: e.startTime, duration: e.duration, scripts: e.scripts.map((s) => ({ url: s.sourceURL, duration: s.duration, invoker: s.invoker })) });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  }
  addEventListener("exitpoll:ready", () => (b.readyAt ??= performance.now()));
  addEventListener("exitpoll:shown", () => (b.shownAt ??= performance.now()));
  const dialogBox = () => document.querySelector("exitpoll-widget")?.shadowRoot?.querySelector("[role=dialog]");
  addEventListener(
    "mouseout",
    (e) => {
      if (e.relatedTarget !== null || b.cueAt !== undefined) return;
      b.cueAt = performance.now();
      // Observed from the cue on only: watching the whole document from the
      // start would also charge every parser insertion to the page.
      const observer = new MutationObserver(() => {
        if (dialogBox()) {
          b.attachedAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
      const frame = () => {
        const now = performance.now();
        b.firstFrameAt ??= now;
        if (blank) return;
        const box = dialogBox()?.getBoundingClientRect();
        if (box && box.width > 0 && box.height > 0) {
          b.visibleAt = now;
          observer.disconnect();
        } else if (now - b.cueAt < 30_000) {
          requestAnimationFrame(frame);
        }
      };
      requestAnimationFrame(frame);
    },
    true,
  );
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const range = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x));
  return s.length ? [Math.min(...s), Math.max(...s)] : null;
};
const ms = (x) => (x === null || x === undefined ? "n/a" : `${x.toFixed(1)} ms`);
const kb = (n) => `${n} B (${(n / 1024).toFixed(1)} KB)`;
const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** A GET with Node's http, so that the bytes are exactly what the collector sends for `acceptEncoding`. */
function fetchRaw(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, encoding: res.headers["content-encoding"] ?? "identity", body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on("error", reject);
  });
}

/**
 * Every request of a page, from the DevTools protocol, keyed by request id.
 * `at` is in the page's time (ms since its navigation start), comparable with
 * `performance.now()` there: both come from the same monotonic clock.
 */
function trackRequests(cdp) {
  const all = new Map();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (all.has(e.requestId)) return; // a redirect of a request already counted
    const body = e.request.postData ?? "";
    all.set(e.requestId, { url: e.request.url, method: e.request.method, timestamp: e.timestamp, uploaded: Buffer.byteLength(body), done: false });
  });
  cdp.on("Network.requestServedFromCache", (e) => {
    const r = all.get(e.requestId);
    if (r) r.fromMemoryCache = true;
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = all.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.encoding = e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"];
    r.fromDiskCache = e.response.fromDiskCache;
    r.fromPrefetchCache = e.response.fromPrefetchCache;
    r.fromServiceWorker = e.response.fromServiceWorker;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = all.get(e.requestId);
    if (!r) return;
    r.encoded = e.encodedDataLength;
    r.done = true;
  });
  cdp.on("Network.loadingFailed", (e) => {
    const r = all.get(e.requestId);
    if (!r) return;
    r.failed = e.errorText;
    r.encoded = 0;
    r.done = true;
  });
  return {
    all,
    list: () => [...all.values()],
    reset: () => all.clear(),
    /** Waits until every request has finished or failed and none started for `quiet` ms. */
    async settle(quiet = 300, limit = 15_000) {
      const until = Date.now() + limit;
      let size = -1;
      let stableSince = Date.now();
      while (Date.now() < until) {
        const pending = [...all.values()].some((r) => !r.done);
        if (all.size !== size || pending) {
          size = all.size;
          stableSince = Date.now();
        } else if (Date.now() - stableSince >= quiet) {
          return;
        }
        await sleep(50);
      }
    },
  };
}

const fromCache = (r) => Boolean(r.fromMemoryCache || r.fromDiskCache || r.fromPrefetchCache || r.fromServiceWorker);
const kind = (url) => (/\.wasm$/.test(url) ? "wasm" : /exitpoll\.js/.test(url) ? "loader" : /\/config$/.test(url) ? "config" : /\/responses$/.test(url) ? "responses" : "other");

/** The page's monotonic navigation start, in seconds, to place request timestamps on its clock. */
async function navigationStart(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "NavigationStart").value;
}

async function scriptMetrics(wall, cpu) {
  const pick = async (session) => {
    const { metrics } = await session.send("Performance.getMetrics");
    const value = (name) => metrics.find((m) => m.name === name).value * 1000;
    return { script: value("ScriptDuration"), task: value("TaskDuration") };
  };
  const [w, c] = await Promise.all([pick(wall), pick(cpu)]);
  return { scriptWall: w.script, taskWall: w.task, scriptCpu: c.script, taskCpu: c.task };
}

/**
 * One page view of the cart with the exit gesture, in a fresh context (empty
 * cache, empty storage). `blank` removes the script tag, for the page's own
 * share; `secondView` then loads the cart again in the same context.
 */
async function pageView(browser, url, { blank = false, network = NETWORKS[0], secondView = false }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !/favicon/.test(m.location().url ?? "")) problems.push(`console.error: ${m.text()}`);
    });
    await page.addInitScript(probe, { blank });
    if (blank) {
      await page.route(url, async (route) => {
        const response = await route.fetch();
        const html = await response.text();
        if (!SCRIPT_TAG.test(html)) throw new Error("the cart page has no script tag to remove: update SCRIPT_TAG");
        await route.fulfill({ response, body: html.replace(SCRIPT_TAG, "") });
      });
    }
    const cdp = await context.newCDPSession(page);
    // Two Performance sessions: one counts wall time, which a throttled main
    // thread stretches, the other the thread's CPU time, which it does not.
    const cpu = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    await cdp.send("Network.enable");
    await cdp.send("Performance.enable", { timeDomain: "timeTicks" });
    await cpu.send("Performance.enable", { timeDomain: "threadTicks" });
    if (network.conditions) await cdp.send("Network.emulateNetworkConditions", network.conditions);
    const requests = trackRequests(cdp);

    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    const navStart = await navigationStart(cdp);
    let metrics;
    if (blank) {
      // The widget's page is read when the widget is ready; this one when
      // its own scripts are long done, so the difference is the widget's.
      await page.waitForTimeout(1000);
      metrics = await scriptMetrics(cdp, cpu);
    } else {
      await page.waitForFunction(() => window.__bench.readyAt !== undefined, null, { polling: 50, timeout: 60_000 });
      metrics = await scriptMetrics(cdp, cpu);
      await widgetReady(page);
      // The demo survey arms a second after the page opens. explain() says
      // "too_early" until then; once armed, it is still not eligible, only
      // waiting for its trigger.
      try {
        await page.waitForFunction(
          () => window.exitpoll.explain().some((s) => s.survey_id === "cart-exit" && (s.eligible || !s.reasons?.some((r) => r.code === "too_early"))),
          null,
          { polling: 100, timeout: 10_000 },
        );
      } catch {
        await page.waitForTimeout(1100);
      }
    }
    if (network.offlineOnceReady) await cdp.send("Network.emulateNetworkConditions", OFFLINE);

    await exitThroughTop(page);
    if (blank) {
      await page.waitForFunction(() => window.__bench.firstFrameAt !== undefined, null, { polling: 50, timeout: 10_000 });
    } else {
      await page.waitForFunction(() => window.__bench.visibleAt !== undefined, null, { polling: 50, timeout: 30_000 });
      // Playwright's own view, so the probe cannot claim a dialog nobody sees.
      await dialog(page).waitFor({ state: "visible", timeout: 5000 });
    }
    await requests.settle();
    await page.waitForTimeout(300); // the last long-animation-frame entries are queued after their frame
    const b = await page.evaluate(() => ({ ...window.__bench, loadEnd: performance.getEntriesByType("navigation")[0].loadEventEnd }));
    const placed = requests.list().map((r) => ({ ...r, at: (r.timestamp - navStart) * 1000 }));
    const between = b.visibleAt === undefined ? [] : placed.filter((r) => r.at >= b.cueAt && r.at <= b.visibleAt);

    const afterLoad = b.long.filter(([t]) => t >= b.loadEnd);
    const longTasks = {
      // From the load event to the cue: the widget's start, on a page at rest.
      start: afterLoad.filter(([t]) => t < b.cueAt).map(([, d]) => d),
      // From the cue on: opening the survey.
      opening: afterLoad.filter(([t]) => t >= b.cueAt).map(([, d]) => d),
    };
    const widgetInFrames = b.frames
      .filter((f) => f.start >= b.loadEnd && f.duration > 50)
      .map((f) => {
        const own = f.scripts.filter((s) => /exitpoll/.test(s.url));
        return { frame: f.duration, widget: own.reduce((a, s) => a + s.duration, 0), what: [...new Set(own.map((s) => s.invoker))].join(", ") };
      });

    const result = {
      metrics,
      readyAfterLoad: b.readyAt === undefined ? null : b.readyAt - b.loadEnd,
      cueToFrame: b.firstFrameAt - b.cueAt,
      cueToAttached: b.attachedAt === undefined ? null : b.attachedAt - b.cueAt,
      cueToVisible: b.visibleAt === undefined ? null : b.visibleAt - b.cueAt,
      cueToShown: b.shownAt === undefined ? null : b.shownAt - b.cueAt,
      between: between.map((r) => `${r.method} ${new URL(r.url).pathname}${r.failed ? ` (${r.failed})` : ""}`),
      // When each of them left: after the cue, and before (negative) or
      // after the dialog was in the page.
      betweenAt: between.map((r) => ({ afterCue: r.at - b.cueAt, afterAttached: b.attachedAt === undefined ? null : r.at - b.attachedAt })),
      // A check of the clock the requests are placed on: the document's
      // request starts at the page's navigation, near 0.
      documentAt: placed.find((r) => r.url === url)?.at ?? null,
      longTasks,
      widgetInFrames,
      requests: placed,
      problems,
    };
    if (secondView) {
      requests.reset();
      await page.goto(url, { waitUntil: "load", timeout: 60_000 });
      await widgetReady(page);
      await requests.settle();
      result.second = requests.list();
    }
    return result;
  } finally {
    await context.close();
  }
}

// What a trace of the main thread records: tasks, the scripts they run and
// the browser's WebAssembly work (streaming decode, lazy compilation).
const TRACE_CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline,v8.wasm";
const LONG_TASK_US = 50_000;

/**
 * One more loopback view, traced, for what ran in each long task. The
 * PerformanceObserver above sees every long task but not what ran in it:
 * the page's own parsing and layout, and the harness's scripts, make long
 * tasks too, and under a trace everything is slower. Here the widget's work
 * in a task is its scripts (calls and evaluations whose script is
 * exitpoll.js) and the browser's WebAssembly work outside them (decoding
 * the module); a long task is the widget's own when that work alone is over
 * 50 ms. A separate view, so that tracing slows none of the timed ones.
 */
async function tracedView(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(probe, { blank: false });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    const events = [];
    cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
    const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.start", { categories: TRACE_CATEGORIES, transferMode: "ReportEvents" });
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    await page.waitForFunction(() => window.__bench.readyAt !== undefined, null, { polling: 50, timeout: 60_000 });
    await page.waitForTimeout(1500); // the demo survey arms a second after the page opens
    await exitThroughTop(page);
    await page.waitForFunction(() => window.__bench.visibleAt !== undefined, null, { polling: 50, timeout: 30_000 });
    await page.waitForTimeout(300);
    await cdp.send("Tracing.end");
    await complete;
    return widgetLongTasks(events);
  } finally {
    await context.close();
  }
}

/** The long tasks of the thread that ran the widget, with the widget's work in each. */
function widgetLongTasks(events) {
  const isScript = (e) => (e.name === "FunctionCall" || e.name === "EvaluateScript") && /exitpoll[^/]*\.js/.test(e.args?.data?.url ?? "");
  const isWasm = (e) => e.name.startsWith("wasm.") || e.name.startsWith("v8.wasm.");
  const main = events.find(isScript)?.tid;
  if (main === undefined) throw new Error("the trace shows no widget script at all");
  const own = events.filter((e) => e.tid === main && e.ph === "X").sort((a, b) => a.ts - b.ts);
  const tasks = [];
  for (const task of own.filter((e) => e.name === "RunTask" && e.dur > LONG_TASK_US)) {
    const end = task.ts + task.dur;
    const inside = own.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    // Top-level widget work only: a call nested in another counts once.
    let widget = 0;
    let until = -1;
    for (const e of inside) {
      if (e.ts < until || !(isScript(e) || isWasm(e))) continue;
      widget += e.dur ?? 0;
      until = e.ts + (e.dur ?? 0);
    }
    if (widget === 0) continue;
    const lazy = inside.filter((e) => e.name === "wasm.CompileLazy").reduce((a, e) => a + e.dur, 0);
    // What started it: an event's type (the exit cue is a mouseout), a timer, the module's bytes.
    const first = inside.find((e) => e.name === "EventDispatch" || e.name === "TimerFire" || isScript(e) || isWasm(e));
    const what =
      first?.name === "EventDispatch" ? `${first.args?.data?.type} event` : first?.name === "TimerFire" ? "timer" : first && isWasm(first) ? "module decode" : "a promise or callback";
    tasks.push({ ms: task.dur / 1000, widgetMs: widget / 1000, lazyCompileMs: lazy / 1000, what });
  }
  const lazyTotal = own.filter((e) => e.name === "wasm.CompileLazy").reduce((a, e) => a + e.dur, 0) / 1000;
  return { tasks, lazyCompileMs: lazyTotal };
}

/** What the collector sends for the loader and the module, per accepted encoding. */
async function staticSizes(base) {
  const loader = await fetchRaw(`${base}/exitpoll.js`, "identity");
  const name = /exitpoll_widget_bg\.[0-9a-f]{16}\.wasm/.exec(loader.body.toString("utf8"))?.[0];
  if (!name) throw new Error("exitpoll.js names no content-hashed module");
  const sizes = {};
  for (const [file, path] of [["exitpoll.js", "/exitpoll.js"], [name, `/${name}`]]) {
    sizes[file] = {};
    for (const encoding of ["identity", "gzip", "br"]) {
      const r = await fetchRaw(`${base}${path}`, encoding);
      if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}`);
      sizes[file][encoding] = { bytes: r.body.length, sent: r.encoding };
    }
  }
  // The collector embeds pkg/ at build time; a stale binary would measure
  // another widget than the one on disk.
  let stale = false;
  try {
    stale = !readFileSync(join(ROOT, "pkg", "exitpoll.js")).equals(loader.body);
  } catch {
    stale = true;
  }
  return { name, sizes, stale };
}

async function main(cleanup) {
  const server = await startDemo();
  cleanup.push(() => server.stop());
  const browser = await launchBrowser();
  cleanup.push(() => browser.close());
  const url = `${server.url}/cart.html`;
  const started = Date.now();

  const statics = await staticSizes(server.url);
  const traced = [];
  const results = { blank: [], ...Object.fromEntries(NETWORKS.map((n) => [n.key, []])) };
  const failures = [];
  const attempt = async (label, list, fn) => {
    try {
      list.push(await fn());
    } catch (e) {
      failures.push(`${label}: ${String(e.message).split("\n")[0]}`);
    }
  };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so that a machine that slows down during the benchmark
    // slows every condition alike.
    await attempt(`run ${i + 1} blank`, results.blank, () => pageView(browser, url, { blank: true }));
    for (const network of NETWORKS) {
      await attempt(`run ${i + 1} ${network.key}`, results[network.key], () => pageView(browser, url, { network, secondView: network.key === "loopback" }));
    }
    process.stderr.write(`run ${i + 1}/${RUNS} done after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  // The traced views come after every timed one: a trace holds the
  // benchmark's own process busy (collecting, then collecting garbage),
  // which on a small machine would slow the timed views beside it.
  for (let i = 0; i < RUNS; i++) await attempt(`traced view ${i + 1}`, traced, () => tracedView(browser, url));
  return { statics, results, traced, failures, seconds: (Date.now() - started) / 1000, chromium: browser.version() };
}

function report({ statics, results, traced, failures, seconds, chromium }) {
  const summary = { runs: RUNS, cpu_slowdown: CPU_SLOWDOWN, chromium, networks: {} };
  console.log(`exitpoll widget on the demo cart page: ${RUNS} runs, CPU slowed ${CPU_SLOWDOWN}x, Chromium ${chromium}, medians (min-max); ${seconds.toFixed(0)} s`);
  if (RUNS < 5) console.log("note: fewer than 5 runs, so the medians are rough");
  if (statics.stale) console.log("note: the collector serves another exitpoll.js than pkg/ holds: run `cargo build -p exitpoll-collector` to measure pkg/");
  console.log(`network presets (DevTools): Fast 4G ${FAST_4G.latency} ms latency, ${FAST_4G.downloadThroughput} B/s down, ${FAST_4G.uploadThroughput} B/s up;` +
    ` Slow 4G ${SLOW_4G.latency} ms, ${SLOW_4G.downloadThroughput} B/s down, ${SLOW_4G.uploadThroughput} B/s up; offline set once explain() lists the survey`);

  console.log("\n1. exit cue -> dialog visible (first animation frame with the dialog's box)");
  const floor = median(results.blank.map((r) => r.cueToFrame));
  console.log(`   page without the widget: cue -> next frame ${ms(floor)} (the floor: no dialog can show sooner)`);
  for (const n of NETWORKS) {
    const rs = results[n.key];
    const shown = rs.filter((r) => r.cueToVisible !== null);
    const visible = median(shown.map((r) => r.cueToVisible));
    const span = range(shown.map((r) => r.cueToVisible));
    const between = rs.map((r) => r.between.length);
    const what = [...new Set(rs.flatMap((r) => r.between))];
    const flag = median(between) > 0 ? "  misses goal (0)" : "";
    const firstAt = rs.filter((r) => r.betweenAt.length).map((r) => r.betweenAt[0]);
    const when = firstAt.length
      ? `; the first left ${ms(median(firstAt.map((a) => a.afterCue)))} after the cue, ${ms(median(firstAt.map((a) => a.afterAttached)))} after the dialog was attached`
      : "";
    console.log(`   ${n.label.padEnd(24)} ${ms(visible).padStart(10)}${span ? ` (${span[0].toFixed(1)}-${span[1].toFixed(1)})` : ""}` +
      `  [attached ${ms(median(rs.map((r) => r.cueToAttached)))}, exitpoll:shown ${ms(median(rs.map((r) => r.cueToShown)))}]` +
      `  shown in ${shown.length}/${RUNS}; requests between cue and visible: median ${median(between) ?? "n/a"}${what.length ? ` (${what.join("; ")})` : ""}${when}${flag}`);
    summary.networks[n.key] = {
      cue_to_visible_ms: visible,
      cue_to_attached_ms: median(rs.map((r) => r.cueToAttached)),
      shown: shown.length,
      requests_between: median(between),
      requests_between_what: what,
      first_request_after_cue_ms: median(firstAt.map((a) => a.afterCue)),
      first_request_after_attached_ms: median(firstAt.map((a) => a.afterAttached)),
    };
  }
  summary.blank_cue_to_frame_ms = floor;
  const documentAt = Object.values(results).flatMap((rs) => rs.map((r) => r.documentAt)).filter((x) => x !== null);
  if (documentAt.some((x) => Math.abs(x) > 50)) {
    console.log(`   note: the document's request is placed ${documentAt.map((x) => x.toFixed(0)).join(", ")} ms from navigation start; request times may be off`);
  }

  console.log("\n2. bytes for a page view that shows a survey (fresh cache, loopback)");
  const loop = results.loopback;
  const byKind = (r, k) => r.requests.filter((q) => WIDGET_URL.test(q.url) && kind(q.url) === k);
  const sum = (qs, f = (q) => q.encoded ?? 0) => qs.reduce((a, q) => a + f(q), 0);
  const transferred = median(loop.map((r) => sum(r.requests.filter((q) => WIDGET_URL.test(q.url)))));
  const parts = ["loader", "wasm", "config", "responses"].map((k) => {
    const n = median(loop.map((r) => byKind(r, k).length));
    return `${k} ${median(loop.map((r) => sum(byKind(r, k))))} B${k === "responses" ? ` in ${n} POST(s), ${median(loop.map((r) => sum(byKind(r, k), (q) => q.uploaded)))} B of bodies sent` : ""}`;
  });
  const encodings = [...new Set(loop.flatMap((r) => r.requests.filter((q) => /exitpoll\.js|\.wasm$/.test(q.url)).map((q) => q.encoding ?? "identity")))];
  const pageOwn = median(loop.map((r) => sum(r.requests.filter((q) => !WIDGET_URL.test(q.url)))));
  const over = (n) => (n === null ? "" : n > BYTES_BUDGET ? "  over budget" : n > BYTES_GOAL ? "  misses goal" : "");
  console.log(`   transferred by the widget (CDP encodedDataLength, headers included, Chromium got ${encodings.join("/") || "n/a"}): ${transferred === null ? "n/a" : kb(transferred)}${over(transferred)}`);
  console.log(`     ${parts.join("; ")}`);
  console.log(`   the page's own requests in the same view: ${pageOwn === null ? "n/a" : kb(pageOwn)}`);
  const js = statics.sizes["exitpoll.js"];
  const wasm = statics.sizes[statics.name];
  const gzip = js.gzip.bytes + wasm.gzip.bytes;
  const sent = `${js.gzip.sent}/${wasm.gzip.sent}`;
  console.log(`   exitpoll.js + ${statics.name} with accept-encoding gzip (sent as ${sent}): ${js.gzip.bytes} + ${wasm.gzip.bytes} = ${kb(gzip)}${over(gzip)}`);
  console.log(`     brotli ${js.br.bytes} + ${wasm.br.bytes} = ${kb(js.br.bytes + wasm.br.bytes)}; uncompressed ${js.identity.bytes} + ${wasm.identity.bytes} = ${kb(js.identity.bytes + wasm.identity.bytes)}`);
  console.log(`   budget ${kb(BYTES_BUDGET)}, goal ${kb(BYTES_GOAL)}`);
  summary.bytes = {
    transferred,
    page_own: pageOwn,
    gzip: { loader: js.gzip.bytes, wasm: wasm.gzip.bytes, total: gzip },
    br: { loader: js.br.bytes, wasm: wasm.br.bytes, total: js.br.bytes + wasm.br.bytes },
    identity: { loader: js.identity.bytes, wasm: wasm.identity.bytes },
    module: statics.name,
    budget: BYTES_BUDGET,
    goal: BYTES_GOAL,
  };

  console.log("\n3. second page view, same context");
  const seconds2 = loop.filter((r) => r.second);
  const wasm2 = seconds2.map((r) => r.second.filter((q) => /\.wasm$/.test(q.url)));
  const wasmBytes = median(wasm2.map((qs) => sum(qs)));
  const wasmNetwork = wasm2.filter((qs) => qs.some((q) => !fromCache(q))).length;
  const widget2 = median(seconds2.map((r) => sum(r.second.filter((q) => WIDGET_URL.test(q.url)))));
  const offCache = [...new Set(seconds2.flatMap((r) => r.second.filter((q) => WIDGET_URL.test(q.url) && !fromCache(q)).map((q) => `${q.method} ${new URL(q.url).pathname} ${q.status ?? q.failed}`)))];
  console.log(`   module bytes transferred: ${wasmBytes ?? "n/a"} B${wasmBytes > 0 ? "  over budget (0)" : ""}; its request went to the network in ${wasmNetwork}/${seconds2.length} views${wasmNetwork ? "  over budget (0)" : ""}`);
  console.log(`   everything the widget transferred: ${widget2 ?? "n/a"} B; widget requests not served from cache: ${offCache.length ? offCache.join("; ") : "none"}`);
  summary.second_view = { wasm_bytes: wasmBytes, wasm_from_network: wasmNetwork, views: seconds2.length, widget_bytes: widget2, not_from_cache: offCache };

  console.log("\n4. main thread (loopback, fresh cache)");
  const blank = results.blank;
  const m = (rs, k) => median(rs.map((r) => r.metrics[k]));
  const diff = (k) => (m(loop, k) === null || m(blank, k) === null ? null : m(loop, k) - m(blank, k));
  const scriptWall = diff("scriptWall");
  console.log(`   ${"".padEnd(44)} ${"without".padStart(9)} ${"with".padStart(9)} ${"widget".padStart(9)}`);
  for (const [label, k] of [["script to exitpoll:ready, wall (4x)", "scriptWall"], ["all tasks to exitpoll:ready, wall (4x)", "taskWall"], ["script to exitpoll:ready, CPU", "scriptCpu"], ["all tasks to exitpoll:ready, CPU", "taskCpu"]]) {
    const flag = k === "scriptWall" && scriptWall > SCRIPT_GOAL_MS ? `  misses goal (${SCRIPT_GOAL_MS} ms)` : "";
    console.log(`   ${label.padEnd(44)} ${(m(blank, k)?.toFixed(1) ?? "n/a").padStart(9)} ${(m(loop, k)?.toFixed(1) ?? "n/a").padStart(9)} ${(diff(k)?.toFixed(1) ?? "n/a").padStart(9)}${flag}`);
  }
  console.log(`   exitpoll:ready after the load event: ${ms(median(loop.map((r) => r.readyAfterLoad)))}`);
  const describe = (xs) => `${xs.length}${xs.length ? ` (longest ${Math.max(...xs).toFixed(0)} ms, total ${xs.reduce((a, x) => a + x, 0).toFixed(0)} ms)` : ""}`;
  const tasks = (rs, when) => rs.flatMap((r) => r.longTasks[when]);
  console.log(`   long tasks (> 50 ms) after the load event, all ${RUNS} runs together:`);
  const rows = [
    ["page without the widget, load event to the end", [...tasks(blank, "start"), ...tasks(blank, "opening")]],
    ["loopback, load event to the cue (widget start)", tasks(loop, "start")],
    ["loopback, cue to the end (opening the survey)", tasks(loop, "opening")],
    ...NETWORKS.slice(1).map((n) => [`${n.label}, load event to the end`, [...tasks(results[n.key], "start"), ...tasks(results[n.key], "opening")]]),
  ];
  for (const [label, xs] of rows) console.log(`     ${label.padEnd(48)} ${describe(xs)}`);
  const traceTasks = traced.flatMap((t) => t.tasks);
  const ownTasks = traceTasks.filter((t) => t.widgetMs > 50);
  console.log(`   a trace of ${traced.length} more loopback views (load to visible survey; tracing slows the page too):`);
  console.log(`     long tasks with widget work in them: ${describe(traceTasks.map((t) => t.ms))}`);
  for (const t of traceTasks) console.log(`       ${ms(t.ms)} (${t.what}): the widget's work ${ms(t.widgetMs)}, of it lazy compilation ${ms(t.lazyCompileMs)}`);
  console.log(`     the widget's own long tasks (its work alone over 50 ms): ${ownTasks.length}${ownTasks.length ? "  over budget (none)" : ""}`);
  console.log(`     WebAssembly lazy compilation on the main thread, per view: ${ms(median(traced.map((t) => t.lazyCompileMs)))}`);
  // Grouped by what started the widget's script (the invoker), so the list
  // stays one line per kind of work however many runs there are.
  const frames = loop.flatMap((r) => r.widgetInFrames);
  const withWidget = frames.filter((f) => f.widget > 0);
  console.log(`   long animation frames (> 50 ms) after the load event, loopback: ${frames.length}, with exitpoll.js scripts inside: ${withWidget.length}`);
  const byInvoker = new Map();
  for (const f of withWidget) byInvoker.set(f.what || "?", [...(byInvoker.get(f.what || "?") ?? []), f]);
  for (const [what, fs] of byInvoker) {
    console.log(`     ${what.padEnd(48)} ${fs.length} frames, widget script median ${ms(median(fs.map((f) => f.widget)))} (max ${ms(Math.max(...fs.map((f) => f.widget)))}), frame median ${ms(median(fs.map((f) => f.frame)))}`);
  }
  summary.main_thread = {
    script_ms: scriptWall,
    script_cpu_ms: diff("scriptCpu"),
    task_ms: diff("taskWall"),
    script_goal_ms: SCRIPT_GOAL_MS,
    ready_after_load_ms: median(loop.map((r) => r.readyAfterLoad)),
    long_tasks: {
      blank: tasks(blank, "start").length + tasks(blank, "opening").length,
      widget_start: tasks(loop, "start").length,
      widget_opening: tasks(loop, "opening").length,
      longest_ms: Math.max(0, ...tasks(loop, "start"), ...tasks(loop, "opening")),
    },
    widget_long_tasks: ownTasks.length,
    widget_longest_work_ms: Math.max(0, ...traceTasks.map((t) => t.widgetMs)),
    lazy_compile_ms: median(traced.map((t) => t.lazyCompileMs)),
    long_frames_with_widget_script: withWidget.length,
    long_frames_by_invoker: Object.fromEntries([...byInvoker].map(([what, fs]) => [what, { frames: fs.length, widget_ms: median(fs.map((f) => f.widget)) }])),
  };

  const problems = [...new Set(Object.values(results).flatMap((rs) => rs.flatMap((r) => r.problems)))];
  if (problems.length) console.log(`\npage errors: ${problems.join(" | ")}`);
  if (failures.length) console.log(`\nruns that did not complete (${failures.length}):\n  ${failures.join("\n  ")}`);
  summary.failures = failures.length;
  console.log(`\nbench-widget: ${JSON.stringify(summary, (k, v) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 10) / 10 : v))}`);
}

// Whatever happens, the browser and the collector go: cleanup runs in
// reverse order of start, on success, on a crash, on the deadline and on
// Ctrl-C.
const cleanup = [];
let cleaned = false;
async function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  for (const step of cleanup.reverse()) {
    try {
      await Promise.race([step(), sleep(10_000)]);
    } catch {
      // One step failing must not keep the others from running.
    }
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await cleanUp();
    process.exit(130);
  });
}
let code = 0;
let timer;
try {
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the benchmark did not finish within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS);
  });
  report(await Promise.race([main(cleanup), deadline]));
} catch (e) {
  console.error(`bench-widget crashed: ${e.stack ?? e}`);
  code = 1;
} finally {
  clearTimeout(timer);
  await cleanUp();
}
process.exit(code);
