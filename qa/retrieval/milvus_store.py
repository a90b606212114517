"""One index's passages in a Milvus collection: the schema, its properties, writes and searches.

Milvus Lite (a local ``….db`` path, run inside this process) and a Milvus standalone or
cluster server (an ``http://``, ``https://`` or ``tcp://`` URI) are driven by the same
``pymilvus`` client code.  ``pymilvus`` is imported lazily: it is an optional extra
(``pip install 'clusterqa[milvus]'``).

Each row is a passage: its stable id (the primary key, so writes are upserts), the key of
the text it embedded, the passage record's fields, its dense vector (HNSW, inner product)
and its BM25 weights as a sparse vector (:mod:`qa.retrieval.bm25_vectors`).  The
collection's properties record what the manifest records for FAISS: format, embedder,
dimension, chunking version, the BM25 statistics' fingerprint and the build time.
"""
from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import ClusterQAError, IndexStateError
from qa.retrieval.vector_index import HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_M
from qa.settings import MILVUS_SERVER_SCHEMES as SERVER_SCHEMES
from qa.settings import Settings

PROPERTY_PREFIX = "clusterqa."
WRITE_BATCH = 1000
READ_BATCH = 5000
_ID_BYTES, _KEY_BYTES, _TEXT_BYTES, _SHORT_BYTES = 128, 64, 65535, 4096
_OUTPUT = ["id"]
# A build reads what it just wrote: a server's default ("Bounded") may not show it yet.  Searches keep it.
_STRONG = "Strong"


@dataclass(frozen=True)
class MilvusTarget:
    """Where an index's collection lives: a Milvus URI (``….db`` path: Milvus Lite) and a collection name."""

    uri: str
    collection: str

    @property
    def is_lite(self) -> bool:
        return not self.uri.startswith(SERVER_SCHEMES)


def target_from_settings(settings: Settings) -> MilvusTarget | None:
    """The Milvus collection the settings choose, or None for the default FAISS + bm25s backend."""
    if settings.backend != "milvus":
        return None
    return MilvusTarget(settings.milvus_location, settings.milvus_collection)


