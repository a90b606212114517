"""Answers from headings: a section's points, or the heading (and first sentence) a question is about.

List and how questions whose subject is a section are answered with its sub-headings or the
lead sentences of its paragraphs; a question that a heading states ("what is the role of
culture…") is answered with that heading's first sentence.
"""
from __future__ import annotations

from typing import Sequence

from qa.answering.lexicon import GENERIC, Term, normalize
from qa.answering.naming import document_name
from qa.answering.questions import count_asked, is_why
from qa.answering import section_thresholds
from qa.answering.rendering import EMPHASIS, FACTOID_CHARS, NARRATIVE_CHARS, clause_window, head, render
from qa.answering.scoring import Scored, presence
from qa.answering.structure import DocumentStructure, Section, enumerated_points, score_section
from qa.documents.chunking import split_sentences
from qa.records import SECTION_SEPARATOR, Answer, Passage



POINT_CHARS = 150   # a point quoted with its detail: a sentence or two, not its whole paragraph
NARRATIVE_LEAD_CHARS = 400   # a heading's key sentences quoted for a list or how question


class SectionAnswers:
    """Answers built from the heading tree of :class:`DocumentStructure`."""

    def __init__(self, structure: DocumentStructure):
        self.structure = structure

    def from_points(self, question: str, language: str, terms: Sequence[Term],
                    best: Scored | None) -> tuple[Answer, Section] | None:
        """The section the question is about, answered with its sub-headings or bold leads."""
        sections = self.structure.sections
        if not terms or not sections:
            return None
        # the asker's words no heading holds (verbs and modifiers the corpus never uses: 出台, 简单; English
        # it cannot render) match none and only dilute every section's score
        known = [t for t in terms if t.name or (not t.unknown and (t.df > 0 or t.noun))] or terms
        ranked = sorted(((score_section(s, known, question), i) for i, s in enumerate(sections)), reverse=True)
        score, index = ranked[0]
        section = sections[index]
        parent = self._parent_of_tied(section, [sections[i] for s, i in ranked if s >= score - 0.02])
        if parent is not None:
            section = parent  # 二、…有效组织生态 / 三、…有效组织生态 tie: the question is about what they share
        items = section.children if len(section.children) >= 2 else section.leads
        if score < section_thresholds.THRESHOLDS.min_section_score or len(items) < 2:
            return None
        if len(section.children) < 2 and is_why(question):
            return None  # reasons are sub-headings; a leaf section's short sentences are not its reasons
        if len(section.children) < 2 and best is not None and best.coverage >= 0.8 and best.coverage > score and \
                normalize(best.unit.text).rstrip("。") in {normalize(lead) for lead in section.leads}:
            return None  # the question names one of the leads (充分发挥政府作用): its paragraph answers it
        count_matches = count_asked(question) == len(items)
        margin = 0.1 if best is not None and best.unit.text.count("、") >= 2 else 0.25  # a list beats a sentence
        if any(t.text in GENERIC for t in terms):
            margin += 0.2  # "有哪些特点 / 措施 / 方面": the question asks for the section's points
        own_intro = best is not None and best.unit.passage.section == SECTION_SEPARATOR.join(section.path)
        if best is not None and best.coverage > score + margin and best.anchors_ok and not count_matches \
                and not own_intro:
            return None  # one sentence answers it better than any section does (not the section's own lead-in)
        segments = [(item, cited) for item, cited in self.structure.cited_items(section) if cited is not None]
        if len(segments) < 2:
            return None
        title, name = section.title, document_name(segments[0][1].title, language, sentence_start=True)
        if language == "zh":
            header = f"{name}在“{title}”部分{'分为' if len(section.children) >= 2 else '指出'}以下几点："
        else:
            header = f"{name} covers this under “{title}”:"
        if len(section.children) < 2:   # points, not sub-headings: each with what its paragraph says, in its share
            share = min((NARRATIVE_CHARS - len(header)) // len(segments) - 12, POINT_CHARS)
            label = SECTION_SEPARATOR.join(section.path)
            segments = [(self.structure.told(cited, label, item, share) if share >= 30 else item, cited)
                        for item, cited in segments]
        return render(question, language, segments, route="passage", header=header, numbered=True), section

    def _parent_of_tied(self, top: Section, tied: Sequence[Section]) -> Section | None:
        """The parent heading when two or more of its children match the question equally well."""
        siblings = [s for s in tied if s.source == top.source and s.path[:-1] == top.path[:-1]]
        if len(top.path) < 2 or len(siblings) < 2:
            return None
        return next((s for s in self.structure.sections if s.source == top.source and s.path == top.path[:-1]), None)

    def from_heading(self, question: str, language: str, terms: Sequence[Term],
                     best: Scored | None, within: tuple[str, ...] | None = None,
                     budget: int = FACTOID_CHARS, sentence_answers: bool = False) -> Answer | None:
        """A section whose heading (with its first sentence) is what the question asks about.

        "What is the role of culture…" → 八、文化在促进集群可持续发展中的作用得到更多重视 and
        its key sentence.  Taken when the heading fits the question at least as well as the
        best sentence does, or when that sentence is only the parent section's overview.
        ``within``: the heading path a section-points answer chose; only a heading below it
        (消费品类集群 under 第三章) is then taken, as the narrower answer.  ``sentence_answers``:
        the fitted reader trusts the best sentence; a top-level heading with nothing under it
        (one article of a collection, titled by its subject) then gives way to it.
        """
        if not terms or any(t.anchor and not t.name and t.df == 0 for t in terms):
            return None
        terms = [t for t in terms if not t.unknown]  # words the report's vocabulary lacks match no heading
        total = sum(t.weight for t in terms) or 1.0
        heading_fit = section_thresholds.THRESHOLDS.min_heading_fit
        best_fit, chosen, first = 0.0, None, ""
        # a list or how question's answer may run on over the sentences that follow the key one
        lead_limit = FACTOID_CHARS if budget < NARRATIVE_CHARS else NARRATIVE_LEAD_CHARS
        for section in self.structure.sections:
            if not section.intro or within is not None:
                continue
            lead = _lead_of(section, lead_limit)
            title, parents, opening = (normalize(section.title), normalize(" ".join(section.path[:-1])),
                                       normalize(lead))
            fit = sum(t.weight * max(presence(t, title), 0.6 * presence(t, parents), 0.8 * presence(t, opening))
                      for t in terms) / total
            if any(t.anchor and max(presence(t, title), presence(t, opening)) < 1.0 for t in terms):
                continue
            if fit > best_fit:
                best_fit, chosen, first = fit, section, lead
        if within is not None:
            chosen, first = self._narrower(within, terms, lead_limit)
        elif best is not None and (best_fit < heading_fit or best.coverage > best_fit):
            # the best sentence may be an overview (本部分…新材料、高端装备…): the sub-heading it names
            narrower, lead = self._narrower(tuple(best.unit.passage.section.split(SECTION_SEPARATOR)), terms,
                                            lead_limit)
            if narrower is not None:
                chosen, first = narrower, lead
            elif best_fit < heading_fit or best.anchors_ok:
                return None
        elif best_fit < heading_fit:
            return None
        if chosen is None or (sentence_answers and len(chosen.path) == 1 and not chosen.children):
            return None  # an article's own title names its subject: a sentence the reader trusts says more
        label = SECTION_SEPARATOR.join(chosen.path)
        passage = self.structure.passage_with(chosen.source, label, first)
        if passage is None or normalize(first) not in normalize(EMPHASIS.sub("", passage.text)):
            sentences = split_sentences(first)
            passage = self.structure.passage_with(chosen.source, label, sentences[0])
            held = normalize(EMPHASIS.sub("", passage.text)) if passage is not None else ""
            first = sentences[0]
            for sentence in sentences[1:]:   # as much of the lead as the first sentence's passage holds
                if normalize(first + sentence) not in held:
                    break
                first += sentence
        if passage is None:
            return None
        passage = self.structure.under_its_heading(passage, chosen.path)
        name = document_name(passage.title, language, sentence_start=True)
        if language == "zh":
            header = f"{name}在“{chosen.title}”部分指出："
        else:
            header = f"{name} covers this under “{chosen.title}”:"
        if budget >= NARRATIVE_CHARS:
            points = self._points_under(chosen, budget - len(header) - 1)
            if points:
                return render(question, language, points, route="passage", header=header)
        text = clause_window(first, terms, max(budget - len(header) - 1, 80), question)  # the header counts too
        return render(question, language, [(text, passage)], route="passage", header=header)

    def _points_under(self, section: Section, budget: int) -> list[tuple[str, Passage]] | None:
        """The points (一是…二是…三是…) the section's own paragraphs number, each cut at a comma to
        its share of ``budget``, after the sentence that leads into them; None when it numbers none."""
        label = SECTION_SEPARATOR.join(section.path)
        sentences = [sentence for source, where, text in self.structure.paragraphs
                     if source == section.source and where == label for sentence in split_sentences(text)]
        points = enumerated_points(sentences)
        if not points:
            return None
        chosen = ([points[0] - 1] if points[0] > 0 else []) + points
        share = budget // len(chosen) - 4
        if share < 30:
            return None
        segments = []
        for i in chosen:
            passage = self.structure.passage_with(section.source, label, sentences[i])
            if passage is None:
                return None
            segments.append((head(sentences[i], share), passage))
        return segments

    def _narrower(self, within: tuple[str, ...], terms: Sequence[Term],
                  lead_limit: int = 0) -> tuple[Section | None, str]:
        """The one heading below ``within`` whose title holds the question's words that
        ``within`` lacks (consumer goods → 五、消费品类集群 below 第三章), with its first sentence."""
        broad = normalize(" ".join(within))
        narrowing = [t for t in terms if presence(t, broad) < 1.0]
        total = sum(t.weight for t in terms) or 1.0
        fits = []
        for section in self.structure.sections:
            if section.path[:len(within)] != within or len(section.path) <= len(within) or not section.intro:
                continue
            title = normalize(section.title)
            fits.append((sum(t.weight for t in narrowing if presence(t, title) == 1.0), section))
        fits.sort(key=lambda pair: -pair[0])
        if not fits or fits[0][0] < 0.15 * total or len(fits) > 1 and fits[1][0] == fits[0][0]:
            return None, ""
        section = fits[0][1]
        return section, _lead_of(section, lead_limit)


def _lead_of(section: Section, limit: int) -> str:
    """A section's key sentence (its first), and the sentences after it while they stay within ``limit``."""
    lead = ""
    for sentence in split_sentences(EMPHASIS.sub("", section.intro)):
        if lead and len(lead) + len(sentence) > limit:
            break
        lead += sentence
    return lead
