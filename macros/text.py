"""Escaping data text for Markdown, and formatting quantities. Pure functions."""
from __future__ import annotations

import html
import re

from .model import Quantity

# Characters Python-Markdown, its extensions (tables, attr_list, abbr, footnotes, pymdownx) or Jinja could
# treat as syntax anywhere in a line. Each becomes a numeric character reference, which Markdown passes
# through untouched and the browser shows as the character itself.
_ACTIVE = set("\\`*_[](){}!|#~^=:$%<>&\"'")
_ESCAPES = {**{ord(ch): f"&#{ord(ch)};" for ch in _ACTIVE}, ord("\r"): None, ord("\n"): "<br>"}  # for str.translate
_LINE_START = re.compile(r"^(\s*)(?:([-+>])|(\d+)([.)])(?=\s|$))")


def esc(value) -> str:
    """Data text -> Markdown that displays exactly that text, whatever it holds."""
    s = str(value).translate(_ESCAPES)
    m = _LINE_START.match(s)
    if m:  # a leading '-', '+' (lists, rules), '1. ' (ordered list) or '>' (quote)
        lead = m.group(1).replace(" ", "&#32;")
        if m.group(2):
            s = lead + f"&#{ord(m.group(2))};" + s[m.end():]
        else:
            s = lead + m.group(3) + f"&#{ord(m.group(4))};" + s[m.end():]
    elif s.startswith(" "):
        stripped = s.lstrip(" ")
        s = "&#32;" * (len(s) - len(stripped)) + stripped
    return s


def esc_attr(value) -> str:
    return html.escape(str(value), quote=True)


UNIT_BASE = {  # unit -> (dimension, factor to the base unit of that dimension)
    "ms": ("time", 0.001), "s": ("time", 1.0), "min": ("time", 60.0), "h": ("time", 3600.0),
    "day": ("time", 86400.0), "week": ("time", 604800.0), "month": ("time", 2629800.0),
}


def number(x: float, lang: str) -> str:
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def quantity_value(q: Quantity, unit_label, per_label, lang: str) -> str:
    """'550–700 ms', '≈ 20,000–50,000 CNY / month' (plain text; escape before use in Markdown)."""
    if q.value is not None:
        core = number(q.value, lang)
    else:
        core = f"{number(q.min, lang)}–{number(q.max, lang)}"
    if q.approximate:
        core = "≈ " + core
    unit = unit_label(q.unit)
    text = f"{core} {unit}" if unit else core
    if q.per:
        text += f" / {per_label(q.per)}"
    return text


def to_milliseconds(q: Quantity) -> tuple[float, float] | None:
    if q.unit not in UNIT_BASE:
        return None
    factor = UNIT_BASE[q.unit][1] * 1000
    return q.low * factor, q.high * factor


def monthly(q: Quantity) -> bool:
    return q.per == "month"
