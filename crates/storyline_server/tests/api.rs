//! API tests, in-process through `create_app`, over a temporary store filled with
//! hand-made documents: SQLite, or PostgreSQL when `STORYLINE_TEST_BACKEND=postgres` (a
//! schema of its own per test in the database `STORYLINE_TEST_PG` names; `.ci/run` runs
//! this suite both ways).

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use storyline_corpus as corpus;
use storyline_model::Document;
use storyline_model::{EntityMention, Event, Quote, TimexMention, Trigger};
use storyline_server::{create_app, ServerConfig, APP_JS, CSP, INDEX_HTML};
use storyline_store::Store;
use tower::ServiceExt;

fn span(text: &str, needle: &str) -> (usize, usize) {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    (start, start + needle.len())
}

fn entity(text: &str, needle: &str, label: &str, actor: Option<&str>) -> EntityMention {
    let (start, end) = span(text, needle);
    EntityMention {
        start,
        end,
        text: needle.into(),
        label: label.into(),
        actor: actor.map(Into::into),
    }
}

fn event(text: &str, trigger: &str, src: &str, tgt: &str, date: &str) -> Event {
    let (start, end) = span(text, trigger);
    Event {
        sentence: 0,
        trigger: Trigger {
            start,
            end,
            text: trigger.into(),
        },
        code: Some("040".into()),
        plover: Some("CONSULT".into()),
        source: Some(src.into()),
        target: Some(tgt.into()),
        date: Some(date.into()),
        precision: Some("day".into()),
        score: 0.9,
        ..Default::default()
    }
}

fn quote(text: &str, said: &str, speaker: &str) -> Quote {
    let (start, end) = span(text, said);
    Quote {
        start,
        end,
        text: said.into(),
        speaker: Some(speaker.into()),
        speaker_start: None,
        speaker_end: None,
        cue: Some("said".into()),
        kind: "direct".into(),
        channel: None,
        via: None,
    }
}

/// The span of the sentence ending at the first ". " after byte `from`.
fn sentence(text: &str, from: usize) -> storyline_model::SentenceSpan {
    let end = text[from..].find(". ").map_or(text.len(), |i| from + i + 1);
    storyline_model::SentenceSpan { start: from, end }
}

fn docs() -> Vec<Document> {
    let t1 = "Chinese President Xi Jinping spoke with Vladimir Putin by phone on Friday, Feb. 25. \u{201c}China supports talks,\u{201d} Xi said of the special military operation.";
    let mut a = Document::new("xinhua-call".into(), t1.into());
    a.title = Some("Xi speaks with Putin".into());
    a.sentences = vec![sentence(t1, 0)];
    a.outlet = Some("Xinhua".into());
    a.published = Some("2022-02-25".into());
    a.entities = vec![
        entity(t1, "Xi Jinping", "PER", Some("Xi Jinping")),
        entity(t1, "Vladimir Putin", "PER", Some("Vladimir Putin")),
        {
            let (start, _) = span(t1, "Xi said");
            EntityMention {
                start,
                end: start + 2,
                text: "Xi".into(),
                label: "PER".into(),
                actor: Some("Xi Jinping".into()),
            }
        },
    ];
    a.timexes = vec![{
        let (start, end) = span(t1, "Friday, Feb. 25");
        TimexMention {
            start,
            end,
            text: "Friday, Feb. 25".into(),
            timex_type: "DATE".into(),
            value: "2022-02-25".into(),
        }
    }];
    a.quotes = vec![quote(t1, "China supports talks,", "Xi Jinping")];
    a.events = vec![event(
        t1,
        "spoke",
        "Xi Jinping",
        "Vladimir Putin",
        "2022-02-25",
    )];

    let t2 = "Russian President Vladimir Putin called Xi Jinping on Thursday about the invasion of Ukraine, the Kremlin said. \u{201c}We are ready for negotiations,\u{201d} Putin said.";
    let mut b = Document::new("reuters-call".into(), t2.into());
    b.title = Some("Putin calls Xi over Ukraine".into());
    b.sentences = vec![sentence(t2, 0)];
    b.outlet = Some("Reuters".into());
    b.published = Some("2022-02-25".into());
    b.entities = vec![
        entity(t2, "Vladimir Putin", "PER", Some("Vladimir Putin")),
        entity(t2, "Xi Jinping", "PER", Some("Xi Jinping")),
    ];
    b.quotes = vec![quote(
        t2,
        "We are ready for negotiations,",
        "Vladimir Putin",
    )];
    b.events = vec![event(
        t2,
        "called",
        "Vladimir Putin",
        "Xi Jinping",
        "2022-02-24",
    )];

    let t3 = "A page said <script>alert(1)</script> and <img src=x onerror=alert(2)> about the war in Ukraine.";
    let mut c = Document::new("evil".into(), t3.into());
    c.title = Some("<b>Evil</b> & co".into());
    c.outlet = Some("Blog".into());
    c.published = Some("2022-03-01".into());
    c.entities = vec![entity(t3, "Ukraine", "LOC", Some("Ukraine"))];
    vec![a, b, c]
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

/// The database of a test: a file in `dir`, or a fresh PostgreSQL schema.
fn test_db(dir: &std::path::Path) -> PathBuf {
    if std::env::var("STORYLINE_TEST_BACKEND").as_deref() != Ok("postgres") {
        return dir.join("test.db");
    }
    let base = std::env::var("STORYLINE_TEST_PG")
        .expect("STORYLINE_TEST_BACKEND=postgres needs STORYLINE_TEST_PG=postgres://...");
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let schema = format!(
        "api_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let mut client = postgres::Client::connect(&base, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot reach STORYLINE_TEST_PG: {e}"));
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    PathBuf::from(format!("{base}{sep}options=-csearch_path%3D{schema}"))
}

