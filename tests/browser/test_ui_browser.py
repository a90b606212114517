"""The web page in a real browser (Debian's headless Chromium driven by Playwright) against
``python -m qa serve`` on the real report: an answer arrives with its citation and sources
panel, copies as plain text, its [n] scrolls to its source; a follow-up is understood; a
refusal shows the nearest passage; examples ask; the chat and the explorer's rows export and
parse back; the explorer shows firms and institutes, counts one country right and charts by
country under a continent; every text passes WCAG AA contrast in the light and dark themes
at 1400 and 390 px; and the page asks nothing of the network.  Screenshots go to
tests/artifacts/.
"""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pandas as pd

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


def open_page(browser, server, width: int = 1400, theme: str = "light", height: int = 1000):
    """A fresh page on the app; returns (context, page, problems) where problems collects requests
    beyond loopback and dialogs a script opened."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  accept_downloads=True)
    page = context.new_page()
    problems = {"outside": [], "dialogs": []}
    page.on("request", lambda request: problems["outside"].append(request.url)
            if not request.url.startswith((server.url, "data:", "blob:")) else None)
    page.on("dialog", lambda dialog: (problems["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(f"{server.url}?__theme={theme}", wait_until="load")
    page.wait_for_selector("#cqa-question textarea")
    return context, page, problems


@pytest.fixture
def page(browser, server):
    """A fresh 1400 px page; fails the test if it requests anything beyond loopback or opens a dialog."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, problems = open_page(browser, server)
    yield page
    context.close()
    assert problems["outside"] == [], f"the page asked the network for {problems['outside']}"
    assert problems["dialogs"] == [], f"a script ran and opened a dialog: {problems['dialogs']}"


def wait_for_answer(page, before: int) -> str:
    """The text of the answer bubble after the first ``before`` ones, once it is complete."""
    page.wait_for_function(
        """([before]) => { const bubbles = document.querySelectorAll('#cqa-chat [data-testid=bot]');
                           if (bubbles.length <= before) return false;
                           const text = bubbles[bubbles.length - 1].innerText.trim();
                           return text !== '…' && !text.includes('writing…'); }""",
        arg=[before], timeout=ANSWER_TIMEOUT_MS)
    answers = page.locator("#cqa-chat [data-testid=bot]")
    return answers.nth(answers.count() - 1).inner_text()


def ask(page, question: str) -> str:
    """Type ``question``, send it, and return the text of the new answer bubble."""
    before = page.locator("#cqa-chat [data-testid=bot]").count()
    page.fill("#cqa-question textarea", question)
    page.click("#cqa-ask")
    return wait_for_answer(page, before)


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_answer_with_citation_and_sources_panel(page):
    answer = ask(page, "2021年硅谷风险投资主要投向哪个领域，占比多少？")
    assert "41%" in answer and re.search(r"\[1\]", answer)
    sources = page.locator("#cqa-sources")
    sources.locator(".cqa-source").first.wait_for()
    assert re.search(r"Engine: (表格 · Table|原文段落 · Passage|大模型 · LLM)", sources.inner_text())
    assert ".txt" in sources.locator(".cqa-sources-head").inner_text()  # the document, named once
    where = sources.locator(".cqa-where").first.inner_text()
    assert where.strip() and where.count("›") <= 1 and "no page" not in where
    assert sources.locator(".cqa-num").first.inner_text() == "[1]"  # numbered once
    assert "41%" in sources.locator("mark").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "chat-answer.png"), full_page=True)


