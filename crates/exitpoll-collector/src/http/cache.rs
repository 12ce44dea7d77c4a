//! The summary cache: one computation serves every dashboard watching the
//! same site and filters.
//!
//! A summary reads every matching row, which takes about a second at 100,000
//! responses, and each open dashboard asks for one every 2 s. So results are
//! kept for a short time that grows with their cost: at least
//! [`MIN_FRESH`], and twice as long as the last computation took. Requests
//! arriving while a summary is being computed wait for it instead of starting
//! another. However many dashboards are open, a site's summary then costs at
//! most about a third of one core, and new responses still show within a few
//! seconds. Each instance keeps its own cache, so several instances sharing
//! PostgreSQL stay just as fresh.

use axum::body::Bytes;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The shortest time a summary is reused.
pub const MIN_FRESH: Duration = Duration::from_secs(1);
/// Entries unused for this long are dropped when new ones arrive.
const FORGET_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct SummaryCache {
    slots: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Entry>>>>>,
}

#[derive(Debug)]
struct Entry {
    body: Bytes,
    computed_at: Instant,
    took: Duration,
}

impl Entry {
    fn fresh(&self, now: Instant) -> bool {
        now.duration_since(self.computed_at) < MIN_FRESH.max(self.took * 2)
    }
}

/// Whether an answer came from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Computed,
    Cached,
}

impl SummaryCache {
    /// The summary under `key`: a fresh cached one, or one computed by
    /// `compute` (once, however many requests wait for it).
    pub async fn get<F, Fut, E>(&self, key: String, compute: F) -> Result<(Bytes, Source), E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Bytes, E>>,
    {
        let slot = {
            let mut slots = self.slots.lock().expect("summary cache lock");
            if slots.len() > 64 {
                let now = Instant::now();
                slots.retain(|_, s| {
                    s.try_lock().map_or(true, |e| {
                        e.as_ref().is_some_and(|e| now.duration_since(e.computed_at) < FORGET_AFTER)
                    })
                });
            }
            slots.entry(key).or_default().clone()
        };
        let mut entry = slot.lock().await;
        if let Some(e) = entry.as_ref().filter(|e| e.fresh(Instant::now())) {
            return Ok((e.body.clone(), Source::Cached));
        }
        let started = Instant::now();
        let body = compute().await?;
        *entry = Some(Entry { body: body.clone(), computed_at: Instant::now(), took: started.elapsed() });
        Ok((body, Source::Computed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn concurrent_requests_share_one_computation_until_it_goes_stale() {
        let cache = Arc::new(SummaryCache::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let ask = |key: &str| {
            let (cache, runs, key) = (cache.clone(), runs.clone(), key.to_owned());
            tokio::spawn(async move {
                cache
                    .get(key, || async {
                        let n = runs.fetch_add(1, Ordering::SeqCst) + 1;
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok::<_, ()>(Bytes::from(n.to_string()))
                    })
                    .await
                    .unwrap()
            })
        };
        let waiting: Vec<_> = (0..10).map(|_| ask("site\nq=")).collect();
        let mut sources = Vec::new();
        for w in waiting {
            let (body, source) = w.await.unwrap();
            assert_eq!(body, "1", "everyone got the one computation");
            sources.push(source);
        }
        assert_eq!(sources.iter().filter(|s| **s == Source::Computed).count(), 1);
        // Another key is its own summary.
        assert_eq!(ask("site\nq=other").await.unwrap().0, "2");
        // Once stale, the next request computes again.
        tokio::time::sleep(MIN_FRESH).await;
        assert_eq!(ask("site\nq=").await.unwrap(), (Bytes::from("3"), Source::Computed));
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_failed_computation_is_not_cached() {
        let cache = SummaryCache::default();
        let r: Result<_, &str> = cache.get("k".into(), || async { Err("down") }).await;
        assert_eq!(r.unwrap_err(), "down");
        let r: Result<_, &str> = cache.get("k".into(), || async { Ok(Bytes::from("ok")) }).await;
        assert_eq!(r.unwrap(), (Bytes::from("ok"), Source::Computed));
    }
}
