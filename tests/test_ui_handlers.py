"""The web page's event functions against a small fake bot: bad questions get a message and
never reach the bot, a failing bot leaves a friendly message and a working page, follow-ups
carry the earlier questions, the explorer counts what it shows, and the server refuses to
listen beyond loopback without a password."""
from __future__ import annotations

import pytest

from qa.errors import ClusterQAError, ConfigurationError
from qa.records import Answer, Cluster, Passage
from qa.settings import Settings
from ui import explorer
from ui.app import EMPTY_QUESTION, ERROR_MESSAGE, Handlers, build_app, check_bind

ROW = Passage(id="r1", source="report.txt", section="附表", page=None, kind="table_row",
              text="附表 | 序号: 2 | 集群名称: 东京汽车集群 | 所在国家: 日本")

CLUSTERS = [
    Cluster(1, "硅谷高科技产业集群", "北美洲", "美国", "半导体", "电子信息领域", ("苹果", "谷歌"), ("斯坦福大学",)),
    Cluster(2, "东京汽车集群", "亚洲", "日本", "汽车产业", "新能源及智能网联汽车领域", ("丰田",), (), (), (ROW,)),
    Cluster(3, "筑波科学城", "亚洲", "日本", "材料产业", "新材料领域"),
    Cluster(4, "首尔<数字>集群", "亚洲", "韩国", "电子", "电子信息领域", ("三星",)),
]


class FakeBot:
    """Duck-typed ReportQA: canned answers, records what it was asked."""

    def __init__(self, settings: Settings | None = None, fail: Exception | None = None):
        self.settings = settings or Settings()
        self.fail = fail
        self.calls: list[tuple[str, list[str]]] = []

    def ask(self, question, history):
        self.calls.append((question, list(history)))
        if self.fail:
            raise self.fail
        return Answer(f"答案：{question}[1]", True, (ROW,), "table", question)

    def ask_stream(self, question, history):
        self.calls.append((question, list(history)))
        yield "流式"
        yield "回答"
        yield Answer("流式回答[1]", True, (ROW,), "llm", question)

    def clusters(self, continent=None, country=None, domain=None):
        return [c for c in CLUSTERS if (continent or c.continent) == c.continent
                and (country or c.country) == c.country and (domain or c.domain) == c.domain]

    def status(self):
        return {"documents": ["report.txt"], "passages": 3, "embedder": "fake", "llm": None}


def _last(generator):
    outputs = list(generator)
    return outputs[-1]


def test_empty_question_gets_a_message_and_no_retrieval():
    bot = FakeBot()
    chat, _, turns, _, _ = _last(Handlers(bot).respond("   ", [], []))
    assert bot.calls == [] and turns == []
    assert chat[-1]["role"] == "assistant" and "Please type a question" in chat[-1]["content"]


def test_overlong_question_gets_a_message_fast():
    bot = FakeBot(Settings(max_question_chars=100))
    chat, _, _, kept, _ = _last(Handlers(bot).respond("问" * 100_000, [], []))
    assert bot.calls == []
    assert "too long" in chat[-1]["content"] and "100000" in chat[-1]["content"]
    assert len(chat[0]["content"]) < 1000  # the bubble does not repeat the whole essay
    assert kept  # the text stays in the box so it can be shortened


def test_answer_updates_chat_sources_and_history():
    bot = FakeBot()
    handlers = Handlers(bot)
    chat, sources, turns, box, export = _last(handlers.respond("日本有多少个集群？", [], []))
    assert box == "" and [t["question"] for t in turns] == ["日本有多少个集群？"]
    assert "表格 · Table" in sources and "cqa-source-1" in sources
    assert "<" not in chat[-1]["content"] and "[1] 附表" in chat[-1]["content"]  # plain text, sources listed
    assert export["value"].endswith(".md")

    _last(handlers.respond("韩国呢？", chat, turns))
    assert bot.calls[-1] == ("韩国呢？", ["日本有多少个集群？"])


def test_a_failing_bot_leaves_a_friendly_message_and_keeps_working():
    bot = FakeBot(fail=RuntimeError("boom: secret internals"))
    handlers = Handlers(bot)
    chat, _, turns, _, _ = _last(handlers.respond("日本？", [], []))
    assert "Sorry, something went wrong" in chat[-1]["content"] and "secret" not in chat[-1]["content"]
    assert turns == []
    bot.fail = None
    chat, _, turns, _, _ = _last(handlers.respond("日本？", chat, turns))
    assert "答案" in chat[-1]["content"] and [t["question"] for t in turns] == ["日本？"]


