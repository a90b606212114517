"""The "Documents" tab: what is indexed, adding a document with a progress bar, removing one.

Adding runs :meth:`qa.bot.ReportQA.add_document` in a worker thread and turns its progress
calls into updates of the page: keyword search serves the document as soon as it is
parsed, the bar fills as its passages are embedded.  Only a loopback visitor or a logged-in
user may change the corpus.
"""
from __future__ import annotations

import ipaddress
import logging
import queue
import threading
import time
from pathlib import Path
from typing import Iterator

import gradio as gr

from qa.errors import ClusterQAError
from ui.formatting import escape_html, status_markdown

log = logging.getLogger(__name__)

ACCEPTED_TYPES = [".txt", ".md", ".pdf"]
NOT_ALLOWED = ("只有本机用户或已登录用户可以添加或移除文档。 "
               "Only a local or logged-in user can add or remove documents.")
EMPTY_PROGRESS = '<div id="cqa-add-state" data-state="idle"></div>'


def allowed(request: gr.Request | None) -> bool:
    """True for a logged-in user or a visitor on this machine (loopback)."""
    if request is None:
        return False
    if getattr(request, "username", None):
        return True
    host = getattr(getattr(request, "client", None), "host", None) or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def progress_html(state: str, text: str, done: int = 0, total: int = 0) -> str:
    """The add-a-document status line; ``state`` is keyword, embedding, done or error."""
    bar = (f'<progress class="cqa-progress" value="{done}" max="{max(total, 1)}" '
           f'aria-label="嵌入进度 Embedding progress">{done}/{total}</progress>' if state in ("keyword", "embedding", "done")
           else "")
    return (f'<div id="cqa-add-state" data-state="{state}" role="status">'
            f'<p class="cqa-add-text">{escape_html(text)}</p>{bar}</div>')


def documents_html(documents) -> str:
    """The indexed documents as a table: name, pages, passages, whether vectors are ready, origin."""
    rows = []
    for d in documents:
        state = "已索引 indexed" if d.vectors_ready else "仅关键词检索 keyword search only (embedding…)"
        origin = "用户添加 added (可移除 removable)" if d.removable else "语料 corpus"
        rows.append(f"<tr><td>{escape_html(d.source)}</td><td>{d.pages or '—'}</td><td>{d.passages}</td>"
                    f"<td>{state}</td><td>{origin}</td></tr>")
    return ('<table class="cqa-doc-table" id="cqa-doc-table"><thead><tr><th>文档 Document</th><th>页数 Pages</th>'
            "<th>段落 Passages</th><th>状态 State</th><th>来源 Origin</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


class DocumentHandlers:
    """Add, remove and list documents; needs ``self.bot`` and ``forget_clusters()``."""

    bot = None

    def forget_clusters(self) -> None:  # the explorer's cache; overridden by ExplorerHandlers
        pass

    def documents_view(self) -> tuple:
        """(documents table, removable choices, status)."""
        documents = self.bot.documents() if hasattr(self.bot, "documents") else []
        removable = [d.source for d in documents if d.removable]
        return (documents_html(documents), gr.update(choices=removable, value=removable[0] if removable else None),
                self.status())

    def status(self) -> str:
        try:
            return status_markdown(self.bot.status())
        except Exception:
            log.exception("status failed")
            return "—"

    def add(self, file, request: gr.Request | None = None) -> Iterator[tuple]:
        """Index an uploaded file; yields (progress, documents table, removable choices, status)."""
        if not file:
            return
        if not allowed(request):
            yield (progress_html("error", NOT_ALLOWED), gr.skip(), gr.skip(), gr.skip())
            return
        path = Path(file if isinstance(file, (str, Path)) else getattr(file, "name", ""))
        updates: queue.Queue = queue.Queue()
        outcome: dict = {}
        started = time.perf_counter()

        def work():
            try:
                outcome["document"] = self.bot.add_document(path, name=path.name,
                                                            progress=lambda d, t: updates.put((d, t)))
            except ClusterQAError as exc:
                outcome["error"] = str(exc)
            except Exception:
                log.exception("adding %s failed", path.name)
                outcome["error"] = f"{path.name}: 无法添加 could not be added (see the server log)"
            finally:
                updates.put(None)

        worker = threading.Thread(target=work, name="add-document", daemon=True)
        worker.start()
        yield (progress_html("reading", f"正在读取 Reading {path.name} …"), gr.skip(), gr.skip(), gr.skip())
        while (item := updates.get()) is not None:
            done, total = item
            self.forget_clusters()
            seconds = time.perf_counter() - started
            text = (f"{path.name}: 关键词检索已可用 keyword search ready ({seconds:.1f} s); "
                    f"正在嵌入 embedding {done}/{total} passages")
            yield (progress_html("keyword" if done == 0 else "embedding", text, done, total), *self.documents_view())
        worker.join()
        self.forget_clusters()
        if "error" in outcome:
            yield (progress_html("error", "未添加 Not added: " + outcome["error"]), *self.documents_view())
            return
        document = outcome["document"]
        seconds = time.perf_counter() - started
        yield (progress_html("done", f"{document.source}: 已索引 indexed, {document.passages} passages "
                             f"in {seconds:.1f} s", document.passages, document.passages), *self.documents_view())

    def remove(self, source: str | None, request: gr.Request | None = None) -> tuple:
        """Remove a user-added document; (progress, documents table, removable choices, status)."""
        if not allowed(request):
            return (progress_html("error", NOT_ALLOWED), gr.skip(), gr.skip(), gr.skip())
        if not source:
            return (progress_html("error", "请选择要移除的文档。 Choose a document to remove."), gr.skip(),
                    gr.skip(), gr.skip())
        try:
            self.bot.remove_document(source)
        except ClusterQAError as exc:
            return (progress_html("error", str(exc)), *self.documents_view())
        self.forget_clusters()
        return (progress_html("removed", f"{source}: 已移除 removed"), *self.documents_view())
