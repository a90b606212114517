"""The fitted reader: which unit answers (a ranker), and whether any does (answerability).

``reader_weights.json`` (beside this module, written by ``bench/fit_reader.py``) holds two
small linear models over :mod:`qa.answering.features`, each with its feature names and
standardisation:

* the ranker, a conditional logit: a unit's probability of holding the answer is the
  softmax of ``(x - mean) / scale · coef`` over the question's units;
* answerability, a logistic regression over the best unit's features and how clearly it
  is best (:func:`~qa.answering.features.answer_features`), with the threshold the fitting
  script calibrated on answerable and unanswerable question sets.

Nothing executable is loaded: both are evaluated with numpy.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from qa.answering.features import FEATURES, unit_features
from qa.answering.lexicon import Term
from qa.answering.scoring import Scored
from qa.errors import ClusterQAError

WEIGHTS_FILE = Path(__file__).with_name("reader_weights.json")
FORMAT = "clusterqa-reader/2"
# what the answerability model sees of a question: its best unit, and how clearly it is best
ANSWER_FEATURES = ("best_score", "margin", "coverage", "cov_unit", "names_unit", "names_context", "years_unit",
                   "type_match", "absent_weight", "bigram", "char_overlap", "cov_context", "longest_match",
                   "asked_before", "asked_after", "kind_how", "kind_list",
                   "hand_score", "hand_top", "anchors_ok", "top_term_unit", "top_term_context", "rules_absent", "rules_anchor", "rules_coverage", "rules_figure", "english")


class ReaderWeightsError(ClusterQAError):
    """The reader's weights file is missing, damaged, or for other features."""


def answer_features(rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One row of :data:`ANSWER_FEATURES` for a question: its best unit's features, how clearly best.

    ``rows`` are the units' :data:`FEATURES`, ``scores`` the ranker's probabilities (same order).
    """
    if not len(scores):
        return np.zeros(len(ANSWER_FEATURES))
    order = np.argsort(-scores, kind="stable")
    best = rows[order[0]]
    second = scores[order[1]] if len(order) > 1 else 0.0
    column = {name: best[i] for i, name in enumerate(FEATURES)}
    values = {"best_score": scores[order[0]], "margin": scores[order[0]] - second}
    return np.array([values[name] if name in values else column[name] for name in ANSWER_FEATURES])


@dataclass(frozen=True)
class Linear:
    """``(x - mean) / scale · coef + intercept``."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float = 0.0

    @classmethod
    def from_dict(cls, data: Mapping, expected: tuple[str, ...], what: str) -> "Linear":
        features = tuple(data["features"])
        if features != expected:
            raise ReaderWeightsError(f"The reader's {what} weights were fitted on other features than "
                                     "qa.answering.features defines: run 'python bench/fit_reader.py' to refit them.")
        arrays = [np.asarray(data[key], dtype=np.float64) for key in ("mean", "scale", "coef")]
        if any(a.shape != (len(features),) for a in arrays):
            raise ReaderWeightsError(f"The reader's {what} weights are damaged (array lengths differ from the features).")
        return cls(features, arrays[0], arrays[1], arrays[2], float(data.get("intercept", 0.0)))

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        return ((rows - self.mean) / self.scale) @ self.coef + self.intercept


def load_weights(path: Path | str, what: str, from_dict):
    """``from_dict`` of the JSON file at ``path``; a clear :class:`ReaderWeightsError` when the file
    is missing, not JSON, or not what ``from_dict`` reads (``what`` names the weights in it)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReaderWeightsError(f"Cannot read the {what} weights {path} ({exc}).") from None
    try:
        return from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReaderWeightsError(f"The {what} weights file {path} is damaged ({exc}).") from None


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max()) if len(z) else z
    return e / e.sum() if len(z) else e


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class ReaderModel:
    """Ranks a question's units and says how likely the best one answers it."""

    ranker: Linear
    answerability: Linear
    threshold: float
    pair_ratio: float = 2.0   # a second unit joins the best one when its probability is at least this share
    rules_threshold: float = 0.0   # the answerability that overrules a hand-set refusal (HARD_REASONS)

    @classmethod
    def from_dict(cls, data: Mapping) -> "ReaderModel":
        if data.get("format") != FORMAT:
            raise ReaderWeightsError(f"The reader weights have format {data.get('format')!r}, expected {FORMAT!r}: "
                                     "run 'python bench/fit_reader.py' to refit them.")
        return cls(Linear.from_dict(data["ranker"], FEATURES, "ranker"),
                   Linear.from_dict(data["answerability"], ANSWER_FEATURES, "answerability"),
                   float(data["threshold"]), float(data.get("pair_ratio", 2.0)),
                   float(data.get("rules_threshold", 0.0)))

    @classmethod
    def load(cls, path: Path | str = WEIGHTS_FILE) -> "ReaderModel":
        return load_weights(path, "reader", cls.from_dict)

    def unit_probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Each unit's probability of being the one that answers (they sum to 1 over the question)."""
        return softmax(self.ranker(rows))

    def answerable(self, rows: np.ndarray, probabilities: np.ndarray) -> float:
        """The probability that the best unit answers the question."""
        if not len(probabilities):
            return 0.0
        return float(sigmoid(self.answerability(answer_features(rows, probabilities)[None, :])[0]))

    def rank(self, scored: Sequence[Scored], terms: Sequence[Term], question: str, kind: str,
             dense: Mapping[str, float] | None = None, tagger=None,
             rules_reason: str | None = None) -> tuple[list[Scored], float]:
        """``scored`` with ``score`` set to the ranker's probability, best first; and answerability
        (``rules_reason``: see :func:`~qa.answering.features.unit_features`)."""
        if not scored:
            return [], 0.0
        rows = unit_features(scored, terms, question, kind, dense, tagger, rules_reason)
        probabilities = self.unit_probabilities(rows)
        for item, p in zip(scored, probabilities):
            item.score = float(p)
        ranked = sorted(scored, key=lambda s: (-s.score, s.unit.rank, s.unit.position))
        return ranked, self.answerable(rows, probabilities)


_DEFAULT: list[ReaderModel] = []
_DEFAULT_LOCK = threading.Lock()


def default_reader() -> ReaderModel:
    """The shipped model (:data:`WEIGHTS_FILE`), loaded once per process."""
    with _DEFAULT_LOCK:
        if not _DEFAULT:
            _DEFAULT.append(ReaderModel.load())
        return _DEFAULT[0]
