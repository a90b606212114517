"""Cluster filters take the report's words, synonyms and English, and counts match the appendix.

Counts are checked against an independent computation: the appendix lines of the raw text
file split on tabs, not the engine's own parse.
"""
from collections import Counter

import pytest

from qa.tables.cluster_engine import ClusterEngine, UnknownFilterError
from qa.documents.structure import parse_text
from tests.test_appendix_parsing import raw_appendix_rows

SMALL = """附表：示例集群表

序号\t集群名称\t所在洲\t所在国家\t主导产业\t所属行业领域
1\t斯德哥尔摩机器人集群\t欧洲\t瑞典\t机器人\t高端装备领域
2\t波士顿生物集群\t北美洲\t美国\t生物技术\t生物医药及高端医疗器械领域
3\t首尔半导体集群\t亚洲\t韩国\t半导体\t电子信息领域
4\t东京食品集群\t亚洲\t日本\t食品\t消费品领域
"""


@pytest.fixture
def engine():
    return ClusterEngine.from_documents([parse_text(SMALL, "s.txt", "x")], expected_appendix_rows=4)


@pytest.mark.parametrize("filters, numbers", [
    ({"country": "Sweden"}, [1]), ({"country": "瑞典"}, [1]), ({"continent": "北美"}, [2]),
    ({"continent": "North America"}, [2]), ({"continent": "北美洲"}, [2]), ({"country": "South Korea"}, [3]),
    ({"country": "Korea"}, [3]), ({"country": "韩国"}, [3]), ({"country": "Japan"}, [4]),
    ({"domain": "biomedicine"}, [2]), ({"domain": "生物医药"}, [2]), ({"domain": "biotech"}, [2]),
    ({"domain": "electronics"}, [3]), ({"domain": "电子信息"}, [3]), ({"domain": "consumer goods"}, [4]),
    ({"domain": "high-end equipment"}, [1]), ({"domain": "装备"}, [1]), ({"industry": "semiconductor"}, [3]),
    ({"continent": "Asia", "domain": "消费品领域"}, [4]), ({"country": "Indonesia"}, []),
])
def test_filters_accept_synonyms(engine, filters, numbers):
    assert [c.number for c in engine.clusters(**filters)] == numbers


def test_unknown_filter_names_the_allowed_values(engine):
    with pytest.raises(UnknownFilterError, match="瑞典、美国、韩国、日本"):
        engine.clusters(country="Narnia")


def test_grouped_counts(engine):
    assert engine.counts("continent") == [("亚洲", 2), ("欧洲", 1), ("北美洲", 1)]
    with pytest.raises(UnknownFilterError, match="continent, country, domain"):
        engine.counts("colour")


# ------------------------------------------------------------------ the real report
@pytest.fixture(scope="module")
def raw_rows(report_raw_text):
    return raw_appendix_rows(report_raw_text)


@pytest.mark.report
@pytest.mark.parametrize("key, column", [("continent", 2), ("country", 3), ("domain", 5)])
def test_report_counts_match_raw_text(report_bot, raw_rows, key, column):
    expected = Counter(cells[column] for cells in raw_rows)
    assert dict(report_bot.tables.counts(key)) == dict(expected)
    for value, count in expected.items():
        assert len(report_bot.clusters(**{key: value})) == count


@pytest.mark.report
@pytest.mark.parametrize("filters, chinese", [
    ({"country": "Japan"}, {"country": "日本"}), ({"country": "South Korea"}, {"country": "韩国"}),
    ({"country": "Sweden"}, {"country": "瑞典"}), ({"continent": "North America"}, {"continent": "北美洲"}),
    ({"continent": "北美"}, {"continent": "北美洲"}), ({"domain": "biomedicine"}, {"domain": "生物医药及高端医疗器械领域"}),
    ({"domain": "new energy vehicles"}, {"domain": "新能源及智能网联汽车领域"}),
    ({"domain": "new materials"}, {"domain": "新材料领域"}), ({"domain": "electronics"}, {"domain": "电子信息领域"}),
])
def test_report_english_filters(report_bot, raw_rows, filters, chinese):
    column = {"continent": 2, "country": 3, "domain": 5}
    expected = [int(cells[0]) for cells in raw_rows
                if all(cells[column[key]] == value for key, value in chinese.items())]
    assert [c.number for c in report_bot.clusters(**filters)] == expected


@pytest.mark.report
def test_report_firm_and_number_lookups(report_bot):
    assert [c.name for c in report_bot.clusters(firm="华为")] == ["深圳市新一代信息通信集群", "东莞市智能移动终端集群"]
    assert report_bot.tables.by_number(100).name == "昌原国家工业区"
    mentions = report_bot.tables.firm_mentions("巴斯夫")
    assert {m.cluster_name for m in mentions} == {"新加坡裕廊工业区", "路德维希港"}
    assert report_bot.clusters(country="印度尼西亚") == []
