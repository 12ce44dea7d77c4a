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
    wasm.__wbg_widget_free(ptr, 0);
  }
  activity() {
    wasm.widget_activity(this.__wbg_ptr);
  }
  /**
   * @param {boolean} granted
   */
  consent(granted) {
    wasm.widget_consent(this.__wbg_ptr, granted);
  }
  /**
   * Removes the dialog; the host removes its listeners and timer.
   */
  destroy() {
    wasm.widget_destroy(this.__wbg_ptr);
  }
  /**
   * `explain()`, as JSON.
   * @returns {string}
   */
  explain() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.widget_explain(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * The page is being hidden or unloaded: hand every pending snapshot to
   * `navigator.sendBeacon`.
   */
  flush() {
    wasm.widget_flush(this.__wbg_ptr);
  }
  hide() {
    wasm.widget_hide(this.__wbg_ptr);
  }
  /**
   * @param {string} key
   * @param {boolean} ctrl
   * @param {boolean} meta
   */
  key(key, ctrl, meta) {
    const val2 = +ctrl;
    const val3 = +meta;
    const ptr0 = passStringToWasm0(key, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.widget_key(this.__wbg_ptr, ptr0, len0, val2, val3);
  }
  /**
   * Single-page navigation happened; the page is read again.
   */
  navigated() {
    wasm.widget_navigated(this.__wbg_ptr);
  }
  /**
   * @param {number} y
   */
  pointerMove(y) {
    wasm.widget_pointerMove(this.__wbg_ptr, y);
  }
  /**
   * @param {number} y
   * @param {boolean} related_target
   * @param {boolean} from_form_control
   */
  pointerOut(y, related_target, from_form_control) {
    wasm.widget_pointerOut(this.__wbg_ptr, y, related_target, from_form_control);
  }
  pointerOver() {
    wasm.widget_pointerOver(this.__wbg_ptr);
  }
  /**
   * @param {number} y
   * @param {number} viewport_height
   * @param {number} document_height
   */
  scroll(y, viewport_height, document_height) {
    wasm.widget_scroll(this.__wbg_ptr, y, viewport_height, document_height);
  }
  /**
   * The answer to a request started with `host.send`: an HTTP status (0 for
   * a network error) and the `Retry-After` seconds (negative when absent).
   * @param {number} batch
   * @param {number} status
   * @param {number} retry_after_s
   */
  sent(batch, status, retry_after_s) {
    wasm.widget_sent(this.__wbg_ptr, batch, status, retry_after_s);
  }
  /**
   * `setContext(obj)`, as JSON.
   * @param {string} context_json
   */
  setContext(context_json) {
    const ptr0 = passStringToWasm0(context_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.widget_setContext(this.__wbg_ptr, ptr0, len0);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * `setStage(stage)`; `null` goes back to detection.
   * @param {string | null} [stage]
   */
  setStage(stage) {
    var ptr0 = isLikeNone(stage) ? 0 : passStringToWasm0(stage, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    var len0 = WASM_VECTOR_LEN;
    const ret = wasm.widget_setStage(this.__wbg_ptr, ptr0, len0);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * @param {string} survey_id
   */
  show(survey_id) {
    const ptr0 = passStringToWasm0(survey_id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.widget_show(this.__wbg_ptr, ptr0, len0);
  }
  /**
   * Starts the widget. `options` is JSON (`site`, `stage`, `context`,
   * `consent`, `debug`); `config` is the site config's JSON text.
   * @param {string} options
   * @param {string} config
   * @param {any} host
   * @param {number} seed_hi
   * @param {number} seed_lo
   * @returns {Widget}
   */
  static start(options, config, host, seed_hi, seed_lo) {
    const val3 = +seed_hi;
    const val4 = +seed_lo;
    let ptr0, len0, ptr1, len1;
    try {
      ptr0 = passStringToWasm0(options, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      len0 = WASM_VECTOR_LEN;
      ptr1 = passStringToWasm0(config, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      len1 = WASM_VECTOR_LEN;
    } catch (e) {
      if (ptr1) {
        wasm.__wbindgen_free(ptr1, len1 * 1, 1);
      }
      if (ptr0) {
        wasm.__wbindgen_free(ptr0, len0 * 1, 1);
      }
      throw e;
    }
    const ret = wasm.widget_start(ptr0, len0, ptr1, len1, host, val3, val4);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return Widget.__wrap(ret[0]);
  }
  /**
   * Another tab changed the stored state.
   * @param {string} text
   */
  storageChanged(text) {
    const ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.widget_storageChanged(this.__wbg_ptr, ptr0, len0);
  }
  /**
   * The `localStorage` key the widget keeps its state under.
   * @returns {string}
   */
  storageKey() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.widget_storageKey(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  tick() {
    wasm.widget_tick(this.__wbg_ptr);
  }
  /**
   * A click on a control marked `data-ep`: `close`, `copy` or `cta`.
   * @param {string} action
   */
  uiAction(action) {
    const ptr0 = passStringToWasm0(action, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    wasm.widget_uiAction(this.__wbg_ptr, ptr0, len0);
  }
  /**
   * A key pressed inside the dialog. Returns true when the widget handled
   * it and the browser's default must be prevented.
   * @param {string} key
   * @param {boolean} shift
   * @returns {boolean}
   */
  uiKey(key, shift) {
    const val2 = +shift;
    const ptr0 = passStringToWasm0(key, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.widget_uiKey(this.__wbg_ptr, ptr0, len0, val2);
    return ret !== 0;
  }
  /**
   * The survey's form was submitted.
   */
  uiSubmit() {
    wasm.widget_uiSubmit(this.__wbg_ptr);
  }
  /**
   * @param {boolean} visible
   */
  visibility(visible) {
    wasm.widget_visibility(this.__wbg_ptr, visible);
  }
}
if (Symbol.dispose) Widget.prototype[Symbol.dispose] = Widget.prototype.free;
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    __wbg_Error_208446807d0d1e30: function(arg0, arg1) {
      const ret = Error(getStringFromWasm0(arg0, arg1));
      return ret;
    },
    __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: function(arg0) {
      const v = arg0;
      const ret = typeof v === "boolean" ? v : void 0;
      return isLikeNone(ret) ? 16777215 : ret ? 1 : 0;
    },
    __wbg___wbindgen_debug_string_f249a2a76caa9a55: function(arg0, arg1) {
      const ret = debugString(arg1);
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg___wbindgen_is_null_c22311b1cc228e3a: function(arg0) {
      const ret = arg0 === null;
      return ret;
    },
    __wbg___wbindgen_is_object_8b968c3ab8e96595: function(arg0) {
      const val = arg0;
      const ret = typeof val === "object" && val !== null;
      return ret;
    },
    __wbg___wbindgen_is_undefined_be5b34249ff1fc15: function(arg0) {
      const ret = arg0 === void 0;
      return ret;
    },
    __wbg___wbindgen_string_get_7ce8eee7fd327545: function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "string" ? obj : void 0;
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    },
    __wbg_activeElement_6c30fe7fda33ef51: function(arg0) {
      const ret = arg0.activeElement;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_activeElement_f9fa238dd2650f32: function(arg0) {
      const ret = arg0.activeElement;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_appendChild_dbf7ad2f48413560: function() {
      return handleError(function(arg0, arg1) {
        const ret = arg0.appendChild(arg1);
        return ret;
      }, arguments);
    },
    __wbg_attachShadow_ebe844ae64e30ce4: function() {
      return handleError(function(arg0, arg1) {
        const ret = arg0.attachShadow(arg1);
        return ret;
      }, arguments);
    },
    __wbg_attach_18dc56c742a5f76d: function(arg0, arg1) {
      arg0.attach(arg1);
    },
    __wbg_beacon_a2f22f6d36b85cf5: function(arg0, arg1, arg2) {
      const ret = arg0.beacon(getStringFromWasm0(arg1, arg2));
      return ret;
    },
    __wbg_body_5f971cbc6950ca4f: function(arg0) {
      const ret = arg0.body;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_className_21cd2b41431f18fa: function(arg0, arg1) {
      const ret = arg1.className;
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg_compareDocumentPosition_3d18385277202b3c: function(arg0, arg1) {
      const ret = arg0.compareDocumentPosition(arg1);
      return ret;
    },
    __wbg_console_8bd9201cd5e43b76: function(arg0, arg1, arg2, arg3, arg4) {
      arg0.console(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
    },
    __wbg_copy_a418a7c223d3476a: function(arg0, arg1, arg2) {
      arg0.copy(getStringFromWasm0(arg1, arg2));
    },
    __wbg_createElement_de4a31ed2fb252be: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.createElement(getStringFromWasm0(arg1, arg2));
        return ret;
      }, arguments);
    },
    __wbg_documentElement_5e44e37dd0181a81: function(arg0) {
      const ret = arg0.documentElement;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_document_3b5c3071b43e97ee: function(arg0) {
      const ret = arg0.document;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_emit_bb7ed907f9225815: function(arg0, arg1, arg2, arg3, arg4) {
      arg0.emit(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
    },
    __wbg_focus_d5e2fdbdb56416f0: function() {
      return handleError(function(arg0) {
        arg0.focus();
      }, arguments);
    },
    __wbg_getAttribute_c7b80d4010284561: function(arg0, arg1, arg2, arg3) {
      const ret = arg1.getAttribute(getStringFromWasm0(arg2, arg3));
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg_getClientRects_f683d637a254d6a7: function(arg0) {
      const ret = arg0.getClientRects();
      return ret;
    },
    __wbg_getItem_49556a3e59cfb688: function() {
      return handleError(function(arg0, arg1, arg2, arg3) {
        const ret = arg1.getItem(getStringFromWasm0(arg2, arg3));
        var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len1 = WASM_VECTOR_LEN;
        getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
        getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
      }, arguments);
    },
    __wbg_get_2080c49015e35254: function() {
      return handleError(function(arg0, arg1) {
        const ret = Reflect.get(arg0, arg1);
        return ret;
      }, arguments);
    },
    __wbg_height_a9545d340131bb46: function() {
      return handleError(function(arg0) {
        const ret = arg0.height;
        return ret;
      }, arguments);
    },
    __wbg_href_a0128fb7c568d8e5: function() {
      return handleError(function(arg0, arg1) {
        const ret = arg1.href;
        const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len1 = WASM_VECTOR_LEN;
        getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
        getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
      }, arguments);
    },
    __wbg_instanceof_Element_05dbb22ded594343: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Element;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_HtmlElement_ea32ea7121e0a496: function(arg0) {
      let result;
      try {
        result = arg0 instanceof HTMLElement;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_Window_5cf453f5639aa1a2: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Window;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_isConnected_c529655b02d009e7: function(arg0) {
      const ret = arg0.isConnected;
      return ret;
    },
    __wbg_is_2248ff2b575d60c7: function(arg0, arg1) {
      const ret = Object.is(arg0, arg1);
      return ret;
    },
    __wbg_item_5b70fe58b24cf84b: function(arg0, arg1) {
      const ret = arg0.item(arg1 >>> 0);
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_language_2004ccd76f539a2b: function(arg0, arg1) {
      const ret = arg1.language;
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg_length_9aab85334c5daf3f: function(arg0) {
      const ret = arg0.length;
      return ret;
    },
    __wbg_length_9af91c726707ec61: function(arg0) {
      const ret = arg0.length;
      return ret;
    },
    __wbg_localStorage_6827cfe6db14a9f6: function() {
      return handleError(function(arg0) {
        const ret = arg0.localStorage;
        return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
      }, arguments);
    },
    __wbg_location_7320782274fc691b: function(arg0) {
      const ret = arg0.location;
      return ret;
    },
    __wbg_matchMedia_b53687d22ec43649: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.matchMedia(getStringFromWasm0(arg1, arg2));
        return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
      }, arguments);
    },
    __wbg_matches_a47c420646498c64: function(arg0) {
      const ret = arg0.matches;
      return ret;
    },
    __wbg_maxTouchPoints_2d80c8c779791c06: function(arg0) {
      const ret = arg0.maxTouchPoints;
      return ret;
    },
    __wbg_navigator_c17f443a6fe5d38d: function(arg0) {
      const ret = arg0.navigator;
      return ret;
    },
    __wbg_new_959f4d5eafef3722: function() {
      return handleError(function() {
        const ret = new CSSStyleSheet();
        return ret;
      }, arguments);
    },
    __wbg_new_cd4348290afae586: function() {
      const ret = new Object();
      return ret;
    },
    __wbg_now_463ac581d2fc7ea3: function() {
      const ret = Date.now();
      return ret;
    },
    __wbg_of_027eb15371aac932: function(arg0) {
      const ret = Array.of(arg0);
      return ret;
    },
    __wbg_offsetParent_8baa85452aecb41b: function(arg0) {
      const ret = arg0.offsetParent;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_pathname_19fb9627ab2b1180: function() {
      return handleError(function(arg0, arg1) {
        const ret = arg1.pathname;
        const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len1 = WASM_VECTOR_LEN;
        getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
        getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
      }, arguments);
    },
    __wbg_querySelectorAll_50069ecfca89cb23: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.querySelectorAll(getStringFromWasm0(arg1, arg2));
        return ret;
      }, arguments);
    },
    __wbg_querySelectorAll_bd785907acdf7800: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.querySelectorAll(getStringFromWasm0(arg1, arg2));
        return ret;
      }, arguments);
    },
    __wbg_querySelector_1555c239948f2bf0: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.querySelector(getStringFromWasm0(arg1, arg2));
        return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
      }, arguments);
    },
    __wbg_querySelector_72201b7c62dc196b: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.querySelector(getStringFromWasm0(arg1, arg2));
        return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
      }, arguments);
    },
    __wbg_querySelector_729c5470ea4b43e8: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.querySelector(getStringFromWasm0(arg1, arg2));
        return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
      }, arguments);
    },
    __wbg_referrer_aafe945812e06640: function(arg0, arg1) {
      const ret = arg1.referrer;
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg_removeItem_6db621e167d16a1c: function() {
      return handleError(function(arg0, arg1, arg2) {
        arg0.removeItem(getStringFromWasm0(arg1, arg2));
      }, arguments);
    },
    __wbg_remove_8228e91d7ddbc755: function(arg0) {
      arg0.remove();
    },
    __wbg_replaceSync_b98cbd82f95f549c: function() {
      return handleError(function(arg0, arg1, arg2) {
        arg0.replaceSync(getStringFromWasm0(arg1, arg2));
      }, arguments);
    },
    __wbg_schedule_bc816994c2c784b0: function(arg0, arg1) {
      arg0.schedule(arg1);
    },
    __wbg_screen_1825c892891632d6: function() {
      return handleError(function(arg0) {
        const ret = arg0.screen;
        return ret;
      }, arguments);
    },
    __wbg_search_b8ba44c19bb02b19: function() {
      return handleError(function(arg0, arg1) {
        const ret = arg1.search;
        const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len1 = WASM_VECTOR_LEN;
        getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
        getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
      }, arguments);
    },
    __wbg_send_716d30246e70eb97: function(arg0, arg1, arg2, arg3) {
      arg0.send(arg1 >>> 0, getStringFromWasm0(arg2, arg3));
    },
    __wbg_setAttribute_f75317b2b5cabfb4: function() {
      return handleError(function(arg0, arg1, arg2, arg3, arg4) {
        arg0.setAttribute(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
      }, arguments);
    },
    __wbg_setItem_cfa3cb31f271776a: function() {
      return handleError(function(arg0, arg1, arg2, arg3, arg4) {
        arg0.setItem(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
      }, arguments);
    },
    __wbg_setProperty_3fe74e09d53acb0b: function() {
      return handleError(function(arg0, arg1, arg2, arg3, arg4) {
        arg0.setProperty(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
      }, arguments);
    },
    __wbg_set_adoptedStyleSheets_76cf400b551c5fb0: function(arg0, arg1) {
      arg0.adoptedStyleSheets = arg1;
    },
    __wbg_set_className_fcd90345b3a090af: function(arg0, arg1, arg2) {
      arg0.className = getStringFromWasm0(arg1, arg2);
    },
    __wbg_set_mode_92c8cba20318a2e1: function(arg0, arg1) {
      arg0.mode = __wbindgen_enum_ShadowRootMode[arg1];
    },
    __wbg_set_name_004a7800aa0bdc92: function(arg0, arg1, arg2) {
      arg0.name = getStringFromWasm0(arg1, arg2);
    },
    __wbg_set_textContent_0177b2a6d9293c2c: function(arg0, arg1, arg2) {
      arg0.textContent = arg1 === 0 ? void 0 : getStringFromWasm0(arg1, arg2);
    },
    __wbg_set_type_9f32b0fcce9b6bbd: function(arg0, arg1, arg2) {
      arg0.type = getStringFromWasm0(arg1, arg2);
    },
    __wbg_set_value_cb7e77c93a95e491: function(arg0, arg1, arg2) {
      arg0.value = getStringFromWasm0(arg1, arg2);
    },
    __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: function() {
      const ret = typeof globalThis === "undefined" ? void 0 : globalThis;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: function() {
      const ret = typeof global === "undefined" ? void 0 : global;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_SELF_53bb20457401453d: function() {
      const ret = typeof self === "undefined" ? void 0 : self;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: function() {
      const ret = typeof window === "undefined" ? void 0 : window;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_stringify_0a0fbf2ef722380a: function() {
      return handleError(function(arg0) {
        const ret = JSON.stringify(arg0);
        return ret;
      }, arguments);
    },
    __wbg_style_f499e599ac70277f: function(arg0) {
      const ret = arg0.style;
      return ret;
    },
    __wbg_value_df0a0e29a4d182fe: function(arg0, arg1) {
      const ret = arg1.value;
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg_value_f61036dc298faa36: function(arg0, arg1) {
      const ret = arg1.value;
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg_width_691ab5c3475ebc9b: function() {
      return handleError(function(arg0) {
        const ret = arg0.width;
        return ret;
      }, arguments);
    },
    __wbindgen_generic_0000000000000001: function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    },
    __wbindgen_init_externref_table: function() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }
  };
  return {
    __proto__: null,
    "./exitpoll_widget_bg.js": import0
  };
}
const __wbindgen_enum_ShadowRootMode = ["open", "closed"];
const WidgetFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_widget_free(ptr, 1));
function addToExternrefTable0(obj) {
  const idx = wasm.__externref_table_alloc();
  wasm.__wbindgen_externrefs.set(idx, obj);
  return idx;
}
function debugString(val) {
  switch (typeof val) {
    // primitive types
    case "number":
    case "boolean":
    case "undefined":
      return `${val}`;
    case "string":
      return JSON.stringify(val);
    case "bigint":
      return `${val}n`;
    case "symbol":
      return val.description !== void 0 ? `Symbol(${val.description})` : "Symbol";
    case "function":
      return typeof val.name === "string" && val.name !== "" ? `Function(${val.name})` : "Function";
    case "object": {
      if (val === null) {
        return "null";
      }
      if (Array.isArray(val)) {
        return "[" + Array.from(val, debugString).join(", ") + "]";
      }
      if (val instanceof Error) {
        return `${val.name}: ${val.message}
${val.stack}`;
      }
      const toStringOutput = toString.call(val);
      const className = /\[object ([^\]]+)\]/.exec(toStringOutput)?.[1];
      if (className === void 0) {
        return toStringOutput;
      }
      if (className === "Object") {
        try {
          return "Object(" + JSON.stringify(val) + ")";
        } catch (_) {
          return "Object";
        }
      }
      return className;
    }
  }
}
let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
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
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
  }
  return cachedUint8ArrayMemory0;
}
function handleError(f, args) {
  try {
    return f.apply(this, args);
  } catch (e) {
    const idx = addToExternrefTable0(e);
    wasm.__wbindgen_exn_store(idx);
  }
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
  const value = wasm.__wbindgen_externrefs.get(idx);
  wasm.__externref_table_dealloc(idx);
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
  wasm.__wbindgen_start();
  return wasm;
}
async function __wbg_load(module, imports) {
  if (typeof Response === "function" && module instanceof Response) {
    if (!module.ok) {
      throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
    }
    if (typeof WebAssembly.instantiateStreaming === "function") {
      try {
        return await WebAssembly.instantiateStreaming(module, imports);
      } catch (e) {
        const validResponse = expectedResponseType(module.type);
        if (validResponse && module.headers.get("Content-Type") !== "application/wasm") {
          console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);
        } else {
          throw e;
        }
      }
    }
    const bytes = await module.arrayBuffer();
    return await WebAssembly.instantiate(bytes, imports);
  } else {
    const instance = await WebAssembly.instantiate(module, imports);
    if (instance instanceof WebAssembly.Instance) {
      return { instance, module };
    } else {
      return instance;
    }
  }
  function expectedResponseType(type) {
    switch (type) {
      case "basic":
      case "cors":
      case "default":
        return true;
    }
    return false;
  }
}
function initSync(module) {
  if (wasm !== void 0) return wasm;
  if (module !== void 0) {
    if (Object.getPrototypeOf(module) === Object.prototype) {
      ({ module } = module);
    } else {
      console.warn("using deprecated parameters for `initSync()`; pass a single object instead");
    }
  }
  const imports = __wbg_get_imports();
  if (!(module instanceof WebAssembly.Module)) {
    module = new WebAssembly.Module(module);
  }
  const instance = new WebAssembly.Instance(module, imports);
  return __wbg_finalize_init(instance, module);
}
let __wbg_init_promise;
async function __wbg_init(module_or_path) {
  if (wasm !== void 0) return wasm;
  if (__wbg_init_promise === void 0) {
    __wbg_init_promise = __wbg_init_once(module_or_path);
    __wbg_init_promise.catch(() => {
      __wbg_init_promise = void 0;
    });
  }
  return __wbg_init_promise;
}
async function __wbg_init_once(module_or_path) {
  if (module_or_path !== void 0) {
    if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
      ({ module_or_path } = module_or_path);
    } else {
      console.warn("using deprecated parameters for the initialization function; pass a single object instead");
    }
  }
  if (module_or_path === void 0) {
    module_or_path = new URL("exitpoll_widget_bg.wasm", import.meta.url);
  }
  const imports = __wbg_get_imports();
  if (typeof module_or_path === "string" || typeof Request === "function" && module_or_path instanceof Request || typeof URL === "function" && module_or_path instanceof URL) {
    module_or_path = fetch(module_or_path);
  }
  const { instance, module } = await __wbg_load(await module_or_path, imports);
  return __wbg_finalize_init(instance, module);
}
export {
  Widget,
  __wbg_init as default,
  initSync
};
