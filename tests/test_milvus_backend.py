"""The Milvus backend (Milvus Lite in a temporary folder) keeps an index as the FAISS path does.

Small corpus, fake embedder: the same passages and scores as FAISS + bm25s, a document added
or removed without re-embedding the rest or recreating the collection, and a collection of
another embedder refused with a message saying how to rebuild it.
"""
import pytest

from qa import ReportQA
from qa.errors import IndexStateError
from qa.retrieval.milvus_index import MilvusIndex, load_milvus_index
from qa.retrieval.milvus_store import MilvusTarget, PassageCollection
from qa.settings import Settings
from tests.conftest import SMALL_REPORT, FakeEmbedder
from tests.conftest import CountingEmbedder

QUERIES = ("德国制造业比重", "示例生物医药集群的龙头企业", "数字技术", "Odense robotics", "2021 年风险投资")


@pytest.fixture
def counting(fake_embedder, monkeypatch):
    from qa.retrieval import embedding

    counting = CountingEmbedder(fake_embedder)
    monkeypatch.setitem(embedding._LOADED, "fake", counting)
    return counting


def test_same_passages_and_scores_as_faiss(tmp_path, small_corpus, counting):
    milvus = ReportQA.build([small_corpus], tmp_path / "milvus", settings=Settings(embedder="fake", backend="milvus"),
                            progress=False)
    faiss = ReportQA.build([small_corpus], tmp_path / "faiss", settings=Settings(embedder="fake"), progress=False)
    assert isinstance(milvus.index, MilvusIndex) and milvus.status()["backend"] == "milvus"
    assert (tmp_path / "milvus" / "milvus.db").is_dir()  # Milvus Lite inside the index folder by default
    for query in QUERIES:
        assert [(p.id, p.score, p.section, p.page) for p in milvus.search(query, k=5)] == \
               [(p.id, p.score, p.section, p.page) for p in faiss.search(query, k=5)], query
    assert milvus.ask("德国制造业占GDP的比重是多少？").text == faiss.ask("德国制造业占GDP的比重是多少？").text


def test_add_and_remove_a_document_without_a_rebuild(tmp_path, counting):
    settings = Settings(embedder="fake", backend="milvus")
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SMALL_REPORT, encoding="utf-8")
    first = ReportQA.build([corpus], tmp_path / "index", settings=settings, progress=False, force=False)
    base = len(first.index.passages)
    assert counting.embedded == base

    (corpus / "b.txt").write_text("第一章 新增\n\n韩国有 9 个集群。日本有 11 个集群。\n", encoding="utf-8")
    counting.embedded = 0
    added = ReportQA.load(tmp_path / "index", documents=corpus, settings=settings, progress=False)
    assert counting.embedded == len(added.index.passages) - base == added.build_report.embedded > 0
    assert added.index.collection.count() == len(added.index.passages)
    assert "b.txt" in {p.source for p in added.search("韩国的集群", k=5)}
    full = ReportQA.build([corpus], tmp_path / "full", settings=Settings(embedder="fake"), progress=False)
    for query in QUERIES + ("韩国的集群",):  # the kept rows' BM25 weights follow the new corpus
        assert [(p.id, p.score) for p in added.search(query, k=4)] == [(p.id, p.score) for p in full.search(query, k=4)]

    (corpus / "b.txt").unlink()
    counting.embedded = 0
    removed = ReportQA.load(tmp_path / "index", documents=corpus, settings=settings, progress=False)
    assert counting.embedded == 0 and len(removed.index.passages) == base == removed.index.collection.count()
    assert all(p.source == "a.txt" for p in removed.search("韩国的集群", k=5))


def test_collection_of_another_embedder_is_refused(tmp_path, small_corpus, counting):
    settings = Settings(embedder="fake", backend="milvus")
    ReportQA.build([small_corpus], tmp_path / "index", settings=settings, progress=False)
    target = MilvusTarget(settings.with_(index_dir=tmp_path / "index").milvus_location, settings.milvus_collection)
    PassageCollection.open(target).set_properties({"embedder": "other-model", "dimension": "384"})

    class Other(FakeEmbedder):
        pass

    with pytest.raises(IndexStateError, match="other-model.*python -m qa build"):
        load_milvus_index(tmp_path / "index", Other(), target)


def test_unreachable_server_is_a_message(tmp_path, small_corpus, counting):
    settings = Settings(embedder="fake", backend="milvus", milvus_uri="http://127.0.0.1:1")
    with pytest.raises(IndexStateError, match=r"Milvus at http://127\.0\.0\.1:1 \(collection clusterqa\)"):
        ReportQA.build([small_corpus], tmp_path / "index", settings=settings, progress=False)
