"""No test, benchmark, script or default reads the team's ``../shared`` folder.

A user's clone has nothing beside it: ``tests/test_table_questions.py`` used to read
``../shared/eval/dev.jsonl`` at import time, so the README's test command stopped at
collection (FileNotFoundError, no test run) everywhere but on the team's machines.  The
files the tests need are copied into ``tests/`` by ``bench/refresh_eval_copies.py``, the one
script allowed to look for ``../shared``.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {ROOT / "bench" / "refresh_eval_copies.py"}
# ../shared, /work/shared, or a path built from a "shared" part (ROOT.parent / "shared")
REACHES_SHARED = re.compile(r"""\.\./shared\b|/work/shared\b|["']shared["']""")


def sources():
    for folder in ("qa", "ui", "tests", "bench", ".ci"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and (path.suffix in {".py", ".sh", ".toml", ".cfg", ".ini"} or path.parent.name == ".ci"):
                yield path
    yield from (ROOT / name for name in ("install.sh", "pyproject.toml"))


def test_no_source_reaches_for_shared():
    offenders = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                 for path in sources() if path not in ALLOWED and path != Path(__file__).resolve()
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if REACHES_SHARED.search(line)]
    assert not offenders, ("these lines reach outside the repository; copy the file into tests/ with "
                           "bench/refresh_eval_copies.py instead:\n" + "\n".join(offenders))


def test_the_guard_sees_a_path_into_shared():
    for line in ('DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"', "open('../shared/eval/dev.jsonl')",
                 'Path("/work/shared/documents-pdf")'):
        assert REACHES_SHARED.search(line), line
    assert not REACHES_SHARED.search('"""shared by tokenizers with the same words"""')
