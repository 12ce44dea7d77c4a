//! The exitpoll collector: stores every answer durably and gives results back.
//!
//! Layout:
//! - [`config`]: the TOML configuration and the site configs it names;
//! - [`store`]: the storage trait and its SQLite backend;
//! - [`http`]: the axum router of the HTTP API ([`http::app`]);
//! - [`server`]: running the router on a listener until shutdown, and reloads;
//! - [`retention`]: deleting responses older than their site's `retention_days`;
//! - [`webhooks`]: the webhook outbox worker, payload formats and signatures;
//! - [`demo`]: the zero-setup demo (the `www/` store on SQLite);
//! - `assets`: the widget bundle and demo store, embedded in the binary.
//!
//! `main.rs` only parses arguments and calls into here.

mod assets;
pub mod config;
pub mod demo;
pub mod http;
pub mod limits;
pub mod metrics;
pub mod retention;
pub mod server;
pub mod store;
pub mod webhooks;
