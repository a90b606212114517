"""Pure text helpers: wrap-artefact repair, whitespace folding, control characters, script detection, hashing."""
from __future__ import annotations

import hashlib
import re
import unicodedata

# CJK ideographs, CJK punctuation and full-width forms: a space between two of these is a
# line-wrap artefact of the PDF the text came from, never a real word boundary.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Terminal control sequences, whole: CSI (ESC [ or U+009B, parameters, final byte), the
# string sequences OSC / DCS / SOS / PM / APC up to their terminator (BEL, ESC \ or U+009C),
# and two-character escapes (ESC and one more).  Removing only the ESC byte leaves "[31m".
_ESCAPE_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
                              r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
                              r"|\x1b[ -/]*[0-~]?")
# Lone surrogates: undecodable input bytes (surrogateescape), which no encoder accepts.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# What a question never needs: C0/C1 controls, zero-width and bidi-override characters, line
# and paragraph separators, byte-order marks.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]")
# What a terminal would act on rather than show (tab and, when asked, newline excepted).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


_CJK_SIDE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_GAP = r"[ \t\u00a0\u3000]+"
_GAP_AFTER_CJK = re.compile(rf"(?<={_CJK_SIDE}){_GAP}(?=[\w(（“‘])")
# a figure or Latin word inside Chinese text: 为441 亿美元; not a heading's number (“2 日常维护”)
_GAP_BEFORE_CJK = re.compile(rf"({_CJK_SIDE}[\w.,%+\-]*?[\w%)）”’]){_GAP}(?={_CJK_SIDE})")


def repair_wraps(text: str) -> str:
    """Remove spaces a PDF line-wrap left between two CJK characters.

    ``生物医药及高端 医疗器械领域`` becomes ``生物医药及高端医疗器械领域``; spaces between
    Latin words (``Space X``) or between a number and a CJK unit (``136 亿美元``) stay.
    """
    return _WRAP_SPACE.sub("", text)


def close_cjk_gaps(text: str) -> str:
    """Remove the spaces a PDF's typesetting left beside figures and Latin words inside CJK text,
    as Chinese writes it: ``总额为 441 亿美元，占 16%`` → ``总额为441亿美元，占16%``.

    Spaces between Latin words (``SNE Research``), after a number that opens the text or a heading
    (``2021 年…``, ``2 日常维护``) and line breaks stay.
    """
    return _GAP_BEFORE_CJK.sub(r"\1", _GAP_AFTER_CJK.sub("", text))


def fold_spaces(text: str) -> str:
    """Collapse runs of whitespace into one space and trim the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def clean_line(text: str) -> str:
    """A cell or line as we keep it: control characters dropped, spaces folded, wraps repaired."""
    return repair_wraps(fold_spaces(_CONTROL.sub("", text)))


def strip_controls(text: str) -> str:
    """``text`` without terminal control sequences (whole), lone surrogates and invisible characters.

    Sequences and surrogates go without a trace; other invisible characters become a space.
    """
    return _INVISIBLE.sub(" ", _SURROGATE.sub("", _ESCAPE_SEQUENCE.sub("", text)))


def terminal_safe(text: str, *, keep_newlines: bool = False, json_escapes: bool = False) -> str:
    """``text`` for a terminal: control characters shown as escapes (``\\x1b``), never sent raw.

    A file name holding ESC or CR would otherwise recolour or overwrite the user's screen.
    ``json_escapes`` writes ``\\u001b`` instead, which leaves JSON text valid and equal.
    """
    def escape(match: re.Match) -> str:
        char = match.group(0)
        if keep_newlines and char == "\n":
            return char
        code = ord(char)
        if json_escapes or code > 0xFF:
            return f"\\u{code:04x}"
        return f"\\x{code:02x}"

    return _UNPRINTABLE.sub(escape, text)


def without_whitespace(text: str) -> str:
    """The comparison form used for evidence and citation checks."""
    return _WHITESPACE.sub("", text)


def normalize_width(text: str) -> str:
    """Full-width ASCII forms to their half-width twins (ＡＢＣ１２３ → ABC123), via NFKC."""
    return unicodedata.normalize("NFKC", text)


def has_cjk(text: str) -> bool:
    return bool(_CJK_CHAR.search(text))


_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def is_chinese(text: str) -> bool:
    """True when the text is mostly Chinese (decides the language an answer is written in).

    A Chinese name in an English sentence does not make it Chinese ("How many staff does
    甲江汽车集团有限公司 have?"): the English words outnumber the runs of Chinese. A word or two of
    English in Chinese ("Tesla Model 3在上海的销量") is counted by letters, a Chinese character
    against two of them.
    """
    cjk = len(_CJK_CHAR.findall(text))
    if not cjk:
        return False
    words = re.findall(r"[A-Za-z]+", text)
    if len(_CJK_RUN.findall(text)) >= len(words):
        return True
    return len(words) <= 2 and cjk * 2 >= sum(map(len, words))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stable_id(*parts: object) -> str:
    """A short id derived from content and position, the same on every build."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:16]
