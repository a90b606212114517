"""Read a PDF into ``(line, page)`` pairs for :func:`qa.documents.structure.parse_lines`.

pypdf's plain text extraction flattens tables: cells are separated by spaces and a long
cell wraps onto the lines below.  Here every text fragment is taken with its position
(pypdf's ``visitor_text``), and tables are rebuilt from the geometry:

* **Ruled tables** (cell borders drawn as rectangles, as fpdf2 and most report
  generators do): each band of side-by-side rectangles is a row and each rectangle a
  cell; the fragments inside a rectangle are that cell's text, whatever their vertical
  alignment and however many lines they wrap onto.
* **Unruled tables**: after a table title, the first line (with the wrapped label lines
  around it) whose fragments stand apart in two or more columns is the header and gives
  the column starts; each fragment goes to the column it starts in.  The table's lines
  are then cut into rows where all columns agree (dynamic programming over the
  baselines): a cell's lines are a line pitch apart, a line whose first word would have
  fitted on the line above did not wrap there, the cells of a row share a top or a
  centre, a row has text in its first column (in a numbered table, one number).  A row
  cut by a page break is joined again when its lines on the new page continue wrapped
  lines.  The region ends at a 资料来源/数据来源 note, a heading, a new title or a
  full-width line.

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

import bisect
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
from qa.documents.structure import PARAGRAPH_BREAK, heading_level, parse_lines
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
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*\d{1,4})?[-—–\s]*$")
_DIGITS = re.compile(r"\d+")
_WIDE = re.compile(r"[^\x00-\u02ff]")  # a character about one em wide (CJK, full-width forms)
_NARROW = re.compile(r"[!-\u02ff]")  # a visible character of estimated width
_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?", "”", "）", ")")
_CLOSING = ("。", "，", "、", "；", "：", "！", "？", "”", "’", "）", "》", "」", "』", "】")  # never start a line
_PARAGRAPH_END = re.compile(r"[。！？；!?…][”’」』）)]*$")
_FIRST_WORD = re.compile(r"^\S+")
_STOPS = ("。", "！", "？", "；", "!", "?", "…", "”", "」", "）", ")", "：")  # where the parser closes a paragraph
_MID_SENTENCE = ("，", "、", "：", "；", ",", ":", ";", "—", "-", "（", "(", "“", "‘", "《", "「", "『", "【")


@dataclass(frozen=True)
class _Fragment:
    """A piece of text as drawn: start of its baseline (PDF points, y up) and font size."""

    x: float
    y: float
    text: str
    size: float

    @property
    def width(self) -> float:
        """Estimated drawn width: one em per wide character, half an em per narrow one.

        Edge spaces do not count: pypdf adds them for positioning gaps, not drawn glyphs.
        """
        text = self.text.strip()
        wide = len(_WIDE.findall(text))
        return self.size * (wide + 0.5 * (len(text) - wide))


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
    continues: bool = False  # a table row that carries on the last row of the previous page
    x0: float = math.nan  # a text line's horizontal extent (estimated end) and font size
    x1: float = math.nan
    size: float = math.nan

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


def _text_item(line: list[_Fragment]) -> _Item:
    """A visual line of text as a page item, with where it starts and (about) where it ends."""
    first = line[0]
    return _Item(first.y + first.size, text=_join(line), x0=first.x,
                 x1=max(f.x + f.width for f in line), size=max(f.size for f in line))


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

# Row segmentation costs (in "pitches" of misalignment or counts of contrary evidence).
_FITS_COST = 2.0         # a cell line whose first word would have fitted on the line above
_FITS_COST_UNSURE = 1.0  # the same when the line above holds Latin text: its width is only
                         # estimated, and engines break at spaces differently
_WRAP_CUT_COST = 1.5     # a row boundary right after a line that wrapped
_WRAP_CUT_COST_UNSURE = 0.5  # the same, but the line holds Latin text of estimated width
_NO_START_COST = 2.5     # a row with nothing in its row-starting column
_EMPTY_CELL_COST = 0.5   # any other empty cell
_MAX_GAP = 1.45          # lines of one cell are at most this many pitches apart
_ALIGNMENTS = ("top", "centre")


@dataclass(frozen=True)
class _Span:
    """What one column of an unruled table holds on one visual line."""

    column: int
    y: float
    x0: float
    x1: float
    text: str
    size: float


def _span(column: int, fragments: list[_Fragment]) -> _Span:
    first, last = fragments[0], fragments[-1]
    end = last.x + last.width
    return _Span(column, first.y, first.x, end, _join(fragments), max(f.size for f in fragments))


@dataclass
class _OpenTable:
    """An unruled table being read: column starts from its header, spans of this page.

    Rows are found per page by :func:`_segment_rows`; what a page leaves open (is the table
    numbered, where each column's text ends, its last lines) carries to the next page.
    """

    columns: list[float]
    numbered: bool | None = None  # decided on the first page: 序号-style first column
    continued: bool = False  # the table runs on from the previous page
    spans: list[_Span] = field(default_factory=list)
    widest: dict[int, float] = field(default_factory=dict)  # rightmost text end per column
    widest_exact: dict[int, float] = field(default_factory=dict)  # the same, all-CJK lines only
    tail: dict[int, _Span] = field(default_factory=dict)  # last row's last lines, previous page

    def column_of(self, fragment: _Fragment) -> int:
        tolerance = 1.5 * fragment.size
        index = 0
        for i, start in enumerate(self.columns):
            if fragment.x + tolerance >= start:
                index = i
        return index

    def add(self, line: list[_Fragment]) -> None:
        parts: dict[int, list[_Fragment]] = {}
        for fragment in line:
            parts.setdefault(self.column_of(fragment), []).append(fragment)
        for column, fragments in parts.items():
            span = _span(column, fragments)
            self.spans.append(span)
            self.widest[column] = max(self.widest.get(column, -math.inf), span.x1)
            if not _NARROW.search(span.text):
                self.widest_exact[column] = max(self.widest_exact.get(column, -math.inf), span.x1)

    @property
    def right(self) -> dict[int, float]:
        """Where each column's text ends at most: the wrap width.

        Widths of narrow (Latin) characters are only estimated, so a mixed line may seem
        to reach past the true edge; lines of CJK characters alone are measured exactly
        and are preferred.
        """
        return {column: self.widest_exact.get(column, end) for column, end in self.widest.items()}

    def take_rows(self) -> list[_Item]:
        """The rows read from this page's spans (then forgotten: the next page starts afresh)."""
        spans, self.spans = self.spans, []
        if not spans:
            return []
        if self.numbered is None:
            firsts = [s for s in spans if s.column == 0]
            numbers = sum(bool(_NUMBER.match(s.text)) for s in firsts)
            self.numbered = numbers >= 2 and numbers >= 0.6 * (len(firsts) - 1)
        layout = _PageTable(spans, len(self.columns), self.right, self.numbered)
        rows = min((layout.segment(alignment) for alignment in _ALIGNMENTS), key=lambda r: r[0])[1]
        items = []
        for index, cells in enumerate(rows):
            texts = [clean_line(" ".join(span.text for span in cell)) for cell in cells]
            continues = index == 0 and self.continued and self._continues(cells)
            top = max(cell[0].y for cell in cells if cell)
            items.append(_Item(top, cells=texts, continues=continues))
        self.tail = {column: cell[-1] for column, cell in enumerate(rows[-1]) if cell}
        self.continued = True
        return items

    def _continues(self, cells: list[list[_Span]]) -> bool:
        """Does the first row of a page carry on the last row of the previous page?"""
        if self.numbered:
            return not any(_NUMBER.match(span.text) for span in cells[0])
        present = [(column, cell) for column, cell in enumerate(cells) if cell]
        return bool(present) and all(column in self.tail
                                     and not _fits_after(self.tail[column], cell[0], self.right[column])
                                     for column, cell in present)


def _fits_after(above: _Span, below: _Span, right: float) -> bool:
    """Would ``below``'s first word have fitted at the end of ``above``?  Then it is no wrap.

    After a Latin character the break was at a space, so the whole next word (up to its
    first space) had to fit; after a CJK character any character may start a line.
    """
    words = below.text.split()
    word = words[0] if words else ""
    if not _NARROW.match(above.text[-1:]):
        word = word[:1] if _WIDE.match(word) else _WIDE.split(word)[0]
    space = 0.0 if _WIDE.match(word) else 0.25 * below.size
    width = _Fragment(0.0, 0.0, word, below.size).width
    return above.x1 + space + width <= right + 0.15 * below.size


class _PageTable:
    """One page of an unruled table, cut into rows by dynamic programming.

    The spans' baselines, top to bottom, are the *levels*; a row is a run of consecutive
    levels and each column's spans within it are that cell's lines.  A segmentation is
    scored by what contradicts it: a cell whose lines are further apart than a line pitch,
    a cell line whose first word would have fitted on the line above (so it did not wrap),
    a boundary right after a line that did wrap, cells not aligned on a common top or
    centre (tried both ways, the better one wins), a row with nothing in its row-starting
    column; in a numbered table every row but a page's first holds exactly one number.
    """

    def __init__(self, spans: list[_Span], columns: int, right: dict[int, float],
                 numbered: bool) -> None:
        self.right, self.numbered, self.columns = right, numbered, columns
        ordered = sorted(spans, key=lambda s: (-s.y, s.column))
        self.levels: list[float] = []
        level_of: list[int] = []
        for span in ordered:
            if not self.levels or self.levels[-1] - span.y > 0.3 * span.size:
                self.levels.append(span.y)
            level_of.append(len(self.levels) - 1)
        self.by_column: list[list[_Span]] = [[] for _ in range(columns)]
        self.level_index: list[list[int]] = [[] for _ in range(columns)]
        for span, level in zip(ordered, level_of):
            self.by_column[span.column].append(span)
            self.level_index[span.column].append(level)
        self.pitch = self._pitch()

    def _pitch(self) -> float:
        """The line pitch inside a cell: the usual smallest distance between a column's lines."""
        gaps = sorted(a.y - b.y for column in self.by_column for a, b in zip(column, column[1:])
                      if a.y - b.y > 0.8 * a.size)
        if not gaps:
            return 1.2 * max(s.size for column in self.by_column for s in column)
        return gaps[len(gaps) // 10]

    def _cell(self, column: int, first: int, last: int) -> list[_Span]:
        levels = self.level_index[column]
        start = bisect.bisect_left(levels, first)
        end = bisect.bisect_left(levels, last + 1)
        return self.by_column[column][start:end]

    def _cut_cost(self, level: int) -> float:
        """Cost of starting a row at ``level``: columns whose line above seems to wrap into it."""
        cost = 0.0
        for column in range(self.columns):
            above = self._cell(column, 0, level - 1)
            below = self._cell(column, level, len(self.levels) - 1)
            if (above and below and above[-1].y - below[0].y <= _MAX_GAP * self.pitch
                    and not _fits_after(above[-1], below[0], self.right[column])):
                cost += _WRAP_CUT_COST_UNSURE if _NARROW.search(above[-1].text) else _WRAP_CUT_COST
        return cost

    def _row_cost(self, first: int, last: int, alignment: str) -> tuple[float, bool]:
        """Cost of one row over levels ``first..last``, and whether a longer row can still work."""
        cells = [self._cell(column, first, last) for column in range(self.columns)]
        cost = 0.0
        for column, cell in enumerate(cells):
            for above, below in zip(cell, cell[1:]):
                if above.y - below.y > _MAX_GAP * self.pitch:
                    return math.inf, False
                if _fits_after(above, below, self.right[column]):
                    cost += _FITS_COST_UNSURE if _NARROW.search(above.text) else _FITS_COST
        if self.numbered:
            numbers = sum(bool(_NUMBER.match(span.text)) for span in cells[0])
            if numbers > 1:
                return math.inf, False
            if numbers == 0 and first > 0:
                return math.inf, True
        elif not cells[0]:
            cost += _NO_START_COST
        cost += _EMPTY_CELL_COST * sum(not cell for cell in cells[1:])
        if alignment == "top":
            marks = [cell[0].y for cell in cells if cell]
            cost += sum(max(marks) - mark for mark in marks) / self.pitch
        else:
            marks = sorted((cell[0].y + cell[-1].y) / 2 for cell in cells if cell)
            middle = marks[len(marks) // 2]
            cost += sum(abs(mark - middle) for mark in marks) / self.pitch
        return cost, True

    def segment(self, alignment: str) -> tuple[float, list[list[list[_Span]]]]:
        """The cheapest cut into rows: its cost and, per row, each column's spans."""
        count = len(self.levels)
        cut_costs = [0.0] + [self._cut_cost(level) for level in range(1, count)]
        best = [0.0] + [math.inf] * count
        back = [0] * (count + 1)
        for first in range(count):
            if best[first] == math.inf:
                continue
            base = best[first] + cut_costs[first]
            for last in range(first, count):
                cost, extendable = self._row_cost(first, last, alignment)
                if base + cost < best[last + 1]:
                    best[last + 1], back[last + 1] = base + cost, first
                if not extendable:
                    break
        rows = []
        end = count
        while end > 0:
            first = back[end]
            rows.append([self._cell(column, first, end - 1) for column in range(self.columns)])
            end = first
        return best[count], rows[::-1]


def _header_columns(line: list[_Fragment]) -> list[float] | None:
    """Column starts if this visual line looks like a table header: two or more spaced-out parts."""
    if len(line) < 2:
        return None
    starts = [line[0].x]
    for previous, fragment in zip(line, line[1:]):
        gap = fragment.x - (previous.x + previous.width)
        if gap < 0.6 * fragment.size:
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
        table = state.table
        if table is not None and _FOOTNOTE.match(text):
            items.append(_text_item(line))
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
        items.append(_text_item(line))
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
        items = rows + [_text_item(line) for line in lines]
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
    sentence is prose, so it is joined with the line below.  A line that starts with
    closing punctuation (``。欧盟 2008 年…`` under ``…打造“卓越文化”``: the generator let
    the full stop wrap) ends the line above, so it is joined with it.
    """
    mended: list[_Item] = []
    for item in items:
        previous = mended[-1] if mended else None
        if previous is None or previous.is_row or item.is_row:
            mended.append(item)
            continue
        if item.text.startswith(_CLOSING) and not _FOOTNOTE.match(previous.text):
            previous.text, previous.x1 = clean_line(previous.text + item.text), item.x1
            continue
        if (not _starts_block(item.text)
                and (_LABEL_ONLY.match(previous.text)
                     or (heading_level(previous.text) and _TOC_LIKE.search(previous.text)
                         and _INNER_SENTENCE_END.search(previous.text)))):
            previous.text, previous.x1 = clean_line(f"{previous.text} {item.text}"), item.x1
            continue
        mended.append(item)
    return mended


def _starts_block(text: str) -> bool:
    return bool(_FOOTNOTE.match(text) or _REGION_END.match(text) or heading_level(text))


def _paragraph_layout(items: list[_Item]) -> tuple[set[int], set[int]]:
    """Where the prose lines of a page end a paragraph, and where they run on despite a stop.

    The text column's right edge is where at least two prose lines end (within an em), the
    furthest such place; its left edge is where most lines start.  A line ends its
    paragraph when the next line is indented, or when it stops short of the right edge and
    the reason cannot be a wrap: it closes a sentence, or the next line's first word (up to
    a space: some generators wrap CJK text only at spaces) would have fitted after it, the
    next line is no stray fragment (it is full width or closes a sentence itself) and the
    line does not stop on a comma or an opening bracket.  The last line of a page ends
    nothing: its paragraph may go on over the page; nor does a line before a footnote (the
    footnote interrupts the paragraph) or a table row (which ends it anyway).

    A full-width line that happens to end with a full stop, followed by more of the same
    paragraph, *runs on*: the structure parser would otherwise close the paragraph at the
    stop.  Returns the positions of paragraph-ending lines and of running-on lines.
    """
    prose = [(position, item) for position, item in enumerate(items) if _is_prose(item)]
    if len(prose) < 2:
        return set(), set()
    left = Counter(round(item.x0) for _, item in prose).most_common(1)[0][0]
    ends = sorted((item.x1 for _, item in prose), reverse=True)
    right = next((lower for upper, lower in zip(ends, ends[1:]) if upper - lower <= prose[0][1].size), None)
    paragraph_ends: set[int] = set()
    run_ons: set[int] = set()
    for (position, line), (next_position, below) in zip(prose, prose[1:]):
        if next_position != position + 1:  # a footnote or a table row in between
            continue
        em = line.size
        if below.x0 > left + 0.8 * em and below.x0 > line.x0 + 0.8 * em:
            paragraph_ends.add(position)
            continue
        if right is None:
            continue
        if line.x1 > right - 1.5 * em:
            if (line.text.endswith(_STOPS) and not _starts_block(below.text)
                    and heading_level(line.text) not in (1, 2, 3) and not _REGION_END.match(line.text)):
                run_ons.add(position)
            continue
        word = _FIRST_WORD.match(below.text)
        word_width = _Fragment(0.0, 0.0, word.group() if word else "", below.size).width
        below_whole = _PARAGRAPH_END.search(below.text) or below.x1 > right - 1.5 * em
        if _PARAGRAPH_END.search(line.text) or (below_whole and not line.text.endswith(_MID_SENTENCE)
                                                and line.x1 + word_width + em <= right):
            paragraph_ends.add(position)
    return paragraph_ends, run_ons


def _is_prose(item: _Item) -> bool:
    return not item.is_row and not _FOOTNOTE.match(item.text) and not math.isnan(item.x1)


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
    for page_number, page_items in enumerate(pages, start=1):
        first_on_page = True
        items = [item for position, item in enumerate(page_items)
                 if not _is_furniture(item, position, len(page_items), furniture)]
        paragraph_ends, run_ons = _paragraph_layout(items)
        carried = ""  # running-on lines, joined with the next one
        for position, item in enumerate(items):
            if not item.is_row:
                if not _FOOTNOTE.match(item.text):
                    header = last_row = None
                text = clean_line(f"{carried} {item.text}")
                if position in run_ons:
                    carried = text
                    continue
                carried = ""
                out.append((text, page_number))
                if position in paragraph_ends:
                    out.append((PARAGRAPH_BREAK, page_number))
                continue
            cells = item.cells or []
            continuing = last_row is not None and len(cells) == len(last_row)
            if continuing and first_on_page and cells == header:
                first_on_page = False
                continue  # the header repeated on a new page
            if (continuing and first_on_page and last_row
                    and (item.continues or (not cells[0] and _NUMBER.match(last_row[0])))):
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
    """Read a PDF into ``(line, page)`` pairs for :func:`qa.documents.structure.parse_lines`.

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
