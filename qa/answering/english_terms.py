"""The key terms of an English question, for a Chinese corpus.

Glossary phrases are taken as they are; every other run of words goes through the
bilingual dictionary (CC-CEDICT, :mod:`qa.retrieval.bilingual`), restricted to words the
corpus itself uses, and becomes a term weighted by how rare its likeliest rendering is.
Capitalised words the corpus lacks are unknown names; numbers and years are anchors.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import replace

from qa.answering.lexicon import (UNKNOWN_WORD_WEIGHT, ZH_SYNONYMS, _LATIN_WORD, _NUMBER, _YEAR, CorpusLexicon, Term, _tokens_of,
                                  english_phrases, normalize)
from qa.retrieval.bilingual import COUNT_WORDS, NUMBER_WORDS, Rendering, english_words, fold
from qa.retrieval.glossary import ENGLISH_STOPWORDS

_ACRONYM = re.compile(r"([A-Z]{2,6})s?")   # NEV, NEVs, AI: a word written in capitals
_DATED = re.compile(r"([a-z]{1,4})-?((?:19|20)\d{2})")   # FY2022, CY2023: a year and what kind of year
# the months by their English names (not "may", which is mostly the verb)
MONTHS = {calendar.month_name[n].lower(): n for n in range(1, 13) if n != 5}


def _with_dictionary(lexicon: CorpusLexicon, items: list[tuple[str, tuple[str, ...] | None]]):
    """Glossary phrases as they are; the other words through the bilingual dictionary, restricted
    to the corpus's words (``(phrase, None, rendering)``), or ``(word, None, None)``."""
    out: list[tuple[str, tuple[str, ...] | None, Rendering | None]] = []
    run: list[str] = []

    def flush():
        words = [w for token in run for w in english_words(token)]
        for part, rendering in lexicon.translator.phrases(words):
            phrase = " ".join(part)
            if rendering is not None and rendering.chinese and phrase not in ENGLISH_STOPWORDS:
                out.append((phrase, None, rendering))
            else:
                out.extend((token, None, None) for token in _tokens_of(part, run))
        run.clear()

    for phrase, renderings in items:
        if renderings is None and phrase not in lexicon._latin:
            run.append(phrase)
            continue
        flush()
        out.append((phrase, renderings, None))
    flush()
    return out

def _dictionary_term(lexicon: CorpusLexicon, rendering: Rendering, capitalised: bool) -> Term | None:
    """A question phrase rendered by the dictionary: a name when the dictionary's sense is one and
    the question capitalises it; otherwise a plain word whose weight is scaled by how much of the
    dictionary's best rendering the corpus's best one is (a phrase the corpus speaks of otherwise,
    such as "roughly" → 大略, weighs little either way)."""
    name = rendering.proper and capitalised
    # only a name pins the passage down: the report may say 汽车 where the dictionary says 车辆
    term = lexicon._make(rendering.phrase, rendering.words, anchor=name, noun=name, name=name)
    if term is None:
        return None
    shares = dict(rendering.chinese)
    shares = tuple(max(shares.get(w, 0.0) for w in rendering.words if normalize(w) == form) for form in term.forms)
    if name:
        return replace(term, translated=True, shares=shares)
    # as rare as its likeliest rendering, not as its commonest one
    rarity = lexicon.idf(lexicon.doc_freq(normalize(rendering.chinese[0][0])))
    return replace(term, weight=round(rarity * rendering.fidelity, 4), translated=True, shares=shares,
                   verb=lexicon.is_verb(rendering.chinese[0][0]))

