"""The Gradio web page: chat with cited passages, the cluster explorer, and the documents.

A thin shell over :class:`~qa.bot.ReportQA`: every question goes through ``bot.ask`` (or
``bot.ask_stream`` when an LLM is configured), every cluster comes from ``bot.clusters()``,
every document change through ``bot.add_document`` / ``bot.remove_document``.
:class:`Handlers` holds the event functions (:mod:`ui.handlers`, :mod:`ui.documents`) so
they can be tested without a server; :func:`build_app` wires them into Blocks;
:func:`launch` checks the address and serves.
"""
from __future__ import annotations

import errno
import logging
import os
import socket

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from a local tool

import gradio as gr  # noqa: E402

from qa.errors import ConfigurationError  # noqa: E402
from qa.settings import Settings, settings_from_env  # noqa: E402
from ui import explorer  # noqa: E402
from ui.documents import ACCEPTED_TYPES, EMPTY_PROGRESS, DocumentHandlers  # noqa: E402
from ui.formatting import EMPTY_SOURCES_HTML  # noqa: E402
from ui.guard import RequestGuard, is_loopback_name  # noqa: E402
from ui.handlers import (EMPTY_QUESTION, ERROR_MESSAGE, HISTORY_LIMIT, NOT_TEXT, ChatHandlers,  # noqa: E402,F401
                         ExplorerHandlers)
from ui.theme import CSS, JS  # noqa: E402

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# Other events run at once (answering has its own lanes, ui/lanes.py), and requests allowed
# to wait; beyond that Gradio says "busy".
CONCURRENCY_LIMIT = 4
QUEUE_SIZE = 64
# The largest upload ("Add a document"): the PDF reader's own limit (qa.documents.pdf.DEFAULT_MAX_BYTES).
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_UPLOAD = "200mb"

CLUSTERS_MISSING = "集群表尚不可用。 The cluster tables are not available in this version."
TITLE_HTML = ('<div class="cqa-title"><h1>全球先进制造业集群发展趋势报告（2023）问答 · ClusterQA</h1>'
              "<p>依据报告原文回答，并标出出处。 Answers come from the report, with the passages they cite.</p></div>")

EXAMPLES = [
    "日本有多少个集群？",
    "2021年硅谷风险投资主要投向哪个领域，占比多少？",
    "德国制造业占GDP的比重保持在什么区间？",
    "美国有哪些生物医药集群？",
    "How many clusters are there in Germany?",
    "What are the main trends of advanced manufacturing clusters?",
]


class Handlers(ChatHandlers, ExplorerHandlers, DocumentHandlers):
    """Every event function of the page, bound to one bot (shared by every session)."""

    def __init__(self, bot, settings: Settings | None = None, lanes=None):
        ChatHandlers.__init__(self, bot, settings, lanes)
        self._clusters = None


