//! `newsgraph serve` on the sample store, as clients see it: the SPARQL 1.1 Protocol (every
//! result format read back by real parsers, ASK, CONSTRUCT, errors with their statuses, the
//! timeout, the size limit, updates refused without the flag and the token, the dataset
//! parameters, the Service Description, Graph Store GET), the JSON API, CORS, real independent
//! clients (Python's SPARQLWrapper and rdflib, curl), and a real browser (headless Chromium).
//!
//! Each test starts its own server on a free port (`--bind 127.0.0.1:0`, the address read from
//! the "listening on" line on stderr) and stops it when done.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use serde_json::Value;

use crate::{assert_ok, ingest, repo, samples};

/// A running `newsgraph serve`, killed when dropped (with its temporary folder, if it owns one).
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
    _dir: Option<tempfile::TempDir>,
    store: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A sample store and a server over it started with `args`.
fn serve(args: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    assert_ok(&ingest(&store, &[&samples()]));
    start(dir, store, args)
}

fn start(dir: tempfile::TempDir, store: PathBuf, args: &[&str]) -> Server {
    let mut srv = start_on(&store, args);
    srv._dir = Some(dir);
    srv
}

/// `newsgraph serve --bind 127.0.0.1:0 ARGS` over `store`, its address read from the
/// "listening on" line on stderr.
pub(crate) fn start_on(store: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsgraph"))
        .env_remove("NEWSGRAPH_STORE")
        .env_remove("NEWSGRAPH_TOKEN")
        .arg("--store")
        .arg(store)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("newsgraph serve starts");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let mut seen = String::new();
    let addr = loop {
        line.clear();
        if err.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            panic!("serve ended before listening: {seen}");
        }
        seen.push_str(&line);
        if let Some(a) = line.trim().strip_prefix("listening on http://") {
            break a.trim_end_matches('/').to_string();
        }
    };
    // keep reading stderr so the server never blocks on a full pipe
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = err.read_to_string(&mut sink);
    });
    Server {
        child,
        addr,
        _dir: None,
        store: store.to_path_buf(),
    }
}

pub(crate) struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// A plain HTTP/1.1 exchange (`Connection: close`), so the tests need no HTTP client crate.
fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    // the server may answer (413) before it reads a large body
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP response: {}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(nl) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&b[..nl])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + size]);
        b = &b[nl + 2 + size + 2..];
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) fn get(srv: &Server, path: &str, accept: &str) -> Resp {
    http(&srv.addr, "GET", path, &[("Accept", accept)], b"")
}

fn query(srv: &Server, sparql: &str, accept: &str) -> Resp {
    get(srv, &format!("/sparql?query={}", enc(sparql)), accept)
}

const LABELS: &str =
    "SELECT ?e ?label WHERE { ?e a ng:Country ; skos:prefLabel ?label } ORDER BY ?label";

fn solutions(body: &[u8], f: QueryResultsFormat) -> Vec<Vec<String>> {
    match QueryResultsParser::from_format(f).for_reader(body).unwrap() {
        ReaderQueryResultsParserOutput::Solutions(s) => s
            .map(|s| s.unwrap().iter().map(|(_, t)| t.to_string()).collect())
            .collect(),
        ReaderQueryResultsParserOutput::Boolean(_) => panic!("a boolean, not solutions"),
    }
}

fn triples(body: &[u8], f: RdfFormat) -> usize {
    // every quad must parse: a count alone would hide an error
    RdfParser::from_format(f)
        .for_reader(body)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{e}"))
        .len()
}

