//! Page stage detection (the npm package's README gives the order) and the order and campaign context a
//! page carries, as pure functions of facts the widget read off the page.
use crate::prelude::*;

use crate::glob;
use exitpoll_protocol::config::{Stage, StageGlobs};
use exitpoll_protocol::json::{Map, Number, Value};

/// What the widget read off the page, as plain data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSignals {
    /// The full URL, `location.href`.
    pub url: String,
    /// `location.pathname`.
    pub path: String,
    /// `location.search` without the `?`.
    pub query: String,
    /// `document.referrer`.
    pub referrer: String,
    /// `<meta name="exitpoll:stage" content="...">`.
    pub meta_stage: Option<String>,
    /// `document.body.className`.
    pub body_classes: String,
    /// Shopify: `ShopifyAnalytics.meta.page.pageType`.
    pub shopify_page_type: Option<String>,
    /// Shopify checkout: `Shopify.Checkout.step`.
    pub shopify_checkout_step: Option<String>,
    /// Shopify order status page: the `Shopify.checkout` object.
    pub shopify_checkout: Option<Value>,
}

/// Where the stage came from, for `explain()` and debug logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageSource {
    /// `data-stage`, `setStage()` or the `stage` option of `init()`.
    Explicit,
    /// `<meta name="exitpoll:stage">`.
    Meta,
    /// Shopify, WooCommerce or Magento page globals or body classes.
    Platform,
    /// The site config's `stages` globs.
    Config,
    /// Exitpoll's built-in URL patterns.
    Url,
    /// Nothing matched.
    Default,
}

impl StageSource {
    pub fn as_str(self) -> &'static str {
        match self {
            StageSource::Explicit => "explicit",
            StageSource::Meta => "page marker",
            StageSource::Platform => "platform",
            StageSource::Config => "config stages",
            StageSource::Url => "URL pattern",
            StageSource::Default => "default",
        }
    }
}

/// Decides the stage: explicit, then page marker, then platform, then the
/// config's globs, then built-in URL patterns, then `other`.
pub fn detect_stage(explicit: Option<Stage>, page: &PageSignals, globs: &StageGlobs) -> (Stage, StageSource) {
    if let Some(s) = explicit {
        return (s, StageSource::Explicit);
    }
    if let Some(s) = page.meta_stage.as_deref().and_then(|m| Stage::parse(m.trim())) {
        return (s, StageSource::Meta);
    }
    if let Some(s) = platform_stage(page) {
        return (s, StageSource::Platform);
    }
    for (stage, patterns) in globs.in_order() {
        if glob::any_match(patterns, &page.path) {
            return (stage, StageSource::Config);
        }
    }
    match url_stage(&page.path) {
        Some(s) => (s, StageSource::Url),
        None => (Stage::Other, StageSource::Default),
    }
}

fn platform_stage(page: &PageSignals) -> Option<Stage> {
    // Shopify's order status page defines Shopify.checkout; its checkout steps define Shopify.Checkout.step.
    if page.shopify_checkout.is_some() {
        return Some(Stage::ThankYou);
    }
    if let Some(step) = &page.shopify_checkout_step {
        return Some(if step == "thank_you" { Stage::ThankYou } else { Stage::Checkout });
    }
    if let Some(t) = &page.shopify_page_type {
        match t.as_str() {
            "product" => return Some(Stage::Product),
            "cart" => return Some(Stage::Cart),
            "checkout" => return Some(Stage::Checkout),
            _ => {}
        }
    }
    let has = |class: &str| page.body_classes.split_ascii_whitespace().any(|c| c == class);
    // Most specific first: WooCommerce's order-received page also carries woocommerce-checkout.
    const CLASSES: [(&str, Stage); 10] = [
        ("woocommerce-order-received", Stage::ThankYou),
        ("checkout-onepage-success", Stage::ThankYou),
        ("woocommerce-checkout", Stage::Checkout),
        ("checkout-index-index", Stage::Checkout),
        ("woocommerce-cart", Stage::Cart),
        ("checkout-cart-index", Stage::Cart),
        ("template-cart", Stage::Cart),
        ("single-product", Stage::Product),
        ("catalog-product-view", Stage::Product),
        ("template-product", Stage::Product),
    ];
    CLASSES.iter().find(|(class, _)| has(class)).map(|(_, stage)| *stage)
}

