"""The escaping boundary: data text becomes markup here and nowhere else, one function per output context.

Every function takes data text (or a URL the loader has validated) and returns text for exactly one context;
what it returns shows the original text exactly, or, for a URL, points at exactly that address. Nothing is
dropped: a value a context cannot carry at all (a control character in XML) raises ValueError, since the
loader refuses such text before it gets here.

=====================  =========================================================================================
context                function
=====================  =========================================================================================
HTML element text      ``html_text``
HTML attribute value   ``html_attr``
navigation title       ``nav_title`` (HTML that mkdocs-macros never reads as a template)
URL in an attribute    ``url_attr`` (a parsed, validated http(s) URL, percent-encoded where RFC 3986 says)
Python-Markdown text   ``md_text`` (the site's pages; numeric character references)
Python-Markdown link   ``md_link_target`` (docs paths only) and ``md_external_link`` (an <a> from a partial)
md_in_html attribute   ``md_in_html_attr`` (an attribute inside a ``markdown`` block, which is decoded twice)
GFM Markdown text      ``gfm_text`` and ``gfm_link_target`` (the Markdown export)
CSV cell               ``csv_cell`` (OWASP formula neutralising; the writer quotes every field)
MediaWiki text / URL   ``wiki_text`` and ``wiki_url``
XHTML text / attribute ``xhtml_text`` and ``xhtml_attr`` (Confluence storage format)
=====================  =========================================================================================
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# --- URLs ---------------------------------------------------------------------------------------------------

# RFC 3986's characters: unreserved, reserved (gen-delims and sub-delims) and '%' of a percent-encoding.
URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_NOT_URL_CHAR = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


def checked_url(url: str) -> str:
    """A URL as it may reach any output: http or https, with a host, only RFC 3986 characters (anything else
    percent-encoded, which is what a browser sends for it). Raises ValueError for anything else: the loader
    refuses such URLs with a message first, so this is the last line, not the first."""
    url = str(url)
    if any(ord(c) < 0x21 or 0x7F <= ord(c) <= 0x9F for c in url):
        raise ValueError(f"URL with a space or control character: {url!r}")
    url = _NOT_URL_CHAR.sub(lambda m: _percent(m.group()), url)
    url = _BAD_PERCENT.sub("%25", url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    return url


def url_attr(url: str) -> str:
    """A validated URL -> the value of an href attribute (quoted with double quotes)."""
    return html.escape(checked_url(url), quote=True)


# --- HTML ---------------------------------------------------------------------------------------------------

def html_text(value) -> str:
    """Data text -> HTML element text."""
    return html.escape(str(value), quote=True)


def html_attr(value) -> str:
    """Data text -> an HTML attribute value (in double or single quotes)."""
    return html.escape(str(value), quote=True)


def nav_title(value) -> str:
    """Data text -> a navigation title, which MkDocs' theme prints as HTML in the nav, <title> and the header.
    Braces become references too: mkdocs-macros renders a page's title as a Jinja template when it holds '{{' or
    '{%' (mkdocs_macros/plugin.py, on_page_markdown), so a label from data would otherwise be evaluated."""
    return html_text(value).replace("{", "&#123;").replace("}", "&#125;")


def md_in_html_attr(value) -> str:
    """Data text -> an attribute of an element inside a ``markdown`` block, before Jinja's autoescape.

    md_in_html reads such an element with Python's HTMLParser (which decodes character references) and writes it
    back with Python-Markdown's serializer, which leaves anything that looks like a reference as it is: text typed
    as ``&lt;b&gt;`` would come out as ``<b>``. Escaped once here and once by the partial, it is decoded once by
    md_in_html and the browser reads the text exactly (tests/test_hostile.py checks the attribute)."""
    return html.escape(str(value), quote=True)


# --- Python-Markdown (the site's pages) -------------------------------------------------------------------------

# Characters Python-Markdown, its extensions (tables, attr_list, abbr, footnotes, pymdownx) or Jinja could
# treat as syntax anywhere in a line. Each becomes a numeric character reference, which Markdown passes
# through untouched and the browser shows as the character itself.
_ACTIVE = set("\\`*_[](){}!|#~^=:$%<>&\"'")
_MD_ESCAPES = {**{ord(ch): f"&#{ord(ch)};" for ch in _ACTIVE}, ord("\n"): "<br>", ord("\t"): "&#9;"}
_LINE_START = re.compile(r"^(\s*)(?:([-+>])|(\d+)([.)])(?=\s|$))")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


def line_breaks(value) -> str:
    """Every line-break form (CR LF, CR, NEL, LS, PS, VT, FF) as '\\n'."""
    return _LINE_BREAKS.sub("\n", str(value))


def md_text(value) -> str:
    """Data text -> Markdown that displays exactly that text, whatever it holds."""
    s = line_breaks(value).translate(_MD_ESCAPES)
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


_DOCS_TARGET = re.compile(r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*[a-z0-9]+(?:-[a-z0-9]+)*\.md(?:#[a-z0-9]+(?:-{1,2}[a-z0-9]+)*)?$"
                          r"|^#[a-z0-9]+(?:-{1,2}[a-z0-9]+)*$")


def md_link_target(target: str) -> str:
    """A docs path (/approaches/rag.md#x) or an anchor (#x) -> a Markdown link target. Ids are kebab-case, so a
    target holds no Markdown syntax; anything else is refused (external URLs go through md_external_link)."""
    if not _DOCS_TARGET.match(target):
        raise ValueError(f"not a docs path: {target!r}")
    return target


def md_external_link(text: str, url: str) -> str:
    """An external link inside Markdown: an <a> element from the link.html partial, its href from the validated
    URL (never Markdown link syntax, whose target a URL could end), its text escaped for Markdown (the text
    between inline HTML tags is still Markdown). A '|' could not split a table cell: it is refused in URLs and
    percent-encoded if it came."""
    from markupsafe import Markup

    from . import snippets
    return snippets.render("link.html", href=checked_url(url), text=Markup(md_text(text)))


# --- GFM Markdown (the Markdown export) -------------------------------------------------------------------------

# Characters that can start inline syntax in a GFM table cell or paragraph: emphasis, code, links and images,
# raw HTML and entities, the cell separator, strikethrough, and GitHub's math. Backslash-escaped
# (CommonMark allows it for any ASCII punctuation), they parse back to exactly themselves.
_GFM_PUNCT = re.compile(r"([\\`*_\[\]<>|!~&$])")


def gfm_text(text: str) -> str:
    """Text -> GFM inline Markdown whose parsed text is exactly the original (line breaks become <br>)."""
    return "<br>".join(_GFM_PUNCT.sub(r"\\\1", line) for line in line_breaks(text).split("\n"))


_GFM_URL_ESCAPE = re.compile(r"([\\()<>|&\[\]`*_{}~!$])")


def gfm_link_target(url: str) -> str:
    """A validated URL -> a GFM link destination that parses back to exactly that URL: the characters that could
    end the destination, split a table cell or start an entity are backslash-escaped (CommonMark reads
    backslash escapes in destinations)."""
    return _GFM_URL_ESCAPE.sub(r"\\\1", checked_url(url))


# --- CSV ------------------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def csv_cell(text: str) -> str:
    """Text -> a CSV field value that no spreadsheet runs as a formula (OWASP: a cell beginning with = + - @,
    tab or carriage return gets a leading apostrophe; '|' and '%' too, for DDE and older Excel). The writer
    quotes every field, so commas, quotes and line breaks stay inside the cell."""
    text = str(text)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_text(text: str) -> str:
    """The original text of a CSV cell written by csv_cell (the reader's side, used by the tests)."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1:].startswith(_FORMULA_START) else text


# --- MediaWiki --------------------------------------------------------------------------------------------------

def wiki_text(text: str) -> str:
    """Text -> wikitext showing exactly that text: each line inside <nowiki>, where only '<' and '&' need care
    (written as references, which MediaWiki shows as the characters); line breaks become <br />."""
    lines = [line.replace("&", "&amp;").replace("<", "&lt;")
             for line in line_breaks(text).split("\n")]
    return "<br />".join(f"<nowiki>{line}</nowiki>" if line else "" for line in lines)


# In an external link's URL MediaWiki still reads '' (bold and italic), __WORDS__ (magic words), ~~~ (signatures),
# character references and template or link brackets. Percent-encoded, none of these forms can appear; '_' and '~'
# are unreserved (RFC 3986 2.3: encoding them changes nothing), "'" and ';' are sub-delims that servers decode.
_WIKI_URL = re.compile(r"['_~;\[\]{}|<>\"]")


def wiki_url(url: str) -> str:
    """A validated URL -> the URL of a wikitext external link [url label]."""
    return _WIKI_URL.sub(lambda m: _percent(m.group()), checked_url(url))


# --- XHTML (Confluence storage format) ----------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_checked(text: str) -> str:
    text = line_breaks(text)
    bad = _NOT_XML.search(text)
    if bad:
        raise ValueError(f"U+{ord(bad.group()):04X} cannot appear in XML (the loader refuses control characters)")
    return text


def xhtml_text(text: str) -> str:
    """Text -> XHTML element text, always well-formed; line breaks become <br />."""
    return "<br />".join(html.escape(line, quote=True) for line in _xml_checked(text).split("\n"))


def xhtml_attr(text: str) -> str:
    return html.escape(_xml_checked(text).replace("\n", " "), quote=True)
