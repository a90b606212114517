"""The Gradio web page: chat with cited passages, the cluster explorer, and the index status.

A thin shell over :class:`~qa.bot.ReportQA`: every question goes through ``bot.ask`` (or
``bot.ask_stream`` when an LLM is configured), every cluster comes from ``bot.clusters()``.
:class:`Handlers` holds the event functions so they can be tested without a server;
:func:`build_app` wires them into Blocks; :func:`launch` checks the address and serves.
"""
from __future__ import annotations

import errno
import logging
import os
import socket
from typing import Iterator

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from a local tool

import gradio as gr  # noqa: E402

from qa.errors import ClusterQAError, ConfigurationError  # noqa: E402
from qa.records import Answer, Cluster  # noqa: E402
from qa.settings import Settings, settings_from_env  # noqa: E402
from ui import explorer  # noqa: E402
from ui.guard import RequestGuard, is_loopback_name  # noqa: E402
from ui.lanes import BUSY_MESSAGE, AnswerLanes, LaneFull  # noqa: E402
from ui.formatting import (  # noqa: E402
    EMPTY_SOURCES_HTML,
    answer_markdown,
    api_markdown,
    message_markdown,
    question_markdown,
    sources_html,
    status_markdown,
    streaming_markdown,
)

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# Other events run at once (answering has its own lanes, ui/lanes.py), and requests allowed
# to wait; beyond that Gradio says "busy".
CONCURRENCY_LIMIT = 4
QUEUE_SIZE = 64
# The page takes no files; Gradio's upload route is still open, so it gets a small limit.
MAX_UPLOAD = "1mb"
# Earlier questions kept per chat for follow-ups: enough for any conversation, bounded.
HISTORY_LIMIT = 20

EMPTY_QUESTION = "请输入一个关于报告的问题。 Please type a question about the report."
NOT_TEXT = "问题必须是文字。 The question must be text."
ERROR_MESSAGE = ("抱歉，回答这个问题时出错了，请换个问法再试。 "
                 "Sorry, something went wrong while answering; please try again or rephrase.")
CLUSTERS_MISSING = "集群表尚不可用。 The cluster tables are not available in this version."

EXAMPLES = [
    "日本有多少个集群？",
    "2021年硅谷风险投资主要投向哪个领域，占比多少？",
    "德国制造业占GDP的比重保持在什么区间？",
    "美国有哪些生物医药集群？",
    "How many clusters are there in Germany?",
    "What are the main trends of advanced manufacturing clusters?",
]

CSS = """
.cqa-badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:0.8em;
  font-weight:600; border:1px solid currentColor; }
.cqa-route-table { color:#0b6e4f; background:#e3f6ee; }
.cqa-route-passage { color:#1d4ed8; background:#e8efff; }
.cqa-route-llm { color:#7c3aed; background:#f1eafe; }
.cqa-route-none, .cqa-message { color:#555; background:#f1f1f1; }
.cqa-refusal { color:#9a3412; background:#fff1e6; }
.cqa-notice { font-size:0.85em; color:#92400e; }
.cqa-cites { font-size:0.8em; color:#666; }
.cqa-sources { font-size:0.92em; max-height:760px; overflow-y:auto; }
.cqa-sources-head { font-weight:600; margin-bottom:6px; }
.cqa-sources-empty { color:#777; }
.cqa-source-list { padding-left:1.2em; }
.cqa-source { margin-bottom:10px; }
.cqa-source-meta { color:#555; font-size:0.85em; }
.cqa-passage { margin:4px 0; padding:6px 10px; border-left:3px solid #ccc; background:#fafafa;
  white-space:pre-line; }
.cqa-passage mark { background:#fde68a; padding:0 1px; }
.cqa-facts th { text-align:left; padding-right:12px; white-space:nowrap; color:#555; }
#cqa-count { font-size:1.05em; }
/* Gradio sizes the plot without its bottom legend; let the legend show below it. */
#cqa-chart { padding-bottom:64px !important; box-sizing:border-box; }
#cqa-chart svg.marks { overflow:visible; }
"""


