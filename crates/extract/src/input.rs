//! Readers: plain text / Markdown, JSON Lines, HTML, RSS / Atom feeds ([`crate::feed`]),
//! directories (recursively) and stdin.
//! Each yields articles or errors that name the file (and line); one bad input never stops the
//! others.
//!
//! Article identity (`Metadata::id`): an explicit JSON `id`, else the article's URL (a feed
//! item's link, else its guid), else the
//! file's canonical path (text, Markdown, HTML), else a hash of the text (JSON Lines without id
//! or URL, stdin). Re-reading the same article gives the same id, so a changed article replaces
//! its earlier graph.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::document::{Document, Metadata};
use crate::error::{Error, Result};

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    JsonLines,
    Html,
    /// RSS 2.0, RSS 1.0 / 0.9x or Atom: one article per item (see [`crate::feed`]).
    Feed,
}

impl Format {
    /// The format a file name implies, when it implies one.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" | "md" | "markdown" => Some(Format::Text),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            // `.xml`: a feed when its root element is one (a directory walk skips other XML)
            "rss" | "atom" | "xml" => Some(Format::Feed),
            _ => None,
        }
    }

    /// Guess from content: `{` starts JSON Lines, an XML document whose root is `<rss>`,
    /// `<feed>` or RSS 1.0's `<rdf:RDF>` a feed, any other `<` HTML, anything else text.
    pub fn sniff(text: &str) -> Self {
        match text.trim_start().chars().next() {
            Some('{') => Format::JsonLines,
            Some('<') if crate::feed::is_feed(text.as_bytes()) => Format::Feed,
            Some('<') => Format::Html,
            _ => Format::Text,
        }
    }
}

/// How directories are walked (the conventions of ripgrep and fd).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Also read hidden files and folders (names starting with `.`).
    pub hidden: bool,
    /// Read files that `.gitignore` (inside a git repository), `.ignore`, `.git/info/exclude`
    /// and the global git excludes would leave out.
    pub no_ignore: bool,
    /// Follow symbolic links inside directories (a link that leads back to a folder being
    /// walked is detected and skipped with a warning). Paths given explicitly are always
    /// followed.
    pub follow: bool,
    /// Keep every `.xml` file, feed or not, for a caller that checks them itself (the watcher
    /// checks a file again only when it changed, not at every poll).
    pub all_xml: bool,
}

/// What [`collect_files_with`] found.
#[derive(Debug, Default)]
pub struct Collected {
    /// Files to read, in the order given (a directory's files in name order).
    pub files: Vec<PathBuf>,
    /// Paths that could not be read.
    pub errors: Vec<Error>,
    /// Things skipped that the user should know about (symbolic link loops).
    pub warnings: Vec<String>,
}

/// Expand paths with the default [`WalkOptions`]: files as given, directories recursively.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let c = collect_files_with(paths, WalkOptions::default());
    (c.files, c.errors)
}

/// Expand paths: files as given (`-` is stdin), directories recursively: files with a known
/// extension (not README.*, and `.xml` only when it is a feed), in name order; hidden entries, files the ignore files exclude and
/// symbolic links skipped unless `opts` says otherwise. A file reached twice through links
/// inside directories is read once. Unreadable paths come back as errors.
pub fn collect_files_with(paths: &[PathBuf], opts: WalkOptions) -> Collected {
    let mut out = Collected::default();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.files.push(p.clone());
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, opts, &mut seen, &mut out),
            Ok(_) => out.files.push(p.clone()),
            Err(e) => out.errors.push(Error::io(p, e)),
        }
    }
    out
}

fn walk(
    dir: &Path,
    opts: WalkOptions,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Collected,
) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(!opts.hidden)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .follow_links(opts.follow)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                walk_error(e, out);
                continue;
            }
        };
        let p = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file())
            || Format::from_path(p).is_none()
            || is_readme(p)
            || (is_xml(p) && !opts.all_xml && !crate::feed::file_is_feed(p))
        {
            continue;
        }
        // two links to one file: read it once
        if opts.follow && !seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.into())) {
            continue;
        }
        out.files.push(p.to_path_buf());
    }
}

fn walk_error(e: ignore::Error, out: &mut Collected) {
    match e {
        ignore::Error::WithPath { path, err } => match *err {
            ignore::Error::Io(io) => out.errors.push(Error::io(&path, io)),
            other => walk_error_at(Some(&path), other, out),
        },
        ignore::Error::WithDepth { err, .. } => walk_error(*err, out),
        other => walk_error_at(None, other, out),
    }
}

