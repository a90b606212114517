"""Two builds of one index never run at once, and a server swaps indexes without a gap."""
import threading

import pytest

from qa import ReportQA
from qa.retrieval import index
from qa.errors import IndexBusyError
from qa.settings import Settings


def test_a_second_build_waits_for_the_lock_and_gives_up_clearly(small_corpus, tmp_path, fake_embedder, monkeypatch):
    monkeypatch.setattr(index, "LOCK_TIMEOUT_S", 0.5)
    with index.build_lock(tmp_path / "index"):
        with pytest.raises(IndexBusyError, match="Another process is building"):
            ReportQA.build([small_corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)


def test_concurrent_loads_build_once(small_corpus, tmp_path, fake_embedder):
    bots, errors = [], []

    def load():
        try:
            bots.append(ReportQA.load(tmp_path / "index", documents=small_corpus,
                                      settings=Settings(embedder="fake"), progress=False))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(1 for bot in bots if bot.build_report is not None) == 1  # the others loaded its result
    assert len({bot.index.manifest["built_at"] for bot in bots}) == 1


def test_refresh_swaps_in_a_rebuilt_index_while_the_old_one_keeps_answering(small_corpus, tmp_path, fake_embedder):
    settings = Settings(embedder="fake")
    server = ReportQA.load(tmp_path / "index", documents=small_corpus, settings=settings, progress=False)
    before = server.search("独角兽", k=3)
    (small_corpus / "more.txt").write_text("第一章 补充\n\n示例谷的独角兽企业有 101 家。\n", encoding="utf-8")
    ReportQA.build([small_corpus], tmp_path / "index", settings=settings, progress=False)  # another process
    assert [p.id for p in server.search("独角兽", k=3)] == [p.id for p in before]  # still the old index
    assert server.refresh() is True
    assert any("101" in p.text for p in server.search("独角兽", k=3))
    assert server.refresh() is False
