"""Warm ``ReportQA.ask`` latency without an LLM: p50 / p95 over the dev questions.

    .venv/bin/python bench/ask_latency.py [QUESTIONS.jsonl] [--repeat N]

The bot is loaded and warmed (lexicon, jieba, embedder) with a few unrelated questions
first; every dev question is then asked ``N`` times (default 3) and each call is timed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM_UP = ["德国制造业占GDP的比重是多少？", "What trends does the report identify?", "日本有多少个集群？",
           "先进制造业集群的定义是什么？", "亚洲的集群政策有哪些特点？"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="?", default=str(ROOT / "tests" / "eval" / "dev.jsonl"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from qa import ReportQA

    started = time.perf_counter()
    bot = ReportQA.load(progress=False)
    for question in WARM_UP:
        bot.ask(question)
    print(f"load + warm-up: {time.perf_counter() - started:.1f} s")
    rows = [json.loads(line) for line in Path(args.questions).read_text(encoding="utf-8").splitlines() if line.strip()]
    times: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for row in rows:
            t0 = time.perf_counter()
            answer = bot.ask(row["q"], row.get("history", []))
            times.setdefault(answer.route, []).append((time.perf_counter() - t0) * 1000)
    everything = sorted(t for values in times.values() for t in values)
    quantile = lambda values, q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    print(f"ask: n={len(everything)} p50 {statistics.median(everything):.0f} ms  "
          f"p95 {quantile(everything, 0.95):.0f} ms  max {everything[-1]:.0f} ms")
    for route, values in sorted(times.items()):
        print(f"  route {route:8s} n={len(values):3d} p50 {statistics.median(values):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
