"""Each table of a page's content in the scrolling box Material's script would otherwise put it in.

Material's content component wraps every `table:not([class])` in `div.md-typeset__scrollwrap > div.md-typeset__table`
once its bundle starts, after the first paint: every table is taken out of the page and put back, and the browser
restyles and lays out the page again (bench/lighthouse.py's traces: most of the work done on DOMContentLoaded). Here
the same boxes are written at build time, and each table gets the class `atlas-grid`, so Material finds no table
left to wrap; overrides/assets/atlas.css styles `table.atlas-grid` with Material's own rules for class-less tables.
Python-Markdown writes a table as a bare `<table>`, and tables do not nest in Markdown, so the tags pair up.
"""
from __future__ import annotations

import re

OPEN = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="atlas-grid">'
CLOSE = "</table></div></div>"
_OPEN = re.compile(r"<table>")
_CLOSE = re.compile(r"</table>")


def wrap(html: str) -> str:
    """`html` with each bare `<table>…</table>` inside Material's two boxes and classed `atlas-grid`.

    Raises ValueError if the bare opening and closing tags do not pair up, rather than writing broken markup."""
    opened, closed = len(_OPEN.findall(html)), len(_CLOSE.findall(html))
    if opened == 0:
        return html
    if opened != closed:
        raise ValueError(f"{opened} <table> but {closed} </table> in one page's content: tables cannot be wrapped")
    return _CLOSE.sub(CLOSE, _OPEN.sub(OPEN, html))
