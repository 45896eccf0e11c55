//! The JSON API handlers.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};
use storyline_corpus as corpus;
use storyline_store::TimelineQuery;

use crate::cache::{Cache, CompareData, Shared};
use crate::error::ApiError;

/// Largest page any endpoint returns.
pub const MAX_LIMIT: u64 = 500;

type ApiResult = Result<Response, ApiError>;

/// Query parameters, parsed by hand so that every problem is a `bad_parameter`.
pub(crate) struct Params(HashMap<String, String>);

impl Params {
    pub fn from(
        q: Result<Query<HashMap<String, String>>, QueryRejection>,
    ) -> Result<Params, ApiError> {
        match q {
            Ok(Query(map)) => Ok(Params(map)),
            Err(e) => Err(ApiError::BadParameter(format!(
                "malformed query string: {e}"
            ))),
        }
    }

    /// A non-empty string parameter.
    fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn offset(&self) -> Result<u64, ApiError> {
        match self.str("offset") {
            None => Ok(0),
            Some(s) => s.parse().map_err(|_| {
                ApiError::BadParameter(format!("offset must be a non-negative integer, got {s:?}"))
            }),
        }
    }

    fn limit(&self, default: u64) -> Result<u64, ApiError> {
        match self.str("limit") {
            None => Ok(default),
            Some(s) => match s.parse::<u64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
                _ => Err(ApiError::BadParameter(format!(
                    "limit must be an integer from 1 to {MAX_LIMIT}, got {s:?}"
                ))),
            },
        }
    }

    fn date(&self, key: &str) -> Result<Option<NaiveDate>, ApiError> {
        match self.str(key) {
            None => Ok(None),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    ApiError::BadParameter(format!("{key} must be a date YYYY-MM-DD, got {s:?}"))
                }),
        }
    }
}

/// Runs blocking store work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(format!("worker failed: {e}")))?
}

/// `{total, offset, limit, <key>: [page of items]}`, the shape of every listing.
fn paged<T: Serialize>(key: &str, items: &[T], offset: u64, limit: u64) -> Value {
    let mut v = json!({"total": items.len(), "offset": offset, "limit": limit});
    v[key] = json!(page(items, offset, limit));
    v
}

fn page<T>(items: &[T], offset: u64, limit: u64) -> &[T] {
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(items.len());
    let end = start
        .saturating_add(usize::try_from(limit).unwrap_or(usize::MAX))
        .min(items.len());
    &items[start..end]
}

/// A JSON response; `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`
/// so that untrusted article text can never be read as markup, whatever sniffs it.
pub(crate) fn json_response<T: Serialize + ?Sized>(v: &T) -> ApiResult {
    let raw = serde_json::to_vec(v).map_err(|e| ApiError::Internal(e.to_string()))?;
    let body = crate::error::escape_markup(raw);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}

fn ok(v: Value) -> ApiResult {
    json_response(&v)
}

/// `GET /api/stats`.
pub(crate) async fn stats(State(s): State<Arc<Shared>>) -> ApiResult {
    let v = blocking(move || {
        let conn = s.conn()?;
        Ok(conn.stats()?)
    })
    .await?;
    ok(json!(v))
}

#[derive(Serialize)]
struct Summary {
    id: String,
    title: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    near_duplicate_of: Option<String>,
}

/// `GET /api/documents?offset&limit`.
pub(crate) async fn documents(
    State(s): State<Arc<Shared>>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from(q)?;
    let (offset, limit) = (p.offset()?, p.limit(100)?);
    let v = blocking(move || {
        let total = s.cache()?.stats.documents;
        let conn = s.conn()?;
        let docs: Vec<Summary> = conn
            .list(offset, limit)?
            .into_iter()
            .map(|d| Summary {
                id: d.id,
                title: d.title,
                published: d.published,
                outlet: d.outlet,
                near_duplicate_of: d.near_duplicate_of,
            })
            .collect();
        Ok(json!({"total": total, "offset": offset, "limit": limit, "documents": docs}))
    })
    .await?;
    ok(v)
}

