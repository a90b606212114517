"""The scale benchmark's Milvus side: the same synthetic corpus in a Milvus Lite collection.

Run through ``bench/scale.py --backend milvus`` (which measures FAISS at the same sizes
beside it).  Everything goes through the product's code: BM25 weights from
:class:`qa.retrieval.bm25_vectors.Bm25Statistics`, rows from ``passage_row``, writes and
searches through :class:`qa.retrieval.milvus_store.PassageCollection`, queries through
``MilvusIndex.dense_ranking`` / ``sparse_ranking`` / ``search``.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from common import p50_p95, peak_rss_bytes, question_texts, rss_bytes, timings_ms

RECALL_AT = 10


def measure_milvus(size: int, seed: int = 0) -> dict:
    """Fill a Milvus Lite collection with ``size`` synthetic passages and time searches on it."""
    import faiss

    from qa.retrieval.bm25_vectors import Bm25Statistics
    from qa.retrieval.embedding import load_embedder
    from qa.retrieval.index import CANDIDATES, load_index
    from qa.retrieval.milvus_index import MilvusIndex
    from qa.retrieval.milvus_store import WRITE_BATCH, MilvusTarget, PassageCollection, passage_row
    from qa.documents.chunking import indexed_text
    from qa.settings import settings_from_env
    from scale import synthetic_passages, synthetic_tokens, synthetic_vectors

    settings = settings_from_env()
    embedder = load_embedder(settings.embedder)
    real = load_index(settings.index_dir, embedder)
    queries = question_texts()
    query_vectors = np.stack([embedder.embed_query(q) for q in queries])
    base_tokens = [real.tokenizer.tokens(indexed_text(p)) for p in real.passages]
    rng = np.random.default_rng(seed)  # the same draws as the FAISS child: the same corpus
    vectors = synthetic_vectors(real.embeddings, size, rng)
    tokens = synthetic_tokens(base_tokens, size, rng)
    passages = synthetic_passages(real.passages, size)
    result: dict = {"size": size, "queries": len(queries), "backend": "milvus-lite"}

    folder = Path(tempfile.mkdtemp(prefix="clusterqa-milvus-bench-"))
    try:
        before = rss_bytes()
        collection = PassageCollection.open(MilvusTarget(str(folder / "milvus.db"), "scale"))
        collection.create(embedder.dim, {"embedder": embedder.id, "dimension": str(embedder.dim)})
        started = time.perf_counter()
        statistics = Bm25Statistics.fit(tokens)
        for start in range(0, size, WRITE_BATCH):  # rows built a batch at a time: lists of floats are big
            collection.upsert([passage_row(passages[i], "", vectors[i], statistics.passage_vector(tokens[i]))
                               for i in range(start, min(size, start + WRITE_BATCH))])
        result["upsert_s"] = time.perf_counter() - started
        del tokens
        started = time.perf_counter()
        collection.flush()
        result["flush_s"] = time.perf_counter() - started
        started = time.perf_counter()
        collection.count()  # loads the collection: the first search's cost, paid here
        result["load_s"] = time.perf_counter() - started
        result["build_s"] = result["upsert_s"] + result["flush_s"] + result["load_s"]
        result["build_rss_bytes"] = rss_bytes() - before
        result["disk_bytes"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())

        exact = faiss.IndexFlatIP(vectors.shape[1])
        exact.add(vectors)
        _, truth = exact.search(query_vectors, RECALL_AT)
        del exact
        found = [collection.dense_search(v, min(CANDIDATES, size))[:RECALL_AT] for v in query_vectors]
        truth_ids = [{passages[i].id for i in row} for row in truth]
        result["recall_at_10"] = float(np.mean([len(set(f) & t) / RECALL_AT for f, t in zip(found, truth_ids)]))
        knn = timings_ms(lambda i: collection.dense_search(query_vectors[i], min(CANDIDATES, size)),
                         range(len(queries)), repeat=2)
        result["knn_p50_ms"], result["knn_p95_ms"] = p50_p95(knn)

        index = MilvusIndex([], passages, collection, real.tokenizer, embedder, {})
        index.search(queries[0])  # warm up
        for name, function in (("dense", index.dense_ranking), ("sparse", index.sparse_ranking),
                               ("search", index.search)):
            p50, p95 = p50_p95(timings_ms(function, queries, repeat=2))
            result[f"{name}_p50_ms"], result[f"{name}_p95_ms"] = p50, p95

        # Milvus Lite builds a flushed segment's HNSW index in a background thread and scans the
        # segment until then; a load waits for the index: measure again after a release and load.
        started = time.perf_counter()
        collection.client.release_collection(collection.name)
        collection.client.load_collection(collection.name)
        result["reload_s"] = time.perf_counter() - started
        found = [collection.dense_search(v, min(CANDIDATES, size))[:RECALL_AT] for v in query_vectors]
        result["reloaded_recall_at_10"] = float(np.mean([len(set(f) & t) / RECALL_AT
                                                         for f, t in zip(found, truth_ids)]))
        knn = timings_ms(lambda i: collection.dense_search(query_vectors[i], min(CANDIDATES, size)),
                         range(len(queries)), repeat=2)
        result["reloaded_knn_p50_ms"], result["reloaded_knn_p95_ms"] = p50_p95(knn)
        p50, p95 = p50_p95(timings_ms(index.search, queries, repeat=2))
        result["reloaded_search_p50_ms"], result["reloaded_search_p95_ms"] = p50, p95
        result["peak_rss_bytes"] = peak_rss_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def milvus_table(faiss_results: list[dict], milvus_results: list[dict]) -> str:
    """FAISS + bm25s beside Milvus Lite, size by size."""
    from common import markdown_table

    by_size = {r["size"]: r for r in faiss_results}
    rows = []
    for m in milvus_results:
        f = by_size.get(m["size"], {})
        rows.append([f"{m['size']:,}", "FAISS + bm25s", f"{f.get('vector_build_s', 0) + f.get('bm25_build_s', 0):.1f}",
                     _faiss_knn(f), _pair(f, "dense"), _pair(f, "sparse"),
                     _pair(f, "search"), f"{f.get('recall_at_10', 0):.3f}", f"{f.get('peak_rss_bytes', 0) / 2**20:,.0f}"])
        rows.append([f"{m['size']:,}", "Milvus Lite, as written", f"{m['build_s']:.1f}", f"{m['knn_p50_ms']:.1f}",
                     _pair(m, "dense"), _pair(m, "sparse"), _pair(m, "search"), f"{m['recall_at_10']:.3f}",
                     f"{m['peak_rss_bytes'] / 2**20:,.0f}"])
        if "reload_s" in m:
            rows.append([f"{m['size']:,}", "Milvus Lite, reloaded", f"+ {m['reload_s']:.1f}",
                         f"{m['reloaded_knn_p50_ms']:.1f}", "", "", _pair(m, "reloaded_search"),
                         f"{m['reloaded_recall_at_10']:.3f}", ""])
    table = markdown_table(["passages", "backend", "build s", "kNN alone p50 ms", "dense p50/p95 ms",
                            "sparse p50/p95 ms", "search p50/p95 ms", "recall@10 vs exact", "peak RSS MiB"], rows)
    notes = [table, "", "Milvus Lite build = BM25 weights and upsert + flush (seal; the index follows in the background) + load: "
             + "; ".join(f"{m['size']:,}: {m['upsert_s']:.1f} + {m['flush_s']:.1f} + "
                         f"{m['load_s']:.1f} s, {m['disk_bytes'] / 2**20:,.0f} MiB on disk" for m in milvus_results)
             + ". FAISS build = HNSW (or flat) + bm25s index. 'kNN alone' is the dense search (k=50) without "
             "the query embedding: FAISS's index as the product sets it, Milvus's HNSW through gRPC. Dense and "
             "search include embedding the query; recall@10 is the dense side's against exact search. 'As written': "
             "searched right after the flush, while Lite compacts and builds the HNSW index in a background "
             "thread (until then it scans the segment: exact, slow); 'reloaded': after a release and load, which waits "
             "for (or builds) the index (its time is the + figure)."]
    return "\n".join(notes)


def _faiss_knn(result: dict) -> str:
    from qa.retrieval.vector_index import HNSW_EF_SEARCH

    chosen = [s for s in result.get("hnsw_sweep", []) if s["ef_search"] == HNSW_EF_SEARCH]
    if chosen:
        return f"{chosen[0]['p50_ms']:.1f}"
    return f"{result['flat_p50_ms']:.1f}" if "flat_p50_ms" in result else ""


def _pair(result: dict, name: str) -> str:
    if f"{name}_p50_ms" not in result:
        return ""
    return f"{result[f'{name}_p50_ms']:.1f} / {result[f'{name}_p95_ms']:.1f}"
