"""What a killed build leaves behind is removed by the next build, and only then.

Used to break: a build killed while saving left ``.build-*.tmp`` folders (and pointer
files) that no later build removed.
"""
import pytest

from qa import ReportQA
from qa.errors import IndexBusyError
from qa.retrieval import index
from qa.settings import Settings


def _leftovers(index_dir):
    folder = index_dir / ".build-20260101T000000000000-4242.tmp"
    (folder / "bm25").mkdir(parents=True)
    (folder / "passages.jsonl").write_text("{}\n", encoding="utf-8")
    (index_dir / ".CURRENT.4242.tmp").write_text("build-20260101T000000000000-4242\n", encoding="utf-8")
    return sorted(p.name for p in index_dir.glob(".*.tmp"))


def test_the_next_build_removes_a_killed_builds_temporaries(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    settings = Settings(embedder="fake")
    ReportQA.build([small_corpus], index_dir, settings=settings, progress=False)
    assert len(_leftovers(index_dir)) == 2
    ReportQA.build([small_corpus], index_dir, settings=settings, progress=False)
    assert not list(index_dir.glob(".*.tmp"))
    assert ReportQA.load(index_dir, documents=small_corpus, settings=settings, progress=False).search("风险投资", k=1)


def test_temporaries_of_a_live_build_are_left_alone(small_corpus, tmp_path, fake_embedder, monkeypatch):
    index_dir = tmp_path / "index"
    settings = Settings(embedder="fake")
    ReportQA.build([small_corpus], index_dir, settings=settings, progress=False)
    monkeypatch.setattr(index, "LOCK_TIMEOUT_S", 0.3)
    with index.build_lock(index_dir):  # a live build: what it writes is its own
        names = _leftovers(index_dir)
        with pytest.raises(IndexBusyError):
            ReportQA.build([small_corpus], index_dir, settings=settings, progress=False)
        assert sorted(p.name for p in index_dir.glob(".*.tmp")) == names
