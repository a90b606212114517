"""Headings at every level of the report's numbering become section paths."""
from qa.documents.structure import heading_level, parse_text


def test_levels_of_the_reports_numbering():
    assert heading_level("第二章 全球先进制造业集群区域图景") == 1
    assert heading_level("附表：全球典型先进制造业集群表") == 1
    assert heading_level("三、欧洲先进制造业集群基础雄厚，品牌性特征突出") == 2
    assert heading_level("（一）德国中心化区域主导集群创新发展") == 3
    assert heading_level("(二) 优势集群集中生物医药、装备和消费品领域") == 3
    assert heading_level("1.北美洲生物医药及高端医疗器械制造业集群科技创新实力全球领先。") == 4
    assert heading_level("2020 年硅谷 GDP 增长") == 0
    assert heading_level("3.46 亿美元") == 0  # a decimal, not an item number


def test_section_path_follows_nesting(small_corpus):
    document = parse_text((small_corpus / "small.txt").read_text(encoding="utf-8"), "small.txt", "x")
    paragraph = next(b for b in document.blocks if b.kind == "paragraph" and "德国" in b.text)
    assert paragraph.section == ("第一章集群概况", "一、总体情况", "（一）区域分布")
    later = next(b for b in document.blocks if b.kind == "paragraph" and "网络化" in b.text and "数字" in b.text)
    assert later.section == ("第二章发展趋势", "一、数字技术改变协作形态")


def test_contents_lines_are_not_headings():
    text = "目录\n\n第一章 概况\t6\n一、总体\t7\n\n第一章 概况\n\n正文第一句。\n"
    document = parse_text(text, "t.txt", "x")
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    assert headings == ["第一章概况"]
    assert not any(b.kind == "table" for b in document.blocks)


def test_numbered_paragraph_gives_its_lead_sentence_as_heading():
    text = "第一章 概况\n\n1.集群发展迅速。在报告梳理的 33 个集群中，电子信息集群为 6 个。\n"
    document = parse_text(text, "t.txt", "x")
    heading = [b for b in document.blocks if b.kind == "heading"][-1]
    paragraph = next(b for b in document.blocks if b.kind == "paragraph")
    assert heading.text == "1.集群发展迅速" and heading.level == 4
    assert paragraph.text.startswith("1.集群发展迅速。在报告梳理")
    assert paragraph.section[-1] == "1.集群发展迅速"
