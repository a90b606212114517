"""The scoring rules of ``tests/eval/README.md``, one rule at a time, on hand-made answers."""
from __future__ import annotations

from qa.evaluate import Question, answer_failures, evidence_rank, percentile
from qa.records import Answer, Passage


def passage(text: str) -> Passage:
    return Passage(id=text[:8], text=text, source="t.txt", section="", page=None)


CITED = passage("2021 年硅谷整体风险投资总额为 441 亿美元，主要投资领域为互联网产业，占比 41%")


def test_a_right_answer_has_no_failures():
    question = Question("x", "factoid", "q", answer_all=("互联网", "41%"), evidence="占比 41%")
    assert answer_failures(question, Answer("互联网产业，占比41%。[1]", True, (CITED,))) == []


def test_evidence_matches_without_whitespace_on_either_side():
    question = Question("x", "factoid", "q", answer_any=("441",), evidence="总额为441 亿美元")
    assert answer_failures(question, Answer("441 亿美元 [1]", True, (CITED,))) == []
    assert evidence_rank([passage("无关"), CITED], "总额为441亿美元") == 2
    assert evidence_rank([passage("无关")], "总额为441亿美元") is None


def test_answer_strings_are_exact_substrings():
    question = Question("x", "factoid", "q", answer_all=("互联网", "42%"), answer_any=("8年", "8 年"))
    failures = answer_failures(question, Answer("互联网，8年", True, (CITED,)))
    assert failures == ["answer text lacks ['42%']"]


def test_unanswerable_is_right_only_when_declined():
    question = Question("x", "unanswerable", "q")
    assert answer_failures(question, Answer("报告未提及。", False)) == []
    assert answer_failures(question, Answer("大约 10 亿", True, (CITED,)))


def test_answerable_questions_must_be_answered_and_cited():
    question = Question("x", "lookup", "q", answer_any=("丹麦",))
    assert "not answered (declined)" in answer_failures(question, Answer("丹麦？不确定", False))
    assert answer_failures(question, Answer("丹麦", True)) == ["answered without a citation"]


def test_budget_counts_the_text_but_not_citation_markers():
    question = Question("x", "factoid", "q", answer_any=("a",))
    at_budget = "a" * 200 + "[1][2]"
    assert answer_failures(question, Answer(at_budget, True, (CITED,))) == []
    over = answer_failures(question, Answer("a" * 201, True, (CITED,)))
    assert over == ["answer is 201 characters, over the 200 allowed for factoid"]


def test_evidence_must_be_in_a_citation_not_in_the_answer_text():
    question = Question("x", "factoid", "q", answer_any=("1670",), evidence="出货量1670架")
    failures = answer_failures(question, Answer("出货量1670架", True, (passage("无关的段落"),)))
    assert failures == ["no citation contains the evidence '出货量1670架'"]


def test_percentile_is_nearest_rank():
    assert percentile([], 0.5) is None
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([1, 2, 3, 4], 0.5) == 2
    assert percentile(list(range(1, 101)), 0.95) == 95
