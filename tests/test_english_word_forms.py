"""English words in the forms people write them: inflected, common, glued to a year.

What used to break: "grown", "seen" or "kept" found no CC-CEDICT sense (Snowball's stem of
"grown" is not that of "grow"), so each became an unknown word as heavy as a word no language
uses, and "over the past ten years, how much have policies grown" was declined; "rather" or
"each" weighed as much as "systematic"; "the FY2022 budget" made FY2022 a name the report
lacks, so the question was declined although the report gives the 2022 财年 budget.
"""
from qa.answering.lexicon import CorpusLexicon
from qa.records import Passage
from qa.retrieval.bilingual import CorpusTranslator, lemma

CORPUS = ["全球产业政策数量增长了两倍。", "集群被视为推动减排的重要载体。", "企业保持了稳定增长。",
          "美国 2022 财年预算案把基础研究经费增加至 94 亿美元。", "政府扶持集群，市场力量驱动创新。"]


def _passages():
    return [Passage(id=f"p{i}", text=text, source="a.txt", section="一、概述", page=None, score=0.0, kind="text")
            for i, text in enumerate(CORPUS)]


def test_lemmas_reach_what_stems_do_not():
    assert (lemma("grown"), lemma("seen"), lemma("kept"), lemma("organisations")) == \
        ("grow", "see", "keep", "organisation")


def test_an_irregular_form_is_rendered_by_its_lemmas_senses():
    translator = CorpusTranslator(lambda word: sum(word in text for text in CORPUS))
    grown = translator.render(["grown"])
    assert grown is not None and "增长" in grown.words and grown.phrase == "grown"
    assert "保持" in translator.render(["kept"]).words


def test_a_common_english_word_the_corpus_does_not_render_weighs_less_than_a_rare_one():
    lexicon = CorpusLexicon(_passages())
    common, rare = lexicon.english_idf("rather"), lexicon.english_idf("systematic")
    assert 0 < common < rare <= lexicon.idf(0)
    terms = {t.text: t for t in lexicon.terms("How do market forces, rather than government, drive systematic innovation?")}
    assert terms["rather"].unknown and terms["systematic"].unknown
    assert terms["rather"].weight < terms["systematic"].weight


def test_a_year_with_letters_is_a_year_not_a_name():
    lexicon = CorpusLexicon(_passages())
    terms = lexicon.terms("How big was the US basic research budget in FY2022?")
    assert not any(t.name and "2022" in t.text for t in terms)
    assert any(t.is_year and "2022" in t.forms for t in terms)
