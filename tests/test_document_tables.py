"""Any document's tables answer count, list, bound and lookup questions exactly.

What used to break: a user's Markdown table was only sentences to the reader, so "江北区有哪些
重点企业？" was declined and "output above 100亿元" quoted a sentence that merely pointed at the
table.  What could break: a question about something the table does not hold (a column it
lacks) answered from it anyway, or rows cited wrongly when answers are joined.
"""
import pytest

from tests.conftest import bot_over_text

from qa.tables.document_tables import DocumentTables, find_bound

DOCUMENT = """# 示例市产业报告

## 一、重点企业

全市重点企业情况见表1。

表1 2023年示例市重点企业情况

| 序号 | 企业名称 | 所在区 | 主要产品 | 2023年产值（亿元） | 员工人数 |
|---|---|---|---|---|---|
| 1 | 甲江汽车集团有限公司 | 临港新区 | 纯电动乘用车 | 486.3 | 12800 |
| 2 | 乙航新能源科技股份有限公司 | 高新区 | 动力电池 | 312.5 | 8650 |
| 3 | 丙星智能汽车有限公司 | 临港新区 | 智能网联汽车 | 98.7 | 5320 |
| 4 | 丁川客车股份有限公司 | 江北区 | 新能源客车 | 86.4 | 950 |
| 5 | 戊途汽车电子有限公司 | 高新区 | 车规级芯片 | 41.6 | 720 |

## 二、发展环境

示例市的营商环境持续优化，全年新增市场主体一万户。
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return bot_over_text(DOCUMENT, tmp_path_factory, "industry.md")


def test_the_table_is_read_with_its_name_column(bot):
    tables = DocumentTables(bot.index.passages).tables
    assert len(tables) == 1
    table = tables[0]
    assert table.name_column == "企业名称" and len(table.rows) == 5
    assert table.is_numeric("员工人数") and not table.is_numeric("所在区")


@pytest.mark.parametrize("question, expected", [
    ("高新区有几家重点企业？", ("共 2 家", "乙航新能源科技股份有限公司", "戊途汽车电子有限公司")),
    ("临港新区的重点企业有哪些", ("共 2 家", "甲江汽车集团有限公司", "丙星智能汽车有限公司")),
    ("哪些企业2023年产值超过100亿元？", ("共 2 家", "甲江汽车集团有限公司（486.3）", "乙航新能源科技股份有限公司（312.5）")),
])
def test_rows_are_counted_and_listed_by_a_value_or_a_bound(bot, question, expected):
    answer = bot.ask(question)
    assert answer.answered and answer.route == "table"
    for text in expected:
        assert text in answer.text
    assert len(answer.citations) == 2 and all(c.kind == "table_row" for c in answer.citations)


def test_an_english_bound_finds_its_column_by_the_dictionary(bot):
    answer = bot.ask("Which of the listed companies have fewer than 1,000 staff?")
    assert answer.answered and answer.route == "table"
    assert "丁川客车股份有限公司（950）" in answer.text and "戊途汽车电子有限公司（720）" in answer.text
    assert "甲江" not in answer.text


def test_one_cell_is_looked_up_by_a_short_name_with_the_rest_of_its_row(bot):
    answer = bot.ask("乙航新能源23年产值多少亿？")
    assert answer.answered and answer.route == "table"
    assert answer.text.startswith("乙航新能源科技股份有限公司的2023年产值（亿元）：312.5。")
    assert "动力电池" in answer.text and answer.citations[0].kind == "table_row"


def test_a_question_the_table_does_not_cover_goes_to_the_passages(bot):
    # the table has no profit column: its output column must not answer for it
    answer = bot.ask("哪些企业的净利润超过10亿元？")
    assert answer.route != "table"


def test_joined_parts_keep_every_row_of_a_range():
    from qa.answering.parts import join_answers
    from qa.records import Answer, Passage

    rows = [Passage(id=f"r{i}", text=f"行{i}", source="a.md", section="表1", page=None, score=0.0, kind="table_row")
            for i in range(4)]
    first = Answer(text="共 3 家：甲、乙、丙。[1]–[3]", answered=True, citations=tuple(rows[:3]), route="table")
    second = Answer(text="丁的产值：5。[1]", answered=True, citations=(rows[3],), route="table")
    joined = join_answers([first, second], 800, lambda text, i, share: text)
    assert "[1]–[3]" in joined.text and "[4]" in joined.text
    assert [c.id for c in joined.citations] == ["r0", "r1", "r2", "r3"]


@pytest.mark.parametrize("question, operator, value, unit", [
    ("产值超过100亿元的企业", ">", 100, "亿元"), ("fewer than 1,000 staff", "<", 1000, ""),
    ("员工50人以上的企业", "≥", 50, "人"), ("不少于3.5%", "≥", 3.5, "%"),
    ("营收过50亿的是哪几家", ">", 50, "亿"), ("2016年及以后成立的企业", "≥", 2016, "年"),
    ("产值不超过100亿元", "≤", 100, "亿元"), ("founded in 2016 or later", "≥", 2016, ""),
    ("产值不到10亿元", "<", 10, "亿元"),
])
def test_bounds_are_read(question, operator, value, unit):
    bound = find_bound(question)
    assert (bound.operator, bound.value, bound.unit) == (operator, value, unit)
    assert find_bound("产值是多少？") is None


def test_a_short_name_finds_its_row_and_the_askers_words_do_not_block_it(bot):
    # the name written short (丁川客车 of 丁川客车股份有限公司); 一行 ("the row") is the asker's word
    answer = bot.ask("丁川客车那一行的员工人数是多少？")
    assert answer.route == "table" and "丁川客车股份有限公司的员工人数：950。" in answer.text


def test_a_row_without_the_measure_asked_does_not_answer_a_quantity(bot):
    answer = bot.ask("甲江汽车集团有限公司去年交了多少税？")
    assert not answer.answered


def test_row_measures_reads_the_headers_of_the_figures():
    from qa.answering.answerability import row_measures
    from qa.answering.lexicon import CorpusLexicon
    from qa.records import Passage

    row = "表1 重点企业\n企业名称 | 所在区 | 2023年工业总产值（亿元）\n甲江汽车 | 临港新区 | 486.3"
    lexicon = CorpusLexicon([Passage(id="r", text=row, source="a.md", section="表1", page=None, score=0.0,
                                     kind="table_row")])
    assert row_measures(row, lexicon.terms("甲江汽车的年产值是多少？"))      # 年产值 is written apart: 2023年工业总产值
    assert not row_measures(row, lexicon.terms("甲江汽车的利润率是多少？"))
    assert not row_measures(row, lexicon.terms("临港新区的甲江汽车有多少？"))   # 临港新区 heads no figure


@pytest.mark.parametrize("history, question, expected", [
    (["乙航新能源2023年产值多少？"], "那丙星智能汽车呢？", "丙星智能汽车有限公司的2023年产值（亿元）：98.7。"),
    (["Who is the chairman of 甲江汽车集团?"], "How many staff does that company employ?", "12800"),
    (["戊途汽车电子主要做什么？"], "它的员工人数是多少", "戊途汽车电子有限公司的员工人数：720。"),
])
def test_a_follow_up_names_the_row_the_previous_question_named_short(bot, history, question, expected):
    """The subject of 乙航新能源2023年产值多少 is 乙航新能源, a table's name written short: it was no
    subject, so 那丙星智能汽车呢 was appended to the old question instead of replacing its subject."""
    answer = bot.ask(question, history=history)
    assert answer.answered and answer.route == "table" and expected in answer.text


@pytest.mark.parametrize("question, expected, absent", [
    # "make" renders as 制造, a verb: the question's grammar, not a column the table lacks
    ("How much output did 丙星智能汽车 make in 2023?", "98.7", None),
    # 名单 and 表里 point at the table itself
    ("重点企业名单里，2023年产值过100亿的是哪几家？", "共 2 家", "丙星"),
    ("表里员工不到1000人的企业有哪些？", "丁川客车股份有限公司（950）", "甲江"),
    # 主攻 is a word the document never uses; the row and the column (主要产品) are named
    ("丁川客车主攻什么产品？", "丁川客车股份有限公司的主要产品：新能源客车。", None),
])
def test_the_askers_verbs_and_words_for_the_table_do_not_block_it(bot, question, expected, absent):
    answer = bot.ask(question)
    assert answer.answered and answer.route == "table" and expected in answer.text
    assert absent is None or absent not in answer.text


def test_a_year_alone_does_not_choose_a_column(bot):
    # 2023 is in the header 2023年产值（亿元）, but the question asks for a profit the table lacks
    answer = bot.ask("What was the 2023 net profit of 丙星智能汽车?")
    assert answer.route != "table"

