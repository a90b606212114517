"""Load test: many people asking at once, against the web server and the Python API.

    python bench/load.py                      # starts `python -m qa serve` on a free loopback port
    python bench/load.py --url http://127.0.0.1:7860/ --pid 1234   # targets a running server

Phase 1 asks each question once, one after another, through ``/ask`` (the reference answers,
and the unloaded one-at-a-time latency).  Phase 2 runs ``--clients`` gradio_client users at
once, each asking every question (in a different order), and checks each result against the
reference.  Phase 3 runs the same users again while ``--heavy`` more clients keep sending
2,000-character questions (emoji, a pasted page of the report, English, padding) until the
normal users are done: the normal users' p50 should stay within 2x of phase 2's, with no
errors and every answer (heavy ones too) identical to one at a time.  Phase 4 does phase 2
with ``--threads`` threads sharing one in-process :class:`~qa.bot.ReportQA`.  It prints
errors, p50/p95 latency, throughput, identical-to-sequential counts, the server's memory
before and after, and the load average (the machine may be shared).  Everything is bounded:
a fixed number of requests and ``--time-limit`` seconds, loopback addresses only.
"""
from __future__ import annotations

import argparse
import ipaddress
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Twenty questions of every kind: table counts and lists, figures from prose, follow-up-free
# English, and questions the report does not answer.
QUESTIONS = [
    "日本有多少个集群？",
    "韩国有多少个集群？",
    "美国有哪些生物医药集群？",
    "德国有多少个先进制造业集群？",
    "欧洲有多少个集群？",
    "2021年硅谷风险投资主要投向哪个领域，占比多少？",
    "2021年北京和上海的风险投资总额分别是多少？",
    "德国制造业占GDP的比重在1995年以后长期保持在什么区间？",
    "2020-2022年世界经济年均增长约多少？",
    "2018-2022年欧洲新能源汽车销量年均增长率是多少？",
    "硅谷2022年的专利数量是多少？",
    "2021年硅谷GDP同比增长多少？",
    "先进制造业集群发展的八大趋势是什么？",
    "How many clusters are there in Japan?",
    "Which clusters does the report list for South Korea?",
    "What share of GDP does manufacturing hold in Germany?",
    "What are the main trends of advanced manufacturing clusters?",
    "火星上有多少个集群？",
    "报告如何评价量子计算机的商业前景？",
    "Who won the 2022 football world cup?",
]

HEAVY_CHARS = 2000


