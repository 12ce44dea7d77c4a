// Main-thread cost of the widget (a benchmark, not a test):
//
//   node tests/bench/main-thread.mjs [RUNS]
//
// Loads the demo product page in headless Chromium with and without the
// widget, RUNS times each (default 7), and reports medians from the Chrome
// DevTools Protocol's Performance metrics (ScriptDuration, TaskDuration) and
// PerformanceObserver long tasks. Then it moves the mouse 300 times and
// scrolls 60 times on each, to measure what the listeners cost. A traced pass
// then looks inside every task over 50 ms for the widget's own work. Last, on
// the demo cart page with an empty cache, it times the first survey's opening:
// from the pointer leaving through the top to the `shown` event. (For the
// budgets of the widget on a slow phone, see widget.mjs.)
import { startDemo, launchBrowser, exitThroughTop, dialog } from "../e2e/lib.mjs";

const runs = Number(process.argv[2] ?? 7);
const server = await startDemo();
const browser = await launchBrowser();
const url = `${server.url}/products/trail-runner.html`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function measure(withWidget) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (!withWidget) {
    await page.route(url, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/<script async src="\/exitpoll\.js"[^>]*><\/script>/, "");
      await route.fulfill({ response, body: html });
    });
  }
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  await page.goto(url, { waitUntil: "load" });
  if (withWidget) await page.waitForFunction(() => window.exitpoll?.explain?.().length > 0);
  await page.waitForTimeout(500);
  const interactionStart = await page.evaluate(() => performance.now());
  const metric = async (name) => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === name).value * 1000;
  const load = { script: await metric("ScriptDuration"), task: await metric("TaskDuration") };
  const before = await metric("ScriptDuration");
  const beforeTask = await metric("TaskDuration");
  for (let i = 0; i < 300; i++) await page.mouse.move(200 + (i % 50) * 10, 300 + (i % 30) * 5);
  for (let i = 0; i < 60; i++) await page.mouse.wheel(0, i < 30 ? 120 : -120);
  await page.waitForTimeout(300);
  const interact = { script: (await metric("ScriptDuration")) - before, task: (await metric("TaskDuration")) - beforeTask };
  // The widget starts after the load event; long tasks before it belong to the page.
  const longTasks = await page.evaluate((start) => {
    const loaded = performance.getEntriesByType("navigation")[0].loadEventEnd;
    const pick = (from, to) => __long.filter(([t]) => t >= from && t < to).map(([, d]) => d);
    return { before: pick(0, loaded), start: pick(loaded, start), interaction: pick(start, Infinity) };
  }, interactionStart);
  const check = withWidget ? await page.evaluate(() => document.querySelector("exitpoll-widget") === null) : true;
  await context.close();
  return { load, interact, longTasks, check };
}

// Long tasks are not attributed to scripts by the browser, so a traced pass
// finds, in each main-thread task over 50 ms, the time spent in the widget's
// own work: its script (exitpoll.js: evaluation, compilation, every call into
// it) and WebAssembly compilation.
async function traced() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm"] });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.exitpoll?.explain?.().length > 0);
  for (let i = 0; i < 100; i++) await page.mouse.move(200 + (i % 50) * 10, 300 + (i % 30) * 5);
  await page.waitForTimeout(300);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await context.close();
  const main = events.find((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X");
  const widget = (e) => /exitpoll/.test(e.args?.data?.url ?? e.args?.url ?? "") || /wasm/i.test(e.name);
  // The widget's work in every task, so the search is shown to find it.
  const all = onMain.filter(widget);
  const total = all.filter((e) => !all.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
  widgetTotals.push(total.reduce((a, e) => a + e.dur, 0) / 1000);
  return onMain
    .filter((t) => t.name === "RunTask" && t.dur > 50_000)
    .map((t) => {
      const inside = onMain.filter((e) => e !== t && widget(e) && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
      // Count only outermost widget events, so nested ones are not added twice.
      const outer = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
      const what = [...new Set(outer.map((e) => e.name))].join(", ");
      return { task: t.dur / 1000, widget: outer.reduce((a, e) => a + e.dur, 0) / 1000, what };
    });
}

// The first survey of a page view, in a fresh browser context (empty cache).
async function opening() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
    document.addEventListener("mouseout", (e) => {
      if (!e.relatedTarget && window.__exitAt === undefined) window.__exitAt = performance.now();
    }, true);
    addEventListener("exitpoll:shown", () => (window.__shownAt = performance.now()));
  });
  await page.goto(`${server.url}/cart.html`, { waitUntil: "load" });
  await page.waitForFunction(() => window.exitpoll?.explain?.().length > 0);
  await page.waitForTimeout(1100); // the demo survey arms after one second
  await exitThroughTop(page);
  await dialog(page).waitFor();
  await page.waitForFunction(() => window.__shownAt !== undefined);
  const r = await page.evaluate(() => ({
    ms: window.__shownAt - window.__exitAt,
    long: window.__long.filter(([t, d]) => t + d >= window.__exitAt).map(([, d]) => d),
  }));
  await context.close();
  return r;
}

