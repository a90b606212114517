"""Fit the two thresholds of the heading-based answers (qa/answering/section_thresholds.json); print held-out figures.

    .venv/bin/python bench/fit_section_thresholds.py [--write]

``min_section_score`` decides when a section's points answer a question, ``min_heading_fit``
when a heading with its first sentence does (:mod:`qa.answering.sections`).  Both are chosen
on a grid by the share of questions answered right, by the rules of ``python -m qa eval``:

- the labelled report questions the reader is fitted on (``tests/eval/heldout*.jsonl``,
  ``bench/data/report-train*.jsonl``; follow-ups with their history): even lines fit, odd lines
  are held out;
- CMRC 2018 questions over the reader's training corpora (fit) and its validation corpora
  (held out), built into ``bench/cache/`` by ``bench/fit_reader.py``'s ``cmrc_group``.

Only questions whose answer changes somewhere on the grid decide; they are found by asking
every question at the grid's four corners (a threshold only moves answers across it), and only
they are asked again at every point.  Ties go to the point nearest the current values.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fit_reader import REPORT_SETS, TRAIN_GROUPS, VALIDATION_GROUPS, cmrc_group  # noqa: E402
from qa import ReportQA  # noqa: E402
from qa.answering import section_thresholds  # noqa: E402
from qa.answering.section_thresholds import THRESHOLDS_FILE, SectionThresholds  # noqa: E402
from qa.errors import ClusterQAError  # noqa: E402
from qa.evaluate import Question, answer_failures, load_questions  # noqa: E402

GRID = {"min_section_score": (0.5, 0.54, 0.58, 0.62, 0.66, 0.7, 0.74, 0.78),
        "min_heading_fit": (0.65, 0.7, 0.75, 0.8, 0.85, 0.9)}


def question_sets() -> list[tuple[ReportQA, Question, str]]:
    """(bot, question, 'fit' or 'held') for every question used."""
    asked = []
    report = ReportQA.load(ROOT / "index", documents=ROOT / "documents", progress=False)
    for path in REPORT_SETS:
        for i, question in enumerate(load_questions(path)):
            asked.append((report, question, "fit" if i % 2 == 0 else "held"))
    for groups, split in ((TRAIN_GROUPS, "fit"), (VALIDATION_GROUPS, "held")):
        for path, start, count in groups:
            bot, items = cmrc_group(path, start, count)
            asked += [(bot, Question(item["id"], "factoid", item["q"], answer_any=tuple(item["golds"])), split)
                      for item in items]
    return asked


def right(bot: ReportQA, question: Question, thresholds: SectionThresholds) -> bool:
    section_thresholds.THRESHOLDS = thresholds
    try:
        return not answer_failures(question, bot.ask(question.q, list(question.history)))
    except ClusterQAError:  # a question the bot refuses to read (empty): wrong at every point
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the fitted thresholds in the JSON file")
    args = parser.parse_args()
    started = time.perf_counter()
    current = section_thresholds.THRESHOLDS
    asked = question_sets()
    print(f"{sum(s == 'fit' for *_, s in asked)} questions fit, {sum(s == 'held' for *_, s in asked)} held out "
          f"({time.perf_counter() - started:.0f} s)", flush=True)
    points = [SectionThresholds(*values) for values in itertools.product(*GRID.values())]
    corners = [SectionThresholds(a, b) for a in (GRID["min_section_score"][0], GRID["min_section_score"][-1])
               for b in (GRID["min_heading_fit"][0], GRID["min_heading_fit"][-1])]
    outcomes = [[right(bot, q, corner) for corner in corners] for bot, q, _ in asked]
    moving = [i for i, seen in enumerate(outcomes) if len(set(seen)) > 1]
    print(f"{len(moving)} questions change across the grid ({time.perf_counter() - started:.0f} s)", flush=True)
    fixed = {split: sum(outcomes[i][0] for i, (*_, s) in enumerate(asked) if s == split and i not in moving)
             for split in ("fit", "held")}
    totals = {split: sum(s == split for *_, s in asked) for split in ("fit", "held")}
    table = {}
    for point in points + [current]:
        if point in table:
            continue
        scores = {"fit": fixed["fit"], "held": fixed["held"]}
        for i in moving:
            bot, question, split = asked[i]
            scores[split] += right(bot, question, point)
        table[point] = {split: scores[split] / totals[split] for split in scores}
    section_thresholds.THRESHOLDS = current

    def distance(point: SectionThresholds) -> float:
        return abs(point.min_section_score - current.min_section_score) + \
            abs(point.min_heading_fit - current.min_heading_fit)

    best = max(points, key=lambda p: (round(table[p]["fit"], 6), -distance(p)))
    for name, point in (("current", current), ("fitted ", best)):
        print(f"{name} {point}: fit {table[point]['fit']:.3f}, held out {table[point]['held']:.3f}")
    print(f"{time.perf_counter() - started:.0f} s")
    if args.write:
        document = {"min_section_score": best.min_section_score, "min_heading_fit": best.min_heading_fit,
                    "accuracy": {"fit": round(table[best]["fit"], 4), "held_out": round(table[best]["held"], 4)},
                    "questions": totals}
        THRESHOLDS_FILE.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {THRESHOLDS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
