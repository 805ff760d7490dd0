"""MkDocs hooks (glue only): a page per entity and per table, the nav from data, glossary tooltips in rendered
pages, and the tables' embeds and exports, written beside the pages while MkDocs renders them."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # hooks are loaded by path, not as a package

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from macros import background, changes, embeds, feeds, history, model, nav, preview, registry, render, search_index, seo, table_labels, tooltips  # noqa: E402
from macros.errors import DataValidationError  # noqa: E402
from macros.loader import load_or_raise  # noqa: E402


_build: dict = {}  # the atlas of the build under way: loaded (or found unchanged) once per build, not per page


def _atlas(fresh: bool = False):
    if fresh or "atlas" not in _build:
        try:
            _build["atlas"] = load_or_raise()
        except DataValidationError as exc:
            raise PluginError(str(exc)) from None
    return _build["atlas"]


def on_config(config):
    atlas = _atlas(fresh=True)
    from macros import render

    problems = render.claim_redirect_errors(atlas)  # reworded statements' anchors (published/redirects.yaml)
    if problems:
        raise PluginError("\n".join(problems))
    config["nav"] = nav.expand(config["nav"], atlas, config["theme"]["language"])
    config["markdown_extensions"].append(table_labels.TableLabels())  # column headings on cells; Material's table boxes
    return config


# Characters that JSON leaves as they are but YAML does not read as themselves in a quoted string: C1 controls
# (YAML refuses them), the line and paragraph separators (line breaks to YAML), and the non-characters.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _generated(config, src: str, body: str, **meta) -> File:
    """A page made from the data: its front matter (below) and the Markdown the renderers wrote. It tells
    mkdocs-macros not to render it as a template (a page of one macro call cost a Jinja compilation each, about
    800 per build; bench/), and carries its description from the data, as a hand-written page does."""
    return File.generated(config, src, content=front_matter(render_macros=False, **meta) + f"\n{body}\n")


def front_matter(**meta) -> str:
    """YAML front matter written as JSON (which is YAML, once _YAML_UNSAFE is escaped), ten times faster than
    yaml.safe_dump; empty values are left out."""
    front = json.dumps({k: v for k, v in meta.items() if v or v is False}, ensure_ascii=False)
    return "---\n" + _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", front) + "\n---\n"


def on_files(files, config):
    atlas = _atlas()
    lang = config["theme"]["language"]
    ctx = render.context(atlas, lang)
    only = preview.only()  # `make serve` building the reader's page first: the other pages' files, not their text
    for kind in model.KINDS:
        if not kind.page_dir:
            continue
        for ident in atlas.kind(kind.folder):
            src = f"{kind.page_dir}/{ident}.md"
            if files.get_file_from_path(src) is None:
                if _elsewhere(only, src):
                    files.append(File.generated(config, src, content=""))
                    continue
                files.append(_generated(config, src, render.entity_page(ctx, kind.folder, ident),
                                        description=seo.entity_description(atlas, kind.folder, ident, lang),
                                        tags=seo.search_names(atlas, kind.folder, ident)))
    # A table's own page repeats a table that search already finds where it stands: keep it out of the index.
    hist = history.load()
    for table_id, table in ctx.tables.items():
        src = f"tables/{table_id}.md"
        if _elsewhere(only, src):
            files.append(File.generated(config, src, content=""))
            continue
        files.append(_generated(config, src,
                                render.table_page(ctx, table_id) + "\n" + changes.versions_section(ctx, hist, table) + "\n",
                                search={"exclude": True}, description=seo.table_description(atlas, table, lang)))
    _build["freshness"] = _freshness_map(ctx, hist)
    _build["history available"] = hist.available  # read per page below: history.load() asks git each time
    if only is not None:
        return files  # a preview writes its page alone
    # The embeds and exports need the tables, not the pages: they are written while MkDocs renders the pages
    # (MkDocs has emptied site_dir by now; on_post_build waits for them).
    _build["table files"] = background.start(lambda: embeds.write_table_files(
        Path(config["site_dir"]), ctx, config["site_url"], config["site_name"])
        + feeds.write_feeds(Path(config["site_dir"]), ctx, hist, config["site_url"], config["site_name"]))
    return files


def _elsewhere(only, src: str) -> bool:
    """Within a preview (`only`: the page's possible sources), whether `src` is another page, whose file the
    navigation needs but whose text it does not."""
    return only is not None and src not in only


def _freshness_map(ctx, hist) -> dict:
    """docs path -> (newest 'checked' date shown there, or '' where the page prints its own; date of its last
    change): every page that shows data."""
    pages, tables = hist.last_changed(ctx.lang) if hist.available else ({}, {})
    out: dict = {}
    for t in ctx.tables.values():
        checked, _ = out.get(t.page, ("", None))
        url = render.page_url(t.page)
        out[t.page] = (max(checked, t.checked), pages.get(url) or pages.get(url or "(home)"))
        out[f"tables/{t.id}.md"] = ("", tables.get(t.id))
    for kind in model.KINDS:
        if kind.page_dir:
            for ident in ctx.atlas.kind(kind.folder):
                out[f"{kind.page_dir}/{ident}.md"] = ("", pages.get(f"{kind.page_dir}/{ident}/"))
    return out


def on_page_markdown(markdown, page, config, files):
    """Each page that shows data ends with when it was last checked and last changed (macros/changes.py)."""
    fresh = _build.get("freshness", {}).get(page.file.src_uri)
    if fresh is None:
        return markdown
    line = changes.freshness(render.context(_atlas(), config["theme"]["language"]), fresh[0], fresh[1],
                             _build["history available"])
    return markdown + "\n\n" + line + "\n" if line else markdown


def on_page_content(html, page, config, files):
    # MkDocs gives the first heading as an HTML-safe title, but Material prints <title> through `striptags`,
    # which decodes entities (a '<' from data would come back as markup). Pinning the title in page.meta
    # makes every template print it as it is: escaped once.
    if "title" not in page.meta and page.title:
        page.meta["title"] = page.title
    if not tooltips.wanted(page.file.src_uri):
        return html
    return tooltips.annotate(html, tooltips.matcher(_atlas(), config["theme"]["language"]))


def on_post_build(config):
    """Each table's embed page and exports are written; then the redirects (which copy exports, and give way to
    any page MkDocs wrote at an old address); the search index is split for the search worker (hooks run after
    the plugins, so the search plugin has written it)."""
    try:
        _build.pop("table files").wait()
    except background.BackgroundError as exc:
        raise PluginError(f"writing the tables' embeds and exports failed:\n{exc}") from None
    ctx = render.context(_atlas(), config["theme"]["language"])
    registry.write_redirects(Path(config["site_dir"]), registry.load(), {t.id: t.page for t in ctx.tables.values()})
    search_index.split_in_place(Path(config["site_dir"]), seo.glossary_search_names(ctx.atlas))


def on_build_error(error):
    job = _build.pop("table files", None)
    if job is not None:
        job.cancel()
