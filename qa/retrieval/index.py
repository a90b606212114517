"""The hybrid index: FAISS vectors + BM25 over jieba tokens, fused by reciprocal rank.

On disk (no pickle anywhere)::

    index/CURRENT               name of the active build folder (swapped atomically)
    index/<build>/manifest.json embedder id, dimension, chunking version, source hashes,
                                SHA-256 of every file below
    index/<build>/passages.jsonl, documents.json, vectors.faiss, vectors.npy,
    index/<build>/bm25/ (bm25s: JSON + .npy), words.json (jieba user words)

A build writes a fresh folder and then points ``CURRENT`` at it, so a reader never sees
a half-written index and a running server keeps its loaded copy until it reloads.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Sequence

import bm25s
import faiss
import numpy as np

from qa.documents.chunking import CHUNKING_VERSION, chunk_document, indexed_text
from qa.retrieval import layout
from qa.retrieval.embedding import Embedder, QueryVectors
from qa.retrieval.bilingual import CorpusTranslator, query_renderings
from qa.retrieval.glossary import expand_query
from qa.errors import CorruptIndexError, IndexBusyError, IndexStateError
from qa.records import Document, Passage
from qa.retrieval.store import document_from_dict, document_to_dict
from qa.text import sha256_bytes
from qa.retrieval.tokens import Tokenizer, names_in_tables
from qa.retrieval.vector_index import build_vector_index, index_kind, prepare_for_search

FORMAT_VERSION = 1
RRF_K = 60
DENSE_WEIGHT = 1.0
SPARSE_WEIGHT = 1.0
CANDIDATES = 50
MAX_ROWS_PER_TABLE = 3
EMBED_BATCH = 16
LOCK_TIMEOUT_S = 900
QUERY_CACHE = 32


@dataclass
class BuildReport:
    """What a build did, for the CLI and the benchmarks."""

    passages: int
    embedded: int
    reused: int
    parse_seconds: float = 0.0
    embed_seconds: float = 0.0
    index_seconds: float = 0.0


class HybridIndex:
    """Passages with their dense and sparse indexes, searchable together."""

    def __init__(self, documents: list[Document], passages: list[Passage], vectors: faiss.Index,
                 bm25: bm25s.BM25, tokenizer: Tokenizer, embedder: Embedder, manifest: dict,
                 embeddings: np.ndarray | None = None):
        self.documents = documents
        self.passages = passages
        self.vectors = vectors
        self.bm25 = bm25
        self.tokenizer = tokenizer
        self.embedder = embedder
        self.manifest = manifest
        self.embeddings = embeddings
        self._vocab = set(bm25.vocab_dict) if getattr(bm25, "vocab_dict", None) else set()
        self._translator: CorpusTranslator | None = None
        # the last queries' vectors: dense_scores reuses a search's
        self.query_vector = QueryVectors(lambda text: self.embedder.embed_query(text), QUERY_CACHE)
        self._positions: dict[str, int] | None = None

    def token_doc_freq(self, word: str) -> int:
        """How many passages hold ``word`` as one of their BM25 tokens (0 when it is not a word of the corpus)."""
        vocabulary = getattr(self.bm25, "vocab_dict", None) or {}
        token_id = vocabulary.get(word.lower())
        if token_id is None or not isinstance(getattr(self.bm25, "scores", None), dict):
            return 0
        indptr = self.bm25.scores["indptr"]
        return int(indptr[token_id + 1] - indptr[token_id]) if token_id + 1 < len(indptr) else 0

    def english_renderings(self, query: str) -> list[tuple[str, float]]:
        """The corpus words CC-CEDICT renders an English query's words by, weighted (see
        :func:`~qa.retrieval.bilingual.query_renderings`); none for a Chinese query."""
        if self._translator is None:
            self._translator = CorpusTranslator(self.token_doc_freq)
        return query_renderings(self._translator, query)

    # ---------------------------------------------------------------- search
    def dense_ranking(self, query: str, candidates: int = CANDIDATES) -> list[int]:
        if not self.passages:
            return []
        vector = self.query_vector(query).reshape(1, -1)
        _, ids = self.vectors.search(vector, min(candidates, len(self.passages)))
        return [int(i) for i in ids[0] if i >= 0]

    def dense_scores(self, query: str, passages: list[Passage]) -> dict[str, float]:
        """Cosine similarity of the (expanded) ``query`` with each of ``passages``, by passage id.

        Read from the stored passage vectors: nothing but the query is embedded (and that
        only once per query, see :meth:`query_vector`).  Empty when the index keeps no vectors.
        """
        if self.embeddings is None or not passages:
            return {}
        if self._positions is None:
            self._positions = {p.id: i for i, p in enumerate(self.passages)}
        vector = self.query_vector(expand_query(query))
        rows = [(p.id, self._positions[p.id]) for p in passages if p.id in self._positions]
        if not rows:
            return {}
        sims = self.embeddings[[i for _, i in rows]] @ vector
        return {pid: float(sim) for (pid, _), sim in zip(rows, sims)}

    def sparse_ranking(self, query: str, candidates: int = CANDIDATES,
                       renderings: Sequence[tuple[str, float]] = ()) -> list[int]:
        """BM25 ranking of ``query``'s tokens, plus each of ``renderings`` (a corpus word and its weight)."""
        tokens = [t for t in self.tokenizer.tokens(query) if t in self._vocab]
        extra = [(word, weight) for word, weight in renderings if word in self._vocab and word not in tokens]
        if not (tokens or extra) or not self.passages:
            return []
        scores = self.bm25.get_scores(tokens) if tokens else np.zeros(len(self.passages), dtype=np.float32)
        for word, weight in extra:
            scores = scores + weight * self.bm25.get_scores([word])
        top = min(candidates, len(scores))
        best = np.argpartition(-scores, top - 1)[:top]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [int(i) for i in best if scores[i] > 0]

    def search(self, query: str, k: int = 5, candidates: int = CANDIDATES) -> list[Passage]:
        """The ``k`` best passages for ``query``, by reciprocal-rank fusion of both rankings.

        English questions are first expanded with the report's Chinese terms (:mod:`qa.retrieval.glossary`).
        """
        renderings = self.english_renderings(query)
        query = expand_query(query)
        fused: dict[int, float] = {}
        for weight, ranking in ((DENSE_WEIGHT, self.dense_ranking(query, candidates)),
                                (SPARSE_WEIGHT, self.sparse_ranking(query, candidates, renderings))):
            for rank, position in enumerate(ranking):
                fused[position] = fused.get(position, 0.0) + weight / (RRF_K + rank + 1)
        ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
        best = diversify(ranked, self.passages, k)
        return [self.passages[position].with_score(round(score, 6)) for position, score in best]


