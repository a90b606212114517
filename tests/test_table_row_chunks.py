"""Every table row is a passage of its own that carries its table title and column headers."""
from qa.documents.chunking import chunk_document, indexed_text, row_cells, row_with_headers
from qa.documents.structure import parse_text


def test_row_passage_carries_title_and_headers(small_corpus):
    document = parse_text((small_corpus / "small.txt").read_text(encoding="utf-8"), "small.txt", "x")
    rows = [p for p in chunk_document(document) if p.kind == "table_row"]
    # the row as the document writes it (tab-separated), under the title and the header line
    assert [r.text for r in rows] == [
        "表 1-1 示例典型集群\n集群名称\t龙头企业\t研究机构\n示例生物医药集群\t甲公司、乙公司\t示例大学",
        "表 1-1 示例典型集群\n集群名称\t龙头企业\t研究机构\n示例航空航天集群\t丙公司\t示例研究院",
    ]
    assert all(r.section.endswith("表 1-1 示例典型集群") for r in rows)
    # what the retrievers and the reader see names each cell's column
    assert indexed_text(rows[1]) == row_with_headers(rows[1].text) == \
        "表 1-1 示例典型集群 | 集群名称: 示例航空航天集群 | 龙头企业: 丙公司 | 研究机构: 示例研究院"


def test_row_cells_pairs_headers_with_cells_and_skips_empty_ones():
    assert row_cells("表\n甲\t乙\t丙\n1\t\t3") == [("甲", "1"), ("丙", "3")]
    assert row_cells("表\n甲 | 乙\n1 | 2 | 多出")[-1] == ("", "多出")
    assert row_cells("no table row") == []


def test_a_cited_row_holds_the_document_line_without_its_whitespace(small_corpus):
    text = (small_corpus / "small.txt").read_text(encoding="utf-8")
    document = parse_text(text, "small.txt", "x")
    rows = [p for p in chunk_document(document) if p.kind == "table_row"]
    squeeze = lambda s: "".join(s.split())
    lines = [squeeze(line) for line in text.splitlines() if "\t" in line]
    assert all(any(squeeze(r.text.split("\n")[-1]) == line for line in lines) for r in rows)


def test_figure_with_labels_below_the_rows():
    text = "图 2-1 领域分布\n\n新材料领域\t1\t5\n消费品领域\t3\t3\n\t澳洲\t北美洲\n"
    document = parse_text(text, "t.txt", "x")
    table = document.tables[0].table
    assert table.header == ("", "澳洲", "北美洲")
    assert table.rows == (("新材料领域", "1", "5"), ("消费品领域", "3", "3"))


def test_report_tables_keep_their_shape(report_text_document):
    tables = {b.table.title: b.table for b in report_text_document.tables}
    appendix = tables["附表：全球典型先进制造业集群表"]
    assert appendix.header == ("序号", "集群名称", "所在洲", "所在国家", "主导产业", "所属行业领域")
    assert len(appendix.rows) == 150
    assert all(len(row) == 6 for row in appendix.rows)
    region = tables["表 2-3 北美洲高端装备制造业典型集群"]
    seattle = next(row for row in region.rows if row[0] == "西雅图航空航天制造集群")
    assert seattle[1] == "亚马逊、波音公司、微软"
