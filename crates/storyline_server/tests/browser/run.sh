#!/usr/bin/env bash
# Browser test of the storyline web interface.
#   crates/storyline_server/tests/browser/run.sh [SCREENSHOT_DIR]
# Installs Debian's chromium (if missing) and playwright-core (into this folder),
# builds storyline, ingests examples/seeds into a temporary database, serves it on a
# free loopback port and drives headless Chromium through check.mjs. Bounded in time;
# exits non-zero on failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
SHOTS="${1:-${TMPDIR:-/tmp}/storyline-browser-shots}"
mkdir -p "$SHOTS"
SHOTS="$(cd "$SHOTS" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

log() { echo "[browser-test] $*" >&2; }

# (a) Chromium and playwright-core.
if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq
  timeout 900 apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  log "installing playwright-core"
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 npm ci --no-audit --no-fund --loglevel=error)
fi

# (b) Build, ingest, serve.
log "building storyline"
(cd "$ROOT" && timeout 3000 cargo build --release --bin storyline -q)
BIN="$CARGO_TARGET_DIR/release/storyline"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

log "ingesting examples/seeds"
(cd "$ROOT" && timeout 600 "$BIN" ingest examples/seeds --db "$WORK/seeds.db" >"$WORK/ingest.log" 2>&1) || { cat "$WORK/ingest.log" >&2; exit 1; }

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
ADDR="127.0.0.1:$PORT"
if "$BIN" serve --help >/dev/null 2>&1; then
  SERVE=("$BIN" serve --db "$WORK/seeds.db" --addr "$ADDR")
else
  log "storyline has no serve subcommand yet: using the storyline_server example"
  (cd "$ROOT" && timeout 3000 cargo build --release -q -p storyline_server --example serve)
  SERVE=("$CARGO_TARGET_DIR/release/examples/serve" --db "$WORK/seeds.db" --addr "$ADDR")
fi
log "serving on http://$ADDR/"
"${SERVE[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

# (c) Drive the browser.
status=0
(cd "$HERE" && timeout 240 node check.mjs "http://$ADDR" "$SHOTS") || status=$?
if [ "$status" -ne 0 ]; then
  log "failed (status $status); server log:"
  cat "$WORK/server.log" >&2 || true
fi
exit "$status"
