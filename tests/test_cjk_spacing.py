"""Quotes of the document read as Chinese is written, without the spaces a PDF's typesetting
left beside figures and Latin words.

What used to happen: "英国能源白皮书说2025年前要砸多少钱搞碳捕集？" was answered with the report's
"投资 10 亿英镑", which an analyst searching the answer for 10亿英镑 does not find.
"""
import pytest

from qa.text import close_cjk_gaps


@pytest.mark.parametrize("typeset, written", [
    ("总额为 441 亿美元，占全美的 16%，主要", "总额为441亿美元，占全美的16%，主要"),
    ("根据 SNE Research 发布的 2022 年全球", "根据SNE Research 发布的2022年全球"),
    ("According to the report:\n共投入了 3.46 亿美元的贷款", "According to the report:\n共投入了3.46亿美元的贷款"),
    ("其中 TOP20 企业 13 家", "其中TOP20企业13家"),
])
def test_spaces_beside_figures_and_latin_words_inside_chinese_go(typeset, written):
    assert close_cjk_gaps(typeset) == written


@pytest.mark.parametrize("text", [
    "《设备维护手册》在“2 日常维护”部分指出",   # a heading's number
    "1.1 发展现状",
    "Space X and Blue Origin",
    "第一句。\n第二句。",
])
def test_headings_latin_phrases_and_line_breaks_stay(text):
    assert close_cjk_gaps(text) == text


def test_the_answer_quotes_without_the_typesetting_spaces(tmp_path_factory):
    from tests.conftest import bot_over_text

    bot = bot_over_text("## 投资\n\n英国提出到 2025 年前投资 10 亿英镑部署碳捕集项目。\n", tmp_path_factory, "uk.md")
    answer = bot.ask("英国到2025年前要投资多少钱部署碳捕集？")
    assert answer.answered and "10亿英镑" in answer.text
