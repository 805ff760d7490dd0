"""Rules for the values themselves, beyond what a JSON Schema pattern can say: text without control characters
and not blank once invisible characters are set aside, http(s) URLs that parse and whose host is in one script,
and DOIs of the DOI grammar. Each check returns None or (problem, expected, fix) for a DataError. Pure functions.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from .markup import URL_CHARS

# C0 controls except the line feed (YAML's line break; a tab is a control here too, however it was written: a
# literal tab or the escape "\t"), DEL, C1 controls, and the line and paragraph separators.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Characters that show nothing: format characters (zero-width space and joiners, bidi controls, the BOM, soft
# hyphen, tags…), fillers that render blank, variation selectors, and white space.
_FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}


def _invisible(ch: str) -> bool:
    if ch.isspace() or ch in _FILLERS:
        return True
    cat = unicodedata.category(ch)
    if cat in ("Cf", "Cc", "Zs", "Zl", "Zp", "Co", "Cn", "Cs"):
        return True
    return 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF  # variation selectors


def text_problem(value: str):
    bad = _CONTROL.search(value)
    if bad:
        ch = bad.group()
        name = {"\t": "a tab", "\r": "a carriage return"}.get(ch, f"control character U+{ord(ch):04X}")
        return (f"text holds {name} at character {bad.start() + 1}", "text without control characters",
                "remove it (a tab or '\\t' becomes a space; for a new line use a YAML block scalar '|')")
    if all(_invisible(ch) for ch in value):
        return ("blank text" if not value.strip() else "text made only of invisible characters",
                "text with at least one visible character", "write the text, or remove the field")
    return None


# --- URLs -----------------------------------------------------------------------------------------------------

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_URL_FIX = "write an absolute http:// or https:// address; percent-encode other characters (a space is %20)"


def _script(ch: str) -> str | None:
    """A letter's script, from its Unicode name (LATIN, CYRILLIC, GREEK, CJK…); None for digits and marks."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC")):
        return "CJK"
    return name.split(" ")[0] or None


def mixed_script(label: str) -> bool:
    """Whether a host label's letters come from more than one script (Cyrillic 'е' inside 'example')."""
    return len({s for s in map(_script, label) if s}) > 1


def url_problem(url: str):
    expected = "an absolute http or https URL (RFC 3986 characters only)"
    if not URL_CHARS.match(url):
        bad = next(ch for ch in url if not URL_CHARS.match(ch))
        what = "a space" if bad == " " else f"'{bad}'" if bad.isprintable() else f"U+{ord(bad):04X}"
        host_hint = " (a non-ASCII host is written in punycode, xn--…)" if ord(bad) > 127 else ""
        return (f"URL holds {what}, which RFC 3986 does not allow", expected, _URL_FIX + host_hint)
    if _PERCENT.search(url):
        return ("URL has a '%' that does not start a percent-encoding (%XX)", expected, "write '%' as %25")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return (f"URL does not parse: {exc}", expected, _URL_FIX)
    if parts.scheme not in ("http", "https") or not url.startswith(("http://", "https://")):
        return (f"URL scheme '{parts.scheme}' is not http or https", expected, _URL_FIX)
    if "@" in parts.netloc:
        return ("URL carries a user name or password before '@'", "an address without user information",
                "remove the part before '@' (it can disguise the real host)")
    host = parts.hostname or ""
    if not host:
        return ("URL has no host", expected, _URL_FIX)
    after_host = url[len(parts.scheme) + 3 + len(parts.netloc):]
    if "[" in after_host or "]" in after_host:
        return ("URL has '[' or ']' outside an IPv6 host", expected, "percent-encode them as %5B and %5D")
    if "[" not in parts.netloc:  # a host name (an IPv6 literal's brackets urlsplit has checked)
        labels = host.rstrip(".").split(".")
        for label in labels:
            if not _LABEL.match(label):
                return (f"URL host '{host}' is not a valid host name", "letters, digits and hyphens between dots", _URL_FIX)
            if label.lower().startswith("xn--"):
                try:
                    decoded = label.lower().encode("ascii").decode("idna")
                except (UnicodeError, ValueError):
                    return (f"URL host label '{label}' is not valid punycode", expected, _URL_FIX)
                if mixed_script(decoded):
                    return (f"URL host '{host}' mixes scripts ('{decoded}')", "a host name in one script",
                            "check the address: letters from different scripts that look alike can point elsewhere")
    if port == 0:
        return ("URL port 0", expected, _URL_FIX)
    return None


# --- DOIs -----------------------------------------------------------------------------------------------------

# The DOI grammar (DOI Handbook 2.2: "10." registrant code "/" suffix), with the suffix characters Crossref
# recommends matching (https://www.crossref.org/blog/dois-and-matching-regular-expressions/).
DOI = re.compile(r"^10\.[0-9]{4,9}(?:\.[0-9]+)*/[-._;()/:A-Za-z0-9]+$")


def doi_problem(doi: str):
    if not DOI.match(doi):
        return (f"DOI '{doi}' does not follow the DOI grammar", "10.<registrant>/<suffix> with the suffix made of "
                "letters, digits and - . _ ; ( ) / :", "copy the DOI from the paper's doi.org link, without 'https://doi.org/'")
    return None


# --- every value of every file ----------------------------------------------------------------------------------

def value_errors(docs, walk) -> list:
    """The errors of every string in the documents (read without errors so far): text rules everywhere, URL
    rules under 'url', DOI rules under 'doi'. ``walk`` yields (path, value) for a document (loader.walk)."""
    out = []
    for doc in docs:
        if doc is None or doc.errors or doc.data is None:
            continue
        before = len(doc.errors)
        for path, value in walk(doc.data):
            if not isinstance(value, str) or not path:
                continue
            name = next((p for p in reversed(path) if isinstance(p, str)), None)
            problem = text_problem(value)
            if problem is None and name == "url" and path[-1] == "url":
                problem = url_problem(value)
            if problem is None and name == "doi" and path[-1] == "doi":
                problem = doi_problem(value)
            if problem:
                doc.error(path, *problem)
        out += doc.errors[before:]
        del doc.errors[before:]  # reported through the list returned, as semantic errors are
    return out
