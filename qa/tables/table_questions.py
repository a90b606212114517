"""Table questions in Chinese and English, answered exactly from :class:`~qa.tables.cluster_engine.ClusterEngine`.

:func:`answer_table_question` recognises count, list, grouped-count, attribute-of-cluster,
firm-to-cluster, firm-innovation and row-number questions, and follow-ups that reuse the
previous table question from the chat history ("韩国呢？", "其中消费品领域的呢？",
"它属于哪个领域？", "What about Germany?").  Anything else returns None and falls through to
passage answering, so the patterns below are deliberately narrow: a question must ask about
clusters (or a named cluster, firm or 序号) to be taken.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Sequence

from qa.tables.cluster_engine import (CONTINENT_ALIASES, COUNTRY_ALIASES, DOMAIN_ALIASES, FIRM_ALIASES, INDUSTRY_ALIASES,
                               ClusterEngine, FirmMention, NameMatch, same_firm)
from qa.retrieval.glossary import COUNTRIES, DOMAINS, PLACES
from qa.tables.linking import name_core, normalise_name
from qa.records import Answer, Cluster, Passage
from qa.text import is_chinese

LIST_BUDGET = 800  # a list or a breakdown (the eval's aggregate budget)
LOOKUP_BUDGET = 300  # a count, a fact about one cluster or firm, and any follow-up
FILTER_KEYS = ("continent", "country", "place", "domain", "industry")

# Chinese 主导产业 words a question may filter on (English ones come from INDUSTRY_ALIASES).
INDUSTRY_WORDS = tuple(INDUSTRY_ALIASES) + (
    "航空航天", "葡萄酒", "光电", "石油", "船舶", "生物制药", "医疗设备", "智能制造", "时装", "运动鞋", "软木",
    "化肥", "化学品", "增材制造", "3d打印", "自动驾驶", "动力电池", "量子", "数字安防", "智能家电", "光通信")

_GENERIC = ("附表中", "附表里", "附表", "报告中", "报告里", "报告", "这份", "请问", "一共", "总共", "合计", "共", "全球",
            "典型", "先进制造业", "制造业", "产业", "全部", "所有", "里面", "其中", "中", "里", "的", "有", "了", "呢",
            "那么", "那", "个", "都", "在", "位于", "列出", "列举", "一下", "请", "哪些", "多少", "几", "集群")

_ATTRIBUTES = (  # (attribute, Chinese pattern, English pattern)
    ("innovations", r"专利|创新成果|技术创新|创新", r"\bpatents?\b|\binnovations?\b|\bachievements?\b"),
    ("firms", r"龙头企业|领军企业|代表企业|骨干企业|主要企业|代表性企业|哪些企业|哪些公司|企业有哪些|公司有哪些|企业是",
     r"\bleading (?:firms|companies|enterprises)\b|\b(?:firms|companies|enterprises)\b"),
    ("institutes", r"研究机构|科研机构|研究院所|研究所|哪些大学|高校", r"\binstitutes?\b|\binstitutions?\b|\buniversit"),
    ("domain", r"行业领域|哪个领域|什么领域|哪一领域|所属领域|领域是|属于.{0,4}领域",
     r"\bdomain\b|\bsector\b|\bfield\b"),
    ("industry", r"主导产业|主要产业|什么产业|哪个产业|哪些产业", r"\bindustr(?:y|ies)\b"),
    ("country", r"哪个国家|哪一个国家|哪国|什么国家|所在国家|所在国|国家是|位于哪|在哪里|在哪儿|哪里",
     r"\bwhich country\b|\bwhat country\b|\bcountry\b|\bwhere\b|\blocated\b"),
    ("continent", r"哪个洲|哪一洲|什么洲|所在洲|哪个大洲", r"\bcontinent\b"),
    ("number", r"序号|编号", r"\brow number\b|\bnumber\b"),
    ("name", r"叫什么|名字|名称|是什么集群|是哪个集群", r"\bname\b|\bcalled\b"),
)

_COUNT_ZH = re.compile(r"(?:多少|几)个?(?P<middle>[^，,。？?]{0,12}?)集群|集群(?:的)?(?:数量|总数|个数)?(?:一共|总共|共|合计)?"
                       r"(?:有|是|为)?(?:多少|几)个?|(?:数量|个数|总数)(?:是|为|有)?多少")
_COUNT_EN = re.compile(r"\bhow many\b|\bnumber of (?:\w+ ){0,3}clusters\b|\bcount\b")
_COUNT_WEAK_ZH = re.compile(r"多少|几个|数量")
_LIST_ZH = re.compile(r"哪些(?P<middle>[^，,。？?]{0,12}?)集群|集群(?:都|分别)?(?:有|包括|是)哪些|列出|列举|(?:有|包括|是)哪些[？?]?$"
                      r"|分别是什么|都是什么|名单")
_LIST_EN = re.compile(r"\b(?:which|what) (?:\w+ ){0,3}clusters\b|\blist\b|\bname (?:the|all)\b|\bwhich ones\b"
                      r"|\bshow (?:me )?(?:the |all )?clusters\b")
_GROUP_ZH = re.compile(r"(?:各|每个|每一个|分别|按)(?:个)?(?:大)?(洲|国家|领域)|(洲|国家|领域)(?:分布|分别)"
                       r"|(?:哪个|哪些|哪一个)(洲|国家|领域)(?:的)?(?:集群)?(?:最多|最少)|集群(?:数量)?(?:最多|最少)的(洲|国家|领域)"
                       r"|分布在哪些(洲|国家|领域)")
_GROUP_EN = re.compile(r"\b(?:by|per|each) (continent|country|domain|sector)\b|\bwhich (continent|country|domain)\b"
                       r".{0,30}\b(?:most|fewest|least)\b|\b(continent|country|domain)s? with the (?:most|fewest)\b")
_EXTREME = re.compile(r"最多|最少|\bmost\b|\bfewest\b|\bleast\b")
_ROW_NUMBER = re.compile(r"(?:序号|编号|第)\s*(?:为|是)?\s*(\d{1,4})\s*(?:号|个|行|位)?|(?:number|no\.|row|#)\s*(\d{1,4})\b",
                         re.I)
_FIRM_CLUSTER = re.compile(r"(?:在|位于|属于|来自|所在的?)(?:哪个|哪些|哪一个|什么)(?:产业)?集群|所在集群|哪个集群|哪些集群"
                           r"|\bwhich clusters?\b|\bwhat clusters?\b|\bin which cluster\b")
_FIRM_SPAN = re.compile(r"^(.{1,20}?)(?:公司|集团)?(?:的)?(?:在|位于|属于|来自|所在的?)(?:哪个|哪些|哪一个|什么)(?:产业)?集群")
_TABLE_LABEL = re.compile(r"[表图]\s*\d+\s*[-—–－]\s*\d+")
_SHORT_NAME = re.compile(r"^(?:请问)?([^\s，,。？?的]{2,12}?)(?:的|有|位于|在|属于|是)")
_NAME_SPAN = re.compile(r"([\u4e00-\u9fffA-Za-z0-9·\- ]{2,30}?(?:集群|科技园|产业园|工业园|工业区|科学园|科学城|园区|谷|城|金三角))"
                        r"(?=的|有|位于|在|属于|是|,|，|\?|？|$)")
_FOLLOWUP_ZH = re.compile(r"呢[？?]?$|^那|^其中|^那么|^还有|^它|^该集群|^这个集群|^这些")
_FOLLOWUP_EN = re.compile(r"^(?:what|how) about\b|^and\b|^also\b|^what of\b|\bthen\b|^in\b|\bit\b|\bthis cluster\b", re.I)
_NARROWING = re.compile(r"其中|这些集群中|这些中|among them|of these|of them|of those", re.I)
_PRONOUN = re.compile(r"它|该集群|这个集群|此集群|这一集群|\bit\b|\bits\b|\bthis cluster\b|\bthat cluster\b", re.I)
_FIRM_COUNT = re.compile(r"多少家(?:企业|公司)|几家(?:企业|公司)|企业数量|公司数量|how many (?:firms|companies)", re.I)
# 多少员工, how many employees: a measure of a cluster the tables do not have (the prose may).
_OTHER_MEASURE = re.compile(r"(?:多少|几)(?:名|位|人|员工|雇员|从业|就业|岗位|产值|营收|收入|销售|专利|项|亿|万|年|倍|平方|公里|"
                            r"面积|资金|投资|美元|元)|\bhow (?:many|much) (?:\w+ ){0,2}(?:employees|people|workers|jobs|staff|"
                            r"patents|years|revenue|output|investment|money|sales)\b", re.I)
# What is left of a count question is a place the report lacks only if it is not about the report's own method.
_NOT_A_PLACE = re.compile(r"^(?:本|该|此|这)|选取|选择|选出|入选|研究|分析|作为|样本|案例|提到|提及|介绍|涉及|统计|收录|列入|纳入|调研|文中|"
                          r"我们|典型|代表")
_NOT_ABOUT_TABLES = re.compile(r"如何|怎样|怎么|为什么|为何|原因|趋势|特点|特征|政策|措施|比重|占比|增长|亿|万|%|美元|英镑|营收|"
                               r"\bhow (?:do|does|did|is|are|can)\b|\bwhy\b|\bpolic", re.I)


@dataclass(frozen=True)
class TableQuery:
    """A parsed table question: what is asked (``intent``) and about what."""

    intent: str  # count, list, group, attribute, firm, number, firm_count, unknown
    filters: tuple[tuple[str, str], ...] = ()
    cluster: NameMatch | None = None
    unknown: str = ""  # a cluster, firm or place the report does not have
    firm: str = ""
    attribute: str = ""
    number: int | None = None
    group_by: str = ""
    extreme: str = ""
    english: bool = False
    followup: bool = False  # resolved against the previous table question

    @property
    def budget(self) -> int:
        """Characters the answer may use (markers included): lists and breakdowns get more than counts."""
        if self.followup or self.intent not in ("list", "group"):
            return LOOKUP_BUDGET
        return LIST_BUDGET

    @property
    def filter_dict(self) -> dict[str, str]:
        return dict(self.filters)


# ------------------------------------------------------------------ spotting words
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _english_pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![a-z])" + re.escape(word) + r"(?![a-z])")


def _take(text: str, english: str, aliases: dict[str, tuple[str, ...]], original: str) -> tuple[str | None, str, str]:
    """Find the longest alias in ``text`` (Chinese) or ``english`` (folded English); blank it out."""
    found = []
    for canonical, words in aliases.items():
        for word in (canonical, *words):
            if re.search(r"[a-z]", word):
                if len(word) <= 3:  # "US", "IT", "AI", "UK": only as capitals in the original
                    if re.search(r"(?<![A-Za-z])" + re.escape(word.upper()) + r"(?![A-Za-z])", original):
                        found.append((len(word), canonical, word))
                elif _english_pattern(word).search(english):
                    found.append((len(word), canonical, word))
            elif word in text:
                found.append((len(word), canonical, word))
    if not found:
        return None, text, english
    _, canonical, word = max(found)
    if re.search(r"[a-z]", word):
        return canonical, text, _english_pattern(word).sub(" ", english)
    return canonical, text.replace(word, " "), english


def _filters(text: str, original: str) -> dict[str, str]:
    """Continent, country, domain and industry words in a question (cluster and firm names already removed)."""
    english = _fold(original)
    found: dict[str, str] = {}
    for key, aliases in (("continent", CONTINENT_ALIASES), ("country", COUNTRY_ALIASES), ("domain", DOMAIN_ALIASES),
                         ("industry", {word: INDUSTRY_ALIASES.get(word, ()) for word in INDUSTRY_WORDS})):
        value, text, english = _take(text, english, aliases, original)
        if value:
            found[key] = value
    return found


def _matches(pattern: re.Pattern, text: str) -> bool:
    """A count/list pattern whose words between 多少/哪些 and 集群 are all filter or generic words."""
    for match in pattern.finditer(text):
        middle = match.groupdict().get("middle") or ""
        for aliases in (CONTINENT_ALIASES, COUNTRY_ALIASES, DOMAIN_ALIASES):
            for words in aliases.items():
                for word in sorted((words[0], *words[1]), key=len, reverse=True):
                    middle = middle.replace(word, "")
        for word in sorted(INDUSTRY_WORDS + _GENERIC + _PLAIN_QUALIFIERS, key=len, reverse=True):
            middle = middle.replace(word, "")
        if not middle.strip():
            return True
    return False


_FILTER_WORDS = sorted({word for aliases in (CONTINENT_ALIASES, COUNTRY_ALIASES, DOMAIN_ALIASES)
                        for canonical, words in aliases.items() for word in (canonical, *words)
                        if not re.search(r"[a-z]", word)} | set(INDUSTRY_WORDS) | {"产业", "领域"},
                       key=len, reverse=True)  # longest first: 印度尼西亚 before 印度


def _without_filter_words(text: str) -> str:
    """``text`` without continent, country, domain and industry words (墨尔本生物医药集群 → 墨尔本集群)."""
    for word in _FILTER_WORDS:
        text = text.replace(word, "")
    return text


def _distinctive(part: str) -> bool:
    """True when a shared part of two names holds more than domain, industry and generic words."""
    rest = _without_filter_words(part)
    for word in ("集群", "产业", "工业", "制造", "科技", "技术", "中心", "园区", "园", "谷", "城", "区"):
        rest = rest.replace(word, "")
    return len(rest) >= 2


def _longest_common(a: str, b: str) -> tuple[int, int, int]:
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.a, match.b, match.size


def _place_starts(core: str) -> set[int]:
    """Where a cluster name's own part may start: at 0, or after a leading country/continent name."""
    starts = {0}
    for aliases in (COUNTRY_ALIASES, CONTINENT_ALIASES):
        for canonical in aliases:
            if core.startswith(canonical):
                starts.add(len(canonical))
    return starts


