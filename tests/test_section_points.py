"""A section's points are the sentences that number them (一是…二是…), after the one that leads in.

What used to break: the points were the section's short comma-free sentences, so a point
longer than that (一是近年来政府在经济发展和创新中的作用有所强化) was missed and an
unnumbered aside (集群就是重要着力点) was listed in its place.
"""
from qa.answering.structure import enumerated_points, section_points

SENTENCES = [
    "加大政府支持力度、建设共性技术平台仍是主要方式，但也呈现一些新的特征。",
    "**一是**近年来政府在经济发展和创新中的作用有所强化。",
    "世界各国都强化了政府的作用。",
    "集群就是重要着力点。",
    "**二是**持续促进政产学研高效联动。",
    "美国等发达国家通过建立创新中心促进合作。",
]


def test_numbered_points_after_their_lead_in():
    assert enumerated_points(SENTENCES) == [1, 4]
    assert section_points([SENTENCES[:3], SENTENCES[3:]]) == (SENTENCES[0].rstrip("。"), "**一是**近年来政府在经济发展和创新中的作用有所强化",
                                         "**二是**持续促进政产学研高效联动")


def test_without_numbering_the_short_sentences_that_open_a_paragraph():
    paragraphs = [["坚持创新驱动。", "集群要在全球范围内配置资源，形成合力。", "强化协同合作。"],
                  ["加强人才培养。", "高校是重要力量。"]]
    # 强化协同合作 and 高校是重要力量 are short too, but sit inside their paragraphs: not leads
    assert section_points(paragraphs) == ("坚持创新驱动", "加强人才培养")


def test_a_run_must_start_at_one_and_count_up():
    assert enumerated_points(["二是甲。", "三是乙。"]) == []
    assert enumerated_points(["一是甲。", "三是乙。"]) == []