def diversify(ranked: list[tuple[int, float]], passages: list[Passage], k: int) -> list[tuple[int, float]]:
    """Top ``k``, but at most ``MAX_ROWS_PER_TABLE`` rows of one table while other passages wait.

    Rows of one table share their title and headers, so a query that matches the headers
    would otherwise fill every slot with rows of the same table.
    """
    chosen: list[tuple[int, float]] = []
    held_back: list[tuple[int, float]] = []
    per_table: dict[tuple[str, str], int] = {}
    for position, score in ranked:
        passage = passages[position]
        if passage.kind == "table_row":
            table = (passage.source, passage.section)
            if per_table.get(table, 0) >= MAX_ROWS_PER_TABLE:
                held_back.append((position, score))
                continue
            per_table[table] = per_table.get(table, 0) + 1
        chosen.append((position, score))
        if len(chosen) == k:
            return chosen
    return chosen + held_back[: k - len(chosen)]


# ------------------------------------------------------------------- building
def content_key(embedder_id: str, text: str) -> str:
    """What a passage's vector depends on: the embedder and the text it embedded."""
    return sha256_bytes(f"{embedder_id}\x1f{text}".encode("utf-8"))


def embedding_cache(previous, embedder: Embedder) -> dict[str, np.ndarray]:
    """``{content key: vector}`` of an earlier index's passages (empty when it kept none).

    A key is what :func:`indexed_text` makes of the passage today; a build of another chunking
    version may have embedded other text for a table row or table, so only its prose vectors
    are taken.
    """
    cache: dict[str, np.ndarray] = {}
    embeddings = getattr(previous, "embeddings", None)
    if previous is not None and embeddings is not None and previous.embedder.id == embedder.id:
        same_chunking = (getattr(previous, "manifest", None) or {}).get("chunking_version") == CHUNKING_VERSION
        for passage, vector in zip(previous.passages, embeddings):
            if same_chunking or passage.kind == "text":
                cache[content_key(embedder.id, indexed_text(passage))] = vector
    return cache


