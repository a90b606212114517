"""What every benchmark shares: the machine's description, timing, memory, tables, RESULTS.md."""
from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

from qa.evaluate import load_questions, percentile

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "RESULTS.md"
DEV_SET = ROOT / "tests" / "eval" / "dev.jsonl"  # a copy: bench/refresh_eval_copies.py
SMOKE_SET = ROOT / "tests" / "eval" / "smoke.jsonl"


def machine() -> dict:
    """CPU model, cores, RAM, Python, library versions, date and the load others put on the machine."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    ram_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import faiss
    import bm25s

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(ram_gib, 1),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "faiss": faiss.__version__,
        "bm25s": bm25s.__version__,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def machine_line(info: dict) -> str:
    return (f"{info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM, Python {info['python']}, "
            f"{info['os']}, faiss {info['faiss']}, bm25s {info['bm25s']}; {info['date']}; "
            f"load average at start {info['load_avg'][0]} (the cores are shared with other work)")


def question_texts() -> list[str]:
    """The queries used for latency: the dev questions and our smoke questions."""
    return [q.q for path in (DEV_SET, SMOKE_SET) if path.exists() for q in load_questions(path)]


def timings_ms(function: Callable[[str], object], queries: Sequence[str], repeat: int = 1) -> list[float]:
    values = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            function(query)
            values.append((time.perf_counter() - started) * 1000)
    return values


def p50_p95(values: Sequence[float]) -> tuple[float, float]:
    return percentile(values, 0.5), percentile(values, 0.95)


def rss_bytes() -> int:
    """Resident memory of this process now (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes(children: bool = False) -> int:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return usage.ru_maxrss * 1024  # kilobytes on Linux


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def append_results(title: str, info: dict, body: str) -> None:
    """Append one dated section to bench/RESULTS.md (kept in the repo, newest last)."""
    section = f"\n## {title} ({info['date']})\n\nMachine: {machine_line(info)}.\n\n{body.strip()}\n"
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nWritten by the scripts in `bench/`; each run appends a section.\n",
                           encoding="utf-8")
    with open(RESULTS, "a", encoding="utf-8") as handle:
        handle.write(section)


def emit_json(data: dict) -> None:
    """A child process's result: one JSON line on stdout, read by the parent."""
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def embedding_throughput(sample: int = 96) -> float:
    """Passages per second of the default embedder on ``sample`` report passages spread over it (batches of 16)."""
    from qa.documents.chunking import indexed_text
    from qa.retrieval.embedding import load_embedder
    from qa.retrieval.index import EMBED_BATCH, load_index
    from qa.settings import settings_from_env

    settings = settings_from_env()
    embedder = load_embedder(settings.embedder)
    passages = load_index(settings.index_dir, embedder).passages
    texts = [indexed_text(p) for p in passages[::max(1, len(passages) // sample)]][:sample]
    embedder.embed_passages(texts[:2])
    started = time.perf_counter()
    for start in range(0, len(texts), EMBED_BATCH):
        embedder.embed_passages(texts[start:start + EMBED_BATCH])
    return len(texts) / (time.perf_counter() - started)
