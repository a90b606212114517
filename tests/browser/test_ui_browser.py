"""The web page in a real browser (Debian's headless Chromium driven by Playwright) against
``python -m qa serve`` on the real report: an answer arrives with its citation and sources
panel, a follow-up is understood, the explorer counts one country right, an HTML question
stays text, and the page asks nothing of the network.  Screenshots go to tests/artifacts/.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.report]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
REPORT_TXT = ROOT / "documents" / "global-advanced-manufacturing-clusters-2023.txt"
INJECTION = "<img src=x onerror=alert(1)>"
ANSWER_TIMEOUT_MS = 60_000


def appendix_countries() -> list[str]:
    """The 所在国家 column of the report's appendix, read straight from the text file."""
    lines = REPORT_TXT.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == "附表：全球典型先进制造业集群表")
    countries = []
    for line in lines[start + 1:]:
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) >= 6 and cells[0].isdigit():
            countries.append(cells[3])
    return countries


@pytest.fixture(scope="module")
def server():
    from ui.local_server import LocalServer

    with LocalServer() as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    """A fresh page on the app; fails the test if it requests anything beyond loopback or opens a dialog."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    outside, dialogs = [], []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((server.url, "data:", "blob:")) else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server.url)
    page.wait_for_selector("#cqa-question textarea")
    yield page
    context.close()
    assert outside == [], f"the page asked the network for {outside}"
    assert dialogs == [], f"a script ran and opened a dialog: {dialogs}"


def ask(page, question: str) -> str:
    """Type ``question``, send it, and return the text of the new answer bubble."""
    answers = page.locator("#cqa-chat [data-testid=bot]")
    before = answers.count()
    page.fill("#cqa-question textarea", question)
    page.click("#cqa-ask")
    page.wait_for_function(
        """([before]) => { const bubbles = document.querySelectorAll('#cqa-chat [data-testid=bot]');
                           return bubbles.length > before && bubbles[bubbles.length - 1].innerText.includes('Engine')
                                  || bubbles.length > before && bubbles[bubbles.length - 1].innerText.includes('Note')
                                  || bubbles.length > before && bubbles[bubbles.length - 1].innerText.includes('Not in the report'); }""",
        arg=[before], timeout=ANSWER_TIMEOUT_MS)
    return answers.nth(answers.count() - 1).inner_text()


def test_answer_with_citation_and_sources_panel(page):
    answer = ask(page, "2021年硅谷风险投资主要投向哪个领域，占比多少？")
    assert "41%" in answer and re.search(r"\[1\]", answer)
    assert re.search(r"Engine: (表格 · Table|原文段落 · Passage|大模型 · LLM)", answer)
    sources = page.locator("#cqa-sources")
    sources.locator(".cqa-source").first.wait_for()
    assert "[1]" in sources.inner_text()
    assert ".txt" in sources.locator(".cqa-doc").first.inner_text()
    assert sources.locator(".cqa-section").first.inner_text().strip()
    assert "41%" in sources.locator("mark").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "chat-answer.png"), full_page=True)


def test_follow_up_question(page):
    first = ask(page, "日本有多少个集群？")
    assert "日本" in first
    second = ask(page, "韩国呢？")
    assert "韩国" in second, second
    assert "Not in the report" not in second, second
    assert page.locator("#cqa-chat [data-testid=user]").count() == 2
    page.screenshot(path=str(ARTIFACTS / "chat-follow-up.png"), full_page=True)


def test_refusal_is_labelled(page):
    answer = ask(page, "火星上有多少个先进制造业集群？")
    assert "报告中没有相关内容" in answer and "Not in the report" in answer
    assert "Not in the report" in page.inner_text("#cqa-sources")
    page.screenshot(path=str(ARTIFACTS / "chat-refusal.png"), full_page=True)


def test_html_question_is_shown_as_text(page):
    ask(page, INJECTION)
    bubble = page.locator("#cqa-chat [data-testid=user]").last
    assert INJECTION in bubble.inner_text()
    assert page.locator("#cqa-chat img[src='x']").count() == 0
    assert page.locator("#cqa-sources img").count() == 0
    page.screenshot(path=str(ARTIFACTS / "chat-html-injection.png"), full_page=True)


def test_overlong_and_empty_questions_get_a_message(page):
    assert "too long" in ask(page, "集群" * 3000)
    page.fill("#cqa-question textarea", "   ")
    page.click("#cqa-ask")
    page.wait_for_function("() => document.querySelector('#cqa-chat').innerText.includes('Please type a question')")


def test_clear_chat(page):
    ask(page, "德国制造业占GDP的比重保持在什么区间？")
    page.click("#cqa-clear")
    page.wait_for_function("() => document.querySelectorAll('#cqa-chat [data-testid=bot]').length === 0")
    assert "Ask a question" in page.inner_text("#cqa-sources")


def test_explorer_filters_one_country(page):
    expected = appendix_countries().count("日本")
    assert expected > 0
    page.get_by_role("tab", name="集群浏览 Cluster explorer").click()
    page.wait_for_selector("#cqa-count")
    assert f"共 {len(appendix_countries())} 个集群" in page.inner_text("#cqa-count")
    page.locator("#cqa-country input").click()
    page.get_by_role("option", name="日本", exact=True).click()
    page.wait_for_function("(n) => document.querySelector('#cqa-count').innerText.includes(`共 ${n} 个集群`)",
                           arg=expected)
    rows = page.locator("#cqa-clusters [role=row]")
    assert rows.count() == expected + 1  # the header row too
    countries = {rows.nth(i).locator("[role=gridcell]").nth(3).inner_text() for i in range(1, rows.count())}
    assert countries == {"日本"}

    first_name = rows.nth(1).locator("[role=gridcell]").nth(1).inner_text()
    rows.nth(1).locator("[role=gridcell]").nth(1).click()
    page.wait_for_function("(name) => document.querySelector('#cqa-details').innerText.includes(name)",
                           arg=first_name)
    details = page.inner_text("#cqa-details")
    assert "报告原文 Report rows" in details and "所在国家: 日本" in details
    page.screenshot(path=str(ARTIFACTS / "explorer-japan.png"), full_page=True)


def test_explorer_chart_and_search(page):
    page.get_by_role("tab", name="集群浏览 Cluster explorer").click()
    page.wait_for_selector("#cqa-chart svg")
    page.fill("#cqa-search input, #cqa-search textarea", "硅谷")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('#cqa-count').innerText.includes('共 150 个')")
    assert "硅谷" in page.inner_text("#cqa-clusters")


def test_about_tab_shows_the_index(page):
    page.get_by_role("tab", name="关于 About").click()
    status = page.inner_text("#cqa-status")
    assert "global-advanced-manufacturing-clusters-2023.txt" in status
    assert "段落数 Passages" in status and "关闭 off" in status
