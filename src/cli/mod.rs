//! Command line: argument parsing, progress, summaries and exit codes. The only code that prints,
//! exits or reads the environment.

mod evalevents;
mod evalquotes;
mod evalrelations;
mod explore;
mod export;
mod json;
mod ner;
mod parse;
mod query;
mod rdf;
mod serve;
mod shell;
mod watch;
mod why;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use newsgraph_extract::document::Document;
use newsgraph_extract::input::read_files;
use newsgraph_extract::ner::NerModel;
use newsgraph_extract::parse::ParseTrainConfig;
use newsgraph_extract::{Pipeline, Resources};
use newsgraph_graph::graph;
use newsgraph_graph::ingest::Event as IngestEvent;
use newsgraph_graph::query::OutputFormat;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Triple;

/// Exit codes (documented in the README and in `--help`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Ok = 0,
    /// The command ran, but some inputs failed (they are listed on stderr); the rest was done.
    Partial = 1,
    /// Nothing was done: bad arguments, unreadable store, query syntax error, fatal I/O error.
    Fatal = 2,
}

impl Exit {
    /// The exit code of a batch: all inputs done, some skipped, or every one skipped.
    fn of_batch(skipped: usize, done: usize) -> Exit {
        match (skipped, done) {
            (0, _) => Exit::Ok,
            (_, 0) => Exit::Fatal,
            _ => Exit::Partial,
        }
    }
}

const AFTER_HELP: &str = "\
Examples:
  newsgraph ingest data/samples/                 build the graph in ./newsgraph.db
  newsgraph watch inbox/ feeds/                  ingest files as they appear (Ctrl-C stops)
  newsgraph extract article.txt --format json    entities, quotes, relations as JSON Lines
  newsgraph query 'SELECT ?name WHERE { ?e a ng:Official ; skos:prefLabel ?name }'
  newsgraph stats                                what the store holds
  newsgraph entity 'tony blair'                  a card: aliases and why, roles, relations, quotes
  newsgraph entities --type Official --limit 20  the most mentioned officials
  newsgraph export --entity China --depth 2 --format svg -o china.svg
  newsgraph remove article.txt                   take an article and its facts out
  newsgraph load countries.ttl                   reference RDF in a graph of its own
  newsgraph update 'DELETE DATA { ... }'         a correction (SPARQL 1.1 Update)
  newsgraph completions bash                     shell completions; `newsgraph man` the man page
  newsgraph eval ner --gold eng.testa            score the entity recogniser (P / R / F1)
  newsgraph eval events --gold PETR2_GSR_validation.xml   score relations against CAMEO events
  newsgraph eval relations --gold conll04_dev.json         score person -> organisation roles
  newsgraph train ner --train a.conll --dev b.conll -o my.ngm && newsgraph --model my.ngm ...

Prefixes ng:, ent:, art:, schema:, skos:, org:, nif:, itsrdf:, prov:, rdf:, rdfs:, xsd:, wd: are
predeclared in queries. Queries see every graph (union default graph) unless they use GRAPH.

Exit codes: 0 success; 1 some inputs failed (each is reported on stderr, the rest were
processed), or `entity` / `export --entity` matched no entity, or `remove` missed some articles;
2 nothing done (bad arguments, store or query error, no input succeeded (no store is created
then), a store write error stopped `ingest`, a `load` or `update` with an error changed nothing).
Output: data goes to stdout (or --output; `-` is stdout, and stdin for inputs), messages and
progress to stderr. Colour: only help and usage errors, on a terminal; NO_COLOR=1 turns it off,
CLICOLOR_FORCE=1 forces it.";

/// Turn English news articles into a knowledge graph of officials, agencies, countries,
/// companies and media outlets, with who-said-what, opposes and partners-with edges and roles,
/// stored as RDF (one named graph per article, evidence on every fact) and queried with SPARQL.
#[derive(Parser, Debug)]
#[command(
    name = "newsgraph",
    version,
    propagate_version = true,
    after_help = AFTER_HELP,
    max_term_width = 100
)]
pub struct Cli {
    /// The graph store directory (created by `ingest`)
    #[arg(
        long,
        global = true,
        env = "NEWSGRAPH_STORE",
        default_value = "newsgraph.db",
        value_name = "DIR"
    )]
    store: PathBuf,

    /// Extra gazetteer file (tab-separated: name, type, country_iso2, wikidata, aliases); repeatable
    #[arg(long, global = true, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,

    /// NER model file to use instead of the built-in one (see `newsgraph train ner`)
    #[arg(long, global = true, env = "NEWSGRAPH_MODEL", value_name = "FILE")]
    model: Option<PathBuf>,

    /// Refuse articles with more text than this (bytes, after decoding; each refused article
    /// is reported and the others go on). Memory while one article is extracted and stored
    /// grows with its size: about 200 MB at the default for a quote-heavy article
    #[arg(long, global = true, value_name = "BYTES", default_value_t = newsgraph_extract::pipeline::MAX_ARTICLE_BYTES)]
    max_article_bytes: usize,

    /// No progress bar and no summary on stderr (errors are still reported)
    #[arg(short, long, global = true)]
    quiet: bool,

    /// Memory for the store's block cache, in MB: one cache for all its indexes, their index
    /// and filter blocks included, so memory stays bounded as the store grows [default: 16;
    /// 64 for `serve`, whose answers read the same entities again and again]
    #[arg(long, global = true, env = "NEWSGRAPH_CACHE_MB", value_name = "MB")]
    cache_mb: Option<usize>,

    #[command(flatten)]
    remote: RemoteArgs,

    #[command(subcommand)]
    command: Command,
}

/// A remote SPARQL 1.1 store (`ingest`, `remove`, `query`, `stats`, `export`).
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Remote store")]
pub struct RemoteArgs {
    /// Work on a remote SPARQL 1.1 store through its query endpoint URL (Oxigraph server:
    /// http://HOST:7878/query; Virtuoso: http://HOST:8890/sparql). `ingest` and `remove` keep
    /// the store's local state in --store (metadata, entities and what resolution reads: a
    /// fraction of the graph); the store must query the union of its graphs by default
    #[arg(long, global = true, value_name = "URL")]
    endpoint: Option<String>,

    /// The SPARQL 1.1 Update endpoint (default: /update beside a /query endpoint, else the
    /// --endpoint URL)
    #[arg(long, global = true, value_name = "URL", requires = "endpoint")]
    update_endpoint: Option<String>,

    /// The Graph Store HTTP Protocol endpoint (default: /store beside a /query endpoint,
    /// /sparql-graph-crud beside a /sparql one, else the --endpoint URL)
    #[arg(long, global = true, value_name = "URL", requires = "endpoint")]
    graph_store: Option<String>,

    /// HTTP basic authentication as this user; the password is read from
    /// NEWSGRAPH_REMOTE_PASSWORD (a bearer token from NEWSGRAPH_REMOTE_TOKEN instead)
    #[arg(
        long,
        global = true,
        env = "NEWSGRAPH_REMOTE_USER",
        value_name = "USER"
    )]
    remote_user: Option<String>,

    /// Seconds a request to the remote store may take
    #[arg(long, global = true, value_name = "SECS", default_value_t = 60)]
    remote_timeout: u64,

    /// Further attempts of a request that failed for a reason that may pass (no connection,
    /// timeout, HTTP 5xx / 429), after pauses that double from a quarter second
    #[arg(long, global = true, value_name = "N", default_value_t = 4)]
    remote_retries: u32,
}

impl RemoteArgs {
    /// The remote store, when --endpoint names one.
    pub fn remote(&self) -> anyhow::Result<Option<newsgraph_remote::Remote>> {
        self.remote_with_timeout(None)
    }

