"""From a :class:`~qa.records.Document` to the passages that are indexed and cited.

Rules: a chunk never cuts a sentence or a table row; prose is packed sentence by sentence
into chunks of at most ``MAX_CHUNK_CHARS`` (one sentence of overlap between neighbours of
one paragraph); every table row becomes a passage of its own, quoted as the document
writes it under the table title and the header line; every passage knows its section path, its page and the title of
its document.
"""
from __future__ import annotations

import re
from itertools import zip_longest

from qa.records import SECTION_SEPARATOR, Block, Document, Passage, Table
from qa.text import stable_id

CHUNKING_VERSION = "10"  # bumped with the parsers: a numbered paragraph "2、重大风险提示：…" is headed by its label
MAX_TABLE_PASSAGE_CHARS = 1200
MAX_CHUNK_CHARS = 320
_SENTENCE = re.compile(r".+?(?:[。！？；!?]+[”」）)]?|$)", re.S)


def split_sentences(text: str) -> list[str]:
    """Split prose after 。！？；!? (keeping closing quotes with their sentence)."""
    return [s for s in (m.group(0).strip() for m in _SENTENCE.finditer(text)) if s]


def pack_sentences(sentences: list[str], limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Pack whole sentences into windows of at most ``limit`` characters.

    A sentence longer than the limit is a window of its own; consecutive windows share
    their boundary sentence, so a fact told across two sentences is found in one chunk.
    """
    windows: list[list[str]] = []
    current: list[str] = []
    for sentence in sentences:
        if current and sum(map(len, current)) + len(sentence) > limit:
            windows.append(current)
            current = [current[-1]] if len(current[-1]) + len(sentence) <= limit else []
        current.append(sentence)
    if current and (not windows or current != windows[-1][-len(current):]):
        windows.append(current)
    return ["".join(window) for window in windows]


def section_label(block: Block) -> str:
    path = list(block.section)
    if block.kind == "table" and block.text and (not path or path[-1] != block.text):
        path.append(block.text)
    return SECTION_SEPARATOR.join(path)


def render_row(table: Table, row: tuple[str, ...]) -> str:
    """A table row quoted as the document writes it, under its table's title and header line
    (three lines: ``title``, ``header⇥header``, ``cell⇥cell``; `` | `` for a Markdown table)."""
    lines = [table.title, table.as_written(table.header), table.as_written(row)]
    return "\n".join(line for line in lines if line.strip())


def split_row(passage_text: str) -> tuple[str, list[str], list[str]] | None:
    """A row passage's title, header cells and cells (as :func:`render_row` wrote them), or None."""
    lines = passage_text.split("\n")
    if len(lines) != 3:
        return None
    if "\t" in lines[1] or "\t" in lines[2]:
        return lines[0], lines[1].split("\t"), lines[2].split("\t")
    return lines[0], _pipe_cells(lines[1]), _pipe_cells(lines[2])


def _pipe_cells(line: str) -> list[str]:
    """The cells of a Markdown row, ``| a | b |`` (or ``a | b``, as older indexes wrote it)."""
    line = line.strip()
    if line.startswith("|") and line.endswith("|") and len(line) > 1:
        line = line[1:-1]
    return [cell.strip() for cell in line.split(" | ")]


def row_cells(passage_text: str) -> list[tuple[str, str]]:
    """A row passage's ``(header, cell)`` pairs, its empty cells left out."""
    split = split_row(passage_text)
    if split is None:
        return []
    _, header, cells = split
    return [(name.strip(), cell.strip()) for name, cell in zip_longest(header, cells, fillvalue="") if cell.strip()]


def row_with_headers(passage_text: str) -> str:
    """A row passage as one line that names each cell's column: ``title | header: cell | …``."""
    title = passage_text.split("\n", 1)[0]
    cells = [f"{header}: {cell}" if header else cell for header, cell in row_cells(passage_text)]
    return " | ".join([title, *cells])


def table_row_passage(document: Document, block: Block, row_index: int) -> Passage:
    """The passage for one table row; the table engine cites rows with exactly these."""
    table = block.table
    assert table is not None
    row = table.rows[row_index]
    text = render_row(table, row)
    page = table.page_of_row(row_index)
    if page is None:
        page = block.page
    return Passage(
        id=stable_id(document.source, "row", table.title, row_index, text),
        text=text,
        source=document.source,
        section=section_label(block),
        page=page,
        kind="table_row",
        title=document.title,
    )


def render_table(table: Table) -> str:
    """A whole table as text: title, header line, one line per row (cells split by `` | ``)."""
    lines = [table.title, *([table.caption] if table.caption else []), " | ".join(table.header)]
    lines.extend(" | ".join(cell for cell in row) for row in table.rows)
    return "\n".join(lines)


def table_passage(document: Document, block: Block) -> Passage | None:
    """A small table as one passage too, so "which is the highest…" finds all its rows at once."""
    text = render_table(block.table)
    if len(text) > MAX_TABLE_PASSAGE_CHARS:
        return None
    return Passage(id=stable_id(document.source, "table", block.table.title, text), text=text,
                   source=document.source, section=section_label(block), page=block.page, kind="table",
                   title=document.title)


def chunk_document(document: Document) -> list[Passage]:
    """All passages of a document, in reading order."""
    passages: list[Passage] = []
    title = document.title
    for position, block in enumerate(document.blocks):
        if block.kind == "table" and block.table is not None:
            whole = table_passage(document, block)
            if whole is not None:
                passages.append(whole)
            passages.extend(table_row_passage(document, block, i) for i in range(len(block.table.rows)))
        elif block.kind in ("paragraph", "footnote", "caption"):
            if block.kind == "caption" and block.text.startswith(("资料来源", "数据来源")):
                continue
            for part, text in enumerate(pack_sentences(split_sentences(block.text))):
                passages.append(Passage(
                    id=stable_id(document.source, position, part, text),
                    text=text,
                    source=document.source,
                    section=section_label(block),
                    page=block.page,
                    kind="text",
                    title=title,
                ))
    return passages


def indexed_text(passage: Passage) -> str:
    """What the retrievers see: the innermost headings, then the passage text."""
    path = passage.section.split(SECTION_SEPARATOR)[-2:] if passage.section else []
    if passage.kind == "table_row":
        return row_with_headers(passage.text)  # rows start with their title; each cell named by its column
    if passage.kind == "table":
        return passage.text  # tables start with their title
    return "\n".join([*path, passage.text])
