"""What a question is: cleaned text, language, kind, expected unit, and its follow-up resolution.

Pure functions over strings (the follow-up resolver takes a callable that finds the
question's subject, so it needs no corpus itself).
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from qa.errors import EmptyQuestionError
from qa.text import fold_spaces, is_chinese, strip_controls

KINDS = ("quantity", "list", "definition", "how", "fact")

# 这几年 / 近几年 / 前几年, 这几家: "these (past) few years / these few firms", not a count asked for
_QUANTITY_ZH = re.compile(r"多少|(?<![哪这那近前后])几[个年家项次倍所种成]|比重|占比|比例|百分之|增长率|增速|渗透率|规模多大|多大|多高|多长")
_QUANTITY_EN = re.compile(r"\bhow (many|much|large|big|high|long)\b|\bwhat (percentage|share|proportion|fraction)\b|"
                          r"\bwhat (was|is|were|are) the (average|total|annual|growth|penetration|share|number|amount)\b|"
                          r"\brate\b|\bpercent|\bnumber of\b", re.I)
_DEFINITION_ZH = re.compile(r"是什么|什么是|定义|含义|指什么|是指什么|何谓|什么叫")
_DEFINITION_EN = re.compile(r"^(what is|what are|what's) (a |an |the )?[\w\s-]{0,60}\?*$|\bdefin|\bmeaning of\b", re.I)
_LIST_ZH = re.compile(r"哪些|哪几|有什么|包括什么|包含什么|列举|几大|哪[一二三四五六七八九十两]+")
_LIST_EN = re.compile(r"\bwhich\b.*\b(are|were|have)\b|\bwhat (are|were) the\b|\blist\b|\bname the\b|"
                      r"\b(?:what|which) (?:[\w-]+ ){0,2}[\w-]+s\b(?: [\w-]+){0,3} (?:did|do|does|are|were|has|have)\b|"
                      r"\bwhat (?:does|do|did) .{0,40}\b(?:recommend|suggest|propose|advise)", re.I)
# "哪几年", "which years": a few dates, asked like a fact (short), not a list of points
_YEARS_ASKED = re.compile(r"哪几年|哪些年|哪几个年份|哪些年份|\b(?:which|what) years\b", re.I)
_HOW_ZH = re.compile(r"如何|怎样|怎么|为什么|为何|什么作用|哪些作用|通过什么")
_HOW_EN = re.compile(r"^\s*(how|why)\b|\bin what way", re.I)
_WHY = re.compile(r"为什么|为何|\bwhy\b", re.I)

_UNIT = re.compile(r"(?:多少|(?<![这那近前后])几)\s*(个百分点|百分点|家|个|年|件|项|人|倍|次|亿|万|所|座|种|台|辆|款)")
_MONEY = re.compile(r"多少(?:资金|钱|经费|投资|金额|资助|补贴|拨款)|(?:资金|经费|投资|金额|资助|补贴|拨款)(?:是|为|有|达到?)?多少|"
                    r"\bhow much\b[^?]{0,60}?\b(?:money|funding|funds?|budget)\b|\bhow much did .{1,60} (?:invest|receive|get|spend)\b", re.I)
# "how many clusters / firms …": the counter the report writes after such a figure
_COUNTED_EN = re.compile(r"\b(?:how many|number of)\s+(?:[\w-]+\s+){0,3}?"
                         r"(clusters|companies|firms|enterprises|suppliers|unicorns|patents|years|countries|parks|"
                         r"people|employees|workers|staff)\b", re.I)
# Chinese counts things with several classifiers (专利97项 or 97件, 5家 or 5个企业): English names none,
# so any of them is the count asked for; years, people and countries have units of their own
_CLASSIFIERS = "个|家|件|项|所|座|种|条|款|批"
_PERSONS = "人|名|位"
_OWN_COUNTERS = {"years": "年", "countries": _CLASSIFIERS + "|国", "people": _PERSONS, "employees": _PERSONS,
                 "workers": _PERSONS, "staff": _PERSONS}
# English as whole words: "strategy" holds "rate", "shareholder" is not a share
_PERCENT_WORDS = re.compile(r"占比|比重|比例|百分之|百分比|增长率|增速|渗透率|份额|"
                            r"\b(?:percentages?|percent|shares?|proportions?|rates?)\b", re.I)

_FOLLOWUP_ELLIPSIS_ZH = re.compile(r"^(?:那么?|还有|而|那)?\s*(?P<x>[^？?。，,]{1,20}?)(?:的情况|的)?呢\s*[？?]?$")
# "And Korea?" leaves its question out; "And what happens to …?" asks a whole one of its own
_FOLLOWUP_ELLIPSIS_EN = re.compile(r"^\s*(?:and|what about|how about|and what about)\s+"
                                   r"(?!(?:what|how|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|"
                                   r"can|could|will|would|should|has|have|had)\b)(?P<x>.+?)\s*\??$", re.I)
_PRONOUN_ZH = re.compile(r"它们|它|该集群|该企业|该公司|该地区|这个集群|这些集群|这家企业|这家公司|那里|这里|其")
_PRONOUN_EN = re.compile(r"\b(it|its|they|their|them|(?:this|that|the same) (?:cluster|company|firm|enterprise|park)|"
                         r"these clusters|there)\b", re.I)
YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")   # a year written in a text
# a question asking which one thing it is (哪个园区…最多, which park has…)
_ASKS_WHICH = re.compile(r"哪(?:一)?[个家座所位款只]|\bwhich (?!\w+s\b)\w+|\bwho\b", re.I)


def clean_question(raw: object, limit: int) -> tuple[str, str]:
    """The question as the engines see it, and a notice for the user ('' when nothing changed).

    Terminal control sequences (whole), control and invisible characters and lone
    surrogates are removed, whitespace folded; an empty question raises
    :class:`EmptyQuestionError`; a question longer than ``limit`` is cut.
    """
    text = "" if raw is None else str(raw)
    text = fold_spaces(strip_controls(text))
    if not text:
        raise EmptyQuestionError("The question is empty: type a question about the report.")
    if len(text) > limit:
        text = text[:limit].rstrip()
        notice = (f"问题过长，只使用了前 {limit} 个字符。" if is_chinese(text)
                  else f"The question was too long; only its first {limit} characters were used.")
        return text, notice
    return text, ""


def question_language(text: str) -> str:
    """``zh`` or ``en``: the language the answer is written in."""
    return "zh" if is_chinese(text) else "en"


def question_kind(text: str) -> str:
    """One of :data:`KINDS`, by the question's wording."""
    if is_chinese(text):
        if _WHY.search(text) and not _QUANTITY_ZH.search(text):
            return "how"  # 为什么是… holds 什么是, yet asks for reasons, not a definition
        if _DEFINITION_ZH.search(text) and not _QUANTITY_ZH.search(text):
            return "definition"
        if _QUANTITY_ZH.search(text):
            return "quantity"
        if _HOW_ZH.search(text):
            return "how"
        if _YEARS_ASKED.search(text):
            return "fact"
        if _LIST_ZH.search(text):
            return "list"
        return "fact"
    if _QUANTITY_EN.search(text):
        return "quantity"
    if _HOW_EN.search(text):
        return "how"
    if _YEARS_ASKED.search(text):
        return "fact"
    if _LIST_EN.search(text):
        return "list"
    if _DEFINITION_EN.search(text):
        return "definition"
    return "fact"


