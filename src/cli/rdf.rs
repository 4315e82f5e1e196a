//! `load` (reference RDF into a graph of its own) and `update` (SPARQL 1.1 Update): the two
//! commands that write RDF the user wrote, not articles.

use std::path::{Path, PathBuf};

use anyhow::Context;
use newsgraph_graph::load::{default_graph, format_of, load as load_rdf};
use newsgraph_graph::lookup::NameIndex;
use newsgraph_graph::store::GraphStore;
use newsgraph_graph::Error;
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;

use super::{Cli, Exit};

#[derive(clap::Args, Debug)]
#[command(
    long_about = "Load reference RDF (a country list, a Wikidata extract, an organisation register) into a named graph of its own, next to the news graph.

The graph is GRAPH, else https://w3id.org/newsgraph/graph/load/<file name without extension>; loading into it again replaces it (one transaction: a file with a syntax error changes nothing). Every triple goes into that graph, also those a TriG, N-Quads or JSON-LD file puts in named graphs. Queries see loaded graphs like any other (the union default graph); entity resolution, the name index, `entity` and `entities` never read them. A file using the terms resolution reads (ng:mentions, ng:articleType, ng:articleName, ng:entity) is refused: it is a newsgraph dump, and its articles belong in `ingest`. The format comes from the extension (.ttl, .nt, .nq, .trig, .jsonld, .rdf, .owl, .n3) or --format.",
    after_help = "Examples:
  newsgraph load countries.ttl                  into <https://w3id.org/newsgraph/graph/load/countries>
  newsgraph load wd-extract.nt --graph https://example.org/wikidata
  curl -s https://example.org/register.ttl | newsgraph load - --format turtle --graph https://example.org/register
  newsgraph query 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(<https://w3id.org/newsgraph/graph/load/>))) } GROUP BY ?g'"
)]
pub struct LoadArgs {
    /// The RDF file (`-`: stdin, with --format)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The named graph to (re)place the triples in [default: graph/load/<file stem>]
    #[arg(long, value_name = "IRI")]
    graph: Option<String>,
    /// The file's format, when its extension does not say
    #[arg(long, value_enum)]
    format: Option<LoadFormat>,
    /// Print what was loaded as JSON on stdout
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum LoadFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
    N3,
}

impl From<LoadFormat> for RdfFormat {
    fn from(f: LoadFormat) -> Self {
        match f {
            LoadFormat::Turtle => RdfFormat::Turtle,
            LoadFormat::Ntriples => RdfFormat::NTriples,
            LoadFormat::Nquads => RdfFormat::NQuads,
            LoadFormat::Trig => RdfFormat::TriG,
            LoadFormat::Jsonld => RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
            LoadFormat::Rdfxml => RdfFormat::RdfXml,
            LoadFormat::N3 => RdfFormat::N3,
        }
    }
}

#[derive(clap::Args, Debug)]
#[command(
    long_about = "Change the store with a SPARQL 1.1 Update, for corrections: INSERT DATA, DELETE DATA, DELETE/INSERT ... WHERE, CLEAR GRAPH, ...

The update comes from the argument, from --file (`-`: stdin) or from stdin, with newsgraph's prefixes predeclared, and runs in one transaction that also changes the store's revision, so the name index behind `entity` and `entities` is rebuilt (here, at once). Unlike `query`, an update's WHERE sees only the default graph, as SPARQL Update defines it, and newsgraph keeps nothing there: name the graphs (GRAPH ?g { ... }; entities live in <https://w3id.org/newsgraph/graph/entities>, each article's facts in its own graph). Triples inserted without GRAPH go into the default graph: `query` sees them (it queries the union of all graphs) but `entity` and `entities` do not; corrections to entities go into the entity graph. An article re-ingested with new content replaces its own graph, so corrections to an article's facts last until then; corrections in the entity graph are recomputed when an article mentioning the entity is ingested again or removed.",
    after_help = "Examples:
  newsgraph update 'DELETE DATA { GRAPH <https://w3id.org/newsgraph/graph/entities> { ent:person/jane-roe skos:altLabel \"J. Roe\" } }'
  newsgraph update 'INSERT { GRAPH <https://w3id.org/newsgraph/graph/entities> { ?e schema:sameAs wd:Q42 } } WHERE { GRAPH <https://w3id.org/newsgraph/graph/entities> { ?e skos:prefLabel \"Douglas Adams\" } }'
  newsgraph update --file fixes.ru"
)]
pub struct UpdateArgs {
    /// The SPARQL update (omit to read --file or stdin)
    sparql: Option<String>,
    /// Read the update from FILE (`-`: stdin)
    #[arg(long, value_name = "FILE", conflicts_with = "sparql")]
    file: Option<PathBuf>,
}

