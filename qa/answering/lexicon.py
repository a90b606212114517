"""The corpus seen as words: which terms of a question the report contains, and how rare they are.

:class:`CorpusLexicon` is built once per index (lazily, on the first question): the
normalised text of every passage, the proper names the tables list (clusters, firms,
institutes) and a jieba part-of-speech tokenizer that knows them.  ``terms(question)``
turns a Chinese or English question into weighted :class:`Term` s that the answerer looks
for in passages.
"""
from __future__ import annotations

import functools
import math
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from qa.retrieval.bilingual import CorpusTranslator, acronyms, dictionary, english_words, is_name_only, strip_accents
from qa.retrieval.glossary import ENGLISH_STOPWORDS, GLOSSARY
from qa.records import Document, Passage
from qa.answering.unknown_words import GLUED, glue_unknown_runs, split_guess
from qa.text import is_chinese
from qa.retrieval.tokens import names_in_tables, pos_tokenizer, single_word_flags

_SUPERSCRIPTS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_WHITESPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.'&+\-]*[A-Za-z0-9]|[A-Za-z]")
# English words, then the Chinese they stand for in brackets: "Yanbu Industrial City (延布工业城)"
_GLOSSED = re.compile(r"((?:[A-Za-z][\w'’.&-]*\s+){1,8})[(（]\s*([\u3400-\u9fff][^()（）]*)[)）]")
_BRACKETED = re.compile(r"(?<=[\u3400-\u9fff])[(（]([\u3400-\u9fff]{2,12})[)）]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff\w]*")
_MARKUP = re.compile(r"<[^<>]{0,200}>|&[a-z]+;|&#\d+;", re.I)
# 几家 / 多少个 / 几年: what the question asks for, not a word the corpus should contain
# a question word with its counter or unit (几个, 多少年, 多少钱: jieba tags 多少钱 a person's name)
_ASKED_COUNT = re.compile(r"^(?:几|多少)(?:[个年家项次倍所种成名位条件台辆款人天月岁钱]|美元|亿元?|万元?)?(?:事|样)?$")

_COUNTED = re.compile(r"[一二两三四五六七八九十\d]")   # 哪四条: a count asked for, not a kind of answer
# the question words after which a noun names the kind of answer asked for (哪些地方, 什么办法)
_ASKING = re.compile(r"哪些|哪几个|哪几|哪个|哪种|哪类|哪|什么样的?|什么|啥")

