"""Answers about one cluster, one firm or one appendix row: its attributes, its clusters, its row."""
from __future__ import annotations

from dataclasses import replace

from qa.records import Answer
from qa.tables.cluster_engine import ClusterEngine, NameMatch
from qa.tables.execute import (firm_clusters, firms_elsewhere, innovation_records, institute_rows, listed_values,
                               mentions_by_cluster, region_entries)
from qa.tables.rendering import Citations, appendix_row, bilingual, join_answers, join_items, table_label, trim
from qa.tables.table_query import TableQuery

LISTED_FIRMS_SHOWN = 8  # leading firms named beside "the report gives no number of firms"


def attribute_or_unknown(query: TableQuery, engine: ClusterEngine) -> Answer:
    """A fact about a named cluster, or "the appendix has no such cluster"."""
    if query.cluster is None:
        name = query.unknown
        total = len(engine.all_clusters)
        return Answer(text=(f"The report has no cluster named {name}: it is not among the {total} clusters of the "
                            f"appendix (附表)." if query.english else
                            f"报告中没有“{name}”：附表中没有这个集群（附表共列出 {total} 个集群）。"),
                      answered=False, route="table", tentative=True)
    return attribute_answer(query, engine)


def attribute_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    """A cluster's leading firms, institutes, innovations, domain, industry, country, continent or row number."""
    match, english, attribute = query.cluster, query.english, query.attribute
    cluster = match.cluster
    name = cluster.name if cluster else match.entry_name
    variant = "" if not cluster or match.entry_name in ("", cluster.name) else (
        f"（表中亦写作“{match.entry_name}”）" if not english else f" (also written {match.entry_name})")
    if attribute in ("firms", "institutes"):
        return _listed(match, attribute, name, variant, english, engine)
    if attribute == "innovations":
        return _innovations(match, name, english)
    cite = Citations()
    if cluster is None:  # a name only the innovation tables use: they give its country
        records = [r for r in match.records if hasattr(r, "country") and r.country]
        if attribute in ("country", "continent") and records:
            marks = cite.mark([r.source for r in records if r.source])
            text = (f"{name} is not in the appendix; {table_label(records[0].table)} places it in "
                    f"{bilingual(records[0].country, True)} {marks}.") if english else \
                (f"附表未列出{name}；据{table_label(records[0].table)}，其所在国家为{records[0].country}{marks}。")
            return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
        return Answer(text=(f"{name} is not in the appendix (附表), which gives no {attribute} for it." if english else
                            f"附表中没有{name}，表格没有给出它的这项信息。"), answered=False, route="table")
    marks = cite.mark(appendix_row(cluster))
    if english:
        text = {
            "domain": f"{name}{variant} belongs to {bilingual(cluster.domain, True)} {marks} (leading industry: "
                      f"{cluster.industry}).",
            "industry": f"The leading industry (主导产业) of {name}{variant} is {cluster.industry} {marks}.",
            "country": f"{name}{variant} is in {bilingual(cluster.country, True)}, "
                       f"{bilingual(cluster.continent, True)} {marks}.",
            "continent": f"{name}{variant} is in {bilingual(cluster.continent, True)} "
                         f"({bilingual(cluster.country, True)}) {marks}.",
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
    return Answer(text=trim(text), answered=True, citations=tuple(cite.passages), route="table")


def _listed(match: NameMatch, attribute: str, name: str, variant: str, english: bool,
            engine: ClusterEngine) -> Answer:
    """Leading firms or research institutes, as the region tables list them."""
    cite = Citations()
    entries = region_entries(match, engine)
    values = listed_values(entries, attribute)
    if not values:
        what = "龙头企业" if attribute == "firms" else "研究机构"
        if english:
            text = (f"The report's tables do not list "
                    f"{'leading firms' if attribute == 'firms' else 'research institutes'} for {name}.")
        else:
            text = f"报告的表格没有列出{name}的{what}。"
        elsewhere = firms_elsewhere(match)
        if attribute == "firms" and elsewhere:
            marks = cite.mark([r.source for r in elsewhere if r.source])
            firms = join_items(list(dict.fromkeys(r.firm for r in elsewhere)), english)
            text += (f" Its innovation table names {firms} {marks}." if english else
                     f"技术创新表中提到的该集群企业：{firms}{marks}。")
            return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")
        return Answer(text=text, answered=False, route="table")
    marks = cite.mark([e.source for e in entries if e.source])
    label = ("Leading firms" if attribute == "firms" else "Research institutes") if english else \
        ("龙头企业" if attribute == "firms" else "研究机构")
    text = f"{label} of {name}{variant}: {join_items(values, True)} {marks}." if english else \
        f"{name}{variant}的{label}：{join_items(values, False)}{marks}。"
    return Answer(text=trim(text), answered=True, citations=tuple(cite.passages), route="table")


def _innovations(match: NameMatch, name: str, english: bool) -> Answer:
    """The patents and innovations the innovation tables give for a cluster's firms."""
    cite = Citations()
    records = innovation_records(match)
    if not records:
        return Answer(text=(f"The report's tables give no patents or innovations for {name}." if english else
                            f"报告的表格没有给出{name}的专利及创新成果。"), answered=False, route="table")
    parts = [f"{r.firm}: {join_items(r.achievements, english)}{cite.mark([r.source])}" if english else
             f"{r.firm}：{join_items(r.achievements, False)}{cite.mark([r.source])}" for r in records]
    text = (f"Patents and innovations of firms in {name}: " + "; ".join(parts) + ".") if english else \
        (f"{name}企业的专利及创新成果：" + "；".join(parts) + "。")
    return Answer(text=trim(text), answered=True, citations=tuple(cite.passages), route="table")


def firm_answer(query: TableQuery, engine: ClusterEngine) -> Answer | None:
    """The clusters whose tables name a firm (with its role), or the firm's patents and innovations."""
    english = query.english
    if query.unknown and not query.firm:
        return Answer(text=(f"The report's tables do not mention {query.unknown}." if english else
                            f"报告的表格中没有提到{query.unknown}。"), answered=False, route="table")
    if query.attribute not in ("cluster", "innovations"):
        return _firm_fact(query, engine)
    mentions = engine.firm_mentions(query.firm)
    cite = Citations()
    if query.attribute == "innovations":
        records = [m for m in mentions if m.role == "innovation"]
        if not records:
            return None  # the tables say nothing of its patents; the prose may
        parts = []
        for mention in records:
            r = mention.record
            marks = cite.mark([r.source])
            parts.append(f"{r.firm} ({r.country}, {r.cluster}): {join_items(r.achievements, True)} {marks}" if english
                         else f"{r.firm}（{r.country}，{r.cluster}）的专利及创新成果集中在："
                              f"{join_items(r.achievements, False)}{marks}")
        text = ("Patents and innovations — " + "; ".join(parts) + ".") if english else "；".join(parts) + "。"
        return Answer(text=trim(text), answered=True, citations=tuple(cite.passages), route="table")
    if not mentions:
        return Answer(text=(f"The report's tables do not name {query.firm} with a cluster." if english else
                            f"报告的表格没有把{query.firm}列在任何集群中。"), answered=False, route="table")
    parts = []
    for name, group in mentions_by_cluster(mentions).items():
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
    return Answer(text=trim(text), answered=True, citations=tuple(cite.passages), route="table")


def number_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    """The cluster at an appendix 序号 (or one of its attributes)."""
    cluster = engine.by_number(query.number)
    english = query.english
    if cluster is None:
        total = len(engine.all_clusters)
        return Answer(text=(f"The appendix has no row number {query.number} (it numbers 1–{total})." if english else
                            f"附表中没有序号 {query.number}（序号为 1–{total}）。"), answered=False, route="table")
    if query.attribute and query.attribute not in ("name", "number"):
        match = NameMatch(cluster.name, cluster, cluster.name, (), "number", 100.0)
        return attribute_answer(replace(query, intent="attribute", cluster=match), engine)
    cite = Citations()
    marks = cite.mark(appendix_row(cluster))
    text = (f"Number {cluster.number} in the appendix is {cluster.name} ({bilingual(cluster.country, True)}, "
            f"{cluster.domain}) {marks}.") if english else \
        f"附表序号 {cluster.number} 的集群是{cluster.name}（{cluster.continent}，{cluster.country}，{cluster.domain}）{marks}。"
    return Answer(text=text, answered=True, citations=tuple(cite.passages), route="table")


def firm_count_answer(query: TableQuery, engine: ClusterEngine) -> Answer:
    """How many firms a cluster has: the tables only list its leading firms, so this is declined."""
    match = query.cluster
    name = match.cluster.name if match.cluster else match.entry_name
    firms = list(match.cluster.leading_firms) if match.cluster else []
    listed = f"（表格只列出其龙头企业：{join_items(firms[:LISTED_FIRMS_SHOWN], False)}）" if firms and not query.english \
        else ""
    text = (f"The report does not give the number of firms in {name}." if query.english else
            f"报告没有给出{name}的企业数量{listed}。")
    return Answer(text=text, answered=False, route="table")


def _firm_fact(query: TableQuery, engine: ClusterEngine) -> Answer | None:
    """"华为的研究机构有哪些？": the attribute of each cluster whose tables name the firm."""
    matches = firm_clusters(query.firm, engine)
    if not matches:
        return None  # the tables do not name it; the prose may
    return _joined([attribute_answer(replace(query, intent="attribute", cluster=match), engine) for match in matches],
                   query)


def institute_answer(query: TableQuery, engine: ClusterEngine) -> Answer | None:
    """The clusters whose region table lists a research institute (or an attribute of that cluster)."""
    rows = institute_rows(query.institute, engine)
    if not rows:
        return None
    english = query.english
    if query.attribute not in ("cluster", "institutes"):
        matches = [NameMatch(row.name, row.cluster, row.entry.cluster, (row.entry,), "institute", 100.0)
                   for row in rows]
        return _joined([attribute_answer(replace(query, intent="attribute", cluster=match), engine)
                        for match in matches], query)
    cite = Citations()
    parts = [f"{row.name}{cite.mark([row.entry.source] if row.entry.source else [])}" for row in rows]
    text = (f"{query.institute} is listed as a research institute of: " + "; ".join(parts) + ".") if english else \
        (f"{query.institute}是以下集群的研究机构：" + "、".join(parts) + "。")
    return Answer(text=trim(text), answered=True, citations=tuple(cite.passages), route="table")


def _joined(answers: list[Answer], query: TableQuery) -> Answer | None:
    """Answers about several clusters as one, their citations renumbered in order."""
    answers = [a for a in answers if a is not None and a.answered]
    if not answers:
        return None
    return join_answers(answers, " " if query.english else "", query.budget)
