"""The hybrid index on Milvus: the same ``search(query, k)``, ``passages`` and ``documents`` as
:class:`~qa.retrieval.index.HybridIndex`, with the vectors and BM25 weights in a collection.

What is stored where: the collection (:mod:`qa.retrieval.milvus_store`) holds every
passage with its dense vector and its BM25 weights, and is what a search reads; the local
build folder holds what the answer chain reads in memory (the parsed documents with their
tables, the passage records, jieba's user words) and a manifest naming the URI and the
collection.  The keyword side is BM25 weights computed here, with our jieba tokenizer and
the report's names (:mod:`qa.retrieval.bm25_vectors`), sent as sparse vectors: see the
README ("Running on a Milvus cluster") for why not Milvus's own analyzer.

A build is a sync, never a rebuild: rows whose passage id and embedded text are already
in the collection are kept (no embedding), new or changed passages are embedded and
upserted, passages gone from the corpus are deleted, and when the corpus's BM25 statistics
changed the kept rows get their new weights by a partial update (no vectors re-sent).
"""
from __future__ import annotations

import hashlib
import json
import time
from typing import Callable

from qa.documents.chunking import CHUNKING_VERSION, chunk_document, indexed_text
from qa.errors import IndexStateError
from qa.records import Document, Passage
from qa.retrieval.bilingual import CorpusTranslator, query_renderings, token_doc_freqs
from qa.retrieval.bm25_vectors import Bm25Statistics, query_vector, term_id
from qa.retrieval.embedding import Embedder, QueryVectors
from qa.retrieval.glossary import expand_query
from qa.retrieval.index import (CANDIDATES, FORMAT_VERSION, RRF_K, BuildReport, diversify, content_key,
                                embed_with_cache, embedding_cache, manifest_backend, read_build)
from qa.retrieval.milvus_store import MilvusTarget, PassageCollection, passage_row
from qa.retrieval.tokens import Tokenizer, names_in_tables


class MilvusIndex:
    """Passages searched in a Milvus collection: dense (HNSW) and BM25 sparse, fused by RRF in Milvus."""

    vectors = None      # no FAISS index and no bm25s index: both live in the collection
    bm25 = None
    embeddings = None   # the collection itself is the embedding cache (rows keyed by embedded text)

    def __init__(self, documents: list[Document], passages: list[Passage], collection: PassageCollection,
                 tokenizer: Tokenizer, embedder: Embedder, manifest: dict):
        self.documents = documents
        self.passages = passages
        self.collection = collection
        self.tokenizer = tokenizer
        self.embedder = embedder
        self.manifest = manifest
        self._positions = {p.id: i for i, p in enumerate(passages)}
        self._doc_freqs: dict[str, int] | None = None
        self._translator: CorpusTranslator | None = None
        self.query_vector = QueryVectors(lambda text: self.embedder.embed_query(text))   # as HybridIndex

    def token_doc_freq(self, word: str) -> int:
        """How many passages hold ``word`` as one of their keyword tokens (counted once, lazily)."""
        if self._doc_freqs is None:
            self._doc_freqs = token_doc_freqs(self.tokenizer.tokens(indexed_text(p)) for p in self.passages)
        return self._doc_freqs.get(word.lower(), 0)

    def english_renderings(self, query: str) -> list[tuple[str, float]]:
        """As :meth:`HybridIndex.english_renderings`: CC-CEDICT's corpus words for an English query."""
        if self._translator is None:
            self._translator = CorpusTranslator(self.token_doc_freq)
        return query_renderings(self._translator, query)

    def _positions_of(self, ids) -> list[int]:
        return [self._positions[i] for i in ids if i in self._positions]

    def dense_scores(self, query: str, passages: list[Passage]) -> dict[str, float]:
        """As :meth:`HybridIndex.dense_scores`, with the passages' vectors read from the collection."""
        if not passages:
            return {}
        vector = self.query_vector(expand_query(query))
        stored = self.collection.dense_vectors([p.id for p in passages])
        return {pid: float(v @ vector) for pid, v in stored.items()}

    def dense_ranking(self, query: str, candidates: int = CANDIDATES) -> list[int]:
        if not self.passages:
            return []
        return self._positions_of(self.collection.dense_search(self.query_vector(query), candidates))

    def sparse_ranking(self, query: str, candidates: int = CANDIDATES) -> list[int]:
        vector = query_vector(self.tokenizer.tokens(query))
        if not vector or not self.passages:
            return []
        return self._positions_of(self.collection.sparse_search(vector, candidates))

    def search(self, query: str, k: int = 5, candidates: int = CANDIDATES) -> list[Passage]:
        """The ``k`` best passages for ``query``, ranked as :meth:`HybridIndex.search` ranks them."""
        if not self.passages:
            return []
        renderings = self.english_renderings(query)
        query = expand_query(query)
        tokens = self.tokenizer.tokens(query)
        sparse = query_vector(tokens)
        for word, weight in renderings:  # as HybridIndex.sparse_ranking adds them
            if word not in tokens and self.token_doc_freq(word):
                sparse[term_id(word)] = sparse.get(term_id(word), 0.0) + weight
        if sparse:
            # limit 2 x candidates: every passage either ranking found, as the FAISS path fuses them
            hits = self.collection.hybrid_search(self.query_vector(query), sparse, candidates, RRF_K,
                                                 limit=2 * candidates)
            ranked = [(self._positions[pid], score) for pid, score in hits if pid in self._positions]
        else:  # no query word is a BM25 token: the dense ranking alone, scored as RRF scores it
            ranked = [(position, 1.0 / (RRF_K + rank + 1))
                      for rank, position in enumerate(self.dense_ranking(query, candidates))]
        ranked.sort(key=lambda item: (-round(item[1], 7), item[0]))  # float32 scores: ties stay ties
        best = diversify(ranked, self.passages, k)
        return [self.passages[position].with_score(round(score, 6)) for position, score in best]


