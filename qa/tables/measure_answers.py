"""Answers that measure a set of rows: distinct values of a column, comparisons, conditions on a number, and
an attribute of every row of the previous answer."""
from __future__ import annotations

from qa.records import Answer
from qa.tables.cluster_engine import ClusterEngine
from qa.tables.execute import distinct_values, groups_passing, rows_passing, select_rows
from qa.tables.rendering import Citations, appendix_row, bilingual, fit, scope
from qa.tables.set_answers import empty
from qa.tables.table_query import TableQuery

COLUMN_WORD = {"continent": ("洲", "continents"), "country": ("国家", "countries"), "domain": ("领域", "domains")}
CITED_ROWS = 60  # a set of more rows is cited by the first row of each group
MEASURE_WORD = {"firms": ("家龙头企业", "leading firms"), "institutes": ("个研究机构", "research institutes")}
ATTRIBUTE_LABEL = {"industry": ("主导产业", "leading industry"), "domain": ("所属行业领域", "domain"),
                   "country": ("所在国家", "country"), "continent": ("所在洲", "continent"),
                   "firms": ("龙头企业", "leading firms"), "institutes": ("研究机构", "research institutes")}


def _more(english: bool, unit: str = "个"):
    return (lambda k: f" … and {k} more." if k else ".") if english else (lambda k: f"……另有 {k} {unit}。" if k else "。")


def distinct_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    """How many countries (continents, domains) the filtered clusters come from, each with its count."""
    filters, english = query.filter_dict, query.english
    rows = select_rows(filters, engine)
    if not rows:
        return empty(query, engine, filters)
    values = distinct_values(query.distinct, filters, engine)
    cite = Citations()
    marks = cite.span([p for c in rows for p in appendix_row(c)])
    where = scope(filters, english)
    zh_word, en_word = COLUMN_WORD[query.distinct]
    if english:
        head = (f"The {len(rows)} clusters{where} in the appendix (附表) come from {len(values)} {en_word} {marks}: "
                if len(values) != 1 else f"The {len(rows)} clusters{where} come from 1 {en_word[:-1]} {marks}: ")
    else:
        head = f"附表中{where}的 {len(rows)} 个集群分布在 {len(values)} 个{zh_word}{marks}："
    separator = ", " if english else "、"
    items = [(separator if i else "") + f"{bilingual(value, english)} {n}" for i, (value, n) in enumerate(values)]
    text = fit(head, items, "", query.budget, _more(english, "项"))
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")


def compare_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    """The count for each compared value, and which has more."""
    key, values = query.compare
    filters, english = query.filter_dict, query.english
    cite = Citations()
    counts = []
    for value in values:
        rows = select_rows({**filters, key: value}, engine)
        counts.append((value, len(rows), cite.span([p for c in rows for p in appendix_row(c)])))
    where = scope(filters, english)
    if english:
        parts = [f"{bilingual(value, True)} {n} {marks}".rstrip() for value, n, marks in counts]
        text = f"The appendix (附表) lists{where and ' clusters' + where + ':'} " + "; ".join(parts) + "."
    else:
        parts = [f"{value} {n} 个{marks}" for value, n, marks in counts]
        text = f"附表中{where}的集群：" + "，".join(parts) + "。"
    ranked = sorted(counts, key=lambda item: -item[1])
    if len(counts) > 1 and ranked[0][1] > ranked[1][1]:
        text += (f" {bilingual(ranked[0][0], True)} has more." if english else f"{ranked[0][0]}更多。")
    elif len(counts) > 1 and ranked[0][1] == ranked[-1][1]:
        text += " They have as many." if english else "两者一样多。"
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")


def groups_condition_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    """The countries (continents, domains) whose number of clusters passes the condition."""
    filters, english, condition = query.filter_dict, query.english, query.condition
    groups = groups_passing(condition, query.group_by, filters, engine)
    rows = [c for c in select_rows(filters, engine) if getattr(c, query.group_by) in {v for v, _ in groups}]
    if len(rows) > CITED_ROWS:  # too many rows to cite one by one: the first row of each group
        rows = [next(c for c in rows if getattr(c, query.group_by) == value) for value, _ in groups]
    cite = Citations()
    marks = cite.span([p for c in rows for p in appendix_row(c)])
    zh_word, en_word = COLUMN_WORD[query.group_by]
    where = scope(filters, english)
    if english:
        noun = en_word if len(groups) != 1 else {"countries": "country"}.get(en_word, en_word[:-1])
        verb = "have" if len(groups) != 1 else "has"
        head = (f"{len(groups)} {noun} {verb} {condition.describe(True)} clusters{where} in the appendix (附表)"
                f" {marks}".rstrip() + ":")
    else:
        head = f"附表中{where}集群数{condition.describe(False)}个的{zh_word}共有 {len(groups)} 个{marks}："
    if not groups:
        head = head.rstrip(":：") + ("." if english else "。")
    separator = ", " if english else "、"
    items = [(separator if i else " " if english else "") + f"{bilingual(value, english)} {n}"
             for i, (value, n) in enumerate(groups)]
    text = fit(head, items, "", query.budget, _more(english, "个"))
    return Answer(text=text, answered=bool(cite.passages) or not groups, citations=tuple(cite.passages),
                  route="table")


def listed_condition_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    """The clusters whose region table lists a number of firms (institutes) that passes the condition."""
    filters, english, condition = query.filter_dict, query.english, query.condition
    rows = rows_passing(condition, filters, engine)
    cite = Citations()
    numbers = [cite.mark([row.entry.source] if row.entry.source else []) for row in rows]
    zh_word, en_word = MEASURE_WORD[condition.measure]
    where = scope(filters, english)
    if english:
        head = (f"{len(rows)} clusters{where} list {condition.describe(True)} {en_word} in the report's tables"
                + (":" if rows else "."))
    else:
        head = f"表格中{where}列出的{zh_word[1:]}{condition.describe(False)}{zh_word[0]}的集群共有 {len(rows)} 个" + \
            ("：" if rows else "。")
    separator = "; " if english else "、"
    items = [(separator if i else " " if english else "") + f"{row.name} ({len(row.items)}){number}" if english else
             (separator if i else "") + f"{row.name}（{len(row.items)}）{number}"
             for i, (row, number) in enumerate(zip(rows, numbers))]
    text = fit(head, items, "", query.budget, _more(english))
    return Answer(text=text, answered=bool(rows), citations=tuple(cite.passages), route="table")


def each_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    """One attribute of every row the previous answer listed ("它们的主导产业分别是什么？")."""
    filters, english, attribute = query.filter_dict, query.english, query.attribute
    rows = select_rows(filters, engine)
    if not rows:
        return empty(query, engine, filters)
    cite = Citations()
    zh_label, en_label = ATTRIBUTE_LABEL[attribute]
    items = []
    for i, cluster in enumerate(rows):
        if attribute in ("firms", "institutes"):
            listed = cluster.leading_firms if attribute == "firms" else cluster.institutes
            sources = [p for p in cluster.sources if p.kind == "table_row"][1:2] or appendix_row(cluster)
            value = ("、" if not english else ", ").join(listed) or ("—")
        else:
            value, sources = getattr(cluster, attribute), appendix_row(cluster)
        marks = cite.mark(sources)
        separator = ("; " if english else "；") if i else ""
        items.append(f"{separator}{cluster.name}{'：' if not english else ': '}{value}{marks}")
    where = scope(filters, english)
    head = (f"The {en_label} of the {len(rows)} clusters{where}: " if english else
            f"附表中{where}的 {len(rows)} 个集群的{zh_label}：")
    text = fit(head, items, "", query.budget, _more(english))
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")

