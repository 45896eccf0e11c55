//! The in-memory corpus cache: the actor index and the counts, rebuilt when the store's
//! counts change (checked in the background at most every [`CHECK_INTERVAL`]). Timeline
//! entries are not cached: the store keeps them merged and answers each page in SQL.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use storyline_corpus::TimelineEntry;
use storyline_store::{ActorCount, Stats, Store};

use crate::error::ApiError;

/// How often the store's counts are compared with the cached ones.
pub(crate) const CHECK_INTERVAL: Duration = Duration::from_secs(2);
/// How many actors' aliases are computed ahead of requests.
const WARM_ACTORS: usize = 500;
/// How many idle connections the pool keeps.
const POOL_SIZE: usize = 32;

/// One actor with its counts.
pub(crate) type ActorRow = ActorCount;

/// Mention texts of an actor with their counts, most frequent first.
pub(crate) type Aliases = Arc<Vec<(String, u64)>>;

/// A connection to the store, of either backend.
pub(crate) type DynStore = Box<dyn Store + Send>;

/// One generation of cached corpus data.
pub(crate) struct Cache {
    pub stats: Stats,
    /// Quotes of each speaker (exact name), oldest first.
    pub quotes_by_speaker: HashMap<String, Vec<storyline_store::QuoteRow>>,
    /// Outlet of each document.
    pub outlets: HashMap<String, String>,
    /// Actors, most mentioned first.
    pub actors: Vec<ActorRow>,
    /// Position of each actor in `actors`.
    pub actor_index: HashMap<String, usize>,
    /// `compare` answer, computed on first use.
    pub compare: OnceLock<Arc<CompareData>>,
    /// Stories, grouped on first use.
    pub stories: OnceLock<Arc<Vec<storyline_corpus::stories::Story>>>,
    /// Aliases per actor, computed on first use.
    pub aliases: Mutex<HashMap<String, Aliases>>,
}

/// What `compare` needs: framing per outlet and the document ids.
pub(crate) struct CompareData {
    pub framing: BTreeMap<String, BTreeMap<String, usize>>,
    pub documents: Vec<storyline_model::Document>,
}

impl Cache {
    /// Builds the cache from the store.
    pub fn build(store: &dyn Store) -> Result<Cache, ApiError> {
        let stats = store.stats()?;
        let outlets: HashMap<String, String> = store
            .list(0, u64::MAX >> 1)?
            .into_iter()
            .filter_map(|d| d.outlet.map(|o| (d.id, o)))
            .collect();
        let mut quotes_by_speaker: HashMap<String, Vec<storyline_store::QuoteRow>> = HashMap::new();
        for q in store.quotes(None)? {
            if let Some(sp) = q.speaker.clone() {
                quotes_by_speaker.entry(sp).or_default().push(q);
            }
        }
        let mut actors = store.actors()?;
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
            outlets,
            quotes_by_speaker,
            actors,
            actor_index,
            compare: OnceLock::new(),
            stories: OnceLock::new(),
            aliases: Mutex::new(HashMap::new()),
        })
    }

    /// Outlets of the documents of some entries (for source badges).
    pub fn outlets_of<'a>(&'a self, entries: &[TimelineEntry]) -> BTreeMap<&'a str, &'a str> {
        self.outlets_for(entries.iter().flat_map(|e| {
            e.documents
                .iter()
                .chain(e.mentions.iter().map(|m| &m.document))
                .map(String::as_str)
        }))
    }

    /// Outlets of some documents, those that have one (for source badges).
    pub fn outlets_for<'b>(&self, ids: impl IntoIterator<Item = &'b str>) -> BTreeMap<&str, &str> {
        ids.into_iter()
            .filter_map(|d| {
                self.outlets
                    .get_key_value(d)
                    .map(|(k, o)| (k.as_str(), o.as_str()))
            })
            .collect()
    }
}

/// The shared state of the app: where the database is, a connection pool and the cache.
pub(crate) struct Shared {
    db: String,
    pool: Mutex<Vec<DynStore>>,
    current: Mutex<Option<(Arc<Cache>, Instant)>>,
    build_lock: Mutex<()>,
    checking: Arc<AtomicBool>,
}

/// A pooled connection, returned to the pool when dropped.
pub(crate) struct Conn<'a> {
    shared: &'a Shared,
    store: Option<DynStore>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = dyn Store + Send + 'static;
    fn deref(&self) -> &(dyn Store + Send + 'static) {
        // Always Some until drop.
        self.store
            .as_deref()
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
    pub fn new(db: String) -> Shared {
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
            None => storyline_store::open(&self.db).map_err(|e| {
                ApiError::Internal(format!(
                    "cannot open {}: {e}",
                    storyline_store::display_db(&self.db)
                ))
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
        let cache = Arc::new(Cache::build(&*conn)?);
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
                    if let Ok(fresh) = Cache::build(&*conn) {
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
