"""Parsing a table question into a :class:`~qa.tables.table_query.TableQuery`: filters, operation, attribute.

:func:`parse_table_question` first finds what the question names (a cluster, a firm, the
filters, an attribute; :mod:`qa.tables.spotting`), then decides what it asks: a fact about
one cluster or firm (:func:`_subject_query`), or a count, list or breakdown of the appendix
rows (:func:`_set_query`); a follow-up that says neither is read against the previous table
question (:mod:`qa.tables.followups`).  None means "not a table question".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from qa.tables.cluster_engine import ClusterEngine
from qa.tables.conditions import find_condition
from qa.tables.followups import EACH_ATTRIBUTES, Found, is_followup, merge, parse_followup
from qa.tables.linking import normalise_name
from qa.tables.question_words import (CLUSTER_FACTS, COMPARE, COUNT_EN, COUNT_WEAK_ZH, COUNT_ZH, DISTINCT_EN,
                                      DISTINCT_KEY, DISTINCT_ZH, EXTREME, FIRM_CLUSTER, FIRM_COUNT, FIRM_SPAN, GROUP_EN,
                                      GROUP_KEY, GROUP_ZH, TOP_EN, TOP_NUMBERS, TOP_ZH, LIST_EN, LIST_ZH, NAME_SPAN, NOT_A_PLACE, NOT_ABOUT_TABLES,
                                      OTHER_MEASURE, ROW_NUMBER, TABLE_LABEL)
from qa.tables.spotting import (find_all_values, find_attribute, find_filters, fold, leftover_subject,
                                matches_operation, named_place, qualifier, spot_cluster, spot_english_cluster,
                                spot_firm, spot_institute, spot_short_name, unknown_english_subject,
                                without_filter_words)
from qa.tables.table_query import TableQuery
from qa.text import is_chinese


def parse_table_question(question: str, engine: ClusterEngine, context: TableQuery | None = None) -> TableQuery | None:
    """Parse one question (with the previous table question as context); None when it is not a table question."""
    # 行业领域 is the appendix's own column name (所属行业领域) for what questions also call 领域
    original = unicodedata.normalize("NFKC", question).strip().replace("行业领域", "领域")
    if TABLE_LABEL.search(original):
        return None  # "表 2-2 中有哪些集群？": about one printed table; passage search holds it whole
    english_text = fold(original)
    english = not is_chinese(original)
    found = _find(original, english_text, english, context, engine)
    followup = is_followup(original, english, context)
    mentions_clusters = bool("集群" in original or re.search(r"\bclusters?\b", english_text) or "附表" in original)
    base = TableQuery("unknown", english=english, names=found.names)

    if FIRM_COUNT.search(original) and "龙头" not in original:
        if found.cluster is not None:
            return replace(base, intent="firm_count", cluster=found.cluster)
        return None
    if OTHER_MEASURE.search(original):
        return None  # "韩国的半导体产业集群有多少员工？": not a count of clusters
    subject = _subject_query(original, english_text, found, mentions_clusters, base, engine)
    if subject is not None:
        return subject or None
    measured = _measured_query(original, english_text, english, found, followup, mentions_clusters, base, context)
    if measured is not None:
        return measured or None
    query = _set_query(original, english_text, english, found, followup, mentions_clusters, base, context, engine)
    if query is not None:
        return query or None
    if followup and context is not None:
        query = parse_followup(original, english_text, english, found, context, engine)
        return replace(query, names=found.names) if query is not None else None
    return None


def _find(original: str, english_text: str, english: bool, context: TableQuery | None,
          engine: ClusterEngine) -> Found:
    """The cluster, firm, filters and attribute the question names (a cluster's words are not read as filters)."""
    cluster, cluster_text = spot_cluster(original, engine)
    if cluster is None and find_attribute(original, english_text) not in ("", "name", "number"):
        cluster, cluster_text = spot_short_name(original, engine)
    if cluster is None and english and not re.search(r"\bclusters\b|\bhow many\b|\bwhich cluster", english_text) \
            and (find_attribute(original, english_text) or context is not None):
        cluster, cluster_text = spot_english_cluster(original, engine)
    rest = original  # the question without the cluster's name, so its words are not read as filters
    if cluster is not None:
        for piece in {cluster.entry_name, cluster.cluster.name if cluster.cluster else ""} - {""}:
            rest = rest.replace(piece, " ")
        if rest == original:  # named loosely ("波士顿生物技术集群"): drop the matched part of the folded text
            rest = normalise_name(original).replace(cluster_text, " ")
    firm = "" if cluster else spot_firm(rest, original, engine)
    institute = "" if cluster or firm else spot_institute(rest, engine)
    chinese_rest = rest.replace(firm, " ") if firm else rest
    if institute:
        chinese_rest = normalise_name(chinese_rest).replace(normalise_name(institute), " ")
    english_rest = original.replace(firm, " ") if firm else original
    filters = {} if cluster else find_filters(chinese_rest, english_rest)
    values = {} if cluster else find_all_values(chinese_rest, english_rest)
    names = tuple(name for name in (cluster_text, firm, institute) if name)
    return Found(cluster, firm, filters, find_attribute(chinese_rest, english_text), institute, values, names)


def _subject_query(original: str, english_text: str, found: Found, mentions_clusters: bool, base: TableQuery,
                   engine: ClusterEngine) -> TableQuery | bool | None:
    """A question about one row, firm or named cluster; False to decline, None when it is not one."""
    cluster, firm, attribute = found.cluster, found.firm, found.attribute
    number_match = ROW_NUMBER.search(original)
    asks_cluster_of = bool(FIRM_CLUSTER.search(original) or FIRM_CLUSTER.search(english_text))
    if number_match and (mentions_clusters or "序号" in original) and not cluster:
        number = int(number_match.group(1) or number_match.group(2))
        return replace(base, intent="number", number=number, attribute=attribute if attribute != "number" else "")
    if firm and asks_cluster_of:
        return replace(base, intent="firm", firm=firm, attribute="cluster")
    if firm and attribute in CLUSTER_FACTS:  # "华为的研究机构有哪些？": the clusters that list the firm
        return replace(base, intent="firm", firm=firm, attribute=attribute)
    if found.institute and (asks_cluster_of or attribute in CLUSTER_FACTS):
        return replace(base, intent="institute", institute=found.institute,
                       attribute="cluster" if asks_cluster_of or attribute == "institutes" else attribute)
    if not firm and not cluster and asks_cluster_of:
        span = FIRM_SPAN.search(original)
        if span and not find_filters(span.group(1), span.group(1)):
            return replace(base, intent="firm", unknown=span.group(1).strip(), attribute="cluster")
    if cluster is not None and attribute and attribute != "name":
        return replace(base, intent="attribute", cluster=cluster, attribute=attribute)
    if cluster is None and attribute in CLUSTER_FACTS:
        span = NAME_SPAN.search(original)
        place = leftover_subject(without_filter_words(span.group(1)) + "有") if span and "集群" in span.group(1) \
            else ""
        if place and not NOT_A_PLACE.search(place):
            if any(place in normalise_name(name) for name in engine.known_names()):
                return False  # a place the tables have, named loosely (芝加哥 has three clusters): not guessed
            return replace(base, intent="attribute", unknown=span.group(1).strip(), attribute=attribute)
    return None


def _measured_query(original: str, english_text: str, english: bool, found: Found, followup: bool,
                    mentions_clusters: bool, base: TableQuery, context: TableQuery | None) -> TableQuery | bool | None:
    """A comparison of two values, a count of distinct values, or a condition on a number; None for none of them."""
    filters = dict(found.filters)
    if found.cluster is not None:
        return None
    compared = next(((key, tuple(values)) for key, values in found.values.items() if len(values) > 1), None)
    if compared and (mentions_clusters or followup) and COMPARE.search(original):
        key, values = compared
        filters.pop(key, None)
        return replace(base, intent="compare", compare=compared, filters=tuple(filters.items()))
    distinct = DISTINCT_ZH.search(original) or DISTINCT_EN.search(english_text)
    condition = find_condition(original, english)
    if distinct and condition is None and (mentions_clusters or followup or filters) and \
            not (GROUP_ZH.search(original) or GROUP_EN.search(english_text)):
        query = replace(base, intent="distinct", distinct=DISTINCT_KEY[distinct.group(1)],
                        filters=tuple(filters.items()))
        return merge(query, context, original) if followup else query
    if condition is None or not (mentions_clusters or followup):
        return None
    if condition.measure == "clusters":
        group = re.search(r"(大洲|洲|国家|领域)", original) if not english else \
            re.search(r"\b(continents?|countr(?:y|ies)|domains?|sectors?)\b", english_text)
        if not group:
            return False  # "超过 10 个集群的…": clusters of what?
        word = group.group(1)
        key = {"大洲": "continent", "洲": "continent", "国家": "country", "领域": "domain"}.get(
            word, "continent" if word.startswith("continent") else "country" if word.startswith("countr") else "domain")
        return replace(base, intent="group", group_by=key, condition=condition, filters=tuple(filters.items()))
    asks_list = bool(LIST_ZH.search(original) or (english and LIST_EN.search(english_text)))
    query = replace(base, intent="list" if asks_list and not DISTINCT_ZH.search(original) and not
                    re.search(r"多少|几个|\bhow many\b", english_text) else "count", condition=condition,
                    filters=tuple(filters.items()))
    return merge(query, context, original) if followup else query


def _set_query(original: str, english_text: str, english: bool, found: Found, followup: bool,
               mentions_clusters: bool, base: TableQuery, context: TableQuery | None,
               engine: ClusterEngine) -> TableQuery | bool | None:
    """A count, list or breakdown of appendix rows; False to decline, None when the question asks none."""
    filters, cluster = found.filters, found.cluster
    if followup and context is not None and found.attribute in CLUSTER_FACTS and not filters:
        return None  # "它们的主导产业分别是什么？", "那它的研究机构有哪些？": read against the previous question
    group = GROUP_ZH.search(original) or GROUP_EN.search(english_text)
    if group and (mentions_clusters or followup or filters):
        word = next(g for g in group.groups() if g)
        extreme = EXTREME.search(english_text if english else original)
        top = TOP_EN.search(english_text) if english else TOP_ZH.search(original)
        if top is not None and not extreme and not top.group(0).startswith("top"):
            top = None   # "the three countries" without most / fewest / top: not a top-k question
        count = next((g for g in top.groups() if g), "") if top else ""
        return replace(base, intent="group", group_by=GROUP_KEY.get(word, word), filters=tuple(filters.items()),
                       extreme=extreme.group(0) if extreme else ("most" if top else ""),
                       top=int(count) if count.isdigit() else TOP_NUMBERS.get(count, 0))
    if NOT_ABOUT_TABLES.search(original) and not followup:
        return False
    intent = ""
    if matches_operation(COUNT_ZH, original) or (english and COUNT_EN.search(english_text) and mentions_clusters):
        intent = "count"
    elif matches_operation(LIST_ZH, original) or (english and LIST_EN.search(english_text)):
        intent = "list" if (mentions_clusters or followup or filters) else ""
    elif followup and (COUNT_WEAK_ZH.search(original) or COUNT_EN.search(english_text)):
        intent = "count"
    if intent and LIST_ZH.search(original) and not mentions_clusters and not followup:
        which = re.search(r"哪些(\w{1,3})", original)
        if which and not which.group(1).startswith(("集群", "？")):
            return False  # "分布在哪些地区": not a column of the tables
    if not intent and found.attribute in EACH_ATTRIBUTES and filters and mentions_clusters and not cluster \
            and not followup:  # "新西兰的集群都属于什么领域？": the attribute of every row the filters select
        return replace(base, intent="each", attribute=found.attribute, filters=tuple(filters.items()))
    if intent not in ("count", "list"):
        return None
    if not mentions_clusters and not followup:
        return False
    query = replace(base, intent=intent, filters=tuple(filters.items()))
    if not filters and not followup and not cluster:
        subject = leftover_subject(original) if not english else unknown_english_subject(original)
        if subject and NOT_A_PLACE.search(subject):
            return False  # "本报告选取了多少个典型集群作为样本？": about the report's method, not a place
        place = named_place(subject, engine)
        if place:
            return replace(query, filters=(("place", place),))
        if subject:
            return replace(query, unknown=subject)
    elif filters and not followup and not cluster and not english:
        left = qualifier(original)
        place = named_place(left, engine)
        if place:
            return replace(query, filters=tuple({**filters, "place": place}.items()))
        if left:
            return False  # "德国获得金标集群称号的集群有多少个？": a property the tables do not record
    return query if not followup else merge(query, context, original)
