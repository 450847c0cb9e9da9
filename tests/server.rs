//! `newsgraph serve`, the SPARQL endpoint, run as a process on a loopback port
//! and asked over real sockets: the SPARQL 1.1 Protocol (GET, POST form, POST
//! query, content negotiation, datasets), the limits (413 for a body over the
//! limit, 503 for a query past the time limit while other clients are still
//! answered, 200 concurrent clients), 404 for every path it does not serve,
//! and two independent clients: SPARQLWrapper (Python) and roqet (rasqal).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::*;

/// A running `newsgraph serve` on a free loopback port, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    log: mpsc::Receiver<String>,
}

impl Server {
    /// Serves the committed `exports/graph.nq` with `args` added.
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .args(["serve", "--graph", "exports/graph.nq", "--bind", "127.0.0.1:0"])
            .args(args)
            .current_dir(repo())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        // Drains standard error (one line per request) so the server never
        // blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let first = log.recv_timeout(Duration::from_secs(120)).expect("the server says where it listens");
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        Server { child, addr, log }
    }

    /// Sends one raw HTTP/1.1 request (with `Connection: close`) and returns
    /// the status, the headers (names lower-cased) and the body.
    fn request(&self, head: &str, body: &[u8]) -> Reply {
        send(self.addr, head, body)
    }

    fn get(&self, target: &str, accept: &str) -> Reply {
        self.request(&format!("GET {target} HTTP/1.1\r\nAccept: {accept}\r\n"), b"")
    }

    fn query_url(&self, query: &str) -> String {
        format!("/sparql?query={}", encode(query))
    }

    fn logged(&self) -> Vec<String> {
        self.log.try_iter().collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn send(addr: SocketAddr, head: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut request = format!("{head}Host: {addr}\r\nConnection: close\r\n").into_bytes();
    if !head.to_ascii_lowercase().contains("transfer-encoding") && !head.starts_with("GET") {
        request.extend(format!("Content-Length: {}\r\n", body.len()).bytes());
    }
    request.extend(b"\r\n");
    request.extend(body);
    stream.write_all(&request).expect("sends");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the reply");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no header end in {text:?}"));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect::<Vec<_>>();
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked { dechunk(body) } else { body.to_string() };
    Reply { status, headers, body }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const PERSONS: &str = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }";
/// 5,000³ rows: hours of work. (A fourth pattern would make oxigraph build
/// a join of 25 million rows in memory between two checks of its
/// cancellation token: see the server module.)
const CARTESIAN: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

