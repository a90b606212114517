"""Fit the reader's unit scorer and answerability threshold; print held-out figures.

    python bench/fit_reader.py              # fit, print, write qa/answering/reader_weights.json
    python bench/fit_reader.py --dry-run    # fit and print only

Data (all in the repo): ``bench/data/cmrc2018_trial.json`` and ``cmrc2018_dev_part.json``
(CMRC 2018, CC BY-SA 4.0) and the labelled report questions of ``tests/eval/*.jsonl``.

* Units are the sentences / rows of the passages the real retrieval returns for a question
  (the same code as ``ReportQA.ask``), over corpora of about 50 CMRC paragraphs each (built
  once into ``bench/cache/``, not committed: embedding them takes a few minutes here).  A unit
  is positive when it holds a gold span (report questions: an ``answer_any`` / ``answer_all``
  string).
* Held out of fitting altogether: trial contexts 1-60 (= ``cmrc/trial-60``) and dev contexts
  601-660 (``make_corpus.py cmrc2018_dev_part.json 601 60``).  Of the rest, trial contexts 208-256,
  dev contexts 61-120 and every third report question are the validation split whose
  figures are printed (and written into the weights file); the model is fitted on the others.
* Two models (see :mod:`qa.answering.reader`): the ranker, a conditional logit over a
  question's units fitted on the answerable questions; then answerability, a logistic
  regression over the best unit, fitted on answerable questions (positive when the ranker's
  best unit holds the answer) and unanswerable ones: CMRC questions asked of the report,
  report questions asked of a CMRC corpus, and the report's own unanswerables.
* The threshold: questions are declined when a name or year is absent from the corpus, or
  answerability is below it: of the thresholds that decline ``TARGET_DECLINE`` of the questions
  asked of the wrong corpus, the one that gets the most training questions right (answerable
  ones answered with the gold, the report's unanswerable ones declined).

The features of every question are cached in ``bench/cache/records-*.npz`` (keyed by the
source of the modules that compute them), so refitting after a change of the fit alone is quick.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from qa import ReportQA  # noqa: E402
from qa.answering.answerability import HARD_REASONS, vetoing_term  # noqa: E402
from qa.answering.chain import CANDIDATES  # noqa: E402
from qa.answering.features import FEATURES, NameTagger, unit_features  # noqa: E402
from qa.answering.lexicon import CorpusLexicon, normalize  # noqa: E402
from qa.answering.questions import question_kind  # noqa: E402
from qa.answering.reader import ANSWER_FEATURES, FORMAT, WEIGHTS_FILE, Linear, ReaderModel, answer_features, softmax  # noqa: E402
from qa.answering.scoring import score_units  # noqa: E402
from qa.answering.units import units_of  # noqa: E402

DATA = ROOT / "bench" / "data"
CACHE = ROOT / "bench" / "cache"
TRIAL, DEV = DATA / "cmrc2018_trial.json", DATA / "cmrc2018_dev_part.json"
HELD_OUT = {TRIAL: range(1, 61), DEV: range(601, 661)}      # never seen by the fit
TRAIN_GROUPS = [(TRIAL, 61, 49), (TRIAL, 110, 49), (TRIAL, 159, 49), (DEV, 1, 60)]
VALIDATION_GROUPS = [(TRIAL, 208, 49), (DEV, 61, 60)]
# labelled report questions: the held-out sets of tests/eval and the training set written for the
# reader (bench/data/report-train*.jsonl); not dev.jsonl, own-*.jsonl or bilingual.jsonl: they measure
REPORT_SETS = sorted((ROOT / "tests" / "eval").glob("heldout*.jsonl")) + sorted(DATA.glob("report-train*.jsonl"))
TARGET_DECLINE = 0.98
L2 = 1.0
# the code a question's records come from: its retrieval and every answering step (english_terms.py and
# bilingual.py were once missing here, so records outlived a change to how English words are rendered)
SOURCE_FOLDERS = ("answering", "retrieval")


# ------------------------------------------------------------------ data
def contexts(path: Path) -> list[tuple[str, dict]]:
    """Unique contexts of a SQuAD file, in order (1-based positions match make_corpus.py)."""
    seen, out = set(), []
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        for paragraph in article["paragraphs"]:
            if paragraph["context"] not in seen:
                seen.add(paragraph["context"])
                out.append((article["title"], paragraph))
    return out


def cmrc_group(path: Path, start: int, count: int) -> tuple[ReportQA, list[dict]]:
    """A corpus of ``count`` contexts from ``start`` (1-based), its bot, and its questions."""
    chosen = contexts(path)[start - 1:start - 1 + count]
    held = HELD_OUT[path]
    assert not any(start + i in held for i in range(len(chosen))), "a held-out context was asked for"
    name = f"{path.stem}-{start}-{count}"
    folder = CACHE / name
    folder.mkdir(parents=True, exist_ok=True)
    lines, questions = [], []
    for title, paragraph in chosen:
        lines += [f"# {title}", "", " ".join(paragraph["context"].split()), ""]
        for qa in paragraph["qas"]:
            golds = sorted({a["text"].strip() for a in qa["answers"] if a["text"].strip()})
            if golds:
                questions.append({"id": qa["id"], "q": qa["question"], "golds": golds})
    corpus = folder / "cmrc.md"
    text = "\n".join(lines)
    if not corpus.exists() or corpus.read_text(encoding="utf-8") != text:
        corpus.write_text(text, encoding="utf-8")
    return ReportQA.load(folder / "index", documents=corpus, progress=False), questions


def report_questions() -> tuple[list[dict], list[dict]]:
    """Labelled report questions: (answerable with answer strings, unanswerable)."""
    answerable, unanswerable = [], []
    for path in REPORT_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if item.get("history"):
                continue
            if item["kind"] == "unanswerable":
                unanswerable.append({"id": item["id"], "q": item["q"]})
            elif item["kind"] in ("factoid", "narrative") and (item.get("answer_any") or item.get("answer_all")):
                answerable.append({"id": item["id"], "q": item["q"], "golds": item.get("answer_any") or [],
                                   "all": item.get("answer_all") or []})
    return answerable, unanswerable


# ------------------------------------------------------------------ features
_LEXICONS: dict[int, tuple[CorpusLexicon, NameTagger]] = {}


def question_rows(bot: ReportQA, question: str):
    """(features, scored units, terms) of one question, exactly as ReportQA.ask computes them."""
    if id(bot.index) not in _LEXICONS:
        lexicon = CorpusLexicon(bot.index.passages, bot.index.documents, getattr(bot.index, "token_doc_freq", None))
        _LEXICONS[id(bot.index)] = (lexicon, NameTagger(lexicon._tokenizer()))
    lexicon, tagger = _LEXICONS[id(bot.index)]
    kind = question_kind(question)
    terms = lexicon.terms(question)
    candidates = bot.index.search(question, k=CANDIDATES)
    dense = bot.index.dense_scores(question, candidates)
    scored = score_units(units_of(candidates), terms, kind, question, numerals=True)  # as the fitted path scores them
    rows = unit_features(scored, terms, question, kind, dense, tagger=tagger)
    return rows, scored, terms


def labels(scored, item: dict) -> np.ndarray:
    """1 for a unit holding a gold span; of a many-part answer (``all``: the points of a
    narrative, the parts of a two-part question), a unit holding any part is positive."""
    golds = [normalize(g) for g in item.get("golds", [])]
    parts = [normalize(g) for g in item.get("all", [])]
    out = np.zeros(len(scored))
    if not golds and not parts:
        return out
    for i, s in enumerate(scored):
        text = normalize(s.unit.text)
        if (not golds or any(g in text for g in golds)) and (not parts or any(g in text for g in parts)):
            out[i] = 1.0
    return out


class Records:
    """Every question's unit features, labels, and whether a name or year of it vetoes, by set."""

    def __init__(self):
        self.rows: list[np.ndarray] = []
        self.y: list[np.ndarray] = []
        self.veto: list[bool] = []
        self.sets: list[str] = []

    def add(self, bot: ReportQA, items: list[dict], name: str) -> None:
        for item in items:
            rows, scored, terms = question_rows(bot, item["q"])
            lexicon = _LEXICONS[id(bot.index)][0]
            self.rows.append(rows)
            self.y.append(labels(scored, item))
            self.veto.append(vetoing_term(terms, scored[0] if scored else None, lexicon.in_dictionary) is not None)
            self.sets.append(name)

    def of(self, *names: str) -> list[int]:
        return [i for i, s in enumerate(self.sets) if s in names]

    def save(self, path: Path) -> None:
        sizes = np.array([len(r) for r in self.rows])
        stacked = np.vstack([r for r in self.rows if len(r)]) if sizes.sum() else np.zeros((0, len(FEATURES)))
        np.savez_compressed(path, rows=stacked, y=np.concatenate(self.y), sizes=sizes,
                            veto=np.array(self.veto), sets=np.array(self.sets))

    @classmethod
    def load(cls, path: Path) -> "Records":
        with np.load(path, allow_pickle=False) as data:
            rows, y, sizes, veto, sets = (data[key] for key in ("rows", "y", "sizes", "veto", "sets"))
        records = cls()
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        for i in range(len(sizes)):
            records.rows.append(rows[bounds[i]:bounds[i + 1]])
            records.y.append(y[bounds[i]:bounds[i + 1]])
        records.veto = [bool(v) for v in veto]
        records.sets = [str(s) for s in sets]
        return records


