"""One routing step: the table engine first, then passages; one Answer type whichever answered."""
import pytest

from qa.answering.chain import AnswerChain
from qa.records import Answer, Passage
from qa.settings import Settings


@pytest.fixture
def small_bot(small_corpus, tmp_path, fake_embedder):
    from qa import ReportQA

    return ReportQA.build([small_corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)


def test_table_answer_is_returned_as_is(small_bot):
    row = Passage("r1", "表 1-1 | 集群名称: 示例生物医药集群 | 龙头企业: 甲公司、乙公司", "small.txt", "表 1-1", None,
                  kind="table_row")
    tables = lambda q, h: Answer("甲公司、乙公司[1]", True, (row,), route="table") if "龙头企业" in q else None
    chain = AnswerChain(small_bot.index, small_bot.settings, table_answerer=tables)
    answer = chain.ask("示例生物医药集群的龙头企业有哪些？")
    assert answer.route == "table" and answer.citations == (row,) and answer.question.startswith("示例")


def test_other_questions_go_to_passages(small_bot):
    chain = AnswerChain(small_bot.index, small_bot.settings, table_answerer=lambda q, h: None)
    answer = chain.ask("示例谷风险投资总额是多少？")
    assert answer.route == "passage" and "441" in answer.text and answer.citations


def test_bot_ask_returns_an_answer(small_bot):
    answer = small_bot.ask("示例谷风险投资总额是多少？")
    assert isinstance(answer, Answer) and answer.answered
    pieces = list(small_bot.ask_stream("示例谷风险投资总额是多少？"))
    assert isinstance(pieces[-1], Answer) and pieces[0] == pieces[-1].text


def test_a_table_refusal_gives_way_to_an_answer_in_the_prose(small_bot):
    """The tables saying "附表中没有这个集群" for a name they only guessed used to end the question,
    even when a sentence held the answer (德国已形成多少个产业创新集群: 产业创新集群 is no cluster's name)."""
    refusal = Answer("报告中没有“示例谷”：附表中没有这个集群。", False, (), route="table", tentative=True)
    chain = AnswerChain(small_bot.index, small_bot.settings, table_answerer=lambda q, h: refusal)
    answer = chain.ask("示例谷风险投资总额是多少？")
    assert answer.answered and answer.route == "passage" and "441" in answer.text


def test_a_table_refusal_stands_when_the_prose_has_nothing_either(small_bot):
    refusal = Answer("报告中没有“火星谷”：附表中没有这个集群。", False, (), route="table", tentative=True)
    chain = AnswerChain(small_bot.index, small_bot.settings, table_answerer=lambda q, h: refusal)
    answer = chain.ask("火星谷集群的龙头企业是哪家？")
    assert not answer.answered and "附表中没有这个集群" in answer.text


def test_a_definite_table_refusal_stands(small_bot):
    """A known filter with no rows (附表中没有越南的集群) is exact: the prose is not asked to overrule it."""
    refusal = Answer("附表中没有越南的集群（0 个）。", False, (), route="table")
    chain = AnswerChain(small_bot.index, small_bot.settings, table_answerer=lambda q, h: refusal)
    answer = chain.ask("示例谷风险投资总额是多少？")
    assert not answer.answered and answer.route == "table"