/// `GET /api/documents/{id}`.
pub(crate) async fn document(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> ApiResult {
    let doc = blocking(move || {
        let conn = s.conn()?;
        conn.document(&id)?
            .ok_or_else(|| ApiError::NotFound(format!("no document {id:?}")))
    })
    .await?;
    json_response(&doc)
}

/// `GET /api/timeline?actor&from&to&offset&limit`.
pub(crate) async fn timeline(
    State(s): State<Arc<Shared>>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from(q)?;
    let (offset, limit) = (p.offset()?, p.limit(100)?);
    let (from, to) = (p.date("from")?, p.date("to")?);
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(ApiError::BadParameter(format!(
                "from ({f}) is after to ({t})"
            )));
        }
    }
    let actor = p.str("actor").map(str::to_string);
    let all = match p.str("all") {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(v) => {
            return Err(ApiError::BadParameter(format!(
                "all must be true or false, got {v:?}"
            )))
        }
    };
    let story = match p.str("story") {
        None => None,
        Some(v) => Some(v.parse::<usize>().map_err(|_| {
            ApiError::BadParameter(format!(
                "story must be a story id (see /api/stories), got {v:?}"
            ))
        })?),
    };
    blocking(move || {
        let cache = s.cache()?;
        let filter = corpus::TimelineFilter {
            actor,
            from,
            to,
            all,
        };
        let page = match story {
            // An actor's own timeline: every event it takes part in, coded or not.
            None if filter.actor.is_some() => {
                let conn = s.conn()?;
                let asked = filter.actor.as_deref().unwrap_or_default();
                let entries = match storyline_store::resolve_actor(&*conn, asked)? {
                    Some(name) => storyline_store::actor_timeline(&*conn, &name, &filter)?,
                    None => Vec::new(),
                };
                storyline_store::TimelinePage {
                    total: entries.len() as u64,
                    entries: page(&entries, offset, limit).to_vec(),
                }
            }
            None => s.conn()?.timeline(&TimelineQuery {
                filter,
                offset,
                limit,
                ..Default::default()
            })?,
            // A story's own timeline: its articles' mentions merged among themselves.
            Some(id) => {
                let all = stories_of(&s, &cache)?;
                let Some(st) = all.iter().find(|x| x.id == id) else {
                    return Err(ApiError::NotFound(format!("no story {id}")));
                };
                let mentions = s.conn()?.event_mentions_of(&st.documents)?;
                let entries = corpus::filter(corpus::merge(&mentions), &filter);
                storyline_store::TimelinePage {
                    total: entries.len() as u64,
                    entries: page(&entries, offset, limit).to_vec(),
                }
            }
        };
        #[derive(Serialize)]
        struct Page<'a> {
            total: u64,
            offset: u64,
            limit: u64,
            entries: &'a [corpus::TimelineEntry],
            outlets: std::collections::BTreeMap<&'a str, &'a str>,
        }
        json_response(&Page {
            total: page.total,
            offset,
            limit,
            entries: &page.entries,
            outlets: cache.outlets_of(&page.entries),
        })
    })
    .await
}

/// The stories of the corpus, grouped on first use.
fn stories_of(
    s: &Shared,
    cache: &Cache,
) -> Result<Arc<Vec<storyline_corpus::stories::Story>>, ApiError> {
    if let Some(v) = cache.stories.get() {
        return Ok(Arc::clone(v));
    }
    let docs = s.conn()?.story_docs()?;
    let v = Arc::new(storyline_corpus::stories::group(
        &docs,
        &storyline_corpus::stories::StoryConfig::default(),
    ));
    Ok(Arc::clone(cache.stories.get_or_init(|| v)))
}

/// `GET /api/stories?offset&limit`: articles grouped into stories, oldest first.
pub(crate) async fn stories(
    State(s): State<Arc<Shared>>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from(q)?;
    let (offset, limit) = (p.offset()?, p.limit(100)?);
    let v = blocking(move || {
        let cache = s.cache()?;
        let all = stories_of(&s, &cache)?;
        let mut v = paged("stories", &all, offset, limit);
        v["outlets"] = json!(cache.outlets_for(
            page(&all, offset, limit)
                .iter()
                .flat_map(|st| st.documents.iter().map(String::as_str))
        ));
        Ok(v)
    })
    .await?;
    ok(v)
}