def heavy_questions() -> list[str]:
    """Four 2,000-character questions that cost the most to embed and to answer."""
    report = (ROOT / "documents" / "global-advanced-manufacturing-clusters-2023.txt").read_text(encoding="utf-8")
    page = " ".join(report[len(report) // 3:].split())[:HEAVY_CHARS]
    english = ("What are the main trends of advanced manufacturing clusters in Europe and North America? " * 40)
    return ["😀" * HEAVY_CHARS, page, english[:HEAVY_CHARS], ("日本有多少个集群？" + "啊" * HEAVY_CHARS)[:HEAVY_CHARS]]


@dataclass
class Phase:
    """What one concurrent phase measured."""

    name: str
    workers: int
    per_worker: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    identical: int = 0
    different: list[str] = field(default_factory=list)
    skipped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, question: str, seconds: float, result: object, reference: object) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if result == reference:
                self.identical += 1
            else:
                self.different.append(question)

    def fail(self, question: str, exc: BaseException) -> None:
        with self.lock:
            self.errors.append(f"{question[:30]}: {type(exc).__name__}: {str(exc)[:200]}")

    def summary(self) -> dict:
        done = len(self.latencies)
        return {
            "phase": self.name,
            "workers": self.workers,
            "requests": self.workers * self.per_worker,
            "completed": done,
            "errors": len(self.errors),
            "skipped_at_time_limit": self.skipped,
            "seconds": round(self.seconds, 2),
            "p50_s": round(percentile(self.latencies, 50), 3) if done else None,
            "p95_s": round(percentile(self.latencies, 95), 3) if done else None,
            "throughput_per_s": round(done / self.seconds, 2) if self.seconds else None,
            "identical_to_sequential": self.identical,
            "different_from_sequential": len(self.different),
        }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def rss_mib(pid: int | None) -> float | None:
    """Resident memory of ``pid`` from /proc (Linux), in MiB."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"bench/load.py only targets loopback servers, not {host!r}.")


def run_concurrently(phase: Phase, ask, references: dict, questions: list[str], deadline: float) -> Phase:
    """``phase.workers`` workers each ask every question once, starting at a different one."""

    def worker(index: int) -> None:
        own = questions[index % len(questions):] + questions[:index % len(questions)]
        session = ask(index)
        for question in own[:phase.per_worker]:
            if time.monotonic() > deadline:
                with phase.lock:
                    phase.skipped += 1
                continue
            started = time.perf_counter()
            try:
                result = session(question)
            except Exception as exc:  # a load test counts failures, it does not stop at one
                phase.fail(question, exc)
                continue
            phase.record(question, time.perf_counter() - started, result, references[question])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=phase.workers) as pool:
        for future in [pool.submit(worker, i) for i in range(phase.workers)]:
            future.result()
    phase.seconds = time.perf_counter() - started
    return phase


def keep_asking(phase: Phase, ask, references: dict, questions: list[str], until: threading.Event,
                deadline: float) -> threading.Thread:
    """``phase.workers`` workers asking ``questions`` round and round until ``until`` is set."""

    def worker(index: int) -> None:
        session = ask(index)
        turn = index
        while not until.is_set() and time.monotonic() < deadline:
            question = questions[turn % len(questions)]
            turn += 1
            started = time.perf_counter()
            try:
                result = session(question)
            except Exception as exc:  # counted, not raised
                phase.fail(question, exc)
                continue
            phase.record(question, time.perf_counter() - started, result, references[question])

    def run() -> None:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=phase.workers) as pool:
            for future in [pool.submit(worker, i) for i in range(phase.workers)]:
                future.result()
        phase.seconds = time.perf_counter() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def http_phase(url: str, clients: int, heavy: int, questions: list[str], deadline: float,
               server_pid: int | None) -> dict:
    from gradio_client import Client

    reference_client = Client(url, verbose=False)
    heavy_set = heavy_questions() if heavy else []
    references, alone = {}, []
    started = time.perf_counter()
    for question in questions + heavy_set:
        asked = time.perf_counter()
        references[question] = reference_client.predict(question, api_name="/ask")
        if question in questions:
            alone.append(time.perf_counter() - asked)
    sequential = time.perf_counter() - started
    rss_before = rss_mib(server_pid)

    def session(index: int):
        client = Client(url, verbose=False)
        return lambda question: client.predict(question, api_name="/ask")

    load_before = os.getloadavg()[0]
    phase = run_concurrently(Phase(f"HTTP /ask (gradio_client), {clients} normal users", clients, len(questions)),
                             session, references, questions, deadline)
    summary = phase.summary()
    summary.update(sequential_seconds=round(sequential, 2), alone_p50_s=round(percentile(alone, 50), 3),
                   load_average=[round(load_before, 2), round(os.getloadavg()[0], 2)],
                   server_rss_mib_before=_round(rss_before), server_rss_mib_after=_round(rss_mib(server_pid)))
    _print_phase(summary, phase)
    results = {"normal": summary}
    if heavy:
        results["with_heavy"] = heavy_http_phase(session, clients, heavy, questions, heavy_set, references,
                                                 deadline, server_pid, summary["p50_s"])
    return results


def heavy_http_phase(session, clients: int, heavy: int, questions: list[str], heavy_set: list[str],
                     references: dict, deadline: float, server_pid: int | None, unloaded_p50: float) -> dict:
    """The normal users again, while ``heavy`` clients keep sending 2,000-character questions."""
    load_before = os.getloadavg()[0]
    normal_done = threading.Event()
    heavy_phase = Phase(f"{heavy} heavy users ({HEAVY_CHARS}-character questions)", heavy, 0)
    heavy_thread = keep_asking(heavy_phase, session, references, heavy_set, normal_done, deadline)
    time.sleep(1.0)  # the heavy users are busy before the normal ones start
    try:
        normal = run_concurrently(Phase(f"HTTP /ask, {clients} normal users while {heavy} send heavy questions",
                                        clients, len(questions)), session, references, questions, deadline)
    finally:
        normal_done.set()
        heavy_thread.join()
    load_after = os.getloadavg()[0]
    summary = normal.summary()
    ratio = summary["p50_s"] / unloaded_p50 if summary["p50_s"] and unloaded_p50 else None
    summary.update(unloaded_p50_s=unloaded_p50, p50_ratio_to_unloaded=round(ratio, 2) if ratio else None,
                   load_average=[round(load_before, 2), round(load_after, 2)],
                   server_rss_mib_after=_round(rss_mib(server_pid)))
    heavy_summary = heavy_phase.summary()
    heavy_summary["requests"] = heavy_summary["completed"] + heavy_summary["errors"]
    _print_phase(summary, normal)
    print(f"   normal p50 {summary['p50_s']} s vs {unloaded_p50} s without heavy users: "
          f"{summary['p50_ratio_to_unloaded']}x (target <= 2x); load average {load_before:.2f} -> {load_after:.2f}")
    h = heavy_summary
    print(f"   heavy users: {h['completed']} answered, errors {h['errors']}, p50 {h['p50_s']} s, p95 {h['p95_s']} s, "
          f"identical to sequential {h['identical_to_sequential']}/{h['completed']}")
    for line in heavy_phase.errors[:5]:
        print("   heavy error:", line)
    summary["heavy"] = heavy_summary
    return summary


def python_phase(threads: int, questions: list[str], deadline: float) -> dict:
    from qa.bot import ReportQA

    bot = ReportQA.load(progress=False)
    started = time.perf_counter()
    references = {q: bot.ask(q).to_dict() for q in questions}
    sequential = time.perf_counter() - started
    rss_before = rss_mib(os.getpid())
    phase = run_concurrently(Phase("Python API (ReportQA.ask)", threads, len(questions)),
                             lambda index: (lambda question: bot.ask(question).to_dict()),
                             references, questions, deadline)
    summary = phase.summary()
    summary.update(sequential_seconds=round(sequential, 2),
                   process_rss_mib_before=_round(rss_before), process_rss_mib_after=_round(rss_mib(os.getpid())))
    _print_phase(summary, phase)
    return summary


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _print_phase(summary: dict, phase: Phase) -> None:
    s = summary
    print(f"\n== {s['phase']}: {s['workers']} concurrent × {phase.per_worker} questions = {s['requests']} requests")
    if "sequential_seconds" in s:
        print(f"   sequential reference pass: {s['sequential_seconds']} s"
              + (f", one-at-a-time p50 {s['alone_p50_s']} s" if "alone_p50_s" in s else ""))
    print(f"   completed {s['completed']} in {s['seconds']} s, errors {s['errors']}, "
          f"skipped at time limit {s['skipped_at_time_limit']}")
    print(f"   latency p50 {s['p50_s']} s, p95 {s['p95_s']} s; throughput {s['throughput_per_s']} answers/s")
    print(f"   identical to sequential: yes {s['identical_to_sequential']}, no {s['different_from_sequential']}")
    memory = [(k, v) for k, v in s.items() if "rss" in k]
    if memory:
        print("   memory: " + ", ".join(f"{k.replace('_mib', '')} {v} MiB" for k, v in memory))
    for line in phase.errors[:5]:
        print("   error:", line)
    for question in sorted(set(phase.different))[:5]:
        print("   differs:", question)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="the running server's process id, for its memory")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients (default 16)")
    parser.add_argument("--heavy", type=int, default=4,
                        help=f"clients sending {HEAVY_CHARS}-character questions in phase 3 (default 4; 0 skips it)")
    parser.add_argument("--threads", type=int, default=8, help="concurrent Python API threads (default 8)")
    parser.add_argument("--questions", type=int, default=20, help=f"questions per worker (max {len(QUESTIONS)})")
    parser.add_argument("--time-limit", type=float, default=900, help="stop asking after this many seconds")
    parser.add_argument("--skip-python", action="store_true", help="only the HTTP phase")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    questions = QUESTIONS[:max(1, min(args.questions, len(QUESTIONS)))]
    deadline = time.monotonic() + args.time_limit
    results: dict = {"questions": len(questions)}
    server = None
    try:
        if args.url:
            check_loopback(args.url)
            url, pid = args.url, args.pid
        else:
            from ui.local_server import LocalServer

            server = LocalServer().start()
            url, pid = server.url, server.pid
            print(f"started python -m qa serve at {url} (pid {pid})")
        print(f"load average at start {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores, maybe shared)")
        results["http"] = http_phase(url, args.clients, args.heavy, questions, deadline, pid)
        if server is not None:
            results["server_log_tracebacks"] = server.log_tail(1 << 26).count("Traceback")
            print(f"\nserver log: {results['server_log_tracebacks']} traceback(s)")
    finally:
        if server is not None:
            server.stop()
    if not args.skip_python:
        results["python"] = python_phase(args.threads, questions, deadline)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    phases = [results.get("python") or {}, *(results.get("http") or {}).values()]
    phases += [phase["heavy"] for phase in phases if "heavy" in phase]
    failed = any(p.get("errors") or p.get("different_from_sequential") for p in phases)
    slow = any((p.get("p50_ratio_to_unloaded") or 0) > 2 for p in phases)
    return 1 if failed or slow or results.get("server_log_tracebacks") else 0


if __name__ == "__main__":
    sys.exit(main())
