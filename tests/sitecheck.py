"""Checks over a built site's files: internal links and anchors resolve, nothing loads from the network; and the
text of an exported wiki table as a wiki shows it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import mwparserfromhell


@dataclass
class PageInfo:
    ids: set = field(default_factory=set)
    links: list = field(default_factory=list)  # (attribute, value)
    resources: list = field(default_factory=list)  # URLs the page would load
    lang: str | None = None
    meta: dict = field(default_factory=dict)
    link_rels: list = field(default_factory=list)  # (rel, href, hreflang)


class _Parser(HTMLParser):
    def __init__(self, info: PageInfo):
        super().__init__(convert_charrefs=True)
        self.info = info

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.info.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.info.ids.add(a["name"])
        if tag == "html":
            self.info.lang = a.get("lang")
        if tag == "a" and a.get("href") is not None:
            self.info.links.append(a["href"])
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.info.meta[a.get("name") or a.get("property")] = a.get("content", "")
        if tag == "link":
            rel = (a.get("rel") or "").lower()
            self.info.link_rels.append((rel, a.get("href"), a.get("hreflang")))
            if any(r in rel.split() for r in ("stylesheet", "preload", "icon", "modulepreload", "manifest", "prefetch")):
                self.info.resources.append(a.get("href"))
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.info.resources.append(a["src"])
        if tag == "object" and a.get("data"):
            self.info.resources.append(a["data"])


def parse(path: Path) -> PageInfo:
    info = PageInfo()
    _Parser(info).feed(path.read_text(encoding="utf-8"))
    return info


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def is_remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url or "", re.I))


def resolve(page: Path, href: str, site: Path) -> tuple[Path | None, str]:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page, unquote(parts.fragment)
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path.lstrip("/"))).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    pages = {p.resolve(): parse(p) for p in html_files(site)}
    problems = []
    for page, info in pages.items():
        for href in info.links:
            if href.startswith(("mailto:", "javascript:", "data:")):
                if href.startswith(("javascript:", "data:")):
                    problems.append(f"{page.relative_to(site)}: unsafe link {href[:60]}")
                continue
            target, fragment = resolve(page, href, site)
            if target is None:
                continue
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: broken link {href}")
                continue
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    problems.append(f"{page.relative_to(site)}: missing anchor {href}")
    return problems


def remote_resources(site: Path) -> list[str]:
    found = []
    for page in html_files(site):
        for url in parse(page).resources:
            if is_remote(url):
                found.append(f"{page.relative_to(site)}: {url}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            if is_remote(url):
                found.append(f"{css.relative_to(site)}: {url}")
    return found


def wiki_text(wikicode) -> str:
    """Text of parsed wikitext as a reader sees it (nowiki contents literal, <br /> a line break), failing on any
    markup outside nowiki: a template, wikilink, comment, entity, other tag, or text that wiki syntax would read."""
    out = ""
    for n in wikicode.nodes:
        if isinstance(n, mwparserfromhell.nodes.Tag) and n.tag == "nowiki":
            out += str(n.contents).replace("&lt;", "<").replace("&amp;", "&")
        elif isinstance(n, mwparserfromhell.nodes.Tag) and n.tag == "br":
            out += "\n"
        elif isinstance(n, mwparserfromhell.nodes.ExternalLink):
            out += wiki_text(n.title)
        elif isinstance(n, mwparserfromhell.nodes.Text):
            assert not re.search(r"''|__[A-Z]+__|~~~|\{\{|\[\[|^[=*#:;-]", str(n)), str(n)
            out += str(n)
        else:  # a template, wikilink, comment, entity or other tag: markup that came from data
            raise AssertionError(f"wikitext node {type(n).__name__}: {str(n)[:80]!r}")
    return out
