//! SPARQL 1.1 Protocol at `/sparql` (and `/query`): queries by GET and POST (form or
//! `application/sparql-query` body), `default-graph-uri` / `named-graph-uri`, results in the
//! format the `Accept` header (or `format=`) asks for, a Service Description when GET has no
//! query; SPARQL Update at `/update` (or `update=` / `application/sparql-update` at `/sparql`)
//! only on a server started with `--allow-write`, with the bearer token; Graph Store Protocol
//! GET at `/store?graph=IRI` (or `?default`, or `?article=ID` for one article's graph).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{CancellationToken, QueryResults};

use newsgraph_graph::query::{write_results_limited, OutputFormat};
use newsgraph_graph::store::Dataset;
use newsgraph_graph::vocab;

use crate::{timeout_error, ApiError, Shared};

/// The parameters of a protocol request, from the URL and a form body.
#[derive(Default, Debug)]
struct Params {
    query: Option<String>,
    update: Option<String>,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    format: Option<String>,
}

impl Params {
    fn read(&mut self, encoded: &[u8]) -> Result<(), ApiError> {
        for (k, v) in form_urlencoded::parse(encoded) {
            let v = v.into_owned();
            match k.as_ref() {
                "query" => set_once(&mut self.query, v, "query")?,
                "update" => set_once(&mut self.update, v, "update")?,
                "default-graph-uri" | "using-graph-uri" => self.default_graphs.push(v),
                "named-graph-uri" | "using-named-graph-uri" => self.named_graphs.push(v),
                "format" | "output" => self.format = Some(v),
                _ => {}
            }
        }
        Ok(())
    }

    fn dataset(&self) -> Result<Dataset, ApiError> {
        let iri = |s: &String| {
            NamedNode::new(s.trim()).map_err(|e| {
                ApiError::bad_request(format!("invalid graph IRI `{s}` in the request: {e}"))
            })
        };
        Ok(Dataset {
            default_graphs: self
                .default_graphs
                .iter()
                .map(iri)
                .collect::<Result<_, _>>()?,
            named_graphs: self
                .named_graphs
                .iter()
                .map(iri)
                .collect::<Result<_, _>>()?,
        })
    }
}

fn set_once(slot: &mut Option<String>, v: String, name: &str) -> Result<(), ApiError> {
    if slot.is_some() {
        return Err(ApiError::bad_request(format!(
            "more than one `{name}` parameter: send one {name} per request"
        )));
    }
    *slot = Some(v);
    Ok(())
}

fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn body_error(state: &Shared, r: BytesRejection) -> ApiError {
    let status = r.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            status,
            format!(
                "request body over the server's limit of {} bytes (--max-body)",
                state.config.max_body
            ),
        )
    } else {
        ApiError::new(status, format!("cannot read the request body: {r}"))
    }
}

fn url_params(state: &Shared, raw: &Option<String>) -> Result<Params, ApiError> {
    let mut p = Params::default();
    if let Some(q) = raw {
        if q.len() > state.config.max_body {
            return Err(ApiError::new(
                StatusCode::URI_TOO_LONG,
                format!(
                    "request URL over the server's limit of {} bytes (--max-body): POST the query instead",
                    state.config.max_body
                ),
            ));
        }
        p.read(q.as_bytes())?;
    }
    Ok(p)
}

/// GET `/sparql`: a query, or the Service Description without one.
pub async fn get(
    State(state): State<Shared>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let p = match url_params(&state, &raw) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    if p.update.is_some() {
        let mut r = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "SPARQL Update is sent with POST (SPARQL 1.1 Protocol), never GET",
        )
        .into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    match p.query.clone() {
        Some(q) => run_query(state, &headers, q, p).await,
        None => service_description(&state, &headers, p.format.as_deref()),
    }
}

