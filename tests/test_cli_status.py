"""``python -m qa --index DIR status`` reports the index as it is on disk and never builds one.

It used to load the bot, so on a folder without an index it silently built a new one (and
printed its status, exit 0); on a stale index it rebuilt it.
"""
import io
import json
import os

import pytest

from qa.cli import main
from qa.settings import Settings


@pytest.fixture
def index_dir(small_corpus, tmp_path, fake_embedder, monkeypatch):
    from qa import ReportQA

    folder = tmp_path / "index"
    ReportQA.build([small_corpus], folder, settings=Settings(embedder="fake"), progress=False)
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    monkeypatch.setenv("CLUSTERQA_DOCUMENTS", str(small_corpus))
    return folder


def status(index_dir):
    out = io.StringIO()
    return main(["--index", str(index_dir), "--quiet", "status"], out=out), out.getvalue()


def test_status_of_a_fresh_index(index_dir):
    code, text = status(index_dir)
    assert code == 0
    shown = json.loads(text)
    assert shown["documents"] == ["small.txt"] and shown["stale"] == [] and shown["passages"] > 0


def test_status_of_a_folder_without_an_index(tmp_path, fake_embedder, monkeypatch, capsys):
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, text = status(empty)
    assert code != 0 and text == ""
    error = capsys.readouterr().err
    assert error.startswith(f"error: No index in {empty}") and "build" in error and "Traceback" not in error
    assert os.listdir(empty) == []  # nothing was built
    code, _ = status(tmp_path / "missing")
    assert code != 0 and not (tmp_path / "missing").exists()


def test_status_of_a_stale_index_says_why_and_does_not_rebuild(index_dir, small_corpus, capsys):
    before = json.loads(status(index_dir)[1])["built_at"]
    (small_corpus / "small.txt").write_text("第一章 新内容\n\n一段新的文字。\n", encoding="utf-8")
    code, text = status(index_dir)
    assert code == 1
    shown = json.loads(text)
    assert shown["stale"] == ["small.txt changed since the build"] and shown["built_at"] == before
    assert "stale" in capsys.readouterr().err
