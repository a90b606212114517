"""The few groups with the most (or fewest) clusters: 集群最多的三个国家, the three countries with the most.

What used to break: these were declined ("报告中没有回答这个问题的内容"): the count between 的 and
国家 kept the question from reading as a breakdown, and a breakdown named one winner only.
"""
import pytest


@pytest.mark.report
@pytest.mark.parametrize("question", ["附表中集群最多的三个国家是哪些？", "Which three countries have the most clusters?"])
def test_the_top_three_countries_with_their_tie(report_bot, question):
    answer = report_bot.ask(question)
    assert answer.answered and answer.route == "table", answer.text
    # 德国 and 日本 share third place (11 each): both are named
    for name in ("美国", "中国", "德国", "日本"):
        assert name in answer.text
    assert "法国" not in answer.text and "25" in answer.text and answer.citations


@pytest.mark.report
def test_the_two_continents_with_the_fewest(report_bot):
    answer = report_bot.ask("集群数量最少的两个洲是？")
    assert answer.answered and "南美洲（2 个）" in answer.text and "澳洲（5 个）" in answer.text, answer.text
    assert "欧洲" not in answer.text


@pytest.mark.report
def test_one_winner_still_comes_with_the_ranking(report_bot):
    answer = report_bot.ask("哪个国家的集群最多？")
    assert answer.answered and "美国（25 个）" in answer.text and "排名" in answer.text


@pytest.mark.report
def test_the_top_three_without_most(report_bot):
    answer = report_bot.ask("What are the top 3 countries by number of clusters?")
    assert answer.answered and answer.route == "table", answer.text
    assert all(name in answer.text for name in ("美国", "中国", "德国", "日本")) and "法国" not in answer.text


@pytest.mark.report
def test_a_count_of_countries_is_no_ranking(report_bot):
    answer = report_bot.ask("各国家分别有多少个集群？")
    assert answer.answered and "法国: 9" in answer.text, answer.text
