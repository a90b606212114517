"""Documents users add to a running index, and take out again.

The corpus stays where it is (``CLUSTERQA_DOCUMENTS``); added documents are copied into the
user-documents folder (``CLUSTERQA_USER_DATA``/documents) and indexed incrementally: only
their passages are embedded, every other vector is reused.  While they are embedded, a
keyword-ready index serves them by BM25 (:class:`KeywordReadyIndex`: their keyword rank
stands in for the dense rank they do not have yet).
"""
from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from qa.documents.chunking import chunk_document, indexed_text
from qa.documents.ingest import PDF_SUFFIXES, SUPPORTED_SUFFIXES, TEXT_SUFFIXES, decode_text, read_document
from qa.errors import DocumentError
from qa.records import Document
from qa.retrieval.building import IndexState, fingerprint_corpus
from qa.retrieval.embedding import Embedder
from qa.retrieval.index import CANDIDATES, HybridIndex, build_index, build_lock, save_index
from qa.text import sha256_bytes

PDF_MAGIC = b"%PDF-"
# Passages embedded per call while a document is added: small, so a question waits little for the embedder.
ADD_BATCH = 2
# What a file name may keep: letters of any script, digits and a few separators.
_UNSAFE_NAME = re.compile(r"[^\w.\-()\u3000-\u303f\uff00-\uffef ]+")


def user_index_settings(settings):
    """``settings`` with the index moved into the user-data folder when it is the project's own.

    The project's ``index/`` is committed and holds the corpus only; an index that includes
    added documents lives in ``CLUSTERQA_USER_DATA``/index, started from a copy of the
    project's (so nothing already embedded is embedded again).  An index folder chosen
    explicitly (``CLUSTERQA_INDEX_DIR``, ``--index``) is used as it is.
    """
    from qa.settings import Settings

    if settings.user_data is None or Path(settings.index_dir) != Settings.index_dir:
        return settings
    target = settings.user_data / "index"
    if not (target / "CURRENT").exists() and (Path(settings.index_dir) / "CURRENT").exists():
        shutil.copytree(settings.index_dir, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*"))
    return settings.with_(index_dir=target)


def has_files(folder: Path) -> bool:
    """True when ``folder`` holds at least one document that could be indexed."""
    return folder.is_dir() and any(p.suffix.lower() in SUPPORTED_SUFFIXES for p in folder.iterdir() if p.is_file())


def safe_name(name: str) -> str:
    """A file name that stays inside its folder: no path, no control or shell characters."""
    base = Path(str(name).replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    if not base or base.startswith("."):
        raise DocumentError(str(name), "the file name is empty or hidden; rename the file")
    return base[:120]


def check_content(name: str, data: bytes) -> None:
    """Refuse a file whose content does not match its extension (a renamed binary, a PDF named .txt)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(name, f"unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED_SUFFIXES)}")
    if not data.strip():
        raise DocumentError(name, "the file is empty")
    is_pdf = data.lstrip()[:5] == PDF_MAGIC
    if suffix in PDF_SUFFIXES and not is_pdf:
        raise DocumentError(name, "the file is named .pdf but is not a PDF (it does not start with %PDF-)")
    if suffix in TEXT_SUFFIXES:
        if is_pdf:
            raise DocumentError(name, f"the file is a PDF named {suffix}; rename it to .pdf")
        decode_text(data, name)  # raises for binary data


def store(path: Path, name: str | None, folder: Path, indexed: Sequence[Document]) -> tuple[Path, Document]:
    """Check ``path``, copy it into ``folder`` as ``name`` and parse it; (stored path, document)."""
    name = safe_name(name or path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"cannot be read ({exc.strerror or exc})") from None
    check_content(name, data)
    digest = sha256_bytes(data)
    for document in indexed:
        if document.source == name:
            raise DocumentError(name, "a document of that name is already indexed; remove it first or rename the file")
        if document.sha256 == digest:
            raise DocumentError(name, f"the same file is already indexed as {document.source}")
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / name
    temporary = folder / f".{name}.{os.getpid()}.part"
    temporary.write_bytes(data)
    os.replace(temporary, stored)
    try:
        return stored, read_document(stored)
    except BaseException:
        stored.unlink(missing_ok=True)
        raise


def removable_path(source: str, folder: Path, indexed: Sequence[Document]) -> Path:
    """The stored file of a user-added ``source``; refuses the corpus's own documents."""
    if not any(d.source == source for d in indexed):
        raise DocumentError(source, "no document of that name is indexed")
    path = folder / safe_name(source)
    if path.name != source or not path.is_file():
        raise DocumentError(source, "this document is part of the corpus and cannot be removed here")
    return path


class _KeywordOnly:
    """The real embedder for queries and already-known passages; zero vectors for new passages."""

    def __init__(self, embedder: Embedder):
        self.id, self.dim, self._inner = embedder.id, embedder.dim, embedder

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), self.dim), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._inner.embed_query(text)


