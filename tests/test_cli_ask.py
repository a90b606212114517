"""``python -m qa ask`` and ``python -m qa chat``: answers with numbered sources, errors without tracebacks."""
import io
import json
import subprocess
import sys

import pytest

from qa.cli import main
from qa.settings import Settings


@pytest.fixture
def index_dir(small_corpus, tmp_path, fake_embedder, monkeypatch):
    from qa import ReportQA

    folder = tmp_path / "index"
    ReportQA.build([small_corpus], folder, settings=Settings(embedder="fake"), progress=False)
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    monkeypatch.setenv("CLUSTERQA_DOCUMENTS", str(small_corpus))
    return folder


def run(argv, stdin=""):
    out = io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(["--index", str(argv[0]), "--quiet", *argv[1:]], out=out)
    finally:
        sys.stdin = old
    return code, out.getvalue()


def test_ask_prints_the_answer_then_numbered_sources(index_dir):
    code, text = run([index_dir, "ask", "示例谷风险投资总额是多少？"])
    assert code == 0
    answer, sources = text.split("Sources:")
    assert "441" in answer and "[1]" in answer
    assert sources.strip().startswith("[1] small.txt — 第一章")


def test_ask_json(index_dir):
    code, text = run([index_dir, "ask", "示例谷风险投资总额是多少？", "--json"])
    data = json.loads(text)
    assert code == 0 and data["answered"] is True and data["route"] == "passage" and data["citations"]


def test_ask_with_history(index_dir):
    code, text = run([index_dir, "ask", "2019 年呢？", "--history", "2021 年示例谷风险投资总额是多少？", "--json"])
    assert code == 0 and json.loads(text)["answered"] is False


def test_empty_question_is_a_clear_error(index_dir, capsys):
    code, _ = run([index_dir, "ask", "   "])
    assert code == 2 and "empty" in capsys.readouterr().err


def test_chat_keeps_history_and_clears_it(index_dir):
    script = "2021 年示例谷风险投资总额是多少？\n2019 年呢？\n/clear\n   \n2019 年呢？\n/quit\n"
    code, text = run([index_dir, "chat"], stdin=script)
    assert code == 0 and "441" in text and "(conversation cleared)" in text
    assert text.count("报告中没有") == 2  # 2019 resolved against history, then alone after /clear
    assert "Traceback" not in text


def test_chat_ends_on_end_of_input(index_dir):
    code, text = run([index_dir, "chat"], stdin="示例谷风险投资总额是多少？\n")
    assert code == 0 and "441" in text


def test_missing_index_is_reported_without_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "qa", "--index", str(tmp_path / "none"), "ask", "x"],
                            capture_output=True, text=True, env={"CLUSTERQA_DOCUMENTS": str(tmp_path / "nothing"),
                                                                 "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"},
                            timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
