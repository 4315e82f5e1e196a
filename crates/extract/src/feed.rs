//! News feeds: RSS 2.0, RSS 1.0 / 0.9x and Atom files (XML read by `quick-xml`, the parser
//! Oxigraph's RDF/XML reader uses), one article per item.
//!
//! An item becomes an article with its title, link, date (`pubDate` / `published` /
//! `dc:date`, else `updated`, as written: [`crate::dates`] reads RFC 2822 and RFC 3339) and
//! author(s) (`author`, Atom `author/name`, `dc:creator`), and the feed's title as its source. Its text is the item's content
//! (`content:encoded`, Atom `content`), else its description / summary; HTML bodies go through
//! the HTML reader ([`crate::input::read_html`]), so the text is as clean as a page's. The item's
//! link is its identity (so a feed read again, or the same story in two feeds, replaces the
//! article instead of adding one), else its `guid` / Atom `id`, else a hash of its text.
//!
//! One bad item never spoils the others: an item without text, or whose body has no text, is an
//! error naming the file and the item (`feed.rss, item 3 ("Headline"): ...`); a feed that is not
//! well-formed XML is read item by item, so only the broken items are lost.

use crate::document::{Document, Metadata};
use crate::error::{Error, Result};
use crate::input::tidy_text;

/// Whether `bytes` (the start of a file is enough) hold an XML document whose root element is
/// a feed: `<rss>`, Atom's `<feed>`, or RSS 1.0's `<rdf:RDF>` with the RSS namespace.
pub fn is_feed(bytes: &[u8]) -> bool {
    root_element(bytes).is_some_and(|root| {
        let local = root
            .rsplit(':')
            .next()
            .unwrap_or(&root)
            .to_ascii_lowercase();
        match local.as_str() {
            "rss" | "feed" => true,
            // RSS 1.0 (RDF Site Summary); other RDF/XML is reference data, not news
            "rdf" => {
                let head = &bytes[..bytes.len().min(1 << 16)];
                String::from_utf8_lossy(head).contains("purl.org/rss/1.0")
            }
            _ => false,
        }
    })
}

/// The name of the root element of an XML document, read from its first 64 KB (past the XML
/// declaration, processing instructions, comments and a DOCTYPE).
pub fn root_element(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 16)]);
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = r.split_once('>')?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix('<') {
            let name: String = r
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            return (!name.is_empty()).then_some(name);
        } else {
            return None;
        }
    }
}

/// Whether the file at `path` is a feed (its first 64 KB read). Used to keep `.xml` files that
/// are not feeds (sitemaps, configuration) out of a directory walk.
pub fn file_is_feed(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(1 << 16).read_to_end(&mut head))
        .is_ok()
        && is_feed(&head)
}

/// A feed's bytes (UTF-8) into one article, or one error, per item. `origin` names the file in
/// messages; each item's origin is `ORIGIN, item N` (N from 1).
pub fn read_feed(bytes: &[u8], origin: &str) -> Vec<Result<Document>> {
    let text = match crate::input::decode(bytes, origin) {
        Ok(t) => t,
        Err(e) => return vec![Err(e)],
    };
    match parse(&text) {
        Ok(feed) => {
            if feed.items.is_empty() {
                return vec![Err(Error::input(origin, "empty feed: no items"))];
            }
            feed.items
                .iter()
                .enumerate()
                .map(|(i, e)| item(e, &format!("{origin}, item {}", i + 1), feed.title.clone()))
                .collect()
        }
        Err(e) => match split_items(&text) {
            // not well-formed: each item alone, inside the feed's header and footer
            Some(parts) if !parts.items.is_empty() => read_items_alone(&parts, origin),
            _ => vec![Err(Error::input(
                position(origin, &text, e.0),
                format!("not a readable feed: {}", e.1),
            ))],
        },
    }
}

/// `ORIGIN:LINE` of a byte offset into `text`.
fn position(origin: &str, text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let line = text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    crate::error::position(origin, line, None)
}

/// An element of the XML tree: its local name (lower case), attributes, text (its own text and
/// CDATA, unescaped), children, and where its content lies in the source.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
    inner: (usize, usize),
}