ZH_STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 有 为 等 中 对 吗 呢 啊 吧 呀 么 请问 请 报告 其 之 个 年 家 件 项 次 几
    哪些 哪个 哪 哪里 哪儿 哪几 哪几个 哪几种 什么 什么样 怎么样 多少 多久 多长 多远 几个 如何 怎样 怎么 为什么 为何
    是否 提到 提及 谈到 介绍 说 说说 讲 一下 主要 分别 一共 总共 共 共计 目前 当前 具体 相关 关于
    定义 含义 意思 指 是指 包括 包含 这个 那个 它 它们 他们 该 这些 那些 此 被 把 从 向 以 将 到
    有没有 了解 哪方面 方面 情况 内容 谁 何 多 大 高 占 比 给出 列出 列举 属于 位于 所在 里 上 下
    又 还 也 都 就 而 但 并 或 或者 以及 及其 通过 进行 呈现 能 可以 会 要 应 应该 如下 之一 一些
    提出 指出 认为 阐述 分析 显示 表明 描述 概括 归纳 这块 这一块 那块 这方面 这一方面""".split()
)
# Words that are content but say little about *which* passage answers.
GENERIC = frozenset("特点 特征 作用 问题 措施 做法 方式 变化 发展 影响 因素 原因 哪些方面 方面 趋势 总结 关注".split())
# English words the answerer needs beyond the shared retrieval glossary (qa.retrieval.glossary): firms
# the report names, and measures it does *not* give, so that questions about them are declined.
ANSWER_GLOSSARY: dict[str, tuple[str, ...]] = {
    "apple": ("苹果",), "google": ("谷歌",), "microsoft": ("微软",), "intel": ("英特尔",), "tesla": ("特斯拉",),
    "boeing": ("波音",), "airbus": ("空中客车",), "samsung": ("三星",), "huawei": ("华为",), "tsmc": ("台积电",),
    "sony": ("索尼",), "toyota": ("丰田",), "byd": ("比亚迪",), "catl": ("宁德时代",), "basf": ("巴斯夫",),
    "novartis": ("诺华",), "roche": ("罗氏",), "pfizer": ("辉瑞",), "astrazeneca": ("阿斯利康",),
    "l'oreal": ("欧莱雅",), "loreal": ("欧莱雅",), "chanel": ("香奈儿",), "nestle": ("雀巢",),
    "unilever": ("联合利华",), "ericsson": ("爱立信",), "medtronic": ("美敦力",), "amazon": ("亚马逊",),
    "nvidia": ("英伟达",), "foxconn": ("富士康",), "xiaomi": ("小米",), "lg": ("lg",),
    "unemployment rate": ("失业率",), "unemployment": ("失业",), "inflation": ("通胀", "通货膨胀"),
    "revenue": ("营收", "营业收入"), "revenues": ("营收", "营业收入"), "turnover": ("营业额",),
    "salary": ("薪资", "工资"), "salaries": ("薪资", "工资"), "wage": ("工资",), "wages": ("工资",),
    "population": ("人口",), "employees": ("员工",), "employee": ("员工",), "headcount": ("员工",),
    "stock price": ("股价",), "share price": ("股价",), "market value": ("市值",),
    "market capitalization": ("市值",), "ceo": ("首席执行官",), "founder": ("创始人",),
    "weather": ("天气",), "temperature": ("气温",), "recipe": ("菜谱",), "football": ("足球",),
    "election": ("选举",), "president": ("总统",), "interest rate": ("利率",), "exchange rate": ("汇率",),
    "housing": ("住房",), "tourism": ("旅游",), "tax": ("税",), "taxes": ("税",),
    "sweden": ("瑞典",), "norway": ("挪威",), "melbourne": ("墨尔本",), "sydney": ("悉尼",),
    "vietnam": ("越南",), "mexico": ("墨西哥",), "russia": ("俄罗斯",), "israel": ("以色列",),
    "egypt": ("埃及",), "finland": ("芬兰",), "austria": ("奥地利",), "poland": ("波兰",),
    "definition": (), "define": (), "defined": (), "what is": (), "how many": (), "number of": (),
    "table": (), "appendix": ("附表",), "percent": ("%",),
    "policies": ("政策", "计划", "措施"), "policy": ("政策", "计划", "措施"), "promote": ("促进", "推动"),
    "promoted": ("促进", "推动"), "strength": ("强度",), "frequency": ("频次",),
    "promoting": ("促进", "推动"), "use": (), "used": (), "year": (), "years": (),
    # the words English questions are phrased in, as the report writes them
    "role": ("作用",), "roles": ("作用",), "development": ("发展",), "develop": ("发展",),
    "technology": ("技术",), "technologies": ("技术",), "technological": ("技术",),
    "direction": ("方向",), "directions": ("方向",), "global": ("全球",), "world": ("世界", "全球"),
    "capacity": ("装机量",), "makers": ("企业",), "manufacturers": ("企业",), "producers": ("企业",),
    "domain": ("领域",), "domains": ("领域",), "field": ("领域",), "fields": ("领域",),
    "grow": ("增长",), "grew": ("增长",), "support": ("支持",), "supports": ("支持",),
    "funding": ("资金", "经费"), "funds": ("资金", "经费"), "money": ("资金",),
    # question words that carry no content of their own
    "identify": (), "hold": (), "held": (), "belong": (), "belongs": (), "matter": (), "main": (), "key": (),
    "according": (), "major": (), "describe": (), "mentioned": (), "does": (), "did": (),
    "play": (), "plays": (), "played": (),
    "effective": ("有效",), "ecosystem": ("生态",), "ecosystems": ("生态",), "competition": ("竞争",),
    "competitiveness": ("竞争力",), "industrial": ("产业", "工业"), "international": ("国际",),
    "biopharma": ("生物医药", "生物制药"), "biopharmaceutical": ("生物医药", "生物制药"),
    "attention": ("重视", "关注"), "sustainable": ("可持续",), "sustainability": ("可持续",),
    "more": (), "getting": (), "gets": (), "get": (),
}
_PHRASE_WORDS = 4


def english_renderings(phrase: str) -> tuple[str, ...] | None:
    """The report's Chinese for an English word or phrase (lower-case), or None when unknown."""
    phrase = phrase.lower()
    if phrase in ANSWER_GLOSSARY:
        return ANSWER_GLOSSARY[phrase]
    if phrase in GLOSSARY:
        return tuple(GLOSSARY[phrase].split())
    return None


