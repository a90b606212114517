"""The appendix 附表 becomes exactly its numbered Cluster rows, or the build fails loudly.

Tables are found by their header shape, not by title or position: columns in another
order, an appendix split over two tables (a PDF page break repeating the header) and a
cell wrapped onto a line of its own all read the same.
"""
import pytest

from qa.documents.structure import parse_text
from qa.tables.parsing import AppendixError, read_tables, split_items

SMALL = """示例报告

附表：示例集群表

序号\t集群名称\t所在洲\t所在国家\t主导产业\t所属行业领域
1\t甲市航空集群\t亚洲\t中国\t航空航天\t高端装备领域
2\t乙市生物集群\t欧洲\t德国\t生物医药\t生物医药及高端医疗器械领域
3\t丙市食品集群\t欧洲\t法国\t食品、饮料\t消费品领域
"""


def _document(text, source="small.txt"):
    return parse_text(text, source, "x")


def test_small_appendix_reads_into_clusters():
    tables = read_tables([_document(SMALL)], expected_appendix_rows=3)
    assert [c.number for c in tables.clusters] == [1, 2, 3]
    third = tables.clusters[2]
    assert (third.name, third.continent, third.country, third.industry, third.domain) == (
        "丙市食品集群", "欧洲", "法国", "食品、饮料", "消费品领域")
    assert third.sources[0].kind == "table_row" and "丙市食品集群" in third.sources[0].text


def test_columns_found_by_header_not_position():
    lines = []
    for line in SMALL.splitlines():
        cells = line.split("\t")
        lines.append("\t".join([cells[1], cells[0], cells[3], cells[2], *cells[4:]]) if len(cells) == 6 else line)
    text = "\n".join(lines)
    clusters = read_tables([_document(text)], expected_appendix_rows=None).clusters
    first = next(c for c in clusters if c.number == 1)
    assert (first.name, first.country, first.continent) == ("甲市航空集群", "中国", "亚洲")


def test_wrong_row_count_fails_loudly():
    with pytest.raises(AppendixError, match="expected 150"):
        read_tables([_document(SMALL)])


def test_duplicate_numbers_fail_loudly():
    text = SMALL.replace("3\t丙市食品集群", "2\t丙市食品集群")
    with pytest.raises(AppendixError, match="duplicate 序号 \\[2\\]"):
        read_tables([_document(text)], expected_appendix_rows=3)


def test_wrapped_cell_joins_the_row_above():
    text = SMALL.replace("3\t丙市食品集群\t欧洲\t法国\t食品、饮料\t消费品领域",
                         "3\t丙市食品\t欧洲\t法国\t食品、饮料\t消费品领域\n\t集群\t\t\t\t")
    clusters = read_tables([_document(text)], expected_appendix_rows=3).clusters
    assert clusters[2].name == "丙市食品集群"


def test_corpus_without_appendix_has_no_clusters(small_corpus):
    document = _document((small_corpus / "small.txt").read_text(encoding="utf-8"))
    tables = read_tables([document])
    assert tables.clusters == () and not tables.has_appendix
    assert [e.cluster for e in tables.region_entries] == ["示例生物医药集群", "示例航空航天集群"]


def test_first_document_with_an_appendix_is_the_report(small_corpus):
    other = _document((small_corpus / "small.txt").read_text(encoding="utf-8"), "other.txt")
    tables = read_tables([other, _document(SMALL, "a.txt"), _document(SMALL, "b.txt")], expected_appendix_rows=3)
    assert tables.source == "a.txt" and len(tables.clusters) == 3


def test_list_cells_split_into_clean_items():
    assert split_items("罗氏, 诺华、安进；米克罗麦特,密理博等") == ("罗氏", "诺华", "安进", "米克罗麦特", "密理博")
    assert split_items("国家高端智能化家用电器创新中心-") == ("国家高端智能化家用电器创新中心",)
    assert split_items("德州农工大学等。") == ("德州农工大学",)


# ------------------------------------------------------------------ the real report
def raw_appendix_rows(raw_text: str) -> list[list[str]]:
    """The appendix rows of the report's text file, by plain string splitting (independent of qa)."""
    lines = raw_text.splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == "附表：全球典型先进制造业集群表")
    rows = []
    for line in lines[start + 1:]:
        cells = [cell.replace(" ", "") for cell in line.split("\t")]  # the text has PDF wrap spaces
        if len(cells) >= 6 and cells[0].isdigit():
            rows.append(cells)
    return rows


@pytest.mark.report
def test_report_appendix_has_150_unique_rows(report_bot, report_raw_text):
    clusters = report_bot.tables.all_clusters
    raw = raw_appendix_rows(report_raw_text)
    assert len(clusters) == len(raw) == 150
    assert sorted(c.number for c in clusters) == list(range(1, 151))
    for cluster, cells in zip(clusters, raw):
        assert cluster.number == int(cells[0])
        assert (cluster.continent, cluster.country, cluster.domain) == (cells[2], cells[3], cells[5])
        assert cluster.name.replace(" ", "") == cells[1]


@pytest.mark.report
def test_report_other_tables_are_read(report_bot):
    tables = report_bot.tables.linked.tables
    assert len(tables.region_entries) == 96
    assert len(tables.innovations) == 30
    assert [k.chinese for k in tables.keywords[:3]] == ["产业集群", "制造业", "产业集聚"]
    assert tables.keywords[0].english == "performance" and tables.keywords[0].english_count == 91
    assert len(tables.domain_counts) == 6 * 5  # 图 2-1: six domains × five continents
    assert len(tables.policies) == 14


@pytest.mark.report
def test_cluster_sources_are_indexed_passages(report_bot):
    """The engine cites rows with the index's own passage ids."""
    indexed = {p.id for p in report_bot.index.passages}
    cited = [p for c in report_bot.tables.all_clusters for p in c.sources]
    assert cited and all(p.id in indexed for p in cited)


def raw_region_rows(raw_text: str, split_cell=lambda cell: [item.strip() for item in cell.split("、")]) -> dict:
    """{cluster name: (leading firms, institutes)} from the raw 集群名称/龙头企业/研究机构 tables, the first
    row of each name, by plain string splitting (``split_cell`` turns a cell into its items)."""
    rows, inside = {}, False
    for line in raw_text.splitlines():
        cells = [cell.strip() for cell in line.split("\t")]
        if cells[:2] == ["集群名称", "龙头企业"]:
            inside = True
        elif line.startswith("资料来源"):  # a table ends with its source line (page breaks and footnotes may interrupt it)
            inside = False
        elif inside and len(cells) == 3 and not cells[0].startswith("---"):
            rows.setdefault(cells[0].replace(" ", ""), (split_cell(cells[1]), split_cell(cells[2])))
    return rows
