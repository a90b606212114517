"""Sixteen colleagues asking at once: no errors, the same answers as one at a time.

A smaller run of ``bench/load.py`` (which does 16 × 20 and prints latency figures).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.report
gradio_client = pytest.importorskip("gradio_client", reason="gradio_client is not installed")

QUESTIONS = ["日本有多少个集群？", "2021年北京和上海的风险投资总额分别是多少？", "意大利有哪些集群？",
             "How many clusters does South Korea have in the appendix table?", "台积电2023年的营收是多少？"]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_sixteen_clients_get_the_sequential_answers():
    from ui.local_server import LocalServer

    with LocalServer() as server:
        sequential = {q: gradio_client.Client(server.url, verbose=False).predict(q, api_name="/ask")
                      for q in QUESTIONS}
        before = _rss_mib(server.pid)

        def one_client(offset: int) -> list[tuple[str, str]]:
            client = gradio_client.Client(server.url, verbose=False)
            asked = [QUESTIONS[(offset + i) % len(QUESTIONS)] for i in range(3)]
            return [(q, client.predict(q, api_name="/ask")) for q in asked]

        with ThreadPoolExecutor(max_workers=16) as pool:
            results = [pair for pairs in pool.map(one_client, range(16)) for pair in pairs]
        assert len(results) == 48
        assert all(answer == sequential[question] for question, answer in results)
        assert _rss_mib(server.pid) - before < 150  # memory stays put
