"""The hybrid index as a LangChain retriever, for users who build their own chains.

>>> retriever = ReportQA.load().as_retriever(k=5)
>>> retriever.invoke("德国制造业占GDP的比重")        # list of langchain_core Documents
>>> retriever.invoke("德国制造业占GDP的比重", k=1)   # this call only: one Document
"""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict, Field

from qa.errors import ConfigurationError
from qa.records import Passage

MAX_K = 100


def to_langchain(passage: Passage) -> LCDocument:
    """A passage as a LangChain document: its text, with id/source/section/page/score/kind metadata."""
    return LCDocument(
        page_content=passage.text,
        id=passage.id,
        metadata={"id": passage.id, "source": passage.source, "section": passage.section,
                  "page": passage.page, "score": passage.score, "kind": passage.kind},
    )


class ReportRetriever(BaseRetriever):
    """Hybrid (FAISS + BM25) search over the report as a LangChain ``BaseRetriever``.

    ``searcher`` is anything with ``search(query, k)`` returning passages (a ``ReportQA`` or
    a ``HybridIndex``); ``k`` is how many documents a query returns, unless a call passes its
    own: ``retriever.invoke(query, k=1)`` (LangChain's standard retriever interface).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any
    k: int = Field(default=5, ge=1, le=MAX_K)

    def _count(self, k: int | None) -> int:
        if k is None:
            return self.k
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise ConfigurationError(f"k must be a whole number from 1 to {MAX_K}, not {k!r}.")
        return k

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                k: int | None = None) -> list[LCDocument]:
        return [to_langchain(p) for p in self.searcher.search(query, k=self._count(k))]

    async def _aget_relevant_documents(self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun,
                                       k: int | None = None) -> list[LCDocument]:
        # LangChain's default async path drops call-time arguments; search is CPU-bound, so a thread.
        count = self._count(k)
        passages = await run_in_executor(None, self.searcher.search, query, count)
        return [to_langchain(p) for p in passages]
