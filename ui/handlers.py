"""The page's event functions, bound to one bot and testable without a server.

:class:`ChatHandlers` answers questions and keeps the chat's turns (for follow-ups and
the Markdown export); :class:`ExplorerHandlers` filters the cluster table, draws its chart
and writes its CSV.  Documents are added and removed by :mod:`ui.documents`.
"""
from __future__ import annotations

import logging
from typing import Iterator

import gradio as gr

from qa.errors import ClusterQAError
from qa.records import Answer, Cluster, Passage
from qa.settings import Settings, settings_from_env
from ui import explorer
from ui.export import chat_markdown, clusters_csv, turn_from_dict, turn_to_dict, write_export
from ui.lanes import BUSY_MESSAGE, AnswerLanes, LaneFull
from ui.formatting import (EMPTY_SOURCES_HTML, answer_text, bubble_text, api_markdown, message_text, sources_html,
                           streaming_text)

log = logging.getLogger(__name__)

# Earlier questions kept per chat for follow-ups: enough for any conversation, bounded.
HISTORY_LIMIT = 20

EMPTY_QUESTION = "请输入一个关于报告的问题。 Please type a question about the report."
NOT_TEXT = "问题必须是文字。 The question must be text."
ERROR_MESSAGE = ("抱歉，回答这个问题时出错了，请换个问法再试。 "
                 "Sorry, something went wrong while answering; please try again or rephrase.")


class ChatHandlers:
    """Questions in, answers (plain text bubbles and a sources panel) out."""

    def __init__(self, bot, settings: Settings | None = None, lanes: AnswerLanes | None = None):
        self.bot = bot
        self.settings = settings or getattr(bot, "settings", None) or settings_from_env({})
        self.lanes = lanes or AnswerLanes()

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

    def respond(self, question: str | None, chat: list | None, turns: list[dict] | None) -> Iterator[tuple]:
        """Answer ``question``; yields (chat, sources panel, turns, textbox, chat export)."""
        chat = list(chat) if isinstance(chat, list) else []
        turns = [t for t in turns if isinstance(t, dict) and isinstance(t.get("question"), str)] \
            if isinstance(turns, list) else []
        problem = self.question_problem(question)
        if problem:
            typed = question if isinstance(question, str) and question.strip() else ""
            if typed:
                chat.append({"role": "user", "content": bubble_text(typed[:500] + " …")})
            chat.append({"role": "assistant", "content": message_text(problem)})
            yield chat, gr.skip(), turns, typed, gr.skip()
            return
        history = [turn["question"] for turn in turns][-HISTORY_LIMIT:]
        chat += [{"role": "user", "content": bubble_text(question)}, {"role": "assistant", "content": "…"}]
        yield list(chat), gr.skip(), turns, "", gr.skip()
        try:
            answer = None
            with self.lanes.enter(question):
                for partial in self._answers(question, history):
                    if isinstance(partial, Answer):
                        answer = partial
                    else:
                        chat[-1] = {"role": "assistant", "content": streaming_text(partial)}
                        yield list(chat), gr.skip(), turns, "", gr.skip()
            if answer is None:
                raise RuntimeError("the answer chain returned no Answer")
        except LaneFull:
            chat[-1] = {"role": "assistant", "content": message_text(BUSY_MESSAGE)}
            yield chat, gr.skip(), turns, "", gr.skip()
            return
        except ClusterQAError as exc:
            chat[-1] = {"role": "assistant", "content": message_text(str(exc))}
            yield chat, gr.skip(), turns, "", gr.skip()
            return
        except Exception:  # the page must survive anything a question triggers
            log.exception("error answering %r", question[:200])
            chat[-1] = {"role": "assistant", "content": message_text(ERROR_MESSAGE)}
            yield chat, gr.skip(), turns, "", gr.skip()
            return
        nearest = self.nearest(question, answer)
        chat[-1] = {"role": "assistant", "content": answer_text(answer, nearest)}
        turns = [*turns, turn_to_dict(question, answer)]
        yield chat, sources_html(answer, nearest), turns, "", self.chat_export(turns)

    def nearest(self, question: str, answer: Answer) -> Passage | None:
        """For a refusal that cites nothing: the passage of the report closest to the question."""
        if answer.answered or answer.citations or not hasattr(self.bot, "search"):
            return None
        try:
            found = self.bot.search(question, k=1)
        except ClusterQAError:
            return None
        return found[0] if found else None

    def chat_export(self, turns: list[dict]):
        text = chat_markdown([turn_from_dict(turn) for turn in turns])
        return gr.update(value=write_export(text, "clusterqa-chat", ".md"), interactive=True)

    def _answers(self, question: str, history: list[str]) -> Iterator[str | Answer]:
        """Partial texts (when streaming) and then the final Answer."""
        if not self.streams:
            yield self.bot.ask(question, list(history))
            return
        text = ""
        for item in self.bot.ask_stream(question, list(history)):
            if isinstance(item, Answer):
                yield item
                return
            text += item  # the stream yields pieces as the model writes them
            yield text

    def clear(self) -> tuple:
        return [], EMPTY_SOURCES_HTML, [], "", gr.update(value=None, interactive=False)

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


class ExplorerHandlers:
    """The cluster table under a filter: rows, count, chart, pivot, details, CSV."""

    bot = None
    _clusters: list[Cluster] | None = None

    @property
    def clusters(self) -> list[Cluster]:
        if self._clusters is None:
            load = getattr(self.bot, "clusters", None)
            try:
                self._clusters = list(load()) if callable(load) else []
            except ClusterQAError as exc:
                log.warning("no cluster tables: %s", exc)
                self._clusters = []
        return self._clusters

    def forget_clusters(self) -> None:
        """After the corpus changed: read the clusters again on next use."""
        self._clusters = None

    @property
    def continent_order(self) -> list[str]:
        return explorer.by_count(c.continent for c in self.clusters)

    @property
    def chart_order(self) -> list[str]:
        """The chart's category order, fixed when the page is built: continents, countries, domains,
        each most clusters first (the continents in the dropdown's order)."""
        return [*self.continent_order, *explorer.by_count(c.country for c in self.clusters),
                *explorer.by_count(c.domain for c in self.clusters)]

    def explore(self, continent: str, country: str, domain: str, text: str) -> tuple:
        """(table, count, chart update, pivot, cluster choices, CSV download) for the current filter."""
        chosen = {key: value for key, value in (("continent", continent), ("country", country), ("domain", domain))
                  if value and value != explorer.ALL}
        try:
            matching = self.bot.clusters(**chosen) if chosen else self.clusters
        except ClusterQAError as exc:  # a value the report does not have (only a hand-made request)
            log.warning("explorer filter refused: %s", exc)
            matching = []
        shown = explorer.search_clusters(matching, text)
        frame = explorer.cluster_frame(shown)
        attribute, title = explorer.chart_grouping(continent, country, domain)
        chart = explorer.chart_frame(shown, attribute, self.chart_order)
        return (
            frame,
            explorer.count_markdown(len(shown), len(self.clusters)),
            gr.update(value=chart, label=title),
            explorer.pivot_frame(shown, self.continent_order),
            gr.update(choices=[explorer.cluster_label(c) for c in shown], value=None),
            gr.update(value=write_export(clusters_csv(frame), "clusterqa-clusters", ".csv")),
        )

    def chart_range(self, continent: str, country: str, domain: str, text: str) -> dict:
        """The chart's y range for the current filter (sent after its data)."""
        return gr.update(y_lim=explorer.y_range(self.explore(continent, country, domain, text)[2]["value"]))

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
