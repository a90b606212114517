"""Questions that are not text, or hold what no encoder takes, get a message, never a traceback.

Used to break: a non-string ``/ask`` payload raised TypeError outside the handler's try
(``len(123)``); a lone surrogate in a question reached the embedder, which raised
UnicodeEncodeError, and ``bot.ask`` failed with a plain exception.
"""
from __future__ import annotations

import logging

import pytest

from qa.answering.questions import clean_question
from qa.settings import Settings
from tests.conftest import FakeEmbedder
from ui.app import NOT_TEXT, Handlers


class StrictEmbedder(FakeEmbedder):
    """Encodes what it embeds as UTF-8, as the real engine does."""

    def embed_query(self, text):
        text.encode("utf-8")
        return super().embed_query(text)


@pytest.fixture
def bot(small_corpus, tmp_path, monkeypatch):
    from qa import ReportQA
    from qa.retrieval import embedding

    monkeypatch.setitem(embedding._LOADED, "fake", StrictEmbedder())
    return ReportQA.build([small_corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)


@pytest.mark.parametrize("payload", [123, 4.5, True, ["日本有多少个集群？"], {"question": "日本"}, b"\xff"])
def test_a_question_that_is_not_text_gets_a_message(bot, payload, caplog):
    handlers = Handlers(bot)
    with caplog.at_level(logging.ERROR):
        assert handlers.ask_api(payload) == NOT_TEXT
        outputs = list(handlers.respond(payload, None, None))
    assert NOT_TEXT in outputs[-1][0][-1]["content"]
    assert not [r for r in caplog.records if r.exc_info]


def test_a_chat_state_that_is_not_a_list_is_ignored(bot):
    outputs = list(Handlers(bot).respond("示例谷风险投资总额是多少？", {"not": "a chat"}, 7))
    assert "441" in outputs[-1][0][-1]["content"]


@pytest.mark.parametrize("question", ["示例谷\ud800风险投资总额是多少？", "示例谷风险投资总额是多少？\udcff\udcfe",
                                      "\ud83d示例谷风险投资总额是多少？"])
def test_a_lone_surrogate_is_dropped_before_anything_encodes_it(bot, question, caplog):
    cleaned, _ = clean_question(question, 2000)
    cleaned.encode("utf-8")
    assert "441" in bot.ask(question).text
    assert bot.search(question, k=1)
    with caplog.at_level(logging.ERROR):
        assert "441" in Handlers(bot).ask_api(question)
    assert not [r for r in caplog.records if r.exc_info]
