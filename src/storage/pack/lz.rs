//! Compression made for localStorage's accounting: browsers count UTF-16 code
//! units, so lz-string's UTF-16 form packs 15 bits of compressed data into
//! each unit (characters U+0020–U+801F: no surrogates, nothing JSON needs to
//! escape but `"` and `\`).
//!
//! The format is exactly lz-string's `compressToUTF16` (an LZW code stream),
//! so a stored part can be read with the JavaScript library too; the tests
//! compare every output with the `lz-str` crate, a port of lz-string. This
//! implementation keeps the LZW dictionary as a trie (one lookup per input
//! unit, where a dictionary keyed by whole phrases hashes the phrase each
//! time): a save compresses the parts it writes in well under a millisecond.

use std::collections::HashMap;

/// Bits of compressed data per output unit.
const BITS: u32 = 15;
/// Added to every output value, keeping clear of control characters.
const OFFSET: u32 = 32;

/// Writes codes into 15-bit units, lowest bit first (as lz-string does).
struct Bits {
    out: Vec<u16>,
    value: u32,
    position: u32,
}

impl Bits {
    fn write(&mut self, bits: u32, mut value: u32) {
        for _ in 0..bits {
            self.value = (self.value << 1) | (value & 1);
            value >>= 1;
            if self.position == BITS - 1 {
                self.position = 0;
                self.out.push((self.value + OFFSET) as u16);
                self.value = 0;
            } else {
                self.position += 1;
            }
        }
    }

    fn finish(mut self) -> Vec<u16> {
        loop {
            self.value <<= 1;
            if self.position == BITS - 1 {
                self.out.push((self.value + OFFSET) as u16);
                break;
            }
            self.position += 1;
        }
        self.out
    }
}

/// The LZW state: phrase `(prefix code, next unit)` to its code, one code per
/// single unit, and the units seen but not yet written out literally.
struct Dictionary {
    phrases: HashMap<(u32, u16), u32, BuildFx>,
    units: HashMap<u16, u32, BuildFx>,
    to_create: HashMap<u16, (), BuildFx>,
    size: u32,
    bits: u32,
    enlarge_in: u32,
}

impl Dictionary {
    fn grow(&mut self) {
        self.enlarge_in -= 1;
        if self.enlarge_in == 0 {
            self.enlarge_in = 1 << self.bits;
            self.bits += 1;
        }
    }

    /// Writes the current phrase: its code, or (the first time a single unit
    /// is written) the unit itself.
    fn emit(&mut self, out: &mut Bits, code: u32, single: Option<u16>) {
        match single.filter(|u| self.to_create.remove(u).is_some()) {
            Some(unit) => {
                if unit < 256 {
                    out.write(self.bits, 0);
                    out.write(8, u32::from(unit));
                } else {
                    out.write(self.bits, 1);
                    out.write(16, u32::from(unit));
                }
                self.grow();
            }
            None => out.write(self.bits, code),
        }
        self.grow();
    }
}

/// Compresses `text` as lz-string's `compressToUTF16` does.
pub fn pack(text: &str) -> String {
    let mut dict = Dictionary {
        phrases: HashMap::with_capacity_and_hasher(text.len() / 2, BuildFx),
        units: HashMap::with_capacity_and_hasher(64, BuildFx),
        to_create: HashMap::with_hasher(BuildFx),
        size: 3,
        bits: 2,
        enlarge_in: 2,
    };
    let mut out = Bits {
        out: Vec::with_capacity(text.len() / 4),
        value: 0,
        position: 0,
    };
    // The current phrase: its code, and its unit when it is a single one.
    let mut phrase: Option<(u32, Option<u16>)> = None;
    for unit in text.encode_utf16() {
        let unit_code = match dict.units.get(&unit) {
            Some(code) => *code,
            None => {
                let code = dict.size;
                dict.units.insert(unit, code);
                dict.to_create.insert(unit, ());
                dict.size += 1;
                code
            }
        };
        phrase = Some(match phrase {
            None => (unit_code, Some(unit)),
            Some((code, single)) => match dict.phrases.get(&(code, unit)) {
                Some(longer) => (*longer, None),
                None => {
                    dict.emit(&mut out, code, single);
                    dict.phrases.insert((code, unit), dict.size);
                    dict.size += 1;
                    (unit_code, Some(unit))
                }
            },
        });
    }
    if let Some((code, single)) = phrase {
        dict.emit(&mut out, code, single);
    }
    out.write(dict.bits, 2);
    let units = out.finish();
    let mut packed = String::from_utf16_lossy(&units);
    packed.push(' ');
    packed
}

