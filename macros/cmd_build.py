"""`python -m macros.cli build`: the strict static build of every language into site/."""
from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("build", help="build the site (both languages, strict) into site/")
    p.add_argument("--site-dir", help="output folder (default: site/)")
    p.set_defaults(func=run)


def run(args) -> int:
    from mkdocs.exceptions import MkDocsException

    from .site import build_site

    try:
        times = build_site(Path(args.site_dir).resolve() if args.site_dir else None)
    except MkDocsException as exc:
        print(f"build failed:\n{exc}", file=sys.stderr)
        return 1
    print("built " + ", ".join(f"{lang} in {secs:.1f} s" for lang, secs in times.items()))
    return 0
