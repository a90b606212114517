"""How well a heading must match a question before the answer comes from the document's structure.

``min_section_score``: a section's heading path (title, parents, first paragraph) must match at
least this well for its points (sub-headings, enumerated or leading sentences) to answer.
``min_heading_fit``: a heading with its first sentence must match at least this well to answer
a question that the heading states.  Both are set by ``bench/fit_section_thresholds.py`` on the
labelled report questions and CMRC training corpora, which prints held-out figures.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

THRESHOLDS_FILE = Path(__file__).with_name("section_thresholds.json")


@dataclass(frozen=True)
class SectionThresholds:
    min_section_score: float
    min_heading_fit: float

    @classmethod
    def load(cls, path: Path = THRESHOLDS_FILE) -> "SectionThresholds":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(float(data["min_section_score"]), float(data["min_heading_fit"]))


THRESHOLDS = SectionThresholds.load()
