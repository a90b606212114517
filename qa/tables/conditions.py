"""Conditions on a number in a table question: "超过 10 个", "不少于 5 家", "at least 8", "only one".

A condition says which measure it bounds: the clusters of a country, continent or domain
(``clusters``), or what the region tables list for one cluster (``firms``, ``institutes``).
:func:`find_condition` reads it (Chinese or English, digits or number words);
:func:`passes` applies it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ENGLISH_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                   "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a single": 1, "a": 1}

# (operator, the words before the number); "N 个以上 / 以下" is read apart
_ZH_BEFORE = (("≥", r"不少于|不低于|至少|起码|大于等于|不止"), (">", r"超过|多于|大于|高于|超出"),
              ("≤", r"不超过|不多于|至多|小于等于"), ("<", r"少于|不足|低于|小于|不到"),
              ("=", r"只有|仅有|仅|只|正好是|正好|恰好是|恰好|刚好|等于"), ("=?", r"有|为|是"))
_EN_BEFORE = (("≥", r"at least|no fewer than|no less than|a minimum of"), (">", r"more than|over|greater than|above"),
              ("≤", r"at most|no more than|up to|a maximum of"), ("<", r"fewer than|less than|under|below"),
              ("=", r"exactly|only|just|precisely"))
_ZH_NUMBER = r"(\d+|[一二两三四五六七八九十百]+)"
_EN_NUMBER = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a single)"
_ZH_UNIT = r"\s*(个|家|所|项)?"
_NOT_ROWS = re.compile(r"\s*(?:亿|万|千|百|年|月|%|倍|人|名|岁|美元|欧元|元)")  # "超过100亿欧元": not a count of rows

_MEASURES_ZH = (("firms", r"龙头企业|领军企业|企业|公司"), ("institutes", r"研究机构|科研机构|机构|大学|高校|院所"),
                ("clusters", r"集群"))
_UNIT_MEASURE = {"家": "firms", "所": "institutes"}
_MEASURES_EN = (("firms", r"(?:leading |listed |anchor )?(?:firms?|compan(?:y|ies)|enterprises?)"),
                ("institutes", r"(?:research )?(?:institutes?|institutions?|universit(?:y|ies))"),
                ("clusters", r"clusters?"))


@dataclass(frozen=True)
class Condition:
    """``measure`` ``operator`` ``value``, and the text of the question it was read from."""

    measure: str  # clusters, firms or institutes
    operator: str  # >, ≥, <, ≤, =
    value: int
    text: str

    def passes(self, number: int) -> bool:
        return {">": number > self.value, "≥": number >= self.value, "<": number < self.value,
                "≤": number <= self.value, "=": number == self.value}[self.operator]

    def describe(self, english: bool) -> str:
        if english:
            return {">": "more than", "≥": "at least", "<": "fewer than", "≤": "at most", "=": "exactly"}[
                self.operator] + f" {self.value}"
        return {">": "超过", "≥": "不少于", "<": "少于", "≤": "不超过", "=": "正好"}[self.operator] + f" {self.value} "


def chinese_number(text: str) -> int | None:
    """``12`` or ``十二`` / ``二十`` / ``一百`` → the number (None for anything else)."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CHINESE_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in CHINESE_DIGITS:
            current = CHINESE_DIGITS[ch]
        else:
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
    return total + current


def _zh_measure(before: str, after: str, unit: str) -> tuple[str, bool]:
    """(measure, named right after the number): the noun just before the condition, else just after, else the unit."""
    for measure, pattern in _MEASURES_ZH:
        if re.search(rf"(?:{pattern})(?:的)?(?:数量|数目|个数|总数|数)?(?:都|均|也)?\s*$", before):
            return measure, False
    for measure, pattern in _MEASURES_ZH:  # "有 3 个及以上的生物医药集群": filter words may come between
        if re.match(rf"\s*(?:的)?[^，,。？?\d]{{0,12}}?(?:{pattern})", after):
            return measure, True
    return _UNIT_MEASURE.get(unit or "", ""), False


def _en_measure(before: str, after: str) -> str:
    for measure, pattern in _MEASURES_EN:  # "at least 8 clusters", "more than 5 biomedicine clusters"
        if re.match(rf"\s*(?:[a-z\-]+\s+){{0,3}}?(?:{pattern})\b", after):
            return measure
    for measure, pattern in _MEASURES_EN:
        if re.search(rf"\b(?:{pattern})\s+(?:with|having|that have|listing)\s*$", before):
            return measure
    return ""


def _english_value(word: str) -> int | None:
    return int(word) if word.isdigit() else ENGLISH_NUMBERS.get(word)


def find_condition(original: str, english: bool) -> Condition | None:
    """The condition on a number in a question, or None (a bare "多少个" or "how many" is not one)."""
    if english:
        folded = original.lower()
        for operator, words in _EN_BEFORE:
            for match in re.finditer(rf"\b(?:{words})\s+{_EN_NUMBER}\b", folded):
                measure = _en_measure(folded[:match.start()], folded[match.end():])
                value = _english_value(match.group(1))
                if value is not None and measure:
                    return Condition(measure, operator, value, original[match.start():match.end()])
        for match in re.finditer(rf"\b{_EN_NUMBER}\s+or\s+(more|fewer|less)\b", folded):
            measure = _en_measure(folded[:match.start()], folded[match.end():])
            value = _english_value(match.group(1))
            if measure and value is not None:
                return Condition(measure, "≥" if match.group(2) == "more" else "≤", value,
                                 original[match.start():match.end()])
        return None
    for match in re.finditer(rf"{_ZH_NUMBER}{_ZH_UNIT}(?:及|或)?(以上|以下)", original):
        value = chinese_number(match.group(1))
        measure, _ = _zh_measure(original[:match.start()], original[match.end():], match.group(2))
        start = match.start()
        word = re.search(r"(?:有|为|是)\s*$", original[:start])
        if word:
            start = word.start()
        if value is not None and measure:
            return Condition(measure, "≥" if match.group(3) == "以上" else "≤", value, original[start:match.end()])
    for operator, words in _ZH_BEFORE:
        for match in re.finditer(rf"(?:{words})了?\s*{_ZH_NUMBER}{_ZH_UNIT}", original):
            value = chinese_number(match.group(1))
            if value is None or _NOT_ROWS.match(original[match.end():]):
                continue
            measure, named_after = _zh_measure(original[:match.start()], original[match.end():], match.group(2))
            if operator == "=?" and not named_after:
                continue  # "有 5" counts something only with its noun right after it ("有 5 个集群的国家")
            if measure:
                return Condition(measure, "=" if operator == "=?" else operator, value, match.group(0))
    return None
