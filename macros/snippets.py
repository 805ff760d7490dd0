"""HTML fragments live in Jinja partials under overrides/partials/atlas/; this renders them (autoescaped)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

PARTIALS = Path(__file__).resolve().parent.parent / "overrides" / "partials" / "atlas"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PARTIALS)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values) -> str:
    return environment().get_template(name).render(**values).strip()
