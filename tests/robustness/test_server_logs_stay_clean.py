"""Hostile requests to a running ``python -m qa serve`` get messages, and its log shows no traceback.

Used to break: a non-string ``/ask`` payload raised TypeError outside the handler's try, and
a lone surrogate reached the embedder (UnicodeEncodeError); both ended in tracebacks.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.report
gradio_client = pytest.importorskip("gradio_client", reason="gradio_client is not installed")

PAYLOADS = [123, ["日本有多少个集群？"], {"q": 1}, None, True, "日本有多少个集群？\u200b\ufeff", "\x1b[31m日本有多少个集群？\x1b[0m",
            "😀" * 2000, "\x1b]0;title\x07" * 300, "\x9b" * 50]


@pytest.fixture(scope="module")
def server():
    from ui.local_server import LocalServer

    with LocalServer() as running:
        yield running


def test_hostile_payloads_get_messages_and_no_traceback(server):
    client = gradio_client.Client(server.url, verbose=False)
    replies = [client.predict(payload, api_name="/ask") for payload in PAYLOADS]
    assert all(isinstance(reply, str) and reply for reply in replies)
    assert "11" in replies[5] and "11" in replies[6]
    assert "text" in replies[0]
    request = urllib.request.Request(server.url + "gradio_api/info", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    log = server.log_tail(200_000)
    assert "Traceback" not in log and "Error" not in log, log[-2000:]


def _call_ask(server, body: bytes) -> str:
    """``/ask`` over Gradio's plain HTTP API, with a JSON body written by hand."""
    request = urllib.request.Request(server.url + "gradio_api/call/ask", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        event = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(server.url + f"gradio_api/call/ask/{event}", timeout=120) as response:
        return response.read().decode("utf-8")


@pytest.mark.parametrize("question", ["2021年北京和上海的\ud800风险投资总额分别是多少？",
                                      "\udcff2021年北京和上海的风险投资总额分别是多少？\udfff"])
def test_a_lone_surrogate_in_raw_json_gets_an_answer(server, question):
    body = json.dumps({"data": [question]}, ensure_ascii=True).encode("ascii")  # "\\ud800" escapes
    reply = _call_ask(server, body)
    assert "event: complete" in reply and "136" in reply
    assert "Traceback" not in server.log_tail(200_000)
