"""Fit when the sentence before or after the best one joins the answer (qa/answering/extension_weights.json).

    .venv/bin/python bench/fit_extension.py [--write]

The questions are the reader's (``bench/fit_reader.py``): CMRC 2018 questions over its training
corpora (fit) and validation corpora (held out), and its labelled report questions (every third
held out).  For each, the shipped reader ranks the retrieved units as ``ReportQA.ask`` does;
each neighbour of the best unit (same passage, just before or just after) is an example,
positive when the gold answer lies in the two sentences together but not in the best one alone.

Two logistic regressions (neighbour before, neighbour after) are fitted on the fit split; the
threshold is the one that gets the most fit questions right (the gold in the answer), less
``COST`` for each answer that grows by a sentence (shorter answers read better: the same
trade-off as the reader's ``pair_ratio``).  Printed: answers holding the gold, and how many
grew, on both splits, before and after.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.fit_reader import (TRAIN_GROUPS, VALIDATION_GROUPS, _LEXICONS, cmrc_group, fit_logistic,  # noqa: E402
                              question_rows, report_questions)
from qa import ReportQA  # noqa: E402
from qa.answering.extension import DIRECTIONS, FEATURES, FORMAT, WEIGHTS_FILE, extension_features, neighbours  # noqa: E402
from qa.answering.lexicon import normalize  # noqa: E402
from qa.answering.questions import question_kind  # noqa: E402
from qa.answering.reader import Linear, ReaderModel, sigmoid  # noqa: E402
from qa.answering.rendering import FACTOID_CHARS  # noqa: E402

COST = 0.1   # an answer grown by a sentence costs a tenth of a right one


def holds(text: str, item: dict) -> bool:
    text = normalize(text)
    golds, parts = [normalize(g) for g in item.get("golds", [])], [normalize(g) for g in item.get("all", [])]
    return (not golds or any(g in text for g in golds)) and all(p in text for p in parts)


class Example:
    """One question: whether its best unit holds the gold, and each neighbour's features and label."""

    def __init__(self, bot: ReportQA, reader: ReaderModel, item: dict, split: str):
        self.split = split
        rows, scored, terms = question_rows(bot, item["q"])
        self.best_right, self.options = False, {}
        if not scored:
            return
        kind = question_kind(item["q"])
        for unit, p in zip(scored, reader.unit_probabilities(rows)):
            unit.score = float(p)
        ranked = sorted(scored, key=lambda s: (-s.score, s.unit.rank, s.unit.position))
        best = ranked[0]
        self.best_right = holds(best.unit.text, item)
        room = FACTOID_CHARS - len(best.unit.text) - 16   # as ExtractiveAnswerer._neighbour allows
        tagger = _LEXICONS[id(bot.index)][1]
        for direction, neighbour in neighbours(ranked, best).items():
            if len(neighbour.unit.text) > room:
                continue
            joined = neighbour.unit.text + best.unit.text if direction == "before" else best.unit.text + neighbour.unit.text
            row = extension_features(item["q"], kind, terms, best, neighbour, tagger)
            self.options[direction] = (row, holds(joined, item))

    @property
    def needed(self) -> dict[str, bool]:
        """For each neighbour: the two sentences hold the gold and the best one alone does not."""
        return {d: label and not self.best_right for d, (_, label) in self.options.items()}


def collect(reader: ReaderModel) -> list[Example]:
    examples = []
    report = ReportQA.load(ROOT / "index", documents=ROOT / "documents", progress=False)
    answerable, _ = report_questions()
    examples += [Example(report, reader, item, "held" if i % 3 == 0 else "fit") for i, item in enumerate(answerable)]
    for groups, split in ((TRAIN_GROUPS, "fit"), (VALIDATION_GROUPS, "held")):
        for path, start, count in groups:
            bot, items = cmrc_group(path, start, count)
            examples += [Example(bot, reader, item, split) for item in items]
    return examples


def outcome(examples: list[Example], models: dict[str, Linear], threshold: float, split: str) -> tuple[float, float]:
    """(share of answers holding the gold, share of answers grown by a sentence) on ``split``."""
    chosen = [e for e in examples if e.split == split]
    right = grown = 0
    for example in chosen:
        options = [(float(sigmoid(models[d](row[None, :])[0])), label) for d, (row, label) in example.options.items()]
        options = [o for o in options if o[0] >= threshold]
        if options:
            grown += 1
            right += example.best_right or max(options)[1]
        else:
            right += example.best_right
    return right / len(chosen), grown / len(chosen)


def weights_document(models: dict[str, Linear], threshold: float, held_out: dict | None = None) -> dict:
    """The JSON document :class:`qa.answering.extension.ExtensionModel` reads."""
    return {"format": FORMAT, "threshold": float(threshold),
            **{d: {"features": list(m.features), "mean": np.round(m.mean, 6).tolist(),
                   "scale": np.round(m.scale, 6).tolist(), "coef": np.round(m.coef, 6).tolist(),
                   "intercept": round(float(m.intercept), 6)} for d, m in models.items()},
            "held_out": held_out or {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the fitted models in the JSON file")
    parser.add_argument("--curve", action="store_true", help="print the figures at every threshold of the grid")
    args = parser.parse_args()
    started = time.perf_counter()
    examples = collect(ReaderModel.load())
    print(f"{sum(e.split == 'fit' for e in examples)} questions fit, {sum(e.split == 'held' for e in examples)} held out "
          f"({time.perf_counter() - started:.0f} s)", flush=True)
    models = {}
    for direction in DIRECTIONS:
        # positive where joining is needed: the two sentences hold the gold and the best one alone does not
        rows = [(e.options[direction][0], e.needed[direction]) for e in examples
                if e.split == "fit" and direction in e.options]
        x = np.array([r for r, _ in rows])
        y = np.array([1.0 if label else 0.0 for _, label in rows])
        mean, scale, coef, intercept = fit_logistic(x, y)
        models[direction] = Linear(FEATURES, mean, scale, coef, intercept)
        print(f"{direction}: {len(rows)} examples, {int(y.sum())} positive")
    grid = sorted({0.99} | {round(t, 3) for t in np.arange(0.05, 0.96, 0.025)})
    def value(threshold: float) -> tuple[float, float]:
        right, grown = outcome(examples, models, threshold, "fit")
        return round(right - COST * grown, 6), threshold

    best = max(grid, key=value)
    if args.curve:
        for threshold in grid:
            fit, held = outcome(examples, models, threshold, "fit"), outcome(examples, models, threshold, "held")
            print(f"  {threshold:.3f}: {fit[0]:.3f} {held[0]:.3f}  grown {fit[1]:.3f} {held[1]:.3f}")
    for name, threshold in (("never joined", 1.01), ("fitted", best)):
        fit, held = outcome(examples, models, threshold, "fit"), outcome(examples, models, threshold, "held")
        print(f"{name:12s} threshold {threshold:.3f}: gold in the answer {fit[0]:.3f} fit, {held[0]:.3f} held out; "
              f"answers grown {fit[1]:.3f} fit, {held[1]:.3f} held out")
    for direction, linear in models.items():
        print(f"{direction} coefficients (standardised):")
        for name, value in sorted(zip(linear.features, linear.coef), key=lambda pair: -abs(pair[1]))[:10]:
            print(f"  {name:20s} {value:+.3f}")
    print(f"{time.perf_counter() - started:.0f} s")
    if args.write:
        held = outcome(examples, models, best, "held")
        document = weights_document(models, best, {"gold_in_answer": round(held[0], 4), "grown": round(held[1], 4)})
        WEIGHTS_FILE.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
