//! The SPARQL endpoint: serves a loaded graph over HTTP, read-only, by the
//! SPARQL 1.1 Protocol, with limits on what one request may cost.
//!
//! Routes: `/sparql` and `/query` (GET `?query=`, POST form or
//! `application/sparql-query`), `/graph.{ttl,nt,nq,trig,jsonld}` (the whole
//! graph) and `/` (a page that says so). Nothing else is served: every other
//! path is 404, and no path reaches the file system, since the graph is loaded
//! into memory before the server starts.
//!
//! Limits: a request body over `max_body_bytes` gets 413; a query that runs
//! past `timeout` is cancelled and gets 503, as does one whose results would
//! exceed `max_result_bytes`; updates get 403. Each connection has its own
//! thread (oxhttp), up to `max_connections` at once; more wait their turn.

use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use oxhttp::model::header::{ACCEPT, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use oxigraph::store::Store;

use crate::export::{sort_quads, write_format, ExportFormat, ExportInput};
use crate::rdf::IriScheme;

/// What one request may cost.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A query running longer is cancelled (503).
    pub timeout: Duration,
    /// A larger request body is refused (413).
    pub max_body_bytes: u64,
    /// Results that would be larger are refused (503).
    pub max_result_bytes: usize,
    /// Connections served at once; further ones wait.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: Duration::from_secs(10),
            max_body_bytes: 1 << 20,
            max_result_bytes: 64 << 20,
            max_connections: 256,
        }
    }
}

/// A graph and the rules for serving it; [`Endpoint::handle`] answers one
/// request, with no socket involved (the tests call it directly).
pub struct Endpoint {
    store: Store,
    default_is_empty: bool,
    scheme: IriScheme,
    limits: Limits,
    /// Log one line per request to standard error.
    pub log: bool,
}

