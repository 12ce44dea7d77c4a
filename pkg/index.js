// target/pkg-build/pack/index.js
import { initSync, setGuard, runDeferred, disable, start, Widget } from "./exitpoll_widget.js";

// target/pkg-build/pack/handle.js
var METHODS = ["setContext", "setStage", "show", "hide", "consent", "explain", "on", "destroy"];
async function instantiate(glue2, url) {
  if (Object.prototype.then !== void 0) {
    for (const proto of [Response.prototype, WebAssembly.Module.prototype, glue2.Widget.prototype]) {
      if (!Object.prototype.hasOwnProperty.call(proto, "then")) {
        Object.defineProperty(proto, "then", { value: void 0, configurable: true, writable: true });
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
  await new Promise((resolve) => setTimeout(resolve));
  glue2.initSync({ module });
  await new Promise((resolve) => setTimeout(resolve));
  glue2.setGuard(() => {
    try {
      glue2.runDeferred();
    } catch (e) {
      fault(glue2, e);
    }
  });
}
var PIECE = 16 * 1024;
function paced(response) {
  if (!response.body || typeof ReadableStream !== "function" || Object.prototype.then !== void 0) return response;
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
    cancel: (why) => reader.cancel(why)
  });
  return new Response(body, { status: response.status, headers: response.headers });
}
function nextTask() {
  const s = globalThis.scheduler;
  return s && typeof s.yield === "function" ? s.yield() : new Promise((resolve) => setTimeout(resolve));
}
function fault(glue2, e) {
  try {
    glue2.disable(String(e && e.message ? e.message : e));
  } catch {
  }
}
var loading = null;
function loadModule(glue2, url) {
  loading ??= instantiate(glue2, url).catch((e) => {
    loading = null;
    throw new Error(
      `could not start WebAssembly (${e && e.message}). If the page has a Content Security Policy, script-src must allow 'wasm-unsafe-eval'.`
    );
  });
  return loading;
}
var Handle = class {
  #glue;
  #w = null;
  #dead = false;
  #queue = [];
  constructor(glue2) {
    this.#glue = glue2;
    Object.defineProperty(this, "then", { value: void 0 });
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
    return this.#w && this.#call("explain", []) || [];
  }
  /** Subscribes to an event; returns a function that unsubscribes. */
  on(event, fn) {
    if (this.#w) return this.#call("on", [event, fn]) || (() => {
    });
    if (this.#dead) return () => {
    };
    const entry = ["on", [event, fn]];
    let off = null;
    entry.done = (unsubscribe) => off = unsubscribe;
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
    if (message === void 0) return;
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
    }
  }
  #apply(name, args) {
    if (this.#dead) return;
    if (this.#w) this.#call(name, args);
    else this.#queue.push([name, args]);
  }
  #call(name, args, fn) {
    if (this.#dead && name !== null) return void 0;
    try {
      return fn ? fn() : this.#w[name](...args);
    } catch (e) {
      this.#dead = true;
      this.#w = null;
      fault(this.#glue, e);
      return void 0;
    }
  }
};

// target/pkg-build/pack/index.js
var glue = { initSync, setGuard, runDeferred, disable, Widget };
var wasmUrl = () => new URL("./exitpoll_widget_bg.8fb4e28e8e8a068d.wasm", import.meta.url);
function createWidget(options) {
  const handle = new Handle(glue);
  handle.ready = (async () => {
    if (typeof window === "undefined" || typeof document === "undefined") {
      throw new Error(
        "exitpoll: init() runs in a browser only; on the server, call it once the page runs in the browser (for example in useEffect or onMounted)"
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
  handle.ready.catch(() => {
  });
  return handle;
}
async function init(options) {
  return createWidget(options).ready;
}
export {
  createWidget,
  init
};
