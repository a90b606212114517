"""Reading a corpus folder: files to :class:`~qa.records.Document`, problems reported per file.

Plain text and Markdown are decoded whatever their encoding (UTF-8, UTF-16 with a BOM,
GB18030/GBK); PDFs go through :mod:`qa.documents.pdf`.  A file that cannot be read is reported with
its name and the reason, and the rest of the corpus is still read.

Listing a folder never leaves it: symbolic links are not followed (each is reported as
skipped), nor are devices or pipes read.  A document is named by its path relative to the
folder it was found in (``a/summary.txt`` and ``b/summary.txt`` are two documents).  Sizes are
checked from the file's status before a byte is read, and no read goes past the limit.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from qa.documents.pdf import DEFAULT_MAX_BYTES as MAX_PDF_BYTES
from qa.documents.structure import parse_lines, parse_text
from qa.errors import DocumentError
from qa.records import Document
from qa.text import sha256_bytes

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES
MAX_TEXT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class CorpusFile:
    """A file of the corpus: where it is, and the name it is known by (ids, citations, freshness)."""

    path: Path
    source: str
    in_folder: bool = True  # found by listing a folder (its links are never followed), not given by name


def size_limit(path: Path) -> int:
    """The largest file of this type that is read at all."""
    return MAX_PDF_BYTES if path.suffix.lower() in PDF_SUFFIXES else MAX_TEXT_BYTES


def too_large(source: str, size: int, limit: int) -> DocumentError:
    return DocumentError(source, f"too large ({size / 2**20:.0f} MiB; the limit is {limit // 2**20} MiB); not read")


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


def read_bounded(path: Path, source: str, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, refused from its status otherwise.

    Never reads more than ``limit + 1`` bytes (a file that grows meanwhile is still refused),
    never blocks on a pipe, and with ``follow_symlinks=False`` never opens through a link.
    """
    with _open_regular(path, source, limit, follow_symlinks) as handle:
        data = _read(handle, source, limit + 1)
    if len(data) > limit:
        raise too_large(source, len(data), limit)
    return data


def hash_bounded(path: Path, source: str, limit: int, *, follow_symlinks: bool = True) -> str:
    """The SHA-256 of what :func:`read_bounded` would return, read in blocks (never whole)."""
    digest = hashlib.sha256()
    seen = 0
    with _open_regular(path, source, limit, follow_symlinks) as handle:
        while seen <= limit:
            block = _read(handle, source, min(1 << 20, limit + 1 - seen))
            if not block:
                break
            digest.update(block)
            seen += len(block)
    if seen > limit:
        raise too_large(source, seen, limit)
    return digest.hexdigest()


