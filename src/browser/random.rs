//! Randomness for ids.

/// A random 64-bit number from the browser's generator; ids only need to be
/// unlikely to collide within one browser, and collisions are checked anyway.
pub fn random_u64() -> u64 {
    let high = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    let low = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    (high << 32) | low
}
