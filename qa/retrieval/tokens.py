"""Chinese-aware tokens for BM25: jieba, taught the report's own names.

Each :class:`Tokenizer` owns its jieba instance, so the names of one corpus never leak
into another.  jieba's dictionary is read from disk once per process, lazily, and copied
for each set of user words (:func:`jieba_tokenizer`, :func:`pos_tokenizer`): loading it
takes about a second, copying it a few tens of milliseconds.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import re
import threading
from pathlib import Path
from typing import Iterable

import jieba

from qa.records import Document
from qa.retrieval.dictionary import LazyFreq, flags_path, tag_table, word_store

jieba.setLogLevel(logging.WARNING)

_ITEM_SPLIT = re.compile(r"[、，,；;/（）()]")
_KEEP = re.compile(r"[\w\u3400-\u9fff]", re.U)
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 有 为 等 中 对 哪些 哪个 哪 什么 多少 几个 几 吗 呢 啊 请问 报告 中 其 之 一 个 "
    "what which how many much is are the of in to a an and does do did was were for by on with as "
    "that this it its from at be or".split()
)


_DICTIONARY_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _default_dictionary() -> jieba.Tokenizer:
    """jieba's default dictionary, once per process, read word by word (:mod:`qa.retrieval.dictionary`)."""
    tokenizer = jieba.Tokenizer()
    store = word_store()
    if store is None:
        tokenizer.initialize()  # jieba's own whole load
    else:
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = LazyFreq(store), store.total, True
    return tokenizer


@functools.lru_cache(maxsize=8)
def _cached_tokenizer(user_words: tuple[str, ...], freq: int | None, tag: str | None) -> jieba.Tokenizer:
    base = _default_dictionary()
    if not user_words:
        return base
    tokenizer = jieba.Tokenizer()
    # the default dictionary with an overlay of our own, instead of a second read of it
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = base.FREQ.copy(), base.total, True
    for word in user_words:
        tokenizer.add_word(word, freq=freq, tag=tag)
    return tokenizer


def jieba_tokenizer(user_words: Iterable[str] = (), freq: int | None = None,
                    tag: str | None = None) -> jieba.Tokenizer:
    """An initialised jieba tokenizer: the default dictionary plus ``user_words``.

    Shared by every caller asking for the same words, frequency and tag (so it must not be
    given further words); the default dictionary itself is read once per process.
    """
    with _DICTIONARY_LOCK:
        return _cached_tokenizer(tuple(user_words), freq, tag)


@functools.lru_cache(maxsize=8)
def _cached_pos_tokenizer(user_words: tuple[str, ...], freq: int | None, tag: str | None):
    tokenizer = _cached_tokenizer(user_words, freq, tag)
    tags = tag_table(word_store(), tokenizer.user_word_tag_tab)  # imports jieba.posseg
    import jieba.posseg

    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)  # skips re-reading the tag table
    pos.tokenizer = tokenizer
    pos.word_tag_tab = tags
    return pos


def pos_tokenizer(user_words: Iterable[str] = (), freq: int | None = None, tag: str | None = None):
    """A jieba part-of-speech tokenizer over :func:`jieba_tokenizer` (same sharing rules)."""
    with _DICTIONARY_LOCK:
        return _cached_pos_tokenizer(tuple(user_words), freq, tag)


_FLAGS: dict[str, str | None] = {}
_FLAGS_LOCK = threading.Lock()


def single_word_flags(words: Iterable[str]) -> dict[str, str | None]:
    """jieba's part of speech for each word its default dictionary reads as one word, else None.

    Tagging is used, not a dictionary lookup, which would disagree on ~10 % of table names
    (jieba's HMM reads unknown firms such as 雅培 as one person-name word).  Tagging the
    ~1,200 names of the report's tables took 0.2 s of a new process's first answer, so the
    flags are remembered per process and on disk, beside jieba's word store.
    """
    words = list(dict.fromkeys(words))
    with _FLAGS_LOCK:
        path = flags_path()
        if not _FLAGS and path is not None:
            _FLAGS.update(_read_flags(path))
        missing = [w for w in words if w not in _FLAGS]
        if missing:
            tagger = pos_tokenizer()
            for word in missing:
                tagged = tagger.lcut(word)
                _FLAGS[word] = tagged[0].flag if len(tagged) == 1 else None
            if path is not None:
                _write_flags(path, {**_read_flags(path), **_FLAGS})
        return {w: _FLAGS[w] for w in words}


def _read_flags(path: Path) -> dict[str, str | None]:
    try:
        flags = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(flags, dict):
        return {}
    return {w: f for w, f in flags.items() if isinstance(w, str) and (f is None or isinstance(f, str))}


def _write_flags(path: Path, flags: dict[str, str | None]) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(flags, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # not remembered on disk: tagged again next time


def names_in_tables(documents: Iterable[Document]) -> list[str]:
    """The proper names a corpus's tables list (clusters, firms, institutes, countries)."""
    names: set[str] = set()
    for document in documents:
        for block in document.tables:
            for row in block.table.rows:
                for cell in row:
                    for item in _ITEM_SPLIT.split(cell):
                        item = item.strip(" 。.等")
                        if 2 <= len(item) <= 30 and not item.isdigit():
                            names.add(item)
    return sorted(names)


class Tokenizer:
    """jieba search-mode tokens, lower-cased, without punctuation and stop words."""

    def __init__(self, user_words: Iterable[str] = ()):
        self.user_words = sorted(set(user_words))
        self._jieba: jieba.Tokenizer | None = None

    def tokens(self, text: str) -> list[str]:
        if self._jieba is None:
            self._jieba = jieba_tokenizer(self.user_words, freq=2000)
        out = []
        for token in self._jieba.cut_for_search(text):
            token = token.strip().lower()
            if token and _KEEP.search(token) and token not in STOPWORDS:
                out.append(token)
        return out
