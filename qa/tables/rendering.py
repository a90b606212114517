"""Writing table answers: citation markers, names shown in English, fitting a list to its budget.

The helpers every table answer uses; the answers themselves are written in
:mod:`qa.tables.set_answers` (counts, lists, breakdowns), :mod:`qa.tables.lookup_answers`
(one cluster, firm or row) and :mod:`qa.tables.report_tables` (表 5-1, 表 6-2).
"""
from __future__ import annotations

import re
from typing import Sequence

from qa.records import Answer, Cluster, Passage
from qa.retrieval.glossary import PLACES
from qa.tables.cluster_engine import CONTINENT_ALIASES, COUNTRY_ALIASES, DOMAIN_ALIASES
from qa.tables.table_query import LOOKUP_BUDGET


def english_name(value: str) -> str:
    for aliases in (COUNTRY_ALIASES, CONTINENT_ALIASES, DOMAIN_ALIASES):
        if value in aliases:
            word = next((w for w in aliases[value] if re.search(r"[a-z]", w) and len(w) > 3), "")
            if word:
                return " ".join(part.capitalize() for part in word.split())
    return ""


def bilingual(value: str, english: bool) -> str:
    if not english:
        return value
    translation = english_name(value)
    return f"{value} ({translation})" if translation else value


class Citations:
    """Numbers passages as they are cited; the same passage keeps its number."""

    def __init__(self):
        self.passages: list[Passage] = []

    def mark(self, passages: Sequence[Passage]) -> str:
        numbers = []
        for passage in passages:
            ids = [p.id for p in self.passages]
            if passage.id not in ids:
                self.passages.append(passage)
                ids.append(passage.id)
            numbers.append(ids.index(passage.id) + 1)
        return "".join(f"[{n}]" for n in dict.fromkeys(numbers))

    def span(self, passages: Sequence[Passage]) -> str:
        return self.span_of(self.mark(passages))

    @staticmethod
    def span_of(marks: str) -> str:
        """``[3][4][5]`` → ``[3]–[5]`` when three or more markers are all consecutive; otherwise unchanged."""
        numbers = [int(n) for n in re.findall(r"\d+", marks)]
        if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"[{numbers[0]}]–[{numbers[-1]}]"
        return marks


def appendix_row(cluster: Cluster) -> list[Passage]:
    return [p for p in cluster.sources if p.kind == "table_row"][:1]


def scope(filters: dict[str, str], english: bool) -> str:
    if english:
        parts = []
        if filters.get("country"):
            parts.append(f" in {bilingual(filters['country'], True)}")
        elif filters.get("continent"):
            parts.append(f" in {bilingual(filters['continent'], True)}")
        if filters.get("country") and filters.get("continent"):
            parts.append(f" ({bilingual(filters['continent'], True)})")
        if filters.get("place"):
            english_place = next((w for w, zh in PLACES.items() if zh == filters["place"]), "")
            parts.append(f" in {filters['place']}" + (f" ({english_place.title()})" if english_place else ""))
        if filters.get("domain"):
            parts.append(f" in the {bilingual(filters['domain'], True)} domain")
        if filters.get("industry"):
            parts.append(f" whose leading industry mentions {filters['industry']}")
        return "".join(parts)
    where = "".join(filters.get(key, "") for key in ("continent", "country", "place", "domain"))
    if filters.get("industry"):
        where += f"主导产业涉及“{filters['industry']}”"
    return where


def fit(head: str, items: list[str], tail: str, budget: int, more) -> str:
    """``head`` + as many ``items`` as fit in ``budget`` + ``more(number left out)`` + ``tail``."""
    for shown in range(len(items), -1, -1):
        text = head + "".join(items[:shown]) + more(len(items) - shown) + tail
        if len(text) <= budget or shown == 0:
            return text
    return head + tail


def row_label(cluster: Cluster, filters: dict[str, str], english: bool) -> str:
    if "country" not in filters:
        return f"（{cluster.country}）" if not english else f" ({cluster.country})"
    if "domain" not in filters:
        return f"（{cluster.domain}）" if not english else f" ({cluster.domain})"
    return ""


def join_items(values: Sequence[str], english: bool) -> str:
    return (", " if english else "、").join(values)


def table_label(title: str) -> str:
    """``表 3-4 生物医药集群…`` → ``表 3-4``."""
    match = re.match(r"(附?表\s*[\d\-—–－.]*|图\s*[\d\-—–－.]*)", title)
    return match.group(1).strip() if match else title


def trim(text: str, budget: int = LOOKUP_BUDGET) -> str:
    """Cut a lookup answer to its budget at a list separator, keeping the citation markers."""
    if len(text) <= budget:
        return text
    markers = "".join(re.findall(r"\[\d+\]", text))
    room = budget - len(markers) - 2
    cut = text[:room]
    for separator in ("、", ", ", "；", "; "):
        if separator in cut:
            cut = cut[: cut.rfind(separator)]
            break
    return cut + "…" + markers


_MARKER = re.compile(r"\[(\d+)\](?:–\[(\d+)\])?")


def join_answers(answers: Sequence[Answer], separator: str, budget: int) -> Answer:
    """Several table answers as one: texts joined, each passage cited once, markers renumbered to match."""
    cite = Citations()
    texts = []
    for answer in answers:
        numbers = [cite.mark([passage]) for passage in answer.citations]

        def renumber(match: re.Match) -> str:
            first = int(match.group(1))
            last = int(match.group(2)) if match.group(2) else first
            marks = "".join(numbers[n - 1] for n in range(first, last + 1) if 0 < n <= len(numbers))
            return cite.span_of(marks) if match.group(2) else marks

        texts.append(_MARKER.sub(renumber, answer.text))
    text = trim(separator.join(texts), budget)
    return Answer(text=text, answered=all(a.answered for a in answers), citations=tuple(cite.passages),
                  route="table", notice=" ".join(dict.fromkeys(a.notice for a in answers if a.notice)))
