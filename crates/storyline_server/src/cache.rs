//! The in-memory corpus cache: the merged timeline and the actor index, rebuilt
//! when the store's counts change (checked in the background at most every
//! [`CHECK_INTERVAL`]), so that timeline and actor requests never merge.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Serialize;
use storyline_corpus::{self as corpus, TimelineEntry};
use storyline_store::{SqliteStore, Stats, Store};

use crate::error::ApiError;

/// How often the store's counts are compared with the cached ones.
pub(crate) const CHECK_INTERVAL: Duration = Duration::from_secs(2);
/// How many actors' aliases are computed ahead of requests.
const WARM_ACTORS: usize = 500;
/// How many idle connections the pool keeps.
const POOL_SIZE: usize = 32;

/// One actor with its counts.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ActorRow {
    pub name: String,
    /// Entity mentions resolved to the actor.
    pub mentions: u64,
    /// Documents mentioning it.
    pub documents: u64,
    /// Timeline entries involving it.
    pub events: u64,
    /// Quotes it is the speaker of.
    pub quotes: u64,
}

/// Mention texts of an actor with their counts, most frequent first.
pub(crate) type Aliases = Arc<Vec<(String, u64)>>;

/// One generation of cached corpus data.
pub(crate) struct Cache {
    pub stats: Stats,
    pub entries: Vec<TimelineEntry>,
    /// Lower-cased actors of each entry (for the substring filter).
    pub actors_lc: Vec<Vec<String>>,
    /// The date range of each entry.
    pub ranges: Vec<Option<(NaiveDate, NaiveDate)>>,
    /// Entries involving each actor (exact name).
    pub by_actor: HashMap<String, Vec<usize>>,
    /// Quotes of each speaker (exact name), oldest first.
    pub quotes_by_speaker: HashMap<String, Vec<storyline_store::QuoteRow>>,
    /// Outlet of each document reporting an event.
    pub outlets: HashMap<String, String>,
    /// Actors, most mentioned first.
    pub actors: Vec<ActorRow>,
    /// Position of each actor in `actors`.
    pub actor_index: HashMap<String, usize>,
    /// `compare` answer, computed on first use.
    pub compare: OnceLock<Arc<CompareData>>,
    /// Stories, grouped on first use.
    pub stories: OnceLock<Arc<Vec<storyline_corpus::stories::Story>>>,
    /// Results of actor-filtered timeline queries (lower-cased actor → entries), memoised.
    pub by_query: Mutex<HashMap<String, Arc<Vec<usize>>>>,
    /// Aliases per actor, computed on first use.
    pub aliases: Mutex<HashMap<String, Aliases>>,
}

/// What `compare` needs: framing per outlet and the document ids.
pub(crate) struct CompareData {
    pub framing: BTreeMap<String, BTreeMap<String, usize>>,
    pub documents: Vec<storyline_model::Document>,
}

/// The first and last day a (possibly coarse) TimeML date covers: the rule the
/// timeline filters by.
pub(crate) use storyline_corpus::date_range;

fn sql<T>(r: Result<T, impl std::fmt::Display>) -> Result<T, ApiError> {
    r.map_err(|e| ApiError::Internal(format!("database error: {e}")))
}