def _tokens_of(words: list[str], tokens: list[str]) -> list[str]:
    """The question's own tokens that the dictionary words ``words`` came from (year-on-year, not year)."""
    found = [t for t in tokens if set(english_words(t)) & set(words)]
    return found or words


def english_phrases(words: list[str]) -> list[tuple[str, tuple[str, ...] | None]]:
    """Greedy longest match of lower-case ``words``: ``(phrase, renderings)`` or ``(word, None)``."""
    out = []
    i = 0
    while i < len(words):
        for size in range(min(_PHRASE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + size])
            renderings = english_renderings(phrase)
            if renderings is not None:
                out.append((phrase, renderings))
                i += size
                break
        else:
            out.append((words[i], None))
            i += 1
    return out


# Words the report writes differently from the way people ask.
ZH_SYNONYMS: dict[str, tuple[str, ...]] = {
    "中国": ("我国",), "我国": ("中国",), "比例": ("占比", "比重", "%"), "占比": ("比重", "比例", "%"),
    "比重": ("占比", "比例", "%"), "百分比": ("%",), "份额": ("占比", "%"), "公司": ("企业",), "企业": ("公司",), "欧盟": ("欧洲",),
}
RARE_DF = 5
UNKNOWN_WORD_WEIGHT = 0.8   # of a never-seen word's idf: an English word the glossary cannot render
_CHINESE_WORD = re.compile(r"[\u3400-\u9fff]{2,}")
_NAME_FLAGS = ("ns", "nr", "nt", "eng", "nrt", "nrfg")
_PLACE_OR_NAME_FLAGS = ("ns", "nr", "nt", "nz", "nrt", "nrfg")
_NOUN_FLAGS = ("n", "vn", "ns", "nr", "nt", "nz", "eng", "nrt", "nrfg", "j", "an")


@functools.lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Comparison form: superscript footnote marks dropped, NFKC, lower case, no whitespace."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", _SUPERSCRIPTS.sub("", text))).lower()


def numbers_in(text: str) -> list[str]:
    """The figures in ``text`` as digit strings (``1,000`` → ``1000``; ``20.5`` kept)."""
    cleaned = re.sub(r"(?<=\d),(?=\d{3})", "", unicodedata.normalize("NFKC", _SUPERSCRIPTS.sub("", text)))
    return _NUMBER.findall(cleaned)


@dataclass(frozen=True)
class Term:
    """A key term of a question.

    ``forms`` are normalised strings; the term is present in a text when any form is.
    ``anchor`` terms (names, years, figures) must be in the passage an answer comes from;
    ``noun`` terms the corpus never contains make the question unanswerable.
    """

    text: str
    forms: tuple[str, ...]
    weight: float
    anchor: bool = False
    noun: bool = False
    df: int = 0
    exact: bool = False  # from the glossary: a precise rendering, no partial credit
    name: bool = False   # a place, firm, cluster or organisation (not a year, not just a rare word)
    parts: tuple[str, ...] = ()  # the words of a compound (公司总部 → 公司, 总部): present when all are
    unknown: bool = False        # an English word the report's vocabulary cannot render (with name: an
                                 # English name the report writes only in Chinese, or not at all)
    translated: bool = False     # rendered by the bilingual dictionary (forms are whole words)
    shares: tuple[float, ...] = ()  # with translated: how much each form is worth (best first)
    verb: bool = False           # with translated: its best rendering is a verb to jieba (make → 制造)

    @property
    def is_year(self) -> bool:
        return bool(_YEAR.match(self.text.rstrip("年")))

    @property
    def is_number(self) -> bool:
        return bool(_NUMBER.fullmatch(self.text))


