//! # newsgraph-remote: the graph in any SPARQL 1.1 store
//!
//! [`Remote`] is a remote store as newsgraph uses it: written through the SPARQL 1.1 Graph
//! Store HTTP Protocol (each article graph replaced whole with one `PUT`, or dropped with
//! `DELETE`) and SPARQL 1.1 Update (the shared metadata and entity graphs changed with
//! `DELETE DATA` / `INSERT DATA`), read through the SPARQL 1.1 Protocol. It implements
//! `newsgraph-graph`'s [`Mirror`] (a local store's changes go here first, see
//! `newsgraph_graph::mirror`) and [`Sparql`] (`stats`, `query` and the exports read it as they
//! read the embedded store).
//!
//! Requests that fail for a reason that may pass (the store cannot be reached, a timeout,
//! `5xx`, `429`) are tried again after pauses that double; every failure names the endpoint,
//! what was asked and what the store said. Authentication is HTTP basic or a bearer token.
//!
//! The store must take the union of its graphs as the default graph of a query (Virtuoso,
//! GraphDB and Stardog do by default; `oxigraph serve --union-default-graph`; Fuseki's
//! `tdb2:unionDefaultGraph`), as the embedded store does.

use std::io::Read;
use std::time::Duration;

use base64::Engine;
use newsgraph_graph::mirror::{Change, Mirror, Sparql, MIRROR_PENDING};
use newsgraph_graph::vocab::{self, ng};
use newsgraph_graph::{Error, Result};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNodeRef, Quad, Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{QueryResults, QueryTripleIter};

/// How newsgraph reaches a remote store.
#[derive(Clone, Debug)]
pub struct Config {
    /// The SPARQL 1.1 query endpoint.
    pub query: String,
    /// The SPARQL 1.1 update endpoint (default: see [`Config::new`]).
    pub update: String,
    /// The Graph Store HTTP Protocol endpoint (default: see [`Config::new`]).
    pub graph_store: String,
    pub auth: Auth,
    /// Per request, connection and answer.
    pub timeout: Duration,
    /// Further attempts of a request that failed for a reason that may pass.
    pub retries: u32,
    /// First pause before a retry (it doubles each time).
    pub backoff: Duration,
}

#[derive(Clone, Default)]
pub enum Auth {
    #[default]
    None,
    Basic {
        user: String,
        password: String,
    },
    Bearer(String),
}

impl std::fmt::Debug for Auth {
    // never the secret
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::None => write!(f, "none"),
            Auth::Basic { user, .. } => write!(f, "basic ({user})"),
            Auth::Bearer(_) => write!(f, "bearer"),
        }
    }
}

/// The most quads in one `INSERT DATA` or `DELETE DATA` operation (Virtuoso's SPARQL compiler
/// runs out of memory at about 5,000); a change sends as many operations as it needs, in one
/// request.
const QUADS_PER_OPERATION: usize = 1000;

impl Config {
    /// A store whose query endpoint is `query`. The update and Graph Store endpoints follow the
    /// conventions of the common stores when not given: `.../query` (Oxigraph, Fuseki) →
    /// `.../update` and `.../store`; `.../sparql` (Virtuoso) → the same URL and
    /// `.../sparql-graph-crud`; anything else → the same URL for all three.
    pub fn new(query: &str) -> Result<Self> {
        let query = query.trim_end_matches('/').to_string();
        if !(query.starts_with("http://") || query.starts_with("https://")) {
            return Err(Error::Output(format!(
                "--endpoint {query}: not an http:// or https:// URL"
            )));
        }
        let (update, graph_store) = if let Some(base) = query.strip_suffix("/query") {
            (format!("{base}/update"), format!("{base}/store"))
        } else if query.ends_with("/sparql") {
            (query.clone(), format!("{query}-graph-crud"))
        } else {
            (query.clone(), query.clone())
        };
        Ok(Config {
            query,
            update,
            graph_store,
            auth: Auth::None,
            timeout: Duration::from_secs(60),
            retries: 4,
            backoff: Duration::from_millis(250),
        })
    }
}

/// A remote SPARQL 1.1 store (see the crate documentation).
pub struct Remote {
    config: Config,
    agent: ureq::Agent,
    authorization: Option<String>,
}

