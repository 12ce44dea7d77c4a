//! The shared language of exitpoll: the site config, response snapshots, and
//! the rules that say what is valid.
//!
//! Both the widget (compiled to wasm, where every byte counts) and the
//! collector use this crate, so a config or an answer is valid in one exactly
//! when it is valid in the other.
//!
//! Layout:
//! - [`json`]: a small JSON reader and writer (no serde on the shopper's side;
//!   with the `serde` feature, documents are read through serde_json);
//! - [`problem`]: problems with their JSON paths;
//! - [`config`]: the site config model and its decoder;
//! - [`response`]: response snapshots, answers and their checks;
//! - [`text`]: translatable text and locale matching;
//! - [`time`]: RFC 3339 timestamps.
//!
//! With the `serde` feature, config types also implement `Serialize`,
//! `Deserialize` and `schemars::JsonSchema`, and every JSON document the
//! crate decodes (configs, response batches) is parsed by serde_json.

#![no_std]
extern crate alloc;
#[cfg(any(test, feature = "serde"))]
extern crate std;

/// What the standard prelude would bring, for this crate and the engine and
/// widget crates: all three are `no_std` so that the widget's wasm build
/// carries no standard library (ARCHITECTURE.md, "Size").
#[doc(hidden)]
pub mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::format;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}
#[allow(unused_imports)]
use prelude::*;

pub mod cat;
pub mod config;
mod decode;
pub mod json;
pub mod problem;
pub mod response;
pub mod text;
pub mod time;

pub use config::{Decoded, SiteConfig, Stage, Survey};
pub use decode::{closest, is_valid_id};
pub use problem::{Path, Problem, Problems, Severity};
pub use response::{Answer, ResponseStatus, Snapshot};
pub use text::Text;

#[cfg(feature = "serde")]
pub use config::site_config_schema;