/// An answer that is not 200: status, a plain-text reason, and for 405 the
/// methods allowed.
struct Refusal(StatusCode, String, Option<&'static str>);

impl Refusal {
    fn new(status: StatusCode, message: impl Into<String>) -> Refusal {
        Refusal(status, message.into(), None)
    }
}

const FORM: &str = "application/x-www-form-urlencoded";
const SPARQL_QUERY: &str = "application/sparql-query";
const SPARQL_UPDATE: &str = "application/sparql-update";

/// The whole-graph downloads: path and format.
const DOWNLOADS: [(&str, ExportFormat); 5] = [
    ("/graph.ttl", ExportFormat::Turtle),
    ("/graph.nt", ExportFormat::NTriples),
    ("/graph.nq", ExportFormat::NQuads),
    ("/graph.trig", ExportFormat::TriG),
    ("/graph.jsonld", ExportFormat::JsonLd),
];

impl Endpoint {
    pub fn new(store: Store, scheme: IriScheme, limits: Limits) -> Endpoint {
        let default_is_empty = crate::query::default_graph_is_empty(&store);
        Endpoint { store, default_is_empty, scheme, limits, log: true }
    }

    /// Answers one request.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let started = Instant::now();
        let response = match self.route(request) {
            Ok(response) => response,
            Err(Refusal(status, message, allow)) => {
                let mut response = text(status, &format!("{message}\n"));
                if let Some(allow) = allow {
                    response.headers_mut().insert(ALLOW, allow.parse().expect("a valid header"));
                }
                response
            }
        };
        if self.log {
            eprintln!(
                "{} {} {} {} ms",
                request.method(),
                request.uri().path(),
                response.status().as_u16(),
                started.elapsed().as_millis()
            );
        }
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Result<Response<Body>, Refusal> {
        let path = request.uri().path().to_string();
        match path.as_str() {
            "/sparql" | "/query" => match *request.method() {
                Method::GET => {
                    let params = parse_form(request.uri().query().unwrap_or("").as_bytes());
                    self.query(request, &params)
                }
                Method::POST => self.post(request),
                _ => Err(not_allowed("GET, POST")),
            },
            "/" => match *request.method() {
                Method::GET => Ok(html(&self.home())),
                _ => Err(not_allowed("GET")),
            },
            _ => match DOWNLOADS.iter().find(|(p, _)| *p == path) {
                Some((_, format)) if *request.method() == Method::GET => self.download(*format),
                Some(_) => Err(not_allowed("GET")),
                None => Err(Refusal::new(StatusCode::NOT_FOUND, format!("no such resource: {path}"))),
            },
        }
    }

    fn post(&self, request: &mut Request<Body>) -> Result<Response<Body>, Refusal> {
        let content_type = header(request, CONTENT_TYPE.as_str()).unwrap_or_default();
        let media_type = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let url_params = parse_form(request.uri().query().unwrap_or("").as_bytes());
        match media_type.as_str() {
            FORM => {
                let body = self.read_body(request)?;
                let mut params = parse_form(&body);
                params.extend(url_params);
                self.query(request, &params)
            }
            SPARQL_QUERY => {
                let body = self.read_body(request)?;
                let query = String::from_utf8(body)
                    .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, format!("the query is not UTF-8: {e}")))?;
                let mut params = url_params;
                params.push(("query".into(), query));
                self.query(request, &params)
            }
            SPARQL_UPDATE => Err(read_only()),
            "" => Err(Refusal::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("a POST needs a Content-Type: {FORM} or {SPARQL_QUERY}"),
            )),
            other => Err(Refusal::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("unsupported Content-Type {other:?}: use {FORM} or {SPARQL_QUERY}"),
            )),
        }
    }

    /// Reads the body, refusing one over the limit before reading it when its
    /// length is declared, and as soon as it passes the limit when not.
    fn read_body(&self, request: &mut Request<Body>) -> Result<Vec<u8>, Refusal> {
        let limit = self.limits.max_body_bytes;
        let too_large = |size: String| {
            Refusal::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body ({size}) is over the limit of {limit} bytes (--max-body-bytes)"),
            )
        };
        if let Some(length) = header(request, CONTENT_LENGTH.as_str()).and_then(|v| v.trim().parse::<u64>().ok()) {
            if length > limit {
                return Err(too_large(format!("{length} bytes")));
            }
        }
        let mut body = Vec::new();
        request
            .body_mut()
            .take(limit + 1)
            .read_to_end(&mut body)
            .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, format!("reading the request body: {e}")))?;
        if body.len() as u64 > limit {
            return Err(too_large(format!("more than {limit} bytes")));
        }
        Ok(body)
    }

    fn query(&self, request: &Request<Body>, params: &[(String, String)]) -> Result<Response<Body>, Refusal> {
        if params.iter().any(|(k, _)| k == "update") {
            return Err(read_only());
        }
        let mut queries = params.iter().filter(|(k, _)| k == "query").map(|(_, v)| v);
        let (Some(query), None) = (queries.next(), queries.next()) else {
            return Err(Refusal::new(StatusCode::BAD_REQUEST, "give exactly one query parameter"));
        };
        let graphs = |name: &str| -> Result<Vec<NamedNode>, Refusal> {
            params
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| {
                    NamedNode::new(v.as_str())
                        .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, format!("{name} {v:?}: {e}")))
                })
                .collect()
        };
        let default_graphs = graphs("default-graph-uri")?;
        let named_graphs = graphs("named-graph-uri")?;
        let accept = params
            .iter()
            .find(|(k, _)| k == "format")
            .map(|(_, v)| format_alias(v).to_string())
            .or_else(|| header(request, ACCEPT.as_str()))
            .unwrap_or_default();

        let token = CancellationToken::new();
        let job = Job {
            token: token.clone(),
            store: self.store.clone(),
            query: query.clone(),
            default_is_empty: self.default_is_empty,
            default_graphs,
            named_graphs,
            accept,
            limits: self.limits.clone(),
        };
        // The query runs on a thread of its own, cancelled at the time limit;
        // the answer leaves then even when oxigraph has not yet noticed the
        // cancellation (it checks when it reads the store, not inside a join).
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("query".into())
            .spawn(move || {
                let _ = sender.send(job.run());
            })
            .map_err(|e| Refusal::new(StatusCode::SERVICE_UNAVAILABLE, format!("cannot start the query: {e}")))?;
        let (media_type, body) = match receiver.recv_timeout(self.limits.timeout) {
            Ok(answer) => answer?,
            Err(_) => {
                token.cancel();
                return Err(timed_out(&self.limits));
            }
        };
        Ok(bytes(StatusCode::OK, media_type, body))
    }

    fn download(&self, format: ExportFormat) -> Result<Response<Body>, Refusal> {
        let internal = |e: String| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, e);
        let quads = sort_quads(self.store.iter().collect::<Result<Vec<_>, _>>().map_err(|e| internal(e.to_string()))?);
        let prefixes = self.scheme.prefixes();
        let input = ExportInput { quads: &quads, prefixes: &prefixes, base: &self.scheme.base };
        let mut out = Vec::new();
        write_format(format, input, &mut out).map_err(|e| internal(e.to_string()))?;
        let media_type = format.rdf_format().map_or("application/octet-stream", |f| f.media_type());
        Ok(bytes(StatusCode::OK, media_type, out))
    }

    fn home(&self) -> String {
        let triples = self.store.len().unwrap_or(0);
        let downloads: Vec<String> =
            DOWNLOADS.iter().map(|(p, _)| format!("<a href=\"{p}\">{}</a>", &p[1..])).collect();
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>newsgraph SPARQL endpoint</title></head>\n\
             <body><h1>newsgraph SPARQL endpoint</h1>\n<p>{triples} quads, read-only. Query with GET or POST on \
             <code>/sparql</code> (SPARQL 1.1 Protocol); results as JSON, XML, CSV or TSV by <code>Accept</code>. \
             Prefixes ng:, schema:, prov:, rdfs:, xsd: are declared.</p>\n\
             <form action=\"/sparql\" method=\"get\"><textarea name=\"query\" rows=\"8\" cols=\"80\">\
             SELECT ?name WHERE {{ ?p a schema:Person ; schema:name ?name }} ORDER BY ?name</textarea><br>\
             <input type=\"hidden\" name=\"format\" value=\"csv\"><button>Run</button></form>\n\
             <p>The whole graph: {}.</p></body></html>\n",
            downloads.join(", ")
        )
    }
}