def cache_key() -> str:
    digest = hashlib.sha256()
    for folder in SOURCE_FOLDERS:
        for path in sorted((ROOT / "qa" / folder).glob("*.py")):
            digest.update(path.read_bytes())
    for path in REPORT_SETS:
        digest.update(path.read_bytes())
    digest.update(repr((TRAIN_GROUPS, VALIDATION_GROUPS, [p.name for p in REPORT_SETS], CANDIDATES)).encode())
    return digest.hexdigest()[:12]


def collect_all(started: float) -> Records:
    path = CACHE / f"records-{cache_key()}.npz"
    if path.exists():
        print(f"features from {path.relative_to(ROOT)}")
        return Records.load(path)
    records = Records()
    report = ReportQA.load(ROOT / "index", documents=ROOT / "documents", progress=False)
    answerable, unanswerable = report_questions()
    report_train = [q for i, q in enumerate(answerable) if i % 3]
    report_valid = [q for i, q in enumerate(answerable) if not i % 3]
    asked = {"train": [], "valid": []}
    for groups, split in ((TRAIN_GROUPS, "train"), (VALIDATION_GROUPS, "valid")):
        for path_, start, count in groups:
            bot, questions = cmrc_group(path_, start, count)
            records.add(bot, questions, split)
            asked[split].extend(questions)
            # report questions asked of this CMRC corpus: all must be declined
            cross = report_train + unanswerable if split == "train" else report_valid
            records.add(bot, cross, f"cross_{split}")
            print(f"  {path_.name} {start}-{start + count - 1}: {len(questions)} questions "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    rng = np.random.default_rng(0)
    for split, size in (("train", 300), ("valid", 150)):
        chosen = rng.choice(len(asked[split]), size, replace=False)
        records.add(report, [{"q": asked[split][i]["q"]} for i in chosen], f"cross_{split}")
    records.add(report, report_train, "own_train")
    records.add(report, report_valid, "own_valid")
    records.add(report, unanswerable, "own_unanswerable")
    CACHE.mkdir(parents=True, exist_ok=True)
    records.save(path)
    return records


# ------------------------------------------------------------------ models
def standardise(x: np.ndarray):
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def fit_ranker(rows: list[np.ndarray], y: list[np.ndarray], l2: float = L2) -> Linear:
    """Conditional logit: maximise the softmax probability of a question's positive units."""
    from scipy.optimize import minimize

    groups = [(r, t) for r, t in zip(rows, y) if len(r) and t.sum() > 0]
    mean, scale = standardise(np.vstack([r for r, _ in groups]))
    standard = [((r - mean) / scale, t > 0) for r, t in groups]

    def loss(w):
        total, gradient = 0.5 * l2 * w @ w, l2 * w
        for z, positive in standard:
            p = softmax(z @ w)
            mass = p[positive].sum()
            total -= np.log(max(mass, 1e-300))
            target = np.where(positive, p / max(mass, 1e-300), 0.0)
            gradient = gradient + z.T @ (p - target)
        return total, gradient

    result = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return Linear(FEATURES, mean, scale, result.x)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50, weights: np.ndarray | None = None):
    """L2-regularised logistic regression by Newton's method on standardised features
    (``weights``: each example's weight, 1 by default)."""
    weights = np.ones(len(x)) if weights is None else weights
    mean, scale = standardise(x)
    z = (x - mean) / scale
    design = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (weights * (p - y)) + penalty * w
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return mean, scale, w[:-1], float(w[-1])


