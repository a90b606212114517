"""Any document's tables as data: rows counted, listed and filtered exactly.

The report's appendix has its own engine (:mod:`~qa.tables.cluster_engine`); this one reads
every table the index holds as row passages (a Markdown, PDF or text table alike) and answers
the questions that count or list rows:

* "高新区一共有几家重点企业？" — the rows whose cell of a column is a value the question names;
* "Which enterprises had 2023 output above 100亿元?" — the rows whose number in a column passes a
  bound ("超过 / 不少于 / fewer than"), the column found by the bound's unit and the question's words;
* both at once.

A table answers only when it covers the question: every word of the question that the corpus
uses elsewhere must be in the table (its caption, headers or the cells used), so a question
about something the table does not hold goes on to the passages.  The answer cites every row it
counted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from qa.documents.chunking import row_cells, split_row
from qa.records import Answer, Passage
from qa.text import normalize_width, without_whitespace

_COUNT = re.compile(r"几家|几个|几所|几项|几位|几名|多少家|多少个|多少所|多少项|多少位|数量|\bhow many\b|\bnumber of\b", re.I)
_LIST = re.compile(r"哪些|哪几|有哪|都有谁|都是谁|列出|列一下|名单|分别是|都叫|\bwhich\b|\bwhat are the\b|\blist\b|\bname the\b", re.I)
_NAME_HEADER = re.compile(r"名称|名字|姓名|企业|公司|单位|机构|园区|项目|\bname\b", re.I)
_ORDINAL_HEADER = re.compile(r"^(?:序号|编号|排名|No\.?|#)$", re.I)
_FIRM_HEADER = re.compile(r"企业|公司|单位|机构")
_TOTAL_ROW = re.compile(r"^(?:合计|总计|小计|共计|total|sum)$", re.I)   # a table's sum, not one of its rows
_TABLE_WORDS = re.compile(r"表格|名单|清单|列表|名录|目录|表|[里中内上]$")
_NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_RANK_WORD = re.compile(r"前?(?:\d+|[一二两三四五六七八九十百]+)[大强名家个位]?")   # 十大, 前五, 十强
# a bound on a number: operator words, the number, its unit
# (negated words first: 不超过 is no 超过; 过 alone as in 营收过50亿)
_ZH_OPERATORS = (("≥", r"不少于|不低于|至少|大于等于|达到"), ("≤", r"不超过|不多于|不高于|至多|小于等于"),
                 (">", r"(?<!不)(?:超过|多于|大于|高于|超出|过)|以上的?"), ("<", r"(?<!不)(?:少于|低于|小于)|不足|不到"))
_EN_OPERATORS = (("≥", r"at least|no fewer than|no less than|since"), ("≤", r"at most|no more than|up to"),
                 (">", r"more than|over|greater than|above|exceeding|after"), ("<", r"fewer than|less than|under|below|before"))
_BOUND_NUMBER = r"(\d[\d,]*(?:\.\d+)?)\s*((?:%|[^\x00-\x7f\d\s，。？、；的]){0,3})"
# a bound written after its number: 50人以上, 2016年及以后, 10亿元以内; 2,000 or more, 2016 or later
_AFTER_BOUND = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*((?:%|[^\x00-\x7f\d\s，。？、；的及或]){0,3}?)\s*"
                          r"(?:及|或)?(以上|以后|之后|以来|以下|以前|之前|以内|"
                          r"or more|or later|or above|and above|and later|or less|or fewer|or earlier|or below|and below)")
_AFTER_AT_LEAST = ("以上", "以后", "之后", "以来", "or more", "or later", "or above", "and above", "and later")


def normalize(text: str) -> str:
    return without_whitespace(normalize_width(text)).lower()


def has(term, text: str) -> bool:
    """Is a question term (:class:`qa.answering.lexicon.Term`: its ``forms``, ``parts``) in ``text``?"""
    return any(form in text for form in term.forms) or bool(term.parts) and all(part in text for part in term.parts)


@dataclass(frozen=True)
class Row:
    cells: tuple[tuple[str, str], ...]
    passage: Passage

    def get(self, header: str) -> str:
        return next((cell for name, cell in self.cells if name == header), "")


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]

    @cached_property
    def name_column(self) -> str:
        """The column that names a row (企业名称), else the first that is not a running number."""
        named = [h for h in self.headers if _NAME_HEADER.search(h) and not self.is_numeric(h)]
        plain = [h for h in self.headers if not _ORDINAL_HEADER.match(h.strip())]
        return (named or plain or list(self.headers))[0]

    @cached_property
    def numeric_columns(self) -> frozenset[str]:
        """The headers whose cells are numbers (four in five at least)."""
        numeric = set()
        for header in self.headers:
            values = [row.get(header) for row in self.rows if row.get(header)]
            if values and sum(1 for v in values if _number(v) is not None) >= 0.8 * len(values):
                numeric.add(header)
        return frozenset(numeric)

    def is_numeric(self, header: str) -> bool:
        return header in self.numeric_columns

    def text(self) -> str:
        return normalize(self.caption + " " + " ".join(self.headers))


@dataclass(frozen=True)
class Bound:
    """``operator`` ``value`` in ``unit`` (the unit as the question writes it, maybe empty)."""

    operator: str
    value: float
    unit: str
    text: str

    def passes(self, number: float) -> bool:
        return {">": number > self.value, "≥": number >= self.value, "<": number < self.value,
                "≤": number <= self.value}[self.operator]


def tables_of(passages: Sequence[Passage]) -> list[Table]:
    """The tables whose rows are row passages, each row once, in document order."""
    grouped: dict[tuple[str, str, str], list[Row]] = {}
    seen: set[str] = set()
    for passage in passages:
        if passage.kind != "table_row" or passage.id in seen:
            continue
        split = split_row(passage.text)
        cells = row_cells(passage.text)
        if split is None or not cells:
            continue
        seen.add(passage.id)
        caption, headers, _ = split
        key = (passage.source, caption, "|".join(h.strip() for h in headers))
        grouped.setdefault(key, []).append(Row(tuple(cells), passage))
    return [Table(caption, tuple(h for h in header_line.split("|") if h), tuple(rows))
            for (_, caption, header_line), rows in grouped.items() if len(rows) >= 2]


def find_bound(question: str) -> Bound | None:
    """A bound on a number in ``question`` ("超过100亿元", "fewer than 1,000 staff", "50人以上")."""
    folded = question.lower()
    for operators in (_ZH_OPERATORS, _EN_OPERATORS):
        for operator, words in operators:
            match = re.search(rf"(?:{words})\s*了?\s*{_BOUND_NUMBER}", folded)
            if match:
                return Bound(operator, float(match.group(1).replace(",", "")), match.group(2), match.group(0))
    match = _AFTER_BOUND.search(folded)
    if match:
        return Bound("≥" if match.group(3) in _AFTER_AT_LEAST else "≤", float(match.group(1).replace(",", "")),
                     match.group(2), match.group(0))
    return None


def row_name(cells: Sequence[tuple[str, str]]) -> str | None:
    """The cell that names a row: under a name-like header (企业名称), else the first that is not a
    running number or a figure."""
    named = [cell for header, cell in cells if _NAME_HEADER.search(header) and not _NUMBER.match(cell)]
    plain = [cell for header, cell in cells if not _ORDINAL_HEADER.match(header.strip()) and not _NUMBER.match(cell)]
    return (named or plain or [None])[0]


def _asker_word(term) -> bool:
    """A word of the asker's that names nothing a table holds: an English word the dictionary does
    not render ("above") or renders as a verb ("make" → 制造, "employ" → 使用: the question's
    grammar, not a column), a Chinese word that is no noun (一行), or one that only points at the
    table or list itself (名单, 表里; 企业名单 is 企业 of the list)."""
    if term.name:
        return False
    if term.translated and term.verb:
        return True
    if term.df > 0:
        return False
    return (bool(re.fullmatch(r"[a-z\-]+", term.text)) and tuple(term.forms) == (term.text,)) or not term.noun


def _without_table_words(term) -> str:
    """A Chinese question word without what points at the table itself (企业名单 → 企业, 表里 → "")."""
    return _TABLE_WORDS.sub("", normalize(term.text)) if term.df == 0 and not term.name else normalize(term.text)


def _covered(term, text: str) -> bool:
    """Is ``term`` in ``text``, or is all that it says beyond pointing at the table there?"""
    if has(term, text):
        return True
    rest = _without_table_words(term)
    return rest != normalize(term.text) and (not rest or rest in text)


def _extends(term, terms: Sequence, text: str) -> bool:
    """Is ``term`` another question word that ``text`` holds, and one character more (产品线 of 产品,
    which the header 分产品 holds)?  The segmenter gives both; the longer adds no condition of its own."""
    own = normalize(term.text)
    return any(other is not term and not other.is_number and len(own) - len(normalize(other.text)) == 1
               and normalize(other.text) in own and _covered(other, text) for other in terms)


def _named_length(name: str, asked: str) -> int:
    """How much of a row's name the question writes: its longest leading part found in ``asked``
    (远航新能源 of 远航新能源科技股份有限公司), or all of it; a figure (a year: 2019) only whole."""
    if _NUMBER.match(name):
        return len(name) if re.search(rf"(?<!\d){re.escape(name)}(?!\d)", asked) else 0
    for size in range(len(name), 1, -1):
        if name[:size] in asked:
            return size
    return 0


def _held(header: str, terms: Sequence) -> list:
    """The question's words (not its figures or years) that a header holds."""
    text = normalize(header)
    return [t for t in terms if not t.is_number and not t.is_year and has(t, text)]