def build_app(bot, settings: Settings | None = None) -> gr.Blocks:
    """The whole page for ``bot`` (a :class:`~qa.bot.ReportQA` or anything shaped like it)."""
    handlers = Handlers(bot, settings)
    clusters = handlers.clusters
    private = {"api_visibility": "private"}

    with gr.Blocks(title="ClusterQA · 全球先进制造业集群报告问答", analytics_enabled=False) as demo:
        gr.HTML(TITLE_HTML, elem_id="cqa-title")
        with gr.Tabs():
            with gr.Tab("问答 Chat", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="对话 Conversation", height=480, elem_id="cqa-chat",
                                             feedback_options=None, latex_delimiters=[], render_markdown=False,
                                             buttons=["copy"])
                        with gr.Row():
                            question = gr.Textbox(show_label=False, scale=5, lines=1, max_lines=4,
                                                  placeholder="输入问题，例如：日本有多少个集群？ Ask about the report…",
                                                  elem_id="cqa-question")
                            ask = gr.Button("提问 Ask", variant="primary", scale=1, elem_id="cqa-ask")
                        with gr.Row():
                            clear = gr.Button("清空对话 Clear chat", size="sm", elem_id="cqa-clear")
                            export_chat = gr.DownloadButton("导出对话 Export chat (.md)", size="sm",
                                                            interactive=False, elem_id="cqa-export-chat")
                    with gr.Column(scale=2):
                        sources = gr.HTML(EMPTY_SOURCES_HTML, label="来源 Sources", elem_id="cqa-sources")
                gr.Markdown("**示例问题 Example questions**（点击即问 click to ask）")
                with gr.Row(elem_classes="cqa-examples"):
                    examples = [gr.Button(text, size="sm", elem_classes="cqa-example") for text in EXAMPLES]
                turns = gr.State([])

            with gr.Tab("集群 Explorer", id="explorer"):
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
                table, count, chart_update, pivot, picker, csv = handlers.explore(
                    explorer.ALL, explorer.ALL, explorer.ALL, "")
                with gr.Row():
                    count_md = gr.Markdown(count, elem_id="cqa-count")
                    export_csv = gr.DownloadButton("导出表格 Export rows (.csv)", value=csv["value"], size="sm",
                                                   elem_id="cqa-export-csv")
                table_df = gr.Dataframe(table, interactive=False, wrap=True, max_height=560,
                                        column_widths=list(explorer.COLUMN_WIDTHS),
                                        label="集群 Clusters（点击一行查看详情 click a row for details）",
                                        elem_id="cqa-clusters")
                with gr.Row():
                    with gr.Column(scale=1):
                        picked = gr.Dropdown(choices=picker["choices"], value=None, label="选择集群 Select a cluster",
                                             elem_id="cqa-picker")
                        details = gr.HTML(explorer.details_html(None), elem_id="cqa-details")
                    with gr.Column(scale=1):
                        chart = gr.BarPlot(chart_update["value"], x=explorer.CHART_COLUMNS[0],
                                           y=explorer.CHART_COLUMNS[1], label=chart_update["label"],
                                           sort=handlers.chart_order or None, x_label_angle=-40,
                                           y_lim=explorer.y_range(chart_update["value"]), elem_id="cqa-chart",
                                           height=360)
                pivot_df = gr.Dataframe(pivot, interactive=False, label="洲 × 领域 Continent × domain",
                                        elem_id="cqa-pivot")

            with gr.Tab("文档 Documents", id="documents"):
                docs_html, removable, status_md = handlers.documents_view()
                gr.Markdown("**添加文档 Add a document**（.txt、.md、.pdf；先可关键词检索，嵌入完成后全面检索 "
                            "keyword search serves it at once, full search once embedded）")
                upload = gr.File(label="添加文档 Add a document", file_types=ACCEPTED_TYPES, file_count="single",
                                 type="filepath", elem_id="cqa-upload")
                add_state = gr.HTML(EMPTY_PROGRESS, elem_id="cqa-add-progress")
                documents = gr.HTML(docs_html, elem_id="cqa-documents")
                with gr.Row():
                    remove_choice = gr.Dropdown(choices=removable["choices"], value=removable["value"],
                                                label="移除用户添加的文档 Remove an added document",
                                                elem_id="cqa-remove-choice")
                    remove = gr.Button("移除 Remove", size="sm", elem_id="cqa-remove")
                status = gr.Markdown(status_md, elem_id="cqa-status")
                refresh = gr.Button("刷新 Refresh", size="sm")

        chat_io = dict(inputs=[question, chatbot, turns], outputs=[chatbot, sources, turns, question, export_chat],
                       concurrency_id="answer", concurrency_limit=handlers.lanes.workers, **private)
        question.submit(handlers.respond, **chat_io)
        ask.click(handlers.respond, **chat_io)
        for button, text in zip(examples, EXAMPLES):
            button.click(lambda text=text: text, None, question, queue=False, **private).then(
                handlers.respond, **chat_io)
        reset = dict(outputs=[chatbot, sources, turns, question, export_chat], queue=False, **private)
        clear.click(handlers.clear, **reset)
        chatbot.clear(handlers.clear, **reset)

        filters = [continent, country, domain, search]
        views = [table_df, count_md, chart, pivot_df, picked, export_csv]
        continent.change(handlers.continent_changed, [continent, country], country, **private)
        # The chart's y range is set after its data (Gradio drops new data sent with a new range).
        rescale = dict(fn=handlers.chart_range, inputs=filters, outputs=chart, **private)
        for control in (continent, country, domain):
            control.change(handlers.explore, filters, views, **private).then(**rescale)
        search.submit(handlers.explore, filters, views, **private).then(**rescale)
        search.change(handlers.explore, filters, views, trigger_mode="always_last", **private).then(**rescale)
        table_df.select(handlers.select_row, None, [details, picked], **private)
        picked.input(handlers.select_label, picked, details, **private)

        document_views = [add_state, documents, remove_choice, status]
        upload.upload(handlers.add, upload, document_views, concurrency_id="documents", concurrency_limit=1,
                      **private)
        remove.click(handlers.remove, remove_choice, document_views, concurrency_id="documents",
                     concurrency_limit=1, **private)
        refresh.click(handlers.documents_view, None, [documents, remove_choice, status], **private)

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
                                              extra_hosts=settings.allowed_hosts,
                                              max_upload_bytes=MAX_UPLOAD_BYTES)]},
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
            js=JS,
        )
    except OSError:
        check_port(host, port)  # taken while the index loaded: say so in one line
        raise
    return demo
