"""A heading that says what its subject is like answers "what is X like", and cites itself.

What used to break: "北美的先进制造业集群有啥特点？" got two sentences about policy, although
the report's heading 二、北美先进制造业集群创新力强，国际性特征突出 says it; and an answer that
quoted a heading cited the passage under it, whose text does not hold the heading.
"""
import pytest

from qa.records import SECTION_SEPARATOR
from tests.conftest import chain_over_text

TEXT = """第二章 区域图景

一、北美集群创新力强，国际性特征突出

（一）工业城市分割化发展

北美集群以美国为主，形成三条工业带。底特律是汽车之城。

二、欧洲集群基础雄厚，品牌性特征突出

（一）德国中心化发展

德国集群数量多，实力雄厚。
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return chain_over_text(TEXT, tmp_path_factory)


def test_the_heading_that_states_the_traits_answers(chain):
    answer = chain.ask("北美集群有啥特点？")
    assert answer.answered and "创新力强" in answer.text and "国际性特征突出" in answer.text, answer.text
    assert any("北美集群创新力强，国际性特征突出" in p.text for p in answer.citations)


def test_each_subject_of_a_two_part_question_gets_its_heading(chain):
    answer = chain.ask("北美和欧洲的集群各有什么特点？")
    assert "创新力强" in answer.text and "基础雄厚" in answer.text, answer.text


def test_the_cited_heading_is_quoted_as_the_document_reads(chain):
    answer = chain.ask("欧洲集群有什么特点？")
    [cited] = answer.citations
    assert cited.text.split("\n")[:2] == ["二、欧洲集群基础雄厚，品牌性特征突出", "（一）德国中心化发展"]
    assert cited.text.endswith("德国集群数量多，实力雄厚。")
    assert cited.section.split(SECTION_SEPARATOR)[-1] == "（一）德国中心化发展"