def _spot_cluster(question: str, engine: ClusterEngine) -> tuple[NameMatch | None, str]:
    """The cluster a question names (full name, or a distinctive leading part of it), and the matched text."""
    folded = normalise_name(question)
    best: tuple[int, str, str] | None = None
    for spelling in engine.known_names():
        name = normalise_name(spelling)
        if len(name) < 3:
            continue
        if name in folded:
            candidate = (len(name) + 100, spelling, name)
        else:
            start, at, size = _longest_common(name, folded)
            core = name_core(spelling)
            if size < 4 or size < 0.6 * len(core) or start not in _place_starts(name):
                continue
            if not _distinctive(folded[at:at + size]):
                continue  # "欧洲航空航天产业集群" shares only industry words with 瑞典航空航天产业集群
            candidate = (size, spelling, folded[at:at + size])
        if best is None or candidate[0] > best[0]:
            best = candidate
    if best is None:
        return None, ""
    return engine.find_name(best[1]), best[2]


def _english_words(english: str, vocabulary: dict[str, str]) -> list[str]:
    """The Chinese renderings of ``vocabulary``'s English phrases in folded ``english``, longest phrase first."""
    found = []
    for word in sorted(vocabulary, key=len, reverse=True):
        pattern = _english_pattern(word)
        if pattern.search(english):
            found.append(vocabulary[word])
            english = pattern.sub(" ", english)
    return found


