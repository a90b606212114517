"""PDFs made by the tests themselves, with fpdf2 and the WenQuanYi Micro Hei font.

(Noto CJK ``.ttc`` fonts give text that pypdf extracts garbled; Micro Hei round-trips.)

* :func:`sample_report_pdf` – a short Chinese report: headings, paragraphs, a footnote and
  a three-column table whose cells wrap and which runs over a page break.
* :func:`render_report_pdf` – the whole report text (``documents/*.txt``) laid out again,
  with another page size, font size and margins, tables drawn with fpdf2's table API: a
  second layout to check that table recovery is not tuned to ``report-a4.pdf``.
"""
from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import pytest

_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_SEPARATOR = re.compile(r"^[-\s]+$")
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

HEADER = ("集群名称", "龙头企业", "研究机构")
ROWS = [
    ("北卡罗来纳州生命科学制造集群", "百健、葛兰素史克、默克、诺和诺德、诺华、辉瑞、赛诺菲、强生公司、罗氏",
     "北卡罗来纳州生物技术中心、杜克大学"),
    ("波士顿生物技术产业集群", "百时美施贵宝、渤健、默沙东", "麻省理工学院、哈佛大学、麻省总医院、新英格兰医学中心、波士顿大学医学院"),
    ("圣地亚哥生物医药集群", "葛兰素史克、基因泰克、赛默飞世尔、BD 生命科学", "索尔克研究所、加州大学圣地亚哥分校"),
    ("明尼阿波利斯医疗设备和生物技术集群", "美敦力公司、3M公司、联合健康集团", "明尼苏达大学、梅奥医疗集团"),
    ("新泽西州医药产业集群", "强生公司、赛诺菲公司、默克公司、罗氏、诺华", "新泽西创新研究所、罗文大学细胞和基因治疗中心、科里尔医学研究所"),
    ("纳什维尔医疗保健产业集群", "HCA 医疗保健公司", "范德比尔特大学医学中心、梅哈里医学院"),
]
PARAGRAPH = ("北美洲先进制造业集群创新能力强，国际性特征突出。集群内龙头企业与研究机构紧密合作，"
             "形成了产学研协同创新的网络，在生物医药、电子信息和航空航天等领域具有明显优势。")


def require_font() -> None:
    if not FONT.exists():
        pytest.skip(f"CJK font {FONT} is not installed (apt-get install fonts-wqy-microhei)")


def new_pdf(page_format: str | tuple[float, float] = "A4", font_size: float = 10.5, margin: float = 15):
    """An fpdf2 document with the CJK font set (regular face only, also for table headings)."""
    require_font()
    from fpdf import FPDF

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdf = FPDF(format=page_format)
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin)
    pdf.add_font("wqy", "", str(FONT))
    pdf.set_font("wqy", size=font_size)
    return pdf


def write_line(pdf, text: str, line_height: float = 6.0) -> None:
    pdf.multi_cell(0, line_height, text, new_x="LMARGIN", new_y="NEXT")


def draw_table(pdf, header: tuple[str, ...], rows: list[tuple[str, ...]], *,
               col_widths: tuple[float, ...] | None = None, ruled: bool = True,
               line_height: float | None = None) -> None:
    """A table with fpdf2's table API: cells wrap, the header repeats on every page."""
    from fpdf.fonts import FontFace

    layout = "ALL" if ruled else "NONE"
    with pdf.table(col_widths=col_widths, headings_style=FontFace(emphasis=""), borders_layout=layout,
                   text_align="LEFT", line_height=line_height or pdf.font_size * 1.5) as table:
        for cells in (header, *rows):
            row = table.row()
            for text in cells:
                row.cell(text)


def output(pdf) -> bytes:
    return bytes(pdf.output())


def sample_report_pdf(*, ruled: bool = True, page_format: str = "A4", font_size: float = 10.5,
                      table_rows: int = 24) -> bytes:
    """A small report whose table (``表 1-1``) runs from page 1 onto page 2.

    Page 1: 第一章, 一、, a paragraph, a footnote, the table title and the first rows.
    The rest of the table, its 资料来源 note and 二、 with its paragraph follow on page 2.
    """
    pdf = new_pdf(page_format, font_size)
    pdf.add_page()
    write_line(pdf, "第一章 全球先进制造业集群区域图景")
    write_line(pdf, "一、北美先进制造业集群创新力强")
    write_line(pdf, PARAGRAPH)
    write_line(pdf, "¹ 根据公开资料整理")
    write_line(pdf, "表 1-1 北美洲生物医药典型集群")
    draw_table(pdf, HEADER, table_body(table_rows), ruled=ruled, col_widths=(50, 70, 60))
    write_line(pdf, "资料来源：报告课题组根据公开信息整理")
    write_line(pdf, "二、欧洲先进制造业集群基础雄厚")
    write_line(pdf, "欧洲先进制造业集群基础雄厚，品牌性特征突出。")
    return output(pdf)


