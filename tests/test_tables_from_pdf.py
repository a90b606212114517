"""The PDF of the report yields the same 150 appendix rows and the same links as the text.

Rows whose cells wrap across lines in the PDF must come back whole.
"""
import pytest

from qa.tables.cluster_engine import ClusterEngine
from tests.conftest import REPORT_PDF


@pytest.fixture(scope="module")
def pdf_engine():
    if not REPORT_PDF.exists():
        pytest.skip("the report's PDF is not available")
    from qa.documents.ingest import read_document

    return ClusterEngine.from_documents([read_document(REPORT_PDF)])


def _rows(engine):
    return [(c.number, c.name.replace(" ", ""), c.continent, c.country, c.industry.replace(" ", ""), c.domain)
            for c in engine.all_clusters]


@pytest.mark.report
def test_pdf_appendix_matches_text(pdf_engine, report_bot):
    assert _rows(pdf_engine) == _rows(report_bot.tables)


@pytest.mark.report
def test_pdf_links_match_text(pdf_engine, report_bot):
    def links(engine):
        return sorted((link.name.replace(" ", ""), link.number) for _, link in
                      engine.linked.region_links + engine.linked.innovation_links)

    assert links(pdf_engine) == links(report_bot.tables)
    def firms(engine):  # the PDF splits some Latin names at a line wrap ("La zada"): compare without spaces
        return {c.number: tuple(f.replace(" ", "") for f in c.leading_firms) for c in engine.all_clusters}

    assert firms(pdf_engine) == firms(report_bot.tables)
    assert [(d.domain, d.continent) for d in pdf_engine.linked.discrepancies] == [
        (d.domain, d.continent) for d in report_bot.tables.linked.discrepancies]
