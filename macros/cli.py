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
    """Errors fail (exit 1); warnings (what a file still needs to take part fully) are printed and do not."""
    from . import expectations, guidecheck, js, model

    start = time.perf_counter()
    data_dir = Path(args.data).resolve() if args.data else loader.data_dir_default(ROOT)
    atlas, errors, docs = loader.load_documents(data_dir, ROOT)
    notes = []
    if not errors:
        try:
            errors = guidecheck.check(atlas, docs)
        except js.NoEngine as exc:
            notes.append(f"warning: the decision guide's rule was not checked: {exc}")
    if errors:
        print(report(errors), file=sys.stderr)
        return 1
    if data_dir == ROOT / "data":  # reworded statements' anchors (published/redirects.yaml)
        from . import render

        problems = render.claim_redirect_errors(atlas)
        if problems:
            print("\n".join(problems) + f"\n{len(problems)} redirect error{'s' if len(problems) != 1 else ''}",
                  file=sys.stderr)
            return 1
    from . import history

    on = history.reference_date(ROOT)  # the commit's date, not the clock: claims unchecked for over a year warn
    found = [w.format() for w in expectations.warnings(atlas, docs)] + notes + (history.stale(atlas, on) if on else [])
    for line in found:
        print(line, file=sys.stderr)
    counts = ", ".join(f"{len(atlas.kind(k.folder))} {k.folder}" for k in model.KINDS)
    tail = f"; {len(found)} warning{'s' if len(found) != 1 else ''} (they do not fail)" if found else ""
    print(f"data OK: {counts} ({time.perf_counter() - start:.2f} s){tail}")
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
