"""A symlink in the corpus folder is never followed out of it, and the build says it was skipped.

What used to break: ``docs/x.txt -> /etc/passwd`` was indexed with no "skipped" line, and
``/ask`` answered with ``root:x:0:0:…``.
"""
import io
import os

import pytest

from qa import ReportQA
from qa.cli import main
from qa.documents.ingest import list_corpus, read_corpus
from qa.settings import Settings
from tests.conftest import SMALL_REPORT

SECRET = "root:x:0:0:root:/root:/bin/bash\n第一章 机密\n\n管理员口令为 hunter2。\n"


@pytest.fixture
def corpus_with_links(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET, encoding="utf-8")
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "small.txt").write_text(SMALL_REPORT, encoding="utf-8")
    os.symlink(outside / "passwd.txt", corpus / "x.txt")        # a file link out of the folder
    os.symlink(outside, corpus / "more")                         # a folder link out of it
    os.symlink("/etc/passwd", corpus / "passwd.md")              # the real thing, where it exists
    os.symlink(corpus / "small.txt", corpus / "alias.txt")       # a link inside the folder
    return corpus


def test_links_are_listed_as_skipped(corpus_with_links):
    files, problems = list_corpus([corpus_with_links])
    assert [f.source for f in files] == ["small.txt"]
    reasons = {p.source: p.reason for p in problems}
    assert set(reasons) == {"x.txt", "more", "passwd.md", "alias.txt"}
    assert all(reason.startswith("symlink") for reason in reasons.values())
    assert "outside the corpus folder" in reasons["x.txt"] and "outside the corpus folder" in reasons["passwd.md"]


def test_nothing_behind_a_link_is_read_or_served(corpus_with_links, tmp_path, fake_embedder):
    documents, problems = read_corpus([corpus_with_links])
    assert [d.source for d in documents] == ["small.txt"]
    bot = ReportQA.build([corpus_with_links], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)
    assert not any("root:x" in p.text or "hunter2" in p.text for p in bot.index.passages)
    assert not any("hunter2" in p.text for p in bot.search("管理员口令", k=10))
    assert {s["source"] for s in bot.status()["skipped"]} >= {"x.txt", "more"}


def test_the_build_report_says_skipped_symlink(corpus_with_links, tmp_path, fake_embedder, monkeypatch):
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    out = io.StringIO()
    assert main(["--index", str(tmp_path / "index"), "--quiet", "build", str(corpus_with_links)], out=out) == 0
    lines = [line for line in out.getvalue().splitlines() if line.startswith("skipped: ")]
    assert any(line.startswith("skipped: x.txt: symlink") for line in lines), out.getvalue()
    assert any(line.startswith("skipped: more: symlink") for line in lines), out.getvalue()


def test_a_link_swapped_in_after_listing_is_not_opened(tmp_path):
    """The file is opened without following links, so a race that swaps in a link loses."""
    from qa.documents.ingest import read_document
    from qa.errors import DocumentError

    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", tmp_path / "doc.txt")
    with pytest.raises(DocumentError, match="symlink"):
        read_document(tmp_path / "doc.txt", "doc.txt", follow_symlinks=False)