/// Builds one attempt of a request, given the agent and the `Authorization` header value.
type Request<'a> = dyn Fn(
        &ureq::Agent,
        Option<&str>,
    ) -> std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>
    + 'a;

/// A request with the `Authorization` header, when there is one.
fn authorized<B>(r: ureq::RequestBuilder<B>, auth: Option<&str>) -> ureq::RequestBuilder<B> {
    match auth {
        Some(a) => r.header("Authorization", a),
        None => r,
    }
}

/// How a request failed, before it becomes an [`Error`].
enum Failure {
    /// May pass: tried again.
    Transient(String),
    /// Will not pass by trying again: the store refuses what we send (`fatal: false`), or us.
    Final { message: String, fatal: bool },
}

impl Remote {
    pub fn new(config: Config) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            // each phase of a request bounded, not the whole of it: an answer of many megabytes
            // may take longer than --remote-timeout to read, a stalled one may not
            .timeout_connect(Some(config.timeout))
            .timeout_send_request(Some(config.timeout))
            .timeout_send_body(Some(config.timeout))
            .timeout_recv_response(Some(config.timeout))
            .timeout_recv_body(Some(config.timeout * 10))
            // a redirect turns a PUT or POST into a GET: never follow one (see `classify`)
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!("newsgraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let authorization = match &config.auth {
            Auth::None => None,
            Auth::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )),
            Auth::Bearer(token) => Some(format!("Bearer {token}")),
        };
        Remote {
            config,
            agent,
            authorization,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Send a request (built anew for each attempt) and return the answer; `ok` says which
    /// statuses are success (others are failures). Transient failures are tried again after
    /// pauses that double; a timeout only when `again_on_timeout` (a write the store was slow
    /// to take; a query that ran out of time would only run out of time again).
    fn send(
        &self,
        what: &str,
        ok: &dyn Fn(u16) -> bool,
        again_on_timeout: bool,
        request: &Request<'_>,
    ) -> Result<ureq::http::Response<ureq::Body>> {
        let mut pause = self.config.backoff;
        let mut attempt = 0;
        loop {
            let failure = match request(&self.agent, self.authorization.as_deref()) {
                Ok(resp) if ok(resp.status().as_u16()) => return Ok(resp),
                Ok(resp) => classify(resp),
                Err(ureq::Error::Timeout(_)) if !again_on_timeout => Failure::Final {
                    message: transport_message(&ureq::Error::Timeout(ureq::Timeout::Global)),
                    fatal: true,
                },
                Err(
                    e @ (ureq::Error::Timeout(_)
                    | ureq::Error::Io(_)
                    | ureq::Error::ConnectionFailed
                    | ureq::Error::HostNotFound
                    | ureq::Error::BodyStalled),
                ) => Failure::Transient(transport_message(&e)),
                // a bad URL, TLS, a protocol error: trying again would not help
                Err(e) => Failure::Final {
                    message: transport_message(&e),
                    fatal: true,
                },
            };
            match failure {
                Failure::Transient(_) if attempt < self.config.retries => {
                    attempt += 1;
                    std::thread::sleep(pause);
                    pause *= 2;
                }
                Failure::Transient(message) => {
                    return Err(self.error(
                        what,
                        format!("{message} (tried {} times)", attempt + 1),
                        true,
                    ))
                }
                Failure::Final { message, fatal } => return Err(self.error(what, message, fatal)),
            }
        }
    }

    fn error(&self, what: &str, message: String, fatal: bool) -> Error {
        Error::Remote {
            endpoint: self.config.query.clone(),
            message: format!("{what}: {message}"),
            fatal,
        }
    }

    /// Run a SPARQL 1.1 Update.
    pub fn update(&self, sparql: &str) -> Result<()> {
        let url = self.config.update.as_str();
        self.send(
            &format!("update at {url}"),
            &|s| (200..300).contains(&s),
            true,
            &|agent, auth| {
                let mut r = agent
                    .post(url)
                    .header("Content-Type", "application/sparql-update; charset=utf-8");
                r = authorized(r, auth);
                r.send(sparql)
            },
        )?;
        Ok(())
    }

    /// Replace a named graph with these triples (Graph Store Protocol `PUT`).
    pub fn put_graph(&self, graph: &NamedNode, triples: &[Triple]) -> Result<()> {
        let mut ser = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
        for t in triples {
            ser.serialize_triple(t)
                .map_err(|e| Error::Output(e.to_string()))?;
        }
        let body = ser.finish().map_err(|e| Error::Output(e.to_string()))?;
        let url = self.config.graph_store.as_str();
        self.send(
            &format!("PUT {} at {url}", graph.as_str()),
            &|s| (200..300).contains(&s),
            true,
            &|agent, auth| {
                let mut r = agent
                    .put(url)
                    .query("graph", graph.as_str())
                    .header("Content-Type", "application/n-triples");
                r = authorized(r, auth);
                r.send(&body[..])
            },
        )?;
        Ok(())
    }

    /// Drop a named graph (Graph Store Protocol `DELETE`; a graph that is not there is fine).
    pub fn delete_graph(&self, graph: &NamedNode) -> Result<()> {
        let url = self.config.graph_store.as_str();
        self.send(
            &format!("DELETE {} at {url}", graph.as_str()),
            &|s| (200..300).contains(&s) || s == 404,
            true,
            &|agent, auth| {
                let mut r = agent.delete(url).query("graph", graph.as_str());
                r = authorized(r, auth);
                r.call()
            },
        )?;
        Ok(())
    }

    /// Evaluate a query (newsgraph's prefixes declared where the query uses them and does not
    /// declare them itself): solutions and booleans from SPARQL JSON or XML results, graphs
    /// from N-Triples or Turtle.
    pub fn query_results(&self, sparql: &str) -> Result<QueryResults<'static>> {
        let text = with_prefixes(sparql);
        let url = self.config.query.as_str();
        let what = format!("query at {url}");
        let resp = self.send(&what, &|s| (200..300).contains(&s), false, &|agent, auth| {
            let mut r = agent.post(url).header(
                "Accept",
                "application/sparql-results+json, application/sparql-results+xml;q=0.9, application/n-triples;q=0.8, text/turtle;q=0.7",
            );
            r = authorized(r, auth);
            r.send_form([("query", text.as_str())])
        })?;
        // Virtuoso cuts results at its ResultSetMaxRows and says so only in this header
        if let Some(max) = resp.headers().get("X-SPARQL-MaxRows") {
            return Err(self.error(
                &what,
                format!(
                    "the store cut the results at {} rows (Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini), or narrow the query",
                    max.to_str().unwrap_or("?")
                ),
                false,
            ));
        }
        let body = resp.into_body();
        let mime = body
            .mime_type()
            .unwrap_or("application/sparql-results+json")
            .to_ascii_lowercase();
        let reader = body.into_with_config().limit(u64::MAX).reader();
        if let Some(format) = QueryResultsFormat::from_media_type(&mime) {
            let parsed = QueryResultsParser::from_format(format)
                .for_reader(reader)
                .map_err(|e| self.error(&what, format!("unreadable results: {e}"), true))?;
            return Ok(QueryResults::from(parsed));
        }
        let Some(format) = RdfFormat::from_media_type(&mime) else {
            return Err(self.error(
                &what,
                format!("answered with {mime}, not SPARQL results or RDF"),
                true,
            ));
        };
        let endpoint = self.config.query.clone();
        let triples = RdfParser::from_format(format)
            .for_reader(reader)
            .map(move |q| {
                q.map(Triple::from).map_err(|e| {
                    oxigraph::sparql::QueryEvaluationError::Service(Box::new(
                        std::io::Error::other(format!(
                            "remote store {endpoint}: unreadable RDF: {e}"
                        )),
                    ))
                })
            });
        Ok(QueryResults::Graph(QueryTripleIter::new(triples)))
    }

    /// Every quad of newsgraph's graphs (those under its base IRI), graph by graph: the graphs
    /// listed with their sizes a page at a time, each read whole with a Graph Store Protocol
    /// `GET`, so that no answer is larger than a graph. A graph that comes back smaller than
    /// its size is an error: a store may cut answers without saying so (Virtuoso cuts a Graph
    /// Store `GET` at its `ResultSetMaxRows`). Returns the number of graphs.
    pub fn for_each_quad(&self, each: &mut dyn FnMut(Quad) -> Result<()>) -> Result<usize> {
        const PAGE: usize = 5000;
        let mut graphs = 0;
        loop {
            let QueryResults::Solutions(rows) = self.query_results(&format!(
                "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{}\")) }} GROUP BY ?g ORDER BY ?g LIMIT {PAGE} OFFSET {graphs}",
                vocab::BASE
            ))?
            else {
                return Ok(graphs);
            };
            let mut page = Vec::new();
            for row in rows {
                let row = row.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                if let (Some(Term::NamedNode(g)), Some(Term::Literal(n))) =
                    (row.get("g"), row.get("n"))
                {
                    page.push((g.clone(), n.value().parse::<usize>().unwrap_or(0)));
                }
            }
            for (g, n) in &page {
                let triples = self.get_graph(g)?;
                if triples.len() < *n {
                    return Err(self.error(
                        &format!("GET {}", g.as_str()),
                        format!(
                            "the store sent {} of the graph's {n} triples (Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini above the largest graph)",
                            triples.len()
                        ),
                        false,
                    ));
                }
                for t in triples {
                    each(t.in_graph(g.clone()))?;
                }
            }
            graphs += page.len();
            if page.len() < PAGE {
                return Ok(graphs);
            }
        }
    }

    /// The triples of a named graph (Graph Store Protocol `GET`; a graph that is not there is
    /// empty).
    pub fn get_graph(&self, graph: &NamedNode) -> Result<Vec<Triple>> {
        let url = self.config.graph_store.as_str();
        let what = format!("GET {} at {url}", graph.as_str());
        let resp = self.send(
            &what,
            &|s| (200..300).contains(&s) || s == 404,
            false,
            &|agent, auth| {
                let mut r = agent
                    .get(url)
                    .query("graph", graph.as_str())
                    .header("Accept", "application/n-triples, text/turtle;q=0.9");
                r = authorized(r, auth);
                r.call()
            },
        )?;
        if resp.status().as_u16() == 404 {
            return Ok(Vec::new());
        }
        let body = resp.into_body();
        let mime = body
            .mime_type()
            .unwrap_or("text/turtle")
            .to_ascii_lowercase();
        let format = RdfFormat::from_media_type(&mime)
            .ok_or_else(|| self.error(&what, format!("answered with {mime}, not RDF"), true))?;
        RdfParser::from_format(format)
            .for_reader(body.into_with_config().limit(u64::MAX).reader())
            .map(|q| {
                q.map(Triple::from)
                    .map_err(|e| self.error(&what, format!("unreadable RDF: {e}"), true))
            })
            .collect()
    }

    /// The values of `?v` a query's solutions bind, as terms.
    fn column(&self, sparql: &str, v: &str) -> Result<Vec<Term>> {
        let mut out = Vec::new();
        if let QueryResults::Solutions(rows) = self.query_results(sparql)? {
            for row in rows {
                let row = row.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                if let Some(t) = row.get(v) {
                    out.push(t.clone());
                }
            }
        }
        Ok(out)
    }
}

