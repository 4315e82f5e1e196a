//! Finding entities by name and describing them.
//!
//! [`NameIndex`] holds every stored entity's names, normalised (case, accents and punctuation
//! dropped), its type and the number of articles that mention it. It is derived from the store,
//! saved beside it (`newsgraph-names.tsv` in the store directory) with the store's revision, and
//! rebuilt when the revision differs, so lookups never read a stale index. Searching is a scan
//! over the names in memory: exact name, then alias, then prefix (of the name or of one of its
//! words), then typo-tolerant (Levenshtein), each ranked by mention count. User input is only
//! ever compared with names here; it never becomes query text.
//!
//! [`card`] gathers what the store knows about one entity (types, aliases and why they are
//! aliases, roles, relations with their strongest evidence, quotations, articles) with SPARQL
//! queries whose only variable input, the entity's IRI, is bound as a term.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use oxigraph::model::{NamedNode, Term};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::graph::MergeReason;
use crate::store::{local_name, GraphStore, Touched};
use crate::vocab::{self, ng, rdf, schema, skos};
use newsgraph_extract::document::EntityType;
use newsgraph_extract::text::normalize_key;

/// The index file's name inside the store directory.
pub const INDEX_FILE: &str = "newsgraph-names.tsv";
/// The longest name a look-up takes, in characters: no entity name is longer, and typo-tolerant
/// matching costs grow with the length (a 100,000-character name took 23 s). Longer names
/// match nothing.
pub const MAX_NAME_CHARS: usize = 200;
const HEADER: &str = "# newsgraph name index v2";

/// One entity as the index knows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexEntry {
    pub iri: String,
    #[serde(rename = "type")]
    pub etype: Option<EntityType>,
    pub label: String,
    pub aliases: Vec<String>,
    /// Articles that mention it.
    pub mentions: usize,
    #[serde(skip)]
    keys: Vec<String>,
}

impl IndexEntry {
    /// The entry as a line of the saved index.
    fn line(&self) -> String {
        self.line_counted(self.mentions)
    }

    /// The entry as a line of the saved index, mentioned by `mentions` articles.
    fn line_counted(&self, mentions: usize) -> String {
        let ty = self.etype.map_or("", |t| t.local_name());
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            self.iri,
            ty,
            mentions,
            self.label.replace('\t', " "),
            self.aliases
                .iter()
                .map(|a| a.replace('\t', " "))
                .collect::<Vec<_>>()
                .join("\u{1f}"),
            self.keys.join("\u{1f}")
        )
    }
}

/// The revision and entity count of an index file's header line.
fn parse_header(line: &str) -> Option<(&str, usize)> {
    let (revision, count) = line
        .strip_prefix(HEADER)?
        .strip_prefix('\t')?
        .split_once('\t')?;
    Some((revision, count.parse().ok()?))
}

/// The revision named in the header of the index file at `path`, if it reads as one.
fn saved_revision(path: &Path) -> Option<String> {
    use std::io::BufRead;
    let mut header = String::new();
    std::io::BufReader::new(std::fs::File::open(path).ok()?)
        .read_line(&mut header)
        .ok()?;
    parse_header(header.trim_end_matches('\n')).map(|(rev, _)| rev.to_string())
}

/// Where the index file at `path` is written before it is renamed into place: a name of its own
/// per process, so two rebuilds at once never rename each other's half.
fn temporary(path: &Path) -> PathBuf {
    path.with_extension(format!("tsv.{}.tmp", std::process::id()))
}

/// A touched entity as the store has it now (`None`: no longer indexed), and by how many
/// articles its mentions changed since the index was made; `None` there: its entry's count was
/// read from the store.
type Fresh = (String, Option<IndexEntry>, Option<i64>);

