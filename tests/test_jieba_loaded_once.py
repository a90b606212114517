"""jieba's dictionary is read once per process and shared by tokenizers with the same words.

What broke: the first question took ~3 s (25 s under load) because the lexicon and the BM25
tokenizer each read jieba's dictionary from disk (three times in all), each part-of-speech
tokenizer re-read the tag table, and every new lexicon tagged the ~1,200 table names again.
"""
from __future__ import annotations

from qa.answering.lexicon import CorpusLexicon
from qa.retrieval.tokens import Tokenizer, jieba_tokenizer, pos_tokenizer


def test_same_words_share_one_tokenizer():
    assert jieba_tokenizer(["泰尼卡集群"], freq=2000) is jieba_tokenizer(["泰尼卡集群"], freq=2000)
    assert pos_tokenizer(["泰尼卡集群"], freq=3000, tag="nz") is pos_tokenizer(["泰尼卡集群"], freq=3000, tag="nz")


def test_user_words_do_not_leak_between_corpora():
    taught = jieba_tokenizer(["甲乙丙丁集群"], freq=2000)
    assert "甲乙丙丁集群" in taught.lcut("甲乙丙丁集群很强")
    assert "甲乙丙丁集群" not in jieba_tokenizer().lcut("甲乙丙丁集群很强")
    assert "甲乙丙丁集群" not in Tokenizer(["别的名字"]).tokens("甲乙丙丁集群很强")


def test_user_words_carry_their_part_of_speech():
    tagged = {w.word: w.flag for w in pos_tokenizer(["戊己庚辛集群"], freq=3000, tag="nz").cut("戊己庚辛集群在哪里")}
    assert tagged["戊己庚辛集群"] == "nz"


def test_second_lexicon_reuses_the_first_tokenizer():
    first, second = CorpusLexicon([]), CorpusLexicon([])
    assert first._tokenizer() is second._tokenizer()
