class Widget {
  static __wrap(ptr) {
    const obj = Object.create(Widget.prototype);
    obj.__wbg_ptr = ptr;
    WidgetFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    WidgetFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.r(ptr, 0);
  }
  /**
   * `explain()`, as JSON.
   * @returns {string}
   */
  explain() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.t(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.C(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * The lite build cannot draw a survey. When it opens one it asks the
   * host for the renderer (`host.loadRenderer`); the host then loads the
   * lean build and starts it with this (JSON), and the lean build opens
   * the survey. `None` when no survey is opening. The state it carries
   * has the outbox that is stored now, which the lean build goes on sending.
   * @returns {string | undefined}
   */
  handover() {
    const ret = wasm.u(this.__wbg_ptr);
    let v1;
    if (ret[0] !== 0) {
      v1 = getStringFromWasm0(ret[0], ret[1]);
      wasm.C(ret[0], ret[1] * 1, 1);
    }
    return v1;
  }
  /**
   * A page signal without text; `kind` is one of the host's `SIGNAL_*`
   * (`js/widget.js`), numbered as [`signal_kind`].
   * @param {number} kind
   * @param {number} a
   * @param {number} b
   * @param {number} c
   */
  signal(kind, a, b, c) {
    wasm.v(this.__wbg_ptr, kind, a, b, c);
  }
  /**
   * Starts the widget. `options` is JSON (`stage`, `context`, `consent`,
   * `debug`), `config` the site config's JSON text, `facts` what the host
   * read off the page, `stored` what the last page view stored. With
   * `handover` (what [`Widget::handover`] of the lite build returned) it
   * goes on with that page view and opens the survey the lite build chose.
   * @param {string} options
   * @param {string} config
   * @param {string} facts
   * @param {string | null | undefined} stored
   * @param {any} host
   * @param {number} seed_hi
   * @param {number} seed_lo
   * @param {string | null} [handover]
   * @returns {Widget}
   */
  static start(options, config, facts, stored, host, seed_hi, seed_lo, handover) {
    const val6 = +seed_hi;
    const val7 = +seed_lo;
    let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, ptr4, len4;
    try {
      ptr0 = passStringToWasm0(options, wasm.A, wasm.B);
      len0 = WASM_VECTOR_LEN;
      ptr1 = passStringToWasm0(config, wasm.A, wasm.B);
      len1 = WASM_VECTOR_LEN;
      ptr2 = passStringToWasm0(facts, wasm.A, wasm.B);
      len2 = WASM_VECTOR_LEN;
      ptr3 = isLikeNone(stored) ? 0 : passStringToWasm0(stored, wasm.A, wasm.B);
      len3 = WASM_VECTOR_LEN;
      ptr4 = isLikeNone(handover) ? 0 : passStringToWasm0(handover, wasm.A, wasm.B);
      len4 = WASM_VECTOR_LEN;
    } catch (e) {
      if (ptr4) {
        wasm.C(ptr4, len4 * 1, 1);
      }
      if (ptr3) {
        wasm.C(ptr3, len3 * 1, 1);
      }
      if (ptr2) {
        wasm.C(ptr2, len2 * 1, 1);
      }
      if (ptr1) {
        wasm.C(ptr1, len1 * 1, 1);
      }
      if (ptr0) {
        wasm.C(ptr0, len0 * 1, 1);
      }
      throw e;
    }
    const ret = wasm.w(ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, host, val6, val7, ptr4, len4);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return Widget.__wrap(ret[0]);
  }
  /**
   * A call with text; `kind` is one of the host's `TEXT_*`
   * (`js/widget.js`), numbered as [`text_kind`]. One export, as for
   * [`Widget::signal`]. Errors name the API call.
   * @param {number} kind
   * @param {string | null | undefined} text
   * @param {number} flags
   */
  text(kind, text, flags) {
    const val2 = +kind;
    const val3 = +flags;
    var ptr0 = isLikeNone(text) ? 0 : passStringToWasm0(text, wasm.A, wasm.B);
    var len0 = WASM_VECTOR_LEN;
    const ret = wasm.x(this.__wbg_ptr, val2, ptr0, len0, val3);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
}
if (Symbol.dispose) Widget.prototype[Symbol.dispose] = Widget.prototype.free;
function prepare(config) {
  const ptr0 = passStringToWasm0(config, wasm.A, wasm.B);
  const len0 = WASM_VECTOR_LEN;
  wasm.s(ptr0, len0);
}
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    n: function(arg0, arg1) {
      const ret = Error(getStringFromWasm0(arg0, arg1));
      return ret;
    },
    m: function(arg0) {
      throw arg0;
    },
    l: function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    },
    h: function(arg0, arg1, arg2) {
      const ret = arg0.beacon(getStringFromWasm0(arg1, arg2));
      return ret;
    },
    g: function(arg0) {
      arg0.clear();
    },
    j: function(arg0, arg1, arg2, arg3, arg4) {
      arg0.console(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
    },
    c: function(arg0, arg1, arg2, arg3, arg4) {
      arg0.emit(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
    },
    b: function(arg0) {
      arg0.loadRenderer();
    },
    d: function(arg0, arg1) {
      const ret = arg1.load();
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.A, wasm.B);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    a: function() {
      const ret = Date.now();
      return ret;
    },
    i: function(arg0, arg1, arg2) {
      arg0.render(getStringFromWasm0(arg1, arg2));
    },
    e: function(arg0, arg1, arg2) {
      const ret = arg0.save(getStringFromWasm0(arg1, arg2));
      return ret;
    },
    k: function(arg0, arg1) {
      arg0.schedule(arg1);
    },
    f: function(arg0, arg1, arg2, arg3) {
      arg0.send(arg1 >>> 0, getStringFromWasm0(arg2, arg3));
    },
    p: function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    },
    o: function() {
      const table = wasm.D;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }
  };
  return {
    __proto__: null,
    "a": import0
  };
}
const WidgetFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.r(ptr, 1));
let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.q.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.q.buffer);
  }
  return cachedDataViewMemory0;
}
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.q.buffer);
  }
  return cachedUint8ArrayMemory0;
}
function isLikeNone(x) {
  return x === void 0 || x === null;
}
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
function takeFromExternrefTable0(idx) {
  const value = wasm.D.get(idx);
  wasm.E(idx);
  return value;
}
let cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = 0;
function decodeText(bytes) {
  numBytesDecoded += bytes.length;
  if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
    cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    cachedTextDecoder.decode();
    numBytesDecoded = bytes.length;
  }
  return cachedTextDecoder.decode(bytes);
}
const cachedTextEncoder = new TextEncoder();
if (!("encodeInto" in cachedTextEncoder)) {
  cachedTextEncoder.encodeInto = function(arg, view) {
    const buf = cachedTextEncoder.encode(arg);
    view.set(buf);
    return {
      read: arg.length,
      written: buf.length
    };
  };
}
let WASM_VECTOR_LEN = 0;
let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
  wasmInstance = instance;
  wasm = instance.exports;
  wasmModule = module;
  cachedDataViewMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  wasm.F();
  return wasm;
}
let __wbg_init_promise;
function __wbg_init({ module_or_path }) {
  if (__wbg_init_promise === void 0) {
    __wbg_init_promise = __wbg_init_once(module_or_path);
    __wbg_init_promise.catch(() => {
      __wbg_init_promise = void 0;
    });
  }
  return __wbg_init_promise;
}
async function __wbg_init_once(module_or_path) {
  const response = await module_or_path;
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
  const imports = __wbg_get_imports();
  let result;
  try {
    result = await WebAssembly.instantiateStreaming(response, imports);
  } catch (e) {
    if (response.headers.get("Content-Type") === "application/wasm") throw e;
    result = await WebAssembly.instantiate(await response.arrayBuffer(), imports);
  }
  return __wbg_finalize_init(result.instance, result.module);
}
export {
  Widget,
  __wbg_init as default,
  prepare
};
