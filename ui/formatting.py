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

from qa.documents.chunking import split_row
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


_PASSAGE_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]?")


def _term_spans(term: str, text: str) -> list[tuple[int, int]]:
    if _NUMBER.fullmatch(term):
        return _number_spans(term, text)
    return [m.span() for m in re.finditer(re.escape(term), text)]


def focused_spans(passage_text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where to mark ``terms`` in the passage: for each term, only its occurrences in the
    passage sentences that share the most terms with the answer (the sentences it used),
    so the same figure elsewhere in the passage stays unmarked."""
    text = plain_text(passage_text)
    sentences = [m.span() for m in _PASSAGE_SENTENCE.finditer(text) if m.group()]
    sentence_of = lambda position: next(i for i, (a, b) in enumerate(sentences) if a <= position < b)  # noqa: E731
    found = {term: _term_spans(term, text) for term in terms if term}
    shared: dict[int, int] = {}
    for spans in found.values():
        for index in {sentence_of(start) for start, _ in spans}:
            shared[index] = shared.get(index, 0) + 1
    chosen: list[tuple[int, int]] = []
    for spans in found.values():
        if spans:
            best = max(shared[sentence_of(start)] for start, _ in spans)
            chosen += [(start, end) for start, end in spans if shared[sentence_of(start)] == best]
    return chosen


def highlight_html(passage_text: str, terms: Iterable[str]) -> str:
    """The passage as escaped HTML with the answer's ``terms`` wrapped in ``<mark>`` where it used them."""
    text = plain_text(passage_text)
    merged: list[list[int]] = []
    for start, end in sorted(focused_spans(text, terms)):
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


def passage_html(passage: Passage, terms: Iterable[str]) -> str:
    """A cited passage as HTML: prose as highlighted text, a table row as a one-row table
    under its title and header line, each cell highlighted on its own."""
    split = split_row(passage.text) if passage.kind == "table_row" else None
    if split is None:
        return highlight_html(passage.text, terms)
    title, header_cells, cells = split
    terms = list(terms)
    header = "".join(f"<th>{escape_html(cell)}</th>" for cell in header_cells)
    row = "".join(f"<td>{highlight_html(cell, terms)}</td>" for cell in cells)
    return (f'<span class="cqa-row-title">{highlight_html(title, terms)}</span>'
            f'<table class="cqa-row"><tr>{header}</tr><tr>{row}</tr></table>')


# ------------------------------------------------------------------ chat and sources
NEAREST_LABEL = "报告中最接近的内容 · Nearest passage in the report"
SOURCES_LABEL = "来源 Sources"
_RANGE = re.compile(r"\[(\d{1,3})\]\s*[–—-]\s*\[(\d{1,3})\]")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s")


def place(passage: Passage, with_source: bool = True) -> str:
    """``document · section (its last two levels) · p. N``, page only when there is one."""
    levels = [level for level in (passage.section or "").split(SECTION_SEPARATOR) if level.strip()]
    parts = [passage.source] if with_source else []
    if levels:
        parts.append(" › ".join(levels[-2:]))
    if passage.page:
        parts.append(f"p. {passage.page}")
    return " · ".join(parts) or passage.source


def source_lines(citations: Sequence[Passage]) -> list[str]:
    """One line per distinct place, ``[1]–[9] document · section · p. N``; the document is
    named once in the heading when every source is from the same one."""
    one_document = len({p.source for p in citations}) == 1
    places: dict[str, list[int]] = {}
    for number, passage in enumerate(citations, 1):
        places.setdefault(place(passage, with_source=not one_document), []).append(number)
    lines = []
    for where_, numbers in places.items():
        if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            markers = f"[{numbers[0]}]–[{numbers[-1]}]"
        else:
            markers = "".join(f"[{n}]" for n in numbers)
        lines.append(f"{markers} {where_}")
    return lines


def sources_heading(citations: Sequence[Passage]) -> str:
    sources = {p.source for p in citations}
    return SOURCES_LABEL + (f"（{next(iter(sources))}）" if len(sources) == 1 else "")


def bubble_text(text: str) -> str:
    """Text for a chat bubble, which the page shows as HTML: only ``&`` and ``<`` are escaped,
    so what is copied and read aloud stays the plain text (Gradio's sanitizer would drop a
    tag-like question such as ``<img …>`` otherwise)."""
    return plain_text(text).replace("&", "&amp;").replace("<", "&lt;")


def answer_text(answer: Answer, nearest: Passage | None = None) -> str:
    """The chat bubble as plain text: what is shown, copied and read aloud are the same.

    The answer with its ``[n]`` markers, a notice, then the numbered sources; a refusal
    starts with its label and, when the report has a nearest passage, names it.
    """
    lines = []
    if not answer.answered:
        lines += [REFUSAL_LABEL, ""]
    lines.append(plain_text(answer.text).strip() or "—")
    if answer.notice:
        lines += ["", f"（{plain_text(answer.notice).strip()}）"]
    if answer.citations:
        lines += ["", sources_heading(answer.citations) + "：", *source_lines(answer.citations)]
    elif nearest is not None:
        lines += ["", NEAREST_LABEL + "：", f"[1] {place(nearest)}"]
    return bubble_text("\n".join(lines))


def streaming_text(partial_text: str) -> str:
    """A bubble for an answer that is still arriving from the LLM."""
    return bubble_text((plain_text(partial_text).strip() or "…") + "\n\n（生成中 · writing…）")


def message_text(text: str) -> str:
    """A bubble for a message from the app itself (empty or over-long question, an error)."""
    return bubble_text(f"提示 · Note: {plain_text(text).strip()}")


def cited_numbers(sentence: str) -> set[int]:
    """The citation numbers a sentence carries, ranges ``[1]–[11]`` included."""
    numbers = {int(n) for n in _MARKER.findall(sentence)}
    for first, last in _RANGE.findall(sentence):
        numbers.update(range(int(first), int(last) + 1))
    return numbers


def citing_text(answer_text_: str, number: int) -> str:
    """The sentences of the answer that cite ``[number]`` (all of it when it carries no markers)."""
    text = plain_text(answer_text_)
    if not _MARKER.search(text):
        return text
    sentences = [s for s in _SENTENCE_END.split(text) if s and s.strip()]
    # A marker right after a sentence end belongs to the sentence before it.
    merged: list[str] = []
    for sentence in sentences:
        if merged and re.match(r"\s*(\[\d{1,3}\]|[–—-])", sentence):
            merged[-1] += sentence
        else:
            merged.append(sentence)
    return " ".join(s for s in merged if number in cited_numbers(s))


def badge_text(answer: Answer) -> str:
    return REFUSAL_LABEL if not answer.answered else f"引擎 Engine: {route_label(answer.route)}"


def sources_html(answer: Answer | None, nearest: Passage | None = None) -> str:
    """The sources panel: each cited passage once, with its place and the figures and names
    of the sentences that cite it highlighted; a refusal shows the nearest passage."""
    if answer is None:
        return EMPTY_SOURCES_HTML
    head = (f'<div class="cqa-sources-head">{escape_html(sources_heading(answer.citations or ()))} '
            f"{badge_html(answer)}</div>")
    if not answer.citations and nearest is None:
        note = ("报告中没有找到可以引用的段落。<br>The report has no passage to cite for this question."
                if not answer.answered else "这个回答没有引用段落。<br>This answer cites no passage.")
        return f'<div class="cqa-sources">{head}<p class="cqa-sources-note">{note}</p></div>'
    one_document = len({p.source for p in answer.citations}) == 1
    items = []
    if answer.citations:
        entries = [(n, p, highlight_terms(citing_text(answer.text, n), p.text))
                   for n, p in enumerate(answer.citations, 1)]
    else:
        head += f'<p class="cqa-sources-note">{escape_html(NEAREST_LABEL)}</p>'
        one_document, entries = False, [(1, nearest, [])]
    for number, passage, terms in entries:
        kind = "表格行 Table row" if passage.kind == "table_row" else "段落 Passage"
        items.append(
            f'<li class="cqa-source" id="cqa-source-{number}" data-n="{number}">'
            f'<div class="cqa-source-meta"><span class="cqa-num">[{number}]</span> '
            f'<span class="cqa-where">{escape_html(place(passage, with_source=not one_document))}</span>'
            f' · <span class="cqa-kind">{kind}</span></div>'
            f'<blockquote class="cqa-passage">{passage_html(passage, terms)}</blockquote></li>'
        )
    return f'<div class="cqa-sources">{head}<ul class="cqa-source-list">{"".join(items)}</ul></div>'


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
