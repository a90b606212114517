"""Region and innovation rows link to appendix clusters despite spelling variants.

The report writes some clusters differently from table to table; each variant must find
its cluster by a general rule (normalisation, containment, transliteration, fuzzy with the
same place name), and a name the appendix lacks must stay unlinked with a reason, never be
forced onto a neighbour (深圳 must not fall to 北京, 长沙 not to 徐州).
"""
import pytest

from qa.tables.linking import link_tables, match_cluster, name_core, normalise_name
from qa.records import Cluster
from qa.documents.structure import parse_text
from qa.tables.parsing import read_tables


def _clusters(*names, country="中国"):
    return [Cluster(i + 1, name, "亚洲", country, "", "") for i, name in enumerate(names)]


@pytest.mark.parametrize("variant, appendix_name, method", [
    ("图特林根医疗器械产业集群", "图特灵根医疗器械产业集群", "fuzzy"),
    ("瑞典 Kista 移动谷集群", "瑞典希斯塔移动谷集群", "transliteration"),
    ("深圳市新一代信息技术集群", "深圳市新一代信息通信集群", "fuzzy"),
    ("法国化妆谷", "法国化妆品谷", "fuzzy"),
    ("内蒙古呼和浩特市乳制品先进制造业集群", "呼和浩特市乳制品集群", "contained"),
])
def test_variant_pairs(variant, appendix_name, method):
    candidates = _clusters(appendix_name, "北京市新一代信息技术产业集群", "徐州市工程机械集群", "瑞典机器人谷")
    cluster, found_method, score, _ = match_cluster(variant, candidates)
    assert cluster is not None and cluster.name == appendix_name
    assert found_method == method


def test_same_subject_in_another_city_is_not_linked():
    cluster, method, _, reason = match_cluster("长沙市工程机械产业集群", _clusters("徐州市工程机械集群"))
    assert cluster is None and method == "none" and "徐州市工程机械集群" in reason


def test_normalisation():
    assert normalise_name("瑞典 Kista 移动谷集群") == "瑞典kista移动谷集群"
    assert name_core("图特灵根医疗器械产业集群") == "图特灵根医疗器械"


SMALL = """附表：示例集群表

序号\t集群名称\t所在洲\t所在国家\t主导产业\t所属行业领域
1\t甲市航空产业集群\t亚洲\t中国\t航空航天\t高端装备领域
2\t乙市生物集群\t欧洲\t德国\t生物医药\t新能源领域

表 2-1 亚洲高端装备典型集群

集群名称\t龙头企业\t研究机构
甲市航空集群\t甲公司、乙公司\t甲大学

表 3-1 部分龙头企业技术创新情况

企业\t所在国家\t所在集群\t专利及创新成果
丙公司\t德国\t丁港\t材料、涂层

图 2-1 领域分布

高端装备领域\t1\t0
新能源及智能网联汽车领域\t0\t1
\t亚洲\t欧洲
"""


def test_small_report_links_and_reconciles():
    linked = link_tables(read_tables([parse_text(SMALL, "s.txt", "x")], expected_appendix_rows=2))
    first = linked.clusters[0]
    assert first.leading_firms == ("甲公司", "乙公司") and first.institutes == ("甲大学",)
    assert len(first.sources) == 2  # the appendix row and the region row
    assert [link.name for _, link in linked.unlinked_innovations] == ["丁港"]
    [discrepancy] = linked.discrepancies
    assert (discrepancy.domain, discrepancy.continent, discrepancy.figure, discrepancy.appendix) == (
        "新能源及智能网联汽车领域", "欧洲", 1, 0)
    assert "乙市生物集群" in discrepancy.explanation


# ------------------------------------------------------------------ the real report
@pytest.mark.report
def test_report_variants_resolved(report_bot):
    links = {link.name: link for _, link in report_bot.tables.linked.innovation_links + report_bot.tables.linked.region_links}
    expected = {
        "图特林根医疗器械产业集群": "图特灵根医疗器械产业集群",
        "瑞典 Kista 移动谷集群": "瑞典希斯塔移动谷集群",
        "深圳市新一代信息技术集群": "深圳市新一代信息通信集群",
        "法国化妆谷": "法国化妆品谷",
        "内蒙古呼和浩特市乳制品先进制造业集群": "呼和浩特市乳制品集群",
    }
    for variant, appendix_name in expected.items():
        assert links[variant].matched == appendix_name, links[variant]


@pytest.mark.report
def test_report_linking_summary(report_bot):
    linked = report_bot.tables.linked
    assert all(link.number is not None for _, link in linked.region_links)
    unlinked = sorted({link.name for _, link in linked.unlinked_innovations})
    assert unlinked == sorted(["路德维希港", "宁波市磁性材料集群", "长沙市工程机械产业集群", "剑桥科技园"])
    assert all(link.reason for _, link in linked.unlinked_innovations)


@pytest.mark.report
def test_report_cluster_carries_linked_rows(report_bot):
    shenzhen = report_bot.clusters(name="深圳市新一代信息通信集群")[0]
    assert "华为" in shenzhen.leading_firms and "鹏城实验室" in shenzhen.institutes
    assert [i.firm for i in shenzhen.innovations] == ["华为"]
    assert len(shenzhen.sources) == 3


@pytest.mark.report
def test_report_figure_reconciled_with_appendix(report_bot):
    [discrepancy] = report_bot.tables.linked.discrepancies
    assert (discrepancy.continent, discrepancy.domain, discrepancy.figure, discrepancy.appendix) == (
        "欧洲", "新能源及智能网联汽车领域", 8, 7)
    assert "净零提赛德低碳产业集群" in discrepancy.explanation
