"""A listed company's tables: figures with %, a totals row, indicators as rows, shorthand names.

What used to break, over an annual report summary: "哪些产品线毛利率超过30%" found no number
column (29.62% was no number), a bound would have listed the 合计 row; "激光加工装备的毛利率是多少"
could not choose between 毛利率 and 毛利率比上年增减; "第四季度营收是多少" found no row, because
the row is 营业收入 and jieba read 营收 as two characters; "股东里有几个是自然人" matched no value
(the cells say 境内自然人).
"""
import pytest

from tests.conftest import bot_over_text

DOCUMENT = """# 示例精密股份有限公司2023年年度报告摘要

## 二、主营业务分析

（1）主营业务分产品情况

单位：万元　币种：人民币

| 分产品 | 营业收入 | 毛利率 | 毛利率比上年增减 |
|---|---|---|---|
| 精密数控机床 | 61,254.38 | 29.62% | 减少1.35个百分点 |
| 精密减速器 | 38,716.25 | 34.42% | 增加2.06个百分点 |
| 激光加工装备 | 27,403.96 | 23.84% | 减少3.27个百分点 |
| 核心功能部件 | 14,862.07 | 39.34% | 增加1.58个百分点 |
| 合计 | 142,236.66 | 31.20% | 增加0.04个百分点 |

## 三、分季度数据

| 项目 | 第一季度 | 第四季度 |
|---|---|---|
| 营业收入 | 298,416,705.23 | 461,350,628.95 |
| 净利润 | 31,207,418.35 | 51,567,450.76 |

## 四、股东情况

| 股东名称 | 股东性质 | 持股比例 |
|---|---|---|
| 示例控股集团有限公司 | 境内非国有法人 | 35.20% |
| 沈立衡 | 境内自然人 | 8.40% |
| 香港中央结算有限公司 | 境外法人 | 2.48% |
| 周蔚然 | 境内自然人 | 2.00% |
| 杭州衡远投资合伙企业 | 境内非国有法人 | 5.10% |
| 示例国资运营有限公司 | 境内非国有法人 | 3.90% |
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return bot_over_text(DOCUMENT, tmp_path_factory, "company.md")


def test_percentages_are_numbers_and_the_totals_row_is_no_row(bot):
    answer = bot.ask("哪些产品毛利率超过30%？")
    assert answer.route == "table" and "共 2 个" in answer.text
    assert "精密减速器（34.42%）" in answer.text and "核心功能部件（39.34%）" in answer.text
    assert "合计" not in answer.text and "精密数控机床" not in answer.text


def test_the_column_the_question_names_best_is_the_one_read(bot):
    answer = bot.ask("激光加工装备的毛利率是多少？")
    assert answer.route == "table" and answer.text.startswith("激光加工装备的毛利率：23.84%。")


def test_a_shorthand_names_the_row_and_the_unit_line_stays_with_it(bot):
    assert "营业收入" in bot.chain.lexicon.full_forms("营收")
    answer = bot.ask("第四季度营收是多少？")
    assert answer.route == "table" and "461,350,628.95" in answer.text


def test_a_question_word_inside_the_cells_filters_the_rows(bot):
    answer = bot.ask("股东里有几个是自然人？")
    assert answer.route == "table" and "共 2 个" in answer.text
    assert "沈立衡" in answer.text and "周蔚然" in answer.text and "香港" not in answer.text


def test_a_longer_form_of_a_header_word_and_the_bound_unit(bot):
    # 产品线 is 产品 (the header 分产品) and one character more: it adds no condition of its own
    answer = bot.ask("分产品看，哪些产品线毛利率超过30%？")
    assert answer.route == "table" and "毛利率超过30%的共 2 个" in answer.text
    assert "精密减速器（34.42%）" in answer.text and "核心功能部件（39.34%）" in answer.text
    assert "精密数控机床" not in answer.text


def test_the_askers_rank_of_the_rows_does_not_keep_a_count_from_its_table(bot):
    # 前十大 is the asker's rank of the rows, a word the document never writes: no condition
    answer = bot.ask("前十大股东里有几个是自然人？分别是谁？")
    assert answer.route == "table" and "共 2 个" in answer.text
    assert "沈立衡" in answer.text and "周蔚然" in answer.text
    # a word the document uses elsewhere, and the table does not hold, still sends the question on
    assert bot.ask("哪些股东的营业收入超过30%？").route != "table"


def test_a_numbered_paragraph_is_headed_by_its_label_not_its_whole_sentence():
    """"2、重大风险提示：公司已在本报告中详细描述可能存在的风险因素…" was a heading titled with its whole
    first sentence, which then matched "what are the risk factors" better than 五、风险因素 did."""
    from qa.documents.structure import lead_sentence
    assert lead_sentence("2、重大风险提示：公司已在本报告中详细描述可能存在的风险因素，敬请查阅。") == "2、重大风险提示"
    assert lead_sentence("1.北美洲集群创新力领先。在报告列出的集群中：…") == "1.北美洲集群创新力领先"


def test_a_firm_is_found_by_its_name_in_pinyin(bot):
    # 示例 (shi li) starts the title and the firms' names: "Shili" is that firm in pinyin
    assert bot.chain.lexicon.pinyin_name("Shili") == "示例"
    company = next(t for t in bot.chain.lexicon.terms("Who holds the largest stake in the company?") if t.text == "company")
    assert {"企业", "公司"} <= set(company.forms)   # the glossary's 企业, and 公司, which this document writes


BY_YEAR = """# 示例精密股份有限公司2023年年度报告摘要

## 一、主要会计数据

1、近3年的主要会计数据和财务指标（单位：元　币种：人民币）

| 项目 | 2023年 | 2022年 | 本年比上年增减 | 2021年 |
|---|---|---|---|---|
| 营业收入 | 1,482,369,547.21 | 1,315,204,118.56 | 12.71% | 1,128,450,906.33 |
| 归属于上市公司股东的净利润 | 168,524,307.62 | 152,316,840.95 | 10.64% | 131,207,655.48 |

## 二、园区

| 园区名称 | 规划面积（平方公里） | 2023年工业总产值（亿元） |
|---|---|---|
| 西塘智能家居园 | 1.9 | 95 |
"""


@pytest.fixture(scope="module")
def by_year(tmp_path_factory):
    return bot_over_text(BY_YEAR, tmp_path_factory, "by-year.md")


def test_a_measure_of_a_year_is_read_from_a_table_of_measures_by_year(by_year):
    # the measure is the row's label, the year a column: what used to be declined for want of a
    # header naming 净利润
    answer = by_year.ask("2021年归属于上市公司股东的净利润是多少？")
    assert answer.answered and "131,207,655.48" in answer.text


def test_a_measure_no_column_gives_is_still_declined(by_year):
    assert not by_year.ask("西塘智能家居园2023年交了多少税？").answered