def _clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes (Milvus VARCHAR lengths are in bytes)."""
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", errors="ignore")


def _milvus_error(target: MilvusTarget, exc: Exception) -> IndexStateError:
    message = getattr(exc, "message", None) or str(exc)
    return IndexStateError(f"Milvus at {target.uri} (collection {target.collection}): {message}")


class PassageCollection:
    """The collection of one index, with the few operations the index needs."""

    def __init__(self, client, target: MilvusTarget):
        self.client = client
        self.target = target
        self.name = target.collection
        self._loaded = False

    @classmethod
    def open(cls, target: MilvusTarget) -> "PassageCollection":
        try:
            from pymilvus import MilvusClient
        except ImportError:
            raise ClusterQAError("The Milvus backend needs pymilvus and milvus-lite: "
                                 "pip install 'clusterqa[milvus]'.") from None
        if target.is_lite:
            Path(target.uri).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            return cls(MilvusClient(str(Path(target.uri).expanduser()) if target.is_lite else target.uri), target)
        except Exception as exc:
            raise _milvus_error(target, exc) from None

    def _call(self, method: str, *args, **kwargs):
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except ClusterQAError:
            raise
        except Exception as exc:  # pymilvus raises MilvusException and gRPC errors alike
            raise _milvus_error(self.target, exc) from None

    # ------------------------------------------------------------ schema and properties
    def exists(self) -> bool:
        return bool(self._call("has_collection", self.name))

    def create(self, dimension: int, properties: dict[str, str]) -> None:
        """(Re)create the collection empty, for vectors of ``dimension``."""
        from pymilvus import DataType

        if self.exists():
            self._call("drop_collection", self.name)
        schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=_ID_BYTES)
        schema.add_field("content_key", DataType.VARCHAR, max_length=_KEY_BYTES)
        schema.add_field("text", DataType.VARCHAR, max_length=_TEXT_BYTES)
        schema.add_field("source", DataType.VARCHAR, max_length=_SHORT_BYTES)
        schema.add_field("section", DataType.VARCHAR, max_length=_SHORT_BYTES)
        schema.add_field("page", DataType.INT64)  # -1: no page (text sources)
        schema.add_field("kind", DataType.VARCHAR, max_length=32)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        index_params = self.client.prepare_index_params()
        index_params.add_index("dense", index_type="HNSW", metric_type="IP",
                               params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION})
        index_params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        self._call("create_collection", self.name, schema=schema, index_params=index_params,
                   properties={PROPERTY_PREFIX + k: v for k, v in properties.items()})
        self._loaded = False

    def properties(self) -> dict[str, str]:
        """The ``clusterqa.*`` properties, without the prefix (empty when there is no collection)."""
        if not self.exists():
            return {}
        described = self._call("describe_collection", self.name)
        return {k[len(PROPERTY_PREFIX):]: v for k, v in (described.get("properties") or {}).items()
                if k.startswith(PROPERTY_PREFIX)}

    def set_properties(self, properties: dict[str, str]) -> None:
        self._call("alter_collection_properties", self.name,
                   properties={PROPERTY_PREFIX + k: str(v) for k, v in properties.items()})

    def _ensure_loaded(self) -> None:
        if not self._loaded:  # a collection is searchable only once loaded (Lite releases it on restart)
            self._call("load_collection", self.name)
            self._loaded = True

    # ------------------------------------------------------------ reads
    def count(self) -> int:
        self._ensure_loaded()
        rows = self._call("query", self.name, filter="", output_fields=["count(*)"], consistency_level=_STRONG)
        return int(rows[0]["count(*)"])

    def stored_keys(self) -> dict[str, str]:
        """``{passage id: content key}`` of every row."""
        self._ensure_loaded()
        found: dict[str, str] = {}
        try:
            with _quiet_lite_iterator() if self.target.is_lite else contextlib.nullcontext():
                iterator = self.client.query_iterator(self.name, batch_size=READ_BATCH, filter="",
                                                      output_fields=["id", "content_key"],
                                                      consistency_level=_STRONG)
                while batch := iterator.next():
                    found.update((row["id"], row["content_key"]) for row in batch)
                iterator.close()
        except Exception as exc:
            raise _milvus_error(self.target, exc) from None
        return found

    def dense_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The stored dense vectors of ``ids`` (those that exist), by id."""
        if not ids:
            return {}
        self._ensure_loaded()
        rows = self._call("get", self.name, ids=list(ids), output_fields=["id", "dense"])
        return {row["id"]: np.asarray(row["dense"], dtype=np.float32) for row in rows}

    # ------------------------------------------------------------ writes
    def upsert(self, rows: list[dict]) -> None:
        """Write passage rows (see :func:`passage_row`), replacing rows with the same ids."""
        for start in range(0, len(rows), WRITE_BATCH):
            self._call("upsert", self.name, rows[start:start + WRITE_BATCH])

    def update_sparse(self, weights: dict[str, dict[int, float]]) -> None:
        """Replace only the BM25 weights of existing rows (a partial update: vectors are not re-sent)."""
        rows = [{"id": pid, "sparse": vector} for pid, vector in weights.items()]
        for start in range(0, len(rows), WRITE_BATCH):
            self._call("upsert", self.name, rows[start:start + WRITE_BATCH], partial_update=True)

    def delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), WRITE_BATCH):
            self._call("delete", self.name, ids=ids[start:start + WRITE_BATCH])

    def flush(self) -> None:
        """Seal what was written, so searches use the indexes (Milvus Lite scans unsealed rows one by one)."""
        self._call("flush", self.name)

    # ------------------------------------------------------------ searches
    def dense_search(self, vector: np.ndarray, limit: int) -> list[str]:
        self._ensure_loaded()
        hits = self._call("search", self.name, data=[vector.tolist()], anns_field="dense", limit=limit,
                          search_params=_dense_params(limit), output_fields=_OUTPUT)
        return [hit["id"] for hit in hits[0]]

    def sparse_search(self, vector: dict[int, float], limit: int) -> list[str]:
        self._ensure_loaded()
        hits = self._call("search", self.name, data=[vector], anns_field="sparse", limit=limit,
                          search_params={"metric_type": "IP"}, output_fields=_OUTPUT)
        return [hit["id"] for hit in hits[0]]

    def hybrid_search(self, dense: np.ndarray, sparse: dict[int, float], candidates: int, rrf_k: int,
                      limit: int) -> list[tuple[str, float]]:
        """Both searches (``candidates`` each) fused by reciprocal rank in Milvus: ``[(id, fused score)]``."""
        from pymilvus import AnnSearchRequest, RRFRanker

        self._ensure_loaded()
        requests = [AnnSearchRequest([dense.tolist()], "dense", _dense_params(candidates), candidates),
                    AnnSearchRequest([sparse], "sparse", {"metric_type": "IP"}, candidates)]
        hits = self._call("hybrid_search", self.name, requests, RRFRanker(rrf_k), limit=limit,
                          output_fields=_OUTPUT)
        return [(hit["id"], float(hit["distance"])) for hit in hits[0]]


@contextlib.contextmanager
def _quiet_lite_iterator():
    """Milvus Lite has no timestamp service: pymilvus's iterator asks, logs the failure and goes on
    with the client's clock, which is right for a single process.  Keep that out of the user's terminal."""
    loggers = [logging.getLogger(name) for name in ("grpc._server", "pymilvus.client.iterator.query_iterator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _dense_params(limit: int) -> dict:
    return {"metric_type": "IP", "params": {"ef": max(HNSW_EF_SEARCH, limit)}}


def passage_row(passage, key: str, dense: np.ndarray, sparse: dict[int, float]) -> dict:
    """A passage as a collection row."""
    return {"id": passage.id, "content_key": key, "text": _clip(passage.text, _TEXT_BYTES),
            "source": _clip(passage.source, _SHORT_BYTES), "section": _clip(passage.section, _SHORT_BYTES),
            "page": -1 if passage.page is None else int(passage.page), "kind": passage.kind,
            "dense": np.asarray(dense, dtype=np.float32).tolist(), "sparse": sparse}
