"""The public search contract: ReportQA.search returns frozen Passages with stable ids."""
import dataclasses

import pytest

from qa import Passage, ReportQA
from qa.errors import EmptyQuestionError
from qa.settings import Settings


def test_search_returns_frozen_passages_with_the_contract_fields(small_corpus, tmp_path, fake_embedder):
    bot = ReportQA.build([small_corpus], tmp_path / "i", settings=Settings(embedder="fake"), progress=False)
    passages = bot.search("德国制造业占 GDP 的比重", k=2)
    assert 1 <= len(passages) <= 2 and all(isinstance(p, Passage) for p in passages)
    first = passages[0]
    for name in ("id", "text", "source", "section", "page", "score"):
        assert hasattr(first, name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = "x"
    german = next(p for p in passages if "20%-23%" in p.text)
    assert german.source == "small.txt" and german.page is None
    assert german.section == "第一章集群概况 > 一、总体情况 > （一）区域分布"
    assert passages[0].score >= passages[1].score > 0


def test_ids_are_the_same_on_every_build(small_corpus, tmp_path, fake_embedder):
    one = ReportQA.build([small_corpus], tmp_path / "a", settings=Settings(embedder="fake"), progress=False)
    two = ReportQA.build([small_corpus], tmp_path / "b", settings=Settings(embedder="fake"), progress=False)
    assert [p.id for p in one.index.passages] == [p.id for p in two.index.passages]


def test_empty_query_is_refused(small_corpus, tmp_path, fake_embedder):
    bot = ReportQA.build([small_corpus], tmp_path / "i", settings=Settings(embedder="fake"), progress=False)
    with pytest.raises(EmptyQuestionError):
        bot.search("   ")