impl Sparql for Remote {
    fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        self.query_results(sparql)
    }
}

impl Mirror for Remote {
    fn name(&self) -> &str {
        &self.config.query
    }

    fn apply(&self, change: &Change) -> Result<()> {
        let meta = NamedNode::new_unchecked(vocab::META_GRAPH);
        let pending = oxigraph::model::Literal::new_simple_literal(MIRROR_PENDING);
        let marks: Vec<Quad> = change
            .articles()
            .map(|a| Quad::new(a, ng::PENDING, pending.clone(), meta.clone()))
            .collect();
        // 0. the store is still where the local state left it (no other writer since)
        let expected = change.revision_before();
        if let Some(expected) = expected {
            let now = self.revision()?;
            if now != expected {
                return Err(self.error(
                    "revision check",
                    format!("the store is at revision {now}, the local state at {expected}: another writer changed it; give the --store that wrote it"),
                    true,
                ));
            }
        }
        // 1. the articles marked: a reader (or the next writer) knows they are half written
        if !marks.is_empty() {
            self.update(&data_operations("INSERT", &marks)?)?;
        }
        // 2. their graphs replaced, or dropped
        for (g, triples) in &change.graphs {
            if triples.is_empty() {
                self.delete_graph(g)?;
            } else {
                self.put_graph(g, triples)?;
            }
        }
        // 3. the shared graphs changed and the marks taken out, in one request
        let mut removed = change.removed.clone();
        removed.extend(marks);
        let mut ops = Vec::new();
        if !removed.is_empty() {
            ops.push(data_operations("DELETE", &removed)?);
        }
        if !change.inserted.is_empty() {
            ops.push(data_operations("INSERT", &change.inserted)?);
        }
        if !ops.is_empty() {
            self.update(&ops.join(" ;\n"))?;
        }
        Ok(())
    }

