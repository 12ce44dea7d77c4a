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
    wasm.p(ptr, 0);
  }
  /**
   * Text the host asks for; `kind` is one of the host's `QUERY_*`
   * (`js/widget.js`), numbered as [`query_kind`]. One export, as for
   * [`Widget::signal`].
   * @param {number} kind
   * @returns {string | undefined}
   */
  query(kind) {
    const ret = wasm.q(this.__wbg_ptr, kind);
    let v1;
    if (ret[0] !== 0) {
      v1 = getStringFromWasm0(ret[0], ret[1]);
      wasm.y(ret[0], ret[1] * 1, 1);
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
    wasm.r(this.__wbg_ptr, kind, a, b, c);
  }
  /**
   * Starts the lite build, which hands a survey over but never takes one.
   * @param {string} options
   * @param {string} config
   * @param {string} facts
   * @param {string | null | undefined} stored
   * @param {any} host
   * @param {number} seed_hi
   * @param {number} seed_lo
   * @returns {Widget}
   */
  static start(options, config, facts, stored, host, seed_hi, seed_lo) {
    const val5 = +seed_hi;
    const val6 = +seed_lo;
    let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3;
    try {
      ptr0 = passStringToWasm0(options, wasm.w, wasm.x);
      len0 = WASM_VECTOR_LEN;
      ptr1 = passStringToWasm0(config, wasm.w, wasm.x);
      len1 = WASM_VECTOR_LEN;
      ptr2 = passStringToWasm0(facts, wasm.w, wasm.x);
      len2 = WASM_VECTOR_LEN;
      ptr3 = isLikeNone(stored) ? 0 : passStringToWasm0(stored, wasm.w, wasm.x);
      len3 = WASM_VECTOR_LEN;
    } catch (e) {
      if (ptr3) {
        wasm.y(ptr3, len3 * 1, 1);
      }
      if (ptr2) {
        wasm.y(ptr2, len2 * 1, 1);
      }
      if (ptr1) {
        wasm.y(ptr1, len1 * 1, 1);
      }
      if (ptr0) {
        wasm.y(ptr0, len0 * 1, 1);
      }
      throw e;
    }
    const ret = wasm.s(ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, host, val5, val6);
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
    var ptr0 = isLikeNone(text) ? 0 : passStringToWasm0(text, wasm.w, wasm.x);
    var len0 = WASM_VECTOR_LEN;
    const ret = wasm.t(this.__wbg_ptr, val2, ptr0, len0, val3);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
}
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    l: function(arg0, arg1) {
      const ret = Error(getStringFromWasm0(arg0, arg1));
      return ret;
    },
    k: function(arg0) {
      throw arg0;
    },
    j: function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    },
    f: function(arg0) {
      arg0.clear();
    },
    h: function(arg0, arg1, arg2, arg3, arg4) {
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
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.w, wasm.x);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    a: function() {
      const ret = Date.now();
      return ret;
    },
    g: function(arg0, arg1, arg2) {
      arg0.render(getStringFromWasm0(arg1, arg2));
    },
    e: function(arg0, arg1, arg2) {
      const ret = arg0.save(getStringFromWasm0(arg1, arg2));
      return ret;
    },
    i: function(arg0, arg1) {
      arg0.schedule(arg1);
    },
    n: function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    },
    m: function() {
      const table = wasm.z;
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
const WidgetFinalization = { register() {
}, unregister() {
} };
let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.o.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.o.buffer);
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
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.o.buffer);
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
  const value = wasm.z.get(idx);
  wasm.A(idx);
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
let WASM_VECTOR_LEN = 0;
let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
  wasmInstance = instance;
  wasm = instance.exports;
  wasmModule = module;
  cachedDataViewMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  wasm.B();
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
  __wbg_init as default
};
