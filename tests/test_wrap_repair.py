"""PDF line-wrap artefacts are repaired without touching real spaces in Latin text."""
from qa.documents.structure import parse_text
from qa.text import repair_wraps


def test_space_between_cjk_characters_is_removed():
    assert repair_wraps("生物医药及高端 医疗器械领域") == "生物医药及高端医疗器械领域"
    assert repair_wraps("新兴产业领 域发展迅速") == "新兴产业领域发展迅速"


def test_latin_spaces_and_number_units_stay():
    assert repair_wraps("Space X、美国空境公司") == "Space X、美国空境公司"
    assert repair_wraps("MAI carbon 集群") == "MAI carbon 集群"
    assert repair_wraps("分别为 136 亿美元和 134 亿美元") == "分别为 136 亿美元和 134 亿美元"


def test_paragraph_split_by_a_page_break_is_joined():
    text = "科技型企业同样是硅谷创\n\n新发展的有力支撑。\n"
    paragraphs = [b.text for b in parse_text(text, "t.txt", "x").blocks if b.kind == "paragraph"]
    assert paragraphs == ["科技型企业同样是硅谷创新发展的有力支撑。"]


def test_footnote_inside_a_broken_paragraph_stays_a_footnote():
    text = "亚洲国家在新材料等领域具\n\n¹ 根据联合国工业发展组织发布的报告\n\n备一定优势。\n"
    blocks = parse_text(text, "t.txt", "x").blocks
    assert [b.kind for b in blocks] == ["footnote", "paragraph"]
    assert blocks[1].text == "亚洲国家在新材料等领域具备一定优势。"
