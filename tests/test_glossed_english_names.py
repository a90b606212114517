"""An English name written just before the Chinese it stands for is that Chinese name.

What used to break: "Which district is the Donghu smart sensor park (东湖智能传感器园) in?" was
declined because the corpus never spells "Donghu", although the bracket names the park as
the corpus writes it.  A name with no Chinese beside it still counts as absent.
"""
from qa.answering.lexicon import CorpusLexicon
from qa.documents.chunking import chunk_document
from qa.documents.structure import parse_text

TEXT = "## 园区\n\n东湖智能传感器园位于东湖区，是培育园区。青山机器人产业园位于青山区。\n"


def lexicon() -> CorpusLexicon:
    return CorpusLexicon(chunk_document(parse_text(TEXT, "parks.md", "x")))


def unknown_names(question: str) -> list[str]:
    return [t.text for t in lexicon().terms(question) if t.unknown and t.name]


def test_the_bracketed_chinese_stands_for_the_english_name():
    assert unknown_names("Which district is the Donghu smart sensor park (东湖智能传感器园) in?") == []
    assert unknown_names("Which district is the Donghu smart sensor park （东湖智能传感器园） in?") == []


def test_without_the_chinese_the_name_is_still_unknown():
    assert unknown_names("Which district is the Donghu smart sensor park in?") == ["Donghu"]


def test_a_bracket_the_corpus_does_not_write_keeps_the_name_unknown():
    assert unknown_names("Which district is the Xihu park (西湖公园) in?") == ["Xihu"]
