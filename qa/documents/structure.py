"""From lines of text to a :class:`~qa.records.Document`: headings, paragraphs, footnotes, tables.

Pure: the readers in :mod:`qa.documents.ingest` and :mod:`qa.documents.pdf` turn files into ``(line, page)``
pairs (a table row is one line with its cells joined by tabs) and everything after that
happens here, the same way for every source format.

Headings are recognised by their numbering: 第N章 / 前言 / 附表, 第N节, 第N条 (an article: its
number is the heading, its text the paragraph), 一、, （一）, ``1.`` (a numbered paragraph
whose lead sentence is its heading), ``1 概述`` / ``1.1`` / ``1.1.1`` (depth by the dots), and
Markdown ``#`` … ``####``.  A numbered line that ends a clause (``（一）建立制度；``) is a point
of the text, not a heading: points join the paragraph that announces them (``…义务：``, or a
point ending in ``；``), and an unpunctuated 一是… / 二是… line starts a paragraph of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from qa.documents.markdown import markdown_heading, markdown_lines
from qa.records import Block, Document, Table
from qa.text import clean_line, fold_spaces

_NUMERAL = "一二三四五六七八九十"
_COUNT = rf"[{_NUMERAL}百零〇两\d]+"  # 第二十一条, 第一百条, 第3章
_CHAPTER = re.compile(rf"^(第{_COUNT}[章编]|前\s*言|附表)")
_SUBCHAPTER = re.compile(rf"^第{_COUNT}节")
_ARTICLE = re.compile(rf"^(第{_COUNT}条)(?:\s*([【\[〔（(][^】\]〕）)]{{1,20}}[】\]〕）)]))?(?=[\s\u3000【\[〔（(]|$)")
_LEVEL2 = re.compile(rf"^[{_NUMERAL}]+、")
_LEVEL3 = re.compile(rf"^[（(][{_NUMERAL}]+[)）]")
_LEVEL4 = re.compile(r"^(\d{1,2})[.．、]\s*(?=[^\d\s.．])")
# 1.1 / 1.1.1 / 1.1.1.1, not a decimal with its unit (1.5亿元, 3.2 GB, 2.5%)
_UNIT_AFTER = r"%％‰亿万千百倍元个年月日号度米吨克时分秒家项件人次所座种台辆款位名"
_DOTTED = re.compile(rf"^(\d{{1,2}}(?:[.．]\d{{1,2}}){{1,3}})(?![\d.．])\s*(?=[^\s\d{_UNIT_AFTER}.．,，、])")
# 1 概述: a bare chapter number, a space, a short Chinese title (only where 1.1 headings follow)
_NUMBERED_CHAPTER = re.compile(r"^\d{1,2}[ \t\u3000]+(?=[\u4e00-\u9fff])")
_CLAUSE_END = ("。", "；", ";", "！", "？", "!", "?")
_LIST_OPEN = ("：", ":", "；", ";")  # a paragraph ending so announces (or goes on with) a list of points
_ITEM_END = ("；", ";")  # a list item, not a paragraph, ends so
# the marker a point of an enumeration opens with, and its kind: 一是 / 其一 / （一） / (1) / 1) / ①
_POINT = re.compile(r"^(?:\*\*)?(?:([一二三四五六七八九十]+)是|其([一二三四五六七八九十])|[（(]([一二三四五六七八九十]+|\d+)[)）]"
                    r"|(\d+)[)）]|([\u2460-\u2473]))")
_TABLE_TITLE = re.compile(r"^(附表\s*[：:]|附表\s*\d|表\s*\d+\s*[-—–.－]\s*\d+|图\s*\d+\s*[-—–.－]\s*\d+"
                          r"|[表图]\s*\d+(?=\s|[:：]|[\u4e00-\u9fff]))")
_SOURCE_NOTE = re.compile(r"^(资料来源|数据来源|来源)\s*[：:]")
_UNIT_NOTE = re.compile(r"^(?:金额)?(?:单位|币种)\s*[：:]|^(?:unit|currency)\s*:", re.I)
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_TOC_ENTRY = re.compile(r"(\s|\t)\d{1,3}$")
_SEPARATOR_ROW = re.compile(r"^[-—–=_\s|]+$")
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", "…", "”", "」", "）", ")", "：")
MAX_HEADING_CHARS = 60

# A line of its own meaning "the paragraph ends here, punctuated or not".  The PDF reader
# sees paragraph ends in the layout (a short last line, an indented next line); plain text
# has none, since ``str.splitlines`` splits at this very character.
PARAGRAPH_BREAK = "\u2029"
PIPE_TABLE = "\u2028"  # a Markdown pipe table starts: a paragraph break, and its cells are quoted with " | "


def heading_rank(line: str) -> tuple[int, int]:
    """``(level, rank)`` of the heading a line would be, or ``(0, 0)`` for none.

    ``level`` is what :class:`~qa.records.Block` records (1 chapter … 4 numbered item);
    ``rank`` orders numbering schemes that share a level, so that (一) nests under 第N条
    and 第N条 under 第N节: a heading closes every open heading of the same or a finer rank.
    """
    chapter = _CHAPTER.match(line)
    if chapter:
        return 1, 5 if chapter.group(1).endswith("编") else 10
    if _SUBCHAPTER.match(line):
        return 2, 20
    if _ARTICLE.match(line):
        return 3, 25
    if _LEVEL2.match(line):
        return 2, 20
    if _LEVEL3.match(line):
        return 3, 30
    if _LEVEL4.match(line):
        return 4, 40
    match = _DOTTED.match(line)
    if match:
        depth = min(match.group(1).count(".") + match.group(1).count("．") + 1, 4)
        return depth, depth * 10
    return 0, 0  # "1 概述" alone is no heading: only the document's 1.1 headings make it one (heading_of)


def heading_level(line: str) -> int:
    """The heading level a line would have (1 chapter … 4 numbered item), or 0 for none."""
    return heading_rank(line)[0]


def article_heading(line: str) -> str:
    """``第三条 数据处理者应当…`` → ``第三条``; ``第三条【适用范围】…`` → ``第三条【适用范围】``."""
    match = _ARTICLE.match(line)
    return "".join(part for part in match.groups() if part) if match else ""


@dataclass(frozen=True)
class HeadingLine:
    """What a numbered line contributes: a heading, and whether the line is also its paragraph."""

    level: int
    rank: int
    text: str
    opens_paragraph: bool


def heading_of(line: str, spaced: str = "", chapter_numbers: frozenset[str] = frozenset()) -> HeadingLine | None:
    """The heading a (cleaned) line starts, or None.

    A short numbered line is a heading of its own; an article (第三条 …), a numbered paragraph
    (1.…) or a long 1.1 line is a heading (its number or lead sentence) and its own paragraph.
    A chapter-like line that ends a clause (（一）建立制度；) is a point of the text, not a heading.
    ``spaced`` is the line before wrap repair (第三条 and its text are told apart by the space
    between them); ``1 概述`` is a heading only when ``chapter_numbers`` (the first numbers of the
    document's 1.1-style headings) holds its number.
    """
    spaced = spaced or line
    if _ARTICLE.match(spaced):
        if len(line) <= 30 and not any(mark in line for mark in "。；;，,：:"):
            return HeadingLine(3, 25, line, False)  # 第三条 适用范围, its text on the lines below
        return HeadingLine(3, 25, article_heading(spaced), True)  # the paragraph keeps the whole line
    if _NUMBERED_CHAPTER.match(line) and line.split()[0] in chapter_numbers and len(line) <= 30 \
            and not any(mark in line for mark in "。；;，,、：:"):
        return HeadingLine(1, 10, line, False)
    level, rank = heading_rank(line)
    if not level:
        return None
    short = len(line) <= MAX_HEADING_CHARS and not line.endswith(_CLAUSE_END)
    if rank == 40 or (_DOTTED.match(line) and not _CHAPTER.match(line)):
        if rank != 40 and short and "。" not in line:
            return HeadingLine(level, rank, line, False)
        return HeadingLine(level, rank, lead_sentence(line), True)
    return HeadingLine(level, rank, line, False) if short else None


def _point_kind(line: str) -> int:
    """Which enumeration marker the line opens with (0: none)."""
    match = _POINT.match(line)
    if not match:
        return 0
    return next(i for i, group in enumerate(match.groups(), 1) if group)


def _opens_points(line: str) -> bool:
    """The first point of a list: 一是 / 其一 / （一） / (1) / 1) / ①."""
    match = _POINT.match(line)
    return bool(match) and next(group for group in match.groups() if group) in ("一", "1", "\u2460")


def lead_sentence(line: str) -> str:
    """For a numbered paragraph ``1.北美洲…领先。在报告…``, the bold lead ``1.北美洲…领先``."""
    end = line.find("。")
    colon = line.find("：")
    if 0 < colon < (end if end > 0 else len(line)) and colon <= MAX_HEADING_CHARS:
        return line[:colon]   # 2、重大风险提示：公司已在…: the label before the colon
    return line[:end] if 0 < end <= MAX_HEADING_CHARS else line[:MAX_HEADING_CHARS]


def _is_toc_entry(line: str) -> bool:
    return bool(heading_level(line) and _TOC_ENTRY.search(line) and len(line) <= MAX_HEADING_CHARS + 6)


def _is_title(line: str) -> bool:
    """A table or figure title: ``表 2-3 …``, ``图 2-1 …``, ``附表：…`` on a short line of its own."""
    return bool(_TABLE_TITLE.match(line)) and len(line) <= MAX_HEADING_CHARS and "。" not in line


@dataclass
class _Builder:
    """Walks the lines once, keeping the heading path, the open paragraph and the open table."""

    blocks: list[Block] = field(default_factory=list)
    path: list[tuple[int, str]] = field(default_factory=list)
    paragraph: list[str] = field(default_factory=list)
    paragraph_page: int | None = None
    table_rows: list[tuple[tuple[str, ...], int | None]] = field(default_factory=list)
    table_title: str = ""
    table_title_page: int | None = None
    table_delimiter: str = "\t"
    pending_title: tuple[str, int | None] | None = None
    chapter_numbers: frozenset[str] = frozenset()

    @property
    def section(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.path)

    def paragraph_open(self) -> bool:
        return bool(self.paragraph) and not self.paragraph[-1].endswith(_SENTENCE_END)

    def flush_paragraph(self) -> None:
        if self.paragraph:
            text = clean_line(" ".join(self.paragraph))
            if text:
                self.blocks.append(Block("paragraph", text, self.section, self.paragraph_page))
        self.paragraph, self.paragraph_page = [], None

    def flush_table(self, title_after: str = "", page_after: int | None = None) -> None:
        if not self.table_rows:
            if self.pending_title:  # a title with no rows under it is a figure caption
                text, page = self.pending_title
                self.blocks.append(Block("caption", text, self.section, page))
                self.pending_title = None
            return
        rows = [cells for cells, _ in self.table_rows]
        pages = [page for _, page in self.table_rows]
        title, page = self.table_title, self.table_title_page
        caption = ""
        note = ""
        if not title:
            note = self._unit_note()   # 单位：万元 币种：人民币 above the rows: their caption, not their title
            lead_in = self._lead_in_title()
            if lead_in:  # the title printed under the rows is then the figure's caption
                (title, page), caption = lead_in, title_after
            else:
                title, page = title_after, page_after
        header, body, body_pages = rows[0], rows[1:], pages[1:]
        looks_like_footer = len(rows) > 1 and rows[-1][0] == "" and all(rows[-1][1:])
        if looks_like_footer and rows[0][0] != "":  # 图 2-1: the column labels come last
            header, body, body_pages = rows[-1], rows[:-1], pages[:-1]
        if not title and self.path:  # an untitled table (a Markdown table under its heading) is named by it
            title = self.path[-1][1]
        if note:   # the unit stays with every row quoted: …（单位：万元 币种：人民币）
            title = f"{title}（{note}）" if title else note
        table = Table(title or "表", tuple(header), tuple(body), tuple(body_pages), caption, self.table_delimiter)
        first_page = page if page is not None else (pages[0] if pages else None)
        self.blocks.append(Block("table", table.title, self.section, first_page, table=table))
        self.table_rows, self.table_title, self.table_title_page = [], "", None
        self.table_delimiter = "\t"

    def _unit_note(self) -> str:
        """The line right before untitled rows that gives their unit (单位：元 币种：人民币), taken off."""
        if self.blocks and self.blocks[-1].kind == "paragraph" and _UNIT_NOTE.match(self.blocks[-1].text) \
                and len(self.blocks[-1].text) <= MAX_HEADING_CHARS:
            return self.blocks.pop().text
        return ""

    def _lead_in_title(self) -> tuple[str, int | None] | None:
        """A short unpunctuated line right before untitled rows ("Top 13 Keywords with …") names them."""
        if self.blocks and self.blocks[-1].kind == "paragraph":
            last = self.blocks[-1]
            if len(last.text) <= MAX_HEADING_CHARS and not last.text.endswith(_SENTENCE_END):
                self.blocks.pop()
                return last.text, last.page
        return None

    def heading(self, level: int, text: str, page: int | None, rank: int | None = None) -> None:
        self.flush_paragraph()
        self.flush_table()
        rank = level * 10 if rank is None else rank
        while self.path and self.path[-1][0] >= rank:
            self.path.pop()
        self.path.append((rank, text))
        self.blocks.append(Block("heading", text, self.section, page, level=level))

    def title_line_open(self) -> bool:
        """The open paragraph is one short line with no punctuation: a title, not prose cut by a page."""
        return len(self.paragraph) == 1 and len(self.paragraph[0]) <= MAX_HEADING_CHARS \
            and not any(mark in self.paragraph[0] for mark in "。，,；;：:、")

    def continues_list(self, line: str) -> bool:
        """A point (（二）… / 二是…) right after the paragraph that announced the list (…如下：) or
        ended the point before it with ；. A point that is a paragraph of its own (一是强化统筹。建立…。)
        after an announcing paragraph stays one: only a list item (…；) joins an announcement."""
        if not _point_kind(line) or not self.blocks:
            return False
        last = self.blocks[-1]
        if last.kind != "paragraph" or last.section != self.section:
            return False
        return last.text.endswith(_ITEM_END) or (last.text.endswith(_LIST_OPEN) and line.endswith(_ITEM_END))

    def starts_next_point(self, line: str) -> bool:
        """二是… after an open paragraph that began 一是…: the next point, not the paragraph's rest."""
        kind = _point_kind(line)
        if not kind or not self.paragraph:
            return False
        return kind == _point_kind(self.paragraph[0]) or (_opens_points(line) and self.title_line_open())

    def add(self, line: str, page: int | None) -> None:
        if line == PIPE_TABLE:
            self.add(PARAGRAPH_BREAK, page)
            self.table_delimiter = " | "
            return
        if line == PARAGRAPH_BREAK:
            self.flush_paragraph()
            if self.table_rows:  # the break after a Markdown table ends it
                self.flush_table()
            return
        if "\t" in line:
            self.add_row(line, page)
            return
        spaced, line = fold_spaces(line), clean_line(line)
        if not line:
            return
        marked = markdown_heading(line)
        if marked is not None:
            self.close_table()
            level, text = marked
            self.heading(level, text, page, rank=level * 10)
            return
        if _FOOTNOTE.match(line):
            self.blocks.append(Block("footnote", line, self.section, page))
            return
        if _is_toc_entry(line):
            return
        found = heading_of(line, spaced, self.chapter_numbers)
        if self.paragraph_open() and found is not None and self.title_line_open():
            self.flush_paragraph()  # a title line of its own ("设备维护手册") above the first heading
        if self.paragraph_open() and not _CHAPTER.match(line) and not _is_title(line) \
                and not self.starts_next_point(line):
            self.paragraph.append(line)
            if line.endswith(_SENTENCE_END):
                self.flush_paragraph()  # the rest after a page break ends the paragraph too
            return
        if _SOURCE_NOTE.match(line):
            self.flush_paragraph()
            self.flush_table()
            self.blocks.append(Block("caption", line, self.section, page))
            return
        if _is_title(line):
            self.flush_paragraph()
            if self.table_rows and not self.table_title:
                self.flush_table(title_after=line, page_after=page)
                return
            self.flush_table()
            self.pending_title = None
            self.table_title, self.table_title_page = line, page
            if _CHAPTER.match(line):  # 附表 is both a chapter heading and a table title
                self.heading(1, line, page)
                self.table_title, self.table_title_page = line, page
            return
        if found is not None and not found.opens_paragraph:
            self.heading(found.level, found.text, page, found.rank)
            return
        self.close_table()
        if found is None and not self.paragraph and self.continues_list(line):
            last = self.blocks.pop()  # the point joins the paragraph that announced it: 义务：（一）…；（二）…
            self.paragraph, self.paragraph_page = [last.text], last.page
        if found is not None:
            self.flush_paragraph()
            self.heading(found.level, found.text, page, found.rank)
        elif self.paragraph and self.starts_next_point(line):
            self.flush_paragraph()
        if not self.paragraph:
            self.paragraph_page = page
        self.paragraph.append(line)
        if line.endswith(_SENTENCE_END):
            self.flush_paragraph()

    def close_table(self) -> None:
        """Prose follows: the open table ends, and a title whose rows never came is a caption."""
        if self.table_rows or self.table_title:
            self.flush_table()
            if self.table_title:
                self.blocks.append(Block("caption", self.table_title, self.section, self.table_title_page))
                self.table_title = ""

    def add_row(self, line: str, page: int | None) -> None:
        cells = tuple(clean_line(cell) for cell in line.split("\t"))
        if _is_toc_entry(cells[0] + "\t" + cells[-1]) and len(cells) == 2:
            return
        if cells[0] and _TOC_ENTRY.search("\t" + cells[-1]) and len(cells) == 2 and not self.table_rows:
            return  # "前 言\t1": a contents line
        if _SEPARATOR_ROW.match(line.replace("\t", "")) or not any(cells):
            return
        self.flush_paragraph()
        self.table_rows.append((cells, page))


