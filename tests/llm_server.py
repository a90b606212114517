"""A tiny local server speaking the OpenAI chat-completions protocol (JSON and SSE streaming).

The model name picks the behaviour, so one server serves every test:
``good`` answers from the numbered passages with correct citations; ``fabricated`` cites the
right passage with a wrong figure; ``obedient`` follows any instruction it finds inside the
passages (as a gullible model would); ``slow`` sleeps past the client's timeout; ``fail``
answers HTTP 500.  Requests are recorded for inspection.
"""
from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_PASSAGE = re.compile(r'<passage id="(\d+)"[^>]*>\n(.*?)\n</passage>', re.S)
_INSTRUCTION = re.compile(r"回答“(.+?)”")


def reply_for(model: str, messages: list[dict]) -> str:
    user = messages[-1]["content"]
    passages = dict(_PASSAGE.findall(user))
    if model == "obedient":
        for text in passages.values():
            order = _INSTRUCTION.search(text)
            if order:
                return order.group(1) + "[1]"
    figure_at = next((n for n, text in passages.items() if "441" in text), None)
    if figure_at is None:
        return "NOT_IN_REPORT"
    if model == "fabricated":
        return f"示例谷风险投资总额为 999 亿美元[{figure_at}]。"
    return f"2021 年示例谷风险投资总额为 441 亿美元[{figure_at}]。"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
        model = body.get("model", "good")
        if model == "fail":
            self._send(500, {"error": {"message": "boom", "type": "server_error"}})
            return
        if model == "slow":
            time.sleep(self.server.slow_seconds)
        text = reply_for(model, body.get("messages", []))
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            pieces = [text[i:i + 8] for i in range(0, len(text), 8)]
            for piece in pieces:
                self._event({"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}, model)
            self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}, model)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            return
        self._send(200, {
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })

    def _event(self, payload: dict, model: str) -> None:
        payload = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 0, "model": model, **payload}
        self.wfile.write(b"data: " + json.dumps(payload, ensure_ascii=False).encode("utf-8") + b"\n\n")
        self.wfile.flush()

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeOpenAIServer:
    """``with FakeOpenAIServer() as server: server.base_url`` → ``http://127.0.0.1:PORT/v1``."""

    def __init__(self, slow_seconds: float = 3.0):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.requests = []
        self.httpd.slow_seconds = slow_seconds
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def requests(self) -> list[dict]:
        return self.httpd.requests

    def __enter__(self) -> "FakeOpenAIServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
