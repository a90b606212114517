"""Answers that are a list the text itself spells out.

Three forms: a paragraph of points (一是…二是…三是…); a sentence that announces a count of
things ("呈现“八大趋势”") followed by those things; and one sentence whose ；-clauses carry
the items (一个是…；另一个是…).
"""
from __future__ import annotations

import re
from typing import Sequence

from qa.answering.answerability import MIN_COVERAGE
from qa.answering.lexicon import Term, normalize
from qa.answering.questions import count_asked, numeral_value
from qa.answering.rendering import EMPHASIS, FACTOID_CHARS, NARRATIVE_CHARS, clause_window, head, render
from qa.answering.scoring import Scored, presence
from qa.answering.structure import DocumentStructure, enumerated_points
from qa.documents.chunking import split_sentences
from qa.records import SECTION_SEPARATOR, Answer, Passage

# "呈现“八大趋势”", "形成三条…分布带", "集中在两个时间点", "主要集中于…四个方面": a count of things to come
_ANNOUNCED = re.compile(r"(?<![\d一二两三四五六七八九十百千万第])([两二三四五六七八九十]|\d{1,2})\s*"
                        r"(?:大|条|个方面|方面|个|项|点|类|种|方向|阶段)")
# the first item of an enumeration inside one sentence, and the clauses that continue it
_OPENS_ITEMS = re.compile(r"一个是|一是|其一|首先|一方面|第一[，,、是]")
_CONTINUES_ITEMS = re.compile(r"^(?:\*\*)?(?:另一个是|另一方面|[二三四五六七八九十]是|其[二三四五六七八九十]|其次|再次|最后|"
                              r"第[二三四五六七八九十][，,、是])")


def _anchors_only_in(terms: Sequence[Term], sentence: str, points: str) -> bool:
    """Does ``sentence`` hold a name or year of the question that the ``points`` lack?"""
    own, listed = normalize(sentence), normalize(points)
    return any(presence(t, own) == 1.0 and presence(t, listed) < 1.0 for t in terms if t.anchor or t.is_year)


def kind_is_open(sentences: Sequence[str], at: int) -> int | None:
    """The index of the sentence, within two after ``at``, that starts an enumeration (一方面 / 首先…)."""
    for i in range(at + 1, min(at + 3, len(sentences))):
        if _OPENS_ITEMS.match(sentences[i].lstrip("，, ")):
            return i
    return None