def _header_fit(header: str, terms: Sequence) -> tuple[int, int]:
    """How well a column's header names what the question asks: the question's words it holds,
    then the fewer characters of it they leave unexplained (毛利率 before 毛利率比上年增减)."""
    text = normalize(header)
    held = _held(header, terms)
    explained = sum(max((len(f) for f in t.forms if f in text), default=0) for t in held)
    return len(held), -max(len(text) - explained, 0)


def _named_by_term(name: str, terms: Sequence) -> int:
    """All of a row's name when a question word stands for it (营收 for the row 营业收入)."""
    return len(name) if len(name) >= 2 and any(name in term.forms for term in terms
                                                if not (term.is_number or term.is_year)) else 0


def _number(cell: str) -> float | None:
    """A cell's number: 1,473,862,915.37, -4.86%, 86.4 (a share is its percentage)."""
    text = cell.replace(",", "").replace(" ", "").removesuffix("%")
    return float(text) if _NUMBER.match(text) else None


def _unit_of(cells: Sequence[str]) -> str:
    """What a column's numbers are written with (``%``), if every one of them is."""
    return "%" if cells and all(c.strip().endswith("%") for c in cells) else ""


class DocumentTables:
    """Count and list questions over the tables of a set of passages (see the module docstring)."""

    def __init__(self, passages: Sequence[Passage]):
        self.tables = tables_of(passages)

    def answer(self, question: str, language: str, terms: Sequence) -> Answer | None:
        """The exact answer from one table, or None when no table covers the question."""
        if not self.tables:
            return None
        if _COUNT.search(question) or _LIST.search(question):
            counted = self._aggregate(question, language, terms)
            if counted is not None:
                return counted
        return self._lookup(question, language, terms)

    def _aggregate(self, question: str, language: str, terms: Sequence) -> Answer | None:
        """The rows counted and listed: those the question's filters and bound select."""
        bound = find_bound(question)
        best, best_fit = None, 0
        for table in self.tables:
            plan = self._plan(table, question, terms, bound)
            if plan is not None and plan[-1] > best_fit:
                best, best_fit = (table, *plan[:-1]), plan[-1]
            elif plan is not None and plan[-1] == best_fit:
                best = None   # two tables fit as well: not this engine's question
        if best is None:
            return None
        table, filters, column = best
        rows = [row for row in table.rows if not _TOTAL_ROW.match(normalize(row.get(table.name_column)))
                and all(_matches(row.get(header), value) for header, value in filters)
                and (column is None or ((n := _number(row.get(column))) is not None and bound.passes(n)))]
        return _render(question, language, table, filters, column, bound, rows)

    def _lookup(self, question: str, language: str, terms: Sequence) -> Answer | None:
        """One cell: the row the question names (by its name cell) and the column it asks for (by its header)."""
        asked = normalize(question)
        found = []
        for table in self.tables:
            name = table.name_column
            rows = [(_named_length(normalize(row.get(name)), asked) or _named_by_term(normalize(row.get(name)), terms), row)
                    for row in table.rows]
            length = max((n for n, _ in rows), default=0)
            # at least three characters of the name, or all of a shorter one (强生)
            matched = [row for n, row in rows if n == length and (length >= 3 or
                                                                   length == len(normalize(row.get(name))) >= 2)]
            if len(matched) != 1:
                continue
            row = matched[0]
            columns = [(_header_fit(header, terms), header)
                       for header, _ in row.cells if header != name and not _ORDINAL_HEADER.match(header.strip())]
            columns.sort(reverse=True)
            if not columns or columns[0][0][0] == 0 or (len(columns) > 1 and columns[0][0] == columns[1][0]):
                continue
            if len(columns) > 1 and columns[0][0][0] == columns[1][0][0] and \
                    _held(columns[0][1], terms) != _held(columns[1][1], terms):
                continue   # two columns, each named by other words of the question: not one cell asked for
            header = columns[0][1]
            covered = table.text() + " " + normalize(row.get(name)) + " " + normalize(header)
            # a word the corpus never uses (主攻) is the asker's paraphrase here: the row and the column are named
            if all(_asker_word(t) or _covered(t, covered) or (t.df == 0 and not t.name)
                   or (t.is_number and t.text in row.get(name)) for t in terms):
                found.append((length, table, row, header))
        if len(found) != 1:
            return None
        _, table, row, header = found[0]
        name, value = row.get(table.name_column), row.get(header)
        # the rest of the row beside the cell asked for: a question often asks two things of one row
        rest = [f"{h}: {c}" for h, c in row.cells if h not in (header, table.name_column)
                and not _ORDINAL_HEADER.match(h.strip())]
        if language == "zh":
            text = f"{name}的{header}：{value}。" + (f"（{table.caption.strip()}：{'；'.join(rest)}）" if rest else "") + "[1]"
        else:
            text = f"{header} of {name}: {value}." + (f" ({table.caption.strip()}: {'; '.join(rest)})" if rest else "") + "[1]"
        return Answer(text=text, answered=True, citations=(row.passage,), route="table", question=question)

    def _plan(self, table: Table, question: str, terms: Sequence, bound: Bound | None):
        """(filters, bound column, fit) when ``table`` covers ``question``, else None."""
        asked = normalize(question)
        name = table.name_column
        filters = []
        for header in table.headers:
            if header == name or table.is_numeric(header):
                continue
            values = {row.get(header) for row in table.rows if len(row.get(header)) >= 2}
            named = [v for v in values if normalize(v) in asked]
            if len(named) == 1:
                filters.append((header, named[0]))
                continue
            # a word of the question that some of a category column's values hold (自然人 of 境内自然人)
            if len(values) > len(table.rows) / 2:
                continue   # names or descriptions, one per row (主要产品, 龙头企业): no categories
            held = [t for t in terms if not t.is_number and len(t.text) >= 2 and
                    0 < sum(1 for v in values if has(t, normalize(v))) < len(values)
                    and not has(t, normalize(table.caption + " " + header))]
            if len(held) == 1:
                filters.append((header, _Contains(held[0])))
        column = None
        if bound is not None:
            column = self._bound_column(table, bound, terms)
            if column is None:
                return None
        if not filters and column is None:
            return None
        # every word of the question must be the table's: its caption, headers, the cells used or named
        covered = table.text() + " " + normalize(" ".join(str(v) for _, v in filters)) + " " + \
            normalize(" ".join(row.get(name) for row in table.rows))
        for term in terms:
            if bound is not None and normalize(term.text) in normalize(bound.text).replace(",", ""):
                continue   # the bound's own words and number
            if term.df == 0 and _RANK_WORD.fullmatch(normalize(term.text)):
                continue   # the asker's count or rank of the rows (前十大股东 for a table of 前十名股东), no condition
            if not _asker_word(term) and not _covered(term, covered) and not _extends(term, terms, covered):
                return None
        # the entity asked for is what the table's rows are (which enterprises: 企业名称)
        names_entity = any(not t.is_number and has(t, normalize(name)) for t in terms)
        return filters, column, len(filters) + (column is not None) + names_entity

    @staticmethod
    def _bound_column(table: Table, bound: Bound, terms: Sequence) -> str | None:
        """The numeric column the bound is on: the one whose header holds its unit and the question's words."""
        scored = []
        for header in table.headers:
            if not table.is_numeric(header) or _ORDINAL_HEADER.match(header.strip()):
                continue
            text = normalize(header)
            unit = normalize(bound.unit) if bound.unit else ""
            written = _unit_of([row.get(header) for row in table.rows if row.get(header)])
            held, unexplained = _header_fit(header, terms)
            fit = (2 if unit and (unit in text or unit == written) else 0) + held
            if fit:
                scored.append(((fit, unexplained), header))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return None
        return scored[0][1]


