//! Load test: `cargo run --release -p storyline_server --example load -- [--docs 100000]
//! [--requests 2000] [--concurrency 8] [--seconds 10] [--settle 3] [--db PATH]`.
//!
//! Builds (or reuses) a store of synthetic articles — built directly as `Document`s,
//! with entities, events and quotes, no NLP — starts the app on a loopback port and
//! fires a bounded number of concurrent keep-alive HTTP/1.1 requests (raw TCP) at
//! `/api/timeline?actor=...&limit=50` and `/api/actors/{name}`, then prints
//! p50/p95/p99 latencies per endpoint.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use storyline_model::Document;
use storyline_model::{EntityMention, Event, Quote, Trigger};
use storyline_server::{create_app, ServerConfig};
use storyline_store::{SqliteStore, Store};

const FIRST: &[&str] = &[
    "Anna", "Boris", "Chen", "Dilma", "Emeka", "Farida", "Goran", "Hana", "Ivan", "Jia", "Kofi",
    "Lena", "Mateo", "Nadia", "Olu", "Pavel", "Qiu", "Rosa", "Sami", "Tomas",
];
const LAST: &[&str] = &[
    "Abara", "Belov", "Castro", "Dahl", "Eze", "Fong", "Gruber", "Haddad", "Ilic", "Jensen",
];
const VERBS: &[(&str, &str, &str)] = &[
    ("met", "040", "CONSULT"),
    ("criticised", "111", "DISAPPROVE"),
    ("praised", "051", "COOPERATE"),
    ("called", "040", "CONSULT"),
    ("threatened", "130", "THREATEN"),
];
const OUTLETS: &[&str] = &[
    "Wire A", "Wire B", "Daily C", "Herald D", "Times E", "Post F",
];

/// A tiny deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn actor_name(i: usize) -> String {
    format!(
        "{} {}",
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len()) % LAST.len()]
    )
}

const ACTORS: usize = 200;

fn synthetic(i: usize, rng: &mut Rng) -> Document {
    let a = actor_name(rng.below(ACTORS));
    let mut b = actor_name(rng.below(ACTORS));
    if b == a {
        b = actor_name((rng.below(ACTORS) + 1) % ACTORS);
    }
    let (verb, code, plover) = VERBS[rng.below(VERBS.len())];
    let day = rng.below(5 * 365) as i64;
    let date = (chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default()
        + chrono::Duration::days(day))
    .format("%Y-%m-%d")
    .to_string();
    let mut filler = String::new();
    for _ in 0..40 {
        filler.push_str(&format!(" w{}", rng.below(5000)));
    }
    let said = format!("We will respond to item {i}");
    let text = format!("{a} {verb} {b} on {date}.{filler}. \u{201c}{said},\u{201d} {b} said.");
    let mut d = Document::new(format!("syn-{i}"), text.clone());
    d.title = Some(format!("{a} {verb} {b}"));
    d.outlet = Some(OUTLETS[rng.below(OUTLETS.len())].to_string());
    d.published = Some(date.clone());
    let pos = |needle: &str, from: usize| text[from..].find(needle).map(|p| p + from).unwrap_or(0);
    let a_start = 0;
    let verb_start = a.len() + 1;
    let b_start = verb_start + verb.len() + 1;
    d.entities = vec![
        EntityMention {
            start: a_start,
            end: a.len(),
            text: a.clone(),
            label: "PER".into(),
            actor: Some(a.clone()),
        },
        EntityMention {
            start: b_start,
            end: b_start + b.len(),
            text: b.clone(),
            label: "PER".into(),
            actor: Some(b.clone()),
        },
    ];
    let q_start = pos(&said, 0);
    d.quotes = vec![Quote {
        start: q_start,
        end: q_start + said.len(),
        text: said.clone(),
        speaker: Some(b.clone()),
        speaker_start: None,
        speaker_end: None,
        cue: Some("said".into()),
        kind: "direct".into(),
        channel: None,
        via: None,
    }];
    d.events = vec![Event {
        sentence: 0,
        trigger: Trigger {
            start: verb_start,
            end: verb_start + verb.len(),
            text: verb.into(),
        },
        code: Some(code.into()),
        plover: Some(plover.into()),
        source: Some(a),
        target: Some(b),
        date: Some(date),
        precision: Some("day".into()),
        score: 0.9,
        ..Default::default()
    }];
    d
}

