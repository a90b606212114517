"""CLUSTERQA_READER picks how passage answers are ranked and declined: the reader fitted by
bench/fit_reader.py (the default) or the hand-set rules; an unknown value is refused with the allowed ones."""
import pytest

from qa.answering.chain import AnswerChain
from qa.answering.reader import ReaderModel
from qa.errors import ConfigurationError
from qa.settings import Settings, settings_from_env


def test_the_fitted_reader_is_the_default():
    assert Settings().reader == "fitted"
    assert settings_from_env({}).reader == "fitted"


def test_the_rules_are_chosen_by_the_environment():
    assert settings_from_env({"CLUSTERQA_READER": "Rules"}).reader == "rules"


def test_an_unknown_reader_names_the_allowed_values():
    with pytest.raises(ConfigurationError, match="rules, fitted"):
        settings_from_env({"CLUSTERQA_READER": "bert"})


@pytest.mark.parametrize("reader, model", [("rules", False), ("fitted", True)])
def test_the_chain_builds_the_answerer_the_setting_names(small_corpus, tmp_path, fake_embedder, reader, model):
    from qa import ReportQA

    bot = ReportQA.build([small_corpus], tmp_path / "index", settings=Settings(embedder="fake"), progress=False)
    chain = AnswerChain(bot.index, bot.settings.with_(reader=reader))
    chain.ask("示例谷风险投资总额是多少？")
    assert isinstance(chain._extractive.reader, ReaderModel) is model
