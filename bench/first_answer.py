"""The README's run command, timed: from starting ``python -m qa serve`` to its first answer.

    .venv/bin/python bench/first_answer.py ["QUESTION"] [--fresh-cache]

Starts the web page as the README does (on a free port), asks one question through
``gradio_client`` as soon as the page is up, and prints the seconds to the page and to the
answer, the server's own log lines (``Index ready … nothing embedded``) and the load average.
``--fresh-cache`` points ``CLUSTERQA_CACHE`` at an empty folder, as on a new machine (jieba's
word store is built during the first question).  Needs the test extra (gradio_client).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui.local_server import free_port  # noqa: E402

QUESTION = "德国制造业占GDP的比重在1995年以后长期保持在什么区间？"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="?", default=QUESTION)
    parser.add_argument("--fresh-cache", action="store_true", help="an empty CLUSTERQA_CACHE, as on a new machine")
    args = parser.parse_args()
    from gradio_client import Client

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="clusterqa-first-") as folder:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
        if args.fresh_cache:
            env["CLUSTERQA_CACHE"] = str(Path(folder) / "cache")
        log_path = Path(folder) / "serve.log"
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
        started = time.perf_counter()
        with open(log_path, "w") as log:
            server = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                      stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}/"
            while True:
                if server.poll() is not None:
                    print(log_path.read_text(), file=sys.stderr)
                    return 1
                try:
                    with urllib.request.urlopen(url + "gradio_api/info", timeout=5):
                        break
                except OSError:
                    time.sleep(0.2)
            up = time.perf_counter() - started
            answer = Client(url, verbose=False).predict(args.question, api_name="/ask")
            answered = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        print("server log:")
        for line in log_path.read_text(encoding="utf-8").splitlines():
            print("    " + line)
        print(f"answer: {' '.join(answer.split())[:100]}…")
        print(f"page up {up:.1f} s after the start; first answer {answered:.1f} s after the start"
              f"{' (fresh cache: word store built meanwhile)' if args.fresh_cache else ''}")
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
