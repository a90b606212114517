"""Take the README's screenshots (chat light and dark, explorer, phone, documents) with headless Chromium.

    python -m ui.screenshots [--url http://127.0.0.1:7860/] [--out docs]

Starts ``python -m qa serve`` on a free loopback port unless ``--url`` is given.  Needs
Playwright (pip) and Chromium (Debian: ``apt-get install chromium``).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ui.local_server import PROJECT_ROOT, LocalServer

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHAT_QUESTIONS = ["日本有多少个集群？", "韩国呢？", "2021年硅谷风险投资主要投向哪个领域，占比多少？"]
EXPLORER_SEARCH = "汽车"


def take(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed (Debian: apt-get install chromium).")
    out.mkdir(parents=True, exist_ok=True)
    shots = {name: out / f"screenshot-{name}.png" for name in ("chat", "chat-dark", "explorer", "phone")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for name, theme, viewport in (("chat", "light", (1440, 1000)), ("chat-dark", "dark", (1440, 1000)),
                                      ("phone", "light", (390, 844))):
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN")
            page.goto(f"{url}?__theme={theme}", wait_until="load")
            page.wait_for_selector("#cqa-question textarea")
            questions = CHAT_QUESTIONS if name != "phone" else CHAT_QUESTIONS[-1:]
            for number, question in enumerate(questions, 1):
                page.fill("#cqa-question textarea", question)
                page.click("#cqa-ask")
                page.wait_for_function(
                    "(n) => { const b = [...document.querySelectorAll('#cqa-chat [data-testid=bot]')];"
                    " return b.length >= n && b[n - 1].innerText.trim() !== '…'; }", arg=number, timeout=60_000)
            page.wait_for_timeout(800)
            page.screenshot(path=str(shots[name]), full_page=name == "phone")
            if name == "chat":
                page.get_by_role("tab", name="集群 Explorer").click()
                page.locator("#cqa-continent input").click()
                page.get_by_role("option", name="欧洲", exact=True).click()
                page.wait_for_function("() => document.querySelector('#cqa-chart').innerText.includes('by country')")
                page.locator("#cqa-clusters [role=row]").nth(1).locator("[role=gridcell]").nth(1).click()
                page.wait_for_selector("#cqa-details h3")
                page.wait_for_timeout(1200)
                page.screenshot(path=str(shots["explorer"]), full_page=True)
            page.close()
        browser.close()
    return list(shots.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of the web page for the README.")
    parser.add_argument("--url", help="a running server (default: start one on a free loopback port)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs", help="folder for the PNG files")
    args = parser.parse_args(argv)
    if args.url:
        paths = take(args.url, args.out)
    else:
        with LocalServer() as server:
            paths = take(server.url, args.out)
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
