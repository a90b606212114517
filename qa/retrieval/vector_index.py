"""FAISS vector index, chosen by corpus size.

Exact inner-product search (``IndexFlatIP``) while it is fast enough; HNSW beyond.  The
threshold and HNSW parameters come from the scale curve in ``bench/RESULTS.md``.
"""
from __future__ import annotations

import faiss
import numpy as np

# From the scale curve in bench/RESULTS.md ("Scale"): one exact query stays ~0.1 ms up to
# 5,000 vectors, then FAISS spreads it over threads and it costs 20-50 ms on two shared
# cores, while HNSW stays at 1-3 ms.  At 1M passages (M 32, efConstruction 80, built in
# 4-7 min) recall@10 vs exact is 0.917 at efSearch 512, 0.952 at 1024 and 0.976 at 1536
# for 7 ms a query: a wide efSearch costs milliseconds, a larger efConstruction build minutes.
FLAT_MAX_VECTORS = 5_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 1536


def build_vector_index(vectors: np.ndarray, kind: str = "auto") -> faiss.Index:
    """An inner-product index over L2-normalised ``vectors`` (``kind``: auto, flat, hnsw)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    if kind == "auto":
        kind = "flat" if len(vectors) <= FLAT_MAX_VECTORS else "hnsw"
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        raise ValueError(f"unknown vector index kind {kind!r}: use auto, flat or hnsw")
    if len(vectors):
        index.add(vectors)
    return index


def index_kind(index: faiss.Index) -> str:
    return "hnsw" if isinstance(index, faiss.IndexHNSWFlat) else "flat"


def prepare_for_search(index: faiss.Index) -> faiss.Index:
    """Search-time parameters are not stored in the file: set them after loading."""
    if isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index
