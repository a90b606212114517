"""Whether to answer: the evidence a refusal rests on, and the refusal itself.

Two deciders, chosen by ``CLUSTERQA_READER``:

* ``rules`` (the default), :func:`decline_reason`: a name or measure of the question that
  the corpus never contains; a name or year that the best unit lacks; too little of the
  question covered; a how-many question whose best sentence has no figure (or not in the
  unit asked for).
* ``fitted``, :func:`decline_by_evidence`: a name, year or term of art the corpus lacks
  declines on its own (:func:`vetoing_term`), and so does a best unit about another year
  or named subject (:func:`missing_subject`); any other word, however the corpus phrases it
  (涨幅 for 同比增长), only lowers the fitted reader's probability that its best unit answers;
  the question is declined below the threshold ``bench/fit_reader.py`` calibrated.
"""
from __future__ import annotations

import re
from typing import AbstractSet as Set, Callable, Iterable, Sequence

from qa.documents.chunking import row_cells
from qa.answering.lexicon import Term, normalize
from qa.answering.naming import corpus_name
from qa.answering.questions import YEAR
from qa.answering.rendering import EMPHASIS
from qa.answering.scoring import Scored, presence
from qa.records import Answer, Passage

_CHINESE = re.compile(r"[\u3400-\u9fff]+")
HARD_REASONS = ("absent", "anchor")   # the hand-set refusals the fitted reader may overrule only when sure
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

def vetoing_term(terms: Sequence[Term], best: Scored | None,
                 common_word: Callable[[str], bool] | None = None) -> Term | None:
    """A name, year or term of art of the question that the corpus never contains (None when none).

    A term of art is a Chinese noun of two or more characters that the general dictionary
    does not know (``common_word`` says; 假苹婆, 乡里制): a paraphrase is a common word (涨幅,
    营业额), which only lowers the reader's evidence.  An English name the corpus does not spell
    (Kendall Square) does not veto when the rest of the question pins ``best`` down
    (:func:`pinned_without_unknown_names`).  An English word's glossary rendering (``exact``)
    that the corpus never uses vetoes too: it is the corpus's own term for that measure.
    """
    pinned = best is not None and pinned_without_unknown_names(best, terms)
    for term in terms:
        if term.df != 0:
            continue
        term_of_art = (common_word is not None and term.noun and len(term.text) >= 2
                       and _CHINESE.fullmatch(term.text) is not None and not common_word(term.text))
        if term.is_year or term.name or (term.exact and term.noun) or term_of_art:
            if term.unknown and pinned:
                continue
            return term
    return None


def missing_subject(best: Scored, terms: Sequence[Term], known_names: Set[str] = frozenset(),
                    proper_nouns: Callable[[str], Iterable[str]] | None = None) -> Term | None:
    """A year the best sentence lacks, or a known name (a table's name, an English name the dictionary
    renders) its passage lacks: then the answer would be about another year or another subject.

    A name its passage has but the sentence lacks is the sentence's subject only when the sentence
    names no other (其GDP增长… after 德国…); "2021年，硅谷GDP同比增长8.7%" is about 硅谷 (``proper_nouns``:
    the place, person and organisation names of a text)."""
    sentence = best.unit.scope or best.unit.text
    scope = normalize(sentence)
    context = normalize(best.unit.passage.section + "\n" + best.unit.passage.text)
    others = None
    for term in terms:
        if term.is_year and presence(term, scope) < 1.0:
            return term
        if term.name and not term.unknown and (term.exact or getattr(term, "translated", False)
                                               or term.text in known_names):
            if presence(term, context) < 1.0:
                return term
            if presence(term, scope) < 1.0 and proper_nouns is not None:
                if others is None:
                    others = [normalize(n) for n in proper_nouns(sentence)]
                if any(not any(f in n or n in f for f in term.forms) for n in others):
                    return term
    return None


OTHER_YEAR_UNITS = 10       # how far down the ranking a figure of another year is looked for


