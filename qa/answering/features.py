"""The general features a candidate unit is scored on, for the fitted reader (:mod:`qa.answering.reader`).

Nothing here names a word of any corpus: each feature measures how a unit (a sentence,
clause or table row of a retrieved passage) relates to the question (lexical overlap by
term weight, BM25 and character bigrams; dense similarity of its passage; coverage of the
question's names and years; whether it carries an answer of the asked type) or where it
sits (retrieval rank, length, kind).  :func:`unit_features` returns one row per unit, in
the order of :data:`FEATURES`; the fitting script (``bench/fit_reader.py``) and the
runtime call the same function.
"""
from __future__ import annotations

import math
import re
from typing import Mapping, Sequence

import numpy as np

from qa.answering.answerability import decline_reason
from qa.answering.lexicon import Term, normalize, numbers_in
from qa.answering.questions import expected_unit
from qa.answering.scoring import Scored, has_unit, new_figures, presence

FEATURES = (
    "coverage", "cov_unit", "cov_context", "bm25", "bigram", "bigram_context", "neighbour_cov",
    "dense", "dense_gap", "rank", "names_unit", "names_context", "years_unit",
    "type_match", "quantity_figure", "quantity_unit", "new_chars", "length", "is_row",
    "definition_cue", "list_cue", "absent_weight", "char_overlap", "longest_match", "asked_before", "asked_after",
    "kind_how", "kind_list", "hand_score", "hand_top", "anchors_ok", "top_term_unit", "top_term_context",
    "rules_absent", "rules_anchor", "rules_coverage", "rules_figure", "english",
)
# the hand-set refusal's reasons (qa.answering.answerability.decline_reason), one feature each
_RULE_REASONS = {"absent": "rules_absent", "no_terms": "rules_absent", "anchor": "rules_anchor",
                 "coverage": "rules_coverage", "figure": "rules_figure", "subject": "rules_figure"}