/// A POST's parameters: those of its URL and those of its body, a form or (by its content type)
/// the query or update itself; `/update` (`query_allowed` false) takes no query.
fn post_params(
    state: &Shared,
    headers: &HeaderMap,
    raw: &Option<String>,
    body: Result<Bytes, BytesRejection>,
    query_allowed: bool,
) -> Result<Params, ApiError> {
    let body = body.map_err(|r| body_error(state, r))?;
    let mut p = url_params(state, raw)?;
    let utf8 = |b: &Bytes| {
        String::from_utf8(b.to_vec())
            .map_err(|_| ApiError::bad_request("the request body is not UTF-8"))
    };
    match media_type(headers).as_str() {
        "application/x-www-form-urlencoded" => p.read(&body)?,
        "application/sparql-query" if query_allowed => {
            set_once(&mut p.query, utf8(&body)?, "query")?
        }
        "application/sparql-update" => set_once(&mut p.update, utf8(&body)?, "update")?,
        other => {
            let allowed = if query_allowed {
                "a query as application/x-www-form-urlencoded (query=...), application/sparql-query or application/sparql-update"
            } else {
                "an update as application/x-www-form-urlencoded (update=...) or application/sparql-update"
            };
            let other = if other.is_empty() {
                "(no Content-Type)"
            } else {
                other
            };
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("POST {allowed}, not `{other}`"),
            ));
        }
    }
    Ok(p)
}

/// POST `/sparql`: a query or update as a form, or as the body itself.
pub async fn post(
    State(state): State<Shared>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let p = match post_params(&state, &headers, &raw, body, true) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match (p.query.clone(), p.update.clone()) {
        (Some(_), Some(_)) => {
            ApiError::bad_request("a request holds a query or an update, not both").into_response()
        }
        (Some(q), None) => run_query(state, &headers, q, p).await,
        (None, Some(u)) => run_update(state, &headers, u, p).await,
        (None, None) => ApiError::bad_request(
            "no query: send `query=` (or `update=`) as a form, or the query as application/sparql-query",
        )
        .into_response(),
    }
}

/// POST `/update`: SPARQL Update (form `update=` or an `application/sparql-update` body).
pub async fn update(
    State(state): State<Shared>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let p = match post_params(&state, &headers, &raw, body, false) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match p.update.clone() {
        Some(u) => run_update(state, &headers, u, p).await,
        None => ApiError::bad_request("no update in the request").into_response(),
    }
}

/// Whether the request carries the configured bearer token (compared in constant time).
fn authorized(state: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    if !state.config.allow_write {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only: SPARQL Update is accepted only by `newsgraph serve --allow-write` with a token",
        ));
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    let expected = state.config.token.as_deref().unwrap_or("");
    match given {
        Some(t)
            if !expected.is_empty()
                && t.len() == expected.len()
                && t.bytes()
                    .zip(expected.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0 =>
        {
            Ok(())
        }
        Some(_) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "wrong bearer token for SPARQL Update",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "SPARQL Update needs `Authorization: Bearer TOKEN` (the server's --token)",
        )),
    }
}

async fn run_update(state: Shared, headers: &HeaderMap, update: String, p: Params) -> Response {
    if let Err(e) = authorized(&state, headers) {
        return e.into_response();
    }
    if !p.default_graphs.is_empty() || !p.named_graphs.is_empty() {
        return ApiError::bad_request(
            "using-graph-uri / using-named-graph-uri are not supported: name the graphs in the update (WITH, USING, GRAPH)",
        )
        .into_response();
    }
    // not under the query timeout: a transaction cannot be cancelled, and a client told that
    // a committed update "stopped" could send it again
    let r = tokio::task::spawn_blocking(move || -> Result<String, ApiError> {
        let _writer = state.writer();
        let (before, after) = state.store.update(&update)?;
        state.refresh_index()?;
        Ok(format!("update done: {before} -> {after} quads\n"))
    })
    .await;
    match r {
        Ok(Ok(msg)) => (StatusCode::OK, msg).into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(join) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("update failed: {join}"),
        )
        .into_response(),
    }
}

/// A format a response can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Format {
    output: OutputFormat,
    media: &'static str,
}

const RESULT_FORMATS: [Format; 4] = [
    Format {
        output: OutputFormat::Json,
        media: "application/sparql-results+json",
    },
    Format {
        output: OutputFormat::Xml,
        media: "application/sparql-results+xml",
    },
    Format {
        output: OutputFormat::Csv,
        media: "text/csv",
    },
    Format {
        output: OutputFormat::Tsv,
        media: "text/tab-separated-values",
    },
];

