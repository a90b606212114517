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

import io
import math
import re
import time
from collections import Counter
from pathlib import Path

from qa.errors import DocumentError
from qa.records import Document
from qa.documents.structure import PARAGRAPH_BREAK, heading_level, parse_lines
from qa.text import clean_line, sha256_bytes
from qa.documents.pdf_layout import Fragment, Item, page_geometry, text_item, visual_lines
from qa.documents.pdf_tables import FOOTNOTE, ROW_NUMBER, REGION_END, UnruledState, ruled_rows, unruled_items

DEFAULT_MAX_PAGES = 1_000
DEFAULT_MAX_CHARS = 5_000_000
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_TIME_LIMIT_S = 120.0
_BARE_MARKER = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+$")
_LABEL_ONLY = re.compile(r"^(\d{1,2}[.．、]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+章)$")
_TOC_LIKE = re.compile(r"\s\d{1,3}$")
_INNER_SENTENCE_END = re.compile(r"[。！？；]")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*\d{1,4})?[-—–\s]*$")
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?", "”", "）", ")")
_CLOSING = ("。", "，", "、", "；", "：", "！", "？", "”", "’", "）", "》", "」", "』", "】")  # never start a line
_PARAGRAPH_END = re.compile(r"[。！？；!?…][”’」』）)]*$")
_FIRST_WORD = re.compile(r"^\S+")
_STOPS = ("。", "！", "？", "；", "!", "?", "…", "”", "」", "）", ")", "：")  # where the parser closes a paragraph
_MID_SENTENCE = ("，", "、", "：", "；", ",", ":", ";", "—", "-", "（", "(", "“", "‘", "《", "「", "『", "【")


def _page_items(page, state: UnruledState) -> tuple[list[Item], int]:
    fragments, boxes = page_geometry(page)
    chars = sum(len(f.text.strip()) for f in fragments)
    rows, loose = ruled_rows(fragments, boxes) if boxes else ([], fragments)
    lines = visual_lines(loose)
    if rows:
        state.table, state.after_title = None, False  # a ruled page does not continue an unruled table
        items = rows + [text_item(line) for line in lines]
    else:
        items = unruled_items(lines, state)
    items.sort(key=lambda item: -item.y)
    return _mend_lines(_merge_footnotes(items)), chars


def _merge_footnotes(items: list[Item]) -> list[Item]:
    """Join a footnote with the lines it wraps onto, where that is certain.

    A footnote can sit between two rows of a table; left apart, its second line would
    read as a paragraph and cut the table in two.  So lines between a footnote and the
    next row of the same table are the footnote's, and a bare marker (``²`` alone on its
    line) takes the lines that follow up to the end of the sentence.  A footnote in prose
    keeps its one line: the next line may as well be the text it interrupted.
    """
    merged: list[Item] = []
    index = 0
    while index < len(items):
        item = items[index]
        merged.append(item)
        index += 1
        if item.is_row or not FOOTNOTE.match(item.text):
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


def _mend_lines(items: list[Item]) -> list[Item]:
    """Join visual lines the structure parser would misread on their own.

    A list label drawn on a line of its own (``1.`` above its text) is joined with the
    line below, so that ``1.亚洲…`` is still seen as a numbered heading.  A heading-like
    line that wraps right after a number (``2. …发展历史悠久。在报告梳理的…的 55``) looks
    like a table-of-contents entry and would be dropped; one that has already ended a
    sentence is prose, so it is joined with the line below.  A line that starts with
    closing punctuation (``。欧盟 2008 年…`` under ``…打造“卓越文化”``: the generator let
    the full stop wrap) ends the line above, so it is joined with it.
    """
    mended: list[Item] = []
    for item in items:
        previous = mended[-1] if mended else None
        if previous is None or previous.is_row or item.is_row:
            mended.append(item)
            continue
        if item.text.startswith(_CLOSING) and not FOOTNOTE.match(previous.text):
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
    return bool(FOOTNOTE.match(text) or REGION_END.match(text) or heading_level(text))


def _paragraph_layout(items: list[Item]) -> tuple[set[int], set[int]]:
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
                    and heading_level(line.text) not in (1, 2, 3) and not REGION_END.match(line.text)):
                run_ons.add(position)
            continue
        word = _FIRST_WORD.match(below.text)
        word_width = Fragment(0.0, 0.0, word.group() if word else "", below.size).width
        below_whole = _PARAGRAPH_END.search(below.text) or below.x1 > right - 1.5 * em
        if _PARAGRAPH_END.search(line.text) or (below_whole and not line.text.endswith(_MID_SENTENCE)
                                                and line.x1 + word_width + em <= right):
            paragraph_ends.add(position)
    return paragraph_ends, run_ons


def _is_prose(item: Item) -> bool:
    return not item.is_row and not FOOTNOTE.match(item.text) and not math.isnan(item.x1)


def _furniture(pages: list[list[Item]]) -> set[str]:
    """Running headers and footers: the same line (numbers aside) at a page edge on many pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for items in pages:
        edges = {_DIGITS.sub("#", item.text) for item in (items[:1] + items[-1:]) if not item.is_row}
        seen.update(edges)
    threshold = max(3, int(0.3 * len(pages)))
    return {text for text, count in seen.items() if count >= threshold}


def _is_furniture(item: Item, position: int, count: int, furniture: set[str]) -> bool:
    if item.is_row or position not in (0, count - 1):
        return False
    return _DIGITS.sub("#", item.text) in furniture or bool(_PAGE_NUMBER.match(item.text))


def _stitch(pages: list[list[Item]]) -> list[tuple[str, int]]:
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
                if not FOOTNOTE.match(item.text):
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
                    and (item.continues or (not cells[0] and ROW_NUMBER.match(last_row[0])))):
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
    pages: list[list[Item]] = []
    state = UnruledState()
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