#[test]
fn select_in_every_result_format_and_ask_and_construct() {
    let srv = serve(&[]);
    let json = query(&srv, LABELS, "application/sparql-results+json");
    assert_eq!(json.status, 200, "{}", json.text());
    assert!(json
        .header("content-type")
        .unwrap()
        .starts_with("application/sparql-results+json"));
    let v = json.json();
    assert_eq!(v["head"]["vars"], serde_json::json!(["e", "label"]));
    let rows = v["results"]["bindings"].as_array().unwrap();
    assert!(rows.iter().any(|b| b["label"]["value"] == "China"));
    let n = rows.len();
    assert!(n >= 5, "{n} countries");

    for (accept, f) in [
        ("application/sparql-results+xml", QueryResultsFormat::Xml),
        ("text/tab-separated-values", QueryResultsFormat::Tsv),
        ("application/json", QueryResultsFormat::Json),
    ] {
        let r = query(&srv, LABELS, accept);
        assert_eq!(r.status, 200, "{accept}: {}", r.text());
        let rows = solutions(&r.body, f);
        assert_eq!(rows.len(), n, "{accept}");
        assert!(
            rows.iter().any(|r| r.contains(&"\"China\"".to_string())),
            "{accept}"
        );
    }
    // CSV: a header and one line per row, with a comma between the columns
    let csv = query(&srv, LABELS, "text/csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let text = csv.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "e,label");
    assert_eq!(lines.len(), n + 1);
    assert!(
        lines.contains(&"https://w3id.org/newsgraph/entity/Q148,China"),
        "{text}"
    );
    // format= overrides Accept
    let r = get(
        &srv,
        &format!("/sparql?format=tsv&query={}", enc(LABELS)),
        "application/sparql-results+json",
    );
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("text/tab-separated-values"));

    // ASK, by POST of the query itself
    let ask = http(
        &srv.addr,
        "POST",
        "/sparql",
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "application/sparql-results+json"),
        ],
        b"ASK { ?x ng:opposes ?y }",
    );
    assert_eq!(ask.status, 200, "{}", ask.text());
    assert_eq!(ask.json()["boolean"], true);

    // CONSTRUCT, by POST of a form, in every RDF format
    let construct = "CONSTRUCT { ?x ng:partnersWith ?y } WHERE { ?x ng:partnersWith ?y }";
    let form = format!("query={}", enc(construct));
    let mut counts = Vec::new();
    for (accept, f) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/n-quads", RdfFormat::NQuads),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
        ("application/rdf+xml", RdfFormat::RdfXml),
    ] {
        let r = http(
            &srv.addr,
            "POST",
            "/sparql",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", accept),
            ],
            form.as_bytes(),
        );
        assert_eq!(r.status, 200, "{accept}: {}", r.text());
        assert!(
            r.header("content-type").unwrap().starts_with(accept),
            "{accept}"
        );
        counts.push(triples(&r.body, f));
    }
    assert!(counts[0] > 0);
    assert!(counts.iter().all(|c| *c == counts[0]), "{counts:?}");

    // nothing acceptable: 406 naming what is
    let r = query(&srv, LABELS, "image/png");
    assert_eq!(r.status, 406);
    assert!(r.text().contains("text/csv"), "{}", r.text());
}

#[test]
fn a_syntax_error_is_400_with_the_parsers_message() {
    let srv = serve(&[]);
    let r = query(
        &srv,
        "SELECT * WHERE { ?s ?p }",
        "application/sparql-results+json",
    );
    assert_eq!(r.status, 400);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    let t = r.text();
    assert!(t.starts_with("SPARQL syntax error: error at 1:"), "{t}");
    // an update sent as a query
    let r = query(&srv, "INSERT DATA { <a:b> <a:c> <a:d> }", "*/*");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("SPARQL Update"), "{}", r.text());
    // a bad graph IRI in the dataset
    let r = get(
        &srv,
        &format!(
            "/sparql?default-graph-uri=not%20an%20iri&query={}",
            enc(LABELS)
        ),
        "*/*",
    );
    assert_eq!(r.status, 400);
    assert!(r.text().contains("invalid graph IRI"), "{}", r.text());
}

#[test]
fn an_expensive_query_stops_with_503_within_the_timeout() {
    let srv = serve(&["--timeout", "1"]);
    let started = Instant::now();
    let r = query(
        &srv,
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "application/sparql-results+json",
    );
    let took = started.elapsed();
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("--timeout"), "{}", r.text());
    assert!(took < Duration::from_secs(4), "answered after {took:?}");
    // the server still answers
    assert_eq!(query(&srv, "ASK { ?s ?p ?o }", "*/*").status, 200);
}

#[test]
fn oversized_requests_are_413_and_results_are_capped() {
    let srv = serve(&["--max-body", "1000", "--max-rows", "3"]);
    let big = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(5000));
    let r = http(
        &srv.addr,
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        big.as_bytes(),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("1000 bytes"), "{}", r.text());
    let r = query(
        &srv,
        "SELECT * WHERE { ?s ?p ?o }",
        "application/sparql-results+json",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["results"]["bindings"].as_array().unwrap().len(), 3);
    assert!(r.header("x-newsgraph-truncated").is_some());
}

