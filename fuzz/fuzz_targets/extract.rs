//! The metadata extractor on arbitrary display text (normalized as the reader does):
//! no panic, section spans inside the text on character boundaries, and the section
//! lookups the snippets use.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plansearch::extract::{extract, section_label, section_path};
use plansearch::text::read::{Format, normalize_text};

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let text = normalize_text(raw, Format::Text);
    let meta = extract(&text);
    for s in &meta.sections {
        assert!(s.start <= s.end && s.end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    for offset in [0, text.len() / 2, text.len()] {
        let _ = section_label(&meta.sections, offset);
        let _ = section_path(&meta.sections, offset);
    }
});
