"""Turning :class:`~qa.records.Answer` records into what the web page and the API show.

Pure functions, no Gradio: each takes records and returns Markdown or HTML strings, so
they are tested without a server.  Every piece of text that comes from a person, the
report or a model is HTML-escaped before it is put into markup; the only tags in the
output are the ones written here.
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Sequence

from qa.records import SECTION_SEPARATOR, Answer, Passage

REFUSAL_LABEL = "报告中没有相关内容 · Not in the report"

ROUTE_LABELS = {
    "table": "表格 · Table",
    "passage": "原文段落 · Passage",
    "llm": "大模型 · LLM",
    "none": "未回答 · No answer",
}

EMPTY_SOURCES_HTML = (
    '<div class="cqa-sources cqa-sources-empty">'
    "<p>提问后，这里列出答案引用的报告原文。<br>"
    "Ask a question: the passages the answer cites appear here.</p></div>"
)

# Markdown characters that would turn text into links, images, emphasis or code.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]!~])")
_LINE_START_SPECIALS = re.compile(r"(?m)^(\s*)([#>])")
# A citation marker after escaping; shown plainly unless it could start a link or definition.
_ESCAPED_MARKER = re.compile(r"\\\[(\d{1,3})\\\](?![(:\[])")
# C0/C1 control characters other than tab and newline: never useful on screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\s*%)?")
_SEPARATORS = re.compile(r"[\s，。、；：！？,.;:!?()（）“”\"'‘’《》【】\[\]|/\\<>·…—\-]+")
_HAS_WORD = re.compile(r"[\u3400-\u9fffA-Za-z]")
# Words too common in this report to be worth highlighting on their own.
_GENERIC_WORDS = frozenset(
    "集群 产业 报告 其中 包括 领域 企业 主要 以及 等等 共有 分别 一个 我们 这些 没有 相关 内容 the and of in".split()
)
_MIN_FRAGMENT = 4
_MAX_SEGMENT = 80


def plain_text(text: str) -> str:
    """``text`` without control characters (NUL and friends), newlines kept."""
    return _CONTROL.sub("", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")


def escape_html(text: str) -> str:
    """Text safe to put between HTML tags."""
    return html.escape(plain_text(text), quote=True)


def escape_markdown(text: str) -> str:
    """Text that a Markdown renderer shows literally: no tags, links, images, emphasis,
    headings or quotes; citation markers like ``[1]`` stay readable."""
    text = plain_text(text).replace("&", "&amp;").replace("<", "&lt;")
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    text = _LINE_START_SPECIALS.sub(r"\1\\\2", text)
    return _ESCAPED_MARKER.sub(r"[\1]", text)


def route_label(route: str) -> str:
    return ROUTE_LABELS.get(route, route)


def badge_html(answer: Answer) -> str:
    """The engine badge, or the refusal banner when the report has no answer."""
    if not answer.answered:
        return f'<span class="cqa-badge cqa-refusal">{REFUSAL_LABEL}</span>'
    return (f'<span class="cqa-badge cqa-route-{escape_html(answer.route)}">'
            f"引擎 Engine: {escape_html(route_label(answer.route))}</span>")


def where(passage: Passage) -> str:
    """``document · section · p. N`` for a passage (page left out for text sources)."""
    parts = [passage.source]
    if passage.section:
        parts.append(passage.section)
    if passage.page:
        parts.append(f"p. {passage.page}")
    return " · ".join(parts)


def cited_places(citations: Sequence[Passage]) -> list[tuple[str, str]]:
    """(markers, place) pairs, one per distinct place: ``("[1]–[9]", "附表…")``."""
    places: dict[str, list[int]] = {}
    for number, passage in enumerate(citations, 1):
        places.setdefault(short_where(passage), []).append(number)
    pairs = []
    for place, numbers in places.items():
        if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            markers = f"[{numbers[0]}]–[{numbers[-1]}]"
        else:
            markers = "".join(f"[{n}]" for n in numbers)
        pairs.append((markers, place))
    return pairs


def short_where(passage: Passage) -> str:
    """The innermost section and the page: enough to tell the sources apart in a chat bubble."""
    section = passage.section.split(SECTION_SEPARATOR)[-1] if passage.section else passage.source
    return section + (f" · p. {passage.page}" if passage.page else "")


# ------------------------------------------------------------------ highlighting
def highlight_terms(answer_text: str, passage_text: str) -> list[str]:
    """Figures and names of the answer that occur in the passage, longest first.

    Numbers are taken whole; other words are the answer's pieces between punctuation, or,
    when a piece is not in the passage as a whole, its longest fragments (4+ characters)
    that are.
    """
    answer_text = _MARKER.sub(" ", plain_text(answer_text))
    passage_text = plain_text(passage_text)
    terms: set[str] = set()
    for number in _NUMBER.findall(answer_text):
        if _number_spans(number, passage_text):
            terms.add(number)
    for segment in _SEPARATORS.split(answer_text):
        segment = segment.strip()
        if len(segment) < 2 or not _HAS_WORD.search(segment) or segment in _GENERIC_WORDS:
            continue
        segment = segment[:_MAX_SEGMENT]
        if segment in passage_text:
            terms.add(segment)
        elif len(segment) > _MIN_FRAGMENT:
            terms.update(_common_fragments(segment, passage_text))
    return sorted(terms, key=lambda term: (-len(term), term))


def _common_fragments(segment: str, passage_text: str) -> list[str]:
    """Greedy: the longest substring of ``segment`` found in the passage, then the rest."""
    found: list[str] = []
    pending = [segment]
    while pending:
        piece = pending.pop()
        best = None
        for length in range(len(piece), _MIN_FRAGMENT - 1, -1):
            for start in range(0, len(piece) - length + 1):
                candidate = piece[start:start + length]
                if candidate in passage_text:
                    best = (start, length)
                    break
            if best:
                break
        if best is None:
            continue
        start, length = best
        fragment = piece[start:start + length]
        if _HAS_WORD.search(fragment):
            found.append(fragment)
        pending.extend(p for p in (piece[:start], piece[start + length:]) if len(p) >= _MIN_FRAGMENT)
    return found


def _number_spans(number: str, text: str) -> list[tuple[int, int]]:
    """Where ``number`` occurs in ``text`` as a whole number (not inside a longer one)."""
    pattern = r"(?<![\d.,])" + re.escape(number) + r"(?![\d]|[.,]\d)"
    return [m.span() for m in re.finditer(pattern, text)]


def highlight_html(passage_text: str, terms: Iterable[str]) -> str:
    """The passage as escaped HTML with each occurrence of ``terms`` wrapped in ``<mark>``."""
    text = plain_text(passage_text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        if _NUMBER.fullmatch(term):
            spans.extend(_number_spans(term, text))
        else:
            spans.extend(m.span() for m in re.finditer(re.escape(term), text))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(escape_html(text[cursor:start]))
        out.append("<mark>" + escape_html(text[start:end]) + "</mark>")
        cursor = end
    out.append(escape_html(text[cursor:]))
    return "".join(out)


# ------------------------------------------------------------------ chat and sources
def answer_markdown(answer: Answer) -> str:
    """The chat bubble: badge, the answer with its [n] markers, a notice, a short source list."""
    lines = [badge_html(answer), "", escape_markdown(answer.text) or "—"]
    if answer.notice:
        lines += ["", f'<span class="cqa-notice">{escape_html(answer.notice)}</span>']
    if answer.citations:
        cites = "<br>".join(f"{numbers} {escape_html(place)}" for numbers, place in cited_places(answer.citations))
        lines += ["", f'<span class="cqa-cites">{cites}</span>']
    return "\n".join(lines)


def streaming_markdown(partial_text: str) -> str:
    """A bubble for an answer that is still arriving from the LLM."""
    return "\n".join([
        '<span class="cqa-badge cqa-route-llm">引擎 Engine: 大模型 · LLM（生成中 streaming…）</span>',
        "",
        escape_markdown(partial_text) or "…",
    ])


def message_markdown(text: str) -> str:
    """A bubble for a message from the app itself (empty or over-long question, an error)."""
    return f'<span class="cqa-badge cqa-message">提示 · Note</span>\n\n{escape_markdown(text)}'


def question_markdown(question: str) -> str:
    """The user's bubble: their question shown as text, whatever it contains."""
    return escape_markdown(question)


