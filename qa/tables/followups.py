"""Follow-ups: a question read against the previous table question of the chat.

"韩国呢？" keeps the previous question's operation and swaps its place; "其中消费品领域的呢？"
narrows it; "它属于哪个领域？" asks about the cluster it named; "What about Germany?" is the
English form.  :func:`parse_followup` handles what the question alone does not say;
:func:`merge` lays a follow-up's filters over the previous ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from qa.tables.cluster_engine import ClusterEngine, NameMatch
from qa.tables.question_words import EACH
from qa.tables.spotting import leftover_subject, named_place, unknown_english_subject
from qa.tables.table_query import SET_INTENTS, TableQuery
from qa.tables.thresholds import THRESHOLDS

FOLLOWUP_ZH = re.compile(r"呢[？?]?$|^那|^其中|^那么|^还有|^它|^该集群|^这个集群|^这些")
FOLLOWUP_EN = re.compile(r"^(?:what|how) about\b|^and\b|^also\b|^what of\b|\bthen\b|^in\b|\bit\b|\bthis cluster\b",
                         re.I)
NARROWING = re.compile(r"其中|这些集群中|这些中|among them|of these|of them|of those", re.I)
PRONOUN = re.compile(r"它|该集群|这个集群|此集群|这一集群|\bit\b|\bits\b|\bthis cluster\b|\bthat cluster\b", re.I)
PLURAL = re.compile(r"它们|\b(?:them|those|these|their|they)\b", re.I)
PLACE_KEYS = ("continent", "country", "place")
EACH_ATTRIBUTES = ("industry", "domain", "country", "continent", "firms", "institutes")


@dataclass(frozen=True)
class Found:
    """What the question itself names (see :mod:`qa.tables.spotting`)."""

    cluster: NameMatch | None
    firm: str
    filters: dict
    attribute: str
    institute: str = ""
    values: dict = field(default_factory=dict)  # every value of each filter key (a comparison names two)
    names: tuple[str, ...] = ()  # the question's spans read as names


def is_followup(original: str, english: bool, context: TableQuery | None) -> bool:
    """True when ``original`` reads as a follow-up of ``context`` ("呢", "其中", "What about", or very short)."""
    if context is None:
        return False
    bare = re.sub(r"[\s，,。？?！!]", "", original)
    return bool(FOLLOWUP_ZH.search(original) or FOLLOWUP_EN.search(original) or NARROWING.search(original)
                or PLURAL.search(original)
                or (len(bare) <= THRESHOLDS.bare_followup_chars and not english))  # "有哪些？", "多少个？"


def merge(query: TableQuery, context: TableQuery | None, original: str, inherit: bool = False) -> TableQuery:
    """A follow-up's filters on top of the previous question's: places replace places unless narrowing.

    With ``inherit`` (or when ``query`` asks no operation of its own) the previous question's
    operation is kept; otherwise ``query``'s own (a count after a list, distinct domains after a count).
    """
    if context is None or context.intent not in SET_INTENTS:
        return query
    merged = dict(context.filters)
    new = dict(query.filters)
    if not NARROWING.search(original) and (set(PLACE_KEYS) & set(new)):
        for key in PLACE_KEYS:
            merged.pop(key, None)
    merged.update(new)
    if inherit or query.intent not in SET_INTENTS:  # "韩国呢？": the previous question's operation
        return replace(context, filters=tuple(merged.items()), english=query.english, unknown="", followup=True,
                       names=query.names, budget_share=query.budget_share)
    return replace(query, filters=tuple(merged.items()), unknown="", followup=True)


def parse_followup(original: str, english_text: str, english: bool, found: Found, context: TableQuery,
                   engine: ClusterEngine) -> TableQuery | None:
    """A follow-up that names no operation of its own: the previous question's, with what this one changes."""
    base = TableQuery("unknown", english=english, followup=True)
    cluster, firm, filters, attribute = found.cluster, found.firm, found.filters, found.attribute
    if attribute in EACH_ATTRIBUTES and not cluster and not firm and not filters and EACH.search(original) \
            and context.intent in ("count", "list"):
        return replace(context, intent="each", attribute=attribute, english=english, followup=True)
    if attribute == "name" and not (cluster or firm or filters) and context.intent in ("count", "list"):
        return replace(context, intent="list", english=english, followup=True)  # "分别叫什么？" after a count
    if attribute and attribute != "name":
        if cluster or (PRONOUN.search(original) and context.cluster) or context.cluster:
            return replace(base, intent="attribute", cluster=cluster or context.cluster, attribute=attribute)
        if context.firm:
            return replace(base, intent="firm", firm=context.firm, attribute=attribute)
    if cluster and context.intent == "attribute":
        return replace(context, cluster=cluster, english=english, followup=True)
    if firm and context.intent == "firm":
        return replace(context, firm=firm, unknown="", english=english, followup=True)
    if filters and context.intent in SET_INTENTS:
        return merge(replace(base, intent=context.intent, filters=tuple(filters.items())), context, original, True)
    asks_about = re.search(r"^(?:那|那么)?(.+?)呢[？?]?$", original)  # "卢森堡呢？": a place we do not know
    unknown = leftover_subject(asks_about.group(1)) if asks_about and not english else ""
    if english and re.search(r"^(?:what|how) about\b|^and\b", english_text):
        unknown = unknown_english_subject(original)
    place = named_place(unknown, engine) if context.intent in SET_INTENTS else ""
    if place:
        return merge(replace(base, intent=context.intent, filters=(("place", place),)), context, original, True)
    if unknown and context.intent in ("count", "list"):
        return replace(context, unknown=unknown, english=english, followup=True)
    return None
