"""Adding or removing a document re-embeds only what changed and equals a full rebuild."""
from qa import ReportQA
from qa.settings import Settings
from tests.conftest import SMALL_REPORT
from tests.conftest import CountingEmbedder


def test_add_and_remove_a_document(tmp_path, fake_embedder, monkeypatch):
    from qa.retrieval import embedding

    counting = CountingEmbedder(fake_embedder)
    monkeypatch.setitem(embedding._LOADED, "fake", counting)
    settings = Settings(embedder="fake")
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SMALL_REPORT, encoding="utf-8")
    first = ReportQA.build([corpus], tmp_path / "index", settings=settings, progress=False, force=False)
    base = counting.embedded
    assert base == len(first.index.passages)

    (corpus / "b.txt").write_text("第一章 新增\n\n韩国有 9 个集群。日本有 11 个集群。\n", encoding="utf-8")
    counting.embedded = 0
    updated = ReportQA.load(tmp_path / "index", documents=corpus, settings=settings, progress=False)
    assert counting.embedded == len(updated.index.passages) - base == updated.build_report.embedded
    full = ReportQA.build([corpus], tmp_path / "full", settings=settings, progress=False)
    for query in ("韩国的集群", "德国制造业比重", "数字技术"):
        assert [p.id for p in updated.search(query, k=4)] == [p.id for p in full.search(query, k=4)]

    (corpus / "b.txt").unlink()
    counting.embedded = 0
    removed = ReportQA.load(tmp_path / "index", documents=corpus, settings=settings, progress=False)
    assert counting.embedded == 0 and len(removed.index.passages) == base
