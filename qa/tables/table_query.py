"""``TableQuery``: what a table question asks, once parsed, and how long its answer may be."""
from __future__ import annotations

from dataclasses import dataclass

from qa.tables.cluster_engine import NameMatch
from qa.tables.conditions import Condition

LIST_BUDGET = 800  # a list or a breakdown (the eval's aggregate budget)
LOOKUP_BUDGET = 300  # a count, a fact about one cluster or firm, and any follow-up
SET_INTENTS = ("count", "list", "group", "distinct", "compare")  # questions about a set of appendix rows


@dataclass(frozen=True)
class TableQuery:
    """A parsed table question: what is asked (``intent``) and about what."""

    intent: str  # count, list, group, distinct, compare, each, attribute, firm, institute, number, firm_count
    filters: tuple[tuple[str, str], ...] = ()
    cluster: NameMatch | None = None
    unknown: str = ""  # a cluster, firm or place the report does not have
    firm: str = ""
    attribute: str = ""
    number: int | None = None
    group_by: str = ""
    extreme: str = ""
    top: int = 0  # with extreme: how many groups are asked for (集群最多的三个国家, the top 3 countries)
    english: bool = False
    followup: bool = False  # resolved against the previous table question
    distinct: str = ""  # the column whose distinct values are counted (intent "distinct")
    condition: Condition | None = None  # a bound on the clusters per group, or on the firms/institutes listed
    compare: tuple[str, tuple[str, ...]] | None = None  # one column, two or more of its values (intent "compare")
    institute: str = ""  # a research institute the region tables list
    names: tuple[str, ...] = ()  # the spans of this question read as names (see qa.tables.coverage)
    budget_share: int = 1  # the answer is one of this many parts of a question

    @property
    def budget(self) -> int:
        """Characters the answer may use (markers included): lists and breakdowns get more than counts."""
        if self.followup or self.intent not in ("list", "group", "distinct", "compare"):
            return LOOKUP_BUDGET // self.budget_share
        return LIST_BUDGET // self.budget_share

    @property
    def filter_dict(self) -> dict[str, str]:
        return dict(self.filters)