/// `GET /api/actors?q&offset&limit`.
pub(crate) async fn actors(
    State(s): State<Arc<Shared>>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from(q)?;
    let (offset, limit) = (p.offset()?, p.limit(100)?);
    let needle = p.str("q").map(str::to_lowercase);
    let v = blocking(move || {
        let cache = s.cache()?;
        let rows: Vec<&crate::cache::ActorRow> = cache
            .actors
            .iter()
            .filter(|a| {
                needle
                    .as_deref()
                    .is_none_or(|n| a.name.to_lowercase().contains(n))
            })
            .collect();
        Ok(paged("actors", &rows, offset, limit))
    })
    .await?;
    ok(v)
}

/// Aliases (entity mention texts) of an actor, from up to 50 documents mentioning it.
pub(crate) fn aliases(
    s: &Shared,
    cache: &Cache,
    name: &str,
) -> Result<crate::cache::Aliases, ApiError> {
    if let Some(a) = cache.aliases.lock().ok().and_then(|m| m.get(name).cloned()) {
        return Ok(a);
    }
    let conn = s.conn()?;
    let ids: Vec<String> = conn.documents_mentioning(name, 50)?;
    let mut counts: HashMap<String, u64> = HashMap::new();
    for id in ids {
        if let Some(doc) = conn.document(&id)? {
            for e in doc
                .entities
                .iter()
                .filter(|e| e.actor.as_deref() == Some(name))
            {
                *counts.entry(e.text.clone()).or_insert(0) += 1;
            }
        }
    }
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let v = Arc::new(v);
    if let Ok(mut m) = cache.aliases.lock() {
        m.insert(name.to_string(), Arc::clone(&v));
    }
    Ok(v)
}

/// `GET /api/actors/{name}?offset&limit&all`: aliases, events (its entity timeline) and
/// quotes of one actor.
pub(crate) async fn actor(
    State(s): State<Arc<Shared>>,
    Path(name): Path<String>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from(q)?;
    let (offset, limit) = (p.offset()?, p.limit(50)?);
    let all = matches!(p.str("all"), Some("true") | Some("1"));
    blocking(move || {
        let cache = s.cache()?;
        let Some(&i) = cache.actor_index.get(&name) else {
            return Err(ApiError::NotFound(format!("no actor {name:?}")));
        };
        let row = &cache.actors[i];
        // Every event the actor takes part in, coded or not, as the default timeline shows
        // them (`all=true` adds denied, hypothetical and weakly supported ones).
        let all_events = storyline_store::actor_timeline(
            &*s.conn()?,
            &name,
            &corpus::TimelineFilter {
                all,
                ..Default::default()
            },
        )?;
        let events_total = all_events.len() as u64;
        let events = page(&all_events, offset, limit).to_vec();
        let aliases: Vec<Value> = aliases(&s, &cache, &name)?
            .iter()
            .map(|(t, n)| json!({"text": t, "count": n}))
            .collect();
        let quotes: Vec<&storyline_store::QuoteRow> = page(
            cache
                .quotes_by_speaker
                .get(&name)
                .map(Vec::as_slice)
                .unwrap_or(&[]),
            offset,
            limit,
        )
        .iter()
        .collect();
        #[derive(Serialize)]
        struct ActorPage<'a> {
            name: &'a str,
            mentions: u64,
            documents: u64,
            events_total: u64,
            quotes_total: u64,
            aliases: Vec<Value>,
            offset: u64,
            limit: u64,
            events: &'a [corpus::TimelineEntry],
            quotes: Vec<&'a storyline_store::QuoteRow>,
            outlets: std::collections::BTreeMap<&'a str, &'a str>,
        }
        json_response(&ActorPage {
            name: &row.name,
            mentions: row.mentions,
            documents: row.documents,
            events_total,
            quotes_total: row.quotes,
            aliases,
            offset,
            limit,
            events: &events,
            outlets: {
                let mut o = cache.outlets_of(&events);
                o.extend(cache.outlets_for(quotes.iter().map(|q| q.document.as_str())));
                o
            },
            quotes,
        })
    })
    .await
}

