"""Exceptions of the assistant. Expected outcomes (unknown order, unverified customer) are values.

BotError
├── ConfigError          settings or files that make the assistant unable to start
├── ImportDataError      a shop export that cannot be imported (names file, record, field)
├── IngestError          a document that cannot be read into the passage index
├── RetrievalError       the passage index cannot be reached or read
├── BackendError         the language model failed; the template writer answers instead
│   ├── BackendUnavailable   unreachable, or an error status
│   ├── BackendTimeout       no answer in time, after retries
│   └── BackendBusy          its queue is full
└── StoreError           the database failed
"""

from __future__ import annotations


class BotError(Exception):
    """Base class of every error the assistant raises on purpose."""


class ConfigError(BotError):
    """The configuration cannot work."""


class ImportDataError(BotError):
    """A shop export is malformed. The message names the file, the record and the field."""

    def __init__(self, file: str, record: str | None, field: str | None, problem: str) -> None:
        self.file, self.record, self.field, self.problem = file, record, field, problem
        where = file
        if record is not None:
            where += f", record {record}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")


class IngestError(BotError):
    """A document is malformed. The message names the file (and the line where it can)."""


class RetrievalError(BotError):
    """The passage index (Chroma) cannot be reached or read."""


class BackendError(BotError):
    """The language model backend failed; the template writer answers instead."""


class BackendUnavailable(BackendError):
    """The backend cannot be reached, or answered with an error status."""


class BackendTimeout(BackendError):
    """The backend did not answer within the timeout, after retries."""


class BackendBusy(BackendError):
    """The backend's queue is full, or a request waited its limit: answer without the model."""


class StoreError(BotError):
    """The database could not be read or written."""
