"""Refresh the repository's copies of the shared question files and documents from ``../shared``.

    .venv/bin/python bench/refresh_eval_copies.py [--shared DIR] [--check]

The tests and benchmarks read only these copies, so a clone with nothing beside it runs them;
this script is the one place that looks at ``../shared`` (the team's folder beside the clone),
and only when it is there.  A copied file that carries a licence (a ``LICENCE*`` file in its
source folder, as the CMRC sample does) is copied with that licence beside it.
``--check`` copies nothing and exits 1 when a copy differs from its source.
"""
from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (path under shared/, path in the repository)
COPIES = [
    ("eval/dev.jsonl", "tests/eval/dev.jsonl"),
    ("documents-pdf/report-a4.pdf", "tests/documents-pdf/report-a4.pdf"),
]


def with_licences(shared: Path) -> list[tuple[Path, Path]]:
    """Every (source, copy) pair, with the licence files of each source folder added."""
    pairs = []
    for source, copy in COPIES:
        source, copy = shared / source, ROOT / copy
        pairs.append((source, copy))
        for folder in [source.parent, *source.parent.parents]:
            if folder == shared.parent:
                break
            pairs += [(licence, copy.parent / licence.name) for licence in sorted(folder.glob("LICENCE*"))]
    return list(dict.fromkeys(pairs))


def default_shared() -> Path:
    """``../shared`` beside this checkout or, for a git worktree, beside its main checkout."""
    candidates = [ROOT.parent / "shared"]
    try:
        common = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, check=True).stdout.strip()
        candidates.append(Path(common).parent.parent / "shared")
    except (OSError, subprocess.CalledProcessError):
        pass
    return next((c for c in candidates if c.is_dir()), candidates[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None,
                        help="the shared folder (default: ../shared beside this checkout or its main checkout)")
    parser.add_argument("--check", action="store_true", help="report differences, copy nothing")
    args = parser.parse_args()
    args.shared = args.shared or default_shared()
    if not args.shared.is_dir():
        print(f"{args.shared} is not here: the copies in the repository stay as they are.")
        return 0
    stale = 0
    for source, copy in with_licences(args.shared):
        if not source.exists():
            print(f"missing in shared: {source} (keeping {copy.relative_to(ROOT)})")
            continue
        if copy.exists() and filecmp.cmp(source, copy, shallow=False):
            print(f"up to date: {copy.relative_to(ROOT)}")
            continue
        stale += 1
        if args.check:
            print(f"differs: {copy.relative_to(ROOT)} (from {source})")
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, copy)
        print(f"copied: {source} -> {copy.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
