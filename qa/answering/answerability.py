"""Whether to answer: the evidence a refusal rests on, and the refusal itself.

General signals only: a name or measure of the question that the corpus never contains; a
name or year that the best unit lacks; too little of the question covered; a how-many
question whose best sentence has no figure (or not in the unit asked for).
"""
from __future__ import annotations

from typing import Sequence

from qa.answering.lexicon import Term, normalize
from qa.answering.naming import corpus_name
from qa.answering.rendering import EMPHASIS
from qa.answering.scoring import Scored, presence
from qa.records import Answer, Passage

MIN_COVERAGE = 0.5          # share of the question's term weight the answer's passage must hold
MIN_FIGURE_TOPIC = 0.6      # a figure's passage must cover this much of the question beside its year
RARE_PIN_DF = 2             # a word this rare names the sentence an unknown English name's question is about
MIN_PINNED_COVERAGE = 0.8   # of the question's other terms, in that very sentence


def decline_reason(best: Scored | None, terms: Sequence[Term], kind: str, question: str) -> tuple[str, Term | None]:
    """Why the report does not answer the question ('' when it does), and the term at fault."""
    if not any(not t.is_number or t.is_year for t in terms):
        return "no_terms", None  # nothing but stray figures (markup, codes): no question to answer
    if best is None:
        return "nothing", None
    own = normalize(best.unit.text)
    pinned = pinned_without_unknown_names(best, terms)
    for term in terms:
        if term.df == 0:
            if term.unknown and term.name and pinned:
                continue  # Kendall Square: the rest of the question names one sentence of the report
            if term.anchor or term.is_year:
                return "absent", term
            if term.noun and (term.exact or presence(term, own) == 0.0):  # a measure the report never uses
                return "absent", term
    if not best.anchors_ok:
        wrong = next((t for t in best.missing if t.anchor), None)
        if wrong is None:
            wrong = next((t for t in terms if t.is_year), None)
        return "anchor", wrong
    if best.coverage < MIN_COVERAGE:
        return "coverage", max(best.missing, key=lambda t: t.weight, default=None)
    described = [t for t in terms if not (t.name or t.is_year or t.is_number)]
    if kind == "definition" and described and all(t in best.missing for t in described):
        # "what is the capital of France": a sentence about France that has nothing of what is asked
        return "coverage", max(described, key=lambda t: t.weight)
    if kind == "quantity" and best.topic < MIN_FIGURE_TOPIC and not pinned:
        # the year matches, the measure does not: 2025年…数量 against a 2025 investment plan
        return "coverage", max((t for t in best.missing if not t.is_year), key=lambda t: t.weight, default=None)
    if kind == "quantity" and (not best.has_figure or not best.unit_ok):
        return "figure", None
    if kind == "quantity" and not best.subject_ok:
        return "subject", next((t for t in terms if t.name and presence(t, own) < 1.0), None)
    return "", None


def pinned_without_unknown_names(best: Scored, terms: Sequence[Term]) -> bool:
    """Does the rest of a question with an unknown English name pin ``best`` down on its own?

    Every other name, year and figure is in the very sentence, one of them is a word the
    report uses at most :data:`RARE_PIN_DF` times (TOP20), and the sentence covers nearly all
    of the other terms.  "What is the GDP of Atlantis?" has no such word: it stays declined.
    """
    unknown = [t for t in terms if t.unknown and t.name]
    known = [t for t in terms if not t.unknown]
    if not unknown or len(unknown) > 2 or not known:
        return False
    own = normalize(best.unit.text)
    if any(presence(t, own) < 1.0 for t in known if t.anchor or t.is_year):
        return False
    if not any(t.df <= RARE_PIN_DF and not (t.is_year or t.is_number) and presence(t, own) == 1.0
               for t in known):
        return False
    total = sum(t.weight for t in known) or 1.0
    return sum(t.weight * presence(t, own) for t in known) / total >= MIN_PINNED_COVERAGE


def refusal_answer(question: str, language: str, reason: str = "", term: Term | None = None,
                   nearest: Scored | None = None, titles: frozenset[str] = frozenset()) -> Answer:
    """``answered=False``, in the question's language, pointing to the nearest thing the corpus says.

    ``titles`` are the corpus's document titles, which name it (see :mod:`qa.answering.naming`).
    """
    what = term.text if term is not None else ""
    name = corpus_name(titles, language, sentence_start=True)
    does, has = ("do", "have") if name.endswith("documents") else ("does", "has")
    if language == "zh":
        text = f"{name}中没有关于“{what}”的信息。" if what and reason == "absent" else f"{name}中没有回答这个问题的内容。"
    else:
        text = (f"{name} {does} not say anything about “{what}”." if what and reason == "absent"
                else f"{name} {does} not say.")
    citations: tuple[Passage, ...] = ()
    if nearest is not None and nearest.coverage >= 0.34 and reason != "no_terms":
        quoted = EMPHASIS.sub("", nearest.unit.text)
        snippet = quoted if len(quoted) <= 150 else quoted[:148] + "…"
        inner = corpus_name(titles, language)
        if term is not None and term.is_year:
            lead = f"{inner}只给出了其他年份的数据：" if language == "zh" else f"{name} only {has} figures for other years:"
        else:
            lead = f"{inner}中最接近的内容是：" if language == "zh" else f"The closest {inner} comes is:"
        text += f"{lead}{snippet}[1]" if language == "zh" else f" {lead} {snippet}[1]"
        citations = (nearest.unit.passage,)
    return Answer(text=text, answered=False, citations=citations, route="none", question=question)