    fn pending(&self) -> Result<Vec<NamedNode>> {
        let rows = self.column(
            &format!(
                "SELECT DISTINCT ?a WHERE {{ GRAPH <{}> {{ ?a <{}> \"{MIRROR_PENDING}\" }} }}",
                vocab::META_GRAPH,
                ng::PENDING.as_str()
            ),
            "a",
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n),
                _ => None,
            })
            .collect())
    }

    fn revision(&self) -> Result<String> {
        let rows = self.column(
            &format!(
                "SELECT ?r WHERE {{ GRAPH <{m}> {{ <{m}> <{}> ?r }} }}",
                ng::REVISION.as_str(),
                m = vocab::META_GRAPH
            ),
            "r",
        )?;
        let mut values: Vec<String> = rows
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .collect();
        values.sort();
        values.dedup();
        if values.len() > 1 {
            return Err(self.error(
                "revision",
                format!(
                    "the store holds {} revisions ({}): two writers wrote to it",
                    values.len(),
                    values.join(", ")
                ),
                true,
            ));
        }
        Ok(values.pop().unwrap_or_default())
    }
}

/// `INSERT DATA { GRAPH <g> { ... } ... }` (or `DELETE DATA`) operations for these quads, at
/// most [`QUADS_PER_OPERATION`] quads each, joined with `;`. Blank nodes cannot be deleted by
/// `DELETE DATA`, and newsgraph's shared graphs hold none: refused.
fn data_operations(verb: &str, quads: &[Quad]) -> Result<String> {
    use std::fmt::Write;
    let mut ops = Vec::new();
    for chunk in quads.chunks(QUADS_PER_OPERATION) {
        let mut by_graph: Vec<(GraphNameRef<'_>, String)> = Vec::new();
        for q in chunk {
            if matches!(q.subject.as_ref(), NamedOrBlankNodeRef::BlankNode(_))
                || matches!(q.object, Term::BlankNode(_))
            {
                return Err(Error::Output(format!(
                    "a shared-graph quad with a blank node cannot be sent to a remote store: {q}"
                )));
            }
            let g = q.graph_name.as_ref();
            let i = match by_graph.iter().position(|(n, _)| *n == g) {
                Some(i) => i,
                None => {
                    by_graph.push((g, String::new()));
                    by_graph.len() - 1
                }
            };
            let _ = writeln!(
                by_graph[i].1,
                "{} {} {} .",
                q.subject, q.predicate, q.object
            );
        }
        let mut op = format!("{verb} DATA {{\n");
        for (g, body) in by_graph {
            match g {
                GraphNameRef::NamedNode(n) => {
                    let _ = write!(op, "GRAPH {n} {{\n{body}}}\n");
                }
                _ => op.push_str(&body),
            }
        }
        op.push('}');
        ops.push(op);
    }
    Ok(ops.join(" ;\n"))
}

/// The query with `PREFIX` lines for newsgraph's prefixes it uses without declaring them.
fn with_prefixes(sparql: &str) -> String {
    let lower = sparql.to_ascii_lowercase();
    let mut out = String::new();
    for (p, iri) in vocab::PREFIXES {
        let used = sparql.contains(&format!("{p}:"));
        let declared = lower.contains(&format!("prefix {}:", p.to_ascii_lowercase()));
        if used && !declared {
            out.push_str(&format!("PREFIX {p}: <{iri}>\n"));
        }
    }
    out.push_str(sparql);
    out
}

/// A failed answer: what the store said (the start of its body), and whether trying again may
/// help.
fn classify(resp: ureq::http::Response<ureq::Body>) -> Failure {
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("Location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_string);
    let mut text = String::new();
    let _ = resp
        .into_body()
        .into_with_config()
        .limit(4096)
        .reader()
        .take(4096)
        .read_to_string(&mut text);
    let said: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(300)
        .collect();
    let message = if said.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {said}")
    };
    match status {
        408 | 429 | 500..=599 => Failure::Transient(message),
        300..=399 => Failure::Final {
            message: format!(
                "HTTP {status}, redirected to {}: give that URL (a redirected write would be sent as a read)",
                location.as_deref().unwrap_or("(no Location)")
            ),
            fatal: true,
        },
        401 | 403 => Failure::Final {
            message: format!("{message} (check the credentials: --remote-user with NEWSGRAPH_REMOTE_PASSWORD, or NEWSGRAPH_REMOTE_TOKEN, and that the user may write)"),
            fatal: true,
        },
        404 | 405 => Failure::Final {
            message: format!("{message} (check the endpoint URLs: --endpoint, --update-endpoint, --graph-store)"),
            fatal: true,
        },
        _ => Failure::Final {
            message,
            fatal: false,
        },
    }
}

/// A transport failure (no answer) in a few words.
fn transport_message(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "no answer in time (--remote-timeout)".into(),
        ureq::Error::HostNotFound => "cannot connect: host not found".into(),
        ureq::Error::ConnectionFailed => "cannot connect".into(),
        ureq::Error::Io(io) => format!("cannot connect: {io}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server that answers each connection with the next scripted status (and closes it),
    /// and records each request's first line and `Authorization` header.
    fn fake_server(script: Vec<u16>) -> (String, std::thread::JoinHandle<Vec<(String, String)>>) {
        fake_server_with(script.into_iter().map(|s| (s, "")).collect())
    }

    /// [`fake_server`] with a header line of its own in each answer ("" for none).
    fn fake_server_with(
        script: Vec<(u16, &'static str)>,
    ) -> (String, std::thread::JoinHandle<Vec<(String, String)>>) {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/query", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for (status, header) in script {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let (mut first, mut auth, mut length) = (String::new(), String::new(), 0usize);
                reader.read_line(&mut first).unwrap();
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if line.trim().is_empty() {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if lower.starts_with("authorization:") {
                        auth = line["authorization:".len()..].trim().to_string();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                seen.push((first.trim().to_string(), auth));
                let text = match status {
                    200 if header.contains("sparql-results") => {
                        r#"{"head":{"vars":["s"]},"results":{"bindings":[]}}"#
                    }
                    200 => "",
                    _ => "the store says no",
                };
                let header = if header.is_empty() {
                    String::new()
                } else {
                    format!("{header}\r\n")
                };
                let mut stream = stream;
                write!(
                    stream,
                    "HTTP/1.1 {status} X\r\n{header}Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                )
                .unwrap();
            }
            seen
        });
        (url, handle)
    }

    fn remote(url: &str, auth: Auth) -> Remote {
        let mut c = Config::new(url).unwrap();
        c.auth = auth;
        c.backoff = Duration::from_millis(5);
        c.retries = 2;
        Remote::new(c)
    }

    #[test]
    fn basic_and_bearer_credentials_are_sent() {
        let (url, server) = fake_server(vec![200, 200]);
        let basic = Auth::Basic {
            user: "ana".into(),
            password: "s3cret".into(),
        };
        remote(&url, basic).update("CLEAR ALL").unwrap();
        remote(&url, Auth::Bearer("tok".into()))
            .delete_graph(&NamedNode::new_unchecked("http://ex/g"))
            .unwrap();
        let seen = server.join().unwrap();
        // "ana:s3cret" in base64
        assert_eq!(seen[0].1, "Basic YW5hOnMzY3JldA==");
        assert!(seen[0].0.starts_with("POST /update "), "{:?}", seen[0]);
        assert_eq!(seen[1].1, "Bearer tok");
        assert!(
            seen[1]
                .0
                .starts_with("DELETE /store?graph=http%3A%2F%2Fex%2Fg "),
            "{:?}",
            seen[1]
        );
    }

    #[test]
    fn failures_that_may_pass_are_tried_again_and_the_others_are_not() {
        // 503, 503, then done
        let (url, server) = fake_server(vec![503, 503, 200]);
        remote(&url, Auth::None).update("CLEAR ALL").unwrap();
        assert_eq!(server.join().unwrap().len(), 3);
        // three 503s: given up after the two retries, as fatal, naming what failed
        let (url, server) = fake_server(vec![503, 503, 503]);
        let e = remote(&url, Auth::None).update("CLEAR ALL").unwrap_err();
        server.join().unwrap();
        let Error::Remote { message, fatal, .. } = &e else {
            panic!("{e}")
        };
        assert!(
            *fatal && message.contains("HTTP 503: the store says no (tried 3 times)"),
            "{e}"
        );
        // a request refused for its content: once, and only that request fails
        let (url, server) = fake_server(vec![400]);
        let e = remote(&url, Auth::None).update("CLEAR ALL").unwrap_err();
        assert_eq!(server.join().unwrap().len(), 1);
        assert!(matches!(e, Error::Remote { fatal: false, .. }), "{e}");
        // refused credentials: fatal at once
        let (url, server) = fake_server(vec![401]);
        let e = remote(&url, Auth::None).update("CLEAR ALL").unwrap_err();
        assert_eq!(server.join().unwrap().len(), 1);
        assert!(e.to_string().contains("check the credentials"), "{e}");
        // nobody listening
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let e = remote(&format!("http://127.0.0.1:{port}/query"), Auth::None)
            .update("CLEAR ALL")
            .unwrap_err();
        assert!(
            matches!(e, Error::Remote { fatal: true, .. })
                && e.to_string().contains("cannot connect"),
            "{e}"
        );
    }

    #[test]
    fn results_a_store_cut_short_and_redirects_are_errors() {
        let (url, server) = fake_server_with(vec![
            (200, "Content-Type: application/sparql-results+json"),
            (
                200,
                "Content-Type: application/sparql-results+json\r\nX-SPARQL-MaxRows: 100",
            ),
            (301, "Location: https://elsewhere/query"),
        ]);
        let r = remote(&url, Auth::None);
        assert!(r.query_results("SELECT * WHERE { ?s ?p ?o }").is_ok());
        let Err(e) = r.query_results("SELECT * WHERE { ?s ?p ?o }") else {
            panic!("results cut short were taken as whole")
        };
        assert!(e.to_string().contains("cut the results at 100 rows"), "{e}");
        // a write is never sent on to where a redirect points (it would arrive as a GET)
        let e = r.update("CLEAR ALL").unwrap_err();
        assert!(
            matches!(e, Error::Remote { fatal: true, .. })
                && e.to_string()
                    .contains("redirected to https://elsewhere/query"),
            "{e}"
        );
        assert_eq!(server.join().unwrap().len(), 3);
    }

    #[test]
    fn endpoints_follow_the_conventions_of_common_stores() {
        let c = Config::new("http://localhost:7878/query").unwrap();
        assert_eq!(c.update, "http://localhost:7878/update");
        assert_eq!(c.graph_store, "http://localhost:7878/store");
        let c = Config::new("http://h:8890/sparql/").unwrap();
        assert_eq!(c.update, "http://h:8890/sparql");
        assert_eq!(c.graph_store, "http://h:8890/sparql-graph-crud");
        assert!(Config::new("localhost:7878").is_err());
    }

    #[test]
    fn data_operations_stay_under_the_per_operation_limit_and_escape_literals() {
        let g = NamedNode::new_unchecked(vocab::ENTITY_GRAPH);
        let quads: Vec<Quad> = (0..2500)
            .map(|i| {
                Quad::new(
                    NamedNode::new_unchecked(format!("https://w3id.org/newsgraph/e/{i}")),
                    NamedNode::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel"),
                    oxigraph::model::Literal::new_simple_literal(format!("say \"{i}\"\n")),
                    g.clone(),
                )
            })
            .collect();
        let ops = data_operations("INSERT", &quads).unwrap();
        assert_eq!(ops.matches("INSERT DATA").count(), 3);
        // what a SPARQL parser reads back is what was sent
        let update = oxigraph::sparql::SparqlEvaluator::new()
            .parse_update(&ops)
            .unwrap();
        let store = oxigraph::store::Store::new().unwrap();
        update.on_store(&store).execute().unwrap();
        assert_eq!(store.len().unwrap(), 2500);
        assert!(store.contains(&quads[7]).unwrap());
    }

    #[test]
    fn prefixes_are_declared_only_where_used_and_not_declared() {
        let q = with_prefixes("PREFIX ng: <x:> SELECT * WHERE { ?s skos:prefLabel ?l ; ng:a ?b }");
        assert!(q.contains("PREFIX skos:"));
        assert_eq!(q.matches("PREFIX ng:").count(), 1);
    }
}