def measured_in_another_year(best: Scored, terms: Sequence[Term], ranked: Sequence[Scored]) -> Scored | None:
    """For a how-much question of one year: a unit that gives the question's measure for another
    year, when the best unit (of the asked year) lacks that measure, else None.

    2022年硅谷的风险投资总额 against "以硅谷为例，2022年其专利数量为…" and "2021 年硅谷整体风险投资总额为
    441 亿美元": the corpus has the measure only for 2021.  The measure is the weightiest noun of the
    question, beside its names and year, that the corpus uses and the best unit lacks; the other
    unit holds it, another year and not the asked one, more of the question's other words than the
    best unit, and (in its passage) the question's names.
    """
    years = [t for t in terms if t.is_year]
    if len(years) != 1:
        return None
    own = normalize(best.unit.scope or best.unit.text)
    missing = [t for t in terms if t.noun and t.df > 0 and not (t.name or t.is_year or t.is_number or t.unknown)
               and presence(t, own) == 0.0]
    if not missing:
        return None
    measure = max(missing, key=lambda t: t.weight)
    names = [t for t in terms if t.name and not t.unknown]
    asked = [t for t in terms if not (t.name or t.is_year or t.is_number)]

    def covered(text: str) -> float:
        return sum(t.weight * presence(t, text) for t in asked)

    for other in ranked[:OTHER_YEAR_UNITS]:
        text = normalize(other.unit.text)
        context = normalize(other.unit.passage.section + "\n" + other.unit.passage.text)
        if other is best or presence(measure, text) < 1.0 or presence(years[0], text) > 0.0:
            continue
        # it says more of what is asked than the best unit does, of the same subject, for another year
        if YEAR.search(text) and covered(text) > covered(own) and all(presence(t, context) == 1.0 for t in names):
            return other
    return None


def decline_by_evidence(best: Scored | None, terms: Sequence[Term], answerable: float, threshold: float,
                        kind: str = "fact", known_names: Set[str] = frozenset(),
                        common_word: Callable[[str], bool] | None = None,
                        rules: tuple[str, Term | None] = ("", None), rules_threshold: float = 0.0,
                        proper_nouns: Callable[[str], Iterable[str]] | None = None) -> tuple[str, Term | None]:
    """Why the corpus does not answer the question ('' when it does), and the term at fault.

    ``answerable`` is the fitted reader's probability that ``best`` answers the question.
    Besides it: an absent name or year (:func:`vetoing_term`), a best unit about another year
    or subject (:func:`missing_subject`), a definition whose best unit holds none of what is
    asked, or, for a how-many question that names its unit (多少辆), a best unit with no figure
    in that unit.
    """
    if not any(not t.is_number or t.is_year for t in terms):
        return "no_terms", None  # nothing but stray figures (markup, codes): no question to answer
    if best is None:
        return "nothing", None
    words = [t for t in terms if not t.is_number]
    if words and all(t.unknown for t in words):
        return "absent", words[0]   # no word of the question is one the corpus uses
    absent = vetoing_term(terms, best, common_word)
    if absent is not None:
        return "absent", absent
    wrong = missing_subject(best, terms, known_names, proper_nouns)
    if wrong is not None:
        return "anchor", wrong
    described = [t for t in terms if not (t.name or t.is_year or t.is_number)]
    if kind == "definition" and described and all(t in best.missing for t in described):
        # "what is the capital of France": a sentence about France that has nothing of what is asked
        return "coverage", max(described, key=lambda t: t.weight)
    if not best.unit_ok:
        return "figure", None
    if kind == "quantity" and best.unit.passage.kind == "table_row" and not row_measures(best.unit.passage.text, terms):
        # 产值 of a row with no such column: its other figures answer something else
        return "coverage", max(described, key=lambda t: t.weight, default=None)
    if rules[0] in HARD_REASONS and answerable < rules_threshold:
        return rules
    if answerable < threshold:
        own = normalize(best.unit.text)
        lacking = [t for t in terms if presence(t, own) < 1.0]
        return "evidence", max(lacking, key=lambda t: t.weight, default=None)
    return "", None




def row_measures(row_text: str, terms: Sequence[Term]) -> bool:
    """Does a table row have a figure under a header that names what the question measures, or, in a
    table of measures by year (项目: 净利润 | 2023年: … | 2022年: …), a figure and a label naming it?"""
    measures = [t for t in terms if not (t.is_number or t.is_year or t.name)]
    cells = row_cells(row_text)
    headers = [normalize(header) for header, cell in cells if re.search(r"\d", cell)]
    if any(presence(t, header) >= 0.5 for t in measures for header in headers):   # 年产值 in 年工业总产值
        return True
    # by year: the question's year heads a column of figures, its other words are the row's label
    # (which may be a name of the tables)
    years = {form + suffix for t in terms if t.is_year for form in t.forms for suffix in ("", "年")}
    if not years & set(headers):
        return False
    labels = [normalize(cell) for _, cell in cells if not re.search(r"\d", cell)]
    named = [t for t in terms if not (t.is_number or t.is_year)]
    return bool(named) and all(any(presence(t, label) == 1.0 for label in labels) for t in named)


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