def test_user_errors_are_shown_as_written():
    bot = FakeBot(fail=ClusterQAError("The index is stale: run python -m qa build."))
    chat, *_ = _last(Handlers(bot).respond("日本？", [], []))
    assert "run python -m qa build." in chat[-1]["content"]


def test_streams_when_an_llm_is_configured():
    settings = Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    outputs = list(Handlers(FakeBot(settings)).respond("趋势？", [], []))
    bubbles = [out[0][-1]["content"] for out in outputs]
    assert any("生成中 · writing" in b and "流式回答" in b for b in bubbles)
    assert "流式回答[1]" in bubbles[-1] and "writing" not in bubbles[-1]
    assert "大模型 · LLM" in outputs[-1][1]


def test_api_returns_markdown_or_a_message():
    handlers = Handlers(FakeBot(Settings(max_question_chars=50)))
    assert "**来源 Sources**" in handlers.ask_api("日本？")
    assert handlers.ask_api("") == EMPTY_QUESTION
    assert "too long" in handlers.ask_api("x" * 51)
    handlers.bot.fail = ValueError("internal")
    assert handlers.ask_api("日本？") == ERROR_MESSAGE


def test_clear_resets_everything():
    chat, sources, turns, box, export = Handlers(FakeBot()).clear()
    assert chat == [] and turns == [] and box == "" and "Ask a question" in sources
    assert export["value"] is None


def test_explorer_counts_the_filtered_clusters():
    handlers = Handlers(FakeBot())
    table, count, chart, pivot, picker, csv = handlers.explore(explorer.ALL, "日本", explorer.ALL, "")
    assert len(table) == 2 and "共 2 个集群" in count and "2 of 4" in count
    assert chart["value"]["集群数 Clusters"].sum() == 2 and "日本" in chart["label"] and "domain" in chart["label"]
    assert csv["value"].endswith(".csv")
    assert picker["choices"] == ["2 · 东京汽车集群", "3 · 筑波科学城"]
    assert pivot.iloc[-1]["合计 Total"] == 2


def test_explorer_text_search_covers_firms_and_industries():
    handlers = Handlers(FakeBot())
    assert handlers.explore(explorer.ALL, explorer.ALL, explorer.ALL, "丰田")[0]["序号 No."].tolist() == [2]
    assert handlers.explore(explorer.ALL, explorer.ALL, explorer.ALL, "半导体")[0]["序号 No."].tolist() == [1]
    assert len(handlers.explore("亚洲", explorer.ALL, "电子信息领域", "")[0]) == 1


def test_continent_narrows_the_country_choices():
    update = Handlers(FakeBot()).continent_changed("亚洲", "美国")
    assert update["choices"] == [explorer.ALL, "日本", "韩国"] and update["value"] == explorer.ALL


def test_cluster_details_show_report_rows_escaped():
    handlers = Handlers(FakeBot())
    details = handlers.select_label("2 · 东京汽车集群")
    assert "报告原文 Report rows" in details and "所在国家: 日本" in details and "丰田" in details
    assert "首尔&lt;数字&gt;集群" in handlers.select_label("4 · 首尔<数字>集群")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_password(host):
    assert check_bind(host, Settings()) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_other_addresses_need_credentials(host):
    with pytest.raises(ConfigurationError, match="CLUSTERQA_AUTH"):
        check_bind(host, Settings())
    assert check_bind(host, Settings(auth="ana:s3cret")) == ("ana", "s3cret")


def test_only_ask_is_offered_to_api_clients():
    info = build_app(FakeBot()).get_api_info()
    assert list(info["named_endpoints"]) == ["/ask"]
    assert not info.get("unnamed_endpoints")


def test_serve_command_refuses_an_open_address_before_loading_anything(monkeypatch, capsys):
    from qa import cli

    monkeypatch.delenv("CLUSTERQA_AUTH", raising=False)
    monkeypatch.setattr("qa.bot.ReportQA.load", lambda *a, **k: pytest.fail("the index was loaded"))
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "7999"]) == 2
    assert "CLUSTERQA_AUTH=user:password" in capsys.readouterr().err


def test_the_chart_counts_by_the_next_level_from_zero():
    """Under a filter the chart used to be one full-width bar; a bar of one cluster sat on the axis."""
    handlers = Handlers(FakeBot())
    chart = handlers.explore("亚洲", explorer.ALL, explorer.ALL, "")[2]
    assert chart["value"].values.tolist() == [["日本", 2], ["韩国", 1]] and "by country" in chart["label"]
    assert handlers.chart_range("亚洲", explorer.ALL, explorer.ALL, "")["y_lim"] == [0, 2]
