"""jieba's dictionary read word by word (qa/retrieval/dictionary.py) cuts exactly as jieba's own.

A new ``python -m qa ask`` process used to spend 1.7 s of CPU before its answer, half of it
loading jieba's 500,000-entry prefix dictionary and 350,000 part-of-speech tags, then
tagging the ~1,200 table names again; a question needs a few hundred entries.
"""
from __future__ import annotations

import json

import jieba
import pytest

from qa.retrieval import dictionary
from qa.retrieval.tokens import jieba_tokenizer, pos_tokenizer, single_word_flags
from tests.conftest import REPORT_TXT

NAMES = ["泰尼卡集群", "示例谷高科技产业集群", "华为"]


def samples() -> list[str]:
    lines = [line for line in REPORT_TXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[::7][:400] + ["2021年北京和上海的风险投资总额分别是多少？", "台积电2023年的营收是多少？",
                                "Which research institutes support the Seattle aerospace cluster?"]


@pytest.fixture(scope="module")
def whole():
    """jieba's own tokenizers, each loading the whole dictionary."""
    import jieba.posseg

    def fresh(words=(), freq=None, tag=None):
        tokenizer = jieba.Tokenizer()  # jieba's own parse of dict.txt, without writing its cache to /tmp
        tokenizer.FREQ, tokenizer.total = jieba.Tokenizer.gen_pfdict(tokenizer.get_dict_file())
        tokenizer.initialized = True
        for word in words:
            tokenizer.add_word(word, freq=freq, tag=tag)
        return tokenizer

    plain = fresh()
    tags = {}
    with open(dictionary._dictionary_file(), "rb") as handle:  # what jieba.posseg would have read
        for line in handle:
            word, _, tag = line.strip().decode("utf-8").split(" ")
            tags[word] = tag
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer, pos.word_tag_tab = plain, tags
    taught = fresh(NAMES, freq=3000, tag="nz")
    taught_pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    taught_pos.tokenizer, taught_pos.word_tag_tab = taught, {**tags, **taught.user_word_tag_tab}
    return plain, pos, fresh(NAMES, freq=2000), taught_pos


def test_the_store_is_used():
    assert dictionary.word_store() is not None
    assert isinstance(jieba_tokenizer().FREQ, dictionary.LazyFreq)


def test_cuts_exactly_as_jieba(whole):
    plain, pos, taught, taught_pos = whole
    lazy, lazy_pos = jieba_tokenizer(), pos_tokenizer()
    lazy_taught, lazy_taught_pos = jieba_tokenizer(NAMES, freq=2000), pos_tokenizer(NAMES, freq=3000, tag="nz")
    for text in samples():
        assert lazy.lcut(text) == plain.lcut(text), text
        assert lazy.lcut_for_search(text) == plain.lcut_for_search(text), text
        assert [tuple(p) for p in lazy_pos.cut(text)] == [tuple(p) for p in pos.cut(text)], text
        assert lazy_taught.lcut_for_search(text) == taught.lcut_for_search(text), text
        assert [tuple(p) for p in lazy_taught_pos.cut(text)] == [tuple(p) for p in taught_pos.cut(text)], text
    assert lazy.total == plain.total


def test_jieba_posseg_keeps_every_tag():
    """The module's own tokenizer was imported without reading its tags: it reads them from the store."""
    import jieba.posseg

    assert jieba.posseg.dt.word_tag_tab.get("北京") == "ns" and jieba.posseg.dt.word_tag_tab.get("资金") == "n"
    assert jieba.posseg.dt.word_tag_tab.get("北京和", "x") == "x"


def test_bulk_reading_switches_to_memory(monkeypatch):
    store = dictionary.WordStore(dictionary.word_store().path)
    monkeypatch.setattr(dictionary, "BULK_READS", 3)
    freq = dictionary.LazyFreq(store)
    for word in ("北京", "上海", "深圳"):
        assert word in freq
    assert store._all_freq is not None and freq.get("广州") == store.all_frequencies()["广州"]
    assert "不是一个词语的东西" not in freq


def test_overlays_do_not_leak():
    base = dictionary.LazyFreq(dictionary.word_store())
    child = base.copy()
    child["甲乙丙丁集群"] = 2000
    assert "甲乙丙丁集群" in child and "甲乙丙丁集群" not in base


def test_without_a_writable_cache_jieba_loads_whole(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(dictionary, "cache_dir", lambda: blocker)  # a file where a folder should be
    assert dictionary._open_store() is None


def test_name_flags_are_remembered_on_disk():
    flags = single_word_flags(NAMES)
    tagged = [pos_tokenizer().lcut(name) for name in NAMES]
    assert flags == {n: (t[0].flag if len(t) == 1 else None) for n, t in zip(NAMES, tagged)}
    on_disk = json.loads(dictionary.flags_path().read_text(encoding="utf-8"))
    assert all(on_disk[name] == flags[name] for name in NAMES)
