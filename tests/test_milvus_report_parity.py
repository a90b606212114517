"""On the real report, the Milvus backend (Milvus Lite) answers and retrieves as FAISS + bm25s does.

The Milvus collection is filled from the vectors of the report's built index (nothing is
re-embedded).  For the repo's question sets (tests/eval: the dev set's copy, our held-out
sets, the smoke questions), the top 5 passages of both backends overlap
by at least 0.9 on average, and the answer scores of the eval rules agree within 0.02.
"""
from pathlib import Path

import pytest

from qa import ReportQA
from qa.evaluate import evaluate, load_questions
from qa.retrieval.building import IndexState
from qa.retrieval.index import HybridIndex
from qa.retrieval.milvus_index import build_milvus_index
from qa.retrieval.milvus_store import MilvusTarget

pytestmark = pytest.mark.report

SETS = sorted((Path(__file__).parent / "eval").glob("*.jsonl"))


class RememberingEmbedder:
    """The real embedder, each query embedded once for both backends (the tests ask each question four times)."""

    def __init__(self, inner):
        self.inner, self.id, self.dim, self._queries = inner, inner.id, inner.dim, {}

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        if text not in self._queries:
            self._queries[text] = self.inner.embed_query(text)
        return self._queries[text]


@pytest.fixture(scope="module")
def embedder(report_bot):
    return RememberingEmbedder(report_bot.embedder)


@pytest.fixture(scope="module")
def faiss_bot(report_bot, embedder):
    """The report's FAISS index, searched through the shared embedder."""
    shipped = report_bot.index
    index = HybridIndex(shipped.documents, shipped.passages, shipped.vectors, shipped.bm25, shipped.tokenizer,
                        embedder, shipped.manifest, shipped.embeddings)
    return ReportQA(IndexState(index), report_bot.settings, embedder)


@pytest.fixture(scope="module")
def milvus_bot(faiss_bot, embedder, tmp_path_factory):
    faiss = faiss_bot.index
    target = MilvusTarget(str(tmp_path_factory.mktemp("milvus") / "milvus.db"), "report")
    index, report = build_milvus_index(faiss.documents, embedder, target, previous=faiss)
    assert report.embedded == 0 and index.collection.count() == len(faiss.passages)
    return ReportQA(IndexState(index), faiss_bot.settings, embedder)


def test_top5_overlap(faiss_bot, milvus_bot):
    questions = [q.q for path in SETS for q in load_questions(path)]
    overlaps = []
    for question in questions:
        faiss = {p.id for p in faiss_bot.search(question, k=5)}
        milvus = [p for p in milvus_bot.search(question, k=5)]
        assert all(p.section is not None and p.source for p in milvus)
        overlaps.append(len(faiss & {p.id for p in milvus}) / max(1, len(faiss)))
    assert sum(overlaps) / len(overlaps) >= 0.9, sorted(overlaps)[:10]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_same_answer_scores(faiss_bot, milvus_bot, path):
    questions = load_questions(path)
    faiss = evaluate(faiss_bot, questions)
    milvus = evaluate(milvus_bot, questions)
    assert abs(faiss.correct - milvus.correct) / len(questions) <= 0.02, milvus.score_line()
    assert abs(faiss.recall_at(5) - milvus.recall_at(5)) <= 0.02
