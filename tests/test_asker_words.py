"""Words of the asker that are no words of the document: a name in pinyin, a month in English,
the kind of answer after 哪些.

What used to break: "How many cars did Lujiang export?" declined because "Lujiang" was an
unknown name, though the document is about 鹭江市; "the November 2023 measures" declined
because "November" was too (the document writes 2023年11月); "“一核两带多点”分别指的是哪些地方？"
declined because 地方 is a word the document never uses, though it only says places are asked for.
"""
import pytest

from tests.conftest import bot_over_text

DOCUMENT = """# 鹭江市产业年度报告

## 一、总体情况

2023年，鹭江市出口新能源汽车5.2万辆，同比增长136.4%。2023年11月，市政府发布《鹭江市若干措施》，对购置设备给予15%补贴。

全市已形成“一核两翼”的空间布局，“一核”即临港新区，“两翼”为江北区和高新区。
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return bot_over_text(DOCUMENT, tmp_path_factory, "annual.md")


def _terms(bot, question):
    return {term.text: term for term in bot.chain.lexicon.terms(question)}


def test_a_name_in_pinyin_is_the_documents_name(bot):
    terms = _terms(bot, "How many cars did Lujiang export in 2023?")
    assert terms["Lujiang"].forms == ("鹭江",) and terms["Lujiang"].name and not terms["Lujiang"].unknown
    assert bot.chain.lexicon.pinyin_name("Shanghai") is None   # a place the document never names
    answer = bot.ask("How many cars did Lujiang export in 2023?")
    assert answer.answered and "5.2万辆" in answer.text


def test_an_english_month_is_the_documents_month(bot):
    assert _terms(bot, "What did the November 2023 measures subsidise?")["november"].forms == ("11月",)
    answer = bot.ask("What subsidy did the November 2023 measures give?")
    assert answer.answered and "15%" in answer.text


def test_the_kind_of_answer_after_an_interrogative_is_not_a_word_to_find(bot):
    terms = _terms(bot, "“一核两翼”分别指的是哪些地方？")
    assert "地方" not in terms and "哪些地方" not in terms
    assert "江北区" in bot.ask("“一核两翼”分别指的是哪些地方？").text
