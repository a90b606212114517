"""A "when …?" question is answered only by a sentence that gives a time.

What used to break: "日本九州半导体和电子创新协议会是哪一年成立的？" was answered with the sentence that
names the council and says what it set up, with no year of its own.
"""
import pytest

CORPUS = """# 示例报告

## 一、示例集群

九州半导体协议会设立产学合作平台，支持企业与大学共同研究。

## 二、示例企业

苏州示例公司成立于 1998 年，总部位于苏州工业园区。
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    from tests.conftest import chain_over_text

    return chain_over_text(CORPUS, tmp_path_factory)


def test_a_when_question_whose_sentence_gives_no_time_is_declined(chain):
    assert not chain.ask("九州半导体协议会是哪一年成立的？").answered


def test_a_when_question_whose_sentence_gives_the_time_is_answered(chain):
    answer = chain.ask("苏州示例公司是哪一年成立的？")
    assert answer.answered and "1998" in answer.text
