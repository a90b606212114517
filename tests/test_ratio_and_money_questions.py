"""Ratio (比例 / 占比 / 比重) and money (多少资金) questions are answered from the sentence that states them.

What broke: "欧洲有多少比例的生物科技公司总部设在瑞士？" was declined because jieba reads
公司总部 as one rare word and the report writes 公司都将总部 (the compound's words apart);
"加拿大全球创新集群将获得多少资金？" was declined because the clause with the figure
(…；其全球创新集群…将获得 1400 万加元) names its subject only in the sentence's first clause;
"美国通用航空…" was declined because jieba glued 美国通用 into a name the report never writes.
"""
import pytest

from qa.answering.chain import AnswerChain
from qa.answering.questions import expected_unit

pytestmark = pytest.mark.report

CASES = [
    # from the brief / held-out set (regressions)
    ("欧洲有多少比例的生物科技公司总部设在瑞士？", "20%"),
    ("加拿大全球创新集群将获得多少资金用于开展活动？", "1400 万加元"),
    # our own questions of the same kinds
    ("德国汽车品牌在全球最具价值汽车品牌中的总价值占比是多少？", "31.35%"),
    ("美国通用航空出货量占全球总量的比例是多少？", "48%"),
    ("硅谷GDP占加州GDP的比重是多少？", "12.8%"),
    ("硅谷独角兽企业占美国总量的比例是多少？", "16%"),
    ("欧洲创新委员会基金向初创企业和中小型企业投资多少资金？", "1.78 亿欧元"),
    ("加拿大国家量子战略中用于基础及应用研究的资金是多少？", "1.41 亿美元"),
    ("美国2022财年预算案把基础研究经费增加至多少？", "94 亿美元"),
]


@pytest.fixture(scope="module")
def passage_chain(report_bot):
    return AnswerChain(report_bot.index, report_bot.settings)  # the passage answerer alone


@pytest.mark.parametrize("question,figure", CASES)
def test_figure_is_answered_within_budget(passage_chain, question, figure):
    answer = passage_chain.ask(question)
    body = answer.text.replace(" ", "")
    assert answer.answered and answer.citations, answer.text
    assert figure.replace(" ", "") in body
    assert len(answer.text) <= 200
    assert any(figure.replace(" ", "") in c.text.replace(" ", "") for c in answer.citations)


def test_clause_answer_keeps_its_subject(passage_chain):
    answer = passage_chain.ask("加拿大全球创新集群将获得多少资金用于开展活动？")
    assert "加拿大" in answer.text  # the whole sentence, not the bare 其… clause


def test_money_questions_expect_a_currency():
    assert expected_unit("加拿大国家量子战略投入多少资金？") == "money"
    assert expected_unit("该计划的资金是多少？") == "money"
    assert expected_unit("中小企业占欧盟企业的比例是多少？") == "%"
