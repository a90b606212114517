"""The report read from its PDF: passages carry page numbers and retrieval still finds the evidence."""
import json

import pytest

from qa.text import without_whitespace
from tests.conftest import DEV_SET

pytestmark = pytest.mark.report


def test_every_passage_has_a_page(report_pdf_bot):
    passages = report_pdf_bot.index.passages
    assert len(passages) > 400
    assert all(isinstance(p.page, int) and 1 <= p.page <= 28 for p in passages)


def test_appendix_rows_cite_their_pages(report_pdf_bot):
    row = next(p for p in report_pdf_bot.search("昌原国家工业区 所在国家", k=5) if p.kind == "table_row")
    assert row.page is not None and row.page >= 10


@pytest.mark.skipif(not DEV_SET.exists(), reason=f"{DEV_SET} is not here")
def test_dev_evidence_recall_at_5(report_pdf_bot):
    questions = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    scored = [q for q in questions if q.get("evidence")]
    hits = 0
    for q in scored:
        query = " ".join([*q.get("history", []), q["q"]])
        passages = report_pdf_bot.search(query, k=5)
        hits += any(without_whitespace(q["evidence"]) in without_whitespace(p.text) for p in passages)
    assert hits / len(scored) >= 0.95
