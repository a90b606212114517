""""有什么特点 / 特征 / 优势" about a subject that a numbered paragraph's bold lead sentence names.

What used to break: "欧洲生物医药集群有什么特点？" was answered with three rows of table 2-4
(the table under that paragraph scored higher than any sentence), although the report states
the trait in the paragraph's lead: "1. 欧洲生物医药集群拥有完善的创新生态网络。".  Now the
lead sentence (numbering dropped) is the answer, followed by the paragraph's next sentence
that does not merely introduce a table, both cited.
"""
import pytest

from qa.answering.verify import quoted_in_citation, split_segments

CORPUS = """示例报告

第一章 区域图景

一、欧洲先进制造业集群基础雄厚

（一）优势集群集中生物医药和装备领域

欧洲在生物医药领域产业规模较大，装备领域历史悠久。

1. 示例生物医药集群拥有完善的创新生态网络。在报告梳理的 10 个集群中，生物医药集群为 3 个，如表 1-1。跨国企业和中小企业利用区域优势实现了快速扩张与集聚。

2. 示例装备制造业集群主要集中在航空航天领域。装备集群的龙头企业历史悠久，产业链完备。

3. 示例电子信息集群研发投入大。电子信息集群专利数量多。

4. 北方电子信息集群市场集中度高。北方集群以半导体为主。
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    from tests.conftest import chain_over_text

    return chain_over_text(CORPUS, tmp_path_factory)


def assert_quotes_cited(answer):
    assert answer.answered and answer.citations and answer.route == "passage"
    for segment in split_segments(answer.text):
        if segment.markers:
            quoted = [line for line in segment.text.split("\n") if line.strip()][-1]
            assert any(quoted_in_citation(quoted, answer.citations[m - 1]) for m in segment.markers), quoted


@pytest.mark.parametrize("question", ["示例生物医药集群有什么特点？", "示例生物医药集群有哪些特征？",
                                      "示例生物医药集群的优势是什么？"])
def test_trait_question_answers_with_the_lead_sentence(chain, question):
    answer = chain.ask(question)
    assert answer.text.startswith("示例生物医药集群拥有完善的创新生态网络。[1]")
    assert "跨国企业和中小企业" in answer.text   # the next key sentence
    assert "如表" not in answer.text             # not the sentence that only introduces the table
    assert_quotes_cited(answer)


def test_the_whole_subject_must_be_in_the_heading(chain):
    answer = chain.ask("示例装备制造业集群有什么特点？")
    assert answer.text.startswith("示例装备制造业集群主要集中在航空航天领域。")


def test_a_subject_two_headings_share_is_not_answered_from_one_lead(chain):
    answer = chain.ask("电子信息集群有什么特点？")
    assert not answer.text.startswith(("示例电子信息集群研发投入大。[1]", "北方电子信息集群市场集中度高。[1]"))


@pytest.mark.report
@pytest.mark.parametrize("question, lead", [
    ("欧洲生物医药集群有什么特点？", "欧洲生物医药集群拥有完善的创新生态网络。"),
    ("欧洲消费品制造业集群有什么特点？", "欧洲消费品制造业集群品牌性突出，研发和创意设计能力强。"),
    ("亚洲电子信息制造业集群有什么特征？", "亚洲电子信息制造业集群通过研发投入与持续创新实现快速发展。"),
])
def test_report_trait_questions_get_the_lead_sentence(report_bot, question, lead):
    answer = report_bot.ask(question)
    assert answer.text.startswith(lead + "[1]")
    assert "表 2-" not in answer.text   # not rows of the table under the paragraph
    assert_quotes_cited(answer)
