"""``python -m qa``: a thin command line over the Python API.

Each command is a function ``cmd_<name>(args, out)``; errors meant for people
(:class:`~qa.errors.ClusterQAError`) are printed without a stack trace, exit code 2.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa.documents.chunking import row_with_headers
from qa.errors import ClusterQAError
from qa.text import terminal_safe


class TerminalSafe:
    """Wraps an output stream: control characters from documents, names or questions are
    written as escapes (``\\u001b``), so a file name holding ESC or CR cannot drive the
    terminal.  JSON stays valid and equal (its strings hold the same characters)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal_safe(text, keep_newlines=True, json_escapes=True))

    def flush(self) -> None:
        self.stream.flush()


def _bot(args, **kwargs):
    from qa.bot import ReportQA

    return ReportQA.load(args.index, progress=not getattr(args, "quiet", False), **kwargs)


def _passage_lines(passages) -> list[str]:
    lines = []
    for rank, passage in enumerate(passages, 1):
        where = passage.source + (f" p.{passage.page}" if passage.page else "")
        lines.append(f"[{rank}] {passage.score:.4f}  {where}  {passage.section}")
        lines.append("    " + passage.text)
    return lines


def _answer_lines(answer) -> list[str]:
    """An answer for the terminal: its text, any notice, then the numbered sources."""
    lines = [answer.text]
    if answer.notice:
        lines.append(f"({answer.notice})")
    if answer.citations:
        lines.append("Sources:")
        for number, passage in enumerate(answer.citations, 1):
            page = f", p.{passage.page}" if passage.page else ""
            if passage.kind == "table_row":  # rows of one table share a section: show the row itself
                lines.append(f"[{number}] {passage.source}{page} — {_shorten(row_with_headers(passage.text), 160)}")
            else:
                lines.append(f"[{number}] {passage.source}{page} — {passage.section or '(no section)'}")
    return lines


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"



def cmd_ask(args, out) -> int:
    answer = _bot(args).ask(args.question, args.history or [])
    if args.json:
        out.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("\n".join(_answer_lines(answer)) + "\n")
    return 0


def cmd_chat(args, out) -> int:
    bot = _bot(args)
    history: list[str] = []
    out.write("Ask about the report. /clear forgets the conversation, /quit leaves.\n")
    while True:
        out.write("> ")
        out.flush()
        line = sys.stdin.readline()
        if not line:  # end of input
            out.write("\n")
            return 0
        question = line.strip()
        if not question:
            continue
        if question in ("/quit", "/exit", "/q"):
            return 0
        if question == "/clear":
            history.clear()
            out.write("(conversation cleared)\n")
            continue
        try:
            answer = bot.ask(question, history)
        except ClusterQAError as exc:
            out.write(f"error: {exc}\n")
            continue
        out.write("\n".join(_answer_lines(answer)) + "\n\n")
        history.append(question)


def cmd_build(args, out) -> int:
    from qa.bot import ReportQA

    paths = args.paths or None
    if paths is None:
        from qa.settings import settings_from_env

        paths = [settings_from_env().documents]
    bot = ReportQA.build(paths, args.index, force=args.force, progress=not args.quiet)
    status = bot.status()
    report = bot.build_report
    out.write(f"Indexed {len(status['documents'])} document(s), {status['passages']} passages "
              f"into {status['index_dir']} ({status['embedder']}, {status['vector_index']}).\n")
    if report is not None:
        out.write(f"Embedded {report.embedded} new passage(s), reused {report.reused}; "
                  f"parse {report.parse_seconds:.1f}s, embed {report.embed_seconds:.1f}s, "
                  f"index {report.index_seconds:.1f}s.\n")
    else:
        out.write("The index was already up to date (use --force to rebuild).\n")
    for problem in bot.problems:
        out.write(f"skipped: {problem}\n")
    return 0


