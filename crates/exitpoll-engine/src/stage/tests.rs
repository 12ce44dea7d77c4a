use super::*;
#[allow(unused_imports)]
use crate::prelude::*;
use exitpoll_protocol::json;

fn page(url: &str) -> PageSignals {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path_and_query = rest.find('/').map_or("/", |i| &rest[i..]);
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    PageSignals { url: url.into(), path: path.into(), query: query.into(), ..PageSignals::default() }
}

/// One row: a page (URL plus signals) and the stage it must be.
fn check(p: PageSignals, globs: &StageGlobs, want: Stage, source: StageSource) {
    let got = detect_stage(None, &p, globs);
    assert_eq!(got, (want, source), "{} (classes {:?})", p.url, p.body_classes);
}

#[test]
fn built_in_url_patterns() {
    let none = StageGlobs::default();
    let cases = [
        ("https://shop.example/", Stage::Other, StageSource::Default),
        ("https://shop.example/cart", Stage::Cart, StageSource::Url),
        ("https://shop.example/cart.php?action=add", Stage::Cart, StageSource::Url),
        ("https://shop.example/en-gb/basket", Stage::Cart, StageSource::Url),
        ("https://shop.example/bag", Stage::Cart, StageSource::Url),
        ("https://shop.example/cartoons", Stage::Other, StageSource::Default),
        ("https://shop.example/handbags", Stage::Other, StageSource::Default),
        ("https://shop.example/checkout", Stage::Checkout, StageSource::Url),
        ("https://shop.example/checkout/shipping", Stage::Checkout, StageSource::Url),
        (
            "https://shop.example/checkout/order-received/4711/?key=wc_order_abc",
            Stage::ThankYou,
            StageSource::Url,
        ),
        ("https://shop.example/thank-you", Stage::ThankYou, StageSource::Url),
        ("https://shop.example/thank_you.html", Stage::ThankYou, StageSource::Url),
        ("https://shop.example/order-confirmation/99", Stage::ThankYou, StageSource::Url),
        ("https://shop.example/checkout/success", Stage::ThankYou, StageSource::Url),
        ("https://shop.example/12345/orders/a1b2c3", Stage::ThankYou, StageSource::Url),
        ("https://shop.example/account/orders", Stage::Other, StageSource::Default),
        ("https://shop.example/products/trail-runner", Stage::Product, StageSource::Url),
        ("https://shop.example/collections/shoes/products/trail-runner", Stage::Product, StageSource::Url),
        ("https://shop.example/product/blue-mug/", Stage::Product, StageSource::Url),
        ("https://shop.example/products", Stage::Other, StageSource::Default),
        ("https://shop.example/CART", Stage::Cart, StageSource::Url),
    ];
    for (url, stage, source) in cases {
        check(page(url), &none, stage, source);
    }
}

