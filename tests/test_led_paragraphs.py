"""A paragraph that opens with its point in a few words is quoted whole when a how/what-measures
question is answered by that point.

What used to break: "欧洲为推动集群跨区域合作都出了哪些招？" got the lead sentence 推动集群跨区域协同合作。
and the two clauses of the paragraph that repeat the question's words, not the other measures
the paragraph lists (签署《中东欧集群协议》…).
"""
from qa.answering.extractive import led_paragraph

TEXT = ("# 欧洲的集群政策\n\n"
        "推动集群跨区域协同合作。欧盟发起《欧洲卓越集群计划》，提出支持跨区域合作等措施，整合各国的科研资源；"
        "签署《中东欧集群协议》，加强中东欧11国在创新和集群政策方面的合作；启动“欧洲战略集群伙伴关系”，"
        "鼓励欧盟内部的跨区域合作。成立“欧洲产业集群联盟”，推动集群跨国、跨区域合作。\n\n"
        "重视促进中小企业发展。中小企业占欧盟企业的99%以上，欧盟制定了《中小企业战略》。\n\n"
        "# 鱼类\n\n"
        "斯氏腔吻鳕为鳕形目鼠尾鳕科的其中一种。本鱼分布于南日本、中国南海、台湾等海域，水深300至610公尺。"
        "本鱼头部腹面光滑无鳞，眼窝极大，体为浅棕色，腹部白色，体长可达32公分。生活在混浊的泥沙底质上，生殖季在2至4月。\n")


def scored_units(question: str):
    from qa.answering.lexicon import CorpusLexicon
    from qa.answering.scoring import score_units
    from qa.answering.units import units_of
    from qa.documents.chunking import chunk_document
    from qa.documents.structure import parse_text

    passages = chunk_document(parse_text(TEXT, "europe.md", "x"))
    terms = CorpusLexicon(passages).terms(question)
    return score_units(units_of(passages), terms, "list", question)


def chosen(question: str, *starts: str):
    units = scored_units(question)
    return [next(s for s in units if s.unit.text.startswith(start)) for start in starts]


def test_the_point_paragraph_is_quoted_whole():
    picked = chosen("欧洲为推动集群跨区域合作都出了哪些招？", "推动集群跨区域协同合作", "启动“欧洲战略集群伙伴关系”")
    text, passage = led_paragraph(picked, 800)
    for measure in ("欧洲卓越集群计划", "中东欧集群协议", "欧洲战略集群伙伴关系", "欧洲产业集群联盟"):
        assert measure in text
    assert "中小企业" not in text and text in passage.text   # the next point is another paragraph
    assert led_paragraph(picked, 100) is None             # not when it does not fit


def test_a_paragraph_that_opens_by_saying_what_something_is_is_not_a_point():
    picked = chosen("斯氏腔吻鳕分布在哪些地区？", "斯氏腔吻鳕为", "本鱼分布于")
    assert led_paragraph(picked, 800) is None


def test_the_lead_alone_is_not_enough():
    assert led_paragraph(chosen("欧洲为推动集群跨区域合作都出了哪些招？", "推动集群跨区域协同合作"), 800) is None