fn open_store(db: &std::path::Path) -> Box<dyn Store + Send> {
    storyline_store::open(db.to_str().expect("utf-8")).expect("open store")
}

/// Runs store work on a thread of its own: the synchronous PostgreSQL client may not block
/// a thread that drives async tasks (the server itself reaches the store through
/// `spawn_blocking`).
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().expect("store thread"))
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = off_runtime(|| test_db(dir.path()));
    off_runtime(|| {
        let mut store = open_store(&db);
        store.insert_batch(&docs()).expect("insert");
    });
    Fixture { _dir: dir, db }
}

async fn get_with(
    app: &Router,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::builder().uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    (status, headers, body)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, headers, body) = get_with(app, uri, &[]).await;
    assert_eq!(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "{uri}"
    );
    (
        status,
        serde_json::from_slice(&body).unwrap_or_else(|e| {
            panic!("{uri}: not JSON ({e}): {}", String::from_utf8_lossy(&body))
        }),
    )
}

fn app(f: &Fixture) -> Router {
    create_app(f.db.clone(), ServerConfig::default())
}

fn assert_error(v: &Value, code: &str) {
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
}

#[tokio::test]
async fn stats_and_documents_with_pagination() {
    let f = fixture();
    let app = app(&f);
    let (s, v) = get(&app, "/api/stats").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["documents"], 3);
    assert_eq!(v["events"], 2);
    assert_eq!(v["quotes"], 2);

    let (s, v) = get(&app, "/api/documents?limit=2").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 3);
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["documents"][0]["id"], "xinhua-call");
    assert_eq!(v["documents"][0]["outlet"], "Xinhua");
    let (_, v) = get(&app, "/api/documents?offset=2&limit=2").await;
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["documents"][0]["id"], "evil");
    let (_, v) = get(&app, "/api/documents?offset=10").await;
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(0));

    for bad in [
        "/api/documents?limit=0",
        "/api/documents?limit=501",
        "/api/documents?limit=ten",
        "/api/documents?offset=-1",
    ] {
        let (s, v) = get(&app, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert_error(&v, "bad_parameter");
    }
}

