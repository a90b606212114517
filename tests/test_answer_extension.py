"""The sentence before or after the best one joins the answer when the fitted extension says so.

What could break: the weights file drifting from the features (a feature added without
refitting), the fitting script writing what the runtime cannot read, a neighbour taken from
another passage or past the answer's room, and quotes of one run of text cited piecemeal.
"""
import json

import numpy as np
import pytest

from bench.fit_extension import weights_document
from qa.answering.extension import DIRECTIONS, FEATURES, ExtensionModel, extension_features, neighbours
from qa.answering.lexicon import CorpusLexicon
from qa.answering.reader import Linear, ReaderWeightsError
from qa.answering.rendering import render
from qa.answering.scoring import score_units
from qa.answering.units import units_of
from qa.records import Passage


def _passage(text: str, pid: str) -> Passage:
    return Passage(id=pid, text=text, source="a.txt", section="一、果树", page=None, score=0.0, kind="text")


REASON = _passage("猴面果的维生素C含量是橙子的三倍。因此它有时被称为健康果。它原产于非洲。", "p1")
OTHER = _passage("橙子是常见的水果，产于中国南方。", "p2")


def _scored(question: str):
    lexicon = CorpusLexicon([REASON, OTHER])
    terms = lexicon.terms(question)
    scored = score_units(units_of([REASON, OTHER]), terms, "how", question)
    for item in scored:   # the reader's probabilities: the sentence that restates the claim is best
        item.score = 0.8 if "因此" in item.unit.text else 0.05
    best = max(scored, key=lambda s: s.score)
    return terms, scored, best


def _model(direction_bias: dict[str, float], threshold: float = 0.5) -> ExtensionModel:
    n = len(FEATURES)
    return ExtensionModel({d: Linear(FEATURES, np.zeros(n), np.ones(n), np.zeros(n), direction_bias[d])
                           for d in DIRECTIONS}, threshold)


def test_shipped_weights_load_and_match_the_features():
    model = ExtensionModel.load()
    assert set(model.models) == set(DIRECTIONS)
    assert all(linear.features == FEATURES for linear in model.models.values())
    assert 0.0 < model.threshold < 1.0


def test_neighbours_are_the_adjacent_sentences_of_the_same_passage():
    _, scored, best = _scored("为什么猴面果被称为健康果？")
    found = neighbours(scored, best)
    assert found["before"].unit.text.startswith("猴面果的维生素C含量")
    assert found["after"].unit.text == "它原产于非洲。"
    assert all(item.unit.passage.id == "p1" for item in found.values())


def test_features_see_a_why_question_and_a_consequence():
    question = "为什么猴面果被称为健康果？"
    terms, scored, best = _scored(question)
    row = extension_features(question, "how", terms, best, neighbours(scored, best)["before"])
    values = dict(zip(FEATURES, row))
    assert values["why"] == 1.0 and values["best_consequence"] == 1.0 and values["why_consequence"] == 1.0
    assert values["neighbour_share"] == pytest.approx(0.05 / 0.8)


def test_choose_takes_the_likelier_neighbour_that_fits():
    question = "为什么猴面果被称为健康果？"
    terms, scored, best = _scored(question)
    direction, neighbour = _model({"before": 2.0, "after": 1.0}).choose(question, "how", terms, scored, best, room=100)
    assert direction == "before" and neighbour.unit.text.startswith("猴面果的维生素C含量")
    # no room for the sentence before: the one after is the only one that fits
    room = len("它原产于非洲。")
    assert _model({"before": 2.0, "after": 1.0}).choose(question, "how", terms, scored, best, room=room)[0] == "after"
    assert _model({"before": -2.0, "after": -1.0}).choose(question, "how", terms, scored, best, room=100) is None


def test_fitting_output_is_what_the_runtime_reads(tmp_path):
    rng = np.random.default_rng(0)
    models = {d: Linear(FEATURES, rng.normal(size=len(FEATURES)), np.ones(len(FEATURES)),
                        rng.normal(size=len(FEATURES)), 0.1) for d in DIRECTIONS}
    path = tmp_path / "extension.json"
    path.write_text(json.dumps(weights_document(models, 0.2)), encoding="utf-8")
    model = ExtensionModel.load(path)
    assert model.threshold == pytest.approx(0.2)
    assert np.allclose(model.models["after"].coef, np.round(models["after"].coef, 6))


@pytest.mark.parametrize("content", ["not json", json.dumps({"format": "other"}),
                                     json.dumps({"format": "clusterqa-extension/1", "threshold": 0.5})])
def test_a_damaged_weights_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "extension.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReaderWeightsError, match="extension"):
        ExtensionModel.load(path)


def test_one_run_of_text_is_cited_once_and_other_quotes_each():
    first, second, third = "猴面果的维生素C含量是橙子的三倍。", "因此它有时被称为健康果。", "它原产于非洲。"
    answer = render("为什么？", "zh", [(first, REASON), (second, REASON)], route="passage")
    assert answer.text == first + second + "[1]"
    # the same passage, but not one run of it: each quote keeps its marker
    answer = render("为什么？", "zh", [(first, REASON), (third, REASON)], route="passage")
    assert answer.text == f"{first}[1]{third}[1]"
    answer = render("为什么？", "zh", [(first, REASON), ("橙子是常见的水果，产于中国南方。", OTHER)], route="passage")
    assert answer.text == f"{first}[1]橙子是常见的水果，产于中国南方。[2]"
    english = render("Why?", "en", [(first, REASON), (second, REASON), ("橙子是常见的水果，产于中国南方。", OTHER)],
                     route="passage")
    assert english.text.endswith(f"{first}{second}[1] 橙子是常见的水果，产于中国南方。[2]")


def test_a_clause_quoted_with_its_sentence_is_not_quoted_twice():
    """The runner-up clause of a sentence is quoted with the clause before it (its scope), which is
    the best unit: the answer said 海擎…42万台套；[1] 海擎…42万台套；芯途…[1]."""
    from types import SimpleNamespace

    from qa.answering.extractive import ExtractiveAnswerer
    from qa.answering.scoring import Scored
    from qa.answering.units import units_of

    passage = _passage("甲公司全年配套电机42万台；乙公司首款芯片于2023年9月通过认证。", "p3")
    first, second = units_of([passage])
    scored = [Scored(first, 0.6, 1.0), Scored(second, 0.4, 1.0)]

    def quoted(item):
        return item.unit.scope if item is scored[1] else item.unit.text

    fake = SimpleNamespace(reader=SimpleNamespace(pair_ratio=0.1))
    assert ExtractiveAnswerer._second_unit(fake, scored, 200, quoted) is None
    assert ExtractiveAnswerer._second_unit(fake, scored, 200, lambda item: item.unit.text) is scored[1]
