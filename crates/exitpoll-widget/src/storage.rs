//! The engine's state in `localStorage`, under `exitpoll:<site>`.
//!
//! Storage may be missing, blocked (a page or browser that throws on
//! `localStorage`), or full; every call here answers that plainly instead of
//! throwing, and the widget then keeps its state in memory for the page view.

/// The widget's storage slot.
#[derive(Debug, Clone)]
pub struct Store {
    key: String,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Store {
    pub fn new(site: &str) -> Store {
        Store { key: exitpoll_protocol::cat!["exitpoll:", site] }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// What is stored now (any tab may have written it last), if anything.
    pub fn load(&self) -> Option<String> {
        local_storage()?.get_item(&self.key).ok().flatten()
    }

    /// Stores `text`; false when storage is unavailable or full.
    pub fn save(&self, text: &str) -> bool {
        local_storage().is_some_and(|s| s.set_item(&self.key, text).is_ok())
    }

    /// Removes what is stored (consent withdrawn).
    pub fn clear(&self) {
        if let Some(s) = local_storage() {
            let _ = s.remove_item(&self.key);
        }
    }
}
