"""storyline: news articles to events, quotes and timelines.

The same engine as the ``storyline`` command, as a Python module (../shared/CONTRACTS.md,
"Python"):

- :func:`annotate` runs the per-document pipeline over a batch of articles, on every core
  with the GIL released, and returns one dict per article: the object ``storyline annotate``
  prints (id, title, published, text, sentences, tokens, entities, timexes, quotes, events...).
- :class:`Corpus` opens a storyline database (an SQLite file or a ``postgres://`` URL, as
  ``--db``) and answers as the corpus commands' ``--format json`` do: ``ingest``, ``stats``,
  ``timeline``, ``events``, ``quotes``, ``documents`` (and ``stories``, ``compare``).

Errors are :class:`StorylineError` (with the message the command prints) and, for a bad
article given to :func:`annotate`, :class:`InputError` (also a ``ValueError``).

>>> import storyline
>>> [doc] = storyline.annotate(["Xi Jinping met Vladimir Putin in Moscow on Monday."],
...                            dct="2023-03-20")
>>> doc["events"][0]["trigger"]["text"]
'met'
"""

from ._errors import InputError, StorylineError
from ._storyline import Corpus, __version__, annotate

__all__ = ["annotate", "Corpus", "StorylineError", "InputError", "__version__"]
