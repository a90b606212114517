"""``ClusterEngine``: exact filters, counts and lookups over the report's linked tables.

Filters take the report's own words, common synonyms and English (``Sweden``, ``北美``,
``biomedicine``); they are resolved against fixed vocabularies here and applied as plain
Python comparisons.  Nothing a model writes is ever executed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Sequence

from qa.errors import ClusterQAError
from qa.tables.linking import LinkedTables, link_tables, match_cluster, name_core, normalise_name
from qa.records import Cluster, Document, Innovation, Link, RegionEntry
from qa.tables.parsing import EXPECTED_APPENDIX_ROWS, read_tables

CONTINENT_ALIASES: dict[str, tuple[str, ...]] = {
    "北美洲": ("北美洲", "北美", "north america", "north american"),
    "南美洲": ("南美洲", "南美", "拉丁美洲", "拉美", "south america", "latin america", "south american"),
    "欧洲": ("欧洲", "europe", "european"),
    "亚洲": ("亚洲", "asia", "asian"),
    "澳洲": ("澳洲", "大洋洲", "oceania", "australasia"),
    "非洲": ("非洲", "africa", "african"),
}

# Countries of the appendix and a few more a user may ask about (they simply have no rows), by
# name and by adjective ("Italian clusters").
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "美国": ("美国", "united states", "usa", "u.s.", "america", "the us", "us", "american"),
    "加拿大": ("加拿大", "canada", "canadian"),
    "澳大利亚": ("澳大利亚", "australia", "australian"),
    "新西兰": ("新西兰", "new zealand"),
    "巴西": ("巴西", "brazil", "brazilian"),
    "爱尔兰": ("爱尔兰", "ireland", "irish"),
    "比利时": ("比利时", "belgium", "belgian"),
    "丹麦": ("丹麦", "denmark", "danish"),
    "德国": ("德国", "germany", "german"),
    "法国": ("法国", "france", "french"),
    "荷兰": ("荷兰", "netherlands", "the netherlands", "holland", "dutch"),
    "挪威": ("挪威", "norway", "norwegian"),
    "葡萄牙": ("葡萄牙", "portugal", "portuguese"),
    "瑞典": ("瑞典", "sweden", "swedish"),
    "瑞士": ("瑞士", "switzerland", "swiss"),
    "土耳其": ("土耳其", "turkey", "türkiye", "turkiye", "turkish"),
    "西班牙": ("西班牙", "spain", "spanish"),
    "匈牙利": ("匈牙利", "hungary", "hungarian"),
    "英国": ("英国", "united kingdom", "uk", "u.k.", "britain", "great britain", "england", "british"),
    "意大利": ("意大利", "italy", "italian"),
    "韩国": ("韩国", "南韩", "south korea", "korea", "republic of korea", "south korean", "korean"),
    "日本": ("日本", "japan", "japanese"),
    "沙特阿拉伯": ("沙特阿拉伯", "沙特", "saudi arabia", "saudi", "saudi arabian"),
    "泰国": ("泰国", "thailand", "thai"),
    "印度": ("印度", "india", "indian"),
    "新加坡": ("新加坡", "singapore", "singaporean"),
    "中国": ("中国", "china", "prc", "chinese"),
    "印度尼西亚": ("印度尼西亚", "印尼", "indonesia", "indonesian"),
    "马来西亚": ("马来西亚", "malaysia", "malaysian"),
    "越南": ("越南", "vietnam", "viet nam", "vietnamese"),
    "菲律宾": ("菲律宾", "philippines", "filipino"),
    "以色列": ("以色列", "israel", "israeli"),
    "俄罗斯": ("俄罗斯", "russia", "russian"),
    "墨西哥": ("墨西哥", "mexico", "mexican"),
    "阿根廷": ("阿根廷", "argentina", "argentine"),
    "智利": ("智利", "chile", "chilean"),
    "南非": ("南非", "south africa", "south african"),
    "埃及": ("埃及", "egypt", "egyptian"),
    "芬兰": ("芬兰", "finland", "finnish"),
    "奥地利": ("奥地利", "austria", "austrian"),
    "波兰": ("波兰", "poland", "polish"),
    "捷克": ("捷克", "czech republic", "czechia", "czech"),
    "希腊": ("希腊", "greece", "greek"),
    "朝鲜": ("朝鲜", "north korea", "north korean"),
    "阿联酋": ("阿联酋", "阿拉伯联合酋长国", "united arab emirates", "uae", "emirati"),
}

DOMAIN_ALIASES: dict[str, tuple[str, ...]] = {
    "生物医药及高端医疗器械领域": ("生物医药及高端医疗器械", "生物医药", "医药", "生物技术", "生物科技", "高端医疗器械",
                         "医疗器械", "biomedicine", "biomedical", "biotech", "biotechnology", "biopharma",
                         "pharmaceutical", "pharmaceuticals", "pharma", "life sciences", "life science",
                         "medical devices", "medical device", "healthcare", "high-end medical devices",
                         "biomedicine and high-end medical devices", "biomedicine & high-end medical devices"),
    "电子信息领域": ("电子信息", "信息技术", "电子", "electronic information", "electronics", "information technology",
                "ict", "it"),
    "消费品领域": ("消费品", "consumer goods", "consumer products", "consumer"),
    "新材料领域": ("新材料", "材料", "new materials", "new material", "advanced materials", "materials"),
    "高端装备领域": ("高端装备", "装备", "high-end equipment", "high end equipment", "advanced equipment",
               "equipment"),
    "新能源及智能网联汽车领域": ("新能源及智能网联汽车", "新能源汽车", "智能网联汽车", "汽车", "new energy vehicles",
                       "new energy vehicle", "nev", "nevs", "electric vehicles", "intelligent connected vehicles",
                       "automotive", "vehicles", "cars", "intelligent connected vehicle",
                       "new energy and intelligent connected vehicles", "new energy & intelligent connected vehicles",
                       "new-energy & intelligent connected vehicle", "new-energy and intelligent connected vehicles"),
    "新能源领域": ("新能源", "new energy", "clean energy"),
}

# English words for 主导产业 terms (the Chinese terms are matched as they are).
INDUSTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "航空": ("aerospace", "aviation", "aircraft", "航空航天"),  # 航空航天 clusters include 航空产业 ones
    "半导体": ("semiconductor", "semiconductors", "chips"),
    "机器人": ("robot", "robots", "robotics"),
    "石化": ("petrochemical", "petrochemicals"),
    "炼油": ("refining", "oil refining"),
    "食品": ("food",),
    "葡萄酒": ("wine",),
    "纺织": ("textile", "textiles"),
    "人工智能": ("artificial intelligence", "ai"),
    "化妆品": ("cosmetics",),
    "造船": ("shipbuilding",),
    "钟表": ("watches", "watchmaking"),
    "乳制品": ("dairy",),
    "软件": ("software",),
    "区块链": ("blockchain",),
    "光伏": ("photovoltaic", "solar"),
    "工程机械": ("construction machinery",),
    "轨道交通": ("rail transit", "railway"),
    "集成电路": ("integrated circuits", "integrated circuit"),
    "云计算": ("cloud computing",),
    "物联网": ("internet of things", "iot"),
    "稀土": ("rare earth", "rare earths"),
    "碳纤维": ("carbon fibre", "carbon fiber"),
    "纳米": ("nanotechnology", "nano"),
    "家电": ("home appliances", "appliances"),
    "安防": ("security",),
}

FIRM_ALIASES: dict[str, tuple[str, ...]] = {
    "华为": ("huawei",), "三星": ("samsung",), "苹果": ("apple",), "谷歌": ("google",), "微软": ("microsoft",),
    "英特尔": ("intel",), "特斯拉": ("tesla",), "索尼": ("sony",), "丰田": ("toyota",), "巴斯夫": ("basf",),
    "诺华": ("novartis",), "罗氏": ("roche",), "波音": ("boeing",), "空中客车": ("airbus",),
    "欧莱雅": ("l'oreal", "loreal", "l'oréal"), "雀巢": ("nestle", "nestlé"), "联合利华": ("unilever",),
    "爱立信": ("ericsson",), "戴尔": ("dell",), "默克": ("merck",), "阿斯利康": ("astrazeneca",),
    "美敦力": ("medtronic",), "强生": ("johnson & johnson", "johnson and johnson"), "卡特彼勒": ("caterpillar",),
    "小米": ("xiaomi",), "百度": ("baidu",), "比亚迪": ("byd",), "海尔": ("haier",), "阿里巴巴": ("alibaba",),
    "台积电": ("tsmc",), "宝马": ("bmw",), "大众": ("volkswagen",), "奥迪": ("audi",), "博世": ("bosch",),
    "法拉利": ("ferrari",), "沃尔沃": ("volvo",), "西门子": ("siemens",), "本田": ("honda",), "日产": ("nissan",),
    "东丽": ("toray",), "日立": ("hitachi",), "蒙牛": ("mengniu",), "三一": ("sany",), "高通": ("qualcomm",),
    "亚马逊": ("amazon",), "葛兰素史克": ("gsk", "glaxosmithkline"), "辉瑞": ("pfizer",), "赛诺菲": ("sanofi",),
    "欧米茄": ("omega",), "劳力士": ("rolex",), "香奈儿": ("chanel",), "迪奥": ("dior",), "达能": ("danone",),
    "徐工": ("xcmg",), "中联重科": ("zoomlion",), "万华化学": ("wanhua",), "赣锋锂业": ("ganfeng",),
    "海康威视": ("hikvision",), "京东方": ("boe",), "中兴通讯": ("zte",), "海信": ("hisense",),
}

_FIRM_SUFFIXES = ("有限公司", "株式会社", "公司", "集团")
GROUP_KEYS = ("continent", "country", "domain")


class UnknownFilterError(ClusterQAError, ValueError):
    """A filter value that is not one of the words the engine knows; the message lists them."""


def _fold(text: str) -> str:
    return " ".join(str(text).strip().lower().split())


def _alias_index(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index = {}
    for canonical, words in aliases.items():
        index[_fold(canonical)] = canonical
        for word in words:
            index[_fold(word)] = canonical
    return index


def firm_key(name: str) -> str:
    """A firm name for comparison: normalised, without 公司/集团/株式会社."""
    key = normalise_name(name)
    for suffix in _FIRM_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            key = key[: -len(suffix)]
    return key


def same_firm(query: str, item: str) -> bool:
    """True when ``item`` (a table entry) names the firm ``query`` (三星 ~ 三星电子, 默克 ~ 默克公司)."""
    q, k = firm_key(query), firm_key(item)
    if not q or not k:
        return False
    if q == k:
        return True
    return (len(q) >= 2 and k.startswith(q)) or (len(k) >= 2 and q.startswith(k) and len(k) >= len(q) - 2)


@dataclass(frozen=True)
class FirmMention:
    """Where a table names a firm: as a leading firm of a cluster or with innovations.

    ``cluster`` is the linked appendix cluster, or None when the appendix lacks it
    (then ``cluster_name`` is the table's own spelling).
    """

    firm: str
    role: str  # "leading_firm" or "innovation"
    cluster_name: str
    cluster: Cluster | None
    record: RegionEntry | Innovation
    link: Link


@dataclass(frozen=True)
class NameMatch:
    """A cluster name as a user wrote it, resolved: an appendix cluster or a table-only entry."""

    query: str
    cluster: Cluster | None
    entry_name: str  # the spelling the report uses where it was found
    records: tuple  # region/innovation records naming it (for unlinked names)
    method: str
    score: float


class ClusterEngine:
    """Queries over the linked tables of a report.

    Build it with :meth:`from_documents`; then :meth:`clusters` filters, :meth:`counts`
    groups, :meth:`by_number`, :meth:`find_name` and :meth:`firm_mentions` look up.
    """

    def __init__(self, linked: LinkedTables):
        self.linked = linked
        self._clusters = linked.clusters
        self._continents = _alias_index(CONTINENT_ALIASES)
        self._countries = _alias_index(COUNTRY_ALIASES)
        self._domains = _alias_index(DOMAIN_ALIASES)
        for cluster in self._clusters:  # the report's own values always resolve to themselves
            self._continents.setdefault(_fold(cluster.continent), cluster.continent)
            self._countries.setdefault(_fold(cluster.country), cluster.country)
            self._domains.setdefault(_fold(cluster.domain), cluster.domain)

    @classmethod
    def from_documents(cls, documents: Iterable[Document],
                       expected_appendix_rows: int | None = EXPECTED_APPENDIX_ROWS) -> "ClusterEngine":
        """Read, check and link the tables of ``documents`` (see :func:`qa.tables.parsing.read_tables`)."""
        return cls(link_tables(read_tables(documents, expected_appendix_rows)))

    # ------------------------------------------------------------ vocabularies
    @property
    def all_clusters(self) -> tuple[Cluster, ...]:
        return self._clusters

    @property
    def has_appendix(self) -> bool:
        return bool(self._clusters)

    def values(self, key: str) -> list[str]:
        """The values ``key`` (continent, country, domain) takes in the appendix, in table order."""
        if key not in GROUP_KEYS:
            raise UnknownFilterError(f"Cannot group by {key!r}; use one of {', '.join(GROUP_KEYS)}.")
        return list(dict.fromkeys(getattr(c, key) for c in self._clusters))

    def alias_table(self, key: str) -> dict[str, str]:
        """Every word (folded) the engine reads for ``key``, mapped to the report's value."""
        return {"continent": self._continents, "country": self._countries, "domain": self._domains}[key]

    def resolve(self, key: str, value: str) -> str:
        """The report's value for a user's word (``Sweden`` → ``瑞典``); raises for unknown words."""
        table = self.alias_table(key)
        folded = _fold(value)
        for candidate in (folded, folded.removesuffix("领域"), folded.removesuffix("洲"), folded + "领域"):
            if candidate in table:
                return table[candidate]
        allowed = "、".join(self.values(key)) or "(none: no appendix was found)"
        raise UnknownFilterError(f"Unknown {key} {value!r}. The report's values are: {allowed} "
                                 f"(English names and common synonyms work too).")

    # ------------------------------------------------------------ queries
    def clusters(self, continent: str | None = None, country: str | None = None, domain: str | None = None,
                 industry: str | None = None, name: str | None = None, firm: str | None = None,
                 place: str | None = None) -> list[Cluster]:
        """The appendix clusters that pass every given filter, in appendix order.

        ``place`` is a city or region as the names write it (芝加哥, 慕尼黑): the clusters whose
        name contains it.
        """
        rows = list(self._clusters)
        if continent:
            wanted = self.resolve("continent", continent)
            rows = [c for c in rows if c.continent == wanted]
        if country:
            wanted = self.resolve("country", country)
            rows = [c for c in rows if c.country == wanted]
        if domain:
            wanted = self.resolve("domain", domain)
            rows = [c for c in rows if c.domain == wanted]
        if industry:
            terms = self.industry_terms(industry)
            rows = [c for c in rows if any(t in c.industry or t in c.name for t in terms)]
        if name:
            match = self.find_name(name)
            wanted_core = name_core(name)
            rows = [c for c in rows if (match and match.cluster and c.number == match.cluster.number)
                    or (len(wanted_core) >= 2 and wanted_core in name_core(c.name))]
        if place:
            wanted_place = normalise_name(place)
            rows = [c for c in rows if wanted_place and wanted_place in normalise_name(c.name)]
        if firm:
            numbers = {m.cluster.number for m in self.firm_mentions(firm) if m.cluster is not None}
            rows = [c for c in rows if c.number in numbers]
        return rows

    def industry_terms(self, industry: str) -> list[str]:
        """The Chinese 主导产业 words a user's industry word stands for (``aerospace`` → ``航空``)."""
        folded = _fold(industry)
        terms = [term for term, words in INDUSTRY_ALIASES.items() if folded == term or folded in words]
        return terms or [industry.strip()]

    def counts(self, by: str, **filters) -> list[tuple[str, int]]:
        """How many clusters per ``by`` (continent, country, domain) among the filtered ones, largest first."""
        if by not in GROUP_KEYS:
            raise UnknownFilterError(f"Cannot group by {by!r}; use one of {', '.join(GROUP_KEYS)}.")
        counter = Counter(getattr(c, by) for c in self.clusters(**filters))
        order = {value: i for i, value in enumerate(self.values(by))}
        return sorted(counter.items(), key=lambda item: (-item[1], order.get(item[0], 0)))

    def by_number(self, number: int) -> Cluster | None:
        """The appendix row with this 序号, or None."""
        return next((c for c in self._clusters if c.number == int(number)), None)

    @cached_property
    def _table_names(self) -> dict[str, list]:
        """Every cluster name the region and innovation tables use, with the records that use it."""
        names: dict[str, list] = {}
        for entry, link in self.linked.region_links:
            names.setdefault(entry.cluster, []).append((entry, link))
        for entry, link in self.linked.innovation_links:
            names.setdefault(entry.cluster, []).append((entry, link))
        return names

    def known_names(self) -> list[str]:
        """Every cluster name the report's tables use (appendix spellings first)."""
        return list(dict.fromkeys([c.name for c in self._clusters] + list(self._table_names)))

    def find_name(self, name: str) -> NameMatch | None:
        """Resolve a cluster name the way the linker does; table-only names (剑桥科技园) are found too."""
        for spelling, pairs in self._table_names.items():
            if normalise_name(spelling) == normalise_name(name):
                number = pairs[0][1].number
                cluster = self.by_number(number) if number is not None else None
                return NameMatch(name, cluster, spelling, tuple(r for r, _ in pairs), "exact", 100.0)
        cluster, method, score, _ = match_cluster(name, self._clusters)
        if cluster is not None:
            return NameMatch(name, cluster, cluster.name, (), method, score)
        spellings = [s for s in self._table_names if self._table_names[s][0][1].number is None]
        for spelling in spellings:
            if name_core(spelling) in name_core(name) or name_core(name) in name_core(spelling):
                records = tuple(r for r, _ in self._table_names[spelling])
                return NameMatch(name, None, spelling, records, "contained", 95.0)
        return None

    def firm_mentions(self, firm: str) -> list[FirmMention]:
        """Every table row that names ``firm`` (leading firms of region tables, firms of innovation tables)."""
        query = self.firm_alias(firm)
        mentions = []
        for entry, link in self.linked.region_links:
            for item in entry.leading_firms:
                if same_firm(query, item):
                    mentions.append(FirmMention(item, "leading_firm", entry.cluster, self._linked(link), entry, link))
        for entry, link in self.linked.innovation_links:
            if same_firm(query, entry.firm):
                mentions.append(FirmMention(entry.firm, "innovation", entry.cluster, self._linked(link), entry, link))
        return mentions

    def firm_alias(self, firm: str) -> str:
        folded = _fold(firm)
        return next((name for name, words in FIRM_ALIASES.items() if folded in words), firm)

    @cached_property
    def firm_names(self) -> list[str]:
        """Every firm the tables name, longest first (for spotting them in questions)."""
        names = {item for entry, _ in self.linked.region_links for item in entry.leading_firms}
        names |= {entry.firm for entry, _ in self.linked.innovation_links}
        return sorted(names, key=len, reverse=True)

    def _linked(self, link: Link) -> Cluster | None:
        return self.by_number(link.number) if link.number is not None else None


def clusters_table(clusters: Sequence[Cluster]) -> str:
    """Clusters as a plain text table (序号, name, continent, country, domain), for the CLI."""
    lines = ["序号\t集群名称\t所在洲\t所在国家\t所属行业领域"]
    lines.extend(f"{c.number}\t{c.name}\t{c.continent}\t{c.country}\t{c.domain}" for c in clusters)
    return "\n".join(lines)


def cluster_to_dict(cluster: Cluster) -> dict:
    """A cluster as JSON-ready data (innovations as dicts, sources as passage ids)."""
    return {
        "number": cluster.number, "name": cluster.name, "continent": cluster.continent, "country": cluster.country,
        "industry": cluster.industry, "domain": cluster.domain, "leading_firms": list(cluster.leading_firms),
        "institutes": list(cluster.institutes),
        "innovations": [{"firm": i.firm, "country": i.country, "cluster": i.cluster,
                         "achievements": list(i.achievements), "table": i.table} for i in cluster.innovations],
        "sources": [passage.id for passage in cluster.sources],
    }
