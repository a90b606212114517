"""Paragraph ends in a PDF are read from the layout, not only from the punctuation.

What broke (``report-a4.pdf``, section 二、欧洲重视扶持中小企业…): the parser closes a
paragraph only at a line ending with 。！？； and joins the rest, so in a PDF, where
every visual line is a line, a paragraph whose short last line ends with 。 ran on into
the next one and the bold lead sentence (推动集群跨区域协同合作。) no longer started a
paragraph; and a full stop wrapped to the start of a line (``。欧盟 2008 年…`` under
``…打造“卓越文化”``) started a paragraph of its own.  The section came out as 2
paragraphs instead of 4.
"""
from __future__ import annotations

from qa.documents.pdf import read_pdf, read_pdf_lines
from qa.documents.structure import PARAGRAPH_BREAK, parse_lines, parse_text
from qa.text import without_whitespace
from tests.pdf_fixtures import new_pdf, output

CHARS_PER_LINE = 30
HEADING = "一、欧洲重视扶持中小企业"
# Each paragraph as its visual lines; full lines hold CHARS_PER_LINE characters.
PARAGRAPHS = [
    ["欧洲将集群视为经济持续增长、打破区域政策孤岛的有效工具，通过",
     "一系列举措整合利益相关方。"],  # short last line ending with 。
    ["推动集群跨区域协同合作。欧盟发起卓越集群计划，提出了支持跨部",
     "门、跨区域合作等措施，整合各国科研资源，着力打造“卓越文化”",
     "。欧盟 2008 年发布的战略明确提出追求卓越。"],  # the full stop wrapped
    ["重视促进中小企业发展。中小企业占欧盟企业九成以上，贡献较大。",  # full line ending 。
     "欧盟在推进中小企业发展方面进行了一系列探索。"],
]


def _paragraphs_pdf() -> bytes:
    """The heading and paragraphs set line by line, as a report generator places them."""
    size, line_mm, left = 10.0, 6.0, 15.0
    pdf = new_pdf("A4", size, left)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    y = 25.0
    for line in [HEADING] + [line for paragraph in PARAGRAPHS for line in paragraph]:
        pdf.text(left, y, line)
        y += line_mm
    return output(pdf)


def test_fixture_lines_are_full_or_short_as_intended():
    full = [line for paragraph in PARAGRAPHS for line in paragraph[:-1]]
    assert all(len(line) == CHARS_PER_LINE for line in full)
    assert all(len(paragraph[-1]) < CHARS_PER_LINE - 5 for paragraph in PARAGRAPHS)


def test_short_last_line_ends_the_paragraph_and_the_lead_sentence_starts_one():
    document = read_pdf(_paragraphs_pdf(), source="breaks.pdf")
    paragraphs = [without_whitespace(b.text) for b in document.blocks if b.kind == "paragraph"]
    assert paragraphs == [without_whitespace("".join(paragraph)) for paragraph in PARAGRAPHS]
    assert all(b.section == (HEADING,) for b in document.blocks if b.kind == "paragraph")


def test_a_line_starting_with_a_full_stop_belongs_to_the_line_above():
    lines, _ = read_pdf_lines(_paragraphs_pdf())
    assert not any(line.startswith("。") for line, _ in lines)


def test_break_marker_closes_an_unpunctuated_paragraph():
    lines = [("前一段到此结束但没有句号", 1), (PARAGRAPH_BREAK, 1), ("下一段。", 1)]
    paragraphs = [b.text for b in parse_lines(lines, "t.pdf", "x").blocks if b.kind == "paragraph"]
    assert paragraphs == ["前一段到此结束但没有句号", "下一段。"]


def test_plain_text_still_joins_an_unpunctuated_paragraph_across_a_blank_line():
    paragraphs = [b.text for b in parse_text("科技型企业同样是硅谷创\n\n新发展的有力支撑。\n", "t.txt", "x").blocks
                  if b.kind == "paragraph"]
    assert paragraphs == ["科技型企业同样是硅谷创新发展的有力支撑。"]


def test_a_paragraph_joined_across_a_break_still_ends_at_its_full_stop():
    """The report's 重视嵌入全球产业链分工体系 paragraph, cut by a page break after "，", ran on into
    the next paragraph (探索形成政产学研合作体系。…), whose lead sentence was then lost."""
    text = "重视嵌入全球产业链分工体系。集群嵌入全球价值链，\n\n以获得产业升级。\n\n探索形成政产学研合作体系。日本推出计划。\n"
    paragraphs = [b.text for b in parse_text(text, "t.txt", "x").blocks if b.kind == "paragraph"]
    assert paragraphs == ["重视嵌入全球产业链分工体系。集群嵌入全球价值链，以获得产业升级。",
                          "探索形成政产学研合作体系。日本推出计划。"]
