"""The manifest's schema is checked on load: a missing or mistyped key refuses the index.

Used to break: with its ``files`` list removed, a manifest was trusted, so an edited
``passages.jsonl`` (20424 -> 99999) loaded silently and the wrong figure was served; a
truncated manifest advised ``python -m qa build``, which then failed the same way.
"""
import io
import json

import pytest

from qa import ReportQA
from qa.cli import main
from qa.errors import CorruptIndexError
from qa.retrieval.index import current_build
from qa.settings import Settings


def _load(corpus, index_dir):
    return ReportQA.load(index_dir, documents=corpus, settings=Settings(embedder="fake"), progress=False)


def _edit_manifest(index_dir, change):
    path = current_build(index_dir) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize("key", ["files", "passages", "embedder", "documents", "built_at"])
def test_a_missing_key_refuses_to_load(small_corpus, tmp_path, fake_embedder, key):
    _load(small_corpus, tmp_path / "index")
    _edit_manifest(tmp_path / "index", lambda m: m.pop(key))
    with pytest.raises(CorruptIndexError, match=f"'{key}' is missing") as error:
        _load(small_corpus, tmp_path / "index")
    assert "python -m qa build --force" in str(error.value)


@pytest.mark.parametrize("key, value", [("passages", "7"), ("files", ["passages.jsonl"]), ("dimension", True),
                                        ("documents", [{"source": 3}]), ("files", {"../../etc/passwd": "0" * 64})])
def test_a_mistyped_key_refuses_to_load(small_corpus, tmp_path, fake_embedder, key, value):
    _load(small_corpus, tmp_path / "index")
    _edit_manifest(tmp_path / "index", lambda m: m.__setitem__(key, value))
    with pytest.raises(CorruptIndexError, match="manifest .* is not valid"):
        _load(small_corpus, tmp_path / "index")


def test_an_edited_passages_file_is_caught_even_without_the_files_list(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _load(small_corpus, index_dir)
    passages = current_build(index_dir) / "passages.jsonl"
    passages.write_text(passages.read_text(encoding="utf-8").replace("441", "999"), encoding="utf-8")
    with pytest.raises(CorruptIndexError, match="does not match its manifest"):
        _load(small_corpus, index_dir)
    _edit_manifest(index_dir, lambda m: m.pop("files"))
    with pytest.raises(CorruptIndexError, match="'files' is missing"):
        _load(small_corpus, index_dir)


def test_a_file_the_manifest_does_not_list_refuses_to_load(small_corpus, tmp_path, fake_embedder):
    _load(small_corpus, tmp_path / "index")
    (current_build(tmp_path / "index") / "bm25" / "extra.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CorruptIndexError, match="does not list"):
        _load(small_corpus, tmp_path / "index")


def test_a_truncated_manifest_advises_force_and_plain_build_repairs_it(small_corpus, tmp_path, fake_embedder,
                                                                       capsys, monkeypatch):
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    index_dir = tmp_path / "index"
    _load(small_corpus, index_dir)
    path = current_build(index_dir) / "manifest.json"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(CorruptIndexError, match="python -m qa build --force"):
        _load(small_corpus, index_dir)
    for command in (["build"], ["build", "--force"]):
        assert main(["--index", str(index_dir), "--quiet", *command, str(small_corpus)],
                    out=io.StringIO()) == 0
        assert "error" not in capsys.readouterr().err
        assert any("441" in p.text for p in _load(small_corpus, index_dir).search("风险投资", k=3))
        path = current_build(index_dir) / "manifest.json"
        path.write_bytes(path.read_bytes()[:100])
