"""表 5-1 (keywords of the literature, by rank) and 表 6-2 (each country's key policies by period), asked plainly."""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from qa.records import Answer
from qa.retrieval.glossary import COUNTRIES
from qa.tables.cluster_engine import ClusterEngine
from qa.tables.rendering import Citations, bilingual, fit, trim
from qa.tables.spotting import english_pattern, fold
from qa.tables.table_query import LIST_BUDGET, LOOKUP_BUDGET
from qa.text import is_chinese

_KEYWORD_TABLE = re.compile(r"关键词|\bkeywords?\b", re.I)
_KEYWORD_RANKING = re.compile(r"频次|频率|最高|最多|排名|排第|第一|前\s*\d+|第\s*\d+|\btop\b|\bmost (?:frequent|common)\b"
                              r"|\bfrequen|\brank|\d+\s*次|\btimes\b|位数|\b(?:double|triple)[ -]digit", re.I)
_POLICY_TABLE = re.compile(r"重点政策|政策|\bpolic(?:y|ies)\b", re.I)
_PERIODS = (("近期", re.compile(r"近期|最近|近年|2022|2023|\brecent|\blatest\b|\bcurrent\b", re.I)),
            ("前期", re.compile(r"前期|早期|此前|以前|2005|2021|\bearl(?:y|ier)\b|\bprevious\b|\bformer\b|\bpast\b",
                              re.I)))
_CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _rank_number(text: str) -> int:
    return int(text) if text.isdigit() else _CHINESE_NUMBERS.get(text, 0)


def keyword_answer(question: str, engine: ClusterEngine) -> Answer | None:
    """表 5-1: the most frequent keywords of the Chinese and English literature, by rank."""
    keywords = sorted(getattr(engine.linked.tables, "keywords", ()), key=lambda k: k.rank)
    original = unicodedata.normalize("NFKC", question)
    if not keywords or not (_KEYWORD_TABLE.search(original) and _KEYWORD_RANKING.search(original)):
        return None
    if re.search(r"突现|聚类|演进|burst", original, re.I):
        return None  # the burst terms and clusters of 图 5-x are in the prose
    english = not is_chinese(original)
    wants_english = bool(re.search(r"英文|英语|外文|国外|\benglish\b|\binternational\b", original, re.I))
    wants_chinese = bool(re.search(r"中文|国内|\bchinese\b", original, re.I))
    languages = [lang for lang, wanted in (("zh", wants_chinese), ("en", wants_english)) if wanted] or ["zh", "en"]
    threshold = _frequency_threshold(original)
    if threshold is not None:
        return _keywords_over(threshold, languages, keywords, english, question)
    top = re.search(r"前\s*(\d+|[一二两三四五六七八九十])\s*(?:位|个|名)?|\btop\s*(\d+)\b", original, re.I)
    nth = re.search(r"第\s*(\d+|[一二两三四五六七八九十])\s*(?:位|个|名|高)?|\bnumber (\d+)\b", original, re.I)
    if top:
        rows = keywords[:_rank_number(top.group(1) or top.group(2))]
    elif nth and "第一" not in original:
        rows = [k for k in keywords if k.rank == _rank_number(nth.group(1) or nth.group(2))]
    else:
        rows = keywords[:1]
    if not rows:
        return None
    cite = Citations()
    parts = []
    for lang in languages:
        label = ("Chinese" if lang == "zh" else "English") if english else ("中文" if lang == "zh" else "英文")
        items = [f"{k.chinese if lang == 'zh' else k.english}（{k.chinese_count if lang == 'zh' else k.english_count} 次）"
                 if not english else
                 f"{k.chinese if lang == 'zh' else k.english} ({k.chinese_count if lang == 'zh' else k.english_count})"
                 for k in rows]
        marks = cite.span([k.source for k in rows if k.source])
        if english:
            what = "the most frequent keyword" if len(rows) == 1 and rows[0].rank == 1 else \
                f"rank {rows[0].rank}" if len(rows) == 1 else f"the top {len(rows)} keywords"
            parts.append(f"{label} literature, {what}: {', '.join(items)} {marks}")
        else:
            what = "频次最高的关键词是" if len(rows) == 1 and rows[0].rank == 1 else \
                f"频次排名第 {rows[0].rank} 的关键词是" if len(rows) == 1 else f"频次前 {len(rows)} 位的关键词："
            parts.append(f"{label}文献{what}{'、'.join(items)}{marks}")
    text = ("Table 5-1 (表 5-1): " + "; ".join(parts) + ".") if english else ("据表 5-1，" + "；".join(parts) + "。")
    return Answer(text=trim(text, LOOKUP_BUDGET if len(rows) == 1 else LIST_BUDGET), answered=True,
                  citations=tuple(cite.passages), route="table", question=question)