def self_references(titles: Iterable[str], texts: Sequence[str]) -> frozenset[str]:
    """The words a document calls itself by: the end of its title (…发展白皮书（2024） → 白皮书)
    that its text writes after 本 (本白皮书数据主要来源于…). A question's "the white paper" means
    the document, as 报告 means the report."""
    found = set()
    for title in titles:
        bare = normalize(re.sub(r"[（(][^）)]*[)）]|[《》“”\s]", "", title))
        for size in range(min(5, len(bare) - 1), 1, -1):
            word = bare[-size:]
            if re.fullmatch(r"[\u4e00-\u9fff]+", word) and any("本" + word in text for text in texts):
                found.add(word)
                break
    return frozenset(found)


MAX_ACRONYM_WORDS = 4


@functools.lru_cache(maxsize=65536)
def _initials_of(word: str) -> frozenset[str]:
    """How an acronym may spell ``word``: its senses' initials; a word the dictionary lacks, as two
    words it has (新能源 = 新 "new" + 能源 "energy"); and a compound by its head, its last character
    (汽车 by 车 "vehicle")."""
    lookup = acronyms()
    found = set(lookup.initials(word))
    if not found and len(word) >= 3:
        for cut in range(1, len(word)):
            left, right = lookup.initials(word[:cut]), lookup.initials(word[cut:])
            found.update(a + b for a in left for b in right)
    if len(word) >= 2:
        found.update(i for i in lookup.initials(word[-1]) if len(i) == 1)
    return frozenset(found)


