"""Start ``python -m qa serve`` on a free loopback port and wait until it answers.

For the browser and API tests, the load benchmark and the README screenshots: they all
drive the real server, as a user would, in a process of its own.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Variables that would change what the server does (a login, an LLM); cleared unless kept.
_BEHAVIOUR_VARIABLES = ("CLUSTERQA_AUTH", "CLUSTERQA_LLM_BASE_URL", "CLUSTERQA_LLM_MODEL", "CLUSTERQA_LLM_API_KEY")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class LocalServer:
    """``with LocalServer() as server: server.url`` runs the web app for the block's duration.

    ``index`` chooses the index folder (default: the project's); ``user_data`` the folder for
    documents added through the page (default: a fresh temporary one, so a test server never
    sees this machine's own additions); ``startup_timeout`` covers building the index on a
    fresh checkout.  The server's temporary files (its log, exports, Gradio's uploads) live in
    one scratch folder of its own, removed by :meth:`stop`.
    """

    def __init__(self, port: int | None = None, *, index: str | Path | None = None,
                 user_data: str | Path | None = None,
                 startup_timeout: float = 900.0, keep_environment: bool = False):
        self.host = "127.0.0.1"
        self.port = port or free_port(self.host)
        self.index = index
        self.scratch = Path(tempfile.mkdtemp(prefix="clusterqa-server-"))
        (self.scratch / "tmp").mkdir()
        self.user_data = Path(user_data) if user_data else self.scratch / "user"
        self.user_data.mkdir(parents=True, exist_ok=True)
        self.startup_timeout = startup_timeout
        self.keep_environment = keep_environment
        self.process: subprocess.Popen | None = None
        self._log = open(self.scratch / "serve.log", "w+", encoding="utf-8")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def log_tail(self, chars: int = 4000) -> str:
        return Path(self._log.name).read_text(encoding="utf-8", errors="replace")[-chars:]

    def start(self) -> "LocalServer":
        env = dict(os.environ)
        env.setdefault("HF_HUB_OFFLINE", "1")
        env["GRADIO_ANALYTICS_ENABLED"] = "False"
        env["CLUSTERQA_USER_DATA"] = str(self.user_data)
        env["TMPDIR"] = str(self.scratch / "tmp")  # the server's exports and Gradio's files go with it
        env["GRADIO_TEMP_DIR"] = str(self.scratch / "tmp" / "gradio")
        if not self.keep_environment:
            for name in _BEHAVIOUR_VARIABLES:
                env.pop(name, None)
        command = [sys.executable, "-m", "qa"]
        if self.index is not None:
            command += ["--index", str(self.index)]
        command += ["--quiet", "serve", "--host", self.host, "--port", str(self.port)]
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()  # ``with`` never reaches __exit__ when __enter__ fails: the log must go here
            raise
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "gradio_api/info", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.5)
        raise TimeoutError(f"the server did not start within {self.startup_timeout:.0f}s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the server and delete its scratch folder and log (read :meth:`log_tail` first if you need it)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._log.close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