fn walk_error_at(path: Option<&Path>, e: ignore::Error, out: &mut Collected) {
    match e {
        ignore::Error::Loop { child, ancestor } => out.warnings.push(format!(
            "{}: symbolic link loop (back to {}); not followed",
            child.display(),
            ancestor.display()
        )),
        ignore::Error::Io(io) => out
            .errors
            .push(Error::io(path.unwrap_or(Path::new("?")), io)),
        ignore::Error::WithPath { path, err } => walk_error_at(Some(&path), *err, out),
        ignore::Error::WithDepth { err, .. } => walk_error_at(path, *err, out),
        ignore::Error::WithLineNumber { line, err } => out.warnings.push(format!(
            "{}: {err}",
            crate::error::position(
                path.unwrap_or(Path::new("?")).display(),
                line as usize,
                None
            )
        )),
        // a bad ignore file: say so, and walk on as if it were not there
        other => out.warnings.push(match path {
            Some(p) => format!("{}: {other}", p.display()),
            None => other.to_string(),
        }),
    }
}

/// RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML, N3) are reference data for
/// `newsgraph load`, never articles.
fn is_rdf(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| {
            matches!(
                e.as_str(),
                "ttl" | "nt" | "nq" | "trig" | "jsonld" | "rdf" | "owl" | "n3"
            )
        })
}

/// Whether the path names an `.xml` file (a feed, or a file a walk leaves out).
pub fn is_xml(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

/// README files describe a directory of articles; they are not articles.
fn is_readme(p: &Path) -> bool {
    p.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

/// Read one file (or `-` for stdin) into articles.
pub fn read_path(path: &Path) -> Vec<Result<Document>> {
    let (bytes, origin) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            return vec![Err(Error::io("<stdin>", e))];
        }
        (buf, "<stdin>".to_string())
    } else if is_rdf(path) {
        return vec![Err(Error::input(
            path.display().to_string(),
            format!(
                "this is RDF, not a news article: load it with `newsgraph load {}`",
                path.display()
            ),
        ))];
    } else {
        match std::fs::read(path) {
            Ok(b) => (b, path.display().to_string()),
            Err(e) => return vec![Err(Error::io(path, e))],
        }
    };
    let by_name = Format::from_path(path);
    // feeds are read item by item (UTF-8, like every input): a broken item costs only itself
    let feed = matches!(by_name, None | Some(Format::Feed)) && crate::feed::is_feed(&bytes);
    if by_name == Some(Format::Feed) || feed {
        if !feed {
            let root =
                crate::feed::root_element(&bytes).map_or("none".to_string(), |r| format!("<{r}>"));
            return vec![Err(Error::input(
                origin,
                format!("not an RSS or Atom feed (root element: {root}); newsgraph reads .rss, .atom and .xml files that are feeds"),
            ))];
        }
        return clean_all(crate::feed::read_feed(&bytes, &origin));
    }
    // JSON Lines are decoded line by line: a bad byte costs its line only
    if by_name == Some(Format::JsonLines)
        || (by_name.is_none() && std::str::from_utf8(&bytes).is_err() && looks_like_jsonl(&bytes))
    {
        if let Some(lines) = decode_lines(&bytes, &origin) {
            return clean_all(read_jsonl_lines(lines, &origin));
        }
    }
    let text = match decode(&bytes, &origin) {
        Ok(t) => t,
        Err(e) => return vec![Err(e)],
    };
    let format = by_name.unwrap_or_else(|| Format::sniff(&text));
    let file_id = if path.as_os_str() == "-" {
        None
    } else {
        Some(
            std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
        )
    };
    clean_all(match format {
        Format::JsonLines => read_jsonl(&text, &origin),
        Format::Text if is_markdown(path) => vec![read_markdown(&text, &origin, file_id)],
        Format::Text => vec![read_text(text, &origin, file_id)],
        Format::Html => vec![read_html(&text, &origin, file_id)],
        Format::Feed => crate::feed::read_feed(text.as_bytes(), &origin),
    })
}

fn clean_all(mut docs: Vec<Result<Document>>) -> Vec<Result<Document>> {
    for d in docs.iter_mut().flatten() {
        clean_document(d);
    }
    docs
}

