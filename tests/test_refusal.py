"""Honest refusals: when the report does not answer, ``answered`` is False and the text says so.

A plain pipeline never declines: asked for a company's revenue it shows the passage that
names the company.  The signals here are general (a measure or name the corpus never
uses, a name or year missing from the best passage, too little of the question covered, a
how-many question with no figure), calibrated on the questions below, not on the dev set.
"""
import pytest

from qa.answering.chain import AnswerChain

ANSWERABLE = [
    "2022年硅谷独角兽企业有多少家？",
    "2021年硅谷整体风险投资总额是多少？",
    "2022年欧洲新能源汽车渗透率是多少？",
    "挪威的新能源汽车渗透率达到多少？",
    "本报告选取了多少个典型集群作为样本？",
    "中小企业占欧盟企业的比例是多少？",
    "2009-2019年全球经济年平均增速是多少？",
    "2023年中国有多少家企业进入世界500强？",
    "加拿大国家量子战略投入多少资金？",
    "北美洲有影响力的集群中生物医药相关集群有几个？",
    "欧洲有影响力的集群中消费品类集群有多少个？",
    "韩国形成了几个先进制造产业集群？",
    "2022年中国新能源汽车市场占有率是多少？",
    "自有品牌占欧洲主要市场总销售额的比例是多少？",
    "文化在集群发展中有什么作用？",
    "北美洲集群政策有哪些特点？",
    "欧洲如何扶持中小企业发展？",
    "先进制造业集群为什么是有效的组织生态？",
    "硅谷2022年的专利数量是多少？",
    "How many unicorn companies did Silicon Valley have in 2022?",
    "What is the new energy vehicle penetration rate in Norway?",
    "What share of EU enterprises are SMEs?",
    "What was the average annual growth of the world economy in 2020-2022?",
    "How did the EU promote small and medium enterprises?",
    "What trends does the report identify?",
]

UNANSWERABLE = [
    "苹果公司2022年的市值是多少？",
    "墨尔本生物医药集群有哪些龙头企业？",
    "2019年欧洲新能源汽车渗透率是多少？",
    "特斯拉的首席执行官是谁？",
    "德国的人口有多少？",
    "今天北京的天气怎么样？",
    "如何做红烧肉？",
    "华为2022年的营业收入是多少？",
    "硅谷有多少名工程师？",
    "日本2023年的失业率是多少？",
    "富士康在印度有几家工厂？",
    "报告中提到的非洲集群有哪些龙头企业？",
    "波士顿生物技术产业集群的员工人数是多少？",
    "2030年全球新能源汽车销量预计是多少？",
    "比亚迪的股价是多少？",
    "What is the population of Tokyo?",
    "What was Tesla's revenue in 2022?",
    "How many employees does Boeing have?",
    "Who is the CEO of TSMC?",
    "What is the inflation rate in Germany?",
    "Which football team won the 2022 World Cup?",
    "What is the average salary of engineers in Silicon Valley?",
    "How many clusters does the report list in Africa's Egypt?",
]


@pytest.fixture(scope="module")
def passage_chain(report_bot):
    return AnswerChain(report_bot.index, report_bot.settings)  # the passage answerer alone


@pytest.mark.report
@pytest.mark.parametrize("question", ANSWERABLE)
def test_answerable_questions_are_answered(passage_chain, question):
    answer = passage_chain.ask(question)
    assert answer.answered and answer.citations, answer.text


@pytest.mark.report
@pytest.mark.parametrize("question", UNANSWERABLE)
def test_unanswerable_questions_are_declined(passage_chain, question):
    answer = passage_chain.ask(question)
    assert not answer.answered and answer.route == "none", answer.text
    if any("\u4e00" <= ch <= "\u9fff" for ch in question):
        assert answer.text.startswith("报告中没有")
    else:
        assert answer.text.startswith("The report does not")


@pytest.mark.report
def test_refusal_points_to_the_years_the_report_has(passage_chain):
    answer = passage_chain.ask("2019年欧洲新能源汽车渗透率是多少？")
    assert "其他年份" in answer.text and "2022" in answer.text and answer.citations


@pytest.fixture(scope="module")
def small_chain(tmp_path_factory):
    from tests.conftest import SMALL_REPORT, chain_over_text

    return chain_over_text(SMALL_REPORT, tmp_path_factory)


def test_refusal_in_chinese(small_chain):
    answer = small_chain.ask("示例谷的失业率是多少？")
    assert not answer.answered and answer.text.startswith("报告中没有") and answer.route == "none"


def test_refusal_in_english(small_chain):
    answer = small_chain.ask("What is the unemployment rate of 示例谷?")
    assert not answer.answered and answer.text.startswith("The report does not")


def test_year_the_report_has_no_figure_for(small_chain):
    assert not small_chain.ask("2019 年示例谷风险投资总额是多少？").answered
    assert small_chain.ask("2021 年示例谷风险投资总额是多少？").answered


def test_off_topic_question(small_chain):
    assert not small_chain.ask("如何做红烧肉？").answered
    assert not small_chain.ask("Which football team won the World Cup?").answered
