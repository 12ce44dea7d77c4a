var __typeError = (msg) => {
  throw TypeError(msg);
};
var __accessCheck = (obj, member, msg) => member.has(obj) || __typeError("Cannot " + msg);
var __privateGet = (obj, member, getter) => (__accessCheck(obj, member, "read from private field"), getter ? getter.call(obj) : member.get(obj));
var __privateAdd = (obj, member, value) => member.has(obj) ? __typeError("Cannot add the same private member more than once") : member instanceof WeakSet ? member.add(obj) : member.set(obj, value);
var __privateSet = (obj, member, value, setter) => (__accessCheck(obj, member, "write to private field"), setter ? setter.call(obj, value) : member.set(obj, value), value);
var __privateMethod = (obj, member, method) => (__accessCheck(obj, member, "access private method"), method);

// target/pkg-build/bindgen/widget.js
var EVENTS = ["ready", "shown", "answered", "completed", "dismissed", "error"];
var STAGES = ["product", "cart", "checkout", "thank_you", "other"];
var METHODS = ["setContext", "setStage", "show", "hide", "consent", "explain", "on", "destroy"];
var BEACON_SAFE_BYTES = 6e4;
function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function checkOptions(o) {
  const problems = [];
  if (!isPlainObject(o)) return ['options: expected an object such as { site: "demo", endpoint: "https://..." }'];
  if (typeof o.site !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(o.site)) {
    problems.push("site: required, 1 to 64 letters, digits, '_' or '-'");
  }
  if (o.endpoint !== void 0 && typeof o.endpoint !== "string") problems.push("endpoint: expected a URL string");
  if (o.endpoint === void 0 && o.config === void 0 && o.configUrl === void 0) {
    problems.push("endpoint: required unless config is given");
  }
  if (typeof o.endpoint === "string") {
    try {
      new URL(o.endpoint, typeof location === "object" ? location.href : void 0);
    } catch {
      problems.push(`endpoint: not a URL: ${o.endpoint}`);
    }
  }
  if (o.config !== void 0 && !isPlainObject(o.config) && typeof o.config !== "string") {
    problems.push("config: expected a site config object");
  }
  if (o.stage !== void 0 && o.stage !== null && !STAGES.includes(o.stage)) {
    problems.push(`stage: unknown stage ${JSON.stringify(o.stage)}, expected one of ${STAGES.join(", ")}`);
  }
  if (o.context !== void 0 && !isPlainObject(o.context)) problems.push("context: expected an object");
  if (o.consent !== void 0 && ![true, false, "granted", "pending"].includes(o.consent)) {
    problems.push('consent: expected true, false, "granted" or "pending"');
  }
  if (o.debug !== void 0 && typeof o.debug !== "boolean") problems.push("debug: expected true or false");
  return problems;
}
async function init(options) {
  const problems = checkOptions(options);
  if (problems.length) throw new TypeError(`exitpoll: ${problems.join("; ")}`);
  const handle = createWidget(options);
  await handle.ready;
  return handle;
}
function createWidget(options, { waitForLoad = false } = {}) {
  return new Handle(options, waitForLoad);
}
var _w, _dead, _fatalReported, _queue, _listeners, _abort, _timer, _history, _roots, _options, _endpoint, _Handle_instances, start_fn, loadConfig_fn, apply_fn, call_fn, inputError_fn, fatal_fn, emit_fn, host_fn, on_fn, listen_fn, attach_fn, teardown_fn;
var Handle = class {
  constructor(options, waitForLoad) {
    __privateAdd(this, _Handle_instances);
    __privateAdd(this, _w, null);
    __privateAdd(this, _dead, false);
    __privateAdd(this, _fatalReported, false);
    __privateAdd(this, _queue, []);
    __privateAdd(this, _listeners, new Map(EVENTS.map((e) => [e, /* @__PURE__ */ new Set()])));
    __privateAdd(this, _abort, null);
    __privateAdd(this, _timer, 0);
    __privateAdd(this, _history, null);
    __privateAdd(this, _roots, []);
    __privateAdd(this, _options);
    __privateAdd(this, _endpoint);
    __privateSet(this, _options, options);
    this.ready = __privateMethod(this, _Handle_instances, start_fn).call(this, waitForLoad);
    this.ready.catch(() => {
    });
  }
  // ----- the public API ------------------------------------------------------
  setContext(context) {
    if (!isPlainObject(context)) return __privateMethod(this, _Handle_instances, inputError_fn).call(this, "setContext: expected an object such as { cart_value: 84.5 }");
    let json;
    try {
      json = JSON.stringify(context);
    } catch (e) {
      return __privateMethod(this, _Handle_instances, inputError_fn).call(this, `setContext: the object cannot be serialised (${e.message})`);
    }
    __privateMethod(this, _Handle_instances, apply_fn).call(this, "setContext", (w) => w.setContext(json));
  }
  setStage(stage) {
    if (stage !== null && !STAGES.includes(stage)) {
      return __privateMethod(this, _Handle_instances, inputError_fn).call(this, `setStage: unknown stage ${JSON.stringify(stage)}, expected one of ${STAGES.join(", ")} or null`);
    }
    __privateMethod(this, _Handle_instances, apply_fn).call(this, "setStage", (w) => w.setStage(stage));
  }
  show(surveyId) {
    if (typeof surveyId !== "string" || !surveyId) return __privateMethod(this, _Handle_instances, inputError_fn).call(this, "show: expected a survey id");
    __privateMethod(this, _Handle_instances, apply_fn).call(this, "show", (w) => w.show(surveyId));
  }
  hide() {
    __privateMethod(this, _Handle_instances, apply_fn).call(this, "hide", (w) => w.hide());
  }
  consent(granted) {
    if (typeof granted !== "boolean") return __privateMethod(this, _Handle_instances, inputError_fn).call(this, "consent: expected true or false");
    __privateMethod(this, _Handle_instances, apply_fn).call(this, "consent", (w) => w.consent(granted));
  }
  /** For each survey: whether it could show now, and every reason it cannot. */
  explain() {
    if (!__privateGet(this, _w)) return [];
    const json = __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.explain());
    return json ? JSON.parse(json) : [];
  }
  /** Subscribes to an event; returns a function that unsubscribes. */
  on(event, fn) {
    const set = __privateGet(this, _listeners).get(event);
    if (!set) {
      __privateMethod(this, _Handle_instances, inputError_fn).call(this, `on: unknown event ${JSON.stringify(event)}, expected one of ${EVENTS.join(", ")}`);
      return () => {
      };
    }
    if (typeof fn !== "function") {
      __privateMethod(this, _Handle_instances, inputError_fn).call(this, "on: expected a function");
      return () => {
      };
    }
    set.add(fn);
    return () => set.delete(fn);
  }
  /** Removes every listener, timer and DOM node the widget made. */
  destroy() {
    __privateMethod(this, _Handle_instances, teardown_fn).call(this);
  }
  /** Snippet-style calls: `exitpoll.push(["setContext", {...}])`. */
  push(item) {
    if (!Array.isArray(item) || !METHODS.includes(item[0])) {
      return __privateMethod(this, _Handle_instances, inputError_fn).call(this, `push: expected [method, ...args] with a method of ${METHODS.join(", ")}`);
    }
    this[item[0]](...item.slice(1));
  }
};
_w = new WeakMap();
_dead = new WeakMap();
_fatalReported = new WeakMap();
_queue = new WeakMap();
_listeners = new WeakMap();
_abort = new WeakMap();
_timer = new WeakMap();
_history = new WeakMap();
_roots = new WeakMap();
_options = new WeakMap();
_endpoint = new WeakMap();
_Handle_instances = new WeakSet();
start_fn = async function(waitForLoad) {
  const o = __privateGet(this, _options);
  try {
    const problems = checkOptions(o);
    if (problems.length) throw new TypeError(problems.join("; "));
    if (waitForLoad && document.readyState !== "complete") {
      await new Promise((resolve) => addEventListener("load", resolve, { once: true }));
    }
    __privateSet(this, _endpoint, o.endpoint !== void 0 ? String(o.endpoint).replace(/\/+$/, "") : "");
    const site = encodeURIComponent(o.site);
    const configText = await __privateMethod(this, _Handle_instances, loadConfig_fn).call(this, site);
    let glue;
    try {
      glue = await import("./exitpoll_widget.js");
      const wasmUrl = o.wasmUrl ?? new URL("exitpoll_widget_bg.wasm", import.meta.url);
      await glue.default({ module_or_path: wasmUrl });
    } catch (e) {
      throw new Error(
        `could not start WebAssembly (${e && e.message}). If the page has a Content Security Policy, script-src must allow 'wasm-unsafe-eval'.`
      );
    }
    if (__privateGet(this, _dead)) return this;
    const seed = new Uint32Array(2);
    crypto.getRandomValues(seed);
    const settings = JSON.stringify({
      site: o.site,
      stage: o.stage ?? null,
      context: o.context ?? null,
      consent: o.consent ?? null,
      debug: !!o.debug
    });
    __privateSet(this, _abort, new AbortController());
    __privateSet(this, _w, glue.Widget.start(settings, configText, __privateMethod(this, _Handle_instances, host_fn).call(this), seed[0], seed[1]));
    __privateMethod(this, _Handle_instances, listen_fn).call(this);
    for (const [, fn] of __privateGet(this, _queue).splice(0)) __privateMethod(this, _Handle_instances, call_fn).call(this, fn);
    __privateMethod(this, _Handle_instances, emit_fn).call(this, "ready", { site: o.site });
    return this;
  } catch (e) {
    const message = `exitpoll: ${e && e.message ? e.message : e}`;
    console.error(message);
    __privateMethod(this, _Handle_instances, emit_fn).call(this, "error", { message });
    __privateMethod(this, _Handle_instances, teardown_fn).call(this);
    throw new Error(message);
  }
};
loadConfig_fn = async function(site) {
  const o = __privateGet(this, _options);
  if (typeof o.config === "string") return o.config;
  if (isPlainObject(o.config)) return JSON.stringify(o.config);
  const url = o.configUrl ?? `${__privateGet(this, _endpoint)}/v1/sites/${site}/config`;
  let response;
  try {
    response = await fetch(url, { credentials: "omit" });
  } catch (e) {
    throw new Error(`could not load the site config from ${url}: ${e.message}`);
  }
  if (!response.ok) {
    throw new Error(`could not load the site config from ${url}: HTTP ${response.status}`);
  }
  return response.text();
};
// ----- calls into the widget ------------------------------------------------
apply_fn = function(name, fn) {
  if (__privateGet(this, _dead)) return;
  if (__privateGet(this, _w)) __privateMethod(this, _Handle_instances, call_fn).call(this, fn);
  else __privateGet(this, _queue).push([name, fn]);
};
call_fn = function(fn) {
  if (__privateGet(this, _dead) || !__privateGet(this, _w)) return void 0;
  try {
    return fn(__privateGet(this, _w));
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || !(e instanceof Error) || e.name === "RuntimeError") {
      __privateMethod(this, _Handle_instances, fatal_fn).call(this, e);
    } else {
      __privateMethod(this, _Handle_instances, inputError_fn).call(this, e.message);
    }
    return void 0;
  }
};
inputError_fn = function(message) {
  const text = `exitpoll: ${message}`;
  console.error(text);
  __privateMethod(this, _Handle_instances, emit_fn).call(this, "error", { message: text });
};
fatal_fn = function(e) {
  if (!__privateGet(this, _fatalReported)) {
    const message = `exitpoll: internal error, the widget is disabled: ${e && e.message}`;
    console.error(message);
    __privateMethod(this, _Handle_instances, emit_fn).call(this, "error", { message, fatal: true });
  }
  __privateMethod(this, _Handle_instances, teardown_fn).call(this);
};
emit_fn = function(name, detail) {
  const d = { ...detail };
  for (const fn of __privateGet(this, _listeners).get(name) ?? []) {
    try {
      fn(d);
    } catch (e) {
      console.error("exitpoll: an", name, "listener threw:", e);
    }
  }
  if (typeof window === "undefined") return;
  window.dispatchEvent(new CustomEvent(`exitpoll:${name}`, { detail: d }));
  const dl = window.dataLayer;
  if (dl && typeof dl.push === "function") dl.push({ event: `exitpoll.${name}`, ...d });
};
host_fn = function() {
  const responsesUrl = `${__privateGet(this, _endpoint)}/v1/sites/${encodeURIComponent(__privateGet(this, _options).site)}/responses`;
  return {
    schedule: (ms) => {
      clearTimeout(__privateGet(this, _timer));
      __privateSet(this, _timer, ms < 0 ? 0 : setTimeout(() => __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.tick()), ms));
    },
    send: (batch, body) => {
      fetch(responsesUrl, {
        method: "POST",
        body,
        // text/plain is CORS-safelisted: no preflight request.
        headers: { "content-type": "text/plain;charset=UTF-8" },
        credentials: "omit",
        keepalive: body.length < BEACON_SAFE_BYTES
      }).then(
        (r) => {
          const retry = Number(r.headers.get("retry-after"));
          __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.sent(batch, r.status, Number.isFinite(retry) && retry >= 0 ? retry : -1));
        },
        () => __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.sent(batch, 0, -1))
      );
    },
    beacon: (body) => {
      try {
        return navigator.sendBeacon(responsesUrl, new Blob([body], { type: "text/plain;charset=UTF-8" }));
      } catch {
        return false;
      }
    },
    emit: (name, detailJson) => {
      const detail = JSON.parse(detailJson);
      if (detail.fatal || name === "error" && /internal error/.test(detail.message)) __privateSet(this, _fatalReported, true);
      queueMicrotask(() => __privateMethod(this, _Handle_instances, emit_fn).call(this, name, detail));
    },
    attach: (root) => __privateMethod(this, _Handle_instances, attach_fn).call(this, root),
    copy: (text) => {
      const fallback = () => console.warn("exitpoll: the clipboard is unavailable; the code is shown on screen");
      if (navigator.clipboard) navigator.clipboard.writeText(text).catch(fallback);
      else fallback();
    },
    console: (level, message) => console[level](message)
  };
};
// ----- listeners ------------------------------------------------------------
on_fn = function(target, type, fn, passive = true) {
  target.addEventListener(type, fn, { passive, capture: true, signal: __privateGet(this, _abort).signal });
};
listen_fn = function() {
  const doc = document;
  __privateMethod(this, _Handle_instances, on_fn).call(this, doc, "mousemove", (e) => __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.pointerMove(e.clientY)));
  __privateMethod(this, _Handle_instances, on_fn).call(this, doc, "mouseout", (e) => {
    const tag = e.target && e.target.tagName;
    const formControl = tag === "SELECT" || tag === "OPTION" || tag === "DATALIST";
    __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.pointerOut(e.clientY, !!e.relatedTarget, formControl));
  });
  __privateMethod(this, _Handle_instances, on_fn).call(this, doc, "mouseover", (e) => {
    if (!e.relatedTarget) __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.pointerOver());
  });
  __privateMethod(this, _Handle_instances, on_fn).call(this, doc, "keydown", (e) => __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.key(e.key || "", e.ctrlKey, e.metaKey)));
  __privateMethod(this, _Handle_instances, on_fn).call(this, window, "scroll", () => __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.scroll(window.scrollY, window.innerHeight, doc.documentElement.scrollHeight)));
  __privateMethod(this, _Handle_instances, on_fn).call(this, doc, "visibilitychange", () => {
    const visible = doc.visibilityState === "visible";
    if (!visible) __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.flush());
    __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.visibility(visible));
  });
  __privateMethod(this, _Handle_instances, on_fn).call(this, window, "pagehide", () => __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.flush()));
  for (const type of ["pointerdown", "touchstart", "input", "wheel"]) {
    __privateMethod(this, _Handle_instances, on_fn).call(this, doc, type, () => __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.activity()));
  }
  const navigated = () => __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.navigated());
  __privateMethod(this, _Handle_instances, on_fn).call(this, window, "popstate", navigated);
  __privateMethod(this, _Handle_instances, on_fn).call(this, window, "hashchange", navigated);
  const key = __privateGet(this, _w).storageKey();
  __privateMethod(this, _Handle_instances, on_fn).call(this, window, "storage", (e) => {
    if (e.key === key && e.newValue) __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.storageChanged(e.newValue));
  });
  const original = { pushState: history.pushState, replaceState: history.replaceState };
  for (const name of ["pushState", "replaceState"]) {
    const inner = original[name];
    history[name] = function(...args) {
      const result = inner.apply(this, args);
      queueMicrotask(navigated);
      return result;
    };
  }
  __privateSet(this, _history, original);
};
attach_fn = function(root) {
  __privateGet(this, _roots).push(root);
  const opts = { signal: __privateGet(this, _abort).signal };
  root.addEventListener(
    "submit",
    (e) => {
      e.preventDefault();
      __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.uiSubmit());
    },
    opts
  );
  root.addEventListener(
    "click",
    (e) => {
      const target = e.target instanceof Element ? e.target.closest("[data-ep]") : null;
      if (target) __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.uiAction(target.getAttribute("data-ep")));
    },
    opts
  );
  root.addEventListener(
    "keydown",
    (e) => {
      if ((e.key === "Escape" || e.key === "Tab") && __privateMethod(this, _Handle_instances, call_fn).call(this, (w) => w.uiKey(e.key, e.shiftKey))) {
        e.preventDefault();
      }
    },
    opts
  );
};
teardown_fn = function() {
  if (__privateGet(this, _dead)) return;
  __privateSet(this, _dead, true);
  clearTimeout(__privateGet(this, _timer));
  if (__privateGet(this, _abort)) __privateGet(this, _abort).abort();
  if (__privateGet(this, _history)) {
    history.pushState = __privateGet(this, _history).pushState;
    history.replaceState = __privateGet(this, _history).replaceState;
  }
  if (__privateGet(this, _w)) {
    try {
      __privateGet(this, _w).destroy();
      __privateGet(this, _w).free();
    } catch {
    }
  }
  for (const root of __privateGet(this, _roots)) root.host && root.host.remove();
  __privateSet(this, _w, null);
  __privateGet(this, _queue).length = 0;
};
export {
  checkOptions,
  createWidget,
  init
};
