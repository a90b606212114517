"""A table answer only when the parse covers every content word of the question (small table, no index).

What used to break: "瑞典有多少个集群获得了政府资助？" got the appendix count for 瑞典,
although the appendix has no such column; "How many clusters in Sweden were founded before
1990?" likewise.  The operations the parse now covers are checked on the same small table.
"""
import pytest

from qa.documents.structure import parse_text
from qa.tables.cluster_engine import ClusterEngine
from qa.tables.conditions import find_condition
from qa.tables.table_questions import answer_table_question, split_parts

SMALL = """附表：示例集群表

序号\t集群名称\t所在洲\t所在国家\t主导产业\t所属行业领域
1\t斯德哥尔摩机器人集群\t欧洲\t瑞典\t机器人\t高端装备领域
2\t波士顿生物集群\t北美洲\t美国\t生物技术\t生物医药及高端医疗器械领域
3\t首尔半导体集群\t亚洲\t韩国\t半导体\t电子信息领域
4\t哥德堡汽车集群\t欧洲\t瑞典\t汽车\t新能源及智能网联汽车领域

表 2-1 示例典型集群

集群名称\t龙头企业\t研究机构
波士顿生物集群\t甲制药、乙生物、丙医疗\t示例大学
首尔半导体集群\t丁电子\t首尔示例研究院、示例科技大学
"""


@pytest.fixture(scope="module")
def engine():
    return ClusterEngine.from_documents([parse_text(SMALL, "s.txt", "x")], expected_appendix_rows=4)


def ask(engine, question, history=()):
    return answer_table_question(question, list(history), engine)


@pytest.mark.parametrize("question", [
    "瑞典有多少个集群获得了政府资助？",
    "How many clusters in Sweden were founded before 1990?",
    "瑞典有多少个国家级集群？",
    "美国有多少个集群的产值超过100亿美元？",
])
def test_words_the_parse_does_not_use_send_the_question_to_passages(engine, question):
    assert ask(engine, question) is None


def test_a_covered_count_is_answered(engine):
    answer = ask(engine, "瑞典有多少个集群？")
    assert answer.answered and "共有 2 个" in answer.text


def test_distinct_countries(engine):
    answer = ask(engine, "欧洲的集群来自几个国家？")
    assert answer.answered and "1 个国家" in answer.text and "瑞典 2" in answer.text


def test_comparison(engine):
    answer = ask(engine, "瑞典和美国，哪个国家的集群更多？")
    assert "瑞典 2 个" in answer.text and "美国 1 个" in answer.text and "瑞典更多" in answer.text


def test_condition_on_listed_firms(engine):
    answer = ask(engine, "Which clusters list at least 2 leading companies?")
    assert answer.answered and "波士顿生物集群" in answer.text and "首尔半导体集群" not in answer.text


def test_followup_narrowing_in_english(engine):
    answer = ask(engine, "How many of them are in the automotive domain?", ["How many clusters does Sweden have?"])
    assert answer.answered and "1 cluster" in answer.text and "哥德堡汽车集群" in answer.text


def test_total_and_part(engine):
    answer = ask(engine, "欧洲一共有多少个集群？其中高端装备领域有几个？")
    assert "欧洲的集群共有 2 个" in answer.text and "欧洲高端装备领域的集群共有 1 个" in answer.text


def test_institute_to_cluster(engine):
    answer = ask(engine, "示例科技大学是哪个集群的研究机构？")
    assert answer.answered and "首尔半导体集群" in answer.text


@pytest.mark.parametrize("text, expected", [
    ("集群数量超过10个的国家", ("clusters", ">", 10)), ("龙头企业不少于三家的集群", ("firms", "≥", 3)),
    ("有5个以上集群的国家", ("clusters", "≥", 5)), ("countries with at least 8 clusters", ("clusters", "≥", 8)),
    ("clusters listing only one research institute", ("institutes", "=", 1)),
])
def test_conditions_read(text, expected):
    condition = find_condition(text, not any("\u4e00" <= ch <= "\u9fff" for ch in text))
    assert (condition.measure, condition.operator, condition.value) == expected


@pytest.mark.parametrize("text", ["产值超过100亿欧元的集群", "日本有多少个集群？", "How many clusters does Japan have?"])
def test_no_condition(text):
    assert find_condition(text, not any("\u4e00" <= ch <= "\u9fff" for ch in text)) is None


def test_parts_and_noise():
    assert split_parts("电子信息领域一共有多少个集群？其中亚洲有几个？") == ["电子信息领域一共有多少个集群？", "其中亚洲有几个？"]
    assert split_parts("日本有多少个集群？[31m") == ["日本有多少个集群？"]
    assert len(split_parts("How many clusters are there in total, and how many in Asia?")) == 2
