"""A paragraph that lists its points as 一是…二是…三是… answers a 哪些 / 如何 question with every point.

What broke: "北美洲产业集群形成了哪三条分布带？" was answered with the lead-in sentence alone
(形成三条…分布带。) and none of the three belts that follow it.
"""
import pytest

from qa.answering.chain import AnswerChain
from qa.answering.structure import paragraphs_of
from qa.records import Block, Document


@pytest.fixture(scope="module")
def passage_chain(report_bot):
    return AnswerChain(report_bot.index, report_bot.settings)


@pytest.mark.report
@pytest.mark.parametrize("question,points", [
    ("北美洲产业集群形成了哪三条分布带？", ["东北部", "南部", "西部"]),
    ("如何提升集群发展促进组织能力？", ["自我造血", "共同目标", "集群地图"]),
    ("集群技术创新在基础技术和跨界融合方面有哪些新特征？", ["基础研究支持经费", "交叉融合研究"]),
])
def test_every_point_is_listed(passage_chain, question, points):
    answer = passage_chain.ask(question)
    assert answer.answered and len(answer.text) <= 800, answer.text
    for point in points:
        assert point in answer.text.replace("先进制造业集群地图", "集群地图")


def test_paragraph_cut_by_a_page_break_is_joined():
    blocks = (Block("heading", "一、示例", ("一、示例",)),
              Block("paragraph", "示例集群形成两条带。**一是**东部", ("一、示例",)),
              Block("paragraph", "沿海带。二是西部山区带。", ("一、示例",)))
    document = Document(source="x.txt", sha256="0", blocks=blocks)
    [(source, label, text)] = paragraphs_of([document])
    assert text == "示例集群形成两条带。一是东部沿海带。二是西部山区带。"