/// Whether text that is not valid UTF-8 as a whole still reads as JSON Lines: its first
/// non-blank byte is `{`.
fn looks_like_jsonl(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// A JSON Lines file as lines (numbered from 1), each decoded on its own: a line that is not
/// valid UTF-8 becomes an error naming its number, the others are kept. `None` when the file is
/// one JSON value over many lines or an array (those are decoded whole), or binary.
fn decode_lines<'a>(bytes: &'a [u8], origin: &str) -> Option<Vec<(usize, Result<&'a str>)>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') || bytes.iter().take(8192).any(|&b| b == 0) {
        return None;
    }
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // a pretty-printed single object: its first line is not a whole JSON value
    if first == Some(&b'{') {
        let head = lines
            .iter()
            .find(|l| !l.trim_ascii().is_empty())
            .copied()
            .unwrap_or_default();
        if std::str::from_utf8(head)
            .ok()
            .is_some_and(|h| serde_json::from_str::<serde_json::Value>(h).is_err())
            && lines.iter().filter(|l| !l.trim_ascii().is_empty()).count() > 1
        {
            return None;
        }
    }
    Some(
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let l = l.strip_suffix(b"\r").unwrap_or(l);
                let r = std::str::from_utf8(l).map_err(|e| {
                    Error::input(
                        crate::error::position(origin, i + 1, Some(e.valid_up_to() + 1)),
                        "invalid UTF-8 (the column counts bytes); the line is skipped (convert the file to UTF-8)",
                    )
                });
                (i + 1, r)
            })
            .collect(),
    )
}

