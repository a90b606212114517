"""Follow-ups are resolved against the chat history before answering.

"韩国呢？" after "日本有多少个集群？" means "韩国有多少个集群？"; "它属于哪个领域？" after a
question about 硅谷高科技产业集群 is about that cluster.  Without this, a follow-up was
answered as if it were asked alone.
"""
import pytest

from qa.answering.chain import AnswerChain
from qa.answering.questions import is_followup, resolve_followup
from qa.records import Answer, Passage


def subject(text):
    for name in ("硅谷高科技产业集群", "日本", "韩国", "德国", "硅谷", "Japan", "Germany"):
        if name in text:
            return name
    return None


@pytest.mark.parametrize("history, question, resolved", [
    (["日本有多少个集群？"], "韩国呢？", "韩国有多少个集群？"),
    (["日本有多少个集群？"], "那德国呢?", "德国有多少个集群？"),
    (["硅谷高科技产业集群的龙头企业有哪些？"], "它属于哪个领域？", "硅谷高科技产业集群属于哪个领域？"),
    (["2021年硅谷风险投资总额是多少？"], "2022年呢？", "2022年硅谷风险投资总额是多少？"),
    (["How many clusters does Japan have?"], "What about Germany?", "How many clusters does Germany have?"),
    (["日本有多少个集群？", "韩国呢？"], "德国呢？", "德国有多少个集群？"),
])
def test_resolution(history, question, resolved):
    assert resolve_followup(question, history, subject) == resolved


def test_standalone_questions_are_left_alone():
    assert not is_followup("德国制造业占GDP的比重是多少？")
    assert resolve_followup("德国制造业占GDP的比重是多少？", ["日本有多少个集群？"], subject) == \
        "德国制造业占GDP的比重是多少？"
    assert resolve_followup("韩国呢？", [], subject) == "韩国呢？"


class RecordingTables:
    """A stand-in table engine: answers only questions about clusters per country."""

    def __init__(self):
        self.calls = []

    def __call__(self, question, history):
        self.calls.append((question, list(history)))
        if "有多少个集群" in question:
            row = Passage("row", f"附表 | {question}", "r.txt", "附表", 53, kind="table_row")
            return Answer(f"{question[:2]}：9 个[1]", True, (row,), route="table")
        return None


@pytest.mark.report
def test_passage_followup_is_resolved_before_retrieval(report_bot):
    chain = AnswerChain(report_bot.index, report_bot.settings)
    answer = chain.ask("瑞典呢？", ["挪威的新能源汽车渗透率是多少？"])
    assert answer.answered and "瑞典超过50%" in answer.text.replace(" ", "")


@pytest.mark.report
def test_table_followup_goes_to_the_table_engine_resolved(report_bot):
    tables = RecordingTables()
    chain = AnswerChain(report_bot.index, report_bot.settings, table_answerer=tables)
    answer = chain.ask("韩国呢？", ["日本有多少个集群？"])
    assert answer.route == "table" and "9" in answer.text and answer.question == "韩国呢？"
    assert tables.calls[0] == ("韩国呢？", ["日本有多少个集群？"])  # the engine sees the history first
    assert tables.calls[-1] == ("韩国有多少个集群？", [])


@pytest.mark.parametrize("previous, question, resolved", [
    ("哪个园区入驻企业最多？", "它的规划面积多大？", "云谷园的规划面积多大？"),
    ("Which park has the most firms?", "How large is it?", "How large is 云谷园?"),
])
def test_a_pronoun_after_which_one_stands_for_the_answer(previous, question, resolved):
    assert resolve_followup(question, [previous], subject, lambda text: "云谷园") == resolved


def test_a_pronoun_after_other_questions_keeps_the_question_subject():
    asked = []
    answered = lambda text: asked.append(text) or "云谷园"  # noqa: E731
    assert resolve_followup("它属于哪个领域？", ["硅谷高科技产业集群的龙头企业有哪些？"], subject, answered) == \
        "硅谷高科技产业集群属于哪个领域？"
    assert asked == []  # "which firms" is not a question about one thing: it is not even answered


PARKS = """# 园区办法

## 园区现状

| 园区名称 | 规划面积（平方公里） | 入驻企业（家） |
| --- | --- | --- |
| 云谷园 | 3.1 | 527 |
| 西塘园 | 1.9 | 121 |

园区运营机构负责招商引资。
"""


def test_the_answer_to_which_one_is_what_it_refers_to(tmp_path):
    from qa import ReportQA

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "parks.md").write_text(PARKS, encoding="utf-8")
    bot = ReportQA.build([tmp_path / "docs"], tmp_path / "index", progress=False)
    first = bot.ask("哪个园区入驻企业最多？")
    assert first.answered and "云谷园" in first.text, first.text
    answer = bot.ask("它的规划面积多大？", ["哪个园区入驻企业最多？"])
    assert answer.answered and "3.1" in answer.text and "1.9" not in answer.text, answer.text


def test_and_before_a_whole_question_is_not_an_ellipsis():
    """"And what happens to a park that fails…?" was spliced into the previous question."""
    question = "And what happens to a park that fails the assessment two years in a row?"
    assert resolve_followup(question, ["What score counts as excellent in the assessment?"], subject) == question
    assert resolve_followup("And Germany?", ["How many clusters does Japan have?"], subject) == \
        "How many clusters does Germany have?"


def test_a_question_with_only_a_year_asks_the_previous_one_of_that_year():
    # 那2020年的时候是多少？ names nothing of its own: it asks the last question again, of 2020
    own = {"机器人密度", "集群", "density"}

    def has_subject(text):
        return any(word in text for word in own)

    assert resolve_followup("那2020年的时候是多少？", ["全省制造业的机器人密度现在有多高？"], subject,
                            has_subject=has_subject) == "2020年 全省制造业的机器人密度现在有多高？"
    assert resolve_followup("那2020年的时候是多少？", ["2023年全省的机器人密度是多少？"], subject,
                            has_subject=has_subject) == "2020年全省的机器人密度是多少？"
    assert resolve_followup("What was it in 2020?", ["What is the robot density now?"], subject,
                            has_subject=has_subject) == "What was it in 2020?"   # "it": a pronoun of its own kind
    # a question with a subject of its own is asked as it stands, year or not
    assert resolve_followup("2020年有多少个集群？", ["全省的机器人密度是多少？"], subject,
                            has_subject=has_subject) == "2020年有多少个集群？"
    assert resolve_followup("那2020年的时候是多少？", ["全省的机器人密度是多少？"], subject) == "那2020年的时候是多少？"
