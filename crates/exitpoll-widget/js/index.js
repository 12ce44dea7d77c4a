// The npm entry: `import { init } from "exitpoll"`. Importing has no side
// effects (server-side rendering is safe); init() loads the module.

import { initSync, setGuard, runDeferred, disable, start, Widget } from "./exitpoll_widget.js";
import { Handle, loadModule } from "./handle.js";

// The module's file name, content-hashed (set by build-pkg). A literal in
// `new URL(..., import.meta.url)`, so that bundlers ship the file.
const glue = { initSync, setGuard, runDeferred, disable, Widget };
const wasmUrl = () => new URL(__EXITPOLL_WASM_URL__, import.meta.url);

/**
 * A handle at once, which queues calls until the widget runs; `ready`
 * resolves to it when it runs, or rejects when it cannot start (the
 * problem is also reported on the console and as an `error` event).
 */
export function createWidget(options) {
  const handle = new Handle(glue);
  handle.ready = (async () => {
    if (typeof window === "undefined" || typeof document === "undefined") {
      throw new Error(
        "exitpoll: init() runs in a browser only; on the server, call it once the page runs in the browser " +
          "(for example in useEffect or onMounted)",
      );
    }
    try {
      await loadModule(glue, wasmUrl());
    } catch (e) {
      handle.fail(`exitpoll: ${e.message}`);
      throw new Error(`exitpoll: ${e.message}`);
    }
    let widget;
    try {
      widget = await start(options);
    } catch (e) {
      handle.fail();
      throw e instanceof Error ? e : new Error(String(e));
    }
    handle.attach(widget);
    return handle;
  })();
  // A failed start is reported on the console and as an error event; nobody has to await `ready`.
  handle.ready.catch(() => {});
  return handle;
}

/** Starts the widget and resolves to its handle once it runs (the JS API (the npm package's README)). */
export async function init(options) {
  return createWidget(options).ready;
}
