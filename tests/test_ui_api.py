"""``gradio_client`` users call ``/ask`` on a running ``python -m qa serve`` (real report) and get
Markdown with numbered sources; it is the only endpoint offered, and bad input gets a message."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.report
gradio_client = pytest.importorskip("gradio_client", reason="gradio_client is not installed")


@pytest.fixture(scope="module")
def server():
    from ui.local_server import LocalServer

    with LocalServer() as running:
        yield running


@pytest.fixture(scope="module")
def client(server):
    return gradio_client.Client(server.url, verbose=False)


def test_ask_returns_markdown_with_numbered_sources(client):
    result = client.predict("2021年硅谷风险投资主要投向哪个领域，占比多少？", api_name="/ask")
    assert "41%" in result and "[1]" in result
    assert "**来源 Sources**" in result
    assert "\n1. global-advanced-manufacturing-clusters-2023.txt · " in result


def test_ask_is_the_only_endpoint(client):
    api = client.view_api(return_format="dict", print_info=False)
    assert list(api["named_endpoints"]) == ["/ask"]
    assert not api["unnamed_endpoints"]


def test_ask_with_bad_input_gets_a_message(client):
    assert "Please type a question" in client.predict("  ", api_name="/ask")
    assert "too long" in client.predict("问" * 100_000, api_name="/ask")


def test_ask_returns_html_as_text(client):
    result = client.predict("<img src=x onerror=alert(1)> 硅谷", api_name="/ask")
    assert "<img" not in result


@pytest.mark.parametrize("path", ["gradio_api/file=/etc/passwd", "gradio_api/file=../../etc/passwd",
                                  "gradio_api/file=qa/settings.py", "gradio_api/file=index/CURRENT",
                                  "static/../../etc/passwd"])
def test_server_serves_no_files_of_its_own(server, path):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.url + path, timeout=10)
    assert refused.value.code in (403, 404)
