//! `newsgraph export`: the entity graph as DOT, SVG / PNG (through Graphviz's `dot`), GraphML or
//! node-link JSON, and the store (or one article) as RDF. Loading, filtering and writing are
//! `newsgraph_graph::export`'s; this module parses the options, picks the output, runs `dot`, and
//! reports.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context};
use clap::{Args, ValueEnum};
use newsgraph_extract::document::EntityType;
use newsgraph_graph::export::{self, Edge, ExportFilter, Node, RdfExport, Relation};
use newsgraph_graph::store::GraphStore;
use oxigraph::model::NamedNode;
use petgraph::graph::DiGraph;

/// Examples for `newsgraph export --help`.
pub const AFTER_HELP: &str = "\
Examples:
  newsgraph export -o graph.dot                          the whole entity graph, as DOT
  newsgraph export --format svg -o graph.svg --min-weight 2
  newsgraph export --format png -o china.png --entity China --depth 1
  newsgraph export --format json --type Country,Agency --relation opposes,partners-with
  newsgraph export --format graphml -o 2024.graphml --since 2024-01-01 --until 2024-12-31
  newsgraph export --format turtle -o all.ttl            every graph merged, as triples
  newsgraph export --format nquads --article https://example.com/news/1

Edge weights count the articles that state an edge (within --since / --until). svg and png
need Graphviz's `dot` program (apt-get install graphviz); for large graphs prefer --entity,
--min-weight or a graph tool that reads GraphML or JSON (Gephi, Cytoscape, NetworkX, D3).";

/// Output formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Graphviz DOT source
    Dot,
    /// SVG drawn by Graphviz (needs `dot`)
    Svg,
    /// PNG drawn by Graphviz (needs `dot`)
    Png,
    /// GraphML (Gephi, yEd, Cytoscape, NetworkX)
    Graphml,
    /// Node-link JSON (D3, Cytoscape.js, NetworkX)
    Json,
    /// RDF Turtle: all graphs merged into one set of triples
    Turtle,
    /// RDF N-Quads, with the named graphs
    Nquads,
    /// RDF TriG, with the named graphs
    Trig,
    /// JSON-LD, with the named graphs
    Jsonld,
}

impl ExportFormat {
    fn name(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Json => "json",
            ExportFormat::Turtle => "turtle",
            ExportFormat::Nquads => "nquads",
            ExportFormat::Trig => "trig",
            ExportFormat::Jsonld => "jsonld",
        }
    }
}

/// Options of `newsgraph export`.
#[derive(Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct ExportArgs {
    /// Output format
    ///
    /// dot, svg, png, graphml and json draw the entity graph: one node per entity (labelled,
    /// shaped and coloured by type), one edge per relation between two entities, weighted by
    /// the number of articles that state it. turtle, nquads, trig and jsonld write the RDF
    /// itself: the whole store, or one article with --article.
    #[arg(long, short, value_enum, default_value_t = ExportFormat::Dot)]
    pub format: ExportFormat,

    /// Write to FILE instead of stdout (png needs it when stdout is a terminal)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Only the neighbourhood of this entity (a name or an alias; the best match is used)
    ///
    /// The entities within --depth hops of it, whatever the edges' direction, and the edges
    /// between them. The entity itself is kept even without edges, and whatever its type.
    #[arg(long, value_name = "NAME")]
    pub entity: Option<String>,

    /// Hops from --entity to include [default: 2]
    #[arg(long, value_name = "N", requires = "entity")]
    pub depth: Option<usize>,

    /// Keep only entities of these types (repeatable, or comma-separated)
    ///
    /// Official, Person, Agency, Company, MediaOutlet, Organization, Country, Location, Policy
    /// (any case). An edge is kept when both its entities are.
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',', value_parser = parse_type)]
    pub types: Vec<EntityType>,

    /// Keep only these relations (repeatable, or comma-separated)
    ///
    /// opposes, partnersWith (or partners-with; drawn without direction), memberOf (member-of:
    /// a person's organisation), unitOf (unit-of: an organisation's parent), quoted (a media
    /// outlet relayed the words of someone).
    #[arg(long = "relation", value_name = "RELATION", value_delimiter = ',', value_parser = parse_relation)]
    pub relations: Vec<Relation>,

    /// Drop edges stated by fewer than N articles [default: 1]
    #[arg(long, value_name = "N", value_parser = parse_min_weight)]
    pub min_weight: Option<usize>,

    /// Count only articles published on or after DATE (YYYY-MM-DD)
    ///
    /// With --since or --until, articles without a publication date (or with one that does not
    /// start with YYYY-MM-DD) are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<String>,

    /// Count only articles published on or before DATE (YYYY-MM-DD, inclusive)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<String>,

    /// Leave out `quoted` edges (outlet -> speaker)
    #[arg(long)]
    pub no_quotes: bool,

    /// With an RDF format: only this article (its id, URL, path, 16-hex-digit key or IRI)
    ///
    /// Its metadata, its named graph, and the records of the entities it mentions.
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
}