fn build_store(db: &std::path::Path, n: usize) -> anyhow::Result<()> {
    let mut store = SqliteStore::open(db)?;
    let have = store.stats()?.documents as usize;
    if have >= n {
        eprintln!("reusing {} ({have} documents)", db.display());
        return Ok(());
    }
    let t = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let docs: Vec<Document> = (0..n).map(|i| synthetic(i, &mut rng)).collect();
    for chunk in docs[have..].chunks(5000) {
        store.insert_batch(chunk)?;
        eprint!(".");
    }
    eprintln!(
        "\nbuilt {} with {n} documents in {:.1} s",
        db.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One keep-alive HTTP/1.1 GET; returns the status.
fn get(
    conn: &mut Option<BufReader<TcpStream>>,
    addr: SocketAddr,
    path: &str,
) -> anyhow::Result<u16> {
    if conn.is_none() {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        *conn = Some(BufReader::new(s));
    }
    let r = conn
        .as_mut()
        .ok_or_else(|| anyhow::anyhow!("no connection"))?;
    write!(r.get_mut(), "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n")?;
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("bad status line {line:?}"))?;
    let mut length = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse()?;
            }
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body)?;
    Ok(status)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() -> anyhow::Result<()> {
    let mut docs = 100_000usize;
    let mut requests = 2000usize;
    let mut concurrency = 8usize;
    let mut seconds = 10u64;
    let mut settle = 3u64;
    let mut db: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| anyhow::anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "--docs" => docs = value()?.parse()?,
            "--requests" => requests = value()?.parse()?,
            "--concurrency" => concurrency = value()?.parse()?,
            "--seconds" => seconds = value()?.parse()?,
            "--settle" => settle = value()?.parse()?,
            "--db" => db = Some(PathBuf::from(value()?)),
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    let db = db.unwrap_or_else(|| std::env::temp_dir().join(format!("storyline-load-{docs}.db")));
    build_store(&db, docs)?;

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    let app = create_app(db.clone(), ServerConfig::default());
    rt.spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("server failed: {e}");
        }
    });

    // Warm up: the first timeline request builds the cache.
    let t = Instant::now();
    let mut c = None;
    let status = get(&mut c, addr, "/api/timeline?limit=1")?;
    anyhow::ensure!(status == 200, "warm-up answered {status}");
    eprintln!(
        "cache built on first request in {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    // The server computes actor aliases in the background after building the cache.
    eprintln!("settling {settle} s (background alias warm-up)");
    std::thread::sleep(Duration::from_secs(settle));

    let done = Arc::new(AtomicUsize::new(0));
    let results: Arc<Mutex<Vec<(usize, Duration, u16)>>> = Arc::new(Mutex::new(Vec::new()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|w| {
            let (done, results) = (Arc::clone(&done), Arc::clone(&results));
            std::thread::spawn(move || {
                let mut rng = Rng(0xDEAD_BEEF ^ ((w as u64 + 1) * 7919));
                let mut conn = None;
                let mut local = Vec::new();
                while Instant::now() < deadline {
                    let k = done.fetch_add(1, Ordering::Relaxed);
                    if k >= requests {
                        break;
                    }
                    let name = actor_name(rng.below(ACTORS)).replace(' ', "%20");
                    let (kind, path) = if k % 2 == 0 {
                        (0, format!("/api/timeline?actor={name}&limit=50"))
                    } else {
                        (1, format!("/api/actors/{name}"))
                    };
                    let t = Instant::now();
                    match get(&mut conn, addr, &path) {
                        Ok(status) => local.push((kind, t.elapsed(), status)),
                        Err(e) => {
                            eprintln!("request failed: {e}");
                            conn = None;
                        }
                    }
                }
                if let Ok(mut r) = results.lock() {
                    r.extend(local);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let wall = started.elapsed();
    let results = results
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))?
        .clone();
    let errors = results.iter().filter(|r| r.2 != 200).count();
    println!("{} requests in {:.2} s ({:.0}/s), concurrency {concurrency}, {docs} documents, {errors} non-200", results.len(), wall.as_secs_f64(), results.len() as f64 / wall.as_secs_f64());
    for (kind, name) in [(0, "timeline?actor=..&limit=50"), (1, "actors/{name}")] {
        let mut l: Vec<Duration> = results
            .iter()
            .filter(|r| r.0 == kind)
            .map(|r| r.1)
            .collect();
        l.sort();
        println!(
            "{name:<28} n={:<5} p50={:.1} ms  p95={:.1} ms  p99={:.1} ms  max={:.1} ms",
            l.len(),
            percentile(&l, 0.5),
            percentile(&l, 0.95),
            percentile(&l, 0.99),
            percentile(&l, 1.0)
        );
    }
    Ok(())
}
