"""Formatting quantities, and the Markdown escaping of macros/markup.py under its short name. Pure functions."""
from __future__ import annotations

from . import markup
from .model import Quantity

# The escaping functions live in macros/markup.py (the one boundary); these names are kept for the renderers.
esc = markup.md_text
esc_attr = markup.html_attr


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


def colon(lang: str) -> str:
    """': ' in English, '：' in Chinese (full-width, no space after it)."""
    return "：" if lang == "zh" else ": "


def comma(lang: str) -> str:
    return "，" if lang == "zh" else ", "


def semicolon(lang: str) -> str:
    """'; ' in English, '；' in Chinese. A function, not a string of data/ui.yaml: the history builds old commits'
    tables with this code and their ui.yaml, which a new key would be missing from."""
    return "；" if lang == "zh" else "; "


def gap(lang: str) -> str:
    """Between a sentence and what follows it on the same line (its citation marks, the next sentence): a space in
    English, nothing in Chinese, whose full-width punctuation carries its own space."""
    return "" if lang == "zh" else " "


def claim_anchor(en: str) -> str:
    """The anchor of a cited statement on each of its sources' pages: 'c-' and 8 hex digits of the SHA-256 of its
    English text. It stays as long as the statement says the same thing (moving or reordering statements keeps it);
    rewording a statement makes it another statement, with another anchor."""
    import hashlib
    return "c-" + hashlib.sha256(en.encode("utf-8")).hexdigest()[:8]
