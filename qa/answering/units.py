"""Which units are candidates: the sentences (and table rows) of the retrieved passages.

A unit is the smallest thing an answer quotes.  A prose passage yields its sentences (a
clause ending in ； keeps the sentence it continues as its ``scope``, where its subject may
be named); a table row is one unit that names each cell's column; a whole-table passage
yields its lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from qa.documents.chunking import row_with_headers, split_sentences
from qa.records import Passage


@dataclass(frozen=True)
class Unit:
    """A sentence (or table row) of a retrieved passage: the smallest thing an answer quotes."""

    text: str
    passage: Passage
    rank: int
    position: int
    scope: str = ""   # the whole sentence (to its 。) up to this clause: where its subject may be named


def units_of(passages: Sequence[Passage]) -> list[Unit]:
    """Sentences of prose passages, whole rows of table passages, in retrieval order."""
    units = []
    for rank, passage in enumerate(passages):
        if passage.kind == "text":
            opened = ""
            for position, sentence in enumerate(split_sentences(passage.text)):
                scope = opened + sentence
                units.append(Unit(sentence, passage, rank, position, scope))
                # a clause ending in ； continues the sentence: 加拿大公布…；其全球创新集群将获得…
                opened = scope if sentence.endswith(("；", ";")) else ""
        elif passage.kind == "table_row":
            units.append(Unit(row_with_headers(passage.text), passage, rank, 0))
        else:
            for position, line in enumerate(l for l in passage.text.split("\n") if l.strip()):
                units.append(Unit(line.strip(), passage, rank, position))
    return units