/// `GET /api/quotes?speaker&offset&limit`.
pub(crate) async fn quotes(
    State(s): State<Arc<Shared>>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from(q)?;
    let (offset, limit) = (p.offset()?, p.limit(100)?);
    let speaker = p.str("speaker").map(str::to_string);
    let v = blocking(move || {
        let cache = s.cache()?;
        let conn = s.conn()?;
        let all = conn.quotes(speaker.as_deref())?;
        let mut v = paged("quotes", &all, offset, limit);
        v["outlets"] = json!(cache.outlets_for(
            page(&all, offset, limit)
                .iter()
                .map(|q| q.document.as_str())
        ));
        Ok(v)
    })
    .await?;
    ok(v)
}

/// `GET /api/compare?offset&limit`: framing per outlet, conflicts and (a page of) coverage,
/// in the shape of `storyline compare --format json`.
pub(crate) async fn compare(
    State(s): State<Arc<Shared>>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from(q)?;
    let (offset, limit) = (p.offset()?, p.limit(MAX_LIMIT)?);
    let v = blocking(move || {
        let cache = s.cache()?;
        let data = match cache.compare.get() {
            Some(d) => Arc::clone(d),
            None => {
                let conn = s.conn()?;
                let mut documents = Vec::new();
                conn.for_each_document(&mut |d| documents.push(d))?;
                let refs: Vec<&storyline_model::Document> = documents.iter().collect();
                let framing = corpus::framing(&refs, true);
                let d = Arc::new(CompareData { framing, documents });
                Arc::clone(cache.compare.get_or_init(|| d))
            }
        };
        let conn = s.conn()?;
        let every = corpus::TimelineFilter {
            all: true,
            ..Default::default()
        };
        let conflicts: Vec<Value> = conn
            .timeline(&TimelineQuery {
                filter: every.clone(),
                conflicts_only: true,
                ..Default::default()
            })?
            .entries
            .iter()
            .map(|e| json!({"event": e.summary, "date": e.date, "conflicts": e.conflicts}))
            .collect();
        let entries = conn.timeline(&TimelineQuery {
            filter: every,
            offset,
            limit,
            ..Default::default()
        })?;
        let refs: Vec<&storyline_model::Document> = data.documents.iter().collect();
        let coverage = corpus::coverage(&entries.entries, &refs);
        let outlets: HashMap<&str, &str> = data
            .documents
            .iter()
            .map(|d| (d.id.as_str(), d.outlet.as_deref().unwrap_or("")))
            .collect();
        Ok(json!({
            "framing": data.framing, "conflicts": conflicts, "coverage": coverage,
            "coverage_total": entries.total, "offset": offset, "limit": limit, "outlets": outlets,
        }))
    })
    .await?;
    ok(v)
}

/// `GET /api/search?q&limit`.
pub(crate) async fn search(
    State(s): State<Arc<Shared>>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from(q)?;
    let limit = p.limit(20)?;
    let Some(query) = p.str("q").map(str::to_string) else {
        return Err(ApiError::BadParameter(
            "q (the search words) is required".into(),
        ));
    };
    let v = blocking(move || {
        let conn = s.conn()?;
        let hits = conn.search(&query, limit)?;
        let cache = s.cache()?;
        let outlets = cache.outlets_for(hits.iter().map(|h| h.id.as_str()));
        Ok(json!({"query": query, "limit": limit, "hits": hits, "outlets": outlets}))
    })
    .await?;
    ok(v)
}

/// `GET /api/openapi.json`.
pub(crate) async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        crate::OPENAPI,
    )
        .into_response()
}

/// Unknown API route.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("no such endpoint (see /api/openapi.json)".into())
}