def english_terms(lexicon: CorpusLexicon, question: str) -> list[Term]:
    """The weighted key terms of an English question: glossary phrases, CC-CEDICT renderings restricted to
    the corpus's words, names, numbers and years (see :meth:`CorpusLexicon.terms`)."""
    raw_words = _LATIN_WORD.findall(question) + [n for n in _NUMBER.findall(question)]
    lowered = [re.sub(r"'s$", "", w.lower()).strip(".'") for w in _LATIN_WORD.findall(question)]
    terms: list[Term] = []
    opening = question.strip().lower()
    for phrase, renderings, rendering in _with_dictionary(lexicon, english_phrases(lowered)):
        if rendering is not None:
            first = next((w for w in raw_words if fold(w).startswith(rendering.phrase.split()[0])), "")
            capitalised = first[:1].isupper() and not opening.startswith(first.lower()) or first.isupper()
            term = _dictionary_term(lexicon, rendering, capitalised)
            if term:
                terms.append(term)
            continue
        if renderings is not None:
            if renderings:
                lexicon._tokenizer()
                is_place_or_firm = any(r in lexicon.proper_names for r in renderings) or phrase[:1].isalpha() and \
                    any(w[:1].isupper() for w in raw_words if re.sub(r"'s$", "", w.lower()) == phrase.split()[0])
                # a name takes the dictionary's corpus words too: the glossary's 化工 for "Chemical", CC-CEDICT's
                # 化学 (三菱化学); a plain word keeps the glossary's own term, which vetoes when the corpus lacks it
                rendered = lexicon.translator.render(english_words(phrase)) if is_place_or_firm else None
                extra = rendered.words if rendered is not None else ()
                # and the words the corpus may write for them instead (企业 / 公司)
                synonyms = [] if is_place_or_firm else [s for r in renderings for s in ZH_SYNONYMS.get(r, ())]
                term = lexicon._make(phrase, [*renderings, *extra, *synonyms], anchor=bool(is_place_or_firm),
                                     noun=True, exact=True, name=bool(is_place_or_firm))
                if term:
                    terms.append(term)
            continue
        if phrase in MONTHS:   # "November 2023": the document writes 2023年11月
            term = lexicon._make(phrase, [f"{MONTHS[phrase]}月"], anchor=False, noun=False)
            if term:
                terms.append(term)
            continue
        if phrase in COUNT_WORDS:
            # "eight trends": the count the report announces (八大趋势), a hint like any word
            digits = str(list(COUNT_WORDS).index(phrase) + 2) if phrase != "twenty" else "20"
            numeral = COUNT_WORDS[phrase]
            counted = [numeral + counter for counter in ("大", "个", "项", "条", "方面")]
            term = lexicon._make(phrase, counted + [digits + "个", digits + "项"], anchor=False, noun=False)
            if term:
                terms.append(term)
            continue
        if phrase in ENGLISH_STOPWORDS or phrase in NUMBER_WORDS or len(phrase) < 2:
            continue
        original = next((w for w in raw_words if re.sub(r"'s$", "", w.lower()).strip(".'") == phrase), phrase)
        capitalised = original[:1].isupper() and question.strip().lower().find(phrase) > 0 or original.isupper()
        dated = _DATED.fullmatch(phrase)
        if dated:
            # the year is a term of its own (below); the letters say what year it is (FY: 财年), a
            # word the corpus may write or not, never a name
            spelled = lexicon.spelled_out(dated.group(1))
            term = lexicon._make(dated.group(1).upper(), spelled, anchor=False, noun=False) if spelled else None
            if term:
                terms.append(replace(term, translated=True))
            continue
        compact = re.sub(r"[-.'&+]", "", phrase)
        if phrase not in lexicon._latin and compact != phrase and compact in lexicon._latin:
            phrase = compact  # Top-20 as the report writes it: TOP20
        acronym = _ACRONYM.fullmatch(original)
        spelled = lexicon.spelled_out(acronym.group(1)) if acronym and phrase not in lexicon._latin else ()
        in_pinyin = lexicon.pinyin_name(phrase) if capitalised and phrase not in lexicon._latin and not spelled else None
        if spelled:   # NEVs → 新能源汽车: a term like the dictionary's renderings
            term = lexicon._make(original, spelled, anchor=False, noun=True)
            if term:
                terms.append(replace(term, translated=True))
        elif in_pinyin is not None:   # a Chinese name written in pinyin (Lujiang → 鹭江)
            term = lexicon._make(original, [in_pinyin], anchor=True, noun=True, name=True)
            if term:
                terms.append(term)
        elif capitalised and phrase not in lexicon._latin and not re.search(r"\d", phrase) \
                and lexicon.doc_freq(phrase) == 0:
            # a name the report's vocabulary lacks (Kendall Square → 肯德尔广场): it must be
            # accounted for, but it weighs like any unknown word; the answerer decides whether
            # the rest of the question pins one sentence down well enough to answer anyway
            terms.append(Term(re.sub(r"'s$", "", original), (phrase,), round(lexicon.idf(0) * UNKNOWN_WORD_WEIGHT, 4),
                              anchor=True, noun=True, name=True, unknown=True))
        elif capitalised or phrase in lexicon._latin:
            term = lexicon._make(original, [phrase], anchor=capitalised, noun=capitalised, name=capitalised)
            if term:
                terms.append(term)
        elif re.fullmatch(r"[a-z][a-z\-]+", phrase) and len(phrase) >= 3:
            if all(lexicon.translator.render([w]) is None for w in english_words(phrase)):
                continue  # not a word the dictionary has a sense for ("itself", "earmarked"): no evidence
            # a content word whose renderings the report never uses: it weighs on
            # coverage (as a word no passage contains, as rare as English makes it) but cannot by itself decline
            terms.append(Term(re.sub(r"'s$", "", original), (phrase,),
                              round(lexicon.english_idf(phrase) * UNKNOWN_WORD_WEIGHT, 4), unknown=True))
    for number in _NUMBER.findall(question):
        term = lexicon._make(number + ("年" if _YEAR.match(number) else ""), [number], anchor=True, noun=False)
        if term:
            terms.append(term)
    return terms
