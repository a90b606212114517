"""A table row chosen as the answer is quoted, never cut to nothing.

What used to break: a row has no enclosing sentence (its ``scope`` is empty), and when a name of
the question was not in the row's own text the answer quoted that empty scope instead, so the
answer was "According to …: [1] [2]": markers and no text.
"""
import re

import pytest

TEXT = """# 示例园区管理办法

## 1.1 园区发展现状

| 园区名称 | 所在区（县） | 规划面积（平方公里） | 累计投资（亿元） | 入驻企业（家） |
|---|---|---|---|---|
| 临港智能装备园 | 滨江区 | 8.6 | 412 | 386 |
| 北岭新能源装备园 | 北岭县 | 4.5 | 183 | 97 |
| 青山机器人产业园 | 青山区 | 5.2 | 236 | 214 |

## 第二章 认定

第六条 申请认定市级智能制造产业园区，规划面积不少于1.5平方公里。
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    from tests.conftest import chain_over_text

    return chain_over_text(TEXT, tmp_path_factory)


@pytest.mark.parametrize("question", [
    "How much has been invested in the Beiling new-energy equipment park (北岭新能源装备园) so far?",
])
def test_the_row_is_quoted(chain, question):
    answer = chain.ask(question)
    assert answer.answered, answer.text
    body = re.sub(r"\[\d+\]", "", answer.text.split(":", 1)[-1] if question.isascii() else answer.text)
    assert body.strip(" \n:：") and "183" in answer.text, answer.text
