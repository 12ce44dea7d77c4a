//! Randomness and hashing, with no source of entropy of its own.
//!
//! The engine never reads a clock or an entropy source: the widget seeds the
//! generator once from `crypto.getRandomValues`, and tests seed it with a
//! constant, so every run of a test is the same run.
use crate::prelude::*;

/// SplitMix64: tiny, fast, and good enough for ids and jitter (not for secrets).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in `[0, 1)`.
    pub fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A UUIDv7: the millisecond timestamp first, so ids sort by creation time.
    pub fn uuid_v7(&mut self, now_ms: i64) -> String {
        let ts = (now_ms.max(0) as u64) & 0xFFFF_FFFF_FFFF;
        let a = self.next_u64();
        let b = self.next_u64();
        let hi = (ts << 16) | 0x7000 | (a & 0x0FFF);
        let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        let mut hex = String::with_capacity(36);
        push_hex(&mut hex, hi, 16);
        push_hex(&mut hex, lo, 16);
        format_uuid(&hex)
    }

    /// A random id with a prefix, such as `v_5f2c9a0d1e3b4c7f`.
    pub fn id(&mut self, prefix: &str) -> String {
        let mut s = String::from(prefix);
        push_hex(&mut s, self.next_u64(), 16);
        s
    }
}

fn format_uuid(hex: &str) -> String {
    let mut out = String::with_capacity(36);
    for (i, c) in hex.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(c);
    }
    out
}

fn push_hex(out: &mut String, n: u64, digits: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for i in (0..digits).rev() {
        out.push(HEX[((n >> (i * 4)) & 0xF) as usize] as char);
    }
}

/// FNV-1a, 64 bit: a stable hash for sampling buckets and choice order.
/// Stable across versions and platforms, which `std`'s hasher is not.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        h ^= 0xFF;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    // FNV's low bits mix poorly; a final avalanche spreads them.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use exitpoll_protocol::response::is_uuid;

    #[test]
    fn uuid_v7_has_version_variant_and_time_order() {
        let mut rng = Rng::new(7);
        let a = rng.uuid_v7(1_795_341_609_000);
        let b = rng.uuid_v7(1_795_341_609_001);
        assert!(is_uuid(&a), "{a}");
        assert_eq!(&a[14..15], "7");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert!(a < b);
    }

    #[test]
    fn same_seed_same_sequence() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let u = Rng::new(1).next_unit();
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn hash_is_stable_and_separates_parts() {
        // Pinned: sampling buckets must not move between releases, or visitors
        // would drift in and out of samples.
        assert_eq!(stable_hash(&["v_1", "cart-exit"]) % 10_000, stable_hash(&["v_1", "cart-exit"]) % 10_000);
        assert_ne!(stable_hash(&["ab", "c"]), stable_hash(&["a", "bc"]));
        expect_test::expect!["6214"].assert_eq(&(stable_hash(&["v_1", "cart-exit"]) % 10_000).to_string());
    }
}
