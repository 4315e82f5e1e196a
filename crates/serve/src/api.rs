//! The JSON API under `/api`: the data the command line prints, for the browser view and for
//! scripts. Entities are named by IRI, by the part of the IRI after `entity/` (`Q148`,
//! `person/haruto-sakamoto`) or by name (the best match of the name index, as `newsgraph entity`
//! takes it); articles by key, id, URL, path or IRI.
//!
//! - `GET /api/search?q=NAME[&type=T][&limit=N]`: matches, best first, and "did you mean"
//!   suggestions when nothing matches.
//! - `GET /api/entity/{id}[?items=N]`: the entity card.
//! - `GET /api/entities[?type=T][&sort=mentions|name][&limit=N]`
//! - `GET /api/ego/{id}[?depth=N][&relation=R][&type=T][&format=json|svg|dot]`: the ego graph as
//!   node-link JSON, or drawn by Graphviz.
//! - `GET /api/article/{id}`: the text with mentions, quotes, relations and roles as code-point
//!   offsets.
//! - `GET /api/why?a=A&b=B[&items=N]` and `GET /api/timeline?entity=E[&since=D][&until=D]`.
//! - `GET /api/stats` (counts) and `GET /api/prefixes` (the predeclared SPARQL prefixes).

use std::collections::HashMap;
use std::io::Write;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use newsgraph_extract::document::EntityType;
use newsgraph_graph::export::{self, ExportFilter};
use newsgraph_graph::lookup::{self, NameIndex, Sort};
use newsgraph_graph::{explain, vocab};
use oxigraph::model::NamedNode;
use serde_json::{json, Value};

use crate::{blocking, ApiError, AppState, Shared};

type Params = Query<HashMap<String, String>>;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/search", get(search))
        .route("/entity/{*id}", get(entity))
        .route("/entities", get(entities))
        .route("/ego/{*id}", get(ego))
        .route("/article/{*id}", get(article))
        .route("/why", get(why))
        .route("/timeline", get(timeline))
        .route("/timeline/{*id}", get(timeline_of))
        .route("/stats", get(stats))
        .route("/prefixes", get(prefixes))
}

/// The prefixes every query has predeclared, as `[[prefix, namespace], ...]`.
async fn prefixes() -> Json<Value> {
    Json(json!(vocab::PREFIXES))
}

fn number(
    p: &HashMap<String, String>,
    key: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match p.get(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<usize>()
            .map(|n| n.min(max))
            .map_err(|_| ApiError::bad_request(format!("`{key}` must be a number, not `{v}`"))),
    }
}

fn types(p: &HashMap<String, String>) -> Result<Vec<EntityType>, ApiError> {
    let mut out = Vec::new();
    for v in p.get("type").map(String::as_str).unwrap_or("").split(',') {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let t = export::parse_entity_type(v).map_err(|e| ApiError::bad_request(e.to_string()))?;
        out.push(t);
        if t == EntityType::Person {
            out.push(EntityType::Official);
        }
    }
    Ok(out)
}

fn check_name(name: &str) -> Result<(), ApiError> {
    if name.chars().count() > lookup::MAX_NAME_CHARS {
        return Err(ApiError::bad_request(format!(
            "names of at most {} characters are looked up",
            lookup::MAX_NAME_CHARS
        )));
    }
    Ok(())
}

/// The entity `id` names: an IRI, the IRI's part after `entity/`, or a name.
pub fn resolve(ix: &NameIndex, id: &str) -> Result<String, ApiError> {
    let id = id.trim();
    check_name(id)?;
    for candidate in [id.to_string(), format!("{}{id}", vocab::ENTITY_PREFIX)] {
        if let Some(e) = ix.get(&candidate) {
            return Ok(e.iri.clone());
        }
    }
    if let Some(h) = ix.search(id, &[], 1).first() {
        return Ok(h.entry.iri.clone());
    }
    let s: Vec<String> = ix
        .suggestions(id, 5)
        .iter()
        .map(|e| e.label.clone())
        .collect();
    Err(ApiError::not_found(if s.is_empty() {
        format!("no entity matches '{id}'")
    } else {
        format!("no entity matches '{id}'; did you mean: {}?", s.join(", "))
    }))
}

