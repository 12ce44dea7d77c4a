//! What the engine decides on, read off the page with web-sys and js-sys:
//! the URL, stage markers, platform globals (Shopify, WooCommerce and
//! Magento leave them on their pages), the device, the language and the
//! privacy signals; and whether the page has a modal dialog of its own open.
//!
//! The page is untrusted: a getter may throw and a global may be anything.
//! Every read here gives the fact or its absence, never an exception.
use exitpoll_engine::device::{DeviceFacts, classify};
use exitpoll_engine::stage::PageSignals;
use exitpoll_protocol::config::Device;
use exitpoll_protocol::text::is_locale;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Window};

/// The facts of one page view.
#[derive(Debug, Clone)]
pub struct Facts {
    pub page: PageSignals,
    pub device: Device,
    pub locale: String,
    pub gpc: bool,
    pub dnt: bool,
}

/// `window.a.b.c`, or `None` where a step is missing, not an object, or throws.
fn global(window: &Window, path: &[&str]) -> Option<JsValue> {
    let mut v: JsValue = window.into();
    for key in path {
        if !v.is_object() && !v.is_function() {
            return None;
        }
        v = js_sys::Reflect::get(&v, &JsValue::from_str(key)).ok()?;
    }
    (!v.is_undefined() && !v.is_null()).then_some(v)
}

fn global_str(window: &Window, path: &[&str]) -> Option<String> {
    global(window, path)?.as_string()
}

/// The page as it is now.
pub fn read() -> Option<Facts> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    Some(Facts {
        page: signals(&window, &doc),
        device: device(&window),
        locale: locale(&window, &doc),
        gpc: gpc(&window),
        dnt: dnt(&window),
    })
}

/// The page signals alone, read again after a single-page navigation.
pub fn signals(window: &Window, doc: &Document) -> PageSignals {
    let location = window.location();
    let meta = doc
        .query_selector("meta[name='exitpoll:stage']")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"));
    // The order status page's checkout object: plain data, read through serde.
    let checkout = global(window, &["Shopify", "checkout"])
        .filter(JsValue::is_object)
        .and_then(|c| crate::js_value::read(c).ok())
        .filter(|c| c.as_object().is_some());
    PageSignals {
        url: location.href().unwrap_or_default(),
        path: location.pathname().unwrap_or_default(),
        query: location.search().unwrap_or_default().trim_start_matches('?').to_owned(),
        referrer: doc.referrer(),
        meta_stage: meta,
        body_classes: doc.body().map(|b| b.class_name()).unwrap_or_default(),
        shopify_page_type: global_str(window, &["ShopifyAnalytics", "meta", "page", "pageType"]),
        shopify_checkout_step: global_str(window, &["Shopify", "Checkout", "step"]),
        shopify_checkout: checkout,
    }
}

fn device(window: &Window) -> Device {
    let coarse = window.match_media("(pointer: coarse)").ok().flatten().is_some_and(|m| m.matches());
    let screen = window.screen().ok();
    let short_side =
        screen.and_then(|s| Some(f64::from(s.width().ok()?.min(s.height().ok()?)))).unwrap_or(1024.0);
    classify(DeviceFacts {
        coarse_pointer: coarse,
        max_touch_points: window.navigator().max_touch_points().max(0) as u32,
        screen_short_side: short_side,
    })
}

/// `<html lang>`, else `navigator.language`, else English.
fn locale(window: &Window, doc: &Document) -> String {
    let lang = doc.document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_default();
    let lang = lang.trim();
    if is_locale(lang) {
        return lang.to_owned();
    }
    let nav = window.navigator().language().unwrap_or_default();
    if is_locale(&nav) { nav } else { "en".to_owned() }
}

/// Global Privacy Control: `navigator.globalPrivacyControl === true`.
fn gpc(window: &Window) -> bool {
    global(window, &["navigator", "globalPrivacyControl"]).and_then(|v| v.as_bool()) == Some(true)
}

/// Do Not Track, from the navigator or (older browsers) the window.
fn dnt(window: &Window) -> bool {
    [global_str(window, &["navigator", "doNotTrack"]), global_str(window, &["doNotTrack"])]
        .iter()
        .flatten()
        .any(|v| v == "1" || v == "yes")
}

/// Whether the page has its own modal dialog open, which a survey must not cover.
pub fn modal_open() -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    // `:modal` is newer than `dialog[open]`; a browser without it throws.
    let modal = match doc.query_selector("dialog:modal") {
        Ok(found) => found.is_some(),
        Err(_) => doc.query_selector("dialog[open]").ok().flatten().is_some(),
    };
    if modal {
        return true;
    }
    let Ok(list) = doc.query_selector_all("[aria-modal='true']") else { return false };
    (0..list.length())
        .filter_map(|i| Some(list.item(i)?.unchecked_into::<web_sys::Element>()))
        .any(|e| e.get_client_rects().length() > 0)
}
