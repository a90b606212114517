"""The records that flow through ClusterQA.

Everything the package passes between its parts is one of these frozen dataclasses:
a parsed :class:`Document` (blocks with section paths and pages), the :class:`Passage`
that is indexed, searched and cited, the :class:`Answer` that leaves ``ReportQA.ask``,
and the :class:`Cluster` rows of the report's tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

SECTION_SEPARATOR = " > "
MAX_TITLE_CHARS = 60


@dataclass(frozen=True)
class Table:
    """A table as the document lays it out: a title, column headers and rows of cells.

    ``delimiter`` is what the document writes between two cells: a tab, or `` | `` in a
    Markdown pipe table, so that a row can be quoted as it stands in the document.
    """

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_pages: tuple[int | None, ...] = ()
    caption: str = ""
    delimiter: str = "\t"

    def page_of_row(self, index: int) -> int | None:
        return self.row_pages[index] if index < len(self.row_pages) else None

    def as_written(self, cells: tuple[str, ...]) -> str:
        """One line of the table (the header or a row) as the document writes it (a Markdown row
        with its outer pipes: ``| a | b |``)."""
        line = self.delimiter.join(cells)
        return f"| {line} |" if self.delimiter == " | " else line


@dataclass(frozen=True)
class Block:
    """One structural unit of a document.

    ``kind`` is ``title`` (the document's own title line), ``heading``, ``paragraph``,
    ``footnote``, ``caption`` or ``table``.
    ``section`` is the heading path the block sits under; a heading's path ends with itself.
    For a table, ``text`` is its title and ``table`` holds the cells.
    """

    kind: str
    text: str
    section: tuple[str, ...]
    page: int | None = None
    level: int = 0
    table: Table | None = None


@dataclass(frozen=True)
class Document:
    """A parsed source file: its blocks in reading order.

    ``source`` is the file's path relative to the corpus folder it was found in (``a/summary.txt``),
    or its name when it was given on its own.
    """

    source: str
    sha256: str
    blocks: tuple[Block, ...]
    page_count: int | None = None

    @property
    def tables(self) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.kind == "table")

    @property
    def title(self) -> str:
        """The document's own name: its title (a ``title`` block, or a short unpunctuated first
        line such as a report's cover title), else its file name without the suffix."""
        if self.blocks:
            first = self.blocks[0]
            if first.kind == "title":
                return first.text
            if first.kind == "paragraph" and len(first.text) <= MAX_TITLE_CHARS \
                    and not any(mark in first.text for mark in "。；！？;!?：:，,"):
                return first.text
        name = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name


@dataclass(frozen=True)
class Passage:
    """A piece of a document that is indexed, retrieved and cited.

    ``id`` is derived from the source, position and content, so it is stable across builds.
    ``section`` is the heading path joined with `` > ``; ``page`` is None for text sources.
    ``kind`` is ``text`` for prose, ``table_row`` for one table row carrying its title and
    headers.  ``score`` is the retrieval score (0.0 where the passage was not retrieved).
    ``title`` is the title of the document it comes from (:attr:`Document.title`).
    """

    id: str
    text: str
    source: str
    section: str
    page: int | None
    score: float = 0.0
    kind: str = "text"
    title: str = ""

    def with_score(self, score: float) -> "Passage":
        return replace(self, score=score)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "section": self.section,
            "page": self.page,
            "score": self.score,
            "kind": self.kind,
            "title": self.title,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Passage":
        return cls(
            id=str(data["id"]),
            text=str(data["text"]),
            source=str(data["source"]),
            section=str(data.get("section", "")),
            page=data.get("page"),
            score=float(data.get("score", 0.0)),
            kind=str(data.get("kind", "text")),
            title=str(data.get("title", "")),
        )


ROUTES = ("table", "passage", "llm", "none")


@dataclass(frozen=True)
class Answer:
    """What ``ReportQA.ask`` returns, whichever engine answered.

    ``text`` carries inline markers ``[1]``, ``[2]`` … that number ``citations``.
    ``answered`` is False when the report does not answer the question.
    ``route`` is one of ``table``, ``passage``, ``llm``, ``none``.
    ``notice`` tells the user something about how the answer was made (a truncated
    question, an LLM that failed and was replaced by extraction), or is empty.
    ``tentative`` marks a refusal that rests on a guess (a name the tables do not know,
    which may be no name at all): the passages are asked before it stands.
    """

    text: str
    answered: bool
    citations: tuple[Passage, ...] = ()
    route: str = "passage"
    question: str = ""
    notice: str = ""
    tentative: bool = False

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "text": self.text,
            "answered": self.answered,
            "route": self.route,
            "notice": self.notice,
            "citations": [passage.to_dict() for passage in self.citations],
        }


@dataclass(frozen=True)
class Innovation:
    """A row of the innovation tables (表 3-1 … 3-5): a firm and its patents/achievements."""

    firm: str
    country: str
    cluster: str
    achievements: tuple[str, ...]
    table: str
    source: Passage | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RegionEntry:
    """A row of a per-region table (表 1-1, 2-2 … 2-10): a cluster, its leading firms and institutes."""

    cluster: str
    leading_firms: tuple[str, ...]
    institutes: tuple[str, ...]
    table: str
    source: Passage | None = field(default=None, compare=False)


@dataclass(frozen=True)
class KeywordRank:
    """A row of the keyword table (表 5-1): rank, Chinese and English keywords with their counts."""

    rank: int
    chinese: str
    chinese_count: int
    english: str
    english_count: int
    source: Passage | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PolicyEntry:
    """A row of the policy comparison table (表 6-2), merged 时期 cells filled in."""

    period: str
    country: str
    policies: tuple[str, ...]
    analysis: str
    source: Passage | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DomainCount:
    """A cell of 图 2-1: how many clusters of a domain one continent has."""

    domain: str
    continent: str
    count: int
    source: Passage | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Link:
    """How a name from a region or innovation table was matched to an appendix cluster.

    ``number`` is None for an unlinked entry; ``method`` is ``exact``, ``normalised``,
    ``contained``, ``fuzzy`` or ``none``; ``reason`` says why in words.
    """

    table: str
    name: str
    number: int | None
    matched: str
    method: str
    score: float
    reason: str


@dataclass(frozen=True)
class Cluster:
    """A cluster of the appendix (附表), linked with the other tables that name it."""

    number: int
    name: str
    continent: str
    country: str
    industry: str
    domain: str
    leading_firms: tuple[str, ...] = ()
    institutes: tuple[str, ...] = ()
    innovations: tuple[Innovation, ...] = ()
    sources: tuple[Passage, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class IndexedDocument:
    """One document of the index, as :meth:`ReportQA.documents` lists it.

    ``removable`` is True for documents a user added (they live in the user-documents
    folder); the corpus itself cannot be removed.  ``vectors_ready`` is False while a new
    document is served by keyword search only and its passages are still being embedded.
    """

    source: str
    passages: int
    pages: int | None = None
    removable: bool = False
    vectors_ready: bool = True