/// The JSON answer `f` computes, from the cache when it was computed before.
async fn cached<F>(st: &Shared, key: String, f: F) -> Result<Response, ApiError>
where
    F: FnOnce(&AppState) -> Result<Vec<u8>, ApiError> + Send + 'static,
{
    let body = match st.cached(&key) {
        Ok(b) => b,
        Err(generation) => {
            blocking(st, move |s| {
                let b = Bytes::from(f(s)?);
                s.remember(key, b.clone(), generation);
                Ok(b)
            })
            .await?
        }
    };
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(v)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

fn json_of<T: serde::Serialize>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

async fn search(State(st): State<Shared>, Query(p): Params) -> Result<Json<Value>, ApiError> {
    let q = p.get("q").cloned().unwrap_or_default();
    check_name(&q)?;
    let limit = number(&p, "limit", 10, 100)?;
    let types = types(&p)?;
    blocking(&st, move |s: &AppState| {
        let ix = s.index();
        let hits = ix.search(&q, &types, limit);
        let did_you_mean: Vec<&str> = if hits.is_empty() {
            ix.suggestions(&q, 5)
                .iter()
                .map(|e| e.label.as_str())
                .collect()
        } else {
            Vec::new()
        };
        Ok(Json(
            json!({"query": q, "matches": json_of(&hits)?, "did_you_mean": did_you_mean}),
        ))
    })
    .await
}

async fn entity(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Result<Response, ApiError> {
    let items = number(&p, "items", 10, 1000)?;
    cached(&st, format!("entity\u{1f}{items}\u{1f}{id}"), move |s| {
        let iri = resolve(&s.index(), &id)?;
        to_json(&lookup::card(&s.store, &iri, items)?)
    })
    .await
}

async fn entities(State(st): State<Shared>, Query(p): Params) -> Result<Json<Value>, ApiError> {
    let limit = number(&p, "limit", 50, 10_000)?;
    let types = types(&p)?;
    let sort = match p.get("sort").map(String::as_str) {
        None | Some("mentions") => Sort::Mentions,
        Some("name") => Sort::Name,
        Some(o) => {
            return Err(ApiError::bad_request(format!(
                "`sort` is `mentions` or `name`, not `{o}`"
            )))
        }
    };
    blocking(&st, move |s| {
        let ix = s.index();
        let list = ix.list(&types, sort, limit);
        Ok(Json(
            json!({"total": ix.entries.len(), "entities": json_of(&list)?}),
        ))
    })
    .await
}

async fn ego(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Result<Response, ApiError> {
    let depth = number(&p, "depth", 1, 3)?;
    let types = types(&p)?;
    let mut relations = Vec::new();
    for r in p
        .get("relation")
        .map(String::as_str)
        .unwrap_or("")
        .split(',')
    {
        if !r.trim().is_empty() {
            relations.push(
                export::parse_relation(r.trim())
                    .map_err(|e| ApiError::bad_request(e.to_string()))?,
            );
        }
    }
    let format = p.get("format").cloned().unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "svg" | "dot") {
        return Err(ApiError::bad_request(format!(
            "`format` is json, svg or dot, not `{format}`"
        )));
    }
    blocking(&st, move |s| {
        let iri = resolve(&s.index(), &id)?;
        let filter = ExportFilter {
            center: Some(NamedNode::new_unchecked(iri)),
            depth,
            types,
            relations,
            ..Default::default()
        };
        let g = export::load(&s.store, &filter)?;
        let mut body = Vec::new();
        let media = match format.as_str() {
            "json" => {
                export::write_json(&g, &mut body)?;
                "application/json"
            }
            "dot" => {
                export::write_dot(&g, &mut body)?;
                "text/vnd.graphviz; charset=utf-8"
            }
            _ => {
                let mut dot = Vec::new();
                export::write_dot(&g, &mut dot)?;
                body = graphviz_svg(&dot)?;
                "image/svg+xml"
            }
        };
        let mut r = (StatusCode::OK, body).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
        Ok(r)
    })
    .await
}

/// DOT drawn as SVG by Graphviz's `dot` (HTTP 501 when it is not installed).
fn graphviz_svg(dot: &[u8]) -> Result<Vec<u8>, ApiError> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            ApiError::new(
                StatusCode::NOT_IMPLEMENTED,
                format!("SVG needs Graphviz's `dot` on the server ({e}); format=json or format=dot work without it"),
            )
        })?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = dot.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("dot failed: {e}"),
        )
    })?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "dot failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    Ok(out.stdout)
}

