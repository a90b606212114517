"""The geometry of a PDF page: text fragments with their positions, cell rectangles, visual lines.

The raw material :mod:`qa.documents.pdf_tables` rebuilds tables from and :mod:`qa.documents.pdf`
turns into lines; see :mod:`qa.documents.pdf` for the whole method.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from qa.text import clean_line


WIDE = re.compile(r"[^\x00-\u02ff]")  # a character about one em wide (CJK, full-width forms)


@dataclass(frozen=True)
class Fragment:
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
        wide = len(WIDE.findall(text))
        return self.size * (wide + 0.5 * (len(text) - wide))


@dataclass(frozen=True)
class Box:
    """A drawn rectangle, normalised so that ``x0 < x1`` and ``y0 < y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, fragment: Fragment) -> bool:
        return (self.x0 - 1.0 <= fragment.x < self.x1 - 0.5
                and self.y0 - 0.5 <= fragment.y <= self.y1 + 0.5)

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.y1 - self.y0)


@dataclass
class Item:
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


def _transform(matrix: Sequence[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = (float(v) for v in matrix)
    return a * x + c * y + e, b * x + d * y + f


def page_geometry(page) -> tuple[list[Fragment], list[Box]]:
    """The text fragments and the rectangles drawn on one page, in page coordinates."""
    fragments: list[Fragment] = []
    boxes: set[Box] = set()

    def on_text(text, cm, tm, _font, font_size) -> None:
        if not text or not text.strip():
            return
        x, y = _transform(cm, *_transform(tm, 0.0, 0.0))
        scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
        size = float(font_size) * (scale or 1.0)
        for index, piece in enumerate(text.split("\n")):
            if piece.strip():
                fragments.append(Fragment(x, y - index * size * 1.2, piece, size))

    def on_operator(operator, operands, cm, _tm) -> None:
        if operator != b"re" or len(operands) != 4:
            return
        try:
            x, y, w, h = (float(v) for v in operands)
        except (TypeError, ValueError):
            return
        (ax, ay), (bx, by) = _transform(cm, x, y), _transform(cm, x + w, y + h)
        box = Box(round(min(ax, bx), 1), round(min(ay, by), 1), round(max(ax, bx), 1), round(max(ay, by), 1))
        if box.x1 - box.x0 > 2 and box.y1 - box.y0 > 2:
            boxes.add(box)

    page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)
    return fragments, sorted(boxes, key=lambda b: (-b.y1, b.x0))


def visual_lines(fragments: Iterable[Fragment]) -> list[list[Fragment]]:
    """Group fragments into visual lines (same baseline within a third of the font size)."""
    lines: list[list[Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: (-f.y, f.x)):
        if lines and abs(lines[-1][0].y - fragment.y) <= 0.35 * max(fragment.size, lines[-1][0].size):
            lines[-1].append(fragment)
        else:
            lines.append([fragment])
    return [sorted(line, key=lambda f: f.x) for line in lines]


def join_fragments(fragments: Iterable[Fragment]) -> str:
    return clean_line(" ".join(f.text for f in fragments))


def text_item(line: list[Fragment]) -> Item:
    """A visual line of text as a page item, with where it starts and (about) where it ends."""
    first = line[0]
    return Item(first.y + first.size, text=join_fragments(line), x0=first.x,
                 x1=max(f.x + f.width for f in line), size=max(f.size for f in line))


def cell_text(fragments: list[Fragment]) -> str:
    return clean_line(" ".join(join_fragments(line) for line in visual_lines(fragments)))