#[test]
fn updates_are_refused_without_the_flag_and_the_token() {
    let update = format!(
        "update={}",
        enc("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> \"c\" } }")
    );
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let srv = serve(&[]);
    for path in ["/sparql", "/update"] {
        let r = http(
            &srv.addr,
            "POST",
            path,
            &[form, ("Authorization", "Bearer anything")],
            update.as_bytes(),
        );
        assert_eq!(r.status, 403, "{path}: {}", r.text());
        assert!(r.text().contains("read-only"), "{}", r.text());
    }
    // by GET: never
    let r = get(&srv, &format!("/sparql?{update}"), "*/*");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    let store = srv.store.clone();
    drop(srv);

    // --allow-write without a token does not start
    let out = crate::at(&store)
        .args(["serve", "--bind", "127.0.0.1:0", "--allow-write"])
        .env_remove("NEWSGRAPH_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a bearer token"));

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("db");
    assert_ok(&ingest(&copy, &[&samples()]));
    let srv = start(dir, copy, &["--allow-write", "--token", "s3cret"]);
    let r = http(&srv.addr, "POST", "/update", &[form], update.as_bytes());
    assert_eq!(r.status, 401);
    assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    let r = http(
        &srv.addr,
        "POST",
        "/update",
        &[form, ("Authorization", "Bearer wrong!")],
        update.as_bytes(),
    );
    assert_eq!(r.status, 403);
    let ask = "ASK { GRAPH <urn:g> { <urn:a> <urn:b> \"c\" } }";
    assert_eq!(
        query(&srv, ask, "application/json").json()["boolean"],
        false
    );
    let r = http(
        &srv.addr,
        "POST",
        "/update",
        // the scheme's case does not matter (RFC 9110)
        &[form, ("Authorization", "bearer s3cret")],
        update.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // the store's size before and after: the inserted quad is one more
    let sizes: Vec<usize> = r
        .text()
        .trim()
        .trim_start_matches("update done: ")
        .trim_end_matches(" quads")
        .split(" -> ")
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(sizes[1] > sizes[0], "{}", r.text());
    assert_eq!(query(&srv, ask, "application/json").json()["boolean"], true);
}

