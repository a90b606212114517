"""In a collection of articles (one ``#`` title each, nothing under it), a title names the
article's subject: when the reader trusts a sentence of it, that sentence answers, not the
title and the article's opening sentence.

What used to break (CMRC articles): "松平康忠什么时候被任命为知行？" got "…在“松平康忠”部分指出：
松平康忠是日本战国时代的武将", the opening sentence under the matching title, and not the
sentence that gives the year.
"""
import pytest

from tests.conftest import chain_over_text

ARTICLES = """# 松平康忠

松平康忠是日本战国时代至安土桃山时代的武将，松平氏的一族。永禄5年（1562年），康忠被任命为知行，统领长泽城。其后随德川家康出征三方原。

# 大果西番莲

大果西番莲是西番莲科西番莲属的植物，原产于美洲热带地区。其叶柄有四到六个腺体。它的根部可用来当作催吐剂与麻醉药品。
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return chain_over_text(ARTICLES, tmp_path_factory)


@pytest.mark.parametrize("question, wanted", [
    ("松平康忠什么时候被任命为知行？", "1562"),
    ("大果西番莲的根部可以做什么？", "催吐剂"),
])
def test_the_sentence_answers_not_the_articles_opening(chain, question, wanted):
    answer = chain.ask(question)
    assert answer.answered and wanted in answer.text and "部分指出" not in answer.text, answer.text
