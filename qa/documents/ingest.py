"""Reading a corpus folder: files to :class:`~qa.records.Document`, problems reported per file.

Plain text and Markdown are decoded whatever their encoding (UTF-8, UTF-16 with a BOM,
GB18030/GBK); PDFs go through :mod:`qa.documents.pdf`.  A file that cannot be read is reported with
its name and the reason, and the rest of the corpus is still read.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from qa.errors import DocumentError
from qa.records import Document
from qa.documents.structure import parse_lines, parse_text
from qa.text import sha256_bytes

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES
MAX_TEXT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class CorpusProblem:
    """A file that was left out of the corpus, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def decode_text(data: bytes, source: str) -> str:
    """Decode a text file: BOMs first, then UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4000]:
        # UTF-16 without a BOM: ASCII characters carry a NUL byte; real text never has NULs
        text = _first_text_decoding(data, ("utf-16-le", "utf-16-be"))
        if text is None:
            raise DocumentError(source, "binary data, not text (NUL bytes)")
        return text
    text = _first_text_decoding(data, ("utf-8", "gb18030"))
    if text is None:
        raise DocumentError(source, "not readable as text (neither UTF-8, UTF-16 nor GB18030/GBK)")
    return text


def _first_text_decoding(data: bytes, codecs: tuple[str, ...]) -> str | None:
    """The first decoding that succeeds and reads as text, or None."""
    for codec in codecs:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    return None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    odd = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or "\ue000" <= ch <= "\uf8ff")
    return odd / len(sample) < 0.01


def read_document(path: Path) -> Document:
    """Read and parse one file; raises :class:`DocumentError` naming the file and the reason."""
    path = Path(path)
    source = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(source, f"unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if suffix in TEXT_SUFFIXES and size > MAX_TEXT_BYTES:
            raise DocumentError(source, f"too large ({size // 2**20} MiB; the limit is {MAX_TEXT_BYTES // 2**20} MiB)")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(source, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise DocumentError(source, "the file is empty")
    digest = sha256_bytes(data)
    if suffix in PDF_SUFFIXES:
        from qa.documents.pdf import read_pdf_lines

        lines, page_count = read_pdf_lines(data, source=source)
        document = parse_lines(lines, source, digest, page_count)
    else:
        document = parse_text(decode_text(data, source), source, digest)
    if not any(block.kind in ("paragraph", "table") for block in document.blocks):
        raise DocumentError(source, "no text to index")
    return document


def corpus_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their supported files (sorted, hidden files skipped)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            files.append(path)
    return files


def read_corpus(paths: Iterable[Path]) -> tuple[list[Document], list[CorpusProblem]]:
    """Read every file; return the documents and the problems (bad or duplicate files)."""
    documents: list[Document] = []
    problems: list[CorpusProblem] = []
    seen: dict[str, str] = {}
    for path in corpus_files(paths):
        if not path.exists():
            problems.append(CorpusProblem(path.name, "no such file"))
            continue
        try:
            document = read_document(path)
        except DocumentError as exc:
            problems.append(CorpusProblem(exc.source, exc.reason))
            continue
        if document.sha256 in seen:
            problems.append(CorpusProblem(document.source, f"duplicate of {seen[document.sha256]}; skipped"))
            continue
        seen[document.sha256] = document.source
        documents.append(document)
    return documents, problems
