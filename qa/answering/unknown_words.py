"""Putting jieba's pieces of a word it does not know back together, and taking apart its bad guesses.

A question's terms come from jieba's words (:mod:`qa.answering.lexicon`).  For a name jieba
has never seen it either cuts one character at a time (长齿锯犁鳗 → 长/齿/锯/犁/鳗), leaving no
term at all, or guesses a word that takes in the particle beside it (生殖季是 → 季是, 在萱侬律 →
在萱), a term no corpus writes.  Both are judged against the corpus: ``doc_freq`` says how many
passages write a text, ``in_dictionary`` whether jieba's general dictionary has a word.
"""
from __future__ import annotations

import re
from typing import AbstractSet, Callable

GLUED = "glued"   # the part-of-speech flag of a name put back together from one-character pieces
# parts of speech that never belong to a name: adverbs, prepositions, conjunctions, particles,
# pronouns, numerals, measure words, punctuation, interjections
FUNCTION_FLAGS = ("d", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "m", "q", "x", "y", "e", "o", "zg")
# one-character function words that jieba's guessing glues to the name beside them
EDGE_PARTICLES = frozenset("是在的了才和与及也都就被把从向对于为将而比跟")   # function characters; 比, 跟: comparison (跟硅谷比差多远)
_CHINESE = re.compile(r"[\u3400-\u9fff]+")

Words = list[tuple[str, str]]


def glue_unknown_runs(words: Words, doc_freq: Callable[[str], int], stopwords: AbstractSet[str],
                      is_word: Callable[[str], bool] | None = None) -> Words:
    """``(word, flag)`` pairs with every run of three or more one-character content pieces that the
    corpus never writes together made one word again, flagged :data:`GLUED` (a name it lacks); two
    pieces the corpus never writes together that ``is_word`` says are one word (营, 收 → 营收, short
    for the corpus's 营业收入) are that word."""
    out: Words = []
    run: Words = []

    def close() -> None:
        glued = "".join(word for word, _ in run)
        if len(glued) >= 3 and doc_freq(glued) == 0:
            out.append((glued, GLUED))
        elif len(glued) == 2 and is_word is not None and not doc_freq(glued) and is_word(glued):
            out.append((glued, "n"))
        else:
            out.extend(run)
        run.clear()

    for word, flag in words:
        if len(word) == 1 and _CHINESE.fullmatch(word) and flag not in FUNCTION_FLAGS and word not in stopwords:
            run.append((word, flag))
            continue
        close()
        out.append((word, flag))
    close()
    return out


def split_guess(word: str, doc_freq: Callable[[str], int], in_dictionary: Callable[[str], bool]) -> tuple[str, str] | None:
    """A guessed word neither jieba's dictionary nor the corpus knows, with a particle at an edge whose
    rest the corpus does write, as the two pieces (季是 → 季, 是); None for any other word."""
    if len(word) < 2 or not _CHINESE.fullmatch(word) or in_dictionary(word) or doc_freq(word):
        return None
    if word[0] in EDGE_PARTICLES and doc_freq(word[1:]):
        return word[0], word[1:]
    if word[-1] in EDGE_PARTICLES and doc_freq(word[:-1]):
        return word[:-1], word[-1]
    return None
