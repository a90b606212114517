"""The report's tables as typed records.

Pure: parsed :class:`~qa.records.Document` objects in, records out.  A table is recognised
by the shape of its header (which columns it has), never by its number or position, so the
text version, the PDF and another corpus are read the same way:

* the appendix (序号, 集群名称, 所在洲, 所在国家, 主导产业, 所属行业领域) → :class:`Cluster`;
* region tables (集群名称, 龙头企业, 研究机构) → :class:`RegionEntry`;
* innovation tables (企业, 所在国家, 所在集群, 专利及创新成果) → :class:`Innovation`;
* the keyword table (序号, 中文关键词, 频次, 英文关键词, 频次) → :class:`KeywordRank`;
* the policy table (时期, 国家, 重点政策, 对比分析) → :class:`PolicyEntry`;
* 图 2-1 (domains × continents, counts in the cells) → :class:`DomainCount`.

Every record carries the table-row :class:`Passage` it came from (``source``), made by
:func:`qa.documents.chunking.table_row_passage` so that its id is the one the index holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from qa.documents.chunking import table_row_passage
from qa.errors import ClusterQAError
from qa.records import (Block, Cluster, Document, DomainCount, Innovation, KeywordRank, Passage, PolicyEntry,
                        RegionEntry)
from qa.text import clean_line, normalize_width

#: The report's appendix lists this many clusters; a build that reads another number fails.
EXPECTED_APPENDIX_ROWS = 150

_ITEM_SEPARATORS = re.compile(r"[、，,；;]")
_ITEM_TRAILERS = " \u3000。．.-—–等"
_DIGITS = re.compile(r"^\d+$")


class AppendixError(ClusterQAError):
    """The appendix table was found but does not read as the expected numbered rows."""


@dataclass(frozen=True)
class ReportTables:
    """Everything the tables of one report say, before linking.

    ``source`` names the document the appendix came from ("" when no document has one);
    ``clusters`` are the appendix rows in table order, without links.
    """

    source: str
    clusters: tuple[Cluster, ...]
    region_entries: tuple[RegionEntry, ...]
    innovations: tuple[Innovation, ...]
    keywords: tuple[KeywordRank, ...]
    policies: tuple[PolicyEntry, ...]
    domain_counts: tuple[DomainCount, ...]

    @property
    def has_appendix(self) -> bool:
        return bool(self.clusters)


# ------------------------------------------------------------------ cell cleaning
def clean_cell(cell: str) -> str:
    """A cell as one clean value: width-normalised, wraps repaired, stray trailing marks dropped."""
    text = clean_line(normalize_width(cell or ""))
    return text.strip(" \u3000-—–")


def split_items(cell: str) -> tuple[str, ...]:
    """A list cell (``甲公司、乙公司, 丙等``) as its items, each cleaned; empty items dropped."""
    items = []
    for raw in _ITEM_SEPARATORS.split(clean_cell(cell)):
        item = raw.strip(_ITEM_TRAILERS)
        if item.endswith("等") and len(item) > 2:
            item = item[:-1].strip()
        if item and item not in items:
            items.append(item)
    return tuple(items)


def _column(header: Sequence[str], *keywords: str, exclude: Sequence[int] = ()) -> int | None:
    """The first column whose header contains one of ``keywords`` (skipping ``exclude``)."""
    for index, name in enumerate(header):
        name = clean_cell(name).replace(" ", "")
        if index not in exclude and any(keyword in name for keyword in keywords):
            return index
    return None


def _cell(row: Sequence[str], index: int | None) -> str:
    return clean_cell(row[index]) if index is not None and index < len(row) else ""


# ------------------------------------------------------------------ table shapes
@dataclass(frozen=True)
class _AppendixColumns:
    number: int
    name: int
    continent: int
    country: int
    industry: int | None
    domain: int


def _appendix_columns(header: Sequence[str]) -> _AppendixColumns | None:
    number = _column(header, "序号", "编号")
    name = _column(header, "集群名称", "名称")
    continent = _column(header, "洲")
    country = _column(header, "国家")
    domain = _column(header, "领域")
    industry = _column(header, "主导产业", "产业", exclude=[i for i in (domain,) if i is not None])
    if None in (number, name, continent, country, domain):
        return None
    return _AppendixColumns(number, name, continent, country, industry, domain)


def _region_columns(header: Sequence[str]) -> tuple[int, int, int] | None:
    name = _column(header, "集群名称", "名称")
    firms = _column(header, "龙头企业")
    institutes = _column(header, "研究机构", "科研机构", "机构")
    if None in (name, firms, institutes) or _column(header, "洲") is not None:
        return None
    return name, firms, institutes


def _innovation_columns(header: Sequence[str]) -> tuple[int, int | None, int, int] | None:
    cluster = _column(header, "所在集群", "集群")
    achievements = _column(header, "专利", "创新成果", "成果")
    firm = _column(header, "企业", exclude=[i for i in (cluster, achievements) if i is not None])
    if None in (firm, cluster, achievements):
        return None
    return firm, _column(header, "国家"), cluster, achievements


def _keyword_columns(header: Sequence[str]) -> tuple[int | None, int, int, int, int] | None:
    chinese = _column(header, "中文关键词", "中文")
    english = _column(header, "英文关键词", "英文")
    if chinese is None or english is None or "频次" not in "".join(header):
        return None
    return _column(header, "序号", "排名"), chinese, chinese + 1, english, english + 1


def _policy_columns(header: Sequence[str]) -> tuple[int, int, int, int | None] | None:
    period = _column(header, "时期", "阶段")
    country = _column(header, "国家", "地区")
    policies = _column(header, "政策")
    if None in (period, country, policies):
        return None
    return period, country, policies, _column(header, "分析", "对比")


def _is_domain_figure(block: Block) -> bool:
    table = block.table
    continents = [clean_cell(name) for name in table.header[1:]]
    if not continents or not all(continents) or not table.rows:
        return False
    return all(clean_cell(row[0]).endswith("领域") and all(_DIGITS.match(clean_cell(c)) for c in row[1:])
               for row in table.rows if len(row) == len(table.header))


# ------------------------------------------------------------------ readers
def _appendix_rows(document: Document, blocks: list[Block]) -> list[Cluster]:
    """The appendix rows of one document (its appendix may be split over several tables)."""
    rows: list[tuple[list[str], Block, int]] = []
    for block in blocks:
        table = block.table
        columns = _appendix_columns(table.header)
        for index, row in enumerate(table.rows):
            cells = [clean_cell(cell) for cell in row]
            if _appendix_columns(cells) is not None:
                continue  # a header repeated on a new page
            number = _cell(row, columns.number)
            if not number and rows and any(cells):
                previous = rows[-1][0]  # a cell that wrapped onto a line of its own
                for position, cell in enumerate(cells):
                    if cell and position < len(previous):
                        previous[position] = clean_line(previous[position] + cell)
                continue
            rows.append((cells, block, index))
    clusters = []
    for cells, block, index in rows:
        columns = _appendix_columns(block.table.header)
        number = _cell(cells, columns.number)
        if not _DIGITS.match(number):
            raise AppendixError(f"{document.source}: appendix row {index + 1} has 序号 {number!r}, not a number.")
        clusters.append(Cluster(
            number=int(number),
            name=_cell(cells, columns.name),
            continent=_cell(cells, columns.continent),
            country=_cell(cells, columns.country),
            industry=_cell(cells, columns.industry),
            domain=_cell(cells, columns.domain),
            sources=(table_row_passage(document, block, index),),
        ))
    return clusters


def check_appendix(clusters: Sequence[Cluster], source: str, expected: int | None = EXPECTED_APPENDIX_ROWS) -> None:
    """Fail loudly unless the appendix has ``expected`` rows with unique 序号 (any count if None)."""
    numbers = [cluster.number for cluster in clusters]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    count = len(set(numbers))
    if duplicates or (expected is not None and (len(numbers) != expected or count != expected)):
        missing = sorted(set(range(1, (expected or max(numbers, default=0)) + 1)) - set(numbers))
        details = []
        if duplicates:
            details.append(f"duplicate 序号 {duplicates[:10]}")
        if missing:
            details.append(f"missing 序号 {missing[:10]}{' …' if len(missing) > 10 else ''}")
        raise AppendixError(
            f"{source}: the appendix 附表 yields {len(numbers)} rows with {count} unique 序号, "
            f"expected {expected}" + (f" ({'; '.join(details)})" if details else "") +
            ". The table was misread; check the source file or rebuild the index.")


def _region_entries(document: Document, block: Block) -> list[RegionEntry]:
    name, firms, institutes = _region_columns(block.table.header)
    entries = []
    for index, row in enumerate(block.table.rows):
        cluster = _cell(row, name)
        if cluster:
            entries.append(RegionEntry(cluster, split_items(_cell(row, firms)), split_items(_cell(row, institutes)),
                                       block.table.title, table_row_passage(document, block, index)))
    return entries


def _innovations(document: Document, block: Block) -> list[Innovation]:
    firm, country, cluster, achievements = _innovation_columns(block.table.header)
    entries = []
    for index, row in enumerate(block.table.rows):
        if _cell(row, firm):
            entries.append(Innovation(_cell(row, firm), _cell(row, country), _cell(row, cluster),
                                      split_items(_cell(row, achievements)), block.table.title,
                                      table_row_passage(document, block, index)))
    return entries


def _number(text: str) -> int:
    return int(text) if _DIGITS.match(text) else 0


def _keywords(document: Document, block: Block) -> list[KeywordRank]:
    rank, chinese, chinese_count, english, english_count = _keyword_columns(block.table.header)
    return [KeywordRank(_number(_cell(row, rank)) or index + 1, _cell(row, chinese), _number(_cell(row, chinese_count)),
                        _cell(row, english), _number(_cell(row, english_count)),
                        table_row_passage(document, block, index))
            for index, row in enumerate(block.table.rows)]


def fill_merged_cells(labels: Sequence[str], keys: Sequence[str]) -> list[str]:
    """Fill a merged column (``时期``) whose label may sit in the middle of its rows.

    Rows are grouped so that ``keys`` (the countries) do not repeat inside a group: a
    repeated key starts the next group.  A row keeps its own label; an empty one takes
    the label written somewhere in its group, else the label of the group before.
    """
    groups: list[list[int]] = [[]]
    for index, key in enumerate(keys):
        if key and key in {keys[i] for i in groups[-1]}:
            groups.append([])
        groups[-1].append(index)
    filled = list(labels)
    previous = ""
    for group in groups:
        current = next((labels[i] for i in group if labels[i]), previous)
        for i in group:
            current = labels[i] or current
            filled[i] = current
        previous = filled[group[-1]] if group else previous
    return filled


def _policies(document: Document, block: Block) -> list[PolicyEntry]:
    period, country, policies, analysis = _policy_columns(block.table.header)
    rows = block.table.rows
    countries = [_cell(row, country) for row in rows]
    periods = fill_merged_cells([_cell(row, period) for row in rows], countries)
    analyses = fill_merged_cells([_cell(row, analysis) for row in rows], countries)
    return [PolicyEntry(periods[i], countries[i], split_items(_cell(row, policies)), analyses[i],
                        table_row_passage(document, block, i))
            for i, row in enumerate(rows)]


def _domain_counts(document: Document, block: Block) -> list[DomainCount]:
    table = block.table
    counts = []
    for index, row in enumerate(table.rows):
        passage = table_row_passage(document, block, index)
        for column, continent in enumerate(table.header[1:], start=1):
            if column < len(row):
                counts.append(DomainCount(clean_cell(row[0]), clean_cell(continent), _number(clean_cell(row[column])),
                                          passage))
    return counts


def _table_blocks(document: Document) -> list[Block]:
    return [block for block in document.tables if block.table is not None and block.table.header]


def read_tables(documents: Iterable[Document], expected_appendix_rows: int | None = EXPECTED_APPENDIX_ROWS
                ) -> ReportTables:
    """Read the tables of a corpus into records.

    The first document that has an appendix is the report: its tables are read and the
    others are left out (a corpus may hold the same report twice, as text and as PDF).
    Without an appendix anywhere, the other tables of every document are read and there
    are no clusters.  Raises :class:`AppendixError` when an appendix is found but does not
    give ``expected_appendix_rows`` rows with unique 序号.
    """
    documents = list(documents)
    report = next((d for d in documents if any(_appendix_columns(b.table.header) for b in _table_blocks(d))), None)
    chosen = [report] if report is not None else documents
    clusters: list[Cluster] = []
    regions: list[RegionEntry] = []
    innovations: list[Innovation] = []
    keywords: list[KeywordRank] = []
    policies: list[PolicyEntry] = []
    domain_counts: list[DomainCount] = []
    for document in chosen:
        blocks = _table_blocks(document)
        appendix = [b for b in blocks if _appendix_columns(b.table.header)]
        if appendix:
            clusters.extend(_appendix_rows(document, appendix))
        for block in blocks:
            header = block.table.header
            if block in appendix:
                continue
            if _region_columns(header):
                regions.extend(_region_entries(document, block))
            elif _innovation_columns(header):
                innovations.extend(_innovations(document, block))
            elif _keyword_columns(header):
                keywords.extend(_keywords(document, block))
            elif _policy_columns(header):
                policies.extend(_policies(document, block))
            elif _is_domain_figure(block):
                domain_counts.extend(_domain_counts(document, block))
    if report is not None:
        check_appendix(clusters, report.source, expected_appendix_rows)
    return ReportTables(report.source if report is not None else "", tuple(clusters), tuple(regions),
                        tuple(innovations), tuple(keywords), tuple(policies), tuple(domain_counts))


def row_passages(records: Iterable) -> list[Passage]:
    """The distinct source passages of records, in order (for citing)."""
    seen, passages = set(), []
    for record in records:
        sources = getattr(record, "sources", None) or ([record.source] if getattr(record, "source", None) else [])
        for passage in sources:
            if passage.id not in seen:
                seen.add(passage.id)
                passages.append(passage)
    return passages
