"""The index folder on disk: the ``CURRENT`` pointer, the manifest's schema, pins and cleanup.

Everything here turns a fault of the folder (a damaged pointer, a manifest with missing or
mistyped keys, a folder that cannot be written) into an :class:`~qa.errors.IndexStateError`
whose advice works, and keeps concurrent builds and readers from pulling folders out from
under each other:

- a reader *pins* the build folder it reads (a shared ``flock`` on the folder itself), and a
  build removes an old build folder only when it can take that lock exclusively, so a load
  racing a rebuild never finds its folder half deleted;
- a build, once it holds the build lock, removes the ``.build-*.tmp`` folders and pointer
  files a killed build left behind (no live build can own them: it would hold the lock).
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from qa.errors import CorruptIndexError, IndexBusyError, IndexStateError

REBUILD = "Run 'python -m qa build --force' to rebuild the index."
POINTER = "CURRENT"
# The longest pointer we read: a build name is about 35 ASCII characters.
MAX_POINTER_BYTES = 256
BUILD_NAME = re.compile(r"build-\d{8}T\d{6,12}-\d{1,10}")
BUILD_GLOB = "build-*"
TEMPORARY_GLOBS = (".build-*.tmp", f".{POINTER}.*.tmp")
# A load that finds its folder removed reads CURRENT again; each retry means a build swapped
# CURRENT meanwhile, so a few are plenty.
PIN_ATTEMPTS = 5

# manifest key -> the types its value may have (bool is excluded from int below)
REQUIRED_KEYS: dict[str, tuple[type, ...]] = {
    "format": (int,),
    "embedder": (str,),
    "dimension": (int,),
    "chunking_version": (str,),
    "vector_index": (str,),
    "documents": (list,),
    "passages": (int,),
    "built_at": (str,),
    "files": (dict,),
}
OPTIONAL_KEYS: dict[str, tuple[type, ...]] = {"skipped": (list,), "build_seconds": (int, float), "backend": (str,),
                                               "milvus_uri": (str,), "collection": (str,)}
# by backend (a manifest without one is FAISS): Milvus keeps the vectors and BM25 in its collection
REQUIRED_FILES = {"faiss": ("passages.jsonl", "documents.json", "words.json", "vectors.faiss"),
                  "milvus": ("passages.jsonl", "documents.json", "words.json")}
_SHA256 = re.compile(r"[0-9a-f]{64}")

T = TypeVar("T")


# ------------------------------------------------------------------ the pointer
def read_pointer(index_dir: Path) -> str | None:
    """The build name ``CURRENT`` holds; None when there is no pointer (no index yet)."""
    pointer = Path(index_dir) / POINTER
    try:
        if not os.path.lexists(pointer):
            return None
        if not pointer.is_file():
            raise CorruptIndexError(f"{pointer} is not a file (damaged index). {REBUILD}")
        with open(pointer, "rb") as handle:
            raw = handle.read(MAX_POINTER_BYTES + 1)
    except OSError as exc:
        raise CorruptIndexError(f"{pointer} cannot be read ({exc.strerror or exc}). {REBUILD}") from None
    name = raw.decode("ascii", errors="replace").strip() if len(raw) <= MAX_POINTER_BYTES else ""
    if not BUILD_NAME.fullmatch(name):
        raise CorruptIndexError(f"{pointer} does not name a build folder (damaged or edited). {REBUILD}")
    return name


def write_pointer(index_dir: Path, name: str) -> None:
    """Point ``CURRENT`` at ``name`` atomically (replacing whatever damaged thing was there)."""
    index_dir = Path(index_dir)
    target = index_dir / POINTER
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)  # a directory cannot be replaced by a file
    temporary = index_dir / f".{POINTER}.{os.getpid()}.tmp"
    temporary.write_text(name + "\n", encoding="utf-8")
    os.replace(temporary, target)


# ------------------------------------------------------------------ pins
@contextlib.contextmanager
def _pinned(folder: Path) -> Iterator[bool]:
    """Hold a shared lock on ``folder``; yields False when the folder is gone (removed by a build)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        yield False
        return
    except NotADirectoryError:
        raise CorruptIndexError(f"{folder} is not a folder (damaged index). {REBUILD}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)  # waits while a build is removing this folder
        yield (folder / "manifest.json").exists()
    finally:
        os.close(descriptor)  # releases the lock


def with_current_build(index_dir: Path, read: Callable[[Path], T]) -> T | None:
    """``read(folder)`` on the active build folder while it is pinned; None when there is no index.

    A folder that a rebuild removed between reading ``CURRENT`` and pinning it is skipped:
    ``CURRENT`` is read again and names the new build.
    """
    index_dir = Path(index_dir)
    for _ in range(PIN_ATTEMPTS):
        name = read_pointer(index_dir)
        if name is None:
            return None
        folder = index_dir / name
        if not os.path.lexists(folder):
            if read_pointer(index_dir) == name:
                return None  # CURRENT names a folder that is not there: no index
            continue
        with _pinned(folder) as present:
            if present:
                return read(folder)
        if read_pointer(index_dir) == name:
            return None
    raise IndexBusyError(f"The index in {index_dir} kept changing while it was read; try again.")


def with_each_build(index_dir: Path, read: Callable[[Path], T]) -> T | None:
    """``read(folder)`` on each build folder, newest first, while it is pinned: the first result.

    For salvaging what a damaged index still holds: a folder ``read`` refuses (raises
    :class:`IndexStateError`) is skipped.
    """
    for folder in sorted(Path(index_dir).glob(BUILD_GLOB), key=lambda path: path.name, reverse=True):
        if not BUILD_NAME.fullmatch(folder.name) or folder.is_symlink() or not folder.is_dir():
            continue
        with _pinned(folder) as present:
            if not present:
                continue
            try:
                return read(folder)
            except IndexStateError:
                continue
    return None


def remove_old_builds(index_dir: Path, keep: str) -> list[str]:
    """Remove build folders other than ``keep`` that no reader has pinned; the names kept."""
    still_pinned = []
    for path in Path(index_dir).glob(BUILD_GLOB):
        if path.name == keep or not path.is_dir() or path.is_symlink():
            continue
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                still_pinned.append(path.name)  # a reader is using it; a later build removes it
                continue
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(descriptor)
    return still_pinned


def remove_stale_temporaries(index_dir: Path) -> list[str]:
    """Remove what killed builds left behind.  Call only while holding the build lock."""
    removed = []
    for pattern in TEMPORARY_GLOBS:
        for path in Path(index_dir).glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    path.unlink()
            removed.append(path.name)
    return removed


# ------------------------------------------------------------------ the manifest
def check_manifest(manifest: object, where: Path) -> dict:
    """``manifest`` if it has every key with the right type, else :class:`CorruptIndexError`."""
    problems = []
    if not isinstance(manifest, dict):
        problems.append("it is not a JSON object")
    else:
        for key, kinds in REQUIRED_KEYS.items():
            if key not in manifest:
                problems.append(f"'{key}' is missing")
            elif not _is(manifest[key], kinds):
                problems.append(f"'{key}' is a {type(manifest[key]).__name__}")
        for key, kinds in OPTIONAL_KEYS.items():
            if key in manifest and not _is(manifest[key], kinds):
                problems.append(f"'{key}' is a {type(manifest[key]).__name__}")
        if not problems:
            problems += _entry_problems(manifest)
    if problems:
        raise CorruptIndexError(f"The index manifest {where} is not valid ({'; '.join(problems[:3])}). {REBUILD}")
    return manifest


def _entry_problems(manifest: dict) -> list[str]:
    problems = []
    for document in manifest["documents"]:
        if not (isinstance(document, dict) and isinstance(document.get("source"), str)
                and isinstance(document.get("sha256"), str)):
            problems.append("a 'documents' entry lacks its source or sha256")
            break
    for skipped in manifest.get("skipped", []):
        if not (isinstance(skipped, dict) and isinstance(skipped.get("source"), str)):
            problems.append("a 'skipped' entry lacks its source")
            break
    files = manifest["files"]
    for relative, digest in files.items():
        parts = Path(relative).parts
        if Path(relative).is_absolute() or ".." in parts or not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            problems.append(f"'files' has a bad entry {relative[:60]!r}")
            break
    backend = manifest.get("backend", "faiss")
    if backend not in REQUIRED_FILES:
        return problems + [f"'backend' is {backend[:20]!r}, not one of {', '.join(REQUIRED_FILES)}"]
    missing = [name for name in REQUIRED_FILES[backend] if name not in files]
    if missing:
        problems.append(f"'files' does not list {', '.join(missing)}")
    return problems


def _is(value: object, kinds: tuple[type, ...]) -> bool:
    return isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)


# ------------------------------------------------------------------ writing
def not_writable(index_dir: Path, exc: OSError) -> IndexStateError:
    """The error for an index folder a build cannot write (read-only, no permission, full)."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason += "; the folder is read-only"
    return IndexStateError(
        f"The index in {index_dir} has to be (re)built but cannot be written ({reason}). "
        f"Make the folder writable, or choose a writable one with CLUSTERQA_INDEX_DIR or --index, "
        f"then run 'python -m qa build'.")
