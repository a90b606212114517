"""Read a PDF into ``(line, page)`` pairs for :func:`qa.structure.parse_lines`.

pypdf's plain text extraction flattens tables: cells are separated by spaces and a long
cell wraps onto the lines below.  Here every text fragment is taken with its position
(pypdf's ``visitor_text``), and tables are rebuilt from the geometry:

* **Ruled tables** (cell borders drawn as rectangles, as fpdf2 and most report
  generators do): each band of side-by-side rectangles is a row and each rectangle a
  cell; the fragments inside a rectangle are that cell's text, whatever their vertical
  alignment and however many lines they wrap onto.
* **Unruled tables** (best effort): after a table title, the first line (with the wrapped
  label lines around it) whose fragments stand apart in two or more columns is the
  header and gives the column starts; each fragment goes to the column it starts in.  A
  column's line that reaches the next column wrapped, so the line below continues that
  cell; the first column's cells (in a numbered table, its numbers) start the rows, and
  the other cells join the row they line up with, top-aligned or centred.  The region
  ends at a 资料来源/数据来源 note, a heading, a new title or a full-width line.

Each row leaves as one line with its cells joined by tabs.  Across pages, a header row
repeated at the top of a page is dropped, a numbered row split by a page break is joined
again, and running headers/footers (a line repeated on many pages) are left out.

Limits: a PDF over ``max_pages`` pages or ``max_bytes`` bytes, more than ``max_chars``
extracted characters, or one that takes longer than ``time_limit_s`` to read is refused
with :class:`~qa.errors.DocumentError` rather than silently truncated: answers from half
a document would look complete.  The time limit is checked between pages (pypdf cannot
be interrupted inside one), so one pathological page can overrun it by its own cost.
"""
from __future__ import annotations

import io
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from qa.errors import DocumentError
from qa.records import Document
from qa.structure import heading_level, parse_lines
from qa.text import clean_line, sha256_bytes

DEFAULT_MAX_PAGES = 1_000
DEFAULT_MAX_CHARS = 5_000_000
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_TIME_LIMIT_S = 120.0

_TABLE_TITLE = re.compile(r"^(附表|表\s*\d+\s*[-—–.－]\s*\d+)")
_REGION_END = re.compile(r"^(资料来源|数据来源|来源|注)\s*[：:]|^(附表|表\s*\d+\s*[-—–.－]\s*\d+|图\s*\d+\s*[-—–.－]\s*\d+)")
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_BARE_MARKER = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+$")
_NUMBER = re.compile(r"^\d{1,4}$")
_LABEL_ONLY = re.compile(r"^(\d{1,2}[.．、]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+章)$")
_TOC_LIKE = re.compile(r"\s\d{1,3}$")
_INNER_SENTENCE_END = re.compile(r"[。！？；]")
_LEADING_NUMBER = re.compile(r"^(\d{1,4})(?:\s+|$)")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*\d{1,4})?[-—–\s]*$")
_DIGITS = re.compile(r"\d+")
_WIDE = re.compile(r"[^\x00-\u02ff]")  # a character about one em wide (CJK, full-width forms)
_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?", "”", "）", ")")


@dataclass(frozen=True)
class _Fragment:
    """A piece of text as drawn: start of its baseline (PDF points, y up) and font size."""

    x: float
    y: float
    text: str
    size: float

    @property
    def width(self) -> float:
        """Estimated drawn width: one em per wide character, half an em per narrow one."""
        wide = len(_WIDE.findall(self.text))
        return self.size * (wide + 0.5 * (len(self.text) - wide))


