"""Answers over a document that is not the report name it by its own title, and cite its articles.

What used to break: over a policy or a manual every answer said "报告在…部分指出" / "the report",
and its passages carried no title for the answer to name instead.
"""
import pytest

from qa import ReportQA
from qa.answering.naming import corpus_name, document_name
from qa.records import Document
from qa.retrieval import embedding
from qa.settings import Settings
from tests.conftest import FakeEmbedder
from tests.document_samples import MANUAL_TXT, POLICY_MD


def _bot(tmp_path_factory, name, text):
    embedding._LOADED.setdefault("fake", FakeEmbedder())
    corpus = tmp_path_factory.mktemp("docs")
    (corpus / name).write_text(text, encoding="utf-8")
    return ReportQA.build([corpus], tmp_path_factory.mktemp("index"), settings=Settings(embedder="fake"), progress=False)


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    return _bot(tmp_path_factory, "policy.md", POLICY_MD)


@pytest.fixture(scope="module")
def manual(tmp_path_factory):
    return _bot(tmp_path_factory, "manual.txt", MANUAL_TXT)


def test_titles_come_from_the_document():
    assert Document("a/policy.md", "x", ()).title == "policy"
    assert all(p.title == "示例市数据安全管理办法" for p in _passages(POLICY_MD, "policy.md"))
    assert all(p.title == "设备维护手册" for p in _passages(MANUAL_TXT, "manual.txt"))


def test_titles_survive_the_index_on_disk(tmp_path, fake_embedder):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "policy.md").write_text(POLICY_MD, encoding="utf-8")
    ReportQA.build([corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)
    loaded = ReportQA.load(tmp_path / "index", documents=corpus, settings=Settings(embedder="fake"), progress=False)
    assert loaded.build_report is None  # read from passages.jsonl, not rebuilt
    assert {p.title for p in loaded.index.passages} == {"示例市数据安全管理办法"}
    assert loaded.ask("违反本办法罚款多少？").text.startswith("《示例市数据安全管理办法》")


def _passages(text, name):
    from qa.documents.chunking import chunk_document
    from qa.documents.structure import parse_text

    return chunk_document(parse_text(text, name, "x"))


def test_a_report_is_still_the_report():
    assert document_name("全球先进制造业集群发展趋势报告 (2023 年)", "zh") == "报告"
    assert document_name("Annual Report 2023", "en", sentence_start=True) == "The report"
    assert document_name("设备维护手册", "zh") == "《设备维护手册》"
    assert corpus_name({"甲办法", "乙手册"}, "zh") == "所给文档"


def test_an_answer_cites_the_article(policy):
    answer = policy.ask("数据分为哪几级？")
    assert answer.answered and "三级" in answer.text
    assert answer.citations[0].section == "第二章数据分类分级 > 第三条"
    assert answer.citations[0].title == "示例市数据安全管理办法"


def test_a_list_answer_names_the_manual_and_its_clauses(manual):
    answer = manual.ask("日常维护包括哪些内容？")
    assert answer.answered
    assert answer.text.startswith("《设备维护手册》在“2 日常维护”部分") and "报告" not in answer.text
    assert "2.1 润滑" in answer.text and "2.2 清洁" in answer.text
    assert {c.section.split(" > ")[1] for c in answer.citations} == {"2.1 润滑", "2.2 清洁"}


def test_a_refusal_names_the_document(policy):
    answer = policy.ask("违反本办法罚款多少？")
    assert not answer.answered
    assert answer.text.startswith("《示例市数据安全管理办法》中没有") and "报告" not in answer.text
    english = policy.ask("What fine does the regulation set for violations?")
    assert not english.answered and english.text.startswith("“示例市数据安全管理办法” does not say")
