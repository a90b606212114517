"""A PDF of a made-up report that only it can answer, made with fpdf2 and WenQuanYi Micro Hei.

Used by the browser test that adds a document through the page and by
``bench/add_document.py``: ``own_report_pdf(pages)`` returns the bytes; ``QUESTION`` is
answered by one sentence of it (``ANSWER_FIGURE``) and by nothing in the real report.
"""
from __future__ import annotations

import warnings
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
QUESTION = "星河市智能机器人产业集群2025年的总产值是多少？"
ANSWER_FIGURE = "1234亿元"   # as the answer quotes it (close_cjk_gaps)
_DISTRICTS = ("东湖", "西岭", "南港", "北塘", "云谷", "金沙")
_FACT = "星河市智能机器人产业集群2025年总产值达到 1234 亿元，比上年增长 18.6%，集聚企业 321 家。"


def _page_paragraphs(number: int) -> list[str]:
    district = _DISTRICTS[number % len(_DISTRICTS)]
    return [
        f"{district}片区第 {number} 号园区以伺服电机、减速器和控制器为主，2024 年新增专利 {number * 7 + 3} 件，"
        f"园区内企业与高校共建实验室 {number % 5 + 2} 个，形成了从零部件到整机的配套体系。",
        f"{district}片区的协作机器人企业在焊接、喷涂和装配环节推广应用，累计部署机器人 {number * 130 + 40} 台，"
        f"带动上下游配套企业 {number * 3 + 11} 家，人才培训基地每年培训技术工人 {number * 90 + 500} 人次。",
        f"星河市在{district}片区设立产业基金，重点支持视觉传感、运动控制和工业软件，"
        f"第 {number} 期基金规模为 {number * 2 + 5} 亿元，投向早期项目的比例不低于三成。",
    ]


def own_report_pdf(pages: int = 30) -> bytes:
    """A ``pages``-page Chinese report on 星河市's robot cluster: headings and paragraphs, one per page."""
    if not FONT.exists():
        raise FileNotFoundError(f"CJK font {FONT} is not installed (apt-get install fonts-wqy-microhei)")
    from fpdf import FPDF

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, 20)
    pdf.add_font("wqy", "", str(FONT))
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("wqy", size=15)
        heading = "第一章 星河市智能机器人产业集群概况" if number == 1 else f"第{number}节 园区发展情况（{number}）"
        pdf.multi_cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("wqy", size=11)
        paragraphs = _page_paragraphs(number)
        if number == 1:
            paragraphs.insert(0, _FACT)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    return bytes(pdf.output())