/// What article text may hold: any character but the C0 controls other than tab, line feed and
/// carriage return (U+0000-U+001F) and the noncharacters U+FFFE and U+FFFF, none of which XML
/// can carry. Each is replaced in place, by a space (a control) or U+FFFD (a noncharacter), so
/// that the text keeps its length and every offset stays what it was in the input. Returns how
/// many were replaced and the (1-based) line of the first.
pub fn clean_controls(text: &mut String) -> (usize, usize) {
    if !text.chars().any(is_forbidden) {
        return (0, 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut first_line = 0;
    let mut line = 1;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if is_forbidden(c) {
            count += 1;
            if first_line == 0 {
                first_line = line;
            }
            out.push(if (c as u32) < 0x20 { ' ' } else { '\u{FFFD}' });
        } else {
            out.push(c);
        }
    }
    *text = out;
    (count, first_line)
}

fn is_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// [`clean_controls`] over an article's text and metadata, with a warning when anything was
/// replaced, and a warning for a date [`crate::dates::publication_day`] does not understand.
fn clean_document(doc: &mut Document) {
    let (n, line) = clean_controls(&mut doc.text);
    let m = &mut doc.meta;
    let mut in_meta = 0;
    for f in [
        &mut m.title,
        &mut m.date,
        &mut m.url,
        &mut m.author,
        &mut m.source,
    ]
    .into_iter()
    .flatten()
    {
        in_meta += clean_controls(f).0;
    }
    in_meta += clean_controls(&mut m.id).0;
    if n > 0 {
        m.warnings.push(format!(
            "{}: {n} control character(s) in the text replaced by spaces (the first at line {line} of the text)",
            m.origin
        ));
    }
    if in_meta > 0 {
        m.warnings.push(format!(
            "{}: {in_meta} control character(s) in the metadata replaced by spaces",
            m.origin
        ));
    }
    if let Some(d) = m.date.as_deref() {
        if crate::dates::publication_day(d).is_none() {
            m.warnings.push(format!(
                "{}: date `{}` not understood (ISO 8601, RFC 2822 or \"March 3, 2020\" expected): kept as text, so date filters and --since / --until leave the article out",
                m.origin,
                d.trim()
            ));
        }
    }
}

/// Read many files in parallel (one file may hold many articles), keeping the files' order;
/// each error names its file (and line).
pub fn read_files(files: &[PathBuf]) -> Vec<Result<Document>> {
    use rayon::prelude::*;
    files.par_iter().flat_map_iter(|f| read_path(f)).collect()
}

/// Bytes to text: rejects binary data and invalid UTF-8 with the position; drops a BOM.
pub fn decode(bytes: &[u8], origin: &str) -> Result<String> {
    if let Some(pos) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(Error::input(
            origin,
            format!("binary data, not text (NUL byte at offset {pos})"),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let col = at
                - bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            Err(Error::input(
                crate::error::position(origin, line, Some(col)),
                format!("invalid UTF-8 (the column counts bytes; byte offset {at}); convert the file to UTF-8"),
            ))
        }
    }
}

const HEADER_KEYS: &[&str] = &[
    "title",
    "headline",
    "date",
    "published",
    "url",
    "link",
    "author",
    "by",
    "source",
    "publisher",
];

/// Plain text or Markdown: optional `Key: value` header lines, then the body whose first
/// non-empty line is the headline.
pub fn read_text(text: String, origin: &str, file_id: Option<String>) -> Result<Document> {
    let mut meta = Metadata {
        origin: origin.to_string(),
        ..Default::default()
    };
    let mut pos = 0;
    let mut saw_header = false;
    for line in text.split_inclusive('\n') {
        let l = line.trim();
        if l.is_empty() && !saw_header {
            pos += line.len();
            continue;
        }
        let header = l.split_once(':').filter(|(k, v)| {
            HEADER_KEYS.contains(&k.trim().to_ascii_lowercase().as_str())
                && !v.trim().is_empty()
                && !k.contains(' ')
        });
        match header {
            Some((k, v)) => {
                let v = v.trim().to_string();
                match k.trim().to_ascii_lowercase().as_str() {
                    "title" | "headline" => meta.title = Some(v),
                    "date" | "published" => meta.date = Some(v),
                    "url" | "link" => meta.url = Some(v),
                    "author" | "by" => meta.author = Some(v),
                    _ => meta.source = Some(v),
                }
                saw_header = true;
                pos += line.len();
            }
            None => break,
        }
    }
    // skip blank lines between the headers and the body
    while pos < text.len() {
        let rest = &text[pos..];
        let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        if rest[..line_len].trim().is_empty() {
            pos += line_len;
        } else {
            break;
        }
    }
    if text[pos..].trim().is_empty() {
        return Err(Error::input(
            origin,
            "empty article: no text after the header lines",
        ));
    }
    let first_line = text[pos..].lines().next().unwrap_or("").trim();
    let headline = first_line.trim_start_matches('#').trim();
    if meta.title.is_none() && !headline.is_empty() {
        meta.title = Some(headline.to_string());
    }
    meta.id = meta
        .url
        .clone()
        .or(file_id)
        .unwrap_or_else(|| format!("sha:{}", &blake3::hash(text.as_bytes()).to_hex()[..32]));
    let mut doc = Document::new(meta, text);
    doc.body_start = pos;
    Ok(doc)
}

/// Plain text handed over as a string, read exactly as a `.txt` file of that text is read
/// (header lines, headline, control characters replaced), with `origin` for messages; the id is
/// a hash of the text.
pub fn read_plain(text: String, origin: &str) -> Result<Document> {
    let mut doc = read_text(text, origin, None)?;
    clean_document(&mut doc);
    Ok(doc)
}

/// A `.md` / `.markdown` file.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Markdown: read by a CommonMark parser, its markup blanked (`markdown::plain_text`: as many
/// characters as the file, each in its place, so offsets still count into the file as read),
/// then as text with its header lines.
pub fn read_markdown(text: &str, origin: &str, file_id: Option<String>) -> Result<Document> {
    let mut doc = read_text(crate::markdown::plain_text(text), origin, file_id)?;
    // the headline has no offsets: single spaces where markup was
    if let Some(t) = doc.meta.title.as_mut() {
        *t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Ok(doc)
}

/// JSON Lines: one object per line with `text` (required) and optional `id`, `url`, `title`,
/// `date`, `author`, `source`. A `.json` file may instead hold one object or an array.
pub fn read_jsonl(text: &str, origin: &str) -> Vec<Result<Document>> {
    let trimmed = text.trim_start();
    // a whole-file JSON object (pretty-printed .json)
    if trimmed.starts_with('{') && text.trim_end().lines().count() > 1 {
        if let Ok(v @ serde_json::Value::Object(_)) =
            serde_json::from_str::<serde_json::Value>(trimmed)
        {
            return vec![json_article(v, origin)];
        }
    }
    if trimmed.starts_with('[') {
        return match serde_json::from_str::<Vec<serde_json::Value>>(trimmed) {
            Ok(values) => values
                .into_iter()
                .enumerate()
                .map(|(i, v)| json_article(v, &format!("{origin}[{i}]")))
                .collect(),
            Err(e) => {
                // serde counts from the first non-blank character
                let skipped = text[..text.len() - trimmed.len()].matches('\n').count();
                vec![Err(Error::input(
                    crate::error::position(origin, e.line() + skipped, Some(e.column())),
                    format!("invalid JSON array: {}", json_message(&e)),
                ))]
            }
        };
    }
    read_jsonl_lines(
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, Ok(l)))
            .collect(),
        origin,
    )
}

