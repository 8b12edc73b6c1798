"""The exceptions scoutmatch raises.

Every message starts with a stable id in square brackets, the same as in C++ and the CLI,
e.g. ``[scoutmatch.io.parse.2] profiles.jsonl:17: "lat" must be a number, not string``;
``error.id`` holds it without the brackets (see docs/ERRORS.md). The subclasses also derive
from the built-in exception a Python user would expect, so ``except ValueError`` or
``except KeyError`` catch them too.
"""

from __future__ import annotations

import re

_ID = re.compile(r"^\[([A-Za-z0-9_.]+)\]")


class Error(Exception):
    """Base of every exception scoutmatch raises on purpose. ``id`` is the stable id."""

    id: str
    message: str

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(message, *args)
        self.message = message
        m = _ID.match(message)
        self.id = m.group(1) if m else ""

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # pickles (e.g. from a Dask worker) with its message
        return (type(self), (self.message,))


class ParseError(Error, ValueError):
    """Bad profile input: malformed JSON/CSV, wrong field types, duplicate ids, invalid
    UTF-8, values out of range (ids ``scoutmatch.io.parse.N``)."""


class FormatError(Error, ValueError):
    """Not a scoutmatch index file or bytes, a newer format version, truncated or damaged
    (ids ``scoutmatch.io.format.N``)."""


class FileError(Error, OSError):
    """A file cannot be opened, read or written (ids ``scoutmatch.io.file.N``)."""


class InvalidArgument(Error, ValueError):
    """An option, query parameter or array out of its documented range: k <= 0, a wrong
    dtype or shape, NaN in vectors, unknown kinds or modes (ids ``scoutmatch.options.N``,
    ``scoutmatch.query.N``, ``scoutmatch.dense.N``, ``scoutmatch.python.N``,
    ``scoutmatch.stats.N``)."""


class NotFound(Error, KeyError):
    """An id the index does not hold (``scoutmatch.query.not_found``,
    ``scoutmatch.dense.5``)."""


__all__ = ["Error", "ParseError", "FormatError", "FileError", "InvalidArgument", "NotFound"]
