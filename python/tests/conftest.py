"""Fixtures: the repository's seed articles and the `storyline` command to compare with."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "seeds"


def storyline_bin() -> pathlib.Path:
    """The command: $STORYLINE_BIN, else the debug build of the checkout (which
    `cargo test` or `cargo build -p storyline_cli` leaves there)."""
    given = os.environ.get("STORYLINE_BIN")
    path = pathlib.Path(given) if given else ROOT / "target" / "debug" / "storyline"
    if not path.exists():
        pytest.fail(f"{path} not found: build it (cargo build -p storyline_cli) or set STORYLINE_BIN")
    return path


def run_cli(*args, db=None):
    """Runs `storyline ARGS` (with --db through $STORYLINE_DB); returns its stdout."""
    env = dict(os.environ)
    if db is not None:
        env["STORYLINE_DB"] = str(db)
    out = subprocess.run([str(storyline_bin()), *map(str, args)], capture_output=True, env=env, text=True)
    if out.returncode != 0:
        raise AssertionError(f"storyline {' '.join(map(str, args))} failed: {out.stderr}")
    return out.stdout


def cli_json(*args, db=None):
    """The JSON Lines `storyline ARGS` prints, parsed."""
    return [json.loads(line) for line in run_cli(*args, db=db).splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seeds():
    """The seed article files, in the order `storyline annotate` reads the folder."""
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory):
    """A database with the seeds ingested by the command."""
    db = tmp_path_factory.mktemp("cli") / "cli.db"
    run_cli("ingest", "-q", SEEDS, db=db)
    return db