def cmd_search(args, out) -> int:
    passages = _bot(args).search(args.query, k=args.k)
    if args.json:
        out.write(json.dumps([p.to_dict() for p in passages], ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("\n".join(_passage_lines(passages)) + "\n")
    return 0


def cmd_status(args, out) -> int:
    """The index as it is on disk: never builds; exit 1 when it is stale, 2 when there is none."""
    from qa.bot import ReportQA

    status = ReportQA.inspect(args.index)
    out.write(json.dumps(status, ensure_ascii=False, indent=2) + "\n")
    if status["stale"]:
        print(f"The index in {status['index_dir']} is stale ({'; '.join(status['stale'])}): the next command "
              f"that needs it rebuilds it, or run 'python -m qa build'.", file=sys.stderr)
        return 1
    return 0


def cmd_clusters(args, out) -> int:
    from qa.tables.cluster_engine import cluster_to_dict, clusters_table

    filters = {key: getattr(args, key) for key in ("continent", "country", "domain", "industry", "name", "firm")}
    clusters = _bot(args).clusters(**{k: v for k, v in filters.items() if v})
    if args.json:
        out.write(json.dumps([cluster_to_dict(c) for c in clusters], ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(clusters_table(clusters) + f"\n{len(clusters)} cluster(s)\n")
    return 0


def cmd_tables(args, out) -> int:
    from qa.tables.linking import linking_report

    engine = _bot(args).tables
    counts = {kind: len(getattr(engine.linked.tables, kind)) for kind in
              ("clusters", "region_entries", "innovations", "keywords", "policies", "domain_counts")}
    out.write("tables read: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()) + "\n")
    if args.report:
        out.write(linking_report(engine.linked) + "\n")
    return 0


def cmd_serve(args, out) -> int:
    import time

    from qa.bot import ReportQA
    from qa.settings import settings_from_env
    from ui.app import check_bind, check_port, launch

    settings = settings_from_env()
    check_bind(args.host, settings)  # refuse an open address or a busy port before the index loads
    check_port(args.host, args.port)
    out.write("Loading the index (building it first if needed)…\n")
    out.flush()
    started = time.perf_counter()
    bot = ReportQA.load(args.index, settings=settings, progress=not args.quiet)
    out.write(_index_line(bot, time.perf_counter() - started) + "\n")
    out.flush()
    launch(args.host, args.port, bot=bot, settings=settings)
    return 0


def _index_line(bot, seconds: float) -> str:
    """How the index came to be ready: loaded as it was, or (re)built, and what was embedded."""
    status, report = bot.status(), bot.build_report
    if report is None:
        return (f"Index ready in {seconds:.1f} s: {status['passages']} passages loaded from {status['index_dir']} "
                f"(built {status['built_at']}); nothing embedded.")
    return (f"Index built in {seconds:.1f} s: {report.embedded} passage(s) embedded, {report.reused} reused, "
            f"into {status['index_dir']}.")


def cmd_eval(args, out) -> int:
    from qa.bot import ReportQA
    from qa.evaluate import corpus_index_dir, evaluate, load_questions
    from qa.settings import settings_from_env

    questions = load_questions(args.file)
    index_dir = args.index
    if args.corpus is not None and index_dir is None:
        settings = settings_from_env()
        index_dir = corpus_index_dir(args.corpus, settings.documents, settings.index_dir)
    bot = ReportQA.load(index_dir, documents=args.corpus, progress=not args.quiet)
    report = evaluate(bot, questions, source=str(args.file))
    if args.json:
        out.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write("\n".join(report.lines()) + "\n")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa", description="ClusterQA: ask the Global Advanced "
                                     "Manufacturing Clusters Trends Report 2023.")
    parser.add_argument("--index", type=Path, default=None, help="index folder (default: CLUSTERQA_INDEX_DIR or ./index)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build or update the index")
    build.add_argument("paths", nargs="*", type=Path, help="files or folders (default: documents/)")
    build.add_argument("--force", action="store_true", help="rebuild even when up to date")
    build.set_defaults(handler=cmd_build)

    search = commands.add_parser("search", help="show the passages that match a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5, help="how many passages (default 5)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=cmd_search)

    evaluate = commands.add_parser("eval", help="score ask and search on a question file (JSON lines)")
    evaluate.add_argument("file", type=Path, help="questions, e.g. tests/eval/dev.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print a JSON report")
    evaluate.add_argument("--corpus", type=Path, default=None,
                          help="documents to answer from (default: the report); indexed in its own cache folder")
    evaluate.add_argument("--index", type=Path, default=argparse.SUPPRESS, help="index folder for --corpus")
    evaluate.set_defaults(handler=cmd_eval)

    ask = commands.add_parser("ask", help="answer a question from the report, with its sources")
    ask.add_argument("question")
    ask.add_argument("--history", nargs="*", metavar="Q", default=[],
                     help="earlier questions of the conversation, oldest first (for follow-ups)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.set_defaults(handler=cmd_ask)

    chat = commands.add_parser("chat", help="ask questions one after another (keeps the conversation)")
    chat.set_defaults(handler=cmd_chat)

    status = commands.add_parser("status", help="what is indexed and how (never builds; exit 1 if stale, 2 if none)")
    status.set_defaults(handler=cmd_status)

    clusters = commands.add_parser("clusters", help="list the appendix clusters that match filters")
    for option, example in (("continent", "亚洲, North America"), ("country", "瑞典, Sweden"),
                            ("domain", "消费品, biomedicine"), ("industry", "半导体, aerospace"),
                            ("name", "硅谷"), ("firm", "华为")):
        clusters.add_argument(f"--{option}", default=None, help=f"e.g. {example}")
    clusters.add_argument("--json", action="store_true", help="print JSON")
    clusters.set_defaults(handler=cmd_clusters)

    tables = commands.add_parser("tables", help="what the report's tables yield")
    tables.add_argument("--report", action="store_true", help="the linking report and 图 2-1 reconciliation")
    tables.set_defaults(handler=cmd_tables)

    serve = commands.add_parser("serve", help="start the web page (chat, cluster explorer, status)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; others need CLUSTERQA_AUTH=user:password)")
    serve.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: list[str] | None = None, out=None) -> int:
    out = TerminalSafe(out or sys.stdout)
    args = make_parser().parse_args(argv)
    try:
        return args.handler(args, out)
    except ClusterQAError as exc:
        print(f"error: {terminal_safe(str(exc), json_escapes=True)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
