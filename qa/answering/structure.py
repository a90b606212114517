"""The documents' structure as the structure-based answers see it.

Every heading with its child headings, its points (the 一是…二是… sentences its paragraphs
number, after the sentence that leads into them; else their short lead sentences) and its
first paragraph (:class:`Section`); every paragraph with its section label; and the passage that
holds a given sentence, so that an answer built from structure is still cited.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from qa.answering.lexicon import Term, normalize
from qa.answering.questions import count_asked, numeral_value
from qa.answering.rendering import EMPHASIS, head
from qa.answering.scoring import presence
from qa.documents.chunking import split_sentences
from qa.records import SECTION_SEPARATOR, Document, Passage

MAX_LEAD_CHARS = 26         # a paragraph's bold lead sentence is short and has no comma
LEAD_LEVEL = 4              # numbered paragraphs whose bold first sentence is their heading
# the markers that number a paragraph's points, by kind: 一是 / 第一， / 一、; 其一; （一）; （1）; 1）; ①; 首先…其次…再次…最后
_POINT_MARKERS = (
    ("numeral", re.compile(r"^(?:第)?([一二三四五六七八九十])(?:是|、|，)")),
    ("其", re.compile(r"^其([一二三四五六七八九十])[，,、是]")),
    ("（一）", re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")),
    ("（1）", re.compile(r"^[（(](\d{1,2})[)）]")),
    ("1）", re.compile(r"^(\d{1,2})[)）]")),
    ("①", re.compile(r"^([\u2460-\u2473])")),
    ("首先", re.compile(r"^(首先|其次|再次|最后)[，,、]")),
)
_SEQUENCE = {"首先": 1, "其次": 2, "再次": 3}
LAST_POINT = -1  # 最后: the last point, whatever its number


@dataclass(frozen=True)
class Section:
    """A heading of a document with what sits directly under it."""

    path: tuple[str, ...]
    title: str
    source: str
    children: tuple[str, ...]
    leads: tuple[str, ...]
    intro: str


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
            leads = section_points([split_sentences(text) for text in direct])
            intro = direct[0] if direct else ""
            sections.append(Section(path, heading.text, document.source, children, leads, intro))
    return sections


def point_marker(sentence: str) -> tuple[str, int] | None:
    """The kind and number of the marker a point opens with (一是 → ("numeral", 1), （3） → ("（1）", 3),
    最后， → ("首先", LAST_POINT)); None when the sentence opens no point."""
    text = EMPHASIS.sub("", sentence).lstrip()
    for kind, pattern in _POINT_MARKERS:
        match = pattern.match(text)
        if not match:
            continue
        marker = match.group(1)
        if kind == "首先":
            return kind, _SEQUENCE.get(marker, LAST_POINT)
        if kind == "①":
            return kind, ord(marker) - 0x2460 + 1
        value = numeral_value(marker) if not marker.isdigit() else int(marker)
        return (kind, value) if value else None
    return None


def enumerated_points(sentences: Sequence[str]) -> list[int]:
    """The indices of the sentences that number a run of points of one kind, in order from the first
    (一是…二是…三是…, （1）…（2）…, 首先…其次…最后…)."""
    points, kind, expected = [], None, 1
    for i, sentence in enumerate(sentences):
        marker = point_marker(sentence)
        if marker is None or (kind is not None and marker[0] != kind):
            continue
        if marker[1] == expected or (marker[1] == LAST_POINT and expected > 2):
            points.append(i)
            kind, expected = marker[0], expected + 1
            if marker[1] == LAST_POINT:
                break
    return points if len(points) >= 2 else []


def section_points(paragraphs: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """A section's points, from its paragraphs' sentences: the sentences that number them
    (一是…二是…), after the one that leads into them; else the short sentences (no comma)
    that open a paragraph, as a bold lead does."""
    sentences = [sentence for paragraph in paragraphs for sentence in paragraph]
    points = enumerated_points(sentences)
    if points:
        return tuple(sentences[i].rstrip("。") for i in ([points[0] - 1] if points[0] > 0 else []) + points)
    return tuple(paragraph[0].rstrip("。") for paragraph in paragraphs if paragraph
                 and len(paragraph[0]) <= MAX_LEAD_CHARS and paragraph[0].endswith("。")
                 and not re.search(r"[，,：:；;\d“”《》（）()]", paragraph[0]))


def paragraphs_of(documents: Sequence[Document]) -> list[tuple[str, str, str]]:
    """Every paragraph as ``(source, section label, text)``, emphasis marks removed; a paragraph a
    page break cut mid-sentence is joined to its continuation."""
    out: list[tuple[str, str, str]] = []
    for document in documents:
        for block in document.blocks:
            if block.kind != "paragraph":
                continue
            label = SECTION_SEPARATOR.join(block.section)
            text = EMPHASIS.sub("", block.text).strip()
            if out and out[-1][0] == document.source and out[-1][1] == label and \
                    not out[-1][2].endswith(("。", "！", "？", "”", "；", "：", ".", "!", "?", ":")):
                out[-1] = (document.source, label, out[-1][2] + text)
            else:
                out.append((document.source, label, text))
    return out


def score_section(section: Section, terms: Sequence[Term], question: str) -> float:
    """How well a heading (its title, parents, first paragraph and shared child words) matches the question."""
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
    asked = count_asked(question)
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


class DocumentStructure:
    """Sections, paragraphs and passages of a corpus, built once, shared by the structure-based answers."""

    def __init__(self, documents: Sequence[Document], passages: Sequence[Passage]):
        self.sections = sections_of(documents)
        self.passages = list(passages)
        self.paragraphs = paragraphs_of(documents)
        self.lead_headings = [(document.source, tuple(block.section)) for document in documents
                              for block in document.blocks if block.kind == "heading" and block.level == LEAD_LEVEL]
        self._rows_by_table: dict[tuple[str, str], list[Passage]] | None = None

    def passage_with(self, source: str, label: str, sentence: str) -> Passage | None:
        """The prose passage of section ``label`` that holds ``sentence`` (its first 40 characters)."""
        wanted = normalize(sentence)[:40]
        return next((p for p in self.passages if p.source == source and p.section == label and p.kind == "text"
                     and wanted in normalize(EMPHASIS.sub("", p.text))), None)

    def under_its_heading(self, passage: Passage | None, path: Sequence[str]) -> Passage | None:
        """The first passage under a heading, quoted with the heading line above it (and the
        sub-headings between), as the document has them, so an answer that quotes the heading
        cites it; any other passage as it is."""
        if passage is None or not path:
            return passage
        first = passage_under(self.passages, passage.source, path)
        if first is None or first.id != passage.id:
            return passage
        headings = passage.section.split(SECTION_SEPARATOR)[len(path) - 1:]  # the heading, and any below it
        return replace(passage, id=passage.id + "-heading", text="\n".join([*headings, passage.text]))

    def cited_items(self, section: Section) -> list[tuple[str, Passage | None]]:
        """A section's points (sub-headings, else bold leads), each with the passage that holds it
        (a sub-heading's first passage quoted under the sub-heading)."""
        if len(section.children) >= 2:
            return [(item, self.under_its_heading(passage_under(self.passages, section.source, section.path + (item,)),
                                                  section.path + (item,)))
                    for item in section.children]
        return [(item, passage_under(self.passages, section.source, section.path, containing=item))
                for item in section.leads]

    def lead_in_of(self, passage: Passage, sentence: str) -> str:
        """The paragraph that leads into the list of points ``sentence`` belongs to (…具体目标如下：),
        when its section numbers points and the sentence is one of them or under one; else ""."""
        paragraphs = [text for source, label, text in self.paragraphs
                      if source == passage.source and label == passage.section]
        sentences = [(n, x) for n, text in enumerate(paragraphs) for x in split_sentences(text)]
        points = enumerated_points([x for _, x in sentences])
        if not points or points[0] == 0:
            return ""
        wanted = normalize(sentence)
        first_point, last_point = sentences[points[0]][0], sentences[points[-1]][0]
        lead_paragraph = sentences[points[0] - 1][0]
        if lead_paragraph == first_point:
            return ""   # the points run on in the lead-in's own paragraph: its sentences are the scope already
        for n in range(first_point, last_point + 1):
            if wanted in normalize(paragraphs[n]):
                return paragraphs[lead_paragraph]
        return ""

    def told(self, cited: Passage, label: str, item: str, limit: int) -> str:
        """A point with what its paragraph says of it: its lead sentence and the sentences after it
        that ``cited`` holds, up to the next point, cut at a comma within ``limit`` characters (the
        lead alone when its paragraph is not found)."""
        source, quoted = cited.source, normalize(EMPHASIS.sub("", cited.text))
        wanted = normalize(item).rstrip("。")
        for src, where, text in self.paragraphs:
            if src != source or where != label or wanted not in normalize(text):
                continue
            sentences = split_sentences(text)
            at = next((i for i, x in enumerate(sentences) if normalize(x).rstrip("。") == wanted), None)
            if at is None:
                continue
            kept = [sentences[at]]
            for sentence in sentences[at + 1:]:
                if point_marker(sentence) is not None or normalize(sentence) not in quoted:
                    break   # the next point, or a sentence of the next passage: the citation must hold it
                kept.append(sentence)
            return head("".join(kept), limit)
        return item

    @property
    def table_rows(self) -> dict[tuple[str, str], list[Passage]]:
        """Table-row passages grouped by (source, table section)."""
        if self._rows_by_table is None:
            grouped: dict[tuple[str, str], list[Passage]] = {}
            for passage in self.passages:
                if passage.kind == "table_row":
                    grouped.setdefault((passage.source, passage.section), []).append(passage)
            self._rows_by_table = grouped
        return self._rows_by_table
