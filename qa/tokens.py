"""Chinese-aware tokens for BM25: jieba, taught the report's own names.

Each :class:`Tokenizer` owns its jieba instance, so the names of one corpus never leak
into another.  jieba's dictionary loads lazily on first use.
"""
from __future__ import annotations

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
        self._jieba = jieba.Tokenizer()
        self._ready = False
        self._lock = threading.Lock()

    def _ensure_ready(self) -> None:
        with self._lock:
            if not self._ready:
                self._jieba.initialize()
                for word in self.user_words:
                    self._jieba.add_word(word, freq=2000)
                self._ready = True

    def tokens(self, text: str) -> list[str]:
        if not self._ready:
            self._ensure_ready()
        out = []
        for token in self._jieba.cut_for_search(text):
            token = token.strip().lower()
            if token and _KEEP.search(token) and token not in STOPWORDS:
                out.append(token)
        return out
