"""LangChain's own standard suite for retrievers (``langchain-tests``) passes on ``ReportRetriever``.

It used to pass 4 of 5: ``invoke(q, k=1)`` returned the constructor's 5 documents, because
the retriever ignored call-time ``k`` (and LangChain's default async path drops it too).
The index is the small hand-made report with the fake embedder, built in memory.
"""
from __future__ import annotations

import functools

from langchain_tests.integration_tests import RetrieversIntegrationTests

from qa.documents.structure import parse_text
from qa.retrieval.index import build_index
from qa.retrieval.retriever import ReportRetriever
from tests.conftest import SMALL_REPORT, FakeEmbedder


@functools.cache
def small_index():
    index, _ = build_index([parse_text(SMALL_REPORT, "small.txt", "small")], FakeEmbedder())
    return index


class TestReportRetrieverStandard(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[ReportRetriever]:
        return ReportRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"searcher": small_index(), "k": 5}

    @property
    def retriever_query_example(self) -> str:
        return "示例集群的风险投资"
