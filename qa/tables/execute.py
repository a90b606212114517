"""Running a parsed table question on the :class:`~qa.tables.cluster_engine.ClusterEngine`.

Every read of the engine a table answer needs: the rows a filter selects, their breakdown by
a column, the largest or smallest groups, the wider rows an empty answer is checked against,
what the region and innovation tables list for one cluster, and where a firm is named.
Plain data in, plain data out; :mod:`qa.tables.set_answers` and :mod:`qa.tables.lookup_answers`
write the answers.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from qa.records import Cluster, RegionEntry
from qa.tables.cluster_engine import ClusterEngine, FirmMention, NameMatch
from qa.tables.conditions import Condition
from qa.tables.linking import normalise_name
from qa.tables.question_words import FEWEST

APPENDIX_YEAR = 2023  # the appendix lists the clusters as the 2023 report found them
YEAR_MENTION = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
KNOWN_KEYS = ("continent", "country", "domain")  # filters whose values the appendix itself lists


def outside_snapshot(question: str) -> bool:
    """True when the question is about years the appendix's one snapshot cannot speak for (2030, 2010)."""
    years = {int(y) for y in YEAR_MENTION.findall(unicodedata.normalize("NFKC", question))}
    return bool(years) and APPENDIX_YEAR not in years


# ------------------------------------------------------------------ sets of appendix rows
def select_rows(filters: dict[str, str], engine: ClusterEngine) -> list[Cluster]:
    """The appendix rows that pass every filter, in appendix order."""
    return engine.clusters(**filters)


def breakdown_key(filters: dict[str, str]) -> str:
    """The column a count is broken down by: country unless it is fixed, then domain, else none."""
    return "country" if "country" not in filters else "domain" if "domain" not in filters else ""


def breakdown(by: str, filters: dict[str, str], engine: ClusterEngine) -> list[tuple[str, int]]:
    """How many of the filtered rows take each value of ``by``, largest first."""
    return engine.counts(by, **filters)


def extreme_groups(groups: list[tuple[str, int]], extreme: str) -> tuple[bool, int, list[str]]:
    """(fewest?, the extreme count, the values that reach it) of a breakdown sorted largest first."""
    fewest = extreme in FEWEST
    target = groups[-1][1] if fewest else groups[0][1]
    return fewest, target, [value for value, n in groups if n == target]


def all_known(filters: dict[str, str], engine: ClusterEngine) -> bool:
    """True when every continent, country and domain filter is a value the appendix has."""
    return all(value in engine.values(key) for key, value in filters.items() if key in KNOWN_KEYS)


def broader_rows(filters: dict[str, str], engine: ClusterEngine) -> list[Cluster]:
    """The rows of the first single filter that has any (what an empty combination was checked against)."""
    for key in ("country", "continent", "domain"):
        if key in filters and len(filters) > 1:
            rows = engine.clusters(**{key: filters[key]})
            if rows:
                return rows
    return []


def domain_siblings(filters: dict[str, str], engine: ClusterEngine) -> list[Cluster]:
    """Rows of a sibling domain that 图 2-1 counts with the filtered one (新能源领域 beside 新能源及智能网联汽车领域)."""
    domain = filters.get("domain")
    discrepancies = [d for d in engine.linked.discrepancies if d.domain == domain
                     and d.continent == filters.get("continent", d.continent)]
    if not discrepancies:
        return []
    others = {k: v for k, v in filters.items() if k != "domain"}
    return [c for c in engine.clusters(**others) if c.domain != domain
            and any(f"{c.number} {c.name}" in d.explanation for d in discrepancies)]


# ------------------------------------------------------------------ one cluster
def region_entries(match: NameMatch, engine: ClusterEngine) -> list:
    """The region-table rows (leading firms, institutes) of a named cluster."""
    cluster = match.cluster
    return [e for e, link in engine.linked.region_links if cluster and link.number == cluster.number] or \
        [r for r in match.records if hasattr(r, "leading_firms")]


