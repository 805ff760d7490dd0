"""Command line: python -m macros.cli check | build | serve | new | diff (see the Makefile)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import loader
from .errors import report

ROOT = loader.ROOT


def cmd_check(args) -> int:
    start = time.perf_counter()
    data_dir = Path(args.data).resolve() if args.data else loader.data_dir_default(ROOT)
    atlas, errors = loader.load(data_dir, ROOT)
    if errors:
        print(report(errors), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(atlas.kind(k.folder))} {k.folder}" for k in __import__("macros.model", fromlist=["KINDS"]).KINDS)
    print(f"data OK: {counts} ({time.perf_counter() - start:.2f} s)")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("check", help="validate data/ without building")
    p.add_argument("--data", help="data folder (default: data/)")
    p.set_defaults(func=cmd_check)
    for name in ("build", "serve", "new", "diff", "registry"):
        try:
            mod = __import__(f"macros.cmd_{name}", fromlist=["register"])
        except ModuleNotFoundError:
            continue
        mod.register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
