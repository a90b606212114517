"""Does the parse cover the question?  The content words of a table question that its parse did not use.

A table answer is only given when every content word of the question is used by the parse:
its names (a cluster, firm, institute, place), its filters (continent, country, domain,
industry, in any of their aliases), its attribute, its condition, and the frame words
that ask ("多少个", "which", "其中", "how many of those").  Anything left ("获得了政府资助",
"国家级", "founded before 1990", "产值超过100亿欧元") is something the tables do not
hold, so the question is left to passages.

Masks are laid on the question's characters; Chinese is then read by jieba words (a word
with one uncovered character is uncovered: 国家级 is not 国家), English by words.
"""
from __future__ import annotations

import re
import unicodedata

from qa.retrieval.glossary import DOMAINS, PLACES
from qa.retrieval.tokens import jieba_tokenizer
from qa.tables.cluster_engine import (CONTINENT_ALIASES, COUNTRY_ALIASES, DOMAIN_ALIASES, FIRM_ALIASES,
                                      INDUSTRY_ALIASES, ClusterEngine)
from qa.tables.execute import APPENDIX_YEAR
from qa.tables.question_words import (ATTRIBUTES, FIRM_COUNT, FRAME_WORDS_EN, FRAME_WORDS_ZH, ROW_NUMBER, TOP_EN,
                                     TOP_ZH)
from qa.tables.table_query import TableQuery

ALIASES = {"continent": CONTINENT_ALIASES, "country": COUNTRY_ALIASES, "domain": DOMAIN_ALIASES}
_HAN = re.compile(r"[\u3400-\u9fff]")
_ENGLISH_WORD = re.compile(r"([a-z][a-z\-]*[a-z]|[a-z]|\d+)(?:'s)?")
_NAME_END = re.compile(r"\b(?:clusters?|valley|park|hub|city|centre|center|corridor|region|zone)\b")
_ASKED = {  # what an attribute's answer is called, besides the attribute patterns
    "firms": r"龙头企业|企业|公司|龙头|anchor|compan(?:y|ies)|firms?|enterprises?|players?",
    "institutes": r"研究机构|机构|大学|高校|research|institutes?|institutions?|universit(?:y|ies)",
    "industry": r"主导产业|产业|industr(?:y|ies)", "domain": r"领域|domain|sector|field",
    "country": r"国家|country", "continent": r"洲|continent",
}


class _Mask:
    """Which characters of the (NFKC, lower-cased) question the parse has used."""

    def __init__(self, text: str):
        self.text = text
        self.used = [False] * len(text)

    def span(self, start: int, end: int) -> None:
        for i in range(max(start, 0), min(end, len(self.text))):
            self.used[i] = True

    def word(self, word: str, boundaries: bool = False) -> None:
        if not word:
            return
        word = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", word.lower())
        pattern = (r"(?<![a-z])" + re.escape(word) + r"(?![a-z])") if boundaries or re.search(r"[a-z]", word) \
            else re.escape(word)
        for match in re.finditer(pattern, self.text):
            self.span(match.start(), match.end())

    def pattern(self, pattern: str) -> None:
        for match in re.finditer(pattern, self.text):
            self.span(match.start(), match.end())

    def name(self, name: str) -> None:
        """A name as the parse saw it: spaces and punctuation dropped (normalise_name)."""
        kept = [i for i, ch in enumerate(self.text) if re.match(r"\w", ch)]
        folded = "".join(self.text[i] for i in kept)
        target = re.sub(r"\W", "", name.lower())
        if not target:
            return
        for match in re.finditer(re.escape(target), folded):
            self.span(kept[match.start()], kept[match.end() - 1] + 1)

    def free(self, start: int, end: int) -> bool:
        return not all(self.used[start:end])


def uncovered_words(question: str, query: TableQuery, engine: ClusterEngine) -> list[str]:
    """The content words of ``question`` that ``query`` does not use (empty when the parse covers it)."""
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", unicodedata.normalize("NFKC", question).lower())  # new-materials
    mask = _Mask(text)
    _mask_names(mask, query, engine)
    _mask_filters(mask, query)
    _mask_asked(mask, query)
    _mask_glosses(mask)
    for word in FRAME_WORDS_ZH:
        mask.word(word)
    mask.pattern(rf"(?<!\d){APPENDIX_YEAR}(?!\d)\s*年?")
    left = []
    for start, token in _chinese_words(text):
        if _HAN.search(token) and mask.free(start, start + len(token)) and token not in FRAME_WORDS_ZH:
            left.append(token)
    for match in _ENGLISH_WORD.finditer(text):
        base = match.group(1)
        if not mask.free(match.start(1), match.end(1)):
            continue
        if base in FRAME_WORDS_EN or base.rstrip("s") in FRAME_WORDS_EN or len(base) < 2 and not base.isdigit():
            continue
        left.append(base)
    return left