/// The number of persons, from `newsgraph query` on the same file.
fn persons_by_the_cli() -> String {
    let out = run(&["query", "--graph", "exports/graph.nq", PERSONS, "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().nth(1).expect("a row").trim().to_string()
}

#[test]
fn the_shipped_queries_answer_as_the_query_command_does() {
    let server = Server::start(&[]);
    let mut files: Vec<_> = std::fs::read_dir(repo().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    for file in files {
        let query = std::fs::read_to_string(&file).unwrap();
        let cli = run(&["query", "--graph", "exports/graph.nq", &query, "--format", "csv"]);
        assert!(cli.status.success(), "{}", stderr(&cli));
        let reply = server.get(&server.query_url(&query), "text/csv");
        assert_eq!(reply.status, 200, "{}: {}", file.display(), reply.body);
        assert_eq!(reply.header("content-type"), Some("text/csv; charset=utf-8"));
        assert_eq!(reply.body, stdout(&cli), "{}", file.display());
    }
}

#[test]
fn the_sparql_protocol() {
    let server = Server::start(&[]);
    let n = persons_by_the_cli();
    // GET, JSON by default.
    let reply = server.get(&server.query_url(PERSONS), "*/*");
    assert_eq!((reply.status, reply.header("content-type")), (200, Some("application/sparql-results+json")));
    assert!(reply.body.contains(&format!("\"value\":\"{n}\"")), "{}", reply.body);
    // POST, form-encoded; XML by Accept with q-values.
    let form = format!("query={}", encode(PERSONS));
    let reply = server.request(
        "POST /sparql HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: text/csv;q=0.5, application/sparql-results+xml\r\n",
        form.as_bytes(),
    );
    assert_eq!((reply.status, reply.header("content-type")), (200, Some("application/sparql-results+xml")));
    assert!(reply.body.contains(&format!(">{n}</literal>")), "{}", reply.body);
    // POST, the query as the body; TSV.
    let reply = server.request(
        "POST /query HTTP/1.1\r\nContent-Type: application/sparql-query\r\nAccept: text/tab-separated-values\r\n",
        PERSONS.as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body.lines().nth(1), Some(n.as_str()));
    // ASK, and CONSTRUCT negotiated to N-Triples.
    let reply = server.get(&server.query_url("ASK { ?p a schema:Person }"), "application/sparql-results+json");
    assert!(reply.body.contains("\"boolean\":true"), "{}", reply.body);
    let construct = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }";
    let reply = server.get(&server.query_url(construct), "application/n-triples");
    assert_eq!((reply.status, reply.header("content-type")), (200, Some("application/n-triples")));
    assert!(reply.body.lines().count() >= n.parse::<usize>().unwrap(), "{}", reply.body);
    // default-graph-uri: one article's graph holds fewer persons than the union.
    let article = server
        .get(&server.query_url("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g LIMIT 1"), "text/csv");
    let graph = article.body.lines().nth(1).expect("a named graph").trim().to_string();
    let reply = server.get(&format!("{}&default-graph-uri={}", server.query_url(PERSONS), encode(&graph)), "text/csv");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let in_one: usize = reply.body.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(0 < in_one && in_one < n.parse().unwrap(), "{in_one} persons in {graph}, {n} in all");
    // Errors: syntax 400, update 403, media types 415 and 406, methods 405.
    let reply = server.get(&server.query_url("SELECT ?x WHERE {"), "*/*");
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("SPARQL syntax error"), "{}", reply.body);
    assert_eq!(server.get("/sparql", "*/*").status, 400, "a request without a query");
    let update = "INSERT DATA { <http://a> <http://b> <http://c> }";
    let reply =
        server.request("POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-update\r\n", update.as_bytes());
    assert_eq!(reply.status, 403);
    let form = format!("update={}", encode(update));
    let reply =
        server.request("POST /sparql HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n", form.as_bytes());
    assert_eq!(reply.status, 403);
    assert_eq!(server.get(&server.query_url(PERSONS), "text/csv").body.lines().nth(1), Some(n.as_str()), "unchanged");
    let reply = server.request("POST /sparql HTTP/1.1\r\nContent-Type: text/plain\r\n", PERSONS.as_bytes());
    assert_eq!(reply.status, 415);
    assert_eq!(server.get(&server.query_url(PERSONS), "image/png").status, 406);
    let reply = server.request("DELETE /sparql HTTP/1.1\r\n", b"");
    assert_eq!((reply.status, reply.header("allow")), (405, Some("GET, POST")));
    // The whole graph, in Turtle, and the home page.
    let reply = server.get("/graph.ttl", "*/*");
    assert_eq!((reply.status, reply.header("content-type")), (200, Some("text/turtle")));
    assert!(reply.body.contains("@prefix person: <"), "{}", &reply.body[..200.min(reply.body.len())]);
    let reply = server.get("/", "text/html");
    assert!(reply.status == 200 && reply.body.contains("/sparql"));
    let log = server.logged().join("\n");
    assert!(log.contains("GET /sparql 200") && log.contains("POST /sparql 403"), "{log}");
}

#[test]
fn a_request_body_over_the_limit_gets_413() {
    let server = Server::start(&["--max-body-bytes", "1024"]);
    let big = format!("{PERSONS} #{}", "x".repeat(4096));
    // Declared length over the limit.
    let reply = server.request("POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n", big.as_bytes());
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert!(reply.body.contains("--max-body-bytes"), "{}", reply.body);
    // No declared length: chunked, refused once past the limit.
    let chunked = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len());
    let reply = server.request(
        "POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n",
        chunked.as_bytes(),
    );
    assert_eq!(reply.status, 413, "{}", reply.body);
    // A form over the limit too; a query under it is answered.
    let form = format!("query={}", encode(&big));
    let reply =
        server.request("POST /sparql HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n", form.as_bytes());
    assert_eq!(reply.status, 413);
    let reply =
        server.request("POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n", PERSONS.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn two_hundred_concurrent_clients_are_all_answered() {
    let server = Server::start(&["--quiet"]);
    let n = persons_by_the_cli();
    let target = server.query_url(PERSONS);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(200));
    let clients: Vec<_> = (0..200)
        .map(|_| {
            let (addr, target, barrier) = (server.addr, target.clone(), barrier.clone());
            std::thread::spawn(move || {
                // Every client connects first, then all send at once.
                let mut stream = TcpStream::connect(addr).expect("connects");
                stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
                barrier.wait();
                write!(
                    stream,
                    "GET {target} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/csv\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
                let mut reply = String::new();
                stream.read_to_string(&mut reply).expect("an answer");
                reply
            })
        })
        .collect();
    let replies: Vec<String> = clients.into_iter().map(|c| c.join().expect("a client thread")).collect();
    for reply in &replies {
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        assert!(reply.ends_with(&format!("\r\n{n}\r\n")), "{reply}");
    }
}

#[test]
fn a_cartesian_product_hits_the_time_limit_while_others_are_answered() {
    let server = Server::start(&["--timeout-s", "1"]);
    let n = persons_by_the_cli();
    let (addr, target) = (server.addr, server.query_url(CARTESIAN));
    let started = Instant::now();
    let slow = std::thread::spawn(move || {
        let reply = send(addr, &format!("GET {target} HTTP/1.1\r\n"), b"");
        (reply, started.elapsed())
    });
    // Meanwhile, other clients get their answers.
    std::thread::sleep(Duration::from_millis(200));
    let mut answered_while_busy = 0;
    for _ in 0..20 {
        let reply = server.get(&server.query_url(PERSONS), "text/csv");
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.body.lines().nth(1), Some(n.as_str()));
        answered_while_busy += usize::from(!slow.is_finished());
    }
    let (reply, took) = slow.join().unwrap();
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.body.contains("time limit of 1 s"), "{}", reply.body);
    assert!(took < Duration::from_secs(60), "cancelled only after {took:?}");
    assert!(answered_while_busy > 0, "no query was answered while the cartesian product ran");
    // And a result too large is refused as well, not streamed without end.
    let server = Server::start(&["--timeout-s", "30", "--max-result-bytes", "100000"]);
    let reply = server.get(&server.query_url("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"), "text/csv");
    assert_eq!(reply.status, 503, "{}", &reply.body[..200.min(reply.body.len())]);
    assert!(reply.body.contains("--max-result-bytes"), "{}", reply.body);
    assert_eq!(server.get(&server.query_url(PERSONS), "text/csv").status, 200);
}