@dataclass(frozen=True)
class _Box:
    """A drawn rectangle, normalised so that ``x0 < x1`` and ``y0 < y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, fragment: _Fragment) -> bool:
        return (self.x0 - 1.0 <= fragment.x < self.x1 - 0.5
                and self.y0 - 0.5 <= fragment.y <= self.y1 + 0.5)

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.y1 - self.y0)


@dataclass
class _Item:
    """One thing a page contributes, in reading order: a text line or a table row."""

    y: float
    text: str = ""
    cells: list[str] | None = None

    @property
    def is_row(self) -> bool:
        return self.cells is not None


# --------------------------------------------------------------------------- page geometry


def _transform(matrix: Sequence[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = (float(v) for v in matrix)
    return a * x + c * y + e, b * x + d * y + f


def _page_geometry(page) -> tuple[list[_Fragment], list[_Box]]:
    """The text fragments and the rectangles drawn on one page, in page coordinates."""
    fragments: list[_Fragment] = []
    boxes: set[_Box] = set()

    def on_text(text, cm, tm, _font, font_size) -> None:
        if not text or not text.strip():
            return
        x, y = _transform(cm, *_transform(tm, 0.0, 0.0))
        scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
        size = float(font_size) * (scale or 1.0)
        for index, piece in enumerate(text.split("\n")):
            if piece.strip():
                fragments.append(_Fragment(x, y - index * size * 1.2, piece, size))

    def on_operator(operator, operands, cm, _tm) -> None:
        if operator != b"re" or len(operands) != 4:
            return
        try:
            x, y, w, h = (float(v) for v in operands)
        except (TypeError, ValueError):
            return
        (ax, ay), (bx, by) = _transform(cm, x, y), _transform(cm, x + w, y + h)
        box = _Box(round(min(ax, bx), 1), round(min(ay, by), 1), round(max(ax, bx), 1), round(max(ay, by), 1))
        if box.x1 - box.x0 > 2 and box.y1 - box.y0 > 2:
            boxes.add(box)

    page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)
    return fragments, sorted(boxes, key=lambda b: (-b.y1, b.x0))


def _visual_lines(fragments: Iterable[_Fragment]) -> list[list[_Fragment]]:
    """Group fragments into visual lines (same baseline within a third of the font size)."""
    lines: list[list[_Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: (-f.y, f.x)):
        if lines and abs(lines[-1][0].y - fragment.y) <= 0.35 * max(fragment.size, lines[-1][0].size):
            lines[-1].append(fragment)
        else:
            lines.append([fragment])
    return [sorted(line, key=lambda f: f.x) for line in lines]


def _join(fragments: Iterable[_Fragment]) -> str:
    return clean_line(" ".join(f.text for f in fragments))


def _cell_text(fragments: list[_Fragment]) -> str:
    return clean_line(" ".join(_join(line) for line in _visual_lines(fragments)))


# --------------------------------------------------------------------------- ruled tables


def _table_bands(boxes: list[_Box]) -> list[list[_Box]]:
    """Runs of two or more rectangles side by side with the same top and bottom: table rows."""
    by_band: dict[tuple[float, float], list[_Box]] = {}
    for box in boxes:
        key = next((k for k in by_band if abs(k[0] - box.y0) <= 1.0 and abs(k[1] - box.y1) <= 1.0),
                   (box.y0, box.y1))
        by_band.setdefault(key, []).append(box)
    bands: list[list[_Box]] = []
    for members in by_band.values():
        members.sort(key=lambda b: b.x0)
        run = [members[0]]
        for box in members[1:]:
            if abs(box.x0 - run[-1].x1) <= 1.5:
                run.append(box)
            else:
                if len(run) >= 2:
                    bands.append(run)
                run = [box]
        if len(run) >= 2:
            bands.append(run)
    return bands


def _ruled_rows(fragments: list[_Fragment], boxes: list[_Box]) -> tuple[list[_Item], list[_Fragment]]:
    """Rows of the ruled tables on a page, and the fragments that lie in no table cell."""
    bands = _table_bands(boxes)
    cells = sorted((box for band in bands for box in band), key=lambda b: b.area)
    owner: dict[_Box, list[_Fragment]] = {box: [] for box in cells}
    loose: list[_Fragment] = []
    for fragment in fragments:
        box = next((b for b in cells if b.holds(fragment)), None)
        if box is None:
            loose.append(fragment)
        else:
            owner[box].append(fragment)
    rows = []
    for band in bands:
        texts = [_cell_text(owner[box]) for box in band]
        if any(texts):
            rows.append(_Item(band[0].y1, cells=texts))
    return rows, loose


# --------------------------------------------------------------------------- unruled tables


@dataclass
class _CellBlock:
    """The lines of one cell of an unruled table: consecutive lines of a column, wrapped."""

    ys: list[float]
    texts: list[str]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def centre(self) -> float:
        return (self.ys[0] + self.ys[-1]) / 2

    @property
    def text(self) -> str:
        return clean_line(" ".join(self.texts))


@dataclass
class _OpenTable:
    """An unruled table being read: column starts from its header, lines of this page."""

    columns: list[float]
    numbered: bool = False
    continued: bool = False  # the table runs on from the previous page
    lines: list[list[list[_Fragment]]] = field(default_factory=list)  # fragments per column, per line

    def column_of(self, fragment: _Fragment) -> int:
        tolerance = 1.5 * fragment.size
        index = 0
        for i, start in enumerate(self.columns):
            if fragment.x + tolerance >= start:
                index = i
        return index

    def add(self, line: list[_Fragment]) -> None:
        parts: list[list[_Fragment]] = [[] for _ in self.columns]
        for fragment in line:
            parts[self.column_of(fragment)].append(fragment)
        self.lines.append(parts)

    def take_rows(self) -> list[_Item]:
        """The rows read from this page's lines (then forgotten: the next page starts afresh).

        Each column's lines are first grouped into cells: a line that runs up to the next
        column wrapped, so the line below continues the same cell.  The first column's
        cells then start the rows (for a numbered table, its numbers), and the cells of
        the other columns join the row they are aligned with, top-aligned or centred,
        whichever fits better.
        """
        lines, self.lines = self.lines, []
        if not lines:
            return []
        first_column = self._cell_blocks(lines, 0, [])
        if not self.continued and len(first_column) > 1 and _NUMBER.match(first_column[1].text):
            self.numbered = True
        anchors = _number_anchors(first_column) if self.numbered else first_column
        # A line level with the start of a row begins a new cell, however full the line above.
        starts = [anchor.top for anchor in anchors]
        blocks = [first_column] + [self._cell_blocks(lines, column, starts)
                                   for column in range(1, len(self.columns))]
        first_top = max(block.top for column in blocks for block in column[:1])
        if not anchors or first_top > anchors[0].top + 2.0:
            anchors.insert(0, _CellBlock([first_top], [""]))  # a row begun on the previous page
        self.continued = True
        best: list[list[list[_CellBlock]]] = []
        best_cost = math.inf
        for use_centre in (False, True):
            targets = [anchor.centre if use_centre else anchor.top for anchor in anchors]
            cost, placed = 0.0, []
            for column_blocks in blocks[1:]:
                rows: list[list[_CellBlock]] = [[] for _ in anchors]
                for block in column_blocks:
                    position = block.centre if use_centre else block.top
                    distances = [abs(position - target) for target in targets]
                    nearest = distances.index(min(distances))
                    rows[nearest].append(block)
                    cost += distances[nearest]
                placed.append(rows)
            if cost < best_cost:
                best, best_cost = placed, cost
        items = []
        for index, anchor in enumerate(anchors):
            cells = [anchor.text] + [clean_line(" ".join(b.text for b in rows[index])) for rows in best]
            items.append(_Item(anchor.top, cells=cells))
        return items

    def _cell_blocks(self, lines: list[list[list[_Fragment]]], column: int,
                     row_starts: list[float]) -> list[_CellBlock]:
        blocks: list[_CellBlock] = []
        wrapped = False
        last_y = math.inf
        right = self._right_edge(lines, column)
        for parts in lines:
            if not parts[column]:
                continue
            first, last = parts[column][0], parts[column][-1]
            text = clean_line(" ".join(f.text for f in parts[column]))
            at_row_start = any(abs(first.y - start) < 0.3 * first.size for start in row_starts)
            if blocks and wrapped and last_y - first.y <= 1.8 * first.size and not at_row_start:
                blocks[-1].ys.append(first.y)
                blocks[-1].texts.append(text)
            else:
                blocks.append(_CellBlock([first.y], [text]))
            wrapped = last.x + last.width >= right - 1.5 * last.size
            last_y = first.y
        return blocks

    def _right_edge(self, lines: list[list[list[_Fragment]]], column: int) -> float:
        if column + 1 < len(self.columns):
            return self.columns[column + 1]
        ends = [parts[column][-1].x + parts[column][-1].width for parts in lines if parts[column]]
        return max(ends, default=math.inf)


def _number_anchors(blocks: list[_CellBlock]) -> list[_CellBlock]:
    """In a numbered table a row starts at each number; other first-column text joins it."""
    anchors: list[_CellBlock] = []
    for block in blocks:
        for y, text in zip(block.ys, block.texts):
            if _LEADING_NUMBER.match(text) or not anchors:
                anchors.append(_CellBlock([y], [text]))
            else:
                anchors[-1].ys.append(y)
                anchors[-1].texts.append(text)
    return anchors


def _header_columns(line: list[_Fragment]) -> list[float] | None:
    """Column starts if this visual line looks like a table header: two or more spaced-out parts."""
    if len(line) < 2:
        return None
    starts = [line[0].x]
    for previous, fragment in zip(line, line[1:]):
        gap = fragment.x - (previous.x + previous.width)
        if gap < 0.8 * fragment.size:
            return None  # words of a sentence, not columns
        starts.append(fragment.x)
    return starts


def _ends_region(line: list[_Fragment], table: _OpenTable) -> bool:
    text = _join(line)
    if _REGION_END.match(text) or (heading_level(text) in (1, 2, 3) and len(text) <= 60):
        return True
    first = line[0]
    if len(line) == 1 and len(table.columns) > 1:
        # one fragment running across the column starts is prose, not a cell
        return first.x < table.columns[1] - first.size and first.x + first.width > table.columns[-1] + first.size
    return False


@dataclass
class _UnruledState:
    """What carries from one page to the next: an open table, or a title still waiting for it."""

    table: _OpenTable | None = None
    after_title: bool = False


def _header_window(lines: list[list[_Fragment]], start: int) -> tuple[list[float], int] | None:
    """Column starts and line count of a header beginning at ``lines[start]``, if there is one.

    A header may wrap: a narrow column's label (所在国家) sits a line above and below the
    others when it is centred.  So the lines up to the first one that stands apart in two
    or more columns, and those just under it, are read together.
    """
    for main in range(start, min(start + 3, len(lines))):
        if _header_columns(lines[main]):
            break
    else:
        return None
    size = lines[main][0].size
    end = main + 1
    while end < len(lines) and lines[main][0].y - lines[end][0].y < 0.8 * size and end - main < 3:
        end += 1
    starts: list[float] = []
    for fragment in sorted((f for line in lines[start:end] for f in line), key=lambda f: f.x):
        if not starts or fragment.x - starts[-1] > fragment.size:
            starts.append(fragment.x)
    return (starts, end - start) if len(starts) >= 2 else None


def _unruled_items(lines: list[list[_Fragment]], state: _UnruledState) -> list[_Item]:
    """Page items from visual lines, rebuilding unruled tables; ``state`` carries across pages."""
    items: list[_Item] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        text = _join(line)
        y = line[0].y + line[0].size
        table = state.table
        if table is not None and _FOOTNOTE.match(text):
            items.append(_Item(y, text=text))
            continue
        if table is not None and _ends_region(line, table):
            items.extend(table.take_rows())
            state.table = table = None
        if table is not None:
            table.add(line)
            continue
        header = _header_window(lines, index - 1) if state.after_title else None
        if header:
            columns, count = header
            state.table, state.after_title = _OpenTable(columns), False
            for header_line in lines[index - 1:index - 1 + count]:
                state.table.add(header_line)
            index += count - 1
            continue
        items.append(_Item(y, text=text))
        state.after_title = bool(_TABLE_TITLE.match(text))
    if state.table is not None:
        items.extend(state.table.take_rows())
    return items


# --------------------------------------------------------------------------- whole document


def _page_items(page, state: _UnruledState) -> tuple[list[_Item], int]:
    fragments, boxes = _page_geometry(page)
    chars = sum(len(f.text.strip()) for f in fragments)
    rows, loose = _ruled_rows(fragments, boxes) if boxes else ([], fragments)
    lines = _visual_lines(loose)
    if rows:
        state.table, state.after_title = None, False  # a ruled page does not continue an unruled table
        items = rows + [_Item(line[0].y + line[0].size, text=_join(line)) for line in lines]
    else:
        items = _unruled_items(lines, state)
    items.sort(key=lambda item: -item.y)
    return _mend_lines(_merge_footnotes(items)), chars


def _merge_footnotes(items: list[_Item]) -> list[_Item]:
    """Join a footnote with the lines it wraps onto, where that is certain.

    A footnote can sit between two rows of a table; left apart, its second line would
    read as a paragraph and cut the table in two.  So lines between a footnote and the
    next row of the same table are the footnote's, and a bare marker (``²`` alone on its
    line) takes the lines that follow up to the end of the sentence.  A footnote in prose
    keeps its one line: the next line may as well be the text it interrupted.
    """
    merged: list[_Item] = []
    index = 0
    while index < len(items):
        item = items[index]
        merged.append(item)
        index += 1
        if item.is_row or not _FOOTNOTE.match(item.text):
            continue
        following = index
        while following < len(items) and not items[following].is_row and not _starts_block(items[following].text):
            following += 1
        inside_table = (following < len(items) and items[following].is_row
                        and any(previous.is_row for previous in merged[:-1]))
        if inside_table:
            parts = [item.text] + [line.text for line in items[index:following]]
            item.text, index = clean_line(" ".join(parts)), following
        elif _BARE_MARKER.match(item.text):
            while index < following and not item.text.endswith(_SENTENCE_END):
                item.text = clean_line(f"{item.text} {items[index].text}")
                index += 1
    return merged


def _mend_lines(items: list[_Item]) -> list[_Item]:
    """Join visual lines the structure parser would misread on their own.

    A list label drawn on a line of its own (``1.`` above its text) is joined with the
    line below, so that ``1.亚洲…`` is still seen as a numbered heading.  A heading-like
    line that wraps right after a number (``2. …发展历史悠久。在报告梳理的…的 55``) looks
    like a table-of-contents entry and would be dropped; one that has already ended a
    sentence is prose, so it is joined with the line below.
    """
    mended: list[_Item] = []
    for item in items:
        previous = mended[-1] if mended else None
        if (previous is not None and not previous.is_row and not item.is_row
                and not _starts_block(item.text)
                and (_LABEL_ONLY.match(previous.text)
                     or (heading_level(previous.text) and _TOC_LIKE.search(previous.text)
                         and _INNER_SENTENCE_END.search(previous.text)))):
            previous.text = clean_line(f"{previous.text} {item.text}")
            continue
        mended.append(item)
    return mended


def _starts_block(text: str) -> bool:
    return bool(_FOOTNOTE.match(text) or _REGION_END.match(text) or heading_level(text))


def _furniture(pages: list[list[_Item]]) -> set[str]:
    """Running headers and footers: the same line (numbers aside) at a page edge on many pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for items in pages:
        edges = {_DIGITS.sub("#", item.text) for item in (items[:1] + items[-1:]) if not item.is_row}
        seen.update(edges)
    threshold = max(3, int(0.3 * len(pages)))
    return {text for text, count in seen.items() if count >= threshold}


