"""Type stubs of the storyline module (its native part is storyline._storyline)."""

import datetime
import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Union

__version__: str

Json = Dict[str, Any]
"""One JSON object as the `storyline` command prints it, parsed."""

Article = Union[str, Mapping[str, Any], "os.PathLike[str]"]
"""A text (an article or a web page as a file holds it), a dict with the JSON Lines input
fields (``text`` required; ``id``, ``title``, ``published``, ``outlet``, ``url``, ``byline``),
or a path (``pathlib.Path``) of a file, read as ``storyline annotate`` reads it (its stem as
the id; every article of a ``.jsonl`` or ``.warc`` file). A ``str`` is always a text."""

DateArg = Union[str, datetime.date, None]
"""A date as ``YYYY-MM-DD`` or a ``datetime.date``."""

PathArg = Union[str, "os.PathLike[str]"]

class StorylineError(Exception):
    """An error of storyline, with the message the `storyline` command prints."""

class InputError(StorylineError, ValueError):
    """Articles given to `annotate` that cannot be read; each line names an item."""

def annotate(
    items: Iterable[Article],
    *,
    dct: DateArg = None,
    raw: bool = False,
    errors: Literal["raise", "skip"] = "raise",
) -> List[Json]:
    """Runs the per-document pipeline over `items` (on every core, the GIL released) and
    returns one dict per article: the object `storyline annotate` prints.

    `dct` is the document creation time relative dates resolve against (as ``--dct``);
    `raw` keeps the text byte for byte, with no cleaning (as ``--raw``). With
    ``errors="raise"`` a bad item raises `InputError` naming it; with ``"skip"`` it is left
    out."""

class Corpus:
    """A storyline database (an SQLite file, or a ``postgres://`` URL), as ``--db`` names it."""

    def __init__(self, db: PathArg) -> None:
        """Opens (creating if needed) the database; raises `StorylineError` if it cannot."""
    @property
    def db(self) -> str:
        """The database as named (a PostgreSQL URL without its password)."""
    def ingest(self, paths: Union[PathArg, Sequence[PathArg]], *, batch: int = ...) -> Json:
        """Reads, annotates and stores the articles of `paths` (files and folders,
        recursing) as `storyline ingest` does; returns its summary
        (`storyline ingest --format json`)."""
    def stats(self) -> Json:
        """Corpus counts, as `storyline stats --format json`."""
    def timeline(
        self,
        actor: Optional[str] = None,
        start: DateArg = None,
        end: DateArg = None,
        all: bool = False,
        *,
        story: Optional[int] = None,
    ) -> List[Json]:
        """The merged timeline, oldest first, as `storyline timeline --format json`
        (`--actor`, `--from`, `--to`, `--all`, `--story`)."""
    def events(self) -> List[Json]:
        """Every event mention with its document, as `storyline events --format json`."""
    def quotes(self, speaker: Optional[str] = None) -> List[Json]:
        """Who said what, as `storyline quotes --format json` (`--speaker`)."""
    def documents(self, offset: int = 0, limit: Optional[int] = None) -> List[Json]:
        """Stored documents in insertion order, as `storyline documents --format json`;
        every document when `limit` is None."""
    def stories(self) -> List[Json]:
        """Articles grouped into stories, as `storyline stories --format json`."""
    def compare(self) -> Json:
        """Framing per outlet, conflicts and coverage, as `storyline compare --format json`."""
