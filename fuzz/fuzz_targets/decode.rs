//! Reading a plan file's bytes (`decode_plan`): no panic whatever the bytes; text that
//! is accepted is normalized (no CR, not empty).
#![no_main]

use libfuzzer_sys::fuzz_target;
use plansearch::text::read::{Format, decode_plan};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format, so both the text and markdown paths are explored.
    let (format, bytes) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (Format::Markdown, rest),
        Some((_, rest)) => (Format::Text, rest),
        None => (Format::Text, data),
    };
    if let Ok(text) = decode_plan(bytes, format) {
        assert!(!text.contains('\r'), "CR left in {text:?}");
    }
});
