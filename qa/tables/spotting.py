"""Finding the words of a table question: filters, a cluster's name, a firm, an attribute, what is left.

Each function takes the question (NFKC-normalised) and returns what it found; none decides
what the question asks.  Names are matched against the engine's own vocabularies: the
continent, country, domain and industry aliases of :mod:`qa.tables.cluster_engine`, the
cluster and firm names the tables use, and the English place names of the glossary.
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from qa.retrieval.glossary import DOMAINS, PLACES
from qa.tables.cluster_engine import (CONTINENT_ALIASES, COUNTRY_ALIASES, DOMAIN_ALIASES, FIRM_ALIASES,
                                      INDUSTRY_ALIASES, ClusterEngine, NameMatch)
from qa.tables.linking import name_core, normalise_name
from qa.tables.question_words import (ATTRIBUTES, FRAME_WORDS_ZH, GENERIC_WORDS, INDUSTRY_WORDS, PLAIN_QUALIFIERS,
                                      SHORT_NAME)
from qa.tables.thresholds import THRESHOLDS, LooseName
from qa.text import is_chinese


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def english_pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![a-z])" + re.escape(word) + r"(?![a-z])")


def _take(text: str, english: str, aliases: dict[str, tuple[str, ...]], original: str) -> tuple[str | None, str, str]:
    """Find the longest alias in ``text`` (Chinese) or ``english`` (folded English); blank it out."""
    found = []
    for canonical, words in aliases.items():
        for word in (canonical, *words):
            if re.search(r"[a-z]", word):
                if len(word) <= 3:  # "US", "IT", "AI", "UK": only as capitals in the original
                    if re.search(r"(?<![A-Za-z])" + re.escape(word.upper()) + r"(?![A-Za-z])", original):
                        found.append((len(word), canonical, word))
                elif english_pattern(word).search(english):
                    found.append((len(word), canonical, word))
            elif word in text:
                found.append((len(word), canonical, word))
    if not found:
        return None, text, english
    _, canonical, word = max(found)
    if re.search(r"[a-z]", word):
        return canonical, text, english_pattern(word).sub(" ", english)
    return canonical, text.replace(word, " "), english


def _filter_vocabularies():
    return (("continent", CONTINENT_ALIASES), ("country", COUNTRY_ALIASES), ("domain", DOMAIN_ALIASES),
            ("industry", {word: INDUSTRY_ALIASES.get(word, ()) for word in INDUSTRY_WORDS}))


def find_filters(text: str, original: str) -> dict[str, str]:
    """Continent, country, domain and industry words in a question (cluster and firm names already removed)."""
    english = fold(original)
    found: dict[str, str] = {}
    for key, aliases in _filter_vocabularies():
        value, text, english = _take(text, english, aliases, original)
        if value:
            found[key] = value
    return found


def find_all_values(text: str, original: str) -> dict[str, list[str]]:
    """Every continent, country and domain a question names, in the order of :func:`find_filters`' choice.

    The first value of each key is the one :func:`find_filters` takes; further ones are what a
    comparison ("德国和法国", "Japan or South Korea") compares it with.
    """
    english = fold(original)
    found: dict[str, list[str]] = {}
    for key, aliases in _filter_vocabularies()[:3]:
        remaining = dict(aliases)
        while remaining:
            value, text, english = _take(text, english, remaining, original)
            if not value:
                break
            for word in sorted((value, *remaining.pop(value)), key=len, reverse=True):  # each value once, in
                if re.search(r"[a-z]", word):                                          # all its spellings
                    english = english_pattern(word).sub(" ", english)
                else:
                    text = text.replace(word, " ")
            found.setdefault(key, []).append(value)
    return found


def spot_institute(text: str, engine: ClusterEngine) -> str:
    """A research institute the region tables list, named in the question (longest first)."""
    folded = normalise_name(text)
    for institute in engine_institutes(engine):
        key = normalise_name(institute)
        if len(key) >= 3 and key in folded:
            return institute
    return ""


@functools.lru_cache(maxsize=4)
def engine_institutes(engine: ClusterEngine) -> list[str]:
    """Every institute the region tables list ("…等" dropped), longest first."""
    names = {item.strip().removesuffix("等") for entry, _ in engine.linked.region_links for item in entry.institutes}
    return sorted((name for name in names if name), key=len, reverse=True)


def matches_operation(pattern: re.Pattern, text: str) -> bool:
    """A count/list pattern whose words between 多少/哪些 and 集群 are all filter or generic words."""
    for match in pattern.finditer(text):
        middle = match.groupdict().get("middle") or ""
        for aliases in (CONTINENT_ALIASES, COUNTRY_ALIASES, DOMAIN_ALIASES):
            for words in aliases.items():
                for word in sorted((words[0], *words[1]), key=len, reverse=True):
                    middle = middle.replace(word, "")
        for word in sorted(INDUSTRY_WORDS + FRAME_WORDS_ZH, key=len, reverse=True):  # (the coverage check reads
            middle = middle.replace(word, "")                                          # the rest of the question)
        if not middle.strip():
            return True
    return False


_FILTER_WORDS = sorted({word for aliases in (CONTINENT_ALIASES, COUNTRY_ALIASES, DOMAIN_ALIASES)
                        for canonical, words in aliases.items() for word in (canonical, *words)
                        if not re.search(r"[a-z]", word)} | set(INDUSTRY_WORDS) | {"产业", "领域"},
                       key=len, reverse=True)  # longest first: 印度尼西亚 before 印度


def without_filter_words(text: str) -> str:
    """``text`` without continent, country, domain and industry words (墨尔本生物医药集群 → 墨尔本集群)."""
    for word in _FILTER_WORDS:
        text = text.replace(word, "")
    return text


def _distinctive(part: str, loose: LooseName = THRESHOLDS.loose_name) -> bool:
    """True when a shared part of two names holds more than domain, industry and generic words."""
    rest = without_filter_words(part)
    for word in ("集群", "产业", "工业", "制造", "科技", "技术", "中心", "园区", "园", "谷", "城", "区"):
        rest = rest.replace(word, "")
    return len(rest) >= loose.min_distinctive_chars


def _longest_common_with(text: str):
    """``f(name) -> (start in name, start in text, size)`` of their longest common run.

    The matcher indexes ``text`` once (its second sequence), not once per name: a 2,000-character
    question against ~480 names took 0.25 s of indexing alone.
    """
    matcher = difflib.SequenceMatcher(None, "", text, autojunk=False)

    def longest(name: str) -> tuple[int, int, int]:
        matcher.set_seq1(name)
        match = matcher.find_longest_match(0, len(name), 0, len(text))
        return match.a, match.b, match.size

    return longest


def place_starts(core: str) -> set[int]:
    """Where a cluster name's own part may start: at 0, or after a leading country/continent name."""
    starts = {0}
    for aliases in (COUNTRY_ALIASES, CONTINENT_ALIASES):
        for canonical in aliases:
            if core.startswith(canonical):
                starts.add(len(canonical))
    return starts


