"""The few exceptions ClusterQA raises, with messages written for the person who sees them."""


class ClusterQAError(Exception):
    """Base class: the message is meant to be shown to a user as it is."""


class EmptyQuestionError(ClusterQAError, ValueError):
    """The question is empty or only whitespace."""


class DocumentError(ClusterQAError):
    """A document could not be read; the message names the file and the reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class IndexStateError(ClusterQAError):
    """The index on disk is missing, stale or damaged."""


class CorruptIndexError(IndexStateError):
    """An index file does not match its manifest (truncated, edited or unreadable)."""


class IndexBusyError(IndexStateError):
    """Another process is building the same index."""


class ConfigurationError(ClusterQAError, ValueError):
    """A setting has a value that is not allowed; the message names the allowed values."""