/// A serde_json message without its " at line L column C" (the position goes in front, as
/// `FILE:LINE:COLUMN:`).
fn json_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    msg.strip_suffix(&tail).unwrap_or(&msg).to_string()
}

/// One article (or error) per non-blank line; `lines` are numbered from 1.
fn read_jsonl_lines(lines: Vec<(usize, Result<&str>)>, origin: &str) -> Vec<Result<Document>> {
    let mut out = Vec::new();
    for (n, line) in lines {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                out.push(Err(e));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let here = format!("{origin}:{n}");
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => out.push(json_article(v, &here)),
            Err(e) => out.push(Err(Error::input(
                crate::error::position(origin, n, Some(e.column())),
                format!("invalid JSON: {}", json_message(&e)),
            ))),
        }
    }
    if out.is_empty() {
        out.push(Err(Error::input(origin, "empty file: no JSON lines")));
    }
    out
}

fn json_article(v: serde_json::Value, origin: &str) -> Result<Document> {
    let serde_json::Value::Object(map) = v else {
        return Err(Error::input(
            origin,
            "expected a JSON object with a \"text\" field",
        ));
    };
    let field = |k: &str| -> Result<Option<String>> {
        match map.get(k) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(serde_json::Value::Number(n)) if k == "id" => Ok(Some(n.to_string())),
            Some(other) => Err(Error::input(
                origin,
                format!("field \"{k}\" must be a string, found {}", json_kind(other)),
            )),
        }
    };
    let text = match map.get("text") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(Error::input(
                origin,
                format!(
                    "field \"text\" must be a string, found {}",
                    json_kind(other)
                ),
            ))
        }
        None => return Err(Error::input(origin, "missing required field \"text\"")),
    };
    if text.trim().is_empty() {
        return Err(Error::input(
            origin,
            "empty article: field \"text\" is empty",
        ));
    }
    let url = field("url")?;
    let meta = Metadata {
        id: field("id")?
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("sha:{}", &blake3::hash(text.as_bytes()).to_hex()[..32])),
        title: field("title")?,
        date: field("date")?,
        url,
        author: field("author")?,
        source: field("source")?,
        origin: origin.to_string(),
        warnings: Vec::new(),
        dateline: None,
    };
    Ok(Document::new(meta, text))
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// HTML: the main article text (Readability) plus title, date, author, publisher and canonical
/// URL from the usual meta tags. Offsets refer to the extracted text.
pub fn read_html(html: &str, origin: &str, file_id: Option<String>) -> Result<Document> {
    // the HTML parser's scope checks and Readability take time that grows with the square of
    // the nesting depth (20,000 nested elements: 109 s): tags nested deeper than any real page
    // nests are dropped before parsing (their text stays)
    let flattened = flatten_deep_html(html, MAX_HTML_DEPTH);
    let page = dom_query::Document::from(flattened.as_deref().unwrap_or(html));
    let meta_content = |sel: &str| -> Option<String> {
        page.select(sel)
            .attr("content")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let url = page
        .select("link[rel='canonical']")
        .attr("href")
        .map(|s| s.to_string())
        .or_else(|| meta_content("meta[property='og:url']"))
        .filter(|u| u.starts_with("http"));
    // a safety net for what the flattening does not see (the parser nests some elements
    // itself): a page still too deep is read as its whole text, without Readability
    let too_deep = nesting_beyond(&page, 4 * MAX_HTML_DEPTH);
    let article = match too_deep {
        Some(_) => None,
        None => {
            let cfg = dom_smoothie::Config {
                text_mode: dom_smoothie::TextMode::Formatted,
                ..Default::default()
            };
            let mut r =
                dom_smoothie::Readability::with_document(page.clone(), url.as_deref(), Some(cfg))
                    .map_err(|e| Error::input(origin, format!("cannot read HTML: {e}")))?;
            Some(r.parse().map_err(|e| {
                Error::input(origin, format!("no article text found in the HTML ({e})"))
            })?)
        }
    };
    let text = match &article {
        Some(a) => tidy_text(&a.text_content),
        None => tidy_text(&page.select("body").text()),
    };
    if text.trim().is_empty() {
        return Err(Error::input(
            origin,
            "empty article: the HTML has no main text",
        ));
    }
    let from_article =
        |f: fn(&dom_smoothie::Article) -> Option<String>| article.as_ref().and_then(f);
    let title = meta_content("meta[property='og:title']")
        .or_else(|| from_article(|a| Some(a.title.clone()).filter(|t| !t.trim().is_empty())))
        .or_else(|| Some(page.select("title").text().trim().to_string()).filter(|t| !t.is_empty()));
    let date = meta_content("meta[property='article:published_time']")
        .or_else(|| meta_content("meta[name='date']"))
        .or_else(|| meta_content("meta[itemprop='datePublished']"))
        .or_else(|| from_article(|a| a.published_time.clone()));
    let author = meta_content("meta[name='author']")
        .or_else(|| {
            meta_content("meta[property='article:author']").filter(|a| !a.starts_with("http"))
        })
        .or_else(|| from_article(|a| a.byline.clone()));
    let source = meta_content("meta[property='og:site_name']")
        .or_else(|| from_article(|a| a.site_name.clone()));
    let mut warnings = Vec::new();
    if flattened.is_some() {
        warnings.push(format!(
            "{origin}: HTML elements nested more than {MAX_HTML_DEPTH} deep: the tags below that \
             depth were dropped, their text kept"
        ));
    }
    if let Some(depth) = too_deep {
        warnings.push(format!(
            "{origin}: HTML nested more than {depth} elements deep: read as the whole page's \
             text, without picking out the article's main text"
        ));
    }
    let meta = Metadata {
        id: url
            .clone()
            .or(file_id)
            .unwrap_or_else(|| format!("sha:{}", &blake3::hash(text.as_bytes()).to_hex()[..32])),
        title,
        date,
        url,
        author,
        source,
        origin: origin.to_string(),
        warnings,
        dateline: None,
    };
    let mut doc = Document::new(meta, text);
    // the headline, when the extracted text starts with it, is analysed as its own sentence
    doc.body_start = 0;
    Ok(doc)
}

/// How deeply HTML elements may nest: the tags below this depth are dropped before parsing,
/// their text kept (real pages nest a few dozen levels); a page the parser still nests four
/// times deeper is read as its whole text, without Readability.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements the HTML parser closes by itself when the next one starts (`<p>`, `<li>`, `<td>`...)
/// and elements that never hold others: they do not deepen the nesting.
const HTML_FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rp",
];

