"""The module against the command: annotate, Corpus, the Parquet export, bad input."""

import datetime
import os
import threading

import pytest

import storyline
from conftest import SEEDS, cli_json, run_cli


def without_id(doc):
    # A text given to annotate has no file name to take its id from (CONTRACTS.md, Inputs).
    return {k: v for k, v in doc.items() if k != "id"}


def test_annotate_equals_the_cli_on_the_seeds(seeds):
    cli = cli_json("annotate", SEEDS)
    py = storyline.annotate([p.read_text(encoding="utf-8") for p in seeds])
    assert len(py) == len(cli) == len(seeds)
    for got, want in zip(py, cli):
        assert without_id(got) == without_id(want), want["id"]
    assert all(doc["events"] for doc in py), "every seed has events"


def test_annotate_with_dct_and_raw_equals_the_cli(seeds):
    cli = cli_json("annotate", "--raw", "--dct", "2022-02-25", seeds[0])
    [py] = storyline.annotate([seeds[0].read_text(encoding="utf-8")], dct="2022-02-25", raw=True)
    assert without_id(py) == without_id(cli[0])
    [as_date] = storyline.annotate(
        [seeds[0].read_text(encoding="utf-8")], dct=datetime.date(2022, 2, 25), raw=True
    )
    assert as_date == py


def test_annotate_takes_dicts_with_the_jsonl_fields():
    [doc] = storyline.annotate(
        [{"id": "a1", "title": "Talks", "published": "2023-03-21", "outlet": "Wire",
          "text": "Xi Jinping met Vladimir Putin in Moscow on Tuesday."}]
    )
    assert (doc["id"], doc["title"], doc["published"], doc["outlet"]) == ("a1", "Talks", "2023-03-21", "Wire")
    assert doc["text"].startswith("Xi Jinping met")
    assert doc["events"], doc


def test_annotate_releases_the_gil():
    # Another Python thread runs while a batch is annotated.
    texts = ["Xi Jinping met Vladimir Putin in Moscow on Tuesday. " * 20] * 16
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        storyline.annotate(texts)
    finally:
        done.set()
        t.join()
    assert len(ticks) > 1
    # The batch ran on a pool of threads, one per core (Linux lists them): this thread and
    # at least two workers on a machine with several cores.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores > 1 and os.path.isdir("/proc/self/task"):
        assert len(os.listdir("/proc/self/task")) >= 3


def test_corpus_round_trip_equals_the_cli(tmp_path, seeded_db):
    corpus = storyline.Corpus(tmp_path / "py.db")
    summary = corpus.ingest([SEEDS])
    assert summary == cli_json("ingest", "--format", "json", SEEDS, db=tmp_path / "cli.db")[0]
    assert corpus.stats() == cli_json("stats", "--format", "json", db=seeded_db)[0]
    assert corpus.documents() == cli_json("documents", "--format", "json", "--limit", "1000", db=seeded_db)
    assert corpus.events() == cli_json("events", "--format", "json", db=seeded_db)
    assert corpus.quotes() == cli_json("quotes", "--format", "json", db=seeded_db)
    assert corpus.timeline() == cli_json("timeline", "--format", "json", db=seeded_db)
    assert corpus.timeline(all=True) == cli_json("timeline", "--all", "--format", "json", db=seeded_db)
    assert corpus.timeline(actor="Xi", start="2000-01-01") == cli_json(
        "timeline", "--actor", "Xi", "--from", "2000-01-01", "--format", "json", db=seeded_db)
    assert corpus.quotes(speaker="Xi") == cli_json("quotes", "--speaker", "Xi", "--format", "json", db=seeded_db)
    assert corpus.stats()["documents"] == 5
    # Ingesting again changes nothing.
    again = corpus.ingest(str(SEEDS))
    assert corpus.stats() == cli_json("stats", "--format", "json", db=seeded_db)[0]
    assert again != summary


def test_parquet_export_reads_back_in_pyarrow_and_duckdb(tmp_path, seeded_db):
    pq = pytest.importorskip("pyarrow.parquet")
    duckdb = pytest.importorskip("duckdb")
    commands = {
        "documents": ["documents", "--limit", "1000000"],
        "events": ["events"],
        "timeline": ["timeline"],
        "quotes": ["quotes"],
    }
    for table, command in commands.items():
        rows = cli_json(*command, "--format", "json", db=seeded_db)
        out = tmp_path / f"{table}.parquet"
        run_cli("export", "--what", table, "--format", "parquet", out, db=seeded_db)
        read = pq.read_table(out)
        assert read.num_rows == len(rows), table
        [(count,)] = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}')").fetchall()
        assert count == len(rows), table
        first = read.column_names[0]
        assert read.column(first).to_pylist() == [r[first] for r in rows], table
    # Nested lists are lists: DuckDB unnests the timeline's mentions.
    timeline = cli_json("timeline", "--format", "json", db=seeded_db)
    [(mentions,)] = duckdb.sql(
        f"SELECT count(*) FROM (SELECT unnest(mentions) FROM read_parquet('{tmp_path / 'timeline.parquet'}'))"
    ).fetchall()
    assert mentions == sum(len(e["mentions"]) for e in timeline)
    events = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert any(e["participants"] for e in events)
    assert events[0]["trigger"].keys() == {"start", "end", "text"}


def test_bad_input_raises_a_clear_exception(tmp_path):
    with pytest.raises(storyline.InputError, match=r"item 1: .*text"):
        storyline.annotate(["Xi Jinping met Vladimir Putin.", {"title": "no text"}])
    with pytest.raises(ValueError, match=r"item 0: expected a str .* not int"):
        storyline.annotate([42])
    with pytest.raises(storyline.InputError, match=r"item 0"):
        storyline.annotate([""])
    with pytest.raises(TypeError, match="wrap a single article in a list"):
        storyline.annotate("Xi Jinping met Vladimir Putin.")
    with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
        storyline.annotate(["x"], dct="25 February")
    # skip leaves the bad item out.
    assert len(storyline.annotate(["Xi Jinping met Vladimir Putin.", 42], errors="skip")) == 1
    # A database that cannot be opened: the CLI's message.
    with pytest.raises(storyline.StorylineError, match=r"^cannot open database /nonexistent/dir/x\.db: "):
        storyline.Corpus("/nonexistent/dir/x.db")


def test_module_surface(tmp_path):
    assert storyline.__version__
    assert issubclass(storyline.InputError, storyline.StorylineError)
    corpus = storyline.Corpus(tmp_path / "m.db")
    assert repr(corpus) == f"storyline.Corpus({str(tmp_path / 'm.db')!r})".replace("'", '"')
    assert corpus.db == str(tmp_path / "m.db")
    assert storyline.annotate.__doc__ and storyline.Corpus.timeline.__doc__


def test_annotate_reads_paths_as_the_cli_does(seeds):
    # A path is read as `storyline annotate` reads a file: the same object, id included.
    assert storyline.annotate(list(seeds)) == cli_json("annotate", SEEDS)
    with pytest.raises(storyline.InputError, match=r"item 0: .*nonexistent"):
        storyline.annotate([SEEDS / "nonexistent.txt"])


def test_the_docstring_examples_run():
    import doctest

    assert doctest.testmod(storyline).failed == 0
