"""Questions the report does not answer are declined even when one word or year matches.

What broke: "2025年全球先进制造业集群的数量会是多少？" was answered with a 2025 investment
plan (only the year matched); "What is the capital of France?" and "Who founded Silicon
Valley?" were answered from any sentence naming France / Silicon Valley (English words with
no rendering were dropped, so one name covered the whole question); markup such as
``<img src=x onerror=alert(1)>`` was answered because its stray ``1`` matched a passage.
"""
import pytest

from qa.answering.chain import AnswerChain

pytestmark = pytest.mark.report

DECLINED = [
    # from the brief / held-out set (regressions)
    "2025年全球先进制造业集群的数量会是多少？",
    "What is the capital of France?",
    "<img src=x onerror=alert(1)>",
    "Who founded Silicon Valley?",
    # our own questions of the same kinds
    "2030年全球先进制造业集群的产值会是多少？",
    "2024年欧洲集群的数量将达到多少？",
    "2026年硅谷独角兽企业会有多少家？",
    "What is the capital of Germany?",
    "Who invented the transistor?",
    "Who is the mayor of Seattle?",
    "Who is the president of the European Commission?",
    "<script>alert(2)</script>",
]


@pytest.fixture(scope="module")
def passage_chain(report_bot):
    return AnswerChain(report_bot.index, report_bot.settings)


@pytest.mark.parametrize("question", DECLINED)
def test_declined(passage_chain, question):
    answer = passage_chain.ask(question)
    assert not answer.answered and answer.route == "none", answer.text


@pytest.mark.parametrize("question", [
    "英国计划在2025年前投资多少在两个产业集群部署碳捕集项目？",  # the year and the measure both match
    "How much did Hamburg's GDP grow in 2022?",
])
def test_same_kinds_still_answered(passage_chain, question):
    assert passage_chain.ask(question).answered
