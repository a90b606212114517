"""Questions asked of the wrong corpus must be declined: prints the two shares.

    python bench/declines.py --cmrc-questions Q.jsonl --cmrc-corpus CMRC.md --report-questions A.jsonl [B.jsonl …]

1. ``--n-cmrc`` (200) questions of the CMRC question file asked of the report (the default
   corpus and index): the share declined (``answered`` is False).
2. ``--n-report`` (100) report questions of the ``--report-questions`` files (every kind but
   ``unanswerable``; a follow-up is asked with its history) asked of the CMRC corpus: the share declined.

The question files are in the eval format (``python -m qa eval``); e.g. the CMRC slices made
with ``make_corpus.py`` and the report's dev sets.  Every ``ask`` goes through ``ReportQA.ask``.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from qa import ReportQA  # noqa: E402
from qa.evaluate import corpus_index_dir, load_questions  # noqa: E402
from qa.settings import settings_from_env  # noqa: E402


def declined_share(bot: ReportQA, questions) -> tuple[float, list[str]]:
    answered = []
    for question in questions:
        answer = bot.ask(question.q, list(question.history))
        if answer.answered:
            answered.append(f"{question.id}: {question.q} -> {answer.text[:80]}")
    return 1 - len(answered) / max(len(questions), 1), answered


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmrc-questions", type=Path, required=True)
    parser.add_argument("--cmrc-corpus", type=Path, required=True)
    parser.add_argument("--report-questions", type=Path, nargs="+", required=True)
    parser.add_argument("--n-cmrc", type=int, default=200)
    parser.add_argument("--n-report", type=int, default=100)
    parser.add_argument("--show", action="store_true", help="list the questions that were answered")
    args = parser.parse_args(argv)

    settings = settings_from_env()
    report = ReportQA.load(ROOT / "index", documents=ROOT / "documents", progress=False)
    cmrc_questions = load_questions(args.cmrc_questions)[:args.n_cmrc]
    cmrc = ReportQA.load(corpus_index_dir(args.cmrc_corpus, settings.documents, settings.index_dir),
                         documents=args.cmrc_corpus, progress=False)
    report_questions = [q for path in args.report_questions for q in load_questions(path)
                        if q.kind != "unanswerable"][:args.n_report]

    share, wrong = declined_share(report, cmrc_questions)
    print(f"CMRC questions asked of the report: {share:.3f} declined ({len(cmrc_questions) - len(wrong)}"
          f"/{len(cmrc_questions)})")
    if args.show:
        print("\n".join("  " + w for w in wrong))
    share, wrong = declined_share(cmrc, report_questions)
    print(f"report questions asked of {args.cmrc_corpus.name}: {share:.3f} declined "
          f"({len(report_questions) - len(wrong)}/{len(report_questions)})")
    if args.show:
        print("\n".join("  " + w for w in wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