impl Node {
    fn new(e: &quick_xml::events::BytesStart<'_>) -> Node {
        let attrs = e
            .attributes()
            .flatten()
            .map(|a| {
                let key = String::from_utf8_lossy(a.key.local_name().as_ref()).to_ascii_lowercase();
                let value = a
                    .unescape_value()
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
                (key, value)
            })
            .collect();
        Node {
            name: String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase(),
            attrs,
            ..Node::default()
        }
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Its text, trimmed; `None` when empty.
    fn value(&self) -> Option<String> {
        Some(self.text.trim().to_string()).filter(|t| !t.is_empty())
    }

    /// A body: its markup when it holds elements (Atom `type="xhtml"`), else its text.
    fn body(&self, source: &str) -> Option<String> {
        if !self.children.is_empty() {
            let (a, b) = self.inner;
            return source
                .get(a..b)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
        }
        self.value()
    }
}

/// The document as a tree of [`Node`]s under a nameless root; a well-formedness error as its
/// byte offset and message.
fn tree(text: &str) -> std::result::Result<Node, (usize, String)> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(text);
    let mut stack = vec![Node::default()];
    loop {
        let before = r.buffer_position() as usize;
        match r.read_event() {
            Err(e) => return Err((r.error_position() as usize, e.to_string())),
            Ok(Event::Start(e)) => {
                let mut n = Node::new(&e);
                n.inner.0 = r.buffer_position() as usize;
                stack.push(n);
            }
            Ok(Event::Empty(e)) => {
                let n = Node::new(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(n);
                }
            }
            Ok(Event::End(_)) => {
                let Some(mut n) = stack.pop().filter(|_| !stack.is_empty()) else {
                    return Err((before, "an end tag with no start".into()));
                };
                n.inner.1 = before;
                if let Some(top) = stack.last_mut() {
                    top.children.push(n);
                }
            }
            Ok(Event::Text(t)) => {
                let s = t
                    .unescape()
                    .map(|v| v.into_owned())
                    // an HTML entity XML does not know (`&nbsp;`): kept for the HTML reader
                    .unwrap_or_else(|_| String::from_utf8_lossy(&t).into_owned());
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Ok(Event::CData(c)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map(|n| n.name.clone()).unwrap_or_default();
        return Err((text.len(), format!("<{open}> is never closed")));
    }
    Ok(stack.pop().unwrap_or_default())
}

/// A feed as read: its title, and its items with the source they were read from.
struct Feed {
    title: Option<String>,
    items: Vec<Item>,
}

/// An item's fields as written.
#[derive(Debug, Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    date: Option<String>,
    authors: Vec<String>,
    content: Option<String>,
    summary: Option<String>,
}

fn parse(text: &str) -> std::result::Result<Feed, (usize, String)> {
    let root = tree(text)?;
    let Some(top) = root.children.first() else {
        return Err((0, "no root element".into()));
    };
    let channel = top.child("channel");
    let (title, items): (Option<&Node>, Vec<&Node>) = match top.name.as_str() {
        "rss" => (
            channel.and_then(|c| c.child("title")),
            channel
                .map(|c| c.children("item").collect())
                .unwrap_or_default(),
        ),
        // RSS 1.0: the items beside the channel
        "rdf" => (
            channel.and_then(|c| c.child("title")),
            top.children("item").collect(),
        ),
        "feed" => (top.child("title"), top.children("entry").collect()),
        other => return Err((0, format!("the root element is <{other}>, not a feed"))),
    };
    Ok(Feed {
        title: title.and_then(Node::value).map(|t| plain(&t)),
        items: items.into_iter().map(|n| fields(n, text)).collect(),
    })
}

fn fields(n: &Node, source: &str) -> Item {
    let first = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| n.children(name).find_map(Node::value))
    };
    // Atom: <link href rel>; RSS: <link>URL</link>
    let link = n
        .children("link")
        .filter(|l| l.attr("rel").is_none_or(|r| r == "alternate"))
        .find_map(|l| l.attr("href").map(str::to_string).or_else(|| l.value()))
        .or_else(|| {
            n.children("link")
                .find_map(|l| l.attr("href").map(str::to_string))
        });
    let mut authors: Vec<String> =
        n.children("author")
            .filter_map(|a| match a.child("name") {
                Some(name) => name.value(),
                // RSS: "editor@example.com (Jo Smith)"
                None => a.value().map(|v| {
                    match v.split_once('(').and_then(|(_, r)| r.strip_suffix(')')) {
                        Some(name) if v.contains('@') => name.trim().to_string(),
                        _ => v,
                    }
                }),
            })
            .collect();
    authors.extend(n.children("creator").filter_map(Node::value));
    authors.dedup();
    let body = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| n.children(name).find_map(|c| c.body(source)))
    };
    Item {
        title: first(&["title"])
            .map(|t| plain(&t))
            .filter(|t| !t.is_empty()),
        link: link.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()),
        guid: first(&["guid", "id"]),
        date: first(&["pubdate", "published", "date", "issued"])
            .or_else(|| first(&["updated", "modified"])),
        authors,
        content: body(&["encoded", "content"]),
        summary: body(&["description", "summary"]),
    }
}

/// A feed cut around its items: what comes before the first, each item with the line it starts
/// on, and what comes after the last.
struct Parts<'a> {
    head: &'a str,
    items: Vec<(usize, &'a str)>,
    tail: &'a str,
}

