"""Counting questions know which counter the figure carries, in English too.

What broke: "How many clusters will there be in 2030?" was answered with an unrelated
table-6-2 row (English questions had no expected unit, and "number of" was not a
how-many question); "多少个国家" refused the report's "11 国" because only "个" counted.
"""
import pytest

from qa.answering.scoring import has_unit as _has_unit
from qa.answering.questions import expected_unit, question_kind


@pytest.mark.parametrize("question, counters", [
    ("How many companies are headquartered there?", ("家", "个")),
    ("How many unicorn firms did Silicon Valley have?", ("家",)),
    ("What is the number of clusters in Japan?", ("个",)),
    ("How many patents did it file?", ("件", "项")),   # 发明专利97项: English names no classifier
    ("How many staff does it employ?", ("人", "名")),
])
def test_an_english_count_takes_any_of_its_chinese_classifiers(question, counters):
    unit = expected_unit(question).split("|")
    assert all(c in unit for c in counters) and "年" not in unit and "%" not in unit


@pytest.mark.parametrize("question, unit", [
    ("中东欧有多少个国家参与？", "个|国"),
    ("日本有多少个集群？", "个|集"),
    ("硅谷有多少家独角兽企业？", "家"),
])
def test_expected_counter(question, unit):
    assert expected_unit(question) == unit


def test_number_of_is_a_quantity_question():
    assert question_kind("What will the number of clusters be in 2035?") == "quantity"


def test_the_noun_after_ge_is_an_accepted_counter():
    assert _has_unit("加强中东欧 11 国在创新和集群政策方面的合作", "个|国", set())
    assert not _has_unit("加强中东欧国家在创新方面的合作", "个|国", set())


@pytest.mark.report
@pytest.mark.parametrize("question", ["How many clusters will there be in 2030?",
                                      "What will the number of clusters be in 2035?"])
def test_future_counts_are_declined(report_bot, question):
    answer = report_bot.ask(question)
    assert not answer.answered and answer.route == "none"


def test_a_unit_named_by_the_column_header_counts_for_the_cell():
    """"累计投资（亿元）: 236" gives 236亿元: a table row answers "投了多少钱" with its cell."""
    from qa.answering.scoring import has_unit
    row = "表 | 园区名称: 青山机器人产业园 | 累计投资（亿元）: 236 | 入驻企业（家）: 214 | 规划面积（平方公里）: 5.2"
    assert has_unit(row, "money", set()) and has_unit(row, "家", set())
    assert not has_unit("表 | 规划面积（平方公里）: 5.2", "money", set())


@pytest.mark.parametrize("question, unit", [
    ("东丽、东邦这几家碳纤维厂在小丝束碳纤维市场占了多大份额？", "%"),   # 这几家: "these few firms", not a count
    ("韩国形成了几个先进制造产业集群？", "个"),
])
def test_a_demonstrative_few_is_not_the_counter_asked_for(question, unit):
    assert expected_unit(question).split("|")[0] == unit


@pytest.mark.parametrize("question, unit", [
    ("How much of Canada's quantum strategy money is earmarked for basic research?", "money"),
    ("What share of the market do they hold?", "%"),
    ("What was the growth rate of exports?", "%"),
])
def test_percent_words_are_whole_english_words(question, unit):
    """"strategy" holds the letters of "rate": a money question was read as asking for a percentage."""
    assert expected_unit(question) == unit
