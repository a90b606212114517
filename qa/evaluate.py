"""Scoring ``ask`` and ``search`` on a question file, by the rules of ``tests/eval/README.md``.

The rules are pure functions of a question and what the product returned
(:func:`answer_failures`, :func:`evidence_rank`), so the benchmark's plain LangChain anchor
is scored by exactly the same code as the product.  :func:`evaluate` runs any object with
``search(query, k)`` and, when it has one, ``ask(question, history)``.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from qa.errors import ClusterQAError
from qa.records import Answer, Passage
from qa.text import without_whitespace

KINDS = ("factoid", "lookup", "aggregate", "narrative", "followup", "unanswerable")
# Answer-text budgets in characters; citations (and their [n] markers) are not counted.
CHAR_BUDGETS = {"factoid": 200, "lookup": 300, "followup": 300, "aggregate": 800, "narrative": 800}
RETRIEVAL_K = 5
_CITATION_MARKER = re.compile(r"\[\d+\]")


class QuestionFileError(ClusterQAError):
    """A question file is missing or has a line that is not a valid question."""


@dataclass(frozen=True)
class Question:
    """One line of a question file (see ``tests/eval/README.md``)."""

    id: str
    kind: str
    q: str
    history: tuple[str, ...] = ()
    answer_all: tuple[str, ...] = ()
    answer_any: tuple[str, ...] = ()
    evidence: str = ""


class QASystem(Protocol):
    """What :func:`evaluate` needs: ``search``, and ``ask`` when answers are to be scored."""

    def search(self, query: str, k: int = 5) -> list[Passage]: ...


@dataclass(frozen=True)
class QuestionResult:
    """How one question fared: answer failures (empty when correct) and retrieval rank."""

    question: Question
    answer: Answer | None
    failures: tuple[str, ...]
    evidence_rank: int | None  # 1-based rank of the first top-k passage holding the evidence
    ask_ms: float | None
    search_ms: float

    @property
    def correct(self) -> bool:
        return self.answer is not None and not self.failures

    def to_dict(self) -> dict:
        data = {"id": self.question.id, "kind": self.question.kind, "q": self.question.q,
                "correct": self.correct, "failures": list(self.failures),
                "evidence_rank": self.evidence_rank, "ask_ms": _round(self.ask_ms),
                "search_ms": _round(self.search_ms)}
        if self.answer is not None:
            data.update(answer=self.answer.text, answered=self.answer.answered, route=self.answer.route,
                        citations=[p.id for p in self.answer.citations])
        return data


@dataclass
class EvalReport:
    """All results of one run, with the summary figures derived from them."""

    results: list[QuestionResult]
    ask_available: bool
    source: str = ""
    by_kind: dict[str, tuple[int, int]] = field(init=False)

    def __post_init__(self):
        self.by_kind = {}
        for result in self.results:
            right, total = self.by_kind.get(result.question.kind, (0, 0))
            self.by_kind[result.question.kind] = (right + result.correct, total + 1)

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def with_evidence(self) -> list[QuestionResult]:
        return [r for r in self.results if r.question.evidence]

    def recall_at(self, k: int) -> float | None:
        scored = self.with_evidence
        if not scored:
            return None
        return sum(r.evidence_rank is not None and r.evidence_rank <= k for r in scored) / len(scored)

    def ask_latency(self, quantile: float) -> float | None:
        return percentile([r.ask_ms for r in self.results if r.ask_ms is not None], quantile)

    def search_latency(self, quantile: float) -> float | None:
        return percentile([r.search_ms for r in self.results], quantile)

    def score_line(self) -> str:
        recall = self.recall_at(RETRIEVAL_K)
        p50 = self.ask_latency(0.5)
        return (f"score: {self.correct}/{len(self.results)} answers, "
                f"{'n/a' if recall is None else f'{recall:.2f}'} recall@{RETRIEVAL_K}, "
                f"p50 ask {'n/a' if p50 is None else f'{p50:.0f}'} ms")

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "questions": len(self.results),
            "ask_available": self.ask_available,
            "answers": {"correct": self.correct, "total": len(self.results),
                        "by_kind": {kind: {"correct": c, "total": t} for kind, (c, t) in self.by_kind.items()}},
            "retrieval": {"with_evidence": len(self.with_evidence), "k": RETRIEVAL_K,
                          "recall_at_1": _round(self.recall_at(1), 4),
                          f"recall_at_{RETRIEVAL_K}": _round(self.recall_at(RETRIEVAL_K), 4)},
            "latency_ms": {"ask_p50": _round(self.ask_latency(0.5)), "ask_p95": _round(self.ask_latency(0.95)),
                           "search_p50": _round(self.search_latency(0.5)),
                           "search_p95": _round(self.search_latency(0.95))},
            "results": [r.to_dict() for r in self.results],
            "score": self.score_line(),
        }

    def lines(self) -> list[str]:
        """The human report; the last line is :meth:`score_line`."""
        out = [f"{len(self.results)} questions from {self.source}" if self.source else f"{len(self.results)} questions"]
        if not self.ask_available:
            out.append("answers: not scored, this ReportQA has no ask() yet")
        out.append("answers by kind:")
        for kind in sorted(self.by_kind, key=lambda k: KINDS.index(k)):
            right, total = self.by_kind[kind]
            out.append(f"  {kind:<13}{right:>3}/{total:<3}")
        recall1, recall5 = self.recall_at(1), self.recall_at(RETRIEVAL_K)
        if recall5 is not None:
            found = sum(r.evidence_rank is not None for r in self.with_evidence)
            out.append(f"retrieval: evidence in top {RETRIEVAL_K} for {found}/{len(self.with_evidence)} "
                       f"(recall@1 {recall1:.2f}, recall@{RETRIEVAL_K} {recall5:.2f})")
        out.append(f"latency: search p50 {_ms(self.search_latency(0.5))} p95 {_ms(self.search_latency(0.95))}, "
                   f"ask p50 {_ms(self.ask_latency(0.5))} p95 {_ms(self.ask_latency(0.95))}")
        failures = [f"  {result.question.id} {result.question.kind}: {reason}"
                    for result in self.results for reason in self._reasons(result)]
        out.extend(["failures:", *failures] if failures else [])
        out.append(self.score_line())
        return out

    def _reasons(self, result: QuestionResult) -> list[str]:
        reasons = list(result.failures) if self.ask_available else []
        if result.question.evidence and result.evidence_rank is None:
            reasons.append(f"search: evidence {result.question.evidence!r} not in the top {RETRIEVAL_K}")
        return reasons


# ----------------------------------------------------------------- the rules
def load_questions(path: str | Path) -> list[Question]:
    """Read a question file (JSON lines), checking every line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionFileError(f"Cannot read the question file {path}: {exc.strerror or exc}.") from None
    questions = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            question = Question(id=str(data["id"]), kind=str(data["kind"]), q=str(data["q"]),
                                history=tuple(data.get("history", ())), answer_all=tuple(data.get("answer_all", ())),
                                answer_any=tuple(data.get("answer_any", ())), evidence=str(data.get("evidence", "")))
        except (ValueError, KeyError, TypeError) as exc:
            raise QuestionFileError(f"{path}:{number}: not a question line ({exc.__class__.__name__}: {exc}); "
                                    f"each line is a JSON object with id, kind and q.") from None
        if question.kind not in KINDS:
            raise QuestionFileError(f"{path}:{number}: unknown kind {question.kind!r}; use one of {', '.join(KINDS)}.")
        questions.append(question)
    if not questions:
        raise QuestionFileError(f"{path} holds no questions.")
    return questions


