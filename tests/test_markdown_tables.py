"""Markdown pipe tables are tables: each row a passage carrying the table's title and headers.

What used to break: ``| 华东 | 1,250 | 12.5% |`` lines were one paragraph of bars, so a
question about 华南's figure matched the whole table's text and could not cite its row.
"""
from qa.documents.chunking import chunk_document, row_with_headers
from qa.documents.structure import parse_text
from tests.document_samples import SALES_MD


def test_rows_become_passages_with_title_and_headers():
    document = parse_text(SALES_MD, "sales.md", "x")
    [table] = [b.table for b in document.blocks if b.kind == "table"]
    assert table.header == ("区域", "销售额（万元）", "同比增长")
    assert table.rows == (("华东", "1,250", "12.5%"), ("华南", "980", "8.1%"), ("西北", "310", "-2.4%"))
    assert table.title == "各区域销售额"  # an untitled table is named by the heading it sits under
    rows = [p for p in chunk_document(document) if p.kind == "table_row"]
    # quoted as the Markdown writes it, outer pipes too, so a reader finds the cited row in the file
    assert [p.text for p in rows][1] == "各区域销售额\n| 区域 | 销售额（万元） | 同比增长 |\n| 华南 | 980 | 8.1% |"
    assert row_with_headers(rows[1].text) == "各区域销售额 | 区域: 华南 | 销售额（万元）: 980 | 同比增长: 8.1%"
    assert all(p.section == "各区域销售额" and p.title == "2023年区域销售简报" for p in rows)
    prose = [p.text for p in chunk_document(document) if p.kind == "text"]
    assert "华东区域贡献最大。" in prose and not any("|" in text for text in prose)


def test_a_titled_table_keeps_its_title():
    text = "## 产能\n\n表1 各工厂产能\n\n| 工厂 | 产能 |\n| --- | --- |\n| 一厂 | 300 台 |\n\n表2 各工厂人数\n\n| 工厂 | 人数 |\n|---|---|\n| 一厂 | 85 |\n"
    document = parse_text(text, "plants.md", "x")
    tables = [b.table for b in document.blocks if b.kind == "table"]
    assert [t.title for t in tables] == ["表1 各工厂产能", "表2 各工厂人数"]
    assert [t.rows for t in tables] == [(("一厂", "300 台"),), (("一厂", "85"),)]


def test_bars_without_a_separator_row_are_text():
    document = parse_text("## 说明\n\n输入 | 输出 都要记录。\n", "notes.md", "x")
    assert not any(b.kind == "table" for b in document.blocks)


def test_escaped_bars_and_short_rows():
    text = "| 命令 | 含义 | 备注 |\n|---|---|---|\n| a \\| b | 管道 |\n"
    [table] = [b.table for b in parse_text(text, "cli.md", "x").blocks if b.kind == "table"]
    assert table.rows == (("a | b", "管道", ""),)


def test_a_unit_line_above_the_rows_stays_with_them_and_is_no_title():
    """单位：万元 above a table was taken for its title, so its rows were cited as "单位：万元币种：人民币"
    and the line naming them (（1）主营业务分产品情况) was lost."""
    text = ("## 二、主营业务分析\n\n（1）主营业务分产品情况\n\n单位：万元　币种：人民币\n\n"
            "| 分产品 | 营业收入 | 毛利率 |\n|---|---|---|\n| 精密数控机床 | 61,254.38 | 29.62% |\n| 激光加工装备 | 27,403.96 | 23.84% |\n")
    [table] = [b.table for b in parse_text(text, "annual.md", "x").blocks if b.kind == "table"]
    assert table.title == "（1）主营业务分产品情况（单位：万元币种：人民币）"
