"""Imports run one way through the stages: documents -> retrieval -> tables -> answering.

A module of an earlier stage that imports a later one (retrieval importing answering,
say) would tie the stages into a knot; this test reads every module's imports with
``ast`` and fails on the first import that runs backwards or reaches the shells
(``qa.bot``, ``qa.cli``, ``qa.evaluate``) from inside a stage.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "qa"
STAGES = ["documents", "retrieval", "tables", "answering"]
SHELLS = {"bot", "cli", "evaluate", "__main__"}


def stage_of(module: str) -> str | None:
    """The stage a dotted ``qa.…`` module belongs to, "shell" for the shells, None for the shared top level."""
    parts = module.split(".")
    if parts[0] != "qa" or len(parts) < 2:
        return None
    if parts[1] in STAGES:
        return parts[1]
    if parts[1] in SHELLS:
        return "shell"
    return None


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def stage_modules():
    for stage in STAGES:
        for path in sorted((PACKAGE / stage).glob("*.py")):
            yield pytest.param(stage, path, id=f"{stage}/{path.name}")


def test_every_stage_has_modules():
    assert all(any((PACKAGE / stage).glob("*.py")) for stage in STAGES)


@pytest.mark.parametrize("stage, path", list(stage_modules()))
def test_imports_only_go_down_the_stages(stage, path):
    own = STAGES.index(stage)
    for lineno, module in imported_modules(path):
        target = stage_of(module)
        if target is None:
            continue
        assert target != "shell", f"{path.name}:{lineno} imports {module}: a stage may not import the shells"
        assert STAGES.index(target) <= own, (
            f"{path.name}:{lineno} imports {module}: {stage} may not import the later stage {target}")


def test_the_check_sees_a_backward_import(tmp_path):
    """The rule itself: a retrieval module importing answering is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from qa.answering.chain import AnswerChain\n", encoding="utf-8")
    targets = [stage_of(module) for _, module in imported_modules(bad)]
    assert "answering" in targets and STAGES.index("answering") > STAGES.index("retrieval")
