"""The default answerer quotes the sentence that answers, by question type, and cites it.

What it replaced showed the top passage as the answer: long, often about something else.
Invariants checked here: every answered question is cited, every quoted segment is inside
the passage it cites, factoid answers fit 200 characters and narrative ones 800.
"""
import re

import pytest

from qa.answering.chain import AnswerChain
from qa.answering.verify import quoted_in_citation, split_segments

CORPUS = """示例报告

第一章 集群概况

先进制造业集群是指在一定区域范围内集聚的网络化产业组织形态。它是产业分工深化的高级形式。

一、总体情况

2021 年示例谷风险投资总额为 441 亿美元，占比 16%。示例谷共有 37 家独角兽企业，数量居全国第一。示例谷的企业多集中在电子信息领域。

表 1-2 示例关键词频次

关键词	频次
集聚	12
创新	30
升级	7

资料来源：示例

二、区域分布

北美洲的集群以美国为主。欧洲的集群以德国为核心，制造业占 GDP 的比重保持在 20%-23% 之间。

三、政策特点

各地政府重视集群政策。充分发挥政府作用。政府统一规划集群发展，设立专项资金支持集群。重视产业链升级。集群通过保持供应链稳定嵌入全球价值链。加强产学研合作。高校与企业共建实验室。

第二章 发展趋势

本部分总结了集群发展的三大趋势。

一、数字技术改变协作形态

数字技术使集群协作更加网络化，效率得到更大提升。

二、低碳集群加快建设

各国积极探索建设低碳集群。

三、文化作用得到重视

文化是集群的灵魂，各国重视集群品牌建设。
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    from tests.conftest import chain_over_text

    return chain_over_text(CORPUS, tmp_path_factory)


def assert_well_cited(answer, budget):
    assert answer.answered and answer.citations and answer.route == "passage"
    body = re.sub(r"\[\d+\]", "", answer.text)
    assert len(body) <= budget
    for segment in split_segments(answer.text):
        if segment.markers:
            lines = [l for l in segment.text.split("\n") if l.strip()]
            quoted = lines[-1]
            assert any(quoted_in_citation(quoted, answer.citations[m - 1]) for m in segment.markers), quoted


def test_how_many_gets_the_sentence_with_the_figure(chain):
    answer = chain.ask("示例谷有多少家独角兽企业？")
    assert "37家" in answer.text
    assert_well_cited(answer, 200)


def test_percentage_question_gets_the_percentage(chain):
    answer = chain.ask("制造业占GDP的比重保持在什么区间？")
    assert "20%-23%" in answer.text
    assert_well_cited(answer, 200)


def test_definition_question_gets_the_definition(chain):
    answer = chain.ask("先进制造业集群的定义是什么？")
    assert answer.text.startswith("先进制造业集群是指")
    assert_well_cited(answer, 200)


def test_list_question_over_a_chapter_answers_with_its_headings(chain):
    answer = chain.ask("报告总结了哪三大趋势？")
    for heading in ("数字技术改变协作形态", "低碳集群加快建设", "文化作用得到重视"):
        assert heading in answer.text
    assert len(answer.citations) == 3
    assert_well_cited(answer, 800)


def test_list_question_over_a_section_answers_with_its_lead_sentences(chain):
    answer = chain.ask("政策有哪些特点？")
    for lead in ("充分发挥政府作用", "重视产业链升级", "加强产学研合作"):
        assert lead in answer.text
    assert_well_cited(answer, 800)


def test_highest_value_of_a_named_table_column(chain):
    answer = chain.ask("示例关键词中频次最高的是哪个？")
    assert "创新" in answer.text and "30" in answer.text and answer.citations[0].kind == "table_row"
    lowest = chain.ask("示例关键词中频次最低的是哪个？")
    assert "升级" in lowest.text


def test_english_question_is_answered_in_the_report_words(chain):
    answer = chain.ask("How many unicorn companies does 示例谷 have?")
    assert answer.text.startswith("According to the report") and "37" in answer.text
    assert_well_cited(answer, 230)


REPORT_CASES = [
    ("2022年硅谷独角兽企业有多少家？", ["101"], 200),
    ("中小企业占欧盟企业的比例是多少？", ["99%"], 200),
    ("2009-2019年全球经济年平均增速是多少？", ["3.2%"], 200),
    ("欧洲有影响力的集群中消费品类集群有多少个？", ["9 个", "9个"], 200),
    ("先进制造业集群的定义是什么？", ["网络化产业组织形态"], 200),
    ("学术研究图景关注了哪几个方面？", ["空间集聚", "创新网络", "转型升级"], 800),
    ("报告总结了哪八大趋势？", ["数字技术蝶变", "低碳和近零碳集群", "文化"], 800),
    ("亚洲的集群政策有哪些特点？", ["充分发挥政府作用"], 800),
    ("欧洲如何扶持中小企业发展？", ["中小企业"], 800),
    ("What share of EU enterprises are SMEs?", ["99%"], 230),
]


@pytest.mark.report
@pytest.mark.parametrize("question, expected, budget", REPORT_CASES)
def test_report_answers(report_bot, question, expected, budget):
    chain = AnswerChain(report_bot.index, report_bot.settings)  # passages only: no table engine
    answer = chain.ask(question)
    if len(expected) == 1 or budget == 200:
        assert any(e in answer.text for e in expected), answer.text
    else:
        assert all(e in answer.text for e in expected), answer.text
    assert_well_cited(answer, budget)