def _is_furniture(item: _Item, position: int, count: int, furniture: set[str]) -> bool:
    if item.is_row or position not in (0, count - 1):
        return False
    return _DIGITS.sub("#", item.text) in furniture or bool(_PAGE_NUMBER.match(item.text))


def _stitch(pages: list[list[_Item]]) -> list[tuple[str, int]]:
    """Emit lines and tab-joined rows, mending tables that continue across a page break."""
    furniture = _furniture(pages)
    out: list[tuple[str, int]] = []
    header: list[str] | None = None  # header of the table the last emitted row belongs to
    last_row: list[str] | None = None
    for page_number, items in enumerate(pages, start=1):
        first_on_page = True
        for position, item in enumerate(items):
            if _is_furniture(item, position, len(items), furniture):
                continue
            if not item.is_row:
                if not _FOOTNOTE.match(item.text):
                    header = last_row = None
                out.append((item.text, page_number))
                continue
            cells = item.cells or []
            continuing = last_row is not None and len(cells) == len(last_row)
            if continuing and first_on_page and cells == header:
                first_on_page = False
                continue  # the header repeated on a new page
            if (continuing and first_on_page and not cells[0] and last_row
                    and _NUMBER.match(last_row[0])):
                merged = [clean_line(f"{a} {b}") for a, b in zip(last_row, cells)]
                last_row[:] = merged
                index = max(i for i, (text, _) in enumerate(out) if "\t" in text)
                out[index] = ("\t".join(merged), out[index][1])
                first_on_page = False
                continue
            if not continuing:
                header = cells
            last_row = list(cells)
            first_on_page = False
            out.append(("\t".join(cells), page_number))
    return out