impl Cache {
    /// Builds the cache from the store.
    pub fn build(store: &SqliteStore) -> Result<Cache, ApiError> {
        let stats = store.stats()?;
        let mentions: Vec<corpus::Mention> = store.event_mentions()?;
        let entries = corpus::merge(&mentions);
        let outlets: HashMap<String, String> = mentions
            .iter()
            .filter_map(|m| m.outlet.as_ref().map(|o| (m.document.clone(), o.clone())))
            .collect();
        drop(mentions);
        let actors_lc = entries
            .iter()
            .map(|e| e.actors.iter().map(|a| a.to_lowercase()).collect())
            .collect();
        let ranges = entries
            .iter()
            .map(|e| e.date.as_deref().and_then(date_range))
            .collect();
        let mut by_actor: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for a in &e.actors {
                by_actor.entry(a.clone()).or_default().push(i);
            }
        }
        let mut quotes_by_speaker: HashMap<String, Vec<storyline_store::QuoteRow>> = HashMap::new();
        for q in store.quotes(None)? {
            if let Some(sp) = q.speaker.clone() {
                quotes_by_speaker.entry(sp).or_default().push(q);
            }
        }
        let mut rows: HashMap<String, ActorRow> = HashMap::new();
        fn row<'a>(rows: &'a mut HashMap<String, ActorRow>, name: &str) -> &'a mut ActorRow {
            rows.entry(name.to_string()).or_insert_with(|| ActorRow {
                name: name.to_string(),
                mentions: 0,
                documents: 0,
                events: 0,
                quotes: 0,
            })
        }
        let conn = store.connection();
        {
            let mut stmt = sql(conn.prepare(
                "SELECT actor, SUM(mentions), COUNT(*) FROM entity_actors GROUP BY actor",
            ))?;
            let it = sql(stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            }))?;
            for x in it {
                let (name, mentions, docs) = sql(x)?;
                let r = row(&mut rows, &name);
                r.mentions = mentions.max(0) as u64;
                r.documents = docs.max(0) as u64;
            }
        }
        {
            let mut stmt = sql(conn.prepare(
                "SELECT speaker, COUNT(*) FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker",
            ))?;
            let it =
                sql(stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))))?;
            for x in it {
                let (name, n) = sql(x)?;
                row(&mut rows, &name).quotes = n.max(0) as u64;
            }
        }
        for (name, idx) in &by_actor {
            row(&mut rows, name).events = idx.len() as u64;
        }
        let mut actors: Vec<ActorRow> = rows.into_values().collect();
        actors.sort_by(|a, b| {
            (b.mentions + b.events + b.quotes)
                .cmp(&(a.mentions + a.events + a.quotes))
                .then(a.name.cmp(&b.name))
        });
        let actor_index = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
        Ok(Cache {
            stats,
            entries,
            actors_lc,
            ranges,
            by_actor,
            outlets,
            quotes_by_speaker,
            actors,
            actor_index,
            compare: OnceLock::new(),
            stories: OnceLock::new(),
            by_query: Mutex::new(HashMap::new()),
            aliases: Mutex::new(HashMap::new()),
        })
    }

    /// Outlets of the documents of some entries (for source badges).
    pub fn outlets_of<'a>(&'a self, entries: &[&'a TimelineEntry]) -> BTreeMap<&'a str, &'a str> {
        entries
            .iter()
            .flat_map(|e| e.documents.iter())
            .filter_map(|d| self.outlets.get(d).map(|o| (d.as_str(), o.as_str())))
            .collect()
    }

    /// Entries involving an actor whose name contains `actor` (lower case), memoised.
    fn with_actor(&self, actor: &str) -> Arc<Vec<usize>> {
        if let Some(hit) = self
            .by_query
            .lock()
            .ok()
            .and_then(|m| m.get(actor).cloned())
        {
            return hit;
        }
        let v: Arc<Vec<usize>> = Arc::new(
            (0..self.entries.len())
                .filter(|&i| self.actors_lc[i].iter().any(|x| x.contains(actor)))
                .collect(),
        );
        if let Ok(mut m) = self.by_query.lock() {
            if m.len() >= 4096 {
                m.clear();
            }
            m.insert(actor.to_string(), Arc::clone(&v));
        }
        v
    }

    /// Indices of the entries passing the filter, in timeline order; the same rule as
    /// [`storyline_corpus::filter`].
    pub fn filter(
        &self,
        actor: Option<&str>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        all: bool,
    ) -> Vec<usize> {
        let in_range = |i: &usize| {
            (all || corpus::is_main(&self.entries[*i]))
                && match (self.ranges[*i], from, to) {
                    (None, None, None) => true,
                    (None, _, _) => false,
                    (Some(r), from, to) => {
                        from.is_none_or(|d| r.1 >= d) && to.is_none_or(|d| r.0 <= d)
                    }
                }
        };
        match actor.map(str::to_lowercase) {
            Some(a) => self
                .with_actor(&a)
                .iter()
                .copied()
                .filter(in_range)
                .collect(),
            None => (0..self.entries.len()).filter(in_range).collect(),
        }
    }
}

