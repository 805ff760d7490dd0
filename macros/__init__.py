"""mkdocs-macros entry point: registers the renderers as macros. Glue only; the work is in the modules."""
from __future__ import annotations


def define_env(env):
    from mkdocs.exceptions import PluginError

    from . import markup, render
    from .errors import DataValidationError
    from .loader import load_or_raise

    try:
        atlas = load_or_raise()
    except DataValidationError as exc:
        raise PluginError(str(exc)) from None
    lang = env.conf["theme"]["language"]
    ctx = render.context(atlas, lang)

    for name in ("approach_list", "dimension_list", "comparison_list", "scenario_list", "pattern_list", "source_list",
                 "headline", "short_answer", "table_index", "matrix", "rating_legend", "decision_tables", "tech_stack", "glossary", "challenges", "guidance"):
        env.macro(lambda _f=getattr(render, name): _f(ctx), name)
    env.macro(lambda ident, table_id=None: render.comparison_table(ctx, ident, table_id), "comparison_table")
    env.macro(lambda *kinds: render.figure_tables(ctx, kinds), "figure_tables")
    # a label in a hand-written page: as Markdown text (t), or as an attribute of an HTML element in a markdown
    # block (t_attr: escaped for md_in_html's extra decoding, then for the attribute)
    env.macro(lambda key: markup.md_text(ctx.t(key)), "t")
    env.macro(lambda key: markup.html_attr(markup.md_in_html_attr(ctx.t(key))), "t_attr")
    env.macro(lambda kind="summary": render.own_text(ctx, kind), "own_text")
    env.macro(lambda: render.results.evidence_index(ctx), "evidence_index")
    from . import changes, compare, history
    env.macro(lambda: compare.compare_page(ctx), "compare")
    env.macro(lambda: changes.changes_page(ctx, history.load()), "changes")
    from . import guide
    env.macro(lambda: guide.guide(ctx, env.conf["site_url"] or ""), "decision_guide")
    env.variables["atlas_counts"] = {k: len(atlas.kind(k)) for k in
                                     ("sources", "approaches", "dimensions", "comparisons", "scenarios", "patterns", "glossary", "figures")}
