"""The corpus fingerprint comes from size, mtime and ctime, with a hash computed once per change.

What used to break: every load (and every ``refresh()``) re-read and re-hashed every corpus
file, so one big file made every later question wait seconds.
"""
import os
import time

from qa import ReportQA
from qa.retrieval.building import fingerprint_corpus
from qa.settings import Settings
from tests.conftest import SMALL_REPORT


def _spy_opens(monkeypatch, folder):
    opened = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        if str(folder) in os.fspath(path):
            opened.append(os.path.basename(os.fspath(path)))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    return opened


def _age(*paths):
    """Date the files back a minute: a file hashed seconds after its last change is hashed again."""
    past = time.time_ns() - 60 * 10**9
    for path in paths:
        os.utime(path, ns=(past, past))


def test_a_fresh_index_is_loaded_without_reading_the_corpus(tmp_path, fake_embedder, monkeypatch):
    corpus, settings = tmp_path / "docs", Settings(embedder="fake")
    corpus.mkdir()
    (corpus / "a.txt").write_text(SMALL_REPORT, encoding="utf-8")
    (corpus / "b.txt").write_text("第一章 其他\n\n韩国有 9 个集群。\n", encoding="utf-8")
    _age(corpus / "a.txt", corpus / "b.txt")
    bot = ReportQA.build([corpus], tmp_path / "index", settings=settings, progress=False, force=False)
    stamps = bot.index.manifest["corpus"]
    assert set(stamps) == {"a.txt", "b.txt"} and {"size", "mtime_ns", "sha256"} <= set(stamps["a.txt"])

    opened = _spy_opens(monkeypatch, corpus)
    again = ReportQA.load(tmp_path / "index", documents=corpus, settings=settings, progress=False)
    assert again.build_report is None and again.refresh() is False
    assert opened == []

    (corpus / "b.txt").write_text("第一章 其他\n\n韩国有 10 个集群。\n", encoding="utf-8")
    _age(corpus / "b.txt")
    assert again.refresh() is True
    assert opened.count("a.txt") == 1  # read once by the rebuild, never hashed for freshness
    opened.clear()
    assert again.refresh() is False and ReportQA.load(tmp_path / "index", documents=corpus, settings=settings,
                                                      progress=False).build_report is None
    assert opened == []
    assert any("10 个" in p.text for p in again.index.passages)


def test_an_edit_within_the_same_timestamp_tick_is_seen(tmp_path):
    """Same size, mtime put back: the hash of a file changed just before it was hashed is not trusted."""
    corpus = tmp_path / "docs"
    corpus.mkdir()
    path = corpus / "a.txt"
    path.write_text("日本有 11 个集群。\n", encoding="utf-8")
    hashes, stamps = fingerprint_corpus([corpus])
    mtime = path.stat().st_mtime_ns
    path.write_text("日本有 12 个集群。\n", encoding="utf-8")
    os.utime(path, ns=(mtime, mtime))
    assert fingerprint_corpus([corpus], stamps)[0] != hashes
