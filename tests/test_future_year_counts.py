"""A count asked about a year the appendix does not describe is not answered from the appendix.

What broke: "What will the number of clusters be in 2035?" was answered with the appendix
total (150), although the appendix is the report's 2023 snapshot and says nothing about
2035 (or 2010).  The table route now steps aside; the passage side decides.
"""
import pytest

from qa.tables.cluster_engine import ClusterEngine
from qa.documents.structure import parse_text
from qa.tables.table_questions import answer_table_question

SMALL = """附表：示例集群表

序号\t集群名称\t所在洲\t所在国家\t主导产业\t所属行业领域
1\t斯德哥尔摩机器人集群\t欧洲\t瑞典\t机器人\t高端装备领域
2\t波士顿生物集群\t北美洲\t美国\t生物技术\t生物医药及高端医疗器械领域
"""


@pytest.fixture(scope="module")
def engine():
    return ClusterEngine.from_documents([parse_text(SMALL, "s.txt", "x")], expected_appendix_rows=2)


@pytest.mark.parametrize("question", [
    "What will the number of clusters be in 2035?",
    "How many clusters will there be in 2030?",
    "2035年集群数量会是多少？",
    "2030年瑞典会有多少个集群？",
    "Which clusters will Sweden have in 2035?",
    "2010年美国有多少个集群？",
])
def test_counts_for_other_years_are_not_table_answers(engine, question):
    assert answer_table_question(question, [], engine) is None


@pytest.mark.parametrize("question, expected", [
    ("瑞典有多少个集群？", "共有 1 个"),
    ("2023年瑞典有多少个集群？", "共有 1 个"),
    ("How many clusters were there in 2023?", "2 clusters"),
])
def test_counts_for_the_snapshot_year_still_are(engine, question, expected):
    answer = answer_table_question(question, [], engine)
    assert answer is not None and answer.answered and expected in answer.text


@pytest.mark.report
def test_the_report_declines_a_chinese_future_count(report_bot):
    answer = report_bot.ask("2035年集群数量会是多少？")
    assert not answer.answered and "150" not in answer.text
