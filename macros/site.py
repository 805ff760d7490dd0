"""Build the whole site: every language with MkDocs (strict), then the root page that sends readers to one."""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.exceptions import MkDocsException

from . import background, snippets
from .loader import ROOT

LANG_CONFIGS = {"en": "mkdocs.yml", "zh": "mkdocs.zh.yml"}
DEFAULT_LANG = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    config: str


def languages(root: Path = ROOT) -> list[Language]:
    extra = _plain_yaml(root / "mkdocs.yml").get("extra", {})
    names = {item["code"]: item["name"] for item in extra.get("atlas_languages", [])}
    return [Language(code, names[code], cfg) for code, cfg in LANG_CONFIGS.items()]


def _plain_yaml(path: Path) -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def _logging() -> None:
    log = logging.getLogger("mkdocs")
    if not any(getattr(h, "_atlas", False) for h in log.handlers):
        handler = logging.StreamHandler()
        handler._atlas = True
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def build_language(lang: Language, site_dir: Path, root: Path = ROOT, quiet: bool = False) -> float:
    """Build one language into site_dir/<code>; raises on any warning (strict). Returns seconds taken."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _logging()
    if quiet:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    start = time.perf_counter()
    config = load_config(config_file=str(root / lang.config), strict=True, site_dir=str(site_dir / lang.code))
    build(config)
    return time.perf_counter() - start


def write_root(site_dir: Path, root: Path = ROOT) -> None:
    """site/index.html: picks the reader's language, with plain links as the fallback."""
    langs = languages(root)
    base = _plain_yaml(root / "mkdocs.yml")["site_url"].rsplit(f"/{DEFAULT_LANG}/", 1)[0] + "/"
    page = snippets.render(
        "redirect.html",
        title="LLM Adaptation Atlas · LLM 适配图谱",
        description="RAG, fine-tuning, prompting and distillation compared with sources · RAG、微调、提示工程与蒸馏的有据对比",
        default_path=f"{DEFAULT_LANG}/",
        default_url=f"{base}{DEFAULT_LANG}/",
        languages=[{"code": l.code, "name": l.name, "path": f"{l.code}/", "url": f"{base}{l.code}/"} for l in langs],
    )
    (site_dir / "index.html").write_text(page + "\n", encoding="utf-8")
    # For crawlers: every language's sitemap (with its hreflang alternates), from the root of the host.
    sitemaps = [f"{base}{l.code}/sitemap-hreflang.xml" for l in langs]  # sitemap.xml: the same pages, for Material
    (site_dir / "robots.txt").write_text("User-agent: *\nAllow: /\n\n" + "".join(f"Sitemap: {u}\n" for u in sitemaps),
                                         encoding="utf-8")
    (site_dir / "sitemap.xml").write_text(snippets.render("sitemap-index.xml", sitemaps=sitemaps) + "\n", encoding="utf-8")


def source_date_epoch(root: Path = ROOT) -> str | None:
    """The last commit's time, so that two builds of one commit are identical (MkDocs dates the sitemap with
    SOURCE_DATE_EPOCH when it is set). An explicit SOURCE_DATE_EPOCH wins; without git, MkDocs uses the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    value = out.stdout.strip()
    if out.returncode == 0 and value.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = value
        return value
    return None


def build_site(site_dir: Path | None = None, root: Path = ROOT, quiet: bool = False) -> dict:
    site_dir = site_dir or root / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    source_date_epoch(root)
    langs = languages(root)
    times, api = {}, None
    try:
        for lang in langs:
            if lang == langs[-1]:  # the API needs no page: it is written while the last language builds
                api = background.start(lambda: write_api(site_dir, root))
            times[lang.code] = build_language(lang, site_dir, root, quiet)
    except BaseException:
        if api is not None:
            api.cancel()
        raise
    write_root(site_dir, root)
    try:
        api.wait()
    except background.BackgroundError as exc:
        raise MkDocsException(f"writing the API failed:\n{exc}") from None
    return times


def site_urls(root: Path = ROOT) -> dict:
    return {lang.code: _plain_yaml(root / lang.config)["site_url"] for lang in languages(root)}


def write_api(site_dir: Path, root: Path = ROOT) -> None:
    """/api/v1/: the dataset, the table index and the glossary as JSON, with their schema."""
    from . import embeds, history, render
    from .loader import load_or_raise

    atlas = load_or_raise()
    contexts = {lang.code: render.context(atlas, lang.code) for lang in languages(root)}
    embeds.write_api(site_dir, atlas, contexts, site_urls(root), history.load(root))
