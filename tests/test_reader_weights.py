"""The fitted reader: its shipped weights load and score, and the fitting script writes what it reads.

What could break: the weights file drifting from the features the runtime computes (a
feature added without refitting), or the fitting script writing a layout the runtime cannot
read.  Both fail here rather than at the first question.
"""
import json

import numpy as np
import pytest

from bench.fit_reader import fit_logistic, fit_ranker, weights_document
from qa.answering.features import FEATURES, corpus_wording, unit_features
from qa.answering.lexicon import CorpusLexicon
from qa.answering.reader import ANSWER_FEATURES, WEIGHTS_FILE, Linear, ReaderModel, ReaderWeightsError
from qa.answering.scoring import score_units
from qa.answering.units import units_of
from qa.records import Passage


def _passage(text: str, pid: str) -> Passage:
    return Passage(id=pid, text=text, source="a.txt", section="一、收入", page=None, score=0.0, kind="text")


def test_shipped_weights_load_and_match_the_features():
    model = ReaderModel.load()
    assert model.ranker.features == FEATURES and model.answerability.features == ANSWER_FEATURES
    assert 0.0 < model.threshold < 1.0
    rows = np.random.default_rng(0).normal(size=(3, len(FEATURES)))
    probabilities = model.unit_probabilities(rows)
    assert probabilities.shape == (3,) and probabilities.sum() == pytest.approx(1.0)
    assert 0.0 < model.answerable(rows, probabilities) < 1.0


def test_the_unit_that_answers_scores_highest():
    passages = [_passage("示例公司成立于 1998 年，总部位于苏州。示例公司的主要产品是电池材料。", "p1"),
                _passage("苏州是江苏省的一个城市，以园林闻名。", "p2")]
    lexicon = CorpusLexicon(passages)
    question = "示例公司成立于哪一年？"
    terms = lexicon.terms(question)
    scored = score_units(units_of(passages), terms, "fact", question)
    ranked, answerable = ReaderModel.load().rank(scored, terms, question, "fact", {"p1": 0.8, "p2": 0.5})
    assert "1998" in ranked[0].unit.text
    assert ranked[0].score > ranked[-1].score


def test_fitting_output_is_what_the_runtime_reads(tmp_path):
    rng = np.random.default_rng(1)
    # twenty questions of six units; the unit with the largest first feature is the answer
    rows = [rng.normal(size=(6, len(FEATURES))) for _ in range(20)]
    labels = [(r[:, 0] == r[:, 0].max()).astype(float) for r in rows]
    ranker = fit_ranker(rows, labels)
    x = rng.normal(size=(300, len(ANSWER_FEATURES)))
    y = (x[:, 0] + rng.normal(scale=0.5, size=300) > 0).astype(float)
    mean, scale, coef, intercept = fit_logistic(x, y)
    answerability = Linear(ANSWER_FEATURES, mean, scale, coef, intercept)
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(weights_document(ranker, answerability, 0.3)), encoding="utf-8")
    model = ReaderModel.load(path)
    assert model.threshold == pytest.approx(0.3)
    assert all(np.argmax(model.unit_probabilities(r)) == np.argmax(t) for r, t in zip(rows, labels))
    assert coef[0] > 0 and coef[0] > abs(coef[1])   # it learnt the feature that decides


def test_weights_for_other_features_are_refused(tmp_path):
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    data["ranker"]["features"] = data["ranker"]["features"][:-1] + ["something_else"]
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReaderWeightsError, match="fit_reader"):
        ReaderModel.load(path)


def test_a_damaged_weights_file_is_a_clear_error(tmp_path):
    path = tmp_path / "weights.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ReaderWeightsError, match="Cannot read"):
        ReaderModel.load(path)


def test_features_of_no_units_are_empty():
    assert unit_features([], [], "什么？", "fact").shape == (0, len(FEATURES))


def test_an_english_question_is_compared_in_the_corpus_wording():
    """The character features (shared bigrams, longest match, new characters) compare a unit with
    the question's text; an English question shares no characters with a Chinese unit, so they
    read 0 for every unit and the reader ranked English questions on fewer clues.  They now
    compare the unit with the Chinese renderings of the question's words."""
    passages = [_passage("示例公司的营业收入同比增长 12%。", "p1"), _passage("苏州是江苏省的一个城市。", "p2")]
    lexicon = CorpusLexicon(passages)
    question = "How much did the operating revenue grow?"
    terms = lexicon.terms(question)
    wording = corpus_wording(question, terms)
    assert "增长" in wording and not any(ch.isascii() and ch.isalpha() for ch in wording)
    assert corpus_wording("示例公司的营业收入？", terms) == "示例公司的营业收入？"
    scored = score_units(units_of(passages), terms, "quantity", question)
    rows = unit_features(scored, terms, question, "quantity", {"p1": 0.8, "p2": 0.5})
    bigram = FEATURES.index("bigram")
    by_text = {s.unit.passage.id: row for s, row in zip(scored, rows)}
    assert by_text["p1"][bigram] > 0 and by_text["p1"][bigram] > by_text["p2"][bigram]
