"""A how-much question of a year the document gives that measure for only in another year is declined,
and the refusal shows the figure it does give.

What used to break: "2022年硅谷的风险投资总额有多少？" was answered with "2022年其专利数量为…" (the asked
year, another measure) beside "2021 年硅谷整体风险投资总额为 441 亿美元" (the measure, another year).
"""
import pytest

TEXT = ("## 硅谷\n\n以硅谷为例，2022年其专利数量为20424件，在全国的专利注册份额占13%。"
        "2021年硅谷整体风险投资总额为441亿美元，占全美风险投资总额的16%。\n\n"
        "## 英国\n\n英国提出到2025年前投资10亿英镑在两个产业集群部署碳捕集项目。"
        "英国2019年的计划是建成一个低碳产业集群。\n")


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    from tests.conftest import bot_over_text

    return bot_over_text(TEXT, tmp_path_factory, "clusters.md")


def test_the_measure_only_for_another_year_is_declined_with_that_figure_shown(bot):
    answer = bot.ask("2022年硅谷的风险投资总额有多少？")
    assert not answer.answered
    assert "其他年份" in answer.text and "441亿美元" in answer.text


def test_the_year_the_document_gives_is_answered(bot):
    answer = bot.ask("2021年硅谷的风险投资总额有多少？")
    assert answer.answered and "441亿美元" in answer.text


def test_a_word_of_the_question_another_year_holds_does_not_decline_the_right_sentence(bot):
    # 计划 is in the 2019 sentence only; the 2025 sentence says everything else that is asked
    answer = bot.ask("英国计划在2025年前投资多少在两个产业集群部署碳捕集项目？")
    assert answer.answered and "10亿英镑" in answer.text
