"""The hybrid index as a LangChain retriever, for users who build their own chains.

>>> retriever = ReportQA.load().as_retriever(k=5)
>>> retriever.invoke("德国制造业占GDP的比重")  # list of langchain_core Documents
"""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from qa.records import Passage


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
    a ``HybridIndex``); ``k`` is how many documents a query returns.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any
    k: int = Field(default=5, ge=1, le=100)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [to_langchain(p) for p in self.searcher.search(query, k=self.k)]