def sources_html(answer: Answer | None) -> str:
    """The sources panel: each cited passage with document, section, page and highlights."""
    if answer is None:
        return EMPTY_SOURCES_HTML
    head = f'<div class="cqa-sources-head">来源 Sources {badge_html(answer)}</div>'
    if not answer.citations:
        note = ("报告中没有找到可以引用的段落。<br>The report has no passage to cite for this question."
                if not answer.answered else "这个回答没有引用段落。<br>This answer cites no passage.")
        return f'<div class="cqa-sources">{head}<p class="cqa-sources-note">{note}</p></div>'
    items = []
    for number, passage in enumerate(answer.citations, 1):
        terms = highlight_terms(answer.text, passage.text)
        kind = "表格行 Table row" if passage.kind == "table_row" else "段落 Passage"
        page = f"第 {passage.page} 页 · p. {passage.page}" if passage.page else "页码不适用 · no page"
        items.append(
            f'<li class="cqa-source" id="cqa-source-{number}">'
            f'<div class="cqa-source-meta"><strong>[{number}]</strong> '
            f'<span class="cqa-doc">{escape_html(passage.source)}</span> · '
            f'<span class="cqa-section">{escape_html(passage.section or "—")}</span> · '
            f'<span class="cqa-page">{page}</span> · <span class="cqa-kind">{kind}</span></div>'
            f'<blockquote class="cqa-passage">{highlight_html(passage.text, terms)}</blockquote></li>'
        )
    return f'<div class="cqa-sources">{head}<ol class="cqa-source-list">{"".join(items)}</ol></div>'


