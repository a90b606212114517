"""How the answer is written: quoted text cut to its budget, each segment followed by its ``[n]``."""
from __future__ import annotations

import re
from typing import Sequence

from qa.answering.lexicon import Term, normalize, numbers_in
from qa.answering.naming import document_name
from qa.answering.scoring import new_figures, presence
from qa.records import Answer, Passage
from qa.text import without_whitespace

FACTOID_CHARS = 200
NARRATIVE_CHARS = 800
ENGLISH_LEAD = "According to the report:"   # heads an English answer quoted in the report's Chinese


def english_lead(title: str) -> str:
    """``According to the report:``, or ``According to “<title>”:`` for a document that is not a report."""
    return f"According to {document_name(title, 'en')}:"


CLAUSE = re.compile(r".+?(?:[，；：,;]|$)", re.S)
EMPHASIS = re.compile(r"\*\*")


def clause_window(sentence: str, terms: Sequence[Term], budget: int, question: str) -> str:
    """The shortest run of whole clauses of ``sentence`` that keeps its key terms, within ``budget``."""
    if len(sentence) <= budget:
        return sentence
    clauses = [m.group(0) for m in CLAUSE.finditer(sentence) if m.group(0)]
    question_numbers = set(numbers_in(question))

    def weight(clause: str) -> float:
        text = normalize(clause)
        value = sum(t.weight * presence(t, text) for t in terms)
        return value + (0.5 if new_figures(clause, question_numbers) else 0.0)

    weights = [weight(c) for c in clauses]
    best = max(range(len(clauses)), key=lambda i: (weights[i], -i))
    start = end = best
    while True:
        options = []
        if start > 0 and len("".join(clauses[start - 1:end + 1])) <= budget - 2:
            options.append((weights[start - 1], start - 1, end))
        if end + 1 < len(clauses) and len("".join(clauses[start:end + 2])) <= budget - 2:
            options.append((weights[end + 1], start, end + 1))
        options = [o for o in options if o[0] > 0]
        if not options:
            break
        _, start, end = max(options, key=lambda o: o[0])
    text = "".join(clauses[start:end + 1])
    if len(text) > budget - 2:
        text = text[:budget - 2]
    text = text.rstrip("，；：,; ")
    if end + 1 < len(clauses) or not text.endswith(("。", "！", "？", ".", "!", "?")):
        text += "…"
    if start > 0:
        text = "…" + text
    return text


def head(text: str, limit: int) -> str:
    """The first whole clauses of ``text`` within ``limit`` characters (at least its first clause,
    cut hard if that alone is too long), with … when something was left out."""
    if len(text) <= limit:
        return text
    clauses = [m.group(0) for m in CLAUSE.finditer(text) if m.group(0)]
    kept = clauses[0]
    for clause in clauses[1:]:
        if len(kept) + len(clause) > limit - 1:
            break
        kept += clause
    if len(kept) > limit - 1:
        kept = kept[:limit - 1]
    return kept.rstrip("，；：,;: ") + "…"


def _continues(text: str, following: str, passage: Passage, other: Passage) -> bool:
    """Do ``text`` and ``following`` quote one run of ``passage``'s text (``following`` from ``other``)?"""
    if other.id != passage.id:
        return False
    joined = without_whitespace(text + following)
    return "…" not in joined and joined in without_whitespace(passage.text)


def render(question: str, language: str, segments: Sequence[tuple[str, Passage]], *, route: str,
           header: str = "", numbered: bool = False, lead: tuple[str, Passage] | None = None) -> Answer:
    """Number the passages in order of first use and write ``segment[n]`` for each segment.

    ``lead``: a cited sentence written before the (numbered) segments, e.g. the one announcing them.
    Markdown emphasis (``**二是**``) is dropped from the quoted text.
    """
    order: list[Passage] = []
    ids: dict[str, int] = {}
    parts = []
    # the report's **emphasis** is markup, not part of what it says; citations keep their text
    segments = [(EMPHASIS.sub("", text), passage) for text, passage in segments]
    header = EMPHASIS.sub("", header)
    if lead is not None:
        lead = (EMPHASIS.sub("", lead[0]), lead[1])
        order.append(lead[1])
        ids[lead[1].id] = 1
        header = (header + "\n" if header else "") + f"{lead[0]}[1]"
    for i, (text, passage) in enumerate(segments, 1):
        if passage.id not in ids:
            order.append(passage)
            ids[passage.id] = len(order)
        marker = f"[{ids[passage.id]}]"
        if numbered:
            parts.append(f"{i}. {text}{marker}")
        elif i < len(segments) and _continues(text, segments[i][0], passage, segments[i][1]):
            parts.append(text)   # the next segment goes on where this one stops: one marker closes both
        else:
            parts.append(f"{text}{marker}")
    if numbered:
        body = "\n".join(parts)
    else:   # English answers part their quotes with a space, but not the quotes of one passage
        body = "".join(part + (" " if language == "en" and part.endswith("]") else "") for part in parts).rstrip(" ")
    if header:
        body = header + "\n" + body
    elif language == "en":
        body = english_lead(order[0].title if order else "") + "\n" + body
    return Answer(text=body, answered=True, citations=tuple(order), route=route, question=question)