def _spot_english_cluster(original: str, engine: ClusterEngine) -> tuple[NameMatch | None, str]:
    """A cluster named in English ("the Seattle aerospace cluster", "Odense") through :mod:`qa.retrieval.glossary`.

    The place picks the clusters whose names contain its Chinese spelling; where a place has
    several (Tokyo: robots and cars), the domain or industry words must single one out.
    """
    english = _fold(original)
    places = _english_words(english, PLACES)
    if not places:
        return None, ""
    names = [name for name in engine.known_names() if any(place in name for place in places)]
    if not names:
        return None, ""
    found = {engine.find_name(name) for name in names}
    by_cluster = {(m.cluster.number if m.cluster else m.entry_name): m for m in found if m is not None}
    if len(by_cluster) > 1:
        topics = _english_words(english, DOMAINS)
        topics += [term for term, words in INDUSTRY_ALIASES.items() if any(_english_pattern(w).search(english)
                                                                            for w in words)]

        def overlap(match: NameMatch) -> int:
            text = match.entry_name + (match.cluster.industry + match.cluster.domain if match.cluster else "")
            return sum(1 for topic in topics if topic in text)

        scores = {key: overlap(match) for key, match in by_cluster.items()}
        best = max(scores.values())
        winners = [key for key, score in scores.items() if score == best]
        if best == 0 or len(winners) != 1:
            return None, ""  # several clusters in that place and nothing to choose between them
        by_cluster = {winners[0]: by_cluster[winners[0]]}
    match = next(iter(by_cluster.values()))
    return match, ""


def _spot_short_name(question: str, engine: ClusterEngine) -> tuple[NameMatch | None, str]:
    """A cluster named by a short head only ("硅谷的龙头企业"): taken when exactly one name starts with it."""
    match = _SHORT_NAME.search(question)
    if not match:
        return None, ""
    head = normalise_name(match.group(1))
    if not head or _filters(match.group(1), match.group(1)) or len(head) < 2:
        return None, ""
    names = {spelling for spelling in engine.known_names() if normalise_name(spelling).startswith(head)}
    found = {engine.find_name(spelling) for spelling in names}
    clusters = {m.cluster.number if m and m.cluster else (m.entry_name if m else None) for m in found}
    if len(clusters) != 1 or None in clusters:
        return None, ""
    return engine.find_name(sorted(names)[0]), head


def _spot_firm(text: str, original: str, engine: ClusterEngine) -> str:
    folded = normalise_name(text)
    for firm in engine.firm_names:
        key = normalise_name(firm)
        if len(key) >= 2 and key in folded and not (len(key) == 2 and not re.search(r"[\u4e00-\u9fff]", key)):
            return firm
    english = _fold(original)
    for firm, words in FIRM_ALIASES.items():
        if any(_english_pattern(word).search(english) for word in words):
            return firm
    return ""


def _attribute(text: str, english: str) -> str:
    for attribute, chinese, latin in _ATTRIBUTES:
        if re.search(chinese, text) or re.search(latin, english):
            return attribute
    return ""


def _leftover_subject(text: str) -> str:
    """What is left of a count/list question once the known words are removed (an unknown place)."""
    before = re.split(r"有多少|有几|一共|总共|共有|有哪些|哪些|多少|几个|的集群|集群", text, maxsplit=1)[0]
    for word in sorted(_GENERIC, key=len, reverse=True):
        before = before.replace(word, "")
    before = re.sub(r"[\s，,。？?！!、：:（）()“”\"']", "", before)
    return before if len(re.findall(r"[\u4e00-\u9fff]", before)) >= 2 else ""