fn split_items(text: &str) -> Option<Parts<'_>> {
    let tag = if is_atom(text) { "entry" } else { "item" };
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut items = Vec::new();
    let mut at = 0;
    let mut first = None;
    let mut last_end = 0;
    // lines counted as the items are found, not from the start for each
    let (mut line, mut counted) = (1, 0);
    while let Some(rel) = text[at..].find(&open) {
        let start = at + rel;
        // `<item>` or `<item attr...>`, not `<itemRef>`
        let next = text[start + open.len()..].chars().next();
        if !matches!(next, Some('>' | ' ' | '\t' | '\n' | '\r' | '/')) {
            at = start + open.len();
            continue;
        }
        let end = match text[start..].find(&close) {
            Some(e) => start + e + close.len(),
            None => text.len(),
        };
        first.get_or_insert(start);
        line += text[counted..start].matches('\n').count();
        counted = start;
        items.push((line, &text[start..end]));
        last_end = end;
        at = end;
    }
    let first = first?;
    Some(Parts {
        head: &text[..first],
        items,
        tail: &text[last_end..],
    })
}

fn is_atom(text: &str) -> bool {
    root_element(text.as_bytes()).is_some_and(|r| r.rsplit(':').next() == Some("feed"))
}

fn read_items_alone(parts: &Parts<'_>, origin: &str) -> Vec<Result<Document>> {
    let source = parse(&format!("{}{}", parts.head, parts.tail))
        .ok()
        .and_then(|f| f.title);
    parts
        .items
        .iter()
        .enumerate()
        .map(|(i, (line, xml))| {
            let here = format!("{origin}, item {}", i + 1);
            let one = format!("{}{}{}", parts.head, xml, parts.tail);
            match parse(&one) {
                Ok(f) if f.items.len() == 1 => item(&f.items[0], &here, source.clone()),
                Ok(_) => Err(Error::input(
                    format!("{here} (line {line})"),
                    "not well-formed XML; the item is skipped",
                )),
                Err((_, e)) => Err(Error::input(
                    format!("{here} (line {line})"),
                    format!("not well-formed XML ({e}); the item is skipped"),
                )),
            }
        })
        .collect()
}

/// One item as an article.
fn item(e: &Item, origin: &str, source: Option<String>) -> Result<Document> {
    let title = e.title.clone();
    let named = match &title {
        Some(t) => format!("{origin} (\"{}\")", shorten(t, 60)),
        None => origin.to_string(),
    };
    let link = e.link.clone();
    let body = e
        .content
        .clone()
        .filter(|b| !b.trim().is_empty())
        .or_else(|| e.summary.clone().filter(|s| !s.trim().is_empty()));
    let Some(body) = body else {
        return Err(Error::input(
            named,
            "empty article: the item has neither content nor a description; it is skipped",
        ));
    };
    let text = if looks_like_html(&body) {
        // a fragment: wrapped as a page, so that the HTML reader keeps all of it
        let page = format!("<html><body><article>{body}</article></body></html>");
        match crate::input::read_html(&page, &named, None) {
            Ok(doc) => doc.text,
            // Readability found no article in a short fragment: its text as it stands
            Err(err) => {
                let text = tidy_text(&block_text(&page));
                if text.is_empty() {
                    return Err(err);
                }
                text
            }
        }
    } else {
        // not blank (filtered above), so never empty once tidied
        tidy_text(&body)
    };
    let date = e.date.clone();
    let authors = &e.authors;
    let guid = e.guid.clone();
    let meta = Metadata {
        id: link
            .clone()
            .or(guid)
            .unwrap_or_else(|| format!("sha:{}", &blake3::hash(text.as_bytes()).to_hex()[..32])),
        title,
        date,
        url: link,
        author: (!authors.is_empty()).then(|| authors.join(", ")),
        source,
        origin: origin.to_string(),
        warnings: Vec::new(),
        dateline: None,
    };
    Ok(Document::new(meta, text))
}

/// Markup, not plain text: a tag or an entity (`&nbsp;`, `&amp;` left as written when the XML
/// reader met an entity it does not know, `&#8217;`).
fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    let tag = b
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'));
    tag || s.match_indices('&').any(|(i, _)| {
        let rest = &s[i + 1..];
        let name = rest
            .find(';')
            .filter(|&n| (1..=10).contains(&n))
            .map(|n| &rest[..n]);
        name.is_some_and(|n| {
            n.chars().all(|c| c.is_ascii_alphanumeric())
                || (n.starts_with('#') && n[1..].chars().all(|c| c.is_ascii_alphanumeric()))
        })
    })
}

