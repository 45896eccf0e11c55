//! Starts the server: `cargo run --release -p storyline_server --example serve -- --db PATH [--addr 127.0.0.1:8080] [--token T]`.
//! The same as `storyline serve`, for use before the CLI wires it (and by the browser test).

use std::path::PathBuf;

use storyline_server::{serve, ServerConfig, DEFAULT_ADDR};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut db: Option<PathBuf> = None;
    let mut addr = DEFAULT_ADDR.to_string();
    let mut token = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| anyhow::anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "--db" => db = Some(PathBuf::from(value()?)),
            "--addr" => addr = value()?,
            "--token" => token = Some(value()?),
            other => anyhow::bail!(
                "unknown argument {other:?} (usage: serve --db PATH [--addr ADDR] [--token T])"
            ),
        }
    }
    let db =
        db.ok_or_else(|| anyhow::anyhow!("usage: serve --db PATH [--addr ADDR] [--token T]"))?;
    let addr = addr
        .parse()
        .map_err(|e| anyhow::anyhow!("bad --addr {addr:?}: {e}"))?;
    serve(db, addr, ServerConfig { token }).await
}
