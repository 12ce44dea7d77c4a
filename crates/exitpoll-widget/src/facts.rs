//! The page facts the JavaScript host reads (URL, markers, platform globals,
//! device, language, privacy signals), as a JSON array, turned into engine
//! inputs.
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

/// Where each fact is in the host's array (`readFacts` in `js/widget.js`): a
/// JSON array rather than an object, so neither side carries the names
/// (-0.2 KB gzip before a survey shows).
mod at {
    pub const URL: usize = 0;
    pub const PATH: usize = 1;
    pub const QUERY: usize = 2;
    pub const REFERRER: usize = 3;
    /// `<meta name="exitpoll:stage">`, or null.
    pub const META_STAGE: usize = 4;
    pub const BODY_CLASSES: usize = 5;
    /// Shopify's page type, checkout step and checkout object, or null.
    pub const SHOPIFY_PAGE_TYPE: usize = 6;
    pub const SHOPIFY_CHECKOUT_STEP: usize = 7;
    pub const SHOPIFY_CHECKOUT: usize = 8;
    /// `<html lang>` and `navigator.language`.
    pub const LANG: usize = 9;
    pub const LANGUAGE: usize = 10;
    /// A coarse pointer, `navigator.maxTouchPoints` and the screen's short side.
    pub const COARSE: usize = 11;
    pub const TOUCH: usize = 12;
    pub const SCREEN: usize = 13;
    /// Global Privacy Control and Do Not Track.
    pub const GPC: usize = 14;
    pub const DNT: usize = 15;
}

/// Reads the host's facts; a missing or mistyped fact reads as absent.
pub fn parse(text: &str) -> Result<Facts, String> {
    let v = json::parse(text).map_err(|e| cat![e])?;
    let facts = v.as_array().unwrap_or_default();
    let get = |i: usize| facts.get(i).unwrap_or(&Value::Null);
    let s = |i: usize| get(i).as_str().unwrap_or("").to_owned();
    let opt = |i: usize| get(i).as_str().map(str::to_owned);
    let b = |i: usize| get(i).as_bool().unwrap_or(false);
    let device = classify(DeviceFacts {
        coarse_pointer: b(at::COARSE),
        max_touch_points: get(at::TOUCH).as_i64().unwrap_or(0).max(0) as u32,
        screen_short_side: get(at::SCREEN).as_f64().unwrap_or(1024.0),
    });
    let locale =
        [s(at::LANG), s(at::LANGUAGE)].into_iter().find(|l| is_locale(l)).unwrap_or_else(|| "en".into());
    let page = PageSignals {
        url: s(at::URL),
        path: s(at::PATH),
        query: s(at::QUERY).trim_start_matches('?').to_owned(),
        referrer: s(at::REFERRER),
        meta_stage: opt(at::META_STAGE),
        body_classes: s(at::BODY_CLASSES),
        shopify_page_type: opt(at::SHOPIFY_PAGE_TYPE),
        shopify_checkout_step: opt(at::SHOPIFY_CHECKOUT_STEP),
        shopify_checkout: Some(get(at::SHOPIFY_CHECKOUT)).filter(|c| c.as_object().is_some()).cloned(),
    };
    Ok(Facts { page, device, locale, gpc: b(at::GPC), dnt: b(at::DNT) })
}
