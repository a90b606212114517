"""How units are scored: how much of the question a unit covers and whether it has what is asked.

Every unit is scored for the share of the question's term weight it holds (in the sentence
itself, or partly in its passage), and for the asked answer type: a figure (in the unit the
question names) for 多少 / how many, a definition cue for 是什么, an enumeration for 哪些.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from qa.answering.lexicon import Term, normalize, numbers_in
from qa.answering.questions import expected_unit
from qa.answering.units import Unit

_DEFINITION_CUE = ("是指", "指的是", "定义为", "是一种", "是")


@dataclass
class Scored:
    unit: Unit
    score: float
    coverage: float
    missing: list[Term] = field(default_factory=list)
    anchors_ok: bool = True
    has_figure: bool = False
    unit_ok: bool = True
    subject_ok: bool = True   # the names of the question are in the very sentence
    topic: float = 1.0        # coverage of the question without its years and figures


def presence(term: Term, text: str) -> float:
    """1.0 when the term is in ``text`` (normalised); partial credit for shared characters of a
    Chinese term the text words differently; 0.0 otherwise."""
    if term.translated and term.shares:
        # a dictionary's renderings count as much as the dictionary and the corpus back them
        # (capital → 资本 fully, 资金 less); each is a whole word: 首都 is not in 宇航之都
        found = [share for form, share in zip(term.forms, term.shares) if form in text]
        return max(found) / max(term.shares) if found else 0.0
    if any(form in text for form in term.forms):
        return 1.0
    if term.parts and all(part in text for part in term.parts):
        return 1.0  # the compound's words written apart (公司总部 → 公司都将总部)
    if term.anchor or term.is_number:
        return 0.0
    best = 0.0
    for form in term.forms:
        if len(form) >= 2 and re.fullmatch(r"[\u3400-\u9fff]+", form):
            best = max(best, sum(1 for ch in form if ch in text) / len(form))
    return 0.5 * best if best >= 0.5 else 0.0


def new_figures(text: str, question_numbers: set[str]) -> list[str]:
    """The figures of ``text`` that the question does not already give."""
    return [n for n in numbers_in(text) if n not in question_numbers]


# a column header that names its unit, then the cell: "累计投资（亿元）: 236", "入驻企业(家): 214"
_HEADER_UNIT = re.compile(r"[（(]([^（）()\d]{1,8})[）)]\s*[:：]\s*(-?\d+(?:\.\d+)?)")


def has_unit(text: str, unit: str, question_numbers: set[str], numerals: bool = False) -> bool:
    """Does ``text`` give a new figure in ``unit`` (``%``, ``money``, ``百分点``, or counters ``个|国``)?

    ``numerals``: a count written in Chinese numerals counts too (三家工厂 answers 几家); the
    fitted reader reads them so, the hand-set rules do not (their refusals were set without them).
    """
    if unit == "%":
        pattern = r"(\d+(?:\.\d+)?)\s*[%％]"
    elif unit == "money":
        pattern = r"(\d+(?:\.\d+)?)\s*(?:多|余)?\s*[亿万千百]*\s*(?:美元|元|英镑|欧元|加元|日元|韩元|澳元|法郎)"
    elif unit == "百分点":
        pattern = r"(\d+(?:\.\d+)?)\s*个?百分点"
    else:
        alternatives = "|".join(re.escape(u) for u in unit.split("|"))
        count = r"\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+" if numerals else r"\d+(?:\.\d+)?"
        pattern = rf"({count})\s*(?:多|余)?\s*(?:[亿万千百]\s*)?(?:美元|元|英镑|欧元|加元)?\s*(?:{alternatives})"
    text = _HEADER_UNIT.sub(r": \2\1", normalize(text))  # a table cell under "累计投资（亿元）" is 236亿元
    return any(m.group(1) not in question_numbers for m in re.finditer(pattern, text))


def score_units(units: Sequence[Unit], terms: Sequence[Term], kind: str, question: str,
                numerals: bool = False) -> list[Scored]:
    """Score every unit for the question; best first (``numerals``: see :func:`has_unit`)."""
    total = sum(t.weight for t in terms) or 1.0
    topic_total = sum(t.weight for t in terms if not (t.is_year or t.is_number))
    question_numbers = set(numbers_in(question))
    unit = expected_unit(question)
    subject = next((t for t in terms if t.weight > 0.5), None)
    scored = []
    for item in units:
        own = normalize(item.text)
        context = normalize(item.passage.section + "\n" + item.passage.text)
        covered = topic_covered = 0.0
        missing: list[Term] = []
        anchors_ok = True
        for term in terms:
            in_own = presence(term, own)
            in_context = presence(term, context)
            covered += term.weight * max(in_own, 0.6 * in_context)
            if not (term.is_year or term.is_number):
                topic_covered += term.weight * max(in_own, 0.6 * in_context)
            if in_context < 1.0:
                missing.append(term)
                if term.anchor and not term.unknown:
                    anchors_ok = False  # an unknown English name is judged in decline_reason
            elif term.is_year and in_own < 1.0:
                anchors_ok = False  # a year must be in the very sentence that gives the figure
        coverage = covered / total
        topic = topic_covered / topic_total if topic_total else 1.0
        score = coverage
        scope = normalize(item.scope) if item.scope else own
        subject_ok = all(presence(t, scope) == 1.0 for t in terms if t.name and not t.unknown)
        figures = new_figures(item.text, question_numbers)
        unit_ok = True
        if kind == "quantity":
            score += 0.15 if figures else -0.3
            if not subject_ok:
                score -= 0.2  # a figure about something else in the same passage
            if unit:
                unit_ok = has_unit(item.text, unit, question_numbers, numerals)
                score += 0.15 if unit_ok else -0.15
        elif kind == "definition" and subject is not None:
            for form in subject.forms:
                at = own.find(form)
                if at >= 0 and any(own.startswith(cue, at + len(form)) for cue in _DEFINITION_CUE):
                    score += 0.35
                    break
        elif kind == "list":
            score += 0.1 if own.count("、") >= 2 else 0.0
        score += 0.06 / (1 + item.rank)
        if item.passage.kind != "text" and kind in ("definition", "how"):
            score -= 0.1
        if not anchors_ok:
            score -= 0.5
        scored.append(Scored(item, score, coverage, missing, anchors_ok, bool(figures), unit_ok, subject_ok, topic))
    scored.sort(key=lambda s: (-s.score, s.unit.rank, s.unit.position))
    return scored
