//! Reading plan files as they really arrive: UTF-8 with or without BOM, CRLF or LF,
//! NFC or NFD, plain text or markdown with hard wraps, and refusing (with a reason)
//! what is not text at all.

use std::fmt;
use std::io::Read;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// File extensions the indexer reads.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// Why a file could not be read as a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The operating system refused (missing, unreadable, a directory…).
    Io(String),
    /// Zero bytes, or nothing but whitespace.
    Empty,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge(u64),
    /// NUL bytes or control characters: a binary file.
    Binary,
    /// Not valid UTF-8; the byte offset of the first bad byte.
    NotUtf8(usize),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
            ReadError::Empty => write!(f, "the file is empty"),
            ReadError::TooLarge(n) => write!(
                f,
                "the file is too large ({n} bytes; the limit is {MAX_FILE_BYTES} bytes)"
            ),
            ReadError::Binary => write!(f, "binary file, not text"),
            ReadError::NotUtf8(at) => {
                write!(f, "not UTF-8 text (invalid byte at offset {at})")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// The kind of markup a file carries, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
}

impl Format {
    /// Markdown for `.md` / `.markdown`, plain text otherwise.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
        {
            Some(e) if e == "md" || e == "markdown" => Format::Markdown,
            _ => Format::Text,
        }
    }
}

/// Reads a plan file: bounded in size, decoded, normalized for display and search.
pub fn read_plan_file(path: &Path) -> Result<String, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(ReadError::Io("is a directory".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    decode_plan(&bytes, Format::from_path(path))
}

/// Decodes raw bytes into the display text of a plan.
pub fn decode_plan(bytes: &[u8], format: Format) -> Result<String, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if looks_binary(bytes) {
        return Err(ReadError::Binary);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.valid_up_to()))?;
    let format = if format == Format::Text && looks_markdown(text) {
        Format::Markdown
    } else {
        format
    };
    Ok(normalize_text(text, format))
}

/// Plans exported from HTML often arrive as markdown in a `.txt` file: headings
/// (`## `) or several bold spans (`**`) give it away.
pub fn looks_markdown(text: &str) -> bool {
    let head = &text[..text.floor_char_boundary(text.len().min(200_000))];
    let headings = head
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            (1..=6).contains(&hashes) && t[hashes..].starts_with(' ')
        })
        .count();
    headings >= 2 || head.matches("**").count() >= 6
}

/// Normalizes decoded text: LF line ends, NFC, markdown markup removed.
pub fn normalize_text(text: &str, format: Format) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text.nfc().collect();
    match format {
        Format::Markdown => crate::text::markdown::to_plain(&text),
        Format::Text => text,
    }
}

/// NUL bytes, or many control characters other than whitespace, mean binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 100 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_variants() {
        let nfd = "Đa\u{0309}ng";
        assert_eq!(decode_plan(nfd.as_bytes(), Format::Text).unwrap(), "Đảng");
        let bom = b"\xEF\xBB\xBFhello\r\nworld";
        assert_eq!(decode_plan(bom, Format::Text).unwrap(), "hello\nworld");
    }

    #[test]
    fn detects_markdown_in_text_files() {
        let md = "## **KẾ HOẠCH**\n### **Tuyên truyền**\n**I. Mục đích**";
        assert_eq!(
            decode_plan(md.as_bytes(), Format::Text).unwrap(),
            "KẾ HOẠCH\nTuyên truyền\nI. Mục đích\n"
        );
        assert!(!looks_markdown("I. MỤC ĐÍCH\n1. Mục đích\n# not a heading"));
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(decode_plan(b"", Format::Text), Err(ReadError::Empty));
        assert_eq!(decode_plan(b"  \n\t", Format::Text), Err(ReadError::Empty));
        assert_eq!(decode_plan(b"ab\0cd", Format::Text), Err(ReadError::Binary));
        assert_eq!(
            decode_plan(b"abc\xff\xfe", Format::Text),
            Err(ReadError::NotUtf8(3))
        );
    }
}