const GRAPH_FORMATS: [Format; 5] = [
    Format {
        output: OutputFormat::Turtle,
        media: "text/turtle",
    },
    Format {
        output: OutputFormat::NTriples,
        media: "application/n-triples",
    },
    Format {
        output: OutputFormat::NQuads,
        media: "application/n-quads",
    },
    Format {
        output: OutputFormat::JsonLd,
        media: "application/ld+json",
    },
    Format {
        output: OutputFormat::RdfXml,
        media: "application/rdf+xml",
    },
];

/// Other names clients send for our formats.
fn alias(media: &str) -> &str {
    match media {
        "application/json" | "json" => "application/sparql-results+json",
        "application/xml" | "text/xml" | "xml" => "application/sparql-results+xml",
        "csv" => "text/csv",
        "tsv" | "text/tsv" => "text/tab-separated-values",
        "application/x-turtle" | "turtle" | "ttl" => "text/turtle",
        "text/plain" | "ntriples" | "nt" => "application/n-triples",
        "nquads" | "nq" => "application/n-quads",
        "jsonld" | "json-ld" => "application/ld+json",
        "rdfxml" | "rdf" | "rdf/xml" => "application/rdf+xml",
        m => m,
    }
}

/// The format to write results in: `format=` first (a short name or a media type), else the
/// best match of the `Accept` header (q-values, wildcards); the first of `formats` when the
/// client states no preference. `None`: nothing acceptable (HTTP 406).
fn negotiate(headers: &HeaderMap, format: Option<&str>, formats: &[Format]) -> Option<Format> {
    // a graph asked for as "xml" or "json" is RDF/XML or JSON-LD
    let graph = formats[0].output == OutputFormat::Turtle;
    let find = |m: &str| {
        let m = m.trim().to_ascii_lowercase();
        let m = match (graph, m.as_str()) {
            (true, "xml" | "application/xml" | "text/xml") => "application/rdf+xml".to_string(),
            (true, "json" | "application/json") => "application/ld+json".to_string(),
            _ => alias(&m).to_string(),
        };
        formats.iter().copied().find(|f| f.media == m)
    };
    if let Some(f) = format {
        return find(f);
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    if accept.is_empty() {
        return Some(formats[0]);
    }
    let mut best: Option<(f32, usize, Format)> = None;
    for (i, item) in accept.split(',').enumerate() {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q: f32 = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|v| v.trim().parse().ok())
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        let candidate = if media == "*/*" {
            Some(formats[0])
        } else if let Some(top) = media.strip_suffix("/*") {
            formats
                .iter()
                .copied()
                .find(|f| f.media.split('/').next() == Some(top))
        } else {
            find(&media)
        };
        // wildcards rank below a named type of the same q
        let specificity = usize::from(!media.contains('*'));
        if let Some(c) = candidate {
            let better = match best {
                None => true,
                Some((bq, bs, _)) => q > bq || (q == bq && specificity > bs),
            };
            if better {
                best = Some((q, specificity, c));
            }
            let _ = i;
        }
    }
    best.map(|b| b.2)
}

