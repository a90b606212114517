"""A new process answering one prose question: ``python -m qa ask "…"``, timed from outside.

    .venv/bin/python bench/cold_ask.py ["QUESTION"] [--runs N]

Each run is a fresh interpreter (imports, index load, jieba, the embedder, the answer), as a
user's first command is.  Prints every run's wall and CPU time, the median, the load average
before and after (the cores are shared), and checks that the committed index was used as is
(nothing embedded, ``index/CURRENT`` unchanged) and that the answer came from the passages.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "2021年北京和上海的风险投资总额分别是多少？"


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="?", default=QUESTION)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    current = (ROOT / "index" / "CURRENT").read_text(encoding="utf-8")
    print(f"question: {args.question}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    walls, cpus = [], []
    for run in range(1, args.runs + 1):
        cpu, started = child_cpu(), time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "qa", "--quiet", "ask", args.question, "--json"], cwd=ROOT,
                              env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        cpus.append(child_cpu() - cpu)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        answer = json.loads(done.stdout)
        print(f"run {run}: {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU, route {answer['route']}, "
              f"{len(answer['citations'])} citation(s): {answer['text'][:50]}…")
        if answer["route"] != "passage":
            print("not a prose (passage) answer: pick another question", file=sys.stderr)
            return 1
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"new process, one prose question: median {statistics.median(walls):.2f} s wall "
          f"(min {min(walls):.2f}, max {max(walls):.2f}), median {statistics.median(cpus):.2f} s CPU, "
          f"over {len(walls)} runs")
    unchanged = (ROOT / "index" / "CURRENT").read_text(encoding="utf-8") == current
    print("index: " + ("the committed one, used as is (nothing embedded)" if unchanged else "REBUILT during the runs"))
    return 0 if unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