_DIGITS_ZH = {"两": 2, "二": 2, "三": 3, "四": 4, "2": 2, "3": 3, "4": 4}
_AT_LEAST = re.compile(r"(?:超过|多于|大于|高于|不少于|不低于|至少|达到|上了?|过了?)\s*(\d+)\s*次|(\d+)\s*次(?:及|或)?以上"
                       r"|\b(?:at least|more than|over|above)\s+(\d+)\s+times\b", re.I)
_DIGIT_COUNT = re.compile(r"(两|二|三|四|[234])位数|\b(double|triple)[ -]digits?\b", re.I)


def _frequency_threshold(original: str) -> tuple[int, bool] | None:
    """A bound on a keyword's frequency: (value, strict).  "上了两位数" and "double digits" are at least 10."""
    match = _AT_LEAST.search(original)
    if match:
        value = int(match.group(1) or match.group(2) or match.group(3))
        strict = bool(re.match(r"超过|多于|大于|高于|more than|over|above", match.group(0), re.I))
        return value, strict
    match = _DIGIT_COUNT.search(original)
    if match:
        digits = _DIGITS_ZH.get(match.group(1) or "", 0) or {"double": 2, "triple": 3}[match.group(2).lower()]
        return 10 ** (digits - 1), False
    return None


def _keywords_over(threshold: tuple[int, bool], languages: list[str], keywords: list, english: bool,
                   question: str) -> Answer:
    """表 5-1: the keywords of each literature whose frequency reaches the bound."""
    value, strict = threshold
    cite = Citations()
    parts = []
    for lang in languages:
        counted = [(k.chinese if lang == "zh" else k.english, k.chinese_count if lang == "zh" else k.english_count, k)
                   for k in keywords]
        rows = [(word, count, k) for word, count, k in counted if count > value or (count == value and not strict)]
        marks = cite.span([k.source for _, _, k in rows if k.source])
        bound = (f"more than {value}" if strict else f"at least {value}") if english else \
            (f"超过 {value} 次" if strict else f"不少于 {value} 次")
        label = ("Chinese" if lang == "zh" else "English") if english else ("中文" if lang == "zh" else "英文")
        if english:
            items = ", ".join(f"{word} ({count})" for word, count, _ in rows)
            parts.append(f"{label} keywords with {bound} occurrences: {len(rows)} — {items} {marks}".rstrip())
        else:
            items = "、".join(f"{word}（{count} 次）" for word, count, _ in rows)
            parts.append(f"{label}关键词中频次{bound}的有 {len(rows)} 个：{items}{marks}")
    text = ("Table 5-1 (表 5-1): " + "; ".join(parts) + ".") if english else ("据表 5-1，" + "；".join(parts) + "。")
    return Answer(text=trim(text, LIST_BUDGET), answered=True, citations=tuple(cite.passages), route="table",
                  question=question)


def _policy_countries(original: str, countries: Sequence[str]) -> list[str]:
    english = fold(original)
    found = [country for country in countries if country in original]
    for word, chinese in sorted(COUNTRIES.items(), key=lambda item: -len(item[0])):
        if chinese in countries and chinese not in found:
            if len(word) <= 3:
                if re.search(r"(?<![A-Za-z])" + re.escape(word.upper()) + r"(?![A-Za-z])", original):
                    found.append(chinese)
            elif english_pattern(word).search(english):
                found.append(chinese)
    return found


