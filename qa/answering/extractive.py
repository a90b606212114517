"""The default answerer: the report's own sentences, chosen by question type, cited.

No model is involved.  Given a question's key terms (:mod:`qa.answering.lexicon`) and the retrieved
passages, every sentence (or table row) is scored for how much of the question it covers
and whether it has what the question asks for (a figure for 多少 / how many, a definition
for 是什么, a list for 哪些); the best ones become the answer, each followed by the ``[n]``
of the passage it is quoted from.  List and how questions whose subject is a section of the
report are answered from the document structure: the section's sub-headings or the lead
sentences of its paragraphs.  When the report does not cover the question, the answer is a
refusal (see :func:`decline_reason`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from qa.documents.chunking import split_sentences
from qa.answering.lexicon import GENERIC, CorpusLexicon, Term, english_phrases, english_renderings, normalize, numbers_in
from qa.answering.questions import expected_unit, is_why
from qa.records import SECTION_SEPARATOR, Answer, Document, Passage

FACTOID_CHARS = 200
ENGLISH_LEAD = "According to the report:"   # heads an English answer quoted in the report's Chinese
NARRATIVE_CHARS = 800
MIN_COVERAGE = 0.5          # share of the question's term weight the answer's passage must hold
MIN_FIGURE_TOPIC = 0.6      # a figure's passage must cover this much of the question beside its year
MIN_SECTION_SCORE = 0.62    # how well a heading path must match to answer from structure
MAX_LEAD_CHARS = 26         # a paragraph's bold lead sentence is short and has no comma

_CLAUSE = re.compile(r".+?(?:[，；：,;]|$)", re.S)
_MARKER = re.compile(r"\[\d+\]")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|个百分点|百分点|亿|万|千|百|倍|个|家|年|件|项|人|次|所|座|种|台|辆|款|美元|元|英镑|欧元|加元)?")
_COUNT_IN_QUESTION = re.compile(r"([一二两三四五六七八九十]|\d+)\s*(?:大|个|项|点|条|方面|类)")
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SUPERLATIVE = re.compile(r"最(高|大|多|强|低|少|小|弱)|\b(highest|largest|most|strongest|biggest|lowest|least|smallest|weakest)\b", re.I)
_MAXIMUM_WORDS = ("高", "大", "多", "强", "highest", "largest", "most", "strongest", "biggest")
_DEFINITION_CUE = ("是指", "指的是", "定义为", "是一种", "是")
_WHO = re.compile(r"^\s*who\b|\bwho (?:is|was|are|were|founded|invented|leads|runs)\b|是谁|谁是|由谁", re.I)
_ENUMERATION = re.compile(r"^(?:第)?([一二三四五六七八九十])(?:是|、|，)")
_EMPHASIS = re.compile(r"\*\*")
# "呈现“八大趋势”", "形成三条…分布带", "集中在两个时间点", "主要集中于…四个方面": a count of things to come
_ANNOUNCED = re.compile(r"(?<![\d一二两三四五六七八九十百千万第])([两二三四五六七八九十]|\d{1,2})\s*"
                        r"(?:大|条|个方面|方面|个|项|点|类|种|方向|阶段)")
# the first item of an enumeration inside one sentence, and the clauses that continue it
_OPENS_ITEMS = re.compile(r"一个是|一是|其一|首先|一方面|第一[，,、是]")
_CONTINUES_ITEMS = re.compile(r"^(?:\*\*)?(?:另一个是|另一方面|[二三四五六七八九十]是|其[二三四五六七八九十]|其次|再次|最后|"
                              r"第[二三四五六七八九十][，,、是])")
RARE_PIN_DF = 2             # a word this rare names the sentence an unknown English name's question is about
MIN_PINNED_COVERAGE = 0.8   # of the question's other terms, in that very sentence
MIN_HEADING_FIT = 0.8       # how well a heading and its first sentence must match to answer from them
LEAD_LEVEL = 4              # numbered paragraphs whose bold first sentence is their heading
# "有什么特点 / 特征 / 优势": the question asks what a subject is like (优势集群 is a subject, not a trait)
_TRAITS = re.compile(r"(?:特点|特征|优势|特色|长处)(?!集群|产业|领域)|\b(?:characteristics?|features?|strengths?|"
                     r"advantages?|traits?)\b", re.I)
_ITEM_NUMBER = re.compile(r"^\s*\d+\s*[.．、]\s*")
_POINTS_TO_TABLE = re.compile(r"[如见详]表\s*\d")   # 在报告梳理的…集群为15个，如表2-4: introduces a table


@dataclass(frozen=True)
class Unit:
    """A sentence (or table row) of a retrieved passage: the smallest thing an answer quotes."""

    text: str
    passage: Passage
    rank: int
    position: int
    scope: str = ""   # the whole sentence (to its 。) up to this clause: where its subject may be named


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


@dataclass(frozen=True)
class Section:
    """A heading of a document with what sits directly under it."""

    path: tuple[str, ...]
    title: str
    source: str
    children: tuple[str, ...]
    leads: tuple[str, ...]
    intro: str


# ----------------------------------------------------------------- units and scores
def units_of(passages: Sequence[Passage]) -> list[Unit]:
    """Sentences of prose passages, whole rows of table passages, in retrieval order."""
    units = []
    for rank, passage in enumerate(passages):
        if passage.kind == "text":
            opened = ""
            for position, sentence in enumerate(split_sentences(passage.text)):
                scope = opened + sentence
                units.append(Unit(sentence, passage, rank, position, scope))
                # a clause ending in ； continues the sentence: 加拿大公布…；其全球创新集群将获得…
                opened = scope if sentence.endswith(("；", ";")) else ""
        else:
            for position, line in enumerate(l for l in passage.text.split("\n") if l.strip()):
                units.append(Unit(line.strip(), passage, rank, position))
    return units


def presence(term: Term, text: str) -> float:
    """1.0 when the term is in ``text`` (normalised); partial credit for shared characters of a
    Chinese term the text words differently; 0.0 otherwise."""
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


def _new_figures(text: str, question_numbers: set[str]) -> list[str]:
    return [n for n in numbers_in(text) if n not in question_numbers]


def _has_unit(text: str, unit: str, question_numbers: set[str]) -> bool:
    if unit == "%":
        pattern = r"(\d+(?:\.\d+)?)\s*[%％]"
    elif unit == "money":
        pattern = r"(\d+(?:\.\d+)?)\s*(?:多|余)?\s*[亿万千百]*\s*(?:美元|元|英镑|欧元|加元|日元|韩元|澳元|法郎)"
    elif unit == "百分点":
        pattern = r"(\d+(?:\.\d+)?)\s*个?百分点"
    else:
        alternatives = "|".join(re.escape(u) for u in unit.split("|"))
        pattern = rf"(\d+(?:\.\d+)?)\s*(?:多|余)?\s*(?:[亿万千百]\s*)?(?:美元|元|英镑|欧元|加元)?\s*(?:{alternatives})"
    return any(m.group(1) not in question_numbers for m in re.finditer(pattern, normalize(text)))


def score_units(units: Sequence[Unit], terms: Sequence[Term], kind: str, question: str) -> list[Scored]:
    """Score every unit for the question; best first."""
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
        figures = _new_figures(item.text, question_numbers)
        has_unit = True
        if kind == "quantity":
            score += 0.15 if figures else -0.3
            if not subject_ok:
                score -= 0.2  # a figure about something else in the same passage
            if unit:
                has_unit = _has_unit(item.text, unit, question_numbers)
                score += 0.15 if has_unit else -0.15
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
        scored.append(Scored(item, score, coverage, missing, anchors_ok, bool(figures), has_unit, subject_ok, topic))
    scored.sort(key=lambda s: (-s.score, s.unit.rank, s.unit.position))
    return scored


def decline_reason(best: Scored | None, terms: Sequence[Term], kind: str, question: str) -> tuple[str, Term | None]:
    """Why the report does not answer the question ('' when it does), and the term at fault.

    General signals only: a name or measure of the question that the corpus never contains;
    a name or year that the best passage lacks; too little of the question covered; a
    how-many question whose best sentence has no figure (or not in the unit asked for).
    """
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


# ----------------------------------------------------------------- trimming
def clause_window(sentence: str, terms: Sequence[Term], budget: int, question: str) -> str:
    """The shortest run of whole clauses of ``sentence`` that keeps its key terms, within ``budget``."""
    if len(sentence) <= budget:
        return sentence
    clauses = [m.group(0) for m in _CLAUSE.finditer(sentence) if m.group(0)]
    question_numbers = set(numbers_in(question))

    def weight(clause: str) -> float:
        text = normalize(clause)
        value = sum(t.weight * presence(t, text) for t in terms)
        return value + (0.5 if _new_figures(clause, question_numbers) else 0.0)

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


# ----------------------------------------------------------------- structure
def sections_of(documents: Sequence[Document]) -> list[Section]:
    """Every heading of every document, with its child headings and its paragraphs' lead sentences."""
    sections = []
    for document in documents:
        headings = [b for b in document.blocks if b.kind == "heading"]
        for heading in headings:
            path = tuple(heading.section)
            children = tuple(h.text for h in headings
                             if len(h.section) == len(path) + 1 and tuple(h.section[:-1]) == path)
            direct = [b.text for b in document.blocks
                      if b.kind == "paragraph" and tuple(b.section) == path]
            leads = tuple(s.rstrip("。") for text in direct for s in split_sentences(text)
                          if len(s) <= MAX_LEAD_CHARS and s.endswith("。")
                          and not re.search(r"[，,：:；;\d“”《》（）()]", s))
            intro = direct[0] if direct else ""
            sections.append(Section(path, heading.text, document.source, children, leads, intro))
    return sections


