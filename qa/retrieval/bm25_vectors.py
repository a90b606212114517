"""BM25 as sparse vectors: the keyword side of a vector database, scored as bm25s scores it.

A passage's vector holds, for each of its tokens, ``idf(t) * tf / (tf + k1 * (1 - b + b * dl / avgdl))``
(bm25s's default "lucene" variant); a query's vector holds how often each token occurs in
it.  Their inner product is the passage's BM25 score for the query, the same number
``bm25s.BM25.get_scores`` gives, so the FAISS + bm25s index and a vector database rank
passages alike.

Tokens are numbered by a hash of the token (a vector database's sparse dimensions are
32-bit integers), so a query needs no vocabulary table: a token no passage has simply
matches nothing.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass

# bm25s.BM25()'s defaults, which the FAISS path uses: the two backends must score alike.
K1 = 1.5
B = 0.75
# Milvus sparse indices are uint32 below 2**32 - 1; the last one is kept for passages without tokens,
# since a stored sparse vector must hold a weight and no query token may match it.
NO_TOKENS = 2**32 - 2
_DIMENSIONS = NO_TOKENS


def term_id(token: str) -> int:
    """A stable 32-bit dimension for ``token`` (the same in every process and on every machine)."""
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") % _DIMENSIONS


@dataclass(frozen=True)
class Bm25Statistics:
    """The corpus figures BM25 weights depend on: passage count, mean length, document frequencies."""

    passages: int
    average_length: float
    document_frequency: dict[str, int]

    @classmethod
    def fit(cls, corpus_tokens: list[list[str]]) -> "Bm25Statistics":
        frequency: Counter[str] = Counter()
        for tokens in corpus_tokens:
            frequency.update(set(tokens))
        lengths = [len(tokens) for tokens in corpus_tokens]
        average = sum(lengths) / len(lengths) if lengths else 0.0
        return cls(len(corpus_tokens), average, dict(frequency))

    def idf(self, token: str) -> float:
        df = self.document_frequency.get(token, 0)
        return math.log(1 + (self.passages - df + 0.5) / (df + 0.5))

    def fingerprint(self) -> str:
        """Equal exactly when every passage's weights would be equal."""
        data = json.dumps([self.passages, self.average_length, sorted(self.document_frequency.items())],
                          ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def passage_vector(self, tokens: list[str]) -> dict[int, float]:
        """The passage's BM25 weight for each of its tokens (``{NO_TOKENS: 1.0}`` when it has none)."""
        if not any(tokens) or not self.average_length:
            return {NO_TOKENS: 1.0}
        norm = K1 * ((1 - B) + B * len(tokens) / self.average_length)
        vector: dict[int, float] = {}
        for token, tf in Counter(tokens).items():
            if token:  # bm25s indexes an empty passage as [""]
                vector[term_id(token)] = self.idf(token) * tf / (tf + norm)
        return vector


def query_vector(tokens: list[str]) -> dict[int, float]:
    """Each query token's count: a repeated token counts again, as in ``bm25s.BM25.get_scores``."""
    return {term_id(token): float(count) for token, count in Counter(t for t in tokens if t).items()}
