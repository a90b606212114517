"""``TableQuery``: what a table question asks, once parsed, and how long its answer may be."""
from __future__ import annotations

from dataclasses import dataclass

from qa.tables.cluster_engine import NameMatch

LIST_BUDGET = 800  # a list or a breakdown (the eval's aggregate budget)
LOOKUP_BUDGET = 300  # a count, a fact about one cluster or firm, and any follow-up
SET_INTENTS = ("count", "list", "group")  # questions about a set of appendix rows


@dataclass(frozen=True)
class TableQuery:
    """A parsed table question: what is asked (``intent``) and about what."""

    intent: str  # count, list, group, attribute, firm, number, firm_count, unknown
    filters: tuple[tuple[str, str], ...] = ()
    cluster: NameMatch | None = None
    unknown: str = ""  # a cluster, firm or place the report does not have
    firm: str = ""
    attribute: str = ""
    number: int | None = None
    group_by: str = ""
    extreme: str = ""
    english: bool = False
    followup: bool = False  # resolved against the previous table question

    @property
    def budget(self) -> int:
        """Characters the answer may use (markers included): lists and breakdowns get more than counts."""
        if self.followup or self.intent not in ("list", "group"):
            return LOOKUP_BUDGET
        return LIST_BUDGET

    @property
    def filter_dict(self) -> dict[str, str]:
        return dict(self.filters)