def paragraphs_of(documents: Sequence[Document]) -> list[tuple[str, str, str]]:
    """Every paragraph as ``(source, section label, text)``, emphasis marks removed; a paragraph a
    page break cut mid-sentence is joined to its continuation."""
    out: list[tuple[str, str, str]] = []
    for document in documents:
        for block in document.blocks:
            if block.kind != "paragraph":
                continue
            label = SECTION_SEPARATOR.join(block.section)
            text = _EMPHASIS.sub("", block.text).strip()
            if out and out[-1][0] == document.source and out[-1][1] == label and \
                    not out[-1][2].endswith(("。", "！", "？", "”", "；", ".", "!", "?")):
                out[-1] = (document.source, label, out[-1][2] + text)
            else:
                out.append((document.source, label, text))
    return out


def _count_asked(question: str) -> int | None:
    match = _COUNT_IN_QUESTION.search(question)
    if not match:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else _NUMERALS.get(value)


def score_section(section: Section, terms: Sequence[Term], question: str) -> float:
    total = sum(t.weight for t in terms) or 1.0
    own = normalize(section.title)
    parents = normalize(" ".join(section.path[:-1]))
    intro = normalize(section.intro[:200])
    children = [normalize(c) for c in section.children] if len(section.children) >= 2 else []
    covered = 0.0
    for term in terms:
        # a word every child heading shares (关注… / …有效组织生态) describes the parent's list
        shared = 0.9 if children and all(presence(term, c) == 1.0 for c in children) else 0.0
        covered += term.weight * max(presence(term, own), 0.6 * presence(term, parents), 0.5 * presence(term, intro),
                                     shared)
    score = covered / total
    items = section.children if len(section.children) >= 2 else section.leads
    asked = _count_asked(question)
    if asked is not None and asked == len(items):
        score += 0.3
    return score