    /// The remote store, each request bounded by `timeout` seconds instead of
    /// --remote-timeout (`query --timeout`).
    pub fn remote_with_timeout(
        &self,
        timeout: Option<u64>,
    ) -> anyhow::Result<Option<newsgraph_remote::Remote>> {
        let Some(url) = &self.endpoint else {
            return Ok(None);
        };
        let mut c = newsgraph_remote::Config::new(url)?;
        if let Some(u) = &self.update_endpoint {
            c.update = u.clone();
        }
        if let Some(g) = &self.graph_store {
            c.graph_store = g.clone();
        }
        c.timeout = std::time::Duration::from_secs(timeout.unwrap_or(self.remote_timeout).max(1));
        c.retries = self.remote_retries;
        let token = std::env::var("NEWSGRAPH_REMOTE_TOKEN")
            .ok()
            .filter(|t| !t.is_empty());
        c.auth = match (&self.remote_user, token) {
            (Some(_), Some(_)) => anyhow::bail!(
                "both --remote-user and NEWSGRAPH_REMOTE_TOKEN are set: choose basic or bearer authentication"
            ),
            (Some(user), None) => newsgraph_remote::Auth::Basic {
                user: user.clone(),
                password: std::env::var("NEWSGRAPH_REMOTE_PASSWORD").map_err(|_| {
                    anyhow::anyhow!("--remote-user {user}: set the password in NEWSGRAPH_REMOTE_PASSWORD")
                })?,
            },
            (None, Some(t)) => newsgraph_remote::Auth::Bearer(t),
            (None, None) => newsgraph_remote::Auth::None,
        };
        Ok(Some(newsgraph_remote::Remote::new(c)))
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read articles and add their facts to the store
    ///
    /// PATH may be a file (.txt, .md, .jsonl, .json, .html, or a feed: .rss, .atom, .xml), a
    /// directory (read recursively, by extension; `.xml` files only when they are RSS or Atom
    /// feeds) or `-` for stdin. Each feed item is an article (title, link, date, author; its HTML
    /// read as a page is); its link is its identity, so a feed read again adds only new items. Each article is written in one transaction into its own named
    /// graph: an unchanged article is skipped, a changed one replaces its graph. A bad file or JSON
    /// line is reported with its file and line; the others are still ingested, and the exit code
    /// is 1 at the end.
    ///
    /// Directories are walked as ripgrep and fd walk them: hidden files and folders, files
    /// that `.gitignore` (inside a git repository), `.ignore` or git's exclude files leave out,
    /// and symbolic links are skipped unless --hidden, --no-ignore or --follow says otherwise.
    /// RDF files (.ttl, .nt, .nq, .trig, .jsonld, .rdf) are refused: `newsgraph load` reads them.
    #[command(after_help = "Example:\n  newsgraph ingest data/samples/ ../more/articles.jsonl")]
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print the summary as JSON on stdout
        #[arg(long)]
        json: bool,
        /// Commit new articles in steps of about this many quads (about 500 a news article)
        ///
        /// New articles go to the store through Oxigraph's bulk loader, which writes sorted
        /// table files and has RocksDB take in a step's files at once: all of a step or none.
        /// A run that is killed or fails keeps the steps committed before; the articles of the
        /// step it was in are written again by the next run. Smaller steps commit sooner and
        /// cost more time (RocksDB compacts what each step adds); larger steps above
        /// 400,000 quads hold more in memory (the loader takes a sixteenth of a step at a
        /// time). 0 writes every few articles in a transaction of their own instead (about
        /// twice as slow). Changed articles and remote stores (--endpoint) always use
        /// transactions.
        #[arg(long, value_name = "QUADS", default_value_t = newsgraph_graph::store::BULK_INGEST_QUADS)]
        commit_every: usize,
        #[command(flatten)]
        walk: WalkArgs,
    },
    /// Watch folders and ingest files as they appear or change, until Ctrl-C
    ///
    /// First ingests what the folders hold (articles already stored are skipped), then looks at
    /// them every --poll milliseconds. A new or changed file is read once its size and
    /// modification time have stayed the same for --debounce milliseconds, so a file still
    /// being written is never ingested half; temporary files (`*.tmp`, `*.part`, `.a.txt.swp`,
    /// `a.txt~`) are ignored until renamed, hidden ones unless --hidden. Files are read as `ingest` reads them,
    /// with the same identity rules: a rewritten file replaces its article (no duplicate), an
    /// unchanged one is skipped. With --remove-deleted a deleted file's articles are taken out
    /// (those read from it by this or an earlier watch of the same folder, or identified by its
    /// path). The store is opened for each write and closed after it, so `query`, `entity` and
    /// the other commands read it while the watch runs. Errors (a bad file, a store locked by
    /// another writer) are reported on stderr and the watch goes on; Ctrl-C or SIGTERM stops it
    /// (exit code 0).
    #[command(after_help = "Examples:
  newsgraph --store news.db watch inbox/ feeds/
  newsgraph --store news.db watch --remove-deleted --debounce 2000 /mnt/share/articles
  curl -s https://example.org/feed.xml -o inbox/example.rss.tmp && mv inbox/example.rss.tmp inbox/example.rss")]
    Watch {
        /// Folders to watch (recursively, walked as `ingest` walks them)
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        #[command(flatten)]
        args: watch::WatchArgs,
    },
    /// Run the extraction pipeline and print the result, without a store
    ///
    /// `json` prints one JSON object per article (JSON Lines; see the README for the fields).
    /// Offsets are Unicode code points into the article text as read, half-open.
    #[command(
        after_help = "Example:\n  newsgraph extract article.txt --format json | jq '.quotes[]'"
    )]
    Extract {
        /// Files, directories (walked as `ingest` walks them) or `-` for stdin
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
        /// Write to FILE instead of stdout (`-`: stdout)
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        walk: WalkArgs,
    },
    /// Run a SPARQL query over the store
    ///
    /// The query comes from the argument, from --file, or from stdin. SELECT and ASK results are
    /// written as table (default), json, csv, tsv or xml (W3C formats); CONSTRUCT and DESCRIBE as
    /// turtle (default), ntriples, nquads or jsonld.
    #[command(after_help = "Examples:
  newsgraph query 'SELECT ?speaker ?text WHERE { ?q a ng:Quotation ; ng:speaker ?s ; schema:text ?text . ?s skos:prefLabel ?speaker }'
  newsgraph query --format json --file who-opposes-whom.rq")]
    Query {
        /// The SPARQL query (omit to read --file or stdin)
        sparql: Option<String>,
        /// Read the query from FILE (`-`: stdin)
        #[arg(long, value_name = "FILE", conflicts_with = "sparql")]
        file: Option<PathBuf>,
        #[arg(long, short, value_enum)]
        format: Option<QueryFormat>,
        /// Write to FILE instead of stdout (never inside the store; `-`: stdout)
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Stop after N rows (solutions, or triples) with a note on stderr; 0 = no limit.
        /// [default: 1000 for the table, which holds its rows to size its columns; no limit for
        /// the other formats, which are written as the rows come]
        #[arg(long, value_name = "N")]
        limit_rows: Option<usize>,
        /// Stop the query after this many seconds (exit code 2)
        #[arg(long, value_name = "SECONDS", default_value_t = 300)]
        timeout: u64,
        /// Stop the query when the process uses more than this many megabytes (sorting,
        /// grouping and DISTINCT hold their rows in memory) [default: half the memory
        /// available when the query starts]
        #[arg(long, value_name = "MB")]
        max_memory: Option<u64>,
    },
    /// Count what the store holds: articles, entities by type, relations, quotes, quads
    Stats {
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Look up an entity by name and print what the graph knows about it
    ///
    /// NAME is matched against every entity's name and aliases, ignoring case, accents and
    /// punctuation, and ranked: exact name, then alias, then prefix (a whole word of a name before
    /// part of one), then names or words within a few typing errors; ties go to the entity more
    /// articles mention. The card shows the type (and how articles voted on it), aliases and why each
    /// name was merged, roles, relations in and out with their strongest evidence sentence,
    /// quotations and the articles that mention it. Exit code 1 with "did you mean"
    /// suggestions when nothing matches.
    #[command(after_help = "Examples:
  newsgraph entity 'tony blair'
  newsgraph entity blare --type Official        (typos are fine)
  newsgraph entity EU --json | jq '.cards[0].relations'")]
    Entity {
        /// The name to look up
        name: String,
        /// Only entities of these types (Official, Person, Agency, Company, MediaOutlet,
        /// Organization, Country, Location, Policy; comma-separated or repeated; Person includes
        /// Official)
        #[arg(long = "type", short = 't', value_name = "TYPE")]
        types: Vec<String>,
        /// How many of the best matches get a full card
        #[arg(long, default_value_t = 1)]
        limit: usize,
        /// Quotations, articles and roles listed per card (counts are always complete)
        #[arg(long, default_value_t = 5, value_name = "N")]
        items: usize,
        /// Print matches and cards as JSON on stdout
        #[arg(long)]
        json: bool,
    },
    /// Explain why two entities are linked: every edge and shared fact, with evidence
    ///
    /// A and B are names (matched as `entity` matches them: the best match is taken) or entity
    /// IRIs. Lists relations both ways (opposes, partnersWith; denied ones too, marked), quotations of one
    /// relayed by the other or naming the other, roles of one in the other, organisations both
    /// hold roles in, and sentences that name both. Each link shows its evidence sentences, the
    /// most confident first, then the most recent, with the article's title and date. Exit code 1
    /// when a name matches nothing or nothing links the two.
    #[command(after_help = "Examples:
  newsgraph why China Japan
  newsgraph why 'Kang Min-jun' 'South Korea' --items 1
  newsgraph why EU Russia --json | jq '.links[] | .summary'")]
    Why {
        /// The first entity (name or IRI)
        a: String,
        /// The second entity (name or IRI)
        b: String,
        /// Evidence sentences listed per link (counts are always complete)
        #[arg(long, default_value_t = 3, value_name = "N")]
        items: usize,
        /// Print as one JSON object on stdout
        #[arg(long)]
        json: bool,
    },
    /// An entity's relations, roles and quotations, ordered by article date
    ///
    /// ENTITY is a name (matched as `entity` matches it) or an entity IRI. Each line is one fact
    /// with the date of the article that states it (oldest first; undated articles last) and its
    /// evidence sentence. --since / --until keep dated articles in the window (inclusive);
    /// --offset / --limit print one page of it (the heading and the JSON `total` still count
    /// every item).
    #[command(after_help = "Examples:
  newsgraph timeline China
  newsgraph timeline 'Tony Blair' --since 2005-01-01 --until 2005-06-30
  newsgraph timeline 'United Kingdom' --offset 100 --limit 50
  newsgraph timeline EU --json | jq '.items[] | [.date, .summary]'")]
    Timeline {
        /// The entity (name or IRI)
        entity: String,
        /// Only articles published on or after this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only articles published on or before this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Skip the first N items of the timeline
        #[arg(long, value_name = "N", default_value_t = 0)]
        offset: usize,
        /// Print at most N items (default: all)
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print as one JSON object on stdout
        #[arg(long)]
        json: bool,
    },
    /// Serve the graph over HTTP: a SPARQL 1.1 endpoint, a JSON API and a browser view
    ///
    /// Opens the store read-only (as `query` does) and keeps it and the name index open, so
    /// answers come from warm caches. Endpoints: `/` (the browser view: search, entity cards,
    /// ego graphs, articles, timelines, a SPARQL page), `/sparql` (SPARQL 1.1 Protocol: GET and
    /// POST, results as JSON, XML, CSV, TSV or Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML by the
    /// Accept header or `format=`; our prefixes predeclared; the union of all graphs as default
    /// graph; a Service Description when GET has no query), `/store?graph=IRI` (Graph Store
    /// Protocol GET), `/api/...` (search, entity, entities, ego, article, why, timeline: JSON).
    ///
    /// Safe by default: bound to 127.0.0.1, read-only (SPARQL Update needs --allow-write AND a
    /// bearer token), each query stopped after --timeout seconds (HTTP 503) and cut at
    /// --max-rows rows, request bodies over --max-body bytes refused (HTTP 413), no CORS header
    /// unless --cors names an origin. The bound address is printed on stderr
    /// ("listening on http://ADDR"): with `--bind 127.0.0.1:0` the system picks a free port.
    ///
    /// With --watch DIR the server keeps the graph current: it opens the store as its writer
    /// (other processes then read the store as it was when the server started), watches the
    /// folders as `newsgraph watch` does (--debounce, --poll, --remove-deleted apply), and after
    /// each ingest updates its name index and forgets its cached answers. HTTP updates still
    /// need --allow-write and the token.
    #[command(after_help = "Examples:
  newsgraph serve --store news.db                      (then open http://127.0.0.1:7878/)
  newsgraph serve --store news.db --watch inbox/       (files dropped in inbox/ show up)
  curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT * WHERE { ?s ?p ?o } LIMIT 3'
  NEWSGRAPH_TOKEN=s3cret newsgraph serve --allow-write --cors https://notebook.example.org")]
    Serve {
        /// Address and port to listen on (port 0: any free port)
        #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
        bind: std::net::SocketAddr,
        /// Stop a query after this many seconds (HTTP 503 with a message)
        #[arg(long, default_value_t = 30, value_name = "SECONDS")]
        timeout: u64,
        /// Rows (or triples) a query returns at most; the rest is cut off
        #[arg(long, default_value_t = 100_000, value_name = "N")]
        max_rows: usize,
        /// Largest request body accepted, in bytes (HTTP 413 beyond)
        #[arg(long, default_value_t = 1_048_576, value_name = "BYTES")]
        max_body: usize,
        /// Send CORS headers allowing this origin (`*` for any); none by default
        #[arg(long, value_name = "ORIGIN")]
        cors: Option<String>,
        /// Open the store for writing and accept SPARQL Update at /update (with the token)
        #[arg(long)]
        allow_write: bool,
        /// The bearer token SPARQL Update requests must carry (`Authorization: Bearer TOKEN`)
        #[arg(
            long,
            env = "NEWSGRAPH_TOKEN",
            value_name = "TOKEN",
            hide_env_values = true
        )]
        token: Option<String>,
        /// Watch this folder (repeatable) and ingest files as they appear, as `watch` does
        #[arg(long = "watch", value_name = "DIR")]
        watch_dirs: Vec<PathBuf>,
        #[command(flatten)]
        watch_args: watch::WatchArgs,
    },
    /// List entities, most mentioned first (or by name)
    #[command(after_help = "Examples:
  newsgraph entities --type Official --limit 20
  newsgraph entities --type Company,MediaOutlet --sort name --json")]
    Entities {
        /// Only entities of these types (comma-separated or repeated; Person includes Official)
        #[arg(long = "type", short = 't', value_name = "TYPE")]
        types: Vec<String>,
        #[arg(long, value_enum, default_value_t = SortBy::Mentions)]
        sort: SortBy,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per entity (JSON Lines) on stdout
        #[arg(long)]
        json: bool,
    },
    /// Take articles (and every fact drawn from them) out of the store
    ///
    /// ARTICLE is a file (every article read from it: one for text, Markdown and HTML, all the
    /// lines of a JSON Lines file), or an article's id (a JSON Lines `id`, its URL, or the path
    /// it was read from, even once the file is deleted), key (16 hex digits, the end of its IRI) or IRI. Each article is removed in one
    /// transaction; entities no remaining article mentions disappear, and the others get their
    /// type, names and keys recomputed from the articles left. Exit code 1 when some were not
    /// found, 2 when none was.
    #[command(after_help = "Examples:
  newsgraph remove data/samples/seed.md
  newsgraph remove 3f9a0c1d2b4e5f60 https://example.com/news/1")]
    Remove {
        #[arg(required = true, value_name = "ARTICLE")]
        articles: Vec<String>,
        /// Print what was removed as JSON on stdout
        #[arg(long)]
        json: bool,
    },
    /// Draw or dump the graph: DOT, SVG, PNG, GraphML, JSON node-link, or RDF
    Export(export::ExportArgs),
    /// Tag and parse sentences: Universal Dependencies parts of speech and dependency trees
    ///
    /// Reads plain text (FILE or `-` for stdin), splits it into sentences and syntactic words
    /// as newsgraph does (clitics such as "n't" and "'s" and hyphens apart, as UD English
    /// treebanks do), and writes CoNLL-U: UPOS, HEAD and DEPREL predicted, `_` for LEMMA, XPOS,
    /// FEATS and DEPS. With --conllu the input is CoNLL-U whose sentences and words are kept
    /// (comments and multi-word token lines too) while its tags and trees are ignored, so the
    /// output can be scored with the CoNLL 2018 evaluation script.
    #[command(after_help = "Examples:
  echo 'Moscow, which has long opposed the plan, urged Kyiv to halt.' | newsgraph parse
  newsgraph parse --conllu ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu -o dev.pred.conllu")]
    Parse {
        /// Plain text, or CoNLL-U with --conllu (`-` or nothing: stdin)
        #[arg(value_name = "FILE")]
        input: Option<PathBuf>,
        /// The input is CoNLL-U: keep its sentences and words
        #[arg(long)]
        conllu: bool,
        /// A parser model made by `train parser` [default: the built-in one]
        #[arg(long, value_name = "MODEL")]
        parser: Option<PathBuf>,
        /// Write to FILE instead of stdout
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Load reference RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) into a graph of its own
    Load(rdf::LoadArgs),
    /// Change the store with a SPARQL 1.1 Update (corrections)
    Update(rdf::UpdateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(shell::CompletionsArgs),
    /// Print newsgraph's man page (roff), generated from this command line
    Man(shell::ManArgs),
    /// Train a model (the entity recogniser, the parser, word clusters)
    #[command(subcommand)]
    Train(TrainCommand),
    /// Measure accuracy against annotated corpora
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Subcommand, Debug)]
enum TrainCommand {
    /// Train the part-of-speech tagger and dependency parser on CoNLL-U treebanks
    ///
    /// A greedy averaged-perceptron UPOS tagger, then a greedy arc-eager parser trained with a
    /// dynamic oracle on tags predicted by jack-knifed taggers (so it learns from the tagger's
    /// mistakes). Non-projective trees are projectivised by lifting. With --dev each stage keeps
    /// its best epoch (tagger: UPOS accuracy, parser: LAS) and the scores are recorded in the
    /// model. Deterministic for a given --seed.
    #[command(after_help = "Example:
  newsgraph train parser --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu \
      --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu -o my-parser.ngp
  newsgraph parse --parser my-parser.ngp article.txt")]
    Parser {
        /// Training treebanks (CoNLL-U)
        #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
        train: Vec<PathBuf>,
        /// Development treebank: picks each stage's best epoch
        #[arg(long, value_name = "FILE")]
        dev: Option<PathBuf>,
        /// Where to write the model
        #[arg(long, short, value_name = "MODEL")]
        output: PathBuf,
        #[arg(long, default_value_t = ParseTrainConfig::default().tagger_epochs)]
        tagger_epochs: usize,
        #[arg(long, default_value_t = ParseTrainConfig::default().parser_epochs)]
        parser_epochs: usize,
        #[arg(long, default_value_t = ParseTrainConfig::default().seed)]
        seed: u64,
        /// Print the model's description as JSON on stdout
        #[arg(long)]
        json: bool,
    },
    /// Train the entity recogniser (averaged perceptron) on CoNLL-style column files
    ///
    /// Files have one token per line (token first, tag last; IOB1, IOB2, IOBES or BILOU tags;
    /// types PER, ORG, LOC, MISC, with CrossNER / OntoNotes names such as politician, country,
    /// politicalparty or event folded onto them; unknown types are read as outside), blank lines
    /// between sentences and `-DOCSTART-` lines between documents. Universal NER files
    /// (`index token tag ...`) and JSON arrays of {"tokens", "tags"} sentences (CoNLL04) are
    /// recognised too. Each epoch prints its training errors and, with --dev, dev scores; the
    /// model kept is the best dev epoch's. Training is deterministic for a given --seed.
    #[command(after_help = "Example:
  newsgraph train ner --train ../shared/data/conll2003/eng.train \
      --dev ../shared/data/conll2003/eng.testa --output my-model.ngm
  newsgraph --model my-model.ngm ingest articles/")]
    Ner {
        /// Training files
        #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
        train: Vec<PathBuf>,
        /// Development file: scored after each epoch, picks the best epoch
        #[arg(long, value_name = "FILE")]
        dev: Option<PathBuf>,
        /// Where to write the model
        #[arg(long, short, value_name = "MODEL")]
        output: PathBuf,
        #[arg(long, default_value_t = 15)]
        epochs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Drop features seen fewer times than this in training
        #[arg(long, default_value_t = 1)]
        min_count: u32,
        /// Word clusters (`word<TAB>bitpath` lines) used as features
        #[arg(long, value_name = "FILE")]
        clusters: Option<PathBuf>,
        /// Print the model's description as JSON on stdout
        #[arg(long)]
        json: bool,
    },
    /// Induce word clusters from unlabelled articles, for `train ner --clusters`
    ///
    /// Reads articles as `ingest` does (files, directories, JSON Lines, HTML) and writes
    /// `word<TAB>bitpath` lines: words used in similar contexts share path prefixes.
    #[command(after_help = "Example:
  newsgraph train clusters --input ../shared/data/bbc-news ../shared/data/polnear -o clusters.tsv")]
    Clusters {
        /// Articles to learn from
        #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
        input: Vec<PathBuf>,
        /// Where to write the clusters
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
        /// Levels of binary splits (at most 2^depth clusters)
        #[arg(long, default_value_t = 14)]
        depth: usize,
        /// Cluster at most this many of the most frequent words
        #[arg(long, default_value_t = 60000)]
        max_words: usize,
        /// Ignore words seen fewer times
        #[arg(long, default_value_t = 3)]
        min_count: u32,
    },
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Score the tagger and parser against CoNLL-U treebanks (UPOS, UAS, LAS)
    ///
    /// Gold tokenisation: each file's words are tagged and parsed, ignoring its tags and trees,
    /// and scored as the CoNLL 2018 shared task does: over every word, punctuation included;
    /// LAS compares universal relations (`nmod` for `nmod:poss`), LAS-sub whole labels. --json
    /// gives `figures` (upos, uas, las, las_full) for scripts/floors.py, and per-file counts.
    #[command(after_help = "Examples:
  newsgraph eval parser --gold ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu
  newsgraph eval parser --gold ../shared/data/gum-ud/en_gum-ud-test.conllu --json \
      | scripts/floors.py uas=0.8 las=0.75")]
    Parser {
        /// Gold treebanks (CoNLL-U)
        #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
        gold: Vec<PathBuf>,
        /// A parser model made by `train parser` [default: the built-in one]
        #[arg(long, value_name = "MODEL")]
        parser: Option<PathBuf>,
        /// Only documents whose `# newdoc id` starts with PREFIX (GUM's news: GUM_news)
        #[arg(long, value_name = "PREFIX")]
        docs: Option<String>,
        /// Print the scores as JSON on stdout
        #[arg(long)]
        json: bool,
    },
    /// Score entity recognition against gold column files (exact spans, as conlleval)
    ///
    /// By default the whole pipeline, as a user receives it: each gold document is rebuilt as
    /// an article (sentences as lines, tokens joined as English is written: "Japan's", "(AP)";
    /// a file without documents, such as CoNLL04 or CrossNER, is cut into documents of 10
    /// sentences), read as a plain-text file is read (the first line is the headline) and run
    /// through every stage; the entities' mentions (what `extract` writes) are mapped back to
    /// the gold tokens by character offsets. Fine types fold to PER (Official, Person), ORG
    /// (Agency, Company, MediaOutlet, Organization) and LOC (Country, Location); a demonym
    /// ("Chinese") and a named policy count as MISC; pronouns and agents ("Chinese police") are
    /// not names and are left out. The pipeline makes no other MISC, so `micro` is the average
    /// over PER, ORG and LOC; MISC has its row where the gold file uses it.
    ///
    /// With --model-only: the trained model alone on the gold tokens, its PER / ORG / LOC /
    /// MISC spans against the gold tags (`micro` over every type the gold file uses).
    ///
    /// In both modes types the gold file never uses are not scored (so a set without MISC is not
    /// penalised for demonyms), and the JSON has `per_org_loc` (the figure PER+ORG+LOC of
    /// scripts/floors.py). With --fine: the whole pipeline on each sentence, its fine types mapped to CrossNER's
    /// (politician = Official, person = Person, country = Country, location = Location,
    /// organisation and politicalparty = Organization, which our Agency, Company, MediaOutlet
    /// and Organization all count as); other gold types (event, election, misc) are ignored.
    #[command(after_help = "Examples:
  newsgraph eval ner --gold ../shared/data/conll2003/eng.testa
  newsgraph eval ner --gold ../shared/data/conll2003/eng.testa --errors errors.jsonl
  newsgraph eval ner --model-only --gold ../shared/data/conll2003/eng.testa
  newsgraph eval ner --fine --gold ../shared/data/crossner-politics/dev.txt --json")]
    Ner {
        /// Gold files
        #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
        gold: Vec<PathBuf>,
        /// Score the model alone on the gold tokens, not the pipeline
        #[arg(long, conflicts_with = "fine")]
        model_only: bool,
        /// Score the pipeline's fine types (Official, Person, Country, Location, Organization)
        #[arg(long)]
        fine: bool,
        /// Print the scores as JSON on stdout
        #[arg(long)]
        json: bool,
        /// Also write the pipeline's mistakes to FILE, one JSON object per line: gold entities
        /// missed, typed wrong or found with other boundaries, and spurious predictions, each
        /// with its line (line 0 is the headline; with --fine, each sentence is a document of
        /// one line, 0, and the types are the fine classes)
        #[arg(long, value_name = "FILE", conflicts_with = "model_only")]
        errors: Option<PathBuf>,
    },
    /// Score quotations and their speakers against attribution annotations (PolNeAR)
    ///
    /// DIR holds `attributions/*.ann` (brat standoff: Source / Cue / Content spans tied by
    /// `E1 Attribution:T4 Content:T3 Cue:T2 Source:T1` lines; code point offsets, `;` between the
    /// pieces of a discontinuous span) and `text/*.txt`. An article annotated by several people
    /// (`<article>_<annotator>.ann`) is scored against the first file by name. Each article runs
    /// through the whole pipeline, read as `extract` reads it.
    ///
    /// A predicted quote matches a gold content when they share at least 0.3 (and, in a second
    /// row, 0.8) of the words of the longer one (words: runs of letters and digits; a
    /// discontinuous span is the union of its pieces), one to one, best overlaps first.
    /// Precision = matched / predicted, recall = matched / gold. Speaker accuracy, over matched
    /// quotes whose gold has a source (n): the predicted speaker span, or a mention of the
    /// speaker's entity, overlaps the gold source. Gold without a source is counted apart.
    ///
    /// Subsets: all; direct (and mixed: the gold content holds a quotation mark); speech (the
    /// gold cue is a verb or phrase of the speech lexicon, data/lexicons/speech_verbs.txt, in any
    /// inflection). A prediction counts in a subset's precision when the gold it matched, or else
    /// the gold it overlaps most, is in the subset; one overlapping no gold counts in `direct`
    /// when it is a direct or mixed quote and in `speech` when its cue is in the lexicon.
    ///
    /// A bad .ann file (with its line), a missing text file, or span texts that are not the text
    /// at their offsets are reported and cost their article only (exit code 1). --json rows are
    /// named `<subset>_<overlap>` (all_03, direct_08, ...) so that scripts/floors.py reads
    /// `micro` (all_03's F1), a row name (its F1) and `<row>/speaker` (its speaker accuracy).
    #[command(after_help = "Examples:
  newsgraph eval quotes --gold ../shared/data/polnear/dev
  newsgraph eval quotes --gold ../shared/data/polnear/dev --json \\
      | scripts/floors.py all_03=0.3 direct_03=0.5 direct_03/speaker=0.6")]
    Quotes {
        /// A folder with attributions/ and text/ (a PolNeAR split)
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// Print the scores as JSON on stdout
        #[arg(long)]
        json: bool,
        /// Also write every mistake at overlap 0.3 to FILE, one JSON object per line: gold
        /// attributions missed, predictions matching none, matched quotes with the wrong speaker
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
    },
    /// Score opposes / partnersWith relations against CAMEO-coded events (PETRARCH records)
    ///
    /// FILE holds PETRARCH validation records: `<Sentence id=... date=...>` with
    /// `<EventCoding sourcecode=... targetcode=... eventcode=...>` (or noevents) and `<Text>`,
    /// read record by record (junk between records is ignored; a malformed record is reported
    /// with its line and skipped, exit code 1). Each record's text runs through the whole
    /// pipeline as one article. The actor dictionary (PETRARCH format: `NAME [CODE]`, `+SYNONYM`,
    /// tab-indented date restrictions) adds its actors to the gazetteer and gives each entity
    /// its CAMEO codes; countries also get their CAMEO (ISO alpha-3) code.
    ///
    /// CAMEO roots 03-08 are partnersWith, 11-20 opposes; other roots are not scored, and a
    /// record is scored when it expects an event of those families. At each agreement level,
    /// gold events and positive relations are matched one to one: family; family_source (the
    /// subject has the source's country, the first three letters of its code);
    /// family_source_target (and the object the target's; partnersWith either way round);
    /// strict (whole codes). A repeated or mirrored gold event counts once. Relations in
    /// records without a scored event are counted as false alarms.
    ///
    /// --json rows are named for scripts/floors.py: `micro` is family_source_target over both
    /// families; `opposes` and `partnersWith` their own family_source_target F1; `family`,
    /// `family_source`, `strict` over both; `<family>_<level>` for one family.
    #[command(after_help = "Examples:
  newsgraph eval events --gold ../shared/data/petrarch2-unittest/PETR.UnitTest.records.xml
  newsgraph eval events --gold ../shared/data/petrarch2-unittest/PETR2_GSR_validation.xml \\
      --json --errors gsr-errors.jsonl | scripts/floors.py micro=0.055 family=0.085")]
    Events {
        /// A PETRARCH validation records file
        #[arg(long, value_name = "FILE")]
        gold: PathBuf,
        /// The PETRARCH actor dictionary [default: PETR.Validate.actors.txt beside FILE, when
        /// there; else countries are coded from the gazetteer alone]
        #[arg(long, value_name = "FILE")]
        actors: Option<PathBuf>,
        /// Print the scores as JSON on stdout
        #[arg(long)]
        json: bool,
        /// Also write every record with a disagreement (at family + source + target) or a false
        /// alarm to FILE, one JSON object per line: text, expected events, relations found
        /// with names, codes and cue, and the entities found
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
    },
    /// Score person -> organisation affiliations against CoNLL04 Work_For and KBP37 relations
    ///
    /// What is scored: the pipeline's roles that name an organisation ("Jane Roe, chief executive
    /// of Acme", "Acme's chairman John Doe"), one pair per person and organisation, with the whole
    /// pipeline run on each gold sentence as the body of one article.
    ///
    /// Gold files, told apart by content: CoNLL04 as SpERT distributes it (a JSON array of
    /// {tokens, tags, relations}: BILOU tags typed Peop / Org / Loc / Other, relations {head, tail,
    /// type} indexing the entities in tag order; gold = Work_For from a Peop to an Org; the text
    /// is the tokens joined by single spaces) or KBP37 (`ID<TAB>"... <e1> X </e1> ... <e2> Y </e2>
    /// ..."`, then the label line, then a blank line; gold = per:employee_of and
    /// org:top_members/employees, the other way round; org:members is between organisations and
    /// is not scored; the text leaves the markers out). A malformed item is reported with its
    /// file and item number (or line) and costs that item only (exit code 1).
    ///
    /// A predicted pair matches a gold pair exactly when a mention of the person has the gold
    /// person's span and a mention of the organisation the gold organisation's, after a leading
    /// "the " / "The " and a final "." are trimmed from either ("the Institute of Mechanics" =
    /// "Institute of Mechanics"; CoNLL04 keeps the sentence's full stop on its last word); the `overlap` rows need only overlapping spans. Gold and predicted pairs are
    /// matched one to one. Precision = matched / all predicted pairs, also those in sentences
    /// without gold (counted apart: KBP37 annotates one pair per sentence, so its precision is a
    /// lower bound); recall = matched / gold.
    ///
    /// --json rows are named for scripts/floors.py: `micro` = exact F1 over all files; `exact`
    /// (the same) and `overlap` over all files; per file `<name>` (exact) and `<name>_overlap`,
    /// where the name is the file's stem with its folder's name before it unless the stem holds
    /// it (conll04_dev, kbp37_test).
    #[command(after_help = "Examples:
  newsgraph eval relations --gold ../shared/data/conll04/conll04_dev.json
  newsgraph eval relations --gold ../shared/data/conll04/conll04_test.json \\
      ../shared/data/kbp37/test.txt --errors misses.jsonl
  newsgraph eval relations --json --gold ../shared/data/conll04/conll04_test.json \\
      | scripts/floors.py micro=0.335 overlap=0.37")]
    Relations {
        /// Gold files (CoNLL04 JSON, KBP37 text)
        #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
        gold: Vec<PathBuf>,
        /// Print the scores as JSON on stdout
        #[arg(long)]
        json: bool,
        /// Also write every sentence with a gold pair missed or a pair matching none (exact
        /// agreement) to FILE, one JSON object per line: text, gold pairs, predicted pairs with
        /// names, organisation type and the roles' titles, and the entities found
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
    },
}

