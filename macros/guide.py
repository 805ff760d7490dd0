"""The decision guide ("Which approach fits my case?"): the page's data as JSON, and its HTML. Pure functions.

Everything the page knows comes from data/: the questions and their weights (data/questions/), the approaches,
the scenarios that answer the questions (``guide_answers``), the patterns, the sources and the guide's labels
(ui.yaml keys ``guide_*``). ``page_data`` gathers them for one language; the page's script scores them with
overrides/assets/javascripts/guide-score.js, which the tests run on the same ``page_data``. The HTML is the
partial overrides/partials/atlas/guide.html; without JavaScript the page shows the decision tables instead.
"""
from __future__ import annotations

import hashlib
import json

from . import markup, render, snippets, tablespecs
from .model import LANGS, Atlas

PAGE = "guide.md"


def href(docs_path: str) -> str:
    """Docs path -> URL path relative to the language root (approaches/rag.md -> approaches/rag/)."""
    return render.page_url(docs_path)


def data_version(atlas: Atlas) -> dict:
    """The version of the data a result is computed from: the latest `checked` date of the questions, approaches
    and scenarios, and a hash of what the guide shows and scores in every language (same value in both)."""
    core = [_core(atlas, lang, "") for lang in LANGS]
    text = json.dumps(core, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    dates = [r.checked for kind in (atlas.questions, atlas.approaches, atlas.scenarios) for r in kind.values()]
    return {"as_of": max(dates) if dates else "", "hash": hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]}


def page_data(atlas: Atlas, lang: str, site_url: str = "") -> dict:
    """Everything the guide's script needs, in one language, as plain JSON-ready values."""
    data = _core(atlas, lang, site_url)
    ui = {k[len("guide_"):]: v(lang) for k, v in atlas.ui.items() if k.startswith("guide_")}
    data["ui"] = ui
    data["data_version"] = data_version(atlas)
    return data


def _core(atlas: Atlas, lang: str, site_url: str) -> dict:
    t = lambda key: atlas.t(key, lang)  # noqa: E731
    cited: list[str] = []

    def cite(ids) -> list[str]:
        for s in ids:
            if s not in cited:
                cited.append(s)
        return list(ids)

    questions = []
    dims: dict = {}
    for q in atlas.questions.values():
        d = atlas.dimensions[q.dimension]
        dims[q.dimension] = {"name": d.name(lang), "href": href(f"dimensions/{q.dimension}.md")}
        questions.append({
            "id": q.id, "dimension": q.dimension, "text": q.text(lang), "help": q.help(lang),
            "options": [{"id": o.id, "label": o.label(lang), "weights": dict(o.weights), "why": o.why(lang),
                         "sources": cite(o.sources), "patterns": list(o.patterns)} for o in q.options],
        })
    approaches = []
    for a in atlas.approaches.values():
        approaches.append({
            "id": a.id, "name": a.name(lang), "short": a.short_name(lang), "parent": a.parent,
            "combination": a.locus == "both", "href": href(f"approaches/{a.id}.md"),
            "summary": a.summary.text(lang), "summary_sources": cite(a.summary.sources),
            "drawbacks": [{"text": c.text(lang), "sources": cite(c.sources)} for c in a.drawbacks],
        })
    scenarios = [{
        "id": s.id, "title": s.title(lang), "type": s.type, "type_label": t("scenario_" + s.type.replace("-", "_")),
        "domain": s.domain(lang), "chosen": list(s.chosen), "answers": dict(s.guide_answers),
        "href": href(f"scenarios/{s.id}.md"),
    } for s in atlas.scenarios.values() if s.guide_answers]
    patterns = [{
        "id": p.id, "name": p.name(lang), "summary": p.summary.text(lang), "sources": cite(p.summary.sources),
        "approaches": list(p.approaches), "scenarios": list(p.scenarios), "href": href(f"patterns/{p.id}.md"),
    } for p in atlas.patterns.values()]
    sources = {}
    for s in cited:
        src = atlas.sources[s]
        sources[s] = {"label": src.label, "title": src.title(lang), "href": href(f"sources/{s}.md"), "url": src.url}
    return {
        "version": 1, "lang": lang, "site_url": site_url, "page": href(PAGE), "title": t("nav_guide"),
        "questions": questions, "dimensions": dims, "approaches": approaches,
        "scenarios": scenarios, "patterns": patterns, "sources": sources,
    }


def script_json(data: dict) -> str:
    """JSON safe inside <script>: '<', '>' and '&' are written as \\u escapes, so no text can end the element.
    The payload is a one-element array, so that if Material's instant navigation re-inserts the content's scripts
    without their type (it copies only the text of inline scripts), running it as JavaScript does nothing."""
    text = json.dumps([data], ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def guide(ctx: render.Ctx, site_url: str = "") -> str:
    """The guide page's body: the interactive guide (hidden until its script runs) and, for readers without
    JavaScript, the decision tables."""
    data = page_data(ctx.atlas, ctx.lang, site_url)
    html = snippets.render("guide.html", data=data, json=script_json(data), ui=data["ui"])
    return f"{html}\n\n<div class=\"atlas-guide-fallback\" data-atlas-guide-fallback=\"\" data-search-exclude=\"\" markdown>\n\n{fallback(ctx)}\n</div>\n"


def fallback(ctx: render.Ctx) -> str:
    """The decision tables, as on the Decision tables page (render.decision_tables), but with their group headings
    written as HTML: Markdown headings would enter the page's table of contents, and Material's anchor tracking would
    then write a hidden heading's anchor into the address that the guide shares. They stay headings for assistive
    technology (role="heading")."""
    parts = []
    for group in tablespecs.GROUPS:
        table = render.framed(ctx, f"decisions-{group}")
        if table:
            label = markup.html_text(ctx.t("group_" + group))
            parts.append(f'<p class="atlas-guide-fallback__group" role="heading" aria-level="2">{label}</p>\n\n{table}')
    return "\n\n".join(parts)
