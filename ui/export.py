"""Files the page offers for download: the explorer's rows as CSV, the chat as Markdown.

Pure text builders (:func:`clusters_csv`, :func:`chat_markdown`) and one edge function,
:func:`write_export`, that puts the text in a file the page can serve.
"""
from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import pandas as pd

from qa.records import Answer, Passage
from ui.formatting import REFUSAL_LABEL, place, plain_text, route_label

_EXPORT_DIR: Path | None = None


def clusters_csv(frame: pd.DataFrame) -> str:
    """The rows as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese right)."""
    return "\ufeff" + frame.to_csv(index=False, lineterminator="\n")


def _quote(text: str) -> str:
    """Text as a Markdown blockquote, one ``>`` per line."""
    return "\n".join("> " + line if line else ">" for line in plain_text(text).strip().splitlines())


def chat_markdown(turns: Sequence[tuple[str, Answer]], title: str = "ClusterQA") -> str:
    """The conversation: each question, its answer, the engine, and its numbered sources with their text."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# {title} 对话记录 · Chat transcript", "", f"导出时间 Exported: {stamp}", ""]
    for number, (question, answer) in enumerate(turns, 1):
        lines += [f"## {number}. {plain_text(question).strip()}", ""]
        if not answer.answered:
            lines += [f"**{REFUSAL_LABEL}**", ""]
        lines += [plain_text(answer.text).strip(), ""]
        if answer.notice:
            lines += [f"_{plain_text(answer.notice).strip()}_", ""]
        lines += [f"引擎 Engine: {route_label(answer.route)}", ""]
        if answer.citations:
            lines += ["### 来源 Sources", ""]
            for n, passage in enumerate(answer.citations, 1):
                lines += [f"[{n}] {place(passage)}", "", _quote(passage.text), ""]
    return "\n".join(lines).rstrip() + "\n"


def turn_to_dict(question: str, answer: Answer) -> dict:
    return {"question": question, "answer": answer.to_dict()}


def turn_from_dict(data: dict) -> tuple[str, Answer]:
    answer = data["answer"]
    citations = tuple(Passage.from_dict(c) for c in answer.get("citations", []))
    return data["question"], Answer(answer["text"], answer["answered"], citations, answer["route"],
                                    answer.get("question", ""), answer.get("notice", ""))


def write_export(text: str, stem: str, suffix: str) -> str:
    """Write ``text`` to a file named after its content (under the system temp folder); its path."""
    global _EXPORT_DIR
    if _EXPORT_DIR is None or not _EXPORT_DIR.is_dir():
        _EXPORT_DIR = Path(tempfile.mkdtemp(prefix="clusterqa-exports-"))
        atexit.register(shutil.rmtree, _EXPORT_DIR, ignore_errors=True)  # downloads live as long as the page
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    folder = _EXPORT_DIR / digest
    folder.mkdir(exist_ok=True)
    path = folder / f"{stem}{suffix}"
    path.write_text(text, encoding="utf-8")
    return str(path)
