"""jieba's dictionary read word by word from SQLite, so a new process does not load all of it.

jieba keeps its prefix dictionary (every word with its frequency, every prefix of a word
with 0: about 500,000 entries) in one dict that it loads whole from a cache file, and
``jieba.posseg`` reads the 350,000 part-of-speech tags from ``dict.txt`` when imported:
about 0.8 s of CPU together, half of what a new ``python -m qa ask`` process spent before
its answer.  A question needs a few hundred of those entries.

:func:`word_store` keeps both tables in one SQLite file in the cache folder (built once
per jieba dictionary, from jieba's own ``dict.txt``, in a few seconds).  :class:`LazyFreq`
and :class:`LazyTags` are the mappings jieba's tokenizers are given instead of dicts: each
word is read once and remembered, and words a tokenizer is taught live in its own overlay.
Bulk work (tokenizing a corpus for BM25) reads so many words that the store loads the whole
frequency table once and answers from memory from then on.  Segmentation is jieba's own,
entry for entry; when no cache folder is writable, jieba loads its dictionary as usual.
"""
from __future__ import annotations

import importlib
import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Iterator

import jieba

from qa.settings import cache_dir

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# Distinct words read from SQLite before the whole frequency table is loaded instead: a few
# questions read hundreds; indexing a corpus reads hundreds of thousands.
BULK_READS = 40_000


class WordStore:
    """The frequency and tag of every jieba dictionary entry, read on demand and remembered."""

    def __init__(self, path: Path):
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.total = int(self._db.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()[0])
        self._entries: dict[str, tuple[int, str | None] | None] = {}
        self._all_freq: dict[str, int] | None = None
        self.reads = 0

    def entry(self, word: str) -> tuple[int, str | None] | None:
        """``(frequency, tag)`` of ``word`` (tag None for a prefix that is no word), None if absent."""
        try:
            return self._entries[word]
        except KeyError:
            pass
        with self._lock:
            row = self._db.execute("SELECT freq, tag FROM words WHERE word = ?", (word,)).fetchone()
        self._entries[word] = row
        self.reads += 1
        if self.reads == BULK_READS:
            self.all_frequencies()
        return row

    def freq(self, word: str) -> int | None:
        if self._all_freq is not None:
            return self._all_freq.get(word)
        entry = self.entry(word)
        return None if entry is None else entry[0]

    def tag(self, word: str) -> str | None:
        entry = self.entry(word)
        return None if entry is None else entry[1]

    def all_frequencies(self) -> dict[str, int]:
        """Every entry's frequency, loaded once (bulk tokenizing reads faster from memory)."""
        if self._all_freq is None:
            with self._lock:
                self._all_freq = dict(self._db.execute("SELECT word, freq FROM words"))
        return self._all_freq


class LazyFreq(MutableMapping):
    """A jieba ``FREQ`` mapping over a :class:`WordStore`, with this tokenizer's own words on top."""

    def __init__(self, store: WordStore, own: dict[str, int] | None = None):
        self.store = store
        self.own = dict(own or {})

    def get(self, word, default=None):
        value = self.own.get(word)
        if value is None and word not in self.own:
            value = self.store.freq(word)
        return default if value is None else value

    def __getitem__(self, word):
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __contains__(self, word) -> bool:
        return word in self.own or self.store.freq(word) is not None

    def __setitem__(self, word, value) -> None:
        self.own[word] = value

    def __delitem__(self, word) -> None:
        raise TypeError("jieba removes a word by giving it frequency 0 (del_word), never by deleting it")

    def __iter__(self) -> Iterator[str]:
        yield from self.own
        yield from (w for w in self.store.all_frequencies() if w not in self.own)

    def __len__(self) -> int:
        return len(self.store.all_frequencies().keys() | self.own.keys())

    def copy(self) -> "LazyFreq":
        return LazyFreq(self.store, self.own)