def spot_cluster(question: str, engine: ClusterEngine,
                 loose: LooseName | None = None) -> tuple[NameMatch | None, str]:
    """The cluster a question names (full name, or a distinctive leading part of it), and the matched text.

    ``loose`` (default: :data:`~qa.tables.thresholds.THRESHOLDS`) bounds a loose match; the
    fitting script passes others.
    """
    loose = loose or THRESHOLDS.loose_name
    folded = normalise_name(question)
    longest_common = _longest_common_with(folded)
    best: tuple[int, str, str] | None = None
    for spelling in engine.known_names():
        name = normalise_name(spelling)
        if len(name) < loose.min_name_chars:
            continue
        if name in folded:
            candidate = (len(name) + 100, spelling, name)
        else:
            start, at, size = longest_common(name)
            core = name_core(spelling)
            if size < loose.min_shared_chars or size < loose.min_core_share * len(core) \
                    or start not in place_starts(name):
                continue
            if not _distinctive(folded[at:at + size], loose):
                continue  # "欧洲航空航天产业集群" shares only industry words with 瑞典航空航天产业集群
            candidate = (size, spelling, folded[at:at + size])
        if best is None or candidate[0] > best[0]:
            best = candidate
    if best is None:
        return None, ""
    return engine.find_name(best[1]), best[2]


def english_words(english: str, vocabulary: dict[str, str]) -> list[str]:
    """The Chinese renderings of ``vocabulary``'s English phrases in folded ``english``, longest phrase first."""
    found = []
    for word in sorted(vocabulary, key=len, reverse=True):
        pattern = english_pattern(word)
        if pattern.search(english):
            found.append(vocabulary[word])
            english = pattern.sub(" ", english)
    return found


