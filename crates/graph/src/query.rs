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
    RdfXml,
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
    let s = match t {
        Term::NamedNode(n) => compact(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    // a terminal would act on control characters (escape sequences): show them as U+FFFD
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        s.chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect()
    } else {
        s
    }
}

/// Characters XML 1.0 cannot carry at all (not even as references), which CSV readers choke on
/// too. Readers keep them out of article text, but a store written by an older version may hold
/// them.
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// A literal with the characters XML forbids replaced by U+FFFD; other terms as they are.
fn xml_safe(t: &Term) -> std::borrow::Cow<'_, Term> {
    use oxigraph::model::Literal;
    let Term::Literal(l) = t else {
        return std::borrow::Cow::Borrowed(t);
    };
    if !l.value().chars().any(xml_forbidden) {
        return std::borrow::Cow::Borrowed(t);
    }
    let v: String = l
        .value()
        .chars()
        .map(|c| if xml_forbidden(c) { '\u{FFFD}' } else { c })
        .collect();
    let lit = match l.language() {
        Some(lang) => Literal::new_language_tagged_literal_unchecked(v, lang),
        None => Literal::new_typed_literal(v, l.datatype()),
    };
    std::borrow::Cow::Owned(lit.into())
}

/// A term as a SPARQL 1.1 CSV results field: an IRI as it is, a blank node as `_:id`, a literal
/// as its lexical form (characters XML forbids as U+FFFD, as in XML).
fn csv_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l
            .value()
            .chars()
            .map(|c| if xml_forbidden(c) { '\u{FFFD}' } else { c })
            .collect(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// One CSV record as RFC 4180 writes it: fields holding `"`, `,`, CR or LF (and, so that no
/// reader strips it, leading or trailing spaces) between double quotes with `"` doubled;
/// CRLF at the end.
fn write_csv_row(out: &mut dyn Write, fields: impl Iterator<Item = String>) -> Result<()> {
    let mut line = String::new();
    for (i, f) in fields.enumerate() {
        if i > 0 {
            line.push(',');
        }
        if f.contains(['"', ',', '\r', '\n']) || f.starts_with(' ') || f.ends_with(' ') {
            line.push('"');
            line.push_str(&f.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&f);
        }
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes()).map_err(out_err)
}

/// What [`write_results_limited`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    /// Solutions (or 1/0 for ASK, triples for graphs).
    pub rows: usize,
    /// The limit stopped the output: more solutions were there.
    pub truncated: bool,
}

/// Write query results. Returns the number of solutions (or 1/0 for ASK, triples for graphs).
pub fn write_results(
    results: QueryResults<'_>,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    Ok(write_results_limited(results, format, None, out)?.rows)
}

