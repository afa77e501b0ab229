//! Numbers a person may type that a float holds awkwardly: each must read
//! back bit for bit (the sign of zero included) from storage and from a file.

/// Sums that are not what they look like, tiny and huge values, −0, the
/// largest integer a float holds exactly, and the ends of the range.
pub const AWKWARD: &[f64] = &[
    0.1 + 0.2,
    1e-7,
    123_456_789.123_456_79,
    -0.0,
    9_007_199_254_740_991.0,
    f64::MIN_POSITIVE,
    2.225_073_858_507_201e-308,
    1.797_693_134_862_315_7e308,
];
