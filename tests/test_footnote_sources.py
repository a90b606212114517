"""Asked where a figure comes from, the answer quotes the footnote the figure's sentence marks.

What used to break: "……占多大份额？这个数据引自哪份报告？" was answered with the sentence
(近 45%¹) but not with its footnote (¹ 根据……《2022 年工业发展报告》), so the source was missing.
"""
import pytest

from qa.answering.footnotes import Footnotes, asks_for_source
from qa.records import Passage

TEXT = """# 示例报告

## 第一章 总论

示例地区制造业增加值的比重已从 2000 年的 15% 左右跃升至 2020 年的近 45%¹。示例地区的集群数量为 12 个²。

¹ 根据示例组织发布的《2022 年示例发展报告》 ² 根据示例协会的统计

## 第二章 其他

示例谷的风险投资总额为 441 亿美元。
"""


@pytest.mark.parametrize("question, asks", [
    ("这个数据引自哪份报告？", True), ("数据来源是什么？", True), ("What is the source of that figure?", True),
    ("Which report is this figure cited from?", True), ("示例谷的风险投资总额是多少？", False),
    ("How big is the venture capital of 示例谷?", False),
])
def test_questions_that_ask_for_a_source(question, asks):
    assert asks_for_source(question) is asks


def passage(pid, text):
    return Passage(id=pid, text=text, source="r.md", section="", page=None, kind="text", title="示例报告")


def test_each_mark_finds_its_own_note_after_the_sentence():
    sentence = passage("a", "比重跃升至 2020 年的近 45%¹。集群数量为 12 个²。")
    notes = passage("b", "¹ 根据示例组织发布的《2022 年示例发展报告》 ² 根据示例协会的统计")
    earlier = passage("c", "¹ 另一页的脚注")
    found = Footnotes([earlier, sentence, notes]).of(sentence.text, sentence)
    assert [text for text, _ in found] == ["¹ 根据示例组织发布的《2022 年示例发展报告》", "² 根据示例协会的统计"]
    assert all(p.id == "b" for _, p in found)


def test_a_sentence_without_marks_has_no_notes():
    sentence = passage("a", "示例谷的风险投资总额为 441 亿美元。")
    assert Footnotes([sentence]).of(sentence.text, sentence) == []


def test_the_answer_quotes_and_cites_the_footnote(tmp_path_factory):
    from tests.conftest import chain_over_text

    chain = chain_over_text(TEXT, tmp_path_factory)
    answer = chain.ask("2020年示例地区制造业增加值的比重是多少？这个数据引自哪份报告？")
    assert answer.answered and "45%" in answer.text and "示例发展报告" in answer.text, answer.text
    assert any("示例发展报告" in c.text for c in answer.citations)