/// Write query results, at most `limit` solutions or triples. Every format but the table is
/// written as the solutions come (memory stays flat whatever the number of rows; a closed pipe
/// stops the query); the table holds at most `limit` rows to size its columns. Literals holding
/// characters that XML (and CSV) cannot carry are written with U+FFFD in their place, and the
/// table shows control characters as U+FFFD, so every output is valid whatever the store
/// holds.
pub fn write_results_limited(
    results: QueryResults<'_>,
    format: OutputFormat,
    limit: Option<usize>,
    out: &mut dyn Write,
) -> Result<Written> {
    let limit = limit.unwrap_or(usize::MAX);
    let mut truncated = false;
    let rows = match results {
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
            let mut solutions = solutions;
            if format == OutputFormat::Csv {
                // our own writer: Oxigraph's leaves IRIs unquoted, and NIF IRIs hold commas
                write_csv_row(out, vars.iter().map(|v| v.as_str().to_string()))?;
                for s in solutions.by_ref() {
                    if n == limit {
                        truncated = true;
                        break;
                    }
                    let s = s.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                    write_csv_row(
                        out,
                        vars.iter()
                            .map(|v| s.get(v).map(csv_term).unwrap_or_default()),
                    )?;
                    n += 1;
                }
            } else if let Some(f) = w3c {
                let sanitize = f == QueryResultsFormat::Xml;
                let mut w = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut *out, vars)
                    .map_err(out_err)?;
                for s in solutions.by_ref() {
                    if n == limit {
                        truncated = true;
                        break;
                    }
                    let s = s.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                    if sanitize {
                        let terms: Vec<_> = s.iter().map(|(v, t)| (v, xml_safe(t))).collect();
                        w.serialize(terms.iter().map(|(v, t)| (*v, t.as_ref())))
                            .map_err(out_err)?;
                    } else {
                        w.serialize(&s).map_err(out_err)?;
                    }
                    n += 1;
                }
                w.finish().map_err(out_err)?;
                // Oxigraph ends JSON and XML documents without a newline
                if matches!(f, QueryResultsFormat::Json | QueryResultsFormat::Xml) {
                    out.write_all(b"\n").map_err(out_err)?;
                }
            } else {
                let mut table = comfy_table::Table::new();
                table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
                table.set_header(vars.iter().map(|v| v.as_str().to_string()));
                for s in solutions.by_ref() {
                    if n == limit {
                        truncated = true;
                        break;
                    }
                    let s = s.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                    table.add_row(vars.iter().map(|v| s.get(v).map(cell).unwrap_or_default()));
                    n += 1;
                }
                writeln!(out, "{table}").map_err(out_err)?;
            }
            n
        }
        QueryResults::Boolean(b) => {
            let f = match format {
                OutputFormat::Json => QueryResultsFormat::Json,
                OutputFormat::Xml => QueryResultsFormat::Xml,
                // The SPARQL 1.1 CSV / TSV formats define no boolean result (rdflib's readers
                // take every CSV / TSV document for a SELECT table): one line, `true` or
                // `false`, as Oxigraph's and Jena's TSV readers read it, newline-terminated.
                OutputFormat::Csv => {
                    write!(out, "{b}\r\n").map_err(out_err)?;
                    return Ok(Written {
                        rows: usize::from(b),
                        truncated: false,
                    });
                }
                OutputFormat::Tsv | OutputFormat::Table => {
                    writeln!(out, "{b}").map_err(out_err)?;
                    return Ok(Written {
                        rows: usize::from(b),
                        truncated: false,
                    });
                }
                _ => {
                    return Err(Error::Output(
                        "ASK results are written as table, json, csv, tsv or xml".into(),
                    ))
                }
            };
            QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(&mut *out, b)
                .map_err(out_err)?;
            out.write_all(b"\n").map_err(out_err)?;
            usize::from(b)
        }
        QueryResults::Graph(triples) => {
            let f = match format {
                OutputFormat::Turtle | OutputFormat::Table => RdfFormat::Turtle,
                OutputFormat::NTriples => RdfFormat::NTriples,
                OutputFormat::NQuads => RdfFormat::NQuads,
                OutputFormat::JsonLd => RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() },
                OutputFormat::RdfXml => RdfFormat::RdfXml,
                _ => return Err(Error::Output("CONSTRUCT / DESCRIBE results are written as turtle, ntriples, nquads, jsonld or rdfxml".into())),
            };
            let mut ser = RdfSerializer::from_format(f);
            if matches!(f, RdfFormat::Turtle | RdfFormat::RdfXml) {
                for (p, ns) in vocab::PREFIXES {
                    ser = ser.with_prefix(*p, *ns).map_err(out_err)?;
                }
            }
            let mut w = ser.for_writer(out);
            let mut n = 0;
            for t in triples {
                if n == limit {
                    truncated = true;
                    break;
                }
                let t = t.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                w.serialize_triple(&t).map_err(out_err)?;
                n += 1;
            }
            w.finish().map_err(out_err)?;
            n
        }
    };
    Ok(Written { rows, truncated })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::GraphStore;
    use oxigraph::sparql::results::{QueryResultsParser, ReaderQueryResultsParserOutput};

    fn store_with(text: &str) -> GraphStore {
        use newsgraph_extract::document::{Document, Metadata};
        // written directly, as a store from before the readers replaced control characters
        let doc = Document::new(
            Metadata {
                id: "ctl".into(),
                title: Some(text.into()),
                ..Default::default()
            },
            text.into(),
        );
        let store = GraphStore::in_memory().unwrap();
        store
            .write_article(&crate::graph::build(&doc, "test"))
            .unwrap();
        store
    }

    #[test]
    fn xml_and_csv_stay_valid_whatever_the_store_holds() {
        let store = store_with("A\u{0}B\u{1b}C\u{FFFF} text.");
        let q = "SELECT ?t WHERE { ?a a ng:Article ; schema:headline ?t }";
        let mut xml = Vec::new();
        let w = write_results_limited(store.query(q).unwrap(), OutputFormat::Xml, None, &mut xml)
            .unwrap();
        assert_eq!(w.rows, 1);
        let text = String::from_utf8(xml.clone()).unwrap();
        assert!(
            !text.contains('\u{0}') && text.contains("A\u{FFFD}B"),
            "{text}"
        );
        // the W3C XML results parser reads it back
        let ReaderQueryResultsParserOutput::Solutions(sols) =
            QueryResultsParser::from_format(QueryResultsFormat::Xml)
                .for_reader(xml.as_slice())
                .unwrap()
        else {
            panic!("solutions expected")
        };
        assert_eq!(sols.collect::<Result<Vec<_>, _>>().unwrap().len(), 1);
        let mut csv = Vec::new();
        write_results(store.query(q).unwrap(), OutputFormat::Csv, &mut csv).unwrap();
        assert!(!csv.iter().any(|&b| b < 0x20 && !b"\r\n".contains(&b)));
        let mut table = Vec::new();
        write_results(store.query(q).unwrap(), OutputFormat::Table, &mut table).unwrap();
        assert!(!table.contains(&0x1b) && !table.contains(&0));
    }

    #[test]
    fn the_limit_stops_every_format() {
        let store = store_with("France and Google.");
        let q = "SELECT * WHERE { ?s ?p ?o }";
        for f in [OutputFormat::Table, OutputFormat::Csv, OutputFormat::Json] {
            let mut out = Vec::new();
            let w = write_results_limited(store.query(q).unwrap(), f, Some(3), &mut out).unwrap();
            assert_eq!(
                w,
                Written {
                    rows: 3,
                    truncated: true
                },
                "{f:?}"
            );
        }
        let mut out = Vec::new();
        let w = write_results_limited(
            store.query("SELECT * WHERE { ?s a ng:Article }").unwrap(),
            OutputFormat::Tsv,
            Some(3),
            &mut out,
        )
        .unwrap();
        assert_eq!(
            w,
            Written {
                rows: 1,
                truncated: false
            }
        );
    }
}