async fn article(State(st): State<Shared>, Path(id): Path<String>) -> Result<Response, ApiError> {
    cached(&st, format!("article\u{1f}{id}"), move |s| {
        let iri = s.store.find_article(&id)?.ok_or_else(|| {
            ApiError::not_found(format!(
                "no article `{id}` in the store (name it by its id, URL, path, 16-hex-digit key or IRI)"
            ))
        })?;
        let view = explain::article_view(&s.store, &iri)?
            .ok_or_else(|| ApiError::not_found(format!("no article `{id}` in the store")))?;
        to_json(&view)
    })
    .await
}

async fn why(State(st): State<Shared>, Query(p): Params) -> Result<Response, ApiError> {
    let (Some(a), Some(b)) = (p.get("a").cloned(), p.get("b").cloned()) else {
        return Err(ApiError::bad_request(
            "name both entities: /api/why?a=NAME&b=NAME",
        ));
    };
    let items = number(&p, "items", 3, 100)?;
    cached(
        &st,
        format!("why\u{1f}{items}\u{1f}{a}\u{1f}{b}"),
        move |s| {
            let ix = s.index();
            let (ia, ib) = (resolve(&ix, &a)?, resolve(&ix, &b)?);
            if ia == ib {
                return Err(ApiError::bad_request(format!(
                    "'{a}' and '{b}' are the same entity ({ia})"
                )));
            }
            to_json(&explain::why(&s.store, &ia, &ib, items)?)
        },
    )
    .await
}

fn date(p: &HashMap<String, String>, key: &str) -> Result<Option<String>, ApiError> {
    p.get(key)
        .filter(|v| !v.trim().is_empty())
        .map(|v| export::parse_date(v).map_err(|e| ApiError::bad_request(e.to_string())))
        .transpose()
}

async fn timeline_for(
    st: Shared,
    id: String,
    p: HashMap<String, String>,
) -> Result<Response, ApiError> {
    let since = date(&p, "since")?;
    let until = date(&p, "until")?;
    let page = explain::Page {
        offset: number(&p, "offset", 0, usize::MAX)?,
        limit: Some(number(&p, "limit", 100, 10_000)?),
    };
    let key = format!(
        "timeline\u{1f}{since:?}\u{1f}{until:?}\u{1f}{}\u{1f}{:?}\u{1f}{id}",
        page.offset, page.limit
    );
    cached(&st, key, move |s| {
        let iri = resolve(&s.index(), &id)?;
        to_json(&explain::timeline(
            &s.store,
            &iri,
            since.as_deref(),
            until.as_deref(),
            page,
        )?)
    })
    .await
}

async fn timeline(State(st): State<Shared>, Query(p): Params) -> Result<Response, ApiError> {
    let Some(id) = p.get("entity").cloned() else {
        return Err(ApiError::bad_request(
            "name the entity: /api/timeline?entity=NAME",
        ));
    };
    timeline_for(st, id, p).await
}

async fn timeline_of(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Result<Response, ApiError> {
    timeline_for(st, id, p).await
}

async fn stats(State(st): State<Shared>) -> Result<Json<Value>, ApiError> {
    blocking(&st, |s| {
        let x = s.store.stats()?;
        Ok(Json(json!({
            "articles": x.articles,
            "entities": x.entities,
            "entities_by_type": x.entities_by_type,
            "relations_by_predicate": x.relations_by_predicate,
            "quotes": x.quotes,
            "roles": x.roles,
            "quads": x.quads,
            "read_only": !s.config.allow_write,
        })))
    })
    .await
}
