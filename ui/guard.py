"""What the web server refuses before Gradio sees a request.

- **Foreign hosts on loopback.** A page on another site can point its own host name at
  127.0.0.1 (DNS rebinding) and then drive ``/ask`` as if it were local.  Bound to loopback,
  the server answers only requests whose ``Host`` is a loopback name (or one of
  ``CLUSTERQA_ALLOWED_HOSTS``, e.g. the name a reverse proxy forwards) and whose ``Origin``,
  when the browser sends one, is such a name too.
- **Guessing the password.** After ``FREE_LOGIN_FAILURES`` failed logins from one address,
  each further attempt must wait twice as long as the one before (up to
  ``MAX_LOGIN_DELAY_S``); the wait is answered with 429 and ``Retry-After``.  A successful
  login clears the address's record.
- **Huge bodies.** A request that announces a body larger than ``MAX_BODY_BYTES`` is refused
  with 413 (questions are at most a few kilobytes); only Gradio's upload route, which the
  "Add a document" control uses, may carry up to ``max_upload_bytes`` (the document limit).
"""
from __future__ import annotations

import ipaddress
import threading
import time
from collections import OrderedDict
from urllib.parse import urlsplit

FREE_LOGIN_FAILURES = 5
MAX_LOGIN_DELAY_S = 300.0
REMEMBERED_ADDRESSES = 10_000
MAX_BODY_BYTES = 2 << 20
LOGIN_PATHS = ("/login", "/login/")
UPLOAD_PATHS = ("/gradio_api/upload", "/gradio_api/upload/")


def is_loopback_name(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    """``127.0.0.1:7860`` -> ``127.0.0.1``; ``[::1]:7860`` -> ``::1``."""
    host_header = host_header.strip()
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class LoginBackoff:
    """Failed logins per client address, and how long each must now wait."""

    def __init__(self, free: int = FREE_LOGIN_FAILURES, max_delay_s: float = MAX_LOGIN_DELAY_S,
                 clock=time.monotonic):
        self.free = free
        self.max_delay_s = max_delay_s
        self.clock = clock
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # address -> (count, last)
        self._lock = threading.Lock()

    def wait_s(self, address: str) -> float:
        """Seconds ``address`` must still wait before its next attempt (0: go ahead)."""
        with self._lock:
            count, last = self._failures.get(address, (0, 0.0))
        if count < self.free:
            return 0.0
        delay = min(self.max_delay_s, 2.0 ** (count - self.free))
        return max(0.0, last + delay - self.clock())

    def failed(self, address: str) -> None:
        with self._lock:
            count, _ = self._failures.pop(address, (0, 0.0))
            self._failures[address] = (count + 1, self.clock())
            while len(self._failures) > REMEMBERED_ADDRESSES:
                self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


class RequestGuard:
    """ASGI middleware in front of the Gradio app (see the module docstring)."""

    def __init__(self, app, *, loopback_only: bool, extra_hosts: tuple[str, ...] = (),
                 backoff: LoginBackoff | None = None, max_body_bytes: int = MAX_BODY_BYTES,
                 max_upload_bytes: int | None = None):
        self.app = app
        self.max_upload_bytes = max_body_bytes if max_upload_bytes is None else max_upload_bytes
        self.loopback_only = loopback_only
        self.extra_hosts = {host.strip("[]").lower() for host in extra_hosts}
        self.backoff = backoff or LoginBackoff()
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await self._refuse(scope, send, *refusal)
            return
        if scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path") in LOGIN_PATHS:
            await self._login(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope, headers: dict[str, str]) -> tuple[int, str, dict[str, str]] | None:
        if self.loopback_only:
            if not self._allowed(_host_name(headers.get("host", ""))):
                return 403, "This server answers only requests addressed to localhost.", {}
            origin = headers.get("origin")
            if origin is not None and not self._allowed(urlsplit(origin).hostname):
                return 403, "Requests from other sites are not accepted.", {}
        length = headers.get("content-length", "0").strip()
        limit = self.max_upload_bytes if scope.get("path") in UPLOAD_PATHS else self.max_body_bytes
        if not length.isdigit() or int(length) > limit:
            return 413, "The request is too large.", {}
        if scope["type"] == "http" and scope.get("path") in LOGIN_PATHS and scope.get("method") == "POST":
            wait = self.backoff.wait_s(_address(scope))
            if wait > 0:
                return 429, "Too many failed logins; wait before trying again.", {"retry-after": str(int(wait) + 1)}
        return None

    def _allowed(self, host: str | None) -> bool:
        return is_loopback_name(host) or bool(host) and host.strip("[]").lower() in self.extra_hosts

    async def _login(self, scope, receive, send):
        address = _address(scope)

        async def watch(message):
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    self.backoff.succeeded(address)
                elif 400 <= message["status"] < 500:
                    self.backoff.failed(address)
            await send(message)

        await self.app(scope, receive, watch)

    @staticmethod
    async def _refuse(scope, send, status: int, text: str, extra: dict[str, str]) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = text.encode("utf-8")
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        headers += [(key.encode(), value.encode()) for key, value in extra.items()]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _address(scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"
