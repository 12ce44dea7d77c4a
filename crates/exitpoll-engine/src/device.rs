//! Which kind of device the shopper is on, from facts the widget reads.

use exitpoll_protocol::config::Device;

/// What the browser says about its input and screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeviceFacts {
    /// `matchMedia("(pointer: coarse)")`: the primary pointer is a finger.
    pub coarse_pointer: bool,
    /// `navigator.maxTouchPoints`.
    pub max_touch_points: u32,
    /// The shorter side of `screen`, in CSS pixels.
    pub screen_short_side: f64,
}

/// A primary pointer that is a finger means touch; touch on a screen whose
/// short side is under 600 CSS px is a phone, otherwise a tablet. iPads that
/// report a desktop user agent still report a coarse pointer and touch points.
pub fn classify(f: DeviceFacts) -> Device {
    let touch = f.coarse_pointer && f.max_touch_points > 0;
    match (touch, f.screen_short_side < 600.0) {
        (false, _) => Device::Desktop,
        (true, true) => Device::Mobile,
        (true, false) => Device::Tablet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            (false, 0, 1080.0, Device::Desktop),
            (false, 10, 1080.0, Device::Desktop), // touch laptop with a mouse as primary pointer
            (true, 5, 390.0, Device::Mobile),     // iPhone 14
            (true, 5, 412.0, Device::Mobile),     // Pixel 7
            (true, 5, 820.0, Device::Tablet),     // iPad Air
            (true, 0, 390.0, Device::Desktop),    // coarse pointer but no touch (TV remote, odd setups)
        ];
        for (coarse_pointer, max_touch_points, screen_short_side, want) in cases {
            let f = DeviceFacts { coarse_pointer, max_touch_points, screen_short_side };
            assert_eq!(classify(f), want, "{f:?}");
        }
    }
}