# ------------------------------------------------------------------ parsing
def parse_table_question(question: str, engine: ClusterEngine, context: TableQuery | None = None) -> TableQuery | None:
    """Parse one question (with the previous table question as context); None when it is not a table question."""
    original = unicodedata.normalize("NFKC", question).strip()
    if _TABLE_LABEL.search(original):
        return None  # "表 2-2 中有哪些集群？": about one printed table; passage search holds it whole
    english_text = _fold(original)
    english = not is_chinese(original)
    cluster, cluster_text = _spot_cluster(original, engine)
    if cluster is None and _attribute(original, english_text) not in ("", "name", "number"):
        cluster, cluster_text = _spot_short_name(original, engine)
    if cluster is None and english and not re.search(r"\bclusters\b|\bhow many\b|\bwhich cluster", english_text) \
            and (_attribute(original, english_text) or context is not None):
        cluster, cluster_text = _spot_english_cluster(original, engine)
    rest = original  # the question without the cluster's name, so its words are not read as filters
    if cluster is not None:
        for piece in {cluster.entry_name, cluster.cluster.name if cluster.cluster else ""} - {""}:
            rest = rest.replace(piece, " ")
        if rest == original:  # named loosely ("波士顿生物技术集群"): drop the matched part of the folded text
            rest = normalise_name(original).replace(cluster_text, " ")
    firm = "" if cluster else _spot_firm(rest, original, engine)
    chinese_rest = rest.replace(firm, " ") if firm else rest
    filters = {} if cluster else _filters(chinese_rest, original if not firm else original.replace(firm, " "))
    attribute = _attribute(chinese_rest, english_text)
    number_match = _ROW_NUMBER.search(original)
    bare = re.sub(r"[\s，,。？?！!]", "", original)
    followup = context is not None and bool(_FOLLOWUP_ZH.search(original) or _FOLLOWUP_EN.search(original)
                                            or (len(bare) <= 8 and not english))  # "有哪些？", "多少个？"
    mentions_clusters = "集群" in original or re.search(r"\bclusters?\b", english_text) or "附表" in original
    base = TableQuery("unknown", english=english)

    if _FIRM_COUNT.search(original) and "龙头" not in original:
        if cluster is not None:
            return replace(base, intent="firm_count", cluster=cluster)
        return None
    if _OTHER_MEASURE.search(original):
        return None  # "韩国的半导体产业集群有多少员工？": not a count of clusters
    if number_match and (mentions_clusters or "序号" in original) and not cluster:
        number = int(number_match.group(1) or number_match.group(2))
        return replace(base, intent="number", number=number, attribute=attribute if attribute != "number" else "")
    if firm and (_FIRM_CLUSTER.search(original) or _FIRM_CLUSTER.search(english_text)):
        return replace(base, intent="firm", firm=firm, attribute="cluster")
    if firm and attribute == "innovations":
        return replace(base, intent="firm", firm=firm, attribute="innovations")
    if not firm and not cluster and (_FIRM_CLUSTER.search(original) or _FIRM_CLUSTER.search(english_text)):
        span = _FIRM_SPAN.search(original)
        if span and not _filters(span.group(1), span.group(1)):
            return replace(base, intent="firm", unknown=span.group(1).strip(), attribute="cluster")
    if cluster is not None and attribute and attribute != "name":
        return replace(base, intent="attribute", cluster=cluster, attribute=attribute)
    if cluster is None and attribute in ("firms", "institutes", "domain", "industry", "country", "continent",
                                         "innovations"):
        span = _NAME_SPAN.search(original)
        place = _leftover_subject(_without_filter_words(span.group(1)) + "有") if span and "集群" in span.group(1) \
            else ""
        if place and not _NOT_A_PLACE.search(place):
            if any(place in normalise_name(name) for name in engine.known_names()):
                return None  # a place the tables have, named loosely (芝加哥 has three clusters): not guessed
            return replace(base, intent="attribute", unknown=span.group(1).strip(), attribute=attribute)

    group = _GROUP_ZH.search(original) or _GROUP_EN.search(english_text)
    if group and (mentions_clusters or followup or filters):
        word = next(g for g in group.groups() if g)
        key = {"洲": "continent", "国家": "country", "领域": "domain", "sector": "domain"}.get(word, word)
        extreme = _EXTREME.search(english_text if english else original)
        return replace(base, intent="group", group_by=key, filters=tuple(filters.items()),
                       extreme=extreme.group(0) if extreme else "")
    if _NOT_ABOUT_TABLES.search(original) and not followup:
        return None
    intent = ""
    if _matches(_COUNT_ZH, original) or (english and _COUNT_EN.search(english_text) and mentions_clusters):
        intent = "count"
    elif _matches(_LIST_ZH, original) or (english and _LIST_EN.search(english_text)):
        intent = "list" if (mentions_clusters or followup or filters) else ""
    elif followup and (_COUNT_WEAK_ZH.search(original) or _COUNT_EN.search(english_text)):
        intent = "count"
    if intent and _LIST_ZH.search(original) and not mentions_clusters and not followup:
        which = re.search(r"哪些(\w{1,3})", original)
        if which and not which.group(1).startswith(("集群", "？")):
            return None  # "分布在哪些地区": not a column of the tables
    if intent in ("count", "list"):
        if not mentions_clusters and not followup:
            return None
        query = replace(base, intent=intent, filters=tuple(filters.items()))
        if not filters and not followup and not cluster:
            subject = _leftover_subject(original) if not english else _unknown_english_subject(original)
            if subject and _NOT_A_PLACE.search(subject):
                return None  # "本报告选取了多少个典型集群作为样本？": about the report's method, not a place
            place = _named_place(subject, engine)
            if place:
                return replace(query, filters=(("place", place),))
            if subject:
                return replace(query, unknown=subject)
        elif filters and not followup and not cluster and not english:
            qualifier = _qualifier(original)
            place = _named_place(qualifier, engine)
            if place:
                return replace(query, filters=tuple({**filters, "place": place}.items()))
            if qualifier:
                return None  # "德国获得金标集群称号的集群有多少个？": a property the tables do not record
        return query if not followup else _merge(query, context, original)

    if followup and context is not None:
        base = replace(base, followup=True)
        if attribute and attribute != "name":
            if cluster or (_PRONOUN.search(original) and context.cluster) or context.cluster:
                return replace(base, intent="attribute", cluster=cluster or context.cluster, attribute=attribute)
            if context.firm:
                return replace(base, intent="firm", firm=context.firm, attribute=attribute)
        if cluster and context.intent == "attribute":
            return replace(context, cluster=cluster, english=english, followup=True)
        if firm and context.intent == "firm":
            return replace(context, firm=firm, unknown="", english=english, followup=True)
        if filters and context.intent in ("count", "list", "group"):
            return _merge(replace(base, intent=context.intent, filters=tuple(filters.items())), context, original)
        asks_about = re.search(r"^(?:那|那么)?(.+?)呢[？?]?$", original)  # "卢森堡呢？": a place we do not know
        unknown = _leftover_subject(asks_about.group(1)) if asks_about and not english else ""
        if english and re.search(r"^(?:what|how) about\b|^and\b", english_text):
            unknown = _unknown_english_subject(original)
        place = _named_place(unknown, engine) if context.intent in ("count", "list", "group") else ""
        if place:
            return _merge(replace(base, intent=context.intent, filters=(("place", place),)), context, original)
        if unknown and context.intent in ("count", "list"):
            return replace(context, unknown=unknown, english=english, followup=True)
    if cluster is not None and cluster_text and attribute == "" and re.search(r"是什么|介绍|what is", original, re.I):
        return None
    return None


_PLAIN_QUALIFIERS = ("主要", "重点", "著名", "知名", "重要", "代表性", "大型", "世界级", "国际", "国家", "地区", "区域", "城市",
                     "行业", "领域", "提到", "提及", "涉及", "所列", "介绍")  # "报告中提到的越南有哪些集群"


def _qualifier(question: str) -> str:
    """What still qualifies the clusters once place, domain, industry and plain words are removed."""
    text = _without_filter_words(question)
    for word in _PLAIN_QUALIFIERS:
        text = text.replace(word, "")
    return _leftover_subject(text)


def _named_place(subject: str, engine: ClusterEngine) -> str:
    """A city or region that cluster names begin with (芝加哥, "Munich" → 慕尼黑), or ""."""
    if not subject:
        return ""
    if not is_chinese(subject):
        subject = next(iter(_english_words(_fold(subject), PLACES)), "")
    place = normalise_name(subject)
    if len(place) < 2:
        return ""
    for name in engine.known_names():
        folded = normalise_name(name)
        if any(folded.startswith(place, start) for start in _place_starts(folded)) or \
                (subject in PLACES.values() and place in folded):
            return subject
    return ""