# ------------------------------------------------------------------- building
def _properties(embedder: Embedder) -> dict[str, str]:
    return {"format": str(FORMAT_VERSION), "embedder": embedder.id, "dimension": str(embedder.dim),
            "chunking_version": str(CHUNKING_VERSION)}


def _compatible(stored: dict[str, str], embedder: Embedder) -> bool:
    wanted = _properties(embedder)
    return all(stored.get(key) == wanted[key] for key in ("format", "embedder", "dimension"))


def _keyword_fingerprint(statistics: Bm25Statistics, words: list[str]) -> str:
    words_hash = hashlib.sha256(json.dumps(words, ensure_ascii=False).encode("utf-8")).hexdigest()
    return hashlib.sha256((statistics.fingerprint() + words_hash).encode("ascii")).hexdigest()


def build_milvus_index(documents: list[Document], embedder: Embedder, target: MilvusTarget, *,
                       previous=None, progress: Callable[[int, int], None] | None = None
                       ) -> tuple[MilvusIndex, BuildReport]:
    """Chunk ``documents`` and bring ``target``'s collection in step with them (see the module docstring).

    ``previous`` (any earlier index with ``embeddings``, e.g. the FAISS one) lends its vectors.
    """
    started = time.perf_counter()
    passages = [p for document in documents for p in chunk_document(document)]
    texts = [indexed_text(p) for p in passages]
    keys = [content_key(embedder.id, text) for text in texts]
    tokenizer = Tokenizer(names_in_tables(documents))
    corpus_tokens = [tokenizer.tokens(text) or [""] for text in texts]
    statistics = Bm25Statistics.fit(corpus_tokens)
    fingerprint = _keyword_fingerprint(statistics, tokenizer.user_words)
    parse_seconds = time.perf_counter() - started

    collection = PassageCollection.open(target)
    stored_properties = collection.properties()
    if not _compatible(stored_properties, embedder):  # missing, or vectors of another embedder or size
        collection.create(embedder.dim, _properties(embedder))
        stored_properties = {}
    stored = collection.stored_keys() if stored_properties else {}
    todo = [i for i, (p, key) in enumerate(zip(passages, keys)) if stored.get(p.id) != key]

    started = time.perf_counter()
    vectors, embedded = embed_with_cache([texts[i] for i in todo], [keys[i] for i in todo],
                                         embedding_cache(previous, embedder), embedder, progress)
    embed_seconds = time.perf_counter() - started

    started = time.perf_counter()
    collection.upsert([passage_row(passages[i], keys[i], vectors[j], statistics.passage_vector(corpus_tokens[i]))
                       for j, i in enumerate(todo)])
    current = {p.id for p in passages}
    collection.delete([pid for pid in stored if pid not in current])
    if stored_properties.get("keyword_stats") != fingerprint:
        changed = set(todo)
        collection.update_sparse({p.id: statistics.passage_vector(corpus_tokens[i])
                                  for i, p in enumerate(passages) if i not in changed})
    collection.flush()
    collection.set_properties({**_properties(embedder), "keyword_stats": fingerprint})
    if collection.count() != len(passages):
        raise IndexStateError(f"Milvus collection {target.collection} at {target.uri} holds "
                              f"{collection.count()} rows after the build, not {len(passages)}: "
                              "is another process writing to it?")
    manifest = {
        "format": FORMAT_VERSION,
        "backend": "milvus",
        "milvus_uri": target.uri,
        "collection": target.collection,
        "embedder": embedder.id,
        "dimension": embedder.dim,
        "chunking_version": CHUNKING_VERSION,
        "vector_index": "milvus-hnsw",
        "documents": [{"source": d.source, "sha256": d.sha256, "pages": d.page_count} for d in documents],
        "passages": len(passages),
    }
    index_seconds = time.perf_counter() - started
    index = MilvusIndex(documents, passages, collection, tokenizer, embedder, manifest)
    report = BuildReport(len(passages), len(embedded), len(passages) - len(embedded),
                         parse_seconds, embed_seconds, index_seconds)
    return index, report