_SAME_TEXT = [FEATURES.index(name) for name in ("length", "cov_unit", "char_overlap", "longest_match")]
_LENGTH = FEATURES.index("length")
_YEARS = FEATURES.index("years_unit")
_HARD = [FEATURES.index("rules_" + reason) for reason in HARD_REASONS]
BUDGET = 200


def outcome(model: ReaderModel, rows: np.ndarray, y: np.ndarray, pair_ratio: float) -> tuple[bool, bool, float]:
    """(the answer holds the gold, a second unit was added, answerability) as the runtime would give them."""
    if not len(rows):
        return False, False, 0.0
    p = model.unit_probabilities(rows)
    order = np.argsort(-p, kind="stable")
    best = order[0]
    right, paired = bool(y[best] > 0), False
    for other in order[1:3]:
        if np.allclose(rows[other, _SAME_TEXT], rows[best, _SAME_TEXT]):
            continue   # the same sentence, from the overlapping neighbour passage
        length = np.expm1(rows[best, _LENGTH]) + np.expm1(rows[other, _LENGTH])
        if p[other] >= pair_ratio * p[best] and length <= BUDGET:
            paired = True
            right = right or bool(y[other] > 0)
        break
    return right, paired, model.answerable(rows, p)


def fit_pair_ratio(model: ReaderModel, records: Records, ids: list[int]) -> float:
    """The share of the best unit's probability a runner-up needs to be quoted too: the best
    hit rate, less 0.02 for every answer that grows by a sentence (shorter answers read better)."""
    best_ratio, best_value = 2.0, -1.0
    for ratio in (1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05):
        results = [outcome(model, records.rows[i], records.y[i], ratio) for i in ids]
        value = np.mean([r for r, _, _ in results]) - 0.02 * np.mean([q for _, q, _ in results])
        if value > best_value:
            best_ratio, best_value = ratio, value
    return best_ratio


