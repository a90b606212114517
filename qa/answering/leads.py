"""Answers from a numbered paragraph's bold lead sentence: what a subject is like (特点 / traits)."""
from __future__ import annotations

import re
from typing import Sequence

from qa.answering.lexicon import Term, normalize
from qa.answering.rendering import ENGLISH_LEAD, FACTOID_CHARS, head, render
from qa.answering.scoring import presence
from qa.answering.structure import DocumentStructure, passage_under
from qa.documents.chunking import split_sentences
from qa.records import SECTION_SEPARATOR, Answer

# "有什么特点 / 特征 / 优势": the question asks what a subject is like (优势集群 is a subject, not a trait)
_TRAITS = re.compile(r"(?:特点|特征|优势|特色|长处)(?!集群|产业|领域)|\b(?:characteristics?|features?|strengths?|"
                     r"advantages?|traits?)\b", re.I)
_ITEM_NUMBER = re.compile(r"^\s*\d+\s*[.．、]\s*")
_HEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+(?:\.\d+)*\s*[.．、]?)\s*")
_POINTS_TO_TABLE = re.compile(r"[如见详]表\s*\d")   # 在报告梳理的…集群为15个，如表2-4: introduces a table


def from_lead_sentence(structure: DocumentStructure, question: str, language: str,
                       terms: Sequence[Term]) -> Answer | None:
    """"欧洲生物医药集群有什么特点？" → the bold lead sentence of the one numbered paragraph
    whose heading names the whole subject (1. 欧洲生物医药集群拥有完善的创新生态网络。),
    with the paragraph's next key sentence while the answer stays short.

    The subject is the question's terms other than the trait word; every one of them must be
    in the heading, and only one heading may hold them all (电子信息集群 alone is ambiguous).
    With no such paragraph, the one heading of any level that names the subject and says what
    it is like answers (:func:`_from_stating_heading`).
    """
    if not _TRAITS.search(question):
        return None
    subject = [t for t in terms if not _TRAITS.search(t.text) and not (t.is_year or t.is_number)]
    if not subject or any(t.unknown for t in subject):
        return None
    matches = [(source, path) for source, path in structure.lead_headings
               if all(presence(t, normalize(_ITEM_NUMBER.sub("", path[-1]))) == 1.0 for t in subject)]
    if not matches:
        return _from_stating_heading(structure, question, language, subject)
    if len(matches) != 1:
        return None
    source, path = matches[0]
    label = SECTION_SEPARATOR.join(path)
    heading = normalize(_ITEM_NUMBER.sub("", path[-1]))
    sentences = [x for paragraph_source, paragraph_label, text in structure.paragraphs
                 if paragraph_source == source and paragraph_label == label for x in split_sentences(text)]
    at = next((i for i, x in enumerate(sentences) if heading in normalize(x)), None)
    if at is None:
        return None
    lead = _ITEM_NUMBER.sub("", sentences[at])
    cited = structure.passage_with(source, label, lead)
    if cited is None:
        return None
    segments = [(lead, cited)]
    room = FACTOID_CHARS - len(lead) - (len(ENGLISH_LEAD) + 1 if language == "en" else 0)
    following = next((x for x in sentences[at + 1:] if not _POINTS_TO_TABLE.search(x)), None)
    if following is not None and room >= 40:
        cited_next = structure.passage_with(source, label, following)
        if cited_next is not None:
            segments.append((head(following, room - 4), cited_next))
    return render(question, language, segments, route="passage")


def _from_stating_heading(structure: DocumentStructure, question: str, language: str,
                          subject: Sequence[Term]) -> Answer | None:
    """"北美的先进制造业集群有啥特点？" → the one heading that names the whole subject and says
    what it is like (二、北美先进制造业集群创新力强，国际性特征突出), quoted with its first passage."""
    stating = []
    for section in structure.sections:
        title = normalize(section.title)
        if all(presence(t, title) == 1.0 for t in subject) and re.search(r"[，,]", section.title):
            stating.append(section)
    if len(stating) != 1:
        return None
    section = stating[0]
    cited = structure.under_its_heading(passage_under(structure.passages, section.source, section.path), section.path)
    if cited is None:
        return None
    return render(question, language, [(_HEADING_NUMBER.sub("", section.title), cited)], route="passage")
