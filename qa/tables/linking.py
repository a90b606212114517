"""Linking the report's tables: region and innovation rows to the appendix clusters they name.

The report spells some clusters differently from one table to the next (图特林根/图特灵根,
瑞典 Kista 移动谷集群/瑞典希斯塔移动谷集群, 法国化妆谷/法国化妆品谷 …).  A name is matched to
an appendix cluster by the first of these rules that gives one clear answer:

1. ``exact``: the same name, or the same once width, spaces and punctuation are normalised;
2. ``normalised``: the same once the generic words 产业, 集群, 先进制造业 are dropped too;
3. ``contained``: one name (at least 4 characters) lies inside the other
   (呼和浩特市乳制品集群 in 内蒙古呼和浩特市乳制品先进制造业集群);
4. ``transliteration``: a Latin word stands where the other spelling has Chinese characters
   (Kista / 希斯塔), everything around it equal;
5. ``fuzzy``: a rapidfuzz similarity of at least :data:`FUZZY_THRESHOLD`, the leading place
   name (first two characters) equal, and clearly better than the runner-up.

Only clusters of the same country (innovation tables) or continent (region tables whose
title names one) are candidates.  A name that matches nothing stays an unlinked record
with the reason, so nothing the report says is lost.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Sequence

from rapidfuzz import fuzz

from qa.records import Cluster, DomainCount, Innovation, Link, RegionEntry
from qa.tables.parsing import ReportTables

FUZZY_THRESHOLD = 80.0
FUZZY_MARGIN = 5.0
MIN_CONTAINED_CHARS = 4
GENERIC_WORDS = ("先进制造业", "产业", "集群")
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]")
_LATIN_RUN = re.compile(r"[a-z0-9]+")


def normalise_name(name: str) -> str:
    """Width-folded, lower-case, without spaces or punctuation: ``瑞典 Kista 移动谷集群`` → ``瑞典kista移动谷集群``."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name).lower())


def name_core(name: str) -> str:
    """The distinctive part of a cluster name: normalised, generic words dropped."""
    core = normalise_name(name)
    for word in GENERIC_WORDS:
        core = core.replace(word, "")
    return core or normalise_name(name)


def _transliteration_match(a: str, b: str) -> bool:
    """True when ``a`` has Latin runs that ``b`` writes in Chinese characters, all else equal."""
    if not _LATIN_RUN.search(a) or _LATIN_RUN.search(b):
        return False
    parts = _LATIN_RUN.split(a)
    pattern = r"[\u3400-\u9fff]{1,8}".join(re.escape(part) for part in parts)
    return bool(re.fullmatch(pattern, b)) and sum(map(len, parts)) >= MIN_CONTAINED_CHARS


def match_cluster(name: str, candidates: Sequence[Cluster]) -> tuple[Cluster | None, str, float, str]:
    """The appendix cluster ``name`` refers to among ``candidates``: (cluster, method, score, reason)."""
    norm, core = normalise_name(name), name_core(name)
    for method, key, reason in (("exact", normalise_name, "same name"),
                                ("normalised", name_core, "same name apart from 产业/集群/先进制造业")):
        target = norm if method == "exact" else core
        hits = [c for c in candidates if key(c.name) == target]
        if len(hits) == 1:
            return hits[0], method, 100.0, reason
    contained = [c for c in candidates
                 if min(len(core), len(name_core(c.name))) >= MIN_CONTAINED_CHARS
                 and (core in name_core(c.name) or name_core(c.name) in core)]
    if len(contained) == 1:
        return contained[0], "contained", 95.0, "one name contains the other"
    transliterated = [c for c in candidates if _transliteration_match(core, name_core(c.name))
                      or _transliteration_match(name_core(c.name), core)]
    if len(transliterated) == 1:
        return transliterated[0], "transliteration", 90.0, "a Latin word where the other spelling has Chinese characters"
    scored = sorted(((fuzz.ratio(core, name_core(c.name)), c) for c in candidates),
                    key=lambda pair: pair[0], reverse=True)
    same_place = [(score, c) for score, c in scored if name_core(c.name)[:2] == core[:2]]
    if same_place and same_place[0][0] >= FUZZY_THRESHOLD:
        best_score, best = same_place[0]
        runner_up = same_place[1][0] if len(same_place) > 1 else 0.0
        if best_score - runner_up >= FUZZY_MARGIN:
            return best, "fuzzy", round(best_score, 1), f"similar spelling (similarity {best_score:.0f}, same place name)"
        return None, "none", round(best_score, 1), f"ambiguous: {best.name} and {same_place[1][1].name} are equally close"
    if scored:
        score, best = scored[0]
        return None, "none", round(score, 1), f"no appendix cluster with a similar name (closest: {best.name}, similarity {score:.0f})"
    return None, "none", 0.0, "no appendix cluster to compare with"


def _candidates(clusters: Sequence[Cluster], country: str = "", title: str = "") -> tuple[list[Cluster], str]:
    if country:
        same = [c for c in clusters if c.country == country]
        return same, f" in {country}"
    continents = sorted({c.continent for c in clusters if c.continent and c.continent in title}, key=len, reverse=True)
    if continents:
        return [c for c in clusters if c.continent == continents[0]], f" in {continents[0]}"
    return list(clusters), ""