class KeywordReadyIndex(HybridIndex):
    """An index whose newest passages have no vectors yet: their keyword rank stands in for
    their dense rank, so fusion treats them like the passages that were embedded."""

    def __init__(self, index: HybridIndex, embedder: Embedder, pending: set[int]):
        super().__init__(index.documents, index.passages, index.vectors, index.bm25, index.tokenizer, embedder,
                         index.manifest, None)  # no embeddings: zero vectors must never be reused
        self.pending = pending

    def dense_ranking(self, query: str, candidates: int = CANDIDATES) -> list[int]:
        ranking = [i for i in super().dense_ranking(query, candidates + len(self.pending)) if i not in self.pending]
        for rank, position in enumerate(self.sparse_ranking(query, candidates)):
            if position in self.pending:
                ranking.insert(min(rank, len(ranking)), position)
        return ranking[:candidates]


def keyword_index(documents: list[Document], previous: HybridIndex, embedder: Embedder) -> HybridIndex:
    """An index of ``documents`` that serves new passages by keyword search before they are embedded."""
    index, _ = build_index(documents, _KeywordOnly(embedder), previous=previous)
    known = {p.source for p in previous.passages}
    return KeywordReadyIndex(index, embedder, {i for i, p in enumerate(index.passages) if p.source not in known})


class _Precomputed:
    """Vectors embedded beforehand, looked up by text, for :func:`build_index`."""

    def __init__(self, embedder: Embedder, vectors: dict[str, np.ndarray]):
        self.id, self.dim, self._inner, self._vectors = embedder.id, embedder.dim, embedder, vectors

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._inner.embed_query(text)


def rebuild(documents: list[Document], previous: HybridIndex, embedder: Embedder, index_dir: Path,
            progress: Callable[[int, int], None] | None,
            before_batch: Callable[[], None] | None = None, paths: Sequence[Path] = ()) -> IndexState:
    """The full index of ``documents`` (embedding only what ``previous`` lacks), saved to ``index_dir``.

    New passages are embedded in small batches first: the embedder serves one call at a
    time, and questions asked meanwhile need it for their query vector; ``before_batch``
    may hold each batch back while questions are being answered.
    """
    started = time.perf_counter()
    known = {indexed_text(p) for p in previous.passages} if previous.embeddings is not None else set()
    missing = list(dict.fromkeys(indexed_text(p) for d in documents for p in chunk_document(d)
                                 if indexed_text(p) not in known))
    vectors: dict[str, np.ndarray] = {}
    for start in range(0, len(missing), ADD_BATCH):
        if before_batch:
            before_batch()
        batch = missing[start:start + ADD_BATCH]
        vectors.update(zip(batch, embedder.embed_passages(batch)))
        if progress:
            progress(min(start + ADD_BATCH, len(missing)), len(missing))
    index, report = build_index(documents, _Precomputed(embedder, vectors), previous=previous)
    index.embedder = embedder
    index.manifest["skipped"] = list(previous.manifest.get("skipped", []))
    if paths:  # the files' stamps, so the next load need not hash them (as ensure_index records them)
        index.manifest["corpus"] = fingerprint_corpus(list(paths), previous.manifest.get("corpus"))[1]
    with build_lock(index_dir):
        save_index(index, index_dir, build_seconds=time.perf_counter() - started)
    return IndexState(index, [], report)