def _unknown_english_subject(original: str) -> str:
    words = re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b", original)
    ignored = {"How", "What", "Which", "List", "Name", "Show", "The", "In", "Does", "Do", "Is", "Are", "Clusters",
               "Cluster", "Appendix", "Table", "Report", "There", "Tell", "Please", "Give"}
    return next((w for w in words if w.split()[0] not in ignored), "")


def _merge(query: TableQuery, context: TableQuery | None, original: str) -> TableQuery:
    """A follow-up's filters on top of the previous question's: places replace places unless narrowing."""
    if context is None or context.intent not in ("count", "list", "group"):
        return query
    merged = dict(context.filters)
    new = dict(query.filters)
    if not _NARROWING.search(original) and ({"continent", "country", "place"} & set(new)):
        for key in ("continent", "country", "place"):
            merged.pop(key, None)
    merged.update(new)
    intent = query.intent if query.intent in ("count", "list", "group") else context.intent
    return replace(context, intent=intent, filters=tuple(merged.items()), english=query.english, unknown="",
                   followup=True)


def _context(history: Sequence[str], engine: ClusterEngine) -> TableQuery | None:
    context = None
    for earlier in history or ():
        if earlier and str(earlier).strip():
            context = parse_table_question(str(earlier), engine, context)
    return context


# ------------------------------------------------------------------ rendering
def _english_name(value: str) -> str:
    for aliases in (COUNTRY_ALIASES, CONTINENT_ALIASES, DOMAIN_ALIASES):
        if value in aliases:
            word = next((w for w in aliases[value] if re.search(r"[a-z]", w) and len(w) > 3), "")
            if word:
                return " ".join(part.capitalize() for part in word.split())
    return ""


def _shown(value: str, english: bool) -> str:
    if not english:
        return value
    translation = _english_name(value)
    return f"{value} ({translation})" if translation else value


class _Citations:
    """Numbers passages as they are cited; the same passage keeps its number."""

    def __init__(self):
        self.passages: list[Passage] = []

    def mark(self, passages: Sequence[Passage]) -> str:
        numbers = []
        for passage in passages:
            ids = [p.id for p in self.passages]
            if passage.id not in ids:
                self.passages.append(passage)
                ids.append(passage.id)
            numbers.append(ids.index(passage.id) + 1)
        return "".join(f"[{n}]" for n in dict.fromkeys(numbers))

    def span(self, passages: Sequence[Passage]) -> str:
        marks = self.mark(passages)
        numbers = [int(n) for n in re.findall(r"\d+", marks)]
        if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"[{numbers[0]}]–[{numbers[-1]}]"
        return marks


def _appendix_row(cluster: Cluster) -> list[Passage]:
    return [p for p in cluster.sources if p.kind == "table_row"][:1]


def _scope(filters: dict[str, str], english: bool) -> str:
    if english:
        parts = []
        if filters.get("country"):
            parts.append(f" in {_shown(filters['country'], True)}")
        elif filters.get("continent"):
            parts.append(f" in {_shown(filters['continent'], True)}")
        if filters.get("country") and filters.get("continent"):
            parts.append(f" ({_shown(filters['continent'], True)})")
        if filters.get("place"):
            english_place = next((w for w, zh in PLACES.items() if zh == filters["place"]), "")
            parts.append(f" in {filters['place']}" + (f" ({english_place.title()})" if english_place else ""))
        if filters.get("domain"):
            parts.append(f" in the {_shown(filters['domain'], True)} domain")
        if filters.get("industry"):
            parts.append(f" whose leading industry mentions {filters['industry']}")
        return "".join(parts)
    where = "".join(filters.get(key, "") for key in ("continent", "country", "place", "domain"))
    if filters.get("industry"):
        where += f"主导产业涉及“{filters['industry']}”"
    return where


def _fit(head: str, items: list[str], tail: str, budget: int, more) -> str:
    """``head`` + as many ``items`` as fit in ``budget`` + ``more(number left out)`` + ``tail``."""
    for shown in range(len(items), -1, -1):
        text = head + "".join(items[:shown]) + more(len(items) - shown) + tail
        if len(text) <= budget or shown == 0:
            return text
    return head + tail


def _row_label(cluster: Cluster, filters: dict[str, str], english: bool) -> str:
    if "country" not in filters:
        return f"（{cluster.country}）" if not english else f" ({cluster.country})"
    if "domain" not in filters:
        return f"（{cluster.domain}）" if not english else f" ({cluster.domain})"
    return ""


def _count_or_list(query: TableQuery, engine: ClusterEngine) -> Answer:
    """The count sentence first, then as many names as the question kind's budget allows, then how many more."""
    filters = query.filter_dict
    english = query.english
    rows = engine.clusters(**filters)
    cite = _Citations()
    scope = _scope(filters, english)
    if not rows:
        return _empty(query, engine, filters)
    marks = cite.span([p for c in rows for p in _appendix_row(c)])
    cite.passages.clear()  # rows are re-cited one by one below, with the same numbering
    labels = [_row_label(cluster, filters, english) for cluster in rows]
    numbers = [cite.mark(_appendix_row(cluster)) for cluster in rows]
    note = _domain_note(rows, filters, engine, english)
    budget = query.budget
    if english:
        noun = "cluster" if len(rows) == 1 else "clusters"
        head = f"The appendix (附表) lists {len(rows)} {noun}{scope} {marks}" if scope else \
            f"The appendix (附表) lists {len(rows)} {noun} in total {marks}"
    else:
        head = f"附表中{scope}的集群共有 {len(rows)} 个{marks}" if scope else f"附表共列出 {len(rows)} 个集群{marks}"
    if query.intent == "list" and budget >= LIST_BUDGET:  # a list question: one name a line
        more = (lambda k: f"\n- … and {k} more" if k else "") if english else \
            (lambda k: f"\n- ……另有 {k} 个" if k else "")
        items = [f"\n- {c.name}{label}{number}" for c, label, number in zip(rows, labels, numbers)]
        text = _fit(head + ":" if english else head + "：", items, note, budget, more)
        return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
    # a count (or a follow-up): the figure, a breakdown when the rows span several values, names inline
    head += "." if english else "。"
    by = "country" if "country" not in filters else "domain" if "domain" not in filters else ""
    groups = engine.counts(by, **filters) if by and len(rows) > 3 and query.intent == "count" else []
    if len(groups) > 1:
        breakdown = (", " if english else "、").join(f"{value} {n}" for value, n in groups)
        word = {"country": "国家", "domain": "领域"}[by]
        candidate = head + (f" By {by}: {breakdown}." if english else f"按{word}：{breakdown}。")
        if len(candidate + note) <= budget - 40:  # leave room for a few names
            head = candidate
    lead = " Including: " if english else "包括："
    if len(rows) == 1:
        lead = " It is " if english else "即"
    separator = "; " if english else "、"
    more = (lambda k: f" … and {k} more." if k else ".") if english else (lambda k: f"……另有 {k} 个。" if k else "。")
    items = [(separator if i else lead) + c.name + number for i, (c, number) in enumerate(zip(rows, numbers))]
    text = _fit(head, items, note, budget, more)
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")


