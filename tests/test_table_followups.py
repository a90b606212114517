"""Follow-ups reuse the previous table question from the chat history.

"韩国呢？" repeats the count for another country, "其中消费品领域的呢？" narrows it,
"它属于哪个领域？" asks about the cluster named before, "What about Germany?" answers in
English; a prose question in between ends the chain.
"""
from collections import Counter

import pytest

from qa.tables.cluster_engine import ClusterEngine
from qa.documents.structure import parse_text
from qa.tables.table_questions import answer_table_question
from tests.table_scoring import score
from tests.test_appendix_parsing import raw_appendix_rows

SMALL = """附表：示例集群表

序号\t集群名称\t所在洲\t所在国家\t主导产业\t所属行业领域
1\t东京机器人集群\t亚洲\t日本\t机器人\t高端装备领域
2\t大阪食品集群\t亚洲\t日本\t食品\t消费品领域
3\t首尔半导体集群\t亚洲\t韩国\t半导体\t电子信息领域
4\t斯德哥尔摩汽车集群\t欧洲\t瑞典\t汽车\t新能源及智能网联汽车领域

表 2-1 示例典型集群

集群名称\t龙头企业\t研究机构
东京机器人集群\t甲机械\t东京大学
"""


@pytest.fixture(scope="module")
def engine():
    return ClusterEngine.from_documents([parse_text(SMALL, "s.txt", "x")], expected_appendix_rows=4)


@pytest.mark.parametrize("history, question, expected", [
    (["日本有多少个集群？"], "韩国呢？", "韩国的集群共有 1 个"),
    (["日本有多少个集群？"], "其中消费品领域的呢？", "日本消费品领域的集群共有 1 个"),
    (["日本有多少个集群？"], "What about Sweden?", "lists 1 cluster in 瑞典 (Sweden)"),
    (["日本有多少个集群？", "韩国呢？"], "那瑞典呢？", "瑞典的集群共有 1 个"),
    (["东京机器人集群的龙头企业有哪些？"], "它属于哪个领域？", "高端装备领域"),
    (["东京机器人集群的龙头企业有哪些？"], "研究机构呢？", "东京大学"),
    (["日本有多少个集群？"], "有哪些？", "大阪食品集群"),
    (["日本有多少个集群？"], "分别叫什么？", "大阪食品集群"),      # the names of the set just counted
    (["日本有多少个集群？"], "它们叫什么名字？", "东京机器人集群"),
    (["How many clusters does Japan have?"], "What are they called?", "大阪食品集群"),
])
def test_followups(engine, history, question, expected):
    answer = answer_table_question(question, history, engine)
    assert answer is not None and expected in answer.text, answer and answer.text


def test_prose_question_in_between_ends_the_chain(engine):
    history = ["日本有多少个集群？", "日本的集群是如何发展起来的？"]
    assert answer_table_question("韩国呢？", history, engine) is None


def test_followup_without_history_is_not_a_table_question(engine):
    assert answer_table_question("韩国呢？", [], engine) is None


# ------------------------------------------------------------------ the real report
@pytest.fixture(scope="module")
def raw(report_raw_text):
    return raw_appendix_rows(report_raw_text)


@pytest.mark.report
def test_report_followups(report_bot, raw):
    by_country = Counter(c[3] for c in raw)
    ask = lambda q, h: answer_table_question(q, h, report_bot.tables)  # noqa: E731
    answer = ask("那美国呢？", ["日本有多少个集群？"])
    assert f"共有 {by_country['美国']} 个" in answer.text
    italy_consumer = sum(1 for c in raw if c[3] == "意大利" and c[5] == "消费品领域")
    answer = ask("其中消费品领域的呢？", ["意大利有哪些集群？"])
    assert f"共有 {italy_consumer} 个" in answer.text
    answer = ask("其中消费品领域的呢？", ["日本有多少个集群？"])
    assert answer.answered and "0 个" in answer.text and len(answer.citations) == by_country["日本"]
    answer = ask("What about Germany?", ["How many clusters does Japan have?"])
    assert f"lists {by_country['德国']} clusters in 德国 (Germany)" in answer.text
    answer = ask("它属于哪个领域？", ["硅谷高科技产业集群的龙头企业有哪些？"])
    assert score(answer, {"kind": "followup", "answer_any": ["电子信息领域"]}) == []
    answer = ask("苹果呢？", ["华为在哪个集群？"])
    assert "硅谷高科技产业集群" in answer.text
