//! The identity of a customer, on its own so the typed records of
//! [`super::model`] can hold it without importing the customer book.

use std::fmt;

use crate::domain::value::FieldValue;

/// The identity of a customer, stable for the life of the program: given
/// where the customer was first entered and carried unchanged into every
/// later program run, so usage and consent follow the customer across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomerId(String);

/// The longest id read from a stored row; longer text is not an id this app made.
const MAX_ID_LEN: usize = 96;

impl CustomerId {
    /// The id of a customer first entered as candidate row `row_id` of run
    /// `run_id`: run ids are unique and row ids are never reused within a
    /// list, so no two customers can get the same id.
    pub fn first_entered(run_id: &str, row_id: u32) -> CustomerId {
        CustomerId(format!("{run_id}.{row_id}"))
    }

    /// The id of a customer known only from profile row `row_id` of run
    /// `run_id`, recorded before customers were entered as candidates and
    /// picked. Its own form, so it can never equal a candidate's id.
    pub fn of_legacy_profile(run_id: &str, row_id: u32) -> CustomerId {
        CustomerId(format!("{run_id}.p{row_id}"))
    }

    /// Reads an id stored in a row; `None` for text that is not shaped like an
    /// id this app makes (empty, too long, or with other characters).
    pub fn parse(text: &str) -> Option<CustomerId> {
        let text = text.trim();
        let shaped = !text.is_empty()
            && text.len() <= MAX_ID_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        shaped.then(|| CustomerId(text.to_owned()))
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value a row stores for this id.
    pub fn to_value(&self) -> FieldValue {
        FieldValue::Text(self.0.clone())
    }

    /// The id a row's cell holds, if it holds one.
    pub fn from_value(value: Option<&FieldValue>) -> Option<CustomerId> {
        match value {
            Some(FieldValue::Text(text)) => CustomerId::parse(text),
            _ => None,
        }
    }
}

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_per_entry_and_read_back() {
        let a = CustomerId::first_entered("k3v9q0x2m1ab", 1);
        assert_eq!(a.as_str(), "k3v9q0x2m1ab.1");
        assert_ne!(a, CustomerId::first_entered("k3v9q0x2m1ab", 11));
        assert_ne!(a, CustomerId::of_legacy_profile("k3v9q0x2m1ab", 1));
        assert_eq!(CustomerId::parse(" k3v9q0x2m1ab.1 "), Some(a.clone()));
        assert_eq!(CustomerId::from_value(Some(&a.to_value())), Some(a));
        for odd in ["", "Acme", "a b", &"x".repeat(200)] {
            assert_eq!(CustomerId::parse(odd), None, "{odd:?}");
        }
        assert_eq!(CustomerId::from_value(Some(&FieldValue::Number(1.0))), None);
    }
}
