"""The cluster explorer's views: filtering, the table, counts and one cluster's details.

Pure functions over the :class:`~qa.records.Cluster` records that ``ReportQA.clusters()``
returns; the explorer only narrows and arranges them, it never re-reads the report.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd

from qa.records import Cluster
from ui.formatting import escape_html, where

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
COLUMN_WIDTHS = ("70px", "220px", "80px", "90px", "160px", "170px", "240px", "220px")
COUNT_COLUMNS = ("洲 Continent", "领域 Domain", "集群数 Clusters")


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


def choices(values: Iterable[str]) -> list[str]:
    """Dropdown choices: ``ALL`` first, then the distinct values in the report's order."""
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return [ALL, *seen]


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


def count_frame(clusters: Sequence[Cluster]) -> pd.DataFrame:
    """Long form counts per (continent, domain), for the bar chart."""
    frame = pd.DataFrame([(c.continent, c.domain) for c in clusters], columns=list(COUNT_COLUMNS[:2]))
    if frame.empty:
        return pd.DataFrame(columns=list(COUNT_COLUMNS))
    counts = frame.groupby(list(COUNT_COLUMNS[:2]), sort=False).size().reset_index(name=COUNT_COLUMNS[2])
    return counts


def pivot_frame(clusters: Sequence[Cluster]) -> pd.DataFrame:
    """Continent × domain counts with totals, as a table."""
    if not clusters:
        return pd.DataFrame({"洲 \\ 领域 Continent \\ Domain": []})
    frame = pd.DataFrame([(c.continent, c.domain) for c in clusters], columns=["continent", "domain"])
    table = pd.crosstab(frame["continent"], frame["domain"], margins=True, margins_name="合计 Total")
    table.index.name = None
    table.columns.name = None
    return table.reset_index(names="洲 \\ 领域 Continent \\ Domain")


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
            f'<li><div class="cqa-source-meta">{escape_html(where(p))}</div>'
            f'<blockquote class="cqa-passage">{escape_html(p.text)}</blockquote></li>'
            for p in cluster.sources
        )
        parts.append(f'<h4>报告原文 Report rows</h4><ol class="cqa-source-list">{items}</ol>')
    parts.append("</div>")
    return "".join(parts)