@dataclass(frozen=True)
class _Contains:
    """A filter value that is a word of the question the cells hold (自然人: 境内自然人, 境外自然人)."""

    term: object

    def __str__(self) -> str:
        return self.term.text


def _matches(cell: str, value) -> bool:
    return has(value.term, normalize(cell)) if isinstance(value, _Contains) else cell == value


def _render(question: str, language: str, table: Table, filters, column: str | None, bound: Bound | None,
            rows: list[Row]) -> Answer:
    name = table.name_column
    measure = "家" if _FIRM_HEADER.search(name) else "个"
    described = []
    for header, value in filters:
        described.append(f"{header}为{value}" if language == "zh" else f"{header} is {value}")
    if column is not None:
        value = f"{bound.value:g}{bound.unit}"   # 超过30%, above 10%
        if language == "zh":
            described.append(f"{column}{ {'>': '超过', '≥': '不少于', '<': '少于', '≤': '不超过'}[bound.operator]}{value}")
        else:
            described.append(f"{column} {({'>': 'above', '≥': 'at least', '<': 'below', '≤': 'at most'})[bound.operator]} {value}")
    names = [row.get(name) + (f"（{row.get(column)}）" if column is not None else "") for row in rows]
    caption = table.caption.strip()
    if language == "zh":
        where = "、".join(described)
        text = (f"{caption}中，{where}的共 {len(rows)} {measure}" + ("：" + "、".join(names) + "。" if names else "。"))
    else:
        where = " and ".join(described)
        text = (f"In {caption}, {len(rows)} rows have {where}" + (": " + "; ".join(names) + "." if names else "."))
    # the rows counted are the citations; with none, the table's first row shows where it looked
    citations = tuple(row.passage for row in rows) or (table.rows[0].passage,)
    markers = "".join(f"[{i}]" for i in range(1, len(citations) + 1)) if len(citations) <= 2 else f"[1]–[{len(citations)}]"
    return Answer(text=text + markers, answered=True, citations=citations, route="table", question=question)
