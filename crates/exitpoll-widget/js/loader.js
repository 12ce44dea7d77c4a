// The script-tag entry (spec section 1), bundled into pkg/exitpoll.js.
//
// A classic script that also works as type="module". It reads its own data-*
// attributes, makes `window.exitpoll` at once (queuing calls until the widget
// runs, including snippet-style `exitpoll.push([...])` calls made before it
// loaded), and starts the widget after the page's load event. A bad attribute
// gives one console error naming it, and never an exception.

import { createWidget } from "./widget.js";

const STAGES = ["product", "cart", "checkout", "thank_you", "other"];

function findScript() {
  // document.currentScript is null in module scripts and in callbacks.
  const current = document.currentScript;
  if (current && current.hasAttribute("data-site")) return current;
  const candidates = document.querySelectorAll("script[data-site][src]");
  for (const s of candidates) if (/exitpoll[^/]*\.js(\?|#|$)/.test(s.src)) return s;
  return candidates[0] || current;
}

function readAttributes(script) {
  const problems = [];
  const attr = (name) => {
    const v = script.getAttribute(name);
    return v === null || v.trim() === "" ? undefined : v.trim();
  };
  const options = { site: attr("data-site") };
  if (!options.site) {
    problems.push('data-site is missing: add data-site="<your site id>" to the exitpoll script tag');
  } else if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.site)) {
    problems.push(`data-site="${options.site}" is not a site id: use 1 to 64 letters, digits, '_' or '-'`);
    options.site = undefined;
  }
  const src = script.src ? new URL(script.src, location.href) : new URL(location.href);
  const endpoint = attr("data-endpoint");
  try {
    options.endpoint = new URL(endpoint ?? src.origin, location.href).href.replace(/\/+$/, "");
  } catch {
    problems.push(`data-endpoint="${endpoint}" is not a URL`);
  }
  const config = attr("data-config");
  if (config !== undefined) {
    try {
      options.configUrl = new URL(config, location.href).href;
    } catch {
      problems.push(`data-config="${config}" is not a URL`);
    }
  }
  const stage = attr("data-stage");
  if (stage !== undefined) {
    if (STAGES.includes(stage)) options.stage = stage;
    else problems.push(`data-stage="${stage}" is not a stage: use one of ${STAGES.join(", ")}; detecting it instead`);
  }
  const context = attr("data-context");
  if (context !== undefined) {
    try {
      const parsed = JSON.parse(context);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      options.context = parsed;
    } catch (e) {
      problems.push(`data-context is not a JSON object (${e.message}); it is ignored`);
    }
  }
  const consent = attr("data-consent");
  if (consent !== undefined) {
    if (consent === "granted" || consent === "pending") options.consent = consent;
    else problems.push(`data-consent="${consent}" must be "granted" or "pending"; using the site's default`);
  }
  const debug = script.getAttribute("data-debug");
  options.debug = debug !== null && debug !== "false" && debug !== "0";
  options.wasmUrl = new URL("exitpoll_widget_bg.wasm", src).href;
  options.leanWasmUrl = new URL("exitpoll_widget_lean_bg.wasm", src).href;
  options.liteWasmUrl = new URL("exitpoll_widget_lite_bg.wasm", src).href;
  // The full and the lean build's glue: an ES module of its own, loaded by URL.
  options.glueUrl = new URL("exitpoll_widget.js", src).href;
  options.renderUrl = new URL("render.js", src).href;
  return { options, problems };
}

(function start() {
  try {
    const existing = window.exitpoll;
    if (existing && !Array.isArray(existing) && typeof existing.explain === "function") {
      console.warn("exitpoll: the script is on this page twice; the second copy does nothing");
      return;
    }
    const script = findScript();
    if (!script) {
      console.error("exitpoll: cannot find my <script> tag; add data-site to it");
      return;
    }
    const { options, problems } = readAttributes(script);
    if (problems.length) console.error(`exitpoll: ${problems.join("; ")}`);
    if (!options.site || !options.endpoint) return;
    const handle = createWidget(options, { waitForLoad: true });
    if (Array.isArray(existing)) for (const item of existing) handle.push(item);
    window.exitpoll = handle;
  } catch (e) {
    console.error("exitpoll: could not start:", e);
  }
})();
