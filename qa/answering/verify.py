"""Citation verification: every figure and name of an answer sentence must be in what it cites.

An answer's text is a run of segments, each ending with one or more ``[n]`` markers.  The
*claims* of a segment are its figures (numbers, percentages, years, amounts) and its names
(text in quotes or book-title marks, Latin words, the corpus's known names, and Chinese
proper nouns).  A segment is supported when all its claims occur in the passages it cites
(their document title, section path and text).  Unsupported segments are dropped and the remaining
citations renumbered; the same check runs on extractive and LLM answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from qa.answering.lexicon import english_renderings, normalize, numbers_in
from qa.records import Passage

_SEGMENT = re.compile(r"(.*?)((?:\s*\[\d+\])+)", re.S)
_MARKER_NUMBER = re.compile(r"\[(\d+)\]")
_LIST_NUMBER = re.compile(r"(?m)^\s*\d+\.\s")
_QUOTED = re.compile(r"[“\"「『《]([^”\"」』》]{1,40})[”\"」』》]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&+\-]*")
_ENGLISH_SENTENCE_WORDS = frozenset(
    "the a an according report in on of to and or for by with from as at is are was were be this that "
    "these those it its they their there which what who how many much about than between among "
    "i we you he she also only its".split()
)


@dataclass(frozen=True)
class Segment:
    """One cited piece of an answer: its text and the 1-based citation numbers after it."""

    text: str
    markers: tuple[int, ...]


def split_segments(text: str) -> list[Segment]:
    """``a[1]b[2][3]c`` → ``[Segment('a', (1,)), Segment('b', (2, 3)), Segment('c', ())]``."""
    segments = []
    end = 0
    for match in _SEGMENT.finditer(text):
        markers = tuple(int(n) for n in _MARKER_NUMBER.findall(match.group(2)))
        segments.append(Segment(match.group(1), markers))
        end = match.end()
    rest = text[end:]
    if rest.strip():
        segments.append(Segment(rest, ()))
    return segments


def figures(text: str) -> set[str]:
    """The numbers a text states (markers like ``[1]`` excluded)."""
    return set(numbers_in(_LIST_NUMBER.sub(" ", _MARKER_NUMBER.sub(" ", text))))


def names(text: str, known_names: Iterable[str] = (), proper_nouns: Callable[[str], Iterable[str]] | None = None,
          english: bool = False) -> set[str]:
    """The names a text states: quoted terms, Latin words (capitalised ones in an English
    sentence), known corpus names, and the proper nouns ``proper_nouns`` finds."""
    found: set[str] = set()
    for quoted in _QUOTED.findall(text):
        found.add(quoted.strip())
    words = _LATIN.findall(_MARKER_NUMBER.sub(" ", text))
    for position, word in enumerate(words):
        if english:
            if word.lower() in _ENGLISH_SENTENCE_WORDS:
                continue
            if not (word[:1].isupper() or any(c.isdigit() for c in word)) or position == 0 and word.istitle():
                continue
        if len(word) >= 2 or word.isupper():
            found.add(word)
    for name in known_names:
        if name in text:
            found.add(name)
    if proper_nouns is not None:
        found.update(proper_nouns(text))
    return found


def _name_supported(name: str, support: str) -> bool:
    form = normalize(name)
    if form in support:
        return True
    renderings = english_renderings(name)
    return bool(renderings) and any(normalize(r) in support for r in renderings)


def unsupported_claims(segment_text: str, passages: Sequence[Passage], *, known_names: Iterable[str] = (),
                       proper_nouns: Callable[[str], Iterable[str]] | None = None, english: bool = False) -> list[str]:
    """The figures and names of ``segment_text`` that none of ``passages`` contains."""
    cited = "\n".join(p.title + "\n" + p.section + "\n" + p.text for p in passages)  # the document's name is cited too
    support = normalize(cited)
    support_figures = figures(cited)
    problems = [f for f in sorted(figures(segment_text)) if f not in support_figures]
    for name in sorted(names(segment_text, known_names, proper_nouns, english)):
        if not _name_supported(name, support):
            problems.append(name)
    return problems


def verify(text: str, citations: Sequence[Passage], **options) -> tuple[str, tuple[Passage, ...], list[str]]:
    """Drop the segments of ``text`` that their citations do not support; renumber the rest.

    Returns the new text, the citations still used (in their new order) and the dropped
    segments.  A segment without a marker is kept only when it states no figure or name.
    """
    kept_parts: list[str] = []
    dropped: list[str] = []
    new_order: list[Passage] = []
    new_number: dict[int, int] = {}
    for segment in split_segments(text):
        valid = [m for m in segment.markers if 1 <= m <= len(citations)]
        cited = [citations[m - 1] for m in valid]
        if not valid:
            if segment.markers or unsupported_claims(segment.text, [], **options):
                dropped.append(segment.text.strip())
                continue
            kept_parts.append(segment.text)
            continue
        if unsupported_claims(segment.text, cited, **options):
            dropped.append(segment.text.strip())
            continue
        markers = []
        for m in dict.fromkeys(valid):
            if m not in new_number:
                new_order.append(citations[m - 1])
                new_number[m] = len(new_order)
            markers.append(f"[{new_number[m]}]")
        kept_parts.append(segment.text + "".join(markers))
    return "".join(kept_parts).strip(), tuple(new_order), dropped


def quoted_in_citation(segment_text: str, passage: Passage) -> bool:
    """Is the quoted text (ellipses and list numbering aside) inside the passage it cites?"""
    core = re.sub(r"^\s*\d+\.\s*", "", segment_text).strip().strip("…").strip()
    return normalize(core) in normalize(passage.section + "\n" + passage.text)
