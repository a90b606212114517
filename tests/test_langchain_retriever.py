"""The hybrid retriever plugs into LangChain: a ``BaseRetriever`` returning Documents with metadata."""
import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda

from qa.settings import Settings


@pytest.fixture
def small_bot(small_corpus, tmp_path, fake_embedder):
    from qa import ReportQA

    return ReportQA.build([small_corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)


def test_retriever_returns_documents_with_metadata(small_bot):
    retriever = small_bot.as_retriever(k=3)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("示例谷风险投资总额")
    assert 1 <= len(documents) <= 3 and all(isinstance(d, Document) for d in documents)
    first = documents[0]
    assert set(first.metadata) >= {"id", "source", "section", "page", "score"}
    assert first.metadata["source"] == "small.txt" and first.page_content
    assert first.page_content == small_bot.search("示例谷风险投资总额", k=3)[0].text


def test_retriever_composes_in_a_chain(small_bot):
    chain = small_bot.as_retriever(k=2) | RunnableLambda(lambda docs: [d.metadata["id"] for d in docs])
    assert len(chain.invoke("数字技术")) == 2


def test_k_is_validated(small_bot):
    from qa.retrieval.retriever import ReportRetriever

    with pytest.raises(ValueError):
        ReportRetriever(searcher=small_bot, k=0)


def test_call_time_k_overrides_the_constructor(small_bot):
    """``invoke(q, k=1)`` used to return the constructor's k documents, silently."""
    retriever = small_bot.as_retriever(k=3)
    assert len(retriever.invoke("数字技术", k=1)) == 1
    assert len(retriever.invoke("数字技术")) == 3


def test_call_time_k_async(small_bot):
    """The async path dropped call-time k as well (LangChain's default runs the sync one without it)."""
    import asyncio

    retriever = small_bot.as_retriever(k=3)
    assert len(asyncio.run(retriever.ainvoke("数字技术", k=2))) == 2


@pytest.mark.parametrize("bad", [0, 101, "2", 1.5, True])
def test_call_time_k_is_validated(small_bot, bad):
    from qa.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="k must be"):
        small_bot.as_retriever().invoke("数字技术", k=bad)
