"""Warm rebuilds for `make serve`: a language's build process stays alive between saves, and MkDocs' per-page
work is memoised on everything it depends on, so that a save re-renders only the pages whose input changed.

The build is MkDocs' own (mkdocs.commands.build.build, every plugin and hook); two of its steps are wrapped:
  - reading a page (_populate_page): after the page's Markdown is known (front matter read, macros rendered),
    its HTML, table of contents, title and anchors are taken from the memo when the Markdown, the front matter,
    the site's file list and the glossary (tooltips) are the same as when they were made;
  - writing a page (_build_page): the finished HTML, and the search-index entries the page gives, are taken from
    the memo when the page's HTML, table of contents and front matter, the whole navigation (titles and
    addresses), the templates (overrides/ and the theme) and the configuration are the same.
  - reading a data file (the loader's read_yaml): parsed once per content;
  - a table's embed and exports (written beside the pages), taken from the memo when the table, the sources'
    labels, the interface strings, its facets and the templates are the same. They are written in place, not in
    a forked process (macros/background.py), so that the memo stays in this process: under `make serve` both
    cores already build a language each.
A memo hit gives the very bytes that rendering would give (tests/test_serve.py proves it: after a series of
edits, the warm site equals a full build, file for file). Everything else (the atlas, the generated pages'
Markdown, the search index file, the sitemap, static files) is made again on every build.
`python -m macros.cli build` never imports this module.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from .loader import ROOT

_memo_read: dict = {}
_memo_write: dict = {}
_per_build: dict = {}
stats = {"read_hits": 0, "read_misses": 0, "write_hits": 0, "write_misses": 0}


def _digest(*parts) -> str:
    h = hashlib.blake2b(digest_size=20)
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _files_sig(files) -> str:
    key = ("files", id(files))
    if key not in _per_build:
        _per_build[key] = _digest(*sorted(f"{f.src_uri}|{f.dest_uri}|{f.url}" for f in files))
    return _per_build[key]


def _glossary_sig() -> str:
    """The glossary gives the tooltips that on_page_content adds (the atlas of this build: loaded in on_config)."""
    if "glossary" not in _per_build:
        from .loader import load_or_raise

        _per_build["glossary"] = _digest(repr(load_or_raise().glossary))
    return _per_build["glossary"]


def _toc_sig(toc) -> str:
    def walk(items):
        return [(i.title, i.id, i.level, walk(i.children)) for i in items]
    return repr(walk(toc or []))


def _nav_sig(nav) -> str:
    key = ("nav", id(nav))
    if key not in _per_build:
        def walk(items):
            return [(type(i).__name__, i.title, getattr(i, "url", None), getattr(getattr(i, "file", None), "src_uri", None),
                     walk(getattr(i, "children", None) or [])) for i in items]
        _per_build[key] = _digest(repr(walk(nav.items)))
    return _per_build[key]


def _tree_sig(*dirs, skip=()) -> str:
    parts = []
    for d in dirs:
        for p in sorted(Path(d).rglob("*")):
            if p.is_file() and not any(p.is_relative_to(Path(d) / s) for s in skip):
                parts.append(f"{p}|{p.read_bytes().hex() if p.stat().st_size < 65536 else p.stat().st_mtime_ns}")
    return _digest(*parts)


def _partials_sig() -> str:
    """The partials the renderers and the tooltips write into page content (overrides/partials/atlas/)."""
    if "partials" not in _per_build:
        from .snippets import PARTIALS

        _per_build["partials"] = _tree_sig(PARTIALS)
    return _per_build["partials"]


def _templates_sig(config) -> str:
    key = ("templates", id(config))
    if key not in _per_build:
        # the project's templates (overrides/) as they are now; the theme's own files change only with its version
        from importlib.metadata import version

        custom = config.theme.custom_dir
        # (its static files, assets/, are copied on every build and are not read by the templates; its
        # partials/atlas/ are the renderers', in the page content already)
        _per_build[key] = _digest(_tree_sig(custom, skip=("assets", "partials/atlas")) if custom else "",
                                  version("mkdocs-material"), config.config_file_path and Path(config.config_file_path).read_bytes(),
                                  (ROOT / "mkdocs.yml").read_bytes())
    return _per_build[key]


def inputs_sig(root: Path = ROOT) -> str:
    """Everything outside the code that the root page and the API are made from: the data, the schemas, the
    partials (the root page's), the commit (the history) and the configurations."""
    from . import history
    from .loader import data_dir_default

    return _digest(_tree_sig(data_dir_default(root), root / "schemas", root / "overrides" / "partials" / "atlas"),
                   history._git(root, "rev-parse", "HEAD") or "", (root / "mkdocs.yml").read_bytes(),
                   (root / "mkdocs.zh.yml").read_bytes() if (root / "mkdocs.zh.yml").exists() else b"")


def _memo_table_files() -> None:
    """A table's embed and exports (embeds.table_files): kept while everything they are made from is the same,
    so that a save re-makes only the tables it changed."""
    from . import background, embeds

    background.can_fork = lambda: False  # in place: a forked child's memo would be lost with it
    original = embeds.table_files
    memo: dict = {}

    def table_files(ctx, table, site_name, site_url, ectx):
        shared = ("table files", id(ectx))
        if shared not in _per_build:  # the same for every table of the build
            _per_build[shared] = _digest(ctx.lang, site_name, site_url, repr(ectx), repr(ctx.atlas.ui),
                                         _embed_template_sig())
        key = _digest(_per_build[shared], repr(table), repr(embeds._facets(ctx, table.id)))
        files = memo.get(key)
        if files is None:
            files = memo[key] = original(ctx, table, site_name, site_url, ectx)
        return files

    embeds.table_files = table_files


def _memo_results_tables() -> None:
    """The tables of what studies measured (results.all_tables, most of the time of making a language's tables):
    kept while what they are made from is the same: the results and the comparisons, the interface's words, and of
    the sources, approaches and dimensions only what these tables show of them (labels, names, an approach's
    parent), which results.py reads of them. A save of a page or of most data files does not touch them."""
    from . import results

    original = results.all_tables
    memo: dict = {}

    def all_tables(atlas, lang, t):
        key = _digest(lang, repr(atlas.results), repr(atlas.comparisons), repr(atlas.ui),
                      repr([(i, s.label) for i, s in atlas.sources.items()]),
                      repr([(i, a.name(lang), a.short_name(lang), a.parent) for i, a in atlas.approaches.items()]),
                      repr([(i, d.name(lang)) for i, d in atlas.dimensions.items()]))
        if key not in memo:
            memo.clear()  # one language per process: the last one is all a save can reuse
            memo[key] = original(atlas, lang, t)
        return list(memo[key])

    results.all_tables = all_tables  # tablespecs.all_tables calls it through the module


def _embed_template_sig() -> str:
    """The embed's template (overrides/embed.html, which holds its styles and includes nothing)."""
    if "embed template" not in _per_build:
        _per_build["embed template"] = _digest((ROOT / "overrides" / "embed.html").read_bytes())
    return _per_build["embed template"]


def _meta(page) -> str:
    return json.dumps(page.meta, sort_keys=True, default=repr, ensure_ascii=False)


class _Warnings(logging.Handler):
    """Counts MkDocs' warnings: a page whose making warned (a broken link) is never memoised, so that it warns,
    and fails the strict build, every time."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


def install() -> None:
    """Wrap MkDocs' page steps with the memo (once per process)."""
    from mkdocs.commands import build as mkbuild

    if getattr(mkbuild, "_atlas_warm", False):
        return
    warned = _Warnings()
    logging.getLogger("mkdocs").addHandler(warned)
    _memo_yaml_reads()
    _memo_table_files()
    _memo_results_tables()
    original_render = mkbuild.Page.render

    def populate(page, config, files, dirty=False):
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            key = _digest(page.file.src_uri, page.markdown, _meta(page), _files_sig(files), _glossary_sig(), _partials_sig(),
                          config.theme["language"])
            hit = _memo_read.get(key)
            if hit is not None:
                stats["read_hits"] += 1
                content, toc, title, anchors, links, meta = hit
                page.content, page.toc, page._title_from_render = content, toc, title
                page.present_anchor_ids = set(anchors)
                page.links_to_anchors = {files.get_file_from_path(uri): dict(v) for uri, v in links.items()} \
                    if links is not None else None
                page.meta.clear()
                page.meta.update(json.loads(meta))
                return
            stats["read_misses"] += 1
            before = warned.count
            original_render(page, config, files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            if warned.count != before:
                return
            links = getattr(page, "links_to_anchors", None)
            _memo_read[key] = (page.content, page.toc, page._title_from_render, frozenset(page.present_anchor_ids or ()),
                               None if links is None else {f.src_uri: dict(v) for f, v in links.items()}, _meta(page))
        except Exception as e:
            mkbuild.log.error(f"Error reading page '{page.file.src_uri}': {e}")
            raise
        finally:
            config._current_page = None

    original_build_page = mkbuild._build_page

    def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        key = _digest(page.file.src_uri, page.url, page.content, _toc_sig(page.toc), _meta(page), page.title,
                      _nav_sig(nav), _templates_sig(config), excluded, page.file.dest_uri)
        hit = _memo_write.get(key)
        if hit is not None and index is not None:
            stats["write_hits"] += 1
            output, content, entries = hit
            index.entries.extend(json.loads(entries))
            page.content = content
            Path(page.file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
            Path(page.file.abs_dest_path).write_bytes(output)
            return
        stats["write_misses"] += 1
        before, warnings_before = (len(index.entries) if index is not None else 0), warned.count
        original_build_page(page, config, doc_files, nav, env, dirty, excluded)
        if index is not None and warned.count == warnings_before:
            dest = Path(page.file.abs_dest_path)
            output = dest.read_bytes() if dest.exists() else b""
            _memo_write[key] = (output, page.content, json.dumps(index.entries[before:]))

    # the templates compiled once per process, not once per build: Jinja's bytecode cache, keyed by each template's
    # name and source checksum (a changed template is compiled again)
    from jinja2 import BytecodeCache
    from mkdocs.theme import Theme

    class MemoryBytecode(BytecodeCache):
        def __init__(self):
            self.store = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.store:
                bucket.bytecode_from_string(self.store[bucket.key])

        def dump_bytecode(self, bucket):
            self.store[bucket.key] = bucket.bytecode_to_string()

    bytecode = MemoryBytecode()
    original_env = Theme.get_env

    def get_env(self):
        env = original_env(self)
        env.bytecode_cache = bytecode
        return env

    Theme.get_env = get_env
    mkbuild._populate_page = populate
    mkbuild._build_page = build_page
    mkbuild._atlas_warm = True


def _memo_yaml_reads() -> None:
    """A data file read (parsed, its traps found) once per content: the loader checks every file again on every
    build, but parses only the files that changed. The document's values and positions are shared (nothing
    changes them after reading); its errors are a fresh list each time, as the checks add to it."""
    from . import loader
    from .yamlfile import YamlDocument

    read = loader.read_yaml
    memo: dict = {}

    def read_yaml(file, shown_as, raw=None):
        if raw is None:
            raw = Path(file).read_bytes()
        key = (shown_as, raw)
        doc = memo.get(key)
        if doc is None:
            doc = memo[key] = read(file, shown_as, raw)
        return YamlDocument(doc.path, doc.data, doc.positions, list(doc.errors))

    loader.read_yaml = read_yaml


def new_build() -> None:
    """Forget what was computed for the previous build (signatures); the memos stay."""
    _per_build.clear()
    for k in stats:
        stats[k] = 0