/// The touched entities as the store has them now, sorted by IRI, once each. Mention counts
/// are read from the store only where the writes did not count them
/// ([`Touched::mention_change`]): reading them means reading every article that mentions the
/// entity, and the most mentioned entities are touched by almost every write.
fn fresh_entries(store: &GraphStore, touched: &Touched) -> Result<Vec<Fresh>> {
    let read = |iris: &[NamedNode]| -> Result<Vec<Fresh>> {
        let mut fresh: Vec<Fresh> = Vec::with_capacity(iris.len());
        for iri in iris {
            let mut e = IndexEntry::empty(iri.as_str());
            for q in store.entity_record(iri) {
                let q = q?;
                e.read(&q.predicate, &q.object);
            }
            let change = touched.mention_change(iri);
            let entry = if e.label.is_empty() {
                None
            } else {
                if change.is_none() {
                    e.mentions = store.mention_count(iri)?;
                }
                e.finish();
                Some(e)
            };
            fresh.push((iri.as_str().to_string(), entry, change));
        }
        Ok(fresh)
    };
    // one point read per entity, and an ingest touches thousands: on every core (the run's
    // extraction is over by now)
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let part = touched.entities.len().div_ceil(threads).max(1_000);
    let parts: Vec<Result<Vec<Fresh>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = touched
            .entities
            .chunks(part)
            .map(|iris| scope.spawn(move || read(iris)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut fresh: Vec<Fresh> = Vec::with_capacity(touched.entities.len());
    for p in parts {
        fresh.extend(p?);
    }
    fresh.sort_by(|a, b| a.0.cmp(&b.0));
    fresh.dedup_by(|a, b| a.0 == b.0);
    Ok(fresh)
}

/// The mention count of a fresh entry whose entity had `before` mentions in the index it
/// replaces (0 where it had no entry); `None` when the counted change does not add up (the
/// caller rebuilds or reads the store).
fn counted(entry: &IndexEntry, before: usize, change: Option<i64>) -> Option<usize> {
    match change {
        None => Some(entry.mentions),
        Some(d) => usize::try_from(i64::try_from(before).ok()? + d)
            .ok()
            .filter(|&n| n > 0),
    }
}

/// Merge `fresh` (sorted by IRI) into the index saved at `path`, line by line into a new file
/// renamed over it, the header naming `revision`. Returns `false`, having changed nothing, when
/// there is no saved index, it is not the one of revision `before`, or it is shorter than its
/// header says (then the caller rebuilds it).
fn merge_saved(path: &Path, before: &str, revision: &str, fresh: &[Fresh]) -> Result<bool> {
    use std::io::{BufRead, Seek, Write};
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(false);
    };
    let mut lines = std::io::BufReader::new(file).lines();
    let Some(Ok(header)) = lines.next() else {
        return Ok(false);
    };
    let Some((saved_revision, count)) = parse_header(&header) else {
        return Ok(false);
    };
    if saved_revision != before {
        return Ok(false);
    }
    let tmp = temporary(path);
    let io = |e: std::io::Error| Error::io(path, e);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io)?);
    // the count is written again at the end, in the same width
    let head = |n: usize| format!("{HEADER}\t{revision}\t{n:020}\n");
    let merged = (|| -> std::io::Result<Option<usize>> {
        out.write_all(head(0).as_bytes())?;
        let (mut read, mut written) = (0, 0);
        let mut fresh = fresh.iter().peekable();
        // a fresh entry, unless the entity is no longer indexed, its entity mentioned by
        // `before` articles in the saved index: how many lines it wrote (`None`: its counted
        // mentions do not add up, rebuild)
        let put = |out: &mut std::io::BufWriter<std::fs::File>,
                   (_, e, change): &Fresh,
                   before: usize|
         -> std::io::Result<Option<usize>> {
            let Some(e) = e else {
                return Ok(Some(0));
            };
            let Some(n) = counted(e, before, *change) else {
                return Ok(None);
            };
            out.write_all(e.line_counted(n).as_bytes())
                .map(|()| Some(1))
        };
        for line in lines {
            let line = line?;
            read += 1;
            let mut fields = line.split('\t');
            let iri = fields.next().unwrap_or_default();
            while let Some(f) = fresh.next_if(|(f, _, _)| f.as_str() < iri) {
                let Some(n) = put(&mut out, f, 0)? else {
                    return Ok(None);
                };
                written += n;
            }
            if let Some(f) = fresh.next_if(|(f, _, _)| f == iri) {
                let before = fields.nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
                let Some(n) = put(&mut out, f, before)? else {
                    return Ok(None);
                };
                written += n;
                continue;
            }
            written += 1;
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
        for f in fresh {
            let Some(n) = put(&mut out, f, 0)? else {
                return Ok(None);
            };
            written += n;
        }
        if read != count {
            return Ok(None);
        }
        let mut file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.seek(std::io::SeekFrom::Start(0))?;
        file.write_all(head(written).as_bytes())?;
        file.sync_all()?;
        Ok(Some(written))
    })();
    match merged {
        Ok(Some(_)) => std::fs::rename(&tmp, path).map_err(io).map(|()| true),
        Ok(None) => {
            let _ = std::fs::remove_file(&tmp);
            Ok(false)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io(e))
        }
    }
}

/// How a name matched a query, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    Exact,
    Alias,
    Prefix,
    Fuzzy,
}

/// One search result.
#[derive(Clone, Debug, Serialize)]
pub struct Hit<'a> {
    #[serde(flatten)]
    pub entry: &'a IndexEntry,
    #[serde(rename = "match")]
    pub kind: MatchKind,
    /// The name that matched.
    pub matched: String,
}

/// Order of `entities` listings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Mentions,
    Name,
}

#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    pub revision: String,
    pub entries: Vec<IndexEntry>,
}

fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('\u{1f}', " ")
}

impl NameIndex {
    /// Read every entity, its names and type from the entity graph, and count the articles that
    /// mention each.
    pub fn build(store: &GraphStore) -> Result<Self> {
        let revision = store.revision()?;
        let mut by_iri: HashMap<NamedNode, usize> = HashMap::new();
        let mut entries: Vec<IndexEntry> = Vec::new();
        // the two reads are independent: the article counts on a thread of their own
        let counts = std::thread::scope(|scope| -> Result<_> {
            let counts = scope.spawn(|| store.mention_counts());
            for q in store.entity_graph_quads() {
                let q = q?;
                let oxigraph::model::NamedOrBlankNode::NamedNode(s) = q.subject else {
                    continue;
                };
                let i = *by_iri.entry(s.clone()).or_insert_with(|| {
                    entries.push(IndexEntry::empty(s.as_str()));
                    entries.len() - 1
                });
                entries[i].read(&q.predicate, &q.object);
            }
            counts
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        })?;
        for (iri, n) in counts {
            if let Some(&i) = by_iri.get(&iri) {
                entries[i].mentions = n;
            }
        }
        entries.retain(|e| !e.label.is_empty());
        for e in &mut entries {
            e.finish();
        }
        entries.sort_by(|a, b| a.iri.cmp(&b.iri));
        Ok(NameIndex { revision, entries })
    }

