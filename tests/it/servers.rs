//! Remote SPARQL stores started for the tests and the `remote` benchmark (which includes this
//! file): Oxigraph's server (`oxigraph serve`, PyPI `oxigraph`) and Virtuoso Open Source 7
//! (`virtuoso-t`, Debian `virtuoso-opensource`), each over a fresh directory on a free port,
//! killed when dropped. Where a server's package is absent they return `None` after a
//! `SKIPPED` message on stderr.

use std::fs;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A server process on a free port, killed when dropped.
pub struct Server {
    child: Option<Child>,
    /// The SPARQL query endpoint.
    pub endpoint: String,
    port: u16,
    start: Box<dyn Fn(u16) -> Child>,
    /// Commands run once the server listens (Virtuoso's grants).
    setup: Box<dyn Fn()>,
}

impl Server {
    pub fn launch(&mut self) {
        self.child = Some((self.start)(self.port));
        // bounded: 600 tries of 100 ms (Virtuoso takes a few seconds to create a database)
        for _ in 0..600 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                (self.setup)();
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!("the server exited with {status} before it listened");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not listen on port {}", self.port);
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Oxigraph's server over a fresh directory, with the union of the graphs as default graph;
/// `preload`: an RDF dump bulk-loaded into it first (`oxigraph load`).
pub fn oxigraph(dir: &Path, preload: Option<&Path>) -> Option<Server> {
    if !on_path("oxigraph") {
        eprintln!("SKIPPED: no `oxigraph` on PATH (pip install oxigraph); .ci/run installs it");
        return None;
    }
    let data = dir.join("oxigraph-data");
    if let Some(dump) = preload {
        let out = Command::new("oxigraph")
            .args(["load", "--location"])
            .arg(&data)
            .arg("--file")
            .arg(dump)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let port = free_port();
    let mut s = Server {
        child: None,
        endpoint: format!("http://127.0.0.1:{port}/query"),
        port,
        start: Box::new(move |port| {
            Command::new("oxigraph")
                .args(["serve", "--union-default-graph", "--location"])
                .arg(&data)
                .args(["--bind", &format!("127.0.0.1:{port}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        }),
        setup: Box::new(|| {}),
    };
    s.launch();
    Some(s)
}

/// Virtuoso with a database of its own in `dir`, SPARQL updates and the Graph Store endpoint
/// opened to the anonymous user (its authenticated endpoints take digest authentication).
pub fn virtuoso(dir: &Path) -> Option<Server> {
    if !on_path("virtuoso-t") || !on_path("isql-vt") {
        eprintln!("SKIPPED: no `virtuoso-t` / `isql-vt` (apt-get install virtuoso-opensource); .ci/run installs it");
        return None;
    }
    let db = dir.join("virtuoso");
    fs::create_dir_all(&db).unwrap();
    let (port, sql_port) = (free_port(), free_port());
    let d = db.display();
    let ini = format!(
        "[Database]\nDatabaseFile = {d}/v.db\nErrorLogFile = {d}/v.log\nLockFile = {d}/v.lck\nTransactionFile = {d}/v.trx\nxa_persistent_file = {d}/v.pxa\nFileExtend = 200\nStriping = 0\nTempStorage = TempDatabase\n\
         [TempDatabase]\nDatabaseFile = {d}/v-temp.db\nTransactionFile = {d}/v-temp.trx\nStriping = 0\n\
         [Parameters]\nServerPort = {sql_port}\nServerThreads = 10\nCheckpointInterval = 60\nNumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\nDirsAllowed = .\n\
         [HTTPServer]\nServerPort = {port}\nServerRoot = {d}\nServerThreads = 10\nMaxKeepAlives = 10\nKeepAliveTimeout = 10\nEnabledDavVSP = 0\n\
         [SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = 600\n"
    );
    let ini_path = db.join("virtuoso.ini");
    fs::write(&ini_path, ini).unwrap();
    let mut s = Server {
        child: None,
        endpoint: format!("http://127.0.0.1:{port}/sparql"),
        port,
        start: Box::new(move |_| {
            Command::new("virtuoso-t")
                .arg("-c")
                .arg(&ini_path)
                .arg("+foreground")
                .current_dir(&db)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        }),
        setup: Box::new(move || {
            // the SQL port may open a moment after the HTTP one
            for _ in 0..100 {
                let ok = Command::new("isql-vt")
                    .arg(sql_port.to_string())
                    .args(["dba", "dba"])
                    .arg("exec=GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if ok {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            panic!("could not grant SPARQL updates on Virtuoso");
        }),
    };
    s.launch();
    Some(s)
}
