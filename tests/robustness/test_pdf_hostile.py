"""Broken, locked, empty or oversized PDFs: a DocumentError a person can act on, quickly.

pypdf raises a dozen exception types on damaged files (and some files make it loop);
none of that may reach the caller as a traceback, and no file may hang the reader.
"""
from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject

from qa.errors import DocumentError
from qa.documents.pdf import read_pdf, read_pdf_lines
from tests.pdf_fixtures import new_pdf, output, pdf_bytes, sample_report_pdf

QUICK_S = 5.0


@pytest.fixture(scope="module")
def good_pdf() -> bytes:
    return sample_report_pdf(table_rows=3)


def _refused(data, **limits) -> str:
    started = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        read_pdf_lines(data, source="hostile.pdf", **limits)
    assert time.monotonic() - started < QUICK_S
    message = str(caught.value)
    assert message.startswith("hostile.pdf: ")
    return message


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.95])
def test_truncated(good_pdf, fraction):
    assert "damaged or truncated" in _refused(good_pdf[: int(len(good_pdf) * fraction)])


@pytest.mark.parametrize("data", [b"", b"hello, not a pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200])
def test_not_a_pdf(data):
    message = _refused(data)
    assert "not a PDF" in message or "not a readable PDF" in message


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="cannot read the file"):
        read_pdf_lines(tmp_path / "absent.pdf")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_encrypted_with_a_password(good_pdf, algorithm):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf)))
    writer.encrypt("secret", algorithm=algorithm)
    assert "encrypted" in _refused(pdf_bytes(writer))


def test_encrypted_with_empty_user_password_opens(good_pdf):
    """Many PDFs are 'encrypted' only against editing: the empty password opens them."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf)))
    writer.encrypt("", owner_password="owner", algorithm="AES-128")
    document = read_pdf(pdf_bytes(writer))
    assert any(block.kind == "table" for block in document.blocks)


def test_image_only_pdf():
    pdf = new_pdf()
    pdf.add_page()
    pdf.rect(20, 20, 120, 160, style="F")  # what a scan looks like to a text extractor
    assert "no extractable text (scanned PDF? OCR is not supported)" in _refused(output(pdf))


def test_page_tree_loop(good_pdf):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf)))
    pages = writer._root_object["/Pages"]
    pages["/Kids"].append(writer._root_object.raw_get("/Pages"))
    pages[NameObject("/Count")] = NumberObject(2)
    assert "not a readable PDF" in _refused(pdf_bytes(writer))


def test_looping_xref_with_nothing_else_to_read():
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n")
    start = len(body)
    data = body + (b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
                   b"trailer << /Size 3 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (start, start))
    assert "not a readable PDF" in _refused(data)


def test_looping_xref_is_recovered_or_refused(good_pdf):
    """A trailer whose /Prev points at itself: pypdf stops the loop; never a hang or a traceback."""
    offset = int(good_pdf[good_pdf.rfind(b"startxref") + 9:].split()[0])
    trailer = good_pdf.rfind(b"trailer")
    looped = good_pdf[:trailer] + good_pdf[trailer:].replace(b"<<", b"<< /Prev %d" % offset, 1)
    started = time.monotonic()
    try:
        lines, _ = read_pdf_lines(looped)
    except DocumentError:
        pass
    else:
        assert any("\t" in line for line, _ in lines)
    assert time.monotonic() - started < QUICK_S


def test_too_many_pages():
    writer = PdfWriter()
    for _ in range(3000):
        writer.add_blank_page(200, 200)
    message = _refused(pdf_bytes(writer))
    assert "3000 pages" in message and "limit of 1000" in message


def test_character_limit(good_pdf):
    assert "more than 50 characters" in _refused(good_pdf, max_chars=50)


def test_time_limit(good_pdf):
    assert "took longer than" in _refused(good_pdf, time_limit_s=0)


def test_byte_limit(good_pdf):
    assert "over the" in _refused(good_pdf, max_bytes=100)
