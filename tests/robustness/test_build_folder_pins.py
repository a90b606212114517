"""A rebuild never deletes a build folder a reader is reading.

Used to break: a load racing a forced build could fail with "corrupt index, rebuild"
although the index was fine: the old build folder was deleted while the reader opened it.
"""
import threading

from qa import ReportQA
from qa.retrieval import layout
from qa.retrieval.index import current_build, load_index
from qa.settings import Settings


def _build(corpus, index_dir):
    return ReportQA.build([corpus], index_dir, settings=Settings(embedder="fake"), progress=False)


def test_a_pinned_folder_survives_a_rebuild_and_goes_with_the_next(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _build(small_corpus, index_dir)
    old = current_build(index_dir)

    def read_while_rebuilding(folder):
        _build(small_corpus, index_dir)  # another process rebuilds while this reader holds the folder
        return sorted(p.name for p in folder.iterdir())

    files = layout.with_current_build(index_dir, read_while_rebuilding)
    assert "passages.jsonl" in files and old.is_dir() and current_build(index_dir) != old
    _build(small_corpus, index_dir)
    assert not old.exists()
    assert [p.name for p in index_dir.glob("build-*")] == [current_build(index_dir).name]


def test_loads_racing_forced_builds_never_see_a_corrupt_index(small_corpus, tmp_path, fake_embedder):
    index_dir = tmp_path / "index"
    _build(small_corpus, index_dir)
    errors, loads, stop = [], [0], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                assert load_index(index_dir, fake_embedder).passages
                loads[0] += 1
            except Exception as exc:  # reported below
                errors.append(repr(exc))

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for thread in readers:
        thread.start()
    try:
        for _ in range(15):
            _build(small_corpus, index_dir)
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert not errors, errors[:3]
    assert loads[0] > 0
