"""`python -m macros.cli registry`: add the site's new tables to published/tables.yaml (never removes one)."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("registry", help="record newly published tables in published/tables.yaml")
    p.add_argument("--check", action="store_true", help="only report tables missing from the registry")
    p.set_defaults(func=run)


def run(args) -> int:
    from . import registry, render
    from .loader import load_or_raise

    ctx = render.context(load_or_raise(), "en")
    current = {t.id: render.page_url(t.page) for t in ctx.tables.values()}
    reg = registry.load()
    new = [t for t in current if t not in reg.tables]
    if args.check:
        for t in new:
            print(f"table '{t}' is not in published/tables.yaml; run `make registry`")
        return 1 if new else 0
    registry.REGISTRY.parent.mkdir(exist_ok=True)
    registry.REGISTRY.write_text(registry.dump(registry.merged(reg, current)), encoding="utf-8")
    print(f"published/tables.yaml: {len(new)} new table(s) recorded, {len(reg.tables) + len(new)} in all")
    return 0
