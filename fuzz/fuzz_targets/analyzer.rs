//! The `vi_exact` and `vi_folded` token streams on arbitrary text: no panic, offsets
//! inside the text on character boundaries, positions never going back (tantivy
//! delta-encodes positions), and `analyze` (which slices the text by those offsets).
#![no_main]

use libfuzzer_sys::fuzz_target;
use plansearch::analysis::{analyze, exact_analyzer, folded_analyzer};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for mut analyzer in [exact_analyzer(), folded_analyzer()] {
        let mut stream = analyzer.token_stream(text);
        let mut last_position = 0usize;
        while let Some(t) = stream.next() {
            assert!(t.offset_from <= t.offset_to, "{t:?}");
            assert!(t.offset_to <= text.len(), "{t:?}");
            assert!(text.is_char_boundary(t.offset_from), "{t:?}");
            assert!(text.is_char_boundary(t.offset_to), "{t:?}");
            assert!(t.position >= last_position, "position went back: {t:?}");
            last_position = t.position;
        }
    }
    let _ = analyze(text);
});
