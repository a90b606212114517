"""A test server leaves nothing behind: its log, user data, exports and Gradio files are in one
scratch folder that ``stop()`` removes.

It used to leave a ``clusterqa-serve-*.log`` in /tmp per server, then also a
``clusterqa-user-*`` folder and the exports its pages wrote (``clusterqa-exports-*``).
"""
from ui.local_server import LocalServer


def test_stop_removes_the_scratch_folder_even_when_never_started():
    server = LocalServer()
    scratch = server.scratch
    assert scratch.is_dir() and server.user_data.parent == scratch
    server.stop()
    assert not scratch.exists()


def test_a_given_user_data_folder_is_kept(tmp_path):
    server = LocalServer(user_data=tmp_path / "mine")
    server.stop()
    assert (tmp_path / "mine").is_dir() and not server.scratch.exists()
