//! Two small adapters that turn a plain function into a tantivy `TokenFilter`:
//! [`MapFilter`] rewrites each token's text (normalizers), [`StageFilter`] sees the
//! whole token list of a text and may add tokens (OCR repair, acronyms, document
//! numbers need neighbours or the original text). Each analyzer step is then one small
//! struct implementing [`TokenMap`] or [`Stage`], in the manner of charabia's
//! normalizers.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// A one-token-in, one-token-out rewrite of the token text.
pub trait TokenMap: Clone + Send + Sync + 'static {
    /// Rewrites `text` in place.
    fn map(&self, text: &mut String);
}

/// A step that sees every token of a text at once, with the text itself.
pub trait Stage: Clone + Send + Sync + 'static {
    /// Rewrites or extends `tokens`; added tokens reuse the position of the word they
    /// stand for, so a wrong guess never shifts the positions of the others.
    fn process(&self, text: &str, tokens: &mut Vec<Token>);
}

/// A [`TokenFilter`] applying a [`TokenMap`].
#[derive(Clone)]
pub struct MapFilter<M>(pub M);

/// Tokenizer produced by [`MapFilter`].
#[derive(Clone)]
pub struct MapTokenizer<M, T> {
    map: M,
    inner: T,
}

/// Token stream produced by [`MapFilter`].
pub struct MapStream<'a, M, S> {
    map: &'a M,
    tail: S,
}

impl<M: TokenMap> TokenFilter for MapFilter<M> {
    type Tokenizer<T: Tokenizer> = MapTokenizer<M, T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MapTokenizer<M, T> {
        MapTokenizer { map: self.0, inner }
    }
}

impl<M: TokenMap, T: Tokenizer> Tokenizer for MapTokenizer<M, T> {
    type TokenStream<'a> = MapStream<'a, M, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MapStream {
            map: &self.map,
            tail: self.inner.token_stream(text),
        }
    }
}

impl<M: TokenMap, S: TokenStream> TokenStream for MapStream<'_, M, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.map.map(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// A [`TokenFilter`] applying a [`Stage`].
#[derive(Clone)]
pub struct StageFilter<S>(pub S);

/// Tokenizer produced by [`StageFilter`].
#[derive(Clone)]
pub struct StageTokenizer<S, T> {
    stage: S,
    inner: T,
}

/// Token stream produced by [`StageFilter`]: the processed tokens, in order. Also
/// the stream of any token list analyzed ahead of time (see `analysis::fields`).
pub struct StageStream {
    tokens: Vec<Token>,
    next: usize,
}

impl StageStream {
    /// A stream over `tokens`, which must be in position order.
    pub fn new(tokens: Vec<Token>) -> StageStream {
        StageStream { tokens, next: 0 }
    }
}

impl<S: Stage> TokenFilter for StageFilter<S> {
    type Tokenizer<T: Tokenizer> = StageTokenizer<S, T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StageTokenizer<S, T> {
        StageTokenizer {
            stage: self.0,
            inner,
        }
    }
}

impl<S: Stage, T: Tokenizer> Tokenizer for StageTokenizer<S, T> {
    type TokenStream<'a> = StageStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> StageStream {
        let mut tokens = Vec::new();
        let mut tail = self.inner.token_stream(text);
        while tail.advance() {
            tokens.push(tail.token().clone());
        }
        self.stage.process(text, &mut tokens);
        // Tantivy wants positions in order; the stable sort keeps the word first.
        tokens.sort_by_key(|t| t.position);
        StageStream::new(tokens)
    }
}

impl TokenStream for StageStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}