/// One query and everything it needs, moved onto its own thread.
struct Job {
    /// Cancelled by the request's thread at the time limit.
    token: CancellationToken,
    store: Store,
    query: String,
    default_is_empty: bool,
    default_graphs: Vec<NamedNode>,
    named_graphs: Vec<NamedNode>,
    accept: String,
    limits: Limits,
}

impl Job {
    /// Parses, evaluates and serializes the query: the media type and bytes.
    fn run(self) -> Result<(&'static str, Vec<u8>), Refusal> {
        let mut prepared = crate::query::prepare(&self.query, self.default_is_empty, Some(self.token.clone()))
            .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, format!("SPARQL syntax error: {e}")))?;
        if !self.default_graphs.is_empty() || !self.named_graphs.is_empty() {
            let dataset = prepared.dataset_mut();
            dataset.set_default_graph(self.default_graphs.into_iter().map(GraphName::from).collect());
            dataset.set_available_named_graphs(self.named_graphs.into_iter().map(NamedOrBlankNode::from).collect());
        }
        let limits = &self.limits;
        let mut out = LimitedWriter { bytes: Vec::new(), limit: limits.max_result_bytes };
        let evaluation = |e: QueryEvaluationError| {
            if matches!(e, QueryEvaluationError::Cancelled) || self.token.is_cancelled() {
                timed_out(limits)
            } else {
                Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, format!("query evaluation failed: {e}"))
            }
        };
        let written = |e: io::Error| {
            if e.kind() == io::ErrorKind::FileTooLarge {
                Refusal::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "the results are larger than the limit of {} bytes (--max-result-bytes): add a LIMIT",
                        limits.max_result_bytes
                    ),
                )
            } else {
                Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, format!("writing the results: {e}"))
            }
        };
        let alive = || if self.token.is_cancelled() { Err(timed_out(limits)) } else { Ok(()) };
        let results = prepared.on_store(&self.store).execute().map_err(evaluation)?;
        let media_type = match results {
            QueryResults::Solutions(solutions) => {
                let format = negotiate_results(&self.accept)?;
                let mut serializer = QueryResultsSerializer::from_format(format)
                    .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                    .map_err(written)?;
                for solution in solutions {
                    let solution = solution.map_err(evaluation)?;
                    alive()?;
                    serializer.serialize(&solution).map_err(written)?;
                }
                serializer.finish().map_err(written)?;
                format.media_type()
            }
            QueryResults::Boolean(value) => {
                let format = negotiate_results(&self.accept)?;
                QueryResultsSerializer::from_format(format)
                    .serialize_boolean_to_writer(&mut out, value)
                    .map_err(written)?;
                format.media_type()
            }
            QueryResults::Graph(triples) => {
                let format = negotiate_rdf(&self.accept)?;
                let mut serializer = RdfSerializer::from_format(format).for_writer(&mut out);
                for triple in triples {
                    let triple = triple.map_err(evaluation)?;
                    alive()?;
                    serializer.serialize_triple(triple.as_ref()).map_err(written)?;
                }
                serializer.finish().map_err(written)?;
                format.media_type()
            }
        };
        Ok((media_type, out.bytes))
    }
}

