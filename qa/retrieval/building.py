"""Keeping the index in step with the corpus: load it when fresh, (re)build it when not."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from qa.documents.chunking import CHUNKING_VERSION
from qa.retrieval.embedding import Embedder
from qa.errors import ClusterQAError, IndexStateError
from qa.retrieval.index import (FORMAT_VERSION, BuildReport, HybridIndex, build_index, build_lock, load_index,
                                manifest_backend, read_manifest, save_index)
from qa.retrieval.milvus_store import MilvusTarget
from qa.documents.ingest import CorpusProblem, corpus_files, read_corpus
from qa.text import sha256_bytes


@dataclass
class IndexState:
    """The loaded index, with what the last build reported."""

    index: HybridIndex  # or a MilvusIndex: the same search interface
    problems: list[CorpusProblem] = field(default_factory=list)
    report: BuildReport | None = None


def corpus_fingerprint(paths: list[Path]) -> dict[str, str]:
    """``{file name: sha256}`` of every supported file in the corpus."""
    return {path.name: sha256_bytes(path.read_bytes()) for path in corpus_files(paths) if path.is_file()}


def stale_reasons(manifest: dict | None, fingerprint: dict[str, str], embedder_id: str,
                  milvus: MilvusTarget | None = None) -> list[str]:
    """Why the index described by ``manifest`` does not fit the corpus and embedder (empty: it fits).

    ``milvus``: the collection the index should live in (None: FAISS + bm25s files).
    """
    if not manifest:
        return ["there is no index"]
    reasons = []
    backend = manifest_backend(manifest)
    if milvus is None and backend != "faiss":
        reasons.append(f"built for the {str(backend)[:20]} backend, not faiss")
    elif milvus is not None and (backend != "milvus" or manifest.get("milvus_uri") != milvus.uri
                                 or manifest.get("collection") != milvus.collection):
        reasons.append(f"built for {str(backend)[:20]} {str(manifest.get('collection', ''))[:60]}, "
                       f"not Milvus collection {milvus.collection} at {milvus.uri}")
    if manifest.get("format") != FORMAT_VERSION:
        reasons.append(f"index format {manifest.get('format')}, expected {FORMAT_VERSION}")
    if manifest.get("embedder") != embedder_id:
        reasons.append(f"built with the embedder {manifest.get('embedder')}, not {embedder_id}")
    if manifest.get("chunking_version") != CHUNKING_VERSION:
        reasons.append(f"chunking version {manifest.get('chunking_version')}, the code is at {CHUNKING_VERSION}")
    known = {d["source"]: d["sha256"] for d in manifest.get("documents", [])}
    known.update({s["source"]: s["sha256"] for s in manifest.get("skipped", []) if s.get("sha256")})
    for source in sorted(known.keys() | fingerprint.keys()):
        if source not in fingerprint:
            reasons.append(f"{source} is indexed but no longer in the corpus")
        elif source not in known:
            reasons.append(f"{source} is in the corpus but not indexed")
        elif known[source] != fingerprint[source]:
            reasons.append(f"{source} changed since the build")
    return reasons


def is_fresh(manifest: dict | None, fingerprint: dict[str, str], embedder: Embedder,
             milvus: MilvusTarget | None = None) -> bool:
    return not stale_reasons(manifest, fingerprint, embedder.id, milvus)


def _progress_bar(enabled: bool):
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=0, desc="Embedding passages", unit="passage", file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update, bar.close


def open_index(index_dir: Path, embedder: Embedder, milvus: MilvusTarget | None = None):
    """The built index in ``index_dir`` as it is (FAISS, or ``milvus``'s collection); never builds."""
    if milvus is None:
        return load_index(index_dir, embedder)
    from qa.retrieval.milvus_index import load_milvus_index

    return load_milvus_index(index_dir, embedder, milvus)


def _load_fresh(index_dir: Path, fingerprint: dict[str, str], embedder: Embedder, milvus: MilvusTarget | None):
    """The index when it is fresh, else None.  A Milvus collection changed by another build is stale too."""
    if not is_fresh(read_manifest(index_dir), fingerprint, embedder, milvus):
        return None
    try:
        return open_index(index_dir, embedder, milvus)
    except IndexStateError:
        if milvus is None:
            raise  # a damaged FAISS index is refused, with how to rebuild it
        return None  # out of step with its collection: a sync brings it back (no re-embedding)


def ensure_index(paths: list[Path], index_dir: Path, embedder: Embedder, *, force: bool = False,
                 progress: bool = True, milvus: MilvusTarget | None = None,
                 vectors_from: Path | None = None) -> IndexState:
    """Load the index for ``paths`` from ``index_dir``; build it first if missing, stale or forced.

    ``milvus``: keep the passages in that Milvus collection instead of FAISS + bm25s files.
    ``vectors_from``: another FAISS index folder whose vectors a build may reuse.
    """
    paths = [Path(p) for p in paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ClusterQAError(f"No such file or folder: {', '.join(missing)}")
    fingerprint = corpus_fingerprint(paths)
    if not force and (index := _load_fresh(index_dir, fingerprint, embedder, milvus)) is not None:
        return IndexState(index)
    with build_lock(index_dir):
        fingerprint = corpus_fingerprint(paths)
        if not force and (index := _load_fresh(index_dir, fingerprint, embedder, milvus)) is not None:
            return IndexState(index)  # built by another process meanwhile
        previous = None
        for folder in (index_dir, vectors_from):  # a FAISS build lends its vectors to either backend
            try:
                previous = load_index(folder, embedder) if folder is not None else None
            except ClusterQAError:
                continue  # nothing reusable there (Milvus: the collection's own rows are reused anyway)
            if previous is not None:
                break
        started = time.perf_counter()
        documents, problems = read_corpus(paths)
        read_seconds = time.perf_counter() - started
        if not documents:
            reasons = "; ".join(map(str, problems)) or "no .txt, .md or .pdf files"
            raise IndexStateError(f"Nothing to index in {', '.join(map(str, paths))}: {reasons}")
        update, close = _progress_bar(progress)
        try:
            if milvus is None:
                index, report = build_index(documents, embedder, previous=previous, progress=update)
            else:
                from qa.retrieval.milvus_index import build_milvus_index

                index, report = build_milvus_index(documents, embedder, milvus, previous=previous, progress=update)
        finally:
            close()
        index.manifest["skipped"] = [{"source": p.source, "sha256": fingerprint.get(p.source, ""), "reason": p.reason}
                                     for p in problems]
        report.parse_seconds += read_seconds
        save_index(index, index_dir, build_seconds=time.perf_counter() - started)
        if milvus is not None:
            from qa.retrieval.milvus_index import mark_saved

            mark_saved(index)
        return IndexState(index, problems, report)
