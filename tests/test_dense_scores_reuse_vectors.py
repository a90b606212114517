"""The reader's dense feature reads the stored passage vectors and embeds the question once.

What it guards: scoring units by dense similarity must not re-embed passages per question
(2-10 texts/s on shared cores), nor embed the question a second time after the search.
"""
import numpy as np

from tests.conftest import SMALL_REPORT, bot_over_text


def test_dense_scores_are_the_stored_cosines_and_the_query_is_embedded_once(tmp_path_factory, monkeypatch):
    bot = bot_over_text(SMALL_REPORT, tmp_path_factory)
    index = bot.index
    calls = []
    original = index.embedder.embed_query
    monkeypatch.setattr(index.embedder, "embed_query", lambda text: calls.append(text) or original(text))
    question = "示例谷风险投资总额是多少？"
    candidates = index.search(question, k=5)
    scores = index.dense_scores(question, candidates)
    assert len(calls) == 1
    vector = original(question)
    positions = {p.id: i for i, p in enumerate(index.passages)}
    for passage in candidates:
        assert np.isclose(scores[passage.id], float(index.embeddings[positions[passage.id]] @ vector), atol=1e-5)