def _domain_note(rows: list[Cluster], filters: dict[str, str], engine: ClusterEngine, english: bool) -> str:
    """Where the appendix has a sibling domain (新能源领域 beside 新能源及智能网联汽车领域), say so."""
    domain = filters.get("domain")
    discrepancies = [d for d in engine.linked.discrepancies if d.domain == domain
                     and d.continent == filters.get("continent", d.continent)]
    if not discrepancies:
        return ""
    others = {k: v for k, v in filters.items() if k != "domain"}
    siblings = [c for c in engine.clusters(**others) if c.domain != domain
                and any(f"{c.number} {c.name}" in d.explanation for d in discrepancies)]
    if not siblings:
        return ""
    names = "、".join(f"{c.name}（{c.domain}）" for c in siblings)
    if english:
        return f"\nNote: the appendix also has {names}, which 图 2-1 counts together with this domain."
    return f"\n另：附表另有{names}，图 2-1 将其与本领域合并统计。"


def _empty(query: TableQuery, engine: ClusterEngine, filters: dict[str, str]) -> Answer:
    """No rows: answered (with the scope's rows cited) when every word is the report's own, else not."""
    english = query.english
    scope = _scope(filters, english)
    known = all(value in engine.values(key) for key, value in filters.items() if key in ("continent", "country",
                                                                                        "domain"))
    broader = []
    for key in ("country", "continent", "domain"):
        if key in filters and len(filters) > 1:
            broader = engine.clusters(**{key: filters[key]})
            if broader:
                break
    if known and broader:
        cite = _Citations()
        marks = cite.span([p for c in broader for p in _appendix_row(c)])
        if english:
            text = f"None: the appendix (附表) lists 0 clusters{scope} (checked against its {len(broader)} rows {marks})."
        else:
            text = f"附表中没有{scope}的集群（0 个；核对了相关的 {len(broader)} 行{marks}）。"
        return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
    text = (f"The appendix (附表) lists no clusters{scope} (0)." if english else f"附表中没有{scope}的集群（0 个）。")
    return Answer(text=text, answered=False, citations=(), route="table")


def _group(query: TableQuery, engine: ClusterEngine) -> Answer:
    filters = query.filter_dict
    english = query.english
    rows = engine.clusters(**filters)
    if not rows:
        return _empty(query, engine, filters)
    groups = engine.counts(query.group_by, **filters)
    cite = _Citations()
    scope = _scope(filters, english)
    key_zh = {"continent": "所在洲", "country": "所在国家", "domain": "所属行业领域"}[query.group_by]
    if query.extreme:
        fewest = query.extreme in ("最少", "fewest", "least")
        target = groups[-1][1] if fewest else groups[0][1]
        winners = [value for value, n in groups if n == target]
        marks = cite.span([p for c in rows if getattr(c, query.group_by) in winners for p in _appendix_row(c)])
        if english:
            which = "fewest" if fewest else "most"
            text = f"{', '.join(_shown(w, True) for w in winners)} has the {which} clusters{scope}: {target} {marks}."
        else:
            text = f"附表中{scope}集群{'最少' if fewest else '最多'}的{key_zh[2:]}是{'、'.join(winners)}（{target} 个）{marks}。"
        separator = ", " if english else "、"
        ranking = [("\nRanking: " if english else "\n排名：") + f"{v} {n}" if i == 0 else f"{separator}{v} {n}"
                   for i, (v, n) in enumerate(groups)]
        text = _fit(text, ranking, "", query.budget, lambda k: " …" if k else "")
        return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
    marks = cite.span([p for c in rows for p in _appendix_row(c)])
    if english:
        head = f"The appendix (附表) lists {len(rows)} clusters{scope} {marks}; by {query.group_by}:"
    else:
        head = f"附表中{scope}共 {len(rows)} 个集群{marks}，按{key_zh}：" if scope else \
            f"附表共 {len(rows)} 个集群{marks}，按{key_zh}："
    items = [f"\n- {_shown(value, english)}: {n}" for value, n in groups]
    more = (lambda k: f"\n- … and {k} more" if k else "") if english else (lambda k: f"\n- ……另有 {k} 项" if k else "")
    return Answer(text=_fit(head, items, "", query.budget, more), answered=True, citations=tuple(cite.passages),
                  route="table")


def _items(values: Sequence[str], english: bool) -> str:
    return (", " if english else "、").join(values)


