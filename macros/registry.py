"""Published tables keep working: the committed registry (published/tables.yaml) lists every table id ever
published with the page it stood on; published/redirects.yaml names the successor of any table or page that
was renamed, and the new anchor of any statement that was reworded (claims: old anchor -> new anchor). The build writes redirect pages (and copies of exports) for them; ``problems`` says what would
break.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .loader import ROOT
from .tables import EXPORT_FORMATS

REGISTRY = ROOT / "published" / "tables.yaml"
REDIRECTS = ROOT / "published" / "redirects.yaml"


@dataclass(frozen=True)
class Registry:
    tables: dict = field(default_factory=dict)  # table id -> page URL (relative to the language root)
    table_redirects: dict = field(default_factory=dict)  # old table id -> new table id
    page_redirects: dict = field(default_factory=dict)  # old page URL -> new page URL
    claim_redirects: dict = field(default_factory=dict)  # old statement anchor -> new one (a reworded statement)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML has it: read on every build


def load(registry: Path = REGISTRY, redirects: Path = REDIRECTS) -> Registry:
    reg = yaml.load(registry.read_text(encoding="utf-8"), Loader=_LOADER) if registry.exists() else {}
    red = yaml.load(redirects.read_text(encoding="utf-8"), Loader=_LOADER) if redirects.exists() else {}
    claims = (red or {}).get("claims") or {}
    bad = [f"{k}: {v}" for k, v in claims.items() if not (_ANCHOR.fullmatch(str(k)) and _ANCHOR.fullmatch(str(v)))]
    if bad:
        raise ValueError(f"{redirects.name}: claims: {'; '.join(bad)}: expected old anchor: new anchor, each 'c-' and "
                         "8 hex digits (macros/text.claim_anchor of the statement's English text, before and after)")
    return Registry((reg or {}).get("tables") or {}, (red or {}).get("tables") or {}, (red or {}).get("pages") or {},
                    claims)


_ANCHOR = re.compile(r"c-[0-9a-f]{8}")


def dump(tables: dict) -> str:
    lines = ["# Every table ever published: id -> the page it stands on (relative to /<lang>/).",
             "# An id listed here must keep resolving; if a table is renamed or removed, declare its successor",
             "# in published/redirects.yaml. Add new tables with `make registry`; never delete a line.",
             "tables:"]
    lines += [f"  {tid}: {page!r}" if page == "" else f"  {tid}: {page}" for tid, page in tables.items()]
    return "\n".join(lines) + "\n"


def merged(reg: Registry, current: dict) -> dict:
    """The registry after publishing the current tables: old entries stay, new ones are added."""
    out = dict(reg.tables)
    for tid, page in current.items():
        out.setdefault(tid, page)
    return out


def _redirect_html(target: str) -> str:
    from . import snippets

    return snippets.render("redirect-page.html", target=target) + "\n"


def write_redirects(site_dir: Path, reg: Registry, current: dict) -> int:
    """For each declared redirect: the old table page, embed and exports, and old entity pages, keep working."""
    n = 0
    for old, new in reg.table_redirects.items():
        if new not in current:
            continue
        for sub in ("tables", "embed"):
            page = site_dir / sub / old / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(_redirect_html(f"../{new}/"), encoding="utf-8")
            n += 1
        for fmt in EXPORT_FORMATS:
            src = site_dir / "tables" / f"{new}.{fmt}"
            if src.exists():
                shutil.copyfile(src, site_dir / "tables" / f"{old}.{fmt}")
                n += 1
    for old, new in reg.page_redirects.items():
        page = site_dir / old.strip("/") / "index.html"
        if page.exists():
            continue
        depth = len([p for p in old.strip("/").split("/") if p])
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(_redirect_html("../" * depth + new.lstrip("/")), encoding="utf-8")
        n += 1
    return n


def problems(site_lang_dir: Path, reg: Registry, current: dict) -> list[str]:
    """What a published URL would no longer resolve to, in one built language."""
    from html.parser import HTMLParser

    def ids(page: Path) -> set:
        found: set = set()

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                for k, v in attrs:
                    if k == "id":
                        found.add(v)

        P().feed(page.read_text(encoding="utf-8"))
        return found

    out = []
    for tid, page in reg.tables.items():
        target = tid
        if tid not in current:
            target = reg.table_redirects.get(tid)
            if target is None:
                out.append(f"table '{tid}' was published but no longer exists; declare its successor in published/redirects.yaml")
                continue
            if target not in current:
                out.append(f"table '{tid}' redirects to '{target}', which does not exist")
                continue
        needed = [site_lang_dir / "tables" / tid / "index.html", site_lang_dir / "embed" / tid / "index.html"]
        needed += [site_lang_dir / "tables" / f"{tid}.{fmt}" for fmt in EXPORT_FORMATS]
        out += [f"table '{tid}': {p.relative_to(site_lang_dir)} is missing" for p in needed if not p.exists()]
        if tid in current:
            where = reg.page_redirects.get(page, page)  # a declared page redirect carries the anchor along
            target_page = site_lang_dir / where / "index.html"
            if not target_page.exists():
                out.append(f"table '{tid}': page '{page}' no longer exists; declare a page redirect in published/redirects.yaml")
            elif tid not in ids(target_page):
                out.append(f"table '{tid}' is no longer on page '{where}' (anchor #{tid} is gone); move it back or redirect the page")
    return [p for p in out if p]
