// target/pkg-build/bindgen/widget.js
var EVENTS = ["ready", "shown", "answered", "completed", "dismissed", "error"];
var STAGES = ["product", "cart", "checkout", "thank_you", "other"];
var METHODS = ["setContext", "setStage", "show", "hide", "consent", "explain", "on", "destroy"];
var BEACON_SAFE_BYTES = 6e4;
var SIGNAL_TICK = 0;
var SIGNAL_POINTER_MOVE = 1;
var SIGNAL_POINTER_OUT = 2;
var SIGNAL_POINTER_OVER = 3;
var SIGNAL_SCROLL = 4;
var SIGNAL_VISIBILITY = 5;
var SIGNAL_ACTIVITY = 6;
var SIGNAL_FLUSH = 7;
var SIGNAL_DISMISS = 8;
var SIGNAL_HIDE = 9;
var SIGNAL_CONSENT = 10;
var SIGNAL_DESTROY = 11;
var SIGNAL_RENDERER_LOADED = 12;
var SIGNAL_SENT = 13;
var TEXT_KEY = 0;
var TEXT_NAVIGATED = 1;
var TEXT_STORAGE_CHANGED = 2;
var TEXT_SHOW = 3;
var TEXT_SET_CONTEXT = 4;
var TEXT_SET_STAGE = 5;
var TEXT_SUBMIT = 6;
var QUERY_EXPLAIN = 0;
var QUERY_HANDOVER = 1;
var BUILD = true ? "6e705aee4cd794ff" : "dev";
function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function readFacts() {
  const g = (path) => path.reduce((v, k) => v == null ? void 0 : v[k], window);
  const str = (v) => typeof v === "string" ? v : void 0;
  const meta = document.querySelector("meta[name='exitpoll:stage']");
  let checkout = g(["Shopify", "checkout"]);
  try {
    checkout = checkout && typeof checkout === "object" ? JSON.parse(JSON.stringify(checkout)) : void 0;
  } catch {
    checkout = void 0;
  }
  const coarse = typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
  const nav = navigator;
  return [
    location.href,
    location.pathname,
    location.search,
    document.referrer,
    meta ? meta.getAttribute("content") : null,
    // meta stage
    document.body ? document.body.className : "",
    str(g(["ShopifyAnalytics", "meta", "page", "pageType"])),
    str(g(["Shopify", "Checkout", "step"])),
    checkout,
    (document.documentElement.getAttribute("lang") || "").trim(),
    nav.language || "",
    coarse,
    nav.maxTouchPoints || 0,
    Math.min(screen.width, screen.height),
    nav.globalPrivacyControl === true,
    // GPC
    [nav.doNotTrack, window.doNotTrack].some((v) => v === "1" || v === "yes")
    // DNT
  ];
}
function pageModalOpen() {
  let modal = false;
  try {
    modal = !!document.querySelector("dialog:modal");
  } catch {
    modal = !!document.querySelector("dialog[open]");
  }
  if (modal) return true;
  for (const e of document.querySelectorAll("[aria-modal='true']")) {
    if (e.getClientRects().length > 0) return true;
  }
  return false;
}
function answersWaiting(stored) {
  if (stored === null) return false;
  try {
    return JSON.parse(stored).outbox.length > 0;
  } catch {
    return true;
  }
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
var Handle = class {
  #w = null;
  #dead = false;
  #fatalReported = false;
  #queue = [];
  #listeners = new Map(EVENTS.map((e) => [e, /* @__PURE__ */ new Set()]));
  #abort = null;
  #timer = 0;
  #history = null;
  #renderer = null;
  #rendererLoading = false;
  #rendererFailed = false;
  /** The lite build runs (until it hands a survey over to the lean build). */
  #lite = false;
  #settings = "";
  #configText = "";
  #storageKey = "";
  #options;
  #endpoint;
  constructor(options, waitForLoad) {
    this.#options = options;
    this.ready = this.#start(waitForLoad);
    this.ready.catch(() => {
    });
  }
  // ----- the public API ------------------------------------------------------
  setContext(context) {
    if (!isPlainObject(context)) return this.#report("setContext: expected an object such as { cart_value: 84.5 }");
    let json;
    try {
      json = JSON.stringify(context);
    } catch (e) {
      return this.#report(`setContext: the object cannot be serialised (${e.message})`);
    }
    this.#apply("setContext", (w) => w.text(TEXT_SET_CONTEXT, json, 0));
  }
  setStage(stage) {
    if (stage !== null && !STAGES.includes(stage)) {
      return this.#report(`setStage: unknown stage ${JSON.stringify(stage)}, expected one of ${STAGES.join(", ")} or null`);
    }
    this.#apply("setStage", (w) => w.text(TEXT_SET_STAGE, stage, 0));
  }
  show(surveyId) {
    if (typeof surveyId !== "string" || !surveyId) return this.#report("show: expected a survey id");
    this.#apply("show", (w) => w.text(TEXT_SHOW, surveyId, 0));
  }
  hide() {
    this.#apply("hide", (w) => w.signal(SIGNAL_HIDE, 0, 0, 0));
  }
  consent(granted) {
    if (typeof granted !== "boolean") return this.#report("consent: expected true or false");
    this.#apply("consent", (w) => w.signal(SIGNAL_CONSENT, +granted, 0, 0));
  }
  /** For each survey: whether it could show now, and every reason it cannot. */
  explain() {
    if (!this.#w) return [];
    const json = this.#call((w) => w.query(QUERY_EXPLAIN));
    return json ? JSON.parse(json) : [];
  }
  /** Subscribes to an event; returns a function that unsubscribes. */
  on(event, fn) {
    const set = this.#listeners.get(event);
    if (!set) {
      this.#report(`on: unknown event ${JSON.stringify(event)}, expected one of ${EVENTS.join(", ")}`);
      return () => {
      };
    }
    if (typeof fn !== "function") {
      this.#report("on: expected a function");
      return () => {
      };
    }
    set.add(fn);
    return () => set.delete(fn);
  }
  /** Removes every listener, timer and DOM node the widget made. */
  destroy() {
    this.#teardown();
  }
  /** Snippet-style calls: `exitpoll.push(["setContext", {...}])`. */
  push(item) {
    if (!Array.isArray(item) || !METHODS.includes(item[0])) {
      return this.#report(`push: expected [method, ...args] with a method of ${METHODS.join(", ")}`);
    }
    this[item[0]](...item.slice(1));
  }
  // ----- start-up ------------------------------------------------------------
  async #start(waitForLoad) {
    const o = this.#options;
    try {
      const problems = checkOptions(o);
      if (problems.length) throw new TypeError(problems.join("; "));
      if (waitForLoad && document.readyState !== "complete") {
        await new Promise((resolve) => addEventListener("load", resolve, { once: true }));
      }
      this.#endpoint = o.endpoint !== void 0 ? String(o.endpoint).replace(/\/+$/, "") : "";
      const site = encodeURIComponent(o.site);
      const { text: configText, checked } = await this.#loadConfig(site);
      this.#configText = configText;
      this.#storageKey = `exitpoll:${o.site}`;
      let glue;
      try {
        this.#lite = checked && !o.debug && !answersWaiting(this.#load());
        const wasmUrl = this.#lite ? o.liteWasmUrl ?? new URL("exitpoll_widget_lite_bg.wasm", import.meta.url) : checked ? o.leanWasmUrl ?? new URL("exitpoll_widget_lean_bg.wasm", import.meta.url) : o.wasmUrl ?? new URL("exitpoll_widget_bg.wasm", import.meta.url);
        const wasm = fetch(wasmUrl);
        wasm.catch(() => {
        });
        glue = this.#lite ? await import("./exitpoll_widget_lite.js") : await this.#fullGlue();
        await glue.default({ module_or_path: wasm });
      } catch (e) {
        throw new Error(
          `could not start WebAssembly (${e && e.message}). If the page has a Content Security Policy, script-src must allow 'wasm-unsafe-eval'.`
        );
      }
      const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
      if (this.#dead) return this;
      await nextTask();
      if (this.#dead) return this;
      try {
        glue.prepare?.(configText);
      } catch (e) {
        this.#fatal(e);
        return this;
      }
      await nextTask();
      if (this.#dead) return this;
      const seed = new Uint32Array(2);
      crypto.getRandomValues(seed);
      this.#settings = JSON.stringify({
        site: o.site,
        stage: o.stage ?? null,
        context: o.context ?? null,
        consent: o.consent ?? null,
        debug: !!o.debug
      });
      this.#abort = new AbortController();
      this.#w = glue.Widget.start(this.#settings, configText, JSON.stringify(readFacts()), this.#load(), this.#host(), seed[0], seed[1]);
      this.#listen();
      for (const [, fn] of this.#queue.splice(0)) this.#call(fn);
      this.#emit("ready", { site: o.site });
      return this;
    } catch (e) {
      const message = `exitpoll: ${e && e.message ? e.message : e}`;
      console.error(message);
      this.#emit("error", { message });
      this.#teardown();
      throw new Error(message);
    }
  }
  /**
   * Loads the renderer, then tells the widget whether it can draw. The lite
   * build cannot: with the renderer comes the lean build, which takes over.
   */
  #loadRenderer() {
    if (this.#rendererLoading) return;
    this.#rendererLoading = true;
    const o = this.#options;
    const failed = (what) => (e) => {
      throw new Error(`could not load ${what} (${e && e.message})`);
    };
    const renderer = this.#renderer ? null : (o.renderUrl ? import(
      /* @vite-ignore */
      String(o.renderUrl)
    ) : import("./render.js")).then((m) => {
      if (m.BUILD !== BUILD) {
        throw new Error(`it is of build ${m.BUILD}, this page runs ${BUILD}: the widget was updated while the page was open`);
      }
      if (this.#dead) return;
      this.#renderer = m.createRenderer({
        submit: (answer) => this.#call((w) => w.text(TEXT_SUBMIT, answer === null ? void 0 : JSON.stringify(answer), 0)),
        dismiss: () => this.#signal(SIGNAL_DISMISS),
        log: (message) => o.debug && console.log(`exitpoll: ${message}`)
      }, this.#abort.signal);
    }).catch(failed(`the survey renderer${o.renderUrl ? ` from ${o.renderUrl}` : ""}`));
    const lean = this.#lite ? this.#loadLean().catch(failed(`the widget build that draws surveys${o.leanWasmUrl ? ` from ${o.leanWasmUrl}` : ""}`)) : null;
    Promise.all([renderer, lean]).then(
      ([, glue]) => {
        this.#rendererLoading = false;
        if (this.#dead) return;
        if (glue) this.#takeOver(glue);
        else this.#signal(SIGNAL_RENDERER_LOADED, 1);
      },
      (e) => {
        this.#rendererLoading = false;
        if (this.#dead) return;
        if (!this.#rendererFailed) {
          this.#rendererFailed = true;
          this.#report(
            `${e && e.message}; the survey is not shown. If the page has a Content Security Policy, script-src must allow the widget's origin.`
          );
        }
        this.#signal(SIGNAL_RENDERER_LOADED, 0);
      }
    );
  }
  /**
   * The glue of the full and the lean build (the lite build's is bundled with
   * the host), of this host's build: it may load long after the host.
   */
  async #fullGlue() {
    const o = this.#options;
    const glue = await (o.glueUrl ? import(
      /* @vite-ignore */
      String(o.glueUrl)
    ) : import("./exitpoll_widget.js"));
    if (glue.BUILD !== BUILD) {
      throw new Error(`its WebAssembly glue is of build ${glue.BUILD}, this page runs ${BUILD}: the widget was updated while the page was open`);
    }
    return glue;
  }
  /** The lean build, ready to start: what draws a survey the lite build opens. */
  async #loadLean() {
    const o = this.#options;
    const wasm = fetch(o.leanWasmUrl ?? new URL("exitpoll_widget_lean_bg.wasm", import.meta.url));
    wasm.catch(() => {
    });
    const glue = await this.#fullGlue();
    await glue.default({ module_or_path: wasm });
    return glue;
  }
  /**
   * The lite build opened a survey: the lean build goes on with its page view
   * (`handover` in the engine) and draws the survey; the lite build is freed.
   */
  #takeOver(glue) {
    const handover = this.#call((w) => w.query(QUERY_HANDOVER));
    if (!handover || this.#dead) return;
    const seed = new Uint32Array(2);
    crypto.getRandomValues(seed);
    let lean;
    try {
      lean = glue.Widget.start(this.#settings, this.#configText, JSON.stringify(readFacts()), null, this.#host(), seed[0], seed[1], handover);
    } catch (e) {
      this.#report(`could not hand the survey over to the lean build (${e && e.message}); it is not shown`);
      this.#signal(SIGNAL_RENDERER_LOADED, 0);
      return;
    }
    const lite = this.#w;
    this.#w = lean;
    this.#lite = false;
    try {
      lite.free();
    } catch {
    }
  }
  #load() {
    try {
      return localStorage.getItem(this.#storageKey);
    } catch {
      return null;
    }
  }
  /**
   * The site config's text, and whether its collector checked it: the
   * `Exitpoll-Config` header, whose value names the config format version
   * (`CHECKED` in the protocol crate's `config/read.rs`).
   */
  async #loadConfig(site) {
    const o = this.#options;
    if (typeof o.config === "string") return { text: o.config, checked: false };
    if (isPlainObject(o.config)) return { text: JSON.stringify(o.config), checked: false };
    const url = o.configUrl ?? `${this.#endpoint}/v1/sites/${site}/config`;
    let response;
    try {
      response = await fetch(url, { credentials: "omit" });
    } catch (e) {
      throw new Error(`could not load the site config from ${url}: ${e.message}`);
    }
    if (!response.ok) {
      throw new Error(`could not load the site config from ${url}: HTTP ${response.status}`);
    }
    return { text: await response.text(), checked: response.headers.get("Exitpoll-Config") === "checked-1" };
  }
  // ----- calls into the widget ------------------------------------------------
  #apply(name, fn) {
    if (this.#dead) return;
    if (this.#w) this.#call(fn);
    else this.#queue.push([name, fn]);
  }
  #call(fn) {
    if (this.#dead || !this.#w) return void 0;
    try {
      return fn(this.#w);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || !(e instanceof Error) || e.name === "RuntimeError") {
        this.#fatal(e);
      } else {
        this.#report(e.message);
      }
      return void 0;
    }
  }
  /** A problem the page should know of (bad input, a renderer that did not load): console and `error` event. */
  #report(message) {
    const text = `exitpoll: ${message}`;
    console.error(text);
    this.#emit("error", { message: text });
  }
  #fatal(e) {
    if (!this.#fatalReported) {
      const message = `exitpoll: internal error, the widget is disabled: ${typeof e === "string" ? e : e && e.message}`;
      console.error(message);
      this.#emit("error", { message, fatal: true });
    }
    this.#teardown();
  }
  #emit(name, detail) {
    const d = { ...detail };
    for (const fn of this.#listeners.get(name) ?? []) {
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
  }
  /**
   * The functions the wasm module may call. None of them may throw: an
   * exception unwinding through wasm would leave the module's state borrowed,
   * so each is wrapped and a failure becomes one console error.
   */
  #host() {
    const host = this.#hostFunctions();
    for (const [name, fn] of Object.entries(host)) {
      host[name] = (...args) => {
        try {
          return fn(...args);
        } catch (e) {
          console.error(`exitpoll: ${name} failed:`, e);
          return false;
        }
      };
    }
    return host;
  }
  #hostFunctions() {
    const responsesUrl = `${this.#endpoint}/v1/sites/${encodeURIComponent(this.#options.site)}/responses`;
    return {
      schedule: (ms) => {
        clearTimeout(this.#timer);
        this.#timer = ms < 0 ? 0 : setTimeout(() => this.#signal(SIGNAL_TICK), ms);
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
            this.#signal(SIGNAL_SENT, batch, r.status, Number.isFinite(retry) && retry >= 0 ? retry : -1);
          },
          () => this.#signal(SIGNAL_SENT, batch, 0, -1)
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
        if (detail.fatal) this.#fatalReported = true;
        queueMicrotask(() => this.#emit(name, detail));
      },
      save: (state) => {
        try {
          localStorage.setItem(this.#storageKey, state);
          return true;
        } catch {
          return false;
        }
      },
      load: () => this.#load(),
      clear: () => {
        try {
          localStorage.removeItem(this.#storageKey);
        } catch {
        }
      },
      // Before the renderer is loaded there is nothing on screen to change
      // (a survey hidden while its renderer loads only has to stay closed).
      render: (json) => this.#renderer?.render(json),
      rendererReady: () => this.#renderer !== null,
      loadRenderer: () => this.#loadRenderer(),
      modalOpen: () => pageModalOpen(),
      console: (level, message) => console[level](message)
    };
  }
  // ----- listeners ------------------------------------------------------------
  /** Feeds the widget a page signal without text (`Widget::signal`). */
  #signal(kind, a = 0, b = 0, c = 0) {
    this.#call((w) => w.signal(kind, a, b, c));
  }
  #on(target, type, fn, passive = true) {
    target.addEventListener(type, fn, { passive, capture: true, signal: this.#abort.signal });
  }
  #listen() {
    const doc = document;
    this.#on(doc, "mousemove", (e) => this.#signal(SIGNAL_POINTER_MOVE, e.clientY));
    this.#on(doc, "mouseout", (e) => {
      const tag = e.target && e.target.tagName;
      const formControl = tag === "SELECT" || tag === "OPTION" || tag === "DATALIST";
      this.#signal(SIGNAL_POINTER_OUT, e.clientY, +!!e.relatedTarget, +formControl);
    });
    this.#on(doc, "mouseover", (e) => {
      if (!e.relatedTarget) this.#signal(SIGNAL_POINTER_OVER);
    });
    this.#on(doc, "keydown", (e) => this.#call((w) => w.text(TEXT_KEY, e.key || "", e.ctrlKey | e.metaKey << 1)));
    this.#on(
      window,
      "scroll",
      () => this.#signal(SIGNAL_SCROLL, window.scrollY, window.innerHeight, doc.documentElement.scrollHeight)
    );
    this.#on(doc, "visibilitychange", () => {
      const visible = doc.visibilityState === "visible";
      if (!visible) this.#signal(SIGNAL_FLUSH);
      this.#signal(SIGNAL_VISIBILITY, +visible);
    });
    this.#on(window, "pagehide", () => this.#signal(SIGNAL_FLUSH));
    for (const type of ["pointerdown", "touchstart", "input", "wheel"]) {
      this.#on(doc, type, () => this.#signal(SIGNAL_ACTIVITY));
    }
    const navigated = () => this.#call((w) => w.text(TEXT_NAVIGATED, JSON.stringify(readFacts()), 0));
    this.#on(window, "popstate", navigated);
    this.#on(window, "hashchange", navigated);
    this.#on(window, "storage", (e) => {
      if (e.key === this.#storageKey && e.newValue) this.#call((w) => w.text(TEXT_STORAGE_CHANGED, e.newValue, 0));
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
    this.#history = original;
  }
  #teardown() {
    if (this.#dead) return;
    this.#dead = true;
    clearTimeout(this.#timer);
    if (this.#abort) this.#abort.abort();
    if (this.#history) {
      history.pushState = this.#history.pushState;
      history.replaceState = this.#history.replaceState;
    }
    if (this.#w) {
      try {
        this.#w.signal(SIGNAL_DESTROY, 0, 0, 0);
        this.#w.free();
      } catch {
      }
    }
    this.#renderer?.close();
    this.#w = null;
    this.#queue.length = 0;
  }
};
export {
  checkOptions,
  createWidget,
  init
};