def _attribute_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    match, english, attribute = query.cluster, query.english, query.attribute
    cluster = match.cluster
    cite = _Citations()
    name = cluster.name if cluster else match.entry_name
    variant = "" if not cluster or match.entry_name in ("", cluster.name) else (
        f"（表中亦写作“{match.entry_name}”）" if not english else f" (also written {match.entry_name})")
    if attribute in ("firms", "institutes"):
        entries = [e for e, link in engine.linked.region_links if cluster and link.number == cluster.number] or \
                  [r for r in match.records if hasattr(r, "leading_firms")]
        values: list[str] = []
        for entry in entries:
            values.extend(v for v in (entry.leading_firms if attribute == "firms" else entry.institutes)
                          if v not in values)
        if not values:
            what = "龙头企业" if attribute == "firms" else "研究机构"
            if english:
                text = f"The report's tables do not list {'leading firms' if attribute == 'firms' else 'research institutes'} for {name}."
            else:
                text = f"报告的表格没有列出{name}的{what}。"
            firms_elsewhere = [r for r in match.records if hasattr(r, "firm")] + (list(cluster.innovations) if cluster else [])
            if attribute == "firms" and firms_elsewhere:
                marks = cite.mark([r.source for r in firms_elsewhere if r.source])
                firms = _items(list(dict.fromkeys(r.firm for r in firms_elsewhere)), english)
                text += (f" Its innovation table names {firms} {marks}." if english else
                         f"技术创新表中提到的该集群企业：{firms}{marks}。")
                return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
            return Answer(text=text, answered=False, route="table")
        marks = cite.mark([e.source for e in entries if e.source])
        label = ("Leading firms" if attribute == "firms" else "Research institutes") if english else \
            ("龙头企业" if attribute == "firms" else "研究机构")
        text = f"{label} of {name}{variant}: {_items(values, True)} {marks}." if english else \
            f"{name}{variant}的{label}：{_items(values, False)}{marks}。"
        return Answer(text=_trim(text), answered=True, citations=tuple(cite.passages), route="table")
    if attribute == "innovations":
        records = list(cluster.innovations) if cluster else [r for r in match.records if hasattr(r, "firm")]
        if not records:
            return Answer(text=(f"The report's tables give no patents or innovations for {name}." if english else
                                f"报告的表格没有给出{name}的专利及创新成果。"), answered=False, route="table")
        parts = [f"{r.firm}: {_items(r.achievements, english)}{cite.mark([r.source])}" if english else
                 f"{r.firm}：{_items(r.achievements, False)}{cite.mark([r.source])}" for r in records]
        text = (f"Patents and innovations of firms in {name}: " + "; ".join(parts) + ".") if english else \
            (f"{name}企业的专利及创新成果：" + "；".join(parts) + "。")
        return Answer(text=_trim(text), answered=True, citations=tuple(cite.passages), route="table")
    if cluster is None:  # a name only the innovation tables use: they give its country
        records = [r for r in match.records if hasattr(r, "country") and r.country]
        if attribute in ("country", "continent") and records:
            marks = cite.mark([r.source for r in records if r.source])
            text = (f"{name} is not in the appendix; {_table_label(records[0].table)} places it in "
                    f"{_shown(records[0].country, True)} {marks}.") if english else \
                (f"附表未列出{name}；据{_table_label(records[0].table)}，其所在国家为{records[0].country}{marks}。")
            return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
        return Answer(text=(f"{name} is not in the appendix (附表), which gives no {attribute} for it." if english else
                            f"附表中没有{name}，表格没有给出它的这项信息。"), answered=False, route="table")
    marks = cite.mark(_appendix_row(cluster))
    if english:
        text = {
            "domain": f"{name}{variant} belongs to {_shown(cluster.domain, True)} {marks} (leading industry: "
                      f"{cluster.industry}).",
            "industry": f"The leading industry (主导产业) of {name}{variant} is {cluster.industry} {marks}.",
            "country": f"{name}{variant} is in {_shown(cluster.country, True)}, {_shown(cluster.continent, True)} {marks}.",
            "continent": f"{name}{variant} is in {_shown(cluster.continent, True)} ({_shown(cluster.country, True)}) {marks}.",
            "number": f"{name}{variant} is number {cluster.number} in the appendix {marks}.",
        }[attribute]
    else:
        text = {
            "domain": f"{name}{variant}属于{cluster.domain}{marks}（主导产业：{cluster.industry}）。",
            "industry": f"{name}{variant}的主导产业是{cluster.industry}{marks}。",
            "country": f"{name}{variant}位于{cluster.continent}的{cluster.country}{marks}。",
            "continent": f"{name}{variant}位于{cluster.continent}（{cluster.country}）{marks}。",
            "number": f"{name}{variant}在附表中的序号是 {cluster.number}{marks}。",
        }[attribute]
    return Answer(text=_trim(text), answered=True, citations=tuple(cite.passages), route="table")


def _table_label(title: str) -> str:
    """``表 3-4 生物医药集群…`` → ``表 3-4``."""
    match = re.match(r"(附?表\s*[\d\-—–－.]*|图\s*[\d\-—–－.]*)", title)
    return match.group(1).strip() if match else title


def _trim(text: str, budget: int = LOOKUP_BUDGET) -> str:
    """Cut a lookup answer to its budget at a list separator, keeping the citation markers."""
    if len(text) <= budget:
        return text
    markers = "".join(re.findall(r"\[\d+\]", text))
    room = budget - len(markers) - 2
    cut = text[:room]
    for separator in ("、", ", ", "；", "; "):
        if separator in cut:
            cut = cut[: cut.rfind(separator)]
            break
    return cut + "…" + markers


def _firm_answer(query: TableQuery, engine: ClusterEngine) -> Answer | None:
    english = query.english
    if query.unknown and not query.firm:
        return Answer(text=(f"The report's tables do not mention {query.unknown}." if english else
                            f"报告的表格中没有提到{query.unknown}。"), answered=False, route="table")
    mentions = engine.firm_mentions(query.firm)
    cite = _Citations()
    if query.attribute == "innovations":
        records = [m for m in mentions if m.role == "innovation"]
        if not records:
            return None  # the tables say nothing of its patents; the prose may
        parts = []
        for mention in records:
            r = mention.record
            marks = cite.mark([r.source])
            parts.append(f"{r.firm} ({r.country}, {r.cluster}): {_items(r.achievements, True)} {marks}" if english else
                         f"{r.firm}（{r.country}，{r.cluster}）的专利及创新成果集中在：{_items(r.achievements, False)}{marks}")
        text = ("Patents and innovations — " + "; ".join(parts) + ".") if english else "；".join(parts) + "。"
        return Answer(text=_trim(text), answered=True, citations=tuple(cite.passages), route="table")
    if not mentions:
        return Answer(text=(f"The report's tables do not name {query.firm} with a cluster." if english else
                            f"报告的表格没有把{query.firm}列在任何集群中。"), answered=False, route="table")
    by_cluster: dict[str, list[FirmMention]] = {}
    for mention in mentions:
        key = mention.cluster.name if mention.cluster else mention.cluster_name
        by_cluster.setdefault(key, []).append(mention)
    parts = []
    for name, group in by_cluster.items():
        marks = cite.mark([m.record.source for m in group if m.record.source])
        roles = []
        for m in group:
            role = ("leading firm" if m.role == "leading_firm" else "innovation table") if english else \
                ("龙头企业" if m.role == "leading_firm" else "技术创新表")
            if m.cluster_name != name:
                role += (f", written {m.cluster_name}" if english else f"，写作“{m.cluster_name}”")
            roles.append(role)
        status = "" if group[0].cluster else ("; not in the appendix" if english else "；附表未列")
        parts.append(f"{name} ({'; '.join(dict.fromkeys(roles))}{status}) {marks}" if english else
                     f"{name}（{'；'.join(dict.fromkeys(roles))}{status}）{marks}")
    text = (f"{query.firm} is named in: " + "; ".join(parts) + ".") if english else \
        (f"{query.firm}所在的集群：" + "、".join(parts) + "。")
    return Answer(text=_trim(text), answered=True, citations=tuple(cite.passages), route="table")


def _number_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    cluster = engine.by_number(query.number)
    english = query.english
    if cluster is None:
        total = len(engine.all_clusters)
        return Answer(text=(f"The appendix has no row number {query.number} (it numbers 1–{total})." if english else
                            f"附表中没有序号 {query.number}（序号为 1–{total}）。"), answered=False, route="table")
    if query.attribute and query.attribute not in ("name", "number"):
        match = NameMatch(cluster.name, cluster, cluster.name, (), "number", 100.0)
        return _attribute_answer(replace(query, intent="attribute", cluster=match), engine)
    cite = _Citations()
    marks = cite.mark(_appendix_row(cluster))
    text = (f"Number {cluster.number} in the appendix is {cluster.name} ({_shown(cluster.country, True)}, "
            f"{cluster.domain}) {marks}.") if english else \
        f"附表序号 {cluster.number} 的集群是{cluster.name}（{cluster.continent}，{cluster.country}，{cluster.domain}）{marks}。"
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")


