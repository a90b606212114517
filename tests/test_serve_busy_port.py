"""``python -m qa serve`` on a port that is taken says so in one line naming ``--port``.

It used to load the index first and then die in Gradio with a traceback suggesting
GRADIO_SERVER_PORT, which ClusterQA does not read.
"""
import io
import socket

import pytest

from qa.cli import main
from qa.errors import ConfigurationError
from ui.app import check_port


@pytest.fixture
def busy_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield holder.getsockname()[1]


def test_serve_on_a_busy_port_is_one_line_naming_port(busy_port, tmp_path, capsys):
    never_built = tmp_path / "index"
    code = main(["--index", str(never_built), "--quiet", "serve", "--port", str(busy_port)], out=io.StringIO())
    error = capsys.readouterr().err
    assert code == 2 and len(error.strip().splitlines()) == 1, error
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in error and "--port" in error
    assert "Traceback" not in error and "GRADIO_SERVER_PORT" not in error
    assert not never_built.exists()  # refused before the index was loaded or built


def test_the_message_suggests_a_free_port(busy_port):
    with pytest.raises(ConfigurationError, match=r"--port, e\.g\. --port (\d+)") as caught:
        check_port("127.0.0.1", busy_port)
    suggested = int(caught.value.args[0].rsplit("--port ", 1)[1].rstrip("."))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", suggested))


@pytest.mark.parametrize("port", [0, 70000])
def test_a_port_out_of_range_is_refused(port):
    with pytest.raises(ConfigurationError, match="--port must be from 1 to 65535"):
        check_port("127.0.0.1", port)


def test_a_free_port_passes():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    check_port("127.0.0.1", port)