def embed_with_cache(texts: list[str], keys: list[str], cache: dict[str, np.ndarray], embedder: Embedder,
                     progress: Callable[[int, int], None] | None = None) -> tuple[np.ndarray, list[int]]:
    """Vectors for ``texts``: cached ones copied, the others embedded in batches.

    Returns the vectors and the positions that were embedded.
    """
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    missing = [i for i, key in enumerate(keys) if key not in cache]
    for i, key in enumerate(keys):
        if key in cache:
            vectors[i] = cache[key]
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start:start + EMBED_BATCH]
        vectors[batch] = embedder.embed_passages([texts[i] for i in batch])
        if progress:
            progress(min(start + EMBED_BATCH, len(missing)), len(missing))
    return vectors, missing


def build_index(documents: list[Document], embedder: Embedder, *, previous: HybridIndex | None = None,
                progress: Callable[[int, int], None] | None = None,
                vector_kind: str = "auto") -> tuple[HybridIndex, BuildReport]:
    """Chunk, embed (reusing ``previous``'s vectors for unchanged chunks) and index."""
    started = time.perf_counter()
    passages = [p for document in documents for p in chunk_document(document)]
    texts = [indexed_text(p) for p in passages]
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    keys = [content_key(embedder.id, text) for text in texts]
    vectors, missing = embed_with_cache(texts, keys, embedding_cache(previous, embedder), embedder, progress)
    embed_seconds = time.perf_counter() - started

    started = time.perf_counter()
    tokenizer = Tokenizer(names_in_tables(documents))
    bm25 = bm25s.BM25()
    corpus_tokens = [tokenizer.tokens(text) or [""] for text in texts]
    if passages:
        bm25.index(corpus_tokens, show_progress=False)
    vector_index = build_vector_index(vectors, vector_kind) if passages else faiss.IndexFlatIP(embedder.dim)
    manifest = {
        "format": FORMAT_VERSION,
        "embedder": embedder.id,
        "dimension": embedder.dim,
        "chunking_version": CHUNKING_VERSION,
        "vector_index": index_kind(vector_index),
        "documents": [{"source": d.source, "sha256": d.sha256, "pages": d.page_count} for d in documents],
        "passages": len(passages),
    }
    index_seconds = time.perf_counter() - started
    index = HybridIndex(documents, passages, vector_index, bm25, tokenizer, embedder, manifest, vectors)
    report = BuildReport(len(passages), len(missing), len(passages) - len(missing),
                         parse_seconds, embed_seconds, index_seconds)
    return index, report