def contains_evidence(passage_text: str, evidence: str) -> bool:
    """Rule 4: whitespace is removed from both before comparing."""
    return without_whitespace(evidence) in without_whitespace(passage_text)


def answer_failures(question: Question, answer: Answer) -> list[str]:
    """Why ``answer`` is wrong by the README's rules 1-5; empty when it is right."""
    failures = []
    if question.kind == "unanswerable":
        if answer.answered:
            failures.append("answered, but the report does not say (should decline)")
        return failures
    if not answer.answered:
        failures.append("not answered (declined)")
    missing = [s for s in question.answer_all if s not in answer.text]
    if missing:
        failures.append(f"answer text lacks {missing}")
    if question.answer_any and not any(s in answer.text for s in question.answer_any):
        failures.append(f"answer text lacks any of {list(question.answer_any)}")
    length = len(_CITATION_MARKER.sub("", answer.text))
    budget = CHAR_BUDGETS[question.kind]
    if length > budget:
        failures.append(f"answer is {length} characters, over the {budget} allowed for {question.kind}")
    if answer.answered and not answer.citations:
        failures.append("answered without a citation")
    if question.evidence and not any(contains_evidence(p.text, question.evidence) for p in answer.citations):
        failures.append(f"no citation contains the evidence {question.evidence!r}")
    return failures


def evidence_rank(passages: Sequence[Passage], evidence: str) -> int | None:
    """1-based rank of the first passage containing ``evidence``, or None."""
    for rank, passage in enumerate(passages, 1):
        if contains_evidence(passage.text, evidence):
            return rank
    return None


def evaluate(system: QASystem, questions: Iterable[Question], source: str = "") -> EvalReport:
    """Ask and search every question; score both.

    Retrieval uses the question alone (no history).  One untimed search first warms up
    the embedder, so latencies are those of a running bot.
    """
    questions = list(questions)
    ask = getattr(system, "ask", None)
    if questions:
        system.search(questions[0].q, k=RETRIEVAL_K)
    results = []
    for question in questions:
        answer, failures, ask_ms = None, ["no ask()"], None
        if ask is not None:
            started = time.perf_counter()
            answer = ask(question.q, list(question.history))
            ask_ms = (time.perf_counter() - started) * 1000
            failures = answer_failures(question, answer)
        started = time.perf_counter()
        passages = system.search(question.q, k=RETRIEVAL_K)
        search_ms = (time.perf_counter() - started) * 1000
        rank = evidence_rank(passages, question.evidence) if question.evidence else None
        results.append(QuestionResult(question, answer, tuple(failures), rank, ask_ms, search_ms))
    return EvalReport(results, ask_available=ask is not None, source=source)


# ----------------------------------------------------------------- helpers
def percentile(values: Sequence[float], quantile: float) -> float | None:
    """Nearest-rank percentile (no interpolation), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(quantile * len(ordered))) - 1]


def cache_root() -> Path:
    """Where built artefacts of other corpora go: :func:`qa.settings.cache_dir`."""
    from qa.settings import cache_dir

    return cache_dir()


def corpus_index_dir(corpus: str | Path, default_documents: Path, default_index_dir: Path) -> Path:
    """Where the index of ``corpus`` lives: the default index for the default corpus, else under :func:`cache_root`.

    One folder per corpus, named after it and a hash of its absolute path, so two corpora
    never share an index.
    """
    from qa.retrieval.building import corpus_fingerprint

    corpus = Path(corpus).expanduser().resolve()
    if Path(default_documents).exists() and corpus_fingerprint([corpus]) == corpus_fingerprint([default_documents]):
        return Path(default_index_dir)
    digest = hashlib.sha256(str(corpus).encode("utf-8")).hexdigest()[:10]
    return cache_root() / f"index-{corpus.stem}-{digest}"


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"
