"""The default answerer: the corpus's own sentences, chosen by question type, cited.

No language model is involved.  Given a question's key terms (:mod:`qa.answering.lexicon`)
and the retrieved passages, every unit (:mod:`~qa.answering.units`) gets the hand-set
signals of :mod:`~qa.answering.scoring`.  By default (``CLUSTERQA_READER=rules``) those
signals rank the units and :func:`~qa.answering.answerability.decline_reason` decides
whether to answer; with ``CLUSTERQA_READER=fitted`` the fitted reader
(:mod:`~qa.answering.reader`, weights in ``reader_weights.json``) ranks them and its
calibrated answerability decides.  The best unit (with the runner-up when the reader rates
it close) becomes the answer, cut to the budget and cited (:mod:`~qa.answering.rendering`).  List and how questions whose subject is a section
are answered from the document structure (:mod:`~qa.answering.sections`,
:mod:`~qa.answering.enumerations`, :mod:`~qa.answering.leads`).  When the corpus does not
cover the question, the answer is a refusal (:mod:`~qa.answering.answerability`).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Mapping, Sequence

from qa.answering.answerability import decline_by_evidence, decline_reason, measured_in_another_year, refusal_answer
from qa.answering.enumerations import EnumerationAnswers
from qa.answering.extension import ExtensionModel
from qa.answering.features import NameTagger, asked_type, carries
from qa.answering.footnotes import Footnotes, asks_for_source
from qa.answering.leads import from_lead_sentence
from qa.answering.lexicon import CorpusLexicon, Term, normalize, numbers_in
from qa.answering.reader import ReaderModel
from qa.answering.rendering import ENGLISH_LEAD, FACTOID_CHARS, NARRATIVE_CHARS, clause_window, render
from qa.answering.scoring import Scored, presence, score_units
from qa.answering.sections import SectionAnswers
from qa.answering.structure import DocumentStructure
from qa.answering.table_extremes import from_table_extreme
from qa.answering.units import units_of
from qa.documents.chunking import split_sentences
from qa.records import Answer, Document, Passage

_WHO = re.compile(r"^\s*who\b|\bwho (?:is|was|are|were|founded|invented|leads|runs)\b|是谁|谁是|由谁", re.I)


LEAD_CHARS = 20      # a paragraph's first sentence this short is its point (推动集群跨区域协同合作。)
# …unless it is a clause of several, or says what something is (斯氏腔吻鳕为…的其中一种。)
_NOT_A_POINT = re.compile(r"[，,、：:（(]|是|为")


def led_paragraph(chosen: Sequence[Scored], budget: int) -> tuple[str, Passage] | None:
    """The whole paragraph, when a how/what-measures answer quotes its short lead sentence and more of
    it: the lead states the point, the rest of the paragraph is what it is made of (all the measures,
    not the two clauses that repeat the question's words).  None when no such paragraph fits ``budget``."""
    for item in chosen:
        passage = item.unit.passage
        if passage.kind != "text":
            continue
        for paragraph in (p.strip() for p in passage.text.split("\n")):
            sentences = split_sentences(paragraph)
            lead = sentences[0].strip() if sentences else ""
            if len(sentences) < 2 or lead != item.unit.text.strip() or len(lead) > LEAD_CHARS or _NOT_A_POINT.search(lead):
                continue
            others = [c for c in chosen if c is not item and c.unit.passage.id == passage.id and c.unit.text in paragraph]
            if others and len(paragraph) + 8 <= budget:
                return paragraph, passage
    return None


class ExtractiveAnswerer:
    """Answers from the corpus's sentences (and its structure) with no language model."""

    def __init__(self, lexicon: CorpusLexicon, documents: Sequence[Document], passages: Sequence[Passage],
                 reader: ReaderModel | None = None, extension: ExtensionModel | None = None):
        self.lexicon = lexicon
        self.titles = frozenset(passage.title for passage in passages)  # the corpus's name in refusals
        self.reader = reader   # None: the hand-set rules rank and decline (CLUSTERQA_READER=rules)
        self.extension = extension   # None: the best sentence is quoted without the one before or after
        self._tagger = NameTagger(lexicon._tokenizer()) if reader is not None else None
        self.structure = DocumentStructure(documents, passages)
        self.sections = SectionAnswers(self.structure)
        self.enumerations = EnumerationAnswers(self.structure)
        self.footnotes = Footnotes(passages)

    def answer(self, question: str, language: str, kind: str, candidates: Sequence[Passage],
               terms: Sequence[Term] | None = None, dense: Mapping[str, float] | None = None) -> Answer:
        """Answer from ``candidates`` (``dense``: the question's cosine with each, by passage id)."""
        terms = list(terms if terms is not None else self.lexicon.terms(question))
        scored = score_units(units_of(candidates), terms, kind, question, numerals=self.reader is not None)
        answerable = 1.0
        rules = ("", None)
        if self.reader is not None:
            rules = decline_reason(scored[0] if scored else None, terms, kind, question)
            scored, answerable = self.reader.rank(scored, terms, question, kind, dense, tagger=self._tagger,
                                                  rules_reason=rules[0])
        best = scored[0] if scored else None
        best_prose = next((s for s in scored if s.unit.passage.kind == "text"), None)
        if kind != "quantity":
            traits = from_lead_sentence(self.structure, question, language, terms)
            if traits is not None:
                return traits
        if kind in ("list", "how"):
            structured = self.sections.from_points(question, language, terms, best_prose)
            if structured is not None:
                answer, section = structured
                # a heading under that section naming what the question names is the narrower answer
                narrower = self.sections.from_heading(question, language, terms, best_prose, within=section.path,
                                                      budget=NARRATIVE_CHARS)
                return narrower or answer
            listed = self.enumerations.from_points(question, language, terms, best_prose)
            if listed is not None:
                return listed
        if self.reader is not None:
            judged = self._with_point_context(best, terms)
            reason, term = decline_by_evidence(judged, terms, answerable, self.reader.threshold, kind,
                                               self.lexicon.proper_names, self.lexicon.in_dictionary,
                                               rules, self.reader.rules_threshold, self.lexicon.proper_nouns)
            if not reason and best is not None and asked_type(question, kind) == "time" and \
                    not carries("time", best.unit.scope or best.unit.text, question, set(numbers_in(question)), None):
                reason, term = "evidence", None   # "when …?" and the best sentence gives no time
            if not reason and best is not None and kind == "quantity":
                other = measured_in_another_year(best, terms, scored)
                if other is not None:   # the figure asked for is there, but for another year
                    reason, term, best = "anchor", next(t for t in terms if t.is_year), other
        else:
            reason, term = decline_reason(best, terms, kind, question)
            if not reason and _WHO.search(question) and not self._names_a_person(best.unit.text):
                reason = "person"  # "who …?" and the best sentence names no one
        if kind != "quantity" and reason in ("", "evidence"):   # the threshold judges sentences, not headings
            announced = self.enumerations.from_announcement(question, language, terms, best_prose)
            if announced is not None:
                return announced
            headed = self.sections.from_heading(question, language, terms, best_prose,
                                                budget=NARRATIVE_CHARS if kind in ("how", "list") else FACTOID_CHARS,
                                                sentence_answers=self.reader is not None and reason == "")
            if headed is not None:
                return headed
        ranked = from_table_extreme(self.structure, question, language, terms, candidates)
        if ranked is not None:
            return ranked
        if reason:
            return refusal_answer(question, language, reason, term, best, titles=self.titles)
        budget = NARRATIVE_CHARS if kind in ("how", "list") else FACTOID_CHARS
        if language == "en":
            budget -= len(ENGLISH_LEAD) + 1  # the lead counts towards the answer's length
        chosen = self._choose(scored, terms, kind, budget, question)
        if asks_for_source(question):
            chosen = self._with_footnotes(chosen, budget)
        chosen = [(text, passage) for text, passage in chosen if text.strip()]
        if not chosen:   # nothing left to quote: no answer, rather than markers alone
            return refusal_answer(question, language, "evidence", None, best, titles=self.titles)
        answer = render(question, language, chosen, route="passage")
        unknown = [t.text for t in terms if t.unknown and t.name]
        if unknown:
            names = "、".join(unknown) if language == "zh" else " ".join(unknown)
            note = (f"报告中没有“{names}”的英文写法，答案按问题的其余部分匹配，请核对引文中的名称。" if language == "zh"
                    else f"The report does not spell “{names}” in English; this answer matches the rest of "
                         "the question, so check the name in the quoted sentence.")
            answer = replace(answer, notice=note)
        return answer

    def _choose(self, scored: list[Scored], terms: Sequence[Term], kind: str, budget: int,
                question: str) -> list[tuple[str, Passage]]:
        best = scored[0]
        chosen = [best]
        names = [t for t in terms if t.name]

        def quoted(s: Scored) -> str:
            """The clause, or its whole sentence when only that names the question's subject (其…)."""
            own = normalize(s.unit.text)
            if s.unit.scope and s.unit.scope != s.unit.text and any(presence(t, own) < 1.0 for t in names):
                return s.unit.scope
            return s.unit.text

        if kind in ("how", "list"):
            # the section's key sentences, in the report's order
            # (the fitted reader's probabilities are peaked: its runner-up share says what is close)
            threshold = self.reader.pair_ratio if self.reader is not None else 0.7 if kind == "how" else 0.85
            for other in scored[1:12]:
                if len(chosen) >= 4:
                    break
                same_place = other.unit.passage.section == best.unit.passage.section
                if not (same_place and other.anchors_ok and other.score >= threshold * best.score):
                    continue
                theirs = normalize(quoted(other))
                if any(theirs in normalize(quoted(c)) for c in chosen):
                    continue   # said already (a clause of a sentence quoted whole)
                held = [c for c in chosen if normalize(quoted(c)) in theirs]
                chosen = [c for c in chosen if c not in held] + [other]   # the whole sentence, not its clause again
        elif self.reader is not None and (second := self._second_unit(scored, budget, quoted)) is not None:
            chosen.append(second)   # the two units the reader rates best, both whole
            if second.unit.passage.id == best.unit.passage.id and second.unit.position < best.unit.position:
                chosen.reverse()     # in the order the passage tells them
        else:
            # a two-part factoid: add the sentence that covers what the best one lacks
            own = normalize(quoted(best))
            lacking = [t for t in terms if presence(t, own) < 1.0 and t.weight > 0.3]
            if lacking:
                for other in scored[1:10]:
                    text = normalize(other.unit.text)
                    gain = sum(t.weight for t in lacking if presence(t, text) == 1.0)
                    if other.anchors_ok and gain >= 0.2 * sum(t.weight for t in terms) and \
                            other.unit.text != best.unit.text and \
                            len(quoted(best)) + len(other.unit.text) <= budget:
                        chosen.append(other)
                        break
        items = self.enumerations.continued_items(best, question, terms, budget)
        if items is not None:
            return items
        joined = self._neighbour(scored, chosen, terms, kind, budget, question, quoted)
        if joined is not None:
            direction, neighbour = joined
            at = chosen.index(best) + (direction == "after")
            chosen.insert(at, neighbour)
        chosen.sort(key=lambda s: (s.unit.passage.source, s.unit.passage.section, s.unit.rank, s.unit.position)
                    if kind in ("how", "list") else 0)
        if kind in ("how", "list"):
            led = led_paragraph(chosen, budget)
            if led is not None:
                return [led]
        texts = [s.unit.text if joined is not None and s is joined[1] else quoted(s) for s in chosen]
        if sum(len(t) + 8 for t in texts) <= budget:   # all fit whole: none is cut to an equal share
            return [(text, s.unit.passage) for text, s in zip(texts, chosen)]
        share = budget // len(chosen) if len(chosen) > 1 else budget
        return [(clause_window(text, terms, max(share - 8, 40), question), s.unit.passage) for text, s in zip(texts, chosen)]

    def _neighbour(self, scored: list[Scored], chosen: list[Scored], terms: Sequence[Term], kind: str, budget: int,
                   question: str, quoted) -> tuple[str, Scored] | None:
        """The sentence just before or after the best one, when the fitted extension says it
        completes the answer and it fits (:mod:`~qa.answering.extension`)."""
        best = scored[0]
        if self.extension is None or chosen != [best] or best.unit.passage.kind != "text":
            return None   # the reader quotes two units already; a table row has no neighbours
        # it completes a short answer, it does not lengthen a long one
        room = min(budget, FACTOID_CHARS) - len(quoted(best)) - 16
        found = self.extension.choose(question, kind, terms, scored, best, room, self._tagger)
        if found is not None and found[0] == "before" and quoted(best) != best.unit.text:
            return None   # the best clause is quoted with its sentence, which holds the clause before
        return found

    def _with_point_context(self, best: Scored | None, terms: Sequence[Term]) -> Scored | None:
        """``best`` judged with the sentence that leads into its list, when it is one of the points a
        section numbers and the year asked is in that lead-in only (到2025年…具体目标如下：（2）…减速器达到50%)."""
        if best is None or best.unit.passage.kind != "text":
            return best
        scope = normalize(best.unit.scope or best.unit.text)
        if not any(t.is_year and presence(t, scope) < 1.0 for t in terms):
            return best
        lead_in = self.structure.lead_in_of(best.unit.passage, best.unit.scope or best.unit.text)
        if not lead_in:
            return best
        return replace(best, unit=replace(best.unit, scope=lead_in + (best.unit.scope or best.unit.text)))

    def _with_footnotes(self, chosen: list[tuple[str, Passage]], budget: int) -> list[tuple[str, Passage]]:
        """Where the quoted figures come from: each quoted sentence's footnote, cited, in the order
        quoted; a further sentence gives way to the first one's footnote when both do not fit."""
        kept = list(chosen)
        while True:
            notes = [n for text, passage in kept for n in self.footnotes.of(text, passage)]
            if not notes:
                return chosen
            fitted, used = [], sum(len(text) + 4 for text, _ in kept)
            for note, passage in notes:
                if used + len(note) + 4 <= budget:
                    fitted.append((note, passage))
                    used += len(note) + 4
            if fitted or len(kept) == 1:
                return kept + fitted
            kept = kept[:-1]

    def _second_unit(self, scored: list[Scored], budget: int, quoted) -> Scored | None:
        """The runner-up unit, when the reader rates it close to the best (its fitted ``pair_ratio``)
        and both fit the budget whole."""
        best = scored[0]
        for other in scored[1:3]:
            mine, theirs = normalize(quoted(best)), normalize(quoted(other))
            if theirs in mine or mine in theirs:
                continue   # the same sentence (or one quoted with the sentence it continues)
            if other.score >= self.reader.pair_ratio * best.score and \
                    len(quoted(best)) + len(quoted(other)) <= budget:
                return other
            return None
        return None

    def _names_a_person(self, text: str) -> bool:
        return any(w.flag in ("nr", "nrfg", "nrt") and len(w.word) >= 2 for w in self.lexicon._tokenizer().cut(text))
