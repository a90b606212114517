"""Which words of a Chinese question are its terms.

What used to break: jieba tags 多少钱 as a person's name, so "…大概投了多少钱？" had a name the
report never writes and was declined although its sentence was found; and a name jieba does
not know (长齿锯犁鳗) came out as one-character pieces, none a term, so a question about a fish
asked of the report was answered from a sentence that matched its other words.
"""
import pytest

from qa.answering.chain import AnswerChain


@pytest.fixture(scope="module")
def lexicon(report_bot):
    chain = AnswerChain(report_bot.index, report_bot.settings)
    return chain.lexicon


@pytest.mark.report
@pytest.mark.parametrize("question", ["这个项目花了多少钱？", "欧洲创新委员会基金给初创企业大概投了多少钱？"])
def test_a_question_word_with_its_unit_is_no_term(lexicon, question):
    assert all(not t.text.startswith("多少") for t in lexicon.terms(question))


@pytest.mark.report
def test_an_unknown_name_in_pieces_is_one_absent_name(lexicon):
    terms = {t.text: t for t in lexicon.terms("长齿锯犁鳗又被称为什么？")}
    assert "长齿锯犁鳗" in terms and terms["长齿锯犁鳗"].name and terms["长齿锯犁鳗"].df == 0


@pytest.mark.report
def test_pieces_the_corpus_writes_together_stay_apart(lexicon):
    # 又/被 are function words, and a run the report itself writes is not an unknown name
    assert all(t.df > 0 or not t.name for t in lexicon.terms("欧洲的品牌数量大概是美国的几倍？"))


@pytest.mark.report
def test_a_question_about_an_unknown_name_is_declined(report_bot):
    answer = report_bot.ask("长齿锯犁鳗又被称为什么？")
    assert not answer.answered, answer.text


def test_a_particle_jieba_glued_to_an_unknown_name_is_split_off(tmp_path_factory):
    """What used to break: 生殖季是什么时候 gave the term 季是 (jieba's guess took in 是), which no corpus
    writes, so a question whose sentence was found was declined as being about an absent name."""
    from tests.conftest import chain_over_text

    chain = chain_over_text("# 斯氏腔吻鳕\n\n斯氏腔吻鳕生活在混浊的泥沙底质上，以多毛类为食，生殖季在2至4月。\n",
                            tmp_path_factory)
    terms = [t.text for t in chain.lexicon.terms("斯氏腔吻鳕的生殖季是什么时候？")]
    assert not any(t.endswith("是") for t in terms), terms


@pytest.mark.report
@pytest.mark.parametrize("question", ["What was Mexico's GDP growth rate in 2022?", "What was Mexico GDP growth in 2022?"])
def test_a_possessive_name_is_still_a_name(lexicon, question):
    """"Mexico's" was not seen as the capitalised "mexico", so the country was a plain word and a
    sentence about Hamburg's GDP answered a question about Mexico's."""
    terms = {t.text: t for t in lexicon.terms(question)}
    assert terms["mexico"].name and terms["mexico"].anchor


@pytest.mark.report
def test_a_word_the_dictionary_defines_only_as_a_name_is_a_name(lexicon):
    """jieba tags 硅谷 a common noun; CC-CEDICT knows it only as "Silicon Valley".  As a plain word
    it did not have to be in the answer's sentence, and Hamburg's 2022 GDP answered 硅谷's."""
    terms = {t.text: t for t in lexicon.terms("2022年硅谷GDP增长了多少？")}
    assert terms["硅谷"].name and terms["硅谷"].anchor
    assert not {t.text: t for t in lexicon.terms("集群的数量是多少？")}["集群"].name



def test_a_proper_noun_no_dictionary_defines_is_a_name():
    """jieba knows 京东方 as a proper noun (nz), CC-CEDICT does not define it and the document never
    writes it: a question about it was answered from a sentence about clusters in general."""
    from qa.answering.lexicon import CorpusLexicon
    from qa.records import Passage

    text = "本办法所称智能制造产业园区，是指以智能装备、工业机器人为主导的产业集聚区域。园区打造智能制造产业集群。"
    lexicon = CorpusLexicon([Passage(id="p1", text=text, source="a.md", section="第一条", page=None, score=0.0,
                                     kind="text")])
    terms = {t.text: t for t in lexicon.terms("京东方在哪个先进制造业集群里？")}
    assert terms["京东方"].name and terms["京东方"].anchor and terms["京东方"].df == 0
    # a proper noun of jieba's that the dictionary defines stays a plain word (天文 "astronomy")
    plain = {t.text: t for t in lexicon.terms("集群和天文有什么关系？")}["天文"]
    assert plain.df == 0 and not plain.name


def test_a_comparison_jieba_glued_and_how_far_are_no_terms(tmp_path_factory):
    """What used to break: 跟硅谷比差多远 gave 比差 (jieba's guess over 比 and 差), a word no dictionary
    knows and so a term of art the corpus lacks, and 多远 ("how far"), a question word: the
    question was declined although one sentence gives both figures and the gap."""
    from tests.conftest import chain_over_text

    chain = chain_over_text("# 风险投资\n\n2021年硅谷风险投资总额为441亿美元，同年北京风险投资总额仅为136亿美元，差距较大。\n",
                            tmp_path_factory)
    terms = [t.text for t in chain.lexicon.terms("2021年北京的风投总额是多少？跟硅谷比差多远？")]
    assert "北京" in terms and "比差" not in terms and "多远" not in terms, terms