# question words: what is asked, not what it is about (their bigrams say nothing about the unit)
_QUESTION_WORDS = re.compile(r"什么样|什么|哪些|哪个|哪里|哪儿|哪一|哪位|哪|多少|多大|多长|多久|几|怎么样|怎样|怎么|如何|为什么|"
                             r"为何|何时|何地|何人|谁|是否|吗|呢|请问|是|的|了|在|有|和|与|及|被|把|将|其|之|？|\?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ASKS_TIME = re.compile(r"何时|什么时候|哪一?年|哪天|哪一天|几月|几号|何年|多久|哪个(?:朝代|时期|年代|世纪)|\bwhen\b|\bwhat year\b", re.I)
_ASKS_PERSON = re.compile(r"谁|何人|哪位|哪个人|什么人|\bwho\b", re.I)
_ASKS_PLACE = re.compile(r"哪里|哪儿|何地|何处|什么地方|哪个(?:国家|城市|省|地区|地方)|哪国|\bwhere\b", re.I)
_TIME = re.compile(r"\d{1,4}\s*(?:年|月|日|世纪|年代)|[一二三四五六七八九十〇零]{1,4}(?:年|月|日|世纪)|(?:公元|清|明|宋|唐|汉)[朝代]?|时期|期间|之后|以前")
_CHINESE_COUNT = re.compile(r"[一二两三四五六七八九十百千万]+\s*(?:个|种|名|位|次|年|天|部|座|家|项|条|所|人|届|场|集|首|本|门|倍|岁|层|米|公里)")
_DEFINITION_CUE = re.compile(r"是指|指的是|定义为|是一种|是一个|是一家|是一部|称为|被称为|又称|简称")
_K1, _B = 1.2, 0.75
_ASKED = re.compile(r"什么|哪些|哪个|哪里|哪儿|哪一|哪位|哪|多少|多大|多长|多久|几|怎么|怎样|如何|为什么|为何|何时|何地|何人|谁")
_PUNCTUATION = re.compile(r"[\s，。？！、：；“”‘’（）《》,.?!:;\"'()]+")


class NameTagger:
    """The (word, flag) pairs jieba's dictionary gives a text (no HMM: fast), cached by text."""

    def __init__(self, tokenizer, size: int = 50_000):
        self._tokenizer = tokenizer
        self._cache: dict[str, tuple[tuple[str, str], ...]] = {}
        self._size = size

    def __call__(self, text: str) -> tuple[tuple[str, str], ...]:
        words = self._cache.get(text)
        if words is None:
            words = tuple((w.word, w.flag) for w in self._tokenizer.cut(text, HMM=False))
            if len(self._cache) >= self._size:
                self._cache.clear()
            self._cache[text] = words
        return words


def asked_type(question: str, kind: str) -> str:
    """What kind of thing the answer is: quantity, time, person, place, list, definition or other."""
    if kind == "quantity":
        return "quantity"
    if _ASKS_TIME.search(question):
        return "time"
    if _ASKS_PERSON.search(question):
        return "person"
    if _ASKS_PLACE.search(question):
        return "place"
    if kind in ("list", "definition"):
        return kind
    return "other"


def question_bigrams(question: str) -> set[str]:
    """The question's Chinese character bigrams, question words removed."""
    text = _QUESTION_WORDS.sub(" ", normalize(question))
    return {a + b for a, b in zip(text, text[1:]) if _CJK.match(a) and _CJK.match(b)}


def _bigram_share(bigrams: set[str], text: str) -> float:
    if not bigrams:
        return 0.0
    return sum(1 for g in bigrams if g in text) / len(bigrams)


def corpus_wording(question: str, terms: Sequence[Term]) -> str:
    """The question as the corpus would word it, for the character features: a Chinese question
    as it is; an English one as the best Chinese rendering of each of its words, space-separated
    (so no bigram straddles two words).  Words with no rendering are left out."""
    if _CJK.search(question):
        return question
    return " ".join(t.forms[0] for t in terms if t.forms and _CJK.search(t.forms[0]))


def question_content(question: str) -> str:
    """The question's text without question words and punctuation (normalised)."""
    return _PUNCTUATION.sub("", _QUESTION_WORDS.sub("", normalize(question)))


def asked_context(question: str) -> tuple[str, str]:
    """The few characters just before and just after the question word ("X是什么" → ("x是", "")).

    The unit that answers usually repeats them around the answer.
    """
    text = _PUNCTUATION.sub("", normalize(question))
    match = _ASKED.search(text)
    if not match:
        return "", ""
    return text[max(0, match.start() - 4):match.start()], text[match.end():match.end() + 4]


def longest_match(content: str, text: str) -> int:
    """Length of the longest run of ``content`` that appears in ``text`` (binary search on the length)."""
    low, high = 0, len(content)
    while low < high:
        size = (low + high + 1) // 2
        if any(content[i:i + size] in text for i in range(len(content) - size + 1)):
            low = size
        else:
            high = size - 1
    return low


def _edge_share(piece: str, text: str, suffix: bool) -> float:
    """The longest suffix (or prefix) of ``piece`` found in ``text``, as a share of ``piece``."""
    for size in range(len(piece), 0, -1):
        if (piece[-size:] if suffix else piece[:size]) in text:
            return size / len(piece)
    return 0.0


def _count(form: str, text: str) -> int:
    return text.count(form) if form else 0


def carries(answer_type: str, text: str, question: str, question_numbers: set[str], tagger) -> bool:
    """Does ``text`` hold something of the asked type that the question itself does not give?"""
    if answer_type == "quantity":
        return bool(new_figures(text, question_numbers)) or any(m.group(0) not in question
                                                                 for m in _CHINESE_COUNT.finditer(text))
    if answer_type == "time":
        return any(m.group(0) not in question for m in _TIME.finditer(text))
    if answer_type in ("person", "place") and tagger is not None:
        flags = ("nr", "nrfg", "nrt") if answer_type == "person" else ("ns", "nt")
        return any(flag in flags and len(word) >= 2 and word not in question for word, flag in tagger(text))
    if answer_type == "list":
        return text.count("、") >= 2 or text.count("，") >= 3
    return True


def unit_features(scored: Sequence[Scored], terms: Sequence[Term], question: str, kind: str,
                  dense: Mapping[str, float] | None = None, tagger=None, rules_reason: str | None = None) -> np.ndarray:
    """One row of :data:`FEATURES` per scored unit (the hand-set fields of :class:`Scored` included).

    ``rules_reason``: the hand-set refusal's reason for the hand-set best unit (``scored[0]``), when
    the caller has it already (:func:`~qa.answering.answerability.decline_reason`; computed otherwise).
    """
    rows = np.zeros((len(scored), len(FEATURES)), dtype=np.float64)
    if not scored:
        return rows
    dense = dense or {}
    total = sum(t.weight for t in terms) or 1.0
    names = [t for t in terms if t.name and not t.unknown]
    years = [t for t in terms if t.is_year]
    absent = sum(t.weight for t in terms if t.df == 0) / total
    wording = corpus_wording(question, terms)
    bigrams = question_bigrams(wording)
    question_numbers = set(numbers_in(question))
    answer_type = asked_type(question, kind)
    unit = expected_unit(question) if kind == "quantity" else None
    best_dense = max(dense.values(), default=0.0)
    own_texts = [normalize(s.unit.text) for s in scored]
    average = sum(map(len, own_texts)) / len(own_texts) or 1.0
    unit_cover = [sum(t.weight * presence(t, own) for t in terms) / total for own in own_texts]
    by_place = {(s.unit.passage.id, s.unit.position): c for s, c in zip(scored, unit_cover)}
    contexts: dict[str, str] = {}
    content = question_content(wording)
    content_chars = set(content)
    before, after = asked_context(question)
    # the hand-set scorer's view: its score (relative to its best unit, which is first) and verdict
    hand_best = scored[0].score
    if rules_reason is None:
        rules_reason = decline_reason(scored[0], terms, kind, question)[0]
    reason = _RULE_REASONS.get(rules_reason)
    verdict = [1.0 if reason == name else 0.0 for name in ("rules_absent", "rules_anchor", "rules_coverage", "rules_figure")]
    english = 0.0 if _CJK.search(question) else 1.0
    # the question's weightiest word (its rarest in the corpus): what the answer must be about
    top = max((t for t in terms if not t.is_number), key=lambda t: t.weight, default=None)
    for i, (item, own) in enumerate(zip(scored, own_texts)):
        passage = item.unit.passage
        context = contexts.get(passage.id)
        if context is None:
            context = contexts[passage.id] = normalize(passage.section + "\n" + passage.text)
        bm25 = 0.0
        for term in terms:
            tf = max(_count(form, own) for form in term.forms)
            if tf:
                bm25 += term.weight * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * len(own) / average))
        neighbours = [by_place.get((passage.id, item.unit.position + step), 0.0) for step in (-1, 1)]
        has_type = carries(answer_type, item.unit.text, question, question_numbers, tagger)
        figures = bool(new_figures(item.unit.text, question_numbers))
        rows[i] = (
            item.coverage,
            unit_cover[i],
            sum(t.weight * presence(t, context) for t in terms) / total,
            bm25 / total,
            _bigram_share(bigrams, own),
            _bigram_share(bigrams, context),
            max(neighbours),
            dense.get(passage.id, 0.0),
            dense.get(passage.id, 0.0) - best_dense if dense else 0.0,
            1.0 / (1 + item.unit.rank),
            sum(presence(t, own) for t in names) / len(names) if names else 1.0,
            sum(presence(t, context) for t in names) / len(names) if names else 1.0,
            sum(presence(t, own) for t in years) / len(years) if years else 1.0,
            1.0 if has_type else 0.0,
            1.0 if kind == "quantity" and figures else 0.0,
            1.0 if unit and has_unit(item.unit.text, unit, question_numbers, numerals=True) else 0.0,
            sum(1 for ch in own if ch not in wording) / (len(own) or 1),
            math.log1p(len(own)),
            0.0 if passage.kind == "text" else 1.0,
            1.0 if kind == "definition" and _DEFINITION_CUE.search(own) else 0.0,
            1.0 if kind == "list" and own.count("、") >= 2 else 0.0,
            absent,
            sum(1 for ch in content_chars if ch in own) / len(content_chars) if content_chars else 0.0,
            longest_match(content, own) / len(content) if content else 0.0,
            _edge_share(before, own, suffix=True) if before else 0.0,
            _edge_share(after, own, suffix=False) if after else 0.0,
            1.0 if kind == "how" else 0.0,    # constant over a question: for answerability, not ranking
            1.0 if kind == "list" else 0.0,
            item.score - hand_best,
            1.0 if i == 0 else 0.0,
            1.0 if item.anchors_ok else 0.0,   # every rare word and year of the question is in its passage
            presence(top, own) if top is not None else 1.0,
            presence(top, context) if top is not None else 1.0,
            *verdict,             # constant over a question, like the kinds
            english,
        )
    return rows

