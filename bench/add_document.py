"""Adding a 30-page PDF through the web page: how soon it is answerable, and how soon fully indexed.

    .venv/bin/python bench/add_document.py [--pages 30]

Makes the PDF (fpdf2 + WenQuanYi Micro Hei, ``tests/browser/own_pdf.py``), predicts its
embedding time from the embedder's throughput on a sample of its own passages, then starts
``python -m qa serve`` on a copy of the index and a temporary user-data folder, uploads the
PDF in headless Chromium and prints: seconds until keyword search serves it, seconds until
the page answers the question only the PDF answers, seconds until it is fully indexed, and
the prediction.  Needs Playwright and Chromium, like the browser tests.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SAMPLE = 32


def predicted_embedding_seconds(pdf: Path) -> tuple[int, float, float]:
    """(passages, passages per second measured on a sample of them, predicted seconds for all)."""
    from qa.documents.chunking import chunk_document, indexed_text
    from qa.documents.ingest import read_document
    from qa.retrieval.embedding import load_embedder
    from qa.retrieval.index import EMBED_BATCH
    from qa.settings import settings_from_env

    texts = [indexed_text(p) for p in chunk_document(read_document(pdf))]
    embedder = load_embedder(settings_from_env().embedder)
    embedder.embed_passages(texts[:2])
    sample = texts[::max(1, len(texts) // SAMPLE)][:SAMPLE]
    started = time.perf_counter()
    for start in range(0, len(sample), EMBED_BATCH):
        embedder.embed_passages(sample[start:start + EMBED_BATCH])
    rate = len(sample) / (time.perf_counter() - started)
    return len(texts), rate, len(texts) / rate


def through_the_page(url: str, pdf: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from tests.browser.own_pdf import ANSWER_FIGURE, QUESTION

    times: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url, wait_until="load")
        page.wait_for_selector("#cqa-question textarea")
        page.get_by_role("tab", name="文档 Documents").click()
        started = time.perf_counter()
        page.set_input_files("#cqa-upload input[type=file]", str(pdf))
        page.wait_for_selector("#cqa-add-state[data-state=keyword], #cqa-add-state[data-state=embedding], "
                               "#cqa-add-state[data-state=done]", timeout=120_000)
        times["keyword_ready_s"] = time.perf_counter() - started
        page.get_by_role("tab", name="问答 Chat").click()
        page.fill("#cqa-question textarea", QUESTION)
        page.click("#cqa-ask")
        page.wait_for_function("(figure) => [...document.querySelectorAll('#cqa-chat [data-testid=bot]')]"
                               ".some(b => b.innerText.includes(figure))", arg=ANSWER_FIGURE, timeout=120_000)
        times["answered_s"] = time.perf_counter() - started
        page.get_by_role("tab", name="文档 Documents").click()
        page.wait_for_selector("#cqa-add-state[data-state=done], #cqa-add-state[data-state=error]", timeout=900_000)
        times["fully_indexed_s"] = time.perf_counter() - started
        times["state"] = page.get_attribute("#cqa-add-state", "data-state")
        browser.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()

    from tests.browser.own_pdf import own_report_pdf
    from ui.local_server import LocalServer

    work = Path(tempfile.mkdtemp(prefix="clusterqa-bench-add-"))
    pdf = work / f"xinghe-robots-{args.pages}p.pdf"
    pdf.write_bytes(own_report_pdf(args.pages))
    passages, rate, predicted = predicted_embedding_seconds(pdf)
    shutil.copytree(ROOT / "index", work / "index", ignore=shutil.ignore_patterns(".build.lock"))
    try:
        with LocalServer(index=work / "index", user_data=work / "user") as server:
            times = through_the_page(server.url, pdf)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    import os

    print(f"PDF: {args.pages} pages, {passages} passages; load average {os.getloadavg()[0]:.1f}")
    print(f"keyword search serves it after {times['keyword_ready_s']:.1f} s; "
          f"the page answers the question only it answers after {times['answered_s']:.1f} s")
    print(f"fully indexed after {times['fully_indexed_s']:.1f} s ({times['state']}); predicted embedding "
          f"{predicted:.1f} s ({passages} passages at {rate:.1f} passages/s measured on {min(SAMPLE, passages)})")
    return 0 if times["state"] == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