class Handlers:
    """The page's event functions, bound to one bot (shared by every session)."""

    def __init__(self, bot, settings: Settings | None = None, lanes: AnswerLanes | None = None):
        self.bot = bot
        self.settings = settings or getattr(bot, "settings", None) or settings_from_env({})
        self.lanes = lanes or AnswerLanes()
        self._clusters: list[Cluster] | None = None

    # ------------------------------------------------------------ questions
    @property
    def streams(self) -> bool:
        return bool(self.settings.llm_enabled and hasattr(self.bot, "ask_stream"))

    def question_problem(self, question: str | None) -> str | None:
        """A message for a question that should not be asked, else None."""
        if question is not None and not isinstance(question, str):
            return NOT_TEXT  # a hand-made request: a number, a list, an object
        if question is None or not question.strip():
            return EMPTY_QUESTION
        limit = self.settings.max_question_chars
        if len(question) > limit:
            return (f"问题太长（{len(question)} 字），上限为 {limit} 字，请缩短后再问。 "
                    f"The question is too long ({len(question)} characters; the limit is {limit}).")
        return None

    def respond(self, question: str | None, chat: list | None, asked: list[str] | None) -> Iterator[tuple]:
        """Answer ``question`` in the chat; yields (chat, sources panel, asked questions, textbox)."""
        chat = list(chat) if isinstance(chat, list) else []
        asked = [item for item in asked if isinstance(item, str)] if isinstance(asked, list) else []
        problem = self.question_problem(question)
        if problem:
            typed = question if isinstance(question, str) and question.strip() else ""
            if typed:
                chat.append({"role": "user", "content": question_markdown(typed[:500] + " …")})
            chat.append({"role": "assistant", "content": message_markdown(problem)})
            yield chat, gr.skip(), asked, typed
            return
        chat.append({"role": "user", "content": question_markdown(question)})
        chat.append({"role": "assistant", "content": "…"})
        yield list(chat), gr.skip(), asked, ""
        try:
            answer = None
            with self.lanes.enter(question):
                for partial in self._answers(question, asked):
                    if isinstance(partial, Answer):
                        answer = partial
                    else:
                        chat[-1] = {"role": "assistant", "content": streaming_markdown(partial)}
                        yield list(chat), gr.skip(), asked, ""
            if answer is None:
                raise RuntimeError("the answer chain returned no Answer")
        except LaneFull:
            chat[-1] = {"role": "assistant", "content": message_markdown(BUSY_MESSAGE)}
            yield chat, gr.skip(), asked, ""
            return
        except ClusterQAError as exc:
            chat[-1] = {"role": "assistant", "content": message_markdown(str(exc))}
            yield chat, gr.skip(), asked, ""
            return
        except Exception:  # the page must survive anything a question triggers
            log.exception("error answering %r", question[:200])
            chat[-1] = {"role": "assistant", "content": message_markdown(ERROR_MESSAGE)}
            yield chat, gr.skip(), asked, ""
            return
        chat[-1] = {"role": "assistant", "content": answer_markdown(answer)}
        yield chat, sources_html(answer), [*asked, question][-HISTORY_LIMIT:], ""

    def _answers(self, question: str, asked: list[str]) -> Iterator[str | Answer]:
        """Partial texts (when streaming) and then the final Answer."""
        if not self.streams:
            yield self.bot.ask(question, list(asked))
            return
        text = ""
        for item in self.bot.ask_stream(question, list(asked)):
            if isinstance(item, Answer):
                yield item
                return
            text += item  # the stream yields pieces as the model writes them
            yield text

    def clear(self) -> tuple:
        return [], EMPTY_SOURCES_HTML, [], ""

    def ask_api(self, question: str) -> str:
        """Answer one question as Markdown with numbered sources (the ``/ask`` endpoint)."""
        try:
            problem = self.question_problem(question)
            if problem:
                return problem
            with self.lanes.enter(question):
                return api_markdown(self.bot.ask(question, []))
        except LaneFull:
            return BUSY_MESSAGE
        except ClusterQAError as exc:
            return str(exc)
        except Exception:
            log.exception("error answering %r via the API", str(question)[:200])
            return ERROR_MESSAGE

    # ------------------------------------------------------------ explorer
    @property
    def clusters(self) -> list[Cluster]:
        if self._clusters is None:
            load = getattr(self.bot, "clusters", None)
            self._clusters = list(load()) if callable(load) else []
        return self._clusters

    def explore(self, continent: str, country: str, domain: str, text: str) -> tuple:
        """(table, count, chart data, pivot, cluster choices) for the current filter."""
        chosen = {key: value for key, value in (("continent", continent), ("country", country), ("domain", domain))
                  if value and value != explorer.ALL}
        try:
            matching = self.bot.clusters(**chosen) if chosen else self.clusters
        except ClusterQAError as exc:  # a value the report does not have (only a hand-made request)
            log.warning("explorer filter refused: %s", exc)
            matching = []
        shown = explorer.search_clusters(matching, text)
        labels = [explorer.cluster_label(c) for c in shown]
        return (
            explorer.cluster_frame(shown),
            explorer.count_markdown(len(shown), len(self.clusters)),
            explorer.count_frame(shown),
            explorer.pivot_frame(shown),
            gr.update(choices=labels, value=None),
        )

    def continent_changed(self, continent: str, country: str) -> dict:
        options = explorer.country_choices(self.clusters, continent)
        return gr.update(choices=options, value=country if country in options else explorer.ALL)

    def cluster_by_number(self, number) -> Cluster | None:
        try:
            number = int(str(number).split("·")[0].strip())
        except (TypeError, ValueError):
            return None
        return next((c for c in self.clusters if c.number == number), None)

    def select_row(self, event: gr.SelectData) -> tuple:
        row = getattr(event, "row_value", None) or []
        cluster = self.cluster_by_number(row[0]) if row else None
        label = explorer.cluster_label(cluster) if cluster else None
        return explorer.details_html(cluster), gr.update(value=label)

    def select_label(self, label: str | None) -> str:
        return explorer.details_html(self.cluster_by_number(label) if label else None)

    # ------------------------------------------------------------ about
    def status(self) -> str:
        try:
            return status_markdown(self.bot.status())
        except Exception:
            log.exception("status failed")
            return ERROR_MESSAGE


