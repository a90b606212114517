"""Answers about a set of appendix rows: counts, lists, breakdowns by a column, and empty sets."""
from __future__ import annotations

from qa.records import Answer, Cluster
from qa.tables.cluster_engine import ClusterEngine
from qa.tables.execute import (all_known, breakdown, breakdown_key, broader_rows, domain_siblings, extreme_groups,
                               select_rows)
from qa.tables.rendering import Citations, appendix_row, bilingual, fit, row_label, scope
from qa.tables.table_query import LIST_BUDGET, TableQuery

GROUP_COLUMN = {"continent": "所在洲", "country": "所在国家", "domain": "所属行业领域"}
NAMES_ROOM = 40  # characters a breakdown leaves for a few names after it


def count_or_list(query: TableQuery, engine: ClusterEngine) -> Answer:
    """The count sentence first, then as many names as the question kind's budget allows, then how many more."""
    filters = query.filter_dict
    english = query.english
    rows = select_rows(filters, engine)
    cite = Citations()
    where = scope(filters, english)
    if not rows:
        return empty(query, engine, filters)
    marks = cite.span([p for c in rows for p in appendix_row(c)])
    cite.passages.clear()  # rows are re-cited one by one below, with the same numbering
    labels = [row_label(cluster, filters, english) for cluster in rows]
    numbers = [cite.mark(appendix_row(cluster)) for cluster in rows]
    note = _domain_note(filters, engine, english)
    budget = query.budget
    if english:
        noun = "cluster" if len(rows) == 1 else "clusters"
        head = f"The appendix (附表) lists {len(rows)} {noun}{where} {marks}" if where else \
            f"The appendix (附表) lists {len(rows)} {noun} in total {marks}"
    else:
        head = f"附表中{where}的集群共有 {len(rows)} 个{marks}" if where else f"附表共列出 {len(rows)} 个集群{marks}"
    if query.intent == "list" and budget >= LIST_BUDGET:  # a list question: one name a line
        more = (lambda k: f"\n- … and {k} more" if k else "") if english else \
            (lambda k: f"\n- ……另有 {k} 个" if k else "")
        items = [f"\n- {c.name}{label}{number}" for c, label, number in zip(rows, labels, numbers)]
        text = fit(head + ":" if english else head + "：", items, note, budget, more)
        return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
    # a count (or a follow-up): the figure, a breakdown when the rows span several values, names inline
    head += "." if english else "。"
    by = breakdown_key(filters)
    groups = breakdown(by, filters, engine) if by and len(rows) > 3 and query.intent == "count" else []
    if len(groups) > 1:
        listed = (", " if english else "、").join(f"{value} {n}" for value, n in groups)
        word = {"country": "国家", "domain": "领域"}[by]
        candidate = head + (f" By {by}: {listed}." if english else f"按{word}：{listed}。")
        if len(candidate + note) <= budget - NAMES_ROOM:
            head = candidate
    lead = " Including: " if english else "包括："
    if len(rows) == 1:
        lead = " It is " if english else "即"
    separator = "; " if english else "、"
    more = (lambda k: f" … and {k} more." if k else ".") if english else (lambda k: f"……另有 {k} 个。" if k else "。")
    items = [(separator if i else lead) + c.name + number for i, (c, number) in enumerate(zip(rows, numbers))]
    text = fit(head, items, note, budget, more)
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")


def _domain_note(filters: dict[str, str], engine: ClusterEngine, english: bool) -> str:
    """Where the appendix has a sibling domain (新能源领域 beside 新能源及智能网联汽车领域), say so."""
    siblings = domain_siblings(filters, engine)
    if not siblings:
        return ""
    names = "、".join(f"{c.name}（{c.domain}）" for c in siblings)
    if english:
        return f"\nNote: the appendix also has {names}, which 图 2-1 counts together with this domain."
    return f"\n另：附表另有{names}，图 2-1 将其与本领域合并统计。"