def mark_saved(index: MilvusIndex) -> None:
    """Record the saved manifest's build time in the collection: a loader sees both are the same build."""
    index.collection.set_properties({"built_at": index.manifest.get("built_at", "")})


# -------------------------------------------------------------------- loading
def in_step(manifest: dict | None, target: MilvusTarget) -> bool:
    """The local build was made for ``target`` (and not for FAISS or another collection)."""
    return bool(manifest) and manifest_backend(manifest) == "milvus" and \
        manifest.get("milvus_uri") == target.uri and manifest.get("collection") == target.collection


def load_milvus_index(index_dir, embedder: Embedder, target: MilvusTarget) -> MilvusIndex:
    """Open the active build and its collection, checking the collection is the one the build wrote."""
    stored = read_build(index_dir, embedder)
    if not in_step(stored.manifest, target):
        raise IndexStateError(f"The index in {stored.folder} was not built for Milvus collection "
                              f"{target.collection} at {target.uri}: run 'python -m qa build'.")
    collection = PassageCollection.open(target)
    properties = collection.properties()
    if not properties:
        raise IndexStateError(f"Milvus at {target.uri} has no collection {target.collection}: "
                              "run 'python -m qa build'.")
    if not _compatible(properties, embedder):
        raise IndexStateError(
            f"Milvus collection {target.collection} at {target.uri} holds vectors of "
            f"{properties.get('embedder')} ({properties.get('dimension')} dimensions), not {embedder.id} "
            f"({embedder.dim}): run 'python -m qa build' to rebuild it.")
    if properties.get("built_at") != stored.manifest.get("built_at") or collection.count() != len(stored.passages):
        raise IndexStateError(f"Milvus collection {target.collection} at {target.uri} was changed by another "
                              f"build since {stored.folder} was written: run 'python -m qa build'.")
    return MilvusIndex(stored.documents, stored.passages, collection, Tokenizer(stored.words), embedder,
                       stored.manifest)
