"""The numbers that decide how a table question is read, loaded once from ``table_thresholds.json``.

``loose_name``: when a question names a cluster loosely ("波士顿生物技术集群" for
波士顿生物技术产业集群), how much of the name it must share: the shared run of characters
(``min_shared_chars``), its share of the name's core (``min_core_share``), and how many of
those characters must be more than domain and industry words (``min_distinctive_chars``);
names shorter than ``min_name_chars`` are only matched whole.  ``bare_followup_chars``: a
Chinese question this short after a table question ("有哪些？") is read as a follow-up.
``bench/fit_table_thresholds.py`` refits ``loose_name`` on spellings made from the report's
own tables and prints held-out figures.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

THRESHOLDS_FILE = Path(__file__).with_name("table_thresholds.json")


@dataclass(frozen=True)
class LooseName:
    min_name_chars: int
    min_shared_chars: int
    min_core_share: float
    min_distinctive_chars: int


@dataclass(frozen=True)
class TableThresholds:
    loose_name: LooseName
    bare_followup_chars: int

    @classmethod
    def load(cls, path: Path = THRESHOLDS_FILE) -> "TableThresholds":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(LooseName(**data["loose_name"]), int(data["bare_followup_chars"]))


THRESHOLDS = TableThresholds.load()