/// The shared state of the app: where the database is, a connection pool and the cache.
pub(crate) struct Shared {
    db: PathBuf,
    pool: Mutex<Vec<SqliteStore>>,
    current: Mutex<Option<(Arc<Cache>, Instant)>>,
    build_lock: Mutex<()>,
    checking: Arc<AtomicBool>,
}

/// A pooled connection, returned to the pool when dropped.
pub(crate) struct Conn<'a> {
    shared: &'a Shared,
    store: Option<SqliteStore>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = SqliteStore;
    fn deref(&self) -> &SqliteStore {
        // Always Some until drop.
        self.store
            .as_ref()
            .unwrap_or_else(|| unreachable!("connection used after drop"))
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.store.take() {
            if let Ok(mut pool) = self.shared.pool.lock() {
                if pool.len() < POOL_SIZE {
                    pool.push(s);
                }
            }
        }
    }
}

impl Shared {
    pub fn new(db: PathBuf) -> Shared {
        Shared {
            db,
            pool: Mutex::new(Vec::new()),
            current: Mutex::new(None),
            build_lock: Mutex::new(()),
            checking: Arc::new(AtomicBool::new(false)),
        }
    }

    /// A connection from the pool, or a new one.
    pub fn conn(&self) -> Result<Conn<'_>, ApiError> {
        let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
        let store = match pooled {
            Some(s) => s,
            None => SqliteStore::open(&self.db).map_err(|e| {
                ApiError::Internal(format!("cannot open {}: {e}", self.db.display()))
            })?,
        };
        Ok(Conn {
            shared: self,
            store: Some(store),
        })
    }

    fn current(&self) -> Option<(Arc<Cache>, Instant)> {
        self.current.lock().ok().and_then(|c| c.clone())
    }

    fn set_current(&self, cache: Arc<Cache>) {
        if let Ok(mut c) = self.current.lock() {
            *c = Some((cache, Instant::now()));
        }
    }

    /// The current cache; built on first use (blocking), refreshed in the background
    /// when stale. Call from a blocking context.
    pub fn cache(self: &Arc<Self>) -> Result<Arc<Cache>, ApiError> {
        if let Some((cache, checked)) = self.current() {
            if checked.elapsed() >= CHECK_INTERVAL && !self.checking.swap(true, Ordering::AcqRel) {
                let me = Arc::clone(self);
                let job = move || {
                    me.refresh();
                    me.checking.store(false, Ordering::Release);
                };
                match tokio::runtime::Handle::try_current() {
                    Ok(h) => {
                        h.spawn_blocking(job);
                    }
                    Err(_) => job(),
                }
            }
            return Ok(cache);
        }
        let _guard = self
            .build_lock
            .lock()
            .map_err(|_| ApiError::Internal("cache lock poisoned".into()))?;
        if let Some((cache, _)) = self.current() {
            return Ok(cache);
        }
        let conn = self.conn()?;
        let cache = Arc::new(Cache::build(&conn)?);
        drop(conn);
        self.set_current(Arc::clone(&cache));
        self.warm(Arc::clone(&cache));
        Ok(cache)
    }

    /// Computes the aliases of the most present actors in the background, so that
    /// actor pages need not decode documents.
    fn warm(self: &Arc<Self>, cache: Arc<Cache>) {
        let me = Arc::clone(self);
        let job = move || {
            for a in cache.actors.iter().take(WARM_ACTORS) {
                if crate::api::aliases(&me, &cache, &a.name).is_err() {
                    break;
                }
            }
        };
        if let Ok(h) = tokio::runtime::Handle::try_current() {
            h.spawn_blocking(job);
        }
    }

    /// Compares the store's counts with the cache's and rebuilds when they differ.
    fn refresh(self: &Arc<Self>) {
        let Ok(conn) = self.conn() else { return };
        let Some((cache, _)) = self.current() else {
            return;
        };
        match conn.stats() {
            Ok(stats) if stats == cache.stats => self.set_current(cache),
            Ok(_) => {
                if let Ok(_guard) = self.build_lock.lock() {
                    if let Ok(fresh) = Cache::build(&conn) {
                        let fresh = Arc::new(fresh);
                        self.set_current(Arc::clone(&fresh));
                        self.warm(fresh);
                    }
                }
            }
            Err(_) => {}
        }
    }
}