def policy_answer(question: str, engine: ClusterEngine) -> Answer | None:
    """表 6-2: a country's key policies in the earlier (2005-2021) or recent (2022-2023) period."""
    policies = getattr(engine.linked.tables, "policies", ())
    original = unicodedata.normalize("NFKC", question)
    if not policies or not _POLICY_TABLE.search(original):
        return None
    periods = [name for name, pattern in _PERIODS if pattern.search(original)]
    countries = _policy_countries(original, list(dict.fromkeys(p.country for p in policies)))
    if periods and not countries and _MOST_POLICIES.search(original):
        return _most_policies(policies, periods, original, question)
    if not periods or not countries or re.search(r"如何|怎样|为什么|为何|效果|影响|\bhow\b|\bwhy\b", original, re.I):
        return None  # only "which policies, when, where": anything else is prose
    english = not is_chinese(original)
    rows = [p for p in policies if p.country in countries and any(p.period.startswith(name) for name in periods)]
    if not rows:
        return None
    cite = Citations()
    budget = LOOKUP_BUDGET if len(countries) == 1 else LIST_BUDGET
    share = (budget - 12) // len(rows)  # each row keeps its share; long lists end with how many more
    parts = []
    for row in rows:
        marks = cite.mark([row.source] if row.source else [])
        period = row.period.replace(" ", "")
        head = f"{bilingual(row.country, True)}, {period}: " if english else f"{row.country}{period}的重点政策："
        separator = ", " if english else "、"
        items = [(separator if i else "") + policy for i, policy in enumerate(row.policies)]
        more = (lambda k: f" and {k} more" if k else "") if english else (lambda k: f"等（另有 {k} 项）" if k else "")
        parts.append(fit(head, items, (" " if english else "") + marks, share, more))
    text = ("Table 6-2 (表 6-2) — " + "; ".join(parts) + ".") if english else ("据表 6-2，" + "；".join(parts) + "。")
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table", question=question)


_MOST_POLICIES = re.compile(r"最多|最少|最长|最短|\bmost\b|\bfewest\b|\blongest\b|\bshortest\b", re.I)


def _most_policies(policies: Sequence, periods: list[str], original: str, question: str) -> Answer | None:
    """表 6-2: which country lists the most (fewest) key policies in a period, and how many."""
    english = not is_chinese(original)
    fewest = bool(re.search(r"最少|最短|\bfewest\b|\bshortest\b", original, re.I))
    cite = Citations()
    parts = []
    for period in periods:
        rows = [p for p in policies if p.period.startswith(period)]
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.country] = counts.get(row.country, 0) + len(row.policies)
        if not counts:
            continue
        target = min(counts.values()) if fewest else max(counts.values())
        winners = [country for country, n in counts.items() if n == target]
        marks = cite.mark([r.source for r in rows if r.country in winners and r.source])
        label = rows[0].period.replace(" ", "")
        ranking = sorted(counts.items(), key=lambda item: -item[1])
        if english:
            listed = ", ".join(f"{bilingual(c, True)} {n}" for c, n in ranking)
            parts.append(f"{label}: {', '.join(bilingual(w, True) for w in winners)} lists the "
                         f"{'fewest' if fewest else 'most'} key policies, {target} {marks} (all: {listed})")
        else:
            listed = "、".join(f"{c} {n}" for c, n in ranking)
            parts.append(f"{label}列出重点政策{'最少' if fewest else '最多'}的是{'、'.join(winners)}（{target} 项）{marks}"
                         f"（各国：{listed}）")
    if not parts:
        return None
    text = ("Table 6-2 (表 6-2) — " + "; ".join(parts) + ".") if english else ("据表 6-2，" + "；".join(parts) + "。")
    return Answer(text=trim(text, LIST_BUDGET), answered=True, citations=tuple(cite.passages), route="table",
                  question=question)
