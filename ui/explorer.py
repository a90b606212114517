"""The cluster explorer's views: filtering, the table, counts and one cluster's details.

Pure functions over the :class:`~qa.records.Cluster` records that ``ReportQA.clusters()``
returns; the explorer only narrows and arranges them, it never re-reads the report.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd

from qa.records import Cluster
from ui.formatting import escape_html, passage_html, place

ALL = "全部 All"

COLUMNS = (
    "序号 No.",
    "集群 Cluster",
    "洲 Continent",
    "国家 Country",
    "主导产业 Industry",
    "领域 Domain",
    "龙头企业 Leading firms",
    "研究机构 Institutes",
)
# Share of the table's width per column: the firms and institutes get the most room, wrapped.
COLUMN_WIDTHS = ("5%", "14%", "8%", "8%", "10%", "12%", "22%", "21%")
CHART_COLUMNS = ("分组 Group", "集群数 Clusters")
PIVOT_CORNER = "洲 \\ 领域 Continent \\ Domain"
TOTAL = "合计 Total"


def _set(value: str | None) -> bool:
    return bool(value) and value != ALL


def searchable_text(cluster: Cluster) -> str:
    """What free-text search looks in: name, industry, domain, firms, institutes."""
    parts = [cluster.name, cluster.industry, cluster.domain, *cluster.leading_firms, *cluster.institutes]
    parts += [innovation.firm for innovation in cluster.innovations]
    return " ".join(parts).casefold()


def search_clusters(clusters: Iterable[Cluster], text: str) -> list[Cluster]:
    """The clusters whose name, industry, domain, firms or institutes contain ``text``."""
    needle = (text or "").strip().casefold()
    return [cluster for cluster in clusters if not needle or needle in searchable_text(cluster)]


def by_count(values: Iterable[str]) -> list[str]:
    """The distinct values, most frequent first (ties in the report's order)."""
    counts: dict[str, int] = {}
    for value in values:
        if value:
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts, key=lambda value: -counts[value])


def choices(values: Iterable[str]) -> list[str]:
    """Dropdown choices: ``ALL`` first, then the distinct values, most clusters first.

    The same order is used by the dropdowns, the chart and the pivot table, so a continent
    is always in the same place.
    """
    return [ALL, *by_count(values)]


def country_choices(clusters: Sequence[Cluster], continent: str = ALL) -> list[str]:
    return choices(c.country for c in clusters if not _set(continent) or c.continent == continent)


def _join(items: Sequence[str]) -> str:
    return "、".join(items)


def cluster_frame(clusters: Sequence[Cluster]) -> pd.DataFrame:
    """One row per cluster, firms and institutes joined with 、."""
    rows = [
        (c.number, c.name, c.continent, c.country, c.industry, c.domain,
         _join(c.leading_firms), _join(c.institutes))
        for c in clusters
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def chart_grouping(continent: str, country: str, domain: str) -> tuple[str, str]:
    """What the chart counts by under a filter: (attribute, title).

    Continents for the whole table; a continent's countries once it is chosen; a country's
    domains once that is chosen; a domain alone is shown by continent.
    """
    if _set(country):
        return "domain", f"{country} 的集群：按领域 · Clusters in {country} by domain"
    if _set(continent):
        return "country", f"{continent} 的集群：按国家 · Clusters in {continent} by country"
    if _set(domain):
        return "continent", f"{domain}：按洲 · by continent"
    return "continent", "集群数：按洲 · Clusters by continent"


def chart_frame(clusters: Sequence[Cluster], attribute: str, order: Sequence[str] = ()) -> pd.DataFrame:
    """Counts per value of ``attribute``, in ``order`` (else most clusters first)."""
    values = [getattr(c, attribute) for c in clusters]
    counted = by_count(values)
    if order:
        counted = [v for v in order if v in counted] + [v for v in counted if v not in order]
    return pd.DataFrame([(v, values.count(v)) for v in counted], columns=list(CHART_COLUMNS))


def y_range(chart: pd.DataFrame) -> list[int]:
    """The chart's y axis: from zero (else a bar of one cluster sits on the axis) to the tallest bar."""
    return [0, max([1, *chart[CHART_COLUMNS[1]].tolist()])]


def pivot_frame(clusters: Sequence[Cluster], continent_order: Sequence[str] = ()) -> pd.DataFrame:
    """Continent × domain counts with totals, continents in ``continent_order``."""
    if not clusters:
        return pd.DataFrame({PIVOT_CORNER: []})
    frame = pd.DataFrame([(c.continent, c.domain) for c in clusters], columns=["continent", "domain"])
    table = pd.crosstab(frame["continent"], frame["domain"], margins=True, margins_name=TOTAL)
    present = set(frame["continent"])
    rows = [c for c in continent_order if c in present] + sorted(present - set(continent_order))
    table = table.reindex([*rows, TOTAL])
    domains = [d for d in by_count(frame["domain"])]
    table = table[[*domains, TOTAL]]
    table.index.name = None
    table.columns.name = None
    return table.reset_index(names=PIVOT_CORNER)


def count_markdown(shown: int, total: int) -> str:
    return f"**共 {shown} 个集群** · {shown} of {total} clusters"


def cluster_label(cluster: Cluster) -> str:
    return f"{cluster.number} · {cluster.name}"


def details_html(cluster: Cluster | None) -> str:
    """One cluster's card: its row, linked firms and institutes, innovations, report rows."""
    if cluster is None:
        return ('<div class="cqa-cluster cqa-sources-empty"><p>选择表格中的一行查看详情。<br>'
                "Select a row of the table to see the cluster's details.</p></div>")
    facts = [
        ("洲 Continent", cluster.continent),
        ("国家 Country", cluster.country),
        ("主导产业 Industry", cluster.industry),
        ("领域 Domain", cluster.domain),
        ("龙头企业 Leading firms", _join(cluster.leading_firms) or "—"),
        ("研究机构 Institutes", _join(cluster.institutes) or "—"),
    ]
    rows = "".join(f"<tr><th>{name}</th><td>{escape_html(value)}</td></tr>" for name, value in facts)
    parts = [
        '<div class="cqa-cluster">',
        f"<h3>{escape_html(cluster_label(cluster))}</h3>",
        f'<table class="cqa-facts">{rows}</table>',
    ]
    if cluster.innovations:
        items = "".join(
            f"<li><strong>{escape_html(i.firm)}</strong>（{escape_html(i.table)}）: "
            f"{escape_html('；'.join(i.achievements))}</li>"
            for i in cluster.innovations
        )
        parts.append(f"<h4>技术创新 Innovations</h4><ul>{items}</ul>")
    if cluster.sources:
        items = "".join(
            f'<li><div class="cqa-source-meta">{escape_html(place(p))}</div>'
            f'<blockquote class="cqa-passage">{passage_html(p, ())}</blockquote></li>'
            for p in cluster.sources
        )
        parts.append(f'<h4>报告原文 Report rows</h4><ol class="cqa-source-list">{items}</ol>')
    parts.append("</div>")
    return "".join(parts)
