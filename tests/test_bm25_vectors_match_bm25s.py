"""BM25 weights sent as sparse vectors score every passage exactly as bm25s does.

The Milvus backend's keyword side is only right if a passage vector's inner product with a
query vector is bm25s's score: repeated tokens, tokens no passage has, short and long
passages, and a passage without tokens (which bm25s indexes as [""]) included.
"""
import bm25s
import numpy as np

from qa.retrieval.bm25_vectors import NO_TOKENS, Bm25Statistics, query_vector, term_id

CORPUS = [["德国", "制造业", "比重", "制造业"], ["日本", "集群", "汽车"], [""],
          ["德国", "集群", "集群", "集群", "研究院", "大学", "示例", "航空", "航天"], ["硅谷", "风险", "投资"]]
QUERIES = [["德国", "集群"], ["制造业", "制造业", "比重"], ["不存在"], ["集群"], ["硅谷", "德国", "汽车"]]


def test_inner_products_are_bm25s_scores():
    reference = bm25s.BM25()
    reference.index(CORPUS, show_progress=False)
    statistics = Bm25Statistics.fit(CORPUS)
    passages = [statistics.passage_vector(tokens) for tokens in CORPUS]
    for query in QUERIES:
        known = [t for t in query if t in reference.vocab_dict]
        expected = reference.get_scores(known) if known else np.zeros(len(CORPUS))
        vector = query_vector(query)
        got = [sum(weight * vector.get(dim, 0.0) for dim, weight in passage.items()) for passage in passages]
        assert np.allclose(got, expected, rtol=1e-5, atol=1e-6), query


def test_a_passage_without_tokens_still_has_a_weight_no_query_matches():
    vector = Bm25Statistics.fit(CORPUS).passage_vector([""])
    assert vector == {NO_TOKENS: 1.0}  # a stored sparse vector must not be empty
    assert all(term_id(t) != NO_TOKENS for query in QUERIES for t in query)
