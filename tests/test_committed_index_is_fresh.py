"""The index committed in ``index/`` is exactly what a rebuild of ``documents/`` would produce.

A fresh clone answers from this index without embedding anything, so it must not go stale:
a changed document, chunker, parser, tokenizer or embedder without a rebuild fails here,
with the command that refreshes it.  The check rebuilds the index in memory from the
committed vectors (nothing is embedded) and compares passages, documents, jieba words and
BM25 scores; a few passages are re-embedded to catch an embedder that changed under the
same name.  It reads the index as it was when the tests were collected, so a test that
rebuilt it on load (``ReportQA.load`` does that for a stale index) does not hide it.
"""
from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from qa.documents.chunking import indexed_text
from qa.documents.ingest import read_corpus
from qa.errors import ClusterQAError
from qa.retrieval import building
from qa.retrieval.building import corpus_fingerprint, ensure_index, stale_reasons
from qa.retrieval.embedding import load_embedder
from qa.retrieval.index import build_index, current_build, load_index, read_manifest
from qa.retrieval.store import document_to_dict
from qa.settings import DEFAULT_EMBEDDER, Settings

DOCUMENTS = Settings().documents
INDEX = Settings().index_dir
ROOT = INDEX.parent
try:
    BUILD_AT_COLLECTION, UNREADABLE = current_build(INDEX), ""
except ClusterQAError as exc:  # a damaged index/CURRENT fails the test below, not the collection
    BUILD_AT_COLLECTION, UNREADABLE = None, str(exc)
REFRESH = ("Refresh it from the repository root, then commit it:\n"
           "    .venv/bin/python -m qa build --force\n"
           "    git add -A index/ && git commit -m 'index: rebuilt for <what changed>'\n"
           "(passages whose text did not change keep their vectors; only the others are embedded)")


class RecordingEmbedder:
    """Stands in for the real embedder during the in-memory rebuild: records what it would embed."""

    def __init__(self, real):
        self.id, self.dim = real.id, real.dim
        self.asked: list[str] = []

    def embed_passages(self, texts):
        self.asked.extend(texts)
        return np.zeros((len(texts), self.dim), dtype=np.float32)

    def embed_query(self, text):
        raise AssertionError("the freshness check never searches")


def differences(committed, embedder, folder=DOCUMENTS) -> list[str]:
    """What a rebuild of the corpus ``folder`` would change in ``committed`` (empty: nothing)."""
    declared = stale_reasons(committed.manifest, corpus_fingerprint([folder]), embedder.id)
    documents, _ = read_corpus([folder])
    recorder = RecordingEmbedder(embedder)
    rebuilt, _ = build_index(documents, recorder, previous=committed)
    found = []
    if recorder.asked:
        found.append(f"{len(recorder.asked)} passage text(s) are new or changed, e.g. {recorder.asked[0][:80]!r}")
    same_chunks = [p.to_dict() for p in rebuilt.passages] == [p.to_dict() for p in committed.passages]
    if not same_chunks:
        found.append(f"the passages differ ({len(committed.passages)} committed, {len(rebuilt.passages)} now)")
    if [document_to_dict(d) for d in rebuilt.documents] != [document_to_dict(d) for d in committed.documents]:
        found.append("the parsed documents (headings, paragraphs, tables) differ")
    if rebuilt.tokenizer.user_words != committed.tokenizer.user_words:
        found.append("the jieba words taken from the tables differ")
    elif same_chunks and set(rebuilt.bm25.vocab_dict) != set(committed.bm25.vocab_dict):
        found.append("the BM25 vocabulary differs (the tokenizer changed)")
    elif same_chunks and any(not np.allclose(rebuilt.bm25.get_scores([token]), committed.bm25.get_scores([token]))
                             for token in committed.bm25.vocab_dict if token):
        found.append("BM25 scores differ (the tokenizer or the BM25 settings changed)")
    if found and not declared:  # code changed, and nothing tells ReportQA.load() to rebuild older indexes
        found.append(f"CHUNKING_VERSION is still {building.CHUNKING_VERSION!r}: bump it in qa/documents/chunking.py too, "
                     f"so that indexes built before this change are rebuilt when they are loaded")
    return declared + found


