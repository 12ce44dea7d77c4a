//! The engine's state in `localStorage`, with a fallback to memory.
//!
//! Storage can be missing (privacy modes, sandboxed iframes), throw on access,
//! or be full. In each case the widget keeps working from memory for this page
//! view and says so once through the `error` event.

use web_sys::{Storage, Window};

#[derive(Debug)]
pub struct Store {
    key: String,
    storage: Option<Storage>,
    /// The last state written, kept in memory when storage fails.
    memory: Option<String>,
    /// A failure not yet reported.
    failure: Option<String>,
}

impl Store {
    pub fn open(window: &Window, site: &str) -> Store {
        let key = ["exitpoll:", site].concat();
        match window.local_storage() {
            Ok(Some(storage)) => Store { key, storage: Some(storage), memory: None, failure: None },
            _ => Store {
                key,
                storage: None,
                memory: None,
                failure: Some(
                    "localStorage is unavailable; answers are kept in memory for this page only".into(),
                ),
            },
        }
    }

    /// The storage key, `exitpoll:{site}`.
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn load(&mut self) -> Option<String> {
        if let Some(storage) = &self.storage {
            match storage.get_item(&self.key) {
                Ok(v) => return v,
                Err(_) => self.fail("localStorage could not be read; answers are kept in memory"),
            }
        }
        self.memory.clone()
    }

    pub fn save(&mut self, state: &str) {
        if let Some(storage) = &self.storage {
            if storage.set_item(&self.key, state).is_ok() {
                self.memory = None;
                return;
            }
            self.fail("localStorage is full or blocked; answers are kept in memory until it works again");
        }
        self.memory = Some(state.to_owned());
    }

    pub fn clear(&mut self) {
        self.memory = None;
        if let Some(storage) = &self.storage {
            let _ = storage.remove_item(&self.key);
        }
    }

    fn fail(&mut self, message: &str) {
        if self.failure.is_none() {
            self.failure = Some(message.to_owned());
        }
    }

    /// A failure to report, once.
    pub fn take_failure(&mut self) -> Option<String> {
        self.failure.take()
    }
}