class Judge:
    """Per-question outcomes of a model: whether its answer holds the gold, whether declined."""

    def __init__(self, model: ReaderModel, records: Records):
        self.right, self.answerable, self.empty, self.year_missing, self.hard = [], [], [], [], []
        for rows, y in zip(records.rows, records.y):
            right, _, answerable = outcome(model, rows, y, model.pair_ratio)
            best = int(np.argmax(model.unit_probabilities(rows))) if len(rows) else -1
            self.year_missing.append(best >= 0 and rows[best, _YEARS] < 1.0)   # a year the best sentence lacks
            self.right.append(right)
            self.answerable.append(answerable)
            self.empty.append(not len(rows))
            # the hand-set refusal says a word of the question is absent (constant over the units)
            self.hard.append(bool(len(rows)) and bool(rows[0, _HARD].max() > 0))
        self.veto = records.veto
        self.rules_threshold = model.rules_threshold

    def declined(self, i: int, threshold: float) -> bool:
        return self.empty[i] or self.veto[i] or self.year_missing[i] or self.answerable[i] < threshold or \
            (self.hard[i] and self.answerable[i] < self.rules_threshold)


def hand_top1(records: Records, ids: list[int]) -> float:
    return float(np.mean([len(records.y[i]) > 0 and records.y[i][0] > 0 for i in ids])) if ids else 0.0


