"""Rebuilding after a document is added embeds only the new chunks, and changes nothing else.

Vectors are reused by (embedder id, chunk text) hash through ``build_index(previous=...)``;
the result must equal a full rebuild, vector for vector and hit for hit.
"""
from __future__ import annotations

import numpy as np
import pytest

from qa.documents.chunking import indexed_text
from qa.retrieval.index import build_index
from qa.documents.ingest import read_corpus

SECOND_REPORT = """第二份示例报告

第一章 新的集群

一、示例港口集群

示例港口集群在 2022 年吞吐量达到 3.2 亿吨，集聚了 120 家航运企业。港口数字化使调度效率提升了 18%。
"""


class CountingEmbedder:
    """The fake embedder, counting every text it is asked to embed (same id: cache hits stay hits)."""

    def __init__(self, inner):
        self.inner, self.id, self.dim = inner, inner.id, inner.dim
        self.embedded: list[str] = []

    def embed_passages(self, texts):
        self.embedded.extend(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture
def corpora(small_corpus, tmp_path):
    second = tmp_path / "second.txt"
    second.write_text(SECOND_REPORT, encoding="utf-8")
    one, _ = read_corpus([small_corpus])
    both, _ = read_corpus([small_corpus, second])
    return one, both


def test_adding_a_document_embeds_only_its_chunks(corpora, fake_embedder):
    one, both = corpora
    first, _ = build_index(one, fake_embedder)
    counting = CountingEmbedder(fake_embedder)
    updated, report = build_index(both, counting, previous=first)
    new_passages = len(updated.passages) - len(first.passages)
    assert new_passages > 0
    assert len(counting.embedded) == report.embedded == new_passages
    assert report.reused == len(first.passages)
    added = [indexed_text(p) for p in updated.passages if p.source == "second.txt"]
    assert counting.embedded == added


def test_incremental_build_equals_a_full_rebuild(corpora, fake_embedder):
    one, both = corpora
    first, _ = build_index(one, fake_embedder)
    updated, _ = build_index(both, fake_embedder, previous=first)
    full, report = build_index(both, fake_embedder)
    assert report.reused == 0
    assert [p.id for p in updated.passages] == [p.id for p in full.passages]
    np.testing.assert_array_equal(updated.embeddings, full.embeddings)
    for query in ("港口吞吐量", "网络化产业组织形态", "示例生物医药集群 龙头企业"):
        assert updated.search(query, k=5) == full.search(query, k=5)


def test_another_embedder_reuses_nothing(corpora, fake_embedder):
    one, both = corpora
    first, _ = build_index(one, fake_embedder)
    other = CountingEmbedder(fake_embedder)
    other.id = "fake:another-model"
    rebuilt, report = build_index(both, other, previous=first)
    assert report.reused == 0 and len(other.embedded) == len(rebuilt.passages)


def test_a_build_of_another_chunking_version_lends_only_its_prose_vectors(corpora, fake_embedder):
    """A table row's indexed text may have changed with the chunker (rows quoted as written, named
    cells for the retrievers): its old vector was embedded from other text and must not be reused."""
    one, _ = corpora
    first, _ = build_index(one, fake_embedder)
    first.manifest = {**first.manifest, "chunking_version": "an older one"}
    counting = CountingEmbedder(fake_embedder)
    rebuilt, report = build_index(one, counting, previous=first)
    not_prose = [indexed_text(p) for p in rebuilt.passages if p.kind != "text"]
    assert not_prose and sorted(counting.embedded) == sorted(not_prose)
    assert report.reused == sum(p.kind == "text" for p in rebuilt.passages)