const results = { with: [], without: [] };
const openings = [];
const tracedTasks = [];
const widgetTotals = [];
for (let i = 0; i < runs; i++) {
  results.without.push(await measure(false));
  results.with.push(await measure(true));
  tracedTasks.push(...(await traced()));
  openings.push(await opening());
}
await browser.close();
await server.stop();

const row = (name, pick) => {
  const w = median(results.with.map(pick));
  const wo = median(results.without.map(pick));
  console.log(`${name.padEnd(34)} ${wo.toFixed(1).padStart(8)} ${w.toFixed(1).padStart(8)} ${(w - wo).toFixed(1).padStart(8)}`);
};
console.log(`demo product page, ${runs} runs each, medians in ms of main-thread CPU (CDP threadTicks)`);
console.log(`${"".padEnd(34)} ${"without".padStart(8)} ${"with".padStart(8)} ${"widget".padStart(8)}`);
row("page load: script", (r) => r.load.script);
row("page load: all tasks", (r) => r.load.task);
row("300 mouse moves + 60 wheels: script", (r) => r.interact.script);
row("300 mouse moves + 60 wheels: tasks", (r) => r.interact.task);
const tasks = (side, when) => results[side].flatMap((r) => r.longTasks[when]);
const describe = (xs) => `${xs.length}${xs.length ? ` (longest ${Math.max(...xs).toFixed(0)} ms)` : ""}`;
console.log(`long tasks (>50 ms), all runs:          without   with`);
console.log(`  before the load event (the page's own) ${describe(tasks("without", "before")).padStart(6)}   ${describe(tasks("with", "before"))}`);
console.log(`  load event to idle (widget start)      ${describe(tasks("without", "start")).padStart(6)}   ${describe(tasks("with", "start"))}`);
console.log(`  mouse moves and scrolling              ${describe(tasks("without", "interaction")).padStart(6)}   ${describe(tasks("with", "interaction"))}`);
const withWidget = tracedTasks.filter((t) => t.widget > 0);
console.log(`traced loads with the widget (${runs}): widget work found per load, median ${median(widgetTotals).toFixed(1)} ms;` +
  ` tasks over 50 ms: ${tracedTasks.length}; with widget work inside: ${withWidget.length}` +
  (withWidget.length ? ` (${withWidget.map((t) => `${t.task.toFixed(0)} ms task, ${t.widget.toFixed(1)} ms widget: ${t.what}`).join("; ")})` : ""));
const openLong = openings.flatMap((o) => o.long);
console.log(`first survey on the cart page, empty cache (${runs}): exit cue to shown, median ${median(openings.map((o) => o.ms)).toFixed(1)} ms` +
  ` (min ${Math.min(...openings.map((o) => o.ms)).toFixed(1)}, max ${Math.max(...openings.map((o) => o.ms)).toFixed(1)}), renderer fetch and compile included;` +
  ` long tasks meanwhile: ${describe(openLong)}`);