def build_app(bot, settings: Settings | None = None) -> gr.Blocks:
    """The whole page for ``bot`` (a :class:`~qa.bot.ReportQA` or anything shaped like it)."""
    handlers = Handlers(bot, settings)
    clusters = handlers.clusters
    private = {"api_visibility": "private"}

    with gr.Blocks(title="ClusterQA · 全球先进制造业集群报告问答", analytics_enabled=False) as demo:
        gr.Markdown("## 全球先进制造业集群发展趋势报告（2023）问答 · ClusterQA\n"
                    "依据报告原文回答，并标出出处。 Answers come from the report, with the passages they cite.")
        with gr.Tabs():
            with gr.Tab("问答 Chat", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="对话 Conversation", height=480, elem_id="cqa-chat",
                                             feedback_options=None, latex_delimiters=[], allow_tags=False,
                                             buttons=["copy"])
                        with gr.Row():
                            question = gr.Textbox(show_label=False, scale=5, lines=1, max_lines=4,
                                                  placeholder="输入问题，例如：日本有多少个集群？ Ask about the report…",
                                                  elem_id="cqa-question")
                            ask = gr.Button("提问 Ask", variant="primary", scale=1, elem_id="cqa-ask")
                        clear = gr.Button("清空对话 Clear chat", size="sm", elem_id="cqa-clear")
                        gr.Examples(EXAMPLES, inputs=question, label="示例问题 Example questions")
                    with gr.Column(scale=2):
                        sources = gr.HTML(EMPTY_SOURCES_HTML, label="来源 Sources", elem_id="cqa-sources")
                asked = gr.State([])

            with gr.Tab("集群浏览 Cluster explorer", id="explorer"):
                if not clusters:
                    gr.Markdown(CLUSTERS_MISSING)
                with gr.Row():
                    continent = gr.Dropdown(explorer.choices(c.continent for c in clusters), value=explorer.ALL,
                                            label="洲 Continent", elem_id="cqa-continent")
                    country = gr.Dropdown(explorer.country_choices(clusters), value=explorer.ALL,
                                          label="国家 Country", elem_id="cqa-country")
                    domain = gr.Dropdown(explorer.choices(c.domain for c in clusters), value=explorer.ALL,
                                         label="领域 Domain", elem_id="cqa-domain")
                    search = gr.Textbox(label="搜索 Search (名称、产业、企业 names, industries, firms)",
                                        elem_id="cqa-search")
                table, count, counts, pivot, picker = handlers.explore(explorer.ALL, explorer.ALL, explorer.ALL, "")
                count_md = gr.Markdown(count, elem_id="cqa-count")
                with gr.Row():
                    with gr.Column(scale=3):
                        table_df = gr.Dataframe(table, interactive=False, wrap=True, max_height=560,
                                                column_widths=list(explorer.COLUMN_WIDTHS),
                                                label="集群 Clusters（点击一行查看详情 click a row for details）",
                                                elem_id="cqa-clusters")
                    with gr.Column(scale=2):
                        picked = gr.Dropdown(choices=picker["choices"], value=None, label="选择集群 Select a cluster",
                                             elem_id="cqa-picker")
                        details = gr.HTML(explorer.details_html(None), elem_id="cqa-details")
                chart = gr.BarPlot(counts, x=explorer.COUNT_COLUMNS[0], y=explorer.COUNT_COLUMNS[2],
                                   color=explorer.COUNT_COLUMNS[1], label="集群数：洲 × 领域 Clusters by continent × domain",
                                   elem_id="cqa-chart", height=420)
                pivot_df = gr.Dataframe(pivot, interactive=False, label="洲 × 领域 Continent × domain",
                                            elem_id="cqa-pivot")

            with gr.Tab("关于 About", id="about"):
                status = gr.Markdown(handlers.status(), elem_id="cqa-status")
                refresh = gr.Button("刷新 Refresh", size="sm")

        chat_io = dict(inputs=[question, chatbot, asked], outputs=[chatbot, sources, asked, question],
                       concurrency_id="answer", concurrency_limit=handlers.lanes.workers, **private)
        question.submit(handlers.respond, **chat_io)
        ask.click(handlers.respond, **chat_io)
        clear.click(handlers.clear, outputs=[chatbot, sources, asked, question], queue=False, **private)
        chatbot.clear(handlers.clear, outputs=[chatbot, sources, asked, question], queue=False, **private)

        filters = [continent, country, domain, search]
        views = [table_df, count_md, chart, pivot_df, picked]
        continent.change(handlers.continent_changed, [continent, country], country, **private)
        for control in (continent, country, domain):
            control.change(handlers.explore, filters, views, **private)
        search.submit(handlers.explore, filters, views, **private)
        search.change(handlers.explore, filters, views, trigger_mode="always_last", **private)
        table_df.select(handlers.select_row, None, [details, picked], **private)
        picked.input(handlers.select_label, picked, details, **private)
        refresh.click(handlers.status, None, status, **private)

        gr.api(handlers.ask_api, api_name="ask", concurrency_id="answer", concurrency_limit=handlers.lanes.workers,
               api_description="Ask the report one question; returns the answer as Markdown with numbered sources.")
    return demo