class CorpusLexicon:
    """Term statistics and names of one corpus (its passages and parsed documents)."""

    def __init__(self, passages: Sequence[Passage], documents: Iterable[Document] = (),
                 word_freq: Callable[[str], int] | None = None):
        self.passages = list(passages)
        self.texts = [normalize(p.section + "\n" + p.text) for p in self.passages]
        self.names = {n for n in names_in_tables(documents) if len(n) >= 2}
        self.self_references = self_references({p.title for p in self.passages}, self.texts)
        self._latin = set()
        for text in self.texts:
            self._latin.update(w.lower() for w in _LATIN_WORD.findall(text))
        self._df_cache: dict[str, int] = {}
        # the dictionary's renderings must be words of the corpus (总部), not strings inside its words
        # (国都 in 美国都): ``word_freq`` counts passages holding the word as a token, when the index knows
        inside = lambda word: self.doc_freq(normalize(word))  # noqa: E731
        self.translator = CorpusTranslator(word_freq or inside, inner_freq=inside if word_freq else None)
        self._pos = None
        self._pinyin: dict[str, str] | None = None
        self._words: dict[str, str] | None = None
        self._abbreviations: dict[str, tuple[str, ...]] | None = None
        self._sequences: list[list[str]] | None = None
        self._acronyms: dict[str, tuple[str, ...]] = {}
        self._passage_words: float | None = None
        self.proper_names: set[str] = set()
        self._lock = threading.Lock()

    # ------------------------------------------------------------- statistics
    def doc_freq(self, form: str) -> int:
        """How many passages contain ``form`` (normalised substring match)."""
        if form not in self._df_cache:
            self._df_cache[form] = sum(1 for text in self.texts if form in text) if form else 0
        return self._df_cache[form]

    def idf(self, df: int) -> float:
        return math.log(1.0 + len(self.texts) / (1.0 + df))

    def english_idf(self, word: str) -> float:
        """The idf an English word the corpus never renders would have if the corpus were written in
        English: its general-English frequency (wordfreq) over passages as many words long as the
        corpus's.  On the report: "each" 3.3 and "rather" 4.1, "lab" 5.5 and "systematic" 5.9, a word
        no passage could hold 6.2."""
        from wordfreq import word_frequency

        frequency = word_frequency(word, "en")
        expected = len(self.texts) * (1.0 - math.exp(-frequency * self._words_per_passage()))
        return self.idf(0) if expected <= 0 else math.log(1.0 + len(self.texts) / (1.0 + expected))

    def _words_per_passage(self) -> float:
        """The passages' mean length in words (the lexicon's own segmenter, already loaded for the
        question's words), over an even sample of at most 50."""
        if self._passage_words is None:
            tokenizer = self._tokenizer().tokenizer
            step = max(1, len(self.texts) // 50)
            sample = self.texts[::step] or [""]
            self._passage_words = sum(sum(1 for w in tokenizer.cut(t, HMM=False) if w.strip())
                                      for t in sample) / len(sample)
        return self._passage_words

    def _tokenizer(self):
        with self._lock:
            if self._pos is None:
                flags = single_word_flags(self.names)
                self.proper_names = {n for n in self.names if self._is_proper(n, flags[n])}
                chinese_names = sorted(n for n in self.names if re.search(r"[\u3400-\u9fff]", n))
                self._pos = pos_tokenizer(chinese_names, freq=3000, tag="nz")
            return self._pos

    def pinyin_name(self, word: str) -> str | None:
        """The corpus's Chinese name that an English question writes in pinyin (Chenghai → 澄海,
        Lujiang → 鹭江), or None: the names jieba tags in the passages and the tables' names, with
        and without their 省/市/区/县, keyed by their toneless pinyin."""
        key = re.sub(r"[-'\s]", "", word.lower())
        if len(key) < 4 or not key.isalpha():
            return None
        if self._pinyin is None:
            index = self._pinyin_index()   # built outside the lock: it tokenizes, which takes the lock
            with self._lock:
                if self._pinyin is None:
                    self._pinyin = index
        return self._pinyin.get(key)

    def _corpus_words(self) -> dict[str, str]:
        """Every word jieba reads in the passages, with its part of speech (read once, on first need)."""
        if self._words is None:
            tokenizer = self._tokenizer()
            words: dict[str, str] = {}
            sequences: list[list[str]] = []
            for passage in self.passages:
                sequence: list[str] = []
                for w in tokenizer.cut(passage.text):
                    words.setdefault(w.word, w.flag)
                    if _CHINESE_WORD.fullmatch(w.word):
                        sequence.append(w.word)
                    elif sequence:
                        sequences.append(sequence)
                        sequence = []
                if sequence:
                    sequences.append(sequence)
            self._sequences = sequences
            self._words = words
        return self._words

    def spelled_out(self, acronym: str) -> tuple[str, ...]:
        """The corpus's Chinese for an English acronym (AI → 人工智能, NEV → 新能源汽车), most used first.

        CC-CEDICT's senses written as the acronym ("artificial intelligence (AI)") that the corpus
        uses; failing those, a word whose sense's initials spell it (研发 "research and development"),
        or, for three letters or more, a run of the corpus's words whose do (新 "new" 能源 "energy"
        汽车, whose head 车 is "vehicle"); written in the corpus at least twice.
        """
        key = acronym.lower()
        if key not in self._acronyms:
            known = [w for w in acronyms().spelled_out(key) if self.doc_freq(normalize(w))]
            found = known or self._composed(key)
            self._acronyms[key] = tuple(sorted(found, key=lambda w: (-self.doc_freq(normalize(w)), w))[:2])
        return self._acronyms[key]

    def _composed(self, letters: str) -> list[str]:
        self._corpus_words()
        options: dict[str, frozenset[str]] = {}
        counts: dict[str, int] = {}
        for sequence in self._sequences or ():
            for start in range(len(sequence)):
                spans = [("", start)]
                while spans:
                    spelled, at = spans.pop()
                    if at >= len(sequence) or at - start >= MAX_ACRONYM_WORDS:
                        continue
                    word = sequence[at]
                    if word not in options:
                        options[word] = _initials_of(word)
                    for initials in options[word]:
                        longer = spelled + initials
                        if longer == letters and (at > start and len(letters) >= 3 or len(initials) > 1):
                            text = "".join(sequence[start:at + 1])
                            counts[text] = counts.get(text, 0) + 1
                        elif letters.startswith(longer):
                            spans.append((longer, at + 1))
        return [text for text, count in counts.items() if count >= 2]

    def full_forms(self, word: str) -> tuple[str, ...]:
        """The corpus's words that a two-character ``word`` abbreviates, as Chinese shortens a compound
        of two words to their first characters (营收 → 营业收入, 研发 → 研究开发)."""
        if len(word) != 2 or not _CHINESE_WORD.fullmatch(word):
            return ()
        if self._abbreviations is None:
            index: dict[str, list[str]] = {}
            for candidate in self._corpus_words():
                if len(candidate) == 4 and _CHINESE_WORD.fullmatch(candidate):
                    parts = self._parts(candidate)
                    if len(parts) == 2 and all(len(part) == 2 for part in parts):
                        index.setdefault(candidate[0] + candidate[2], []).append(candidate)
            self._abbreviations = {key: tuple(sorted(found)) for key, found in index.items()}
        return self._abbreviations.get(word, ())

    def _pinyin_index(self) -> dict[str, str]:
        from pypinyin import lazy_pinyin

        found = set(self.names)
        found.update(word for word, flag in self._corpus_words().items() if flag in _PLACE_OR_NAME_FLAGS)
        # a firm is asked after by the first characters of its name (Qiheng for 启衡精密装备股份有限公司)
        found.update(name[:size] for name in set(self.names) | {p.title for p in self.passages}
                     for size in (2, 3, 4) if len(name) > size)
        best: dict[str, tuple[int, str]] = {}
        for name in found:
            for variant in {name, re.sub(r"[省市区县镇州]$", "", name)}:
                syllables = lazy_pinyin(variant)
                if len(variant) < 2 or len(syllables) != len(variant) or not _CHINESE_WORD.fullmatch(variant):
                    continue
                key = "".join(syllables)
                df = self.doc_freq(normalize(variant))
                if key not in best or df > best[key][0]:
                    best[key] = (df, variant)
        return {key: variant for key, (_, variant) in best.items()}

    def is_verb(self, word: str) -> bool:
        """Is ``word`` one word that jieba tags a verb (制造, 使用, 列出; not 营收, 净利润)?"""
        tokens = list(self._tokenizer().cut(word))
        return len(tokens) == 1 and tokens[0].flag in ("v", "vd", "vi")

    def in_dictionary(self, word: str) -> bool:
        """Is ``word`` a word of jieba's general dictionary (a common word, as opposed to a name or
        term of art that only the corpus, or jieba's guessing, makes a word)?"""
        tokenizer = self._tokenizer().tokenizer
        tokenizer.check_initialized()
        return tokenizer.FREQ.get(word, 0) > 0

    def general_rarity(self, word: str) -> float:
        """How rare ``word`` is in general Chinese, from 0 (the commonest) to 1 (unknown to jieba's
        dictionary): its self-information under the dictionary's word counts, over the largest."""
        tokenizer = self._tokenizer().tokenizer
        tokenizer.check_initialized()
        count, total = tokenizer.FREQ.get(word, 0), tokenizer.total
        return math.log(total / count) / math.log(total) if count > 0 else 1.0

    def _is_proper(self, name: str, flag: str | None) -> bool:
        """A table item that names something (华为, 硅谷高科技产业集群), not a common word (计划).

        ``flag`` is jieba's part of speech for ``name`` read as one word (None: not one word).
        """
        if flag is not None:
            return flag in _NAME_FLAGS + ("nz",)
        return self.doc_freq(normalize(name)) <= 50  # 产业集群 is a table item, not a name

    # ------------------------------------------------------------- terms
    def terms(self, question: str) -> list[Term]:
        """The weighted key terms of a Chinese or English question (deduplicated).

        Markup (``<img …>``) is not part of a question; English words the report's
        vocabulary cannot render count as uncovered terms, so a question mostly about
        things the report does not discuss is declined rather than matched on one word.
        """
        question = _MARKUP.sub(" ", question)
        if is_chinese(question):
            terms = self._without_bracketed_aliases(question, self._chinese_terms(question))
        else:
            terms = english_terms(self, strip_accents(question))
            for run in _CJK_RUN.findall(question):  # a Chinese name given in brackets
                terms.extend(self._chinese_terms(run))
            terms = self._without_glossed_names(question, terms)
        seen: set[tuple[str, ...]] = set()
        unique = []
        for term in terms:
            if self.self_references and set(term.forms) <= self.self_references:
                continue   # "the white paper", 白皮书: the document itself, not a word a passage must hold
            if term.forms not in seen:
                seen.add(term.forms)
                unique.append(term)
        return unique

    def _without_bracketed_aliases(self, question: str, terms: list[Term]) -> list[Term]:
        """A word and another name for it in brackets (澳洲（大洋洲）): when the corpus uses one of
        the two and never the other, the one it never uses is no term to account for."""
        absent: set[tuple[str, ...]] = set()
        for match in _BRACKETED.finditer(question):
            inner = self._chinese_terms(match.group(1))
            before = self._chinese_terms(question[:match.start()])
            if not inner or not before:
                continue
            outer = before[-1]
            if outer.df and all(t.df == 0 for t in inner):
                absent.update(t.forms for t in inner)
            elif not outer.df and any(t.df for t in inner):
                absent.add(outer.forms)
        return [t for t in terms if t.forms not in absent] if absent else terms

    def _without_glossed_names(self, question: str, terms: list[Term]) -> list[Term]:
        """An English name the corpus does not spell, written just before the Chinese it stands for
        ("the Donghu smart sensor park (东湖智能传感器园)"): the Chinese, which the corpus uses, is
        the name; the English spelling is no longer a name to account for."""
        glossed: set[str] = set()
        for match in _GLOSSED.finditer(question):
            if any(self.doc_freq(f) for t in self._chinese_terms(match.group(2)) for f in t.forms):
                glossed.update(w.lower() for w in _LATIN_WORD.findall(match.group(1)))
        if not glossed:
            return terms
        return [t for t in terms if not (t.unknown and t.name and
                                         all(w.lower() in glossed for w in _LATIN_WORD.findall(t.text)))]

    def _make(self, text: str, forms: Iterable[str], anchor: bool, noun: bool, exact: bool = False,
              name: bool = False, parts: Iterable[str] = ()) -> Term | None:
        forms = tuple(dict.fromkeys(f for f in (normalize(f) for f in forms) if f))
        if not forms:
            return None
        df = max(self.doc_freq(f) for f in forms)
        generic = text in GENERIC or any(f in GENERIC for f in forms)
        if noun and 1 <= df <= RARE_DF and not generic:
            anchor = True  # a word the report uses once or twice pins the passage down
        weight = self.idf(df)
        if generic:
            weight *= 0.3
        if anchor:
            weight *= 1.5
        parts = tuple(normalize(p) for p in parts) if anchor and not name else ()
        return Term(text, forms, round(weight, 4), anchor or name, noun, df, exact, name, parts)

    def _parts(self, word: str) -> tuple[str, ...]:
        """The words of a Chinese compound that together spell it (公司总部 → 公司, 总部), else ()."""
        if len(word) < 4 or not re.fullmatch(r"[\u3400-\u9fff]+", word):
            return ()
        words = {w for w in self._tokenizer().tokenizer.cut_for_search(word, HMM=False) if 2 <= len(w) < len(word)}
        pieces, at = [], 0
        while at < len(word):
            piece = max((w for w in words if word.startswith(w, at)), key=len, default=None)
            if piece is None:
                return ()
            pieces.append(piece)
            at += len(piece)
        return tuple(pieces)

    def _chinese_terms(self, question: str) -> list[Term]:
        words = glue_unknown_runs([(w.word.strip(), w.flag) for w in self._tokenizer().cut(question)],
                                  lambda text: self.doc_freq(normalize(text)), ZH_STOPWORDS,
                                  lambda text: bool(self.full_forms(text)))
        terms: list[Term] = []
        i = 0
        asked = False   # the word before was 哪些 / 什么…: this one names the kind of answer asked for
        while i < len(words):
            word, flag = words[i]
            i += 1
            if not word or not re.search(r"[\w\u3400-\u9fff]", word):
                continue
            after_asking, asked = asked, bool(_ASKING.fullmatch(word))
            opened = _ASKING.match(word)
            if opened and not asked and len(word) - opened.end() >= 2:   # 哪些地方 read as one word
                words[i:i] = [(word[:opened.end()], "r"), (word[opened.end():], "n")]
                continue
            if _NUMBER.fullmatch(word):
                unit = words[i][0] if i < len(words) else ""
                text = word + "年" if unit == "年" and _YEAR.match(word) else word
                term = self._make(text, [word], anchor=True, noun=False)
                if term:
                    terms.append(term)
                continue
            split = split_guess(word, lambda text: self.doc_freq(normalize(text)), self.in_dictionary)
            if split is not None:
                words[i:i] = [(piece, "x" if len(piece) == 1 else flag) for piece in split]
                continue
            if flag == GLUED:   # a name the corpus never writes: it declines the question
                term = self._make(word, [word], anchor=True, noun=True, name=True)
                if term:
                    terms.append(term)
                continue
            if word in ZH_STOPWORDS or word.lower() in ENGLISH_STOPWORDS or _ASKED_COUNT.match(word):
                continue
            if len(word) == 1 and flag not in _NAME_FLAGS:
                continue
            is_name = word in self.proper_names or (flag in _NAME_FLAGS and word not in self.names) or \
                (len(word) >= 2 and word not in self.names and is_name_only(word))
            if is_name and word not in self.proper_names and _CHINESE_WORD.fullmatch(word) \
                    and self.doc_freq(normalize(word)) == 0 and dictionary().is_common_word(word):
                is_name = False  # jieba tags some words as places (长度 ns): the dictionary says "length"
            if not is_name and flag == "nz" and word not in self.names and _CHINESE_WORD.fullmatch(word) \
                    and self.doc_freq(normalize(word)) == 0 and not dictionary().defines(word):
                is_name = True   # a proper noun to jieba (京东方) that no dictionary defines and the corpus never writes
            pieces = self._parts(word) if word not in self.proper_names else ()
            if pieces and self.doc_freq(normalize(word)) == 0 and all(self.doc_freq(normalize(p)) for p in pieces):
                # jieba glued words the report writes apart (美国通用航空 → 美国通用): take them one by one
                words[i:i] = [(p, "n") for p in pieces]
                continue
            forms = [word, *ZH_SYNONYMS.get(word, ())]
            if len(word) == 2 and self.doc_freq(normalize(word)) == 0:
                forms.extend(self.full_forms(word))   # 营收 asked, 营业收入 written
            term = self._make(word, forms, anchor=is_name, noun=flag in _NOUN_FLAGS or is_name, name=is_name,
                              parts=() if is_name else self._parts(word))
            if term and term.df == 0 and not term.name and after_asking and not _COUNTED.match(word):
                continue   # 哪些地方, 哪些招: the kind of answer, in the asker's word the corpus never uses
            if term and term.df == 0 and not term.name:
                # a word the corpus never uses weighs as rare as it is in the language at large:
                # the asker's own common word (打算, 这块) is a paraphrase, not the subject
                term = replace(term, weight=round(term.weight * self.general_rarity(word), 4))
            if term:
                terms.append(term)
        return terms

    def proper_nouns(self, text: str) -> set[str]:
        """Chinese place, person and organisation names jieba tags in ``text`` (for verification)."""
        return {w.word for w in self._tokenizer().cut(text)
                if w.flag in ("ns", "nr", "nt", "nrt", "nrfg") and len(w.word) >= 2}

    # ------------------------------------------------------------- subjects
    def subject_of(self, question: str) -> str | None:
        """The first named entity of a question (for follow-up resolution), or None.

        A table's name written short (远航新能源 for 远航新能源科技股份有限公司) counts, as the question writes it.
        """
        named = self._named_entity(question)
        short = self._short_name(question)
        if short is not None and (named is None or named not in question or question.index(short) < question.index(named)):
            return short
        return named

    def _short_name(self, question: str) -> str | None:
        """The longest leading part (three characters or more) of one of the corpus's proper names
        that ``question`` writes, or None."""
        best = ""
        for name in self.proper_names:
            if len(name) < 3 or not _CHINESE_WORD.match(name):
                continue
            for size in range(len(name), max(len(best), 2), -1):
                if name[:size] in question:
                    best = name[:size]
                    break
        return best or None

    def _named_entity(self, question: str) -> str | None:
        if is_chinese(question):
            for word, flag in ((w.word, w.flag) for w in self._tokenizer().cut(question)):
                if word in self.proper_names or (flag in _NAME_FLAGS and len(word) >= 2 and word not in self.names):
                    return word
            return None
        for term in english_terms(self, strip_accents(question)):
            if term.anchor and not term.is_year and not term.is_number:
                return term.text
        return None

    def topic_of(self, question: str) -> str | None:
        """The subject of a question, or failing a named one its weightiest noun (空中客车是哪年成立的 → 空中客车)."""
        subject = self.subject_of(question)
        if subject is not None:
            return subject
        nouns = [t for t in self.terms(question) if t.noun and not (t.is_year or t.is_number or t.unknown)]
        return max(nouns, key=lambda t: t.weight).text if nouns else None


from qa.answering.english_terms import english_terms  # noqa: E402  (it builds on the classes above)
