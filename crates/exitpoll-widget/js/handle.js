// The handle page code holds (window.exitpoll, or what init() resolves to),
// shared by the script tag's loader and the npm entry.
//
// It is the loader's part of the widget and nothing more: it loads the
// WebAssembly module, queues calls made before the module runs and replays
// them in order, and guards every call into the module. Everything else —
// checking arguments, listeners, the dialog, events — is the Rust widget's
// (src/lib.rs).
//
// The guard: the module is built with panic = "abort", so a panic ends in a
// WebAssembly trap thrown to whoever called in. Page code calls in only
// through this handle, and the module hands all work that browser callbacks
// start to runDeferred(), which only the guard below calls, so every trap is
// caught here: the widget reports it once and switches itself off, and page
// code never sees an exception.

const METHODS = ["setContext", "setStage", "show", "hide", "consent", "explain", "on", "destroy"];

/**
 * Loads and instantiates the module at `url` with the wasm-bindgen glue's
 * `initSync`, once per page. Streaming compilation first; a server that
 * does not send `application/wasm` gets the bytes compiled instead.
 */
async function instantiate(glue, url) {
  // A page that set Object.prototype.then turns every promise of an object
  // into one that never settles. The built-in objects the widget awaits get
  // the `then` of a plain object back (undefined); nothing else changes.
  if (Object.prototype.then !== undefined) {
    for (const proto of [Response.prototype, WebAssembly.Module.prototype, glue.Widget.prototype]) {
      if (!Object.prototype.hasOwnProperty.call(proto, "then")) {
        Object.defineProperty(proto, "then", { value: undefined, configurable: true, writable: true });
      }
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const copy = response.clone();
  let module;
  try {
    module = await WebAssembly.compileStreaming(paced(response));
  } catch {
    module = await WebAssembly.compile(await copy.arrayBuffer());
  }
  // Compiling and instantiating are tasks of their own: the start that
  // follows never shares one with them.
  await new Promise((resolve) => setTimeout(resolve));
  glue.initSync({ module });
  await new Promise((resolve) => setTimeout(resolve));
  glue.setGuard(() => {
    try {
      glue.runDeferred();
    } catch (e) {
      fault(glue, e);
    }
  });
}

// The browser decodes a streamed module on the main thread, chunk by chunk
// as it arrives. From the cache or over loopback the whole module arrives as
// one chunk, and decoding it was one task of 60 ms at a 4x CPU slowdown
// (tests/bench/README.md); in pieces of this size, each piece is a task of
// a few milliseconds.
const PIECE = 16 * 1024;

/** The response's body handed on in pieces, each in a task of its own. */
function paced(response) {
  // A reader's results are objects, which a page's Object.prototype.then
  // would turn into promises that never settle: such a page gets the module
  // in one piece.
  if (!response.body || typeof ReadableStream !== "function" || Object.prototype.then !== undefined) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      for (let at = 0; at < value.length; at += PIECE) {
        controller.enqueue(value.subarray(at, at + PIECE));
        await nextTask();
      }
    },
    cancel: (why) => reader.cancel(why),
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

/** A promise of the next task: `scheduler.yield()` where there is one (no 4 ms clamp). */
function nextTask() {
  const s = globalThis.scheduler;
  return s && typeof s.yield === "function" ? s.yield() : new Promise((resolve) => setTimeout(resolve));
}

/** A trap: the module reports it (once) and disables every widget. */
function fault(glue, e) {
  try {
    glue.disable(String(e && e.message ? e.message : e));
  } catch {
    // The module cannot even say so; nothing else is left to do.
  }
}

let loading = null;
/** The module, loaded once whoever asks first. */
export function loadModule(glue, url) {
  loading ??= instantiate(glue, url).catch((e) => {
    loading = null;
    throw new Error(
      `could not start WebAssembly (${e && e.message}). If the page has a Content Security Policy, ` +
        "script-src must allow 'wasm-unsafe-eval'.",
    );
  });
  return loading;
}

/**
 * A handle that queues calls until `attach`. `fail(message)` reports a
 * start that did not happen (console, `error` event) and makes later calls do nothing.
 */
export class Handle {
  #glue;
  #w = null;
  #dead = false;
  #queue = [];

  constructor(glue) {
    this.#glue = glue;
    // An `await` of the handle must not pick up a `then` the page put on Object.prototype.
    Object.defineProperty(this, "then", { value: undefined });
  }

  setContext(context) {
    this.#apply("setContext", [context]);
  }

  setStage(stage) {
    this.#apply("setStage", [stage]);
  }

  show(surveyId) {
    this.#apply("show", [surveyId]);
  }

  hide() {
    this.#apply("hide", []);
  }

  consent(granted) {
    this.#apply("consent", [granted]);
  }

  /** For each survey: whether it could show now, and every reason it cannot. */
  explain() {
    return (this.#w && this.#call("explain", [])) || [];
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on(event, fn) {
    if (this.#w) return this.#call("on", [event, fn]) || (() => {});
    if (this.#dead) return () => {};
    // Before the module runs: subscribe once it does, unless unsubscribed by then.
    const entry = ["on", [event, fn]];
    let off = null;
    entry.done = (unsubscribe) => (off = unsubscribe);
    this.#queue.push(entry);
    return () => {
      const i = this.#queue.indexOf(entry);
      if (i >= 0) this.#queue.splice(i, 1);
      if (typeof off === "function") this.#call(null, [], () => off());
    };
  }

  /** Removes every listener, timer and DOM node the widget made. */
  destroy() {
    if (this.#w) this.#call("destroy", []);
    this.#dead = true;
    this.#w = null;
    this.#queue.length = 0;
  }

  /** Snippet-style calls: `exitpoll.push(["setContext", {...}])`. */
  push(item) {
    if (Array.isArray(item) && METHODS.includes(item[0])) return this[item[0]](...item.slice(1));
    this.#apply("report", [`push: expected [method, ...args] with a method of ${METHODS.join(", ")}`]);
  }

  /** The widget runs: queued calls go to it in order, then its events. */
  attach(widget) {
    if (this.#dead) {
      this.#call(null, [], () => widget.destroy());
      return;
    }
    this.#w = widget;
    for (const entry of this.#queue.splice(0)) {
      const result = this.#call(entry[0], entry[1]);
      entry.done?.(result);
    }
    this.#call("ready", []);
  }

  /** The widget did not start: say so once; later calls do nothing. */
  fail(message) {
    this.#dead = true;
    const queued = this.#queue.splice(0);
    if (message === undefined) return;
    console.error(message);
    const detail = { message };
    for (const [name, args] of queued) {
      if (name === "on" && args[0] === "error" && typeof args[1] === "function") {
        try {
          args[1](detail);
        } catch (e) {
          console.error("exitpoll: an error listener threw:", e);
        }
      }
    }
    try {
      window.dispatchEvent(new CustomEvent("exitpoll:error", { detail }));
    } catch {
      // The page broke CustomEvent; the console has it.
    }
  }

  #apply(name, args) {
    if (this.#dead) return;
    if (this.#w) this.#call(name, args);
    else this.#queue.push([name, args]);
  }

  #call(name, args, fn) {
    if (this.#dead && name !== null) return undefined;
    try {
      return fn ? fn() : this.#w[name](...args);
    } catch (e) {
      // Only a trap gets here: the module reports bad input itself.
      this.#dead = true;
      this.#w = null;
      fault(this.#glue, e);
      return undefined;
    }
  }
}
