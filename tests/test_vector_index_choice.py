"""The vector index is chosen by corpus size: exact up to FLAT_MAX_VECTORS, HNSW beyond.

An HNSW index read back from disk searches with the product's efSearch, the width the
scale curve in bench/RESULTS.md chose, whatever the file says.
"""
from __future__ import annotations

import faiss
import numpy as np

from qa.retrieval.vector_index import FLAT_MAX_VECTORS, HNSW_EF_SEARCH, build_vector_index, index_kind, prepare_for_search


def unit_vectors(count: int, dim: int = 16) -> np.ndarray:
    vectors = np.random.default_rng(0).standard_normal((count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_exact_up_to_the_threshold_then_hnsw():
    assert index_kind(build_vector_index(unit_vectors(FLAT_MAX_VECTORS))) == "flat"
    assert index_kind(build_vector_index(unit_vectors(FLAT_MAX_VECTORS + 1))) == "hnsw"


def test_hnsw_read_back_gets_its_search_width_again(tmp_path):
    vectors = unit_vectors(2000)
    index = build_vector_index(vectors, "hnsw")
    faiss.write_index(index, str(tmp_path / "v.faiss"))
    loaded = prepare_for_search(faiss.read_index(str(tmp_path / "v.faiss")))
    assert loaded.hnsw.efSearch == HNSW_EF_SEARCH
    _, exact = build_vector_index(vectors, "flat").search(vectors[:20], 10)
    _, found = loaded.search(vectors[:20], 10)
    assert np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, found)]) >= 0.95
