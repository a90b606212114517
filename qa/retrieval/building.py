"""Keeping the index in step with the corpus: load it when fresh, (re)build it when not."""
from __future__ import annotations

import os
import stat
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from qa.documents.chunking import CHUNKING_VERSION
from qa.retrieval.embedding import Embedder
from qa.errors import ClusterQAError, DocumentError, IndexStateError
from qa.retrieval.index import (FORMAT_VERSION, BuildReport, HybridIndex, build_index, build_lock, load_index,
                                load_reusable, manifest_backend, read_manifest, save_index)
from qa.retrieval.milvus_store import MilvusTarget
from qa.documents.ingest import CorpusProblem, hash_bounded, list_corpus, read_corpus, size_limit


@dataclass
class IndexState:
    """The loaded index, with what the last build reported."""

    index: HybridIndex  # or a MilvusIndex: the same search interface
    problems: list[CorpusProblem] = field(default_factory=list)
    report: BuildReport | None = None


# (absolute path, size, mtime_ns, ctime_ns) -> (sha256, when hashed), for this process
_HASHES: dict[tuple[str, int, int, int], tuple[str, int]] = {}
_HASHES_LOCK = threading.Lock()
_MAX_REMEMBERED = 10_000
# A file modified this close before it was hashed may change again within the same timestamp
# tick without its stamp changing ("racy git"): such a hash is not trusted, the file is hashed again.
RACY_NS = 2_000_000_000


def fingerprint_corpus(paths: list[Path], known: dict | None = None) -> tuple[dict[str, str], dict[str, dict]]:
    """``({source: sha256}, {source: stamp})`` of every supported file within its size limit.

    A file is hashed once per change: nothing is read while its size, mtime and ctime match its
    stamp in ``known`` (the ``corpus`` record of the manifest) or what this process last hashed,
    unless it was modified within :data:`RACY_NS` of that hashing.  An oversized file is left out
    from its size alone (the build reports it as too large), as the listing leaves out links.
    """
    known = known if isinstance(known, dict) else {}
    hashes: dict[str, str] = {}
    stamps: dict[str, dict] = {}
    files, _ = list_corpus(paths)
    for file in files:
        try:
            info = os.stat(file.path, follow_symlinks=not file.in_folder)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_size > size_limit(file.path):
            continue
        stamp = {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "ctime_ns": info.st_ctime_ns}
        key = (str(file.path.absolute()), info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        record = known.get(file.source)
        with _HASHES_LOCK:
            remembered = _HASHES.get(key)
        if _trusted(record, stamp):
            digest, hashed_ns = record["sha256"], record["hashed_ns"]
        elif remembered is not None and _trusted({**stamp, "sha256": remembered[0], "hashed_ns": remembered[1]}, stamp):
            digest, hashed_ns = remembered
        else:
            hashed_ns = time.time_ns()
            try:
                digest = hash_bounded(file.path, file.source, size_limit(file.path), follow_symlinks=not file.in_folder)
            except DocumentError:
                continue  # the build reports why
            with _HASHES_LOCK:
                if len(_HASHES) >= _MAX_REMEMBERED:
                    _HASHES.clear()
                _HASHES[key] = (digest, hashed_ns)
        hashes[file.source] = digest
        stamps[file.source] = {**stamp, "sha256": digest, "hashed_ns": hashed_ns}
    return hashes, stamps


def _trusted(record, stamp: dict) -> bool:
    """Does ``record`` (a stamp with its hash) still describe the file, and was it hashed well after its last change?"""
    return (isinstance(record, dict) and all(record.get(k) == v for k, v in stamp.items())
            and isinstance(record.get("sha256"), str) and isinstance(record.get("hashed_ns"), int)
            and stamp["mtime_ns"] < record["hashed_ns"] - RACY_NS)


def corpus_fingerprint(paths: list[Path], known: dict | None = None) -> dict[str, str]:
    """``{source: sha256}`` of every supported file in the corpus (see :func:`fingerprint_corpus`)."""
    return fingerprint_corpus(paths, known)[0]


def _corpus_record(manifest) -> dict | None:
    return manifest.get("corpus") if isinstance(manifest, dict) else None


def _manifest(index_dir: Path, force: bool) -> dict | None:
    """The manifest; for a forced build only its file stamps matter, so a damaged index is no obstacle."""
    if not force:
        return read_manifest(index_dir)
    try:
        return read_manifest(index_dir)
    except ClusterQAError:
        return None


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


def _load_fresh(index_dir: Path, manifest: dict | None, fingerprint: dict[str, str], embedder: Embedder,
                milvus: MilvusTarget | None):
    """The index when it is fresh, else None.  A Milvus collection changed by another build is stale too."""
    if not is_fresh(manifest, fingerprint, embedder, milvus):
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
    manifest = _manifest(index_dir, force)
    fingerprint, _ = fingerprint_corpus(paths, _corpus_record(manifest))
    if not force and (index := _load_fresh(index_dir, manifest, fingerprint, embedder, milvus)) is not None:
        return IndexState(index)
    with build_lock(index_dir):
        manifest = _manifest(index_dir, force)
        fingerprint, stamps = fingerprint_corpus(paths, _corpus_record(manifest))
        if not force and (index := _load_fresh(index_dir, manifest, fingerprint, embedder, milvus)) is not None:
            return IndexState(index)  # built by another process meanwhile
        previous = None
        for folder in (index_dir, vectors_from):  # a FAISS build lends its vectors to either backend
            try:
                previous = load_reusable(folder, embedder) if folder is not None else None
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
        index.manifest["corpus"] = stamps  # size, mtime, ctime and hash of each file: later loads read none
        report.parse_seconds += read_seconds
        save_index(index, index_dir, build_seconds=time.perf_counter() - started)
        if milvus is not None:
            from qa.retrieval.milvus_index import mark_saved

            mark_saved(index)
        return IndexState(index, problems, report)
