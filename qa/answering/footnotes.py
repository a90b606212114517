"""A quoted sentence's footnote, for questions that ask where a figure comes from.

The report marks a figure's source with a superscript (…近 45%¹) and gives it in a footnote
line (¹ 根据联合国工业发展组织发布的《2022 年工业发展报告》).  Asked "这个数据引自哪份报告？"
or "what is the source?", the answer quotes the footnote of the sentence it quotes, cited.
"""
from __future__ import annotations

import re
from typing import Sequence

from qa.records import Passage

_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_ASKS_SOURCE = re.compile(r"来源|出处|引自|引用|出自|依据|哪份|哪个(?:报告|机构|组织)|数据.{0,4}(?:来自|从哪)|"
                          r"\bsources?\b|\bcit(?:e|es|ed)\b|\bwhich report\b|\bcomes? from\b|\baccording to (?:what|which|whom)\b",
                          re.I)


def asks_for_source(question: str) -> bool:
    return _ASKS_SOURCE.search(question) is not None


class Footnotes:
    """The footnote lines of a corpus's passages, found by their mark near the sentence that uses it."""

    def __init__(self, passages: Sequence[Passage]):
        self._position = {p.id: i for i, p in enumerate(passages)}
        self._notes = [(i, p) for i, p in enumerate(passages) if _MARKS.match(p.text.lstrip())]

    def of(self, text: str, passage: Passage) -> list[tuple[str, Passage]]:
        """``(footnote text, its passage)`` for each mark in ``text``: the nearest footnote of the
        same document with that mark, after the passage first (footnotes follow their page's text)."""
        at = self._position.get(passage.id)
        if at is None:
            return []
        found = []
        for mark in dict.fromkeys(_MARKS.findall(text)):
            same = [(i, p) for i, p in self._notes if p.source == passage.source and mark in p.text]
            after = [(i, p) for i, p in same if i > at]
            chosen = min(after, key=lambda pair: pair[0]) if after else \
                max(same, key=lambda pair: pair[0], default=None)
            if chosen is None:
                continue
            note = _note_text(chosen[1].text, mark)
            if note:
                found.append((note, chosen[1]))
        return found


def _note_text(text: str, mark: str) -> str:
    """The footnote that ``mark`` opens in ``text`` (a passage may hold several footnotes)."""
    start = text.find(mark)
    while start > 0 and not text[start - 1].isspace():   # the mark must open a line or a note
        start = text.find(mark, start + 1)
        if start < 0:
            return ""
    rest = text[start:]
    following = re.search(r"\s[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S", rest[len(mark):])
    end = len(mark) + following.start() if following else len(rest)
    return rest[:end].strip()
