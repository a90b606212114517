"""Adding a document through the page, in Chromium: a PDF made here (fpdf2, WenQuanYi Micro
Hei) is uploaded on the Documents tab, answered by keyword search while its passages are
still being embedded, then fully indexed; it is listed, can be removed, and the report
itself offers no remove.  The server runs on a copy of the index and a temporary
user-data folder, so the project's index and documents/ are never touched.
"""
from __future__ import annotations

import shutil

import pytest

from tests.browser.own_pdf import ANSWER_FIGURE, FONT, QUESTION, own_report_pdf
from tests.browser.test_ui_browser import CHROMIUM, ROOT, ask, open_page, open_tab, sync_api  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.report]
if not FONT.exists():
    pytest.skip(f"CJK font {FONT} is not installed", allow_module_level=True)

REPORT = "global-advanced-manufacturing-clusters-2023.txt"
PAGES = 6


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from ui.local_server import LocalServer

    index = tmp_path_factory.mktemp("index")
    shutil.copytree(ROOT / "index", index, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".build.lock"))
    user_data = tmp_path_factory.mktemp("user-data")
    with LocalServer(index=index, user_data=user_data) as running:
        running.user_data_dir = user_data
        yield running


def test_add_a_pdf_ask_what_only_it_says_then_remove_it(browser, server, tmp_path):
    pdf = tmp_path / "xinghe-robots-2025.pdf"
    pdf.write_bytes(own_report_pdf(PAGES))
    context, page, problems = open_page(browser, server)
    try:
        before = ask(page, QUESTION)
        assert ANSWER_FIGURE not in before

        open_tab(page, "文档 Documents")
        assert page.locator("#cqa-remove-choice [role=option]").count() == 0
        page.set_input_files("#cqa-upload input[type=file]", str(pdf))
        page.wait_for_selector("#cqa-add-state[data-state=keyword], #cqa-add-state[data-state=embedding], "
                               "#cqa-add-state[data-state=done]", timeout=30_000)
        assert page.locator("#cqa-add-state progress").count() == 1
        open_tab(page, "问答 Chat")
        answer = ask(page, QUESTION)  # keyword search may already serve it; embedded or not, it must answer
        assert ANSWER_FIGURE in answer and "xinghe-robots-2025.pdf" in answer

        open_tab(page, "文档 Documents")
        page.wait_for_selector("#cqa-add-state[data-state=done]", timeout=120_000)
        listed = page.inner_text("#cqa-documents")
        assert "xinghe-robots-2025.pdf" in listed and str(PAGES) in listed and "keyword search only" not in listed
        stored = server.user_data_dir / "documents" / "xinghe-robots-2025.pdf"
        assert stored.is_file() and not (ROOT / "documents" / "xinghe-robots-2025.pdf").exists()
        page.screenshot(path=str(ROOT / "tests" / "artifacts" / "documents-added.png"), full_page=True)

        page.locator("#cqa-remove-choice input").click()
        options = [o.strip() for o in page.locator("[role=option]").all_inner_texts()]
        assert [o.replace("✓", "").strip() for o in options] == ["xinghe-robots-2025.pdf"]  # never the report
        page.keyboard.press("Escape")
        page.click("#cqa-remove")
        page.wait_for_selector("#cqa-add-state[data-state=removed]")
        assert "xinghe-robots-2025.pdf" not in page.inner_text("#cqa-documents")
        assert REPORT in page.inner_text("#cqa-documents") and not stored.exists()

        open_tab(page, "问答 Chat")
        assert ANSWER_FIGURE not in ask(page, QUESTION)
    finally:
        context.close()
    assert problems["outside"] == [] and problems["dialogs"] == []


def test_a_file_that_is_not_what_its_name_says_is_refused(browser, server, tmp_path):
    fake = tmp_path / "notes.pdf"
    fake.write_text("这不是 PDF。", encoding="utf-8")
    context, page, _ = open_page(browser, server)
    try:
        open_tab(page, "文档 Documents")
        page.set_input_files("#cqa-upload input[type=file]", str(fake))
        page.wait_for_selector("#cqa-add-state[data-state=error]", timeout=30_000)
        assert "not a PDF" in page.inner_text("#cqa-add-progress")
        assert "notes.pdf" not in page.inner_text("#cqa-documents")
    finally:
        context.close()
