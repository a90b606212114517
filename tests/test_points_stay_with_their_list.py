"""Enumerated points (（一）…； / 一是…；) stay points of the paragraph that announces them.

What used to break: in a document other than the report, a line "（一）建立数据安全管理制度；"
was taken for a level-3 heading, so the obligations of 第四条 became sub-sections with no text
and the article's passage held only its lead-in "应当履行以下义务：".
"""
from qa.documents.structure import parse_text
from tests.document_samples import POLICY_MD


def _paragraphs(document):
    return [b for b in document.blocks if b.kind == "paragraph"]


def test_points_join_the_paragraph_that_announces_them():
    document = parse_text(POLICY_MD, "policy.md", "x")
    obligations = next(b for b in _paragraphs(document) if "义务" in b.text)
    assert obligations.text == ("第四条数据处理者应当履行以下义务：（一）建立数据安全管理制度；"
                                "（二）每年至少开展一次数据安全风险评估；（三）发生数据安全事件时，在 24 小时内向主管部门报告。")
    measures = next(b for b in _paragraphs(document) if "措施" in b.text)
    assert measures.text == "第五条主要措施包括：一是加强组织领导；二是完善技术防护；三是强化考核问责。"
    assert not any(b.kind == "heading" and b.text.startswith("（") for b in document.blocks)


def test_unpunctuated_points_are_one_paragraph_each():
    document = parse_text("重点工作\n\n一是加强组织领导\n二是完善技术防护\n三是强化考核问责\n", "plan.txt", "x")
    assert [b.text for b in _paragraphs(document)][-3:] == ["一是加强组织领导", "二是完善技术防护", "三是强化考核问责"]


def test_a_numbered_heading_is_still_a_heading():
    document = parse_text("一、总体要求\n\n（一）指导思想\n\n坚持创新驱动。\n", "plan.txt", "x")
    paragraph = _paragraphs(document)[-1]
    assert paragraph.section == ("一、总体要求", "（一）指导思想")


def test_a_point_that_is_a_paragraph_does_not_join_the_announcement():
    """一是强化统筹。… after "全年主要开展了以下工作：" is the first of the points, each a paragraph
    of its own: read with the lead-in, the first point was lost to a list of 二是…六是."""
    text = ("## 四、主要政策措施\n\n全年主要开展了以下工作：\n\n一是强化链长统筹。建立链长制，召开协调会14次。\n\n"
            "二是加大财政支持。设立专项资金15亿元。\n\n三是促进汽车消费。发放消费券2.8亿元。\n")
    paragraphs = [b.text for b in _paragraphs(parse_text(text, "annual.md", "x"))]
    assert paragraphs == ["全年主要开展了以下工作：", "一是强化链长统筹。建立链长制，召开协调会14次。",
                          "二是加大财政支持。设立专项资金15亿元。", "三是促进汽车消费。发放消费券2.8亿元。"]