def listed_values(entries: list, attribute: str) -> list[str]:
    """The leading firms (``firms``) or institutes of ``entries``, each once, in table order."""
    values: list[str] = []
    for entry in entries:
        values.extend(v for v in (entry.leading_firms if attribute == "firms" else entry.institutes)
                      if v not in values)
    return values


def innovation_records(match: NameMatch) -> list:
    """The innovation-table rows of a named cluster."""
    return list(match.cluster.innovations) if match.cluster else [r for r in match.records if hasattr(r, "firm")]


def firms_elsewhere(match: NameMatch) -> list:
    """Firms the innovation tables name for a cluster whose region table lists none."""
    return [r for r in match.records if hasattr(r, "firm")] + (list(match.cluster.innovations) if match.cluster else [])


# ------------------------------------------------------------------ one firm
def mentions_by_cluster(mentions: list[FirmMention]) -> dict[str, list[FirmMention]]:
    """A firm's mentions grouped by the cluster (appendix name, else the table's spelling)."""
    by_cluster: dict[str, list[FirmMention]] = {}
    for mention in mentions:
        key = mention.cluster.name if mention.cluster else mention.cluster_name
        by_cluster.setdefault(key, []).append(mention)
    return by_cluster


# ------------------------------------------------------------------ measures and conditions
def distinct_values(column: str, filters: dict[str, str], engine: ClusterEngine) -> list[tuple[str, int]]:
    """The values ``column`` takes among the filtered rows, with how many rows take each (largest first)."""
    return engine.counts(column, **filters)


def groups_passing(condition: Condition, group_by: str, filters: dict[str, str],
                   engine: ClusterEngine) -> list[tuple[str, int]]:
    """The values of ``group_by`` whose number of (filtered) clusters passes ``condition``."""
    return [(value, n) for value, n in engine.counts(group_by, **filters) if condition.passes(n)]


@dataclass(frozen=True)
class ListedRow:
    """One region-table row with what it lists: the cluster (appendix name when linked) and the items counted."""

    name: str
    cluster: Cluster | None
    entry: RegionEntry
    items: tuple[str, ...]


def listed_rows(measure: str, filters: dict[str, str], engine: ClusterEngine) -> list[ListedRow]:
    """Every region-table row, with its leading firms (``firms``) or institutes, filtered by its cluster's columns."""
    allowed = {c.number for c in engine.clusters(**filters)} if filters else None
    rows: dict[str, ListedRow] = {}
    for entry, link in engine.linked.region_links:
        cluster = engine.by_number(link.number) if link.number is not None else None
        if allowed is not None and (cluster is None or cluster.number not in allowed):
            continue
        name = cluster.name if cluster else entry.cluster
        items = tuple(entry.leading_firms if measure == "firms" else entry.institutes)
        rows.setdefault(name, ListedRow(name, cluster, entry, items))
    return list(rows.values())


def rows_passing(condition: Condition, filters: dict[str, str], engine: ClusterEngine) -> list[ListedRow]:
    """The region-table rows whose number of listed firms or institutes passes ``condition``."""
    return [row for row in listed_rows(condition.measure, filters, engine) if condition.passes(len(row.items))]


def institute_rows(institute: str, engine: ClusterEngine) -> list[ListedRow]:
    """The region-table rows that list ``institute`` among their research institutes."""
    key = normalise_name(institute)
    return [row for row in listed_rows("institutes", {}, engine)
            if any(normalise_name(item).removesuffix("等").startswith(key) for item in row.items)]


def firm_clusters(firm: str, engine: ClusterEngine) -> list[NameMatch]:
    """The clusters whose region or innovation tables name ``firm``, each as a name match."""
    matches: dict[str, NameMatch] = {}
    for mention in engine.firm_mentions(firm):
        key = mention.cluster.name if mention.cluster else mention.cluster_name
        if key not in matches:
            records = (mention.record,) if mention.cluster is None else ()
            matches[key] = NameMatch(key, mention.cluster, mention.cluster_name, records, "firm", 100.0)
    return list(matches.values())
