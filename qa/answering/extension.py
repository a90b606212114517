"""Whether the sentence just before or just after the best one belongs in the answer.

An answer is often told over two sentences: the reason stands before the sentence that repeats
the question's claim ("…维生素C含量是单个橙子的三倍。因此它有时也被称为笨蛋水果。" for "为什么称它为
笨蛋水果？"), a sentence that announces ("其特点有以下三点：") is followed by what it announces,
a later sentence goes on about the same subject ("其叶…"). Two small logistic models, one for
the sentence before and one for the sentence after, say how likely the neighbour completes the
answer, from general features of the question, the best sentence and the neighbour.

``extension_weights.json`` (beside this module) is written by ``bench/fit_extension.py``, which
fits both on the reader's training questions and prints held-out figures; a neighbour joins
the answer when its probability reaches the fitted ``threshold``.
"""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from qa.answering.features import asked_type, carries, question_content
from qa.answering.lexicon import Term, normalize, numbers_in
from qa.answering.questions import is_why
from qa.answering.reader import Linear, ReaderWeightsError, load_weights, sigmoid
from qa.answering.scoring import Scored, presence

WEIGHTS_FILE = Path(__file__).with_name("extension_weights.json")
FORMAT = "clusterqa-extension/1"
DIRECTIONS = ("before", "after")
FEATURES = (
    "why", "kind_how", "kind_list", "kind_quantity", "kind_definition",
    "best_consequence", "best_announces", "best_covers", "best_carries", "best_length",
    "neighbour_continues", "neighbour_announces", "neighbour_carries", "neighbour_covers",
    "neighbour_share", "neighbour_length", "neighbour_new", "why_consequence", "best_is_clause",
)
# a sentence that states a consequence of what went before (its reason is the sentence before)
_CONSEQUENCE = re.compile(r"^\s*(?:因此|所以|因而|于是|从而|故而|故|由此|因|这使|这让|此后|结果|therefore|thus|hence|so\b|as a result)",
                          re.I)
# a sentence that goes on about the subject of the one before (its pronoun or connective says so)
_CONTINUES = re.compile(r"^\s*(?:其|它|此|该|这|本|并|且|而|但|同时|此外|另外|也|又|亦|然而|不过|后来|其后|随后|之后|"
                        r"it\b|its\b|this\b|these\b|they\b|their\b|however\b|also\b|in addition\b|moreover\b)", re.I)
_ANNOUNCES = re.compile(r"[:：]\s*$|如下|以下")


def _share(chars: set[str], text: str) -> float:
    return sum(1 for ch in chars if ch in text) / len(chars) if chars else 0.0


def extension_features(question: str, kind: str, terms: Sequence[Term], best: Scored, neighbour: Scored,
                       tagger=None) -> np.ndarray:
    """One row of :data:`FEATURES` for joining ``neighbour`` to ``best`` (same passage, adjacent)."""
    total = sum(t.weight for t in terms) or 1.0
    own, other = normalize(best.unit.text), normalize(neighbour.unit.text)
    content = set(question_content(question))
    answer_type = asked_type(question, kind)
    numbers = set(numbers_in(question))
    why = 1.0 if is_why(question) else 0.0
    consequence = 1.0 if _CONSEQUENCE.search(best.unit.text) else 0.0
    return np.array([
        why,
        1.0 if kind == "how" else 0.0,
        1.0 if kind == "list" else 0.0,
        1.0 if kind == "quantity" else 0.0,
        1.0 if kind == "definition" else 0.0,
        consequence,
        1.0 if _ANNOUNCES.search(best.unit.text) else 0.0,
        _share(content, own),
        1.0 if carries(answer_type, best.unit.text, question, numbers, tagger) else 0.0,
        math.log1p(len(own)),
        1.0 if _CONTINUES.search(neighbour.unit.text) else 0.0,
        1.0 if _ANNOUNCES.search(neighbour.unit.text) else 0.0,
        1.0 if carries(answer_type, neighbour.unit.text, question, numbers, tagger) else 0.0,
        sum(t.weight * presence(t, other) for t in terms) / total,
        neighbour.score / best.score if best.score > 0 else 0.0,
        math.log1p(len(other)),
        sum(1 for ch in other if ch not in question) / (len(other) or 1),
        why * consequence,
        1.0 if best.unit.scope and best.unit.scope != best.unit.text else 0.0,
    ])


def neighbours(scored: Sequence[Scored], best: Scored) -> dict[str, Scored]:
    """The units just before and just after ``best`` in its passage, where the candidates hold them."""
    place = (best.unit.passage.id, best.unit.position)
    found = {}
    for item in scored:
        if item.unit.passage.id != place[0]:
            continue
        if item.unit.position == place[1] - 1:
            found["before"] = item
        elif item.unit.position == place[1] + 1:
            found["after"] = item
    return found


@dataclass(frozen=True)
class ExtensionModel:
    """The two fitted models (sentence before, sentence after) and the probability that joins."""

    models: Mapping[str, Linear]
    threshold: float

    @classmethod
    def from_dict(cls, data: Mapping) -> "ExtensionModel":
        if data.get("format") != FORMAT:
            raise ReaderWeightsError(f"The extension weights have format {data.get('format')!r}, expected {FORMAT!r}: "
                                     "run 'python bench/fit_extension.py --write' to refit them.")
        models = {direction: Linear.from_dict(data[direction], FEATURES, f"extension ({direction})")
                  for direction in DIRECTIONS}
        return cls(models, float(data["threshold"]))

    @classmethod
    def load(cls, path: Path | str = WEIGHTS_FILE) -> "ExtensionModel":
        return load_weights(path, "extension", cls.from_dict)

    def probabilities(self, question: str, kind: str, terms: Sequence[Term], scored: Sequence[Scored],
                      best: Scored, tagger=None) -> dict[str, tuple[Scored, float]]:
        """Each neighbour of ``best`` with its probability of completing the answer."""
        out = {}
        for direction, neighbour in neighbours(scored, best).items():
            row = extension_features(question, kind, terms, best, neighbour, tagger)
            out[direction] = (neighbour, float(sigmoid(self.models[direction](row[None, :])[0])))
        return out

    def choose(self, question: str, kind: str, terms: Sequence[Term], scored: Sequence[Scored], best: Scored,
               room: int, tagger=None) -> tuple[str, Scored] | None:
        """The neighbour to join to ``best`` (its direction), if one reaches the threshold and fits
        in ``room`` characters; the likelier one when both do."""
        fitting = [(p, direction, neighbour)
                   for direction, (neighbour, p) in self.probabilities(question, kind, terms, scored, best, tagger).items()
                   if p >= self.threshold and len(neighbour.unit.text) <= room]
        if not fitting:
            return None
        _, direction, neighbour = max(fitting, key=lambda item: item[0])
        return direction, neighbour


_DEFAULT: list[ExtensionModel] = []
_DEFAULT_LOCK = threading.Lock()


def default_extension() -> ExtensionModel:
    """The shipped model (:data:`WEIGHTS_FILE`), loaded once per process."""
    with _DEFAULT_LOCK:
        if not _DEFAULT:
            _DEFAULT.append(ExtensionModel.load())
        return _DEFAULT[0]