    /// This index brought up to date with the store after a write that touched `touched` (the
    /// entities whose records or mentions it may have changed, [`GraphStore::take_touched`]):
    /// each is read again from the store by point look-ups, then merged in one pass (added,
    /// replaced or dropped), so the store is read in proportion to the write and the index
    /// once. The result is the index [`NameIndex::build`] would make, provided this index was
    /// the store's before the write.
    pub fn updated(self, store: &GraphStore, touched: &Touched) -> Result<Self> {
        let fresh = fresh_entries(store, touched)?;
        let mut entries = Vec::with_capacity(self.entries.len() + fresh.len());
        let mut old = self.entries.into_iter().peekable();
        for (iri, entry, change) in fresh {
            while let Some(e) = old.next_if(|e| e.iri < iri) {
                entries.push(e);
            }
            let before = old.next_if(|e| e.iri == iri).map_or(0, |e| e.mentions);
            if let Some(mut e) = entry {
                e.mentions = match counted(&e, before, change) {
                    Some(n) => n,
                    None => store.mention_count(&NamedNode::new_unchecked(iri))?,
                };
                entries.push(e);
            }
        }
        entries.extend(old);
        Ok(NameIndex {
            revision: store.revision()?,
            entries,
        })
    }

    /// The saved index file brought up to date after a write when it was the store's at
    /// revision `before` (as [`NameIndex::updated`] does in memory, but streamed from the old
    /// file to the new one, so memory grows with `touched`, not with the store), else rebuilt
    /// and saved. Returns whether it was rebuilt. A store in memory has no saved index: nothing
    /// is done.
    pub fn refresh_after(store: &GraphStore, before: &str, touched: &Touched) -> Result<bool> {
        let Some(dir) = store.path() else {
            return Ok(false);
        };
        let path = dir.join(INDEX_FILE);
        // the touched entities are read again only when there is a saved index to merge them
        // into (a new store has none: it is built, and reading them first would be wasted)
        if saved_revision(&path).as_deref() == Some(before) {
            let fresh = fresh_entries(store, touched)?;
            if merge_saved(&path, before, &store.revision()?, &fresh)? {
                return Ok(false);
            }
        }
        Self::build(store)?.save(&path)?;
        Ok(true)
    }

    /// The index saved for the store when it matches the store's revision, else one built now
    /// (and saved, when the directory is writable; a read-only store still answers). Returns
    /// the index and whether it was rebuilt.
    pub fn open(store: &GraphStore) -> Result<(Self, bool)> {
        let saved = store
            .path()
            .and_then(|p| Self::read(&p.join(INDEX_FILE)).ok());
        Self::open_with(store, saved)
    }

    /// [`NameIndex::open`] with the saved index already read (callers may read it while the
    /// store opens).
    pub fn open_with(store: &GraphStore, saved: Option<NameIndex>) -> Result<(Self, bool)> {
        let revision = store.revision()?;
        if let Some(ix) = saved.filter(|ix| ix.revision == revision) {
            return Ok((ix, false));
        }
        let ix = Self::build(store)?;
        if let Some(p) = store.path().filter(|_| !store.is_snapshot()) {
            // a store opened read-only by someone without write access: answer anyway
            let _ = ix.save(&p.join(INDEX_FILE));
        }
        Ok((ix, true))
    }

    /// Rebuild the index of the store at its directory and save it.
    pub fn refresh(store: &GraphStore) -> Result<Self> {
        let ix = Self::build(store)?;
        if let Some(dir) = store.path() {
            ix.save(&dir.join(INDEX_FILE))?;
        }
        Ok(ix)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut out = String::with_capacity(self.entries.len() * 96);
        out.push_str(HEADER);
        out.push('\t');
        out.push_str(&self.revision);
        out.push('\t');
        out.push_str(&self.entries.len().to_string());
        out.push('\n');
        for e in &self.entries {
            out.push_str(&e.line());
        }
        let tmp = temporary(path);
        let io = |e: std::io::Error| Error::io(path, e);
        std::fs::write(&tmp, out).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let bad = |line: usize, message: &str| {
            Error::from(newsgraph_extract::Error::Data {
                file: path.display().to_string(),
                line,
                message: message.to_string(),
            })
        };
        let mut lines = text.lines();
        let (revision, count) = lines
            .next()
            .and_then(parse_header)
            .map(|(rev, n)| (rev.to_string(), n))
            .ok_or_else(|| bad(1, "not a newsgraph name index"))?;
        let mut entries = Vec::new();
        for (n, line) in lines.enumerate() {
            let mut f = line.split('\t');
            let mut next = || {
                f.next()
                    .ok_or_else(|| bad(n + 2, "expected 6 tab-separated fields"))
            };
            let (iri, ty, mentions, label, aliases, keys) =
                (next()?, next()?, next()?, next()?, next()?, next()?);
            let list = |s: &str| -> Vec<String> {
                if s.is_empty() {
                    Vec::new()
                } else {
                    s.split('\u{1f}').map(str::to_string).collect()
                }
            };
            let e = IndexEntry {
                iri: iri.to_string(),
                etype: EntityType::from_local_name(ty),
                mentions: mentions
                    .parse()
                    .map_err(|_| bad(n + 2, "bad mention count"))?,
                label: label.to_string(),
                aliases: list(aliases),
                keys: keys.split('\u{1f}').map(str::to_string).collect(),
            };
            if e.keys.len() != e.aliases.len() + 1 {
                return Err(bad(n + 2, "names and keys differ in number"));
            }
            entries.push(e);
        }
        if entries.len() != count {
            return Err(bad(1, "truncated: fewer entities than its header says"));
        }
        Ok(NameIndex { revision, entries })
    }

