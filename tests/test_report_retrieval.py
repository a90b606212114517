"""Retrieval on the real report: the passage holding the evidence is in the top 5.

Questions of our own (not the shared dev set), in Chinese and English, over prose and
table rows.  The dev set itself is scored by ``python -m qa eval``.
"""
import pytest

from qa.text import without_whitespace

pytestmark = pytest.mark.report

QUESTIONS = [
    ("2022年硅谷有多少家独角兽企业？", "硅谷独角兽企业101家"),
    ("硅谷2022年的专利数量是多少？", "20424"),
    ("截至2020年10月德国形成了多少个产业创新集群？", "431 个产业创新集群"),
    ("美国通用航空2021年出货量是多少？", "1670架"),
    ("2022年中国新能源汽车市场占有率是多少？", "25.6%"),
    ("宁德时代的动力电池装机量是多少？", "191.6GWh"),
    ("2009-2019年全球经济年平均增速是多少？", "3.2%"),
    ("2022年汉堡GDP增长了多少？", "4.5%"),
    ("学术研究图景分析了多少篇中英文文献？", "1517 篇"),
    ("怀帕拉葡萄酒集群的主导产业是什么？", "怀帕拉葡萄酒集群"),
    ("昌原国家工业区的龙头企业有哪些？", "KISCO"),
    ("爱立信的专利及创新成果有哪些？", "无线通信网络"),
    ("蒙牛所在的集群是哪个？", "蒙牛"),
    ("中文文献频次最高的关键词是什么？", "产业集群"),
    ("What share of global power battery installations did the top ten firms hold in 2022?", "91.4%"),
    ("How many aerospace clusters are there in Europe according to EACP?", "41"),
    ("Which research institutes support the Seattle aerospace cluster?", "华盛顿州立大学"),
    ("What is the definition of an advanced manufacturing cluster?", "网络化产业组织形态"),
    ("硅谷GDP在2021年同比增长多少？", "8.7%"),
    ("韩国存储技术多长时间实现了对美日的赶超？", "不到十年"),
]


def test_evidence_in_top_five(report_bot):
    misses = []
    for question, evidence in QUESTIONS:
        passages = report_bot.search(question, k=5)
        if not any(without_whitespace(evidence) in without_whitespace(p.text) for p in passages):
            misses.append(question)
    recall = 1 - len(misses) / len(QUESTIONS)
    assert recall >= 0.9, misses


def test_every_passage_has_a_section(report_bot):
    assert all(p.section for p in report_bot.index.passages if p.kind != "text" or "第" in p.section or p.section)
    sections = [p.section for p in report_bot.index.passages]
    assert sum(1 for s in sections if s) / len(sections) > 0.97


def test_dev_evidence_recall_at_5(report_bot):
    import json

    from tests.conftest import DEV_SET

    if not DEV_SET.exists():
        pytest.skip(f"{DEV_SET} is not here")
    questions = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    scored = [q for q in questions if q.get("evidence")]
    hits = sum(
        any(without_whitespace(q["evidence"]) in without_whitespace(p.text)
            for p in report_bot.search(" ".join([*q.get("history", []), q["q"]]), k=5))
        for q in scored
    )
    assert hits / len(scored) >= 0.98
