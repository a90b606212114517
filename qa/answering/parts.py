"""Several questions in one: split them, and join the answers, each part cited.

"X是多少？其中Y有几个？", "…in total, and how many in North America?" and
"A和B分别是哪一年创立的？" are two questions each.  :func:`split_parts` finds the parts
(pure string work); the chain answers each part, the parts after the first inheriting
the first one's subject like a follow-up, and :func:`join_answers` writes one answer whose
citations are renumbered across the parts and whose text stays within the budget of the
question's kind.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Sequence

from qa.answering.lexicon import normalize
from qa.records import Answer, Passage
from qa.text import is_chinese

MAX_PARTS = 4
_QUESTION_CUE_ZH = re.compile(r"多少|几|哪|什么|啥|谁|何|吗|呢|是否|如何|怎样|怎么|多大|多高|多长|多久|为什么")
_QUESTION_CUE_EN = re.compile(r"\b(?:how|what|which|when|where|who|whom|whose|why|is|are|was|were|do|does|did|"
                              r"can|could|has|have|had)\b", re.I)
_ZH_BOUNDARY = re.compile(r"(?<=[？?；;])")
_EN_BOUNDARY = re.compile(r"(?<=\?)\s+|,?\s*;\s*|,\s+and\s+(?=(?:how|what|which|when|where|who|why|by how)\b)|"
                          r",\s+(?=(?:and\s+)?(?:how|what|which|when|where|who|why)\b)", re.I)
# the second part of "…？其中Y有几个？" / "…, and of them, how many…": words that only link it to the first
_LINK_ZH = re.compile(r"^(?:那么|另外|此外|还有|以及|并且|而且|同时|又|那)\s*")
_LINK_EN = re.compile(r"^(?:and|also|plus|then)\s+", re.I)
# "A和B分别…", "A、B、C各…": one question asked of each of the items
_EACH_ZH = re.compile(r"^(?P<before>.*?)(?P<items>[^，。？?、和与及的]{1,15}(?:(?:、|和|与|及)[^，。？?、和与及的]{1,15}){1,3})"
                      r"(?P<of>的[^，。？?]{0,20}?)?(?P<each>分别|各自|各)(?P<rest>[^，。]*)$")
_YEAR_LEAD = re.compile(r"^(?:(?:19|20)\d{2}\s*年|近\s*\d+\s*年|截至[^，,]{1,12}[，,]?)")


def _is_question(text: str) -> bool:
    cue = _QUESTION_CUE_ZH if is_chinese(text) else _QUESTION_CUE_EN
    return len(text.strip(" ？?。，,；;")) >= 4 and bool(cue.search(text))


def split_parts(question: str) -> list[str]:
    """The questions ``question`` asks, in order (``[question]`` when it asks one thing)."""
    text = question.strip()
    if is_chinese(text):
        pieces = [p.strip() for p in _ZH_BOUNDARY.split(text) if p.strip()]
    else:
        pieces = [p.strip() for p in _EN_BOUNDARY.split(text) if p and p.strip()]
    pieces = _merge_bare(p for p in pieces if p.strip(" ？?。，,；;"))
    if len(pieces) > 1 and all(_is_question(p) for p in pieces) and len(pieces) <= MAX_PARTS:
        return [_ending(p, text) for p in pieces]
    if is_chinese(text):
        each = _split_each(text)
        if each:
            return each
    return [text]


# "…, and how many?" / "…？有几个？": a piece that asks nothing new is part of the one before it
_BARE = re.compile(r"^(?:and\s+)?(?:how many|how much|what|which|where|when|多少|几个|有几个|是多少|有多少|是哪些|有哪些)"
                   r"(?:\s+(?:are there|is it|is that|are they|were there))?\s*[？?。.]*$", re.I)


def _merge_bare(pieces) -> list[str]:
    merged: list[str] = []
    for piece in pieces:
        if merged and _BARE.match(piece.strip()):
            merged[-1] = merged[-1].rstrip("？?").rstrip() + (", " if not is_chinese(piece) else "，") + piece
        else:
            merged.append(piece)
    return merged


def _ending(piece: str, question: str) -> str:
    piece = piece.rstrip("；;，, ")
    if not piece.endswith(("？", "?")):
        piece += "？" if is_chinese(question) else "?"
    return piece


def _split_each(text: str) -> list[str] | None:
    """``爱马仕和雀巢分别是哪一年创立的？`` → ``爱马仕是哪一年创立的？``, ``雀巢是哪一年创立的？``."""
    match = _EACH_ZH.match(text.rstrip("？?"))
    if not match or not (_QUESTION_CUE_ZH.search(match.group("rest"))):
        return None
    before = match.group("before")
    items = [i.strip() for i in re.split(r"、|和|与|及", match.group("items")) if i.strip()]
    if len(items) < 2 or len(items) > MAX_PARTS:
        return None
    lead = _YEAR_LEAD.match(items[0])
    if lead:  # 2021年北京和上海…: the year belongs to every item
        before += lead.group(0)
        items[0] = items[0][lead.end():].strip()
    of = match.group("of") or ""
    rest = match.group("rest")
    return [f"{before}{item}{of}{rest}？" for item in items if item]


def inherit_subject(part: str, first: str, resolve: Callable[[str, Sequence[str]], str],
                    subject_of: Callable[[str], str | None], topic_of: Callable[[str], str | None]) -> str:
    """A later part asked of the first part's subject: 其中Y有几个 → (subject)Y有几个.

    ``subject_of`` names a question's named subject (None when it has none of its own);
    ``topic_of`` the first part's subject, named or not."""
    link = _LINK_ZH if is_chinese(part) else _LINK_EN
    bare = link.sub("", part).strip()
    among = is_chinese(bare) and bare.startswith("其中")
    if among:
        bare = bare[2:].lstrip("，, ")
    else:
        resolved = resolve(bare, [first])
        if resolved != bare:
            return resolved
        if subject_of(bare) is not None:
            return bare
    subject = topic_of(first)
    if subject is None:
        return bare
    if is_chinese(bare):
        return f"{subject}{bare}"
    return f"{bare.rstrip('?')} ({subject})?"


