"""How an answer names what it quotes: "报告" / "the report" for a report, else the document's own title.

A document whose title calls it a report (报告, report) is "the report", as the product has
always said; a policy, a manual or a price list is named by its title (《示例市数据安全管理办法》),
which :attr:`qa.records.Passage.title` carries from the document's first heading or file name.
"""
from __future__ import annotations

from typing import Iterable

_REPORT_WORDS = ("报告", "report")


def is_report(title: str) -> bool:
    """Does the title call the document a report (or is there no title to go by)?"""
    return not title or any(word in title.lower() for word in _REPORT_WORDS)


def document_name(title: str, language: str, *, sentence_start: bool = False) -> str:
    """``报告`` / ``the report`` for a report, ``《title》`` / ``“title”`` for any other document."""
    if is_report(title):
        if language == "zh":
            return "报告"
        return "The report" if sentence_start else "the report"
    return f"《{title}》" if language == "zh" else f"“{title}”"


def corpus_name(titles: Iterable[str], language: str, *, sentence_start: bool = False) -> str:
    """The name of a whole corpus: its one document's name, "the report" when every document is
    a report, else "所给文档" / "the documents"."""
    distinct = set(titles)
    if len(distinct) == 1 or all(is_report(title) for title in distinct):
        return document_name(distinct.pop() if len(distinct) == 1 else "", language, sentence_start=sentence_start)
    if language == "zh":
        return "所给文档"
    return "The documents" if sentence_start else "the documents"