def figures_for(judge: Judge, records: Records, threshold: float, answerable: tuple, unanswerable: tuple) -> dict:
    ids = records.of(*answerable)
    out = {"questions": len(ids), "top1_hand_scores": round(hand_top1(records, ids), 3),
           "answer_holds_gold": round(float(np.mean([judge.right[i] for i in ids])), 3) if ids else 0.0,
           "answered_right": round(float(np.mean([judge.right[i] and not judge.declined(i, threshold)
                                                  for i in ids])), 3) if ids else 0.0,
           "declined": round(float(np.mean([judge.declined(i, threshold) for i in ids])), 3) if ids else 0.0}
    wrong = records.of(*unanswerable)
    if wrong:
        out["unanswerable_declined"] = round(float(np.mean([judge.declined(i, threshold) for i in wrong])), 3)
        out["unanswerable_questions"] = len(wrong)
    return out


def weights_document(ranker: Linear, answerability: Linear, threshold: float, pair_ratio: float = 2.0,
                     fitted_on: dict | None = None, figures: dict | None = None, rules_threshold: float = 0.0) -> dict:
    """The JSON document :class:`qa.answering.reader.ReaderModel` reads."""
    def linear(model: Linear) -> dict:
        return {"features": list(model.features), "mean": np.round(model.mean, 6).tolist(),
                "scale": np.round(model.scale, 6).tolist(), "coef": np.round(model.coef, 6).tolist(),
                "intercept": round(float(model.intercept), 6)}

    return {"format": FORMAT, "ranker": linear(ranker), "answerability": linear(answerability),
            "threshold": round(float(threshold), 6), "rules_threshold": round(float(rules_threshold), 6),
            "pair_ratio": pair_ratio, "fitted_on": fitted_on or {}, "held_out_figures": figures or {}}