def _link(table: str, name: str, clusters: Sequence[Cluster], country: str = "") -> Link:
    candidates, scope = _candidates(clusters, country, table)
    cluster, method, score, reason = match_cluster(name, candidates)
    if cluster is None:
        reason = reason.replace("no appendix cluster", f"no appendix cluster{scope}", 1)
    return Link(table, name, cluster.number if cluster else None, cluster.name if cluster else "", method, score, reason)


@dataclass(frozen=True)
class Discrepancy:
    """A cell of 图 2-1 whose count differs from the appendix rows, and why."""

    domain: str
    continent: str
    figure: int
    appendix: int
    explanation: str


@dataclass(frozen=True)
class LinkedTables:
    """The appendix clusters with their links, plus everything that could not be linked."""

    tables: ReportTables
    clusters: tuple[Cluster, ...]
    region_links: tuple[tuple[RegionEntry, Link], ...]
    innovation_links: tuple[tuple[Innovation, Link], ...]
    discrepancies: tuple[Discrepancy, ...]

    @property
    def unlinked_regions(self) -> list[tuple[RegionEntry, Link]]:
        return [(entry, link) for entry, link in self.region_links if link.number is None]

    @property
    def unlinked_innovations(self) -> list[tuple[Innovation, Link]]:
        return [(entry, link) for entry, link in self.innovation_links if link.number is None]


def _merge(items: list[str], more: Sequence[str]) -> None:
    items.extend(item for item in more if item not in items)


def link_tables(tables: ReportTables) -> LinkedTables:
    """Attach leading firms, institutes and innovations to the appendix clusters that the tables name."""
    clusters = tables.clusters
    region_links = tuple((entry, _link(entry.table, entry.cluster, clusters)) for entry in tables.region_entries)
    innovation_links = tuple((entry, _link(entry.table, entry.cluster, clusters, entry.country))
                             for entry in tables.innovations)
    linked = []
    for cluster in clusters:
        regions = [entry for entry, link in region_links if link.number == cluster.number]
        innovations = [entry for entry, link in innovation_links if link.number == cluster.number]
        firms: list[str] = []
        institutes: list[str] = []
        for entry in regions:
            _merge(firms, entry.leading_firms)
            _merge(institutes, entry.institutes)
        sources = list(cluster.sources) + [e.source for e in [*regions, *innovations] if e.source is not None]
        linked.append(replace(cluster, leading_firms=tuple(firms), institutes=tuple(institutes),
                              innovations=tuple(innovations), sources=tuple(sources)))
    return LinkedTables(tables, tuple(linked), region_links, innovation_links,
                        tuple(reconcile(tables.domain_counts, clusters)))


def reconcile(counts: Sequence[DomainCount], clusters: Sequence[Cluster]) -> list[Discrepancy]:
    """Compare 图 2-1's domain × continent counts with the appendix rows; list every difference.

    A difference is explained when the appendix has rows of that continent under a domain
    the figure does not show (``新能源领域``): the figure then counts them elsewhere.
    """
    if not counts or not clusters:
        return []
    figure_domains = {count.domain for count in counts}
    extra_rows = [c for c in clusters if c.domain not in figure_domains]
    discrepancies = []
    for count in counts:
        in_appendix = sum(1 for c in clusters if c.domain == count.domain and c.continent == count.continent)
        if in_appendix == count.count:
            continue
        nearby = [c for c in extra_rows if c.continent == count.continent]
        if nearby and in_appendix + len(nearby) == count.count:
            names = "、".join(f"{c.number} {c.name}（{c.domain}）" for c in nearby)
            explanation = f"图 2-1 also counts {names}, whose domain it does not show"
        else:
            explanation = "unexplained: the figure and the appendix disagree"
        discrepancies.append(Discrepancy(count.domain, count.continent, count.count, in_appendix, explanation))
    for cluster in extra_rows:
        explained = any(d.continent == cluster.continent and f"{cluster.number} {cluster.name}" in d.explanation
                        for d in discrepancies)
        if not explained:
            discrepancies.append(Discrepancy(cluster.domain, cluster.continent, 0, 1,
                                             f"{cluster.number} {cluster.name}: a domain 图 2-1 does not show"))
    return discrepancies


def linking_report(linked: LinkedTables) -> str:
    """The linking report in words: what was linked, how, what was not and why; then 图 2-1 vs the appendix."""
    lines = []
    for label, pairs in (("region-table rows", linked.region_links), ("innovation-table rows", linked.innovation_links)):
        done = [link for _, link in pairs if link.number is not None]
        lines.append(f"{label}: {len(done)} of {len(pairs)} linked to the appendix")
        for link in done:
            if link.method != "exact":
                lines.append(f"  linked ({link.method}, {link.score:g}): {link.name} → {link.number} {link.matched}"
                             f"  [{link.table}]")
        for _, link in pairs:
            if link.number is None:
                lines.append(f"  unlinked: {link.name}  [{link.table}]: {link.reason}")
    lines.append("图 2-1 vs the appendix: " + ("no differences" if not linked.discrepancies else
                                               f"{len(linked.discrepancies)} difference(s)"))
    for d in linked.discrepancies:
        lines.append(f"  {d.continent} {d.domain}: figure {d.figure}, appendix {d.appendix}; {d.explanation}")
    return "\n".join(lines)