def is_why(text: str) -> bool:
    """Does the question ask for reasons (为什么 / 为何 / why)?"""
    return bool(_WHY.search(text))


def expected_unit(text: str) -> str | None:
    """The unit the figure in the answer should carry (``家``, ``年``, ``%``, ``money``…), if the question says."""
    if _MONEY.search(text):
        return "money"
    match = _UNIT.search(text)
    if match:
        unit = match.group(1)
        if "百分点" in unit:
            return "百分点"
        noun = text[match.end():match.end() + 1]
        if unit == "个" and noun and "\u4e00" <= noun <= "\u9fff":
            return f"个|{noun}"  # 多少个国家 is also answered by "11 国"
        return unit
    if _PERCENT_WORDS.search(text):
        return "%"
    counted = _COUNTED_EN.search(text)
    if counted:
        return _OWN_COUNTERS.get(counted.group(1).lower(), _CLASSIFIERS)
    return None


def is_followup(question: str) -> bool:
    """Does the question lean on an earlier one (ellipsis like 韩国呢？ or a pronoun like 它)?"""
    if _FOLLOWUP_ELLIPSIS_ZH.match(question) or _FOLLOWUP_ELLIPSIS_EN.match(question):
        return True
    if is_chinese(question):
        return bool(_PRONOUN_ZH.search(question)) and len(question) <= 30
    return bool(_PRONOUN_EN.search(question)) and len(question) <= 120


