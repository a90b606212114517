"""Which language a question is in: it decides how it is read and the language of its answer.

What used to break: a Chinese name in an English question counted character by character, so
"How many staff does 甲江汽车集团有限公司 have?" was Chinese (ten characters against twenty letters):
"staff" was not translated and the refusal came in Chinese.
"""
import pytest

from qa.text import is_chinese


@pytest.mark.parametrize("question", [
    "How many staff does 甲江汽车集团有限公司 have?", "Who is the chairman of 鹭江汽车集团?",
    "What is 硅谷's GDP?", "What does 中华基督教会公理高中书院 teach?", "How big is Silicon Valley?",
])
def test_english_questions_with_chinese_names_are_english(question):
    assert not is_chinese(question)


@pytest.mark.parametrize("question", [
    "2021年北京和上海的风险投资总额分别是多少？", "欧洲的NEV渗透率是多少", "Tesla Model 3在上海的销量",
    "硅谷的GDP是多少", "AI芯片有哪些", "苹果公司2022年的市值",
])
def test_chinese_questions_with_english_words_are_chinese(question):
    assert is_chinese(question)
