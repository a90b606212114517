"""CLUSTERQA_BACKEND / MILVUS_URI / MILVUS_COLLECTION are validated once, naming what is allowed."""
from pathlib import Path

import pytest

from qa.errors import ConfigurationError
from qa.retrieval.milvus_store import MilvusTarget, target_from_settings
from qa.settings import DEFAULT_INDEX_DIR, MILVUS_INDEX_DIR, settings_from_env


def test_faiss_is_the_default():
    settings = settings_from_env({})
    assert settings.backend == "faiss" and target_from_settings(settings) is None


def test_milvus_lite_in_the_index_folder_unless_a_uri_is_given(tmp_path):
    settings = settings_from_env({"CLUSTERQA_BACKEND": "Milvus", "CLUSTERQA_INDEX_DIR": str(tmp_path)})
    assert target_from_settings(settings) == MilvusTarget(str(tmp_path / "milvus.db"), "clusterqa")
    assert target_from_settings(settings).is_lite

    server = settings_from_env({"CLUSTERQA_BACKEND": "milvus", "CLUSTERQA_MILVUS_URI": "http://milvus:19530",
                                "CLUSTERQA_MILVUS_COLLECTION": "reports_2023"})
    assert target_from_settings(server) == MilvusTarget("http://milvus:19530", "reports_2023")
    assert not target_from_settings(server).is_lite

    home = settings_from_env({"CLUSTERQA_BACKEND": "milvus", "CLUSTERQA_MILVUS_URI": "~/qa/milvus.db"})
    assert home.milvus_location == str(Path("~/qa/milvus.db").expanduser())


def test_milvus_builds_beside_the_committed_faiss_index():
    assert settings_from_env({}).index_dir == DEFAULT_INDEX_DIR
    milvus = settings_from_env({"CLUSTERQA_BACKEND": "milvus"})
    assert milvus.index_dir == MILVUS_INDEX_DIR != DEFAULT_INDEX_DIR
    assert milvus.milvus_location == str(MILVUS_INDEX_DIR / "milvus.db")


@pytest.mark.parametrize("variable, value, named", [
    ("CLUSTERQA_BACKEND", "elastic", "faiss, milvus"),
    ("CLUSTERQA_MILVUS_URI", "milvus:19530", "ending in .db"),
    ("CLUSTERQA_MILVUS_URI", "ftp://host/x.db", "http://"),
    ("CLUSTERQA_MILVUS_COLLECTION", "my-reports", "letters, digits and underscores"),
])
def test_bad_values_name_the_allowed_ones(variable, value, named):
    with pytest.raises(ConfigurationError, match=named):
        settings_from_env({"CLUSTERQA_BACKEND": "milvus", variable: value})