fn not_acceptable(formats: &[Format]) -> ApiError {
    ApiError::new(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the requested formats can be written; this result is available as {}",
            formats
                .iter()
                .map(|f| f.media)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

fn respond(body: Vec<u8>, media: &str, truncated: Option<usize>) -> Response {
    let ct = if media.starts_with("text/") || media.ends_with("json") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_string()
    };
    let mut r = (StatusCode::OK, body).into_response();
    if let Ok(v) = HeaderValue::from_str(&ct) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    if let Some(n) = truncated {
        r.headers_mut().insert(
            "x-newsgraph-truncated",
            HeaderValue::from_str(&format!("cut at {n} rows (--max-rows)"))
                .unwrap_or(HeaderValue::from_static("true")),
        );
    }
    r
}

/// Cancels a query when the request's future is dropped (the client went away).
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

async fn run_query(state: Shared, headers: &HeaderMap, query: String, p: Params) -> Response {
    let dataset = match p.dataset() {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    let headers = headers.clone();
    let cancel = CancellationToken::new();
    let token = cancel.clone();
    // a client that hangs up drops this future: the query is cancelled with it
    let _cancel_on_drop = CancelOnDrop(cancel.clone());
    let max_rows = state.config.max_rows;
    let limit = state.config.timeout;
    let s = state.clone();
    let task = tokio::task::spawn_blocking(move || -> Result<Response, ApiError> {
        let results = s.store.query_in(&query, &dataset, Some(token))?;
        let formats: &[Format] = match results {
            QueryResults::Graph(_) => &GRAPH_FORMATS,
            _ => &RESULT_FORMATS,
        };
        let f = negotiate(&headers, p.format.as_deref(), formats)
            .ok_or_else(|| not_acceptable(formats))?;
        let mut body = Vec::new();
        let written = write_results_limited(results, f.output, Some(max_rows), &mut body)?;
        Ok(respond(
            body,
            f.media,
            written.truncated.then_some(written.rows),
        ))
    });
    match tokio::time::timeout(limit, task).await {
        Err(_) => {
            cancel.cancel();
            timeout_error(limit).into_response()
        }
        Ok(Err(join)) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("query failed: {join}"),
        )
        .into_response(),
        Ok(Ok(Ok(r))) => r,
        Ok(Ok(Err(e))) => e.into_response(),
    }
}

/// The SPARQL 1.1 Service Description of this endpoint, in the negotiated RDF format (Turtle
/// by default).
fn service_description(state: &Shared, headers: &HeaderMap, format: Option<&str>) -> Response {
    let Some(f) = negotiate(headers, format, &GRAPH_FORMATS) else {
        return not_acceptable(&GRAPH_FORMATS).into_response();
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| h.parse::<axum::http::uri::Authority>().is_ok())
        .map(str::to_string)
        .unwrap_or_else(|| state.config.bind.to_string());
    let endpoint = format!("http://{host}/sparql");
    let mut ttl = String::from(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n@prefix void: <http://rdfs.org/ns/void#> .\n",
    );
    ttl.push_str(&format!(
        "<{endpoint}> a sd:Service ;\n  sd:endpoint <{endpoint}> ;\n  sd:supportedLanguage sd:SPARQL11Query{} ;\n",
        if state.config.allow_write {
            ", sd:SPARQL11Update"
        } else {
            ""
        }
    ));
    ttl.push_str("  sd:feature sd:UnionDefaultGraph ;\n");
    let formats: Vec<String> = [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "N-Quads",
        "JSON-LD",
        "RDF_XML",
    ]
    .iter()
    .map(|n| format!("<http://www.w3.org/ns/formats/{n}>"))
    .collect();
    ttl.push_str(&format!("  sd:resultFormat {} ;\n", formats.join(", ")));
    ttl.push_str("  sd:defaultDataset [ a sd:Dataset ;\n    sd:defaultGraph [ a sd:Graph ] ;\n");
    let named = [vocab::ENTITY_GRAPH, vocab::META_GRAPH];
    for g in named {
        ttl.push_str(&format!(
            "    sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ] ;\n"
        ));
    }
    ttl.push_str("  ] .\n");
    if f.output == OutputFormat::Turtle {
        return respond(ttl.into_bytes(), f.media, None);
    }
    // any other RDF format: parse our Turtle and write it again
    let store = match oxigraph::store::Store::new() {
        Ok(s) => s,
        Err(e) => {
            return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
        }
    };
    if let Err(e) = store.load_from_reader(oxigraph::io::RdfFormat::Turtle, ttl.as_bytes()) {
        return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    }
    let sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }";
    let mut body = Vec::new();
    let written = oxigraph::sparql::SparqlEvaluator::new()
        .parse_query(sparql)
        .map_err(|e| e.to_string())
        .and_then(|q| q.on_store(&store).execute().map_err(|e| e.to_string()))
        .and_then(|r| {
            write_results_limited(r, f.output, None, &mut body).map_err(|e| e.to_string())
        });
    match written {
        Ok(_) => respond(body, f.media, None),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
    }
}