def check_bind(host: str, settings: Settings) -> tuple[str, str] | None:
    """The login to require for ``host``: none on loopback, CLUSTERQA_AUTH elsewhere (or refuse)."""
    user, _, password = settings.auth.partition(":")
    if settings.auth and user and password:
        return user, password
    if is_loopback_name(host):
        return None
    raise ConfigurationError(
        f"Refusing to serve on {host}: other machines could reach it without a password. "
        "Set CLUSTERQA_AUTH=user:password to require a login, or use --host 127.0.0.1."
    )


def check_port(host: str, port: int) -> None:
    """Refuse a port nothing can listen on, before the index loads, in one line naming ``--port``.

    Gradio's own error for a busy port is a traceback that suggests GRADIO_SERVER_PORT.  The
    probe binds the way Gradio's does (SO_REUSEADDR), so a port left in TIME_WAIT still counts as free.
    """
    if not 1 <= port <= 65535:
        raise ConfigurationError(f"--port must be from 1 to 65535, not {port}.")
    problem = _bind_problem(host, port)
    if problem is None:
        return
    if problem == errno.EADDRINUSE:
        free = next((p for p in range(port + 1, min(port + 50, 65536)) if _bind_problem(host, p) is None), None)
        hint = f", e.g. --port {free}" if free else ""
        raise ConfigurationError(f"Port {port} on {host} is already in use (another ClusterQA page or another "
                                 f"program): start on a free one with --port{hint}.")
    raise ConfigurationError(f"Cannot listen on {host}:{port} ({os.strerror(problem)}): "
                             f"choose another port with --port or another address with --host.")


def _bind_problem(host: str, port: int) -> int | None:
    """The errno of binding ``host:port`` (None when it can be bound)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        return errno.EADDRNOTAVAIL
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.errno or errno.EADDRINUSE
    return None


def launch(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, bot=None, settings: Settings | None = None,
           index_dir=None, progress: bool = True, block: bool = True, quiet: bool = False) -> gr.Blocks:
    """Serve the page on ``host:port`` (loading the bot, and building its index if needed, first)."""
    settings = settings or getattr(bot, "settings", None) or settings_from_env()
    auth = check_bind(host, settings)
    check_port(host, port)
    if bot is None:
        from qa.bot import ReportQA

        bot = ReportQA.load(index_dir, settings=settings, progress=progress)
    demo = build_app(bot, settings)
    demo.queue(default_concurrency_limit=CONCURRENCY_LIMIT, max_size=QUEUE_SIZE)
    from starlette.middleware import Middleware

    try:
        demo.launch(
            server_name=host,
            server_port=port,
            auth=auth,
            max_file_size=MAX_UPLOAD,
            app_kwargs={"middleware": [Middleware(RequestGuard, loopback_only=is_loopback_name(host),
                                              extra_hosts=settings.allowed_hosts)]},
            auth_message="ClusterQA: 请登录 · please log in" if auth else None,
            prevent_thread_lock=not block,
            quiet=quiet,
            show_error=False,
            ssr_mode=False,
            mcp_server=False,
            pwa=False,
            enable_monitoring=False,
            footer_links=["api"],
            theme=gr.themes.Default(),
            css=CSS,
        )
    except OSError:
        check_port(host, port)  # taken while the index loaded: say so in one line
        raise
    return demo
