"""Narrative answers quote the points (一是…二是…三是…) of the section or paragraph that answers.

A recommendation question used to get the section's first sentence only ("文化是集群保持竞争力…"),
and a list question whose best sentence supported one point got that sentence and its
neighbours instead of the points the paragraph numbers.
"""
import re

import pytest

pytestmark = pytest.mark.report

NARRATIVE_CHARS = 800


def visible(text: str) -> str:
    return re.sub(r"\[\d+\]", "", text)


@pytest.mark.parametrize("question, points", [
    ("What does the report recommend for cluster branding and culture?", ["集群文化", "集群名片", "知识产权"]),
    ("报告对集群品牌和文化建设有什么建议？", ["集群文化", "集群名片", "知识产权"]),
    ("在基础技术和跨界融合方面，集群技术创新出现了哪些趋势？", ["一是近年基础研究支持经费提高很快", "二是交叉融合研究"]),
])
def test_the_points_are_quoted_within_the_budget(report_bot, question, points):
    answer = report_bot.ask(question)
    text = answer.text.replace(" ", "")
    assert answer.answered and all(p in text for p in points), answer.text
    assert len(visible(answer.text)) <= NARRATIVE_CHARS
    assert answer.citations


def test_a_supporting_sentence_with_the_asked_names_is_kept(report_bot):
    """The year and country asked are in the sentence after 一是, not in the points."""
    answer = report_bot.ask("2021-2030年德国将加大资助哪些基础研究机构？")
    assert answer.answered and "马普学会" in answer.text, answer.text
