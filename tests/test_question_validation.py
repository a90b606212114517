"""Questions are cleaned at the boundary: empty ones are refused, long ones cut, control characters removed.

Used to break: a NUL byte in a pasted question reached the tokenizer, and an empty question
returned an empty answer instead of telling the user what to do.
"""
import pytest

from qa.answering.chain import AnswerChain
from qa.errors import EmptyQuestionError
from qa.answering.questions import clean_question, question_kind, question_language
from qa.settings import Settings


@pytest.mark.parametrize("raw", ["", "   ", "\n\t", None, "\x00\x01"])
def test_empty_question_raises_a_clear_error(raw):
    with pytest.raises(EmptyQuestionError, match="empty"):
        clean_question(raw, 100)


def test_control_characters_are_removed():
    text, notice = clean_question("德国\x00制造业\x07占比？", 100)
    assert text == "德国 制造业 占比？" and notice == ""


def test_long_question_is_truncated_with_a_notice():
    text, notice = clean_question("先进制造业集群" * 50, 20)
    assert len(text) == 20 and "20" in notice
    text, notice = clean_question("What " * 50, 20)
    assert len(text) <= 20 and "too long" in notice


@pytest.mark.parametrize("question, kind", [
    ("2021年硅谷风险投资总额是多少？", "quantity"),
    ("韩国形成了几个先进制造产业集群？", "quantity"),
    ("How many unicorns did Silicon Valley have?", "quantity"),
    ("先进制造业集群的定义是什么？", "definition"),
    ("亚洲的集群政策有哪些特点？", "list"),
    ("学术研究图景关注了哪几个方面？", "list"),
    ("数字技术如何改变集群网络协作形态？", "how"),
    ("Why do clusters matter?", "how"),
    ("集群政策这几年有哪些变化？", "list"),     # 这几年 / 近几年: a time, not a count asked for
    ("近几年德国新增了几个集群？", "quantity"),
    ("这两份战略分别是哪几年发布的？", "fact"),   # a few dates: a short answer, not a list of points
    ("In which years were the two strategies released?", "fact"),
])
def test_question_kinds(question, kind):
    assert question_kind(question) == kind


def test_language():
    assert question_language("德国的制造业") == "zh"
    assert question_language("What about Germany (德国)?") == "en"


def test_chain_applies_the_rules(small_corpus, tmp_path, fake_embedder):
    from qa import ReportQA

    bot = ReportQA.build([small_corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)
    chain = AnswerChain(bot.index, bot.settings.with_(max_question_chars=30))
    with pytest.raises(EmptyQuestionError):
        chain.ask("  ")
    answer = chain.ask("示例谷风险投资总额是多少？" + "请详细说明" * 20)
    assert answer.notice and len(answer.question) == 30
