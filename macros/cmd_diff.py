"""`python -m macros.cli diff BASE` (make diff BASE=<git ref>): the pages, tables and cells that the data in
the working tree changes compared with BASE."""
from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("diff", help="pages, tables and cells changed since a git ref")
    p.add_argument("base", nargs="?", default="HEAD", help="git ref to compare with (default HEAD)")
    p.add_argument("--lang", action="append", help="language(s) to report (default: en and zh)")
    p.set_defaults(func=run)


def _checkout(base: str, dest: Path, root: Path) -> None:
    """data/ and schemas/ as they were at BASE, so the old data is read with its own rules."""
    archive = subprocess.run(["git", "archive", "--format=tar", base, "data", "schemas"], cwd=root,
                             capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"git archive {base} failed: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")


def run(args) -> int:
    from . import diff, loader
    from .errors import report

    root = loader.ROOT
    new, errors = loader.load(root / "data", root)
    if errors:
        print(report(errors), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        _checkout(args.base, Path(tmp), root)
        old, errors = loader.load(Path(tmp) / "data", Path(tmp))
    if errors:
        print(f"the data at {args.base} does not load:\n{report(errors)}", file=sys.stderr)
        return 1
    guide_changes = diff.compare_guide(old, new)  # the same in every language
    for lang in args.lang or ["en", "zh"]:
        print(diff.markdown(diff.compare(old, new, lang, guide=guide_changes), args.base))
    return 0