/// Built-in URL patterns. A keyword matches a whole path segment (or one with
/// a file extension, like `cart.php`), so `/cartoons` is not a cart.
/// Keywords marked `nested` need a further segment: `/orders/1001`, not `/orders`.
fn url_stage(path: &str) -> Option<Stage> {
    const PATTERNS: [(&str, bool, Stage); 11] = [
        ("thank-you", false, Stage::ThankYou),
        ("thank_you", false, Stage::ThankYou),
        ("order-received", false, Stage::ThankYou),
        ("order-confirmation", false, Stage::ThankYou),
        ("orders", true, Stage::ThankYou),
        ("success", false, Stage::ThankYou),
        ("checkout", false, Stage::Checkout),
        ("cart", false, Stage::Cart),
        ("basket", false, Stage::Cart),
        ("bag", false, Stage::Cart),
        ("products", true, Stage::Product),
    ];
    let lower = path.to_ascii_lowercase();
    let segments: Vec<&str> = lower.split('/').filter(|s| !s.is_empty()).collect();
    let matches = |keyword: &str, nested: bool| {
        segments.iter().enumerate().any(|(i, seg)| {
            let whole =
                *seg == keyword || seg.strip_prefix(keyword).is_some_and(|rest| rest.starts_with('.'));
            whole && (!nested || i + 1 < segments.len())
        })
    };
    PATTERNS
        .iter()
        .find(|(keyword, nested, _)| matches(keyword, *nested))
        .map(|(_, _, stage)| *stage)
        .or_else(|| matches("product", true).then_some(Stage::Product))
}

/// Order context on a thank-you page: order id, value and currency from the
/// platform's globals (Shopify) or URL (WooCommerce).
pub fn order_context(page: &PageSignals) -> Map {
    let mut ctx = Map::default();
    if let Some(checkout) = page.shopify_checkout.as_ref().and_then(Value::as_object) {
        if let Some(id) = checkout.get("order_id").or_else(|| checkout.get("id")) {
            match id {
                Value::Number(n) => ctx.insert("order_id", Value::String(n.as_str().to_owned())),
                Value::String(s) if !s.is_empty() => ctx.insert("order_id", Value::String(s.clone())),
                _ => {}
            }
        }
        if let Some(total) = checkout.get("total_price").or_else(|| checkout.get("payment_due")) {
            let n = match total {
                Value::Number(n) => Some(n.clone()),
                Value::String(s) => Number::parse(s.trim()),
                _ => None,
            };
            if let Some(n) = n {
                ctx.insert("order_value", Value::Number(n));
            }
        }
        if let Some(Value::String(c)) =
            checkout.get("currency").or_else(|| checkout.get("presentment_currency"))
            && c.len() == 3
            && c.bytes().all(|b| b.is_ascii_alphabetic())
        {
            ctx.insert("currency", Value::String(c.to_ascii_uppercase()));
        }
        if let Some(Value::Number(n)) = checkout.get("customer_id") {
            ctx.insert("customer_id", Value::String(n.as_str().to_owned()));
        }
        if let Some(Value::Array(items)) = checkout.get("line_items") {
            ctx.insert("cart_items", Value::Number(Number::from_i64(items.len() as i64)));
        }
    }
    // WooCommerce: /checkout/order-received/1234/?key=wc_order_...
    let mut segments = page.path.split('/').filter(|s| !s.is_empty());
    while let Some(seg) = segments.next() {
        if seg == "order-received" {
            if let Some(id) = segments.next().filter(|id| id.bytes().all(|b| b.is_ascii_digit())) {
                ctx.insert("order_id", Value::String(id.to_owned()));
            }
            break;
        }
    }
    ctx
}

/// The five UTM parameters of a query string, decoded; empty when there are none.
pub fn utm_params(query: &str) -> Vec<(String, String)> {
    const KEYS: [&str; 5] = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
    let mut out = Vec::new();
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(k);
        if KEYS.contains(&key.as_str())
            && !v.is_empty()
            && !out.iter().any(|(o, _): &(String, String)| *o == key)
        {
            let mut value = percent_decode(v);
            value.truncate(value.char_indices().nth(200).map_or(value.len(), |(i, _)| i));
            out.push((key, value));
        }
    }
    out
}

/// Decodes `%XX` and `+` in a query component; invalid escapes stay as they
/// are, and a component whose escapes are not UTF-8 is kept undecoded (no
/// lossy conversion: it would bring ~1 KB of decoder into the widget).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests;
