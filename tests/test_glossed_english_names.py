"""An English name written just before the Chinese it stands for is that Chinese name.

What used to break: "Which district is the Donghu smart sensor park (东湖智能传感器园) in?" was
declined because the corpus never spells "Donghu", although the bracket names the park as
the corpus writes it.  A name with no Chinese beside it is the corpus's name when it is that
name in pinyin (Donghu, 东湖), and counts as absent otherwise.
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


def test_without_the_chinese_a_name_in_pinyin_is_the_corpus_name():
    # Donghu is 东湖 in pinyin, a name the corpus writes (东湖区); Baihe names nothing it writes
    donghu = next(t for t in lexicon().terms("Which district is the Donghu smart sensor park in?") if t.text == "Donghu")
    assert donghu.forms == ("东湖",) and not donghu.unknown
    assert unknown_names("Which district is the Baihe smart sensor park in?") == ["Baihe"]


def test_a_bracket_the_corpus_does_not_write_keeps_the_name_unknown():
    assert unknown_names("Which district is the Xihu park (西湖公园) in?") == ["Xihu"]


def test_a_common_word_jieba_tags_as_a_place_is_not_a_name():
    """jieba tags 长度 ("length") as a place; absent from the corpus, it declined "…果实的长度约是
    多少厘米？" although the corpus gives 长约15至20厘米.  CC-CEDICT, which defines 长度 with common
    senses only, overrules the tag; a word it names something by (长沙, 天竺) stays a name."""
    names = {t.text: t.name for t in lexicon().terms("东湖智能传感器园的长度是多少？长沙和天竺呢？")}
    assert names["长度"] is False
    assert names["长沙"] is True and names["天竺"] is True


def test_a_glossary_word_also_takes_the_dictionary_words_the_corpus_uses():
    """The glossary renders "chemical" as 化工; the corpus writes 三菱化学.  With CC-CEDICT’s 化学 as a
    form too, "Mitsubishi Chemical" is found in the sentence (it vetoed the answer as another subject)."""
    corpus = CorpusLexicon(chunk_document(parse_text("## 材料\n\n日立、三菱化学等在半绝缘砷化镓领域占有90%的市场份额。\n",
                                                     "m.md", "x")))
    chemical = next(t for t in corpus.terms("What share do Mitsubishi Chemical hold?") if t.text == "chemical")
    assert "化学" in chemical.forms and "化工" in chemical.forms
    # a plain (uncapitalised) word keeps only the glossary's term, which vetoes when the corpus lacks it
    president = next(t for t in corpus.terms("Who is the president of the commission?") if t.text == "president")
    assert president.forms == ("总统",)