def _open_reader(data: bytes, source: str):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as error:  # missing crypto backend, unsupported algorithm
                raise DocumentError(source, f"the PDF is encrypted and could not be opened ({error})") from None
            if not opened:
                raise DocumentError(source, "the PDF is encrypted (password-protected); "
                                            "save an unprotected copy and try again")
        page_count = len(reader.pages)
    except DocumentError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError, AssertionError) as error:
        raise DocumentError(source, f"not a readable PDF (damaged or truncated file: {error})") from None
    return reader, page_count


def _load(path_or_bytes: str | Path | bytes, source: str, max_bytes: int) -> bytes:
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
    else:
        try:
            size = Path(path_or_bytes).stat().st_size
            if size > max_bytes:
                raise DocumentError(source, f"the PDF is {size / 2**20:.0f} MB, over the "
                                            f"{max_bytes / 2**20:.0f} MB limit")
            data = Path(path_or_bytes).read_bytes()
        except OSError as error:
            raise DocumentError(source, f"cannot read the file ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise DocumentError(source, f"the PDF is {len(data) / 2**20:.1f} MB, over the "
                                    f"{max_bytes / 2**20:.1f} MB limit")
    return data


def _source_name(path_or_bytes: str | Path | bytes) -> str:
    return "<pdf bytes>" if isinstance(path_or_bytes, (bytes, bytearray)) else Path(path_or_bytes).name


