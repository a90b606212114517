"""Answers to "…最高的是什么" over a table the question names: the row with the extreme value."""
from __future__ import annotations

import re
from typing import Sequence

from qa.answering.lexicon import Term, english_phrases, english_renderings, normalize
from qa.answering.rendering import render
from qa.answering.scoring import presence
from qa.answering.structure import DocumentStructure
from qa.documents.chunking import row_cells
from qa.records import Answer, Passage

_SUPERLATIVE = re.compile(r"最(高|大|多|强|低|少|小|弱)|\b(highest|largest|most|strongest|biggest|lowest|least|smallest|weakest)\b", re.I)
_MAXIMUM_WORDS = ("高", "大", "多", "强", "highest", "largest", "most", "strongest", "biggest")


def from_table_extreme(structure: DocumentStructure, question: str, language: str, terms: Sequence[Term],
                       candidates: Sequence[Passage]) -> Answer | None:
    """The row of a retrieved table with the largest (or smallest) value in the column the question names."""
    match = _SUPERLATIVE.search(question)
    if not match or not terms:
        return None
    word = match.group(1) or match.group(2).lower()
    maximum = word in _MAXIMUM_WORDS
    total = sum(t.weight for t in terms)
    tables: list[tuple[str, str]] = []
    for passage in candidates:
        key = (passage.source, passage.section)
        if passage.kind != "text" and key not in tables:
            tables.append(key)
    best: tuple[float, Passage] | None = None
    for key in tables[:4]:
        rows = structure.table_rows.get(key, [])
        parsed = [row_cells(p.text) for p in rows]
        if len(parsed) < 2:
            continue
        described = key[1] + " " + " ".join(h for h, _ in parsed[0])
        described = normalize(described + " " + " ".join(_translations(described)))
        fit = sum(t.weight * presence(t, described) for t in terms) / total
        for header in dict.fromkeys(h for h, _ in parsed[0]):
            if not _asked_about(header, terms):
                continue
            values = [_number(dict(cells).get(header)) for cells in parsed]
            if sum(v is not None for v in values) < 0.8 * len(values):
                continue
            pairs = [(v, p) for v, p in zip(values, rows) if v is not None]
            value, row = (max if maximum else min)(pairs, key=lambda pair: pair[0])
            if best is None or fit > best[0]:
                best = (fit, row)
    if best is None or best[0] < 0.4:
        return None
    return render(question, language, [(best[1].text, best[1])], route="passage")


def _number(value: str | None) -> float | None:
    if value is None or not re.fullmatch(r"-?\d+(?:\.\d+)?", value.strip()):
        return None
    return float(value)


def _translations(text: str) -> list[str]:
    """The report's Chinese for the English words of a table's title and headers."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9\-]*", text)]
    return [r for _, renderings in english_phrases(words) if renderings for r in renderings]


def _asked_about(header: str, terms: Sequence[Term]) -> bool:
    """Does the question name this column (in Chinese, or by the English header's translation)?"""
    forms = {normalize(header)} | {normalize(r) for r in english_renderings(header) or ()}
    return any(any(form and (form in term_form or term_form in form) for form in forms)
               for term in terms for term_form in term.forms)
