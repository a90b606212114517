"""From lines of text to a :class:`~qa.records.Document`: headings, paragraphs, footnotes, tables.

Pure: the readers in :mod:`qa.documents.ingest` and :mod:`qa.documents.pdf` turn files into ``(line, page)``
pairs (a table row is one line with its cells joined by tabs) and everything after that
happens here, the same way for every source format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from qa.records import Block, Document, Table
from qa.text import clean_line

_NUMERAL = "一二三四五六七八九十"
_CHAPTER = re.compile(rf"^(第[{_NUMERAL}]+章|前\s*言|附表)")
_LEVEL2 = re.compile(rf"^[{_NUMERAL}]+、")
_LEVEL3 = re.compile(rf"^[（(][{_NUMERAL}]+[)）]")
_LEVEL4 = re.compile(r"^(\d{1,2})[.．、]\s*(?=[^\d\s.．])")
_TABLE_TITLE = re.compile(r"^(附表\s*[：:]|附表\s*\d|表\s*\d+\s*[-—–.－]\s*\d+|图\s*\d+\s*[-—–.－]\s*\d+)")
_SOURCE_NOTE = re.compile(r"^(资料来源|数据来源|来源)\s*[：:]")
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_TOC_ENTRY = re.compile(r"(\s|\t)\d{1,3}$")
_SEPARATOR_ROW = re.compile(r"^[-—–=_\s|]+$")
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", "…", "”", "」", "）", ")", "：")
MAX_HEADING_CHARS = 60

# A line of its own meaning "the paragraph ends here, punctuated or not".  The PDF reader
# sees paragraph ends in the layout (a short last line, an indented next line); plain text
# has none, since ``str.splitlines`` splits at this very character.
PARAGRAPH_BREAK = "\u2029"


def heading_level(line: str) -> int:
    """The heading level a line would have (1 chapter … 4 numbered item), or 0 for none."""
    if _CHAPTER.match(line):
        return 1
    if _LEVEL2.match(line):
        return 2
    if _LEVEL3.match(line):
        return 3
    if _LEVEL4.match(line):
        return 4
    return 0


def lead_sentence(line: str) -> str:
    """For a numbered paragraph ``1.北美洲…领先。在报告…``, the bold lead ``1.北美洲…领先``."""
    end = line.find("。")
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
    pending_title: tuple[str, int | None] | None = None

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
        if not title:
            lead_in = self._lead_in_title()
            if lead_in:  # the title printed under the rows is then the figure's caption
                (title, page), caption = lead_in, title_after
            else:
                title, page = title_after, page_after
        header, body, body_pages = rows[0], rows[1:], pages[1:]
        looks_like_footer = len(rows) > 1 and rows[-1][0] == "" and all(rows[-1][1:])
        if looks_like_footer and rows[0][0] != "":  # 图 2-1: the column labels come last
            header, body, body_pages = rows[-1], rows[:-1], pages[:-1]
        table = Table(title or "表", tuple(header), tuple(body), tuple(body_pages), caption)
        first_page = page if page is not None else (pages[0] if pages else None)
        self.blocks.append(Block("table", table.title, self.section, first_page, table=table))
        self.table_rows, self.table_title, self.table_title_page = [], "", None

    def _lead_in_title(self) -> tuple[str, int | None] | None:
        """A short unpunctuated line right before untitled rows ("Top 13 Keywords with …") names them."""
        if self.blocks and self.blocks[-1].kind == "paragraph":
            last = self.blocks[-1]
            if len(last.text) <= MAX_HEADING_CHARS and not last.text.endswith(_SENTENCE_END):
                self.blocks.pop()
                return last.text, last.page
        return None

    def heading(self, level: int, text: str, page: int | None) -> None:
        self.flush_paragraph()
        self.flush_table()
        while self.path and self.path[-1][0] >= level:
            self.path.pop()
        self.path.append((level, text))
        self.blocks.append(Block("heading", text, self.section, page, level=level))

    def add(self, line: str, page: int | None) -> None:
        if line == PARAGRAPH_BREAK:
            self.flush_paragraph()
            return
        if "\t" in line:
            self.add_row(line, page)
            return
        line = clean_line(line)
        if not line:
            return
        if _FOOTNOTE.match(line):
            self.blocks.append(Block("footnote", line, self.section, page))
            return
        if _is_toc_entry(line):
            return
        if self.paragraph_open() and not _CHAPTER.match(line) and not _is_title(line):
            self.paragraph.append(line)
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
        level = heading_level(line)
        if level in (1, 2, 3) and len(line) <= MAX_HEADING_CHARS:
            self.heading(level, line, page)
            return
        if self.table_rows or self.table_title:
            self.flush_table()
            if self.table_title:  # a title whose rows never came: keep it as a caption
                self.blocks.append(Block("caption", self.table_title, self.section, self.table_title_page))
                self.table_title = ""
        if level == 4:
            self.flush_paragraph()
            self.heading(4, lead_sentence(line), page)
        if not self.paragraph:
            self.paragraph_page = page
        self.paragraph.append(line)
        if line.endswith(_SENTENCE_END):
            self.flush_paragraph()

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
                page_count: int | None = None) -> Document:
    """Parse ``(line, page)`` pairs into a document of headings, paragraphs, footnotes and tables.

    A line that does not end a sentence carries its paragraph on into the next line (the
    rest of a paragraph after a page break); a :data:`PARAGRAPH_BREAK` line ends it anyway.
    """
    builder = _Builder()
    for line, page in lines:
        builder.add(line.rstrip("\r\n"), page)
    builder.flush_paragraph()
    builder.flush_table()
    if builder.table_title:
        builder.blocks.append(Block("caption", builder.table_title, builder.section, builder.table_title_page))
    return Document(source, sha256, tuple(builder.blocks), page_count)


def parse_text(text: str, source: str, sha256: str) -> Document:
    """Parse a plain-text or Markdown document (no page numbers)."""
    return parse_lines(((line, None) for line in text.splitlines()), source, sha256)