    /// Entities whose names match `query`, best first: exact name, alias, prefix of a name or of
    /// one of its words, then names within a few typing errors; each group by mention count.
    pub fn search(&self, query: &str, types: &[EntityType], limit: usize) -> Vec<Hit<'_>> {
        if query.chars().count() > MAX_NAME_CHARS {
            return Vec::new();
        }
        let q = normalize_key(query);
        if q.is_empty() {
            return Vec::new();
        }
        let qlen = q.chars().count();
        let max_edits = match qlen {
            0..=3 => 0,
            4 => 1,
            5..=10 => 2,
            _ => 3,
        };
        let one_word = !q.contains(' ');
        // edits to the name, or (for a one-word query) to its closest word, counting characters
        // (not bytes: "Zürich", Cyrillic names); None beyond the budget
        let distance = |key: &str| {
            let words = key.split(' ').skip(1).filter(|_| one_word);
            std::iter::once(key)
                .chain(words)
                .filter(|s| s.chars().count().abs_diff(qlen) <= max_edits)
                .map(|s| strsim::levenshtein(s, &q))
                .filter(|d| *d <= max_edits)
                .min()
        };
        let mut hits: Vec<(MatchKind, usize, usize, &IndexEntry, usize)> = Vec::new();
        for e in &self.entries {
            if !types.is_empty() && !e.etype.is_some_and(|t| types.contains(&t)) {
                continue;
            }
            let mut best: Option<(MatchKind, usize, usize)> = None;
            for (k, key) in e.keys.iter().enumerate() {
                // prefixes: a whole word (or words) of the name first, then part of a word
                let word_start = |at: usize| at == 0 || key.as_bytes()[at - 1] == b' ';
                let whole = |at: usize| {
                    word_start(at)
                        && key[at..].starts_with(q.as_str())
                        && key[at + q.len()..].chars().next().is_none_or(|c| c == ' ')
                };
                let found = if *key == q {
                    Some((
                        if k == 0 {
                            MatchKind::Exact
                        } else {
                            MatchKind::Alias
                        },
                        0,
                    ))
                } else if key.match_indices(q.as_str()).any(|(at, _)| whole(at)) {
                    Some((MatchKind::Prefix, 0))
                } else if key.match_indices(q.as_str()).any(|(at, _)| word_start(at)) {
                    Some((MatchKind::Prefix, 1))
                } else if max_edits > 0 {
                    distance(key).map(|d| (MatchKind::Fuzzy, d))
                } else {
                    None
                };
                if let Some((kind, sub)) = found {
                    if best.is_none_or(|b| (kind, sub) < (b.0, b.1)) {
                        best = Some((kind, sub, k));
                    }
                }
            }
            if let Some((kind, sub, k)) = best {
                hits.push((kind, sub, usize::MAX - e.mentions, e, k));
            }
        }
        hits.sort_by(|a, b| (a.0, a.1, a.2, &a.3.label).cmp(&(b.0, b.1, b.2, &b.3.label)));
        hits.into_iter()
            .take(limit)
            .map(|(kind, _, _, e, k)| Hit {
                entry: e,
                kind,
                matched: if k == 0 {
                    e.label.clone()
                } else {
                    e.aliases[k - 1].clone()
                },
            })
            .collect()
    }

    /// Names close to `query` for a "did you mean" line (more typing errors allowed than
    /// [`NameIndex::search`]), most mentioned first.
    pub fn suggestions(&self, query: &str, n: usize) -> Vec<&IndexEntry> {
        if query.chars().count() > MAX_NAME_CHARS {
            return Vec::new();
        }
        let q = normalize_key(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, usize, &IndexEntry)> = self
            .entries
            .iter()
            .filter_map(|e| {
                let best = e
                    .keys
                    .iter()
                    .map(|k| strsim::jaro_winkler(k, &q))
                    .fold(0.0, f64::max);
                (best >= 0.8).then_some((best, e.mentions, e))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        scored.into_iter().take(n).map(|x| x.2).collect()
    }

    /// Entities of the given types (all when empty), sorted.
    pub fn list(&self, types: &[EntityType], sort: Sort, limit: usize) -> Vec<&IndexEntry> {
        let mut out: Vec<&IndexEntry> = self
            .entries
            .iter()
            .filter(|e| types.is_empty() || e.etype.is_some_and(|t| types.contains(&t)))
            .collect();
        match sort {
            Sort::Mentions => out.sort_by(|a, b| {
                b.mentions
                    .cmp(&a.mentions)
                    .then_with(|| a.label.cmp(&b.label))
            }),
            Sort::Name => out.sort_by(|a, b| {
                normalize_key(&a.label)
                    .cmp(&normalize_key(&b.label))
                    .then_with(|| a.iri.cmp(&b.iri))
            }),
        }
        out.truncate(limit);
        out
    }

    pub fn get(&self, iri: &str) -> Option<&IndexEntry> {
        self.entries
            .binary_search_by(|e| e.iri.as_str().cmp(iri))
            .ok()
            .map(|i| &self.entries[i])
    }
}

impl IndexEntry {
    fn empty(iri: &str) -> Self {
        IndexEntry {
            iri: iri.to_string(),
            etype: None,
            label: String::new(),
            aliases: Vec::new(),
            mentions: 0,
            keys: Vec::new(),
        }
    }

    /// Take in one quad of the entity's record in the entity graph.
    fn read(&mut self, predicate: &NamedNode, object: &Term) {
        match (object, predicate.as_ref()) {
            (Term::NamedNode(c), p) if p == rdf::TYPE => {
                if let Some(t) = EntityType::from_local_name(local_name(c.as_str())) {
                    // Official over Person if an old store holds both
                    if self.etype.is_none() || t == EntityType::Official {
                        self.etype = Some(t);
                    }
                }
            }
            (Term::Literal(l), p) if p == skos::PREF_LABEL => self.label = clean(l.value()),
            (Term::Literal(l), p) if p == skos::ALT_LABEL => self.aliases.push(clean(l.value())),
            _ => {}
        }
    }

    /// Aliases sorted, without repeats or the label; lookup keys computed.
    fn finish(&mut self) {
        self.aliases.sort();
        self.aliases.dedup();
        let label = self.label.clone();
        self.aliases.retain(|a| *a != label);
        self.compute_keys();
    }

    fn compute_keys(&mut self) {
        self.keys = std::iter::once(&self.label)
            .chain(&self.aliases)
            .map(|n| normalize_key(n))
            .collect();
    }
}

/// A label or IRI with its type, as cards show related entities.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityRef {
    pub iri: String,
    pub label: String,
    #[serde(rename = "type")]
    pub etype: Option<EntityType>,
}