def _chinese_words(text: str) -> list[tuple[int, str]]:
    words, at = [], 0
    for token in jieba_tokenizer().cut(text):
        words.append((at, token))
        at += len(token)
    return words


def _mask_names(mask: _Mask, query: TableQuery, engine: ClusterEngine) -> None:
    for name in query.names:
        mask.name(name)
        mask.word(name)
    if query.firm:
        mask.word(query.firm)
        for word in FIRM_ALIASES.get(query.firm, ()):
            mask.word(word, boundaries=True)
    if query.cluster is not None:
        match = query.cluster
        spellings = {match.entry_name, match.query, match.cluster.name if match.cluster else ""} - {""}
        for name in spellings:
            mask.name(name)
        for start, token in _chinese_words(mask.text):  # "蒙特贝鲁纳那个运动鞋集群": words of the name itself
            if len(token) >= 2 and _HAN.search(token) and any(token in name for name in spellings):
                mask.span(start, start + len(token))
        _mask_english_name(mask, query)
    for name in (query.institute, query.unknown):
        if name:
            mask.name(name)
    if query.number is not None:
        mask.pattern(ROW_NUMBER.pattern)
    if query.intent == "firm_count":
        mask.pattern(FIRM_COUNT.pattern)
    if query.condition is not None:
        mask.word(query.condition.text)


def _mask_english_name(mask: _Mask, query: TableQuery) -> None:
    """"the Silicon Valley high-tech cluster": from the place the glossary knows to the noun that ends the name."""
    text = mask.text
    for english in PLACES:
        for match in re.finditer(r"(?<![a-z])" + re.escape(english) + r"(?![a-z])", text):
            mask.span(match.start(), match.end())
            end = _NAME_END.search(text, match.end())
            if end and len(text[match.end():end.start()].split()) <= 3:
                mask.span(match.end(), end.end())


def _mask_filters(mask: _Mask, query: TableQuery) -> None:
    values = dict(query.filters)
    if query.compare:
        key, compared = query.compare
        for value in compared:
            _mask_value(mask, key, value)
    for key, value in values.items():
        if key == "place":
            mask.word(value)
            for english, chinese in PLACES.items():
                if chinese == value:
                    mask.word(english, boundaries=True)
        elif key == "industry":
            mask.word(value)
            for term, words in INDUSTRY_ALIASES.items():
                if value == term or value in words:
                    mask.word(term)
                    for word in words:
                        mask.word(word, boundaries=True)
        else:
            _mask_value(mask, key, value)


def _mask_value(mask: _Mask, key: str, value: str) -> None:
    mask.word(value)
    for word in ALIASES.get(key, {}).get(value, ()):
        if re.search(r"[a-z]", word):
            mask.word(word, boundaries=True)
        else:
            mask.word(word)
    if key == "domain":
        for english, chinese in DOMAINS.items():
            if chinese and chinese in value:
                mask.word(english, boundaries=True)


def _mask_asked(mask: _Mask, query: TableQuery) -> None:
    attributes = {query.attribute} | ({query.condition.measure} if query.condition else set()) | (
        {"institutes"} if query.institute else set()) | ({"firms"} if query.firm else set()) | {
        key for key, _ in query.filters}  # a filter's column may be named ("among their leading industries")
    for attribute, chinese, latin in ATTRIBUTES:
        if attribute in attributes:
            mask.pattern(chinese)
            mask.pattern(latin)
    if query.top:   # 三个 / 前五 / top three: how many groups are asked for
        mask.pattern(TOP_ZH.pattern)
        mask.pattern(TOP_EN.pattern)
    for attribute in attributes | ({query.distinct} if query.distinct else set()) | (
            {query.group_by} if query.group_by else set()):
        if attribute in _ASKED:
            mask.pattern(_ASKED[attribute])


_GLOSS_STOP = frozenset("the a an of in on at is are was were does do did which what who how many for to by with and "
                        "or as from under have has list lists listed name named".split())
_GLOSS_WORDS = 8  # an English name glossed in Chinese is at most this many words


def _mask_glosses(mask: _Mask) -> None:
    """"Siemens Healthineers (西门子医疗)": a used Chinese gloss covers itself and the English name before it."""
    text = mask.text
    for match in re.finditer(r"\(([^()]*)\)", text):
        inner = [i for i in range(match.start(1), match.end(1)) if _HAN.match(text[i])]
        if not inner or not any(mask.used[i] for i in inner):
            continue
        mask.span(match.start(), match.end())
        start = match.start()
        words = list(re.finditer(r"[\w'.\-]+", text[:match.start()]))
        for word in reversed(words[-_GLOSS_WORDS:]):
            if word.group(0) in _GLOSS_STOP or word.group(0).isdigit():
                break
            start = word.start()
        mask.span(start, match.start())
