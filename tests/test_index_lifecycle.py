"""The index on disk: built when missing, rebuilt when stale, refused when damaged."""
import json

import pytest

from qa import ReportQA
from qa.errors import CorruptIndexError
from qa.retrieval.index import current_build, read_manifest
from qa.settings import Settings


def _bot(corpus, index_dir, **kwargs):
    return ReportQA.load(index_dir, documents=corpus, settings=Settings(embedder="fake"), progress=False, **kwargs)


def test_missing_index_is_built_and_then_reused(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    bot = _bot(small_corpus, index_dir)
    assert bot.build_report is not None and bot.build_report.passages > 0
    manifest = read_manifest(index_dir)
    assert manifest["embedder"] == "fake:bigram-64" and manifest["dimension"] == 64
    assert manifest["documents"][0]["source"] == "small.txt"
    assert len(manifest["documents"][0]["sha256"]) == 64
    assert set(manifest["files"]) >= {"passages.jsonl", "vectors.faiss", "documents.json"}
    again = _bot(small_corpus, index_dir)
    assert again.build_report is None  # loaded, not rebuilt
    assert [p.id for p in again.search("风险投资", k=3)] == [p.id for p in bot.search("风险投资", k=3)]


def test_changed_document_makes_the_index_stale(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _bot(small_corpus, index_dir)
    path = small_corpus / "small.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n新增一段：示例谷的独角兽企业有 101 家。\n", encoding="utf-8")
    bot = _bot(small_corpus, index_dir)
    assert bot.build_report is not None  # rebuilt
    assert any("101" in p.text for p in bot.search("独角兽企业", k=3))


def test_changed_embedder_or_chunking_version_makes_it_stale(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _bot(small_corpus, index_dir)
    manifest_path = current_build(index_dir) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["chunking_version"] = "0"
    manifest_path.write_text(json.dumps(manifest))
    assert _bot(small_corpus, index_dir).build_report is not None


@pytest.mark.parametrize("victim", ["passages.jsonl", "vectors.faiss", "documents.json"])
def test_truncated_file_is_refused_with_a_clear_message(small_corpus, tmp_path, fake_embedder, victim):
    index_dir = tmp_path / "index"
    _bot(small_corpus, index_dir)
    path = current_build(index_dir) / victim
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(CorruptIndexError, match="does not match its manifest") as error:
        _bot(small_corpus, index_dir)
    assert "python -m qa build --force" in str(error.value)


def test_force_rebuild_repairs_a_corrupt_index(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _bot(small_corpus, index_dir)
    (current_build(index_dir) / "passages.jsonl").write_text("garbage", encoding="utf-8")
    bot = ReportQA.build([small_corpus], index_dir, settings=Settings(embedder="fake"), progress=False)
    assert bot.search("风险投资", k=1)


def test_build_leaves_no_temporary_folders_and_one_build(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _bot(small_corpus, index_dir)
    ReportQA.build([small_corpus], index_dir, settings=Settings(embedder="fake"), progress=False)
    names = sorted(p.name for p in index_dir.iterdir())
    assert [n for n in names if n.startswith("build-")] == [current_build(index_dir).name]
    assert not [n for n in names if n.endswith(".tmp")]


def test_no_pickle_files(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _bot(small_corpus, index_dir)
    for path in index_dir.rglob("*"):
        if path.is_file():
            assert path.suffix in {".json", ".jsonl", ".faiss", ".npy", ".lock", ""}, path
            assert not path.read_bytes().startswith(b"\x80\x04"), path  # pickle protocol 4 header
