"""One path for every question: clean it, route it once, answer, verify, return an :class:`Answer`.

Routing: the table engine (injected as a callable, so this module does not depend on it)
gets the question first; if it declines (returns None), the follow-up is resolved against
the history and the passage answerer takes it, optionally through the LLM.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from typing import Callable, Iterator, Sequence

from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.lexicon import CorpusLexicon
from qa.answering.llm import NOT_IN_REPORT, LLMAnswerer, LLMUnavailableError
from qa.answering.parts import inherit_subject, join_answers, split_parts
from qa.answering.extension import default_extension
from qa.answering.reader import default_reader
from qa.answering.questions import clean_question, question_kind, question_language, resolve_followup
from qa.answering.rendering import ENGLISH_LEAD, FACTOID_CHARS, NARRATIVE_CHARS, clause_window
from qa.documents.chunking import row_cells
from qa.records import Answer, Passage
from qa.text import close_cjk_gaps
from qa.tables.document_tables import DocumentTables, row_name
from qa.settings import Settings
from qa.answering.verify import split_segments, verify

TableAnswerer = Callable[[str, list], "Answer | None"]
CANDIDATES = 20       # passages retrieved per question
LLM_PASSAGES = 6      # passages shown to the LLM


class AnswerChain:
    """Question in, :class:`Answer` out: the router behind ``ReportQA.ask``.

    Parameters
    ----------
    index
        Anything with ``search(query, k)``, ``passages`` and ``documents`` (a ``HybridIndex``).
    settings
        The one settings object (question length limit, LLM configuration).
    table_answerer
        ``f(question, history) -> Answer | None``; None means "not a table question".
    llm
        An :class:`~qa.answering.llm.LLMAnswerer`, or None for extractive answers only.
    """

    def __init__(self, index, settings: Settings, table_answerer: TableAnswerer | None = None,
                 llm: LLMAnswerer | None = None):
        self.index = index
        self.settings = settings
        self.table_answerer = table_answerer
        self.llm = llm
        self._lexicon: CorpusLexicon | None = None
        self._extractive: ExtractiveAnswerer | None = None
        self._tables: DocumentTables | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------ lazily built parts
    @property
    def lexicon(self) -> CorpusLexicon:
        self._ensure_ready()
        return self._lexicon

    def _ensure_ready(self) -> None:
        with self._lock:
            if self._lexicon is None:
                self._lexicon = CorpusLexicon(self.index.passages, self.index.documents,
                                              getattr(self.index, "token_doc_freq", None))
                self._tables = DocumentTables(self.index.passages)
                fitted = self.settings.reader == "fitted"
                self._extractive = ExtractiveAnswerer(self._lexicon, self.index.documents, self.index.passages,
                                                      reader=default_reader() if fitted else None,
                                                      extension=default_extension() if fitted else None)

    # ------------------------------------------------------------ the one entry point
    def ask(self, question: str, history: Sequence[str] | None = None) -> Answer:
        """Answer ``question`` (``history``: the earlier questions of the chat, oldest first)."""
        answer, _ = self._route(question, history, use_llm=True)
        return answer

    def ask_stream(self, question: str, history: Sequence[str] | None = None) -> Iterator[str | Answer]:
        """Yield partial text while the LLM writes, then the final verified :class:`Answer`.

        Without an LLM (or for table answers and refusals) it yields the answer text once,
        then the Answer.  The final Answer may differ from the streamed text: unsupported
        sentences are removed and failures fall back to extraction.
        """
        answer, pending = self._route(question, history, use_llm=False)
        if pending is None:
            yield answer.text
            yield answer
            return
        passages, language, notice = pending
        pieces: list[str] = []
        try:
            for piece in self.llm.stream(answer.question, passages, language):
                pieces.append(piece)
                yield piece
        except LLMUnavailableError as exc:
            yield self._with_notice(answer, str(exc) + _FALLBACK_NOTE[language], notice)
            return
        yield self._accept_llm("".join(pieces), answer, passages, language, notice)

    # ------------------------------------------------------------ routing
    def _route(self, question: str, history: Sequence[str] | None, use_llm: bool):
        text, notice = clean_question(question, self.settings.max_question_chars)
        history = [h for h in (_clean_history(h, self.settings.max_question_chars) for h in history or ()) if h]
        parts = split_parts(text)
        if len(parts) == 1:
            return self._route_one(text, notice, history, use_llm)
        self._ensure_ready()
        asked = [parts[0]] + [inherit_subject(p, parts[0], self._resolve, self.lexicon.subject_of,
                                                     self._subject) for p in parts[1:]]
        answers = [self._route_one(part, "", history, use_llm=False)[0] for part in asked]
        whole = None
        if not all(a.answered for a in answers):
            whole = self._route_one(text, notice, history, use_llm)
            if whole[0].answered or not any(a.answered for a in answers):
                return whole
        answered = [(q, a) for q, a in zip(asked, answers) if a.answered]
        joined = self._join(text, answered, language=question_language(text))
        if len(answered) < len(asked):
            missing = "、".join(q for q, a in zip(asked, answers) if not a.answered)
            note = (f"报告没有回答：{missing}" if question_language(text) == "zh"
                    else f"The report does not answer: {missing}")
            joined = replace(joined, notice=" ".join(n for n in (joined.notice, note) if n))
        return self._finish(joined, text, notice), None

    def _resolve(self, question: str, history: Sequence[str]) -> str:
        return resolve_followup(question, history, self._subject, has_subject=self._has_subject)

    def _subject(self, question: str) -> str | None:
        return self.lexicon.topic_of(question)

    def _join(self, question: str, answered: Sequence[tuple[str, Answer]], language: str) -> Answer:
        """The parts' answers as one, within the budget of the widest part (a list, a table, a figure)."""
        wide = any(a.route == "table" or question_kind(q) in ("how", "list") for q, a in answered)
        budget = NARRATIVE_CHARS if wide else FACTOID_CHARS
        lead = ENGLISH_LEAD if language == "en" and any(a.text.startswith(ENGLISH_LEAD) for _, a in answered) else ""

        def shorten(text: str, index: int, share: int) -> str:
            part = answered[index][0]
            terms = self.lexicon.terms(part)
            segments = [s for s in split_segments(text) if s.text.strip()]
            each = max(share // max(len(segments), 1) - 2, 20)
            return "".join(clause_window(s.text.strip(), terms, each, part) + "".join(f"[{m}]" for m in s.markers)
                           for s in segments)

        return join_answers([a for _, a in answered], budget, shorten, lead)

    def _answered_entity(self, previous: str) -> str | None:
        """What a "which one" question was answered with: the name cell of the one row it cites."""
        answer = self._route_one(previous, "", [], use_llm=False)[0]
        if not answer.answered or len(answer.citations) != 1 or answer.citations[0].kind != "table_row":
            return None
        return row_name(row_cells(answer.citations[0].text))

    def _standalone(self, text: str, history: Sequence[str]) -> str:
        """A follow-up rewritten with what it leans on (the question itself without history)."""
        if not history:
            return text
        return resolve_followup(text, history, self.lexicon.subject_of, self._answered_entity, self._has_subject)

    def _has_subject(self, question: str) -> bool:
        """Does the question name something the corpus writes, beside years and figures?"""
        return any(t.df > 0 and not (t.is_year or t.is_number) for t in self.lexicon.terms(question))

    def _route_one(self, text: str, notice: str, history: Sequence[str], use_llm: bool):
        resolved = None  # resolved once, when first needed: it may answer the previous question
        if self.table_answerer is not None:
            answer = self.table_answerer(text, history)
            if answer is None and history:
                resolved = self._standalone(text, history)
                if resolved != text:
                    answer = self.table_answerer(resolved, [])
            if answer is not None and not answer.tentative:
                return self._finish(answer, text, notice), None
        table_refusal = answer if self.table_answerer is not None else None  # a guess: the passages are asked first
        if resolved is None:
            resolved = self._standalone(text, history)
        language = question_language(text)
        kind = question_kind(resolved)
        terms = self.lexicon.terms(resolved)
        counted = self._tables.answer(resolved, language, terms)   # any document's tables, counted exactly
        if counted is not None:
            return self._finish(replace(counted, question=text), text, notice), None
        candidates = self.index.search(resolved, k=CANDIDATES)  # English is expanded by the index
        dense_scores = getattr(self.index, "dense_scores", None)
        dense = dense_scores(resolved, candidates) if dense_scores is not None else None
        answer = self._extractive.answer(resolved, language, kind, candidates, terms, dense)
        answer = self._checked(answer, language)
        if table_refusal is not None and not answer.answered:
            # the tables do not know the name and the passages found nothing either: the tables' reason is the clearer one
            answer = replace(table_refusal, tentative=False)
        answer = self._finish(answer, text, notice)
        if self.llm is None or not answer.answered or answer.route != "passage":
            return answer, None
        passages = _llm_passages(answer.citations, candidates)
        if not use_llm:
            return answer, (passages, language, notice)
        try:
            reply = self.llm.complete(resolved, passages, language)
        except LLMUnavailableError as exc:
            return self._with_notice(answer, str(exc) + _FALLBACK_NOTE[language], notice), None
        return self._accept_llm(reply, answer, passages, language, notice), None

    # ------------------------------------------------------------ helpers
    def _verify(self, text: str, citations: Sequence[Passage], language: str):
        return verify(text, citations, known_names=self.lexicon.names, proper_nouns=self.lexicon.proper_nouns,
                      english=language == "en")

    def _checked(self, answer: Answer, language: str) -> Answer:
        if not answer.answered or not answer.citations:
            return answer
        text, citations, dropped = self._verify(answer.text, answer.citations, language)
        if dropped and citations:
            return replace(answer, text=text, citations=citations)
        return answer

    def _accept_llm(self, reply: str, extractive: Answer, passages: Sequence[Passage], language: str,
                    notice: str) -> Answer:
        reply = reply.strip()
        if not reply or NOT_IN_REPORT in reply:
            note = ("语言模型未能从段落中作答，以下为报告原文摘录。" if language == "zh"
                    else "The language model found no answer in the passages; showing the report's own sentences.")
            return self._with_notice(extractive, note, notice)
        text, citations, dropped = self._verify(reply, passages, language)
        if not citations:
            note = ("语言模型的回答无法由所引段落证实，以下为报告原文摘录。" if language == "zh"
                    else "The language model's answer was not supported by the passages it cited; "
                         "showing the report's own sentences.")
            return self._with_notice(extractive, note, notice)
        extra = ""
        if dropped:
            extra = (f"已删除 {len(dropped)} 句无法由引文证实的内容。" if language == "zh"
                     else f"Removed {len(dropped)} sentence(s) the cited passages do not support.")
        return Answer(text=text, answered=True, citations=citations, route="llm", question=extractive.question,
                      notice=" ".join(n for n in (notice, extra) if n))

    @staticmethod
    def _finish(answer: Answer, question: str, notice: str) -> Answer:
        merged = " ".join(n for n in (notice, answer.notice) if n)
        # the document quoted as Chinese writes it: "为 441 亿美元" in the PDF's typesetting is 为441亿美元
        text = close_cjk_gaps(answer.text) if answer.route in ("passage", "none") else answer.text
        return replace(answer, text=text, question=question, notice=merged)

    @staticmethod
    def _with_notice(answer: Answer, note: str, notice: str) -> Answer:
        return replace(answer, notice=" ".join(n for n in (notice, note) if n))


_FALLBACK_NOTE = {"zh": " 以下为报告原文摘录（未使用语言模型）。",
                  "en": " Showing the extractive answer instead."}


def _clean_history(item, limit: int) -> str:
    try:
        return clean_question(item, limit)[0]
    except Exception:  # an empty earlier turn is simply skipped
        return ""


def _llm_passages(cited: Sequence[Passage], candidates: Sequence[Passage]) -> list[Passage]:
    chosen: list[Passage] = []
    seen: set[str] = set()
    for passage in list(cited) + list(candidates):
        if passage.id not in seen:
            seen.add(passage.id)
            chosen.append(passage)
        if len(chosen) >= LLM_PASSAGES:
            break
    return chosen
