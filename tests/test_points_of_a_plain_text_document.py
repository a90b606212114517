"""A plain-text document's numbered points answer the questions about its sections.

What used to break, over a white paper in plain text (第N章, 1.1 numbering, （1）… and 首先…其次…
points): "保障措施有哪些？" was answered with the one sentence that named 要素保障, the points
（1）…（5） were never points, a point was its lead alone ("二是加大财政支持", without the 专项资金
that says what), and "the white paper" in a question was a word the answer had to contain.
"""
import pytest

from tests.conftest import bot_over_text

DOCUMENT = """示例省机器人产业发展白皮书（2024）

前言

本白皮书由示例省工业和信息化厅编制，数据截至2023年底。

第二章 发展环境与面临问题

2.2 存在的主要问题

在看到成绩的同时，全省机器人产业仍存在一些突出问题。

（1）核心零部件对外依存度较高。高精度减速器主要依赖省外供应，本地配套率不足30%。

（2）企业规模偏小。全省规上企业中营收超过10亿元的仅10家。

（3）高端人才供给不足。研发人员占从业人员的比重不到20%。

第四章 保障措施

首先，强化组织领导。建立由分管副省长任召集人的联席会议制度。

其次，加大财政金融支持。省级财政每年安排专项资金不少于8亿元。

最后，加强监测评估。每年对目标任务完成情况开展评估。
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return bot_over_text(DOCUMENT, tmp_path_factory, "whitepaper.txt")


def test_the_document_calls_itself_by_the_end_of_its_title(bot):
    assert bot.chain.lexicon.self_references == {"白皮书"}
    assert not any(t.text in ("白皮书", "white paper") for t in bot.chain.lexicon.terms("白皮书提出了哪些保障措施？"))


@pytest.mark.parametrize("question, points", [
    ("存在哪些主要问题？", ["（1）核心零部件对外依存度较高。高精度减速器", "（2）企业规模偏小", "（3）高端人才供给不足"]),
    ("保障措施有哪些？", ["首先，强化组织领导", "其次，加大财政金融支持。省级财政每年安排专项资金不少于8亿元",
                    "最后，加强监测评估"]),
])
def test_a_sections_points_are_quoted_with_what_they_say(bot, question, points):
    answer = bot.ask(question)
    assert answer.answered and answer.route == "passage"
    for point in points:
        assert point in answer.text
    assert len(answer.text) <= 800



def test_a_point_takes_the_year_of_the_sentence_that_leads_into_its_list(tmp_path_factory):
    """到2025年…具体目标如下： then （2）…减速器达到50%: the point gives the 2025 target, though it
    names no year; it was declined as a figure for another year."""
    text = ("示例省规划（2024）\n\n3.1 发展目标\n\n到2025年，全省产业规模突破900亿元，2023年为618亿元。具体目标如下：\n\n"
            "（1）企业培育。培育龙头企业2家。\n\n（2）自主配套。其中减速器本地配套率达到50%。\n\n"
            "展望2027年，产业规模力争达到1200亿元。\n\n3.2 现状\n\n2023年减速器本地配套率为34%。\n")
    bot = bot_over_text(text, tmp_path_factory, "plan.txt")
    answer = bot.ask("到2025年，减速器本地配套率的目标是多少？")
    assert answer.answered and "50%" in answer.text
    passage = next(p for p in bot.index.passages if "减速器本地配套率达到50%" in p.text)
    assert "到2025年" in bot.chain._extractive.structure.lead_in_of(passage, "其中减速器本地配套率达到50%。")
    later = next(p for p in bot.index.passages if "展望2027年" in p.text)
    assert bot.chain._extractive.structure.lead_in_of(later, "展望2027年，产业规模力争达到1200亿元。") == ""
