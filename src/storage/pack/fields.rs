//! Serialising a domain struct as its own `Serialize` does, but with some
//! fields left out or written differently. The stored form splits a run into
//! pieces (the run's own fields, each step, the records of long lists), and
//! this keeps every piece in the domain's own JSON shape: a field another
//! engineer adds to `Run` or `StepState` is stored without a change here.

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

/// `value` (a struct deriving `Serialize`) without the fields named in `skip`
/// (or, with `keep`, only with the fields named there), and with field
/// `replace.0` (if any) written as `replace.1`.
pub struct Reshaped<'a, T, R = ()> {
    /// The struct.
    pub value: &'a T,
    /// Fields left out.
    pub skip: &'a [&'static str],
    /// A field written with another value.
    pub replace: Option<(&'static str, &'a R)>,
    /// Only these fields, when set.
    pub keep: Option<&'a [&'static str]>,
}

impl<'a, T> Reshaped<'a, T, ()> {
    /// `value` without the fields `skip`.
    pub fn without(value: &'a T, skip: &'a [&'static str]) -> Self {
        Reshaped {
            value,
            skip,
            replace: None,
            keep: None,
        }
    }

    /// `value` with only the fields `keep`.
    pub fn only(value: &'a T, keep: &'a [&'static str]) -> Self {
        Reshaped {
            value,
            skip: &[],
            replace: None,
            keep: Some(keep),
        }
    }
}

impl<T: Serialize, R: Serialize> Serialize for Reshaped<'_, T, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(Adapter {
            inner: serializer,
            skip: self.skip,
            replace: self.replace,
            keep: self.keep,
        })
    }
}

/// Passes a struct's fields on to `inner`, except the skipped or replaced ones.
struct Adapter<'a, S, R> {
    inner: S,
    skip: &'a [&'static str],
    replace: Option<(&'static str, &'a R)>,
    keep: Option<&'a [&'static str]>,
}

/// The struct being written, field by field.
struct Fields<'a, S, R> {
    inner: S,
    skip: &'a [&'static str],
    replace: Option<(&'static str, &'a R)>,
    keep: Option<&'a [&'static str]>,
}

impl<S: SerializeStruct, R: Serialize> SerializeStruct for Fields<'_, S, R> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        let kept = self.keep.is_none_or(|keep| keep.contains(&key));
        match self.replace {
            Some((field, with)) if field == key => self.inner.serialize_field(key, with),
            _ if !kept || self.skip.contains(&key) => self.inner.skip_field(key),
            _ => self.inner.serialize_field(key, value),
        }
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), Self::Error> {
        self.inner.skip_field(key)
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        self.inner.end()
    }
}

fn only_structs<E: ser::Error>() -> E {
    E::custom("only a struct can be reshaped")
}

/// Everything but `serialize_struct` is refused: the types reshaped here are
/// structs, whose derived `Serialize` calls nothing else on this serializer.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
            Err(only_structs())
        })*
    };
}

impl<'a, S: Serializer, R: Serialize> Serializer for Adapter<'a, S, R> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Impossible<S::Ok, S::Error>;
    type SerializeStruct = Fields<'a, S::SerializeStruct, R>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Self::Ok, Self::Error> {
        Err(only_structs())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Self::Error> {
        Err(only_structs())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Self::Error> {
        Err(only_structs())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(only_structs())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(only_structs())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(only_structs())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(only_structs())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Err(only_structs())
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        Ok(Fields {
            inner: self.inner.serialize_struct(name, len)?,
            skip: self.skip,
            replace: self.replace,
            keep: self.keep,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(only_structs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, PartialEq, Debug, Default)]
    struct Sample {
        a: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        b: Option<String>,
        big: Vec<u32>,
        c: String,
    }

    #[test]
    fn fields_are_left_out_or_replaced_and_the_rest_is_the_derived_form() {
        let s = Sample {
            a: 1,
            b: None,
            big: vec![1, 2, 3],
            c: "x".into(),
        };
        let out = serde_json::to_string(&Reshaped::without(&s, &["big"])).unwrap();
        assert_eq!(out, r#"{"a":1,"c":"x"}"#);
        let empty: Vec<u32> = Vec::new();
        let out = serde_json::to_string(&Reshaped {
            value: &s,
            skip: &[],
            replace: Some(("big", &empty)),
            keep: None,
        })
        .unwrap();
        assert_eq!(out, r#"{"a":1,"big":[],"c":"x"}"#);
        let out = serde_json::to_string(&Reshaped::only(&s, &["c", "a"])).unwrap();
        assert_eq!(out, r#"{"a":1,"c":"x"}"#);
        assert!(serde_json::to_string(&Reshaped::without(&3_u32, &[])).is_err());
    }
}