class EnumerationAnswers:
    """Answers whose items are the points a paragraph or sentence enumerates."""

    def __init__(self, structure: DocumentStructure):
        self.structure = structure

    def from_points(self, question: str, language: str, terms: Sequence[Term],
                    best: Scored | None, counts: Sequence[int] = ()) -> Answer | None:
        """A paragraph that lists its points as 一是…二是…三是…: the lead sentence and each point
        (only when there are as many points as one of ``counts``, if given)."""
        if best is None or not best.anchors_ok or best.coverage < MIN_COVERAGE:
            return None
        passage = best.unit.passage
        wanted = normalize(EMPHASIS.sub("", best.unit.text))
        for source, label, text in self.structure.paragraphs:
            if source != passage.source or label != passage.section or wanted not in normalize(text):
                continue
            sentences = split_sentences(text)
            at = next((i for i, x in enumerate(sentences) if wanted in normalize(x)), None)
            points = enumerated_points(sentences)
            if at is None or not points:
                return None
            if counts and len(points) not in counts:
                return None
            # the best sentence may be the lead-in, a point, or a sentence supporting one: the
            # question asks what the paragraph lists, so the answer is its lead-in and its points
            chosen = ([points[0] - 1] if points[0] > 0 else []) + points
            if at not in chosen and _anchors_only_in(terms, sentences[at], " ".join(sentences[i] for i in chosen)):
                return None  # the names or years asked are in a supporting sentence (德国将在2021-2030年…)
            share = NARRATIVE_CHARS // len(chosen) - 8
            segments = []
            for i in chosen:
                cited = self.structure.passage_with(source, label, sentences[i])
                if cited is None:
                    return None
                segments.append((clause_window(sentences[i], terms, max(share, 40), question), cited))
            return render(question, language, segments, route="passage",
                          numbered=language == "en")
        return None

    def from_announcement(self, question: str, language: str, terms: Sequence[Term],
                          best: Scored | None) -> Answer | None:
        """A sentence that announces a count of things ("呈现“八大趋势”") followed by those things.

        The items are the child headings (or bold lead sentences) of the section the sentence
        opens, or the 一是/二是 points of its paragraph, when there are exactly as many as
        announced.  The count must be what the question asks for: the same number, or the
        question names the word that follows the count (趋势 after 八大).
        """
        if best is None or not best.anchors_ok or best.coverage < MIN_COVERAGE or best.unit.passage.kind != "text":
            return None
        text = EMPHASIS.sub("", best.unit.text)
        asked = count_asked(question)
        counts = []
        for match in _ANNOUNCED.finditer(text):
            count = numeral_value(match.group(1))
            after = normalize(re.split(r"[，。；：,;:]", text[match.end():match.end() + 16])[0])
            named = any(form in after for t in terms if not (t.is_year or t.is_number) for form in t.forms
                        if len(form) >= 2)
            if count and count >= 2 and (count == asked or named):
                counts.append(count)
        if not counts:
            return None
        passage = best.unit.passage
        section = next((s for s in self.structure.sections if s.source == passage.source
                        and SECTION_SEPARATOR.join(s.path) == passage.section), None)
        if section is not None:
            cited_items = self.structure.cited_items(section)
            if len(cited_items) in counts:
                if any(cited is None for _, cited in cited_items):
                    return None
                lead = (clause_window(text, terms, FACTOID_CHARS - 20, question), passage)
                return render(question, language, cited_items, route="passage", numbered=True, lead=lead)
        if any(c >= 2 for c in counts):
            return self.from_points(question, language, terms, best, counts=counts)
        return None

    def continued_items(self, best: Scored, question: str, terms: Sequence[Term],
                        budget: int) -> list[tuple[str, Passage]] | None:
        """An enumeration told across one sentence's ；-clauses: 一个是…；另一个是… .

        Taken when the best clause opens the enumeration (一个是 / 一是 / 其一 / 首先 …) or the
        question asks for two or more things and the clause ends in ；.  The clauses that
        continue it follow, each cut at a comma to its share of the budget (its head, where
        the item's name or year is, is kept).
        """
        text = EMPHASIS.sub("", best.unit.text)
        opener = _OPENS_ITEMS.search(text)
        asked = count_asked(question)
        if best.unit.passage.kind != "text":
            return None
        passage = best.unit.passage
        wanted = normalize(text)
        following: list[str] = []
        lead_in: list[str] = []   # sentences from the best one to the one that opens the items
        for source, label, paragraph in self.structure.paragraphs:
            if source != passage.source or label != passage.section or wanted not in normalize(paragraph):
                continue
            sentences = [EMPHASIS.sub("", x) for x in split_sentences(paragraph)]
            at = next((i for i, x in enumerate(sentences) if wanted in normalize(x)), None)
            if at is None:
                continue
            if opener is None and kind_is_open(sentences, at) is not None:
                # 充分发挥政府作用。政府在…作用。一方面，…: the points follow the lead sentence
                start = kind_is_open(sentences, at)
                lead_in = sentences[at + 1:start + 1]
                at, text = start, sentences[start]
                opener = _OPENS_ITEMS.search(text)
            if opener is None and not (asked and asked >= 2 and text.endswith(("；", ";"))):
                return None
            pair = opener is not None and opener.group(0) in ("一方面", "一个是")  # …另一方面 closes it
            skipped = 0
            for sentence in sentences[at + 1:]:
                if asked and len(following) + 1 >= asked or pair and following:
                    break
                if _CONTINUES_ITEMS.match(EMPHASIS.sub("", sentence)):
                    following.append(EMPHASIS.sub("", sentence))
                elif skipped < 3 and not text.endswith(("；", ";")):
                    skipped += 1  # an example between the points (一方面…。例如…。另一方面…)
                else:
                    break
            break
        if not following:
            return None
        budget = min(budget, FACTOID_CHARS * (len(following) + 1) // 2)  # a few items: a short answer
        if lead_in:
            pieces = [best.unit.text] + lead_in + following
            if sum(map(len, pieces)) > budget:
                return None
            return [(piece, cited) for piece in pieces
                    if (cited := self.structure.passage_with(passage.source, passage.section, piece)) is not None]
        count = len(following) + 1
        lead = ""
        if opener is not None and opener.start() > 0:
            before = text[:opener.start()]
            lead = clause_window(before, terms, max(budget // (count + 1), 30), question).rstrip("…")
            if before[-1] in "：:，," and not lead.endswith(before[-1]):
                lead += before[-1]  # 集中在两个时间点：一个是…
            text = text[opener.start():]
        share = (budget - len(lead)) // count - 2
        first = lead + head(text, share)
        segments = [(first, passage)]
        for sentence in following:
            cited = passage if normalize(sentence) in normalize(passage.text) else \
                self.structure.passage_with(passage.source, passage.section, sentence)
            if cited is None:
                return None
            segments.append((head(sentence, share), cited))
        return segments
