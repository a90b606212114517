"""Citation verification: a figure or name that the cited passage does not contain is not let through.

Popular RAG answers cite a passage and state a number it never says; here every segment's
figures (numbers, percentages, years) and names (quoted terms, Latin words, known names)
must be in the passage(s) its ``[n]`` points to, else the segment is dropped.
"""
from qa.records import Passage
from qa.answering.verify import figures, names, split_segments, unsupported_claims, verify

P1 = Passage("p1", "2021 年示例谷风险投资总额为 441 亿美元，占比 16%。", "small.txt", "第一章 > 一、总体情况", 3)
P2 = Passage("p2", "欧洲的集群以德国为核心，制造业占 GDP 的比重保持在 20%-23% 之间。", "small.txt", "第一章 > （一）区域分布", 4)


def test_segments_and_claims():
    segments = split_segments("甲[1]乙[2][3]丙")
    assert [(s.text, s.markers) for s in segments] == [("甲", (1,)), ("乙", (2, 3)), ("丙", ())]
    assert figures("2021 年总额为 441 亿美元，占比 16%[1]") == {"2021", "441", "16"}
    assert {"GDP", "欧洲卓越集群计划"} <= names("欧盟《欧洲卓越集群计划》提高 GDP")


def test_supported_answer_is_kept_unchanged():
    text = "2021 年示例谷风险投资总额为 441 亿美元[1]德国制造业比重保持在 20%-23% 之间[2]"
    kept, citations, dropped = verify(text, [P1, P2])
    assert kept == text and citations == (P1, P2) and dropped == []


def test_fabricated_figure_is_rejected():
    assert unsupported_claims("示例谷风险投资总额为 552 亿美元", [P1]) == ["552"]
    kept, citations, dropped = verify("示例谷风险投资总额为 552 亿美元[1]德国比重为 20%-23%[2]", [P1, P2])
    assert "552" not in kept and kept == "德国比重为 20%-23%[1]" and citations == (P2,)
    assert dropped == ["示例谷风险投资总额为 552 亿美元"]


def test_right_figure_with_the_wrong_citation_is_rejected():
    kept, citations, _ = verify("制造业比重保持在 20%-23% 之间[1]", [P1, P2])
    assert kept == "" and citations == ()


def test_fabricated_name_is_rejected():
    assert unsupported_claims("Intel 与“示例谷”", [P1]) == ["Intel"]
    kept, _, _ = verify("《不存在的计划》投入 441 亿美元[1]", [P1])
    assert kept == ""


def test_english_sentence_words_are_not_names_but_names_are():
    english = "According to the report, venture capital reached 441 亿美元 in 2021[1]"
    assert unsupported_claims(english, [P1], english=True) == []
    assert unsupported_claims("In 2021 Silicon Valley raised 441[1]", [P1], english=True) == ["Silicon", "Valley"]


def test_marker_out_of_range_and_uncited_claims_are_dropped():
    kept, citations, dropped = verify("总额为 441 亿美元[7] 另有 99 家企业。", [P1])
    assert kept == "" and citations == () and len(dropped) == 2