def embedder_drift(committed, embedder) -> list[str]:
    """Re-embed one passage of each kind: an embedder changed under the same id gives other vectors."""
    if committed.embeddings is None:
        return ["the committed index has no vectors.npy to compare with"]
    sample = sorted({p.kind: i for i, p in reversed(list(enumerate(committed.passages)))}.values())
    fresh = embedder.embed_passages([indexed_text(committed.passages[i]) for i in sample])
    similarity = (fresh * committed.embeddings[sample]).sum(axis=1)
    if similarity.min() < 0.999:
        return [f"the embedder {embedder.id} now gives other vectors (cosine {similarity.min():.4f} for a "
                f"committed passage): its model or package changed"]
    return []


def stale_message(reasons: list[str]) -> str:
    return "The committed index in index/ is stale:\n" + "\n".join(f"  - {r}" for r in reasons) + "\n" + REFRESH


def test_the_index_is_committed():
    assert BUILD_AT_COLLECTION is not None and read_manifest(INDEX) is not None, stale_message(
        [UNREADABLE or "there is no index in index/ (a fresh clone would embed every passage on its first start)"])


def test_committed_index_matches_documents_chunker_and_embedder():
    if BUILD_AT_COLLECTION is None:
        pytest.skip("no committed index (test_the_index_is_committed fails)")
    assert current_build(INDEX) == BUILD_AT_COLLECTION, stale_message(
        ["it was rebuilt while the tests ran, so it was stale when they started"])
    embedder = load_embedder(DEFAULT_EMBEDDER)
    committed = load_index(INDEX, embedder)
    reasons = differences(committed, embedder) + embedder_drift(committed, embedder)
    assert not reasons, stale_message(reasons)


def test_the_manifest_holds_no_absolute_path():
    """A committed index must load from wherever the repository is cloned."""
    if BUILD_AT_COLLECTION is None:
        pytest.skip("no committed index")
    for path in BUILD_AT_COLLECTION.rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text and "/home/" not in text and "/work/" not in text, path


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_the_index_on_disk_is_the_committed_one():
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--", "index/CURRENT"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert tracked, stale_message(["index/ is not committed (git ls-files index/CURRENT is empty)"])
    changed = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all", "--", "index/"],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    current = current_build(INDEX)
    leftovers = sorted({line[3:].split("/")[1] for line in changed if line.startswith("?? index/build-")} -
                       {current.name if current else ""})
    assert not leftovers, ("index/ holds build folders that index/CURRENT does not name (left by an older "
                           "build or a rebase); delete them: " + " ".join(f"rm -rf index/{name}" for name in leftovers))
    assert not changed, ("index/ differs from the last commit (rebuilt and not committed?):\n" + "\n".join(changed)[:800] +
                         "\nCommit it: git add -A index/ && git commit -m 'index: rebuilt for <what changed>'")


# ------------------------------------------------ the check itself, on a small corpus of our own
@pytest.fixture
def small_committed(small_corpus, tmp_path, fake_embedder):
    """A small corpus and its index, as if committed: (corpus folder, loaded index)."""
    ensure_index([small_corpus], tmp_path / "index", fake_embedder, progress=False)
    return small_corpus, load_index(tmp_path / "index", fake_embedder)


def test_check_passes_on_a_fresh_index(small_committed, fake_embedder):
    corpus, committed = small_committed
    assert differences(committed, fake_embedder, corpus) == [] and embedder_drift(committed, fake_embedder) == []


def test_check_catches_a_changed_document(small_committed, fake_embedder):
    corpus, committed = small_committed
    path = corpus / "small.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n新增的一段话。\n", encoding="utf-8")
    assert "small.txt changed since the build" in differences(committed, fake_embedder, corpus)


def test_check_catches_a_chunking_version_bump(small_committed, fake_embedder, monkeypatch):
    corpus, committed = small_committed
    monkeypatch.setattr(building, "CHUNKING_VERSION", "next")
    assert any("chunking version" in r for r in differences(committed, fake_embedder, corpus))


def test_check_catches_a_chunker_changed_without_a_version_bump(small_committed, fake_embedder, monkeypatch):
    from qa.retrieval import index as index_module

    corpus, committed = small_committed
    chunk = index_module.chunk_document
    monkeypatch.setattr(index_module, "chunk_document", lambda document: chunk(document)[:-1])
    reasons = differences(committed, fake_embedder, corpus)
    assert any("passages differ" in r for r in reasons) and any("bump it" in r for r in reasons)


def test_check_catches_an_embedder_changed_under_the_same_id(small_committed, fake_embedder):
    corpus, committed = small_committed

    class Drifted(type(fake_embedder)):
        def _embed(self, text):
            return super()._embed(text[::-1] + "漂移")

    assert any("other vectors" in r for r in embedder_drift(committed, Drifted()))
