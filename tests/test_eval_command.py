"""``python -m qa eval``: the report it prints, its last line, and ``--corpus`` indexes elsewhere."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from qa.cli import main

SMOKE = Path(__file__).parent / "eval" / "smoke.jsonl"
SCORE_LINE = re.compile(r"^score: (\d+)/(\d+) answers, (\d\.\d\d|n/a) recall@5, p50 ask (\d+|n/a) ms$")

SMALL_QUESTIONS = [
    {"id": "t1", "kind": "factoid", "q": "示例谷风险投资总额是多少？", "answer_any": ["441"], "evidence": "441 亿美元"},
    {"id": "t2", "kind": "narrative", "q": "先进制造业集群的定义", "answer_any": ["网络化"], "evidence": "网络化产业组织形态"},
    {"id": "t3", "kind": "unanswerable", "q": "示例谷有多少员工？"},
]


def run(argv: list[str]) -> list[str]:
    out = io.StringIO()
    assert main(argv, out=out) == 0
    return out.getvalue().splitlines()


@pytest.fixture
def small_questions(tmp_path) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in SMALL_QUESTIONS) + "\n", encoding="utf-8")
    return path


def test_eval_on_a_corpus_of_our_own_ends_with_the_score_line(small_corpus, small_questions, tmp_path,
                                                             fake_embedder, monkeypatch):
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    index_dir = tmp_path / "index"
    lines = run(["--quiet", "eval", str(small_questions), "--corpus", str(small_corpus), "--index", str(index_dir)])
    assert SCORE_LINE.match(lines[-1]), lines[-1]
    assert (index_dir / "CURRENT").exists()  # the corpus got its own index, not ./index
    assert any(line.startswith("retrieval: evidence in top 5 for") for line in lines)


def test_eval_json_report_has_every_question(small_corpus, small_questions, tmp_path, fake_embedder, monkeypatch):
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    monkeypatch.setenv("CLUSTERQA_CACHE", str(tmp_path / "cache"))
    report = json.loads("\n".join(run(["--quiet", "eval", str(small_questions), "--json", "--corpus", str(small_corpus)])))
    assert [r["id"] for r in report["results"]] == ["t1", "t2", "t3"]
    assert report["retrieval"]["with_evidence"] == 2
    assert SCORE_LINE.match(report["score"])
    assert list((tmp_path / "cache").glob("index-docs-*/CURRENT"))  # default: a cache folder per corpus


def test_a_bad_question_line_names_the_line_and_the_allowed_kinds(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "kind": "trivia", "q": "?"}\n', encoding="utf-8")
    assert main(["eval", str(path)], out=io.StringIO()) == 2
    error = capsys.readouterr().err
    assert "bad.jsonl:1" in error and "factoid" in error


@pytest.mark.report
def test_smoke_questions_on_the_report():
    """CI's smoke run: our own questions (not the shared dev set) against the real report."""
    lines = run(["--quiet", "eval", str(SMOKE)])
    match = SCORE_LINE.match(lines[-1])
    assert match, lines[-1]
    assert match.group(2) == "6"
    assert match.group(3) == "1.00"  # every evidence string is in the top 5 passages
