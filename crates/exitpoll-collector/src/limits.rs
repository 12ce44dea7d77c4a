//! Rate limits on the public endpoints: per client IP, and per site for
//! response writes. Over a limit the client gets a 429 with `Retry-After`;
//! the widget keeps the response and retries later, so nothing is lost.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

/// Limits from the `[limits]` table of the collector config.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitSettings {
    /// Requests per minute from one IP address to `/v1/...`, with a burst of the same size.
    pub per_ip_per_minute: u32,
    /// Response-posting requests per second to one site, with a burst of the same size.
    pub per_site_per_second: u32,
    /// Take the client address from `X-Forwarded-For` (only behind proxies
    /// that append to it): the entry the nearest trusted proxy added.
    pub trust_forwarded_for: bool,
    /// How many trusted proxies stand in front of the collector, each adding
    /// one entry: the client's address is this many entries from the right.
    pub forwarded_for_hops: u8,
}

impl Default for LimitSettings {
    fn default() -> Self {
        LimitSettings {
            per_ip_per_minute: 600,
            per_site_per_second: 500,
            trust_forwarded_for: false,
            forwarded_for_hops: 1,
        }
    }
}

pub struct Limiter {
    pub settings: LimitSettings,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_site: DefaultKeyedRateLimiter<String>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter").field("settings", &self.settings).finish_non_exhaustive()
    }
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).expect("at least one")
}

impl Limiter {
    pub fn new(settings: LimitSettings) -> Limiter {
        let per_ip = Quota::per_minute(nonzero(settings.per_ip_per_minute));
        let per_site = Quota::per_second(nonzero(settings.per_site_per_second));
        Limiter {
            per_ip: DefaultKeyedRateLimiter::keyed(per_ip),
            per_site: DefaultKeyedRateLimiter::keyed(per_site),
            settings,
        }
    }

    /// `Err(wait)` when `ip` is over its limit.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Duration> {
        self.per_ip
            .check_key(&ip)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    pub fn check_site(&self, site: &str) -> Result<(), Duration> {
        self.per_site
            .check_key(&site.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets idle keys, so memory does not grow with every address ever seen.
    pub fn shrink(&self) {
        self.per_ip.retain_recent();
        self.per_ip.shrink_to_fit();
        self.per_site.retain_recent();
    }
}
