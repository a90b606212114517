"""Chunking never invents text: every prose chunk is a substring of its normalised source.

Normalised: whitespace removed and footnote lines dropped (a paragraph broken by a page
footer is joined across its footnote).  Table rows are checked cell by cell.
"""
import re

import pytest

from qa.documents.chunking import chunk_document, split_sentences
from qa.text import without_whitespace

FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+.*$", re.M)


def _normalised(text: str) -> str:
    return without_whitespace(FOOTNOTE.sub("", text))


def _check(document, raw: str):
    body, whole = _normalised(raw), without_whitespace(raw)
    checked = 0
    for passage in chunk_document(document):
        if passage.kind == "text":
            flat = without_whitespace(passage.text)
            assert flat in body or flat in whole, passage.text
        else:
            cells = [part.split(": ", 1)[-1] for part in passage.text.split("\n")[0].split(" | ")[1:]]
            for cell in cells if passage.kind == "table_row" else []:
                assert without_whitespace(cell) in whole, cell
        checked += 1
    return checked


def test_small_corpus(small_corpus):
    from qa.documents.structure import parse_text

    raw = (small_corpus / "small.txt").read_text(encoding="utf-8")
    assert _check(parse_text(raw, "small.txt", "x"), raw) > 3


@pytest.mark.report
def test_the_report(report_text_document, report_raw_text):
    assert _check(report_text_document, report_raw_text) > 400


def test_no_sentence_is_cut():
    text = "甲。" * 5 + "这是一个很长的句子" * 20 + "。乙！丙？"
    sentences = split_sentences(text)
    assert "".join(sentences) == text
    assert all(s.endswith(("。", "！", "？")) for s in sentences)
