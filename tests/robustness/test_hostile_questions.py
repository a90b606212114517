"""Questions people actually paste: empty, huge, control characters, emoji, full-width, HTML.

Each gets a clear message or an answer (never an exception other than EmptyQuestionError),
fast, from the real report.
"""
import time

import pytest

from qa.errors import EmptyQuestionError

pytestmark = pytest.mark.report


@pytest.mark.parametrize("question", ["", "   ", "\n\t\u3000", "\x00\x00"])
def test_empty_questions_get_a_clear_message(report_bot, question):
    with pytest.raises(EmptyQuestionError, match="empty"):
        report_bot.ask(question)


def test_a_100k_character_question_is_cut_fast_with_a_notice(report_bot):
    question = "日本有多少个集群？" + "啊" * 100_000
    started = time.perf_counter()
    answer = report_bot.ask(question)
    assert time.perf_counter() - started < 5
    assert answer.notice  # says the question was shortened
    assert len(answer.question) <= report_bot.settings.max_question_chars


@pytest.mark.parametrize("question", [
    "日本有多少个集群？\x00\x07\x1b[31m",
    "日本有多少个集群？😀🚀",
    "日本有多少个集群？",          # full-width question mark only
    "ｈｏｗ ｍａｎｙ ｃｌｕｓｔｅｒｓ ｄｏｅｓ Ｊａｐａｎ ｈａｖｅ？",  # full-width Latin
    "How many 集群 does 日本 have?",
])
def test_odd_characters_still_get_the_answer(report_bot, question):
    answer = report_bot.ask(question)
    assert answer.answered and "11" in answer.text
    assert "\x00" not in answer.text and "\x1b" not in answer.text


def test_html_in_a_question_never_comes_back_as_markup(report_bot):
    answer = report_bot.ask('<script>alert(1)</script>日本有多少个集群？<img src=x onerror=alert(1)>')
    assert "<script" not in answer.text and "onerror" not in answer.text


def test_api_answers_are_the_same_from_eight_threads(report_bot):
    from concurrent.futures import ThreadPoolExecutor

    questions = ["日本有多少个集群？", "2021年北京和上海的风险投资总额分别是多少？", "意大利有哪些集群？",
                 "先进制造业集群的定义是什么？", "台积电2023年的营收是多少？"] * 4
    sequential = [report_bot.ask(q).to_dict() for q in questions]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda q: report_bot.ask(q).to_dict(), questions))
    assert concurrent == sequential
