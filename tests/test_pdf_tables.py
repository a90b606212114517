"""Tables read back from PDFs: one tab-joined line per row, wrapped cells joined, page breaks mended.

pypdf's plain extraction separates cells by spaces and lets a long cell wrap onto the
next lines, so the report's tables came out as prose.  These tests build PDFs whose
cells wrap and whose table runs over a page break, and check every cell; the ``report``
ones check the real ``report-a4.pdf`` and a second layout of the same text against the
text version, cell by cell.
"""
from __future__ import annotations

import re
import time

import pytest

from tests.pdf_fixtures import HEADER, render_report_pdf, sample_report_pdf, table_body
from qa.documents.pdf import read_pdf, read_pdf_lines
from qa.documents.structure import parse_text
from qa.text import without_whitespace

from tests.conftest import REPORT_PDF, REPORT_TXT

REGION_TABLE = re.compile(r"^表\s*(1-1|2-\d+)\b")


def _normalised(rows) -> list[list[str]]:
    return [[without_whitespace(cell) for cell in row] for row in rows]


def _table(document, prefix: str):
    matches = [block for block in document.tables if block.text.replace(" ", "").startswith(prefix)]
    assert matches, f"no table titled {prefix!r} in {[b.text for b in document.tables]}"
    return matches[0]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_wrapped_cells_and_page_break(ruled):
    body = table_body(24)
    document = read_pdf(sample_report_pdf(ruled=ruled, table_rows=24), source="sample.pdf")
    block = _table(document, "表1-1")
    assert block.table.header == HEADER
    assert _normalised(block.table.rows) == _normalised(body)
    pages = set(block.table.row_pages)
    assert pages == {1, 2}, "the table should run from page 1 onto page 2"


def test_rows_are_tab_joined_lines():
    lines, page_count = read_pdf_lines(sample_report_pdf(table_rows=3))
    rows = [line for line, _ in lines if "\t" in line]
    assert rows[0] == "\t".join(HEADER)
    assert len(rows) == 4 and all(row.count("\t") == 2 for row in rows)
    assert page_count == 1


def test_repeated_header_is_dropped():
    """fpdf2 repeats the header on each page; it must not become a data row."""
    document = read_pdf(sample_report_pdf(table_rows=40))
    rows = _table(document, "表1-1").table.rows
    assert len(rows) == 40
    assert all(row[0] != HEADER[0] for row in rows)


def test_footnote_is_not_a_row():
    document = read_pdf(sample_report_pdf(table_rows=3))
    footnotes = [block.text for block in document.blocks if block.kind == "footnote"]
    assert footnotes == ["¹ 根据公开资料整理"]
    for block in document.tables:
        assert all("根据公开资料" not in cell for row in block.table.rows for cell in row)


# --------------------------------------------------------------------------- the real report


@pytest.fixture(scope="module")
def text_version():
    if not REPORT_TXT.exists():
        pytest.skip("the report text is not in documents/")
    return parse_text(REPORT_TXT.read_text(encoding="utf-8"), REPORT_TXT.name, "")


def _check_against_text(document, text_version) -> None:
    expected = _table(text_version, "附表").table
    appendix = _table(document, "附表").table
    assert appendix.header == expected.header
    assert len(appendix.rows) == 150
    assert all(len(row) == 6 for row in appendix.rows)
    assert sorted(int(row[0]) for row in appendix.rows) == list(range(1, 151))
    matching = sum(a == b for a, b in zip(_normalised(appendix.rows), _normalised(expected.rows)))
    assert matching == 150
    for block in text_version.tables:
        if REGION_TABLE.match(block.text) or block.text.startswith("表 3-"):
            found = _table(document, block.text.replace(" ", "")[:6])
            assert _normalised(found.table.rows) == _normalised(block.table.rows), block.text


@pytest.mark.report
def test_report_a4_tables_match_text_version(text_version):
    if not REPORT_PDF.exists():
        pytest.skip(f"{REPORT_PDF} is missing")
    started = time.monotonic()
    document = read_pdf(REPORT_PDF)
    assert time.monotonic() - started < 20
    _check_against_text(document, text_version)
    assert len(document.tables) == len(text_version.tables)


@pytest.mark.report
def test_second_layout_tables_match_text_version(text_version):
    """The report re-rendered on A5 with 8 pt text and fpdf2 tables: other widths, other wraps."""
    data = render_report_pdf(REPORT_TXT.read_text(encoding="utf-8"), page_format="A5", font_size=8)
    document = read_pdf(data, source="report-a5.pdf")
    assert document.page_count > 28
    _check_against_text(document, text_version)