/// How `ingest` and `extract` walk directories (ripgrep's and fd's conventions and flag names).
#[derive(clap::Args, Debug, Clone, Copy)]
pub(crate) struct WalkArgs {
    /// Also read hidden files and folders (names starting with `.`) in directories
    #[arg(long, short = 'H')]
    hidden: bool,
    /// Also read files that .gitignore, .ignore and git's exclude files leave out
    #[arg(long)]
    no_ignore: bool,
    /// Follow symbolic links inside directories (loops are detected and skipped)
    #[arg(long, short = 'L')]
    follow: bool,
}

impl WalkArgs {
    fn options(self) -> newsgraph_extract::input::WalkOptions {
        newsgraph_extract::input::WalkOptions {
            hidden: self.hidden,
            no_ignore: self.no_ignore,
            follow: self.follow,
            all_xml: false,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExtractFormat {
    Json,
    Turtle,
    Nquads,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum QueryFormat {
    Table,
    Json,
    Csv,
    Tsv,
    Xml,
    Turtle,
    Ntriples,
    Nquads,
    Jsonld,
}

impl From<QueryFormat> for OutputFormat {
    fn from(f: QueryFormat) -> Self {
        match f {
            QueryFormat::Table => OutputFormat::Table,
            QueryFormat::Json => OutputFormat::Json,
            QueryFormat::Csv => OutputFormat::Csv,
            QueryFormat::Tsv => OutputFormat::Tsv,
            QueryFormat::Xml => OutputFormat::Xml,
            QueryFormat::Turtle => OutputFormat::Turtle,
            QueryFormat::Ntriples => OutputFormat::NTriples,
            QueryFormat::Nquads => OutputFormat::NQuads,
            QueryFormat::Jsonld => OutputFormat::JsonLd,
        }
    }
}

pub fn main() -> ExitCode {
    tune_allocator();
    raise_open_file_limit();
    let cli = Cli::parse();
    // before any store is opened: the cache is made at the first opening
    let cache_mb = cli.cache_mb.unwrap_or(match cli.command {
        Command::Serve { .. } => 64,
        _ => 16,
    });
    oxigraph::store::set_block_cache_capacity(cache_mb.max(1) << 20);
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(Exit::Fatal as u8)
        }
    }
}

/// glibc's malloc raises its mmap threshold each time a large block is freed, so that the
/// megabyte-sized buffers of a large article (tokens, parse, RocksDB's memtables and compaction
/// buffers) end up inside thread arenas, which keep the pages after they are freed. A fixed
/// threshold of 1 MB gives every such buffer its own mapping, returned when it is freed: the
/// peak memory of ingesting a 1 MB quote-heavy article drops by about 13 MB (to under 50 times
/// its size above the process's own), the BBC corpus's by about 13 MB, for some more system
/// time in page faults (figures in the README, Reliability).
/// A reader opens every table file of a store when it opens it (so that files a writer
/// deletes meanwhile stay readable, see `vendor/README.md`): the soft limit on open files goes
/// up to the hard one, as a large store has thousands.
fn raise_open_file_limit() {
    #[cfg(unix)]
    // SAFETY: getrlimit and setrlimit read and write a struct this function owns
    unsafe {
        let mut l = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) == 0 && l.rlim_cur < l.rlim_max {
            l.rlim_cur = l.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &l);
        }
    }
}

fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}

/// A remote store's local state (see `--endpoint`) holds the entities and what resolution
/// reads, not the graph: the commands that read the graph are sent to the remote store, and the
/// name look-ups say what they read.
fn check_local_state(cli: &Cli) -> anyhow::Result<()> {
    if cli.remote.endpoint.is_some() {
        return Ok(());
    }
    let Some(url) = newsgraph_graph::storedir::mirror_of(&cli.store)? else {
        return Ok(());
    };
    match cli.command {
        Command::Entity { .. } | Command::Entities { .. } => {
            if !cli.quiet {
                eprintln!(
                    "note: {} is the local state of the remote store {url}: entities and their names, not the articles' facts (quotes, relations, roles), which are in that store",
                    cli.store.display()
                );
            }
            Ok(())
        }
        Command::Query { .. }
        | Command::Stats { .. }
        | Command::Export(_)
        | Command::Why { .. }
        | Command::Timeline { .. }
        | Command::Serve { .. } => anyhow::bail!(
            "{}: is the local state of the remote store {url}, which holds the graph: give --endpoint {url} (query, stats, export), or read the graph where that store serves it",
            cli.store.display()
        ),
        // writers open the store and refuse it themselves; the others do not read it
        _ => Ok(()),
    }
}

fn run(cli: Cli) -> anyhow::Result<Exit> {
    if cli.remote.endpoint.is_some()
        && !matches!(
            cli.command,
            Command::Ingest { .. }
                | Command::Remove { .. }
                | Command::Query { .. }
                | Command::Stats { .. }
                | Command::Export(_)
        )
    {
        anyhow::bail!(
            "--endpoint applies to ingest, remove, query, stats and export; this command reads the embedded store (--store)"
        );
    }
    check_local_state(&cli)?;
    match &cli.command {
        Command::Ingest {
            paths,
            json,
            walk,
            commit_every,
        } => ingest(&cli, paths, *json, *walk, *commit_every),
        Command::Watch { dirs, args } => watch::watch(&cli, dirs, args),
        Command::Extract {
            paths,
            format,
            output,
            walk,
        } => extract(&cli, paths, *format, output.as_deref(), *walk),
        Command::Load(args) => rdf::load(&cli, args),
        Command::Update(args) => rdf::update(&cli, args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
        Command::Query {
            sparql,
            file,
            format,
            output,
            limit_rows,
            timeout,
            max_memory,
        } => query::query(
            &cli,
            query::QueryArgs {
                sparql: sparql.as_deref(),
                file: file.as_deref(),
                format: *format,
                output: output.as_deref(),
                limit_rows: *limit_rows,
                timeout: *timeout,
                max_memory: *max_memory,
            },
        ),
        Command::Stats { json } => query::stats(&cli, *json),
        Command::Train(TrainCommand::Ner {
            train,
            dev,
            output,
            epochs,
            seed,
            min_count,
            clusters,
            json,
        }) => ner::train(
            &cli,
            ner::TrainArgs {
                train,
                dev: dev.as_deref(),
                output,
                epochs: *epochs,
                seed: *seed,
                min_count: *min_count,
                clusters: clusters.as_deref(),
                json: *json,
            },
        ),
        Command::Train(TrainCommand::Clusters {
            input,
            output,
            depth,
            max_words,
            min_count,
        }) => ner::clusters(
            &cli,
            input,
            output,
            newsgraph_extract::ner::clusters::ClusterConfig {
                depth: *depth,
                max_words: *max_words,
                min_count: *min_count,
                ..Default::default()
            },
        ),
        Command::Eval(EvalCommand::Ner {
            gold,
            model_only,
            fine,
            json,
            errors,
        }) => {
            let mode = if *fine {
                ner::EvalMode::Fine
            } else if *model_only {
                ner::EvalMode::ModelOnly
            } else {
                ner::EvalMode::Pipeline
            };
            ner::eval(&cli, gold, mode, *json, errors.as_deref())
        }
        Command::Eval(EvalCommand::Quotes { gold, json, errors }) => {
            evalquotes::eval(&cli, gold, *json, errors.as_deref())
        }
        Command::Eval(EvalCommand::Events {
            gold,
            actors,
            json,
            errors,
        }) => evalevents::eval(&cli, gold, actors.as_deref(), *json, errors.as_deref()),
        Command::Eval(EvalCommand::Relations { gold, json, errors }) => {
            evalrelations::eval(&cli, gold, *json, errors.as_deref())
        }
        Command::Entity {
            name,
            types,
            limit,
            items,
            json,
        } => explore::entity(&cli, name, types, *limit, *items, *json),
        Command::Why { a, b, items, json } => why::why(&cli, a, b, *items, *json),
        Command::Timeline {
            entity,
            since,
            until,
            offset,
            limit,
            json,
        } => why::timeline(
            &cli,
            entity,
            (since.as_deref(), until.as_deref()),
            newsgraph_graph::explain::Page {
                offset: *offset,
                limit: *limit,
            },
            *json,
        ),
        Command::Serve {
            bind,
            timeout,
            max_rows,
            max_body,
            cors,
            allow_write,
            token,
            watch_dirs,
            watch_args,
        } => {
            if watch_dirs.is_empty() && watch_args.any_given() {
                anyhow::bail!("--remove-deleted, --debounce and --poll apply to --watch DIR: name the folders to watch");
            }
            serve::serve(
                &cli,
                newsgraph_serve::Config {
                    store: cli.store.clone(),
                    bind: *bind,
                    timeout: std::time::Duration::from_secs(*timeout),
                    max_rows: *max_rows,
                    max_body: *max_body,
                    cors: cors.clone(),
                    allow_write: *allow_write,
                    token: token.clone(),
                    watch: if watch_dirs.is_empty() {
                        None
                    } else {
                        Some(newsgraph_serve::WatchConfig {
                            dirs: watch_dirs.clone(),
                            options: watch_args.options()?,
                        })
                    },
                },
            )
        }
        Command::Entities {
            types,
            sort,
            limit,
            json,
        } => explore::entities(
            &cli,
            types,
            match sort {
                SortBy::Mentions => newsgraph_graph::lookup::Sort::Mentions,
                SortBy::Name => newsgraph_graph::lookup::Sort::Name,
            },
            *limit,
            *json,
        ),
        Command::Remove { articles, json } => explore::remove(&cli, articles, *json),
        Command::Export(args) => export_command(&cli, args),
        Command::Parse {
            input,
            conllu,
            parser,
            output,
        } => parse::parse(
            input.as_deref(),
            *conllu,
            parser.as_deref(),
            output.as_deref(),
        ),
        Command::Train(TrainCommand::Parser {
            train,
            dev,
            output,
            tagger_epochs,
            parser_epochs,
            seed,
            json,
        }) => parse::train(
            &cli,
            parse::TrainArgs {
                train,
                dev: dev.as_deref(),
                output,
                tagger_epochs: *tagger_epochs,
                parser_epochs: *parser_epochs,
                seed: *seed,
                json: *json,
            },
        ),
        Command::Eval(EvalCommand::Parser {
            gold,
            parser,
            docs,
            json,
        }) => parse::eval(&cli, gold, parser.as_deref(), docs.as_deref(), *json),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SortBy {
    /// Most articles first
    Mentions,
    /// Alphabetical
    Name,
}

fn export_command(cli: &Cli, args: &export::ExportArgs) -> anyhow::Result<Exit> {
    let remote = cli.remote.remote()?;
    // the name index (from the embedded store, or from a remote store's local state in
    // --store) finds the entity --entity names
    let opened = match (&remote, &args.entity) {
        (Some(_), None) => None,
        _ => Some(explore::open_index(cli)?),
    };
    let center = match (&args.entity, &opened) {
        (None, _) | (_, None) => None,
        (Some(name), Some((_, ix))) => match explore::check_name(name)
            .map(|()| ix.search(name, &[], 1))?
            .first()
        {
            Some(h) => Some(oxigraph::model::NamedNode::new(h.entry.iri.clone())?),
            None => {
                let s: Vec<String> = ix
                    .suggestions(name, 5)
                    .iter()
                    .map(|e| e.label.clone())
                    .collect();
                eprintln!("no entity matches '{name}'");
                if !s.is_empty() {
                    eprintln!("did you mean: {}?", s.join(", "));
                }
                return Ok(Exit::Partial);
            }
        },
    };
    let source = match (&remote, &opened) {
        (Some(r), _) => export::Source::Remote(r),
        (None, Some((store, _))) => export::Source::Local(store),
        (None, None) => anyhow::bail!("no store to export from"),
    };
    export::run(source, args, center, cli.quiet)?;
    Ok(Exit::Ok)
}

fn load_resources(cli: &Cli) -> anyhow::Result<Resources> {
    let extra: Vec<&Path> = cli.gazetteer.iter().map(PathBuf::as_path).collect();
    Resources::load(&extra).context("loading gazetteers and lexicons")
}

/// The --model file, or the built-in model.
fn load_model(cli: &Cli, res: &Resources) -> anyhow::Result<NerModel> {
    match &cli.model {
        Some(p) => Ok(NerModel::load(p, res)?),
        None => Ok(NerModel::builtin(res)?),
    }
}

fn load_pipeline(cli: &Cli) -> anyhow::Result<Pipeline> {
    let res = load_resources(cli)?;
    let model = load_model(cli, &res)?;
    Ok(Pipeline::with_model(Arc::new(res), Some(Arc::new(model)))
        .with_max_article_bytes(cli.max_article_bytes))
}

fn progress(cli: &Cli, len: usize) -> indicatif::ProgressBar {
    if cli.quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} files {msg}",
        )
        .expect("static template")
        .progress_chars("=> "),
    );
    bar
}

