"""A question word the corpus phrases differently never declines a question on its own.

What used to break: the refusal vetoed an answer when a noun of the question was missing
from the corpus, so the user's own word killed a correct answer (涨幅 for 同比增长, 营业额
for 营业收入, 几 for a Chinese numeral).  A name or a year the corpus lacks still declines.
"""
import pytest

from qa.answering.answerability import vetoing_term
from qa.answering.lexicon import CorpusLexicon
from qa import ReportQA
from qa.answering.chain import AnswerChain

ANNUAL_REPORT = """示例公司年度报告

第一章 经营情况

一、收入

2022 年，示例公司营业收入为 58 亿元，同比增长 12%。示例公司在江苏设有三家工厂，员工约 4000 人。

二、研发

示例公司的研发投入为 3 亿元，主要用于电池材料。研发团队由首席科学家李明领导。
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """The answer chain over the report above, with the shipped embedder (six passages to embed):
    the fitted reader (CLUSTERQA_READER=fitted), whose dense features mean what they meant when it was fitted."""
    corpus = tmp_path_factory.mktemp("docs")
    (corpus / "annual.txt").write_text(ANNUAL_REPORT, encoding="utf-8")
    bot = ReportQA.build([corpus], tmp_path_factory.mktemp("index"), progress=False)
    return AnswerChain(bot.index, bot.settings.with_(reader="fitted"))


@pytest.fixture(scope="module")
def lexicon(chain):
    return CorpusLexicon(chain.index.passages, chain.index.documents)


@pytest.mark.parametrize("question", ["2022年示例公司的营业额涨幅是多少？", "示例公司的营业额是多少？"])
def test_an_absent_common_word_does_not_veto(lexicon, question):
    terms = lexicon.terms(question)
    assert any(t.df == 0 for t in terms), "the question should hold a word the corpus does not use"
    assert vetoing_term(terms, None) is None


@pytest.mark.parametrize("question, absent", [("2019年示例公司营业收入是多少？", "2019"),
                                              ("示例公司在巴西有几家工厂？", "巴西")])
def test_an_absent_name_or_year_vetoes(lexicon, question, absent):
    term = vetoing_term(lexicon.terms(question), None)
    assert term is not None and absent in term.text


@pytest.mark.parametrize("question, expected", [
    ("2022年示例公司营业额是多少？", "58亿元"),
    ("2022年示例公司收入的涨幅是多少？", "12%"),
    ("示例公司在江苏有几家工厂？", "三家工厂"),
])
def test_paraphrased_questions_are_answered(chain, question, expected):
    answer = chain.ask(question)
    assert answer.answered, answer.text
    assert expected in answer.text and answer.citations


@pytest.mark.parametrize("question", ["2019年示例公司营业收入是多少？", "示例公司在巴西有几家工厂？"])
def test_absent_name_or_year_is_declined(chain, question):
    answer = chain.ask(question)
    assert not answer.answered, answer.text


def test_an_absent_word_weighs_as_rare_as_it_is_in_general_chinese(lexicon):
    """The asker's own common words (打算 "plan to") weighed as much as the rarest word of the
    corpus, so a question in the user's words matched no heading and no sentence well enough."""
    terms = {t.text: t for t in lexicon.terms("示例公司打算在研发上做哪几件事？")}
    assert "几件事" not in terms  # "how many things" asks for a list; it is not a subject
    assert terms["打算"].df == 0 and terms["打算"].weight < 0.7 * lexicon.idf(0)
    assert terms["研发"].df > 0
    assert lexicon.general_rarity("打算") < lexicon.general_rarity("作废") < lexicon.general_rarity("假苹婆") == 1.0


def test_filler_words_are_not_terms(lexicon):
    assert "这块" not in {t.text for t in lexicon.terms("研发这块投入了多少？")}