#[test]
fn unknown_paths_get_404_and_never_reach_files() {
    let server = Server::start(&[]);
    for path in [
        "/nope",
        "/exports/graph.ttl",
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/graph.ttl/../../Cargo.toml",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/sparql/../../Cargo.toml",
        "/graph.ttl%00.txt",
        "/README.md",
    ] {
        let reply = server.get(path, "*/*");
        assert_eq!(reply.status, 404, "{path}: {}", reply.body);
        assert!(!reply.body.contains("root:") && !reply.body.contains("[package]"), "{path}: {}", reply.body);
    }
    // An absolute-form request target names the same paths.
    let reply = server.get("http://localhost/../../etc/passwd", "*/*");
    assert!(reply.status == 404 || reply.status == 400, "{}", reply.status);
}

#[test]
fn sparqlwrapper_and_roqet_query_the_endpoint() {
    let server = Server::start(&[]);
    let n = persons_by_the_cli();
    let url = format!("http://{}/sparql", server.addr);
    if let Some(python) = python_with("SPARQLWrapper") {
        let script = r#"
import sys
from SPARQLWrapper import SPARQLWrapper, JSON, POST
for method in ("GET", "POST"):
    client = SPARQLWrapper(sys.argv[1])
    client.setQuery(sys.argv[2])
    client.setReturnFormat(JSON)
    if method == "POST":
        client.setMethod(POST)
    result = client.query().convert()
    print(method, result["results"]["bindings"][0]["n"]["value"])
"#;
        let out = Command::new(python).args(["-c", script, &url, PERSONS]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), format!("GET {n}\nPOST {n}\n"));
    }
    if have("roqet", &["-v"]) {
        let query = format!("PREFIX schema: <https://schema.org/> {PERSONS}");
        let out = Command::new("roqet").args(["-q", "-p", &url, "-e", &query, "-r", "csv"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.lines().any(|l| l.trim() == n), "roqet printed {text:?}");
    }
}
