"""Tables drawn without borders: rows rebuilt from where the text stands.

Without cell rectangles, the first reader grouped a table's lines into rows by the first
column alone.  Narrow columns (所在洲 wrapped one character a line) and first-column
cells that wrap, with the other cells centred beside them, broke that: on an unruled A5
rendering of the report 0 of the 150 appendix rows came out right and about two thirds
of the region-table rows.  Rows are now cut where every column's lines agree (see
``qa.documents.pdf_tables._PageTable``); these tests hold the figures reached.
"""
from __future__ import annotations

import re
import time

import pytest

from qa.documents.pdf import read_pdf
from qa.documents.structure import parse_text
from qa.text import without_whitespace
from tests.conftest import REPORT_TXT
from tests.pdf_fixtures import HEADER, ROWS, render_report_pdf, top_aligned_table_pdf

REGION_TABLE = re.compile(r"^表\s*(1-1|2-\d+|3-\d+)\b")


def _normalised(rows) -> list[tuple[str, ...]]:
    return [tuple(without_whitespace(cell) for cell in row) for row in rows]


def _table(document, prefix: str):
    matches = [block for block in document.tables if block.text.replace(" ", "").startswith(prefix)]
    assert matches, f"no table titled {prefix!r} in {[b.text for b in document.tables]}"
    return matches[0]


def test_top_aligned_table_with_a_row_split_by_the_page_break():
    """Cells wrap in every column, a row's lines run on onto page 2 without a header."""
    data = top_aligned_table_pdf(HEADER, ROWS, chars_per_line=(8, 10, 9), split_row=2)
    document = read_pdf(data, source="top-aligned.pdf")
    block = _table(document, "表1-1")
    assert block.table.header == HEADER
    assert _normalised(block.table.rows) == _normalised(ROWS)
    assert list(block.table.row_pages) == [1, 1, 1, 2, 2, 2], "the split row stays on the page it starts"


# --------------------------------------------------------------------------- the real report


@pytest.fixture(scope="module")
def text_version():
    if not REPORT_TXT.exists():
        pytest.skip("the report text is not in documents/")
    return parse_text(REPORT_TXT.read_text(encoding="utf-8"), REPORT_TXT.name, "")


def _rows_right(document, text_version) -> tuple[int, int, int]:
    """Appendix rows equal to the text version's, and region-table rows found exactly."""
    expected = _table(text_version, "附表").table
    appendix = _table(document, "附表").table
    assert appendix.header == expected.header
    appendix_right = sum(a == b for a, b in zip(_normalised(appendix.rows), _normalised(expected.rows)))
    right = total = 0
    for block in text_version.tables:
        if REGION_TABLE.match(block.text):
            found = set(_normalised(_table(document, block.text.replace(" ", "")[:6]).table.rows))
            right += sum(row in found for row in _normalised(block.table.rows))
            total += len(block.table.rows)
    return appendix_right, right, total


@pytest.mark.report
@pytest.mark.parametrize("page_format,font_size", [("A5", 8), ("Letter", 11)], ids=["a5-8pt", "letter-11pt"])
def test_unruled_report_tables(text_version, page_format, font_size):
    """The report re-rendered without borders; before this reader: appendix 0/150 on both."""
    data = render_report_pdf(REPORT_TXT.read_text(encoding="utf-8"), page_format=page_format,
                             font_size=font_size, ruled=False)
    started = time.monotonic()
    document = read_pdf(data, source=f"report-{page_format}-unruled.pdf")
    assert time.monotonic() - started < 20
    appendix_right, region_right, region_total = _rows_right(document, text_version)
    assert appendix_right == 150
    assert (region_right, region_total) == (126, 126)
