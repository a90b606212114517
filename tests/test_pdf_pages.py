"""Every block read from a PDF carries the page it starts on, and structure survives layout.

Headings, paragraphs, footnotes and table titles are recognised from the PDF's visual
lines as they are from the text version, each with its 1-based page number.
"""
from __future__ import annotations

import pytest

from qa.documents.pdf import read_pdf, read_pdf_lines
from qa.documents.structure import parse_text
from qa.text import without_whitespace
from tests.conftest import REPORT_PDF, REPORT_TXT
from tests.pdf_fixtures import PARAGRAPH, sample_report_pdf


@pytest.fixture(scope="module")
def sample():
    return read_pdf(sample_report_pdf(table_rows=24), source="sample.pdf")


def test_page_count_and_pages_of_lines():
    lines, page_count = read_pdf_lines(sample_report_pdf(table_rows=24))
    assert page_count == 2
    assert [page for _, page in lines] == sorted(page for _, page in lines)
    assert (without_whitespace(lines[0][0]), lines[0][1]) == ("第一章全球先进制造业集群区域图景", 1)
    assert lines[-1][1] == 2


def test_headings_with_pages(sample):
    headings = [(block.level, without_whitespace(block.text), block.page)
                for block in sample.blocks if block.kind == "heading"]
    assert headings == [
        (1, "第一章全球先进制造业集群区域图景", 1),
        (2, "一、北美先进制造业集群创新力强", 1),
        (2, "二、欧洲先进制造业集群基础雄厚", 2),
    ]


def test_paragraph_joined_across_visual_lines(sample):
    paragraphs = [block for block in sample.blocks if block.kind == "paragraph"]
    assert without_whitespace(paragraphs[0].text) == without_whitespace(PARAGRAPH)
    assert paragraphs[0].page == 1
    assert paragraphs[-1].page == 2


def test_footnote_and_source_note(sample):
    kinds = {(block.kind, block.text, block.page) for block in sample.blocks}
    assert ("footnote", "¹ 根据公开资料整理", 1) in kinds
    assert ("caption", "资料来源：报告课题组根据公开信息整理", 2) in kinds


def test_every_block_has_a_page(sample):
    assert sample.page_count == 2
    assert all(block.page in (1, 2) for block in sample.blocks)
    table = sample.tables[0]
    assert table.page == 1 and set(table.table.row_pages) <= {1, 2}


@pytest.mark.report
def test_report_a4_pages_and_headings():
    if not REPORT_PDF.exists():
        pytest.skip(f"{REPORT_PDF} is missing")
    document = read_pdf(REPORT_PDF)
    assert document.page_count == 28
    assert all(block.page is not None and 1 <= block.page <= 28 for block in document.blocks)
    text_version = parse_text(REPORT_TXT.read_text(encoding="utf-8"), REPORT_TXT.name, "")

    def headings(doc):
        return [without_whitespace(block.text) for block in doc.blocks if block.kind == "heading"]

    assert headings(document) == headings(text_version)
    pages = [block.page for block in document.blocks]
    assert pages == sorted(pages), "blocks come in page order"
    appendix = next(block for block in document.tables if block.text.startswith("附表"))
    assert appendix.page == 24 and appendix.table.row_pages[-1] == 28
