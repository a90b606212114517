"""With an LLM configured but unreachable, the chat still streams to an answer from the report
with a notice, never an error bubble (the handler must take ask_stream's fallback Answer)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.report


def test_unreachable_llm_falls_back_to_the_report():
    from qa import ReportQA
    from qa.settings import settings_from_env
    from ui.app import ERROR_MESSAGE, Handlers

    settings = settings_from_env(llm_base_url="http://127.0.0.1:9/v1", llm_model="absent", llm_timeout=5.0)
    handlers = Handlers(ReportQA.load(settings=settings, progress=False))
    assert handlers.streams

    outputs = list(handlers.respond("先进制造业集群发展的八大趋势是什么？", [], []))
    chat, sources, turns, _, _ = outputs[-1]
    bubble = chat[-1]["content"]
    assert ERROR_MESSAGE not in bubble
    assert turns[-1]["answer"]["notice"] and "[1]" in bubble  # the notice is shown, in parentheses
    assert f"（{turns[-1]['answer']['notice']}）" in bubble
    assert "cqa-source-1" in sources and [t["question"] for t in turns] == ["先进制造业集群发展的八大趋势是什么？"]
