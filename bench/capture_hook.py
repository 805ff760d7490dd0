"""MkDocs hook used only by the build benchmark: writes every page's Markdown as it stands after the macros have
run (front matter included) and the navigation after it is expanded from data, into $ATLAS_BENCH_CAPTURE. From
them bench/build.py makes the baseline: the same pages as plain Markdown, built without the data layer."""
from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.plugins import event_priority


def _out() -> Path:
    return Path(os.environ["ATLAS_BENCH_CAPTURE"])


@event_priority(-100)  # after the data layer's own hooks
def on_config(config):
    _out().mkdir(parents=True, exist_ok=True)
    (_out() / "nav.json").write_text(json.dumps(config["nav"], ensure_ascii=False), encoding="utf-8")
    return config


@event_priority(-100)  # after mkdocs-macros has expanded the page (generated pages carry their description in their front matter)
def on_page_markdown(markdown, page, config, files):
    target = _out() / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = json.dumps(dict(page.meta), ensure_ascii=False)  # JSON is YAML: the front matter, exactly
    target.write_text(f"---\n{meta}\n---\n\n{markdown}", encoding="utf-8")
    return markdown
