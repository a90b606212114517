"""The web server refuses foreign hosts and origins on loopback, oversized bodies, and password guessing.

Used to break: ``/gradio_api/upload`` accepted any size (``launch()`` set no
``max_file_size``; it is now the document limit, for "Add a document"); logins had no rate limit; the Host header was not checked, so a page on
another origin that rebinds DNS to 127.0.0.1 could drive ``/ask``.
"""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from qa.records import Answer
from qa.settings import Settings
from ui.guard import LoginBackoff
from ui.local_server import free_port


class EchoBot:
    def __init__(self, auth: str = ""):
        self.settings = Settings(auth=auth)

    def ask(self, question, history):
        return Answer(f"echo {question}", True, (), "passage", question)

    def clusters(self, **filters):
        return []

    def status(self):
        return {"documents": [], "passages": 0, "embedder": "fake", "llm": None}


def _serve(auth: str):
    from ui.app import launch

    port = free_port()
    return launch("127.0.0.1", port, bot=EchoBot(auth), block=False, quiet=True), f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def server():
    """Loopback, no login: the page as most people run it."""
    demo, url = _serve("")
    yield url
    demo.close()


@pytest.fixture(scope="module")
def login_server():
    demo, url = _serve("reader:s3cret-word")
    yield url
    demo.close()


def _request(url, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_loopback_host_is_served(server):
    assert _request(server + "/")[0] == 200
    assert _request(server + "/", headers={"Host": "localhost:1234"})[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:7860", "192.168.1.5", "127.0.0.1.evil.example"])
def test_a_foreign_host_is_refused(server, host):
    status, _, body = _request(server + "/gradio_api/info", headers={"Host": host})
    assert status == 403 and b"localhost" in body


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1.evil.example:7860"])
def test_a_foreign_origin_is_refused(server, origin):
    status, _, _ = _request(server + "/gradio_api/info", headers={"Origin": origin})
    assert status == 403


def test_a_loopback_origin_is_served(server):
    assert _request(server + "/", headers={"Origin": server})[0] == 200


def _multipart(size: int) -> tuple[bytes, dict]:
    boundary = "cqa-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.bin\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + b"\0" * size + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_a_document_sized_upload_is_accepted(server):
    """The "Add a document" control uploads files: one of 1.5 MB must get through."""
    body, headers = _multipart(1_500_000)
    assert _request(server + "/gradio_api/upload", data=body, headers=headers)[0] == 200


def _announce(url: str, path: str, length: int) -> int:
    """POST that announces ``length`` bytes but sends none: the guard must answer from the headers."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "multipart/form-data; boundary=cqa-boundary")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_an_upload_over_the_document_limit_is_refused_before_it_is_read(server):
    from ui.app import MAX_UPLOAD_BYTES

    assert _announce(server, "/gradio_api/upload", MAX_UPLOAD_BYTES + 1) == 413


def test_a_20_mib_body_anywhere_else_is_refused_before_it_is_read(server):
    body, headers = _multipart(20 << 20)
    try:
        status = _request(server + "/gradio_api/queue/join", data=body, headers=headers)[0]
    except urllib.error.URLError as error:  # refused while the client was still sending
        assert isinstance(error.reason, (BrokenPipeError, ConnectionResetError))
    else:
        assert status == 413


def _login(server, password):
    data = f"username=reader&password={password}".encode()
    return _request(server + "/login", data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_failed_logins_back_off(login_server):
    assert _login(login_server, "s3cret-word")[0] == 200
    statuses = [_login(login_server, f"guess{i}")[0] for i in range(5)]
    assert statuses == [400] * 5
    status, headers, _ = _login(login_server, "guess6")
    assert status == 429 and int(headers.get("retry-after", headers.get("Retry-After", "0"))) >= 1


def test_the_backoff_doubles_and_a_success_clears_it():
    now = [0.0]
    backoff = LoginBackoff(free=2, max_delay_s=8, clock=lambda: now[0])
    for _ in range(2):
        assert backoff.wait_s("a") == 0
        backoff.failed("a")
    waits = []
    for _ in range(5):
        waits.append(backoff.wait_s("a"))
        now[0] += waits[-1]
        backoff.failed("a")
    assert waits == [1, 2, 4, 8, 8]
    assert backoff.wait_s("b") == 0  # another address is not slowed
    backoff.succeeded("a")
    assert backoff.wait_s("a") == 0


def test_ask_still_works_through_the_guard(server):
    from gradio_client import Client

    assert "echo 日本有多少个集群？" in Client(server, verbose=False).predict("日本有多少个集群？", api_name="/ask")


def _status(guard, host: str, origin: str | None = None) -> int:
    import asyncio

    headers = [(b"host", host.encode())] + ([(b"origin", origin.encode())] if origin else [])
    scope = {"type": "http", "method": "GET", "path": "/", "headers": headers, "client": ("127.0.0.1", 5)}
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    asyncio.run(guard(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_hosts_a_reverse_proxy_forwards_can_be_allowed():
    from ui.guard import RequestGuard

    async def page(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = RequestGuard(page, loopback_only=True, extra_hosts=Settings(allowed_hosts=("qa.example.org",)).allowed_hosts)
    assert _status(guard, "qa.example.org") == 200
    assert _status(guard, "qa.example.org:443", origin="https://qa.example.org") == 200
    assert _status(guard, "evil.example") == 403
    assert _status(guard, "qa.example.org", origin="https://evil.example") == 403
    assert _status(RequestGuard(page, loopback_only=False), "evil.example") == 200  # bound beyond loopback


def test_allowed_hosts_are_read_and_checked():
    from qa.errors import ConfigurationError
    from qa.settings import settings_from_env

    assert settings_from_env({"CLUSTERQA_ALLOWED_HOSTS": "QA.example.org, 10.0.0.5"}).allowed_hosts == (
        "qa.example.org", "10.0.0.5")
    with pytest.raises(ConfigurationError, match="CLUSTERQA_ALLOWED_HOSTS"):
        settings_from_env({"CLUSTERQA_ALLOWED_HOSTS": "https://qa.example.org:8443"})
