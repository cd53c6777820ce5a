//! Reading plan files as they really arrive: UTF-8 with or without BOM, CRLF or LF,
//! NFC or NFD, plain text or markdown with hard wraps, and refusing (with a reason)
//! what is not text at all.

use std::fmt;
use std::io::Read;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization};

use crate::text::legacy;

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
    /// Larger than [`MAX_FILE_BYTES`] (at least this many bytes).
    TooLarge(u64),
    /// A FIFO, device, socket or directory: what kind it is.
    NotRegular(&'static str),
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
                "the file is too large ({n} bytes or more; the limit is {MAX_FILE_BYTES} bytes)"
            ),
            ReadError::NotRegular(kind) => {
                write!(f, "not a regular file ({kind}); only plain files are read")
            }
            ReadError::Binary => write!(f, "binary file, not text"),
            ReadError::NotUtf8(at) => write!(
                f,
                "not UTF-8 text (invalid byte at offset {at}), nor Vietnamese in the legacy \
                 TCVN3 or VNI encodings"
            ),
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
///
/// Only regular files are read: a FIFO or a device named `x.txt` is refused instead of
/// blocking the run or streaming forever. The size is checked from the metadata before
/// anything is read (a 2 GB file is never loaded), and the read itself is bounded too,
/// in case the length lies (files in /proc say 0 bytes).
pub fn read_plan_file(path: &Path) -> Result<String, ReadError> {
    let file = open_nonblocking(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta.file_type())));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let bytes = read_bounded(file, meta.len(), MAX_FILE_BYTES)?;
    decode_plan(&bytes, Format::from_path(path))
}

/// Opens for reading without blocking on a FIFO that has no writer (the file type is
/// checked right after, on the opened file, so nothing can be swapped in between).
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads at most `limit` bytes; more is [`ReadError::TooLarge`], whatever the
/// metadata said (`expected` only sizes the buffer).
pub fn read_bounded(reader: impl Read, expected: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(expected.min(limit) as usize);
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A name for a file type that is not a regular file.
pub fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Decodes raw bytes into the display text of a plan: UTF-8, or the legacy TCVN3 and
/// VNI encodings recognized and converted (see [`legacy`]).
pub fn decode_plan(bytes: &[u8], format: Format) -> Result<String, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if looks_binary(bytes) {
        return Err(ReadError::Binary);
    }
    let legacy;
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => match legacy::detect_in_unicode(text) {
            Some((enc, converted)) => {
                tracing::debug!("legacy {enc} text stored as UTF-8, converted");
                legacy = converted;
                &legacy
            }
            None => text,
        },
        Err(e) => match legacy::detect(bytes) {
            Some((enc, converted)) => {
                tracing::debug!("legacy {enc} bytes, converted");
                legacy = converted;
                &legacy
            }
            None => return Err(ReadError::NotUtf8(e.valid_up_to())),
        },
    };
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
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    // Most plans arrive in NFC: the quick check skips rebuilding them char by char.
    let text = if unicode_normalization::is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    };
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

    #[test]
    fn a_huge_file_is_refused_without_reading_it() {
        // A sparse 2 GB file: refused from its metadata; reading it would take seconds
        // and 2 GB of memory.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(2 << 30).unwrap();
        drop(f);
        assert_eq!(read_plan_file(&path), Err(ReadError::TooLarge(2 << 30)));
        let msg = read_plan_file(&path).unwrap_err().to_string();
        assert!(
            msg.contains("too large") && msg.contains("2147483648"),
            "{msg}"
        );
    }

    #[test]
    fn the_read_is_bounded_when_the_length_lies() {
        // An endless reader (like /dev/zero) that claims to be empty: stops after the
        // limit.
        let endless = std::io::repeat(b'a');
        assert_eq!(
            read_bounded(endless, 0, 1000),
            Err(ReadError::TooLarge(1001))
        );
        assert_eq!(read_bounded(&b"abc"[..], 0, 3).unwrap(), b"abc");
        // A /proc file says 0 bytes but has text: read all the same.
        #[cfg(target_os = "linux")]
        assert!(
            read_bounded(
                std::fs::File::open("/proc/self/status").unwrap(),
                0,
                1 << 20
            )
            .unwrap()
            .starts_with(b"Name:")
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        // A FIFO with no writer: opening it normally would block for ever.
        let fifo = dir.path().join("pipe.txt");
        let st = std::process::Command::new("mkfifo").arg(&fifo).status();
        if st.is_ok_and(|s| s.success()) {
            assert_eq!(read_plan_file(&fifo), Err(ReadError::NotRegular("a FIFO")));
        } else {
            eprintln!("SKIP: mkfifo not available");
        }
        let zero = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert_eq!(
            read_plan_file(&zero),
            Err(ReadError::NotRegular("a device"))
        );
        let sub = dir.path().join("folder.txt");
        std::fs::create_dir(&sub).unwrap();
        assert_eq!(
            read_plan_file(&sub),
            Err(ReadError::NotRegular("a directory"))
        );
        let dangling = dir.path().join("gone.txt");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(matches!(read_plan_file(&dangling), Err(ReadError::Io(_))));
    }

    #[test]
    fn legacy_encodings_are_converted() {
        // "Kế hoạch cải cách hành chính năm 2024 của tỉnh" in TCVN3 and in VNI.
        let tcvn3 = b"K\xd5 HO\xb9CH\nK\xd5 ho\xb9ch c\xb6i c\xb8ch h\xb5nh ch\xddnh n\xa8m 2024 c\xf1a t\xd8nh";
        assert_eq!(
            decode_plan(tcvn3, Format::Text).unwrap(),
            "KẾ HOẠCH\nKế hoạch cải cách hành chính năm 2024 của tỉnh"
        );
        let vni =
            b"Ke\xe1 hoa\xefch ca\xfbi ca\xf9ch ha\xf8nh ch\xednh na\xeam 2024 cu\xfba t\xe6nh";
        assert_eq!(
            decode_plan(vni, Format::Text).unwrap(),
            "Kế hoạch cải cách hành chính năm 2024 của tỉnh"
        );
    }
}
