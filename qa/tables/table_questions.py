"""Table questions in Chinese and English, answered exactly from :class:`~qa.tables.cluster_engine.ClusterEngine`.

:func:`answer_table_question` recognises count, list, grouped-count, attribute-of-cluster,
firm-to-cluster, firm-innovation and row-number questions, and follow-ups that reuse the
previous table question from the chat history ("韩国呢？", "其中消费品领域的呢？",
"它属于哪个领域？", "What about Germany?").  Anything else returns None and falls through to
passage answering, so the parse is deliberately narrow: a question must ask about clusters
(or a named cluster, firm or 序号) to be taken.

The stages, one module each: what a question asks (:mod:`~qa.tables.table_query`,
:mod:`~qa.tables.question_words`), finding its words (:mod:`~qa.tables.spotting`), the parse
(:mod:`~qa.tables.parse`, :mod:`~qa.tables.followups`), running it on the engine
(:mod:`~qa.tables.execute`) and writing the answer (:mod:`~qa.tables.set_answers`,
:mod:`~qa.tables.lookup_answers`, :mod:`~qa.tables.report_tables`, :mod:`~qa.tables.rendering`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from qa.records import Answer
from qa.tables.cluster_engine import ClusterEngine
from qa.tables.execute import outside_snapshot
from qa.tables.lookup_answers import attribute_or_unknown, firm_answer, firm_count_answer, number_answer
from qa.tables.parse import parse_table_question
from qa.tables.report_tables import keyword_answer, policy_answer
from qa.tables.set_answers import count_or_list, empty, group
from qa.tables.table_query import SET_INTENTS, TableQuery

HANDLERS = {
    "count": count_or_list, "list": count_or_list, "group": group, "attribute": attribute_or_unknown,
    "firm": firm_answer, "number": number_answer, "firm_count": firm_count_answer,
}


def answer_table_question(question: str, history: Sequence[str] | None, engine: ClusterEngine | None) -> Answer | None:
    """Answer a table question exactly from ``engine``, or return None for any other question.

    ``history`` holds the earlier user questions of the chat, oldest first; a follow-up
    ("韩国呢？") reuses the last table question's intent and filters.  The answer cites the
    table-row passages it used (``route="table"``); ``answered`` is False when the report's
    tables do not have what was asked (an unknown cluster, firm or place).
    """
    if engine is None or not engine.has_appendix or not question or not str(question).strip():
        return None
    for report_table in (keyword_answer, policy_answer):  # 表 5-1 and 表 6-2, asked about plainly
        answer = report_table(str(question), engine)
        if answer is not None:
            return answer
    context = chat_context(history or [], engine)
    query = parse_table_question(str(question), engine, context)
    if query is None:
        return None
    if query.intent in SET_INTENTS and outside_snapshot(str(question)):
        return None  # the appendix cannot say how many clusters there were (or will be) in 2010 or 2035
    if query.intent in SET_INTENTS and query.unknown:
        return empty(replace(query, filters=()), engine, {"country": query.unknown})
    handler = HANDLERS.get(query.intent)
    answer = handler(query, engine) if handler else None
    if answer is None:
        return None
    return replace(answer, question=str(question))


def chat_context(history: Sequence[str], engine: ClusterEngine) -> TableQuery | None:
    """The last table question of the chat, each earlier question parsed against the one before it."""
    context = None
    for earlier in history or ():
        if earlier and str(earlier).strip():
            context = parse_table_question(str(earlier), engine, context)
    return context