# --------------------------------------------------------------- persistence
def _hash_file(path: Path) -> str:
    digest = __import__("hashlib").sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_below(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json")


def save_index(index: HybridIndex, index_dir: Path, build_seconds: float | None = None) -> Path:
    """Write ``index`` as a new build folder, then point ``CURRENT`` at it (atomic).

    Call it holding :func:`build_lock`: it also clears what killed builds left behind.
    """
    index_dir = Path(index_dir)
    name = "build-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + f"-{os.getpid()}"
    temp = index_dir / f".{name}.tmp"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        temp.mkdir()
    except OSError as exc:
        raise layout.not_writable(index_dir, exc) from None
    try:
        with open(temp / "passages.jsonl", "w", encoding="utf-8") as handle:
            for passage in index.passages:
                handle.write(json.dumps(passage.to_dict(), ensure_ascii=False) + "\n")
        (temp / "documents.json").write_text(
            json.dumps([document_to_dict(d) for d in index.documents], ensure_ascii=False), encoding="utf-8")
        (temp / "words.json").write_text(json.dumps(index.tokenizer.user_words, ensure_ascii=False), encoding="utf-8")
        if index.vectors is not None:  # None: the vectors live in a database (qa.retrieval.milvus_index)
            faiss.write_index(index.vectors, str(temp / "vectors.faiss"))
        if index.embeddings is not None:
            np.save(temp / "vectors.npy", index.embeddings, allow_pickle=False)
        if index.passages and index.bm25 is not None:
            index.bm25.save(str(temp / "bm25"), show_progress=False)
        manifest = dict(index.manifest)
        manifest["built_at"] = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        if build_seconds is not None:
            manifest["build_seconds"] = round(build_seconds, 2)
        manifest["files"] = {str(p.relative_to(temp)): _hash_file(p) for p in _files_below(temp)}
        (temp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        final = index_dir / name
        os.replace(temp, final)
        layout.write_pointer(index_dir, name)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise layout.not_writable(index_dir, exc) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    index.manifest = manifest
    layout.remove_old_builds(index_dir, keep=name)
    return final


def current_build(index_dir: Path) -> Path | None:
    """The active build folder, or None when there is no index yet.

    Raises :class:`CorruptIndexError` when ``CURRENT`` is damaged.
    """
    name = layout.read_pointer(Path(index_dir))
    if name is None:
        return None
    folder = Path(index_dir) / name
    return folder if folder.is_dir() else None


def read_manifest(index_dir: Path) -> dict | None:
    """The active build's manifest, schema-checked; None when there is no index yet."""
    return layout.with_current_build(Path(index_dir), _read_manifest_file)


def _read_manifest_file(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorruptIndexError(f"The index manifest in {folder} is unreadable ({exc.__class__.__name__}: "
                                f"{str(exc)[:120]}). {layout.REBUILD}") from None
    if isinstance(manifest, dict) and manifest.get("format") != FORMAT_VERSION:
        return manifest  # another format's keys are its own business: it is stale and gets rebuilt
    return layout.check_manifest(manifest, folder / "manifest.json")


def manifest_backend(manifest: dict) -> str:
    """Which search backend a build was made for (builds older than the choice are FAISS)."""
    return manifest.get("backend", "faiss")


@dataclass
class StoredBuild:
    """What every backend keeps in a build folder: the parsed documents, passages and tokenizer words."""

    folder: Path
    manifest: dict
    documents: list[Document]
    passages: list[Passage]
    words: list[str]
    embeddings: np.ndarray | None


def load_index(index_dir: Path, embedder: Embedder) -> HybridIndex:
    """Load the active FAISS + BM25 build, checking every file against the manifest.

    The build folder stays pinned while it is read, so a concurrent rebuild cannot remove it.
    """
    index = layout.with_current_build(Path(index_dir), lambda folder: _load_folder(folder, embedder))
    if index is None:
        raise IndexStateError(f"No index in {index_dir}: run 'python -m qa build'.")
    return index


def read_build(index_dir: Path, embedder: Embedder) -> StoredBuild:
    """The active build's common files (any backend), each checked against the manifest."""
    stored = layout.with_current_build(Path(index_dir), lambda folder: _read_stored(folder, embedder))
    if stored is None:
        raise IndexStateError(f"No index in {index_dir}: run 'python -m qa build'.")
    return stored


def load_reusable(index_dir: Path, embedder: Embedder) -> HybridIndex | None:
    """The index a rebuild may take vectors from: the active build, or when that is damaged
    (a garbled ``CURRENT``, a truncated manifest) the newest build folder that is still whole.

    None when there is none: everything is embedded again.
    """
    try:
        return load_index(index_dir, embedder)
    except IndexStateError:
        return layout.with_each_build(Path(index_dir), lambda folder: _load_folder(folder, embedder))


def _load_folder(folder: Path, embedder: Embedder) -> HybridIndex:
    stored = _read_stored(folder, embedder)
    manifest, passages = stored.manifest, stored.passages
    if manifest_backend(manifest) != "faiss":
        raise IndexStateError(f"The index in {folder} was built for the {manifest_backend(manifest)} backend, "
                              f"not FAISS: run 'python -m qa build'.")
    try:
        vectors = prepare_for_search(faiss.read_index(str(folder / "vectors.faiss")))
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if passages else bm25s.BM25()
    except Exception as exc:  # any parse failure of a file that matched its hash is still corruption
        raise _unreadable(folder, exc) from None
    if vectors.ntotal != len(passages):
        raise _inconsistent(folder)
    return HybridIndex(stored.documents, passages, vectors, bm25, Tokenizer(stored.words), embedder, manifest,
                       stored.embeddings)


def _unreadable(folder: Path, exc: Exception) -> CorruptIndexError:
    return CorruptIndexError(f"The index in {folder} cannot be read ({exc.__class__.__name__}: {str(exc)[:120]}). "
                             f"{layout.REBUILD}")


def _inconsistent(folder: Path) -> CorruptIndexError:
    return CorruptIndexError(f"The index in {folder} is inconsistent (passage and vector counts differ). "
                             f"{layout.REBUILD}")


def _read_stored(folder: Path, embedder: Embedder) -> StoredBuild:
    manifest = _read_manifest_file(folder)
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexStateError(f"The index in {folder} has format {str(manifest.get('format'))[:20]}, "
                              f"expected {FORMAT_VERSION}. Run 'python -m qa build' to rebuild it.")
    if manifest["embedder"] != embedder.id:
        raise IndexStateError(f"The index in {folder} was built with {manifest['embedder'][:80]}, not {embedder.id}. "
                              f"Run 'python -m qa build' to rebuild it.")
    expected = manifest["files"]
    present = {str(p.relative_to(folder)) for p in _files_below(folder)}
    unexpected = sorted(present - set(expected))
    if unexpected:
        raise CorruptIndexError(f"The index folder {folder} holds files its manifest does not list "
                                f"({', '.join(unexpected[:3])}). {layout.REBUILD}")
    for relative, digest in expected.items():
        path = folder / relative
        if not path.is_file() or _hash_file(path) != digest:
            raise CorruptIndexError(
                f"The index file {path} is missing or does not match its manifest (truncated or edited). "
                f"{layout.REBUILD}")
    try:
        passages = [Passage.from_dict(json.loads(line))
                    for line in (folder / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line]
        documents = [document_from_dict(d) for d in json.loads((folder / "documents.json").read_text(encoding="utf-8"))]
        words = json.loads((folder / "words.json").read_text(encoding="utf-8"))
        embeddings = np.load(folder / "vectors.npy", allow_pickle=False) if (folder / "vectors.npy").exists() else None
    except Exception as exc:  # any parse failure of a file that matched its hash is still corruption
        raise _unreadable(folder, exc) from None
    if len(passages) != manifest["passages"]:
        raise _inconsistent(folder)
    return StoredBuild(folder, manifest, documents, passages, words, embeddings)


@contextlib.contextmanager
def build_lock(index_dir: Path, timeout_s: float | None = None) -> Iterator[None]:
    """Only one build of an index folder at a time, across processes (waits up to ``timeout_s``).

    Once held, the temporary folders of builds that were killed are removed: a live build
    would be holding this lock.
    """
    timeout_s = LOCK_TIMEOUT_S if timeout_s is None else timeout_s
    index_dir = Path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / ".build.lock", "w")
    except OSError as exc:
        raise layout.not_writable(index_dir, exc) from None
    with handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(f"Another process is building the index in {index_dir}; try again later.")
                time.sleep(0.2)
        try:
            layout.remove_stale_temporaries(index_dir)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