def empty(query: TableQuery, engine: ClusterEngine, filters: dict[str, str]) -> Answer:
    """No rows: answered (with the scope's rows cited) when every word is the report's own, else not."""
    english = query.english
    where = scope(filters, english)
    broader = broader_rows(filters, engine)
    if all_known(filters, engine) and broader:
        cite = Citations()
        marks = cite.span([p for c in broader for p in appendix_row(c)])
        if english:
            text = f"None: the appendix (附表) lists 0 clusters{where} (checked against its {len(broader)} rows {marks})."
        else:
            text = f"附表中没有{where}的集群（0 个；核对了相关的 {len(broader)} 行{marks}）。"
        return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
    text = (f"The appendix (附表) lists no clusters{where} (0)." if english else f"附表中没有{where}的集群（0 个）。")
    return Answer(text=text, answered=False, citations=(), route="table")


def group(query: TableQuery, engine: ClusterEngine) -> Answer:
    """A breakdown by continent, country or domain, or the values with the most (fewest) clusters."""
    filters = query.filter_dict
    english = query.english
    rows = select_rows(filters, engine)
    if not rows:
        return empty(query, engine, filters)
    groups = breakdown(query.group_by, filters, engine)
    cite = Citations()
    where = scope(filters, english)
    column = GROUP_COLUMN[query.group_by]
    if query.extreme:
        return _extreme(query, rows, groups, where, column, cite)
    marks = cite.span([p for c in rows for p in appendix_row(c)])
    if english:
        head = f"The appendix (附表) lists {len(rows)} clusters{where} {marks}; by {query.group_by}:"
    else:
        head = f"附表中{where}共 {len(rows)} 个集群{marks}，按{column}：" if where else \
            f"附表共 {len(rows)} 个集群{marks}，按{column}："
    items = [f"\n- {bilingual(value, english)}: {n}" for value, n in groups]
    more = (lambda k: f"\n- … and {k} more" if k else "") if english else (lambda k: f"\n- ……另有 {k} 项" if k else "")
    return Answer(text=fit(head, items, "", query.budget, more), answered=True, citations=tuple(cite.passages),
                  route="table")


def _extreme(query: TableQuery, rows: list[Cluster], groups: list[tuple[str, int]], where: str, column: str,
             cite: Citations) -> Answer:
    english = query.english
    fewest, target, winners = extreme_groups(groups, query.extreme)
    if query.top > 1 and len(groups) > query.top:
        return _top_groups(query, rows, groups, where, column, cite, fewest)
    marks = cite.span([p for c in rows if getattr(c, query.group_by) in winners for p in appendix_row(c)])
    if english:
        which = "fewest" if fewest else "most"
        text = f"{', '.join(bilingual(w, True) for w in winners)} has the {which} clusters{where}: {target} {marks}."
    else:
        text = f"附表中{where}集群{'最少' if fewest else '最多'}的{column[2:]}是{'、'.join(winners)}（{target} 个）{marks}。"
    separator = ", " if english else "、"
    ranking = [("\nRanking: " if english else "\n排名：") + f"{v} {n}" if i == 0 else f"{separator}{v} {n}"
               for i, (v, n) in enumerate(groups)]
    text = fit(text, ranking, "", query.budget, lambda k: " …" if k else "")
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")


def _top_groups(query: TableQuery, rows: list[Cluster], groups: list[tuple[str, int]], where: str, column: str,
                cite: Citations, fewest: bool) -> Answer:
    """The ``query.top`` groups with the most (fewest) clusters, with every group tied with the last of them."""
    ranked = groups[::-1] if fewest else groups
    bound = ranked[query.top - 1][1]
    chosen = [(v, n) for v, n in ranked if (n <= bound if fewest else n >= bound)]
    marks = cite.span([p for c in rows if getattr(c, query.group_by) in {v for v, _ in chosen} for p in appendix_row(c)])
    if query.english:
        which = "fewest" if fewest else "most"
        listed = ", ".join(f"{bilingual(v, True)} ({n})" for v, n in chosen)
        plural = {"country": "countries", "continent": "continents", "domain": "domains"}.get(query.group_by, "groups")
        tied = f" ({len(chosen)} with ties)" if len(chosen) > query.top else ""
        text = f"The {query.top} {plural} with the {which} clusters{where}{tied}: {listed} {marks}."
    else:
        listed = "、".join(f"{v}（{n} 个）" for v, n in chosen)
        tied = f"（并列，共 {len(chosen)} 个）" if len(chosen) > query.top else ""
        text = f"附表中{where}集群{'最少' if fewest else '最多'}的{query.top}个{column[2:]}{tied}是{listed}{marks}。"
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
