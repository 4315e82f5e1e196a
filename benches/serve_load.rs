//! Load benchmark of `newsgraph serve` (not a test): with a corpus ingested (default
//! ../shared/data/bbc-news, or NEWSGRAPH_BENCH_DIR; the store is built once in
//! NEWSGRAPH_BENCH_STORE or a temporary directory), starts the server on a free loopback port
//! and runs 16 concurrent clients (NEWSGRAPH_BENCH_CLIENTS) for 60 s (NEWSGRAPH_BENCH_SECS),
//! each in a bounded loop alternating an entity card (`/api/entity/ID`, over the 200 most
//! mentioned entities) and a simple SELECT (`/sparql`, one entity's labels, JSON). Then, one
//! client at a time, `why` and `timeline` over pairs of the most mentioned entities. Prints
//! p50 / p99 / max latency per request kind, errors, requests per second, and the server's
//! resident memory (now and peak, from /proc).
//!
//! Run with `cargo bench --bench serve_load`; figures go to stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The local part of an entity IRI, for the report.
fn short(iri: &str) -> &str {
    iri.strip_prefix("https://w3id.org/newsgraph/entity/")
        .unwrap_or(iri)
}

/// One HTTP/1.1 GET (a new connection, `Connection: close`): status and body.
fn get(addr: &str, path: &str, accept: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no HTTP response"))?;
    let status = String::from_utf8_lossy(&raw[..end])
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, raw[end + 4..].to_vec()))
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

fn summary(name: &str, mut v: Vec<f64>, errors: usize, secs: f64) {
    if v.is_empty() {
        println!("{name}: no requests, {errors} errors");
        return;
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    let rate = if secs.is_finite() {
        format!(" ({:.0}/s)", v.len() as f64 / secs)
    } else {
        String::new()
    };
    println!(
        "{name}: n={}{rate} p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms, errors {errors}",
        v.len(),
        q(0.5),
        q(0.99),
        q(1.0)
    );
}

fn proc_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("NEWSGRAPH_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/bbc-news"));
    let tmp = tempfile::tempdir().expect("temporary directory");
    let store = std::env::var_os("NEWSGRAPH_BENCH_STORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("db"));
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    if !store.join("newsgraph-store").exists() {
        if !corpus.exists() {
            eprintln!(
                "no benchmark corpus at {} (set NEWSGRAPH_BENCH_DIR)",
                corpus.display()
            );
            std::process::exit(2);
        }
        let t = Instant::now();
        let st = Command::new(bin)
            .arg("--store")
            .arg(&store)
            .args(["-q", "ingest"])
            .arg(&corpus)
            .status()
            .expect("newsgraph ingest runs");
        assert!(st.code().is_some_and(|c| c <= 1), "ingest failed");
        println!(
            "ingested {} in {:.1} s",
            corpus.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let clients = env_usize("NEWSGRAPH_BENCH_CLIENTS", 16);
    let secs = env_usize("NEWSGRAPH_BENCH_SECS", 60) as u64;

    let mut child = Command::new(bin)
        .arg("--store")
        .arg(&store)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("newsgraph serve starts");
    let pid = child.id();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        if err.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("serve ended before listening");
        }
        if let Some(a) = line.trim().strip_prefix("listening on http://") {
            break a.trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = err.read_to_string(&mut sink);
    });
    println!(
        "server pid {pid} on {addr}, store {}; RSS after start {} MB",
        store.display(),
        proc_kb(pid, "VmRSS:") / 1024
    );

    let (_, body) = get(&addr, "/api/entities?limit=200", "application/json").expect("entities");
    let list: serde_json::Value = serde_json::from_slice(&body).expect("entities JSON");
    let iris: Vec<String> = list["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["iri"].as_str().map(str::to_string))
        .collect();
    assert!(iris.len() >= 2, "the store holds too few entities");
    let iris = Arc::new(iris);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let errors = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|w| {
            let (addr, iris, errors) = (addr.clone(), iris.clone(), errors.clone());
            std::thread::spawn(move || {
                let mut lat: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
                let mut i = w * 7;
                while Instant::now() < deadline {
                    let iri = &iris[i % iris.len()];
                    let id = iri
                        .strip_prefix("https://w3id.org/newsgraph/entity/")
                        .unwrap_or(iri);
                    let kind = i % 2;
                    let path = if kind == 0 {
                        format!("/api/entity/{id}")
                    } else {
                        format!(
                            "/sparql?query={}",
                            enc(&format!("SELECT ?label WHERE {{ <{iri}> skos:prefLabel|skos:altLabel ?label }}"))
                        )
                    };
                    let t = Instant::now();
                    match get(&addr, &path, "application/sparql-results+json") {
                        Ok((200, body)) if !body.is_empty() => {
                            lat[kind].push(t.elapsed().as_secs_f64() * 1000.0)
                        }
                        _ => {
                            errors[kind].fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    i += 1;
                }
                lat
            })
        })
        .collect();
    let mut peak_rss = 0;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
        peak_rss = peak_rss.max(proc_kb(pid, "VmRSS:"));
    }
    let mut cards = Vec::new();
    let mut selects = Vec::new();
    for w in workers {
        let [c, s] = w.join().expect("client thread");
        cards.extend(c);
        selects.extend(s);
    }
    let took = started.elapsed().as_secs_f64();
    println!("{clients} clients for {secs} s:");
    summary(
        "  entity card  /api/entity/ID",
        cards,
        errors[0].load(Ordering::Relaxed),
        took,
    );
    summary(
        "  simple SELECT /sparql      ",
        selects,
        errors[1].load(Ordering::Relaxed),
        took,
    );

    // why and timeline, one request at a time, over the most mentioned entities
    let mut why = Vec::new();
    let mut timeline = Vec::new();
    let mut slowest: Vec<(f64, String)> = Vec::new();
    let mut errs = [0, 0];
    let n = iris.len().min(40);
    for i in 0..n {
        let a = &iris[i];
        let b = &iris[(i + 1) % n];
        let t = Instant::now();
        match get(
            &addr,
            &format!("/api/why?a={}&b={}", enc(a), enc(b)),
            "application/json",
        ) {
            Ok((200, _)) => {
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                why.push(ms);
                slowest.push((ms, format!("why {} {}", short(a), short(b))));
            }
            _ => errs[0] += 1,
        }
        let t = Instant::now();
        match get(
            &addr,
            &format!("/api/timeline?entity={}", enc(a)),
            "application/json",
        ) {
            Ok((200, _)) => {
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                timeline.push(ms);
                slowest.push((ms, format!("timeline {}", short(a))));
            }
            _ => errs[1] += 1,
        }
    }
    println!("one client, the {n} most mentioned entities:");
    summary("  why          /api/why     ", why, errs[0], f64::NAN);
    summary("  timeline     /api/timeline", timeline, errs[1], f64::NAN);
    slowest.sort_by(|x, y| y.0.total_cmp(&x.0));
    let slowest: Vec<String> = slowest
        .iter()
        .take(5)
        .map(|(ms, what)| format!("{what} {ms:.1} ms"))
        .collect();
    println!("  slowest: {}", slowest.join(", "));
    peak_rss = peak_rss.max(proc_kb(pid, "VmRSS:"));
    println!(
        "server RSS: now {} MB, peak sampled {} MB, high-water mark {} MB",
        proc_kb(pid, "VmRSS:") / 1024,
        peak_rss / 1024,
        proc_kb(pid, "VmHWM:") / 1024
    );
    let _ = child.kill();
    let _ = child.wait();
}
