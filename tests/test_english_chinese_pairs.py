"""English and Chinese versions of the same question get the same answer.

English words outside the old glossary ("unicorn start-ups", "home to", "revenue ... grown",
"founded") used to make the English question unanswerable while its Chinese twin was answered.
"""
import pytest

pytestmark = pytest.mark.report

PAIRS = [
    ("What share of new car sales in Norway are new-energy vehicles?", "挪威的新能源汽车渗透率有多高？", "88.5%"),
    ("How many unicorn start-ups was Silicon Valley home to in 2022?", "2022年硅谷一共有几家独角兽？", "101"),
    ("By how much has the revenue of China's electronic information manufacturing grown over the last ten years?",
     "近十年我国电子信息制造业的营收涨了多少？", "120%"),
    ("How much in loans did the Korean government provide under its semiconductor industry promotion plan?",
     "半导体工业振兴计划里韩国政府放了多少贷款？", "3.46"),
    ("In what year was Hermès founded?", "爱马仕是哪一年创立的？", "1837"),
]


@pytest.mark.parametrize("english, chinese, figure", PAIRS, ids=[p[2] for p in PAIRS])
def test_same_answer_in_both_languages(report_bot, english, chinese, figure):
    en, zh = report_bot.ask(english), report_bot.ask(chinese)
    assert en.answered and zh.answered, (en.text, zh.text)
    assert figure in en.text.replace(" ", "") and figure in zh.text.replace(" ", "")
    assert en.citations[0].id == zh.citations[0].id