#[test]
fn platform_signals() {
    let none = StageGlobs::default();
    let shopify =
        |url: &str, page_type: Option<&str>, step: Option<&str>, checkout: Option<&str>| PageSignals {
            shopify_page_type: page_type.map(Into::into),
            shopify_checkout_step: step.map(Into::into),
            shopify_checkout: checkout.map(|c| json::parse(c).unwrap()),
            ..page(url)
        };
    let classes = |url: &str, body: &str| PageSignals { body_classes: body.into(), ..page(url) };
    let cases = [
        // Shopify: ShopifyAnalytics page type, checkout steps, the order status page.
        (shopify("https://s.myshopify.com/products/tee", Some("product"), None, None), Stage::Product),
        (shopify("https://s.myshopify.com/some-landing", Some("cart"), None, None), Stage::Cart),
        (
            shopify("https://s.myshopify.com/checkouts/c/abc", None, Some("shipping_method"), None),
            Stage::Checkout,
        ),
        (
            shopify("https://s.myshopify.com/checkouts/c/abc/thank_you", None, Some("thank_you"), None),
            Stage::ThankYou,
        ),
        (
            shopify("https://s.myshopify.com/123/orders/abc", None, None, Some(r#"{"order_id": 5001}"#)),
            Stage::ThankYou,
        ),
        (classes("https://s.example/p/tee", "template-product theme-dawn"), Stage::Product),
        // WooCommerce body classes; order-received wins over checkout.
        (
            classes(
                "https://wp.example/shop/mug/",
                "product-template-default single single-product woocommerce",
            ),
            Stage::Product,
        ),
        (classes("https://wp.example/panier/", "page woocommerce-cart woocommerce-page"), Stage::Cart),
        (classes("https://wp.example/kasse/", "page woocommerce-checkout woocommerce-page"), Stage::Checkout),
        (
            classes(
                "https://wp.example/kasse/bestellung/88/",
                "woocommerce-checkout woocommerce-order-received",
            ),
            Stage::ThankYou,
        ),
        // Magento 2 body classes.
        (
            classes("https://m2.example/fleece-jacket.html", "catalog-product-view product-fleece"),
            Stage::Product,
        ),
        (classes("https://m2.example/checkout/cart/", "checkout-cart-index"), Stage::Cart),
        (classes("https://m2.example/checkout/#shipping", "checkout-index-index"), Stage::Checkout),
        (
            classes("https://m2.example/checkout/onepage/success/", "checkout-onepage-success"),
            Stage::ThankYou,
        ),
        // A similar class that is not a platform's.
        (classes("https://x.example/about", "single-productive-team"), Stage::Other),
    ];
    for (p, want) in cases {
        let source = if want == Stage::Other { StageSource::Default } else { StageSource::Platform };
        check(p, &none, want, source);
    }
}

#[test]
fn precedence_explicit_then_marker_then_platform_then_config_then_url() {
    let globs = StageGlobs {
        cart: vec!["/basket*".into()],
        thank_you: vec!["/done/*".into()],
        ..StageGlobs::default()
    };
    // Config globs beat built-in URL patterns.
    check(page("https://custom.example/done/77"), &globs, Stage::ThankYou, StageSource::Config);
    check(page("https://custom.example/basket-review"), &globs, Stage::Cart, StageSource::Config);
    // Platform beats config.
    let p =
        PageSignals { body_classes: "woocommerce-checkout".into(), ..page("https://custom.example/basket") };
    check(p, &globs, Stage::Checkout, StageSource::Platform);
    // A page marker beats the platform.
    let p = PageSignals {
        meta_stage: Some("cart".into()),
        body_classes: "woocommerce-checkout".into(),
        ..page("https://custom.example/x")
    };
    check(p.clone(), &globs, Stage::Cart, StageSource::Meta);
    // An explicit stage beats everything.
    assert_eq!(detect_stage(Some(Stage::Product), &p, &globs), (Stage::Product, StageSource::Explicit));
    // An unknown marker is ignored.
    let p = PageSignals { meta_stage: Some("basket".into()), ..page("https://custom.example/cart") };
    check(p, &globs, Stage::Cart, StageSource::Url);
}

#[test]
fn order_context_on_thank_you_pages() {
    let shopify = PageSignals {
        shopify_checkout: Some(
            json::parse(
                r#"{"order_id": 4501239, "total_price": "84.50", "currency": "eur", "customer_id": 77,
                    "line_items": [{"id": 1}, {"id": 2}]}"#,
            )
            .unwrap(),
        ),
        ..page("https://s.myshopify.com/123/orders/abc")
    };
    assert_eq!(
        Value::Object(order_context(&shopify)).to_json(),
        r#"{"order_id":"4501239","order_value":84.50,"currency":"EUR","customer_id":"77","cart_items":2}"#
    );
    let woo = page("https://wp.example/checkout/order-received/4711/?key=wc_order_abc");
    assert_eq!(Value::Object(order_context(&woo)).to_json(), r#"{"order_id":"4711"}"#);
    let plain = page("https://x.example/thank-you");
    assert!(order_context(&plain).is_empty());
}

#[test]
fn utm_parameters() {
    assert_eq!(
        utm_params(
            "a=1&utm_source=news%20letter&utm_medium=email&utm_campaign=black+friday&utm_source=second&x=y"
        ),
        vec![
            ("utm_source".to_owned(), "news letter".to_owned()),
            ("utm_medium".to_owned(), "email".to_owned()),
            ("utm_campaign".to_owned(), "black friday".to_owned()),
        ]
    );
    assert!(utm_params("").is_empty());
    assert!(utm_params("utm_source=").is_empty());
    assert_eq!(percent_decode("%E2%82%AC%zz%4"), "€%zz%4");
    assert_eq!(percent_decode("a+%FF%E2"), "a+%FF%E2", "escapes that are not UTF-8 stay undecoded");
}
