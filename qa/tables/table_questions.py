"""Table questions in Chinese and English, answered exactly from :class:`~qa.tables.cluster_engine.ClusterEngine`.

:func:`answer_table_question` recognises count, list, grouped-count, distinct-count,
comparison, condition ("超过 10 个", "at least 7 leading companies"), attribute-of-cluster,
firm-to-cluster, institute-to-cluster, firm-innovation and row-number questions, and
follow-ups that reuse the previous table question from the chat history ("韩国呢？",
"其中消费品领域的有几个？", "它们的主导产业分别是什么？", "How many of those are in Germany?").
A question in several parts ("…一共有多少个？其中亚洲有几个？") is answered part by part.

A table answer is only given when the parse covers the question: every content word is
used by its names, filters, operation or attribute (:mod:`~qa.tables.coverage`).  Anything
else returns None and falls through to passage answering.

The stages, one module each: what a question asks (:mod:`~qa.tables.table_query`,
:mod:`~qa.tables.question_words`, :mod:`~qa.tables.conditions`), finding its words
(:mod:`~qa.tables.spotting`), the parse (:mod:`~qa.tables.parse`, :mod:`~qa.tables.followups`),
whether it covers the question (:mod:`~qa.tables.coverage`), running it on the engine
(:mod:`~qa.tables.execute`) and writing the answer (:mod:`~qa.tables.set_answers`,
:mod:`~qa.tables.measure_answers`, :mod:`~qa.tables.lookup_answers`,
:mod:`~qa.tables.report_tables`, :mod:`~qa.tables.rendering`).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from qa.records import Answer
from qa.tables.cluster_engine import ClusterEngine
from qa.tables.coverage import uncovered_words
from qa.tables.execute import outside_snapshot
from qa.tables.lookup_answers import (attribute_or_unknown, firm_answer, firm_count_answer, institute_answer,
                                      number_answer)
from qa.tables.measure_answers import (compare_answer, distinct_answer, each_answer, groups_condition_answer,
                                       listed_condition_answer)
from qa.tables.parse import parse_table_question
from qa.tables.rendering import join_answers
from qa.tables.report_tables import keyword_answer, policy_answer
from qa.tables.set_answers import count_or_list, empty, group
from qa.tables.table_query import LIST_BUDGET, SET_INTENTS, TableQuery

HANDLERS = {
    "count": count_or_list, "list": count_or_list, "group": group, "attribute": attribute_or_unknown,
    "firm": firm_answer, "number": number_answer, "firm_count": firm_count_answer, "distinct": distinct_answer,
    "compare": compare_answer, "each": each_answer, "institute": institute_answer,
}
_WORDS = re.compile(r"[\u3400-\u9fff]|[A-Za-z]{2,}")
# Where a question's later part starts: after ？/；, or at "，其中" / ", and how many" and the like.
_PART_BREAK = re.compile(r"(?<=[？?；;])\s*(?=\S)|[，,]\s*(?=(?:其中|而|那么|and\b|but\b)|[^，,]*(?:多少|几个|哪些|哪个|"
                         r"\bhow many\b|\bwhich\b|\bwhat\b))", re.I)


def answer_table_question(question: str, history: Sequence[str] | None, engine: ClusterEngine | None) -> Answer | None:
    """Answer a table question exactly from ``engine``, or return None for any other question.

    ``history`` holds the earlier user questions of the chat, oldest first; a follow-up
    ("韩国呢？") reuses the last table question's intent and filters.  The answer cites the
    table-row passages it used (``route="table"``); ``answered`` is False when the report's
    tables do not have what was asked (an unknown cluster, firm or place).
    """
    if engine is None or not engine.has_appendix or not question or not str(question).strip():
        return None
    question = str(question)
    for report_table in (keyword_answer, policy_answer):  # 表 5-1 and 表 6-2, asked about plainly
        answer = report_table(question, engine)
        if answer is not None:
            return answer
    context = chat_context(history or [], engine)
    answer = _answer_parts(question, context, engine)
    if answer is None:
        whole = _without_noise(question)
        answer = _answer(whole, parse_table_question(whole, engine, context), engine)
    return replace(answer, question=question) if answer is not None else None


def chat_context(history: Sequence[str], engine: ClusterEngine) -> TableQuery | None:
    """The last table question of the chat, each earlier question parsed against the one before it."""
    context = None
    for earlier in history or ():
        if not earlier or not str(earlier).strip():
            continue
        parts, chained = split_parts(str(earlier)), context
        for part in parts:
            chained = parse_table_question(part, engine, chained) if chained is not False else False
            chained = False if chained is None else chained
        # a question in parts leaves its last part; any other question (None for prose) replaces the context
        context = chained if len(parts) > 1 and chained else parse_table_question(str(earlier), engine, context)
    return context


def split_parts(question: str) -> list[str]:
    """A question's parts: "电子信息领域一共有多少个集群？其中亚洲有几个？" → two."""
    question = _without_noise(question)
    parts = [part.strip() for part in _PART_BREAK.split(question) if part and part.strip(" ，,？?；;")]
    return parts or [question]


def _without_noise(question: str) -> str:
    """"日本有多少个集群？[31m" → "日本有多少个集群？": what follows the last question mark without a word is noise."""
    end = max(question.rfind("？"), question.rfind("?"))
    return question[:end + 1] if end >= 0 and not _WORDS.search(question[end + 1:]) else question


def _answer(question: str, query: TableQuery | None, engine: ClusterEngine) -> Answer | None:
    """Run one parsed question, if its parse covers it."""
    if query is None or uncovered_words(question, query, engine):
        return None
    if query.intent in SET_INTENTS and outside_snapshot(question):
        return None  # the appendix cannot say how many clusters there were (or will be) in 2010 or 2035
    if query.intent in SET_INTENTS and query.unknown:
        return empty(replace(query, filters=()), engine, {"country": query.unknown})
    if query.condition is not None and query.intent in ("count", "list"):
        return listed_condition_answer(query, engine)
    if query.condition is not None and query.intent == "group":
        return groups_condition_answer(query, engine)
    handler = HANDLERS.get(query.intent)
    return handler(query, engine) if handler else None


def _answer_parts(question: str, context: TableQuery | None, engine: ClusterEngine) -> Answer | None:
    """A question in several parts, each answered against the one before; None unless every part is one."""
    parts = split_parts(question)
    if len(parts) < 2:
        return None
    queries, answers = [], []
    for i, part in enumerate(parts):
        query = parse_table_question(part, engine, queries[-1] if queries else context)
        if query is None and queries:  # a later part is read as a follow-up of the first ("how many in Asia?")
            query = parse_table_question(part, engine, replace(queries[-1], followup=True))
        if query is None:
            return None
        if i and not _adds_something(query, queries[-1]):
            return None  # "…最多？有几个？": the later part only repeats what the first asked
        queries.append(replace(query, budget_share=len(parts)))
        answer = _answer(part, queries[-1], engine)
        if answer is None:
            return None
        answers.append(answer)
    budget = max(q.budget * len(parts) for q in queries)
    return join_answers(answers, "\n" if budget >= LIST_BUDGET else " ", budget)


def _adds_something(query: TableQuery, previous: TableQuery) -> bool:
    """True when a later part asks for more than the part before it did (a filter, an attribute, a name)."""
    return (query.filters != previous.filters or query.attribute != previous.attribute or query.names != previous.names
            or query.intent != previous.intent and query.intent not in ("count", "list"))