def resolve_followup(question: str, history: Sequence[str], subject_of: Callable[[str], str | None],
                     answered_entity: Callable[[str], str | None] | None = None,
                     has_subject: Callable[[str], bool] | None = None) -> str:
    """Rewrite a follow-up as a standalone question using the previous question of ``history``.

    ``韩国呢？`` after ``日本有多少个集群？`` becomes ``韩国有多少个集群？``; ``它属于哪个领域？``
    after a question about 硅谷高科技产业集群 becomes ``硅谷高科技产业集群属于哪个领域？``.
    ``subject_of(text)`` names the subject (the first named entity or year) of a question.
    ``answered_entity(text)``: the thing a question asking "which one" was answered with; a pronoun
    after such a question stands for it (它的规划面积 after 哪个园区入驻企业最多 is that park's).
    ``has_subject(text)``: does a question name something of its own (a word the corpus uses, beside
    years and question words)?  One that does not, but gives a year (那2020年的时候是多少？), asks the
    previous question again of that year.
    A question that is not a follow-up, or has no history, is returned unchanged.
    """
    history = [h for h in (fold_spaces(str(h)) for h in history or ()) if h]
    if not history:
        return question
    previous = resolve_followup(history[-1], history[:-1], subject_of, has_subject=has_subject)
    if not is_followup(question):
        year = YEAR.search(question)
        if year is None or has_subject is None or has_subject(question):
            return question
        if YEAR.search(previous):
            return YEAR.sub(year.group(0), previous, count=1)
        return f"{year.group(0)}年 {previous}" if is_chinese(previous) else f"{previous} (in {year.group(0)})"
    subject = subject_of(previous)
    ellipsis = _FOLLOWUP_ELLIPSIS_ZH.match(question) or _FOLLOWUP_ELLIPSIS_EN.match(question)
    if ellipsis:
        new = ellipsis.group("x").strip()
        new_year = YEAR.search(new)
        if new_year and YEAR.search(previous):
            return YEAR.sub(new_year.group(0), previous, count=1)
        if subject and subject.lower() in previous.lower():
            start = previous.lower().index(subject.lower())
            return previous[:start] + new + previous[start + len(subject):]
        return f"{new} {previous}"
    pronoun = (_PRONOUN_ZH if is_chinese(question) else _PRONOUN_EN).search(question)
    if pronoun and answered_entity is not None and _ASKS_WHICH.search(previous):
        subject = answered_entity(previous) or subject
    if subject and pronoun:
        replacement = subject
        if not is_chinese(question) and pronoun.group(0).lower() in ("its", "their"):
            replacement = subject + "'s"
        return question[:pronoun.start()] + replacement + question[pronoun.end():]
    return question


_COUNT_IN_QUESTION = re.compile(r"([一二两三四五六七八九十]|\d+)\s*(?:大|个|项|点|条|方面|类)")
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def numeral_value(value: str) -> int | None:
    """``"3"`` or ``"三"`` → 3 (digits, or one Chinese numeral up to 十); None otherwise."""
    return int(value) if value.isdigit() else _NUMERALS.get(value)


def count_asked(question: str) -> int | None:
    """The number of things the question asks for ("哪三大趋势" → 3), if it says."""
    match = _COUNT_IN_QUESTION.search(question)
    if not match:
        return None
    return numeral_value(match.group(1))
