//! The query language of `q` (API.md): words all required, `"quoted phrases"`,
//! `-exclusion`, `a OR b`. Parsing never fails: unbalanced quotes close at the end,
//! a lone `-` or `OR` is ignored, so whatever a user types gets an answer.

/// Hard bounds that keep a hostile query cheap.
pub const MAX_QUERY_CHARS: usize = 1000;
/// At most this many clauses are kept.
pub const MAX_CLAUSES: usize = 64;
/// Most words (in phrases and `OR` alternatives too) the API accepts in one query:
/// each becomes several term queries, so this bounds the work of one search.
pub const MAX_QUERY_TERMS: usize = 100;

/// Checks the bounds the API enforces, with a message for the user. The parser itself
/// never fails (the command line searches a truncated query); the API says no instead,
/// so a client never gets an answer to a query other than the one it sent.
pub fn check_limits(q: &str) -> Result<(), String> {
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(format!(
            "is {chars} characters long; the limit is {MAX_QUERY_CHARS}"
        ));
    }
    // Chunks without a letter or digit (`-`, `"`) make no terms and are not counted.
    let words = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    };
    let terms: usize = lex(q)
        .iter()
        .map(|l| match l {
            Lexeme::Word(w, _) | Lexeme::Phrase(w, _) => words(w),
            Lexeme::Or => 0,
        })
        .sum();
    if terms > MAX_QUERY_TERMS {
        return Err(format!("has {terms} words; the limit is {MAX_QUERY_TERMS}"));
    }
    Ok(())
}

/// One element of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// A whitespace-delimited chunk (a syllable, an acronym, a document number).
    Word(String),
    /// A quoted phrase.
    Phrase(String),
    /// Alternatives, from `a OR b OR c`.
    Or(Vec<Clause>),
}

/// A parsed query: required clauses and excluded ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub must: Vec<Clause>,
    pub must_not: Vec<Clause>,
}

#[derive(Debug, PartialEq)]
enum Lexeme {
    Word(String, bool),
    Phrase(String, bool),
    Or,
}

fn lex(q: &str) -> Vec<Lexeme> {
    let mut out = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-';
        if negated {
            chars.next();
            if chars.peek().is_none_or(|c| c.is_whitespace()) {
                continue;
            }
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut phrase = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                phrase.push(c);
            }
            if !phrase.trim().is_empty() {
                out.push(Lexeme::Phrase(phrase.trim().to_string(), negated));
            }
            continue;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '"' {
                break;
            }
            word.push(c);
            chars.next();
        }
        if word == "OR" && !negated {
            out.push(Lexeme::Or);
        } else if !word.is_empty() {
            out.push(Lexeme::Word(word, negated));
        }
    }
    out
}

/// Parses a query string.
pub fn parse(q: &str) -> ParsedQuery {
    let q: String = q.chars().take(MAX_QUERY_CHARS).collect();
    let mut parsed = ParsedQuery::default();
    let mut pending_or = false;
    for lexeme in lex(&q) {
        let (clause, negated) = match lexeme {
            Lexeme::Or => {
                pending_or = !parsed.must.is_empty();
                continue;
            }
            Lexeme::Word(w, n) => (Clause::Word(w), n),
            Lexeme::Phrase(p, n) => (Clause::Phrase(p), n),
        };
        if negated {
            parsed.must_not.push(clause);
            pending_or = false;
            continue;
        }
        if pending_or {
            pending_or = false;
            let last = parsed.must.pop().expect("OR follows a clause");
            let alts = match last {
                Clause::Or(mut alts) => {
                    alts.push(clause);
                    alts
                }
                other => vec![other, clause],
            };
            parsed.must.push(Clause::Or(alts));
        } else {
            parsed.must.push(clause);
        }
    }
    parsed.must.truncate(MAX_CLAUSES);
    parsed.must_not.truncate(MAX_CLAUSES);
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Clause {
        Clause::Word(s.into())
    }

    #[test]
    fn parses_language() {
        let cases: Vec<(&str, ParsedQuery)> = vec![
            ("", ParsedQuery::default()),
            (
                "cải cách",
                ParsedQuery {
                    must: vec![w("cải"), w("cách")],
                    must_not: vec![],
                },
            ),
            (
                "\"thủ tục hành chính\" -Zalo",
                ParsedQuery {
                    must: vec![Clause::Phrase("thủ tục hành chính".into())],
                    must_not: vec![w("Zalo")],
                },
            ),
            (
                "PAPI OR PCI OR SIPAS năm",
                ParsedQuery {
                    must: vec![Clause::Or(vec![w("PAPI"), w("PCI"), w("SIPAS")]), w("năm")],
                    must_not: vec![],
                },
            ),
            // unbalanced quote, lone dash, leading OR
            (
                "OR \"một cửa - ",
                ParsedQuery {
                    must: vec![Clause::Phrase("một cửa -".into())],
                    must_not: vec![],
                },
            ),
            (
                "76/NQ-CP",
                ParsedQuery {
                    must: vec![w("76/NQ-CP")],
                    must_not: vec![],
                },
            ),
        ];
        for (q, want) in cases {
            assert_eq!(parse(q), want, "parse({q:?})");
        }
    }

    #[test]
    fn bounds_hostile_queries() {
        let many = "a ".repeat(10_000);
        assert!(parse(&many).must.len() <= MAX_CLAUSES);
        let ors = "a OR ".repeat(5_000);
        let p = parse(&ors);
        assert!(p.must.len() <= 1);
    }

    #[test]
    fn limits_name_what_is_too_much() {
        assert_eq!(check_limits("cải cách \"một cửa\" -Zalo OR PCI"), Ok(()));
        let long = "ă".repeat(MAX_QUERY_CHARS + 1);
        assert!(check_limits(&long).unwrap_err().contains("1001 characters"));
        assert!(check_limits(&"ă".repeat(MAX_QUERY_CHARS)).is_ok());
        let words = "ab ".repeat(MAX_QUERY_TERMS + 1);
        assert!(check_limits(&words).unwrap_err().contains("101 words"));
        let ors = "ab OR ".repeat(MAX_QUERY_TERMS) + "ab";
        assert!(check_limits(&ors).unwrap_err().contains("101 words"));
        let phrase = format!("\"{}\"", "ab ".repeat(MAX_QUERY_TERMS + 1));
        assert!(check_limits(&phrase).unwrap_err().contains("101 words"));
        // Nested quotes and dashes are few words however many marks.
        assert!(check_limits(&"-\"".repeat(400)).is_ok());
    }
}
