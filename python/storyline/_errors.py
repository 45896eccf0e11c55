"""The exceptions of storyline (raised by the native part with the CLI's messages)."""


class StorylineError(Exception):
    """An error of storyline, with the message the `storyline` command prints for it
    (a database that cannot be opened, a write that failed, a story that does not exist)."""


class InputError(StorylineError, ValueError):
    """Articles given to :func:`storyline.annotate` that cannot be read: each line of the
    message names an item by its index ("item 2: ...") and says what is wrong with it."""