/// Reads back what [`pack`] (or lz-string's `compressToUTF16`) wrote; `None`
/// when `packed` is not such text.
pub fn unpack(packed: &str) -> Option<String> {
    let input: Vec<u32> = packed
        .encode_utf16()
        .map(|u| u32::from(u).wrapping_sub(OFFSET))
        .collect();
    let mut reader = Reader {
        input: &input,
        index: 0,
        value: 0,
        position: 0,
    };
    // Entry `code` is entry `prefix` (or nothing) followed by `last`, `len` units long.
    struct Entry {
        prefix: u32,
        last: u16,
        len: u32,
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(input.len() * 2);
    for _ in 0..3 {
        entries.push(Entry {
            prefix: u32::MAX,
            last: 0,
            len: 0,
        });
    }
    let mut out: Vec<u16> = Vec::with_capacity(input.len() * 4);
    let mut bits = 3;
    let mut enlarge_in = 4_u32;
    let literal = |reader: &mut Reader, kind: u32| -> Option<u16> {
        let unit = match kind {
            0 => reader.read(8)?,
            1 => reader.read(16)?,
            _ => return None,
        };
        u16::try_from(unit).ok()
    };
    let push_entry = |entries: &mut Vec<Entry>, prefix: u32, last: u16| {
        let len = if prefix == u32::MAX {
            1
        } else {
            entries[prefix as usize].len + 1
        };
        entries.push(Entry { prefix, last, len });
    };
    let write = |entries: &Vec<Entry>, out: &mut Vec<u16>, code: u32| -> Option<u16> {
        let entry = entries.get(code as usize)?;
        let start = out.len();
        out.resize(start + entry.len as usize, 0);
        let mut at = code;
        let mut i = start + entry.len as usize;
        while at != u32::MAX {
            let e = &entries[at as usize];
            if e.len == 0 {
                return None;
            }
            i -= 1;
            out[i] = e.last;
            at = e.prefix;
        }
        Some(out[start])
    };
    // The first code is always a literal.
    let first = reader.read(2)?;
    if first == 2 {
        return Some(String::new());
    }
    let unit = literal(&mut reader, first)?;
    push_entry(&mut entries, u32::MAX, unit);
    let mut previous = (entries.len() - 1) as u32;
    out.push(unit);
    loop {
        if reader.index > input.len() {
            return None;
        }
        let mut code = reader.read(bits)?;
        match code {
            0 | 1 => {
                let unit = literal(&mut reader, code)?;
                push_entry(&mut entries, u32::MAX, unit);
                code = (entries.len() - 1) as u32;
                enlarge_in -= 1;
                if enlarge_in == 0 {
                    enlarge_in = 1 << bits;
                    bits += 1;
                }
            }
            2 => return String::from_utf16(&out).ok(),
            _ => {}
        }
        let first_unit = if (code as usize) < entries.len() {
            write(&entries, &mut out, code)?
        } else if code as usize == entries.len() {
            // The phrase being defined: the previous one plus its own first unit.
            let start = out.len();
            let head = write(&entries, &mut out, previous)?;
            out.push(head);
            out[start]
        } else {
            return None;
        };
        push_entry(&mut entries, previous, first_unit);
        previous = code;
        enlarge_in -= 1;
        if enlarge_in == 0 {
            enlarge_in = 1 << bits;
            bits += 1;
        }
    }
}

/// Reads codes back out of 15-bit units.
struct Reader<'a> {
    input: &'a [u32],
    index: usize,
    value: u32,
    position: u32,
}

impl Reader<'_> {
    fn read(&mut self, bits: u32) -> Option<u32> {
        let mut result = 0;
        for power in 0..bits {
            if self.position == 0 {
                self.value = *self.input.get(self.index)?;
                self.index += 1;
                self.position = 1 << (BITS - 1);
            }
            if self.value & self.position != 0 {
                result |= 1 << power;
            }
            self.position >>= 1;
        }
        Some(result)
    }
}

/// FxHash (rustc's): the dictionary's keys are small integers, for which the
/// standard library's DoS-resistant hasher is needlessly slow.
#[derive(Clone, Copy, Default)]
struct BuildFx;

impl std::hash::BuildHasher for BuildFx {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.add(u64::from(*byte));
        }
    }
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<String> {
        let mut samples: Vec<String> = [
            "",
            "a",
            "aa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "abababababababab",
            r#"{"title":"Café 🚀 <b> \"quoted\" \\ \u{2028}"}"#,
            "日本語のテキスト、日本語のテキスト",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        samples.push("long note ".repeat(500));
        // Pseudo-random text over a small and a large alphabet.
        let mut seed = 7_u64;
        for alphabet in [4_u32, 40, 300, 40_000] {
            let text: String = (0..5_000)
                .filter_map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    char::from_u32(0x20 + ((seed >> 33) as u32 % alphabet))
                })
                .collect();
            samples.push(text);
        }
        samples
    }

    #[test]
    fn the_output_is_exactly_lz_strings() {
        for text in samples() {
            let packed = pack(&text);
            assert_eq!(
                packed,
                lz_str::compress_to_utf16(text.as_str()),
                "{text:.40}"
            );
            assert!(packed.chars().all(|c| ('\u{20}'..='\u{801f}').contains(&c)));
        }
    }

    #[test]
    fn text_of_every_kind_comes_back_exactly() {
        for text in samples() {
            let packed = pack(&text);
            assert_eq!(
                unpack(&packed).as_deref(),
                Some(text.as_str()),
                "{text:.40}"
            );
            let by_the_crate =
                lz_str::decompress_from_utf16(&packed).map(|u| String::from_utf16(&u).unwrap());
            assert_eq!(by_the_crate.as_deref(), Some(text.as_str()));
        }
    }

    #[test]
    fn what_is_not_packed_text_is_refused_without_panicking() {
        for junk in [
            "",
            " ",
            "not packed",
            "\u{8000}\u{8000}\u{8000}",
            "{\"a\":1}",
        ] {
            let _ = unpack(junk);
        }
        let packed = pack("some text that is long enough to have codes");
        for cut in 0..packed.chars().count() {
            let prefix: String = packed.chars().take(cut).collect();
            let _ = unpack(&prefix);
        }
    }
}