_MARKER = re.compile(r"\[(\d+)\]")
_RANGE = re.compile(r"\[(\d+)\](?:[–-]\[(\d+)\])?")


def join_answers(parts: Sequence[Answer], budget: int, shorten: Callable[[str, int, int], str],
                 lead: str = "") -> Answer:
    """One answer from the answers to the parts: citations renumbered in order of first use, a
    part whose text another part already says left out, and each part shortened (by
    ``shorten(text, part_index, share)``) when together they exceed ``budget`` characters."""
    texts = [_without_lead(a.text, lead) for a in parts]
    kept = [i for i, text in enumerate(texts)
            if not any(j != i and _visible(text) and _visible(text) in _visible(texts[j]) and
                       (len(_visible(texts[j])) > len(_visible(text)) or j < i) for j in range(len(texts)))]
    room = budget - (len(lead) + 1 if lead else 0) - (len(kept) - 1)   # the joins take a character each
    if sum(len(_visible(texts[i])) for i in kept) > room:
        share = room // len(kept) - 1
        texts = [shorten(text, i, share) if i in kept else text for i, text in enumerate(texts)]
    order: list[Passage] = []
    number: dict[str, int] = {}
    pieces = []
    for i in kept:
        citations = parts[i].citations

        def renumber(n: int) -> str:
            """The joined answer's marker for this part's citation ``n`` ("" for one it does not have)."""
            if not 1 <= n <= len(citations):
                return ""
            passage = citations[n - 1]
            if passage.id not in number:
                order.append(passage)
                number[passage.id] = len(order)
            return f"[{number[passage.id]}]"

        def renumber_range(match: re.Match) -> str:
            """``[a]``, or ``[a]–[b]`` (every citation from a to b, each numbered in order)."""
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            numbers = [marker for n in range(first, last + 1) if (marker := renumber(n))]
            return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else "".join(numbers)

        piece = _RANGE.sub(renumber_range, texts[i]).strip()
        if pieces and not re.search(r"[。！？.!?]\s*(?:\[\d+\][–-]?)*$", pieces[-1]):
            stop = "." if lead or not is_chinese(piece) else "。"
            open_end = re.search(r"[；;，,：:]\s*((?:\[\d+\][–-]?)*)$", pieces[-1])
            if open_end:   # a clause cut at its ；: the stop takes the ； place, before its citation
                pieces[-1] = pieces[-1][:open_end.start()] + stop + open_end.group(1)
            else:
                pieces[-1] += stop
        pieces.append(piece)
    text = "\n".join(pieces) if lead else " ".join(pieces) if not is_chinese("".join(pieces)) else "".join(pieces)
    if lead:
        text = f"{lead}\n{text}"
    routes = {parts[i].route for i in kept}
    notices = [parts[i].notice for i in kept if parts[i].notice]
    return replace(parts[kept[0]], text=text, citations=tuple(order), answered=True,
                   route=routes.pop() if len(routes) == 1 else "passage", notice=" ".join(dict.fromkeys(notices)))


def _without_lead(text: str, lead: str) -> str:
    return text[len(lead):].lstrip() if lead and text.startswith(lead) else text


def _visible(text: str) -> str:
    return normalize(_MARKER.sub("", text))