#[tokio::test]
async fn one_document_and_404() {
    let f = fixture();
    let app = app(&f);
    let (s, v) = get(&app, "/api/documents/xinhua-call").await;
    assert_eq!(s, StatusCode::OK);
    let doc: Document = serde_json::from_value(v).expect("a Document");
    assert_eq!(doc, docs()[0]);
    let (s, v) = get(&app, "/api/documents/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_error(&v, "not_found");
    let (s, v) = get(&app, "/api/no-such-endpoint").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_error(&v, "not_found");
}

#[tokio::test]
async fn timeline_matches_the_cli_merge_and_filters() {
    let f = fixture();
    let app = app(&f);
    let mentions: Vec<corpus::Mention> =
        off_runtime(|| open_store(&f.db).event_mentions().expect("mentions"));
    let merged = corpus::merge(&mentions);

    let (s, v) = get(&app, "/api/timeline").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["entries"], serde_json::to_value(&merged).expect("json"));
    assert_eq!(v["total"], 1);
    let e = &v["entries"][0];
    // A tie between the two reported days: the merge picks the earlier one.
    assert_eq!(e["date"], "2022-02-24");
    assert_eq!(
        e["documents"],
        serde_json::json!(["reuters-call", "xinhua-call"])
    );
    assert_eq!(e["conflicts"][0]["field"], "date");
    assert_eq!(
        e["conflicts"][0]["values"].as_array().map(Vec::len),
        Some(2)
    );

    for (query, actor, from, to) in [
        ("actor=putin", Some("putin"), None, None),
        ("actor=zelensky", Some("zelensky"), None, None),
        ("from=2022-02-26", None, Some("2022-02-26"), None),
        (
            "to=2022-02-25&from=2022-02-01",
            None,
            Some("2022-02-01"),
            Some("2022-02-25"),
        ),
    ] {
        let filter = corpus::TimelineFilter {
            actor: actor.map(Into::into),
            from: from.map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date")),
            to: to.map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date")),
            all: false,
        };
        let want = corpus::filter(merged.clone(), &filter);
        let (s, v) = get(&app, &format!("/api/timeline?{query}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            v["entries"],
            serde_json::to_value(&want).expect("json"),
            "{query}"
        );
    }
    let (_, v) = get(&app, "/api/timeline?offset=1").await;
    assert_eq!(v["entries"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["total"], 1);

    for bad in [
        "/api/timeline?from=2022-13-01",
        "/api/timeline?to=yesterday",
        "/api/timeline?limit=1000",
        "/api/timeline?from=2022-03-01&to=2022-02-01",
    ] {
        let (s, v) = get(&app, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert_error(&v, "bad_parameter");
    }
}

#[tokio::test]
async fn actors_and_quotes() {
    let f = fixture();
    let app = app(&f);
    let (s, v) = get(&app, "/api/actors").await;
    assert_eq!(s, StatusCode::OK);
    let actors = v["actors"].as_array().expect("actors");
    let xi = actors
        .iter()
        .find(|a| a["name"] == "Xi Jinping")
        .expect("Xi listed");
    assert_eq!(xi["mentions"], 3);
    assert_eq!(xi["documents"], 2);
    assert_eq!(xi["events"], 1);
    assert_eq!(xi["quotes"], 1);
    let (_, v) = get(&app, "/api/actors?q=ukr").await;
    assert_eq!(v["total"], 1);

    let (s, v) = get(&app, "/api/actors/Xi%20Jinping").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["name"], "Xi Jinping");
    let aliases: Vec<&str> = v["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .filter_map(|a| a["text"].as_str())
        .collect();
    assert_eq!(aliases, vec!["Xi Jinping", "Xi"]);
    assert_eq!(v["events"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["quotes"][0]["text"], "China supports talks,");
    let (s, v) = get(&app, "/api/actors/Nobody").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_error(&v, "not_found");

    let (s, v) = get(&app, "/api/quotes?speaker=PUTIN").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 1);
    assert_eq!(v["quotes"][0]["speaker"], "Vladimir Putin");
    assert_eq!(v["quotes"][0]["document"], "reuters-call");
    let (_, v) = get(&app, "/api/quotes?limit=1").await;
    assert_eq!(v["total"], 2);
    assert_eq!(v["quotes"].as_array().map(Vec::len), Some(1));
}

/// Every listing of sources gives the outlets of the documents it lists, for the badges.
#[tokio::test]
async fn listings_name_the_outlets_of_their_documents() {
    let f = fixture();
    let app = app(&f);
    let outlet = |id: &str| match id {
        "xinhua-call" => "Xinhua",
        "reuters-call" => "Reuters",
        "evil" => "Blog",
        other => panic!("unexpected document {other}"),
    };
    let check = |what: &str, v: &Value, ids: Vec<String>| {
        assert!(!ids.is_empty(), "{what} lists no document");
        for id in ids {
            assert_eq!(v["outlets"][&id], outlet(&id), "{what}: outlet of {id}");
        }
    };
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect()
    };

    let (_, v) = get(&app, "/api/timeline").await;
    check("timeline", &v, strings(&v["entries"][0]["documents"]));
    let (_, v) = get(&app, "/api/stories").await;
    let ids = v["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .flat_map(|s| strings(&s["documents"]))
        .collect();
    check("stories", &v, ids);
    let (_, v) = get(&app, "/api/quotes").await;
    let ids = v["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .filter_map(|q| q["document"].as_str().map(String::from))
        .collect();
    check("quotes", &v, ids);
    let (_, v) = get(&app, "/api/actors/Vladimir%20Putin").await;
    let mut ids: Vec<String> = v["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .filter_map(|q| q["document"].as_str().map(String::from))
        .collect();
    ids.extend(strings(&v["events"][0]["documents"]));
    check("actor", &v, ids);
    let (_, v) = get(&app, "/api/search?q=Ukraine").await;
    let ids = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_str().map(String::from))
        .collect();
    check("search", &v, ids);
}

/// Each timeline entry carries what the web page shows as its evidence: its modality and,
/// per mention, the document, the sentence index into the document's sentences, the
/// sentence's text and its trigger's offsets into the document's text.
#[tokio::test]
async fn timeline_mentions_point_at_their_sentences() {
    let f = fixture();
    let app = app(&f);
    let (_, v) = get(&app, "/api/timeline").await;
    let e = &v["entries"][0];
    assert_eq!(e["modality"], "asserted");
    assert_eq!(e["date_inferred"], false);
    let mentions = e["mentions"].as_array().expect("mentions");
    assert_eq!(mentions.len(), 2);
    for m in mentions {
        let id = m["document"].as_str().expect("document");
        let (_, doc) = get(&app, &format!("/api/documents/{id}")).await;
        let text = doc["text"].as_str().expect("text");
        let i = m["sentence"].as_u64().expect("sentence") as usize;
        let sent = &doc["sentences"][i];
        let (a, b) = (
            sent["start"].as_u64().expect("start") as usize,
            sent["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(m["text"], text[a..b], "{id}: the sentence");
        let (ts, te) = (
            m["trigger"]["start"].as_u64().expect("start") as usize,
            m["trigger"]["end"].as_u64().expect("end") as usize,
        );
        assert!(a <= ts && te <= b, "{id}: the trigger lies in its sentence");
        assert_eq!(m["trigger"]["text"], text[ts..te], "{id}: the trigger");
        assert_eq!(m["in_title"], false);
    }
}

#[tokio::test]
async fn compare_and_search() {
    let f = fixture();
    let app = app(&f);
    let (s, v) = get(&app, "/api/compare").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["framing"]["Xinhua"]["special military operation"], 1);
    assert_eq!(v["framing"]["Reuters"]["invasion"], 1);
    assert_eq!(v["conflicts"][0]["conflicts"][0]["field"], "date");
    assert_eq!(
        v["coverage"][0]["not_reported_by"],
        serde_json::json!(["evil"])
    );

    let (s, v) = get(&app, "/api/search?q=negotiations").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["hits"][0]["id"], "reuters-call");
    let (s, v) = get(&app, "/api/search").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_error(&v, "bad_parameter");
    let (s, _) = get(&app, "/api/search?q=%22%20OR%20*").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn untrusted_text_is_data_and_headers_are_strict() {
    let f = fixture();
    let app = app(&f);
    let (s, headers, body) = get_with(&app, "/api/documents/evil", &[]).await;
    assert_eq!(s, StatusCode::OK);
    let raw = String::from_utf8(body.clone()).expect("utf-8");
    assert!(
        !raw.contains("<script>") && !raw.contains('<'),
        "markup must be JSON-escaped: {raw}"
    );
    let v: Value = serde_json::from_slice(&body).expect("json");
    assert!(v["text"]
        .as_str()
        .is_some_and(|t| t.contains("<script>alert(1)</script>")));
    assert_eq!(v["title"], "<b>Evil</b> & co");
    assert_eq!(
        headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|h| h.to_str().ok()),
        Some(CSP)
    );
    assert_eq!(
        headers
            .get(header::X_CONTENT_TYPE_OPTIONS)
            .and_then(|h| h.to_str().ok()),
        Some("nosniff")
    );
    assert_eq!(
        headers
            .get(header::REFERRER_POLICY)
            .and_then(|h| h.to_str().ok()),
        Some("no-referrer")
    );
    // Errors echo input escaped too.
    let (_, _, body) = get_with(&app, "/api/documents/%3Cscript%3E", &[]).await;
    assert!(!String::from_utf8_lossy(&body).contains('<'));
    for uri in ["/", "/app.js", "/style.css", "/api/stats", "/nowhere"] {
        let (_, headers, _) = get_with(&app, uri, &[]).await;
        assert_eq!(
            headers
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|h| h.to_str().ok()),
            Some(CSP),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn token_is_required_when_configured() {
    let f = fixture();
    let app = create_app(
        f.db.clone(),
        ServerConfig {
            token: Some("s3cret-token".into()),
        },
    );
    let (s, _, body) = get_with(&app, "/api/stats", &[]).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_error(
        &serde_json::from_slice(&body).expect("json"),
        "unauthorized",
    );
    let (s, _, _) = get_with(&app, "/", &[]).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = get_with(&app, "/api/stats", &[("authorization", "Bearer wrong")]).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = get_with(
        &app,
        "/api/stats",
        &[("authorization", "Bearer s3cret-token")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, headers, _) = get_with(&app, "/?token=s3cret-token", &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(
        headers.get(header::LOCATION).and_then(|h| h.to_str().ok()),
        Some("/")
    );
    let cookie = headers
        .get(header::SET_COOKIE)
        .and_then(|h| h.to_str().ok())
        .expect("cookie")
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().expect("pair").to_string();
    let (s, _, _) = get_with(&app, "/api/stats", &[("cookie", &pair)]).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, _) = get_with(&app, "/?token=wrong", &[]).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn serve_refuses_public_address_without_token() {
    let f = fixture();
    let addr = "0.0.0.0:0".parse().expect("addr");
    let err = storyline_server::serve(f.db.clone(), addr, ServerConfig::default())
        .await
        .expect_err("must refuse");
    assert!(err.to_string().contains("token"), "{err}");
}

#[tokio::test]
async fn openapi_describes_every_endpoint() {
    let f = fixture();
    let app = app(&f);
    let (s, v) = get(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["openapi"].as_str().is_some_and(|o| o.starts_with("3.")));
    for path in [
        "/api/stats",
        "/api/documents",
        "/api/documents/{id}",
        "/api/timeline",
        "/api/stories",
        "/api/actors",
        "/api/actors/{name}",
        "/api/quotes",
        "/api/compare",
        "/api/search",
    ] {
        assert!(v["paths"][path]["get"].is_object(), "{path} missing");
    }
    let params: Vec<&str> = v["paths"]["/api/timeline"]["get"]["parameters"]
        .as_array()
        .expect("params")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        params,
        vec!["actor", "from", "to", "story", "all", "offset", "limit"]
    );
}

#[tokio::test]
async fn stories_group_every_document_and_filter_the_timeline() {
    let f = fixture();
    let app = app(&f);
    let (s, v) = get(&app, "/api/stories").await;
    assert_eq!(s, StatusCode::OK);
    let stories = v["stories"].as_array().expect("stories");
    let mut all: Vec<&str> = stories
        .iter()
        .flat_map(|s| s["documents"].as_array().expect("docs"))
        .filter_map(Value::as_str)
        .collect();
    all.sort();
    let mut expected: Vec<String> = docs().into_iter().map(|d| d.id).collect();
    expected.sort();
    assert_eq!(all, expected, "every document in exactly one story");
    let call_story = stories
        .iter()
        .find(|s| {
            s["documents"]
                .as_array()
                .expect("docs")
                .iter()
                .any(|d| d == "reuters-call")
        })
        .expect("story of the call");
    let id = call_story["id"].as_u64().expect("id");
    let (s, v) = get(&app, &format!("/api/timeline?story={id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 1, "{v}");
    let (s, v) = get(&app, "/api/timeline?story=9999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_error(&v, "not_found");
    let (s, v) = get(&app, "/api/timeline?story=x").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_error(&v, "bad_parameter");
}

#[tokio::test]
async fn cache_follows_the_store() {
    let f = fixture();
    let app = app(&f);
    let (_, v) = get(&app, "/api/timeline").await;
    assert_eq!(v["total"], 1);
    let t = "Ukraine's Volodymyr Zelenskiy met Xi Jinping in Kyiv.";
    let mut d = Document::new("later".into(), t.into());
    d.events = vec![event(
        t,
        "met",
        "Volodymyr Zelenskiy",
        "Xi Jinping",
        "2023-04-26",
    )];
    off_runtime(|| open_store(&f.db).insert_batch(&[d]).expect("insert"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let (_, v) = get(&app, "/api/timeline").await;
        if v["total"] == 2 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timeline never refreshed: {v}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn web_interface_is_served_and_never_injects_html() {
    let f = fixture();
    let app = app(&f);
    let (s, headers, body) = get_with(&app, "/", &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(headers
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|c| c.starts_with("text/html")));
    assert_eq!(body, INDEX_HTML.as_bytes());
    assert!(
        INDEX_HTML.contains("app.js")
            && !INDEX_HTML.contains("<script>")
            && !INDEX_HTML.contains("style="),
        "no inline script or style"
    );
    for banned in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ] {
        assert!(!APP_JS.contains(banned), "app.js must not use {banned}");
    }
    assert!(
        !APP_JS.contains("http://") && !APP_JS.contains("https://"),
        "no external resources"
    );
}

/// The actor page and `/api/timeline?actor` are the actor's own timeline: an event no
/// political coding covers ("Putin said") is there beside the coded call, and any alias
/// of the actor finds it.
#[tokio::test]
async fn actor_timelines_hold_uncoded_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = off_runtime(|| test_db(dir.path()));
    off_runtime(|| {
        let mut all = docs();
        let text = all[1].text.clone();
        let (a, _) = span(&text, "Putin said.");
        let mut said = Event::mention(
            1,
            Trigger {
                start: a + 6,
                end: a + 10,
                text: "said".into(),
            },
            "say",
        );
        said.class = "REPORTING".into();
        said.tense = Some("PAST".into());
        said.date = Some("2022-02-25".into());
        said.precision = Some("day".into());
        said.date_basis = Some("publication".into());
        said.score = 0.9;
        said.participants = vec![storyline_model::Participant {
            role: "agent".into(),
            start: a,
            end: a + 5,
            text: "Putin".into(),
            actor: Some("Vladimir Putin".into()),
        }];
        all[1].events.push(said);
        open_store(&db).insert_batch(&all).expect("insert");
    });
    let app = create_app(db, ServerConfig::default());
    let (s, v) = get(&app, "/api/actors/Vladimir%20Putin").await;
    assert_eq!(s, StatusCode::OK);
    let heads: Vec<&str> = v["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["headline"].as_str())
        .collect();
    assert!(heads.contains(&"Vladimir Putin says"), "{heads:?}");
    assert_eq!(v["events_total"].as_u64(), Some(heads.len() as u64));
    let (s, v) = get(&app, "/api/timeline?actor=putin").await;
    assert_eq!(s, StatusCode::OK);
    let entries = v["entries"].as_array().expect("entries");
    assert!(
        entries
            .iter()
            .any(|e| e["headline"] == "Vladimir Putin says" && e["code"] == ""),
        "{entries:?}"
    );
    assert!(entries.iter().any(|e| e["code"] == "040"), "{entries:?}");
}