def _firm_count_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    match = query.cluster
    name = match.cluster.name if match.cluster else match.entry_name
    firms = list(match.cluster.leading_firms) if match.cluster else []
    listed = f"（表格只列出其龙头企业：{_items(firms[:8], False)}）" if firms and not query.english else ""
    text = (f"The report does not give the number of firms in {name}." if query.english else
            f"报告没有给出{name}的企业数量{listed}。")
    return Answer(text=text, answered=False, route="table")


APPENDIX_YEAR = 2023  # the appendix lists the clusters as the 2023 report found them
_YEAR_MENTION = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _outside_snapshot(question: str) -> bool:
    """True when the question is about years the appendix's one snapshot cannot speak for (2030, 2010)."""
    years = {int(y) for y in _YEAR_MENTION.findall(unicodedata.normalize("NFKC", question))}
    return bool(years) and APPENDIX_YEAR not in years


def answer_table_question(question: str, history: Sequence[str] | None, engine: ClusterEngine | None) -> Answer | None:
    """Answer a table question exactly from ``engine``, or return None for any other question.

    ``history`` holds the earlier user questions of the chat, oldest first; a follow-up
    ("韩国呢？") reuses the last table question's intent and filters.  The answer cites the
    table-row passages it used (``route="table"``); ``answered`` is False when the report's
    tables do not have what was asked (an unknown cluster, firm or place).
    """
    if engine is None or not engine.has_appendix or not question or not str(question).strip():
        return None
    for report_table in (_keyword_answer, _policy_answer):  # 表 5-1 and 表 6-2, asked about plainly
        answer = report_table(str(question), engine)
        if answer is not None:
            return answer
    context = _context(history or [], engine)
    query = parse_table_question(str(question), engine, context)
    if query is None:
        return None
    if query.intent in ("count", "list", "group") and _outside_snapshot(str(question)):
        return None  # the appendix cannot say how many clusters there were (or will be) in 2010 or 2035
    if query.intent in ("count", "list", "group") and query.unknown:
        return _empty(replace(query, filters=()), engine, {"country": query.unknown})
    handlers = {
        "count": _count_or_list, "list": _count_or_list, "group": _group, "attribute": _attribute_or_unknown,
        "firm": _firm_answer, "number": _number_answer, "firm_count": _firm_count_answer,
    }
    handler = handlers.get(query.intent)
    answer = handler(query, engine) if handler else None
    if answer is None:
        return None
    return replace(answer, question=str(question))


def _attribute_or_unknown(query: TableQuery, engine: ClusterEngine) -> Answer:
    if query.cluster is None:
        name = query.unknown
        total = len(engine.all_clusters)
        return Answer(text=(f"The report has no cluster named {name}: it is not among the {total} clusters of the "
                            f"appendix (附表)." if query.english else
                            f"报告中没有“{name}”：附表中没有这个集群（附表共列出 {total} 个集群）。"),
                      answered=False, route="table")
    return _attribute_answer(query, engine)


# ------------------------------------------------------------------ 表 5-1 keywords and 表 6-2 policies
_KEYWORD_TABLE = re.compile(r"关键词|\bkeywords?\b", re.I)
_KEYWORD_RANKING = re.compile(r"频次|频率|最高|最多|排名|排第|第一|前\s*\d+|第\s*\d+|\btop\b|\bmost (?:frequent|common)\b"
                              r"|\bfrequen|\brank", re.I)
_POLICY_TABLE = re.compile(r"重点政策|政策|\bpolic(?:y|ies)\b", re.I)
_PERIODS = (("近期", re.compile(r"近期|最近|近年|2022|2023|\brecent|\blatest\b|\bcurrent\b", re.I)),
            ("前期", re.compile(r"前期|早期|此前|以前|2005|2021|\bearl(?:y|ier)\b|\bprevious\b|\bformer\b|\bpast\b",
                              re.I)))
_CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _rank_number(text: str) -> int:
    return int(text) if text.isdigit() else _CHINESE_NUMBERS.get(text, 0)


def _keyword_answer(question: str, engine: ClusterEngine) -> Answer | None:
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
    cite = _Citations()
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
    return Answer(text=_trim(text, LOOKUP_BUDGET if len(rows) == 1 else LIST_BUDGET), answered=True,
                  citations=tuple(cite.passages), route="table", question=question)


def _policy_countries(original: str, countries: Sequence[str]) -> list[str]:
    english = _fold(original)
    found = [country for country in countries if country in original]
    for word, chinese in sorted(COUNTRIES.items(), key=lambda item: -len(item[0])):
        if chinese in countries and chinese not in found:
            if len(word) <= 3:
                if re.search(r"(?<![A-Za-z])" + re.escape(word.upper()) + r"(?![A-Za-z])", original):
                    found.append(chinese)
            elif _english_pattern(word).search(english):
                found.append(chinese)
    return found


def _policy_answer(question: str, engine: ClusterEngine) -> Answer | None:
    """表 6-2: a country's key policies in the earlier (2005-2021) or recent (2022-2023) period."""
    policies = getattr(engine.linked.tables, "policies", ())
    original = unicodedata.normalize("NFKC", question)
    if not policies or not _POLICY_TABLE.search(original):
        return None
    periods = [name for name, pattern in _PERIODS if pattern.search(original)]
    countries = _policy_countries(original, list(dict.fromkeys(p.country for p in policies)))
    if not periods or not countries or re.search(r"如何|怎样|为什么|为何|效果|影响|\bhow\b|\bwhy\b", original, re.I):
        return None  # only "which policies, when, where": anything else is prose
    english = not is_chinese(original)
    rows = [p for p in policies if p.country in countries and any(p.period.startswith(name) for name in periods)]
    if not rows:
        return None
    cite = _Citations()
    budget = LOOKUP_BUDGET if len(countries) == 1 else LIST_BUDGET
    share = (budget - 12) // len(rows)  # each row keeps its share; long lists end with how many more
    parts = []
    for row in rows:
        marks = cite.mark([row.source] if row.source else [])
        period = row.period.replace(" ", "")
        head = f"{_shown(row.country, True)}, {period}: " if english else f"{row.country}{period}的重点政策："
        separator = ", " if english else "、"
        items = [(separator if i else "") + policy for i, policy in enumerate(row.policies)]
        more = (lambda k: f" and {k} more" if k else "") if english else (lambda k: f"等（另有 {k} 项）" if k else "")
        parts.append(_fit(head, items, (" " if english else "") + marks, share, more))
    text = ("Table 6-2 (表 6-2) — " + "; ".join(parts) + ".") if english else ("据表 6-2，" + "；".join(parts) + "。")
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table", question=question)
