"""An English acronym is the corpus's Chinese for the words it abbreviates.

What used to break: "How many NEVs did Lujiang export in 2023?" over a city report that writes
新能源汽车 was declined, "the report does not say anything about NEV": CC-CEDICT has no entry
for NEV, so the acronym counted as a name the corpus lacks.  The dictionary spells it out:
新 "new", 能源 "energy", and 汽车, whose head 车 is "vehicle"; IC is written as a sense of 集成电路
("integrated circuit", "IC"); 研发 is "research and development".
"""
from qa.answering.lexicon import CorpusLexicon
from qa.documents.chunking import chunk_document
from qa.documents.structure import parse_text
from qa.retrieval.bilingual import acronyms

TEXT = ("## 产业\n\n2023年全市新能源汽车产量36.8万辆，出口新能源汽车5.2万辆。"
        "新能源汽车渗透率达到42.3%。集成电路企业有15家，企业研发投入增长20%。\n\n"
        "## 配套\n\n全市研发人员1.2万人，新能源汽车配套企业80家。\n")


def lexicon() -> CorpusLexicon:
    return CorpusLexicon(chunk_document(parse_text(TEXT, "city.md", "x")))


def forms(question: str, word: str) -> tuple[str, ...]:
    return next(t.forms for t in lexicon().terms(question) if t.text.lower() == word.lower())


def test_the_dictionary_spells_out_acronyms():
    assert "人工智能" in acronyms().spelled_out("AI")   # "artificial intelligence (AI)"
    assert "集成电路" in acronyms().spelled_out("IC")
    assert "rd" in acronyms().initials("研发")


def test_an_acronym_is_the_corpus_words_its_letters_begin():
    term = next(t for t in lexicon().terms("How many NEVs did the city export in 2023?") if t.text == "NEVs")
    assert term.forms[0] == "新能源汽车"
    assert not term.unknown and not term.name   # a word of the corpus, not a missing name


def test_an_acronym_a_sense_is_written_as():
    assert forms("How many IC firms are there?", "IC") == ("集成电路",)


def test_letters_that_spell_nothing_the_corpus_writes_stay_an_unknown_name():
    term = next(t for t in lexicon().terms("How many XQZ firms are there?") if t.text == "XQZ")
    assert term.unknown and term.name


def test_the_acronym_answers_the_question(tmp_path_factory):
    from tests.conftest import bot_over_text

    bot = bot_over_text(TEXT, tmp_path_factory, "city.md")
    answer = bot.ask("How many NEVs did the city export in 2023?")
    assert answer.answered and "5.2万辆" in answer.text
