//! Reading the facts the engine decides on off the page: URL, markers,
//! platform globals, device, language and privacy signals.
//!
//! Everything here is a read; nothing decides.

use exitpoll_engine::device::{DeviceFacts, classify};
use exitpoll_engine::stage::PageSignals;
use exitpoll_protocol::config::Device;
use exitpoll_protocol::json::{self, Value};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Window};

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn get_path(target: &JsValue, keys: &[&str]) -> Option<JsValue> {
    keys.iter().try_fold(target.clone(), |v, k| get(&v, k))
}

/// Reads the page's signals for stage detection and context.
pub fn signals(window: &Window, document: &Document) -> PageSignals {
    let location = window.location();
    let meta_stage = document
        .query_selector("meta[name='exitpoll:stage']")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"));
    let body_classes = document.body().map(|b| b.class_name()).unwrap_or_default();
    let win: &JsValue = window.as_ref();
    let shopify_page_type =
        get_path(win, &["ShopifyAnalytics", "meta", "page", "pageType"]).and_then(|v| v.as_string());
    let shopify_checkout_step = get_path(win, &["Shopify", "Checkout", "step"]).and_then(|v| v.as_string());
    let shopify_checkout = get_path(win, &["Shopify", "checkout"])
        .filter(JsValue::is_object)
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .and_then(|s| json::parse(&s).ok())
        .filter(|v| matches!(v, Value::Object(_)));
    PageSignals {
        url: location.href().unwrap_or_default(),
        path: location.pathname().unwrap_or_default(),
        query: location.search().unwrap_or_default().trim_start_matches('?').to_owned(),
        referrer: document.referrer(),
        meta_stage,
        body_classes,
        shopify_page_type,
        shopify_checkout_step,
        shopify_checkout,
    }
}

pub fn device(window: &Window) -> Device {
    let coarse_pointer = window.match_media("(pointer: coarse)").ok().flatten().is_some_and(|m| m.matches());
    let max_touch_points = window.navigator().max_touch_points().max(0) as u32;
    let screen_short_side = window
        .screen()
        .ok()
        .map(|s| {
            let w = s.width().unwrap_or(0);
            let h = s.height().unwrap_or(0);
            f64::from(w.min(h))
        })
        .unwrap_or(1024.0);
    classify(DeviceFacts { coarse_pointer, max_touch_points, screen_short_side })
}

/// The page's language: `<html lang>`, else the browser's, else English.
pub fn locale(window: &Window, document: &Document) -> String {
    let lang = document.document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_default();
    let lang = lang.trim();
    if exitpoll_protocol::text::is_locale(lang) {
        return lang.to_owned();
    }
    window
        .navigator()
        .language()
        .filter(|l| exitpoll_protocol::text::is_locale(l))
        .unwrap_or_else(|| "en".into())
}

/// Global Privacy Control and Do Not Track, as the browser reports them.
pub fn privacy_signals(window: &Window) -> (bool, bool) {
    let nav: JsValue = window.navigator().into();
    let gpc = get(&nav, "globalPrivacyControl").and_then(|v| v.as_bool()).unwrap_or(false);
    let dnt_nav = get(&nav, "doNotTrack").and_then(|v| v.as_string());
    let dnt_win = get(window.as_ref(), "doNotTrack").and_then(|v| v.as_string());
    let dnt = [dnt_nav, dnt_win].iter().flatten().any(|v| v == "1" || v == "yes");
    (gpc, dnt)
}

/// Whether the page has its own modal dialog open, which a survey must not cover.
pub fn host_modal_open(document: &Document) -> bool {
    let query = |sel: &str| document.query_selector(sel).ok().flatten();
    // `:modal` matches <dialog>s opened with showModal(); older engines reject
    // the selector, so fall back to any open <dialog>.
    let native = match document.query_selector("dialog:modal") {
        Ok(found) => found.is_some(),
        Err(_) => query("dialog[open]").is_some(),
    };
    native
        || query("[aria-modal='true']")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|e| e.offset_parent().is_some() || e.get_client_rects().length() > 0)
}
