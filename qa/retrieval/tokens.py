"""Chinese-aware tokens for BM25: jieba, taught the report's own names.

Each :class:`Tokenizer` owns its jieba instance, so the names of one corpus never leak
into another.  jieba's dictionary is read from disk once per process, lazily, and copied
for each set of user words (:func:`jieba_tokenizer`, :func:`pos_tokenizer`): loading it
takes about a second, copying it a few tens of milliseconds.
"""
from __future__ import annotations

import functools
import logging
import re
import threading
from typing import Iterable

import jieba

from qa.records import Document

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
    """jieba's default dictionary, loaded once per process; never given user words."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@functools.lru_cache(maxsize=8)
def _cached_tokenizer(user_words: tuple[str, ...], freq: int | None, tag: str | None) -> jieba.Tokenizer:
    base = _default_dictionary()
    if not user_words:
        return base
    tokenizer = jieba.Tokenizer()
    # a copy of the loaded prefix dictionary instead of a second read of jieba's cache file
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
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


@functools.lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    import jieba.posseg  # reads jieba's part-of-speech table: only when first needed

    return jieba.posseg.dt.word_tag_tab


@functools.lru_cache(maxsize=8)
def _cached_pos_tokenizer(user_words: tuple[str, ...], freq: int | None, tag: str | None):
    import jieba.posseg

    tokenizer = _cached_tokenizer(user_words, freq, tag)
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)  # skips re-reading the tag table
    pos.tokenizer = tokenizer
    pos.word_tag_tab = {**_word_tags(), **tokenizer.user_word_tag_tab}
    return pos


def pos_tokenizer(user_words: Iterable[str] = (), freq: int | None = None, tag: str | None = None):
    """A jieba part-of-speech tokenizer over :func:`jieba_tokenizer` (same sharing rules)."""
    with _DICTIONARY_LOCK:
        return _cached_pos_tokenizer(tuple(user_words), freq, tag)


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