/// The HTML with the tags nested deeper than `limit` dropped (their text kept), or `None` when
/// no tag is that deep. One pass over the text, reading tags as the HTML parser would closely
/// enough to count depth: comments (`<!-->` too) and the contents of `script`, `style`,
/// `textarea` and `title` are skipped, quoted attribute values may hold `>`, void elements and
/// those the parser closes itself do not nest, and `/>` closes an element only inside `svg` or
/// `math` (elsewhere the parser ignores it).
pub fn flatten_deep_html(html: &str, limit: usize) -> Option<String> {
    let b = html.as_bytes();
    // the open elements: name and whether its tags were dropped; how many of each name are
    // open, so that an end tag nothing opened is passed over without a search
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut open_count: HashMap<String, usize> = HashMap::new();
    let mut foreign = 0usize; // open <svg> / <math>: there `/>` closes any element
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `html` already copied into `out` (or skipped)
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + off;
        if b[start..].starts_with(b"<!--") {
            // `<!-->` and `<!--->` are whole comments; a comment ends at `-->` or `--!>`
            let body = start + 4;
            i = if b[body..].starts_with(b">") {
                body + 1
            } else if b[body..].starts_with(b"->") {
                body + 2
            } else {
                let rest = &html[body..];
                match (rest.find("-->"), rest.find("--!>")) {
                    (Some(x), Some(y)) if y < x => body + y + 4,
                    (Some(x), _) => body + x + 3,
                    (None, Some(y)) => body + y + 4,
                    (None, None) => b.len(),
                }
            };
            continue;
        }
        let closing = b.get(start + 1) == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        // a tag name starts with a letter ("<3", "< 5", "<!DOCTYPE", "<?xml" open nothing)
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        // the end of the tag, past quoted attribute values (a quote opens one only right
        // after `=`, as in `title="a>b"`; `it's` in an unquoted value is no quote)
        let mut end = name_at + name_len;
        let mut quote = None;
        let mut after_equals = false;
        while end < b.len() {
            let c = b[end];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'>' => break,
                None if after_equals && (c == b'"' || c == b'\'') => quote = Some(c),
                None => {}
            }
            if quote.is_none() && !c.is_ascii_whitespace() {
                after_equals = c == b'=';
            }
            end += 1;
        }
        let end = (end + 1).min(b.len());
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let raw_text = matches!(name.as_str(), "script" | "style" | "textarea" | "title");
        let self_closing = foreign > 0 && b[..end].ends_with(b"/>");
        let mut drop = false;
        if closing {
            if open_count.get(&name).is_some_and(|&n| n > 0) {
                if let Some(k) = open.iter().rposition(|(n, _)| *n == name) {
                    drop = open[k].1;
                    for (n, _) in open.drain(k..) {
                        if n == "svg" || n == "math" {
                            foreign -= 1;
                        }
                        if let Some(c) = open_count.get_mut(&n) {
                            *c -= 1;
                        }
                    }
                }
            }
        } else if !self_closing && !raw_text && !HTML_FLAT.contains(&name.as_str()) {
            // (raw-text elements hold no elements: they never deepen the nesting)
            drop = open.len() >= limit;
            if name == "svg" || name == "math" {
                foreign += 1;
            }
            *open_count.entry(name.clone()).or_insert(0) += 1;
            open.push((name.clone(), drop));
        }
        let mut next = end;
        if !closing && raw_text {
            // raw text up to the closing tag
            let close = format!("</{name}");
            next = (end..b.len())
                .filter(|&k| b[k] == b'<')
                .find(|&k| {
                    b.get(k..k + close.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                })
                .unwrap_or(b.len());
        }
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..start]);
            copied = end;
        }
        i = next;
    }
    out.map(|mut o| {
        o.push_str(&html[copied..]);
        o
    })
}