def spot_english_cluster(original: str, engine: ClusterEngine) -> tuple[NameMatch | None, str]:
    """A cluster named in English ("the Seattle aerospace cluster", "Odense") through :mod:`qa.retrieval.glossary`.

    The place picks the clusters whose names contain its Chinese spelling; where a place has
    several (Tokyo: robots and cars), the domain or industry words must single one out.
    """
    english = fold(original)
    places = english_words(english, PLACES)
    if not places:
        return None, ""
    names = [name for name in engine.known_names() if any(place in name for place in places)]
    if not names:
        return None, ""
    found = {engine.find_name(name) for name in names}
    by_cluster = {(m.cluster.number if m.cluster else m.entry_name): m for m in found if m is not None}
    if len(by_cluster) > 1:
        topics = english_words(english, DOMAINS)
        topics += [term for term, words in INDUSTRY_ALIASES.items() if any(english_pattern(w).search(english)
                                                                            for w in words)]

        def overlap(match: NameMatch) -> int:
            text = match.entry_name + (match.cluster.industry + match.cluster.domain if match.cluster else "")
            return sum(1 for topic in topics if topic in text)

        scores = {key: overlap(match) for key, match in by_cluster.items()}
        best = max(scores.values())
        winners = [key for key, score in scores.items() if score == best]
        if best == 0 or len(winners) != 1:
            return None, ""  # several clusters in that place and nothing to choose between them
        by_cluster = {winners[0]: by_cluster[winners[0]]}
    match = next(iter(by_cluster.values()))
    return match, ""


def spot_short_name(question: str, engine: ClusterEngine) -> tuple[NameMatch | None, str]:
    """A cluster named by a short head only ("硅谷的龙头企业"): taken when exactly one name starts with it."""
    match = SHORT_NAME.search(question)
    if not match:
        return None, ""
    head = normalise_name(match.group(1))
    if not head or find_filters(match.group(1), match.group(1)) or len(head) < 2:
        return None, ""
    names = {spelling for spelling in engine.known_names() if normalise_name(spelling).startswith(head)}
    found = {engine.find_name(spelling) for spelling in names}
    clusters = {m.cluster.number if m and m.cluster else (m.entry_name if m else None) for m in found}
    if len(clusters) != 1 or None in clusters:
        return None, ""
    return engine.find_name(sorted(names)[0]), head


def spot_firm(text: str, original: str, engine: ClusterEngine) -> str:
    folded = normalise_name(text)
    english = fold(original)
    for firm in engine.firm_names:
        key = normalise_name(firm)
        if len(key) < 2 or key not in folded or (len(key) == 2 and not re.search(r"[\u4e00-\u9fff]", key)):
            continue
        spelled = r"(?<![a-z0-9])" + r"\s?".join(map(re.escape, key)) + r"(?![a-z0-9])"
        if re.fullmatch(r"[a-z0-9]+", key) and not re.search(spelled, english):
            continue  # a Latin name is a word of its own ("TCL" is not in "mostclusters"; "SpaceX" is Space X)
        return firm
    english = fold(original)
    for firm, words in FIRM_ALIASES.items():  # "丰田" for 丰田汽车公司, "Toyota"
        if (firm in text and len(firm) >= 2) or any(english_pattern(word).search(english) for word in words):
            return firm
    return ""


def find_attribute(text: str, english: str) -> str:
    for attribute, chinese, latin in ATTRIBUTES:
        if re.search(chinese, text) or re.search(latin, english):
            return attribute
    return ""


def leftover_subject(text: str) -> str:
    """What is left of a count/list question once the known words are removed (an unknown place)."""
    before = re.split(r"有多少|有几|一共|总共|共有|有哪些|哪些|多少|几个|的集群|集群", text, maxsplit=1)[0]
    for word in sorted(GENERIC_WORDS, key=len, reverse=True):
        before = before.replace(word, "")
    before = re.sub(r"[\s，,。？?！!、：:（）()“”\"']", "", before)
    return before if len(re.findall(r"[\u4e00-\u9fff]", before)) >= 2 else ""


def qualifier(question: str) -> str:
    """What still qualifies the clusters once place, domain, industry and plain words are removed."""
    text = without_filter_words(question)
    for word in PLAIN_QUALIFIERS:
        text = text.replace(word, "")
    return leftover_subject(text)


def named_place(subject: str, engine: ClusterEngine) -> str:
    """A city or region that cluster names begin with (芝加哥, "Munich" → 慕尼黑), or ""."""
    if not subject:
        return ""
    if not is_chinese(subject):
        subject = next(iter(english_words(fold(subject), PLACES)), "")
    place = normalise_name(subject)
    if len(place) < 2:
        return ""
    for name in engine.known_names():
        folded = normalise_name(name)
        if any(folded.startswith(place, start) for start in place_starts(folded)) or \
                (subject in PLACES.values() and place in folded):
            return subject
    return ""


def unknown_english_subject(original: str) -> str:
    words = re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b", original)
    ignored = {"How", "What", "Which", "List", "Name", "Show", "The", "In", "Does", "Do", "Is", "Are", "Clusters",
               "Cluster", "Appendix", "Table", "Report", "There", "Tell", "Please", "Give"}
    return next((w for w in words if w.split()[0] not in ignored), "")
