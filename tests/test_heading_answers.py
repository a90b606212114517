"""A question whose subject is a section of the report is answered from that heading.

What broke: "What is the role of culture in cluster development?" quoted a chapter-7
sentence instead of section 八、文化在促进集群可持续发展中的作用得到更多重视 (English words
like role/development had no rendering); "报告对我国先进制造业集群发展提出了哪些建议？" gave
the chapter's lead-in sentence instead of its sub-headings; "…directions of new materials
clusters?" listed table rows instead of 一、新材料集群 and its key sentence.
"""
import pytest

from qa.answering.chain import AnswerChain

pytestmark = pytest.mark.report


@pytest.fixture(scope="module")
def passage_chain(report_bot):
    return AnswerChain(report_bot.index, report_bot.settings)


@pytest.mark.parametrize("question,heading,evidence", [
    ("What is the role of culture in cluster development according to the report?", "八、文化", "文化是集群的灵魂"),
    ("What role does culture play in clusters?", "八、文化", "文化是集群的灵魂"),
    ("What are the main technology innovation directions of new materials clusters?", "一、新材料集群", "材料高强度"),
    ("What are the technology innovation directions of consumer goods clusters?", "五、消费品类集群", "日化行业"),
    ("What are the innovation directions of high-end equipment clusters?", "二、高端装备集群", "智能制造装备"),
])
def test_heading_and_its_key_sentence(passage_chain, question, heading, evidence):
    answer = passage_chain.ask(question)
    assert answer.answered and heading in answer.text and len(answer.text) <= 800, answer.text
    assert any(evidence in c.text.replace(" ", "") for c in answer.citations)


def test_recommendations_are_the_chapter_sub_headings(passage_chain):
    answer = passage_chain.ask("报告对我国先进制造业集群发展提出了哪些建议？")
    assert answer.answered and "产业链现代化" in answer.text and "创新平台" in answer.text, answer.text
    assert len(answer.text) <= 800
