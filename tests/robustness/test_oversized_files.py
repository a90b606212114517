"""An oversized file is refused from its size, before a byte of it is read.

What used to break: a 3 GiB ``.pdf`` was read whole (3.2 GB RSS) and refused by size only
afterwards, and the corpus fingerprint read it again on every load.  A sparse file made by
``truncate()`` stands in for it here: it costs no disk, but reading it would cost the memory.
"""
import os
import time

import pytest

from qa import ReportQA
from qa.documents.ingest import read_bounded, read_corpus
from qa.errors import DocumentError
from qa.retrieval.building import corpus_fingerprint
from qa.settings import Settings
from tests.conftest import SMALL_REPORT


@pytest.fixture
def opened(monkeypatch):
    """Every path ``os.open`` is asked for (how the corpus reader opens files)."""
    paths = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        paths.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    return paths


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "small.txt").write_text(SMALL_REPORT, encoding="utf-8")
    with open(folder / "huge.pdf", "wb") as handle:
        handle.truncate(3 * 2**30)
    with open(folder / "huge.md", "wb") as handle:
        handle.truncate(60 * 2**20)
    return folder


def test_oversized_files_are_refused_unread(corpus, opened):
    started = time.perf_counter()
    documents, problems = read_corpus([corpus])
    assert time.perf_counter() - started < 5
    assert [d.source for d in documents] == ["small.txt"]
    reasons = {p.source: p.reason for p in problems}
    assert reasons["huge.pdf"].startswith("too large (3072 MiB; the limit is 200 MiB)")
    assert reasons["huge.md"].startswith("too large (60 MiB; the limit is 50 MiB)")
    assert not any(path.endswith(("huge.pdf", "huge.md")) for path in opened)


def test_the_fingerprint_leaves_them_out_unread(corpus, opened):
    assert set(corpus_fingerprint([corpus])) == {"small.txt"}
    assert not any(path.endswith(("huge.pdf", "huge.md")) for path in opened)


def test_a_build_with_a_huge_file_finishes_and_reports_it(corpus, tmp_path, fake_embedder, opened):
    bot = ReportQA.build([corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)
    assert {p.source for p in bot.problems} == {"huge.pdf", "huge.md"}
    assert not any(path.endswith(("huge.pdf", "huge.md")) for path in opened)


def test_no_read_goes_past_the_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    with pytest.raises(DocumentError, match="too large"):
        read_bounded(path, "a.txt", 99)
    assert read_bounded(path, "a.txt", 100) == b"x" * 100


def test_a_pipe_in_the_corpus_is_not_read(tmp_path, fake_embedder):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "small.txt").write_text(SMALL_REPORT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # opening it for reading would wait for a writer forever
    documents, problems = read_corpus([folder])
    assert [d.source for d in documents] == ["small.txt"]
    assert [(p.source, p.reason) for p in problems] == [("pipe.txt", "not a regular file; not read")]
