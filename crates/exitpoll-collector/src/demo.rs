//! `exitpoll-collector demo`: the demo store of `www/` with a ready site,
//! on SQLite, with no configuration.

use crate::assets;
use crate::config::{CollectorConfig, Database, Secret, Site};
use std::net::SocketAddr;
use std::path::PathBuf;

pub const SITE: &str = "demo";

/// A random admin token: 24 bytes of OS randomness, hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).expect("the OS provides randomness");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The demo's configuration, once the listener is bound to `addr`.
pub fn config(addr: SocketAddr, database: Database, admin_token: String) -> anyhow::Result<CollectorConfig> {
    let text = assets::www_file("sites/demo.json")
        .ok_or_else(|| anyhow::anyhow!("www/sites/demo.json is missing"))?;
    let text = String::from_utf8(text)?;
    let site_config =
        crate::config::check_site_config(&text).map_err(|e| anyhow::anyhow!("www/sites/demo.json: {e}"))?;
    let port = addr.port();
    let origins = vec![
        format!("http://{addr}"),
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ];
    let site = Site::new(
        SITE.into(),
        origins,
        Secret::new(admin_token),
        site_config,
        PathBuf::from("www/sites/demo.json"),
    );
    Ok(CollectorConfig {
        listen: addr,
        database,
        limits: Default::default(),
        webhooks: Default::default(),
        server: Default::default(),
        sites: vec![site],
        file: None,
    })
}