/// A store to write: it must exist already (a load or update never creates one by mistake).
fn open_existing(dir: &Path) -> anyhow::Result<GraphStore> {
    if !newsgraph_graph::storedir::is_store(dir) {
        anyhow::bail!(
            "store {}: no store here (run `newsgraph ingest` first, or pass --store)",
            dir.display()
        );
    }
    Ok(GraphStore::open(dir)?)
}

pub fn load(cli: &Cli, a: &LoadArgs) -> anyhow::Result<Exit> {
    let stdin = super::is_stdio(&a.file);
    let format: RdfFormat = match (a.format, format_of(&a.file)) {
        (Some(f), _) => f.into(),
        (None, Some(f)) => f,
        (None, None) => anyhow::bail!(
            "{}: unknown RDF format; name it with --format (turtle, ntriples, nquads, trig, jsonld, rdfxml, n3)",
            a.file.display()
        ),
    };
    let graph = match &a.graph {
        Some(g) => {
            NamedNode::new(g.as_str()).with_context(|| format!("--graph {g}: not an IRI"))?
        }
        None if stdin => anyhow::bail!("loading stdin needs --graph IRI"),
        None => default_graph(&a.file),
    };
    newsgraph_graph::load::check_graph(&graph)?;
    let origin = if stdin {
        "<stdin>".to_string()
    } else {
        a.file.display().to_string()
    };
    let input: Box<dyn std::io::Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(&a.file).with_context(|| format!("cannot read {origin}"))?,
        ))
    };
    let store = open_existing(&cli.store)?;
    let loaded = match load_rdf(&store, input, &origin, format, &graph) {
        Ok(l) => l,
        Err(e @ (Error::Extract(_) | Error::Output(_))) => {
            eprintln!("error: {e}");
            eprintln!("nothing was loaded; the store is as it was");
            return Ok(Exit::Fatal);
        }
        Err(e) => return Err(e.into()),
    };
    // the revision changed: the name index is rebuilt now rather than at the next look-up
    NameIndex::refresh(&store).context("rebuilding the name index")?;
    if a.json {
        println!("{}", serde_json::to_string(&loaded)?);
    }
    if !cli.quiet {
        eprintln!(
            "loaded {} triple(s) from {origin} into <{}>{}",
            loaded.triples,
            loaded.graph,
            if loaded.merged_graphs > 0 {
                format!(
                    " ({} named graph(s) of the file merged into it)",
                    loaded.merged_graphs
                )
            } else {
                String::new()
            }
        );
    }
    Ok(Exit::Ok)
}

pub fn update(cli: &Cli, a: &UpdateArgs) -> anyhow::Result<Exit> {
    let text = super::query::read_request(a.sparql.as_deref(), a.file.as_deref(), "update")?;
    let store = open_existing(&cli.store)?;
    let (before, after) = match store.update(&text) {
        Ok(n) => n,
        Err(Error::QuerySyntax(msg)) => {
            eprintln!(
                "error: {}",
                super::query::syntax_error(a.file.as_deref(), &msg)
            );
            if let Some(caret) = super::query::caret(&text, &msg) {
                eprintln!("{caret}");
            }
            if msg.contains("SELECT")
                || text.trim_start().to_ascii_uppercase().starts_with("SELECT")
            {
                eprintln!("(a query? run it with `newsgraph query`)");
            }
            return Ok(Exit::Fatal);
        }
        Err(e) => return Err(e.into()),
    };
    // the name index behind `entity` / `entities`: rebuilt now, from the changed store
    NameIndex::refresh(&store).context("rebuilding the name index")?;
    if !cli.quiet {
        eprintln!(
            "updated {}: {before} quads before, {after} after",
            cli.store.display()
        );
    }
    Ok(Exit::Ok)
}
