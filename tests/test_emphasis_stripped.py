"""Answers quote the report's words without its markdown emphasis.

What used to break: a sentence written "**二是**集群名片是…" in the report was quoted with the
asterisks ("**二是**集群名片…").  The answer now drops the ``**`` markers; the cited passage
keeps its text, and citation verification (figures and names) still passes.
"""
import pytest


CORPUS = """示例报告

第一章 启示

一、以集群品牌建设为重点促进共同行动

集群文化是集群保持竞争力的重要动因。**二是**集群名片是集群形象的特别彰显和集群实力的重要标识，“示例谷”就是典型，已有 12 家企业。
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    from tests.conftest import chain_over_text

    return chain_over_text(CORPUS, tmp_path_factory)


def test_answer_has_no_emphasis_markers_but_the_citation_keeps_them(chain):
    answer = chain.ask("集群名片是什么？")
    assert answer.answered and "二是集群名片" in answer.text
    assert "**" not in answer.text
    assert any("**二是**" in passage.text for passage in answer.citations)


@pytest.mark.report
def test_report_answer_has_no_emphasis_markers(report_bot):
    answer = report_bot.ask("集群名片是什么？")
    assert answer.answered and "集群名片是集群形象的特别彰显" in answer.text
    assert "**" not in answer.text
