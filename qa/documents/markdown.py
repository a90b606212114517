"""Markdown syntax in text documents, turned into the line stream :mod:`qa.documents.structure` reads.

Pure.  Three things are Markdown's own and are read in any text document:

* ``#`` … ``####`` headings (:func:`markdown_heading`; deeper ones are rare and stay text);
* pipe tables: a ``| a | b |`` line followed by a ``|---|---|`` separator starts a table,
  every following pipe line is a row; rows come out as one tab-joined line, the form the
  PDF reader gives table rows;
* in ``.md`` files only, a blank line ends a paragraph and a ``-``/``*``/``+`` bullet starts
  one (plain text from a PDF has blank lines inside paragraphs, and dashes in prose).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

_HEADING = re.compile(r"^(#{1,4})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_PIPE_LINE = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_BULLET = re.compile(r"^\s{0,3}[-*+][ \t]+(?=\S)")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")

Line = tuple[str, "int | None"]


def markdown_heading(line: str) -> tuple[int, str] | None:
    """``## 第一章 总则`` → ``(2, "第一章 总则")``; None for a line that is not a heading."""
    match = _HEADING.match(line)
    if not match or not match.group(2).strip("# "):
        return None
    return len(match.group(1)), match.group(2).strip()


def pipe_cells(line: str) -> list[str]:
    """The cells of one ``| a | b |`` line (``\\|`` is a literal bar inside a cell)."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(inner)]


def is_separator_row(line: str) -> bool:
    """``|---|:--:|`` under a table's header line."""
    if not _PIPE_LINE.match(line):
        return False
    cells = pipe_cells(line)
    return bool(cells) and all(_SEPARATOR_CELL.match(cell) for cell in cells)


def markdown_lines(lines: Iterable[Line], *, markdown_file: bool, paragraph_break: str,
                   pipe_table: str) -> Iterator[Line]:
    """Rewrite pipe tables as tab-joined rows after a ``pipe_table`` line (and, for ``.md``
    files, blank lines and bullets as ``paragraph_break`` lines); every other line passes
    through unchanged."""
    pending = list(lines)
    in_table = False
    columns = 0
    for position, (line, page) in enumerate(pending):
        if in_table:
            if is_separator_row(line):
                continue
            if _PIPE_LINE.match(line):
                cells = pipe_cells(line)
                cells += [""] * (columns - len(cells))
                yield "\t".join(cells), page
                continue
            in_table = False
            yield paragraph_break, page  # whatever follows the table starts afresh
        if _PIPE_LINE.match(line) and position + 1 < len(pending) and is_separator_row(pending[position + 1][0]):
            header = pipe_cells(line)
            if len(header) >= 2:  # one column is a boxed line, not a table
                in_table, columns = True, len(header)
                yield pipe_table, page
                yield "\t".join(header), page
                continue
        if is_separator_row(line):
            continue  # under a one-column header: a rule, not content
        if markdown_file:
            if not line.strip():
                yield paragraph_break, page
                continue
            if _BULLET.match(line):
                yield paragraph_break, page
                yield _BULLET.sub("", line), page
                continue
        yield line, page
