"""Pure text helpers: wrap-artefact repair, whitespace folding, script detection, hashing."""
from __future__ import annotations

import hashlib
import re
import unicodedata

# CJK ideographs, CJK punctuation and full-width forms: a space between two of these is a
# line-wrap artefact of the PDF the text came from, never a real word boundary.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")
_CJK_CHAR = re.compile(rf"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def repair_wraps(text: str) -> str:
    """Remove spaces a PDF line-wrap left between two CJK characters.

    ``生物医药及高端 医疗器械领域`` becomes ``生物医药及高端医疗器械领域``; spaces between
    Latin words (``Space X``) or between a number and a CJK unit (``136 亿美元``) stay.
    """
    return _WRAP_SPACE.sub("", text)


def fold_spaces(text: str) -> str:
    """Collapse runs of whitespace into one space and trim the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def clean_line(text: str) -> str:
    """A cell or line as we keep it: control characters dropped, spaces folded, wraps repaired."""
    return repair_wraps(fold_spaces(_CONTROL.sub("", text)))


def without_whitespace(text: str) -> str:
    """The comparison form used for evidence and citation checks."""
    return _WHITESPACE.sub("", text)


def normalize_width(text: str) -> str:
    """Full-width ASCII forms to their half-width twins (ＡＢＣ１２３ → ABC123), via NFKC."""
    return unicodedata.normalize("NFKC", text)


def has_cjk(text: str) -> bool:
    return bool(_CJK_CHAR.search(text))


def is_chinese(text: str) -> bool:
    """True when the text is mostly Chinese (decides the language an answer is written in)."""
    cjk = len(_CJK_CHAR.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cjk > 0 and cjk * 2 >= latin


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stable_id(*parts: object) -> str:
    """A short id derived from content and position, the same on every build."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:16]