fn timed_out(limits: &Limits) -> Refusal {
    Refusal::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "the query ran past the time limit of {} s (--timeout-s) and was cancelled",
            limits.timeout.as_secs_f64()
        ),
    )
}

/// Binds `addr` and serves `endpoint` until the process ends.
pub fn serve(endpoint: Endpoint, addr: SocketAddr) -> io::Result<oxhttp::ListeningServer> {
    let max_connections = endpoint.limits.max_connections;
    let timeout = endpoint.limits.timeout;
    let endpoint = Arc::new(endpoint);
    oxhttp::Server::new(move |request| endpoint.handle(request))
        .bind(addr)
        // Sockets wait this long for a slow client; queries have their own limit.
        .with_global_timeout(timeout.max(Duration::from_secs(30)))
        .with_max_concurrent_connections(max_connections)
        .with_server_name(concat!("newsgraph/", env!("CARGO_PKG_VERSION")))
        .map_err(io::Error::other)?
        .spawn()
}

/// A buffer that refuses to grow past `limit` (an error of kind FileTooLarge).
struct LimitedWriter {
    bytes: Vec<u8>,
    limit: usize,
}

impl Write for LimitedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(io::Error::new(io::ErrorKind::FileTooLarge, "result size limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The `(name, value)` pairs of a query string or form body, decoded.
fn parse_form(input: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(input).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn header(request: &Request<Body>, name: &str) -> Option<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Short names accepted by the `format` parameter, as media types.
fn format_alias(name: &str) -> &str {
    match name {
        "json" => "application/sparql-results+json",
        "xml" => "application/sparql-results+xml",
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "ttl" | "turtle" => "text/turtle",
        "nt" => "application/n-triples",
        "jsonld" => "application/ld+json",
        "rdfxml" => "application/rdf+xml",
        other => other,
    }
}

/// The media types of an `Accept` header, best first (by q-value, then order).
fn accepted(accept: &str) -> Vec<String> {
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, range)| {
            let mut parts = range.split(';');
            let media_type = parts.next()?.trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .next()
                .unwrap_or(1.0);
            (!media_type.is_empty() && q > 0.0).then_some((q, i, media_type))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, m)| m).collect()
}

/// Picks the first acceptable of `known` for `accept`; `default` for an empty
/// header or a wildcard.
fn negotiate<F: Copy>(
    accept: &str,
    default: F,
    known: impl Fn(&str) -> Option<F>,
    offered: &str,
) -> Result<F, Refusal> {
    let ranges = accepted(accept);
    if ranges.is_empty() {
        return Ok(default);
    }
    for range in &ranges {
        if let Some(format) = known(range) {
            return Ok(format);
        }
        if range == "*/*" || range == "application/*" || range == "text/*" {
            return Ok(default);
        }
    }
    Err(Refusal::new(StatusCode::NOT_ACCEPTABLE, format!("cannot answer in {accept:?}: {offered}")))
}

fn negotiate_results(accept: &str) -> Result<QueryResultsFormat, Refusal> {
    negotiate(
        accept,
        QueryResultsFormat::Json,
        QueryResultsFormat::from_media_type,
        "application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values",
    )
}

fn negotiate_rdf(accept: &str) -> Result<RdfFormat, Refusal> {
    negotiate(
        accept,
        RdfFormat::Turtle,
        |m| RdfFormat::from_media_type(m).filter(|f| !f.supports_datasets()),
        "text/turtle, application/n-triples, application/rdf+xml, application/ld+json",
    )
}

fn not_allowed(allow: &'static str) -> Refusal {
    Refusal(StatusCode::METHOD_NOT_ALLOWED, format!("method not allowed here; allowed: {allow}"), Some(allow))
}

fn read_only() -> Refusal {
    Refusal::new(StatusCode::FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
}

fn bytes(status: StatusCode, media_type: &str, body: Vec<u8>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, media_type)
        .body(Body::from(body))
        .expect("a valid response")
}

fn text(status: StatusCode, message: &str) -> Response<Body> {
    bytes(status, "text/plain; charset=utf-8", message.as_bytes().to_vec())
}

fn html(page: &str) -> Response<Body> {
    bytes(StatusCode::OK, "text/html; charset=utf-8", page.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint() -> Endpoint {
        let store = Store::new().unwrap();
        store
            .load_from_slice(
                RdfFormat::NQuads,
                "<https://w3id.org/newsgraph/id/person/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> .\n"
                    .as_bytes(),
            )
            .unwrap();
        let mut endpoint = Endpoint::new(store, IriScheme::default(), Limits::default());
        endpoint.log = false;
        endpoint
    }

    fn ask(endpoint: &Endpoint, method: Method, uri: &str, content_type: Option<&str>, body: &str) -> (u16, String) {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(t) = content_type {
            builder = builder.header(CONTENT_TYPE, t);
        }
        let mut request = builder.body(Body::from(body.to_string())).unwrap();
        let response = endpoint.handle(&mut request);
        let status = response.status().as_u16();
        (status, response.into_body().to_string().unwrap())
    }

    #[test]
    fn accept_headers_are_ranked_by_quality_then_order() {
        assert_eq!(
            accepted("text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1"),
            ["application/sparql-results+xml", "text/csv", "*/*"]
        );
        assert_eq!(accepted("text/csv;q=0, text/tab-separated-values"), ["text/tab-separated-values"]);
        assert!(accepted("").is_empty());
        assert_eq!(negotiate_results("").ok(), Some(QueryResultsFormat::Json));
        assert_eq!(negotiate_results("image/png, text/*").ok(), Some(QueryResultsFormat::Json));
        assert_eq!(negotiate_results("image/png").err().map(|r| r.0), Some(StatusCode::NOT_ACCEPTABLE));
        assert_eq!(negotiate_rdf("application/n-triples").ok(), Some(RdfFormat::NTriples));
    }

    #[test]
    fn forms_are_decoded() {
        assert_eq!(
            parse_form(b"query=SELECT+%3Fs&x=%C3%A9"),
            [("query".to_string(), "SELECT ?s".to_string()), ("x".to_string(), "é".to_string())]
        );
    }

    #[test]
    fn a_limited_writer_stops_at_its_limit() {
        let mut w = LimitedWriter { bytes: Vec::new(), limit: 4 };
        assert!(w.write_all(b"abc").is_ok());
        assert_eq!(w.write_all(b"de").unwrap_err().kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(w.bytes, b"abc");
    }

    #[test]
    fn requests_are_routed_without_a_socket() {
        let e = endpoint();
        let (status, body) = ask(&e, Method::GET, "/sparql?query=ASK%7B%3Fp%20a%20schema%3APerson%7D", None, "");
        assert_eq!((status, body.contains("true")), (200, true), "{body}");
        let (status, _) = ask(&e, Method::POST, "/sparql", Some(SPARQL_QUERY), "SELECT * WHERE { ?s ?p ?o }");
        assert_eq!(status, 200);
        assert_eq!(ask(&e, Method::POST, "/sparql", Some(SPARQL_UPDATE), "CLEAR ALL").0, 403);
        assert_eq!(ask(&e, Method::GET, "/../etc/passwd", None, "").0, 404);
        assert_eq!(ask(&e, Method::PUT, "/sparql", None, "").0, 405);
        assert_eq!(ask(&e, Method::GET, "/sparql?query=SELECT", None, "").0, 400);
        let big = "#".repeat(2 << 20);
        assert_eq!(ask(&e, Method::POST, "/sparql", Some(SPARQL_QUERY), &big).0, 413);
        let (status, body) = ask(&e, Method::GET, "/graph.nt", None, "");
        assert_eq!((status, body.lines().count()), (200, 1), "{body}");
    }
}