def _open_regular(path: Path, source: str, limit: int, follow_symlinks: bool):
    """Open a regular file of at most ``limit`` bytes; its status is checked before and after opening."""
    try:
        before = os.stat(path, follow_symlinks=follow_symlinks)
    except OSError as exc:
        raise DocumentError(source, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISLNK(before.st_mode):
        raise DocumentError(source, "symlink; not followed")
    if stat.S_ISREG(before.st_mode) and before.st_size > limit:
        raise too_large(source, before.st_size, limit)  # refused from its size: not opened, not read
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and os.path.islink(path):
            raise DocumentError(source, "symlink; not followed") from None
        raise DocumentError(source, f"cannot be read ({exc.strerror or exc})") from None
    handle = os.fdopen(descriptor, "rb")
    info = os.fstat(handle.fileno())
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        handle.close()
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(source, "not a regular file; not read")
        raise too_large(source, info.st_size, limit)
    return handle


def _read(handle, source: str, size: int) -> bytes:
    try:
        return handle.read(size)
    except OSError as exc:
        raise DocumentError(source, f"cannot be read ({exc.strerror or exc})") from None


def read_document(path: Path, source: str | None = None, *, follow_symlinks: bool = True) -> Document:
    """Read and parse one file; raises :class:`DocumentError` naming the file and the reason.

    ``source`` is the name the document is known by (default: the file name).
    """
    path = Path(path)
    source = source or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(source, f"unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED_SUFFIXES)}")
    data = read_bounded(path, source, size_limit(path), follow_symlinks=follow_symlinks)
    if not data.strip():
        raise DocumentError(source, "the file is empty")
    digest = sha256_bytes(data)
    if suffix in PDF_SUFFIXES:
        from qa.documents.pdf import read_pdf_lines

        lines, page_count = read_pdf_lines(data, source=source)
        document = parse_lines(lines, source, digest, page_count)
    else:
        document = parse_text(decode_text(data, source), source, digest, markdown_file=suffix in MARKDOWN_SUFFIXES)
    if not any(block.kind in ("paragraph", "table") for block in document.blocks):
        raise DocumentError(source, "no text to index")
    return document


def list_corpus(paths: Iterable[Path]) -> tuple[list[CorpusFile], list["CorpusProblem"]]:
    """The supported files of ``paths`` (folders are walked), and what was skipped while listing.

    Within a folder: hidden files and folders are left out; symbolic links are not followed
    (reported "symlink; not followed", with where they point when that is outside the folder);
    anything but a regular file is reported.  Names are paths relative to the folder; a file
    given on its own is named by its file name.  Two files with the same name from different
    roots are told apart by the root folder's name.
    """
    files: list[CorpusFile] = []
    problems: list[CorpusProblem] = []
    taken: set[str] = set()

    def add(path: Path, source: str, root_name: str, in_folder: bool = True) -> None:
        if source in taken and root_name:
            source = f"{root_name}/{source}"
        if source in taken:
            problems.append(CorpusProblem(source, f"same name as another document ({path}); skipped"))
            return
        taken.add(source)
        files.append(CorpusFile(path, source, in_folder))

    for root in map(Path, paths):
        if not root.is_dir():
            add(root, root.name, root.parent.name, in_folder=False)
            continue
        found, skipped = _walk(root)
        problems.extend(skipped)
        for path, relative in found:
            add(path, relative, root.name)
    return files, problems


def _walk(root: Path) -> tuple[list[tuple[Path, str]], list["CorpusProblem"]]:
    """Supported regular files below ``root`` as ``(path, relative name)``, sorted; links reported."""
    found: list[tuple[Path, str]] = []
    problems: list[CorpusProblem] = []
    base = root.resolve()
    for folder, folders, names in os.walk(root, followlinks=False):
        folder_path = Path(folder)
        kept = []
        for name in sorted(folders):
            if name.startswith("."):
                continue
            if (folder_path / name).is_symlink():
                problems.append(CorpusProblem(_relative(folder_path / name, root), _link_reason(folder_path / name, base)))
            else:
                kept.append(name)
        folders[:] = kept
        for name in names:
            path = folder_path / name
            if name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            relative = _relative(path, root)
            try:
                mode = path.lstat().st_mode
            except OSError as exc:
                problems.append(CorpusProblem(relative, f"cannot be read ({exc.strerror or exc})"))
                continue
            if stat.S_ISLNK(mode):
                problems.append(CorpusProblem(relative, _link_reason(path, base)))
            elif not stat.S_ISREG(mode):
                problems.append(CorpusProblem(relative, "not a regular file; not read"))
            else:
                found.append((path, relative))
    found.sort(key=lambda item: PurePosixPath(item[1]).parts)
    problems.sort(key=lambda problem: problem.source)
    return found, problems


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _link_reason(link: Path, base: Path) -> str:
    try:
        target = link.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return "symlink; not followed"
    if target == base or base in target.parents:
        return "symlink; not followed (its target in the folder is read under its own name)"
    return "symlink to outside the corpus folder; not followed"


def read_corpus(paths: Iterable[Path]) -> tuple[list[Document], list[CorpusProblem]]:
    """Read every file; return the documents and the problems (links, bad or duplicate files)."""
    documents: list[Document] = []
    files, problems = list_corpus(paths)
    seen: dict[str, str] = {}
    for file in files:
        if not file.path.exists():
            problems.append(CorpusProblem(file.source, "no such file"))
            continue
        try:
            document = read_document(file.path, file.source, follow_symlinks=not file.in_folder)
        except DocumentError as exc:
            problems.append(CorpusProblem(exc.source, exc.reason))
            continue
        if document.sha256 in seen:
            problems.append(CorpusProblem(document.source, f"duplicate of {seen[document.sha256]}; skipped"))
            continue
        seen[document.sha256] = document.source
        documents.append(document)
    return documents, problems