fn parse_type(s: &str) -> Result<EntityType, newsgraph_graph::Error> {
    export::parse_entity_type(s)
}

fn parse_relation(s: &str) -> Result<Relation, newsgraph_graph::Error> {
    export::parse_relation(s)
}

fn parse_date(s: &str) -> Result<String, newsgraph_graph::Error> {
    export::parse_date(s)
}

fn parse_min_weight(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "`{s}` is not a weight: expected a whole number of articles, 1 or more"
        )),
    }
}

impl ExportArgs {
    /// The first graph option given, for the error when the format is an RDF one.
    fn graph_option(&self) -> Option<&'static str> {
        [
            (self.entity.is_some(), "--entity"),
            (self.depth.is_some(), "--depth"),
            (!self.types.is_empty(), "--type"),
            (!self.relations.is_empty(), "--relation"),
            (self.min_weight.is_some(), "--min-weight"),
            (self.since.is_some(), "--since"),
            (self.until.is_some(), "--until"),
            (self.no_quotes, "--no-quotes"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }

    /// The library filter for these options.
    pub fn filter(&self, center: Option<NamedNode>) -> ExportFilter {
        let default = ExportFilter::default();
        ExportFilter {
            center,
            depth: self.depth.unwrap_or(default.depth),
            types: self.types.clone(),
            relations: self.relations.clone(),
            min_weight: self.min_weight.unwrap_or(default.min_weight),
            since: self.since.clone(),
            until: self.until.clone(),
            quotes: !self.no_quotes,
        }
    }
}

/// Run `export`. `center` is the entity --entity names, resolved by the caller.
pub fn run(
    store: Source<'_>,
    args: &ExportArgs,
    center: Option<NamedNode>,
    quiet: bool,
) -> anyhow::Result<()> {
    let format = args.format;
    let output = args.output.as_deref();
    if format == ExportFormat::Png
        && output.is_none_or(super::is_stdio)
        && std::io::stdout().is_terminal()
    {
        bail!("the png format is binary: write it to a file with -o FILE (or pipe it)");
    }
    type Writer = fn(&DiGraph<Node, Edge>, &mut dyn Write) -> newsgraph_graph::Result<()>;
    let writer: Writer = match format {
        ExportFormat::Dot | ExportFormat::Svg | ExportFormat::Png => export::write_dot,
        ExportFormat::Graphml => export::write_graphml,
        ExportFormat::Json => export::write_json,
        ExportFormat::Turtle => return run_rdf(store, args, RdfExport::Turtle, quiet),
        ExportFormat::Nquads => return run_rdf(store, args, RdfExport::NQuads, quiet),
        ExportFormat::Trig => return run_rdf(store, args, RdfExport::TriG, quiet),
        ExportFormat::Jsonld => return run_rdf(store, args, RdfExport::JsonLd, quiet),
    };
    if args.article.is_some() {
        bail!(
            "--article applies to RDF formats (turtle, nquads, trig, jsonld), not {}",
            format.name()
        );
    }
    if let (Some(name), None) = (&args.entity, &center) {
        bail!("no entity `{name}` in the store");
    }

    let g =
        export::load(store.sparql(), &args.filter(center)).context("loading the entity graph")?;
    if matches!(format, ExportFormat::Svg | ExportFormat::Png) {
        if !quiet && g.node_count() > 2000 {
            eprintln!(
                "note: drawing {} nodes with Graphviz may take a long time; --entity, --min-weight or --type make the graph smaller",
                g.node_count()
            );
        }
        let mut dot = Vec::new();
        writer(&g, &mut dot)?;
        let image = render(&dot, format.name())?;
        write_output(output, |out| Ok(out.write_all(&image)?))?;
    } else {
        write_output(output, |out| Ok(writer(&g, out)?))?;
    }
    if !quiet {
        eprintln!(
            "exported {} nodes, {} edges ({}){}",
            g.node_count(),
            g.edge_count(),
            format.name(),
            to_file(output)
        );
    }
    Ok(())
}

/// Where `export` reads: the embedded store, or a remote one (`--endpoint`).
#[derive(Clone, Copy)]
pub enum Source<'a> {
    Local(&'a GraphStore),
    Remote(&'a newsgraph_remote::Remote),
}

impl Source<'_> {
    fn sparql(&self) -> &dyn newsgraph_graph::mirror::Sparql {
        match self {
            Source::Local(s) => *s,
            Source::Remote(r) => *r,
        }
    }
}

/// Dump the store, or one article (--article), in an RDF format.
fn run_rdf(
    source: Source<'_>,
    args: &ExportArgs,
    rdf: RdfExport,
    quiet: bool,
) -> anyhow::Result<()> {
    let format = args.format.name();
    if let Some(flag) = args.graph_option() {
        bail!("{flag} applies to graph formats (dot, svg, png, graphml, json), not {format}");
    }
    let store = match source {
        Source::Local(s) => s,
        Source::Remote(r) => {
            if args.article.is_some() {
                bail!("--article reads the embedded store: export the article from the store that holds it, or query the remote store for its graph");
            }
            let output = args.output.as_deref();
            let n = write_output(output, |out| {
                Ok(if rdf == RdfExport::Turtle {
                    export::write_rdf_from(r, rdf, out)?
                } else {
                    // graph by graph: no query answer holds the whole store
                    export::write_quads_from(rdf, out, &mut |each| {
                        r.for_each_quad(each).map(|_| ())
                    })?
                })
            })?;
            if !quiet {
                eprintln!(
                    "exported {n} {} ({format}){}",
                    if rdf == RdfExport::Turtle {
                        "triples"
                    } else {
                        "quads"
                    },
                    to_file(output)
                );
            }
            return Ok(());
        }
    };
    let article = match &args.article {
        Some(id) => Some(store.find_article(id)?.ok_or_else(|| {
            anyhow!(
                "no article `{id}` in the store (name it by its id, URL, path, 16-hex-digit key or IRI)"
            )
        })?),
        None => None,
    };
    let output = args.output.as_deref();
    let n = write_output(output, |out| {
        Ok(export::write_rdf(store, rdf, article.as_ref(), out)?)
    })?;
    if !quiet {
        let what = if rdf == RdfExport::Turtle {
            "triples"
        } else {
            "quads"
        };
        eprintln!("exported {n} {what} ({format}){}", to_file(output));
    }
    Ok(())
}

fn to_file(output: Option<&Path>) -> String {
    output
        .filter(|p| !super::is_stdio(p))
        .map_or(String::new(), |p| format!(" to {}", p.display()))
}

/// Write to the file (created, or truncated) or to stdout, buffered. A file left half-written
/// by an error is removed.
fn write_output<T>(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    match output.filter(|p| !super::is_stdio(p)) {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let r = write(&mut out)?;
            out.flush()?;
            Ok(r)
        }
        Some(p) => {
            super::check_output(Some(p))?;
            let file = std::fs::File::create(p)
                .with_context(|| format!("cannot create {}", p.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let r = write(&mut out).and_then(|r| {
                out.flush()?;
                Ok(r)
            });
            if r.is_err() {
                drop(out);
                let _ = std::fs::remove_file(p);
            }
            r.with_context(|| format!("cannot write {}", p.display()))
        }
    }
}

/// Draw DOT source with Graphviz: `dot -T<format>`, the source on its stdin, the image from its
/// stdout.
fn render(dot: &[u8], format: &str) -> anyhow::Result<Vec<u8>> {
    let spawned = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "the {format} format needs Graphviz's `dot` program: install the `graphviz` package (apt-get install graphviz), or use --format dot"
        ),
        Err(e) => return Err(e).context("cannot run Graphviz's `dot`"),
    };
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| anyhow!("cannot write to Graphviz's `dot`"))?;
    // feed the source from another thread while this one collects the output: neither pipe
    // can fill up and block the other
    let (fed, output) = std::thread::scope(|s| {
        let feeder = s.spawn(move || stdin.write_all(dot));
        let output = child.wait_with_output();
        (feeder.join(), output)
    });
    let output = output.context("running Graphviz's `dot`")?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!(
            "Graphviz's `dot -T{format}` failed ({}): {}",
            output.status,
            stderr.trim()
        );
    }
    match fed {
        Ok(r) => r.context("writing to Graphviz's `dot`")?,
        Err(_) => bail!("writing to Graphviz's `dot` failed"),
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct Cli {
        #[command(flatten)]
        args: ExportArgs,
    }

    fn parse(argv: &[&str]) -> Result<ExportArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("export").chain(argv.iter().copied())).map(|c| c.args)
    }

    #[test]
    fn options_parse() {
        let a = parse(&[
            "--type",
            "country,Agency",
            "--type",
            "mediaoutlet",
            "--relation",
            "partners-with,opposes",
            "--min-weight",
            "2",
            "--since",
            "2024-01-01",
            "--entity",
            "China",
            "--depth",
            "1",
            "--no-quotes",
        ])
        .unwrap();
        assert_eq!(
            a.types,
            vec![
                EntityType::Country,
                EntityType::Agency,
                EntityType::MediaOutlet
            ]
        );
        assert_eq!(a.relations, vec![Relation::PartnersWith, Relation::Opposes]);
        let f = a.filter(None);
        assert_eq!((f.depth, f.min_weight, f.quotes), (1, 2, false));
        assert_eq!(a.graph_option(), Some("--entity"));
        let d = parse(&[]).unwrap().filter(None);
        assert_eq!(d, ExportFilter::default());
        assert_eq!(parse(&[]).unwrap().format, ExportFormat::Dot);
    }

    #[test]
    fn bad_options_are_refused() {
        for argv in [
            &["--type", "Planet"][..],
            &["--relation", "likes"],
            &["--since", "2024-02-30"],
            &["--min-weight", "0"],
            &["--depth", "1"], // without --entity
            &["--format", "pdf"],
        ] {
            assert!(parse(argv).is_err(), "{argv:?}");
        }
        let err = parse(&["--since", "March"]).unwrap_err().to_string();
        assert!(err.contains("March") && err.contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn rdf_formats_refuse_graph_options() {
        let store = GraphStore::in_memory().unwrap();
        let store = Source::Local(&store);
        let a = parse(&["--format", "turtle", "--type", "Country"]).unwrap();
        let err = run(store, &a, None, true).unwrap_err().to_string();
        assert_eq!(
            err,
            "--type applies to graph formats (dot, svg, png, graphml, json), not turtle"
        );
        let a = parse(&["--format", "json", "--article", "x"]).unwrap();
        let err = run(store, &a, None, true).unwrap_err().to_string();
        assert!(err.contains("--article applies to RDF formats"), "{err}");
        let a = parse(&["--format", "nquads", "--article", "nope"]).unwrap();
        let err = run(store, &a, None, true).unwrap_err().to_string();
        assert!(err.contains("no article `nope` in the store"), "{err}");
    }

    #[test]
    fn written_files_are_named_in_errors() {
        let err = write_output(Some(Path::new("/nonexistent-dir/x.dot")), |_| Ok(()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("/nonexistent-dir/x.dot"), "{err}");
    }
}