class LazyTags(MutableMapping):
    """A ``jieba.posseg`` tag table over a :class:`WordStore`, with user words' tags on top."""

    def __init__(self, store: WordStore, own: dict[str, str] | None = None):
        self.store = store
        self.own = dict(own or {})

    def get(self, word, default=None):
        tag = self.own.get(word)
        if tag is None:
            tag = self.store.tag(word)
        return default if tag is None else tag

    def __getitem__(self, word):
        tag = self.get(word)
        if tag is None:
            raise KeyError(word)
        return tag

    def __setitem__(self, word, tag) -> None:
        self.own[word] = tag

    def __delitem__(self, word) -> None:
        raise TypeError("the tag table only grows")

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the tag table is read word by word")

    def __len__(self) -> int:
        raise TypeError("the tag table is read word by word")


def _dictionary_file() -> Path:
    return Path(jieba.__file__).resolve().parent / jieba.DEFAULT_DICT_NAME


def _store_path(folder: Path) -> Path:
    stat = _dictionary_file().stat()
    return folder / f"jieba-{jieba.__version__}-{stat.st_size}-{stat.st_mtime_ns}-v{SCHEMA_VERSION}.sqlite"


def _build(path: Path) -> None:
    """Write jieba's default dictionary (its own parse of ``dict.txt``) to ``path``, atomically."""
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())
    tags = {}
    with open(_dictionary_file(), "rb") as handle:
        for line in handle:
            parts = line.strip().decode("utf-8").split(" ")
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        with sqlite3.connect(temporary) as db:
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL, tag TEXT) WITHOUT ROWID")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.executemany("INSERT INTO words VALUES (?, ?, ?)", ((w, f, tags.get(w)) for w, f in freq.items()))
            db.execute("INSERT INTO meta VALUES ('total', ?)", (str(total),))
        db.close()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


_LOCK = threading.Lock()
_STORE: list[WordStore | None] = []


def word_store() -> WordStore | None:
    """The process's store of jieba's default dictionary (built on first use); None if it cannot be."""
    with _LOCK:
        if not _STORE:
            _STORE.append(_open_store())
        return _STORE[0]


def _open_store() -> WordStore | None:
    try:
        path = _store_path(cache_dir())
        if not path.exists():
            _build(path)
        return WordStore(path)
    except (OSError, sqlite3.Error, ValueError, TypeError) as exc:  # no writable cache, a damaged file
        log.info("jieba's dictionary is loaded whole: no word store (%s)", exc)
        return None


def flags_path() -> Path | None:
    """Where :func:`qa.retrieval.tokens.single_word_flags` remembers its tags (None: nowhere)."""
    store = word_store()
    return None if store is None else store.path.with_suffix(".flags.json")


def import_posseg(store: WordStore | None):
    """``jieba.posseg``, imported without its module-level read of all 350,000 tags when a store has them.

    The module's own tokenizer (``jieba.posseg.dt``) is then given the store's tags, so
    ``jieba.posseg.cut`` stays complete for any other caller.
    """
    if "jieba.posseg" in sys.modules or store is None:
        return importlib.import_module("jieba.posseg")
    default = jieba.dt.dictionary
    jieba.dt.dictionary = os.devnull  # POSTokenizer(jieba.dt) reads its tags from this file at import
    try:
        posseg = importlib.import_module("jieba.posseg")
    finally:
        jieba.dt.dictionary = default
    posseg.dt.word_tag_tab = LazyTags(store, posseg.dt.word_tag_tab)
    return posseg


def tag_table(store: WordStore | None, user_tags: Mapping[str, str]) -> MutableMapping:
    """The tags a part-of-speech tokenizer reads: the store's (or jieba's own) under ``user_tags``."""
    posseg = import_posseg(store)
    if store is None:
        return {**posseg.dt.word_tag_tab, **user_tags}
    return LazyTags(store, dict(user_tags))
