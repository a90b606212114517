"""Every fault of the index folder ends in a ClusterQAError whose advice works, never a traceback.

Used to break: binary garbage, 5,000 characters or a directory as ``index/CURRENT`` raised
UnicodeDecodeError, OSError 36 and IsADirectoryError; a read-only index folder holding a
stale index raised OSError 30 from ``.build.lock``.
"""
import errno
import io
import os
import shutil
from pathlib import Path

import pytest

from qa import ReportQA
from qa.cli import main
from qa.errors import CorruptIndexError, IndexStateError
from qa.retrieval import index as index_module
from qa.settings import Settings


def _load(corpus, index_dir):
    return ReportQA.load(index_dir, documents=corpus, settings=Settings(embedder="fake"), progress=False)


def _binary(pointer):
    pointer.write_bytes(bytes(range(256)) * 4)


def _long(pointer):
    pointer.write_text("b" * 5000, encoding="utf-8")


def _directory(pointer):
    pointer.unlink()
    (pointer / "inside").mkdir(parents=True)


def _outside_name(pointer):
    pointer.write_text("../../etc\n", encoding="utf-8")


@pytest.mark.parametrize("damage", [_binary, _long, _directory, _outside_name])
def test_a_damaged_pointer_is_refused_and_build_repairs_it(small_corpus, tmp_path, fake_embedder, monkeypatch,
                                                           damage, capsys):
    index_dir = tmp_path / "index"
    _load(small_corpus, index_dir)
    damage(index_dir / "CURRENT")
    with pytest.raises(CorruptIndexError, match="python -m qa build --force"):
        _load(small_corpus, index_dir)
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    assert main(["--index", str(index_dir), "--quiet", "search", "风险投资"], out=io.StringIO()) == 2
    assert "CURRENT" in capsys.readouterr().err
    assert main(["--index", str(index_dir), "--quiet", "build", str(small_corpus)], out=io.StringIO()) == 0
    assert _load(small_corpus, index_dir).search("风险投资", k=1)


def _refuse_writes(monkeypatch, index_dir):
    """Make the index folder read-only: really when we can, else as the kernel would say it (EROFS)."""
    if os.geteuid() != 0:
        for path in [index_dir, *index_dir.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return
    real_open, real_mkdir = open, Path.mkdir

    def refused(path):
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def read_only_open(file, mode="r", *args, **kwargs):
        if str(file).startswith(str(index_dir)) and any(flag in mode for flag in "wax+"):
            raise refused(file)
        return real_open(file, mode, *args, **kwargs)

    def read_only_mkdir(self, *args, **kwargs):
        if str(self).startswith(str(index_dir)):
            raise refused(self)
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(index_module, "open", read_only_open, raising=False)
    monkeypatch.setattr(Path, "mkdir", read_only_mkdir)


def test_a_read_only_folder_with_a_stale_index_says_what_to_do(small_corpus, tmp_path, fake_embedder, monkeypatch):
    index_dir = tmp_path / "index"
    _load(small_corpus, index_dir)
    (small_corpus / "more.txt").write_text("第一章 补充\n\n示例谷的独角兽企业有 101 家。\n", encoding="utf-8")
    _refuse_writes(monkeypatch, index_dir)
    try:
        with pytest.raises(IndexStateError, match="cannot be written") as error:
            _load(small_corpus, index_dir)
        assert "read-only" in str(error.value) and "CLUSTERQA_INDEX_DIR" in str(error.value)
        elsewhere = tmp_path / "elsewhere"  # the advice: a writable folder works
        assert any("101" in p.text for p in _load(small_corpus, elsewhere).search("独角兽企业", k=3))
    finally:
        for path in [index_dir, *index_dir.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_folder_with_a_fresh_index_still_loads(small_corpus, tmp_path, fake_embedder, monkeypatch):
    index_dir = tmp_path / "index"
    _load(small_corpus, index_dir)
    _refuse_writes(monkeypatch, index_dir)
    try:
        assert _load(small_corpus, index_dir).search("风险投资", k=1)
    finally:
        for path in [index_dir, *index_dir.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_missing_build_folder_is_rebuilt_on_load(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    bot = _load(small_corpus, index_dir)
    shutil.rmtree(index_dir / (index_dir / "CURRENT").read_text().strip())
    assert _load(small_corpus, index_dir).build_report is not None
    assert bot.search("风险投资", k=1)


def test_repairing_a_damaged_pointer_reuses_the_intact_builds_vectors(small_corpus, tmp_path, fake_embedder,
                                                                      monkeypatch):
    index_dir = tmp_path / "index"
    _load(small_corpus, index_dir)
    _binary(index_dir / "CURRENT")
    bot = ReportQA.build([small_corpus], index_dir, settings=Settings(embedder="fake"), progress=False)
    assert bot.build_report.embedded == 0 and bot.build_report.reused > 0  # nothing embedded again
    assert [p.name for p in index_dir.glob("build-*")] == [(index_dir / "CURRENT").read_text().strip()]


def test_repairing_a_truncated_manifest_does_not_trust_its_vectors(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _load(small_corpus, index_dir)
    manifest = index_dir / (index_dir / "CURRENT").read_text().strip() / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:100])
    bot = ReportQA.build([small_corpus], index_dir, settings=Settings(embedder="fake"), progress=False)
    assert bot.build_report.reused == 0 and bot.build_report.embedded > 0