def parse_lines(lines: Iterable[tuple[str, int | None]], source: str, sha256: str,
                page_count: int | None = None, *, markdown_file: bool = False) -> Document:
    """Parse ``(line, page)`` pairs into a document of headings, paragraphs, footnotes and tables.

    A line that does not end a sentence carries its paragraph on into the next line (the
    rest of a paragraph after a page break); a :data:`PARAGRAPH_BREAK` line ends it anyway.
    Markdown headings and pipe tables are read in any text; ``markdown_file`` adds the rules
    of a ``.md`` file (blank lines end paragraphs, bullets start them).  A lone ``#`` heading
    that opens the document is its title (a ``title`` block), not a section.
    """
    lines = list(markdown_lines(lines, markdown_file=markdown_file, paragraph_break=PARAGRAPH_BREAK,
                                 pipe_table=PIPE_TABLE))
    builder = _Builder(chapter_numbers=_chapter_numbers(lines))
    title_at = _title_line(lines)
    if title_at is not None:
        text, page = lines[title_at]
        builder.blocks.append(Block("title", markdown_heading(clean_line(text))[1], (), page))
    for position, (line, page) in enumerate(lines):
        if position != title_at:
            builder.add(line.rstrip("\r\n"), page)
    builder.flush_paragraph()
    builder.flush_table()
    if builder.table_title:
        builder.blocks.append(Block("caption", builder.table_title, builder.section, builder.table_title_page))
    return Document(source, sha256, tuple(builder.blocks), page_count)