def read_pdf_lines(path_or_bytes: str | Path | bytes, *, source: str | None = None,
                   max_pages: int = DEFAULT_MAX_PAGES, max_chars: int = DEFAULT_MAX_CHARS,
                   max_bytes: int = DEFAULT_MAX_BYTES, time_limit_s: float = DEFAULT_TIME_LIMIT_S,
                   ) -> tuple[list[tuple[str, int]], int]:
    """Read a PDF into ``(line, page)`` pairs for :func:`qa.structure.parse_lines`.

    Parameters
    ----------
    path_or_bytes
        A file path or the PDF's bytes.
    source
        The name used in error messages (default: the file name, or ``<pdf bytes>``).
    max_pages, max_chars, max_bytes, time_limit_s
        Limits beyond which the PDF is refused (not truncated).

    Returns
    -------
    lines, page_count
        Visual lines of prose, with table rows rebuilt as one line of tab-joined cells,
        each with its 1-based page number; and the number of pages.

    Raises
    ------
    DocumentError
        The file is missing, damaged or truncated, encrypted, has no extractable text
        (a scan), or exceeds a limit.  The message says which.
    """
    source = source or _source_name(path_or_bytes)
    data = _load(path_or_bytes, source, max_bytes)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentError(source, "not a PDF file (it does not start with %PDF)")

    started = time.monotonic()
    reader, page_count = _open_reader(data, source)
    if page_count == 0:
        raise DocumentError(source, "the PDF has no pages (damaged or truncated file?)")
    if page_count > max_pages:
        raise DocumentError(source, f"the PDF has {page_count} pages, over the limit of {max_pages}; "
                                    "split it or raise the page limit")
    pages: list[list[_Item]] = []
    state = _UnruledState()
    total_chars = 0
    for index in range(page_count):
        if time.monotonic() - started > time_limit_s:
            raise DocumentError(source, f"reading the PDF took longer than {time_limit_s:g} s "
                                        f"(stopped at page {index + 1} of {page_count})")
        try:
            items, chars = _page_items(reader.pages[index], state)
        except DocumentError:
            raise
        except RecursionError:
            raise DocumentError(source, f"page {index + 1} is malformed (its objects refer to "
                                        "each other in a loop)") from None
        except Exception as error:  # pypdf raises many types on broken content streams
            raise DocumentError(source, f"page {index + 1} could not be read "
                                        f"(damaged PDF: {type(error).__name__}: {error})") from None
        total_chars += chars
        if total_chars > max_chars:
            raise DocumentError(source, f"the PDF has more than {max_chars:,} characters of text "
                                        f"(limit reached at page {index + 1}); split it or raise the limit")
        pages.append(items)
    if total_chars == 0:
        raise DocumentError(source, "no extractable text (scanned PDF? OCR is not supported)")
    return _stitch(pages), page_count


def read_pdf(path_or_bytes: str | Path | bytes, *, source: str | None = None,
             max_bytes: int = DEFAULT_MAX_BYTES, **limits) -> Document:
    """Read and parse a PDF into a :class:`~qa.records.Document`.

    ``source`` names the document (default: the file name); the limits are those of
    :func:`read_pdf_lines`, which raises :class:`~qa.errors.DocumentError` the same way.
    """
    source = source or _source_name(path_or_bytes)
    data = _load(path_or_bytes, source, max_bytes)
    lines, page_count = read_pdf_lines(data, source=source, max_bytes=max_bytes, **limits)
    return parse_lines(lines, source, sha256_bytes(data), page_count)