/// `Some(limit)` when some element of the page is nested more than `limit` elements deep, in
/// one pass over the tree that stops there.
fn nesting_beyond(page: &dom_query::Document, limit: usize) -> Option<usize> {
    let mut stack = vec![(page.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limit {
            return Some(limit);
        }
        let mut child = node.first_element_child();
        while let Some(c) = child {
            child = c.next_element_sibling();
            stack.push((c, depth + 1));
        }
    }
    None
}

/// Trim each line and collapse runs of blank lines to one, so paragraphs are separated by one
/// blank line.
pub(crate) fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_nested_too_deep_is_flattened_and_keeps_its_text() {
        let nested =
            |open: &str, n: usize| format!("{}France{}", open.repeat(n), "</div>".repeat(n));
        // a real page is left alone
        assert_eq!(flatten_deep_html(&nested("<div>", 40), 256), None);
        let opens = |h: &str| h.matches("<div").count();
        // deep nesting, written every way the parser nests it, keeps 256 levels
        for open in ["<div>", "<div/>", "<div title=it's>", "<div class=\"a>b\">"] {
            let flat = flatten_deep_html(&nested(open, 1000), 256).expect(open);
            assert_eq!(opens(&flat), 256, "{open}");
            assert!(flat.contains("France"), "{open}");
        }
        // comments that end at once do not hide what follows
        let html = format!("<!--><!---><!-- x --!>{}", nested("<div>", 300));
        assert_eq!(opens(&flatten_deep_html(&html, 256).unwrap()), 256);
        // "<3" opens nothing; a script stays whole, its text no tag
        let html = format!(
            "I <3 it{}<script>if (a<b) {{}}</script>",
            nested("<div>", 300)
        );
        let flat = flatten_deep_html(&html, 256).unwrap();
        assert!(flat.contains("I <3 it") && flat.contains("<script>if (a<b) {}</script>"));
        // inside svg, `/>` closes
        let svg = format!("<svg>{}</svg>", "<path/>".repeat(1000));
        assert_eq!(flatten_deep_html(&svg, 256), None);
        // end tags nothing opened cost no search (quadratic before), and change nothing
        let html = format!("{}{}", "<div>".repeat(20_000), "</td></x>".repeat(20_000));
        assert_eq!(opens(&flatten_deep_html(&html, 256).unwrap()), 256);
    }

    #[test]
    fn text_headers_and_headline() {
        let d = read_text(
            "Title: A headline\nDate: 2026-01-02\nURL: https://x.org/a\n\nBody starts here.\n"
                .into(),
            "a.txt",
            Some("/a.txt".into()),
        )
        .unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("A headline"));
        assert_eq!(d.meta.id, "https://x.org/a");
        assert_eq!(&d.text[d.body_start..d.body_start + 4], "Body");
        let d = read_text(
            "# Markdown headline\n\nText.".into(),
            "b.md",
            Some("/b.md".into()),
        )
        .unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("Markdown headline"));
        assert_eq!(d.meta.id, "/b.md");
    }

    #[test]
    fn a_bad_byte_costs_its_json_line_only() {
        let r = decode_lines(
            b"{\"text\": \"one\"}\n{\"text\": \"t\xffwo\"}\n{\"text\": \"three\"}\n",
            "f.jsonl",
        )
        .unwrap();
        let docs = read_jsonl_lines(r, "f.jsonl");
        assert_eq!(docs.len(), 3);
        assert!(docs[0].is_ok() && docs[2].is_ok());
        let e = docs[1].as_ref().unwrap_err().to_string();
        assert!(
            e.contains("f.jsonl:2") && e.contains("invalid UTF-8"),
            "{e}"
        );
        // a pretty-printed object is decoded whole
        assert!(decode_lines(b"{\n  \"text\": \"x\"\n}\n", "g.json").is_none());
    }

    #[test]
    fn control_characters_are_replaced_in_place() {
        let mut t = String::from("a\u{0}b\tc\nd\u{1b}[31me\r\n\u{FFFF}");
        let len = t.len();
        assert_eq!(clean_controls(&mut t), (3, 1));
        assert_eq!(t, "a b\tc\nd [31me\r\n\u{FFFD}");
        assert_eq!(t.len(), len);
        let mut d = Document::new(
            Metadata {
                origin: "x.txt".into(),
                title: Some("T\u{7}".into()),
                ..Default::default()
            },
            "one\ntwo\u{0}".into(),
        );
        clean_document(&mut d);
        assert_eq!(d.text, "one\ntwo ");
        assert_eq!(d.meta.title.as_deref(), Some("T "));
        assert!(
            d.meta.warnings[0].contains("line 2"),
            "{:?}",
            d.meta.warnings
        );
    }

    #[cfg(unix)]
    #[test]
    fn walks_like_ripgrep_and_never_loops() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        for f in ["a.txt", "sub/b.md", ".hidden.txt", "skip.txt", "notes.csv"] {
            std::fs::write(d.join(f), "text").unwrap();
        }
        std::fs::write(d.join(".ignore"), "skip.txt\n").unwrap();
        std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
        let names = |opts: WalkOptions| {
            let c = collect_files_with(&[d.to_path_buf()], opts);
            assert!(c.errors.is_empty(), "{:?}", c.errors);
            let files: Vec<String> = c
                .files
                .iter()
                .map(|p| p.strip_prefix(d).unwrap().display().to_string())
                .collect();
            (files, c.warnings)
        };
        let (files, warnings) = names(WalkOptions::default());
        assert_eq!(files, ["a.txt", "sub/b.md"]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let (files, warnings) = names(WalkOptions {
            follow: true,
            ..Default::default()
        });
        assert_eq!(files, ["a.txt", "sub/b.md"]);
        assert!(warnings[0].contains("symbolic link loop"), "{warnings:?}");
        let (files, _) = names(WalkOptions {
            hidden: true,
            no_ignore: true,
            ..Default::default()
        });
        assert_eq!(files, [".hidden.txt", "a.txt", "skip.txt", "sub/b.md"]);
    }

    #[test]
    fn bad_inputs_are_named() {
        let e = decode(b"abc\n\xff\xfe", "f.txt").unwrap_err().to_string();
        assert!(e.starts_with("f.txt:2:1: invalid UTF-8"), "{e}");
        let e = decode(b"\x00\x01binary", "g.bin").unwrap_err().to_string();
        assert!(e.contains("binary"), "{e}");
        let r = read_jsonl(
            "{\"text\": \"ok text\"}\n{broken\n{\"title\": \"no text\"}\n",
            "x.jsonl",
        );
        assert!(r[0].is_ok());
        let e = r[1].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("x.jsonl:2:2: invalid JSON: key must be a string"),
            "{e}"
        );
        assert!(r[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("missing required field \"text\""));
        assert!(read_text("\n  \n".into(), "e.txt", None)
            .unwrap_err()
            .to_string()
            .contains("empty"));
    }
}
