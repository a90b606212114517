"""Bad text files are reported by name and reason; the rest of the corpus still builds.

Chinese users have GB18030/GBK and UTF-16 files: those are decoded, not rejected.
"""
import os

import pytest

from qa import ReportQA
from qa.errors import DocumentError, IndexStateError
from qa.documents.ingest import decode_text, read_corpus
from qa.settings import Settings

CHINESE = "第一章 概况\n\n德国制造业占 GDP 的比重保持在 20%-23% 之间。\n"


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "utf-16", "utf-8-sig", "utf-16-le"])
def test_chinese_encodings_are_decoded(codec):
    assert decode_text(CHINESE.encode(codec), "x.txt") == CHINESE


def test_binary_junk_with_a_txt_name_is_refused():
    with pytest.raises(DocumentError, match="junk.txt"):
        decode_text(os.urandom(4096) + b"\x00" * 4096, "junk.txt")


def test_bad_files_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text(CHINESE, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(("第二章 其他\n\n日本有 11 个集群。\n").encode("gbk"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("   \n\n", encoding="utf-8")
    (tmp_path / "junk.txt").write_bytes(os.urandom(2048))
    (tmp_path / "copy.txt").write_text(CHINESE, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")  # not a supported suffix: not even looked at
    documents, problems = read_corpus([tmp_path])
    assert sorted(d.source for d in documents) == ["copy.txt", "gbk.txt"] or \
        sorted(d.source for d in documents) == ["gbk.txt", "good.txt"]
    reasons = {p.source: p.reason for p in problems}
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.md"]
    assert "junk.txt" in reasons
    assert "duplicate" in next(r for s, r in reasons.items() if s in ("copy.txt", "good.txt"))


def test_build_reports_problems_and_keeps_going(tmp_path, fake_embedder):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "good.txt").write_text(CHINESE, encoding="utf-8")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    bot = ReportQA.build([corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)
    assert [p.source for p in bot.problems] == ["broken.pdf"]
    assert bot.status()["skipped"][0]["source"] == "broken.pdf"
    assert "20%-23%" in bot.search("德国制造业比重", k=1)[0].text
    # a second load sees the same corpus as fresh: the bad file does not force endless rebuilds
    again = ReportQA.load(tmp_path / "index", documents=corpus, settings=Settings(embedder="fake"), progress=False)
    assert again.build_report is None


def test_a_corpus_with_nothing_readable_keeps_the_old_index(tmp_path, fake_embedder):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "good.txt").write_text(CHINESE, encoding="utf-8")
    index_dir = tmp_path / "index"
    ReportQA.build([corpus], index_dir, settings=Settings(embedder="fake"), progress=False)
    (corpus / "good.txt").write_bytes(b"")
    with pytest.raises(IndexStateError, match="Nothing to index"):
        ReportQA.build([corpus], index_dir, settings=Settings(embedder="fake"), progress=False)
    (corpus / "good.txt").write_text(CHINESE, encoding="utf-8")
    bot = ReportQA.load(index_dir, documents=corpus, settings=Settings(embedder="fake"), progress=False)
    assert bot.build_report is None  # the earlier index was never touched