# ------------------------------------------------------------------ main
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="do not write the weights file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    records = collect_all(started)

    fitting = records.of("train", "own_train")
    ranker = fit_ranker([records.rows[i] for i in fitting], [records.y[i] for i in fitting])
    placeholder = Linear(ANSWER_FEATURES, np.zeros(len(ANSWER_FEATURES)), np.ones(len(ANSWER_FEATURES)),
                         np.zeros(len(ANSWER_FEATURES)))
    pair_ratio = fit_pair_ratio(ReaderModel(ranker, placeholder, 0.5), records, fitting)
    judge = Judge(ReaderModel(ranker, placeholder, 0.5, pair_ratio), records)
    calibration = records.of("train", "own_train", "cross_train", "own_unanswerable")
    usable = [i for i in calibration if not judge.empty[i] and not judge.veto[i] and not judge.year_missing[i]]
    x = np.array([answer_features(records.rows[i], ranker_probabilities(ranker, records.rows[i])) for i in usable])
    y = np.array([1.0 if records.sets[i] in ("train", "own_train") and judge.right[i] else 0.0 for i in usable])
    # the report's questions weigh as much, together, as the general-text ones
    report = np.array([records.sets[i] in ("own_train", "own_unanswerable") for i in usable])
    weights = np.where(report, (~report).sum() / max(report.sum(), 1), 1.0)
    mean, scale, coef, intercept = fit_logistic(x, y, weights=weights)
    answerability = Linear(ANSWER_FEATURES, mean, scale, coef, intercept)
    model = ReaderModel(ranker, answerability, 0.5, pair_ratio)
    judge = Judge(model, records)
    split = (records.of("cross_train"), records.of("train", "own_train"), records.of("own_unanswerable"))
    threshold = calibrate(judge, *split)
    judge.rules_threshold = calibrate_rules(judge, threshold, *split)
    figures = {
        "threshold": round(threshold, 4), "rules_threshold": round(judge.rules_threshold, 4), "pair_ratio": pair_ratio,
        "validation": {
            "cmrc": figures_for(judge, records, threshold, ("valid",), ("cross_valid",)),
            "report": figures_for(judge, records, threshold, ("own_valid",), ()),
        },
        "train": {
            "cmrc": figures_for(judge, records, threshold, ("train",), ("cross_train",)),
            "report": figures_for(judge, records, threshold, ("own_train",), ("own_unanswerable",)),
        },
    }
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    for title, linear in (("ranker", ranker), ("answerability", answerability)):
        print(f"{title} coefficients (standardised):")
        for name, value in sorted(zip(linear.features, linear.coef), key=lambda pair: -abs(pair[1])):
            print(f"  {name:16s} {value:+.3f}")
    if not args.dry_run:
        fitted_on = {"cmrc": [f"{p.name} {s}-{s + c - 1}" for p, s, c in TRAIN_GROUPS],
                     "report": [p.name for p in REPORT_SETS], "target_decline": TARGET_DECLINE}
        weights = weights_document(ranker, answerability, threshold, pair_ratio, fitted_on,
                                   figures["validation"], judge.rules_threshold)
        WEIGHTS_FILE.write_text(json.dumps(weights, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


def ranker_probabilities(ranker: Linear, rows: np.ndarray) -> np.ndarray:
    return softmax(ranker(rows))


def calibrate(judge: Judge, cross: list[int], answerable: list[int], unanswerable: list[int]) -> float:
    """The threshold that gets the most questions right (answered with the gold, or declined when
    unanswerable) over ``answerable`` and ``unanswerable``, among those that decline at least
    TARGET_DECLINE of ``cross`` (questions asked of the wrong corpus)."""
    def declined(ids, t):
        return sum(judge.declined(i, t) for i in ids)

    floor = _quantile_threshold(judge, cross)
    candidates = sorted({floor} | {judge.answerable[i] + 1e-6 for i in answerable + unanswerable
                                   if judge.answerable[i] + 1e-6 >= floor})
    def right(t):
        return sum(judge.right[i] and not judge.declined(i, t) for i in answerable) + declined(unanswerable, t)
    return float(max(candidates, key=lambda t: (right(t), -t)))


def calibrate_rules(judge: Judge, threshold: float, cross: list[int], answerable: list[int],
                    unanswerable: list[int]) -> float:
    """How sure the reader must be to answer when the hand-set refusal says a word of the question
    is absent: the value (at least ``threshold``) that gets the most of these questions right."""
    def right(t):
        judge.rules_threshold = t
        return sum(judge.right[i] and not judge.declined(i, threshold) for i in answerable) + \
            sum(judge.declined(i, threshold) for i in unanswerable)
    hard = [i for i in answerable + unanswerable + cross if judge.hard[i]]
    candidates = sorted({threshold} | {judge.answerable[i] + 1e-6 for i in hard if judge.answerable[i] > threshold})
    best = max(candidates, key=lambda t: (right(t), -t))
    judge.rules_threshold = 0.0
    return float(best)


def _quantile_threshold(judge: Judge, unanswerable: list[int]) -> float:
    """The smallest threshold that declines TARGET_DECLINE of ``unanswerable``."""
    open_ = sorted((judge.answerable[i] for i in unanswerable
                    if not (judge.empty[i] or judge.veto[i] or judge.year_missing[i])),
                   reverse=True)
    allowed = int((1 - TARGET_DECLINE) * len(unanswerable))   # how many may still be answered
    if allowed >= len(open_):
        return 0.0
    return float(open_[allowed]) + 1e-6


if __name__ == "__main__":
    raise SystemExit(main())
