"""第N章 / 第N节 / 第N条, 1 / 1.1 / 1.1.1 numbering and Markdown ``#`` headings are structure.

What used to break: a policy's 第三条 and a manual's 2.1.1 were plain paragraphs, so every
passage of such a document had an empty or chapter-only section path and no citation could
name the article or clause it came from.
"""
from qa.documents.structure import heading_level, parse_text
from tests.document_samples import MANUAL_TXT, POLICY_MD


def _section_of(document, fragment):
    return next(b.section for b in document.blocks if b.kind == "paragraph" and fragment in b.text)


def test_levels_of_other_numbering_schemes():
    assert heading_level("第三章 附则") == 1
    assert heading_level("第2章 安装") == 1
    assert heading_level("第一节 一般规定") == 2
    assert heading_level("第二十一条 本办法由市数据局负责解释。") == 3
    assert heading_level("1.1 适用范围") == 2
    assert heading_level("2.1.1 导轨润滑") == 3
    # figures at the start of a line are not clause numbers
    assert heading_level("1.5 亿元的投资") == 0
    assert heading_level("3.2%的增长") == 0
    assert heading_level("12.5%的企业") == 0


def test_articles_sit_under_their_chapter():
    document = parse_text(POLICY_MD, "policy.md", "x")
    assert _section_of(document, "重要数据和核心数据三级") == ("第二章数据分类分级", "第三条")
    assert _section_of(document, "2024 年 3 月 1 日起施行") == ("第三章附则", "第六条")
    article = next(b for b in document.blocks if b.kind == "paragraph" and "三级" in b.text)
    assert article.text.startswith("第三条")  # the article's number stays in its text


def test_dotted_numbering_nests_by_depth():
    document = parse_text(MANUAL_TXT, "manual.txt", "x")
    assert _section_of(document, "68 号导轨油") == ("2 日常维护", "2.1 润滑", "2.1.1 导轨润滑")
    assert _section_of(document, "2000 小时") == ("2 日常维护", "2.1 润滑", "2.1.2 主轴润滑")
    assert _section_of(document, "压缩空气") == ("2 日常维护", "2.2 清洁")
    assert _section_of(document, "切断主电源") == ("1 概述", "1.2 安全要求")


def test_a_bare_number_is_a_chapter_only_where_its_clauses_follow():
    text = "年度小结\n\n3 个项目按期完成。\n\n5 家企业入选\n"
    document = parse_text(text, "note.txt", "x")
    assert not any(b.kind == "heading" for b in document.blocks)


def test_markdown_headings_and_the_lone_title():
    document = parse_text("# 员工手册\n\n## 考勤\n\n### 请假\n\n病假需提供医院证明。\n", "handbook.md", "x")
    assert document.title == "员工手册"
    assert _section_of(document, "医院证明") == ("考勤", "请假")
    several = parse_text("# 考勤\n\n迟到扣款。\n\n# 请假\n\n病假需提供证明。\n", "rules.md", "x")
    assert _section_of(several, "病假") == ("请假",)  # two # headings: chapters, not a title
    assert several.title == "rules"