/// Where a fact was read.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    pub sentence: String,
    pub article: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub confidence: f64,
}

/// Relations of one predicate with one other entity.
#[derive(Clone, Debug, Serialize)]
pub struct RelationGroup {
    pub predicate: String,
    /// "out": this entity is the subject; "in": the object.
    pub direction: &'static str,
    pub other: EntityRef,
    /// Statements (assertions) and the articles they come from.
    pub statements: usize,
    pub articles: usize,
    /// The statement with the highest confidence.
    pub strongest: Evidence,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleGroup {
    pub title: String,
    pub organization: Option<EntityRef>,
    /// For an organisation's card: the person holding the title.
    pub member: Option<EntityRef>,
    pub articles: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct AliasReason {
    pub name: String,
    pub reason: &'static str,
    pub explanation: &'static str,
    pub articles: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuoteRef {
    pub text: String,
    pub kind: String,
    pub article: String,
    pub title: Option<String>,
    pub date: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ArticleRef {
    pub article: String,
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
}

/// Everything the store says about one entity.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    pub iri: String,
    pub label: String,
    #[serde(rename = "type")]
    pub etype: Option<EntityType>,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    pub country_code: Option<String>,
    /// How many articles gave it each type.
    pub type_votes: Vec<(EntityType, usize)>,
    /// Why other names are this entity.
    pub merged_names: Vec<AliasReason>,
    pub roles: Vec<RoleGroup>,
    pub relations: Vec<RelationGroup>,
    pub quote_count: usize,
    pub quotes: Vec<QuoteRef>,
    pub article_count: usize,
    pub articles: Vec<ArticleRef>,
}

fn text(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::Literal(l)) => Some(l.value().to_string()),
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}

fn number(t: &Option<Term>) -> usize {
    text(t).and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn class(t: &Option<Term>) -> Option<EntityType> {
    match t {
        Some(Term::NamedNode(n)) => EntityType::from_local_name(local_name(n.as_str())),
        _ => None,
    }
}

const ARTICLE_META: &str =
    "OPTIONAL { GRAPH <https://w3id.org/newsgraph/graph/meta> { ?a schema:headline ?title } }
    OPTIONAL { GRAPH <https://w3id.org/newsgraph/graph/meta> { ?a schema:datePublished ?date } }";

/// The card of entity `iri`: at most `items` quotations, articles, roles and relation groups
/// are listed (counts are always complete).
pub fn card(store: &GraphStore, iri: &str, items: usize) -> Result<Card> {
    let e = NamedNode::new(iri).map_err(|err| Error::QueryEvaluation(err.to_string()))?;
    let bind = [("e", Term::from(e.clone()))];
    let entity_graph = vocab::ENTITY_GRAPH;
    let mut card = Card {
        iri: iri.to_string(),
        label: String::new(),
        etype: None,
        aliases: Vec::new(),
        wikidata: None,
        country_code: None,
        type_votes: Vec::new(),
        merged_names: Vec::new(),
        roles: Vec::new(),
        relations: Vec::new(),
        quote_count: 0,
        quotes: Vec::new(),
        article_count: 0,
        articles: Vec::new(),
    };
    // quotations and articles (the longest lists) on a second thread, the rest here
    let (quotes, articles) = std::thread::scope(|scope| -> Result<_> {
        let lists = scope.spawn(|| -> Result<_> {
            let quotes = store.select(
                &format!(
                    "SELECT ?text ?kind ?a ?title ?date WHERE {{
                       GRAPH ?g {{ ?q ng:speaker ?e ; schema:text ?text ; ng:kind ?kind ; schema:isPartOf ?a }}
                       {ARTICLE_META}
                     }} ORDER BY DESC(STR(?date)) ?a"
                ),
                &bind,
                &["text", "kind", "a", "title", "date"],
            )?;
            let articles = store.select(
                &format!(
                    "SELECT ?a ?id ?title ?date WHERE {{
                       GRAPH ?g {{ ?a ng:mentions ?e }}
                       OPTIONAL {{ GRAPH <https://w3id.org/newsgraph/graph/meta> {{ ?a schema:identifier ?id }} }}
                       {ARTICLE_META}
                     }} ORDER BY DESC(STR(?date)) ?a"
                ),
                &bind,
                &["a", "id", "title", "date"],
            )?;
            Ok((quotes, articles))
        });
        let rows = store.select(
            &format!("SELECT ?p ?o WHERE {{ GRAPH <{entity_graph}> {{ ?e ?p ?o }} }}"),
            &bind,
            &["p", "o"],
        )?;
        for r in &rows {
            let p = text(&r[0]).unwrap_or_default();
            let o = text(&r[1]).unwrap_or_default();
            if p == rdf::TYPE.as_str() {
                card.etype = class(&r[1]).or(card.etype);
            } else if p == skos::PREF_LABEL.as_str() {
                card.label = o;
            } else if p == skos::ALT_LABEL.as_str() {
                card.aliases.push(o);
            } else if p == schema::SAME_AS.as_str() {
                card.wikidata = o.strip_prefix(vocab::WIKIDATA_ENTITY).map(str::to_string);
            } else if p == ng::COUNTRY_CODE.as_str() {
                card.country_code = Some(o);
            }
        }
        card.aliases.sort();
        card.aliases.dedup();

        for r in store.select(
            "SELECT ?t (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?e ng:articleType ?t } } GROUP BY ?t ORDER BY DESC(?n)",
            &bind,
            &["t", "n"],
        )? {
            if let Some(t) = class(&r[0]) {
                card.type_votes.push((t, number(&r[1])));
            }
        }

        for r in store.select(
            "SELECT ?name ?reason (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?m ng:entity ?e ; ng:mergedName ?name ; ng:reason ?reason } } GROUP BY ?name ?reason ORDER BY DESC(?n) ?name",
            &bind,
            &["name", "reason", "n"],
        )? {
            let reason = text(&r[1]).and_then(|s| MergeReason::from_iri(&s));
            if let (Some(name), Some(reason)) = (text(&r[0]), reason) {
                card.merged_names.push(AliasReason {
                    name,
                    reason: reason.name(),
                    explanation: reason.describe(),
                    articles: number(&r[2]),
                });
            }
        }

        let label_of =
            |t: &Option<Term>, l: &Option<Term>, c: &Option<Term>| -> Option<EntityRef> {
                let iri = text(t)?;
                Some(EntityRef {
                    label: text(l).unwrap_or_else(|| local_name(&iri).to_string()),
                    iri,
                    etype: class(c),
                })
            };
        // roles held, and (for organisations) roles held in it
        for (sparql, member_side) in [
            ("SELECT ?title ?x ?xl ?xt (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?m org:member ?e ; ng:title ?title } OPTIONAL { GRAPH ?g { ?m org:organization ?x } OPTIONAL { ?x skos:prefLabel ?xl } OPTIONAL { GRAPH <https://w3id.org/newsgraph/graph/entities> { ?x a ?xt } } } } GROUP BY ?title ?x ?xl ?xt ORDER BY DESC(?n) ?title", false),
            ("SELECT ?title ?x ?xl ?xt (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?m org:organization ?e ; ng:title ?title ; org:member ?x } OPTIONAL { ?x skos:prefLabel ?xl } OPTIONAL { GRAPH <https://w3id.org/newsgraph/graph/entities> { ?x a ?xt } } } GROUP BY ?title ?x ?xl ?xt ORDER BY DESC(?n) ?title", true),
        ] {
            for r in store.select(sparql, &bind, &["title", "x", "xl", "xt", "n"])? {
                let other = label_of(&r[1], &r[2], &r[3]);
                // two names of one article that turned out to be one entity
                if other.as_ref().is_some_and(|o| o.iri == iri) {
                    continue;
                }
                card.roles.push(RoleGroup {
                    title: text(&r[0]).unwrap_or_default(),
                    organization: if member_side { None } else { other.clone() },
                    member: if member_side { other } else { None },
                    articles: number(&r[4]),
                });
            }
        }
        // titles as written differ in case only ("Finance Minister", "finance minister")
        let mut roles: Vec<RoleGroup> = Vec::new();
        for r in std::mem::take(&mut card.roles) {
            let same = |x: &RoleGroup| {
                x.title.to_lowercase() == r.title.to_lowercase()
                    && x.organization.as_ref().map(|o| &o.iri)
                        == r.organization.as_ref().map(|o| &o.iri)
                    && x.member.as_ref().map(|o| &o.iri) == r.member.as_ref().map(|o| &o.iri)
            };
            match roles.iter_mut().find(|x| same(x)) {
                Some(x) => x.articles += r.articles,
                None => roles.push(r),
            }
        }
        card.roles = roles;
        card.roles.sort_by_key(|r| std::cmp::Reverse(r.articles));
        card.roles.truncate(items.max(1));

        // relations: every positive statement, grouped by predicate and the other entity
        let rel = |dir: &'static str| -> Result<Vec<RelationGroup>> {
            let (me, other) = if dir == "out" {
                ("rdf:subject", "rdf:object")
            } else {
                ("rdf:object", "rdf:subject")
            };
            let sparql = format!(
                "SELECT ?p ?x ?xl ?xt ?c ?s ?a ?title ?date ?g WHERE {{
                   GRAPH ?g {{ ?r a ng:RelationAssertion ; {me} ?e ; rdf:predicate ?p ; {other} ?x ;
                       ng:polarity ng:Positive ; ng:confidence ?c ; ng:evidence ?sn . ?sn nif:anchorOf ?s }}
                   GRAPH <https://w3id.org/newsgraph/graph/meta> {{ ?a ng:graph ?g }}
                   OPTIONAL {{ ?x skos:prefLabel ?xl }}
                   OPTIONAL {{ GRAPH <https://w3id.org/newsgraph/graph/entities> {{ ?x a ?xt }} }}
                   {ARTICLE_META}
                 }}"
            );
            let mut groups: Vec<(RelationGroup, Vec<String>)> = Vec::new();
            for r in store.select(
                &sparql,
                &bind,
                &["p", "x", "xl", "xt", "c", "s", "a", "title", "date", "g"],
            )? {
                let (Some(p), Some(x)) = (text(&r[0]), label_of(&r[1], &r[2], &r[3])) else {
                    continue;
                };
                if x.iri == iri {
                    continue;
                }
                let ev = Evidence {
                    sentence: text(&r[5]).unwrap_or_default(),
                    article: text(&r[6]).unwrap_or_default(),
                    title: text(&r[7]),
                    date: text(&r[8]),
                    confidence: text(&r[4]).and_then(|c| c.parse().ok()).unwrap_or(0.0),
                };
                let g = text(&r[9]).unwrap_or_default();
                let predicate = local_name(&p).to_string();
                match groups
                    .iter_mut()
                    .find(|(k, _)| k.predicate == predicate && k.other.iri == x.iri)
                {
                    Some((k, graphs)) => {
                        k.statements += 1;
                        if !graphs.contains(&g) {
                            graphs.push(g);
                            k.articles += 1;
                        }
                        if ev.confidence > k.strongest.confidence {
                            k.strongest = ev;
                        }
                    }
                    None => groups.push((
                        RelationGroup {
                            predicate,
                            direction: dir,
                            other: x,
                            statements: 1,
                            articles: 1,
                            strongest: ev,
                        },
                        vec![g],
                    )),
                }
            }
            Ok(groups.into_iter().map(|g| g.0).collect())
        };
        card.relations = rel("out")?;
        card.relations.extend(rel("in")?);
        card.relations.sort_by(|a, b| {
            (
                a.predicate.as_str(),
                a.direction,
                usize::MAX - a.articles,
                &a.other.label,
            )
                .cmp(&(
                    b.predicate.as_str(),
                    b.direction,
                    usize::MAX - b.articles,
                    &b.other.label,
                ))
        });

        lists
            .join()
            .map_err(|_| Error::QueryEvaluation("a card query panicked".into()))?
    })?;
    card.quote_count = quotes.len();
    card.quotes = quotes
        .iter()
        .take(items)
        .map(|r| QuoteRef {
            text: text(&r[0]).unwrap_or_default(),
            kind: text(&r[1])
                .map(|k| local_name(&k).to_string())
                .unwrap_or_default(),
            article: text(&r[2]).unwrap_or_default(),
            title: text(&r[3]),
            date: text(&r[4]),
        })
        .collect();

    card.article_count = articles.len();
    card.articles = articles
        .iter()
        .take(items)
        .map(|r| ArticleRef {
            article: text(&r[0]).unwrap_or_default(),
            id: text(&r[1]),
            title: text(&r[2]),
            date: text(&r[3]),
        })
        .collect();
    Ok(card)
}

/// Merges recorded in the store, by reason: (reason, records, distinct names).
pub fn merge_counts(store: &dyn crate::mirror::Sparql) -> Result<Vec<(MergeReason, usize, usize)>> {
    let mut out = Vec::new();
    let oxigraph::sparql::QueryResults::Solutions(rows) = store.query(
        "SELECT ?reason (COUNT(?m) AS ?n) (COUNT(DISTINCT ?pair) AS ?d) WHERE { GRAPH ?g { ?m a ng:Merge ; ng:reason ?reason ; ng:entity ?e ; ng:mergedName ?name } BIND(CONCAT(STR(?e), \"|\", LCASE(?name)) AS ?pair) } GROUP BY ?reason ORDER BY DESC(?n)",
    )? else {
        return Ok(out);
    };
    for row in rows {
        let row = row.map_err(|e| crate::Error::QueryEvaluation(e.to_string()))?;
        let r: Vec<Option<Term>> = ["reason", "n", "d"]
            .iter()
            .map(|v| row.get(*v).cloned())
            .collect();
        if let Some(reason) = text(&r[0]).and_then(|s| MergeReason::from_iri(&s)) {
            out.push((reason, number(&r[1]), number(&r[2])));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        iri: &str,
        ty: EntityType,
        label: &str,
        aliases: &[&str],
        mentions: usize,
    ) -> IndexEntry {
        let mut e = IndexEntry {
            iri: iri.into(),
            etype: Some(ty),
            label: label.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions,
            keys: Vec::new(),
        };
        e.compute_keys();
        e
    }

    fn index() -> NameIndex {
        let mut entries = vec![
            entry(
                "e:1",
                EntityType::Official,
                "Tony Blair",
                &["Blair", "Mr Blair"],
                300,
            ),
            entry("e:2", EntityType::Person, "Blairstown Smith", &[], 2),
            entry("e:3", EntityType::Person, "Lionel Blair", &[], 5),
            entry(
                "e:4",
                EntityType::Country,
                "United States",
                &["U.S.", "America", "US"],
                900,
            ),
            entry(
                "e:5",
                EntityType::Company,
                "Zürich Insurance",
                &["Zurich"],
                7,
            ),
            entry("e:6", EntityType::Location, "Zurich", &[], 20),
        ];
        entries.sort_by(|a, b| a.iri.cmp(&b.iri));
        NameIndex {
            revision: "r".into(),
            entries,
        }
    }

    fn labels(hits: &[Hit<'_>]) -> Vec<String> {
        hits.iter().map(|h| h.entry.label.clone()).collect()
    }

    #[test]
    fn ranking_exact_alias_prefix_fuzzy() {
        let ix = index();
        // exact name beats an alias of a more mentioned entity
        let h = ix.search("zurich", &[], 10);
        assert_eq!(labels(&h), ["Zurich", "Zürich Insurance"]);
        assert_eq!(h[0].kind, MatchKind::Exact);
        assert_eq!(h[1].kind, MatchKind::Alias);
        // case, accents and punctuation do not matter
        assert_eq!(labels(&ix.search("u.s", &[], 1)), ["United States"]);
        assert_eq!(
            labels(&ix.search("ZÜRICH insurance", &[], 1)),
            ["Zürich Insurance"]
        );
        // alias before prefix; a whole word of a name before part of a word
        let h = ix.search("blair", &[], 10);
        assert_eq!(
            labels(&h),
            ["Tony Blair", "Lionel Blair", "Blairstown Smith"]
        );
        assert_eq!(
            h.iter().map(|h| h.kind).collect::<Vec<_>>(),
            [MatchKind::Alias, MatchKind::Prefix, MatchKind::Prefix]
        );
        // typos, in the whole name or in one word of it
        let h = ix.search("Tony Blare", &[], 10);
        assert_eq!(labels(&h), ["Tony Blair"]);
        assert_eq!(h[0].kind, MatchKind::Fuzzy);
        let h = ix.search("blare", &[EntityType::Official], 10);
        assert_eq!(labels(&h), ["Tony Blair"]);
        assert_eq!(h[0].kind, MatchKind::Fuzzy);
        // characters, not bytes, count as edits
        assert_eq!(
            labels(&ix.search("Zürch", &[EntityType::Location], 10)),
            ["Zurich"]
        );
        // type filter
        assert_eq!(
            labels(&ix.search("zurich", &[EntityType::Company], 10)),
            ["Zürich Insurance"]
        );
        assert!(ix.search("nothing like it", &[], 10).is_empty());
        assert!(ix.search("  ...  ", &[], 10).is_empty());
    }

    #[test]
    fn suggestions_and_lists() {
        let ix = index();
        let s: Vec<&str> = ix
            .suggestions("Tonny Blaire", 3)
            .iter()
            .map(|e| e.label.as_str())
            .collect();
        assert_eq!(s.first(), Some(&"Tony Blair"));
        let l: Vec<&str> = ix
            .list(
                &[EntityType::Person, EntityType::Official],
                Sort::Mentions,
                2,
            )
            .iter()
            .map(|e| e.label.as_str())
            .collect();
        assert_eq!(l, ["Tony Blair", "Lionel Blair"]);
        let l: Vec<&str> = ix
            .list(&[], Sort::Name, 3)
            .iter()
            .map(|e| e.label.as_str())
            .collect();
        assert_eq!(l, ["Blairstown Smith", "Lionel Blair", "Tony Blair"]);
    }

    #[test]
    fn index_file_round_trip() {
        let ix = index();
        let dir = std::env::temp_dir().join(format!("ng-index-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(INDEX_FILE);
        ix.save(&p).unwrap();
        let back = NameIndex::read(&p).unwrap();
        assert_eq!(back.revision, "r");
        assert_eq!(back.entries, ix.entries);
        std::fs::write(&p, "not an index\n").unwrap();
        assert!(NameIndex::read(&p).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