def test_answer_copies_as_plain_text_and_is_labelled_without_markup(page, server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    answer = ask(page, "2021年硅谷风险投资主要投向哪个领域，占比多少？")
    bubble = page.locator("#cqa-chat [data-testid=bot]").last
    label = bubble.get_attribute("aria-label")
    assert "<" not in label and "41%" in label and "来源 Sources" in label
    page.locator("#cqa-chat button[aria-label='Copy message']").last.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "<" not in copied and "class=" not in copied
    lines = copied.splitlines()
    assert "41%" in lines[0] and "[1]" in lines[0]
    assert lines[2].startswith("来源 Sources") and re.match(r"\[1\] \S", lines[3])
    assert copied.replace("\n", "") == answer.replace("\n", "")


def test_citation_click_scrolls_to_and_highlights_its_source(page):
    ask(page, "日本有多少个集群？")
    page.locator("#cqa-chat [data-testid=bot]").last.locator("a.cqa-cite", has_text="[3]").first.click()
    source = page.locator("#cqa-source-3")
    page.wait_for_function("() => document.querySelector('#cqa-source-3').classList.contains('cqa-flash')")
    box, panel = source.bounding_box(), page.locator("#cqa-sources .cqa-sources").bounding_box()
    assert panel["y"] - 1 <= box["y"] <= panel["y"] + panel["height"], "the source was not scrolled into view"
    assert "东京机器人集群" in source.inner_text() or source.locator("mark").count() > 0


def test_refusal_shows_the_nearest_passage(page):
    answer = ask(page, "台积电2023年的营收是多少？")
    assert "Not in the report" in answer
    assert page.locator("#cqa-sources .cqa-passage").count() >= 1


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
    if "Nearest passage" in answer:
        assert page.locator("#cqa-sources .cqa-passage").count() == 1
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


def test_example_asks_when_clicked(page):
    page.locator(".cqa-example", has_text="日本有多少个集群？").click()
    answer = wait_for_answer(page, 0)
    assert "日本" in answer and "11" in answer
    assert page.locator("#cqa-chat [data-testid=user]").last.inner_text().strip() == "日本有多少个集群？"


def test_chat_exports_as_markdown_with_its_sources(page):
    ask(page, "日本有多少个集群？")
    ask(page, "2021年硅谷风险投资主要投向哪个领域，占比多少？")
    with page.expect_download() as download:
        page.click("#cqa-export-chat")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    questions = re.findall(r"^## \d+\. (.+)$", text, flags=re.M)
    assert questions == ["日本有多少个集群？", "2021年硅谷风险投资主要投向哪个领域，占比多少？"]
    second = text.split("## 2. ")[1]
    assert "41%" in second and "### 来源 Sources" in second
    assert re.search(r"^\[1\] global-advanced-manufacturing-clusters-2023\.txt · ", second, flags=re.M)
    assert re.search(r"^> .*41%", second, flags=re.M)  # the cited passage itself, quoted


def test_clear_chat(page):
    ask(page, "德国制造业占GDP的比重保持在什么区间？")
    page.click("#cqa-clear")
    page.wait_for_function("() => document.querySelectorAll('#cqa-chat [data-testid=bot]').length === 0")
    assert "Ask a question" in page.inner_text("#cqa-sources")


def test_explorer_filters_one_country(page):
    expected = appendix_countries().count("日本")
    assert expected > 0
    open_tab(page, "集群 Explorer")
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
    assert "报告原文 Report rows" in details
    # the appendix row is shown as a one-row table: its header cells, then the row as the report has it
    assert page.locator("#cqa-details table.cqa-row th", has_text="所在国家").count() >= 1
    assert page.locator("#cqa-details table.cqa-row td", has_text="日本").count() >= 1
    assert page.locator("#cqa-clusters textarea, #cqa-clusters input[type=text]").count() == 0  # read-only cells
    page.screenshot(path=str(ARTIFACTS / "explorer-japan.png"), full_page=True)

    with page.expect_download() as download:
        page.click("#cqa-export-csv")
    rows = pd.read_csv(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig")))
    assert len(rows) == expected and set(rows["国家 Country"]) == {"日本"}
    assert list(rows.columns)[-2:] == ["龙头企业 Leading firms", "研究机构 Institutes"]


def test_explorer_shows_firms_and_institutes_and_one_continent_order(page):
    open_tab(page, "集群 Explorer")
    page.wait_for_selector("#cqa-chart svg")
    for header in ("龙头企业 Leading firms", "研究机构 Institutes"):
        box = page.locator("#cqa-clusters [role=columnheader]", has_text=header).first.bounding_box()
        assert box and box["x"] + box["width"] <= 1400, f"{header} is off-screen"
    page.locator("#cqa-continent input").click()
    dropdown = [o.strip() for o in page.locator("[role=option]").all_inner_texts() if "全部 All" not in o]
    page.keyboard.press("Escape")
    axis = page.evaluate("() => [...document.querySelectorAll('#cqa-chart svg text')].map(t => t.textContent)")
    chart = [label for label in axis if label in dropdown]
    pivot = [cell for cell in page.locator("#cqa-pivot [role=row] [role=gridcell]:first-child").all_inner_texts()
             if cell in dropdown]
    assert len(dropdown) >= 4 and chart == dropdown and pivot == dropdown


def test_explorer_chart_by_country_under_a_continent(page):
    open_tab(page, "集群 Explorer")
    page.wait_for_selector("#cqa-chart svg")
    page.locator("#cqa-continent input").click()
    page.get_by_role("option", name="欧洲", exact=True).click()
    page.wait_for_function("() => document.querySelector('#cqa-chart').innerText.includes('by country')")
    page.wait_for_function("() => [...document.querySelectorAll('#cqa-chart svg text')].some(t => t.textContent === '德国')")
    axis = page.evaluate("() => [...document.querySelectorAll('#cqa-chart svg text')].map(t => t.textContent)")
    assert "德国" in axis and "法国" in axis and "亚洲" not in axis
    page.locator("#cqa-chart").screenshot(path=str(ARTIFACTS / "explorer-chart-europe.png"))


def test_explorer_chart_and_search(page):
    open_tab(page, "集群 Explorer")
    page.wait_for_selector("#cqa-chart svg")
    page.fill("#cqa-search input, #cqa-search textarea", "硅谷")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('#cqa-count').innerText.includes('共 150 个')")
    assert "硅谷" in page.inner_text("#cqa-clusters")


def test_documents_tab_shows_the_index(page):
    open_tab(page, "文档 Documents")
    status = page.inner_text("#cqa-status")
    assert "global-advanced-manufacturing-clusters-2023.txt" in status
    assert "段落数 Passages" in status and "关闭 off" in status
    table = page.inner_text("#cqa-documents")
    assert "global-advanced-manufacturing-clusters-2023.txt" in table and "语料 corpus" in table


def test_phone_width_reaches_every_tab_and_puts_sources_under_the_answer(browser, server):
    context, page, _ = open_page(browser, server, width=390, height=844)
    try:
        tabs = page.locator("[role=tab]")
        assert tabs.all_inner_texts() == ["问答 Chat", "集群 Explorer", "文档 Documents"]
        assert all(tabs.nth(i).is_visible() for i in range(tabs.count()))
        ask(page, "2021年硅谷风险投资主要投向哪个领域，占比多少？")
        question = page.locator("#cqa-question").bounding_box()
        sources = page.locator("#cqa-sources").bounding_box()
        example = page.locator(".cqa-example").first.bounding_box()
        assert question["y"] < sources["y"] < example["y"], "the sources are not right under the answer"
        page.screenshot(path=str(ARTIFACTS / "phone-chat.png"), full_page=True)
        for name in ("集群 Explorer", "文档 Documents"):
            open_tab(page, name)
        assert page.locator("#cqa-status").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 390])
def test_every_text_is_readable(browser, server, theme, width):
    """Dark mode used to show cited passages near-white on near-white (1.04:1)."""
    from tests.browser.contrast import CONTRAST_WALK

    context, page, _ = open_page(browser, server, width=width, theme=theme)
    try:
        ask(page, "日本有多少个集群？")
        page.locator("#cqa-sources mark").first.wait_for()
        failures, checked = [], 0
        for name in ("问答 Chat", "集群 Explorer", "文档 Documents"):
            open_tab(page, name)
            page.wait_for_timeout(600)
            result = page.evaluate(CONTRAST_WALK, 4.5)
            checked += result["checked"]
            failures += [f"{name}: {f}" for f in result["failures"]]
        assert checked > 200
        assert not failures, "\n".join(failures[:20])
    finally:
        context.close()
