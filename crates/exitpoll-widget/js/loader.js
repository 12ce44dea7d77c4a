// The script-tag entry (the script tag (README.md)), bundled with the wasm-bindgen glue
// into pkg/exitpoll.js: a classic script that also works as type="module".
//
// It makes `window.exitpoll` at once (a handle that queues calls, including
// snippet-style `exitpoll.push([...])` calls made before it loaded), waits
// for the page's `load` event and then for idle time, and only then fetches
// and compiles the module, next to this script under a content-hashed name.
// Everything a survey needs is then loaded before any trigger can fire.
// The Rust widget reads the script's data-* attributes itself.

import { initSync, setGuard, runDeferred, disable, start, Widget } from "./exitpoll_widget.js";
import { Handle, loadModule } from "./handle.js";

// The module's file name, content-hashed (set by build-pkg).
const WASM = typeof __EXITPOLL_WASM__ === "string" ? __EXITPOLL_WASM__ : "exitpoll_widget_bg.wasm";
const glue = { initSync, setGuard, runDeferred, disable, Widget };

function findScript() {
  // document.currentScript is null in module scripts.
  const current = document.currentScript;
  if (current && current.hasAttribute("data-site")) return current;
  const candidates = document.querySelectorAll("script[data-site][src]");
  for (const s of candidates) if (/exitpoll[^/]*\.js(\?|#|$)/.test(s.src)) return s;
  return candidates[0] || current;
}

async function boot(script, handle) {
  let widget;
  try {
    await loadModule(glue, new URL(WASM, script.src || location.href));
  } catch (e) {
    return handle.fail(`exitpoll: ${e.message}`);
  }
  try {
    // start() reports its own problems (console, error event) before it rejects.
    widget = await start(script);
  } catch {
    return handle.fail();
  }
  handle.attach(widget);
}

(function main() {
  try {
    const existing = window.exitpoll;
    if (existing && !Array.isArray(existing) && typeof existing.explain === "function") {
      console.warn("exitpoll: the script is on this page twice; the second copy does nothing");
      return;
    }
    const handle = new Handle(glue);
    if (Array.isArray(existing)) for (const item of existing) handle.push(item);
    window.exitpoll = handle;
    const script = findScript();
    if (!script || !(script.getAttribute("data-site") || "").trim()) {
      return handle.fail('exitpoll: data-site is missing: add data-site="<your site id>" to the exitpoll script tag');
    }
    // Nothing but this script loads before the page's load event; the
    // module then loads when the page is idle (within two seconds at most).
    const go = () => boot(script, handle);
    const idle = () => (typeof requestIdleCallback === "function" ? requestIdleCallback(go, { timeout: 2000 }) : setTimeout(go, 1));
    if (document.readyState === "complete") idle();
    else addEventListener("load", idle, { once: true });
  } catch (e) {
    console.error("exitpoll: could not start:", e);
  }
})();