def passage_under(passages: Sequence[Passage], source: str, path: Sequence[str], containing: str = "") -> Passage | None:
    """The first prose passage under a heading path (containing ``containing`` when given)."""
    label = SECTION_SEPARATOR.join(path)
    wanted = normalize(containing)
    fallback = None
    for passage in passages:
        if passage.source != source or passage.kind != "text":
            continue
        if passage.section == label or passage.section.startswith(label + SECTION_SEPARATOR):
            if not wanted or wanted in normalize(passage.text):
                return passage
            if fallback is None and passage.section == label:
                fallback = passage
    return None if wanted else fallback


# ----------------------------------------------------------------- the answerer
@dataclass
class Draft:
    """An answer before numbering: segments, each with the passage it is quoted from."""

    segments: list[tuple[str, Passage]]
    answered: bool = True
    header: str = ""


class ExtractiveAnswerer:
    """Answers from the report's sentences (and its structure) with no language model."""

    def __init__(self, lexicon: CorpusLexicon, documents: Sequence[Document], passages: Sequence[Passage]):
        self.lexicon = lexicon
        self.sections = sections_of(documents)
        self.passages = list(passages)
        self.paragraphs = paragraphs_of(documents)
        self.lead_headings = [(document.source, tuple(block.section)) for document in documents
                              for block in document.blocks if block.kind == "heading" and block.level == LEAD_LEVEL]

    def answer(self, question: str, language: str, kind: str, candidates: Sequence[Passage],
               terms: Sequence[Term] | None = None) -> Answer:
        terms = list(terms if terms is not None else self.lexicon.terms(question))
        scored = score_units(units_of(candidates), terms, kind, question)
        best = scored[0] if scored else None
        best_prose = next((s for s in scored if s.unit.passage.kind == "text"), None)
        if kind != "quantity":
            traits = self._from_lead_sentence(question, language, terms)
            if traits is not None:
                return traits
        if kind in ("list", "how"):
            structured = self._from_structure(question, language, terms, best_prose)
            if structured is not None:
                answer, section = structured
                # a heading under that section naming what the question names is the narrower answer
                narrower = self._from_heading(question, language, terms, best_prose, within=section.path)
                return narrower or answer
            listed = self._from_enumeration(question, language, terms, best_prose)
            if listed is not None:
                return listed
        reason, term = decline_reason(best, terms, kind, question)
        if not reason and _WHO.search(question) and not self._names_a_person(best.unit.text):
            reason = "person"  # "who …?" and the best sentence names no one
        if kind != "quantity" and not reason:
            announced = self._from_announcement(question, language, terms, best_prose)
            if announced is not None:
                return announced
            headed = self._from_heading(question, language, terms, best_prose,
                                        budget=NARRATIVE_CHARS if kind in ("how", "list") else FACTOID_CHARS)
            if headed is not None:
                return headed
        ranked = self._from_table_extreme(question, language, terms, candidates)
        if ranked is not None:
            return ranked
        if reason:
            return self.refusal(question, language, reason, term, best)
        budget = NARRATIVE_CHARS if kind in ("how", "list") else FACTOID_CHARS
        if language == "en":
            budget -= len(ENGLISH_LEAD) + 1  # the lead counts towards the answer's length
        chosen = self._choose(scored, terms, kind, budget, question)
        answer = render(question, language, chosen, route="passage")
        unknown = [t.text for t in terms if t.unknown and t.name]
        if unknown:
            names = "、".join(unknown) if language == "zh" else " ".join(unknown)
            note = (f"报告中没有“{names}”的英文写法，答案按问题的其余部分匹配，请核对引文中的名称。" if language == "zh"
                    else f"The report does not spell “{names}” in English; this answer matches the rest of "
                         "the question, so check the name in the quoted sentence.")
            answer = replace(answer, notice=note)
        return answer

    # ------------------------------------------------------------- sentences
    def _choose(self, scored: list[Scored], terms: Sequence[Term], kind: str, budget: int,
                question: str) -> list[tuple[str, Passage]]:
        best = scored[0]
        chosen = [best]
        names = [t for t in terms if t.name]

        def quoted(s: Scored) -> str:
            """The clause, or its whole sentence when only that names the question's subject (其…)."""
            own = normalize(s.unit.text)
            if s.unit.scope != s.unit.text and any(presence(t, own) < 1.0 for t in names):
                return s.unit.scope
            return s.unit.text

        if kind in ("how", "list"):
            # the section's key sentences, in the report's order
            threshold = 0.7 if kind == "how" else 0.85
            for other in scored[1:12]:
                if len(chosen) >= 4:
                    break
                same_place = other.unit.passage.section == best.unit.passage.section
                if same_place and other.anchors_ok and other.score >= threshold * best.score and \
                        all(other.unit.text != c.unit.text for c in chosen):
                    chosen.append(other)
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
        items = self._continued_items(best, question, terms, budget)
        if items is not None:
            return items
        chosen.sort(key=lambda s: (s.unit.passage.source, s.unit.passage.section, s.unit.rank, s.unit.position)
                    if kind in ("how", "list") else 0)
        share = budget // len(chosen) if len(chosen) > 1 else budget
        return [(clause_window(quoted(s), terms, max(share - 8, 40), question), s.unit.passage) for s in chosen]

    def _continued_items(self, best: Scored, question: str, terms: Sequence[Term],
                         budget: int) -> list[tuple[str, Passage]] | None:
        """An enumeration told across one sentence's ；-clauses: 一个是…；另一个是… .

        Taken when the best clause opens the enumeration (一个是 / 一是 / 其一 / 首先 …) or the
        question asks for two or more things and the clause ends in ；.  The clauses that
        continue it follow, each cut at a comma to its share of the budget (its head, where
        the item's name or year is, is kept).
        """
        text = _EMPHASIS.sub("", best.unit.text)
        opener = _OPENS_ITEMS.search(text)
        asked = _count_asked(question)
        if best.unit.passage.kind != "text":
            return None
        passage = best.unit.passage
        wanted = normalize(text)
        following: list[str] = []
        lead_in: list[str] = []   # sentences from the best one to the one that opens the items
        for source, label, paragraph in self.paragraphs:
            if source != passage.source or label != passage.section or wanted not in normalize(paragraph):
                continue
            sentences = [_EMPHASIS.sub("", x) for x in split_sentences(paragraph)]
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
                if _CONTINUES_ITEMS.match(_EMPHASIS.sub("", sentence)):
                    following.append(_EMPHASIS.sub("", sentence))
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
                    if (cited := self._passage_with(passage.source, passage.section, piece)) is not None]
        count = len(following) + 1
        lead = ""
        if opener is not None and opener.start() > 0:
            before = text[:opener.start()]
            lead = clause_window(before, terms, max(budget // (count + 1), 30), question).rstrip("…")
            if before[-1] in "：:，," and not lead.endswith(before[-1]):
                lead += before[-1]  # 集中在两个时间点：一个是…
            text = text[opener.start():]
        share = (budget - len(lead)) // count - 2
        first = lead + _head(text, share)
        segments = [(first, passage)]
        for sentence in following:
            cited = passage if normalize(sentence) in normalize(passage.text) else \
                self._passage_with(passage.source, passage.section, sentence)
            if cited is None:
                return None
            segments.append((_head(sentence, share), cited))
        return segments

    # ------------------------------------------------------------- announced lists
    def _from_announcement(self, question: str, language: str, terms: Sequence[Term],
                           best: Scored | None) -> Answer | None:
        """A sentence that announces a count of things ("呈现“八大趋势”") followed by those things.

        The items are the child headings (or bold lead sentences) of the section the sentence
        opens, or the 一是/二是 points of its paragraph, when there are exactly as many as
        announced.  The count must be what the question asks for: the same number, or the
        question names the word that follows the count (趋势 after 八大).
        """
        if best is None or not best.anchors_ok or best.coverage < MIN_COVERAGE or best.unit.passage.kind != "text":
            return None
        text = _EMPHASIS.sub("", best.unit.text)
        asked = _count_asked(question)
        counts = []
        for match in _ANNOUNCED.finditer(text):
            value = match.group(1)
            count = int(value) if value.isdigit() else _NUMERALS.get(value)
            after = normalize(re.split(r"[，。；：,;:]", text[match.end():match.end() + 16])[0])
            named = any(form in after for t in terms if not (t.is_year or t.is_number) for form in t.forms
                        if len(form) >= 2)
            if count and count >= 2 and (count == asked or named):
                counts.append(count)
        if not counts:
            return None
        passage = best.unit.passage
        section = next((s for s in self.sections if s.source == passage.source
                        and SECTION_SEPARATOR.join(s.path) == passage.section), None)
        if section is not None:
            cited_items = self._cited_items(section)
            if len(cited_items) in counts:
                if any(cited is None for _, cited in cited_items):
                    return None
                segments = cited_items
                lead = (clause_window(text, terms, FACTOID_CHARS - 20, question), passage)
                return render(question, language, segments, route="passage", numbered=True, lead=lead)
        if any(c >= 2 for c in counts):
            return self._from_enumeration(question, language, terms, best, counts=counts)
        return None

    # ------------------------------------------------------------- structure
    def _cited_items(self, section: Section) -> list[tuple[str, Passage | None]]:
        """A section's points (sub-headings, else bold leads), each with the passage that holds it."""
        if len(section.children) >= 2:
            return [(item, passage_under(self.passages, section.source, section.path + (item,)))
                    for item in section.children]
        return [(item, passage_under(self.passages, section.source, section.path, containing=item))
                for item in section.leads]

    def _from_structure(self, question: str, language: str, terms: Sequence[Term],
                        best: Scored | None) -> tuple[Answer, Section] | None:
        if not terms or not self.sections:
            return None
        ranked = sorted(((score_section(s, terms, question), i) for i, s in enumerate(self.sections)), reverse=True)
        score, index = ranked[0]
        section = self.sections[index]
        parent = self._parent_of_tied(section, [self.sections[i] for s, i in ranked if s >= score - 0.02])
        if parent is not None:
            section = parent  # 二、…有效组织生态 / 三、…有效组织生态 tie: the question is about what they share
        items = section.children if len(section.children) >= 2 else section.leads
        if score < MIN_SECTION_SCORE or len(items) < 2:
            return None
        if len(section.children) < 2 and is_why(question):
            return None  # reasons are sub-headings; a leaf section's short sentences are not its reasons
        if len(section.children) < 2 and best is not None and best.coverage >= 0.8 and \
                normalize(best.unit.text).rstrip("。") in {normalize(lead) for lead in section.leads}:
            return None  # the question names one of the leads (充分发挥政府作用): its paragraph answers it
        count_matches = _count_asked(question) == len(items)
        margin = 0.1 if best is not None and best.unit.text.count("、") >= 2 else 0.25  # a list beats a sentence
        if any(t.text in GENERIC for t in terms):
            margin += 0.2  # "有哪些特点 / 措施 / 方面": the question asks for the section's points
        own_intro = best is not None and best.unit.passage.section == SECTION_SEPARATOR.join(section.path)
        if best is not None and best.coverage > score + margin and best.anchors_ok and not count_matches \
                and not own_intro:
            return None  # one sentence answers it better than any section does (not the section's own lead-in)
        segments = [(item, cited) for item, cited in self._cited_items(section) if cited is not None]
        if len(segments) < 2:
            return None
        title = section.title
        if language == "zh":
            header = f"报告在“{title}”部分{'分为' if len(section.children) >= 2 else '指出'}以下几点："
        else:
            header = f"The report covers this under “{title}”:"
        return render(question, language, segments, route="passage", header=header, numbered=True), section

    def _parent_of_tied(self, top: Section, tied: Sequence[Section]) -> Section | None:
        """The parent heading when two or more of its children match the question equally well."""
        siblings = [s for s in tied if s.source == top.source and s.path[:-1] == top.path[:-1]]
        if len(top.path) < 2 or len(siblings) < 2:
            return None
        return next((s for s in self.sections if s.source == top.source and s.path == top.path[:-1]), None)

    def _names_a_person(self, text: str) -> bool:
        return any(w.flag in ("nr", "nrfg", "nrt") and len(w.word) >= 2 for w in self.lexicon._tokenizer().cut(text))

    # ------------------------------------------------------------- lead sentences
    def _from_lead_sentence(self, question: str, language: str, terms: Sequence[Term]) -> Answer | None:
        """"欧洲生物医药集群有什么特点？" → the bold lead sentence of the one numbered paragraph
        whose heading names the whole subject (1. 欧洲生物医药集群拥有完善的创新生态网络。),
        with the paragraph's next key sentence while the answer stays short.

        The subject is the question's terms other than the trait word; every one of them must be
        in the heading, and only one heading may hold them all (电子信息集群 alone is ambiguous).
        """
        if not _TRAITS.search(question) or not self.lead_headings:
            return None
        subject = [t for t in terms if not _TRAITS.search(t.text) and not (t.is_year or t.is_number)]
        if not subject or any(t.unknown for t in subject):
            return None
        matches = [(source, path) for source, path in self.lead_headings
                   if all(presence(t, normalize(_ITEM_NUMBER.sub("", path[-1]))) == 1.0 for t in subject)]
        if len(matches) != 1:
            return None
        source, path = matches[0]
        label = SECTION_SEPARATOR.join(path)
        heading = normalize(_ITEM_NUMBER.sub("", path[-1]))
        sentences = [x for paragraph_source, paragraph_label, text in self.paragraphs
                     if paragraph_source == source and paragraph_label == label for x in split_sentences(text)]
        at = next((i for i, x in enumerate(sentences) if heading in normalize(x)), None)
        if at is None:
            return None
        lead = _ITEM_NUMBER.sub("", sentences[at])
        cited = self._passage_with(source, label, lead)
        if cited is None:
            return None
        segments = [(lead, cited)]
        room = FACTOID_CHARS - len(lead) - (len(ENGLISH_LEAD) + 1 if language == "en" else 0)
        following = next((x for x in sentences[at + 1:] if not _POINTS_TO_TABLE.search(x)), None)
        if following is not None and room >= 40:
            cited_next = self._passage_with(source, label, following)
            if cited_next is not None:
                segments.append((_head(following, room - 4), cited_next))
        return render(question, language, segments, route="passage")

    # ------------------------------------------------------------- enumerations
    def _from_enumeration(self, question: str, language: str, terms: Sequence[Term],
                          best: Scored | None, counts: Sequence[int] = ()) -> Answer | None:
        """A paragraph that lists its points as 一是…二是…三是…: the lead sentence and each point
        (only when there are as many points as one of ``counts``, if given)."""
        if best is None or not best.anchors_ok or best.coverage < MIN_COVERAGE:
            return None
        passage = best.unit.passage
        wanted = normalize(_EMPHASIS.sub("", best.unit.text))
        for source, label, text in self.paragraphs:
            if source != passage.source or label != passage.section or wanted not in normalize(text):
                continue
            sentences = split_sentences(text)
            at = next((i for i, x in enumerate(sentences) if wanted in normalize(x)), None)
            points = [i for i, x in enumerate(sentences) if _ENUMERATION.match(x)]
            if at is None or len(points) < 2 or not sentences[points[0]].lstrip("第").startswith("一"):
                return None
            if at != points[0] - 1 and at not in points:
                return None  # the best sentence is not the list's lead-in nor one of its points
            if counts and len(points) not in counts:
                return None
            chosen = ([at] if at == points[0] - 1 else []) + points
            share = NARRATIVE_CHARS // len(chosen) - 8
            segments = []
            for i in chosen:
                cited = self._passage_with(source, label, sentences[i])
                if cited is None:
                    return None
                segments.append((clause_window(sentences[i], terms, max(share, 40), question), cited))
            return render(question, language, segments, route="passage",
                          numbered=language == "en")
        return None

    def _passage_with(self, source: str, label: str, sentence: str) -> Passage | None:
        wanted = normalize(sentence)[:40]
        return next((p for p in self.passages if p.source == source and p.section == label and p.kind == "text"
                     and wanted in normalize(_EMPHASIS.sub("", p.text))), None)

    # ------------------------------------------------------------- headings
    def _from_heading(self, question: str, language: str, terms: Sequence[Term],
                      best: Scored | None, within: tuple[str, ...] | None = None,
                      budget: int = FACTOID_CHARS) -> Answer | None:
        """A section whose heading (with its first sentence) is what the question asks about.

        "What is the role of culture…" → 八、文化在促进集群可持续发展中的作用得到更多重视 and
        its key sentence.  Taken when the heading fits the question at least as well as the
        best sentence does, or when that sentence is only the parent section's overview.
        ``within``: the heading path a section-points answer chose; only a heading below it
        (消费品类集群 under 第三章) is then taken, as the narrower answer.
        """
        if not terms or any(t.anchor and not t.name and t.df == 0 for t in terms):
            return None
        terms = [t for t in terms if not t.unknown]  # words the report's vocabulary lacks match no heading
        total = sum(t.weight for t in terms) or 1.0
        best_fit, chosen, first = 0.0, None, ""
        for section in self.sections:
            if not section.intro or within is not None:
                continue
            lead = ""
            for sentence in split_sentences(_EMPHASIS.sub("", section.intro)):
                if lead and len(lead) + len(sentence) > FACTOID_CHARS:
                    break
                lead += sentence  # the key sentence, and the next while they stay short
            title, parents, opening = (normalize(section.title), normalize(" ".join(section.path[:-1])),
                                       normalize(lead))
            fit = sum(t.weight * max(presence(t, title), 0.6 * presence(t, parents), 0.8 * presence(t, opening))
                      for t in terms) / total
            if any(t.anchor and max(presence(t, title), presence(t, opening)) < 1.0 for t in terms):
                continue
            if fit > best_fit:
                best_fit, chosen, first = fit, section, lead
        if within is not None:
            chosen, first = self._narrower(within, terms)
        elif best is not None and (best_fit < MIN_HEADING_FIT or best.coverage > best_fit):
            # the best sentence may be an overview (本部分…新材料、高端装备…): the sub-heading it names
            narrower, lead = self._narrower(tuple(best.unit.passage.section.split(SECTION_SEPARATOR)), terms)
            if narrower is not None:
                chosen, first = narrower, lead
            elif best_fit < MIN_HEADING_FIT or best.anchors_ok:
                return None
        elif best_fit < MIN_HEADING_FIT:
            return None
        if chosen is None:
            return None
        label = SECTION_SEPARATOR.join(chosen.path)
        passage = self._passage_with(chosen.source, label, first)
        if passage is None or normalize(first) not in normalize(_EMPHASIS.sub("", passage.text)):
            first = split_sentences(first)[0]
            passage = self._passage_with(chosen.source, label, first)
        if passage is None:
            return None
        if language == "zh":
            header = f"报告在“{chosen.title}”部分指出："
        else:
            header = f"The report covers this under “{chosen.title}”:"
        text = clause_window(first, terms, max(budget - len(header) - 1, 80), question)  # the header counts too
        return render(question, language, [(text, passage)], route="passage", header=header)

    def _narrower(self, within: tuple[str, ...], terms: Sequence[Term]) -> tuple[Section | None, str]:
        """The one heading below ``within`` whose title holds the question's words that
        ``within`` lacks (consumer goods → 五、消费品类集群 below 第三章), with its first sentence."""
        broad = normalize(" ".join(within))
        narrowing = [t for t in terms if presence(t, broad) < 1.0]
        total = sum(t.weight for t in terms) or 1.0
        fits = []
        for section in self.sections:
            if section.path[:len(within)] != within or len(section.path) <= len(within) or not section.intro:
                continue
            title = normalize(section.title)
            fits.append((sum(t.weight for t in narrowing if presence(t, title) == 1.0), section))
        fits.sort(key=lambda pair: -pair[0])
        if not fits or fits[0][0] < 0.15 * total or len(fits) > 1 and fits[1][0] == fits[0][0]:
            return None, ""
        section = fits[0][1]
        return section, split_sentences(_EMPHASIS.sub("", section.intro))[0]

    # ------------------------------------------------------------- table extremes
    def _from_table_extreme(self, question: str, language: str, terms: Sequence[Term],
                            candidates: Sequence[Passage]) -> Answer | None:
        """"…最高的是什么" over a table the question names: the row with the extreme value."""
        match = _SUPERLATIVE.search(question)
        if not match or not terms:
            return None
        word = match.group(1) or match.group(2).lower()
        maximum = word in _MAXIMUM_WORDS
        total = sum(t.weight for t in terms)
        tables: list[tuple[str, str]] = []
        for passage in candidates:
            key = (passage.source, passage.section)
            if passage.kind != "text" and key not in tables:
                tables.append(key)
        best: tuple[float, Passage] | None = None
        for key in tables[:4]:
            rows = self._table_rows.get(key, [])
            parsed = [_cells(p.text) for p in rows]
            if len(parsed) < 2:
                continue
            described = key[1] + " " + " ".join(h for h, _ in parsed[0])
            described = normalize(described + " " + " ".join(_translations(described)))
            fit = sum(t.weight * presence(t, described) for t in terms) / total
            for header in dict.fromkeys(h for h, _ in parsed[0]):
                if not _asked_about(header, terms):
                    continue
                values = [_number(dict(cells).get(header)) for cells in parsed]
                if sum(v is not None for v in values) < 0.8 * len(values):
                    continue
                pairs = [(v, p) for v, p in zip(values, rows) if v is not None]
                value, row = (max if maximum else min)(pairs, key=lambda pair: pair[0])
                if best is None or fit > best[0]:
                    best = (fit, row)
        if best is None or best[0] < 0.4:
            return None
        return render(question, language, [(best[1].text, best[1])], route="passage")

    @property
    def _table_rows(self) -> dict[tuple[str, str], list[Passage]]:
        if not hasattr(self, "_rows_by_table"):
            grouped: dict[tuple[str, str], list[Passage]] = {}
            for passage in self.passages:
                if passage.kind == "table_row":
                    grouped.setdefault((passage.source, passage.section), []).append(passage)
            self._rows_by_table = grouped
        return self._rows_by_table

    # ------------------------------------------------------------- refusals
    def refusal(self, question: str, language: str, reason: str, term: Term | None, nearest: Scored | None) -> Answer:
        return refusal_answer(question, language, reason, term, nearest)


def refusal_answer(question: str, language: str, reason: str = "", term: Term | None = None,
                   nearest: Scored | None = None) -> Answer:
    """``answered=False``, in the question's language, pointing to the nearest thing the report says."""
    what = term.text if term is not None else ""
    if language == "zh":
        text = f"报告中没有关于“{what}”的信息。" if what and reason == "absent" else "报告中没有回答这个问题的内容。"
    else:
        text = (f"The report does not say anything about “{what}”." if what and reason == "absent"
                else "The report does not say.")
    citations: tuple[Passage, ...] = ()
    if nearest is not None and nearest.coverage >= 0.34 and reason != "no_terms":
        quoted = _EMPHASIS.sub("", nearest.unit.text)
        snippet = quoted if len(quoted) <= 150 else quoted[:148] + "…"
        if term is not None and term.is_year:
            lead = "报告只给出了其他年份的数据：" if language == "zh" else "The report only has figures for other years:"
        else:
            lead = "报告中最接近的内容是：" if language == "zh" else "The closest the report comes is:"
        text += f"{lead}{snippet}[1]" if language == "zh" else f" {lead} {snippet}[1]"
        citations = (nearest.unit.passage,)
    return Answer(text=text, answered=False, citations=citations, route="none", question=question)


def kind_is_open(sentences: Sequence[str], at: int) -> int | None:
    """The index of the sentence, within two after ``at``, that starts an enumeration (一方面 / 首先…)."""
    for i in range(at + 1, min(at + 3, len(sentences))):
        if _OPENS_ITEMS.match(sentences[i].lstrip("，, ")):
            return i
    return None


def _head(text: str, limit: int) -> str:
    """The first whole clauses of ``text`` within ``limit`` characters (at least its first clause,
    cut hard if that alone is too long), with … when something was left out."""
    if len(text) <= limit:
        return text
    clauses = [m.group(0) for m in _CLAUSE.finditer(text) if m.group(0)]
    kept = clauses[0]
    for clause in clauses[1:]:
        if len(kept) + len(clause) > limit - 1:
            break
        kept += clause
    if len(kept) > limit - 1:
        kept = kept[:limit - 1]
    return kept.rstrip("，；：,;: ") + "…"


def _cells(row_text: str) -> list[tuple[str, str]]:
    """``title | header: value | …`` → ``[(header, value), …]``."""
    cells = []
    for part in row_text.split(" | ")[1:]:
        header, sep, value = part.partition(": ")
        if sep:
            cells.append((header.strip(), value.strip()))
    return cells


def _number(value: str | None) -> float | None:
    if value is None or not re.fullmatch(r"-?\d+(?:\.\d+)?", value.strip()):
        return None
    return float(value)


def _translations(text: str) -> list[str]:
    """The report's Chinese for the English words of a table's title and headers."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9\-]*", text)]
    return [r for _, renderings in english_phrases(words) if renderings for r in renderings]


def _asked_about(header: str, terms: Sequence[Term]) -> bool:
    """Does the question name this column (in Chinese, or by the English header's translation)?"""
    forms = {normalize(header)} | {normalize(r) for r in english_renderings(header) or ()}
    return any(any(form and (form in term_form or term_form in form) for form in forms)
               for term in terms for term_form in term.forms)


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
    segments = [(_EMPHASIS.sub("", text), passage) for text, passage in segments]
    header = _EMPHASIS.sub("", header)
    if lead is not None:
        lead = (_EMPHASIS.sub("", lead[0]), lead[1])
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
        else:
            parts.append(f"{text}{marker}")
    if numbered:
        body = "\n".join(parts)
    else:
        body = "".join(parts) if language == "zh" else " ".join(parts)
    if header:
        body = header + "\n" + body
    elif language == "en":
        body = ENGLISH_LEAD + "\n" + body
    return Answer(text=body, answered=True, citations=tuple(order), route=route, question=question)