def _chapter_numbers(lines: list[tuple[str, int | None]]) -> frozenset[str]:
    """The chapter numbers 1.1-style headings start with ("2" for 2.1, 2.1.1)."""
    numbers = set()
    for line, _ in lines:
        match = _DOTTED.match(line.strip())
        if match:
            numbers.add(re.split(r"[.．]", match.group(1))[0])
    return frozenset(numbers)


def _title_line(lines: list[tuple[str, int | None]]) -> int | None:
    """The position of a ``# Title`` line that opens the document and is its only ``#`` heading."""
    first = next((i for i, (line, _) in enumerate(lines) if line.strip() and line != PARAGRAPH_BREAK), None)
    if first is None or (markdown_heading(clean_line(lines[first][0])) or (0, ""))[0] != 1:
        return None
    others = any((markdown_heading(clean_line(line)) or (0, ""))[0] == 1 for line, _ in lines[first + 1:])
    return None if others else first


def parse_text(text: str, source: str, sha256: str, *, markdown_file: bool | None = None) -> Document:
    """Parse a plain-text or Markdown document (no page numbers).

    ``markdown_file`` defaults to whether ``source`` ends in ``.md`` / ``.markdown``.
    """
    if markdown_file is None:
        markdown_file = source.lower().endswith((".md", ".markdown"))
    return parse_lines(((line, None) for line in text.splitlines()), source, sha256, markdown_file=markdown_file)
