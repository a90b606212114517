"""Documents added through the page (``ReportQA.add_document`` / ``remove_document`` and the
Documents tab): the file goes to the user-documents folder, not the corpus; keyword search
serves it before its vectors exist; only its passages are embedded; a file whose content
does not match its name is refused; the corpus cannot be removed; only loopback or a
logged-in user may change anything."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from qa import ReportQA
from qa.errors import DocumentError
from qa.settings import Settings
from tests.conftest import SMALL_REPORT
from ui.documents import DocumentHandlers, allowed

NEW_DOCUMENT = "第一章 星河市\n\n星河市机器人产业集群2025年总产值达到 1234 亿元，集聚企业 321 家。\n"


@pytest.fixture
def bot(tmp_path, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.txt").write_text(SMALL_REPORT, encoding="utf-8")
    settings = Settings(embedder="fake", documents=corpus, index_dir=tmp_path / "index", user_data=tmp_path / "user")
    return ReportQA.load(settings=settings, progress=False)


def test_an_added_document_is_searchable_first_by_keyword_then_fully(bot, tmp_path, fake_embedder):
    source = tmp_path / "upload" / "xinghe.txt"
    source.parent.mkdir()
    source.write_text(NEW_DOCUMENT, encoding="utf-8")
    before = len(bot.index.passages)
    seen = []

    def progress(done, total):
        if done == 0:  # keyword search already serves the new document; its vectors are not ready
            seen.append(([d.vectors_ready for d in bot.documents()], bot.search("星河市机器人产业集群", k=1)[0].source))

    added = bot.add_document(source, progress=progress)
    assert seen == [([True, False], "xinghe.txt")]
    assert added.source == "xinghe.txt" and added.removable and added.vectors_ready
    assert (tmp_path / "user" / "documents" / "xinghe.txt").is_file()
    assert not (tmp_path / "corpus" / "xinghe.txt").exists()
    assert len(bot.index.passages) == before + added.passages
    assert "1234亿元" in bot.ask("星河市机器人产业集群2025年总产值是多少？").text

    reloaded = ReportQA.load(settings=bot.settings, progress=False)  # a restart keeps it, without rebuilding
    assert reloaded.index.manifest["built_at"] == bot.index.manifest["built_at"]
    assert [d.source for d in reloaded.documents()] == ["report.txt", "xinghe.txt"]

    bot.remove_document("xinghe.txt")
    assert [d.source for d in bot.documents()] == ["report.txt"]
    assert not (tmp_path / "user" / "documents" / "xinghe.txt").exists()
    assert len(bot.index.passages) == before


def test_the_corpus_cannot_be_removed(bot):
    with pytest.raises(DocumentError, match="cannot be removed"):
        bot.remove_document("report.txt")
    assert [d.removable for d in bot.documents()] == [False]


@pytest.mark.parametrize("name, data, reason", [
    ("fake.pdf", b"just text, not a PDF", "not a PDF"),
    ("renamed.txt", b"%PDF-1.7\n...", "rename it to .pdf"),
    ("binary.md", bytes(range(256)) * 20, "binary"),
    ("sheet.xlsx", b"PK\x03\x04", "unsupported file type"),
    ("empty.txt", b"  \n", "empty"),
])
def test_a_file_whose_content_does_not_match_is_refused(bot, tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=reason):
        bot.add_document(path)
    assert [d.source for d in bot.documents()] == ["report.txt"]
    assert not any((tmp_path / "user" / "documents").glob("*")) if (tmp_path / "user" / "documents").exists() else True


def test_the_same_file_twice_is_refused(bot, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(NEW_DOCUMENT, encoding="utf-8")
    bot.add_document(path)
    with pytest.raises(DocumentError, match="already indexed"):
        bot.add_document(path, name="b.txt")


@pytest.mark.parametrize("host, user, expected", [
    ("127.0.0.1", None, True), ("::1", None, True), ("192.168.1.9", None, False), ("192.168.1.9", "ana", True),
])
def test_only_loopback_or_a_logged_in_user_may_add(host, user, expected):
    request = SimpleNamespace(username=user, client=SimpleNamespace(host=host))
    assert allowed(request) is expected


def test_a_remote_visitor_is_refused_before_the_bot_is_touched():
    class NoBot:
        def add_document(self, *a, **k):
            pytest.fail("the bot was asked to add a document")

    handlers = DocumentHandlers()
    handlers.bot = NoBot()
    request = SimpleNamespace(username=None, client=SimpleNamespace(host="10.0.0.2"))
    (progress, *_), = list(handlers.add("/tmp/x.txt", request))
    assert 'data-state="error"' in progress and "Only a local or logged-in user" in progress


def test_the_project_index_is_never_written_when_documents_are_added(tmp_path):
    """The committed index/ holds the corpus only: one that includes added documents lives in
    the user-data folder, started from a copy of the project's (nothing embedded twice)."""
    from qa.retrieval.user_documents import user_index_settings
    from qa.settings import PROJECT_ROOT

    project = PROJECT_ROOT / "index"
    if not (project / "CURRENT").exists():
        pytest.skip("no project index")
    before = (project / "CURRENT").read_text()
    moved = user_index_settings(Settings(user_data=tmp_path / "user"))
    assert moved.index_dir == tmp_path / "user" / "index"
    assert (moved.index_dir / "CURRENT").read_text() == before and (project / "CURRENT").read_text() == before
    chosen = Settings(user_data=tmp_path / "user", index_dir=tmp_path / "mine")
    assert user_index_settings(chosen).index_dir == tmp_path / "mine"  # an explicit folder is kept
