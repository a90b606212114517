"""Questions that name the appendix's column as 行业领域 group and rank by domain like 领域 does.

What used to break: "附表里哪个行业领域的集群最多？" was read as a passage question (the 行业 before 领域
kept the group pattern from matching), and "各行业领域有多少个集群？" took 行业 for a cluster's name
and answered that the appendix has no such cluster.
"""
import pytest


@pytest.mark.report
@pytest.mark.parametrize("question", ["附表里哪个行业领域的集群最多？", "哪个领域的集群最多？",
                                      "Which domain has the most clusters?"])
def test_the_domain_with_the_most_clusters(report_bot, question):
    answer = report_bot.ask(question)
    assert answer.answered and answer.route == "table", answer.text
    assert "生物医药及高端医疗器械领域" in answer.text and "35" in answer.text


@pytest.mark.report
@pytest.mark.parametrize("question", ["各行业领域有多少个集群？", "每个行业领域有几个集群？", "各领域分别有多少个集群？"])
def test_clusters_by_domain(report_bot, question):
    answer = report_bot.ask(question)
    assert answer.answered and answer.route == "table", answer.text
    assert "电子信息领域: 30" in answer.text and "消费品领域: 17" in answer.text


@pytest.mark.report
def test_the_domain_with_the_fewest_clusters(report_bot):
    answer = report_bot.ask("哪个行业领域的集群最少？")
    assert answer.answered and "新能源领域（1 个）" in answer.text, answer.text
