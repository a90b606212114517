"""表 5-1 (keyword frequency ranks) and 表 6-2 (earlier and recent policies) answer plain questions exactly.

What used to break: both tables were parsed but never routed, so passage search showed raw
rows: "英文文献中频次最高的关键词" got the Chinese keyword (产业集群) and "前期德国的重点政策"
led with Germany's recent policy.  Expected values come from the raw table lines here.
Questions without a period or a country, or asking how/why, stay with passages.
"""
import re

import pytest

from qa.tables.table_questions import answer_table_question

pytestmark = pytest.mark.report


def _table_lines(raw_text, title):
    lines = raw_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows = []
    for line in lines[start + 2:]:
        if line.startswith("资料来源") or (not line.strip() and rows and title.startswith("表 5-1")):
            break
        if "\t" in line:
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@pytest.fixture(scope="module")
def keywords(report_raw_text):
    """[(rank, chinese, chinese count, english, english count)] from the raw 表 5-1 lines."""
    return [(int(c[0]), c[1], c[2], c[3], c[4]) for c in _table_lines(report_raw_text, "表 5-1") if c[0].isdigit()]


@pytest.fixture(scope="module")
def policies(report_raw_text):
    """{(period word, country): [policies]} from the raw 表 6-2 lines.

    The merged 时期 cell is printed beside a middle row, so it cannot be filled down; each
    country appears once per period, earlier period first.
    """
    found = {}
    for cells in _table_lines(report_raw_text, "表 6-2"):
        period = "近期" if ("前期", cells[1]) in found else "前期"
        found[(period, cells[1])] = [p.strip() for p in re.split(r"、", cells[2]) if p.strip()]
    return found


def ask(bot, question):
    return answer_table_question(question, [], bot.tables)


def test_most_frequent_keywords(report_bot, keywords):
    top = keywords[0]
    chinese = ask(report_bot, "中文文献中频次最高的关键词是什么？")
    assert top[1] in chinese.text and top[2] in chinese.text and top[3] not in chinese.text
    english = ask(report_bot, "What is the most frequent keyword in the English literature?")
    assert top[3] in english.text and top[4] in english.text
    assert all(len(a.text) <= 300 and a.citations and a.route == "table" for a in (chinese, english))


def test_top_five_and_third(report_bot, keywords):
    answer = ask(report_bot, "中文文献频次排名前 5 位的关键词有哪些？")
    assert all(k[1] in answer.text for k in keywords[:5]) and keywords[5][1] not in answer.text
    assert len(answer.citations) == 5
    third = ask(report_bot, "英文文献中频次排名第三的关键词是什么？")
    assert keywords[2][3] in third.text and keywords[0][3] not in third.text


@pytest.mark.parametrize("question, period, country", [
    ("近期日本的重点政策有哪些？", "近期", "日本"),
    ("前期德国的重点政策有哪些？", "前期", "德国"),
    ("What were the UK's earlier key policies?", "前期", "英国"),
])
def test_one_country_one_period(report_bot, policies, question, period, country):
    answer = ask(report_bot, question)
    expected = policies[(period, country)]
    assert answer.answered and len(answer.text) <= 300
    assert all(p.replace(" ", "") in answer.text.replace(" ", "") for p in expected[:3]), answer.text
    other = "前期" if period == "近期" else "近期"
    assert not any(p in answer.text for p in policies[(other, country)] if p not in expected)


def test_both_periods_fit_and_say_how_many_more(report_bot, policies):
    answer = ask(report_bot, "美国近期和前期的重点政策有哪些？")
    assert len(answer.text) <= 300 and len(answer.citations) == 2
    assert all(p.replace(" ", "") in answer.text.replace(" ", "") for p in policies[("近期", "美国")])
    more = re.search(r"另有 (\d+) 项", answer.text)
    shown = sum(1 for p in policies[("前期", "美国")] if p.replace(" ", "") in answer.text.replace(" ", ""))
    assert shown + (int(more.group(1)) if more else 0) == len(policies[("前期", "美国")])


@pytest.mark.parametrize("question", [
    "近期各国的重点政策有哪些？",  # no country: the comparison is prose
    "美国的集群政策是如何推动集群发展的？",
    "关键词突现分析发现了什么？",
])
def test_other_questions_stay_with_passages(report_bot, question):
    assert ask(report_bot, question) is None
