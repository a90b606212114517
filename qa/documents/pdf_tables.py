"""Tables rebuilt from a PDF page's geometry: ruled tables from cell rectangles, unruled ones from
text positions (column starts from the header, rows cut by dynamic programming over the baselines).

See :mod:`qa.documents.pdf` for the whole method; each table row leaves as one tab-joined line.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from qa.documents.structure import heading_level
from qa.text import clean_line
from qa.documents.pdf_layout import Box, Fragment, Item, WIDE, cell_text, join_fragments, text_item


_TABLE_TITLE = re.compile(r"^(附表|表\s*\d+\s*[-—–.－]\s*\d+)")
REGION_END = re.compile(r"^(资料来源|数据来源|来源|注)\s*[：:]|^(附表|表\s*\d+\s*[-—–.－]\s*\d+|图\s*\d+\s*[-—–.－]\s*\d+)")
FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]")
ROW_NUMBER = re.compile(r"^\d{1,4}$")
_NARROW = re.compile(r"[!-\u02ff]")  # a visible character of estimated width


def _table_bands(boxes: list[Box]) -> list[list[Box]]:
    """Runs of two or more rectangles side by side with the same top and bottom: table rows."""
    by_band: dict[tuple[float, float], list[Box]] = {}
    for box in boxes:
        key = next((k for k in by_band if abs(k[0] - box.y0) <= 1.0 and abs(k[1] - box.y1) <= 1.0),
                   (box.y0, box.y1))
        by_band.setdefault(key, []).append(box)
    bands: list[list[Box]] = []
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


def ruled_rows(fragments: list[Fragment], boxes: list[Box]) -> tuple[list[Item], list[Fragment]]:
    """Rows of the ruled tables on a page, and the fragments that lie in no table cell."""
    bands = _table_bands(boxes)
    cells = sorted((box for band in bands for box in band), key=lambda b: b.area)
    owner: dict[Box, list[Fragment]] = {box: [] for box in cells}
    loose: list[Fragment] = []
    for fragment in fragments:
        box = next((b for b in cells if b.holds(fragment)), None)
        if box is None:
            loose.append(fragment)
        else:
            owner[box].append(fragment)
    rows = []
    for band in bands:
        texts = [cell_text(owner[box]) for box in band]
        if any(texts):
            rows.append(Item(band[0].y1, cells=texts))
    return rows, loose


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


def _span(column: int, fragments: list[Fragment]) -> _Span:
    first, last = fragments[0], fragments[-1]
    end = last.x + last.width
    return _Span(column, first.y, first.x, end, join_fragments(fragments), max(f.size for f in fragments))


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

    def column_of(self, fragment: Fragment) -> int:
        tolerance = 1.5 * fragment.size
        index = 0
        for i, start in enumerate(self.columns):
            if fragment.x + tolerance >= start:
                index = i
        return index

    def add(self, line: list[Fragment]) -> None:
        parts: dict[int, list[Fragment]] = {}
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

    def take_rows(self) -> list[Item]:
        """The rows read from this page's spans (then forgotten: the next page starts afresh)."""
        spans, self.spans = self.spans, []
        if not spans:
            return []
        if self.numbered is None:
            firsts = [s for s in spans if s.column == 0]
            numbers = sum(bool(ROW_NUMBER.match(s.text)) for s in firsts)
            self.numbered = numbers >= 2 and numbers >= 0.6 * (len(firsts) - 1)
        layout = _PageTable(spans, len(self.columns), self.right, self.numbered)
        rows = min((layout.segment(alignment) for alignment in _ALIGNMENTS), key=lambda r: r[0])[1]
        items = []
        for index, cells in enumerate(rows):
            texts = [clean_line(" ".join(span.text for span in cell)) for cell in cells]
            continues = index == 0 and self.continued and self._continues(cells)
            top = max(cell[0].y for cell in cells if cell)
            items.append(Item(top, cells=texts, continues=continues))
        self.tail = {column: cell[-1] for column, cell in enumerate(rows[-1]) if cell}
        self.continued = True
        return items

    def _continues(self, cells: list[list[_Span]]) -> bool:
        """Does the first row of a page carry on the last row of the previous page?"""
        if self.numbered:
            return not any(ROW_NUMBER.match(span.text) for span in cells[0])
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
        word = word[:1] if WIDE.match(word) else WIDE.split(word)[0]
    space = 0.0 if WIDE.match(word) else 0.25 * below.size
    width = Fragment(0.0, 0.0, word, below.size).width
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
            numbers = sum(bool(ROW_NUMBER.match(span.text)) for span in cells[0])
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


def _header_columns(line: list[Fragment]) -> list[float] | None:
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


def _ends_region(line: list[Fragment], table: _OpenTable) -> bool:
    text = join_fragments(line)
    if REGION_END.match(text) or (heading_level(text) in (1, 2, 3) and len(text) <= 60):
        return True
    first = line[0]
    if len(line) == 1 and len(table.columns) > 1:
        # one fragment running across the column starts is prose, not a cell
        return first.x < table.columns[1] - first.size and first.x + first.width > table.columns[-1] + first.size
    return False


@dataclass
class UnruledState:
    """What carries from one page to the next: an open table, or a title still waiting for it."""

    table: _OpenTable | None = None
    after_title: bool = False


def _header_window(lines: list[list[Fragment]], start: int) -> tuple[list[float], int] | None:
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


def unruled_items(lines: list[list[Fragment]], state: UnruledState) -> list[Item]:
    """Page items from visual lines, rebuilding unruled tables; ``state`` carries across pages."""
    items: list[Item] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        text = join_fragments(line)
        table = state.table
        if table is not None and FOOTNOTE.match(text):
            items.append(text_item(line))
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
        items.append(text_item(line))
        state.after_title = bool(_TABLE_TITLE.match(text))
    if state.table is not None:
        items.extend(state.table.take_rows())
    return items

