//! The page facts the JavaScript host reads (URL, markers, platform globals,
//! device, language, privacy signals), as JSON, turned into engine inputs.
use crate::prelude::*;
use exitpoll_protocol::cat;

use exitpoll_engine::device::{DeviceFacts, classify};
use exitpoll_engine::stage::PageSignals;
use exitpoll_protocol::config::Device;
use exitpoll_protocol::json::{self, Value};
use exitpoll_protocol::text::is_locale;

#[derive(Debug)]
pub struct Facts {
    pub page: PageSignals,
    pub device: Device,
    pub locale: String,
    pub gpc: bool,
    pub dnt: bool,
}

pub fn parse(text: &str) -> Result<Facts, String> {
    let v = json::parse(text).map_err(|e| cat![e])?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let opt = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let b = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    let device = classify(DeviceFacts {
        coarse_pointer: b("coarse"),
        max_touch_points: v.get("touch").and_then(Value::as_i64).unwrap_or(0).max(0) as u32,
        screen_short_side: v.get("screen").and_then(Value::as_f64).unwrap_or(1024.0),
    });
    let locale = [s("lang"), s("language")].into_iter().find(|l| is_locale(l)).unwrap_or_else(|| "en".into());
    let page = PageSignals {
        url: s("url"),
        path: s("path"),
        query: s("query").trim_start_matches('?').to_owned(),
        referrer: s("referrer"),
        meta_stage: opt("meta_stage"),
        body_classes: s("body_classes"),
        shopify_page_type: opt("shopify_page_type"),
        shopify_checkout_step: opt("shopify_checkout_step"),
        shopify_checkout: v.get("shopify_checkout").filter(|c| c.as_object().is_some()).cloned(),
    };
    Ok(Facts { page, device, locale, gpc: b("gpc"), dnt: b("dnt") })
}
