"""English words reach the corpus's Chinese through CC-CEDICT, not through a list of the report's words.

Before the dictionary, an English word outside the hand-written glossary ("headquartered",
"year-on-year", "unicorns") was an unknown word that no passage could cover, so the question
was declined even when the report plainly answered it.
"""
import pytest

from qa.retrieval.bilingual import CorpusTranslator, dictionary, english_words, fold

CORPUS = ["空中客车于 1970 年成立，并将总部设在法国图卢兹。", "营业收入同比增长 10%。", "硅谷独角兽企业 101 家。",
          "大数据与人工智能。", "资本积累。"]


def corpus_doc_freq(word: str) -> int:
    return sum(1 for text in CORPUS if word in text)


@pytest.fixture(scope="module")
def translator():
    return CorpusTranslator(corpus_doc_freq)


def test_inflected_english_word_finds_the_corpus_word(translator):
    rendering = translator.render(["headquartered"])
    assert rendering is not None and "总部" in rendering.words


def test_hyphenated_phrase_is_one_dictionary_phrase(translator):
    phrases = translator.phrases(english_words("grew year-on-year"))
    assert (["year", "on", "year"], ) == tuple(p for p, r in phrases if r is not None and "同比" in r.words)


def test_only_words_the_corpus_uses_are_kept(translator):
    rendering = translator.render(["unicorns"])
    assert rendering.words == ("独角兽",)
    assert all(corpus_doc_freq(word) > 0 for word, _ in translator.render(["revenue"]).chinese)


def test_weights_of_one_phrase_sum_to_one(translator):
    rendering = translator.render(["revenue"])
    assert rendering.chinese and abs(sum(w for _, w in rendering.chinese) - 1.0) < 0.01


def test_a_modifier_is_not_rendered_by_the_phrase_it_modifies(translator):
    """"big data" is a sense of 大数据: it renders "data", not "big"."""
    rendering = translator.render(["big"])
    assert rendering is None or "大数据" not in rendering.words


def test_dictionary_known_word_absent_from_corpus_has_no_rendering(translator):
    rendering = translator.render(["weather"])
    assert rendering is not None and rendering.chinese == ()


def test_names_keep_their_accents_apart(translator):
    assert fold("Hermès") == "hermes"
    assert translator.render(english_words("Hermès")) is not None


def test_dictionary_is_loaded_once():
    assert dictionary() is dictionary()


def test_a_word_is_a_name_only_when_it_is_the_whole_capitalised_sense():
    """"Council" is half of 国务院's "State Council": in "European Innovation Council" it is
    a plain word (the report says 欧洲创新委员会), not a name every answer must contain."""
    corpus = ["国务院发布了规划。", "斯坦福大学技术许可办公室。"]
    translator = CorpusTranslator(lambda word: sum(1 for text in corpus if word in text))
    council = translator.render(["council"])
    assert council is not None and "国务院" in council.words and not council.proper
    stanford = translator.render(["stanford"])
    assert stanford is not None and stanford.words == ("斯坦福",) and stanford.proper


def test_words_defined_only_as_names():
    from qa.retrieval.bilingual import is_name_only

    assert is_name_only("硅谷") and is_name_only("波士顿")          # "Silicon Valley", "Boston"
    assert not is_name_only("苹果") and not is_name_only("集群")    # "apple", "cluster"


def test_the_head_before_an_of_is_rendered_too():
    # "board of directors" is a board (董事会); "big data" is still not "big", nor "data of" anything
    translator = CorpusTranslator(lambda word: 1 if word in ("董事会", "大数据") else 0)
    assert translator.render(["board"]).words == ("董事会",)
    assert "大数据" not in translator.render(["big"]).words


def test_a_rendering_found_only_inside_the_corpus_words_is_kept():
    """"influential" is 有影响 to the dictionary; the corpus writes 有影响力, one word to its segmenter.
    Counting whole words only, the question's word had no rendering and vetoed the answer."""
    corpus = ["全球最具有影响力的集群。"]
    whole_words = {"全球", "最", "具有", "有影响力", "的", "集群"}
    inside = lambda word: sum(1 for text in corpus if word in text)  # noqa: E731
    words_only = CorpusTranslator(lambda word: 1 if word in whole_words else 0)
    with_inside = CorpusTranslator(lambda word: 1 if word in whole_words else 0, inner_freq=inside)
    unrendered = words_only.render(["influential"])
    assert unrendered is None or not unrendered.words
    rendering = with_inside.render(["influential"])
    assert rendering is not None and "有影响" in rendering.words


def test_short_renderings_are_not_taken_from_inside_words():
    # 国都 ("capital") sits inside 美国都…; two characters inside a word say nothing
    corpus = ["美国都是这样。"]
    inside = lambda word: sum(1 for text in corpus if word in text)  # noqa: E731
    translator = CorpusTranslator(lambda word: 0, inner_freq=inside)
    rendering = translator.render(["capital"])
    assert rendering is None or "国都" not in rendering.words
