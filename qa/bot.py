"""``ReportQA``: the one object the CLI, the web UI and Python users talk to."""
from __future__ import annotations

import contextlib
import threading
from functools import cached_property
from pathlib import Path
from typing import Iterable, Sequence

from qa.errors import IndexStateError
from qa.retrieval.building import IndexState, corpus_fingerprint, ensure_index, open_index, stale_reasons
from qa.retrieval.embedding import Embedder, load_embedder
from qa.retrieval.index import read_manifest
from qa.retrieval.milvus_store import target_from_settings
from qa.answering.questions import clean_question
from qa.errors import CorruptIndexError
from qa.records import IndexedDocument, Passage
from qa.settings import DEFAULT_INDEX_DIR, Settings, settings_from_env
from qa.retrieval import user_documents as library


class ReportQA:
    """Question answering over a corpus of reports.

    Create it with :meth:`load` (the default corpus and index, built if missing or stale)
    or :meth:`build` (a corpus of your own).
    """

    def __init__(self, state: IndexState, settings: Settings, embedder: Embedder,
                 paths: Sequence[Path] = ()):
        self.settings = settings
        self.embedder = embedder
        self._state = state
        self._paths = list(paths) or [settings.documents]
        self._chain = None
        self._chain_lock = threading.Lock()
        self._documents_lock = threading.Lock()  # one add or remove at a time
        self._pending: set[str] = set()  # sources served by keyword search while they are embedded
        self._answering = 0  # questions being answered now: an added document's embedding waits for them
        self._answered = threading.Condition()

    # ------------------------------------------------------------ creation
    @classmethod
    def load(cls, index_dir: str | Path | None = None, *, documents: str | Path | Sequence[str | Path] | None = None,
             settings: Settings | None = None, progress: bool = True) -> "ReportQA":
        """Open the index in ``index_dir`` for ``documents`` (defaults from settings); build it if needed."""
        settings = settings or settings_from_env()
        if index_dir is not None:
            settings = settings.with_(index_dir=Path(index_dir))
        if documents is None:
            paths = [settings.documents]
            if settings.user_documents and library.has_files(settings.user_documents):
                paths.append(settings.user_documents)
                settings = library.user_index_settings(settings)
        else:
            paths = _as_paths(documents)
        embedder = load_embedder(settings.embedder)
        state = ensure_index(paths, settings.index_dir, embedder, progress=progress,
                             **_backend(settings))
        return cls(state, settings, embedder, paths)

    @classmethod
    def build(cls, paths: str | Path | Iterable[str | Path], index_dir: str | Path | None = None, *,
              settings: Settings | None = None, force: bool = True, progress: bool = True) -> "ReportQA":
        """Build (by default, always rebuild) the index of ``paths`` into ``index_dir``."""
        settings = settings or settings_from_env()
        if index_dir is not None:
            settings = settings.with_(index_dir=Path(index_dir))
        embedder = load_embedder(settings.embedder)
        paths = _as_paths(paths)
        try:
            state = ensure_index(paths, settings.index_dir, embedder, force=force, progress=progress,
                                 **_backend(settings))
        except CorruptIndexError:  # building is how a damaged index is repaired: no --force needed
            state = ensure_index(paths, settings.index_dir, embedder, force=True, progress=progress,
                                 **_backend(settings))
        return cls(state, settings, embedder, paths)

    def refresh(self) -> bool:
        """Pick up a changed corpus or a newer index; True when a new index was swapped in.

        The new index is built or loaded first; questions asked meanwhile are answered from
        the old one, which stays whole until the single reference swap below.
        """
        state = ensure_index(self._paths, self.settings.index_dir, self.embedder, progress=False,
                             **_backend(self.settings))
        if state.index.manifest.get("built_at") == self._state.index.manifest.get("built_at"):
            return False
        self._swap(state)
        return True

    def _swap(self, state: IndexState) -> None:
        with self._chain_lock:  # the chain and the tables are derived from the old index
            self._state = state
            self._chain = None
            self.__dict__.pop("tables", None)

    # ------------------------------------------------------------ documents
    def documents(self) -> list[IndexedDocument]:
        """What is indexed: the corpus first, then the documents users added."""
        counts: dict[str, int] = {}
        for passage in self._state.index.passages:
            counts[passage.source] = counts.get(passage.source, 0) + 1
        folder = self.settings.user_documents
        return [IndexedDocument(d.source, counts.get(d.source, 0), d.page_count,
                                removable=bool(folder) and (folder / d.source).is_file(),
                                vectors_ready=d.source not in self._pending)
                for d in self._state.index.documents]

    def add_document(self, path: str | Path, *, name: str | None = None, progress=None) -> IndexedDocument:
        """Copy ``path`` (.txt, .md or .pdf, checked by content) into the user-documents folder and index it.

        Only the new document's passages are embedded.  Keyword search serves it as soon as
        it is parsed (``progress(0, total)`` says so), ``progress(done, total)`` is called as its
        passages are embedded, and the index on disk is updated at the end.  ``name`` is the file name to keep (default:
        ``path``'s).  Raises :class:`~qa.errors.DocumentError` for a file that cannot be added.
        """
        with self._documents_lock:
            folder = self._user_folder()
            stored, document = library.store(Path(path), name, folder, self._state.index.documents)
            try:
                old = self._state.index
                documents = [*old.documents, document]
                self._pending.add(document.source)
                keyword = library.keyword_index(documents, old, self.embedder)
                self._swap(IndexState(keyword, self.problems))
                if progress:
                    progress(0, sum(1 for p in keyword.passages if p.source == document.source))
                state = library.rebuild(documents, old, self.embedder, self.settings.index_dir, progress,
                                        before_batch=self._questions_first, paths=self._paths)
            except BaseException:
                stored.unlink(missing_ok=True)
                self._pending.discard(document.source)
                self._swap(IndexState(old, self.problems))
                raise
            self._pending.discard(document.source)
            state.problems = self.problems
            self._swap(state)
            return next(d for d in self.documents() if d.source == document.source)

    def remove_document(self, source: str) -> None:
        """Remove a document a user added (from the index and the user-documents folder).

        The corpus's own documents cannot be removed: :class:`~qa.errors.DocumentError` says so.
        """
        with self._documents_lock:
            folder = self._user_folder()
            old = self._state.index
            path = library.removable_path(source, folder, old.documents)
            documents = [d for d in old.documents if d.source != source]
            path.unlink(missing_ok=True)
            state = library.rebuild(documents, old, self.embedder, self.settings.index_dir, None,
                                    paths=self._paths)
            state.problems = self.problems
            self._swap(state)

    def _questions_first(self, longest_wait_s: float = 10.0) -> None:
        """Hold the embedding of an added document while questions are answered (they need the embedder too)."""
        with self._answered:
            self._answered.wait_for(lambda: self._answering == 0, timeout=longest_wait_s)

    @contextlib.contextmanager
    def _answering_question(self):
        with self._answered:
            self._answering += 1
        try:
            yield
        finally:
            with self._answered:
                self._answering -= 1
                self._answered.notify_all()

    def _user_folder(self) -> Path:
        folder = self.settings.user_documents
        if folder is None:
            from qa.errors import ConfigurationError

            raise ConfigurationError("Adding documents is off: set CLUSTERQA_USER_DATA to a folder.")
        if self.settings.backend != "faiss":
            from qa.errors import ConfigurationError

            raise ConfigurationError("Adding documents at run time needs CLUSTERQA_BACKEND=faiss; with "
                                     f"{self.settings.backend}, put them in CLUSTERQA_DOCUMENTS and run 'build'.")
        if folder not in self._paths:
            self._paths.append(folder)
        self.settings = library.user_index_settings(self.settings)
        return folder

    # ------------------------------------------------------------ queries
    @property
    def index(self):
        return self._state.index

    @property
    def problems(self):
        """Files the last build left out, each with the reason."""
        return list(self._state.problems)

    @property
    def build_report(self):
        return self._state.report

    def search(self, query: str, k: int = 5) -> list[Passage]:
        """The ``k`` passages that best match ``query`` (hybrid dense + BM25 retrieval)."""
        query, _ = clean_question(query, self.settings.max_question_chars)
        return self._state.index.search(query, k=max(1, int(k)))

    @cached_property
    def tables(self):
        """The report's tables as data: a :class:`~qa.tables.cluster_engine.ClusterEngine`, built once on first use."""
        from qa.tables.cluster_engine import ClusterEngine

        return ClusterEngine.from_documents(self.index.documents)

    def clusters(self, **filters):
        """Appendix clusters passing ``filters`` (continent, country, domain, industry, name, firm).

        Filters take the report's words, synonyms or English (``country="Sweden"``); see
        :meth:`qa.tables.cluster_engine.ClusterEngine.clusters`.
        """
        return self.tables.clusters(**filters)

    # ------------------------------------------------------------ answers
    @property
    def chain(self):
        """The router behind :meth:`ask` (built on first use)."""
        with self._chain_lock:  # the first questions may arrive together from several threads
            if self._chain is None:
                self._chain = self._make_chain()
            return self._chain

    def _make_chain(self):
        from qa.answering.chain import AnswerChain
        from qa.answering.llm import LLMAnswerer
        from qa.tables.table_questions import answer_table_question

        llm = LLMAnswerer(self.settings) if self.settings.llm_enabled else None
        return AnswerChain(self._state.index, self.settings, llm=llm,
                           table_answerer=lambda q, h: answer_table_question(q, h, self.tables))

    def ask(self, question: str, history: Sequence[str] | None = None):
        """Answer ``question`` from the report: an :class:`~qa.records.Answer` with cited passages.

        ``history`` holds the earlier questions of the chat (oldest first), so follow-ups like
        "韩国呢？" are understood.  Raises :class:`EmptyQuestionError` for an empty question.
        """
        with self._answering_question():
            return self.chain.ask(question, history)

    def ask_stream(self, question: str, history: Sequence[str] | None = None):
        """Like :meth:`ask`, for a UI: yields text pieces as they are written, then the final Answer."""
        with self._answering_question():
            yield from self.chain.ask_stream(question, history)

    def as_retriever(self, k: int = 5):
        """This corpus's hybrid search as a LangChain ``BaseRetriever``."""
        from qa.retrieval.retriever import ReportRetriever

        return ReportRetriever(searcher=self, k=k)

    def status(self) -> dict:
        """What is indexed and how: for the UI's status panel and ``python -m qa status``."""
        return _status(self._state.index.manifest, self.settings)

    @staticmethod
    def inspect(index_dir: str | Path | None = None, *, documents: str | Path | Sequence[str | Path] | None = None,
                settings: Settings | None = None) -> dict:
        """:meth:`status` of the index in ``index_dir`` as it is on disk, without building or loading it.

        Adds ``stale``: why it does not fit ``documents`` and the embedder (empty when it fits).
        Raises :class:`~qa.errors.IndexStateError` when there is no index there, and
        :class:`~qa.errors.CorruptIndexError` when a file does not match the manifest.
        """
        settings = settings or settings_from_env()
        if index_dir is not None:
            settings = settings.with_(index_dir=Path(index_dir))
        paths = _as_paths(documents if documents is not None else settings.documents)
        manifest = read_manifest(settings.index_dir)
        if manifest is None:
            raise IndexStateError(f"No index in {settings.index_dir}: build one with "
                                  f"'python -m qa --index {settings.index_dir} build'.")
        embedder = load_embedder(settings.embedder)
        missing = [str(p) for p in paths if not p.exists()]
        milvus = target_from_settings(settings)
        stale = ([f"no such file or folder: {', '.join(missing)}"] if missing
                 else stale_reasons(manifest, corpus_fingerprint(paths, manifest.get("corpus")), embedder.id, milvus))
        if not stale:
            open_index(settings.index_dir, embedder, milvus)  # every file checked against the manifest
        return {**_status(manifest, settings), "stale": stale}


def _backend(settings: Settings) -> dict:
    """``ensure_index``'s backend arguments: the Milvus collection, and the shipped FAISS index's vectors."""
    milvus = target_from_settings(settings)
    return {"milvus": milvus, "vectors_from": DEFAULT_INDEX_DIR if milvus is not None else None}


def _status(manifest: dict, settings: Settings) -> dict:
    return {
        "documents": [d["source"] for d in manifest.get("documents", [])],
        "skipped": manifest.get("skipped", []),
        "passages": manifest.get("passages", 0),
        "embedder": manifest.get("embedder"),
        "vector_index": manifest.get("vector_index"),
        "backend": manifest.get("backend", "faiss"),
        "built_at": manifest.get("built_at"),
        "build_seconds": manifest.get("build_seconds"),
        "index_dir": str(settings.index_dir),
        "llm": settings.llm_model if settings.llm_enabled else None,
    }


def _as_paths(value) -> list[Path]:
    if isinstance(value, (str, Path)):
        return [Path(value)]
    return [Path(v) for v in value]