/// A title or feed name: markup and runs of white space removed.
fn plain(s: &str) -> String {
    let s = if looks_like_html(s) {
        dom_query::Document::from(format!("<html><body>{s}</body></html>").as_str())
            .select("body")
            .text()
            .to_string()
    } else {
        s.to_string()
    };
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an HTML page, a line break after each block element.
fn block_text(page: &str) -> String {
    let doc = dom_query::Document::from(page);
    doc.select("script, style").remove();
    doc.select("p, div, br, li, h1, h2, h3, h4, h5, h6, blockquote, tr")
        .append_html("\n");
    doc.select("body").text().to_string()
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Test Wire</title><link>https://wire.example/</link>
<item><title>Ministers meet</title><link>https://wire.example/a</link>
<pubDate>Tue, 03 Mar 2020 10:00:00 GMT</pubDate><dc:creator>Jo Smith</dc:creator>
<description>&lt;p&gt;France criticised Germany over the deal.&lt;/p&gt;&lt;p&gt;Talks go on.&lt;/p&gt;</description></item>
<item><title>No body</title><link>https://wire.example/b</link></item>
<item><title>Plain</title><guid>tag:wire,2020:c</guid><description>Italy praised Spain.</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_articles_and_a_bad_item_is_named() {
        assert!(is_feed(RSS.as_bytes()));
        let r = read_feed(RSS.as_bytes(), "w.rss");
        assert_eq!(r.len(), 3);
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.meta.id, "https://wire.example/a");
        assert_eq!(a.meta.title.as_deref(), Some("Ministers meet"));
        assert_eq!(
            a.meta.date.as_deref(),
            Some("Tue, 03 Mar 2020 10:00:00 GMT")
        );
        assert_eq!(a.meta.author.as_deref(), Some("Jo Smith"));
        assert_eq!(a.meta.source.as_deref(), Some("Test Wire"));
        assert_eq!(a.meta.origin, "w.rss, item 1");
        assert!(
            a.text.contains("France criticised Germany over the deal.")
                && a.text.contains("Talks go on.")
                && !a.text.contains('<'),
            "{:?}",
            a.text
        );
        let e = r[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("w.rss, item 2 (\"No body\"): empty"), "{e}");
        let c = r[2].as_ref().unwrap();
        assert_eq!(
            (c.meta.id.as_str(), c.text.as_str()),
            ("tag:wire,2020:c", "Italy praised Spain.")
        );
    }

    #[test]
    fn atom_and_a_broken_item_costs_only_itself() {
        let atom = r#"<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id>
<entry><title>One</title><link href="https://a.example/1"/><id>urn:1</id>
<published>2021-05-06T07:08:09Z</published><author><name>Ann Lee</name></author>
<content type="html">&lt;p&gt;Japan and Google signed an accord.&lt;/p&gt;</content></entry>
<entry><title>Two</title><link href="https://a.example/2"/><id>urn:2</id>
<summary>Broken <b>markup</summary></entry>
<entry><title>Three</title><link href="https://a.example/3"/><id>urn:3</id>
<summary>Rome hosts talks.</summary></entry>
</feed>"#;
        assert!(is_feed(atom.as_bytes()));
        let r = read_feed(atom.as_bytes(), "a.atom");
        assert_eq!(r.len(), 3, "{r:?}");
        let one = r[0].as_ref().unwrap();
        assert_eq!(one.meta.id, "https://a.example/1");
        assert_eq!(one.meta.author.as_deref(), Some("Ann Lee"));
        assert_eq!(one.text, "Japan and Google signed an accord.");
        let e = r[1].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("a.atom, item 2 (line 6): not well-formed XML"),
            "{e}"
        );
        assert_eq!(r[2].as_ref().unwrap().text, "Rome hosts talks.");
    }

    #[test]
    fn html_entities_xml_does_not_know_are_decoded_not_kept() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
<item><title>AT&amp;T&nbsp;rises</title><link>https://w.example/1</link>
<description>Shares of AT&amp;T rose&nbsp;5% in New York.</description></item>
</channel></rss>"#;
        let r = read_feed(rss.as_bytes(), "w.rss");
        let d = r[0].as_ref().unwrap();
        assert!(
            !d.text.contains("&nbsp;") && !d.text.contains("&amp;"),
            "{}",
            d.text
        );
        assert!(d.text.starts_with("Shares of AT&T rose"), "{}", d.text);
        let title = d.meta.title.as_deref().unwrap();
        assert!(
            title.starts_with("AT&T") && !title.contains("&nbsp;"),
            "{title}"
        );
    }

    #[test]
    fn roots() {
        assert!(!is_feed(b"<?xml version='1.0'?><urlset/>"));
        assert!(!is_feed(b"<html><body>x</body></html>"));
        assert!(is_feed(
            b"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- c --><rss version='2.0'>"
        ));
        assert!(!is_feed(
            b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>"
        ));
    }
}