def api_markdown(answer: Answer) -> str:
    """The ``/ask`` API's result: the answer and its numbered sources, as Markdown."""
    lines = []
    if not answer.answered:
        lines += [f"**{REFUSAL_LABEL}**", ""]
    lines.append(escape_markdown(answer.text))
    if answer.notice:
        lines += ["", f"_{escape_markdown(answer.notice)}_"]
    lines += ["", f"引擎 Engine: {route_label(answer.route)}"]
    if answer.citations:
        lines += ["", "**来源 Sources**", ""]
        for number, passage in enumerate(answer.citations, 1):
            lines.append(f"{number}. {escape_markdown(where(passage))}: {escape_markdown(passage.text)}")
    return "\n".join(lines)


# ------------------------------------------------------------------ status
def status_markdown(status: dict) -> str:
    """The About tab: what is indexed, with which models, built when."""
    llm = status.get("llm")
    seconds = status.get("build_seconds")
    rows = [
        ("已索引文档 Documents indexed", ", ".join(status.get("documents") or []) or "—"),
        ("段落数 Passages (chunks)", status.get("passages", "—")),
        ("向量模型 Embedder", status.get("embedder") or "—"),
        ("向量索引 Vector index", status.get("vector_index") or "—"),
        ("大模型 LLM", f"开启 on ({llm})" if llm else "关闭 off (answers are extracted from the report)"),
        ("建立时间 Index built", status.get("built_at") or "—"),
        ("建立耗时 Build time", f"{seconds:.1f} s" if isinstance(seconds, (int, float)) else "—"),
        ("索引目录 Index folder", status.get("index_dir") or "—"),
    ]
    lines = ["| 项目 Item | 值 Value |", "|---|---|"]
    lines += [f"| {name} | {escape_markdown(str(value)).replace('|', chr(92) + '|')} |" for name, value in rows]
    skipped = status.get("skipped") or []
    if skipped:
        lines += ["", "**未收录 Skipped files**", ""]
        lines += [f"- {escape_markdown(str(item))}" for item in skipped]
    return "\n".join(lines)


def numbered(items: Sequence[str]) -> str:
    return "、".join(items) if items else "—"