/// Graph Store Protocol GET: `?graph=IRI` (an article's IRI stands for its graph), `?article=ID`
/// (id, URL, path or key, as `export --article` takes it), or `?default` (the union default
/// graph). Cut at `--max-rows` triples.
pub async fn graph_store(
    State(state): State<Shared>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let raw = raw.unwrap_or_default();
    let mut graph = None;
    let mut article = None;
    let mut default = false;
    let mut format = None;
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        match k.as_ref() {
            "graph" => graph = Some(v.into_owned()),
            "article" => article = Some(v.into_owned()),
            "default" => default = true,
            "format" => format = Some(v.into_owned()),
            _ => {}
        }
    }
    let Some(f) = negotiate(&headers, format.as_deref(), &GRAPH_FORMATS) else {
        return not_acceptable(&GRAPH_FORMATS).into_response();
    };
    let max_rows = state.config.max_rows;
    let r = crate::blocking(&state, move |s| {
        let g: Option<NamedNode> = match (graph, article) {
            (Some(g), _) => {
                let g = g.trim().to_string();
                let g = match g.strip_prefix(vocab::ARTICLE_PREFIX) {
                    Some(key) => format!("{}{key}", vocab::ARTICLE_GRAPH_PREFIX),
                    None => g,
                };
                Some(NamedNode::new(&g).map_err(|e| {
                    ApiError::bad_request(format!("invalid graph IRI `{g}`: {e}"))
                })?)
            }
            (None, Some(a)) => {
                let iri = s.store.find_article(&a)?.ok_or_else(|| {
                    ApiError::not_found(format!("no article `{a}` in the store (name it by its id, URL, path, 16-hex-digit key or IRI)"))
                })?;
                let key = iri.as_str().strip_prefix(vocab::ARTICLE_PREFIX).unwrap_or("");
                Some(NamedNode::new_unchecked(format!(
                    "{}{key}",
                    vocab::ARTICLE_GRAPH_PREFIX
                )))
            }
            (None, None) if default => None,
            (None, None) => {
                return Err(ApiError::bad_request(
                    "name the graph: /store?graph=IRI, /store?article=ID or /store?default",
                ))
            }
        };
        let results = match &g {
            Some(g) => s.store.query_bound(
                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                &[("g", Term::from(g.clone()))],
            )?,
            None => s.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")?,
        };
        let mut body = Vec::new();
        let written = write_results_limited(results, f.output, Some(max_rows), &mut body)?;
        if written.rows == 0 {
            if let Some(g) = g {
                return Err(ApiError::not_found(format!("no graph {g} in the store")));
            }
        }
        Ok(respond(
            body,
            f.media,
            written.truncated.then_some(written.rows),
        ))
    })
    .await;
    r.unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn negotiation_follows_q_values_and_wildcards() {
        let pick = |a: &str, f: &[Format]| negotiate(&accept(a), None, f).map(|f| f.media);
        assert_eq!(
            pick(
                "text/csv;q=0.5, application/sparql-results+xml",
                &RESULT_FORMATS
            ),
            Some("application/sparql-results+xml")
        );
        assert_eq!(
            pick("text/html,*/*;q=0.8", &RESULT_FORMATS),
            Some("application/sparql-results+json")
        );
        assert_eq!(
            pick("application/json", &RESULT_FORMATS),
            Some("application/sparql-results+json")
        );
        assert_eq!(pick("text/*", &GRAPH_FORMATS), Some("text/turtle"));
        assert_eq!(
            pick("application/rdf+xml", &GRAPH_FORMATS),
            Some("application/rdf+xml")
        );
        assert_eq!(pick("image/png", &RESULT_FORMATS), None);
        assert_eq!(
            negotiate(&HeaderMap::new(), Some("xml"), &GRAPH_FORMATS).map(|f| f.media),
            Some("application/rdf+xml")
        );
        assert_eq!(
            negotiate(&HeaderMap::new(), Some("tsv"), &RESULT_FORMATS).map(|f| f.media),
            Some("text/tab-separated-values")
        );
    }
}