def table_body(count: int) -> list[tuple[str, ...]]:
    """``count`` rows cycling through :data:`ROWS`, each name numbered so that rows differ."""
    return [(f"{ROWS[i % len(ROWS)][0]}{i + 1}号", *ROWS[i % len(ROWS)][1:]) for i in range(count)]


def render_report_pdf(text: str, *, page_format: str | tuple[float, float] = "A5",
                      font_size: float = 8.0, margin: float = 10, ruled: bool = True) -> bytes:
    """The report text laid out again: tab-separated lines become fpdf2 tables, others prose.

    Column widths follow the longest text of each column, so they differ from the A4 PDF.
    """
    pdf = new_pdf(page_format, font_size, margin)
    pdf.add_page()
    line_height = font_size * 0.55
    lines = [line.strip(" \u3000\r\n") for line in text.splitlines()]  # keep leading tabs: empty cells
    index = 0
    while index < len(lines):
        if "\t" not in lines[index]:
            if lines[index].strip():
                write_line(pdf, lines[index].strip(), line_height)
            index += 1
            continue
        # A run of rows; blank lines and footnotes inside it do not end it (the footnotes
        # are printed after the table).
        block, notes = [], []
        while index < len(lines) and ("\t" in lines[index] or not lines[index].strip()
                                      or _FOOTNOTE.match(lines[index])):
            line = lines[index]
            if "\t" in line and not _SEPARATOR.match(line):
                block.append(tuple(cell.strip() for cell in line.split("\t")))
            elif line:
                notes.append(line)
            index += 1
        columns = max(len(cells) for cells in block)
        block = [cells + ("",) * (columns - len(cells)) for cells in block]
        if _is_contents(block):
            for cells in block:
                write_line(pdf, "  ".join(cells), line_height)
        else:
            longest = [max(4, max(len(cells[c]) for cells in block)) for c in range(columns)]
            weights = [min(length, 30) for length in longest]
            widths = tuple(pdf.epw * weight / sum(weights) for weight in weights)
            draw_table(pdf, block[0], block[1:], col_widths=widths, ruled=ruled, line_height=font_size * 0.5)
        for note in notes:
            write_line(pdf, note, line_height)
    return output(pdf)


def _is_contents(block: list[tuple[str, ...]]) -> bool:
    return len(block[0]) == 2 and all(cells[1].isdigit() for cells in block)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def pdf_bytes(writer) -> bytes:
    """The bytes of a pypdf ``PdfWriter``."""
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def top_aligned_table_pdf(header: tuple[str, ...], rows: list[tuple[str, ...]], *,
                          chars_per_line: tuple[int, ...], split_row: int) -> bytes:
    """An unruled table set by hand, as some report generators do: no borders, cells
    top-aligned and wrapped every ``chars_per_line[c]`` characters, no repeated header, and
    row ``split_row`` cut by the page break after its first line (the rest on page 2).
    """
    size, line_mm, left = 9.0, 4.5, 12.0
    pdf = new_pdf("A5", size, 10)
    pdf.set_auto_page_break(False)
    char_mm = size * 25.4 / 72
    starts = [left]
    for count in chars_per_line[:-1]:
        starts.append(starts[-1] + (count + 2) * char_mm)
    pdf.add_page()
    y = 20.0
    pdf.text(left, y, "表 1-1 北美洲生物医药典型集群")
    y += 2 * line_mm
    for cells_index, cells in enumerate((header, *rows)):
        wrapped = [[text[i:i + count] for i in range(0, len(text), count)] or [""]
                   for text, count in zip(cells, chars_per_line)]
        for line in range(max(len(parts) for parts in wrapped)):
            if cells_index == split_row + 1 and line == 1:
                pdf.add_page()
                y = 20.0
            for x, parts in zip(starts, wrapped):
                if line < len(parts):
                    pdf.text(x, y, parts[line])
            y += line_mm
        y += 0.5 * line_mm
    pdf.text(left, y + line_mm, "资料来源：报告课题组根据公开信息整理")
    return output(pdf)
