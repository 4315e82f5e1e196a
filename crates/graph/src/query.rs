//! Writing SPARQL results: W3C result formats through Oxigraph's serializers, RDF formats for
//! CONSTRUCT / DESCRIBE, and a plain table for people.

use std::io::Write;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::error::{Error, Result};
use crate::vocab;

/// Output formats of `query`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
    Tsv,
    Xml,
    Turtle,
    NTriples,
    NQuads,
    JsonLd,
}

fn out_err(e: impl std::fmt::Display) -> Error {
    Error::Output(e.to_string())
}

/// Shorten an IRI with the known prefixes, for tables.
pub fn compact(iri: &str) -> String {
    for (p, ns) in vocab::PREFIXES {
        if let Some(rest) = iri.strip_prefix(ns) {
            if !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_./#=,".contains(c))
            {
                return format!("{p}:{rest}");
            }
        }
    }
    format!("<{iri}>")
}

fn cell(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => compact(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// Write query results. Returns the number of solutions (or 1/0 for ASK, triples for graphs).
pub fn write_results(
    results: QueryResults<'_>,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    match results {
        QueryResults::Solutions(solutions) => {
            let vars: Vec<_> = solutions.variables().to_vec();
            let w3c = match format {
                OutputFormat::Json => Some(QueryResultsFormat::Json),
                OutputFormat::Csv => Some(QueryResultsFormat::Csv),
                OutputFormat::Tsv => Some(QueryResultsFormat::Tsv),
                OutputFormat::Xml => Some(QueryResultsFormat::Xml),
                OutputFormat::Table => None,
                _ => {
                    return Err(Error::Output(
                        "SELECT results are written as table, json, csv, tsv or xml".into(),
                    ))
                }
            };
            let mut n = 0;
            if let Some(f) = w3c {
                let mut w = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(out, vars)
                    .map_err(out_err)?;
                for s in solutions {
                    let s = s.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                    w.serialize(&s).map_err(out_err)?;
                    n += 1;
                }
                w.finish().map_err(out_err)?;
            } else {
                let mut table = comfy_table::Table::new();
                table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
                table.set_header(vars.iter().map(|v| v.as_str().to_string()));
                for s in solutions {
                    let s = s.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                    table.add_row(vars.iter().map(|v| s.get(v).map(cell).unwrap_or_default()));
                    n += 1;
                }
                writeln!(out, "{table}").map_err(out_err)?;
            }
            Ok(n)
        }
        QueryResults::Boolean(b) => {
            let f = match format {
                OutputFormat::Json => QueryResultsFormat::Json,
                OutputFormat::Csv => QueryResultsFormat::Csv,
                OutputFormat::Tsv => QueryResultsFormat::Tsv,
                OutputFormat::Xml => QueryResultsFormat::Xml,
                OutputFormat::Table => {
                    writeln!(out, "{b}").map_err(out_err)?;
                    return Ok(usize::from(b));
                }
                _ => {
                    return Err(Error::Output(
                        "ASK results are written as table, json, csv, tsv or xml".into(),
                    ))
                }
            };
            QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(out, b)
                .map_err(out_err)?;
            Ok(usize::from(b))
        }
        QueryResults::Graph(triples) => {
            let f = match format {
                OutputFormat::Turtle | OutputFormat::Table => RdfFormat::Turtle,
                OutputFormat::NTriples => RdfFormat::NTriples,
                OutputFormat::NQuads => RdfFormat::NQuads,
                OutputFormat::JsonLd => RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() },
                _ => return Err(Error::Output("CONSTRUCT / DESCRIBE results are written as turtle, ntriples, nquads or jsonld".into())),
            };
            let mut ser = RdfSerializer::from_format(f);
            if matches!(f, RdfFormat::Turtle) {
                for (p, ns) in vocab::PREFIXES {
                    ser = ser.with_prefix(*p, *ns).map_err(out_err)?;
                }
            }
            let mut w = ser.for_writer(out);
            let mut n = 0;
            for t in triples {
                let t = t.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                w.serialize_triple(&t).map_err(out_err)?;
                n += 1;
            }
            w.finish().map_err(out_err)?;
            Ok(n)
        }
    }
}
