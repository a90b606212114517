"""All benchmarks in one go, then the key figures.

    python bench/run.py --quick   # the report, the anchor, scale at 10x and 100x: a few minutes
    python bench/run.py           # scale up to a million passages: allow half an hour or more

Each part appends its own section to bench/RESULTS.md (``--no-append`` to only print).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
import scale  # noqa: E402


def key_figures(figures: dict, sizes: dict) -> list[str]:
    product, anchor, build, cold = figures["product"], figures["anchor"], figures["build"], figures["cold"]
    lines = [
        f"dev answers: product {product['correct']}/{product['total']}, plain LangChain anchor "
        f"{anchor['correct']}/{anchor['total']}",
        f"retrieval: recall@1 {product['recall_at_1']:.2f}, recall@5 {product['recall_at_5']:.2f} "
        f"(anchor {anchor['recall_at_1']:.2f} / {anchor['recall_at_5']:.2f})",
        f"warm search p50/p95 {report._pair(product['search_ms'])} ms; ask p50/p95 {report._pair(product.get('ask_ms'))} ms",
        f"cold start to first answer {cold['wall_s']:.1f} s; build {build['total_s']:.1f} s (parse {build['parse_s']:.1f}, "
        f"embed {build['embed_s']:.1f}, index {build['index_s']:.1f}); serving peak RSS {cold['peak_rss_bytes'] / 2**20:,.0f} MiB",
    ]
    for r in sizes["sizes"]:
        lines.append(f"scale {r['size']:,} passages ({r['vector_kind']}): search p50/p95 {r['search_p50_ms']:.1f} / "
                     f"{r['search_p95_ms']:.1f} ms, recall@10 {r['recall_at_10']:.3f}, peak RSS "
                     f"{r['peak_rss_bytes'] / 2**30:.1f} GiB")
    lines.append(f"embedding throughput {sizes['throughput']:.1f} passages/s")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scale only to 100x the report")
    parser.add_argument("--no-append", action="store_true", help="do not append to bench/RESULTS.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    common = ["--no-append"] if args.no_append else []
    with tempfile.TemporaryDirectory(prefix="clusterqa-run-") as folder:
        report.main([*common, *(["--quick"] if args.quick else []), "--json", f"{folder}/report.json"])
        scale.main([*common, *(["--quick"] if args.quick else []), "--json", f"{folder}/scale.json"])
        figures = json.loads(Path(folder, "report.json").read_text(encoding="utf-8"))
        sizes = json.loads(Path(folder, "scale.json").read_text(encoding="utf-8"))
    print("\nKey figures:")
    print("\n".join(f"- {line}" for line in key_figures(figures, sizes)))
    print(f"(all benchmarks in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
