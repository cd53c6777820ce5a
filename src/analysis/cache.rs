//! A cache of analyzed documents for snippets.
//!
//! Highlighting re-analyzes a hit's stored text, and the folded analyzer is costly on
//! OCR text (every mangled word searches for repairs). Hits repeat across queries, so
//! the token stream of recently highlighted texts is kept, keyed by a hash of the
//! text; the same tokens the index holds, at a fraction of the cost.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::folded_analyzer;

/// Texts kept; at this size the cache starts over (simple, bounded memory: a plan
/// is some thousands of tokens).
const CAPACITY: usize = 512;

type Cache = Mutex<HashMap<[u8; 32], Arc<Vec<Token>>>>;

fn cache() -> &'static Cache {
    static C: OnceLock<Cache> = OnceLock::new();
    C.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The folded tokens of `text`, from the cache or freshly analyzed.
pub fn folded_tokens(text: &str) -> Arc<Vec<Token>> {
    let key = *blake3::hash(text.as_bytes()).as_bytes();
    if let Some(t) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return t;
    }
    let mut analyzer = folded_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    let tokens = Arc::new(tokens);
    if let Ok(mut c) = cache().lock() {
        if c.len() >= CAPACITY {
            c.clear();
        }
        c.insert(key, tokens.clone());
    }
    tokens
}

/// Tokenizer that replays [`folded_tokens`]: the folded analyzer, cached.
#[derive(Clone, Default)]
pub struct CachedFolded;

/// Token stream of [`CachedFolded`].
pub struct CachedStream {
    tokens: Arc<Vec<Token>>,
    next: usize,
}

impl Tokenizer for CachedFolded {
    type TokenStream<'a> = CachedStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CachedStream {
        CachedStream {
            tokens: folded_tokens(text),
            next: 0,
        }
    }
}

impl TokenStream for CachedStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        // The cache is shared: a caller that mutates gets its own copy.
        &mut Arc::make_mut(&mut self.tokens)[self.next - 1]
    }
}

/// The analyzer used for snippets.
pub fn snippet_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(CachedFolded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_the_folded_analyzer() {
        let text = "ctia Pang và cải cách hành chính 76/NQ-CP";
        let direct = crate::analysis::terms(&mut folded_analyzer(), text);
        let cached = crate::analysis::terms(&mut snippet_analyzer(), text);
        let again = crate::analysis::terms(&mut snippet_analyzer(), text);
        assert_eq!(direct, cached);
        assert_eq!(direct, again);
    }
}
