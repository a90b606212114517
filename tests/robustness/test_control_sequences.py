"""Control sequences are removed whole from questions, and escaped in terminal output.

Used to break: ``\\x1b[31m`` in a question lost only its ESC byte, leaving ``[31m`` behind,
and a normal question then declined; file names holding ESC or CR reached the terminal raw
in CLI output.
"""
import io
import json

import pytest

from qa import ReportQA
from qa.answering.questions import clean_question
from qa.cli import main
from qa.settings import Settings
from qa.text import terminal_safe

QUESTION = "示例谷风险投资总额是多少？"


@pytest.mark.parametrize("dressed", [
    f"\x1b[31m{QUESTION}\x1b[0m",
    f"\x1b[1;38;5;196m示例谷\x1b[0m风险投资总额是多少？",
    f"\x1b]0;a window title\x07{QUESTION}",
    f"\x1b]8;;http://evil.example\x1b\\{QUESTION}\x1b]8;;\x1b\\",
    f"\x9b31m{QUESTION}",
    f"{QUESTION}\x1b[2J\x1b[H",
    f"\x1bP1$r0m\x1b\\{QUESTION}",
])
def test_control_sequences_leave_no_trace(dressed):
    assert clean_question(dressed, 2000) == (QUESTION, "")


def test_a_coloured_question_is_answered_like_the_plain_one(small_corpus, tmp_path, fake_embedder):
    bot = ReportQA.build([small_corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)
    plain = bot.ask(QUESTION)
    assert plain.answered
    assert bot.ask(f"\x1b[31m{QUESTION}\x1b[0m").to_dict() == plain.to_dict()


def test_terminal_safe_escapes_what_a_terminal_would_act_on():
    assert terminal_safe("a\x1b[31mb\rc\u202ed\x9be\tf") == "a\\x1b[31mb\\x0dc\\u202ed\\x9be\tf"
    assert terminal_safe("one\ntwo", keep_newlines=True) == "one\ntwo"
    text = json.dumps({"source": "x\x9b\u202e.txt"}, ensure_ascii=False)
    assert json.loads(terminal_safe(text, json_escapes=True)) == {"source": "x\x9b\u202e.txt"}


def test_file_names_with_esc_and_cr_are_escaped_in_cli_output(small_corpus, tmp_path, fake_embedder, monkeypatch,
                                                                 capsys):
    hostile = small_corpus / "small.txt"
    hostile.rename(small_corpus / "re\x1b[31mport\r.txt")
    (small_corpus / "bad\x1b]0;pwned\x07.pdf").write_bytes(b"not a pdf")
    monkeypatch.setenv("CLUSTERQA_EMBEDDER", "fake")
    monkeypatch.setenv("CLUSTERQA_DOCUMENTS", str(small_corpus))
    outputs = []
    for command in (["build", str(small_corpus)], ["ask", QUESTION], ["search", "风险投资"], ["status"],
                    ["ask", QUESTION, "--json"]):
        out = io.StringIO()
        assert main(["--index", str(tmp_path / "index"), "--quiet", *command], out=out) == 0
        outputs.append(out.getvalue() + capsys.readouterr().err)
    for text in outputs:
        assert "\x1b" not in text and "\r" not in text and "\x07" not in text
    assert "re\\u001b[31mport\\u000d.txt" in outputs[1]
    answer = json.loads(outputs[-1])
    assert answer["citations"][0]["source"] == "re\x1b[31mport\r.txt"  # JSON keeps the real name