/// `-` as a path: stdin for an input, stdout for an output (never a file named `-`).
fn is_stdio(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// Refuse an output file inside a store directory (it would damage the store).
fn check_output(output: Option<&Path>) -> anyhow::Result<()> {
    if let Some(p) = output.filter(|p| !is_stdio(p)) {
        newsgraph_graph::storedir::check_output(p)?;
    }
    Ok(())
}

/// The file to write, or stdout for none or `-`.
fn open_output(output: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    check_output(output)?;
    Ok(match output.filter(|p| !is_stdio(p)) {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Write a whole file (a model, clusters), or to stdout for `-` (never binary data to a
/// terminal).
fn write_whole(output: &Path, bytes: &[u8], binary: bool) -> anyhow::Result<()> {
    check_output(Some(output))?;
    if !is_stdio(output) {
        return std::fs::write(output, bytes)
            .with_context(|| format!("cannot write {}", output.display()));
    }
    if binary && std::io::stdout().is_terminal() {
        anyhow::bail!("not writing a binary model to a terminal: redirect stdout, or give -o FILE");
    }
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

fn ingest(
    cli: &Cli,
    paths: &[PathBuf],
    json: bool,
    walk: WalkArgs,
    commit_every: usize,
) -> anyhow::Result<Exit> {
    let pipeline = load_pipeline(cli)?;
    // directories are walked here, with the user's walk options; ingest gets the files
    let found = newsgraph_extract::input::collect_files_with(paths, walk.options());
    for w in &found.warnings {
        eprintln!("warning: {w}");
    }
    for e in &found.errors {
        eprintln!("error: {e}");
    }
    let mut bar = indicatif::ProgressBar::hidden();
    let remote = cli.remote.remote()?;
    let target = match &remote {
        Some(r) => format!(
            "{} (local state {})",
            newsgraph_graph::mirror::Mirror::name(r),
            cli.store.display()
        ),
        None => cli.store.display().to_string(),
    };
    let options = match remote {
        Some(r) => newsgraph_graph::ingest::IngestOptions::with_mirror(std::sync::Arc::new(r)),
        None => newsgraph_graph::ingest::IngestOptions {
            bulk_quads: commit_every,
            ..newsgraph_graph::ingest::IngestOptions::default()
        },
    };
    let mut summary = newsgraph_graph::ingest::ingest_with(
        &cli.store,
        &pipeline,
        &found.files,
        &options,
        |event| match event {
            IngestEvent::Started { files } => bar = progress(cli, files),
            IngestEvent::Failed(f) => bar.suspend(|| eprintln!("error: {f}")),
            IngestEvent::Warning(w) => bar.suspend(|| eprintln!("warning: {w}")),
            IngestEvent::FilesDone(n) => bar.inc(n as u64),
        },
    )?;
    summary.failed += found.errors.len();
    bar.finish_and_clear();
    if let Some(e) = &summary.stopped {
        // one error, however many articles were left: a full disk stays full
        eprintln!("error: {e}");
    }
    if json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &summary)?;
        writeln!(out)?;
    }
    if !cli.quiet || summary.stopped.is_some() {
        eprintln!(
            "{} {} file(s) into {}: {} new, {} changed, {} unchanged, {} failed; {} entities, {} relations, {} quotes; {} quads written; {:.2}s",
            if summary.stopped.is_some() {
                "stopped; committed before the error, of"
            } else {
                "ingested"
            },
            summary.files,
            target,
            summary.articles_new,
            summary.articles_changed,
            summary.articles_unchanged,
            summary.failed,
            summary.entities,
            summary.relations,
            summary.quotes,
            summary.quads_written,
            summary.seconds
        );
    }
    if summary.stopped.is_some() {
        return Ok(Exit::Fatal);
    }
    let done = summary.articles_new + summary.articles_changed + summary.articles_unchanged;
    Ok(Exit::of_batch(summary.failed, done))
}

fn extract(
    cli: &Cli,
    paths: &[PathBuf],
    format: ExtractFormat,
    output: Option<&Path>,
    walk: WalkArgs,
) -> anyhow::Result<Exit> {
    let pipeline = load_pipeline(cli)?;
    let found = newsgraph_extract::input::collect_files_with(paths, walk.options());
    let files = found.files;
    let mut failed = found.errors.len();
    let mut done = 0usize;
    for w in &found.warnings {
        eprintln!("warning: {w}");
    }
    for e in &found.errors {
        eprintln!("error: {e}");
    }
    let mut out = open_output(output)?;
    let bar = progress(cli, files.len());
    for chunk in files.chunks(64) {
        let mut docs = Vec::new();
        for r in read_files(chunk) {
            match r {
                Ok(doc) => {
                    for w in &doc.meta.warnings {
                        bar.suspend(|| eprintln!("warning: {w}"));
                    }
                    docs.push(doc)
                }
                Err(e) => {
                    bar.suspend(|| eprintln!("error: {e}"));
                    failed += 1;
                }
            }
        }
        for d in pipeline.run_all(docs) {
            match d {
                Ok(doc) => {
                    write_extract(&doc, pipeline.fingerprint(), format, &mut out)?;
                    done += 1;
                }
                Err(e) => {
                    bar.suspend(|| eprintln!("error: {e}"));
                    failed += 1;
                }
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    out.flush()?;
    Ok(Exit::of_batch(failed, done))
}

fn write_extract(
    doc: &Document,
    fingerprint: &str,
    format: ExtractFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        ExtractFormat::Json => {
            serde_json::to_writer(&mut *out, &json::record(doc))?;
            writeln!(out)?;
        }
        ExtractFormat::Turtle | ExtractFormat::Nquads => {
            let ag = graph::build(doc, fingerprint);
            let quads = ag.meta.iter().cloned().chain(ag.facts.to_quads()).chain(
                ag.entities
                    .iter()
                    .flat_map(|r| graph::entity_quads(r, true)),
            );
            if matches!(format, ExtractFormat::Turtle) {
                // Turtle has no graphs: the article's triples, merged
                let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
                for (p, ns) in newsgraph_graph::vocab::PREFIXES {
                    ser = ser.with_prefix(*p, *ns)?;
                }
                let mut w = ser.for_writer(&mut *out);
                for q in quads {
                    w.serialize_triple(&Triple::from(q))?;
                }
                w.finish()?;
            } else {
                let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut *out);
                for q in quads {
                    w.serialize_quad(&q)?;
                }
                w.finish()?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