#[test]
fn dataset_parameters_service_description_and_graph_store_get() {
    let srv = serve(&[]);
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let n = |r: Resp| -> usize {
        r.json()["results"]["bindings"][0]["n"]["value"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    let all = n(query(&srv, count, "application/json"));
    let meta = "https://w3id.org/newsgraph/graph/meta";
    let only_meta = n(get(
        &srv,
        &format!(
            "/sparql?default-graph-uri={}&query={}",
            enc(meta),
            enc(count)
        ),
        "application/json",
    ));
    assert!(only_meta > 0 && only_meta < all, "{only_meta} of {all}");
    // named-graph-uri: GRAPH ?g sees only the graphs named
    let graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }";
    let r = get(
        &srv,
        &format!(
            "/sparql?named-graph-uri={}&query={}",
            enc(meta),
            enc(graphs)
        ),
        "application/json",
    )
    .json();
    let gs = r["results"]["bindings"].as_array().unwrap();
    assert_eq!(gs.len(), 1);
    assert_eq!(gs[0]["g"]["value"], meta);

    // the Service Description
    let sd = get(&srv, "/sparql", "text/turtle");
    assert_eq!(sd.status, 200);
    assert!(sd.text().contains("sd:Service"));
    assert!(triples(&sd.body, RdfFormat::Turtle) > 5);
    let sd = get(&srv, "/sparql", "application/n-triples");
    assert!(sd
        .text()
        .contains("<http://www.w3.org/ns/sparql-service-description#UnionDefaultGraph>"));

    // Graph Store Protocol GET of one article's graph (by key, and by graph IRI)
    let r = get(&srv, "/store?article=wire-002", "application/n-triples");
    assert_eq!(r.status, 200, "{}", r.text());
    let by_article = triples(&r.body, RdfFormat::NTriples);
    assert!(by_article > 50);
    let key = r
        .text()
        .split("https://w3id.org/newsgraph/article/")
        .nth(1)
        .unwrap()[..16]
        .to_string();
    let g = format!("https://w3id.org/newsgraph/graph/article/{key}");
    let r = get(&srv, &format!("/store?graph={}", enc(&g)), "text/turtle");
    assert_eq!(triples(&r.body, RdfFormat::Turtle), by_article);
    let r = get(&srv, "/store?graph=urn%3Anothing", "text/turtle");
    assert_eq!(r.status, 404);
    assert_eq!(get(&srv, "/store", "*/*").status, 400);
}

#[test]
fn the_json_api_answers_what_the_cli_prints() {
    let srv = serve(&[]);
    let s = get(&srv, "/api/search?q=chin", "*/*").json();
    assert_eq!(s["matches"][0]["label"], "China");
    let s = get(&srv, "/api/search?q=Chinaa%20Republik", "*/*").json();
    assert!(s["matches"].as_array().unwrap().is_empty());

    let card = get(&srv, "/api/entity/Q148", "*/*").json();
    assert_eq!(card["label"], "China");
    assert_eq!(card["type"], "Country");
    // the same card the CLI prints
    let out = crate::at(&srv.store)
        .args(["entity", "China", "--json", "--items", "10"])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli["cards"][0], card);
    // by name, and a name that matches nothing
    assert_eq!(
        get(&srv, "/api/entity/china", "*/*").json()["iri"],
        card["iri"]
    );
    let r = get(&srv, "/api/entity/zzzqqq", "*/*");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("no entity matches 'zzzqqq'"));

    let list = get(&srv, "/api/entities?type=Country&limit=3", "*/*").json();
    assert_eq!(list["entities"].as_array().unwrap().len(), 3);
    assert_eq!(get(&srv, "/api/entities?type=Planet", "*/*").status, 400);

    let ego = get(&srv, "/api/ego/Q148?depth=1", "*/*").json();
    let ids: Vec<&str> = ego["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"https://w3id.org/newsgraph/entity/Q17"),
        "{ids:?}"
    );

    let w = get(&srv, "/api/why?a=China&b=Japan", "*/*").json();
    assert!(w["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["summary"] == "China opposes Japan"));
    let t = get(&srv, "/api/timeline?entity=China&since=2026-04-01", "*/*").json();
    assert!(t["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["date"] == "2026-04-15"));
    assert_eq!(
        get(&srv, "/api/timeline?entity=China&since=April", "*/*").status,
        400
    );
    // a page of the timeline: its place and the whole count, for a pager
    let whole = get(&srv, "/api/timeline?entity=China", "*/*").json();
    let page = get(&srv, "/api/timeline?entity=China&offset=1&limit=1", "*/*").json();
    assert_eq!(page["total"], whole["total"]);
    assert_eq!(page["offset"], 1);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0], whole["items"][1]);
    assert_eq!(
        get(&srv, "/api/timeline?entity=China&limit=ten", "*/*").status,
        400
    );

    // the article: offsets are code points into its text
    let a = get(&srv, "/api/article/wire-002", "*/*").json();
    let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    let mentions = a["mentions"].as_array().unwrap();
    assert!(!mentions.is_empty());
    for m in mentions {
        let (b, e) = (
            m["begin"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let anchor: String = text[b..e].iter().collect();
        assert!(!anchor.trim().is_empty());
    }
    assert!(mentions.iter().any(|m| {
        let (b, e) = (
            m["begin"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        m["entity"]["label"] == "China" && text[b..e].iter().collect::<String>() == "China"
    }));
    assert!(!a["relations"].as_array().unwrap().is_empty());
    assert_eq!(get(&srv, "/api/article/nope", "*/*").status, 404);
    assert_eq!(get(&srv, "/no/such/page", "*/*").status, 404);
}

#[test]
fn cors_headers_only_when_an_origin_is_given() {
    let srv = serve(&[]);
    let r = query(&srv, "ASK { ?s ?p ?o }", "*/*");
    assert!(r.header("access-control-allow-origin").is_none());
    drop(srv);
    let srv = serve(&["--cors", "https://notebook.example.org"]);
    let r = query(&srv, "ASK { ?s ?p ?o }", "*/*");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://notebook.example.org")
    );
    let pre = http(
        &srv.addr,
        "OPTIONS",
        "/sparql",
        &[("Origin", "https://notebook.example.org")],
        b"",
    );
    assert_eq!(pre.status, 204);
    assert!(pre
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
}

#[test]
fn sparqlwrapper_rdflib_and_curl_are_real_clients() {
    let srv = serve(&[]);
    let script = repo().join("tests/it/serve_client.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(format!("http://{}/sparql", srv.addr))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = v["json_rows"].as_u64().unwrap();
    assert!(n >= 5);
    for f in ["xml_rows", "csv_rows", "tsv_rows"] {
        assert_eq!(v[f].as_u64(), Some(n), "{f}: {v}");
    }
    assert_eq!(v["ask"], true);
    assert!(v["construct_triples"].as_u64().unwrap() > 0);
    assert_eq!(v["syntax_error"], "QueryBadFormed");
    assert_eq!(v["update_status"], 403);

    // curl, with a form POST and CSV
    let out = Command::new("curl")
        .args(["-s", "-f", "-H", "Accept: text/csv", "--data-urlencode"])
        .arg(format!("query={LABELS}"))
        .arg(format!("http://{}/sparql", srv.addr))
        .output()
        .expect("curl runs");
    assert!(out.status.success());
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(csv.lines().count() as u64, n + 1, "{csv}");
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// Chromium's rendering of a page after its scripts ran (`--dump-dom`), its console messages,
/// and a screenshot in `shots`.
fn browse(browser: &str, url: &str, shot: &Path) -> (String, String) {
    let base = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--window-size=1300,1000",
        "--virtual-time-budget=5000",
        "--enable-logging=stderr",
        "--v=0",
    ];
    let out = Command::new(browser)
        .args(base)
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    let console: String = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| {
            l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Failed to load resource")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let _ = Command::new(browser)
        .args(base)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(url)
        .output();
    (dom, console)
}

#[test]
fn chromium_renders_search_entity_graph_article_and_sparql_pages() {
    let Some(browser) = chromium() else {
        // CI installs it (.ci/run): there a missing browser is a failure, not a skip
        assert!(
            std::env::var_os("CI").is_none(),
            "no chromium on PATH under CI (apt-get install chromium)"
        );
        eprintln!("SKIPPED: no chromium on PATH (apt-get install chromium); the browser view was not checked");
        return;
    };
    let srv = serve(&[]);
    let shots = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
        .join("serve-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let base = format!("http://{}/", srv.addr);
    let pages: [(&str, &str, &[&str]); 5] = [
        ("search", "#/?q=chin", &["id=\"suggestions\"", "role=\"option\"", ">China", "id=\"entities\""]),
        ("entity", "#/entity/Q148", &["<h1>China", "Relations", "China tightens export licensing", "<canvas", "class=\"timeline\""]),
        ("article", "#/article/wire-002", &["class=\"article-text\"", "class=\"m\"", "data-entity=\"Q148\""]),
        ("why", "#/why?a=China&b=Japan", &["China opposes Japan", "Beijing condemned"]),
        ("sparql", "#/sparql?query=SELECT%20%3Fl%20WHERE%20%7B%20%3Fe%20a%20ng%3ACountry%20%3B%20skos%3AprefLabel%20%3Fl%20%7D", &["id=\"result-table\"", "<td>China</td>", "PREFIX ng:"]),
    ];
    for (name, hash, expect) in pages {
        let (dom, console) = browse(
            browser,
            &format!("{base}{hash}"),
            &shots.join(format!("{name}.png")),
        );
        assert!(
            dom.contains("data-ready=\"1\""),
            "{name}: the page did not finish: {dom}"
        );
        for e in expect {
            assert!(dom.contains(e), "{name}: no `{e}` in the page:\n{dom}");
        }
        assert!(
            !dom.contains("class=\"error\""),
            "{name}: an error is shown:\n{dom}"
        );
        assert!(console.is_empty(), "{name}: console messages:\n{console}");
    }
}

/// One WebDriver command to chromedriver (W3C WebDriver over HTTP, sent with curl: chromedriver
/// keeps connections open, which the plain `http` helper would wait on): its answer's `value`.
fn webdriver(addr: &str, method: &str, path: &str, body: &Value) -> Value {
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-m", "30", "-X", method])
        .arg(format!("http://{addr}{path}"));
    if method == "POST" {
        let body = match body {
            Value::Null => "{}".to_string(),
            b => b.to_string(),
        };
        cmd.args([
            "-H",
            "Content-Type: application/json",
            "--data-binary",
            &body,
        ]);
    }
    let out = cmd.output().expect("curl runs");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "WebDriver {method} {path}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    assert!(
        v["value"].get("error").is_none(),
        "WebDriver {method} {path}: {v}"
    );
    v["value"].clone()
}

/// The WebDriver id of the first element matching `css`, waiting up to 10 s for it.
fn element(addr: &str, session: &str, css: &str) -> String {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let found = webdriver(
            addr,
            "POST",
            &format!("/session/{session}/elements"),
            &serde_json::json!({"using": "css selector", "value": css}),
        );
        if let Some(e) = found.as_array().and_then(|a| a.first()) {
            return e["element-6066-11e4-a52e-4f735466cecf"]
                .as_str()
                .unwrap()
                .to_string();
        }
        assert!(Instant::now() < until, "no `{css}` on the page after 10 s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Wait up to 10 s until the page's URL contains `part`.
fn wait_url(addr: &str, session: &str, part: &str) -> String {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let url = webdriver(
            addr,
            "GET",
            &format!("/session/{session}/url"),
            &Value::Null,
        );
        let url = url.as_str().unwrap_or("").to_string();
        if url.contains(part) {
            return url;
        }
        assert!(
            Instant::now() < until,
            "the page stayed at {url}, not `{part}`"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Kills chromedriver when the test ends, however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn webdriver_search_click_through_to_the_card_and_an_article() {
    let found = Command::new("chromedriver")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let (true, Some(browser)) = (found, chromium()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no chromedriver or chromium on PATH under CI (apt-get install chromium chromium-driver)"
        );
        eprintln!("SKIPPED: no chromedriver (apt-get install chromium-driver); the click-through was not checked");
        return;
    };
    let srv = serve(&[]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _driver = Driver(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let wd = format!("127.0.0.1:{port}");
    let until = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(&wd).is_err() {
        assert!(Instant::now() < until, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let path = Command::new("which").arg(browser).output().unwrap();
    let binary = String::from_utf8_lossy(&path.stdout).trim().to_string();
    let caps = serde_json::json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": binary,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1300,1000"]
        }
    }}});
    let session = webdriver(&wd, "POST", "/session", &caps)["sessionId"]
        .as_str()
        .unwrap()
        .to_string();
    let s = session.as_str();
    webdriver(
        &wd,
        "POST",
        &format!("/session/{s}/url"),
        &serde_json::json!({"url": format!("http://{}/", srv.addr)}),
    );
    // type into the search box: suggestions appear; click the first
    let q = element(&wd, s, "#q");
    webdriver(
        &wd,
        "POST",
        &format!("/session/{s}/element/{q}/value"),
        &serde_json::json!({"text": "chin"}),
    );
    let option = element(&wd, s, "#suggestions li[role=option]");
    let label = webdriver(
        &wd,
        "GET",
        &format!("/session/{s}/element/{option}/text"),
        &Value::Null,
    );
    assert!(label.as_str().unwrap_or("").contains("China"), "{label}");
    webdriver(
        &wd,
        "POST",
        &format!("/session/{s}/element/{option}/click"),
        &Value::Null,
    );
    // the entity card
    wait_url(&wd, s, "#/entity/");
    let h1 = element(&wd, s, "main h1");
    let title = webdriver(
        &wd,
        "GET",
        &format!("/session/{s}/element/{h1}/text"),
        &Value::Null,
    );
    assert!(title.as_str().unwrap_or("").starts_with("China"), "{title}");
    // an evidence sentence's link opens its article with the mentions marked
    let link = element(&wd, s, ".evidence a");
    webdriver(
        &wd,
        "POST",
        &format!("/session/{s}/element/{link}/click"),
        &Value::Null,
    );
    wait_url(&wd, s, "#/article/");
    element(&wd, s, ".article-text .m");
    let _ = webdriver(&wd, "DELETE", &format!("/session/{s}"), &Value::Null);
}
